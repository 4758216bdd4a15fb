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
import difflib
import io
import zipfile
from dataclasses import dataclass

from lxml import etree

from generator.check.reader import SafePackage, w
from generator.revise.redline import AUTHOR, BODY, alike, blocks, body_of, first_free_id, own_date, rewritten
from generator.write.ooxml import comment, comment_range
from generator.write.package import COMMENTS, CONTENT_TYPES, DOCUMENT_RELS, declaring_comments

STYLES = "word/styles.xml"
CONFLICT = "Bản dựng mới: {text}"
DROPPED = "Bản dựng mới không còn đoạn này; Văn phòng đã sửa đoạn này nên đoạn được giữ lại."


@dataclass
class Merged:
    data: bytes
    kept: int = 0          # blocks with the office's edits
    taken: int = 0         # blocks the new data changed or added
    conflicts: int = 0     # blocks both changed: the office's kept, with a comment


def _text(block) -> str:
    """What a reader sees of a block (text deleted in tracked changes is not)."""
    return "".join(t.text or "" for t in block.iter(w("t")))


def _mapping(base: list, other: list) -> tuple[list[tuple[str, int | None]], dict[int, list[int]]]:
    """For each base block: ("same" | "changed", its index in `other`) or ("gone", None); and the
    blocks `other` adds, by the base index they follow (-1: the start)."""
    keys_b, keys_o = [_text(b) for b in base], [_text(b) for b in other]
    status: list[tuple[str, int | None]] = [("gone", None)] * len(base)
    added: dict[int, list[int]] = {}
    matcher = difflib.SequenceMatcher(None, keys_b, keys_o, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            for k in range(i2 - i1):
                status[i1 + k] = ("same", j1 + k)
            continue
        last = i1 - 1
        i = i1
        for j in range(j1, j2):
            match = next((k for k in range(i, i2) if base[k].tag == other[j].tag and alike(keys_b[k], keys_o[j])),
                         None)
            if match is None:
                added.setdefault(last, []).append(j)
                continue
            status[match] = ("same" if keys_b[match] == keys_o[j] else "changed", j)
            last, i = match, match + 1
    return status, added


def _merge_sequence(b: list, o: list, t: list, merged: Merged, notes: list, taken: list) -> list:
    """Three sequences of blocks (or of a table's rows) → the merged one (see the module's text).
    A table both changed is merged row by row, a row both changed keeps the office's."""
    in_ours, ours_added = _mapping(b, o)
    in_theirs, theirs_added = _mapping(b, t)
    result: list = []

    def take(block) -> None:
        taken.append(_taken(block))
        result.append(taken[-1])
        merged.taken += 1

    def added_after(i: int) -> None:
        result.extend(o[j] for j in ours_added.get(i, []))
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
        elif o_state == "changed" and t_state == "changed" and _text(o[oj]) != _text(t[tj]):
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


def _merged_table(base, ours, theirs, merged: Merged, notes: list, taken: list):
    """The office's table with its rows merged against the new draft's."""
    rows = _merge_sequence(base.findall(w("tr")), ours.findall(w("tr")), theirs.findall(w("tr")), merged, notes, taken)
    for row in ours.findall(w("tr")):
        ours.remove(row)
    for row in rows:
        ours.append(row)
    return ours


def merge(base: bytes, ours: bytes, theirs: bytes, names: tuple[str, str, str] = ("base", "ours", "theirs"),
          date: dt.date | None = None) -> Merged:
    packages = [SafePackage(data, name) for data, name in zip((base, ours, theirs), names)]
    bodies = [body_of(package) for package in packages]
    merged = Merged(b"")
    notes: list[tuple[object, str]] = []          # (block, comment text)
    taken: list = []                               # blocks of the new draft, which may use its styles
    ours_blocks = blocks(bodies[1])
    result = _merge_sequence(blocks(bodies[0]), ours_blocks, blocks(bodies[2]), merged, notes, taken)
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
    document = packages[1].xml(BODY)
    comments = packages[1].xml(COMMENTS)
    # Dated as the new draft is (its own date): the same three files give the same bytes.
    stamp = f"{(date or own_date(packages[2]) or dt.date.today()).isoformat()}T00:00:00Z"
    comments, parts = _with_comments(comments, notes, stamp, first_free_id(body))
    parts[BODY] = etree.tostring(document, xml_declaration=True, encoding="UTF-8", standalone=True)
    styles = _with_styles(packages[1].xml(STYLES), packages[2].xml(STYLES), taken)
    if styles is not None:
        parts[STYLES] = etree.tostring(styles, xml_declaration=True, encoding="UTF-8", standalone=True)
    merged.data = _package(ours, parts, add_comments=packages[1].xml(COMMENTS) is None and bool(notes))
    return merged


STYLE_REFERENCES = (w("pStyle"), w("rStyle"), w("tblStyle"))


def _with_styles(ours, theirs, blocks: list):
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


def _taken(block):
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


def _with_comments(comments, notes: list[tuple[object, str]], stamp: str, first_id: int) -> tuple[object, dict]:
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
    return comments, {COMMENTS: etree.tostring(comments, xml_declaration=True, encoding="UTF-8", standalone=True)}


def _package(original: bytes, parts: dict[str, bytes], add_comments: bool) -> bytes:
    """The office's package with the rewritten parts; a comments part added where it had none
    (declared in the content types and related from the main part)."""
    if add_comments:
        with zipfile.ZipFile(io.BytesIO(original)) as source:
            for name in (CONTENT_TYPES, DOCUMENT_RELS):
                parts[name] = declaring_comments(name, source.read(name))
    return rewritten(original, parts)
