"""The document tree: what a Party document says, with no layout and no province in it.

Built by `compose`, written by `docx_writer`, dumped as text by `dump` for golden tests.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Text:
    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Placeholder:
    """A fact the province file does not give yet; shown highlighted, listed, blocks --final."""

    label: str
    field: str | None = None      # where the province file gives it ("lhh.members"), when it is one field


@dataclass(frozen=True)
class Break:
    """A boundary between two phrases of a text the writer lays out in lines (the trích yếu): a line
    may break here and never inside a phrase. Unbroken, it is the space it stands for (`text`), so
    what only reads the words of a text reads it right."""

    text: str = " "


Inline = Text | Placeholder | Break


@dataclass(frozen=True)
class Heading:
    level: int          # 1: "I- …", 2: "1. …", 3: "a) …"
    ordinal: int
    content: tuple[Inline, ...]


@dataclass(frozen=True)
class Paragraph:
    content: tuple[Inline, ...]
    marker: str = ""    # "- " or "+ " for list items, "" for prose
    ordinal: int | None = None   # numbered paragraph ("1. Các huyện ủy …") with a plain label


Cell = tuple[Inline, ...]


@dataclass(frozen=True)
class Table:
    """A table of the body: a header row, repeated on every page the table spans, and rows of cells
    with as many cells as the header; `widths` are relative column widths (() = equal)."""

    header: tuple[Cell, ...]
    rows: tuple[tuple[Cell, ...], ...]
    widths: tuple[float, ...] = ()

    @property
    def content(self) -> tuple[Inline, ...]:
        """The words of every cell in reading order, a space apart: what reads a block's words
        (placeholder lists, searches) reads a table's."""
        runs: list[Inline] = []
        for row in (self.header,) + self.rows:
            for cell in row:
                if runs:
                    runs.append(Text(" "))
                runs.extend(cell)
        return tuple(runs)


Block = Heading | Paragraph | Table


@dataclass(frozen=True)
class Note:
    """A word to the editor, not part of the text: written as a Word comment on the block that
    follows it (`Document.comments`), so it never prints and leaves with a click."""

    text: str


@dataclass(frozen=True)
class Comment:
    """A note anchored to the body block at index `block`."""

    block: int
    text: str


@dataclass(frozen=True)
class Header:
    issuer: str                   # "Tỉnh ủy Thanh Hóa" (case applied by the writer)
    number: int | None
    kind_symbol: str              # "CTr" in Số 05-CTr/TU
    issuer_symbol: str            # "TU"
    place: str
    date: dt.date | None
    year: int                     # shown in a draft's blank date line
    draft_marker: str | None      # "Dự thảo" / "Dự thảo lần 2"


@dataclass(frozen=True)
class Signature:
    authority: str                # "T/M Ban Thường vụ"
    position: str                 # "Phó Bí thư"
    name: tuple[Inline, ...]


@dataclass(frozen=True)
class Document:
    header: Header
    kind: str                     # "Chương trình"
    subject: tuple[Inline, ...]
    body: tuple[Block, ...]
    signature: Signature
    recipients: tuple[tuple[Inline, ...], ...]   # one line each; a placeholder stays highlighted
    title: str = ""               # core property title
    unconfirmed_names: tuple[str, ...] = ()   # names of organisations the reference could not confirm
    # The draft's own defaults (judgements, deadlines, years, the general aim), each with the field
    # of the province file that replaces it: listed by `validate --completeness` until replaced.
    defaults: tuple[tuple[str, str], ...] = ()
    comments: tuple[Comment, ...] = ()        # notes to the editor, as Word comments

    def placeholders(self) -> list[Placeholder]:
        """Every placeholder in reading order (duplicates kept: each is a hole to fill)."""
        return [inline for inline in _inlines(self) if isinstance(inline, Placeholder)]

    def placeholder_labels(self) -> list[str]:
        """The labels of `placeholders()`."""
        return [placeholder.label for placeholder in self.placeholders()]


def _inlines(document: Document) -> Iterator[Inline]:
    yield from document.subject
    for block in document.body:
        yield from block.content
    yield from document.signature.name
    for recipient in document.recipients:
        yield from recipient


def dump(document: Document) -> str:
    """A stable, reviewable text form of the tree for golden files."""
    out = []
    h = document.header
    out.append(f"header.issuer: {h.issuer}")
    out.append(f"header.number: {h.number if h.number is not None else '(trống)'} {h.kind_symbol}/{h.issuer_symbol}")
    out.append(f"header.place_date: {h.place}, {h.date.isoformat() if h.date else '(trống)'}"
               f"{'' if h.date else f' năm {h.year}'}")
    out.append(f"header.draft: {h.draft_marker or '(không)'}")
    out.append(f"kind: {document.kind}")
    out.append(f"subject: {_inline_text(document.subject)}")
    for index, block in enumerate(document.body):
        out.extend(f"comment: {comment.text}" for comment in document.comments if comment.block == index)
        if isinstance(block, Table):
            out.extend(_table_lines(block))
        elif isinstance(block, Heading):
            out.append(f"{'#' * block.level} [{block.ordinal}] {_inline_text(block.content)}")
        elif block.ordinal is not None:
            out.append(f"#. [{block.ordinal}] {_inline_text(block.content)}")
        else:
            out.append(f"{block.marker or '¶ '}{_inline_text(block.content)}")
    s = document.signature
    out.append(f"signature: {s.authority} / {s.position} / {_inline_text(s.name)}")
    for recipient in document.recipients:
        out.append(f"recipient: {_inline_text(recipient)}")
    return "\n".join(out) + "\n"


def _table_lines(table: Table) -> list[str]:
    """A table much as the markup writes one: relative widths ("|="), the header row (marked "|!"
    here only), the rows."""
    lines = [f"|= {' | '.join(f'{width:g}' for width in table.widths)}"] if table.widths else []
    lines.append("|! " + " | ".join(_inline_text(cell) for cell in table.header))
    lines.extend("| " + " | ".join(_inline_text(cell) for cell in row) for row in table.rows)
    return lines


def _inline_text(content: tuple[Inline, ...]) -> str:
    parts = []
    for inline in content:
        if isinstance(inline, Break):
            parts.append(" | ")
        elif isinstance(inline, Placeholder):
            parts.append(f"[[{inline.label}]]")
        elif inline.bold and inline.italic:
            parts.append(f"***{inline.text}***")
        elif inline.bold:
            parts.append(f"**{inline.text}**")
        elif inline.italic:
            parts.append(f"*{inline.text}*")
        else:
            parts.append(inline.text)
    return "".join(parts)
