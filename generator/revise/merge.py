"""A document edited by hand, rebuilt: a three-way merge of the draft as the tool last wrote it
(base), the file as the office left it (ours) and the new draft (theirs).

Block by block (paragraphs and tables of the body, matched by content as in redline.py):
- what only the office changed keeps the office's text and formatting;
- what only the data changed takes the new draft's;
- what both changed keeps the office's, with a Word comment quoting the new draft's text
  ("Bản dựng mới: …") for a person to decide; so does a block the office edited and the new
  draft no longer has; a table both changed is merged so row by row;
- blocks the office added stay where it put them, those it deleted stay deleted; blocks the new
  draft adds come in after the block they follow in it.
The package is the office's (its styles, headers, comments), only the body rewritten and the
conflicts' comments added.
"""
from __future__ import annotations

import copy
import datetime as dt
import io
import posixpath
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree

from generator import manifest
from generator.check.reader import SafePackage, w
from generator.check.structure import plain
from generator.elements import Element
from generator.profiles import formats
from generator.profiles.profile import TextConventions
from generator.revise.redline import AUTHOR, BODY, aligned, body_of, first_free_id, own_date, rewritten
from generator.write.ooxml import COMMENTS_RELATIONSHIP, comment, comment_range
from generator.write.package import COMMENTS, CONTENT_TYPES, DOCUMENT_RELS, declaring_comments

