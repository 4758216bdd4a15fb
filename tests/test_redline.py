"""`chuongtrinh compare OLD NEW`: the new version with Word tracked changes against the old. The
redline is right when accepting every change gives the new text and rejecting every change gives
the old one, paragraph by paragraph; Word and LibreOffice must list the changes."""
from __future__ import annotations

import copy
import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from lxml import etree

from generator.cli import cli
from generator.revise.redline import AUTHOR, redline

from .conftest import PROVINCES
from .handmade import edited_in_libreoffice, table_document

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def versions(tmp_path_factory) -> tuple[Path, Path]:
    """Đồng Nai's draft of 2026 before and after its file gained a figure and a signer: what a
    rebuild after the office's data changed gives."""
    root = tmp_path_factory.mktemp("versions")
    provinces = root / "provinces"
    shutil.copytree(PROVINCES, provinces)
    own = provinces / "34" / "dong-nai.yaml"
    assert run("build", "dong-nai", "--provinces", str(provinces), "-o", str(root / "old")).exit_code == 0
    text = own.read_text(encoding="utf-8")
    text = text.replace("  members:                # số hội viên",
                        '  members: {value: 15000, approx: true, measures: tính đến, as_of: 12/2025, source: "https://example.org"}')
    text = text.replace("  name:                               # họ và tên", "  name: Nguyễn Văn An   # họ và tên")
    own.write_text(text, encoding="utf-8")
    assert run("build", "dong-nai", "--provinces", str(provinces), "-o", str(root / "new")).exit_code == 0
    return root / "old" / "dong-nai.docx", root / "new" / "dong-nai.docx"


def body_of(data: bytes):
    return etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")).find(f"{W}body")


def resolved(body, accept: bool) -> list[str]:
    """The paragraphs' texts once every change is accepted (or rejected), as Word would leave them."""
    body = copy.deepcopy(body)
    drop, keep = (f"{W}del", f"{W}ins") if accept else (f"{W}ins", f"{W}del")
    texts = []
    for paragraph in body.iter(f"{W}p"):
        mark = paragraph.find(f"{W}pPr/{W}rPr/{drop}")
        if mark is not None:
            continue                               # a paragraph added (or removed): gone with it
        parts = []
        for element in paragraph.iter(f"{W}t", f"{W}delText"):
            inside = next((a.tag for a in element.iterancestors(f"{W}ins", f"{W}del")), None)
            if inside != drop:
                parts.append(element.text or "")
        texts.append("".join(parts))
    del keep
    return texts


def texts(data: bytes) -> list[str]:
    return ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in body_of(data).iter(f"{W}p")]


def test_accepting_every_change_gives_the_new_version_and_rejecting_them_the_old(versions):
    old, new = (path.read_bytes() for path in versions)
    result = redline(old, new, "old.docx", "new.docx")
    body = body_of(result.data)
    assert resolved(body, accept=True) == texts(new)
    assert resolved(body, accept=False) == texts(old)
    assert result.insertions and result.deletions
    # word by word inside the paragraph, not the paragraph thrown away and written again
    inserted = ["".join(t.text for t in ins.iter(f"{W}t")) for ins in body.iter(f"{W}ins")]
    assert "trên 15.000" in inserted and "Nguyễn Văn An" in inserted
    deleted = ["".join(t.text for t in d.iter(f"{W}delText")) for d in body.iter(f"{W}del")]
    assert "[số hội viên]" in deleted
    marks = list(body.iter(f"{W}ins", f"{W}del"))
    assert {m.get(f"{W}author") for m in marks} == {AUTHOR}
    assert {m.get(f"{W}date") for m in marks} == {"2026-12-31T00:00:00Z"}     # the draft's own date (year 2026)
    ids = [m.get(f"{W}id") for m in marks]
    assert len(ids) == len(set(ids))


def test_the_same_two_versions_give_the_same_bytes(versions):
    old, new = (path.read_bytes() for path in versions)
    assert redline(old, new, "a", "b").data == redline(old, new, "a", "b").data


