"""`build --merge`: a draft the office edited by hand, rebuilt after the data changed, keeps the
office's edits and takes the data's, and says where both changed (issue 27)."""
from __future__ import annotations

import copy
import datetime as dt
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from lxml import etree

from generator.cli import cli

from .conftest import PROVINCES
from .handmade import edited_in_libreoffice, table_document

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


def paragraphs_document(lines: list[str]) -> bytes:
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_heading_the_new_draft_adds_renumbers_the_offices_without_a_conflict():
    """The data adds a task group before the one the office reworded: the office's wording stays,
    under its new number, and the numbers are matched past (no conflict for "2." against "3.")."""
    from generator.profiles.profile import profile_for
    from generator.revise.merge import merge
    conventions = profile_for("party", dt.date(2026, 12, 4)).text
    base = paragraphs_document(["I- NHIỆM VỤ", "1. Quán triệt", "Nội dung một.", "2. Kiện toàn tổ chức",
                                "Nội dung hai.", "II- TỔ CHỨC THỰC HIỆN", "1. Các cấp ủy thực hiện."])
    ours = paragraphs_document(["I- NHIỆM VỤ", "1. Quán triệt", "Nội dung một.",
                                "2. Kiện toàn tổ chức, bộ máy của Liên hiệp Hội", "Nội dung hai.",
                                "II- TỔ CHỨC THỰC HIỆN", "1. Các cấp ủy thực hiện."])
    theirs = paragraphs_document(["I- NHIỆM VỤ", "1. Quán triệt", "Nội dung một.", "2. Thể chế hóa chủ trương",
                                  "Nội dung mới.", "3. Kiện toàn tổ chức", "Nội dung hai.",
                                  "II- TỔ CHỨC THỰC HIỆN", "1. Các cấp ủy thực hiện."])
    merged = merge(base, ours, theirs, conventions=conventions)
    assert [p.text for p in docx.Document(io.BytesIO(merged.data)).paragraphs] == [
        "I- NHIỆM VỤ", "1. Quán triệt", "Nội dung một.", "2. Thể chế hóa chủ trương", "Nội dung mới.",
        "3. Kiện toàn tổ chức, bộ máy của Liên hiệp Hội", "Nội dung hai.", "II- TỔ CHỨC THỰC HIỆN",
        "1. Các cấp ủy thực hiện."]
    assert (merged.kept, merged.taken, merged.conflicts, merged.renumbered) == (1, 2, 0, 1)
    without = merge(base, ours, theirs)            # numbers read as text: the same heading edited twice
    assert without.conflicts == 1 and without.renumbered == 0


def test_a_heading_the_office_adds_renumbers_the_ones_after_it(rebuilt):
    """The office inserts a task group "3." before the draft's "3." and leaves the numbers after it:
    the merged draft numbers III's groups 1 to 6 again and still passes the check."""
    provinces, out, _ = rebuilt
    document = docx.Document(out / "dong-nai.docx")
    group = paragraph_starting(document, "3. Kiện toàn tổ chức")._element
    for source, text in ((group, "3. Phát triển đội ngũ trí thức khoa học và công nghệ của tỉnh"),
                         (group.getnext(), "- Văn phòng Tỉnh ủy bổ sung nhiệm vụ này.")):
        added = copy.deepcopy(source)          # a heading and its first point, before the draft's "3."
        for t in added.iter(f"{W}t"):
            t.text = ""
        added.findall(f".//{W}t")[0].text = text
        group.addprevious(added)
    document.save(out / "dong-nai.docx")
    result = run("build", "dong-nai", "--provinces", str(provinces), "-o", str(out), "--merge")
    assert result.exit_code == 0 and "3 đề mục được đánh số lại cho liên tục" in result.output, result.output
    merged = [p.text for p in docx.Document(out / "dong-nai.docx").paragraphs]
    start = merged.index(next(t for t in merged if t.startswith("III- ")))
    groups = [t.split(" ", 1)[0] for t in merged[start:] if re.match(r"\d+\. [A-ZĐÂÊÔƠƯ]", t) and len(t) < 200][:6]
    assert groups == ["1.", "2.", "3.", "4.", "5.", "6."]
    assert "3. Phát triển đội ngũ trí thức khoa học và công nghệ của tỉnh" in merged
    assert any(t.startswith("4. Kiện toàn tổ chức") for t in merged)
    assert "(năm 2025: trên 15.000)" in "\n".join(merged)
    checked = run("check", "--draft", str(out / "dong-nai.docx"))
    assert checked.exit_code == 0, checked.output


