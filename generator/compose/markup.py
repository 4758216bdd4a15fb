"""Light text markup (what templates render to) → document tree blocks.

The markup, one block per paragraph, paragraphs separated by blank lines (lines of one
paragraph are joined with a space, so templates can wrap long sentences):

    # Mục đích, yêu cầu        heading level 1, numbered I-, II- …
    ## Mục đích                heading level 2, numbered 1., 2. …
    ### Đối với cấp ủy         heading level 3, numbered a), b) …
    #. Các huyện ủy …          numbered paragraph (plain), sharing the level-2 counter
    - Tổ chức quán triệt …     dash item
    + Hội thi …                plus item (one level below a dash)
    Ngày 20/11/2020, …         prose paragraph
    % Cần kiểm tra …           a note to the editor on the next block (a Word comment, never printed)

A table is a block of lines starting with "|", one row each; the first row is the header row
(bold, repeated on every page the table spans). Cells are separated by "|"; a final "|" is
optional. An optional first line "|=" gives relative column widths (the writer scales them to
the text width; without it the columns are equal). A line not starting with "|" continues the
row above (joined with a space), so long rows can wrap in a template: wrap after a "|" or inside
a cell, never just before a "|", since a line starting with one is a new row. A blank line or a
heading, item or numbered paragraph ends the table:

    |= 5 | 2 | 2 | 1.5 | 2
    | Nhiệm vụ | Đơn vị chủ trì | Phối hợp | Thời gian | Sản phẩm
    | Tổ chức hội nghị quán triệt | Văn phòng | Các hội thành viên | Quý I | Hội nghị
    | Tuyên truyền trên trang thông tin điện tử
    của Liên hiệp Hội | Văn phòng | | Thường xuyên | Tin, bài

Inline, in paragraphs and cells: **bold**, *italic*, [[placeholder label]]; a backslash makes the
next character literal ("\\|" is a bar inside a cell). Values from province files are passed
through `escape`, so nothing a user types can become markup: not a heading, not a cell.

The trích yếu (`parse_subject`) is written one phrase per line: a line is a phrase the writer
never breaks a line inside; it breaks the trích yếu into lines at the phrase boundaries.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from generator.cache import Kept
from generator.i18n import _
from generator.tree import Block, Break, Cell, Heading, Inline, Note, Paragraph, Placeholder, Table, Text

SPECIAL = set("\\*[]#-+|%")
# "[[label::goals.members]]": a placeholder and the key path of the field that fills it. A label
# never ends so; a key path is lowercase words and dots.
FIELD_MARK = "::"
_FIELD = re.compile(r"^(.*)::([a-z0-9_]+(?:\.[a-z0-9_]+)*)$", re.S)
_HEADING = re.compile(r"(#{1,3}) (.*)", re.S)
_BLOCK_START = re.compile(r"(#{1,3} |#\. |- |\+ |% )")
_INLINE = re.compile(r"\\(.)|\[\[(.+?)\]\]|\*\*(.+?)\*\*|\*(.+?)\*", re.S)


class MarkupError(ValueError):
    """Malformed markup: the 1-based line of the rendered text, and the piece of text at fault
    (the composer finds the template line that wrote it)."""

    def __init__(self, message: str, line: int, fragment: str = ""):
        super().__init__(message)
        self.line = line
        self.fragment = fragment


def escape(value: str) -> str:
    """Make a value literal in markup: special characters backslashed, whitespace runs folded.
    Every value a template writes passes here, most of them many times over (the province's name,
    its bodies' names): each distinct one is escaped once."""
    escaped = _ESCAPED_VALUES.get(value)
    if escaped is None:
        escaped = _ESCAPED_VALUES.keep(value, _WHITESPACE.sub(" ", value).translate(_ESCAPED))
    return escaped


MAX_KEPT_TEXTS = 4_000
_ESCAPED_VALUES: Kept[str, str] = Kept(MAX_KEPT_TEXTS)


_WHITESPACE = re.compile(r"\s+")
_ESCAPED = str.maketrans({ch: "\\" + ch for ch in SPECIAL})


def parse_blocks(markup: str) -> list[Block | Note]:
    """Parse rendered markup into numbered blocks (and notes, each before the block it is on)."""
    blocks: list[Block | Note] = []
    counters = [0, 0, 0, 0]
    for lines in _groups(markup):
        first_line = lines[0][0]
        if lines[0][1].startswith("|"):
            blocks.append(_table(lines))
            continue
        text = " ".join(line for _, line in lines)
        heading = _HEADING.match(text)
        if heading:
            level = len(heading.group(1))
            counters[level] += 1
            for deeper in range(level + 1, 4):
                counters[deeper] = 0
            blocks.append(Heading(level, counters[level], parse_inline(heading.group(2), first_line)))
        elif text.startswith("#. "):
            counters[2] += 1
            counters[3] = 0
            blocks.append(Paragraph(parse_inline(text[3:], first_line), ordinal=counters[2]))
        elif text.startswith("% "):
            blocks.append(Note(_unescape(text[2:])))
        elif text.startswith(("- ", "+ ")):
            blocks.append(Paragraph(parse_inline(text[2:], first_line), marker=text[:2]))
        elif text.startswith("#"):
            raise MarkupError(_("dòng bắt đầu bằng '#' không phải đề mục hợp lệ: {text}", text=repr(text[:40])),
                              first_line, text[:20])
        else:
            blocks.append(Paragraph(parse_inline(text, first_line)))
    return blocks


def parse_subject(markup: str) -> tuple[Inline, ...]:
    """The trích yếu: one phrase per line, phrases joined by a `Break` where the writer may end a
    line (and nowhere else)."""
    runs: list[Inline] = []
    for number, line in enumerate(markup.splitlines(), 1):
        if not line.strip():
            continue
        if runs:
            runs.append(Break())
        runs.extend(parse_inline(" ".join(line.split()), number))
    return tuple(runs)


def _table(lines: list[tuple[int, str]]) -> Table:
    """A table block: rows from the lines starting with "|", continuation lines joined to the row
    above; the "|=" line, if first, gives the relative widths."""
    widths_line = lines[0] if lines[0][1].startswith("|=") else None
    rows: list[tuple[int, str]] = []
    for number, line in lines[1:] if widths_line else lines:
        if line.startswith("|="):
            raise _bad_table_line(number, line)      # widths come first, once
        if line.startswith("|"):
            rows.append((number, line))
        elif rows:
            rows[-1] = (rows[-1][0], f"{rows[-1][1]} {line}")
        else:
            raise _bad_table_line(number, line)      # a continuation with no row to continue
    if not rows:
        raise _bad_table_line(*lines[0])             # widths, and no header row
    cells = [_cells(text, number) for number, text in rows]
    columns = len(cells[0])
    for (number, text), row in zip(rows, cells):
        if len(row) != columns:
            raise MarkupError(_("hàng của bảng có {count} ô, hàng tiêu đề có {columns}", count=len(row),
                                columns=columns), number, text[:20])
    widths = _widths(*widths_line) if widths_line else ()
    if widths_line and len(widths) != columns:
        raise _bad_table_line(*widths_line)
    return Table(cells[0], tuple(cells[1:]), widths)


def _widths(number: int, line: str) -> tuple[float, ...]:
    """ "|= 5 | 2 | 1.5" → (5, 2, 1.5): positive numbers."""
    try:
        widths = tuple(float(piece) for piece in line[2:].strip().strip("|").split("|"))
    except ValueError:
        widths = ()
    if not widths or any(width <= 0 for width in widths):
        raise _bad_table_line(number, line)
    return widths


def _bad_table_line(number: int, line: str) -> MarkupError:
    return MarkupError(_("dòng của bảng không đúng dạng (xem generator/compose/markup.py): {text}",
                         text=repr(line[:40])), number, line[:20])


def _cells(text: str, line: int) -> tuple[Cell, ...]:
    """The cells of one row: split at the bars that are not escaped; a final bar is optional."""
    pieces, current, escaped = [], [], False
    for ch in text[1:]:
        if escaped:
            current.append(ch)
            escaped = False
        elif ch == "\\":
            current.append(ch)
            escaped = True
        elif ch == "|":
            pieces.append("".join(current))
            current = []
        else:
            current.append(ch)
    last = "".join(current)
    if last.strip() or not pieces:
        pieces.append(last)
    return tuple(parse_inline(piece.strip(), line) for piece in pieces)


def parse_inline(text: str, line: int = 1) -> tuple[Inline, ...]:
    """Split a paragraph's text into runs; adjacent runs of the same look are merged.

    The runs are immutable and depend on the text alone (`line` only places an error): a text
    parsed before (a batch's drafts share most of their paragraphs) is not parsed again."""
    parsed = _PARSED.get(text)
    if parsed is None:
        parsed = _PARSED.keep(text, _parse_inline(text, line))
    return parsed


_PARSED: Kept[str, tuple[Inline, ...]] = Kept(MAX_KEPT_TEXTS)


def _parse_inline(text: str, line: int) -> tuple[Inline, ...]:
    runs: list[Inline] = []
    position = 0
    for match in _INLINE.finditer(text):
        _literal(runs, text[position:match.start()], line)
        escaped, placeholder, bold, italic = match.groups()
        if escaped is not None:
            _append(runs, Text(escaped))
        elif placeholder is not None:
            label = _unescape(placeholder)
            field = _FIELD.match(label)
            runs.append(Placeholder(field.group(1), field.group(2)) if field else Placeholder(label))
        elif bold is not None:
            for run in parse_inline(bold, line):
                _append(runs, Text(run.text, bold=True, italic=run.italic) if isinstance(run, Text) else run)
        else:
            for run in parse_inline(italic, line):
                _append(runs, Text(run.text, bold=run.bold, italic=True) if isinstance(run, Text) else run)
        position = match.end()
    _literal(runs, text[position:], line)
    return tuple(runs)


def _literal(runs: list[Inline], text: str, line: int) -> None:
    if not text:
        return
    for ch in "*[]":
        if ch in text:
            at = text.index(ch)
            raise MarkupError(_("ký tự {char} không khớp cặp trong: {text}", char=repr(ch), text=repr(text[:60])), line,
                              text[max(0, at - 12):at + 1])
    _append(runs, Text(text))


def _append(runs: list[Inline], run: Inline) -> None:
    last = runs[-1] if runs else None
    if (isinstance(run, Text) and isinstance(last, Text)
            and (last.bold, last.italic) == (run.bold, run.italic)):
        runs[-1] = Text(last.text + run.text, last.bold, last.italic)
    else:
        runs.append(run)


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def _groups(markup: str) -> Iterator[list[tuple[int, str]]]:
    """Yield the lines of each block as (line number, stripped text) pairs: blocks are separated by
    blank lines and begin at a heading, item or numbered paragraph, or at a table's first row."""
    lines: list[tuple[int, str]] = []
    for number, raw in enumerate(markup.splitlines(), 1):
        line = raw.strip()
        in_table = bool(lines) and lines[0][1].startswith("|")
        starts_block = bool(_BLOCK_START.match(line)) or (line.startswith("|") and not in_table)
        if not line or (starts_block and lines):
            if lines:
                yield lines
                lines = []
            if not line:
                continue
        lines.append((number, line))
    if lines:
        yield lines
