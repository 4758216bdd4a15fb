"""Dates decide the register and the names: 63 units before 1/7/2025, 34 from then on;
Thừa Thiên Huế as thành phố Huế in the first half of 2025; `build --date` for a whole batch."""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import shutil
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from lxml import etree

from generator.check import Options, check_path
from generator.cli import cli
from generator.compose.document import compose
from generator.compose.kinds import load_kind
from generator.profiles.profile import load_profile
from generator.read.plan import load_target, plan
from generator.read.register import register_34
from generator.tree import dump

from .conftest import PROVINCES, ROOT

AFTER = dt.date(2025, 9, 15)
GOLDEN_BATCH = ROOT / "tests" / "golden" / "batch-63.sha256"
GOLDEN_PARTS = ROOT / "tests" / "golden" / "ha-noi.docx.xml"
PRE_2025_NAMES = ("Đảng đoàn", "Ban cán sự đảng", "huyện ủy", "quận ủy", "thị ủy")


def text_of(path: Path) -> str:
    document = docx.Document(path)
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        lines += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(lines)


def composed(slug: str, date: dt.date | None, provinces: Path = PROVINCES):
    [target] = plan((slug,), False, provinces, date)
    return target, compose(load_target(target), load_kind())


def section(tree_text: str, heading: str) -> str:
    """The lines of one level-1 section of a dumped tree."""
    lines = tree_text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("# ") and heading in line)
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("# ")), len(lines))
    return "\n".join(lines[start:end])


