"""A second document kind from the same province files: the LHH's own Kế hoạch under NĐ 30,
made by a template folder and a profile only."""
from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from docx.oxml.ns import qn

from generator.check import Options, check_bytes
from generator.cli import cli
from generator.compose.document import compose
from generator.compose.kinds import load_kind
from generator.profiles.profile import load_profile
from generator.read.model import load_province
from generator.tree import dump

from .conftest import PROVINCES


@pytest.fixture(scope="module")
def plan_docx(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("kh")
    result = CliRunner().invoke(cli, ["build", "--kind", "ke-hoach-lhh", "thanh-hoa", "ho-chi-minh", "-o", str(out),
                                      "--provinces", str(PROVINCES)])
    assert result.exit_code == 0, result.output
    return out / "thanh-hoa-ke-hoach-lhh.docx"


def test_the_plan_is_laid_out_as_a_state_document(plan_docx):
    document = docx.Document(plan_docx)
    header = document.tables[0]
    left, right = (cell.text.strip() for cell in header.rows[0].cells)   # the rule is an empty paragraph
    # broken at its phrases, so that the two blocks stay within the text width
    assert left == "LIÊN HIỆP CÁC HỘI\nKHOA HỌC VÀ KỸ THUẬT\nTỈNH THANH HÓA"
    assert right == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    number, date = (cell.text for cell in header.rows[1].cells)   # on one level (NĐ 30)
    assert number.startswith("Số: ") and number.endswith("/KH-LHH")
    assert date.startswith("Thanh Hóa, ngày") and date.endswith("năm 2021")
    texts = [p.text for p in document.paragraphs]
    assert "KẾ HOẠCH" in texts and "-----" not in texts and "*" not in left
    assert any(t.endswith("xem xét, giải quyết./.") for t in texts)       # the last paragraph of the body
    signature = document.tables[-1].rows[0].cells
    # Thanh Hóa's LHH signs through its Ban Thường vụ (lhh.standing_body, from its own decisions)
    assert signature[1].paragraphs[0].text == "TM. BAN THƯỜNG VỤ" and signature[1].paragraphs[1].text == "CHỦ TỊCH"
    recipients = [p.text for p in signature[0].paragraphs]
    assert recipients[0] == "Nơi nhận:" and recipients[-1] == "- Lưu: VT, VP."
    assert all(line.endswith(";") for line in recipients[1:-1])


def test_the_plan_passes_the_nd30_rules_and_fails_the_party_rules(plan_docx, tmp_path):
    runner = CliRunner()
    state = runner.invoke(cli, ["check", "--draft", "--profile", "nd30", str(plan_docx)])
    assert state.exit_code == 0, state.output
    party = runner.invoke(cli, ["check", "--draft", "--profile", "hd36", str(plan_docx)])
    assert party.exit_code == 1
    for rule in ("HD36-PARTY-TITLE", "HD36-ISSUER", "HD36-NUMBER", "HD36-SIGNATURE", "HD36-RECIPIENTS"):
        assert rule in party.output, (rule, party.output)


def test_check_chooses_the_state_rules_from_the_quoc_hieu(plan_docx):
    report = check_bytes(plan_docx.read_bytes(), "kh.docx", options=Options(draft=True))
    assert report.profile.id == "nd30" and report.findings == []


def test_a_plan_without_its_closing_mark_is_flagged(plan_docx):
    broken = _replace_in_body(plan_docx.read_bytes(), "xem xét, giải quyết./.", "xem xét, giải quyết.")
    findings = check_bytes(broken, "kh.docx", load_profile("nd30"), Options(draft=True)).violations
    assert [f.rule for f in findings] == ["ND30-END"]


def test_the_plan_and_the_programme_share_an_output_folder(tmp_path):
    out = tmp_path / "out"
    runner = CliRunner()
    for kind in ("chuong-trinh-kl93", "ke-hoach-lhh"):
        result = runner.invoke(cli, ["build", "--kind", kind, "thanh-hoa", "-o", str(out), "--provinces", str(PROVINCES)])
        assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.glob("*.docx")) == ["thanh-hoa-ke-hoach-lhh.docx", "thanh-hoa.docx"]
    again = runner.invoke(cli, ["build", "thanh-hoa", "-o", str(out), "--provinces", str(PROVINCES)])
    assert "không đổi" in again.output or "không có gì thay đổi" in again.output


def _replace_in_body(data: bytes, old: str, new: str) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "word/document.xml":
                assert old.encode() in content
                content = content.replace(old.encode(), new.encode())
            target.writestr(item, content)
    return buffer.getvalue()


