"""A province file as the editor sees it: opened with the hash it had, changed from the form
without losing its comments, order or layout (ruamel.yaml's round trip), judged by the same
loader and model as `chuongtrinh validate`, and saved atomically only over the version that was
opened."""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from generator.errors import ChuongTrinhError, InputError, Problem
from generator.files import write_atomic
from generator.i18n import _
from generator.read.source import check_size, parse_yaml
from generator.read.vietnamese import legacy_encoding, legacy_to_unicode
from generator.serve.form import Field, label_of, province_form, values


class Conflict(ChuongTrinhError):
    """The file changed on disk since it was opened: saving would lose someone's work."""


@dataclass
class Judgement:
    """What validate says of the form's text, each message at the field it is about."""

    errors: dict[str, list[str]] = field(default_factory=dict)      # key path → messages
    warnings: dict[str, list[str]] = field(default_factory=dict)
    general: list[str] = field(default_factory=list)               # about no one field
    legacy: dict[str, str] = field(default_factory=dict)           # key path → the text in Unicode

    @property
    def ok(self) -> bool:
        return not self.errors and not self.general

    def as_json(self) -> dict[str, object]:
        return {"ok": self.ok, "errors": self.errors, "warnings": self.warnings, "general": self.general,
                "legacy": self.legacy}


def _yaml() -> YAML:
    # The indentation of the shipped files: an unchanged file is written back byte for byte.
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


@dataclass(frozen=True)
class Opened:
    """A province file as the editor opened it: its text with "\n" line ends and no BOM (what
    the form and ruamel.yaml work on), its values as typed, and the fingerprint of its bytes on
    disk, which a save must still find there."""

    text: str
    data: dict[str, Any]
    fingerprint: str


