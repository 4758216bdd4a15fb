"""Document tree + profile → .docx bytes (deterministic: same tree, same bytes).

Knows nothing about provinces: every size, margin, case and word of the frame comes from the
profile; every paragraph gets a named style of the profile ("HD36 body") so a văn thư can adjust
the layout in Word once for the whole document.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import importlib.util
import io
import itertools
import re
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree

from generator.cache import Kept, cache_dir
from generator.dates import document_date
from generator.elements import Element
from generator.files import write_atomic
from generator.profiles import formats
from generator.profiles.profile import FrameLine, Profile, Style, TextConventions
from generator.tree import Break, Document, Heading, Inline, Paragraph, Placeholder, Table, Text
from generator.write import measure, ooxml, package
from generator.write.lines import break_lines
from generator.write.package import Parts, Template, stored_zip

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

NO_BREAK_SPACE = "\u00a0"
# Frame lines written as plain runs: fixed texts of the profile that contain nothing to protect
# from line breaking.
PLAIN_RUNS = {"party_title", "motto"}


def write_docx(document: Document, profile: Profile) -> bytes:
    """Lay the document out per the profile and return the .docx file's bytes."""
    key = _key(profile)
    if key not in _OPENED:
        template = Template(reference_docx(profile))
        _OPENED[key] = (template, {role: template.style_ids[profile.style_name(role)] for role in profile.styles},
                        Kept(MAX_KEPT_PARAGRAPHS))
    template, style_ids, written = _OPENED[key]
    parts = template.parts()
    writer = _Writer(parts, profile, style_ids, written)
    writer.page_headers(document)
    frame = writer.frame_texts(document)
    writer.frame_header(frame)
    writer.title(document, frame)
    writer.body(document)
    writer.signature_block(document)
    _core_properties(parts.core, document, profile)
    if document.comments:
        parts.comments = ooxml.comments([comment.text for comment in document.comments], COMMENT_AUTHOR,
                                        _stamp(document).isoformat() + "Z")
    return template.save(parts)


# Who the editor's notes are from in Word's Review pane: the tool, not a person.
COMMENT_AUTHOR = "chuongtrinh"


def reference_docx(profile: Profile) -> bytes:
    """An empty document carrying the profile's page setup and styles (pandoc's reference.docx),
    made once per process and profile: every document starts from a copy of it."""
    key = _key(profile)
    if key not in _REFERENCES:
        _REFERENCES[key] = _cached_reference(key, profile)
    return _REFERENCES[key]


def _cached_reference(key: str, profile: Profile) -> bytes:
    """The reference from the cache folder, made and stored there when absent. Its name hashes
    what makes it: the profile, this writer's code and python-docx's version (its default
    template is the reference's base)."""
    folder = cache_dir("reference")
    if folder is None:
        return _make_reference(profile)
    code = b"".join(Path(str(module.__file__)).read_bytes() for module in (sys.modules[__name__], ooxml, package))
    # python-docx's version, from the file that declares it: found, not imported, nor its metadata parsed.
    spec = importlib.util.find_spec("docx")
    library = Path(spec.origin).read_bytes() if spec is not None and spec.origin else b""
    digest = hashlib.sha256(key.encode() + code + library).hexdigest()
    path = folder / f"{digest}.docx"
    try:
        data = path.read_bytes()
        if zipfile.ZipFile(io.BytesIO(data)).testzip() is None:
            return data
    except (OSError, zipfile.BadZipFile):
        pass
    data = _make_reference(profile)     # absent, or damaged since it was written: made again
    try:
        write_atomic(path, data)
    except OSError:
        pass
    return data


def _key(profile: Profile) -> str:
    """A profile's contents as a key (two profiles may share an id), made once for each profile object
    a run holds (loaded once, kept)."""
    known = _KEYS.get(id(profile))
    if known is None or known[0] is not profile:
        if len(_KEYS) >= 64:         # profiles made on the fly (a test's variants) are not kept for ever
            _KEYS.clear()
        known = _KEYS[id(profile)] = (profile, profile.model_dump_json())
    return known[1]


