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

Inline: **bold**, *italic*, [[placeholder label]]; a backslash makes the next character
literal. Values from province files are passed through `escape`, so nothing a user types can
become markup.
"""
from __future__ import annotations

import re

from generator.tree import Block, Heading, Inline, Paragraph, Placeholder, Text
from generator.i18n import _

SPECIAL = set("\\*[]#-+")
_INLINE = re.compile(r"\\(.)|\[\[(.+?)\]\]|\*\*(.+?)\*\*|\*(.+?)\*", re.S)


class MarkupError(ValueError):
    """Malformed markup: the 1-based line of the rendered text, and the piece of text at fault
    (the composer finds the template line that wrote it)."""

    def __init__(self, message: str, line: int, fragment: str = ""):
        super().__init__(message)
        self.line = line
        self.fragment = fragment


def escape(value: str) -> str:
    """Make a value literal in markup: special characters backslashed, whitespace runs folded."""
    folded = re.sub(r"\s+", " ", value)
    return "".join("\\" + ch if ch in SPECIAL else ch for ch in folded)


def parse_blocks(markup: str) -> list[Block]:
    """Parse rendered markup into numbered blocks."""
    blocks: list[Block] = []
    counters = [0, 0, 0, 0]
    for first_line, text in _paragraphs(markup):
        heading = re.match(r"(#{1,3}) (.*)", text, re.S)
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
        elif text.startswith(("- ", "+ ")):
            blocks.append(Paragraph(parse_inline(text[2:], first_line), marker=text[:2]))
        elif text.startswith("#"):
            raise MarkupError(_("dòng bắt đầu bằng '#' không phải đề mục hợp lệ: {text}", text=repr(text[:40])),
                              first_line, text[:20])
        else:
            blocks.append(Paragraph(parse_inline(text, first_line)))
    return blocks


def parse_subject(markup: str) -> tuple[Inline, ...]:
    """The trích yếu: its lines joined into one run of text."""
    return parse_inline(" ".join(markup.split()))


def parse_inline(text: str, line: int = 1) -> tuple[Inline, ...]:
    """Split a paragraph's text into runs; adjacent runs of the same look are merged."""
    runs: list[Inline] = []
    position = 0
    for match in _INLINE.finditer(text):
        _literal(runs, text[position:match.start()], line)
        escaped, placeholder, bold, italic = match.groups()
        if escaped is not None:
            _append(runs, Text(escaped))
        elif placeholder is not None:
            runs.append(Placeholder(_unescape(placeholder)))
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


def _paragraphs(markup: str):
    """Yield (first line number, joined text) for each paragraph."""
    lines: list[str] = []
    start = 0
    for number, raw in enumerate(markup.splitlines(), 1):
        line = raw.strip()
        starts_block = bool(re.match(r"(#{1,3} |#\. |- |\+ )", line))
        if not line or (starts_block and lines):
            if lines:
                yield start, " ".join(lines)
                lines = []
            if not line:
                continue
        if not lines:
            start = number
        lines.append(line)
    if lines:
        yield start, " ".join(lines)