def fingerprint(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read(path: Path) -> Opened:
    """The file as the editor works on it. InputError when it cannot be edited here: not UTF-8,
    not YAML the loader reads, not a mapping."""
    raw = _read_bytes(path)
    text = _text(raw, path)
    data = parse_yaml(text, path.name, tidy_text=False).data
    if not isinstance(data, dict):
        raise InputError(Problem(_("tệp phải là một bảng khóa: giá trị (mapping)"), hint=_("bắt đầu bằng 'slug: <mã tỉnh>'")))
    return Opened(text, data, fingerprint(raw))


def current_text(path: Path) -> str:
    """The file's text now, as the editor works on it (see Opened)."""
    return _text(_read_bytes(path), path)


def _text(raw: bytes, path: Path) -> str:
    try:
        return raw.decode("utf-8-sig").replace("\r\n", "\n")
    except UnicodeDecodeError as e:
        raise InputError(Problem(_("{file} không phải chữ UTF-8", file=path.name),
                                 hint=_("lưu lại tệp với bảng mã UTF-8"), command="chuongtrinh validate")) from e


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as e:
        raise InputError(Problem(_("không đọc được {file}: {reason}", file=path.name, reason=e.strerror))) from e


def with_form(text: str, form: dict[str, str]) -> str:
    """The file's text with the form's values: what changed is rewritten, the rest (comments,
    order, quoting, folded lines) stays as it was."""
    yaml = _yaml()
    try:
        document = yaml.load(text)
    except (YAMLError, RecursionError) as e:    # changed on disk since the page was opened
        raise InputError(Problem(_("tệp trên đĩa không còn đọc được; tải lại trang"))) from e
    if not isinstance(document, CommentedMap):
        document = CommentedMap()
    _merge(document, values(form), province_form())
    out = io.StringIO()
    yaml.dump(document, out)
    return out.getvalue()


# What an emptied field of each kind becomes in the file, when the file had it: a value the
# model accepts (a list or a map may be empty, not null; an unticked box is false).
EMPTIED: dict[str, Callable[[], object]] = {"lines": list, "list": list, "map": dict, "flag": lambda: False}


def _merge(target: CommentedMap, new: dict[str, Any], spec: Field) -> None:
    for child in spec.children:
        key, value, current = child.key, new.get(child.key), target.get(child.key)
        if value is None and isinstance(current, CommentedMap) and child.kind == "object":
            _merge(current, {}, child)      # every field emptied: the keys, and their comments, stay
            continue
        if value is None or (child.kind == "flag" and value is False):
            if current is not None and key in target:
                target[key] = EMPTIED.get(child.kind, lambda: None)()   # the key, and its comment, stay
            continue
        if child.kind == "fact" and isinstance(current, CommentedMap) and not isinstance(value, dict):
            value = {"value": value}        # written in full in the file: it stays so, its details too
        if child.kind in ("object", "fact") and isinstance(value, dict) and isinstance(current, CommentedMap):
            _merge(current, value, child)
        elif child.kind in ("list", "lines") and isinstance(value, list) and isinstance(current, CommentedSeq):
            _merge_items(current, value, child.item)
        elif current != value:
            target[key] = value


def _merge_items(target: CommentedSeq, new: list[Any], item: Field | None) -> None:
    """A list item by item: an unchanged item, and the comment beside it, stays as written."""
    for index, value in enumerate(new):
        if index >= len(target):
            target.append(value)
            continue
        current = target[index]
        if item is not None and item.kind == "fact" and isinstance(current, CommentedMap) and not isinstance(value, dict):
            value = {"value": value}
        if item is not None and item.kind in ("object", "fact") and isinstance(current, CommentedMap) \
                and isinstance(value, dict):
            _merge(current, value, item)
        elif current != value:
            target[index] = value
    while len(target) > len(new):
        del target[len(target) - 1]


def judge(text: str, path: Path, date: dt.date | None = None) -> Judgement:
    """The form's text judged as `validate` judges the file (api.validate_text); messages placed
    at their fields."""
    from generator import api
    judgement = Judgement()
    at, plain = _paths_by_line(text)
    judgement.legacy = {key: legacy_to_unicode(value) for key, value in _texts(plain, "")
                        if legacy_encoding(value)}
    result = api.validate_text(text, path, date)
    for problem in result.problems:
        _place(judgement.errors, judgement.general, problem, at)
    if result.problems:
        return judgement
    for warning in result.warnings:
        _place(judgement.warnings, [], warning, at)
    return judgement


# Where a key path is: (line, column) of its key or value, or a line alone → the path.
Places = dict[tuple[int, int | None] | int, str]


def _paths_by_line(text: str) -> tuple[Places, object]:
    """Where each key path is: (line, column) of its key and of its value → the path, and line →
    the deepest path on it (for a message that gives only its line); and the values, as text."""
    at: Places = {}

    def mark(node: yaml.Node, path: tuple[str | int, ...], key: bool = False) -> None:
        name = ".".join(map(str, path))
        line, column = node.start_mark.line + 1, node.start_mark.column + 1
        if key:
            at[(line, column)] = name       # a mapping starts where its first key does: the key wins
        else:
            at.setdefault((line, column), name)
        if line not in at or len(path) >= len(at[line].split(".")):
            at[line] = name

    def walk(node: yaml.Node, path: tuple[str | int, ...]) -> object:
        if path:
            mark(node, path)
        if isinstance(node, yaml.MappingNode):
            result: dict[str, object] = {}
            for key, value in node.value:
                mark(key, path + (key.value,), key=True)
                result[key.value] = walk(value, path + (key.value,))
            return result
        if isinstance(node, yaml.SequenceNode):
            return [walk(item, path + (index,)) for index, item in enumerate(node.value)]
        return node.value

    try:
        root = yaml.compose(text, Loader=yaml.BaseLoader)
    except (yaml.YAMLError, RecursionError):
        return at, None
    return at, walk(root, ()) if root is not None else None


def _place(by_field: dict[str, list[str]], general: list[str], problem: Problem, at: Places) -> None:
    location = problem.location
    where = (at.get((location.line, location.column)) or at.get(location.line)) if location and location.line else None
    message = problem.message + problem.advice(commands=False)
    if where:
        # Shown at the field, in the words of its label ("Số hội viên phải là một số nguyên"), not of
        # its key path ("lhh.members: phải là …").
        message = message.removeprefix(f"{where}: ")
        label = label_of(where)
        if label and message[:1].islower():      # its name, without the label's example or note
            message = f"{_LABEL_END.split(_(label))[0]} {message}"
        by_field.setdefault(where, []).append(message)
    else:
        general.append(problem.on_page())


# Where a field's label stops naming it and goes on to an example or a note.
_LABEL_END = re.compile(r",|;| \(")


def _texts(value: object, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _texts(item, f"{path}.{index}")
    elif isinstance(value, str):
        yield path, value


def save(path: Path, text: str, opened: str) -> str:
    """Write `text` over the file if it is still the version opened (by its fingerprint), in the
    file's own way: its line ends (CRLF from Notepad stays CRLF) and its BOM, its permissions, and
    through a symbolic link to the file it names. Its new fingerprint. Conflict if someone changed
    it meanwhile; InputError if it is read-only or the text is larger than a province file may be."""
    with _SAVING:       # two saves at once: the second sees the first's file, not the one both opened
        try:
            current = path.read_bytes()
        except FileNotFoundError:
            current = b""
        if fingerprint(current) != opened:
            raise Conflict(Problem(_("{file} đã bị thay đổi từ khi mở (ở cửa sổ khác hoặc trong trình soạn thảo)",
                                     file=path.name), hint=_("tải lại tệp rồi nhập lại thay đổi của mình")))
        if path.exists() and not path.stat().st_mode & 0o222:
            raise InputError(Problem(_("{file} là tệp chỉ đọc; không ghi đè", file=path.name),
                                     hint=_("bỏ thuộc tính chỉ đọc của tệp (hoặc hỏi người quản lý máy) rồi lưu lại")))
        if b"\r\n" in current:
            text = text.replace("\n", "\r\n")
        data = (b"\xef\xbb\xbf" if current.startswith(b"\xef\xbb\xbf") else b"") + text.encode("utf-8")
        check_size(len(data), path.name)
        write_atomic(path, data)
    return fingerprint(data)


_SAVING = threading.Lock()
