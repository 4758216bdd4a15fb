"""`build --merge`: a draft the office edited by hand, rebuilt after the data changed, keeps the
office's edits and takes the data's, and says where both changed (issue 27)."""
from __future__ import annotations

import copy
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from generator.cli import cli

from .conftest import PROVINCES
from .handmade import table_document

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
FILLED = "Chương trình hành động số 12-CTr/TU ngày 05/3/2021"


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def paragraph_starting(document, start: str):
    return next(p for p in document.paragraphs if p.text.startswith(start))


def office_edits(path: Path) -> None:
    """What a Văn phòng does in Word: a placeholder filled, a sentence reworded, a paragraph added
    (with the style of the one before it, as Enter gives)."""
    document = docx.Document(path)
    for paragraph in document.paragraphs:
        for run_ in paragraph.runs:
            if "[văn bản thực hiện Kết luận số 93-KL/TW: tên loại, số, ngày]" in run_.text:
                run_.text = run_.text.replace("[văn bản thực hiện Kết luận số 93-KL/TW: tên loại, số, ngày]", FILLED)
                run_.font.highlight_color = None
    organisation = paragraph_starting(document, "Tổ chức của")
    organisation.runs[0].text = organisation.runs[0].text.replace("từng bước được củng cố", "được củng cố")
    after = paragraph_starting(document, "Hoạt động tư vấn")
    added = copy.deepcopy(after._element)
    after._element.addnext(added)
    for t in added.iter(f"{W}t"):
        t.text = ""
    added.findall(f".//{W}t")[0].text = "Văn phòng Tỉnh ủy bổ sung đoạn này."
    document.save(path)


@pytest.fixture
def rebuilt(tmp_path):
    provinces = tmp_path / "provinces"
    shutil.copytree(PROVINCES, provinces)
    out = tmp_path / "out"
    assert run("build", "dong-nai", "--provinces", str(provinces), "-o", str(out)).exit_code == 0
    office_edits(out / "dong-nai.docx")
    edited = (out / "dong-nai.docx").read_bytes()
    own = provinces / "34" / "dong-nai.yaml"
    own.write_text(own.read_text(encoding="utf-8").replace(
        "  members:                # số hội viên",
        '  members: {value: 15000, approx: true, measures: tính đến, as_of: 12/2025, source: "https://example.org"}'),
        encoding="utf-8")
    return provinces, out, edited


def test_the_offices_edits_and_the_datas_changes_are_both_in_the_merged_draft(rebuilt):
    provinces, out, edited = rebuilt
    result = run("build", "dong-nai", "--provinces", str(provinces), "-o", str(out), "--merge")
    assert result.exit_code == 0 and "đã gộp bản sửa tay với bản dựng mới" in result.output
    assert "1 văn bản sửa tay được gộp với bản mới" in result.output
    assert (out / "dong-nai.truoc-khi-gop.docx").read_bytes() == edited          # never lost
    merged = docx.Document(out / "dong-nai.docx")
    text = "\n".join(p.text for p in merged.paragraphs)
    assert FILLED in text and "Văn phòng Tỉnh ủy bổ sung đoạn này." in text     # the office's edits
    assert "(năm 2025: trên 15.000)" in text                                      # the data's, where the office left it
    # both changed the organisation paragraph: the office's text, and a comment quoting the new one
    organisation = paragraph_starting(merged, "Tổ chức của")
    assert "được củng cố" in organisation.text and "từng bước" not in organisation.text
    comments = zipfile.ZipFile(out / "dong-nai.docx").read("word/comments.xml").decode("utf-8")
    assert "Bản dựng mới: Tổ chức của các Liên hiệp Hội từng bước được củng cố" in comments
    assert "trên 15.000 hội viên" in comments
    assert organisation._element.find(f"{W}commentRangeStart") is not None
    checked = run("check", "--draft", str(out / "dong-nai.docx"))
    assert checked.exit_code == 0, checked.output                                # frame and styles intact


def test_the_merged_draft_stays_the_offices_and_a_rebuild_merges_again(rebuilt):
    provinces, out, _ = rebuilt
    run("build", "dong-nai", "--provinces", str(provinces), "-o", str(out), "--merge")
    first = (out / "dong-nai.docx").read_bytes()
    again = run("build", "dong-nai", "--provinces", str(provinces), "-o", str(out), "--merge", "--force")
    assert again.exit_code == 0
    text = "\n".join(p.text for p in docx.Document(out / "dong-nai.docx").paragraphs)
    assert FILLED in text and "Văn phòng Tỉnh ủy bổ sung đoạn này." in text       # --force never loses them
    assert len(first) > 0


