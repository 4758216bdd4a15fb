"""Through LibreOffice: the .docx opens, lays out on A4, and pages read as a văn thư expects."""
from __future__ import annotations

import os
import subprocess

import pytest

from generator.write import office, pdf
from generator.write.pdf import to_pdf

pytestmark = pytest.mark.libreoffice


def pdf_text(pdf, page: int) -> str:
    return subprocess.run(["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout


def pdf_pages(pdf) -> tuple[int, str]:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    return int(fields["Pages"]), fields["Page size"].strip()


def test_thanh_hoa_converts_to_a_sensible_pdf(built, tmp_path):
    [pdf] = to_pdf([built["thanh-hoa"]], tmp_path)
    pages, size = pdf_pages(pdf)
    assert 3 <= pages <= 8 and "595" in size and "841" in size  # A4 in points
    first = pdf_text(pdf, 1)
    lines = [line.strip() for line in first.splitlines() if line.strip()]
    assert "TỈNH ỦY THANH HÓA" in lines[0] and "ĐẢNG CỘNG SẢN VIỆT NAM" in lines[0]
    number = next(index for index, line in enumerate(lines) if line.startswith("Số"))
    assert lines[number + 1] == "Dự thảo", "the draft mark sits under the number (HD 36 ô 11b)"
    assert "CHƯƠNG TRÌNH" in first and "Thanh Hóa, ngày" in first
    second = [line.strip() for line in pdf_text(pdf, 2).splitlines() if line.strip()]
    assert second[0] == "2", "page 2 carries its number at the top"
    last = pdf_text(pdf, pages)
    assert "T/M BAN THƯỜNG VỤ" in last and "Nơi nhận:" in last


def test_batch_conversion_in_one_libreoffice_run(built, tmp_path):
    chosen = ["can-tho", "ha-noi", "thua-thien-hue"]
    pdfs = to_pdf([built[slug] for slug in chosen], tmp_path)
    assert [p.stem for p in pdfs] == chosen
    for pdf in pdfs:
        assert pdf_pages(pdf)[0] >= 3


def test_every_letter_reaches_the_pdf_and_fonts_are_embedded(built, tmp_path):
    import unicodedata

    import docx
    [pdf] = to_pdf([built["thua-thien-hue"]], tmp_path)
    document = docx.Document(built["thua-thien-hue"])
    words = " ".join(p.text for p in document.paragraphs)
    words += " ".join(c.text for t in document.tables for c in t._cells)
    text = unicodedata.normalize("NFC", "".join(pdf_text(pdf, page) for page in range(1, pdf_pages(pdf)[0] + 1)))
    wanted = {ch for ch in unicodedata.normalize("NFC", words) if ch.isalpha()}
    assert wanted and not wanted - set(text), sorted(wanted - set(text))
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows and all(row.split()[-5] == "yes" for row in rows), fonts


def test_page_one_carries_no_number(built, tmp_path):
    [pdf] = to_pdf([built["can-tho"]], tmp_path)
    first = [line.strip() for line in pdf_text(pdf, 1).splitlines() if line.strip()]
    assert "THÀNH ỦY CẦN THƠ" in first[0] and "1" not in first[:3]


def test_the_same_document_gives_the_same_text_per_page(built, tmp_path):
    [one] = to_pdf([built["ha-noi"]], tmp_path / "a")
    [two] = to_pdf([built["ha-noi"]], tmp_path / "b")
    pages = pdf_pages(one)[0]
    assert pages == pdf_pages(two)[0]
    assert [pdf_text(one, p) for p in range(1, pages + 1)] == [pdf_text(two, p) for p in range(1, pages + 1)]


def _office_processes() -> set[str]:
    return set(subprocess.run(["pgrep", "-f", "chuongtrinh-lo-"], capture_output=True, text=True).stdout.split())


def test_parallel_converters_stay_warm_and_leave_nothing_behind(built, tmp_path):
    office.CONVERTERS.close()
    others = _office_processes()          # another program's LibreOffice on this machine, if any
    chosen = [built[s] for s in ("an-giang", "bac-giang", "bac-kan", "bac-lieu")]
    pdfs = to_pdf(chosen, tmp_path / "a", jobs=2)
    assert [p.stem for p in pdfs] == [p.stem for p in chosen] and all(p.is_file() for p in pdfs)
    assert not list((tmp_path / "a").glob(".pdf-*"))
    warm = _office_processes() - others
    assert warm, "the converters stay warm for the next call"
    to_pdf(chosen[:2], tmp_path / "b", jobs=2)
    assert _office_processes() - others == warm, "the next call uses them: no LibreOffice started again"
    office.CONVERTERS.close()
    assert not _office_processes() - others


def test_warm_converters_are_there_in_ci():
    if os.environ.get("CI"):
        assert office.uno_python(pdf.find_soffice()), "CI installs python3-uno: the warm path must be tested"


def test_without_uno_the_batch_converter_gives_the_same_pages(built, tmp_path, monkeypatch):
    [warm] = to_pdf([built["ha-noi"]], tmp_path / "warm")
    monkeypatch.setattr(office, "uno_python", lambda soffice: None)
    [cold] = to_pdf([built["ha-noi"]], tmp_path / "cold")
    pages = pdf_pages(warm)[0]
    assert pages == pdf_pages(cold)[0]
    assert [pdf_text(warm, p) for p in range(1, pages + 1)] == [pdf_text(cold, p) for p in range(1, pages + 1)]


def test_preview_writes_a_png_of_the_asked_page(tmp_path):
    from click.testing import CliRunner

    from generator.cli import cli

    from .conftest import PROVINCES
    result = CliRunner().invoke(cli, ["preview", "thanh-hoa", "--page", "2", "-o", str(tmp_path),
                                      "--provinces", str(PROVINCES)])
    assert result.exit_code == 0, result.output
    png = tmp_path / "thanh-hoa-trang-2.png"
    assert result.output.strip().endswith("thanh-hoa-trang-2.png") and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
