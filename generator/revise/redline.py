"""Two versions of a document → the new one with Word tracked changes against the old (a redline).

What the Ban Thường vụ asks of each new draft, "what changed since the last one?", answered in the
Review pane of Word or LibreOffice, where each change can be accepted or rejected:
- the body's blocks (paragraphs, tables) are aligned by content, not by position (difflib over their
  texts), so a paragraph added or removed shifts nothing after it;
- a paragraph changed in place is compared word by word: the words kept keep the new version's
  formatting, the words removed are `w:del` with the old one's, the words added are `w:ins`;
- a whole paragraph or table row added or removed is marked so, its paragraph mark too;
- a table of the same shape is compared row by row and cell by cell.

The package is the new version's, only its body rewritten: styles, headers, comments and page
numbers are those of the new draft. Old content brought back as deleted text loses what would point
into the old package (its comments, pictures, links, numbering). A version that already holds
tracked changes is compared as if they were accepted, and the result says so.
"""
from __future__ import annotations

import copy
import datetime as dt
import difflib
import io
import re
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from generator.check.reader import SafePackage, w
from generator.elements import Element
from generator.errors import Problem
from generator.i18n import _

AUTHOR = "chuongtrinh"
BODY = "word/document.xml"
# Pairs of paragraphs at least this alike are one paragraph edited; below, one removed and one added.
SAME_PARAGRAPH = 0.5
# Elements of the old version that point into its own package (comments, notes, pictures, links):
# they cannot come into the new package; their runs go, their text stays.
OLD_ONLY = {w("commentRangeStart"), w("commentRangeEnd"), w("commentReference"), w("footnoteReference"),
            w("endnoteReference"), w("drawing"), w("pict"), w("object"), w("numPr"), w("bookmarkStart"),
            w("bookmarkEnd")}
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
TOKENS = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)


@dataclass
class Redline:
    """The redlined document and what it marks."""

    data: bytes
    path: Path | None = None      # where it was written
    insertions: int = 0           # runs, paragraph marks and rows marked inserted
    deletions: int = 0
    notes: list[Problem] = field(default_factory=list)   # said to the user, not errors


def redline(old: bytes, new: bytes, old_name: str, new_name: str, date: dt.date | None = None) -> Redline:
    """`new` with tracked changes against `old`, dated `date` (default: the new version's own date,
    from its core properties, so that the same two files give the same bytes)."""
    old_package, new_package = SafePackage(old, old_name), SafePackage(new, new_name)
    old_body, new_body = body_of(old_package), body_of(new_package)
    notes = [Problem(_("{file} có thay đổi được theo dõi (track changes): so sánh trên văn bản đã chấp nhận các "
                       "thay đổi đó", file=name), level="warning")
             for name, body in ((old_name, old_body), (new_name, new_body)) if _accept_all(body)]
    when = date or own_date(new_package) or dt.date.today()
    marks = _Marks(when, first_free_id(new_body))
    _compare_blocks(old_body, new_body, marks)
    document = new_package.xml(BODY)
    return Redline(rewritten(new, {BODY: etree.tostring(document, xml_declaration=True, encoding="UTF-8",
                                                        standalone=True)}),
                   insertions=marks.insertions, deletions=marks.deletions, notes=notes)


def body_of(package: SafePackage) -> Element:
    document = package.xml(BODY)
    body = document.find(w("body")) if document is not None else None
    if body is None:
        raise package.refuse(_("văn bản không có phần thân"))
    return body


# --- Tracked changes already there ------------------------------------------------------------

CHANGE_RECORDS = ("pPrChange", "rPrChange", "tblPrChange", "trPrChange", "tcPrChange", "sectPrChange",
                  "tblGridChange", "numberingChange")


