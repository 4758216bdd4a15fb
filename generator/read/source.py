"""YAML file → plain values (dicts, lists, strings, None) + the source position of every value.

Deliberately stricter than PyYAML: every scalar stays a string (no `no` → False, no
`2021-02-05` → date; the model decides types), duplicate keys and aliases are refused,
and every problem is reported with its line and column.
"""
from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.cache import stored
from generator.errors import InputError, Location, Problem, relative
from generator.files import write_atomic
from generator.i18n import N_, _, number
from generator.read.vietnamese import (
    control_character,
    legacy_encoding,
    legacy_runs,
    legacy_to_unicode,
    modern_tone_placement,
    tidy,
)
from generator.yaml_loaders import safe_loader, yaml_identity

if TYPE_CHECKING:
    import yaml
    from yaml.nodes import Node

MAX_BYTES = 1_000_000
NULL_WORDS = {"", "~", "null", "Null", "NULL"}
# Tags an editor may write by accident; anything else (e.g. !!python/object) is refused.
PLAIN_TAGS = {
    "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null", "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq",
}


@dataclass
class Loaded:
    """The data of one YAML file, where each value came from, and what was tidied on the way."""

    file: str
    data: Any
    positions: dict[tuple[str | int, ...], tuple[int | None, int | None]] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)

    def location(self, path: tuple[str | int, ...]) -> Location:
        """The location of `path`, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path not in self.positions and path:
            path = path[:-1]
        line, column = self.positions.get(path, (None, None))
        return Location(self.file, line, column)


def load_yaml(path: Path, fix: bool = False, tidy_text: bool = True, dry_run: bool = False) -> Loaded:
    """Read and parse a YAML file; raise InputError with every problem found.

    `fix`: Tabs in indentation become two spaces, and the stretches of text typed in a legacy
    Vietnamese encoding (TCVN3, VNI) are converted to Unicode, in the file itself; nothing else of
    it changes (comments, order, layout, every other character), each change reported as a
    warning; then the file is read. With `dry_run`
    the changes are reported and the converted text is read, but the file is not written.
    `tidy_text`: values are tidied to the house style (with a warning each); when False they are
    kept as typed and the warning only suggests the change.
    """
    name = relative(path)
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise InputError(Problem(_("không đọc được tệp: {reason}", reason=e.strerror), Location(name))) from e
    check_size(len(raw), name)
    text = _decode(raw, name)
    changes: list[Problem] = []
    if fix:
        untabbed = without_indentation_tabs(text)
        message = N_("sẽ thay Tab thụt lề bằng dấu cách") if dry_run else N_("đã thay Tab thụt lề bằng dấu cách")
        changes = [Problem(_(message), Location(name, number), level="warning") for number, (before, after)
                   in enumerate(zip(text.split("\n"), untabbed.split("\n")), 1) if before != after]
        fixed, converted, unsure = fix_legacy_text(untabbed)
        message = N_("sẽ chuyển {before} thành {after}") if dry_run else N_("đã chuyển {before} thành {after}")
        changes += [Problem(_(message, before=repr(before), after=repr(after)), Location(name, line), level="warning")
                    for line, before, after in converted]
        changes += [Problem(_("giữ nguyên {word}: không rõ là chữ Unicode hay bảng mã cũ", word=repr(word)),
                            Location(name, line), _("sửa tay nếu cần"), level="warning") for line, word in unsure]
        if fixed != text and not dry_run:
            write_atomic(path, fixed.encode("utf-8"))
        text = fixed
    try:
        loaded = parse_yaml(text, name, tidy_text) if fix else _parsed(text, name, tidy_text)
    except InputError as e:
        e.warnings[:0] = changes
        raise
    loaded.warnings[:0] = changes
    return loaded


def _parsed(text: str, name: str, tidy_text: bool) -> Loaded:
    """parse_yaml's result for a file read before, from the cache folder: a build of files that did not
    change since the last run neither parses them nor imports PyYAML. Kept only for a file read without
    a problem or a warning (a warning's words are in the language of the run that made it), under a
    hash of the text, its name and what reads it (this module, the tidying rules, PyYAML)."""
    key = hashlib.sha256(f"{name}\0{tidy_text}\0{_reader_identity()}\0{text}".encode()).hexdigest()
    return stored("parsed", key, lambda: parse_yaml(text, name, tidy_text), keep=lambda loaded: not loaded.warnings)


@cache
def _reader_identity() -> str:
    from generator.read import vietnamese
    code = Path(__file__).read_bytes() + Path(str(vietnamese.__file__)).read_bytes()
    return hashlib.sha256(code).hexdigest() + yaml_identity()


def check_size(size: int, name: str) -> None:
    """The one limit on a province file's size, for the command line and the workbench alike."""
    if size > MAX_BYTES:
        raise InputError(Problem(_("tệp quá lớn ({size} byte, tối đa {limit})", size=number(size), limit=number(MAX_BYTES)),
                                 Location(name), _("một tệp tỉnh chỉ vài chục nghìn byte; kiểm tra chỗ dán nhầm")))


def fix_legacy_text(text: str) -> tuple[str, list[tuple[int, str, str]], list[tuple[int, str]]]:
    """The text with every stretch typed in TCVN3 or VNI converted to Unicode (a value may mix a
    pasted legacy phrase with Unicode words: only the phrase changes); (line, before, after) for
    each change; (line, word) for each word left as it is because it may be either. Nothing
    outside those stretches changes, not even the normal form."""
    import yaml
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return text, [], []
    stretches: list[tuple[int, int, str]] = []      # (start, end, the stretch in Unicode)
    unsure: list[tuple[int, str]] = []              # (line, word)
    stack = [node] if node is not None else []
    while stack:
        current = stack.pop()
        if current.id == "scalar":
            if legacy_encoding(current.value):
                start = current.start_mark.index
                # The span is raw YAML (quotes, folded lines): stretches are found in it as written.
                for run in legacy_runs(text[start:current.end_mark.index]):
                    stretches.append((start + run.start, start + run.end, modern_tone_placement(run.unicode)))
                    unsure.extend((text.count("\n", 0, start) + 1, word) for word in run.unsure)
        elif current.id == "sequence":
            stack.extend(current.value)
        elif current.id == "mapping":
            stack.extend(value for _, value in current.value)
    changes = []
    for start, end, unicode in sorted(stretches, reverse=True):
        changes.append((text.count("\n", 0, start) + 1, text[start:end], unicode))
        text = text[:start] + unicode + text[end:]
    return text, sorted(changes), sorted(unsure)


def parse_yaml(text: str, name: str, tidy_text: bool = True) -> Loaded:
    """Parse YAML text (already decoded) into a Loaded."""
    import yaml
    text = unicodedata.normalize("NFC", text)
    tab_problems = _indentation_tabs(text, name)
    if tab_problems:
        raise InputError(tab_problems)
    try:
        node = _compose(text)
    except yaml.MarkedYAMLError as e:
        raise InputError(_syntax_problem(e, name)) from e
    except yaml.reader.ReaderError as e:
        line = text[: e.position].count("\n") + 1
        raise InputError(Problem(_("tệp chứa ký tự điều khiển không được phép (mã {code})", code=repr(e.character)),
                                 Location(name, line), _("xóa ký tự này; thường do dán từ phần mềm khác"))) from e
    except yaml.YAMLError as e:
        raise InputError(Problem(_("cú pháp YAML sai: {problem}", problem=e), Location(name))) from e
    except RecursionError as e:
        raise _too_deep(name) from e
    loaded = Loaded(name, None)
    if node is None:
        raise InputError(Problem(_("tệp rỗng"), Location(name, 1, 1),
                                 _("tạo tệp mẫu có đủ các khóa"), command="chuongtrinh new <mã tỉnh>"))
    builder = _Builder(loaded, tidy_text)
    try:
        loaded.data = builder.build(node, ())
    except RecursionError as e:
        raise _too_deep(name) from e
    if builder.problems:
        raise InputError(builder.problems)
    return loaded


def _too_deep(name: str) -> InputError:
    # A province file is a few levels deep; hundreds of nested brackets are a damaged or hostile file.
    return InputError(Problem(_("các mục lồng nhau quá sâu"), Location(name),
                              _("tệp tỉnh chỉ có vài cấp thụt lề; kiểm tra các dấu ngoặc [ ] và { }")))


def _compose(text: str) -> Node | None:
    """libyaml's nodes (ten times faster) for a file it reads; PyYAML's own parser for one it refuses,
    so that the messages below, written against PyYAML's wording, stay the ones an editor sees."""
    import yaml
    try:
        return yaml.compose(text, Loader=safe_loader())
    except yaml.YAMLError:
        return yaml.compose(text, Loader=yaml.SafeLoader)


# PyYAML's wording → what an editor can act on. Matched on the start of its `problem` text.
SYNTAX_MESSAGES = (
    ("mapping values are not allowed here", N_("dấu ':' không đúng chỗ"),
     N_("thiếu ':' sau tên khóa ở dòng này hoặc dòng trên, hoặc thụt lề sai")),
    ("could not find expected ':'", N_("thiếu dấu ':' sau tên khóa"), N_("viết dạng 'khóa: giá trị'")),
    ("expected ',' or '}'", N_("ngoặc nhọn '{' chưa đóng"), N_("thêm '}' hoặc dấu ',' giữa các mục")),
    ("expected ',' or ']'", N_("ngoặc vuông '[' chưa đóng"), N_("thêm ']' hoặc dấu ',' giữa các mục")),
    ("found unexpected end of stream", N_("dấu ngoặc kép mở ở đây chưa được đóng"), N_("thêm dấu \" đóng")),
    ("found unexpected ':'", N_("dấu ':' không đúng chỗ"), N_("đặt giá trị có dấu ':' trong ngoặc kép")),
    ("expected <block end>, but found", N_("thụt lề không khớp với các dòng trên"),
     N_("các khóa cùng cấp phải thẳng cột với nhau")),
    ("found undefined alias", N_("bí danh YAML (*) không xác định"), N_("không dùng neo/bí danh")),
    ("expected alphabetic or numeric character", N_("ký tự '&' hoặc '*' không đúng chỗ"),
     N_("đặt giá trị có '&', '*' trong ngoặc kép")),
    ("found character that cannot start any token", N_("ký tự không được đứng đầu giá trị"),
     N_("đặt giá trị trong ngoặc kép")),
)


def _syntax_problem(error: yaml.MarkedYAMLError, name: str) -> Problem:
    problem = error.problem or error.context or ""
    message = _("cú pháp YAML sai: {problem}", problem=problem)
    hint = _("kiểm tra dấu hai chấm, thụt lề và dấu ngoặc kép ở dòng này")
    for prefix, vietnamese, advice in SYNTAX_MESSAGES:
        if problem.startswith(prefix):
            message, hint = _("cú pháp YAML sai: {problem}", problem=_(vietnamese)), _(advice)
            break
    # An unclosed quote or bracket is reported where it was opened, not at the end of the file.
    opened = problem.startswith(("found unexpected end of stream", "expected ',' or"))
    mark = (error.context_mark if opened and error.context_mark else None) or error.problem_mark or error.context_mark
    location = Location(name, mark.line + 1, mark.column + 1) if mark else Location(name)
    return Problem(message, location, hint)


def _decode(raw: bytes, name: str) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise InputError(Problem(_("tệp không phải UTF-8"), Location(name, line),
                                 _("lưu lại tệp với bảng mã UTF-8 (Unicode)"))) from e


def without_indentation_tabs(text: str) -> str:
    """The text with each Tab of an indentation made two spaces, the indentation of the province
    files (YAML refuses Tabs there); the rest of each line as it was."""
    lines = []
    for line in text.split("\n"):
        body = line.lstrip(" \t")
        lines.append(line[: len(line) - len(body)].replace("\t", "  ") + body)
    return "\n".join(lines)


def _indentation_tabs(text: str, name: str) -> list[Problem]:
    problems = []
    for line_number, line in enumerate(text.splitlines(), 1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            problems.append(Problem(_("dùng phím Tab để thụt lề"), Location(name, line_number, indent.index("\t") + 1),
                                    _("YAML chỉ chấp nhận dấu cách; thay Tab bằng 2 dấu cách")))
    return problems


class _Builder:
    """Turns a composed node graph into plain values, recording positions and problems."""

    def __init__(self, loaded: Loaded, tidy_text: bool = True):
        self.loaded = loaded
        self.tidy_text = tidy_text
        self.problems: list[Problem] = []
        self.seen: set[int] = set()  # yaml.compose resolves an alias to the same node object
        self.alias_reported = False

    def build(self, node: Node, path: tuple[str | int, ...]) -> Any:
        loaded = self.loaded
        loaded.positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        here = loaded.location(path)
        if node.tag not in PLAIN_TAGS:
            self.problems.append(Problem(_("không chấp nhận thẻ YAML {tag}", tag=repr(node.tag)), here,
                                         _("xóa thẻ bắt đầu bằng `!`")))
            return None
        if getattr(node, "anchor", None) is not None or id(node) in self.seen:
            if not self.alias_reported:   # one message, however many aliases a "bomb" holds
                self.problems.append(Problem(_("không dùng neo/bí danh YAML (& và *)"), here, _("viết đầy đủ giá trị")))
                self.alias_reported = True
            return None
        self.seen.add(id(node))
        # (PyYAML's node classes name themselves: no import of PyYAML for them.)
        if node.id == "scalar":
            if not node.style and node.value in NULL_WORDS:   # plain: None from PyYAML, '' from libyaml
                return None
            return self.text(node.value, here)
        if node.id == "sequence":
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        assert node.id == "mapping"
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key_location = Location(loaded.file, key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if key_node.id != "scalar":
                self.problems.append(Problem(_("khóa phải là một chữ"), key_location))
                continue
            key = key_node.value
            if key in result:
                first = loaded.positions[path + (key,)][0]
                self.problems.append(Problem(_("khóa {key} bị lặp lại (đã có ở dòng {line})", key=repr(key), line=first),
                                             key_location, _("mỗi khóa chỉ được viết một lần trong cùng một mục")))
                continue
            result[key] = self.build(value_node, path + (key,))
            # Point errors about a key at the key itself, not at its (possibly multi-line) value.
            loaded.positions[path + (key,)] = (key_location.line, key_location.column)
        return result

    def text(self, value: str, here: Location) -> str:
        """A string value, refused if it holds a control character or was typed in a legacy
        encoding, tidied to the house style."""
        control = control_character(value)
        if control is not None:
            self.problems.append(Problem(
                _("giá trị chứa ký tự điều khiển U+{code:04X}, không được phép trong văn bản", code=ord(control)),
                here, _("xóa ký tự này (viết trong ngoặc kép thì nó thường là \\0, \\a…); thường do dán từ phần mềm khác")))
            return value
        encoding = legacy_encoding(value)
        if encoding:
            name = _("TCVN3 (ABC, phông .Vn…)") if encoding == "TCVN3" else _("VNI (phông VNI-…)")
            self.problems.append(Problem(
                _("chữ gõ bằng bảng mã {encoding}, không phải Unicode: {value}", encoding=name, value=repr(value)),
                here, _("đúng ra là {meant}; chuyển được tự động", meant=repr(legacy_to_unicode(value))),
                command="chuongtrinh validate --fix"))
            return value
        tidied = tidy(value)
        if tidied == value:
            return value
        if not self.tidy_text:
            self.loaded.warnings.append(Problem(_("nên viết {before} thành {after}", before=repr(value),
                                                  after=repr(tidied)), here, level="warning"))
            return value
        self.loaded.warnings.append(Problem(_("đã chuẩn hóa {before} thành {after}", before=repr(value),
                                              after=repr(tidied)), here, level="warning"))
        return tidied
