"""The produced .docx read back with python-docx: what a văn thư would check by eye, as numbers."""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, Twips

from generator.compose.document import compose
from generator.compose.kinds import load_kind
from generator.profiles.profile import load_profile
from generator.read.model import load_province
from generator.write.docx_writer import write_docx

from .conftest import PROVINCES

FONT = "Times New Roman"
HD36 = load_profile("hd36")


@pytest.fixture(scope="module")
def thanh_hoa(built):
    return docx.Document(built["thanh-hoa"])


def effective(paragraph, attribute: str):
    """A character property as the reader sees it: run, then paragraph style chain."""
    for run in paragraph.runs:
        value = getattr(run.font, attribute)
        if value is not None:
            return value
    style = paragraph.style
    while style is not None:
        value = getattr(style.font, attribute)
        if value is not None:
            return value
        style = style.base_style
    return None


def header_cells(document):
    table = document.tables[0]
    return table.rows[0].cells


def test_page_is_a4_with_hd36_margins_and_a_numberless_first_page(thanh_hoa):
    section = thanh_hoa.sections[0]
    for value, mm in [(section.page_width, 210), (section.page_height, 297), (section.top_margin, 20), (section.bottom_margin, 20), (section.left_margin, 30),
                      (section.right_margin, 15), (section.header_distance, 10)]:
        assert abs(value - Mm(mm)) < Mm(0.1)
    assert section.different_first_page_header_footer
    first_header_xml = section.first_page_header._element.xml
    assert "PAGE" not in first_header_xml
    default_header = section.header
    instr = "".join(t.text for t in default_header._element.iter(qn("w:instrText")))
    assert instr.strip() == "PAGE"
    number = default_header.paragraphs[0]
    assert number.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert number.style.font.size == Pt(14)


def test_times_new_roman_everywhere_and_vietnamese_language(thanh_hoa):
    styles = thanh_hoa.styles.element
    defaults = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = defaults.find(qn("w:rFonts"))
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        assert fonts.get(qn(slot)) == FONT
    assert not [a for f in styles.iter(qn("w:rFonts")) for a in f.attrib if a.lower().endswith("theme")]
    assert defaults.find(qn("w:lang")).get(qn("w:val")) == "vi-VN"
    for run_fonts in thanh_hoa.element.body.iter(qn("w:rFonts")):
        assert run_fonts.get(qn("w:ascii")) in (None, FONT)


def test_header_blocks(thanh_hoa):
    left, right = header_cells(thanh_hoa)
    issuer, star, number, _draft = left.paragraphs
    assert issuer.text == "TỈNH ỦY THANH HÓA" and effective(issuer, "bold") and effective(issuer, "size") == Pt(14)
    assert star.text == "*" and star.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert number.text == "Số      -CTr/TU" and not effective(number, "bold") and effective(number, "size") == Pt(14)
    title, place_date = right.paragraphs
    assert title.text == "ĐẢNG CỘNG SẢN VIỆT NAM"
    assert effective(title, "bold") and effective(title, "size") == Pt(15)
    bottom = title._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert bottom.get(qn("w:val")) == "single"
    tbl = thanh_hoa.tables[0]._tbl
    right_width = int(tbl.tblGrid.findall(qn("w:gridCol"))[1].get(qn("w:w")))
    padding = int(tbl.tblPr.find(qn("w:tblCellMar")).find(qn("w:left")).get(qn("w:w")))
    rule = Twips(right_width - 2 * padding) - title.paragraph_format.left_indent - title.paragraph_format.right_indent
    assert abs(rule - Mm(72.9)) < Mm(1), "the rule under the title must be as long as the title"
    assert place_date.text.startswith("Thanh Hóa, ngày ") and place_date.text.endswith("năm 2021")
    assert effective(place_date, "italic") and effective(place_date, "size") == Pt(14)
    assert not [b for b in thanh_hoa.tables[0]._tbl.iter(qn("w:tblBorders"))
                for edge in b if edge.get(qn("w:val")) not in ("nil", "none")]


