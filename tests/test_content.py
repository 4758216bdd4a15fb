"""The parts a document's kind requires (templates/*/parts.yaml), reported apart from the layout."""
from __future__ import annotations

import io
import json
import zipfile

import pytest
from click.testing import CliRunner

from generator.check import Options, check_bytes
from generator.check.content import requirements
from generator.cli import cli
from generator.errors import TemplateError
from generator.tree import dump

from .handmade import KL93_SUBJECT, make


def _replaced(data: bytes, old: str, new: str) -> bytes:
    source, buffer = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            content = source.read(name)
            if name == "word/document.xml":
                assert old.encode() in content
                content = content.replace(old.encode(), new.encode())
            target.writestr(name, content)
    return buffer.getvalue()


def test_a_document_of_another_kind_is_not_held_to_the_kl93_parts():
    assert check_bytes(make(), "nq45.docx").findings == []


def test_a_kl93_programme_of_one_page_lacks_its_task_groups_and_length_but_not_its_sections():
    report = check_bytes(make(subject=KL93_SUBJECT), "ngan.docx")
    rules = [f.rule for f in report.content]
    assert report.layout == [] and rules.count("CTR-KL93-TASKS") == 5 and "CTR-KL93-SECTIONS" not in rules
    # A length is our own measure, no guideline's: a note, never a fault.
    assert [(f.rule, f.content) for f in report.undetermined] == [("CTR-KL93-LENGTH", True)]
    assert any("điểm 2.5" in f.message for f in report.content)


def test_a_programme_without_its_organisation_section_is_flagged():
    report = check_bytes(make(subject=KL93_SUBJECT, sections=("MỤC ĐÍCH, YÊU CẦU", "NHIỆM VỤ, GIẢI PHÁP", "KINH PHÍ")),
                         "thieu.docx")
    assert [f.message for f in report.content if f.rule == "CTR-KL93-SECTIONS"] == [
        "Chương trình thực hiện Kết luận số 93-KL/TW thiếu phần \"Tổ chức thực hiện\""]


def test_a_generated_draft_has_every_part_and_loses_one_when_its_section_is_renamed(built):
    data = built["ha-noi"].read_bytes()
    assert check_bytes(data, "ha-noi", options=Options(draft=True)).findings == []
    broken = _replaced(data, "TỔ CHỨC THỰC HIỆN", "CÁC NỘI DUNG KHÁC")
    findings = check_bytes(broken, "ha-noi", options=Options(draft=True)).findings
    assert [(f.rule, f.content) for f in findings] == [("CTR-KL93-SECTIONS", True)]


def test_the_command_reports_content_apart_and_fails_on_it(tmp_path):
    path = tmp_path / "ngan.docx"
    path.write_bytes(make(subject=KL93_SUBJECT))
    result = CliRunner().invoke(cli, ["check", str(path)])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if "CTR-KL93-TASKS" in line]
    assert lines and all(line.endswith("[nội dung theo loại văn bản]") for line in lines)
    assert [line for line in result.output.splitlines() if "CTR-KL93-LENGTH" in line][0].endswith("[không xác định]")
    as_json = json.loads(CliRunner().invoke(cli, ["check", "--format", "json", str(path)]).output)
    assert {f["content"] for f in as_json[0]["findings"]} == {True}


def test_each_shipped_kind_has_its_requirements_and_a_plan_inherits_the_task_groups():
    by_kind = {wanted.kind: wanted for wanted in requirements()}
    assert set(by_kind) == {"chuong-trinh-kl93", "ke-hoach-lhh"}
    assert by_kind["ke-hoach-lhh"].task_groups == by_kind["chuong-trinh-kl93"].task_groups
    assert by_kind["ke-hoach-lhh"].rule_prefix == "KH-KL93"


@pytest.mark.parametrize("text, words", [
    ("extends: khong-co\n", "không mở rộng được"),
    ("rule_prefix: X\n", "đúng các khóa"),
    ("rule_prefix: [\n", "sai cú pháp"),
])
def test_a_wrong_parts_file_is_a_template_error(tmp_path, text, words):
    kind = tmp_path / "loai"
    kind.mkdir()
    (kind / "kind.yaml").write_text("kind: Kế hoạch\n", encoding="utf-8")
    (kind / "parts.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(TemplateError) as caught:
        requirements(tmp_path)
    assert words in str(caught.value)


def test_a_task_group_is_found_with_its_diacritics_or_without_them():
    from generator.check.content import _Body
    assert _Body("Đẩy mạnh  thể chế hóa chủ trương").says_any(("thể chế hóa",))
    assert _Body("Day manh the che hoa chu truong").says_any(("thể chế hóa",))      # typed without them
    assert _Body("Đẩy mạnh thể chế hoá chủ trương").says_any(("thể chế hóa",))      # old tone placement
    assert not _Body("Đẩy mạnh hợp tác quốc tế").says_any(("thể chế hóa", "đặt hàng"))


def test_the_lhh_congress_in_force_at_the_documents_date_is_told(compose_text):
    text = """\
        slug: thanh-hoa
        document:
          year: {year}
        lhh:
          congresses:
            - {{ordinal: "5", term: "2016 - 2021", as_of: "20/3/2016", source: trang A}}
            - {{ordinal: "VI", term: "2021 - 2026", as_of: "3/2021", source: trang B}}
        """
    told = dump(compose_text(text.format(year=2020)))
    assert "Ngày 20/3/2016, Liên hiệp Hội tỉnh tổ chức Đại hội đại biểu lần thứ V, nhiệm kỳ 2016 - 2021." in told
    assert "lần thứ VI" not in told and "trang A" in told and "trang B" not in told
    assert "Tháng 3/2021, Liên hiệp Hội tỉnh tổ chức Đại hội đại biểu lần thứ VI, nhiệm kỳ 2021 - 2026." in dump(
        compose_text(text.format(year=2022)))


def test_a_provinces_own_kl93_results_replace_the_drafts_proposal(compose_text):
    text = "slug: thanh-hoa\ndocument: {date: 15/09/2025}\n"
    proposed = dump(compose_text(text))
    assert "đã ban hành [[văn bản thực hiện Kết luận số 93-KL/TW: tên loại, số, ngày" in proposed
    own = dump(compose_text(text + "kl93:\n  results:\n    - Năm 2022, Liên hiệp Hội tỉnh tổ chức 12 hội thảo phản biện\n"))
    assert "Năm 2022, Liên hiệp Hội tỉnh tổ chức 12 hội thảo phản biện." in own
    assert "văn bản thực hiện Kết luận số 93-KL/TW: tên loại" not in own
