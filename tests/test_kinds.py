"""A second document kind from the same province files: the LHH's own Kế hoạch under NĐ 30,
made by a template folder and a profile only."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from generator.check import check_bytes, Options
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
    assert left == "LIÊN HIỆP CÁC HỘI KHOA HỌC\nVÀ KỸ THUẬT TỈNH THANH HÓA"
    assert right == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    number, date = (cell.text for cell in header.rows[1].cells)   # on one level (NĐ 30)
    assert number.startswith("Số: ") and number.endswith("/KH-LHH")
    assert date.startswith("Thanh Hóa, ngày") and date.endswith("năm 2021")
    texts = [p.text for p in document.paragraphs]
    assert "KẾ HOẠCH" in texts and "-----" not in texts and "*" not in left
    assert any(t.endswith("giải quyết./.") for t in texts)
    signature = document.tables[1].rows[0].cells
    assert signature[1].paragraphs[0].text == "TM. BAN THƯỜNG TRỰC" and signature[1].paragraphs[1].text == "CHỦ TỊCH"
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
    broken = _replace_in_body(plan_docx.read_bytes(), "giải quyết./.", "giải quyết.")
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
    assert "Chương trình số 05-CTr/TU, ngày 05/02/2021 của Ban Thường vụ Tỉnh ủy Thanh Hóa" in text
