"""The WordprocessingML helpers added for body tables and fast paragraph styles, each on its own."""
from __future__ import annotations

import io

import docx
from docx.oxml.ns import qn

from generator.write import ooxml

from .test_ooxml import CT_TBLPR  # the schema's order, typed apart from the code under test


def table(rows: int = 2, cols: int = 3):
    document = docx.Document()
    return document, document.add_table(rows=rows, cols=cols)


def test_tbl_borders_draw_every_edge_single():
    _, t = table()
    ooxml.tbl_borders(t._tbl, 4)
    edges = t._tbl.tblPr.find(qn("w:tblBorders"))
    assert [(e.tag.split("}")[1], e.get(qn("w:val")), e.get(qn("w:sz"))) for e in edges] == [
        (edge, "single", "4") for edge in ("top", "left", "bottom", "right", "insideH", "insideV")]


def test_tbl_grid_fixed_sets_widths_everywhere_in_schema_order():
    _, t = table()
    ooxml.tbl_borders(t._tbl, 4)                       # added first, must still end up after w:tblInd
    ooxml.tbl_grid_fixed(t._tbl, [100, 200, 300], 85)
    properties = t._tbl.tblPr
    order = [CT_TBLPR.index(child.tag.split("}")[1]) for child in properties]
    assert order == sorted(order)
    assert properties.find(qn("w:tblW")).get(qn("w:w")) == "600"
    assert properties.find(qn("w:jc")).get(qn("w:val")) == "center"
    assert [c.get(qn("w:w")) for c in t._tbl.tblGrid.findall(qn("w:gridCol"))] == ["100", "200", "300"]
    assert [[tc.tcPr.find(qn("w:tcW")).get(qn("w:w")) for tc in tr.tc_lst] for tr in t._tbl.tr_lst] == [
        ["100", "200", "300"]] * 2


def test_tr_pr_marks_rows_unsplittable_and_the_header_repeated():
    _, t = table()
    ooxml.tr_pr(t.rows[0]._tr, header=True)
    ooxml.tr_pr(t.rows[1]._tr, header=False)
    first, second = (row._tr.trPr for row in t.rows)
    assert [c.tag.split("}")[1] for c in first] == ["cantSplit", "tblHeader"]
    assert [c.tag.split("}")[1] for c in second] == ["cantSplit"]
    ooxml.tr_pr(t.rows[0]._tr, header=True)           # twice: still one of each
    assert len(first) == 2


def test_p_style_on_a_new_paragraph_and_on_one_with_properties():
    document = docx.Document()
    new, old = document.add_paragraph(), document.add_paragraph()
    old.paragraph_format.keep_with_next = True     # a w:pPr already there
    ooxml.p_style(new._p, "Heading1")
    ooxml.p_style(old._p, "Heading1")
    for paragraph in (new, old):
        assert paragraph._p.pPr[0].tag == qn("w:pStyle") and paragraph._p.pPr[0].get(qn("w:val")) == "Heading1"
    buffer = io.BytesIO()
    document.save(buffer)
    again = docx.Document(io.BytesIO(buffer.getvalue()))
    assert [p.style.name for p in again.paragraphs] == ["Heading 1", "Heading 1"]