@pytest.fixture(scope="module")
def batch_34(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("out34")
    result = CliRunner().invoke(cli, ["build", "--all", "--date", AFTER.isoformat(), "-o", str(out),
                                      "--provinces", str(PROVINCES)])
    assert result.exit_code == 0, result.output
    return out


def test_a_batch_dated_after_the_reorganisation_is_the_34_units(batch_34):
    assert sorted(p.stem for p in batch_34.glob("*.docx")) == sorted(register_34())


def test_all_34_documents_pass_check_and_use_no_pre_2025_names(batch_34):
    profile = load_profile("hd36")
    for path in sorted(batch_34.glob("*.docx")):
        report = check_path(path, profile, Options(draft=True))
        assert not report.violations, (path.name, [str(f) for f in report.violations])
        text = text_of(path)
        # The batch's date decides register, names and rules; a draft leaves the day and month to the office.
        assert "ngày 15 tháng 9" not in text and re.search(r"ngày\s+tháng\s+năm 2025", text), path.name
        for name in PRE_2025_NAMES:
            assert name not in text, (path.name, name)


def test_the_same_province_in_2021_and_in_2025_names_the_bodies_of_its_date():
    _, before = composed("thanh-hoa", dt.date(2021, 3, 5))
    _, after = composed("thanh-hoa", AFTER)
    before_text = section(dump(before), "Tổ chức thực hiện")
    after_text = section(dump(after), "Tổ chức thực hiện")
    for old, new in (("Đảng đoàn Hội đồng nhân dân tỉnh", "Thường trực Hội đồng nhân dân tỉnh"),
                     ("Ban cán sự đảng Ủy ban nhân dân tỉnh", "Đảng ủy Ủy ban nhân dân tỉnh"),
                     ("Các huyện ủy, thị ủy, thành ủy", "Các đảng ủy xã, phường, Đảng ủy các cơ quan Đảng tỉnh"),   # no đặc khu
                     ("Ban Tuyên giáo Tỉnh ủy chủ trì", "Ban Tuyên giáo và Dân vận Tỉnh ủy chủ trì")):
        assert old in before_text and old not in after_text, old
        assert new in after_text and new not in before_text, new


def test_an_unmerged_province_continues_its_file_without_number_or_signer(tmp_path):
    target, document = composed("thanh-hoa", AFTER)
    assert target.files == (PROVINCES / "thanh-hoa.yaml",) and target.merged is None
    # dated by the batch: its rules and names are those of AFTER, its day and month left blank
    assert document.header.date is None and document.header.year == AFTER.year and document.header.number is None
    assert "họ và tên người ký" in document.placeholder_labels()
    # Huế continues Thừa Thiên Huế's file: a figure of 2011 (made up here) is told as its history,
    # under its name of the time
    provinces = tmp_path / "provinces"
    shutil.copytree(PROVINCES, provinces)
    own = provinces / "thua-thien-hue.yaml"
    own.write_text(re.sub(r"(?m)^  (member_associations|congresses):.*\n(    .*\n)*", "", own.read_text(encoding="utf-8"))
                   + '  member_associations: {value: 40, as_of: "2011"}\n', encoding="utf-8")
    _, hue = composed("hue", AFTER, provinces)
    assert "Năm 2011, Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh Thừa Thiên Huế có 40 hội thành viên" in dump(hue)
    # said again right after its full name, the LHH of then is named short, by its name of then
    _, hue = composed("hue", AFTER)
    assert ("Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh Thừa Thiên Huế tổ chức Đại hội đại biểu lần thứ V, nhiệm kỳ "
            "2018 - 2023. Đến thời điểm Đại hội, Liên hiệp Hội tỉnh Thừa Thiên Huế có 47 hội thành viên") in dump(hue)


def test_a_merged_unit_shows_each_former_province_for_the_editor():
    target, document = composed("tuyen-quang", AFTER)
    assert target.merged is not None
    assert [p.name for p in target.files] == ["ha-giang.yaml", "tuyen-quang.yaml"]
    text = dump(document)
    # One account: each former province's committee with its sourced documents, in one sentence.
    assert "Ban Thường vụ Tỉnh ủy Hà Giang đã ban hành Kế hoạch số 107-KH/TU" in text   # a sourced fact
    assert ("Ban Thường vụ Tỉnh ủy Tuyên Quang (trước hợp nhất) đã ban hành [[văn bản của Ban Thường vụ Tỉnh ủy "
            "Tuyên Quang") in text
    # the former LHHs named once in a paragraph, never as "Liên hiệp Hội tỉnh" (the new one)
    assert "Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh Hà Giang và tỉnh Tuyên Quang (trước hợp nhất)" in text
    # the editor's note is a Word comment, not a placeholder
    assert any("sắp xếp từ tỉnh Hà Giang và tỉnh Tuyên Quang" in c.text and "kiểm tra" in c.text
               for c in document.comments)
    assert document.header.issuer == "Tỉnh ủy Tuyên Quang"


def test_a_merged_unit_with_a_former_province_file_missing_says_which(tmp_path):
    provinces = tmp_path / "provinces"
    shutil.copytree(PROVINCES, provinces)
    (provinces / "ha-giang.yaml").unlink()
    _, document = composed("tuyen-quang", AFTER, provinces)
    assert any("provinces/ha-giang.yaml" in label for label in document.placeholder_labels())


def test_a_merged_units_own_file_is_its_present_and_its_former_provinces_files_its_history(tmp_path):
    """Issue 26: the unit's own file (provinces/34/) holds its facts from the merger on; the files
    of Hà Giang and Tuyên Quang stay the history section I tells as theirs, before the unit's own."""
    provinces = tmp_path / "provinces"
    shutil.copytree(PROVINCES, provinces)
    (provinces / "34").mkdir(exist_ok=True)
    (provinces / "34" / "tuyen-quang.yaml").write_text(
        "slug: tuyen-quang\ndocument:\n  number: 4\n  date: 15/09/2025\nsigner:\n  name: Nguyễn Văn A\n"
        "lhh:\n  member_associations: {value: 31, measures: tính đến, as_of: 30/08/2025, "
        "source: 'tệp kiểm thử, không phải số liệu thật'}\n", encoding="utf-8")
    target, document = composed("tuyen-quang", AFTER, provinces)
    assert target.merged is not None and target.files == (provinces / "34" / "tuyen-quang.yaml",)
    assert target.history == (provinces / "ha-giang.yaml", provinces / "tuyen-quang.yaml")
    assert document.header.number == 4     # the file's own date: its number and signer stand
    text = dump(document)
    assert "Tại tỉnh Hà Giang (cũ)" in text and "Tại tỉnh Tuyên Quang (cũ)" in text
    # the unit's own figure closes the strand, at the time it describes, after the former ones'
    assert text.index("Tại tỉnh Tuyên Quang (cũ)") < text.index("Đến ngày 30/8/2025, các Liên hiệp Hội có tổng số 31")


def test_hue_is_a_city_in_the_first_half_of_2025_and_a_unit_of_the_34_after():
    _, in_2024 = composed("thua-thien-hue", dt.date(2024, 12, 31))
    _, in_2025 = composed("thua-thien-hue", dt.date(2025, 3, 1))
    target, after = composed("hue", AFTER)
    assert in_2024.header.issuer == "Tỉnh ủy Thừa Thiên Huế" and in_2024.header.place == "Thừa Thiên Huế"
    # the level before a one-syllable place (HD 36 §1.4.1), abbreviated as HD 36 allows ("TP.")
    assert in_2025.header.issuer == "Thành ủy Huế" and in_2025.header.place == "TP. Huế"
    assert "Liên hiệp các Hội Khoa học và Kỹ thuật thành phố Huế" in dump(in_2025)
    # the city's own district level (quận ủy …), not the tỉnh's list of 2021 ("thành ủy" for its old city)
    assert "Các quận ủy, thị ủy, huyện ủy" in dump(in_2025) and "thành ủy, " not in dump(in_2025)
    assert target.slug == "hue" and target.files == (PROVINCES / "thua-thien-hue.yaml",)
    assert after.header.issuer == "Thành ủy Huế"


def test_a_former_province_alone_cannot_be_built_after_the_merger():
    result = CliRunner().invoke(cli, ["build", "ha-giang", "--date", "15/09/2025", "--provinces", str(PROVINCES)])
    assert result.exit_code == 2
    assert "tỉnh Tuyên Quang" in result.output and "tuyen-quang" in result.output


def test_a_batch_dated_before_the_reorganisation_keeps_the_63(tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", "--all", "--date", "2021-03-05", "-o", str(out),
                                      "--provinces", str(PROVINCES), "--no-check"])
    assert result.exit_code == 0, result.output
    assert len(list(out.glob("*.docx"))) == 63
    assert re.search(r"Thanh Hóa, ngày\s+tháng\s+năm 2021", text_of(out / "thanh-hoa.docx"))