STYLES = "word/styles.xml"
EMPTY = {DOCUMENT_RELS: b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>',
         CONTENT_TYPES: b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'}
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
CONFLICT = "Bản dựng mới: {text}"
DROPPED = "Bản dựng mới không còn đoạn này; Văn phòng đã sửa đoạn này nên đoạn được giữ lại."


@dataclass
class Merged:
    data: bytes
    kept: int = 0          # blocks the office changed or added
    taken: int = 0         # blocks the new data changed or added
    conflicts: int = 0     # blocks both changed: the office's kept, with a comment
    renumbered: int = 0    # headings whose number the blocks added or removed moved
    ours_sha256: str = ""  # of the office's file merged: still the one in the folder when written?


# What the body is merged by: paragraphs, tables, and what Word wraps blocks in (a content control,
# custom XML), which move as one block and must not be left behind at the top of the body.
BLOCKS = (w("p"), w("tbl"), w("sdt"), w("customXml"))


def _blocks(body: Element) -> list[Element]:
    return [child for child in body if child.tag in BLOCKS]


def _text(block: Element) -> str:
    """What a reader sees of a block (text deleted in tracked changes is not)."""
    return "".join(t.text or "" for t in block.iter(w("t")))


def _key(conventions: TextConventions | None) -> Callable[[Element], str]:
    """What blocks are matched by: their text, a heading's without its number ("3. Kiện toàn …"
    and "4. Kiện toàn …" are one heading, renumbered because a block was added before it; the
    numbers are set again once merged, see `_renumber`)."""
    patterns = [formats.heading_pattern(conventions, level) for level in (1, 2)] if conventions else []

    def key(block: Element) -> str:
        text = _text(block)
        line = plain(text)
        for pattern in patterns:
            if block.tag == w("p") and (found := pattern.match(line)):
                return line[:found.start("mark")] + line[found.end("mark"):]
        return text
    return key


def _renumber(body: Element, conventions: TextConventions) -> int:
    """Number the merged body's headings again, as HD 36 wants them (continuous within a level,
    restarting under each higher one): the office added a "3." before the data's "3.", or the new
    draft a task the office's numbering did not know. How many were renumbered."""
    paragraphs = list(body.iter(w("p")))
    texts = [_text(p) for p in paragraphs]
    changed = 0
    for heading in formats.numbered_headings(conventions, [plain(t) for t in texts], renumbering=True):
        if heading.ordinal == heading.expected:
            continue
        start = len(texts[heading.index]) - len(texts[heading.index].lstrip())
        _replace_text(paragraphs[heading.index], start, len(heading.match["mark"]),
                      formats.heading_mark(conventions, heading.level, heading.expected))
        changed += 1
    return changed


def _replace_text(paragraph: Element, start: int, length: int, replacement: str) -> None:
    """Characters [start, start + length) of a paragraph's text replaced, in the runs that hold them
    (the replacement goes where the first of them was, keeping that run's formatting)."""
    position, placed = 0, False
    for node in paragraph.iter(w("t")):
        text = node.text or ""
        end = position + len(text)
        if end > start and position < start + length:
            cut_from, cut_to = max(start - position, 0), min(start + length - position, len(text))
            node.text = text[:cut_from] + ("" if placed else replacement) + text[cut_to:]
            node.set(XML_SPACE, "preserve")
            placed = True
        position = end
        if position >= start + length:
            break


def _mapping(base: list[Element], other: list[Element], key: Callable[[Element], str]) -> tuple[list[tuple[str, int]], dict[int, list[int]]]:
    """For each base block: ("same" | "changed", its index in `other`) or ("gone", -1); and the
    blocks `other` adds, by the base index they follow (-1: the start)."""
    keys_b, keys_o = [key(b) for b in base], [key(b) for b in other]
    status: list[tuple[str, int]] = [("gone", -1)] * len(base)
    added: dict[int, list[int]] = {}
    last = -1
    for i, j in aligned(base, other, keys_b, keys_o):
        if i is None:
            assert j is not None, "aligned pairs hold at least one block"
            added.setdefault(last, []).append(j)
            continue
        last = i
        if j is not None:
            status[i] = ("same" if keys_b[i] == keys_o[j] else "changed", j)
    return status, added


def _merge_sequence(b: list[Element], o: list[Element], t: list[Element], merged: Merged, notes: list[tuple[Element, str]], taken: list[Element], key: Callable[[Element], str] = _text) -> list[Element]:
    """Three sequences of blocks (or of a table's rows) → the merged one (see the module's text).
    A table both changed is merged row by row, a row both changed keeps the office's."""
    in_ours, ours_added = _mapping(b, o, key)
    in_theirs, theirs_added = _mapping(b, t, key)
    result: list[Element] = []

    def take(block: Element) -> None:
        taken.append(_taken(block))
        result.append(taken[-1])
        merged.taken += 1

    def added_after(i: int) -> None:
        result.extend(o[j] for j in ours_added.get(i, []))
        merged.kept += len(ours_added.get(i, []))
        for j in theirs_added.get(i, []):
            take(t[j])

    added_after(-1)
    for i in range(len(b)):
        (o_state, oj), (t_state, tj) = in_ours[i], in_theirs[i]
        if o_state == "gone":
            pass                                   # the office deleted it: it stays deleted
        elif t_state == "gone":
            if o_state == "changed":
                result.append(o[oj])
                notes.append((o[oj], DROPPED))
                merged.conflicts += 1
        elif o_state == "same" and t_state == "changed":
            take(t[tj])
        elif o_state == "changed" and t_state == "changed" and key(o[oj]) != key(t[tj]):
            if o[oj].tag == w("tbl") and t[tj].tag == w("tbl"):
                result.append(_merged_table(b[i], o[oj], t[tj], merged, notes, taken))
            else:
                result.append(o[oj])
                notes.append((o[oj], CONFLICT.format(text=_text(t[tj]))))
                merged.conflicts += 1
        else:
            result.append(o[oj])
            merged.kept += o_state == "changed"
        added_after(i)
    return result


def _merged_table(base: Element, ours: Element, theirs: Element, merged: Merged, notes: list[tuple[Element, str]], taken: list[Element]) -> Element:
    """The office's table with its rows merged against the new draft's."""
    rows = _merge_sequence(base.findall(w("tr")), ours.findall(w("tr")), theirs.findall(w("tr")), merged, notes, taken)
    for row in ours.findall(w("tr")):
        ours.remove(row)
    for row in rows:
        ours.append(row)
    return ours


def merge(base: bytes, ours: bytes, theirs: bytes, names: tuple[str, str, str] = ("base", "ours", "theirs"),
          date: dt.date | None = None, conventions: TextConventions | None = None) -> Merged:
    """The three versions merged (see the module's text); with the profile's `conventions`, headings
    are matched without their numbers and numbered again once merged."""
    packages = [SafePackage(data, name) for data, name in zip((base, ours, theirs), names)]
    bodies = [body_of(package) for package in packages]
    merged = Merged(b"", ours_sha256=manifest.sha256(ours))
    notes: list[tuple[Element, str]] = []   # (block, comment text)
    taken: list[Element] = []                               # blocks of the new draft, which may use its styles
    ours_blocks = _blocks(bodies[1])
    result = _merge_sequence(_blocks(bodies[0]), ours_blocks, _blocks(bodies[2]), merged, notes, taken,
                             _key(conventions))
    body = bodies[1]
    for block in ours_blocks:
        if block.getparent() is body:
            body.remove(block)
    section = body.find(w("sectPr"))
    for block in result:
        if section is not None:
            section.addprevious(block)
        else:
            body.append(block)
    if conventions is not None:
        merged.renumbered = _renumber(body, conventions)
    document = packages[1].xml(BODY)
    comments_part = _comments_part(packages[1])
    comments = packages[1].xml(comments_part)
    # Dated as the new draft is (its own date): the same three files give the same bytes.
    stamp = f"{(date or own_date(packages[2]) or dt.date.today()).isoformat()}T00:00:00Z"
    comments, parts = _with_comments(comments, comments_part, notes, stamp, first_free_id(body))
    parts[BODY] = etree.tostring(document, xml_declaration=True, encoding="UTF-8", standalone=True)
    styles = _with_styles(packages[1].xml(STYLES), packages[2].xml(STYLES), taken)
    if styles is not None:
        parts[STYLES] = etree.tostring(styles, xml_declaration=True, encoding="UTF-8", standalone=True)
    add_comments = packages[1].xml(comments_part) is None and bool(notes)
    if add_comments:
        packages[1].xml(CONTENT_TYPES)      # declared in it: one that cannot be read refuses the merge
    merged.data = _package(ours, parts, add_comments)
    return merged


STYLE_REFERENCES = (w("pStyle"), w("rStyle"), w("tblStyle"))


def _with_styles(ours: Element, theirs: Element, blocks: list[Element]) -> Element | None:
    """The office's style sheet with the styles the new draft's blocks use and it lacks (a file
    saved by another program may have renamed or dropped them), each with the styles it is based
    on; None when nothing is missing."""
    if ours is None or theirs is None:
        return None
    have = {s.get(w("styleId")) for s in ours.iter(w("style"))}
    definitions = {s.get(w("styleId")): s for s in theirs.iter(w("style"))}
    wanted = [r.get(w("val")) for block in blocks for r in block.iter(*STYLE_REFERENCES)]
    added = False
    while wanted:
        style = wanted.pop()
        if style in have or style not in definitions:
            continue
        definition = definitions[style]
        ours.append(copy.deepcopy(definition))
        have.add(style)
        added = True
        wanted += [link.get(w("val")) for link in definition if link.tag in (w("basedOn"), w("next"), w("link"))]
    return ours if added else None


def _taken(block: Element) -> Element:
    """A block of the new draft, as it comes into the office's package: without its comments,
    whose notes are in the new draft's package, not the office's."""
    block = copy.deepcopy(block)
    for found in list(block.iter(w("commentRangeStart"), w("commentRangeEnd"), w("commentReference"))):
        parent = found.getparent()
        if found.tag == w("commentReference") and parent.tag == w("r"):
            parent.getparent().remove(parent)
        else:
            parent.remove(found)
    return block


def _comments_part(package: SafePackage) -> str:
    """Where the office's file keeps its comments: the part its main part relates to (another
    program may have named it otherwise), or where the merge puts them."""
    relationships = package.xml(DOCUMENT_RELS)
    for relationship in relationships.iter() if relationships is not None else ():
        if relationship.get("Type") == COMMENTS_RELATIONSHIP and relationship.get("TargetMode") != "External":
            target = relationship.get("Target") or ""
            return target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"word/{target}")
    return COMMENTS


