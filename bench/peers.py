"""The peers chuongtrinh is measured against, fed the same composed content (bench/run.py writes it
as JSON): docxtpl rendering a Word template written once, and python-docx used naively, paragraph
by paragraph. Run as a script, as a Python developer would: `python bench/peers.py TOOL CONTENT OUT
[JOBS]`; with JOBS > 1 the documents are shared among that many processes, as chuongtrinh's are.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path


def make_docxtpl_template(path: Path) -> None:
    """The Word template a developer would write for docxtpl: header table, a loop over blocks."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt
    document = docx.Document()
    style = document.styles["Normal"]
    style.font.name, style.font.size = "Times New Roman", Pt(14)
    section = document.sections[0]
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.paragraphs[0].add_run("{{ issuer }}").bold = True
    left.add_paragraph("*")
    left.add_paragraph("{{ number }}")
    right.paragraphs[0].add_run("ĐẢNG CỘNG SẢN VIỆT NAM").bold = True
    right.add_paragraph().add_run("{{ place_date }}").italic = True
    for text, bold in (("{{ kind }}", True), ("{{ subject }}", True), ("-----", False)):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(text).bold = bold
    document.add_paragraph("{%p for block in blocks %}")
    body = document.add_paragraph("{{r block.rich }}")
    body.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    body.paragraph_format.first_line_indent = Mm(10)
    document.add_paragraph("{%p endfor %}")
    signature = document.add_table(rows=1, cols=2)
    left, right = signature.rows[0].cells
    left.paragraphs[0].add_run("Nơi nhận:").underline = True
    left.add_paragraph("{%p for r in recipients %}")
    left.add_paragraph("{{ r }}")
    left.add_paragraph("{%p endfor %}")
    right.paragraphs[0].add_run("{{ authority }}").bold = True
    right.add_paragraph("{{ position }}")
    right.add_paragraph().add_run("{{ signer }}").bold = True
    document.save(path)


def with_docxtpl(items: list[dict], out: Path, template: Path) -> None:
    from docxtpl import DocxTemplate, RichText
    for item in items:
        document = DocxTemplate(template)
        context = dict(item)
        context["blocks"] = [{"rich": RichText(block["text"], bold=block["bold"], size=28)} for block in item["blocks"]]
        document.render(context)
        document.save(out / f"{item['slug']}.docx")


def with_python_docx(items: list[dict], out: Path) -> None:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt
    for item in items:
        document = docx.Document()
        section = document.sections[0]
        section.top_margin = section.bottom_margin = Mm(20)
        section.left_margin, section.right_margin = Mm(30), Mm(15)
        table = document.add_table(rows=1, cols=2)
        left, right = table.rows[0].cells
        for cell, texts in ((left, (item["issuer"], "*", item["number"])),
                            (right, ("ĐẢNG CỘNG SẢN VIỆT NAM", item["place_date"]))):
            for index, text in enumerate(texts):
                paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
                run = paragraph.add_run(text)
                run.font.name, run.font.size = "Times New Roman", Pt(14)
        for text in (item["kind"], item["subject"], "-----"):
            paragraph = document.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = paragraph.add_run(text)
            run.font.name, run.font.size, run.bold = "Times New Roman", Pt(14), True
        for block in item["blocks"]:
            paragraph = document.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            paragraph.paragraph_format.first_line_indent = Mm(10)
            paragraph.paragraph_format.space_before = Pt(6)
            run = paragraph.add_run(block["text"])
            run.font.name, run.font.size, run.bold = "Times New Roman", Pt(14), block["bold"]
        for text in ["Nơi nhận:"] + item["recipients"] + [item["authority"], item["position"], item["signer"]]:
            run = document.add_paragraph().add_run(text)
            run.font.name, run.font.size = "Times New Roman", Pt(12)
        document.save(out / f"{item['slug']}.docx")


def _render(tool: str, items: list[dict], out: Path, template: Path) -> None:
    if tool == "docxtpl":
        with_docxtpl(items, out, template)
    else:
        with_python_docx(items, out)


def main() -> None:
    tool, content, out = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    jobs = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    items = json.loads(content.read_text(encoding="utf-8"))
    out.mkdir(parents=True, exist_ok=True)
    template = out / "template.docx"
    if tool == "docxtpl":
        make_docxtpl_template(template)
    if jobs == 1 or len(items) < 2:
        _render(tool, items, out, template)
        return
    from concurrent.futures import ProcessPoolExecutor
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        shares = [items[i::jobs] for i in range(jobs)]
        list(pool.map(_render, [tool] * jobs, shares, [out] * jobs, [template] * jobs))


if __name__ == "__main__":
    main()
