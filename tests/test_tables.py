"""Tables of the body, from markup to Word: read back with python-docx as a văn thư would check
them (borders, header row repeated, widths, styles), and through the checker (cells are not body
paragraphs)."""
from __future__ import annotations

import io
from dataclasses import replace

import docx
import pytest
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_COLOR_INDEX
from docx.oxml.ns import qn
from docx.shared import Pt, Twips

from generator.check import Options, check_bytes
from generator.compose.document import compose
from generator.compose.kinds import load_kind
from generator.compose.markup import parse_blocks
from generator.profiles import load_profile
from generator.read.model import load_province
from generator.write.docx_writer import column_widths, write_docx

from .conftest import PROVINCES
from .test_ooxml import CT_TBLPR  # the schema's order, typed apart from the code under test

MARKUP = """Phân công thực hiện như sau:

|= 4 | 2 | 1
| Nhiệm vụ | Chủ trì | Thời gian
| Tổ chức hội nghị **quán triệt** Kết luận số 93-KL/TW | Văn phòng | [[thời gian]]
| Báo cáo | Văn phòng | Hằng năm

Đoạn cuối.
"""


@pytest.fixture(scope="module", params=["hd36", "nd30"])
def written(request):
    """A real document whose body is replaced by a table between two paragraphs."""
    profile = load_profile(request.param)
    kind = load_kind("chuong-trinh-kl93" if request.param == "hd36" else "ke-hoach-lhh")
    tree = compose(load_province(PROVINCES / "thanh-hoa.yaml"), kind, profile)
    data = write_docx(replace(tree, body=tuple(parse_blocks(MARKUP)), comments=()), profile)
    return profile, data, docx.Document(io.BytesIO(data))


def body_table(document):
    return document.tables[1]       # after the header table, before the signature table


def test_borders_are_single_solid_lines_everywhere(written):
    profile, _, document = written
    borders = body_table(document)._tbl.tblPr.find(qn("w:tblBorders"))
    edges = {edge.tag.split("}")[1]: (edge.get(qn("w:val")), int(edge.get(qn("w:sz")))) for edge in borders}
    eighths = round(profile.table.border_width / 20 * 8)
    assert edges == {edge: ("single", eighths) for edge in ("top", "left", "bottom", "right", "insideH", "insideV")}


def test_the_header_row_repeats_on_every_page_and_no_row_splits(written):
    _, _, document = written
    rows = [row._tr for row in body_table(document).rows]
    assert rows[0].trPr.find(qn("w:tblHeader")) is not None
    assert all(row.trPr.find(qn("w:tblHeader")) is None for row in rows[1:])
    assert all(row.trPr.find(qn("w:cantSplit")) is not None for row in rows)


def test_columns_fill_the_text_width_in_the_templates_proportions(written):
    profile, _, document = written
    tbl = body_table(document)._tbl
    grid = [int(column.get(qn("w:w"))) for column in tbl.tblGrid.findall(qn("w:gridCol"))]
    assert sum(grid) == profile.page.text_width == int(tbl.tblPr.find(qn("w:tblW")).get(qn("w:w")))
    assert [round(width / profile.page.text_width * 7, 2) for width in grid] == [4, 2, 1]
    for row in body_table(document).rows:
        assert [int(cell._tc.tcPr.find(qn("w:tcW")).get(qn("w:w"))) for cell in row.cells] == grid
    assert tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    padding = tbl.tblPr.find(qn("w:tblCellMar"))
    assert {int(padding.find(qn(f"w:{side}")).get(qn("w:w"))) for side in ("left", "right")} == {
        profile.table.cell_padding}


def test_table_properties_are_in_schema_order(written):
    _, _, document = written
    tags = [child.tag for child in body_table(document)._tbl.tblPr]
    positions = [CT_TBLPR.index(tag.split("}")[1]) for tag in tags]
    assert positions == sorted(positions)


def test_header_and_cells_use_the_profile_styles(written):
    profile, _, document = written
    table = body_table(document)
    header, *rows = table.rows
    for cell in header.cells:
        [paragraph] = cell.paragraphs
        assert paragraph.style.name == profile.style_name("table_header")
        assert paragraph.style.font.bold and paragraph.style.font.size == Pt(profile.style("table_header").size)
        assert cell.vertical_alignment == WD_CELL_VERTICAL_ALIGNMENT.CENTER
    assert [cell.text for cell in header.cells] == ["Nhiệm vụ", "Chủ trì", "Thời gian"]
    for row in rows:
        for cell in row.cells:
            assert cell.paragraphs[0].style.name == profile.style_name("table_cell")
            assert cell.paragraphs[0].style.font.size == Pt(profile.style("table_cell").size) == Pt(13)
    first = rows[0].cells
    assert first[0].text == "Tổ chức hội nghị quán triệt Kết luận số 93-KL/TW"
    assert [run.text for run in first[0].paragraphs[0].runs if run.bold] == ["quán triệt"]
    assert first[2].paragraphs[0].runs[0].font.highlight_color == WD_COLOR_INDEX.YELLOW


def test_the_paragraph_introducing_a_table_stays_with_it(written):
    profile, _, document = written
    introduction = body_table(document)._tbl.getprevious()
    assert introduction.pPr.keepNext_val
    assert introduction.pPr.spacing_after == Twips(profile.style("body").space_before)


def test_a_document_with_a_table_conforms_and_its_cells_are_not_body_paragraphs(written):
    profile, data, _ = written
    report = check_bytes(data, "x.docx", profile, Options(draft=True))
    # The body is the table alone: the parts its kind requires are missing, the layout is right.
    assert [str(f) for f in report.findings if not f.content] == []


def test_cells_in_a_body_size_the_checker_would_refuse_are_not_counted():
    # 13 pt is outside HD 36's body sizes (14–15): the BODY rule must not see table cells at all.
    profile = load_profile("hd36")
    assert not profile.style("body").sizes[0] <= profile.style("table_cell").size <= profile.style("body").sizes[1]
    tree = compose(load_province(PROVINCES / "thanh-hoa.yaml"), load_kind(), profile)
    data = write_docx(replace(tree, body=tree.body[:3] + tuple(parse_blocks(MARKUP)) + tree.body[3:], comments=()), profile)
    report = check_bytes(data, "x.docx", profile, Options(draft=True))
    assert not [f for f in report.findings if f.rule.endswith("-BODY")]


def test_a_table_is_written_the_same_every_time(written):
    profile, data, _ = written
    tree = compose(load_province(PROVINCES / "thanh-hoa.yaml"),
                   load_kind("chuong-trinh-kl93" if profile.id == "hd36" else "ke-hoach-lhh"), profile)
    assert write_docx(replace(tree, body=tuple(parse_blocks(MARKUP)), comments=()), profile) == data


@pytest.mark.parametrize("relative, total", [((1, 1, 1), 9355), ((4.6, 2.4, 2.8, 2, 2.6), 9355), ((3,), 100),
                                             ((1, 2), 7)])
def test_column_widths_add_up_to_the_total_exactly(relative, total):
    widths = column_widths(relative, total)
    assert sum(widths) == total and len(widths) == len(relative)
    assert all(abs(width - total * r / sum(relative)) <= 1 for width, r in zip(widths, relative))