def test_the_63_unit_batch_is_unchanged(built):
    """Byte-identical to the recorded batch; after an intended change, refresh with UPDATE_GOLDEN=1
    and say why in the commit."""
    lines = "".join(f"{hashlib.sha256(built[slug].read_bytes()).hexdigest()}  {slug}.docx\n"
                    for slug in sorted(built))
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN_BATCH.write_text(lines, encoding="utf-8")
    assert lines == GOLDEN_BATCH.read_text(encoding="utf-8")


def readable_parts(docx: Path) -> str:
    """Every part of a .docx, indented, one after another under its name: what a failing golden
    comparison shows as a diff (the hashes above only say that a file changed)."""
    with zipfile.ZipFile(docx) as package:
        parts = []
        for name in package.namelist():
            root = etree.fromstring(package.read(name))
            etree.indent(root, space=" ")
            parts.append(f"===== {name}\n{etree.tostring(root, encoding='unicode')}\n")
    return "".join(parts)


def test_a_draft_reads_part_by_part_as_recorded(built):
    """The XML of one draft of the batch, readable: after an intended change, UPDATE_GOLDEN=1 and
    read the diff of tests/golden/ha-noi.docx.xml before committing it."""
    text = readable_parts(built["ha-noi"])
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN_PARTS.write_text(text, encoding="utf-8")
    assert text == GOLDEN_PARTS.read_text(encoding="utf-8")


def test_hue_in_the_first_half_of_2025_names_its_district_level_committees():
    # From 1/1/2025 thành phố Huế had quận (Phú Xuân, Thuận Hóa), thị xã and huyện (data/renamed.csv).
    [target] = plan(("thua-thien-hue",), False, PROVINCES, dt.date(2025, 4, 15))
    document = compose(load_target(target), load_kind())
    text = dump(document)
    assert "Các quận ủy, thị ủy, huyện ủy, Đảng ủy các cơ quan Đảng thành phố" in text
    assert not [p for p in document.placeholders() if "cấp ủy cấp huyện" in p.label]
