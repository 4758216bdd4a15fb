"""Raw WordprocessingML helpers, named after the elements they build (w:rFonts, w:pBdr, w:fldChar …).

Everything python-docx has no API for lives here, so the writer reads as intent.
"""
from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree
from docx.table import Table
from docx.text.paragraph import Paragraph


def _child(parent, tag: str, before: tuple[str, ...] = ()):
    """The first `tag` child of `parent`, created (in schema order before `before`) if missing."""
    element = parent.find(qn(tag))
    if element is None:
        element = OxmlElement(tag)
        for successor in before:
            found = parent.find(qn(successor))
            if found is not None:
                found.addprevious(element)
                break
        else:
            parent.append(element)
    return element


def r_fonts(r_pr, font: str) -> None:
    """w:rFonts naming `font` for every script slot, with theme references removed.

    Theme attributes win over explicit names in Word, so they must go.
    """
    fonts = _child(r_pr, "w:rFonts")
    for attribute in list(fonts.attrib):
        if attribute.endswith("Theme") or attribute.endswith("theme"):
            del fonts.attrib[attribute]
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), font)


def lang(r_pr, language: str) -> None:
    """w:lang for Latin and East Asian text (spell-checking and hyphenation in Vietnamese)."""
    element = _child(r_pr, "w:lang")
    element.set(qn("w:val"), language)
    element.set(qn("w:eastAsia"), language)


def doc_defaults(styles_element, font: str, half_points: int, language: str) -> None:
    """w:docDefaults/w:rPrDefault: the fallback every style and run inherits."""
    defaults = _child(styles_element, "w:docDefaults")
    r_pr_default = _child(defaults, "w:rPrDefault")
    r_pr = _child(r_pr_default, "w:rPr")
    r_fonts(r_pr, font)
    for tag in ("w:sz", "w:szCs"):
        _child(r_pr, tag).set(qn("w:val"), str(half_points))
    lang(r_pr, language)
    # All fonts of every style follow suit: no style may fall back to a theme font.
    for fonts in styles_element.iter(qn("w:rFonts")):
        for attribute in list(fonts.attrib):
            if attribute.lower().endswith("theme"):
                del fonts.attrib[attribute]
        for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(slot), font)


_R, _RPR, _B, _I, _HIGHLIGHT, _T, _NO_BREAK_HYPHEN, _BR, _VAL, _SPACE, _P, _PPR, _PSTYLE, _SECTPR = (
    qn(tag) for tag in ("w:r", "w:rPr", "w:b", "w:i", "w:highlight", "w:t", "w:noBreakHyphen", "w:br", "w:val",
                        "xml:space", "w:p", "w:pPr", "w:pStyle", "w:sectPr"))


_PRESERVE = {_SPACE: "preserve"}


def r(p, *, bold: bool = False, italic: bool = False, highlight: str | None = None):
    """A w:r appended to the paragraph element `p`, with the direct formatting asked for: what
    python-docx's add_run and Font setters write, built with lxml alone (they are most of the
    writer's time)."""
    run = etree.SubElement(p, _R)
    if bold or italic or highlight:
        properties = etree.SubElement(run, _RPR)
        if bold:
            etree.SubElement(properties, _B)
        if italic:
            etree.SubElement(properties, _I)
        if highlight:
            etree.SubElement(properties, _HIGHLIGHT).set(_VAL, highlight)
    return run


def br(run) -> None:
    """A line break at the end of the run element."""
    etree.SubElement(run, _BR)


def t_with_no_break_hyphens(run, text: str, hyphens: list[int]) -> None:
    """Text of the run element as w:t pieces with w:noBreakHyphen at the given offsets (Word's
    Ctrl+Shift+-)."""
    if not hyphens:
        if text:
            piece = etree.SubElement(run, _T, _PRESERVE)
            piece.text = text
        return
    start = 0
    for offset in hyphens + [len(text)]:
        if offset > start:
            piece = etree.SubElement(run, _T)
            piece.text = text[start:offset]
            piece.set(_SPACE, "preserve")
        if offset < len(text):
            etree.SubElement(run, _NO_BREAK_HYPHEN)
        start = offset + 1


