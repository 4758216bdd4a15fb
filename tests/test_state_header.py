"""A State-style header as Văn phòng staff make it in Word: a two-column table, the parent agency
above the issuer, the rule under the issuer drawn as the top border of the next paragraph."""
from __future__ import annotations

import io

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from generator.check import check_bytes


def _line(cell, text, size=13, bold=False, underline=False, first=False):
    paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
    run = paragraph.add_run(text)
    run.font.name, run.font.size, run.bold, run.underline = "Times New Roman", Pt(size), bold, underline
    return paragraph


def _top_border(paragraph):
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        top.set(qn(key), value)
    borders.append(top)
    paragraph._p.get_or_add_pPr().append(borders)


def state_header(parent=True, issuer_bold=True, ruled=True, number_line="Số: 12/SNV-TCBC", landscape=False,
                 data_table=False, motto="Độc lập - Tự do - Hạnh phúc") -> bytes:
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))
    left, right = document.add_table(rows=1, cols=2).rows[0].cells
    if parent:
        _line(left, "UBND TỈNH LÂM ĐỒNG", first=True)
        _line(left, "SỞ NỘI VỤ", bold=issuer_bold)
    else:
        _line(left, "SỞ NỘI VỤ", bold=issuer_bold, first=True)
    rule = _line(left, "")
    if ruled:
        _top_border(rule)
    _line(left, number_line)
    _line(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, first=True)
    _line(right, motto, size=14, bold=True, underline=True)
    if data_table:
        document.add_paragraph("DANH SÁCH").runs[0].bold = True
        table = document.add_table(rows=2, cols=3)
        for cell, text in zip(table.rows[0].cells, ("STT", "Họ và tên", "Chức vụ")):
            cell.text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def issuer_findings(data: bytes) -> list[str]:
    report = check_bytes(data, "snv.docx")
    assert report.profile.id == "nd30"
    return [f.message for f in report.findings if f.rule.endswith("-ISSUER")]


def test_the_issuer_is_the_line_under_the_parent_agency_and_its_rule_is_seen():
    assert issuer_findings(state_header()) == []
    assert issuer_findings(state_header(parent=False)) == []


def test_an_issuer_not_bold_or_without_its_rule_is_still_flagged():
    assert any("in đậm" in m for m in issuer_findings(state_header(issuer_bold=False)))
    assert any("đường kẻ" in m for m in issuer_findings(state_header(ruled=False)))


def test_number_and_date_set_apart_with_spaces_are_both_found():
    spaced = state_header(number_line="Số: 12/SNV-TCBC" + " " * 12 + "Lâm Đồng, ngày 05 tháng 3 năm 2025")
    dates = [f.message for f in check_bytes(spaced, "snv.docx").findings if f.rule.endswith("-DATE")]
    assert dates == ["dòng ngày tháng phải in nghiêng"]


def test_a_landscape_page_is_allowed_for_a_table_only():
    def page_size(**changes):
        return [f.message for f in check_bytes(state_header(**changes), "x.docx").findings
                if f.rule.endswith("-PAGE") and ("chiều rộng" in f.message or "chiều cao" in f.message)]
    assert page_size(landscape=True, data_table=True) == []
    assert page_size(landscape=True) != []


def test_a_motto_typed_with_en_dashes_is_found():
    typed = check_bytes(state_header(motto="Độc lập \u2013 Tự do \u2013 Hạnh phúc"), "snv.docx")
    assert not any("Độc lập" in f.message and "không tìm thấy" in f.message for f in typed.findings)
    missing = check_bytes(state_header(motto=""), "snv.docx")
    assert any("Độc lập" in f.message and "không tìm thấy" in f.message for f in missing.findings)