def test_draft_marker_sits_under_the_number_not_in_the_page_header(thanh_hoa):
    """HD 36 §2.2: the draft mark is shown under the số và ký hiệu (ô 11b), in italics."""
    number, marker = header_cells(thanh_hoa)[0].paragraphs[2:]
    assert number.text.startswith("Số") and marker.text == "Dự thảo" and effective(marker, "italic")
    assert marker.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert thanh_hoa.sections[0].first_page_header.paragraphs[0].text == ""


def test_title_subject_and_separator(thanh_hoa):
    kind, subject, separator = thanh_hoa.paragraphs[:3]
    assert kind.text == "CHƯƠNG TRÌNH" and effective(kind, "bold") and effective(kind, "size") == Pt(16)
    assert subject.text.replace("\xa0", " ").startswith("thực hiện Kết luận số 93-KL/TW, ngày 20/11/2020\ncủa Ban Bí thư")
    assert effective(subject, "bold") and effective(subject, "size") == Pt(14)
    assert separator.text == "-----"
    for p in (kind, subject, separator):
        assert p.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_body_paragraphs(thanh_hoa):
    body = [p for p in thanh_hoa.paragraphs[3:] if p.style.name == HD36.style_name("body")]
    assert len(body) > 20
    fmt = body[0].style.paragraph_format
    assert fmt.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert abs(fmt.first_line_indent - Mm(10)) < Mm(0.1)
    assert fmt.space_before >= Pt(6)
    assert fmt.line_spacing_rule == WD_LINE_SPACING.EXACTLY and fmt.line_spacing >= Pt(18)
    assert all(effective(p, "size") == Pt(14) for p in body)
    assert all(p.text.strip() for p in thanh_hoa.paragraphs), "no empty paragraphs used for spacing"


def test_headings_are_numbered_bold_and_level_one_in_capitals(thanh_hoa):
    level1 = [p.text for p in thanh_hoa.paragraphs if p.style.name == HD36.style_name("heading_1")]
    assert [t.split("- ")[0] for t in level1] == ["I", "II", "III", "IV"]
    assert level1[0] == "I- TÌNH HÌNH THỰC HIỆN CHỈ THỊ SỐ 42-CT/TW TRÊN ĐỊA BÀN TỈNH"
    level2 = [p for p in thanh_hoa.paragraphs if p.style.name == HD36.style_name("heading_2")]
    assert level2[0].text == "1. Kết quả đạt được" and effective(level2[0], "bold")


def test_placeholders_are_bracketed_and_highlighted(thanh_hoa):
    highlighted = [r for p in thanh_hoa.paragraphs for r in p.runs if r.font.highlight_color == WD_COLOR_INDEX.YELLOW]
    assert any(r.text == "[số biên chế]" for r in highlighted)
    assert all(r.text.startswith("[") and r.text.endswith("]") for r in highlighted)


def test_document_symbols_do_not_break_across_lines(thanh_hoa):
    subject = thanh_hoa.paragraphs[1]
    assert subject._p.findall(".//" + qn("w:noBreakHyphen"))
    assert "93-KL/TW" in subject.text  # python-docx reads the no-break hyphen back as "-"


def test_the_signature_block_is_never_split_across_pages(thanh_hoa):
    # The whole block moves to the next page with the last paragraph of the content.
    row = thanh_hoa.tables[-1].rows[0]._tr
    assert row.trPr.find(qn("w:cantSplit")) is not None
    last = thanh_hoa.tables[-1]._tbl.getprevious()
    assert last.tag == qn("w:p") and last.pPr.keepNext_val