def test_without_the_draft_last_written_the_new_one_goes_beside_as_before(rebuilt):
    provinces, out, edited = rebuilt
    shutil.rmtree(out / ".chuongtrinh")
    result = run("build", "dong-nai", "--provinces", str(provinces), "-o", str(out), "--merge")
    assert result.exit_code == 0 and (out / "dong-nai.new.docx").is_file()
    assert (out / "dong-nai.docx").read_bytes() == edited
    assert not (out / "dong-nai.truoc-khi-gop.docx").exists()
    assert io.BytesIO(edited)


@pytest.mark.libreoffice
def test_a_file_saved_by_libreoffice_merges_and_the_styles_it_dropped_come_back(rebuilt, tmp_path):
    """The office's file as another program writes it (LibreOffice: runs split, styles renamed or
    dropped, no rsids): its edit kept, the data's change taken, and every style the merged body
    names defined in the package."""
    provinces, out, _ = rebuilt
    base = out / ".chuongtrinh" / "dong-nai.docx"
    work = tmp_path / "lo"
    work.mkdir()
    shutil.copy(base, work / "dong-nai.docx")
    profile = f"-env:UserInstallation=file://{tmp_path / 'profile'}"

    def convert(path: Path, target: str) -> None:
        subprocess.run(["soffice", profile, "--headless", "--convert-to", target, "--outdir", str(work), str(path)],
                       check=True, capture_output=True, timeout=180)
    convert(work / "dong-nai.docx", "fodt")
    flat = (work / "dong-nai.fodt").read_text(encoding="utf-8")
    assert "từng bước được củng cố" in flat
    (work / "dong-nai.fodt").write_text(flat.replace("từng bước được củng cố", "được củng cố vững chắc", 1),
                                        encoding="utf-8")
    (work / "dong-nai.docx").unlink()
    convert(work / "dong-nai.fodt", 'docx:MS Word 2007 XML')
    shutil.copy(work / "dong-nai.docx", out / "dong-nai.docx")
    own = provinces / "34" / "dong-nai.yaml"           # the signature's table changes too: its styles come in
    own.write_text(own.read_text(encoding="utf-8").replace("  name:", "  name: Nguyễn Văn An", 1), encoding="utf-8")
    assert run("build", "dong-nai", "--provinces", str(provinces), "-o", str(out), "--merge").exit_code == 0
    merged = docx.Document(out / "dong-nai.docx")
    text = "\n".join(p.text for p in merged.paragraphs)
    assert "được củng cố vững chắc" in text and "(năm 2025: trên 15.000)" in text
    assert "Nguyễn Văn An" in "".join(c.text for t in merged.tables for r in t.rows for c in r.cells)
    package = zipfile.ZipFile(out / "dong-nai.docx")
    body, styles = (package.read(part).decode("utf-8") for part in ("word/document.xml", "word/styles.xml"))
    used = set(re.findall(r'<w:pStyle w:val="([^"]+)"', body))
    defined = set(re.findall(r'w:styleId="([^"]+)"', styles))
    assert used <= defined, used - defined


def test_a_table_both_changed_is_merged_row_by_row():
    """The office retimed one task, the data another and added a row: both kept, each in its row;
    a row both changed keeps the office's, with a comment."""
    from generator.revise.merge import merge
    base = table_document([("Quán triệt", "Quý I/2026"), ("Kế hoạch", "Quý II/2026"), ("Báo cáo", "Hằng năm")])
    ours = table_document([("Quán triệt", "Tháng 02/2026"), ("Kế hoạch", "Quý II/2026"),
                            ("Báo cáo", "Trước ngày 15/12 hằng năm")])
    theirs = table_document([("Quán triệt", "Quý I/2026"), ("Kế hoạch", "Quý III/2026"),
                              ("Báo cáo", "Hằng năm, trước ngày 10/12"), ("Sơ kết", "Năm 2028")])
    merged = merge(base, ours, theirs)
    table = docx.Document(io.BytesIO(merged.data)).tables[0]
    assert [[c.text for c in row.cells] for row in table.rows] == [
        ["Quán triệt", "Tháng 02/2026"], ["Kế hoạch", "Quý III/2026"], ["Báo cáo", "Trước ngày 15/12 hằng năm"],
        ["Sơ kết", "Năm 2028"]]
    assert (merged.kept, merged.taken, merged.conflicts) == (1, 2, 1)
    comments = zipfile.ZipFile(io.BytesIO(merged.data)).read("word/comments.xml").decode("utf-8")
    assert "Bản dựng mới: Báo cáoHằng năm, trước ngày 10/12" in comments