def test_the_plan_cites_the_programme_by_its_number_and_date(province_file):
    # The Tỉnh ủy's programme, dated: the LHH's plan cites it as issued ("05-CTr/TU", the Party's
    # number form), its date written as the plan's own profile writes dates.
    path = province_file("""\
        slug: thanh-hoa
        document:
          number: 5
          date: 05/02/2021
        """)
    text = dump(compose(load_province(path), load_kind("ke-hoach-lhh")))
    # cited as a State document cites: no comma before "ngày" (NĐ 30 Phụ lục I)
    assert "Chương trình số 05-CTr/TU ngày 05/02/2021 của Ban Thường vụ Tỉnh ủy Thanh Hóa" in text


PLAN_COLUMNS = ["Nhiệm vụ", "Chủ trì", "Đề nghị phối hợp", "Thời gian", "Sản phẩm"]


def test_the_plan_assigns_its_tasks_in_a_table_of_five_columns(plan_docx):
    document = docx.Document(plan_docx)
    nd30 = load_profile("nd30")
    [table] = [t for t in document.tables[1:-1]]      # between the header and the signature
    header, *rows = table.rows
    assert [cell.text for cell in header.cells] == PLAN_COLUMNS
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    assert len(rows) >= 10 and all(len(row.cells) == 5 for row in rows)
    assert all(row.cells[0].text and row.cells[1].text and row.cells[3].text for row in rows), \
        "every task has a leader and a time (or a placeholder for it)"
    assert {cell.paragraphs[0].style.name for row in rows for cell in row.cells} == {nd30.style_name("table_cell")}
    tasks = " ".join(row.cells[0].text for row in rows)
    for task in ("Quán triệt", "Tham mưu cụ thể hóa, thể chế hóa", "quy chế làm việc", "kiện toàn tổ chức, bộ máy",
                 "Tôn vinh trí thức", "Hợp tác quốc tế, đối ngoại nhân dân", "báo cáo kết quả"):
        assert task in tasks, task


def plan_text(path) -> str:
    return dump(compose(load_province(path), load_kind("ke-hoach-lhh")))


def test_the_plan_carries_the_duties_of_cong_van_097_and_the_points_of_kl93():
    text = plan_text(PROVINCES / "thanh-hoa.yaml")
    for words in (
        "tham mưu Tỉnh ủy, Ủy ban nhân dân tỉnh",                     # Công văn 097: tham mưu cấp ủy, chính quyền
        "cụ thể hóa, thể chế hóa",
        "Kịp thời thông tin, báo cáo",                                 # … kịp thời thông tin, báo cáo về LHHVN
        "Thực hiện nghiêm sự lãnh đạo của",                           # KL 93 point 2.1: under its party body
        "tinh gọn, hiệu quả", "trẻ hóa", "đúng tôn chỉ, mục đích",     # point 2.3
        "tôn vinh trí thức",                                           # point 2.4
        "hợp tác quốc tế", "đối ngoại nhân dân", "trí thức người Việt Nam ở nước ngoài",   # point 2.5
    ):
        assert words in text, words


def test_the_plan_cites_kl93_by_its_title_as_written():
    text = plan_text(PROVINCES / "thanh-hoa.yaml")
    assert "Kết luận số 93-KL/TW ngày 20/11/2020 của Ban Bí thư Trung ương Đảng về việc tiếp tục thực hiện" in text
    assert "về tiếp tục thực hiện Chỉ thị" not in text
    assert "subject: Thực hiện Kết luận số 93-KL/TW ngày 20/11/2020 | của Ban Bí thư Trung ương Đảng | về việc tiếp tục" \
        in text


def test_abbreviations_are_defined_where_first_used():
    body = plan_text(PROVINCES / "thanh-hoa.yaml").split("\nsignature:")[0]
    body = body[body.index("\n¶ "):]                  # from the first paragraph on
    for short in ("Liên hiệp Hội Việt Nam", "Liên hiệp Hội"):
        uses = [m.start() for m in re.finditer(re.escape(short) + ("(?! Việt Nam)" if short == "Liên hiệp Hội" else ""),
                                               body)]
        assert uses and body[:uses[0]].endswith("(sau đây gọi tắt là "), short
    assert "LHH" not in body.replace("LHHVN-TCCSH", "")