@pytest.mark.libreoffice
def test_changes_tracked_in_libreoffice_stay_tracked_through_a_merge(rebuilt, tmp_path):
    """The office edits with track changes on, in LibreOffice (through UNO, as a person types):
    the merge reads its file as if the changes were accepted (its edits kept, the data's change
    taken) and leaves them pending for the Ban Thường vụ to accept, each still listed by LibreOffice."""
    provinces, out, _ = rebuilt
    edits = [{"record": True}, {"replace": ["từng bước được củng cố", "được củng cố vững chắc"]},
             {"insert_after": ["Hoạt động tư vấn", "Văn phòng Tỉnh ủy bổ sung đoạn này."]}]
    listed = edited_in_libreoffice(out / ".chuongtrinh" / "dong-nai.docx", out / "dong-nai.docx", edits,
                                   tmp_path / "profile")
    assert listed == 3
    before = findings(out / "dong-nai.docx")
    assert run("build", "dong-nai", "--provinces", str(provinces), "-o", str(out), "--merge").exit_code == 0
    body = etree.fromstring(zipfile.ZipFile(out / "dong-nai.docx").read("word/document.xml")).find(f"{W}body")
    accepted = "\n".join("".join(t.text or "" for t in p.iter(f"{W}t")) for p in body.iter(f"{W}p"))
    assert "Tổ chức của các Liên hiệp Hội được củng cố vững chắc" in accepted
    assert "Văn phòng Tỉnh ủy bổ sung đoạn này." in accepted and "(năm 2025: trên 15.000)" in accepted
    pending = [c for c in body.iter(f"{W}ins", f"{W}del") if c.get(f"{W}author") != "chuongtrinh"]
    assert len(pending) >= 3
    assert edited_in_libreoffice(out / "dong-nai.docx", None, [], tmp_path / "profile") == 3
    # The merge adds no fault to the office's file. (A document model edited without a window, as
    # here, is saved by LibreOffice without the header of the pages after the first, so the office's
    # file has lost its page number before the merge: that finding is LibreOffice's and stays.)
    assert findings(out / "dong-nai.docx") == before


def findings(path: Path) -> list[str]:
    return [line.split(": ", 1)[1] for line in run("check", "--draft", str(path)).output.splitlines()
            if line.startswith(str(path))]


def word_quirks(data: bytes) -> bytes:
    """The draft as Word saves it after an edit: the edited paragraph's runs split (revision ids,
    a proofing mark, a smart tag around a word), a note in a content control between two
    paragraphs, and the comments kept in a part named comments1.xml."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        body_xml = etree.fromstring(package.read("word/document.xml"))
    body = body_xml.find(f"{W}body")
    paragraphs = body.findall(f"{W}p")
    text_of = lambda p: "".join(t.text or "" for t in p.iter(f"{W}t"))     # noqa: E731
    organisation = next(p for p in paragraphs if text_of(p).startswith("Tổ chức của"))
    run_ = organisation.find(f"{W}r")
    words = run_.find(f"{W}t").text.replace("từng bước được củng cố", "được củng cố").split(" ", 3)
    run_.find(f"{W}t").text = " ".join(words[:3]) + " "
    run_.set(f"{W}rsidR", "00A1B2C3")
    tag = etree.SubElement(organisation, f"{W}smartTag", {f"{W}uri": "urn:schemas-microsoft-com:office:smarttags",
                                                         f"{W}element": "place"})
    tagged = copy.deepcopy(run_)
    tagged.find(f"{W}t").text = words[3]
    tag.append(tagged)
    run_.addnext(etree.Element(f"{W}proofErr", {f"{W}type": "spellStart"}))
    run_.getnext().addnext(tag)
    advice = next(p for p in paragraphs if text_of(p).startswith("Hoạt động tư vấn"))
    control = etree.Element(f"{W}sdt")
    etree.SubElement(control, f"{W}sdtPr")
    content = etree.SubElement(control, f"{W}sdtContent")
    note = copy.deepcopy(advice)
    for t in note.iter(f"{W}t"):
        t.text = ""
    note.find(f".//{W}t").text = "Ghi chú của Văn phòng trong ô nội dung."
    content.append(note)
    advice.addnext(control)
    document = etree.tostring(body_xml, xml_declaration=True, encoding="UTF-8", standalone=True)
    renamed = {"word/document.xml": lambda _: document,
               "word/_rels/document.xml.rels": lambda x: x.replace(b'Target="comments.xml"', b"Target='comments1.xml'"),
               "[Content_Types].xml": lambda x: x.replace(b"/word/comments.xml", b"/word/comments1.xml")}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            name = "word/comments1.xml" if info.filename == "word/comments.xml" else info.filename
            target.writestr(name, renamed.get(name, lambda x: x)(content))
    return out.getvalue()


def test_a_file_as_word_saves_it_merges_in_place(rebuilt):
    """Split runs, revision ids, a smart tag and a proofing mark in the edited paragraph; a content
    control between paragraphs; comments in a part of another name: the edit is read through
    them, the content control stays where the office put it, and the conflict's comment goes
    into the office's own comments part, beside its own comment."""
    provinces, out, _ = rebuilt
    (out / "dong-nai.docx").write_bytes(word_quirks((out / ".chuongtrinh" / "dong-nai.docx").read_bytes()))
    assert run("build", "dong-nai", "--provinces", str(provinces), "-o", str(out), "--merge").exit_code == 0
    package = zipfile.ZipFile(out / "dong-nai.docx")
    body = etree.fromstring(package.read("word/document.xml")).find(f"{W}body")
    texts = ["".join(t.text or "" for t in block.iter(f"{W}t")) for block in body]
    advice = next(i for i, t in enumerate(texts) if t.startswith("Hoạt động tư vấn"))
    assert body[advice + 1].tag == f"{W}sdt" and texts[advice + 1] == "Ghi chú của Văn phòng trong ô nội dung."
    organisation = next(t for t in texts if t.startswith("Tổ chức của"))
    assert "Hội được củng cố" in organisation and "từng bước" not in organisation
    assert "(năm 2025: trên 15.000)" in "\n".join(texts)
    comments = package.read("word/comments1.xml").decode("utf-8")
    assert "Bản dựng mới: Tổ chức của" in comments and comments.count("<w:comment ") > 1   # with the draft's own
    assert "word/comments.xml" not in package.namelist()
    checked = run("check", "--draft", str(out / "dong-nai.docx"))
    assert checked.exit_code == 0, checked.output