def _accept_all(body: Element) -> bool:
    """Accept every tracked change in place (what Word's "Accept All" does); whether there was any."""
    found = False
    for element in list(body.iter(w("del"), w("moveFrom"))):
        parent = element.getparent()
        if parent is None:
            continue
        found = True
        if parent.tag == w("rPr"):            # a deleted paragraph mark or row: its run of text goes on
            holder = parent.getparent()
            parent.remove(element)
            if holder is not None and holder.tag == w("trPr"):
                row = holder.getparent()
                if row is not None and row.getparent() is not None:
                    row.getparent().remove(row)
            continue
        if parent.tag == w("trPr"):
            row = parent.getparent()
            if row is not None and row.getparent() is not None:
                row.getparent().remove(row)
            continue
        parent.remove(element)
    for element in list(body.iter(w("ins"), w("moveTo"))):
        parent = element.getparent()
        if parent is None:
            continue
        found = True
        if parent.tag in (w("rPr"), w("trPr")):
            parent.remove(element)
            continue
        index = parent.index(element)
        for child in reversed(list(element)):
            parent.insert(index, child)
        parent.remove(element)
    for name in CHANGE_RECORDS:
        for element in list(body.iter(w(name))):
            found = True
            element.getparent().remove(element)
    return found


# --- Aligning blocks -------------------------------------------------------------------------

def _text(element: Element) -> str:
    return "".join(t.text or "" for t in element.iter(w("t"), w("delText")))


def _key(block: Element) -> str:
    """What a block is compared by: its text, a table's cell by cell."""
    if block.tag == w("tbl"):
        return "\x01table\x01" + "\x02".join(_text(row) for row in block.iter(w("tr")))
    return _text(block)


def blocks(body: Element) -> list[Element]:
    return [child for child in body if child.tag in (w("p"), w("tbl"))]


class _Marks:
    """The w:ins and w:del elements written: one author, one date, ids unique in the document."""

    def __init__(self, date: dt.date, first_id: int):
        self.stamp = f"{date.isoformat()}T00:00:00Z"
        self.next_id = first_id
        self.insertions = self.deletions = 0

    def make(self, kind: str) -> Element:
        element = etree.Element(w(kind))
        element.set(w("id"), str(self.next_id))
        element.set(w("author"), AUTHOR)
        element.set(w("date"), self.stamp)
        self.next_id += 1
        if kind == "ins":
            self.insertions += 1
        else:
            self.deletions += 1
        return element


def first_free_id(body: Element) -> int:
    used = [int(v) for e in body.iter() if (v := e.get(w("id"))) is not None and v.isdigit()]
    return max(used, default=0) + 1


def _compare_blocks(old_body: Element, new_body: Element, marks: _Marks) -> None:
    """Rewrite new_body: the blocks it shares with old_body stay, those only old_body has come back
    deleted at their place, those only new_body has are marked inserted."""
    old, new = blocks(old_body), blocks(new_body)
    old_keys, new_keys = [_key(b) for b in old], [_key(b) for b in new]
    removed: list[Element] = []                  # old blocks waiting for the next new block to stand before
    for i, j in aligned(old, new, old_keys, new_keys):
        if j is None:
            assert i is not None, "aligned pairs hold at least one block"
            removed.append(_as_deleted(old[i], marks))
            continue
        for gone in removed:
            new[j].addprevious(gone)
        removed = []
        if i is None:
            _mark_inserted(new[j], marks)
        elif old_keys[i] != new_keys[j]:
            _compare_pair(old[i], new[j], marks)
    for gone in removed:
        _append_before_section(new_body, gone)