def test_the_plan_reports_upward():
    recipients = [line for line in plan_text(PROVINCES / "thanh-hoa.yaml").splitlines() if line.startswith("recipient:")]
    assert "recipient: Liên hiệp các Hội Khoa học và Kỹ thuật Việt Nam (để báo cáo)" in recipients
    assert "recipient: Thường trực Tỉnh ủy (để báo cáo)" in recipients
    assert recipients[-1] == "recipient: Lưu: VT, VP"


def test_times_are_the_programmes_or_counted_from_the_plan_never_dates_invented(province_file):
    bare = plan_text(province_file("slug: thanh-hoa\ndocument: {year: 2021}\n"))
    assert not re.search(r"[Qq]uý [IV]+|tháng \d", bare.split("|! Nhiệm vụ")[1].split("\n#.")[0])
    assert "[[thời gian]]" not in bare and "Trong 30 ngày kể từ ngày ban hành Kế hoạch" in bare
    given = plan_text(province_file("""\
        slug: thanh-hoa
        document: {year: 2021}
        schedule: {briefing_by: quý II/2021, report_by: trước ngày 15/12, midterm_review: 2023, final_review: 2025}
        """))
    assert "| Quý II/2021 | Hội nghị quán triệt" in given and "Hằng năm, trước ngày 15/12" in given
    assert "Sơ kết năm 2023; tổng kết năm 2025" in given


def test_after_the_2025_reorganisation_the_plan_names_todays_bodies(tmp_path):
    result = CliRunner().invoke(cli, ["build", "--kind", "ke-hoach-lhh", "thanh-hoa", "--date", "2025-09-15",
                                      "-o", str(tmp_path), "--provinces", str(PROVINCES)])
    assert result.exit_code == 0, result.output
    [path] = tmp_path.glob("*.docx")
    document = docx.Document(path)
    words = "\n".join([p.text for p in document.paragraphs] +
                      [c.text for t in document.tables for row in t.rows for c in row.cells])
    for old in ("Đảng đoàn", "Ban cán sự đảng", "huyện ủy", "Huyện ủy"):
        assert old not in words, old
    assert "Ban Tuyên giáo và Dân vận Tỉnh ủy" in words
    report = check_bytes(path.read_bytes(), path.name, load_profile("nd30"), Options(draft=True))
    assert report.findings == []


def test_the_plan_is_byte_identical_for_the_same_input():
    from generator.write.docx_writer import write_docx
    document = compose(load_province(PROVINCES / "ha-noi.yaml"), load_kind("ke-hoach-lhh"))
    assert write_docx(document, load_profile("nd30")) == write_docx(document, load_profile("nd30"))


def test_state_document_symbols_never_break_at_their_hyphen(plan_docx):
    # "097/LHHVN-TCCSH" wrapped after "LHHVN-" in a PDF preview; the hyphen is a no-break hyphen.
    document = docx.Document(plan_docx)
    opening = next(p for p in document.paragraphs if "097/LHHVN" in p.text)
    pieces = [(child.tag, child.text) for run in opening._p.iter(qn("w:r")) for child in run]
    assert (qn("w:noBreakHyphen"), None) in pieces
    assert not any(text and "LHHVN-TCCSH" in text for _, text in pieces)


def test_the_head_may_sign_in_person_under_nd30(plan_docx):
    """NĐ 30: the head of an agency signs under the position alone ("CHỦ TỊCH"); only a Party
    document needs its T/M line."""
    in_person = _replace_in_body(plan_docx.read_bytes(), ">TM. BAN THƯỜNG VỤ<", "><")
    report = check_bytes(in_person, "kh.docx", load_profile("nd30"), Options(draft=True))
    assert report.findings == [], [str(f) for f in report.findings]
    party = check_bytes(in_person, "kh.docx", load_profile("hd36"), Options(draft=True))
    assert any("thể thức đề ký" in f.message for f in party.violations)


def test_a_cong_van_is_not_asked_for_a_ten_loai(plan_docx):
    """A công văn has no tên loại by design (HD 36 §2.3); its "Kính gửi" shows what it is."""
    letter = _replace_in_body(plan_docx.read_bytes(), ">KẾ HOẠCH<", ">Kính gửi: Các hội thành viên<")
    nameless = _replace_in_body(plan_docx.read_bytes(), ">KẾ HOẠCH<", "><")
    missing = "không tìm thấy tên loại"
    assert not any(missing in f.message for f in check_bytes(letter, "cv.docx", options=Options(draft=True)).findings)
    # without a tên loại and without the marks of a công văn, its kind is unknown: outside the guideline
    unknown = check_bytes(nameless, "x.docx", options=Options(draft=True))
    assert unknown.out_of_scope and "không thấy tên loại văn bản" in unknown.findings[0].message