def test_signature_and_recipients(thanh_hoa):
    left, right = thanh_hoa.tables[-1].rows[0].cells
    label, *items = left.paragraphs
    assert label.text == "Nơi nhận:" and effective(label, "underline") and effective(label, "size") == Pt(14)
    assert all(effective(p, "size") == Pt(12) for p in items)
    assert all(p.text.startswith("- ") for p in items)
    assert all(p.text.endswith(",") for p in items[:-1]) and items[-1].text == "- Lưu Văn phòng Tỉnh ủy."
    authority, position, name = right.paragraphs
    assert authority.text == "T/M BAN THƯỜNG VỤ" and effective(authority, "bold")
    assert position.text == "PHÓ BÍ THƯ THƯỜNG TRỰC" and not effective(position, "bold")
    assert name.text == "[họ và tên người ký]" and effective(name, "bold")
    assert name.style.paragraph_format.space_before >= Pt(48), "room for the signature and seal"


def test_city_committee_names(built):
    document = docx.Document(built["ha-noi"])
    assert header_cells(document)[0].paragraphs[0].text == "THÀNH ỦY HÀ NỘI"
    assert document.tables[-1].rows[0].cells[0].paragraphs[-1].text == "- Lưu Văn phòng Thành ủy."


def test_style_names_are_the_profile_roles(thanh_hoa):
    names = {style.name for style in thanh_hoa.styles}
    assert {HD36.style_name(role) for role in load_profile().styles} <= names


def test_output_is_byte_identical_for_the_same_input():
    document = compose(load_province(PROVINCES / "can-tho.yaml"), load_kind())
    assert write_docx(document, load_profile()) == write_docx(document, load_profile())


def test_core_properties_come_from_the_document_not_the_clock(thanh_hoa):
    properties = thanh_hoa.core_properties
    assert properties.author == properties.last_modified_by == "chuongtrinh"      # the tool's draft, not yet the committee's
    app = thanh_hoa.part.package.part_related_by(RT.EXTENDED_PROPERTIES).blob
    assert b"<Application>chuongtrinh</Application>" in app and b"Macintosh" not in app
    assert properties.created.year == 2021 and properties.language == "vi-VN"


@pytest.mark.parametrize("slug, lines", [
    ("thanh-hoa", ["TỈNH ỦY THANH HÓA"]),
    ("ba-ria-vung-tau", ["TỈNH ỦY", "BÀ RỊA - VŨNG TÀU"]),
    ("ho-chi-minh", ["THÀNH ỦY", "THÀNH PHỐ HỒ CHÍ MINH"]),
])
def test_header_blocks_are_sized_so_no_line_wraps(built, slug, lines):
    from generator.write import measure
    document = docx.Document(built[slug])
    tbl = document.tables[0]._tbl
    left_width, right_width = (int(c.get(qn("w:w"))) for c in tbl.tblGrid.findall(qn("w:gridCol")))
    padding = 2 * int(tbl.tblPr.find(qn("w:tblCellMar")).find(qn("w:left")).get(qn("w:w")))
    left, right = document.tables[0].rows[0].cells
    assert left.paragraphs[0].text.replace("\xa0", " ").split("\n") == lines
    for line in lines:
        assert measure.text_width(line, 14, bold=True) <= left_width - padding
    date_line = right.paragraphs[1].text
    assert measure.text_width(date_line, 14, italic=True) <= right_width - padding
    section = document.sections[0]
    overflow = Twips(left_width + right_width) - (section.page_width - section.left_margin - section.right_margin)
    assert overflow <= 0, "the header stays within the text width"


def test_date_line_of_ho_chi_minh_abbreviates_the_city_as_hd36_allows(built):
    """HD 36 §1.4.2: "Cấp hành chính trước địa danh … có thể ghi chữ viết tắt là TP … Ví dụ: TP. Hồ Chí
    Minh"; NĐ 30 (the LHH's Kế hoạch) writes the name in full."""
    right = docx.Document(built["ho-chi-minh"]).tables[0].rows[0].cells[1]
    assert right.paragraphs[1].text.startswith("TP. Hồ Chí Minh, ngày ")
    from generator.compose.document import compose
    from generator.read.model import load_province
    plan = compose(load_province(PROVINCES / "ho-chi-minh.yaml"), load_kind("ke-hoach-lhh"))
    assert plan.header.place == "Thành phố Hồ Chí Minh"