def test_a_comments_part_is_declared_in_parts_another_program_wrote():
    from generator.write.package import CONTENT_TYPES, DOCUMENT_RELS, declaring_comments
    empty = b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>'
    declared = etree.fromstring(declaring_comments(DOCUMENT_RELS, empty))
    assert [r.get("Target") for r in declared] == ["comments.xml"] and declared[0].get("Id") == "rId1"
    prefixed = (b"<ct:Types xmlns:ct='http://schemas.openxmlformats.org/package/2006/content-types'>"
                b"<ct:Default Extension='xml' ContentType='application/xml'/></ct:Types>")
    types = etree.fromstring(declaring_comments(CONTENT_TYPES, prefixed))
    assert [etree.QName(e).localname for e in types] == ["Default", "Override"]
    assert types[1].get("PartName") == "/word/comments.xml"
    quoted = b"<Relationships xmlns='x'><Relationship Id='rId7' Type='t' Target='a.xml'/></Relationships>"
    assert b'Id="rId8"' in declaring_comments(DOCUMENT_RELS, quoted)


def test_an_office_file_with_broken_package_parts_is_not_merged_but_kept(rebuilt):
    """A file whose main part's relationships cannot be read (where its comments part is found):
    no merge and no internal error; the new draft goes beside, the office's file stays."""
    provinces, out, edited = rebuilt
    broken = _with_entry(edited, "word/_rels/document.xml.rels", b"<Relationships")
    (out / "dong-nai.docx").write_bytes(broken)
    result = run("build", "dong-nai", "--provinces", str(provinces), "-o", str(out), "--merge")
    assert result.exit_code == 0 and (out / "dong-nai.new.docx").is_file(), result.output
    assert (out / "dong-nai.docx").read_bytes() == broken


def _with_entry(data: bytes, name: str, content: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, content if info.filename == name else source.read(info.filename))
    return out.getvalue()


def test_a_conflict_in_a_file_whose_content_types_cannot_be_read_refuses_the_merge():
    from generator.errors import ChuongTrinhError
    from generator.revise.merge import merge
    base, theirs = paragraphs_document(["Đoạn một."]), paragraphs_document(["Đoạn một, bản mới."])
    ours = _with_entry(paragraphs_document(["Đoạn một, Văn phòng sửa."]), "[Content_Types].xml", b"<Types")
    with pytest.raises(ChuongTrinhError):
        merge(base, ours, theirs)
