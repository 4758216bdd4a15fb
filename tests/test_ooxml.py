"""Raw WordprocessingML helpers: the XML they build, its schema order, and that it reloads."""
from __future__ import annotations

import io

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, Twips
from lxml import etree

from generator.write import ooxml

FONT = "Times New Roman"
SLOTS = ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")

# Child order of the ECMA-376 complex types the helpers write into (the subset that matters).
CT_PPR = ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
          "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
          "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
          "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
          "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
          "sectPr", "pPrChange")
CT_TBLPR = ("tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize",
            "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook",
            "tblCaption", "tblDescription", "tblPrChange")
CT_RPR = ("rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline",
          "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing", "w",
          "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign",
          "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath")


def local(element) -> str:
    return element.tag.rsplit("}", 1)[-1]


def children(element) -> list[str]:
    return [local(child) for child in element]


def in_schema_order(element, order: tuple[str, ...]) -> bool:
    names = children(element)
    assert set(names) <= set(order), set(names) - set(order)
    positions = [order.index(name) for name in names]
    return positions == sorted(positions)


def reloaded(document) -> docx.document.Document:
    """Save and open again: what python-docx (and so the checker) reads back."""
    buffer = io.BytesIO()
    document.save(buffer)
    buffer.seek(0)
    return docx.Document(buffer)


# --- r_fonts, lang, doc_defaults ------------------------------------------------------------

def test_r_fonts_names_the_font_in_every_slot_and_drops_theme_fonts():
    r_pr = OxmlElement("w:rPr")
    fonts = OxmlElement("w:rFonts")
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.set(qn(attribute), "minorHAnsi")
    fonts.set(qn("w:ascii"), "Calibri")
    r_pr.append(fonts)
    ooxml.r_fonts(r_pr, FONT)
    [element] = r_pr.findall(qn("w:rFonts"))
    assert dict(element.attrib) == {qn(slot): FONT for slot in SLOTS}


def test_r_fonts_creates_the_element_when_missing():
    r_pr = OxmlElement("w:rPr")
    ooxml.r_fonts(r_pr, FONT)
    assert [element.get(qn(slot)) for element in r_pr for slot in SLOTS] == [FONT] * 4


def test_r_fonts_goes_before_bold_and_size():
    document = docx.Document()
    run = document.add_paragraph().add_run("x")
    run.bold, run.font.size = True, Pt(14)
    ooxml.r_fonts(run._r.get_or_add_rPr(), FONT)
    assert in_schema_order(run._r.rPr, CT_RPR)


def test_lang_sets_latin_and_east_asian_language():
    r_pr = OxmlElement("w:rPr")
    ooxml.lang(r_pr, "vi-VN")
    [element] = r_pr.findall(qn("w:lang"))
    assert (element.get(qn("w:val")), element.get(qn("w:eastAsia"))) == ("vi-VN", "vi-VN")


def test_doc_defaults_set_font_size_and_language():
    document = docx.Document()
    ooxml.doc_defaults(document.styles.element, FONT, 26, "vi-VN")
    r_pr = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = r_pr.find(qn("w:rFonts"))
    assert dict(fonts.attrib) == {qn(slot): FONT for slot in SLOTS}
    assert r_pr.find(qn("w:sz")).get(qn("w:val")) == "26"
    assert r_pr.find(qn("w:szCs")).get(qn("w:val")) == "26"
    assert r_pr.find(qn("w:lang")).get(qn("w:val")) == "vi-VN"
    assert r_pr.find(qn("w:lang")).get(qn("w:eastAsia")) == "vi-VN"
    # Each set once, not appended again beside the template's own.
    assert [children(r_pr).count(tag) for tag in ("rFonts", "sz", "szCs", "lang")] == [1, 1, 1, 1]
    assert in_schema_order(r_pr, CT_RPR)


def test_doc_defaults_leave_no_theme_font_in_any_style():
    document = docx.Document()
    ooxml.doc_defaults(document.styles.element, FONT, 26, "vi-VN")
    all_fonts = list(document.styles.element.iter(qn("w:rFonts")))
    assert len(all_fonts) > 1   # the default template has style-level fonts as well
    for fonts in all_fonts:
        assert not [a for a in fonts.attrib if a.lower().endswith("theme")]
        assert all(fonts.get(qn(slot)) == FONT for slot in SLOTS)


def test_doc_defaults_are_read_back_after_saving():
    document = docx.Document()
    ooxml.doc_defaults(document.styles.element, FONT, 26, "vi-VN")
    again = reloaded(document)
    r_pr = again.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert r_pr.find(qn("w:rFonts")).get(qn("w:ascii")) == FONT
    assert r_pr.find(qn("w:lang")).get(qn("w:val")) == "vi-VN"


# --- t_with_no_break_hyphens ----------------------------------------------------------------