_KEYS: dict[int, tuple[Profile, str]] = {}     # id → (the profile, held so that its id stays its own; its key)
_REFERENCES: dict[str, bytes] = {}
# The reference as a Template, its style ids by role, and the paragraphs written with it so far.
_OPENED: dict[str, tuple[Template, dict[str, str], Kept[tuple[object, ...], Element]]] = {}
# A batch's drafts share most of their paragraphs (the body of the Kết luận): each distinct one is
# made once per profile and copied after (lxml copies a paragraph in a few microseconds; making
# it, run by run, takes ten times as long). Bounded for a long-running process.
MAX_KEPT_PARAGRAPHS = 4_000


def _make_reference(profile: Profile) -> bytes:
    """python-docx's default document pruned, with the profile's page, styles and page headers (a
    different first page): python-docx is imported here only, when a reference is made."""
    import docx

    word = docx.Document()
    _prune(word)
    _page(word, profile)
    _styles(word, profile)
    section = word.sections[0]
    # Asking for them makes them, in this order: page 1's header, the others', the core properties.
    _ = section.first_page_header.part, section.header.part, word.core_properties
    buffer = io.BytesIO()
    word.save(buffer)
    saved = zipfile.ZipFile(buffer)
    return stored_zip((name, saved.read(name)) for name in saved.namelist())    # without python-docx's clock


# Parts of python-docx's default template a Party document does not use: a thumbnail of
# python-docx's own sample page, Word 2010 style duplicates, bibliography sources.
UNUSED_RELATIONSHIPS = ("thumbnail", "stylesWithEffects", "customXml")
BUILT_IN_STYLES = {"Normal", "DefaultParagraphFont", "TableNormal", "NoList"}


def _prune(word: DocxDocument) -> None:
    from docx.oxml.ns import qn

    for owner in (word.part.package, word.part):
        for r_id, relationship in list(owner.rels.items()):
            if relationship.reltype.rsplit("/", 1)[-1] in UNUSED_RELATIONSHIPS:
                owner.rels.pop(r_id)
    styles = word.styles.element
    latent = styles.find(qn("w:latentStyles"))
    if latent is not None:
        styles.remove(latent)
    for style in styles.findall(qn("w:style")):
        if style.get(qn("w:styleId")) not in BUILT_IN_STYLES:
            styles.remove(style)


def _page(word: DocxDocument, profile: Profile) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Twips

    page = profile.page
    section = word.sections[0]
    section.page_width, section.page_height = Twips(page.width), Twips(page.height)
    section.top_margin, section.bottom_margin = Twips(page.margin_top), Twips(page.margin_bottom)
    section.left_margin, section.right_margin = Twips(page.margin_left), Twips(page.margin_right)
    section.header_distance = section.footer_distance = Twips(page.header_distance)
    section.gutter = Twips(0)
    section.different_first_page_header_footer = True
    body = word.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def _styles(word: DocxDocument, profile: Profile) -> None:
    from docx.shared import Pt

    page = profile.page
    body_size = profile.style("body").size
    ooxml.doc_defaults(word.styles.element, page.font, round(body_size * 2), page.language)
    normal = word.styles["Normal"]
    normal.font.name = page.font
    normal.font.size = Pt(body_size)
    for role, style in profile.styles.items():
        _paragraph_style(word, role, style, profile)


def _paragraph_style(word: DocxDocument, role: str, style: Style, profile: Profile) -> None:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Pt, Twips

    align = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
             "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}
    word_style = word.styles.add_style(profile.style_name(role), WD_STYLE_TYPE.PARAGRAPH)
    word_style.base_style = word.styles["Normal"]
    word_style.quick_style = True
    font = word_style.font
    font.name = profile.page.font
    font.size = Pt(style.size)
    font.bold, font.italic, font.underline = style.bold, style.italic, style.underline
    fmt = word_style.paragraph_format
    fmt.alignment = align[style.align]
    fmt.first_line_indent = Twips(style.first_line_indent)
    fmt.left_indent = fmt.right_indent = Twips(0)
    fmt.space_before, fmt.space_after = Twips(style.space_before), Twips(style.space_after)
    if style.line_exact is not None:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Twips(style.line_exact)
    else:
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    fmt.keep_with_next = style.keep_with_next
    fmt.widow_control = True
    ooxml.r_fonts(word_style.element.get_or_add_rPr(), profile.page.font)


