"""Hand-made Party documents for the checker, built with python-docx the way a person in Word might:
header and signature laid out with tab stops (no tables), formatting set directly on runs and
paragraphs, the page number as a simple field. `make()` gives a conforming document; keyword
arguments break one thing at a time.
"""
from __future__ import annotations

import io
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

CONFORMING = dict(
    left_margin=30, issuer="TỈNH ỦY THANH HÓA", issuer_bold=True, star="*", title_size=15, title_underline=True,
    number="Số 05-CTr/TU", date="Thanh Hóa, ngày 05 tháng 02 năm 2021", date_italic=True, kind="CHƯƠNG TRÌNH",
    kind_bold=True, subject="thực hiện Nghị quyết số 45-NQ/TW, ngày 24/11/2023 của Ban Chấp hành Trung ương",
    separator="-----", body_align=WD_ALIGN_PARAGRAPH.JUSTIFY, line_exact=True, odd_font_run=None,
    body_extra=None, headings=("I", "II", "III"), authority="T/M BAN THƯỜNG VỤ", position="PHÓ BÍ THƯ",
    position_bold=False, signer="Nguyễn Văn A", label_underline=True, storage="- Lưu Văn phòng Tỉnh ủy.",
    numberless_first_page=True, highlight=None, ending=".", page_field=True, filler=1,
    centred_line=None, draft_mark=None, heading_format="{number}- {title}", header_swapped=False, signature_swapped=False, annex=(), address=None, landscape_annex=False,
    number_spaces_bold=False, page_number_size=None, left_line=None, annex_bottom=None, body_after=6, body_before=0, sections=("MỤC ĐÍCH, YÊU CẦU", "NHIỆM VỤ, GIẢI PHÁP", "TỔ CHỨC THỰC HIỆN"),
)
# A programme for Kết luận 93 is held to the parts its kind requires (templates/*/parts.yaml),
# which a page of filler does not have.
KL93_SUBJECT = "thực hiện Kết luận số 93-KL/TW, ngày 20/11/2020 của Ban Bí thư"