def pieces(run) -> list[tuple[str, str | None]]:
    return [(local(child), child.text) for child in run._r if local(child) in ("t", "noBreakHyphen")]


def as_text(run) -> str:
    return "".join("-" if name == "noBreakHyphen" else text for name, text in pieces(run))


def test_no_break_hyphens_replace_the_hyphens_at_the_offsets():
    run = docx.Document().add_paragraph().add_run()
    text = "Số 93-KL/TW, ngày 05-3-2024"
    hyphens = [i for i, ch in enumerate(text) if ch == "-"]
    ooxml.t_with_no_break_hyphens(run._r, text, hyphens)
    assert pieces(run) == [("t", "Số 93"), ("noBreakHyphen", None), ("t", "KL/TW, ngày 05"),
                           ("noBreakHyphen", None), ("t", "3"), ("noBreakHyphen", None), ("t", "2024")]
    assert as_text(run) == text


def test_no_break_hyphens_at_the_edges_and_side_by_side():
    run = docx.Document().add_paragraph().add_run()
    text = "-a--b-"
    ooxml.t_with_no_break_hyphens(run._r, text, [0, 2, 3, 5])
    assert [name for name, _ in pieces(run)] == ["noBreakHyphen", "t", "noBreakHyphen", "noBreakHyphen", "t",
                                                 "noBreakHyphen"]
    assert as_text(run) == text


def test_no_hyphens_means_one_text_element_with_spaces_kept():
    run = docx.Document().add_paragraph().add_run()
    ooxml.t_with_no_break_hyphens(run._r, "  Tỉnh ủy  ", [])
    [t] = run._r.findall(qn("w:t"))
    assert t.text == "  Tỉnh ủy  "
    assert t.get(qn("xml:space")) == "preserve"


def test_only_the_listed_hyphens_become_no_break():
    run = docx.Document().add_paragraph().add_run()
    ooxml.t_with_no_break_hyphens(run._r, "a-b-c", [3])
    assert pieces(run) == [("t", "a-b"), ("noBreakHyphen", None), ("t", "c")]


def test_no_break_hyphens_survive_saving():
    document = docx.Document()
    run = document.add_paragraph().add_run()
    ooxml.t_with_no_break_hyphens(run._r, "93-KL/TW", [2])
    again = reloaded(document).paragraphs[0].runs[0]
    assert as_text(again) == "93-KL/TW"
    # python-docx renders w:noBreakHyphen as "-" in run.text.
    assert again.text == "93-KL/TW"


# --- p_bdr_bottom ---------------------------------------------------------------------------

def test_bottom_border_is_single_black_with_the_given_size():
    paragraph = docx.Document().add_paragraph("QUỐC HIỆU")
    ooxml.p_bdr_bottom(paragraph._p, 6)
    [border] = paragraph._p.pPr.findall(qn("w:pBdr"))
    [bottom] = list(border)
    assert local(bottom) == "bottom"
    assert {k.split("}")[1]: v for k, v in bottom.attrib.items()} == \
        {"val": "single", "sz": "6", "space": "1", "color": "000000"}


def test_bottom_border_goes_before_spacing_indent_and_alignment():
    document = docx.Document()
    paragraph = document.add_paragraph("Đảng bộ tỉnh", style="Heading 1")
    fmt = paragraph.paragraph_format
    fmt.keep_with_next, fmt.widow_control = True, True
    fmt.space_after, fmt.left_indent = Pt(6), Twips(567)
    fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
    assert children(paragraph._p.pPr)[-3:] == ["spacing", "ind", "jc"]
    ooxml.p_bdr_bottom(paragraph._p, 8)
    names = children(paragraph._p.pPr)
    assert names.index("pBdr") < names.index("spacing")
    assert in_schema_order(paragraph._p.pPr, CT_PPR)


@pytest.mark.parametrize("last", ["jc", "ind", "spacing"])
def test_bottom_border_goes_before_whichever_of_them_exists(last):
    paragraph = docx.Document().add_paragraph("x")
    fmt = paragraph.paragraph_format
    setattr(fmt, {"jc": "alignment", "ind": "left_indent", "spacing": "space_before"}[last],
            {"jc": WD_ALIGN_PARAGRAPH.RIGHT, "ind": Twips(100), "spacing": Pt(3)}[last])
    ooxml.p_bdr_bottom(paragraph._p, 4)
    assert children(paragraph._p.pPr) == ["pBdr", last]


def test_bottom_border_goes_before_paragraph_mark_properties():
    paragraph = docx.Document().add_paragraph("x")
    paragraph._p.get_or_add_pPr().append(OxmlElement("w:rPr"))
    ooxml.p_bdr_bottom(paragraph._p, 4)
    assert in_schema_order(paragraph._p.pPr, CT_PPR)


