"""Raw WordprocessingML, named after the elements it builds (w:p, w:rFonts, w:pBdr, w:fldChar …),
with lxml alone: what a document needs of python-docx's XML, written the way python-docx writes it
(same elements, same attribute order), without its proxy objects or its import.

Each helper that adds a property puts it in its place in the schema's sequence (`SEQUENCES`): Word
refuses a w:pPr or w:rPr whose children are out of order.
"""
from __future__ import annotations

from functools import cache

from lxml import etree

from generator.elements import Element

NAMESPACES = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "xml": "http://www.w3.org/XML/1998/namespace",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    # the core properties part (docProps/core.xml)
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
}


def qn(tag: str) -> str:
    """"w:p" → "{http://…/main}p"."""
    prefix, local = tag.split(":")
    return f"{{{NAMESPACES[prefix]}}}{local}"


def element(tag: str) -> Element:
    """A new element standing alone, declaring its own prefix (python-docx's OxmlElement)."""
    prefix = tag.split(":")[0]
    return etree.Element(qn(tag), nsmap={prefix: NAMESPACES[prefix]})


# Children of the properties elements in schema order (ECMA-376 CT_PPr, CT_RPr, CT_TblPr, CT_TcPr,
# CT_TrPr, as python-docx lists them).
SEQUENCES = {qn(parent): tuple(qn(f"w:{tag}") for tag in tags) for parent, tags in {
    "w:pPr": ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
              "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
              "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
              "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
              "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
              "sectPr", "pPrChange"),
    "w:rPr": ("rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline",
              "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing",
              "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText",
              "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath"),
    "w:tblPr": ("tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize",
                "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar",
                "tblLook", "tblCaption", "tblDescription", "tblPrChange"),
    "w:tcPr": ("cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar",
               "textDirection", "tcFitText", "vAlign", "hideMark", "headers", "cellIns", "cellDel", "cellMerge",
               "tcPrChange"),
    "w:trPr": ("cnfStyle", "divId", "gridBefore", "gridAfter", "wBefore", "wAfter", "cantSplit", "trHeight",
               "tblHeader", "tblCellSpacing", "jc", "hidden", "ins", "del", "trPrChange"),
}.items()}


def _child(parent: Element, tag: str) -> Element:
    """The first `tag` child of `parent`, created if missing: in its place in the parent's schema
    sequence (before the first of its successors present), else at the end."""
    name = qn(tag)
    found = parent.find(name)
    if found is not None:
        return found
    created = parent.makeelement(name)
    successors = _successors(parent.tag, name)
    if successors:
        following = next((child for child in parent if child.tag in successors), None)
        if following is not None:
            following.addprevious(created)
            return created
    parent.append(created)
    return created


@cache
def _successors(parent: str, name: str) -> frozenset[str]:
    """The tags the schema sequence of `parent` puts after `name` (none when it lists no such child)."""
    sequence = SEQUENCES.get(parent, ())
    return frozenset(sequence[sequence.index(name) + 1:]) if name in sequence else frozenset()


def properties(p: Element) -> Element:
    """The paragraph's w:pPr, made as its first child when it has none."""
    return _first(p, "w:pPr")


def _first(parent: Element, tag: str) -> Element:
    """The properties element of a paragraph, cell or row (w:pPr, w:tcPr, w:trPr): its first child
    (a row's w:tblPrEx, which would come before, is never written), made when missing."""
    name = qn(tag)
    found = parent.find(name)
    if found is None:
        found = parent.makeelement(name)
        parent.insert(0, found)
    return found


def r_fonts(r_pr: Element, font: str) -> None:
    """w:rFonts naming `font` for every script slot, with theme references removed.

    Theme attributes win over explicit names in Word, so they must go.
    """
    _only(_child(r_pr, "w:rFonts"), font)


def _only(fonts: Element, font: str) -> None:
    """A w:rFonts naming `font` in every script slot, its theme references dropped."""
    for attribute in list(fonts.attrib):
        if attribute.lower().endswith("theme"):
            del fonts.attrib[attribute]
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), font)


def lang(r_pr: Element, language: str) -> None:
    """w:lang for Latin and East Asian text (spell-checking and hyphenation in Vietnamese)."""
    element = _child(r_pr, "w:lang")
    element.set(qn("w:val"), language)
    element.set(qn("w:eastAsia"), language)