def test_the_cached_reference_is_the_one_the_writer_makes_and_no_cache_folder_is_no_error(tmp_path, monkeypatch):
    from generator.profiles import load_profile
    from generator.write import docx_writer
    profile = load_profile("hd36")
    made = docx_writer._make_reference(profile)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    key = profile.model_dump_json()
    assert docx_writer._cached_reference(key, profile) == made                 # made, then stored
    [stored] = (tmp_path / "cache" / "chuongtrinh" / "reference").iterdir()
    stored.write_bytes(made[:-40] + b"x" * 40)                                  # damaged: made again
    assert docx_writer._cached_reference(key, profile) == made and stored.read_bytes() == made
    (tmp_path / "file").write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "file"))
    assert docx_writer._cached_reference(key, profile) == made


@pytest.mark.parametrize("date", [None, dt.date(2025, 3, 15), dt.date(2025, 9, 15), dt.date(2026, 3, 1)],
                         ids=["own-date", "63-in-2025", "34", "qd399"])
@pytest.mark.parametrize("kind_name", ["chuong-trinh-kl93", "ke-hoach-lhh"])
def test_no_header_block_reaches_into_a_margin_for_any_unit_kind_or_date(date, kind_name):
    """The two header blocks together are never wider than the text (HCM's date line and committee
    name, an LHH's long name under the Quốc hiệu), whichever unit, kind and date."""
    from generator.compose.document import compose, document_profile
    from generator.compose.kinds import load_kind
    from generator.read.plan import load_target, plan
    from generator.write.docx_writer import write_docx
    kind = load_kind(kind_name)
    too_wide = []
    for target in plan((), True, PROVINCES, date):
        province = load_target(target)
        profile = document_profile(province, kind)
        data = write_docx(compose(province, kind, profile), profile)
        body = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
        grid = re.search(r"<w:tblGrid>(.*?)</w:tblGrid>", body).group(1)
        width = sum(int(value) for value in re.findall(r'w:w="(\d+)"', grid))
        if width > profile.page.text_width:
            too_wide.append((target.slug, width - profile.page.text_width))
    assert not too_wide


def test_a_document_is_written_without_importing_python_docx(tmp_path):
    """python-docx makes the reference (once, kept in the cache folder); writing a document from it
    is lxml's work alone, so a build does not pay python-docx's import (about 40 ms of each run)."""
    import os
    import subprocess
    import sys
    script = ("import sys\n"
              "from pathlib import Path\n"
              "from generator import api\n"
              "tree, profile = api.compose_document(api.load_province(Path(sys.argv[1])), api.load_kind())\n"
              "assert api.write_document(tree, profile)[:2] == b'PK'\n"
              "print('docx' in sys.modules)\n")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    source = str(PROVINCES / "ha-noi.yaml")
    runs = [subprocess.run([sys.executable, "-c", script, source], env=env, capture_output=True, text=True,
                           check=True).stdout.strip() for _ in range(2)]
    assert runs == ["True", "False"], "the first run makes the reference with python-docx, the second only reads it"


def test_the_package_is_zipped_as_zipfile_zips_it():
    """stored_zip writes the headers itself: the bytes zipfile gives for the same entries (stored,
    fixed timestamps, mode 0644), which any zip reader opens."""
    import io
    import zipfile

    from generator.write.package import ZIP_EPOCH, stored_zip
    entries = [("[Content_Types].xml", b"<Types/>"), ("word/document.xml", "<w:document>ệ</w:document>".encode()),
               ("empty", b""), ("docProps/app.xml", bytes(range(256)) * 40)]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as package:
        for name, blob in entries:
            entry = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
            entry.external_attr = 0o644 << 16
            package.writestr(entry, blob)
    ours = stored_zip(entries)
    assert ours == buffer.getvalue()
    opened = zipfile.ZipFile(io.BytesIO(ours))
    assert opened.testzip() is None and [(i.filename, opened.read(i)) for i in opened.infolist()] == entries
