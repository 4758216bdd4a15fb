import re
from pathlib import Path

import docx
from click.testing import CliRunner

from generator.cli import cli

from .conftest import PROVINCES


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_build_by_slug_and_by_path(tmp_path):
    result = run("build", "thanh-hoa", str(PROVINCES / "ha-noi.yaml"), "-o", str(tmp_path),
                 "--provinces", str(PROVINCES))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.glob("*.docx")) == ["ha-noi.docx", "thanh-hoa.docx"]
    assert "2 văn bản dựng mới, 0 không đổi, 0 lỗi" in result.output
    assert not list(tmp_path.glob(".*.tmp")), "no temporary files left behind"
    docx.Document(tmp_path / "thanh-hoa.docx")


def test_one_bad_province_fails_alone_with_exit_one(tmp_path):
    bad = tmp_path / "in" / "nghe-an.yaml"
    bad.parent.mkdir()
    bad.write_text("slug: nghe-an\ndocument:\n  year: hai nghìn\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run("build", "thanh-hoa", str(bad), "-o", str(out), "--provinces", str(PROVINCES))
    assert result.exit_code == 1
    assert f"{bad}:3:3: lỗi: document.year: phải là một số nguyên" in result.output
    assert (out / "thanh-hoa.docx").is_file() and not (out / "nghe-an.docx").exists()


def test_failed_build_keeps_the_previous_output(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    previous = out / "thanh-hoa.docx"
    previous.write_bytes(b"previous draft")
    broken = tmp_path / "thanh-hoa.yaml"
    broken.write_text("slug: thanh-hoa\ndocument: [\n", encoding="utf-8")
    assert run("build", str(broken), "-o", str(out)).exit_code == 1
    assert previous.read_bytes() == b"previous draft"


def test_unknown_slug_is_a_usage_error_with_a_suggestion():
    result = run("build", "thanh-hao", "--provinces", str(PROVINCES))
    assert result.exit_code == 2 and "có phải 'thanh-hoa'?" in result.output


def test_known_slug_without_a_file(tmp_path):
    result = run("build", "nghe-an", "--provinces", str(tmp_path))
    assert result.exit_code == 2 and "chưa có tệp" in result.output


def test_validate_reports_every_file(tmp_path):
    good = run("validate", "--provinces", str(PROVINCES))
    every = len(list(PROVINCES.glob("*.yaml"))) + len(list(PROVINCES.glob("34/*.yaml")))    # the 34's own too
    assert good.exit_code == 0 and f"Đã kiểm tra {every} tệp: 0 lỗi" in good.output
    bad = tmp_path / "ha-noi.yaml"
    bad.write_text("slug: ha-noi\ndocument: {year: 2021}\nsigner: {position: CHỦ TỊCH}\n", encoding="utf-8")
    result = run("validate", str(bad))
    assert result.exit_code == 1 and ":3:" in result.output and "BÍ THƯ" in result.output


def test_every_command_has_vietnamese_help():
    for command in ([], ["build"], ["validate"]):
        result = run(*command, "--help")
        assert result.exit_code == 0 and ("Dựng" in result.output or "Soạn" in result.output
                                          or "Kiểm tra" in result.output)


def test_python_dash_m_entry_point(tmp_path):
    import subprocess
    import sys
    completed = subprocess.run([sys.executable, "-m", "generator", "build", "can-tho", "-o", str(tmp_path)],
                               cwd=Path(PROVINCES).parent, capture_output=True, text=True)
    assert completed.returncode == 0, completed.stderr
    assert (tmp_path / "can-tho.docx").is_file()


def test_two_files_for_one_province_are_refused(tmp_path):
    other = tmp_path / "thanh-hoa.yaml"
    other.write_text((PROVINCES / "thanh-hoa.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    result = run("build", "thanh-hoa", str(other), "--provinces", str(PROVINCES), "-o", str(tmp_path / "o"))
    assert result.exit_code == 2 and "hai tệp cho cùng tỉnh 'thanh-hoa'" in result.output
    same = run("build", "thanh-hoa", str(PROVINCES / "thanh-hoa.yaml"), "--provinces", str(PROVINCES),
               "-o", str(tmp_path / "o"))
    assert same.exit_code == 0 and "1 văn bản dựng mới" in same.output


def test_validate_completeness_lists_placeholders():
    result = run("validate", "--completeness", "ha-noi", "thua-thien-hue", "--provinces", str(PROVINCES))
    assert result.exit_code == 0
    output = result.output.replace(str(PROVINCES.parent) + "/", "")
    assert re.search(r"provinces/ha-noi\.yaml: \d+ ô cần điền:", output)
    # the draft's defaults the province has not replaced: judgements, deadlines, years
    assert "  ~ mặc định của bản dự thảo, thay bằng của tỉnh (ct42.assessments.awareness)" in output
    assert "(schedule.briefing_by): thời hạn 60 ngày" in output
    assert "  - số hội thành viên" in result.output and "  - chỉ tiêu số hội thành viên" in result.output
    assert re.search(r"provinces/thua-thien-hue\.yaml: \d+ ô cần điền:", output)


def test_check_counts_a_document_outside_the_guideline_apart(tmp_path):
    from .handmade import make
    slip = tmp_path / "phieu-trinh.docx"
    slip.write_bytes(make(kind="PHIẾU TRÌNH", subject="Kính gửi: Lãnh đạo Văn phòng", left_margin=20))
    result = run("check", str(slip))
    assert result.exit_code == 0, result.output            # neither conforming nor faulty: not a failure
    assert "0 đúng thể thức, 0 có chỗ sai, 1 ngoài phạm vi của hướng dẫn" in result.output
    assert "không thuộc phạm vi" in result.output and "[không xác định]" in result.output


def _text(path: Path) -> list[str]:
    """Every paragraph, the header table's too, as a reader of the file sees them."""
    from generator.check.reader import read_docx
    return [p.text for p in read_docx(path.read_bytes(), path.name).paragraphs]


def test_new_writes_a_unit_of_todays_register_and_names_a_merged_units_former_provinces(tmp_path):
    """Issue 26: `new` without --year takes the register in force today (the 34); a merged unit's
    file is its present, naming the former provinces' files, its history."""
    import datetime as dt
    import shutil
    provinces = tmp_path / "provinces"
    shutil.copytree(PROVINCES, provinces)
    assert run("new", "da-nang", "--provinces", str(provinces)).exit_code == 0
    own = provinces / "34" / "da-nang.yaml"
    text = own.read_text(encoding="utf-8")
    assert f"year: {dt.date.today().year}" in text and "# Thành phố Đà Nẵng được sắp xếp từ thành phố Đà Nẵng và tỉnh " \
        "Quảng Nam" in text and "provinces/quang-nam.yaml" in text
    for key in ("party_congress", "goals:", "schedule:", "names:", "assessments:", "congresses:"):
        assert key in text, key                   # every key a draft needs, there to fill in
    assert run("validate", str(own)).exit_code == 0
    # an unmerged unit of the 34 goes on in the file of the province it continues: no second file
    # that would leave that file's facts out of its section I
    refused = run("new", "thanh-hoa", "--provinces", str(provinces))
    assert refused.exit_code == 1 and f"tệp {provinces / 'thanh-hoa.yaml'} là tệp của đơn vị" in refused.output
    assert not (provinces / "34" / "thanh-hoa.yaml").exists()
    (provinces / "thanh-hoa.yaml").unlink()
    assert run("new", "thanh-hoa", "--provinces", str(provinces)).exit_code == 0    # none yet: its own
    assert "# Thành phố" not in (provinces / "34" / "thanh-hoa.yaml").read_text(encoding="utf-8")
    assert run("new", "thanh-hoa", "--year", "2021", "--provinces", str(provinces)).exit_code == 0
    assert (provinces / "thanh-hoa.yaml").is_file()
    # Left empty, the new file changes nothing in the draft: the former provinces still tell section I.
    with_own = tmp_path / "with"
    run("build", "da-nang", "--date", "2026-03-01", "--provinces", str(provinces), "-o", str(with_own))
    without = tmp_path / "without"
    run("build", "da-nang", "--date", "2026-03-01", "--provinces", str(PROVINCES), "-o", str(without))
    assert _text(with_own / "da-nang.docx") == _text(without / "da-nang.docx")


def test_a_whole_batch_without_a_date_is_todays_register_and_names_the_units_it_has_no_file_for(tmp_path):
    """Issue 26: `build` with no province named builds today's register (the 34 since 1/7/2025),
    every unit it has a file for, a merged one from its former provinces' files; the others are
    named, not failed. A named province keeps its file's own date."""
    import datetime as dt
    import shutil
    provinces = tmp_path / "provinces"
    provinces.mkdir()
    for name in ("thanh-hoa.yaml", "ha-giang.yaml"):
        shutil.copy(PROVINCES / name, provinces)
    out = tmp_path / "out"
    result = run("build", "--provinces", str(provinces), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert f"hôm nay, {dt.date.today():%d/%m/%Y}; danh mục 34 đơn vị" in result.output
    assert sorted(p.name for p in out.glob("*.docx")) == ["thanh-hoa.docx", "tuyen-quang.docx"]
    assert "32 đơn vị chưa có tệp tỉnh, không dựng: ha-noi, cao-bang," in result.output
    assert f"năm {dt.date.today().year}" in " ".join(_text(out / "thanh-hoa.docx"))
    named = tmp_path / "named"
    assert run("build", "thanh-hoa", "--provinces", str(provinces), "-o", str(named)).exit_code == 0
    assert "năm 2021" in " ".join(_text(named / "thanh-hoa.docx"))