def doc_defaults(styles_element: Element, font: str, half_points: int, language: str) -> None:
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
        _only(fonts, font)


_R, _RPR, _B, _I, _HIGHLIGHT, _T, _NO_BREAK_HYPHEN, _BR, _VAL, _SPACE, _P, _PPR, _PSTYLE, _SECTPR, _TAB = (
    qn(tag) for tag in ("w:r", "w:rPr", "w:b", "w:i", "w:highlight", "w:t", "w:noBreakHyphen", "w:br", "w:val",
                        "xml:space", "w:p", "w:pPr", "w:pStyle", "w:sectPr", "w:tab"))
_TBL, _TBL_PR, _TBL_GRID, _GRID_COL, _TR, _TC, _TC_PR, _TC_W, _TR_PR, _W, _TYPE = (
    qn(tag) for tag in ("w:tbl", "w:tblPr", "w:tblGrid", "w:gridCol", "w:tr", "w:tc", "w:tcPr", "w:tcW",
                        "w:trPr", "w:w", "w:type"))


_PRESERVE = {_SPACE: "preserve"}
EMU_PER_TWIP = 635

# w:highlight values by the names Word's menu (and python-docx's WD_COLOR_INDEX) gives them.
HIGHLIGHTS = {"yellow": "yellow", "bright_green": "green", "turquoise": "cyan", "pink": "magenta", "blue": "blue",
              "red": "red", "dark_blue": "darkBlue", "teal": "darkCyan", "green": "darkGreen",
              "violet": "darkMagenta", "dark_red": "darkRed", "dark_yellow": "darkYellow", "gray_50": "darkGray",
              "gray_25": "lightGray", "black": "black", "white": "white"}


def r(p: Element, *, bold: bool = False, italic: bool = False, highlight: str | None = None) -> Element:
    """A w:r appended to the paragraph element `p`, with the direct formatting asked for."""
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


def plain_run(p: Element, text: str = "") -> Element:
    """A run of `text` with no formatting of its own, as python-docx's add_run writes it: a tab
    as w:tab, a line break as w:br, xml:space="preserve" only on a piece with spaces at an end."""
    run = etree.SubElement(p, _R)
    piece: list[str] = []

    def flush() -> None:
        if piece:
            joined = "".join(piece)
            t = etree.SubElement(run, _T)
            t.text = joined
            if len(joined.strip()) < len(joined):
                t.set(_SPACE, "preserve")
            piece.clear()

    for ch in text:
        if ch == "\t":
            flush()
            etree.SubElement(run, _TAB)
        elif ch in "\r\n":
            flush()
            etree.SubElement(run, _BR)
        else:
            piece.append(ch)
    flush()
    return run


def br(run: Element) -> None:
    """A line break at the end of the run element."""
    etree.SubElement(run, _BR)


def t_with_no_break_hyphens(run: Element, text: str, hyphens: list[int]) -> None:
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