def test_bottom_border_twice_updates_the_one_border():
    paragraph = docx.Document().add_paragraph("x")
    ooxml.p_bdr_bottom(paragraph._p, 4)
    ooxml.p_bdr_bottom(paragraph._p, 12)
    assert children(paragraph._p.pPr) == ["pBdr"]
    assert [b.get(qn("w:sz")) for b in paragraph._p.pPr.iter(qn("w:bottom"))] == ["12"]


def test_bottom_border_survives_saving():
    document = docx.Document()
    paragraph = document.add_paragraph("x")
    paragraph.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    ooxml.p_bdr_bottom(paragraph._p, 6)
    again = reloaded(document).paragraphs[0]
    assert again.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert [b.get(qn("w:sz")) for b in again._p.iter(qn("w:bottom"))] == ["6"]


# --- fld_page -------------------------------------------------------------------------------

def test_page_field_is_begin_instruction_separate_result_end():
    paragraph = docx.Document().add_paragraph()
    ooxml.fld_page(paragraph._p)
    runs = paragraph._p.findall(qn("w:r"))
    parts = []
    for run in runs:
        [child] = list(run)
        parts.append(child.get(qn("w:fldCharType")) if local(child) == "fldChar" else (local(child), child.text))
    assert parts[0] == "begin"
    assert parts[1] == ("instrText", " PAGE ")
    assert parts[2] == "separate"
    assert parts[-1] == "end"
    # Between separate and end: only the cached result, as text.
    assert all(part[0] == "t" for part in parts[3:-1]) and len(parts) == 5
    assert runs[1][0].get(qn("xml:space")) == "preserve"


def test_page_field_follows_existing_text_and_survives_saving():
    document = docx.Document()
    paragraph = document.add_paragraph("Trang ")
    ooxml.fld_page(paragraph._p)
    again = reloaded(document).paragraphs[0]
    assert again.text.startswith("Trang ")
    assert [i.text for i in again._p.iter(qn("w:instrText"))] == [" PAGE "]
    assert [f.get(qn("w:fldCharType")) for f in again._p.iter(qn("w:fldChar"))] == ["begin", "separate", "end"]


# --- tbl_borderless_fixed -------------------------------------------------------------------

def borderless(widths=(3600, 5400), padding=108, rows=2):
    document = docx.Document()
    table = document.add_table(rows=rows, cols=len(widths))
    ooxml.tbl_borderless_fixed(table._tbl, list(widths), padding)
    return document, table


def attributes(element) -> dict[str, str]:
    return {k.split("}")[1]: v for k, v in element.attrib.items()}


def test_table_has_no_borders_on_any_edge():
    _, table = borderless()
    [borders] = table._tbl.tblPr.findall(qn("w:tblBorders"))
    assert {local(edge): edge.get(qn("w:val")) for edge in borders} == \
        {edge: "nil" for edge in ("top", "left", "bottom", "right", "insideH", "insideV")}


def test_table_layout_is_fixed_and_width_is_the_sum_of_columns():
    _, table = borderless((3600, 5400))
    tbl_pr = table._tbl.tblPr
    assert tbl_pr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    assert attributes(tbl_pr.find(qn("w:tblW"))) == {"w": "9000", "type": "dxa"}


def test_grid_and_every_cell_carry_the_column_widths():
    _, table = borderless((3600, 5400), rows=3)
    assert [col.get(qn("w:w")) for col in table._tbl.tblGrid.findall(qn("w:gridCol"))] == ["3600", "5400"]
    for row in table.rows:
        widths = [attributes(cell._tc.tcPr.find(qn("w:tcW"))) for cell in row.cells]
        assert widths == [{"w": "3600", "type": "dxa"}, {"w": "5400", "type": "dxa"}]


def test_cell_padding_sets_left_and_right_margins():
    _, table = borderless(padding=108)
    [margins] = table._tbl.tblPr.findall(qn("w:tblCellMar"))
    assert {local(side): attributes(side) for side in margins} == \
        {"left": {"w": "108", "type": "dxa"}, "right": {"w": "108", "type": "dxa"}}


def test_no_cell_padding_leaves_the_margins_alone():
    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    ooxml.tbl_borderless_fixed(table._tbl, [1000, 2000])
    assert table._tbl.tblPr.find(qn("w:tblCellMar")) is None


def test_borderless_table_is_read_back_after_saving():
    document, _ = borderless((3600, 5400))
    [table] = reloaded(document).tables
    assert [c.width for c in table.columns] == [Twips(3600), Twips(5400)]
    assert [cell.width for cell in table.rows[0].cells] == [Twips(3600), Twips(5400)]
    assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"


def test_borderless_table_properties_are_in_schema_order():
    # CT_TblPr wants tblBorders, tblLayout and tblCellMar before the w:tblLook python-docx writes.
    _, table = borderless()
    assert in_schema_order(table._tbl.tblPr, CT_TBLPR)