def aligned(old: list[Element], new: list[Element], old_keys: list[str], new_keys: list[str]) -> list[tuple[int | None, int | None]]:
    """Two sequences of blocks (or rows) in order, paired by content: (i, j) one block, kept or
    edited (of one kind and alike enough, see `alike`); (i, None) removed; (None, j) added. What
    redline and merge both stand on, so that they read one edit alike."""
    pairs: list[tuple[int | None, int | None]] = []
    matcher = difflib.SequenceMatcher(None, old_keys, new_keys, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            pairs += [(i1 + k, j1 + k) for k in range(i2 - i1)]
            continue
        i = i1
        for j in range(j1, j2):
            match = next((k for k in range(i, i2) if old[k].tag == new[j].tag and alike(old_keys[k], new_keys[j])),
                         None)
            if match is None:
                pairs.append((None, j))
                continue
            pairs += [(k, None) for k in range(i, match)] + [(match, j)]
            i = match + 1
        pairs += [(k, None) for k in range(i, i2)]
    return pairs


def alike(a: str, b: str) -> bool:
    """One paragraph edited: alike enough, or an empty one filled in (a signer's name typed)."""
    if not a.strip() or not b.strip():
        return True
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() >= SAME_PARAGRAPH


def _append_before_section(body: Element, element: Element) -> None:
    last = body[-1] if len(body) else None
    if last is not None and last.tag == w("sectPr"):
        last.addprevious(element)
    else:
        body.append(element)


def _compare_pair(before: Element, after: Element, marks: _Marks) -> None:
    if after.tag == w("tbl"):
        _compare_tables(before, after, marks)
    else:
        _compare_paragraphs(before, after, marks)


def _compare_tables(before: Element, after: Element, marks: _Marks) -> None:
    old_rows, new_rows = before.findall(w("tr")), after.findall(w("tr"))
    matcher = difflib.SequenceMatcher(None, [_text(r) for r in old_rows], [_text(r) for r in new_rows], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        olds, news = old_rows[i1:i2], new_rows[j1:j2]
        same_shape = op == "replace" and len(olds) == len(news) and all(
            len(a.findall(w("tc"))) == len(b.findall(w("tc"))) for a, b in zip(olds, news))
        if same_shape:
            for a, b in zip(olds, news):
                for cell_a, cell_b in zip(a.findall(w("tc")), b.findall(w("tc"))):
                    _compare_blocks(cell_a, cell_b, marks)
            continue
        anchor = news[0] if news else (new_rows[j1] if j1 < len(new_rows) else None)
        for row in news:
            _mark_row(row, "ins", marks)
        for row in olds:
            gone = copy.deepcopy(row)
            _strip_old_only(gone)
            _mark_row(gone, "del", marks)
            if anchor is not None:
                anchor.addprevious(gone)
            else:
                after.append(gone)


def _mark_row(row: Element, kind: str, marks: _Marks) -> None:
    properties = row.find(w("trPr"))
    if properties is None:
        properties = etree.Element(w("trPr"))
        exception = row.find(w("tblPrEx"))
        if exception is not None:
            exception.addnext(properties)
        else:
            row.insert(0, properties)
    properties.append(marks.make(kind))
    for paragraph in row.iter(w("p")):
        (_mark_inserted if kind == "ins" else _mark_deleted_in_place)(paragraph, marks)


# --- Paragraphs ------------------------------------------------------------------------------

def _mark_inserted(block: Element, marks: _Marks) -> None:
    """A block only the new version has: every run inside `w:ins`, every paragraph mark inserted."""
    if block.tag == w("tbl"):
        for row in block.findall(w("tr")):
            _mark_row(row, "ins", marks)
        return
    for run in list(block.iter(w("r"))):
        if run.getparent().tag not in (w("ins"), w("del")):
            _wrap(run, marks.make("ins"))
    _mark_paragraph_mark(block, marks.make("ins"))


def _as_deleted(block: Element, marks: _Marks) -> Element:
    """A block only the old version had, as it comes back into the new one: deleted."""
    gone = copy.deepcopy(block)
    _strip_old_only(gone)
    if gone.tag == w("tbl"):
        for row in gone.findall(w("tr")):
            _mark_row(row, "del", marks)
    else:
        _mark_deleted_in_place(gone, marks)
    return gone


def _mark_deleted_in_place(paragraph: Element, marks: _Marks) -> None:
    for run in list(paragraph.iter(w("r"))):
        if run.getparent().tag not in (w("ins"), w("del")):
            _as_deleted_text(run)
            _wrap(run, marks.make("del"))
    _mark_paragraph_mark(paragraph, marks.make("del"))


def _as_deleted_text(run: Element) -> None:
    for text in run.iter(w("t")):
        text.tag = w("delText")
    for code in run.iter(w("instrText")):
        code.tag = w("delInstrText")


def _wrap(run: Element, mark: Element) -> None:
    run.addprevious(mark)
    mark.append(run)


# Where the paragraph mark's run properties go among a paragraph's properties (CT_PPr): after
# everything but the section and the record of a change.
AFTER_RPR = (w("sectPr"), w("pPrChange"))


def _mark_paragraph_mark(paragraph: Element, mark: Element) -> None:
    properties = paragraph.find(w("pPr"))
    if properties is None:
        properties = etree.Element(w("pPr"))
        paragraph.insert(0, properties)
    run_properties = properties.find(w("rPr"))
    if run_properties is None:
        run_properties = etree.Element(w("rPr"))
        later = next((child for child in properties if child.tag in AFTER_RPR), None)
        if later is not None:
            later.addprevious(run_properties)
        else:
            properties.append(run_properties)
    run_properties.insert(0, mark)       # CT_ParaRPr: ins/del come first


def _strip_old_only(element: Element) -> None:
    """What of the old version cannot point into the new package: its comments, notes, pictures and
    numbering go; a link keeps its text without its target."""
    for found in list(element.iter(*OLD_ONLY)):
        parent = found.getparent()
        if parent is None:
            continue
        if parent.tag == w("r") and found.tag != w("numPr"):
            holder = parent.getparent()
            if holder is not None:
                holder.remove(parent)
        else:
            parent.remove(found)
    for link in list(element.iter(w("hyperlink"))):
        parent = link.getparent()
        index = parent.index(link)
        for child in reversed(list(link)):
            parent.insert(index, child)
        parent.remove(link)
    for node in element.iter():
        for name in [a for a in node.attrib if a.startswith(f"{{{R_NS}}}")]:
            del node.attrib[name]


def _compare_paragraphs(before: Element, after: Element, marks: _Marks) -> None:
    """One paragraph edited: its runs rewritten word by word against the old one's."""
    old_chars, new_chars = _characters(before, old=True), _characters(after, old=False)
    if old_chars is None or new_chars is None:       # content a word diff cannot carry: whole blocks
        gone = _as_deleted(before, marks)
        after.addprevious(gone)
        _mark_inserted(after, marks)
        return
    old_tokens = TOKENS.findall("".join(c for c, _ in old_chars))
    new_tokens = TOKENS.findall("".join(c for c, _ in new_chars))
    matcher = difflib.SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    old_at = _offsets(old_tokens)
    new_at = _offsets(new_tokens)
    pieces: list[tuple[str, list[tuple[str, object]]]] = []      # (status, [(char, rPr)])
    for op, i1, i2, j1, j2 in _readable(matcher.get_opcodes(), new_tokens):
        if op in ("delete", "replace"):
            pieces.append(("del", old_chars[old_at[i1]:old_at[i2]]))
        if op in ("insert", "replace"):
            pieces.append(("ins", new_chars[new_at[j1]:new_at[j2]]))
        if op == "equal":
            pieces.append(("same", new_chars[new_at[j1]:new_at[j2]]))
    for child in [c for c in after if c.tag != w("pPr")]:
        after.remove(child)
    for status, chars in pieces:
        for properties, text in _runs_of(chars):
            if isinstance(text, etree._Element):         # a comment's anchor, where it was
                after.append(text)
                continue
            run = etree.SubElement(after, w("r"))
            if properties is not None:
                run.append(copy.deepcopy(properties))
            _put_text(run, str(text), deleted=status == "del")
            if status != "same":
                _wrap(run, marks.make(status))


# One change of difflib's SequenceMatcher.get_opcodes(): (tag, i1, i2, j1, j2).
Opcode = tuple[str, int, int, int, int]


def _readable(opcodes: Sequence[Opcode], new_tokens: list[str]) -> list[Opcode]:
    """Changes separated only by spaces read as one: "[số hội viên]" → "trên 15.000" is one deletion
    and one insertion, not four alternating pieces."""
    merged: list[list[Any]] = []
    for op in opcodes:
        tag, i1, i2, j1, j2 = op
        if merged and tag != "equal" and len(merged) >= 2 and merged[-2][0] != "equal" and merged[-1][0] == "equal" \
                and all(token.isspace() for token in new_tokens[merged[-1][3]:merged[-1][4]]):
            merged.pop()
            merged[-1] = ["replace", merged[-1][1], i2, merged[-1][3], j2]
            continue
        if merged and tag != "equal" and merged[-1][0] != "equal":
            merged[-1] = ["replace", merged[-1][1], i2, merged[-1][3], j2]
            continue
        merged.append(list(op))
    return [(op[0], op[1], op[2], op[3], op[4]) for op in merged]


def _offsets(tokens: list[str]) -> list[int]:
    offsets, at = [0], 0
    for token in tokens:
        at += len(token)
        offsets.append(at)
    return offsets


# Run content a word diff can carry: text, and tabs and line breaks as the characters they are.
# (A hyphen written as an element is a character of the Private Use Area here, so that one typed
# into the text, U+2011, stays as it was typed.)
SIMPLE = {w("t"): None, w("tab"): "\t", w("br"): "\n", w("noBreakHyphen"): "\ue000", w("softHyphen"): "\ue001",
          w("rPr"): None, w("lastRenderedPageBreak"): ""}
WRITTEN_AS = {"\t": "tab", "\n": "br", "\ue000": "noBreakHyphen", "\ue001": "softHyphen"}
# A comment's anchors in the new version: kept where they are among its characters (one object
# character each, which the word diff sees as a token of its own).
ANCHORS = (w("commentRangeStart"), w("commentRangeEnd"), w("bookmarkStart"), w("bookmarkEnd"))
ANCHOR = "\ufffc"


def _characters(paragraph: Element, old: bool) -> list[tuple[str, object]] | None:
    """The paragraph as (character, its run's properties), a comment's anchor as (ANCHOR, the
    element); None when the new version holds more than runs of text and anchors (fields, pictures,
    links), which a rewrite would lose. The old version's anchors point into its own package: left out."""
    chars: list[tuple[str, object]] = []
    for child in paragraph:
        if child.tag in (w("pPr"), w("proofErr")):
            continue
        if child.tag in ANCHORS or (child.tag == w("r") and child.find(w("commentReference")) is not None):
            if not old:
                chars.append((ANCHOR, child))
            continue
        if child.tag != w("r"):
            if old:
                continue
            return None
        properties = child.find(w("rPr"))
        for part in child:
            if part.tag not in SIMPLE and not old:
                return None
            if part.tag == w("t"):
                chars += [(c, properties) for c in part.text or ""]
            elif char := SIMPLE.get(part.tag):       # (None and "" write nothing)
                chars.append((char, properties))
    return chars


def _runs_of(chars: list[tuple[str, object]]) -> Iterator[tuple[object, object]]:
    """Consecutive characters of the same run properties, as one run's text; an anchor alone."""
    run: list[str] = []
    current: object = None
    for char, properties in chars:
        if char == ANCHOR:
            if run:
                yield current, "".join(run)
                run = []
            yield None, properties
            continue
        if properties is not current and run:
            yield current, "".join(run)
            run = []
        current = properties
        run.append(char)
    if run:
        yield current, "".join(run)


def _put_text(run: Element, text: str, deleted: bool) -> None:
    name = "delText" if deleted else "t"
    for piece in re.split("([\t\n\ue000\ue001])", text):
        if piece in WRITTEN_AS:
            etree.SubElement(run, w(WRITTEN_AS[piece]))
        elif piece:
            element = etree.SubElement(run, w(name))
            element.text = piece
            if piece != piece.strip():
                element.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


# --- The package -----------------------------------------------------------------------------

def own_date(package: SafePackage) -> dt.date | None:
    """The version's own date, as its core properties give it (our drafts: the document's date)."""
    core = package.xml("docProps/core.xml")
    if core is None:
        return None
    for element in core.iter("{http://purl.org/dc/terms/}modified", "{http://purl.org/dc/terms/}created"):
        try:
            return dt.date.fromisoformat((element.text or "")[:10])
        except ValueError:
            continue
    return None


def rewritten(package: bytes, parts: dict[str, bytes]) -> bytes:
    """The package with these parts' bytes replaced, or added after the others when it has none,
    every other entry as it was (same order, dates, compression): the same inputs, the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            target.writestr(info, parts.get(info.filename) or source.read(info.filename))
        for name in sorted(set(parts) - set(source.namelist())):
            target.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), parts[name], zipfile.ZIP_DEFLATED)
    return out.getvalue()


def redline_files(old: Path, new: Path, out: Path, date: dt.date | None = None) -> Redline:
    """Read the two versions, write the redline to `out` (atomically)."""
    from generator.check.reader import UnreadableDocument
    from generator.files import write_atomic
    versions = []
    for path in (old, new):
        try:
            versions.append(path.read_bytes())
        except OSError as e:
            reason = _("không có tệp này") if isinstance(e, FileNotFoundError) else e.strerror
            raise UnreadableDocument(Problem(_("{file}: không đọc được: {reason}", file=path, reason=reason))) from e
    result = redline(versions[0], versions[1], str(old), str(new), date)
    write_atomic(out, result.data)
    result.path = out
    return result