def p_bdr_bottom(p: Element, eighths_of_point: int) -> None:
    """A single solid bottom border (w:pBdr/w:bottom) under the paragraph's text area."""
    border = _child(properties(p), "w:pBdr")
    bottom = _child(border, "w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), str(eighths_of_point))
    bottom.set(qn("w:space"), "1")
    bottom.set(qn("w:color"), "000000")


def indents(p: Element, left: int, right: int) -> None:
    """w:ind: the paragraph's left and right indents (twips)."""
    ind = _child(properties(p), "w:ind")
    ind.set(qn("w:left"), str(left))
    ind.set(qn("w:right"), str(right))


def keep_next(p_pr: Element) -> None:
    """w:keepNext: the paragraph stays on the page of the one after it."""
    _child(p_pr, "w:keepNext")


def spacing_after(p_pr: Element, twips: int) -> None:
    _child(p_pr, "w:spacing").set(qn("w:after"), str(twips))


def fld_page(p: Element) -> None:
    """A PAGE field as begin/instrText/separate/result/end runs (read by Word and LibreOffice)."""
    def run() -> Element:
        return etree.SubElement(p, _R)

    def fld_char(kind: str) -> None:
        etree.SubElement(run(), qn("w:fldChar")).set(qn("w:fldCharType"), kind)

    fld_char("begin")
    instr = etree.SubElement(run(), qn("w:instrText"), _PRESERVE)
    instr.text = " PAGE "
    fld_char("separate")
    etree.SubElement(run(), _T).text = "2"
    fld_char("end")


def tbl(container: Element, rows: int, columns: int, width: int) -> Element:
    """A table of `rows` × `columns` at the end of the body (before its w:sectPr) or of a cell,
    each cell holding one empty paragraph: python-docx's new table (its w:tblLook, the width shared
    evenly), which the helpers below then lay out."""
    table = container.makeelement(_TBL)
    tbl_pr = etree.SubElement(table, _TBL_PR)
    etree.SubElement(tbl_pr, qn("w:tblW"), {_TYPE: "auto", _W: "0"})
    etree.SubElement(tbl_pr, qn("w:tblLook"), {qn(f"w:{name}"): value for name, value in (
        ("firstColumn", "1"), ("firstRow", "1"), ("lastColumn", "0"), ("lastRow", "0"), ("noHBand", "0"),
        ("noVBand", "1"), ("val", "04A0"))})
    column = str(round(width * EMU_PER_TWIP // columns / EMU_PER_TWIP)) if columns else "0"   # (python-docx's sum)
    grid = etree.SubElement(table, _TBL_GRID)
    for _ in range(columns):
        etree.SubElement(grid, _GRID_COL, {_W: column})
    for _ in range(rows):
        row = etree.SubElement(table, _TR)
        for _ in range(columns):
            cell = etree.SubElement(row, _TC)
            etree.SubElement(etree.SubElement(cell, _TC_PR), _TC_W, {_TYPE: "dxa", _W: column})
            etree.SubElement(cell, _P)
    place(container, table)
    return table


def rows(table: Element) -> list[Element]:
    return list(table.iterchildren(_TR))


def cells(row: Element) -> list[Element]:
    return list(row.iterchildren(_TC))


def first_paragraph(container: Element) -> Element:
    return container.find(_P)


def v_align(cell: Element, value: str) -> None:
    """w:vAlign of a table cell: where its content sits between the cell's top and bottom."""
    _child(_first(cell, "w:tcPr"), "w:vAlign").set(_VAL, value)


def tbl_borderless_fixed(table: Element, widths: list[int], cell_padding: int | None = None) -> None:
    """A table with no borders, fixed layout, the given column widths and, if given, left and
    right cell padding (w:tblCellMar), all in twips."""
    _tbl_width(table, widths)
    borders = _tbl_pr_child(table, "w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        _child(borders, f"w:{edge}").set(_VAL, "nil")
    _tbl_pr_child(table, "w:tblLayout").set(_TYPE, "fixed")
    if cell_padding is not None:
        _cell_margins(table, cell_padding)
    _column_widths(table, widths)


def _tbl_pr_child(table: Element, tag: str) -> Element:
    return _child(table.find(_TBL_PR), tag)


def tbl_borders(table: Element, eighths_of_point: int) -> None:
    """w:tblBorders: a single solid black line on every edge and between all rows and columns."""
    borders = _tbl_pr_child(table, "w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = _child(borders, f"w:{edge}")
        element.set(_VAL, "single")
        element.set(qn("w:sz"), str(eighths_of_point))
        element.set(qn("w:space"), "0")
        element.set(qn("w:color"), "000000")


def tbl_grid_fixed(table: Element, widths: list[int], cell_padding: int) -> None:
    """A fixed-layout table centred between the margins: w:tblW the sum of the column widths,
    w:jc, w:tblInd 0, w:tblLayout fixed, left and right w:tblCellMar, w:gridCol and every cell's
    w:tcW, all in the schema order of w:tblPr (twips)."""
    _tbl_width(table, widths)
    _tbl_pr_child(table, "w:jc").set(_VAL, "center")
    indent = _tbl_pr_child(table, "w:tblInd")
    indent.set(_W, "0")
    indent.set(_TYPE, "dxa")
    _tbl_pr_child(table, "w:tblLayout").set(_TYPE, "fixed")
    _cell_margins(table, cell_padding)
    _column_widths(table, widths)


def _tbl_width(table: Element, widths: list[int]) -> None:
    width = _tbl_pr_child(table, "w:tblW")
    width.set(_W, str(sum(widths)))
    width.set(_TYPE, "dxa")


def _cell_margins(table: Element, padding: int) -> None:
    """Left and right w:tblCellMar of every cell."""
    margins = _tbl_pr_child(table, "w:tblCellMar")
    for side in ("left", "right"):
        element = _child(margins, f"w:{side}")
        element.set(_W, str(padding))
        element.set(_TYPE, "dxa")


def _column_widths(table: Element, widths: list[int]) -> None:
    """w:gridCol and every cell's w:tcW."""
    for column, twips in zip(table.find(_TBL_GRID).findall(_GRID_COL), widths):
        column.set(_W, str(twips))
    for tr in table.iterchildren(_TR):
        for tc, twips in zip(tr.iterchildren(_TC), widths):
            tc_w = _child(_first(tc, "w:tcPr"), "w:tcW")
            tc_w.set(_W, str(twips))
            tc_w.set(_TYPE, "dxa")


def tr_pr(row: Element, header: bool) -> None:
    """w:trPr of a row: w:cantSplit (the row is never split across pages) and, for a header row,
    w:tblHeader (repeated at the top of every page the table spans)."""
    found = _first(row, "w:trPr")
    _child(found, "w:cantSplit")
    if header:
        _child(found, "w:tblHeader")


def p_style(p: Element, style_id: str) -> None:
    """w:pPr/w:pStyle naming the paragraph's style."""
    existing = p.find(_PPR)
    if existing is None:
        existing = p.makeelement(_PPR)
        etree.SubElement(existing, _PSTYLE).set(_VAL, style_id)
        p.insert(0, existing)
        return
    _child(existing, "w:pStyle").set(_VAL, style_id)


def p(container: Element, style_id: str | None = None) -> Element:
    """A new w:p, in the style if one is given, at the end of a table cell or of the body
    (before its final w:sectPr)."""
    paragraph = container.makeelement(_P)
    if style_id is not None:
        etree.SubElement(etree.SubElement(paragraph, _PPR), _PSTYLE).set(_VAL, style_id)
    place(container, paragraph)
    return paragraph


def place(container: Element, block: Element) -> None:
    """A block at the end of a cell or of the body, before the body's w:sectPr: its last child
    (CT_Body), looked at there, not searched for among every block written so far."""
    last = container[-1] if len(container) else None
    if last is not None and last.tag == _SECTPR:
        last.addprevious(block)
    else:
        container.append(block)


def comment_range(p: Element, number: int) -> None:
    """Mark the whole paragraph `p` as the range of comment `number`: w:commentRangeStart after
    its properties, w:commentRangeEnd and the run holding w:commentReference at its end."""
    start = element("w:commentRangeStart")
    start.set(qn("w:id"), str(number))
    existing = p.find(_PPR)
    if existing is not None:
        existing.addnext(start)
    else:
        p.insert(0, start)
    end = element("w:commentRangeEnd")
    end.set(qn("w:id"), str(number))
    p.append(end)
    run = element("w:r")
    reference = element("w:commentReference")
    reference.set(qn("w:id"), str(number))
    run.append(reference)
    p.append(run)


COMMENTS_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
COMMENTS_RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"


def comments(texts: list[str], author: str, date: str) -> bytes:
    """The w:comments part: comment i holds texts[i], one paragraph opening with w:annotationRef
    as Word writes them."""
    root = element("w:comments")
    for number, text in enumerate(texts):
        root.append(comment(number, text, author, date))
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def comment(number: int, text: str, author: str, date: str) -> Element:
    """One w:comment holding `text`, as Word writes it (a paragraph opening with w:annotationRef)."""
    made = element("w:comment")
    made.set(qn("w:id"), str(number))
    made.set(qn("w:author"), author)
    made.set(qn("w:date"), date)
    made.set(qn("w:initials"), author[:2].upper())
    paragraph = element("w:p")
    mark = element("w:r")
    mark.append(element("w:annotationRef"))
    paragraph.append(mark)
    run = element("w:r")
    body = element("w:t")
    body.text = text
    body.set(_SPACE, "preserve")
    run.append(body)
    paragraph.append(run)
    made.append(paragraph)
    return made
