"""Through LibreOffice: the .docx opens, lays out on A4, and pages read as a văn thư expects."""
from __future__ import annotations

import subprocess

import pytest

from generator.pdf import to_pdf

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
    assert lines[0] == "Dự thảo"
    assert "TỈNH ỦY THANH HÓA" in lines[1] and "ĐẢNG CỘNG SẢN VIỆT NAM" in lines[1]
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