def _with_comments(comments: Element, part: str, notes: list[tuple[Element, str]], stamp: str, first_id: int) -> tuple[Element, dict[str, bytes]]:
    """The comments part with one comment per note, each anchored on its block's first paragraph."""
    if not notes:
        return comments, {}
    if comments is None:
        comments = etree.Element(w("comments"), nsmap={"w": w("")[1:-1]})
    used = [int(c.get(w("id"))) for c in comments.iter(w("comment")) if (c.get(w("id")) or "").isdigit()]
    number = max(used + [first_id - 1]) + 1
    for block, text in notes:
        paragraph = block if block.tag == w("p") else next(block.iter(w("p")))
        comment_range(paragraph, number)
        comments.append(comment(number, text, AUTHOR, stamp))
        number += 1
    return comments, {part: etree.tostring(comments, xml_declaration=True, encoding="UTF-8", standalone=True)}


def _package(original: bytes, parts: dict[str, bytes], add_comments: bool) -> bytes:
    """The office's package with the rewritten parts; a comments part added where it had none
    (declared in the content types and related from the main part)."""
    if add_comments:
        with zipfile.ZipFile(io.BytesIO(original)) as source:
            names = set(source.namelist())
            for name in (CONTENT_TYPES, DOCUMENT_RELS):
                # A main part related to nothing may have no relationships part at all.
                content = source.read(name) if name in names else EMPTY[name]
                parts[name] = declaring_comments(name, content)
    return rewritten(original, parts)