def make(**changes) -> bytes:
    o = {**CONFORMING, **changes}
    unknown = set(changes) - set(CONFORMING)
    assert not unknown, unknown
    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(14)
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(o["left_margin"]), Mm(15)
    section.header_distance = Mm(10)
    section.different_first_page_header_footer = o["numberless_first_page"]
    if o["page_field"]:
        _page_field(section.header.paragraphs[0], o["page_number_size"])

    def line(*parts, align=WD_ALIGN_PARAGRAPH.LEFT, tabs=True):
        """parts: (text, size, bold, italic, underline); a tab goes between parts."""
        paragraph = document.add_paragraph()
        paragraph.alignment = align
        if tabs:
            paragraph.paragraph_format.tab_stops.add_tab_stop(Mm(105))
        for index, (text, size, bold, italic, underline) in enumerate(parts):
            if index:
                paragraph.add_run("\t")
            run = paragraph.add_run(text)
            run.font.size, run.bold, run.italic, run.underline = Pt(size), bold, italic, underline
        return paragraph

    blocks = [(o["issuer"], 14, o["issuer_bold"], False, False),
              ("ĐẢNG CỘNG SẢN VIỆT NAM", o["title_size"], True, False, o["title_underline"])]
    line(*(blocks[::-1] if o["header_swapped"] else blocks))
    if o["star"]:
        line((o["star"], 14, False, False, False), (o["date"], 14, False, o["date_italic"], False))
    else:
        line(("", 14, False, False, False), (o["date"], 14, False, o["date_italic"], False))
    number = line((o["number"], 14, False, False, False))
    if o["number_spaces_bold"]:      # bold set on spaces left after the number: nothing bold prints
        number.add_run("      ").bold = True
    if o["draft_mark"] == "under number":
        line(("Dự thảo", 14, False, True, False))
    elif o["draft_mark"] == "page header":
        section.first_page_header.paragraphs[0].text = "Dự thảo"
    line((o["kind"], 16, o["kind_bold"], False, False), align=WD_ALIGN_PARAGRAPH.CENTER, tabs=False)
    line((o["subject"], 14, True, False, False), align=WD_ALIGN_PARAGRAPH.CENTER, tabs=False)
    if o["separator"]:
        line((o["separator"], 14, False, False, False), align=WD_ALIGN_PARAGRAPH.CENTER, tabs=False)

    def body(text: str, bold: bool = False, align=None) -> None:
        paragraph = document.add_paragraph()
        fmt = paragraph.paragraph_format
        fmt.alignment = o["body_align"] if align is None else align
        fmt.first_line_indent = Mm(10)
        fmt.space_after, fmt.space_before = Pt(o["body_after"]), Pt(o["body_before"])
        if o["line_exact"]:
            fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, Pt(18)
        run = paragraph.add_run(text)
        run.bold = bold
        if o["odd_font_run"] and text.startswith("Ban Thường vụ"):
            odd = paragraph.add_run(" (bổ sung)")
            odd.font.name = o["odd_font_run"]
        if o["highlight"] and text.startswith("Ban Thường vụ"):
            hole = paragraph.add_run(" [số hội viên]")
            hole.font.highlight_color = WD_COLOR_INDEX.YELLOW

    if o["address"]:          # "Kính gửi:" (ô 5a) under the trích yếu, set as people set it
        line((o["address"], 14, False, False, False), tabs=False)
    body("Ban Thường vụ Tỉnh ủy ban hành Chương trình thực hiện Nghị quyết số 45-NQ/TW như sau:")
    if o["body_extra"]:
        body(o["body_extra"])
    if o["centred_line"]:
        body(o["centred_line"], bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    if o["left_line"]:
        body(o["left_line"], align=WD_ALIGN_PARAGRAPH.LEFT)
    for index, (number, title) in enumerate(zip(o["headings"], o["sections"])):
        body(o["heading_format"].format(number=number, title=title), bold=True)
        body("1. Nội dung thứ nhất", bold=True)
        for _ in range(o["filler"]):
            body("Các cấp ủy, tổ chức đảng quán triệt, triển khai thực hiện nghiêm túc Chương trình này.")
        body("2. Nội dung thứ hai", bold=True)
        body("Định kỳ sơ kết, tổng kết, báo cáo Ban Thường vụ Tỉnh ủy" + (o["ending"] if index == 2 else "."))

    blocks = [("Nơi nhận:", 14, False, False, o["label_underline"]), (o["authority"], 14, True, False, False)]
    line(*(blocks[::-1] if o["signature_swapped"] else blocks))
    line(("- Ban Bí thư Trung ương Đảng (để báo cáo),", 12, False, False, False),
         (o["position"], 14, o["position_bold"], False, False))
    line(("- Các huyện ủy, thị ủy, thành ủy,", 12, False, False, False))
    line((o["storage"], 12, False, False, False), ("", 14, False, False, False))
    line(("", 12, False, False, False), (o["signer"], 14, True, False, False))
    if o["landscape_annex"]:         # a wide table's pages, turned: the binding edge is at the top
        annex = document.add_section()
        annex.page_width, annex.page_height = Mm(297), Mm(210)
        # (top, left, bottom, right); True: the portrait page's margins turned a quarter
        margins = (30, 20, 15, 20) if o["landscape_annex"] is True else o["landscape_annex"]
        annex.top_margin, annex.left_margin, annex.bottom_margin, annex.right_margin = (Mm(m) for m in margins)
    if o["annex_bottom"] is not None:   # a last part on pages of its own, set up with another bottom margin
        annex = document.add_section()
        annex.bottom_margin = Mm(o["annex_bottom"])
    for text in o["annex"]:
        body(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _page_field(paragraph, size: float | None = None) -> None:
    """A PAGE field showing "2", at `size` points (else the style's)."""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    if size is not None:
        properties, half_points = OxmlElement("w:rPr"), OxmlElement("w:sz")
        half_points.set(qn("w:val"), str(round(size * 2)))
        properties.append(half_points)
        run.append(properties)
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def without_draft_mark(data: bytes) -> bytes:
    """A generated draft with its "Dự thảo" mark taken out (under the number, or in the page
    header where the profile puts it there): `check` then reads it as a final document."""
    import zipfile
    source, buffer = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            content = source.read(name)
            marked = name.startswith("word/header") or name == "word/document.xml"
            target.writestr(name, content.replace("Dự thảo".encode(), b"") if marked else content)
    return buffer.getvalue()


def attached_text(title: str = "ĐIỀU LỆ", attached: str = "(Kèm theo Quyết định số      /QĐ-UBND ngày    tháng 9 "
                  "năm 2025 của Chủ tịch Ủy ban nhân dân tỉnh)", national_size: float = 13, top_margin: float = 20,
                  left_block: tuple[tuple[str, bool], ...] = (),
                  agency: tuple[tuple[str, bool], ...] = (("ỦY BAN NHÂN DÂN\n", True), ("TỈNH LÂM ĐỒNG", True))) -> bytes:
    """A State text issued with a decision (NĐ 30 Phụ lục III), as provinces type them: the header
    table (the agency; the Quốc hiệu and Tiêu ngữ in one cell paragraph, a line break between them),
    the title, "(Kèm theo Quyết định số …)", then the articles; no number, date line, signature or
    Nơi nhận of its own. `agency`: the left cell's runs ((text, bold), a line break ending a line);
    `left_block`: instead, the left cell's lines as paragraphs of their own
    ((text, bold): a parent agency over the issuer, a "DỰ THẢO" mark), the lines under both blocks
    drawn as a shape anchored in the paragraph after the table."""
    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = "Times New Roman", Pt(14)
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(top_margin), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.different_first_page_header_footer = True
    _page_field(section.header.paragraphs[0])
    header = document.add_table(rows=1, cols=2)
    cell = header.cell(0, 0).paragraphs[0]
    cell.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for text, bold in agency if not left_block else ():
        run = cell.add_run(text)
        run.font.size, run.bold = Pt(13), bold
    for index, (text, bold) in enumerate(left_block):
        line = cell if index == 0 else header.cell(0, 0).add_paragraph()
        line.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = line.add_run(text)
        run.font.size, run.bold = Pt(13), bold
    national = header.cell(0, 1).paragraphs[0]
    national.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for text, size in (("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n", national_size), ("Độc lập - Tự do - Hạnh phúc", 14)):
        run = national.add_run(text)
        run.font.size, run.bold = Pt(size), True
    if left_block:
        document.add_paragraph().add_run()._r.append(OxmlElement("w:pict"))    # both lines, one shape each
    else:
        national.runs[-1].underline = True       # the line under each block: its last line underlined
        cell.runs[-1].underline = True

    def add(text: str, align=WD_ALIGN_PARAGRAPH.CENTER, bold: bool = False, italic: bool = False) -> None:
        paragraph = document.add_paragraph()
        paragraph.alignment = align
        run = paragraph.add_run(text)
        run.font.size, run.bold, run.italic = Pt(14), bold, italic
    add(title, bold=True)
    add("HỘI CỰU GIÁO CHỨC TỈNH LÂM ĐỒNG", bold=True)
    add(attached, italic=True)
    add("Chương I", bold=True)
    add("QUY ĐỊNH CHUNG", bold=True)
    for number in range(1, 9):
        add(f"Điều {number}. Hội hoạt động theo quy định của pháp luật về hội và Điều lệ này; các hội viên tham "
            "gia tự nguyện, bình đẳng, công khai, minh bạch, tự trang trải kinh phí và chịu trách nhiệm trước "
            "pháp luật.", align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    add("Điều lệ này có hiệu lực kể từ ngày ký./.", align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def table_document(rows: list[tuple[str, str]], heading: str = "Phân công thực hiện") -> bytes:
    """A paragraph and a two-column table of `rows`: versions of a plan's task table to compare or merge."""
    document = docx.Document()
    document.add_paragraph(heading)
    table = document.add_table(rows=0, cols=2)
    for a, b in rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = a, b
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def edited_in_libreoffice(source: Path, target: Path | None, edits: list[dict], profile: Path) -> int:
    """`source` edited in LibreOffice through UNO as a person edits it (tests/uno_edit.py: track
    changes on, a phrase retyped, a paragraph added with Enter), saved as .docx to `target` (None:
    not saved); how many tracked changes LibreOffice lists in it."""
    import json
    import shutil
    import subprocess

    from generator.write import office
    soffice = shutil.which("soffice")
    python = office.uno_python(soffice) if soffice else None
    assert python, "LibreOffice and python3-uno (installed by CI) edit the office's file in this test"
    done = subprocess.run([python, str(Path(__file__).with_name("uno_edit.py")), soffice, profile.as_uri(),
                           str(source), str(target) if target else "-", json.dumps(edits, ensure_ascii=False)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])["redlines"]