def test_all_helpers_together_give_a_document_python_docx_reads():
    # Every helper applied to one document; it must save and reload with its content intact.
    document = docx.Document()
    ooxml.doc_defaults(document.styles.element, FONT, 28, "vi-VN")
    table = document.add_table(rows=1, cols=2)
    ooxml.tbl_borderless_fixed(table._tbl, [4000, 5000], 100)
    table.cell(0, 0).paragraphs[0].add_run("ĐẢNG BỘ TỈNH THANH HÓA")
    ooxml.p_bdr_bottom(table.cell(0, 0).paragraphs[0]._p, 6)
    heading = document.add_paragraph()
    ooxml.t_with_no_break_hyphens(heading.add_run()._r, "Số 93-KL/TW", [5])
    ooxml.r_fonts(heading.runs[0]._r.get_or_add_rPr(), FONT)
    ooxml.fld_page(document.sections[0].header.paragraphs[0]._p)
    again = reloaded(document)
    assert again.tables[0].cell(0, 0).text == "ĐẢNG BỘ TỈNH THANH HÓA"
    assert again.paragraphs[0].text == "Số 93-KL/TW"
    assert again.paragraphs[0].runs[0].font.name == FONT
    assert "PAGE" in "".join(i.text for i in again.sections[0].header._element.iter(qn("w:instrText")))


def test_runs_and_paragraphs_built_with_lxml_are_what_python_docx_would_write():
    document = docx.Document()
    by_python_docx = document.add_paragraph(style="Title")
    run = by_python_docx.add_run("Đảng")
    run.bold, run.italic = True, True
    run.font.highlight_color = 7          # WD_COLOR_INDEX.YELLOW
    run.add_break()
    body = document.element.body
    by_lxml = ooxml.p(body, document.styles["Title"].style_id)
    element = ooxml.r(by_lxml, bold=True, italic=True, highlight="yellow")
    ooxml.t_with_no_break_hyphens(element, "Đảng", [])
    ooxml.br(element)
    expected = by_python_docx._p.xml.replace(' xml:space="preserve"', "")
    assert by_lxml.xml.replace(' xml:space="preserve"', "") == expected
    assert body[-1].tag.endswith("sectPr") and body[-2] is by_lxml


# --- what the writer builds without python-docx, against what python-docx builds -------------

def same_xml(ours, theirs) -> bool:
    """The same elements, attributes (in their order, which the bytes keep) and text, whatever
    namespaces the trees around them declare."""
    def shape(element) -> tuple:
        # (lxml's own text: python-docx's element classes give .text a meaning of their own)
        text = etree._Element.text.__get__(element)
        return element.tag, list(element.attrib.items()), text, [shape(child) for child in element]
    return shape(ours) == shape(theirs)


@pytest.mark.parametrize("text", ["ĐẢNG CỘNG SẢN VIỆT NAM", " Nơi nhận: ", "a\tb\nc ", "", "x\r\ny"])
def test_plain_run_is_python_docx_add_run(text):
    paragraph = docx.Document().add_paragraph()
    ours = ooxml.plain_run(ooxml.element("w:p"), text)
    assert same_xml(ours, paragraph.add_run(text)._r)


@pytest.mark.parametrize("rows, columns, width", [(1, 2, 9355), (3, 3, 9355), (2, 4, 9071), (1, 1, 1)])
def test_new_table_is_python_docx_add_table(rows, columns, width):
    theirs = docx.Document()._body.add_table(rows, columns, Twips(width))._tbl
    body = etree.fromstring(etree.tostring(docx.Document().element.body))
    ours = ooxml.tbl(body, rows, columns, width)
    assert same_xml(ours, theirs)
    assert body.index(ours) == len(body) - 2, "before the body's w:sectPr"


def test_properties_keep_their_schema_order_whatever_was_set_first():
    p = etree.Element(qn("w:p"))
    ooxml.spacing_after(ooxml.properties(p), 120)
    ooxml.indents(p, 10, 20)
    ooxml.p_bdr_bottom(p, 6)
    ooxml.keep_next(ooxml.properties(p))
    ooxml.p_style(p, "Body")
    assert children(p.find(qn("w:pPr"))) == ["pStyle", "keepNext", "pBdr", "spacing", "ind"]
    cell = etree.Element(qn("w:tc"))
    etree.SubElement(cell, qn("w:p"))
    ooxml.v_align(cell, "center")
    assert children(cell) == ["tcPr", "p"] and children(cell[0]) == ["vAlign"]


def test_every_highlight_name_is_a_colour_word_knows():
    from docx.enum.text import WD_COLOR_INDEX
    for name, value in ooxml.HIGHLIGHTS.items():
        assert getattr(WD_COLOR_INDEX, name.upper()).xml_value == value