class _Writer:
    """Adds the parts of one document in reading order."""

    def __init__(self, parts: Parts, profile: Profile, style_ids: dict[str, str],
                 written: Kept[tuple[object, ...], Element]):
        self.parts = parts
        self.written = written
        self.main = parts.body      # w:body: where the blocks go, before its w:sectPr
        self.profile = profile
        self.text = profile.text
        self.no_break_hyphen = re.compile(profile.text.no_break_hyphen)
        self.no_break_spans = re.compile(profile.text.no_break_spans)
        self.style_ids = style_ids
        self.highlight = ooxml.HIGHLIGHTS[profile.placeholder.highlight]

    def set_style(self, paragraph: Element, role: str) -> None:
        ooxml.p_style(paragraph, self.style_ids[role])

    def add_run(self, paragraph: Element, text: str, *, bold: bool = False, italic: bool = False, highlight: str | None = None) -> Element:
        """A run (its w:r element) whose line breaks follow the profile's no-break conventions."""
        hyphens = []
        if "-" in text:     # both conventions are about hyphens: most runs have none
            if self.text.no_break_before_dash:
                text = text.replace(" - ", "\u00a0- ")
            hyphens = [m.start() for m in self.no_break_hyphen.finditer(text)]
        run = ooxml.r(paragraph, bold=bold, italic=italic, highlight=highlight)
        ooxml.t_with_no_break_hyphens(run, text, hyphens)
        return run

    def paragraph(self, container: Element, role: str, content: tuple[Inline, ...] | str = "", label: str = "") -> Element:
        key = (role, content, label)
        made = self.written.get(key)
        if made is not None:
            paragraph = made.__copy__()      # (lxml copies the whole subtree)
            ooxml.place(container, paragraph)
            return paragraph
        paragraph = self._paragraph(container, role, content, label)
        self.written.keep(key, paragraph.__copy__())
        return paragraph

    def _paragraph(self, container: Element, role: str, content: tuple[Inline, ...] | str, label: str) -> Element:
        paragraph = ooxml.p(container, self.style_ids[role])      # in the body or in a cell
        upper = self.profile.style(role).case == "upper"
        if label:
            self.add_run(paragraph, label)
        if isinstance(content, str):
            content = (Text(content),)
        for inline in content:
            self._run(paragraph, inline, upper)
        return paragraph

    def _run(self, paragraph: Element, inline: Inline, upper: bool) -> None:
        if isinstance(inline, Break):      # a phrase boundary outside a text set in lines: its space
            self.add_run(paragraph, inline.text)
            return
        if isinstance(inline, Placeholder):
            self.add_run(paragraph, f"{self.text.placeholder_open}{inline.label}{self.text.placeholder_close}",
                         highlight=self.highlight)
            return
        self.add_run(paragraph, formats.upper(inline.text) if upper else inline.text, bold=inline.bold,
                     italic=inline.italic)

    def page_headers(self, document: Document) -> None:
        first = ooxml.first_paragraph(self.parts.first_page_header)
        self.set_style(first, "draft_marker")
        if document.header.draft_marker and not self._frame_places("draft_marker"):
            ooxml.plain_run(first, document.header.draft_marker)
        number = ooxml.first_paragraph(self.parts.header)
        self.set_style(number, "page_number")
        ooxml.fld_page(number)

    def _frame_places(self, element: str) -> bool:
        return any(line.element == element for row in self.profile.frame.header for line in row.left + row.right)

    def frame_header(self, texts: dict[str, str]) -> None:
        """The header blocks of page 1, row by row as the profile's frame places them (HD 36: issuer,
        *, number | Party title, rule, place and date)."""
        rows = self.profile.frame.header
        layout = header_layout(self.profile, texts)
        table = ooxml.tbl(self.main, len(rows), 2, self.profile.page.text_width)
        ooxml.tbl_borderless_fixed(table, [layout.left, layout.right], self.profile.header.cell_padding)
        for row, cells in zip(rows, map(ooxml.cells, ooxml.rows(table))):
            for lines, cell, width in ((row.left, cells[0], layout.left), (row.right, cells[1], layout.right)):
                lines = [line for line in lines if texts[line.element]]    # no draft mark in a final document
                for index, line in enumerate(lines):
                    paragraph = ooxml.first_paragraph(cell) if index == 0 else ooxml.p(cell)
                    texts_of_line = layout.issuer_lines if line.element == "issuer" else (texts[line.element],)
                    self._frame_line(cell, paragraph, line, texts_of_line, width - 2 * self.profile.header.cell_padding)

    def title(self, document: Document, texts: dict[str, str]) -> None:
        for line in self.profile.frame.title:
            paragraph = ooxml.p(self.main)
            content = _opening(self.text, document.subject) if line.element == "subject" else (texts[line.element],)
            self._frame_line(self.main, paragraph, line, content, self.profile.page.text_width)

    def frame_texts(self, document: Document) -> dict[str, str]:
        """The text of every frame element of this document, by element name."""
        h = document.header
        return {
            "issuer": formats.upper(h.issuer),
            "star": self.text.star,
            "number": formats.number_line(self.text, h.number, h.kind_symbol, h.issuer_symbol),
            "draft_marker": h.draft_marker or "",
            "party_title": self.text.party_title,
            "motto": self.text.motto,
            "place_date": formats.date_line(self.text, h.place, h.date, h.year),
            "kind": document.kind,
            "separator": self.text.separator,
        }

    def _frame_line(self, container: Element, paragraph: Element, line: FrameLine,
                    content: tuple[str, ...] | tuple[Inline, ...], width: int) -> None:
        """One frame element: its lines (an issuer may have several, joined by line breaks) or inline
        content, in the element's style, with the solid line the profile draws under it."""
        role = line.element
        self.set_style(paragraph, role)
        upper = self.profile.style(role).case == "upper"
        texts = tuple(formats.upper(item) if upper else item for item in content if isinstance(item, str))
        if texts:
            for index, text in enumerate(texts):
                run = ooxml.plain_run(paragraph, text) if role in PLAIN_RUNS else self.add_run(paragraph, text)
                if index < len(texts) - 1:
                    ooxml.br(run)
            widest = max(self._width(text, role) for text in texts)
        else:
            self._lines(paragraph, tuple(item for item in content if not isinstance(item, str)), role, width, upper)
            widest = width
        rule_size = _eighths_of_point(self.profile.header.rule_width)
        if line.rule == "text":
            # A bottom border shortened by indents to the length of the text.
            inset = max(0, (width - widest - self.profile.header.rule_slack) // 2)
            ooxml.indents(paragraph, inset, inset)
            ooxml.p_bdr_bottom(paragraph, rule_size)
        elif line.rule is not None:
            rule = ooxml.p(container)
            self.set_style(rule, "rule")
            inset = max(0, round(width - widest * line.rule) // 2)
            ooxml.indents(rule, inset, inset)
            ooxml.p_bdr_bottom(rule, rule_size)

    def _width(self, text: str, role: str) -> int:
        style = self.profile.style(role)
        return measure.text_width(text, style.size, style.bold, style.italic)

    def _lines(self, paragraph: Element, content: tuple[Inline, ...], role: str, width: int, upper: bool) -> None:
        """Inline content set in lines that break only between its phrases (at a `Break`): the fewest
        lines no wider than `width` less the profile's margin, then the most even; a line break at
        the chosen boundaries, a space at the others. A phrase longer than a line is cut at its
        spaces as a last resort, never inside a protected span (`no_break_spans`), whose spaces
        become non-breaking in case a renderer wraps it anyway."""
        room = width - self.profile.subject_lines.margin
        pieces: list[tuple[Inline, ...]] = []
        for phrase in _phrases(content):
            pieces.extend([phrase] if self._content_width(phrase, role, upper) <= room else self._words(phrase))
        counts = break_lines([self._content_width(piece, role, upper) for piece in pieces],
                             self._width(" ", role), room)
        start = 0
        for number, count in enumerate(counts):
            if number:
                ooxml.br(ooxml.plain_run(paragraph))
            for index, piece in enumerate(pieces[start:start + count]):
                if index:
                    self._run(paragraph, Text(" "), upper)
                for inline in piece:
                    self._run(paragraph, inline, upper)
            start += count

    def _content_width(self, content: tuple[Inline, ...], role: str, upper: bool) -> int:
        """The printed width of inline content in a role's style (its runs' own bold and italic)."""
        style = self.profile.style(role)
        total = 0
        for inline in content:
            text = self._printed(inline, upper)
            bold = style.bold or getattr(inline, "bold", False)
            italic = style.italic or getattr(inline, "italic", False)
            total += measure.text_width(text, style.size, bold, italic)
        return total

    def _printed(self, inline: Inline, upper: bool) -> str:
        if isinstance(inline, Placeholder):
            return f"{self.text.placeholder_open}{inline.label}{self.text.placeholder_close}"
        return formats.upper(inline.text) if upper else inline.text

    def _words(self, phrase: tuple[Inline, ...]) -> list[tuple[Inline, ...]]:
        """A phrase cut at its spaces, except those inside a protected span, which become
        non-breaking spaces."""
        joined = "".join(self._printed(inline, False) for inline in phrase)
        protected = {at for span in self.no_break_spans.finditer(joined) for at in range(span.start(), span.end())}
        words: list[tuple[Inline, ...]] = []
        current: list[Inline] = []
        offset = 0
        for inline in phrase:
            if not isinstance(inline, Text):
                current.append(inline)
                offset += len(self._printed(inline, False))
                continue
            letters: list[str] = []
            for ch in inline.text:
                if ch == " " and offset not in protected:
                    if letters:
                        current.append(replace(inline, text="".join(letters)))
                        letters = []
                    if current:
                        words.append(tuple(current))
                        current = []
                else:
                    letters.append(NO_BREAK_SPACE if ch == " " else ch)
                offset += 1
            if letters:
                current.append(replace(inline, text="".join(letters)))
        if current:
            words.append(tuple(current))
        return words

    def body(self, document: Document) -> None:
        blocks = list(document.body)
        end = self.text.content_end
        if end.mark and not end.unconfirmed and blocks and isinstance(blocks[-1], Paragraph):
            blocks[-1] = _ending_with(blocks[-1], end.mark)
        commented = {comment.block for comment in document.comments}
        anchors = {}
        for index, block in enumerate(blocks):
            if isinstance(block, Table):
                paragraph = ooxml.first_paragraph(ooxml.cells(ooxml.rows(self.table(block))[0])[0])
            elif isinstance(block, Heading):
                label = formats.heading_label(self.text, block.level, block.ordinal)
                paragraph = self.paragraph(self.main, f"heading_{block.level}", block.content, label=label)
            elif block.ordinal is not None:
                paragraph = self.paragraph(self.main, "body", block.content,
                                           label=formats.heading_label(self.text, 2, block.ordinal))
            else:
                paragraph = self.paragraph(self.main, "body", block.content, label=block.marker)
            if index in commented:
                anchors[index] = paragraph
        for number, comment in enumerate(document.comments):
            ooxml.comment_range(anchors[comment.block], number)

    def table(self, block: Table) -> Element:
        """A table of the body: as wide as the text, columns in the template's proportions, single
        solid borders; the header row in the header style and repeated on every page; no row split
        across pages. The paragraph before it stays on the page where it starts and stands as far
        from it as body paragraphs stand from each other."""
        geometry = self.profile.table
        columns = len(block.header)
        rows = (block.header,) + block.rows
        table = ooxml.tbl(self.main, len(rows), columns, self.profile.page.text_width)
        ooxml.tbl_grid_fixed(table, column_widths(block.widths or (1,) * columns, self.profile.page.text_width),
                             geometry.cell_padding)
        ooxml.tbl_borders(table, _eighths_of_point(geometry.border_width))
        introduction = _keep_with_table(table)
        if introduction is not None:
            ooxml.spacing_after(introduction, self.profile.style("body").space_before)
        for number, (row, cells) in enumerate(zip(ooxml.rows(table), rows)):
            ooxml.tr_pr(row, header=number == 0)
            role = "table_header" if number == 0 else "table_cell"
            upper = self.profile.style(role).case == "upper"
            for cell, content in zip(ooxml.cells(row), cells):
                paragraph = ooxml.first_paragraph(cell)
                self.set_style(paragraph, role)
                for inline in content:
                    self._run(paragraph, inline, upper)
                if number == 0:
                    ooxml.v_align(cell, geometry.header_vertical_align)
        return table

    def signature_block(self, document: Document) -> None:
        """Nơi nhận on one side (the profile's recipients_side), T/M … chức vụ … họ tên on the other,
        in one borderless row."""
        geometry = self.profile.signature
        table = ooxml.tbl(self.main, 1, 2, self.profile.page.text_width)
        ooxml.tbl_borderless_fixed(table, [geometry.left_width, geometry.right_width])
        # Never the authority on one page and the signer's name on the next: the block moves
        # whole, with the last paragraph of the content.
        row = ooxml.rows(table)[0]
        ooxml.tr_pr(row, header=False)
        _keep_with_table(table)
        cells = ooxml.cells(row)
        recipients, signature = cells if geometry.recipients_side == "left" else cells[::-1]
        label = ooxml.first_paragraph(recipients)
        self.set_style(label, "recipients_label")
        ooxml.plain_run(label, self.text.recipients_label)
        for index, content in enumerate(document.recipients):
            prefix, end = formats.recipient_marks(self.text, index, len(document.recipients))
            self.paragraph(recipients, "recipient", _marked(content, prefix, end))
        s = document.signature
        authority = ooxml.first_paragraph(signature)
        self.set_style(authority, "authority")
        self._run(authority, Text(s.authority), upper=True)
        self.paragraph(signature, "position", s.position)
        self.paragraph(signature, "signer_name", s.name)


def _marked(content: tuple[Inline, ...], prefix: str, end: str) -> tuple[Inline, ...]:
    """A recipient between its marks, its own final punctuation replaced by the profile's."""
    inlines = list(content)
    if inlines and isinstance(inlines[-1], Text):
        inlines[-1] = replace(inlines[-1], text=inlines[-1].text.rstrip(formats.RECIPIENT_ENDS))
    return (Text(prefix), *inlines, Text(end))


def _eighths_of_point(twips: int) -> int:
    """A line's thickness as borders give it (w:sz, in eighths of a point; 2 at the least)."""
    return max(2, round(twips / 20 * 8))


def _keep_with_table(table: Element) -> Element | None:
    """The paragraph right before a table kept on the page where the table starts; its w:pPr, or
    None when the table follows something else."""
    previous = table.getprevious()
    if previous is None or previous.tag != ooxml.qn("w:p"):
        return None
    properties = ooxml.properties(previous)
    ooxml.keep_next(properties)
    return properties


def _phrases(content: tuple[Inline, ...]) -> list[tuple[Inline, ...]]:
    """Inline content cut at its `Break`s."""
    phrases: list[list[Inline]] = [[]]
    for inline in content:
        if isinstance(inline, Break):
            phrases.append([])
        else:
            phrases[-1].append(inline)
    return [tuple(phrase) for phrase in phrases if phrase]


def column_widths(relative: tuple[float, ...], total: int) -> list[int]:
    """Relative column widths scaled to `total` twips, rounded so that they add up to it exactly."""
    edges, running = [0], 0.0
    for width in relative:
        running += width
        edges.append(round(total * running / sum(relative)))
    return [right - left for left, right in zip(edges, edges[1:])]


def _opening(text: TextConventions, subject: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """The trích yếu with its first letter in the case the profile wants."""
    if subject and isinstance(subject[0], Text):
        return (replace(subject[0], text=formats.subject_opening(text, subject[0].text)),) + subject[1:]
    return subject


def _ending_with(paragraph: Paragraph, mark: str) -> Paragraph:
    """The paragraph with the content-end mark ("./.") in place of its final full stop."""
    content = list(paragraph.content)
    last = content[-1] if content else None
    if isinstance(last, Text) and not last.text.endswith(mark):
        content[-1] = replace(last, text=last.text.rstrip().removesuffix(".") + mark)
    return replace(paragraph, content=tuple(content))


@dataclass(frozen=True)
class HeaderLayout:
    left: int                      # twips
    right: int
    issuer_lines: tuple[str, ...]


def header_layout(profile: Profile, texts: dict[str, str]) -> HeaderLayout:
    """Size the header blocks so that no line wraps: see the `header` notes in the profile. The
    right block gets what its lines need; the issuer, broken into lines if it must be, the rest."""
    geometry, styles = profile.header, profile.styles
    padding = 2 * geometry.cell_padding
    slack = geometry.measure_slack

    def need(text: str, role: str) -> int:
        style = styles[role]
        return measure.text_width(text, style.size, style.bold, style.italic) + padding + slack

    text_width = profile.page.text_width
    right_lines = [line.element for row in profile.frame.header for line in row.right]
    right = max([need(texts[role], role) for role in right_lines] + [text_width - geometry.preferred_left_width])
    room = text_width + geometry.max_overflow - right
    lines = _issuer_lines(texts["issuer"], lambda line: need(line, "issuer") <= room, geometry.issuer_break_after)
    left_need = max(max(need(line, "issuer") for line in lines), geometry.min_left_width)
    left = max(text_width - right, min(left_need, room))
    return HeaderLayout(left, right, lines)


def _issuer_lines(issuer: str, fits: Callable[[str], bool], break_after: list[str]) -> tuple[str, ...]:
    """The issuer in the fewest lines that fit, then the most even, broken only after the profile's
    preferred words, the first of them before the others ("THÀNH ỦY / THÀNH PHỐ HỒ CHÍ MINH" before
    "THÀNH ỦY THÀNH PHỐ / HỒ CHÍ MINH"; "LIÊN HIỆP CÁC HỘI / KHOA HỌC VÀ KỸ THUẬT / TỈNH …"), never
    inside a name like "KỸ THUẬT" while they are enough; else after any word."""
    words = issuer.split()
    tiers = [[index + 1 for index, word in enumerate(words[:-1]) if word in break_after[:count]]
             for count in range(1, len(break_after) + 1)]
    for places in (*tiers, range(1, len(words))):
        for count in (1, 2, 3, 4):
            splits = [tuple(" ".join(words[a:b]) for a, b in zip((0,) + cut, cut + (len(words),)))
                      for cut in itertools.combinations(places, count - 1)]
            fitting = [lines for lines in splits if all(fits(line) for line in lines)]
            if fitting:
                return min(fitting, key=lambda lines: max(len(line) for line in lines))
    return (issuer,)


def _core_properties(core: Element, document: Document, profile: Profile) -> None:
    """Core properties (cp:coreProperties) from the document's own data, never from the clock."""
    stamp = _stamp(document).strftime("%Y-%m-%dT%H:%M:%SZ")
    for name, value in (
            ("dc:title", document.title),
            # The file is the tool's draft, not yet the committee's: it says who made it (Word puts
            # the editor's name in lastModifiedBy when the office saves it).
            ("dc:creator", COMMENT_AUTHOR), ("cp:lastModifiedBy", COMMENT_AUTHOR),
            ("dc:language", profile.page.language),
            ("dcterms:created", stamp), ("dcterms:modified", stamp),
            ("cp:revision", "1"), ("dc:description", "")):
        tag = ooxml.qn(name)
        element = core.find(tag)
        if element is None:         # (appended, as python-docx adds a property the part lacks)
            element = etree.SubElement(core, tag)
        element.text = value
        if name.startswith("dcterms:"):
            element.set(ooxml.qn("xsi:type"), "dcterms:W3CDTF")



def _stamp(document: Document) -> dt.datetime:
    """The moment a document's package records (properties, comments): its own date, never the clock."""
    when = document_date(document.header.date, document.header.year)
    assert when is not None, "a composed document has its year"
    return dt.datetime(when.year, when.month, when.day)