def p_bdr_bottom(paragraph: Paragraph, eighths_of_point: int) -> None:
    """A single solid bottom border (w:pBdr/w:bottom) under the paragraph's text area."""
    p_pr = paragraph._p.get_or_add_pPr()
    border = _child(p_pr, "w:pBdr", before=("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:spacing",
                                            "w:ind", "w:jc"))
    bottom = _child(border, "w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), str(eighths_of_point))
    bottom.set(qn("w:space"), "1")
    bottom.set(qn("w:color"), "000000")


def fld_page(paragraph: Paragraph) -> None:
    """A PAGE field as begin/instrText/separate/result/end runs (read by Word and LibreOffice)."""
    def run(*children):
        r = OxmlElement("w:r")
        for child in children:
            r.append(child)
        paragraph._p.append(r)

    def fld_char(kind: str):
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        return element

    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    result = OxmlElement("w:t")
    result.text = "2"
    run(fld_char("begin"))
    run(instr)
    run(fld_char("separate"))
    run(result)
    run(fld_char("end"))


def tbl_borderless_fixed(table: Table, widths: list[int], cell_padding: int | None = None) -> None:
    """A table with no borders, fixed layout, the given column widths and, if given, left and
    right cell padding (w:tblCellMar), all in twips."""
    _tbl_width(table, widths)
    borders = _tbl_pr_child(table, "w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = _child(borders, f"w:{edge}")
        element.set(qn("w:val"), "nil")
    _tbl_pr_child(table, "w:tblLayout").set(qn("w:type"), "fixed")
    if cell_padding is not None:
        _cell_margins(table, cell_padding)
    _column_widths(table, widths)

# Children of w:tblPr in schema order (CT_TblPr): a helper that adds one puts it before the
# first of its successors present, so Word, which is strict about this order, reads the table.
TBL_PR_ORDER = ("w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
                "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders",
                "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription")


def _tbl_pr_child(table: Table, tag: str):
    tbl_pr = table._tbl.tblPr
    return _child(tbl_pr, tag, before=TBL_PR_ORDER[TBL_PR_ORDER.index(tag) + 1:])


def tbl_borders(table: Table, eighths_of_point: int) -> None:
    """w:tblBorders: a single solid black line on every edge and between all rows and columns."""
    borders = _tbl_pr_child(table, "w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = _child(borders, f"w:{edge}")
        element.set(qn("w:val"), "single")
        element.set(qn("w:sz"), str(eighths_of_point))
        element.set(qn("w:space"), "0")
        element.set(qn("w:color"), "000000")


def tbl_grid_fixed(table: Table, widths: list[int], cell_padding: int) -> None:
    """A fixed-layout table centred between the margins: w:tblW the sum of the column widths,
    w:jc, w:tblInd 0, w:tblLayout fixed, left and right w:tblCellMar, w:gridCol and every cell's
    w:tcW, all in the schema order of w:tblPr (twips)."""
    _tbl_width(table, widths)
    _tbl_pr_child(table, "w:jc").set(qn("w:val"), "center")
    indent = _tbl_pr_child(table, "w:tblInd")
    indent.set(qn("w:w"), "0")
    indent.set(qn("w:type"), "dxa")
    _tbl_pr_child(table, "w:tblLayout").set(qn("w:type"), "fixed")
    _cell_margins(table, cell_padding)
    _column_widths(table, widths)


def _tbl_width(table: Table, widths: list[int]) -> None:
    width = _tbl_pr_child(table, "w:tblW")
    width.set(qn("w:w"), str(sum(widths)))
    width.set(qn("w:type"), "dxa")


def _cell_margins(table: Table, padding: int) -> None:
    """Left and right w:tblCellMar of every cell."""
    margins = _tbl_pr_child(table, "w:tblCellMar")
    for side in ("left", "right"):
        element = _child(margins, f"w:{side}")
        element.set(qn("w:w"), str(padding))
        element.set(qn("w:type"), "dxa")


def _column_widths(table: Table, widths: list[int]) -> None:
    """w:gridCol and every cell's w:tcW."""
    grid = table._tbl.tblGrid
    for column, twips in zip(grid.findall(qn("w:gridCol")), widths):
        column.set(qn("w:w"), str(twips))
    for tr in table._tbl.tr_lst:
        for tc, twips in zip(tr.tc_lst, widths):
            tc_w = tc.get_or_add_tcPr().get_or_add_tcW()
            tc_w.set(qn("w:w"), str(twips))
            tc_w.set(qn("w:type"), "dxa")


def tr_pr(row, header: bool) -> None:
    """w:trPr of a row: w:cantSplit (the row is never split across pages) and, for a header row,
    w:tblHeader (repeated at the top of every page the table spans)."""
    properties = row._tr.get_or_add_trPr()
    _child(properties, "w:cantSplit", before=("w:trHeight", "w:tblHeader"))
    if header:
        _child(properties, "w:tblHeader", before=("w:tblCellSpacing", "w:jc", "w:hidden"))


def p_style(paragraph: Paragraph, style_id: str) -> None:
    """w:pPr/w:pStyle naming the paragraph's style. A new paragraph (no w:pPr yet) gets both
    elements directly: python-docx's setter finds their place by searching the schema order,
    which costs more than the rest of writing a paragraph."""
    p = paragraph._p
    if p.pPr is not None:
        p.style = style_id
        return
    properties = p.makeelement(_PPR)
    etree.SubElement(properties, _PSTYLE).set(_VAL, style_id)
    p.insert(0, properties)


def p(container, style_id: str):
    """A new w:p in the style, at the end of a table cell or of the body (before its final
    w:sectPr): what python-docx's add_paragraph and style setter write, built with lxml alone."""
    paragraph = container.makeelement(_P)
    etree.SubElement(etree.SubElement(paragraph, _PPR), _PSTYLE).set(_VAL, style_id)
    # The body's w:sectPr is its last child (CT_Body): looked at there, not searched for among
    # every paragraph written so far.
    last = container[-1] if len(container) else None
    if last is not None and last.tag == _SECTPR:
        last.addprevious(paragraph)
    else:
        container.append(paragraph)
    return paragraph


def comment_range(p, number: int) -> None:
    """Mark the whole paragraph `p` as the range of comment `number`: w:commentRangeStart after
    its properties, w:commentRangeEnd and the run holding w:commentReference at its end."""
    start = OxmlElement("w:commentRangeStart")
    start.set(qn("w:id"), str(number))
    properties = p.find(qn("w:pPr"))
    if properties is not None:
        properties.addnext(start)
    else:
        p.insert(0, start)
    end = OxmlElement("w:commentRangeEnd")
    end.set(qn("w:id"), str(number))
    p.append(end)
    run = OxmlElement("w:r")
    reference = OxmlElement("w:commentReference")
    reference.set(qn("w:id"), str(number))
    run.append(reference)
    p.append(run)


COMMENTS_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
COMMENTS_RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"


def comments(texts: list[str], author: str, date: str) -> bytes:
    """The w:comments part: comment i holds texts[i], one paragraph opening with w:annotationRef
    as Word writes them."""
    root = OxmlElement("w:comments")
    for number, text in enumerate(texts):
        root.append(comment(number, text, author, date))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def comment(number: int, text: str, author: str, date: str):
    """One w:comment holding `text`, as Word writes it (a paragraph opening with w:annotationRef)."""
    element = OxmlElement("w:comment")
    element.set(qn("w:id"), str(number))
    element.set(qn("w:author"), author)
    element.set(qn("w:date"), date)
    element.set(qn("w:initials"), author[:2].upper())
    paragraph = OxmlElement("w:p")
    mark = OxmlElement("w:r")
    mark.append(OxmlElement("w:annotationRef"))
    paragraph.append(mark)
    run = OxmlElement("w:r")
    body = OxmlElement("w:t")
    body.text = text
    body.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    run.append(body)
    paragraph.append(run)
    element.append(paragraph)
    return element