def _edited(data: bytes, edit) -> bytes:
    document = docx.Document(io.BytesIO(data))
    edit(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_paragraph_added_and_one_removed_are_marked_whole_and_shift_nothing_else(versions):
    old = versions[0].read_bytes()
    removed: list[str] = []

    def edit(document):
        body = [p for p in document.paragraphs if len(p.text) > 200]      # the body's own paragraphs
        body[1].insert_paragraph_before("Đoạn này do Văn phòng thêm vào.")
        element = body[3]._element
        removed.append("".join(t.text or "" for t in element.iter(f"{W}t")))
        element.getparent().remove(element)
    new = _edited(old, edit)
    result = redline(old, new, "old.docx", "new.docx")
    body = body_of(result.data)
    assert resolved(body, accept=True) == texts(new) and resolved(body, accept=False) == texts(old)
    added = [p for p in body.iter(f"{W}p") if p.find(f"{W}pPr/{W}rPr/{W}ins") is not None]
    gone = [p for p in body.iter(f"{W}p") if p.find(f"{W}pPr/{W}rPr/{W}del") is not None]
    assert ["".join(t.text for t in p.iter(f"{W}t")) for p in added] == ["Đoạn này do Văn phòng thêm vào."]
    assert ["".join(t.text for t in p.iter(f"{W}delText")) for p in gone] == removed
    assert len(list(body.iter(f"{W}p"))) == len(texts(new)) + 1     # nothing else added or removed


def test_a_table_row_edited_is_compared_cell_by_cell_and_a_row_added_is_marked(tmp_path):
    old = table_document([("Nhiệm vụ", "Thời gian"), ("Quán triệt", "Quý I/2026"), ("Báo cáo", "Hằng năm")])
    new = table_document([("Nhiệm vụ", "Thời gian"), ("Quán triệt", "Quý II/2026"), ("Báo cáo", "Hằng năm"),
                          ("Sơ kết", "Năm 2028")])
    body = body_of(redline(old, new, "old.docx", "new.docx").data)
    assert resolved(body, accept=True) == texts(new) and resolved(body, accept=False) == texts(old)
    rows = body.findall(f".//{W}tr")
    assert [r.find(f"{W}trPr/{W}ins") is not None for r in rows] == [False, False, False, True]
    assert ["".join(t.text for t in i.iter(f"{W}t")) for i in rows[1].iter(f"{W}ins")] == ["II"]    # "Quý I/2026"


def test_a_version_with_tracked_changes_is_compared_on_its_accepted_text_and_said_so(versions):
    old, new = (path.read_bytes() for path in versions)
    once = redline(old, new, "old.docx", "new.docx").data          # itself full of tracked changes
    again = redline(once, new, "old.docx", "new.docx")
    assert [n.message for n in again.notes] == [
        "old.docx có thay đổi được theo dõi (track changes): so sánh trên văn bản đã chấp nhận các thay đổi đó"]
    assert again.insertions == again.deletions == 0                 # accepted, it is the new version


@pytest.mark.parametrize("content", [b"", b"PK\x03\x04 not a zip", b"plain text"])
def test_an_unreadable_version_is_exit_4_with_a_message(tmp_path, versions, content):
    bad = tmp_path / "hong.docx"
    bad.write_bytes(content)
    result = CliRunner().invoke(cli, ["compare", str(bad), str(versions[1]), "-o", str(tmp_path / "x.docx")])
    assert result.exit_code == 4 and "hong.docx: không đọc được" in result.output
    assert not (tmp_path / "x.docx").exists()
    missing = CliRunner().invoke(cli, ["compare", str(tmp_path / "khong-co.docx"), str(versions[1])])
    assert missing.exit_code == 4 and "khong-co.docx" in missing.output


def test_compare_writes_beside_the_new_version_and_says_what_it_marked(versions, tmp_path):
    old, new = versions
    copied = tmp_path / "dong-nai.docx"
    shutil.copy(new, copied)
    result = run("compare", str(old), str(copied))
    assert result.exit_code == 0
    assert (tmp_path / "dong-nai.so-sanh.docx").is_file() and "chỗ thêm" in result.output


@pytest.mark.libreoffice
def test_libreoffice_lists_the_changes_and_prints_them(versions, tmp_path):
    """LibreOffice reads the marks as tracked changes (its own file format lists each as a changed
    region) and its PDF shows them."""
    old, new = (path.read_bytes() for path in versions)
    (tmp_path / "so-sanh.docx").write_bytes(redline(old, new, "old.docx", "new.docx").data)
    profile = f"-env:UserInstallation=file://{tmp_path / 'profile'}"
    for target in ("fodt", "pdf"):
        subprocess.run(["soffice", profile, "--headless", "--convert-to", target, "--outdir", str(tmp_path),
                        str(tmp_path / "so-sanh.docx")], check=True, capture_output=True, timeout=180)
    flat = (tmp_path / "so-sanh.fodt").read_text(encoding="utf-8")
    assert flat.count("<text:insertion") >= 3 and flat.count("<text:deletion") >= 1
    # and through UNO, as its Review pane lists them: one entry per change region
    listed = edited_in_libreoffice(tmp_path / "so-sanh.docx", None, [], tmp_path / "profile")
    assert listed == flat.count("<text:changed-region"), listed
    printed = subprocess.run(["pdftotext", str(tmp_path / "so-sanh.pdf"), "-"], capture_output=True, text=True).stdout
    assert "trên 15.000" in printed and "[số hội viên]" in printed       # both shown, marked


def test_build_with_redline_writes_each_changed_documents_changes_beside_it(tmp_path):
    """`build --redline`: after the data changed, <slug>.so-sanh.docx beside the new draft; for a
    document edited by hand and kept, the new draft against the office's file."""
    provinces = tmp_path / "provinces"
    provinces.mkdir()
    shutil.copy(PROVINCES / "thanh-hoa.yaml", provinces)
    out = tmp_path / "out"
    assert run("build", "thanh-hoa", "--provinces", str(provinces), "-o", str(out), "--redline").exit_code == 0
    assert not (out / "thanh-hoa.so-sanh.docx").exists()            # nothing before it to compare with
    path = provinces / "thanh-hoa.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("name:", "name: Lê Văn Bình", 1), encoding="utf-8")
    rebuilt = run("build", "thanh-hoa", "--provinces", str(provinces), "-o", str(out), "--redline")
    assert rebuilt.exit_code == 0 and f"bản so sánh: {out / 'thanh-hoa.so-sanh.docx'}" in rebuilt.output
    marked = body_of((out / "thanh-hoa.so-sanh.docx").read_bytes())
    inserted = ["".join(t.text for t in i.iter(f"{W}t")) for i in marked.iter(f"{W}ins")]
    assert [text for text in inserted if text] == ["Lê Văn Bình"]       # (and its paragraph's mark: a new line)
    # the office edits the document, the data changes again: compared with the office's file
    edited = docx.Document(out / "thanh-hoa.docx")
    edited.add_paragraph("Ý kiến của Văn phòng.")
    edited.save(out / "thanh-hoa.docx")
    path.write_text(path.read_text(encoding="utf-8").replace("Lê Văn Bình", "Lê Văn Bính"), encoding="utf-8")
    kept = run("build", "thanh-hoa", "--provinces", str(provinces), "-o", str(out), "--redline")
    assert kept.exit_code == 0 and (out / "thanh-hoa.new.docx").is_file()
    marked = body_of((out / "thanh-hoa.so-sanh.docx").read_bytes())
    assert "Ý kiến của Văn phòng." in ["".join(t.text for t in d.iter(f"{W}delText")) for d in marked.iter(f"{W}del")]


def test_a_redline_against_the_versions_sent_out_covers_every_rebuild_since(tmp_path):
    """--redline-against: the draft against the version the office sent, not the last build: two
    rebuilds after sending, then one that finds nothing to rebuild, each compared with the sent one;
    a unit with no sent version is said, not failed."""
    provinces = tmp_path / "provinces"
    provinces.mkdir()
    for name in ("thanh-hoa.yaml", "nghe-an.yaml"):
        shutil.copy(PROVINCES / name, provinces)
    out, sent = tmp_path / "out", tmp_path / "da-gui"
    assert run("build", "thanh-hoa", "nghe-an", "--provinces", str(provinces), "-o", str(out)).exit_code == 0
    sent.mkdir()
    shutil.copy(out / "thanh-hoa.docx", sent)
    path = provinces / "thanh-hoa.yaml"
    for signer in ("Lê Văn Bình", "Lê Văn Bính"):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("name: Lê Văn Bình", f"name: {signer}") if "Lê Văn Bình" in text
                        else text.replace("name:", f"name: {signer}", 1), encoding="utf-8")
        assert run("build", "thanh-hoa", "--provinces", str(provinces), "-o", str(out)).exit_code == 0
    again = run("build", "thanh-hoa", "nghe-an", "--provinces", str(provinces), "-o", str(out),
                "--redline-against", str(sent))
    assert again.exit_code == 0, again.output
    assert f"bản so sánh: {out / 'thanh-hoa.so-sanh.docx'}" in again.output
    assert f"nghe-an.docx: không có bản đã gửi {sent / 'nghe-an.docx'} để so sánh" in again.output
    marked = body_of((out / "thanh-hoa.so-sanh.docx").read_bytes())
    inserted = ["".join(t.text for t in i.iter(f"{W}t")) for i in marked.iter(f"{W}ins")]
    assert [text for text in inserted if text] == ["Lê Văn Bính"]      # against the sent one, not "Bình"
