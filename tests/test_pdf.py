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
    for made in pdfs:
        assert pdf_pages(made)[0] >= 3


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


def _build(*arguments: str, cwd) -> str:
    import sys
    completed = subprocess.run([sys.executable, "-m", "generator", "build", *arguments], cwd=cwd,
                               capture_output=True, text=True, timeout=600)
    assert completed.returncode == 0, completed.stderr
    return completed.stdout + completed.stderr


def test_a_pdf_missing_or_older_than_its_docx_is_made_whatever_the_build_found(tmp_path, few_provinces):
    """`make build` then `make pdf`: the documents are unchanged, their PDFs are still made; a
    .docx written again (or edited in Word) after its PDF gets a new PDF; nothing else does."""
    out = tmp_path / "output"
    arguments = ("--provinces", str(few_provinces), "-o", str(out))
    _build("ha-noi", "thanh-hoa", *arguments, cwd=tmp_path)
    said = _build("ha-noi", "thanh-hoa", "--pdf", *arguments, cwd=tmp_path)
    assert "0 văn bản dựng mới" in said and said.count("đã xuất") == 2
    assert (out / "ha-noi.pdf").is_file() and (out / "thanh-hoa.pdf").is_file()
    said = _build("ha-noi", "thanh-hoa", "--pdf", *arguments, cwd=tmp_path)
    assert "đã xuất" not in said and "không cần xuất lại" in said
    # A build that wrote a new .docx and stopped before its PDF (a run without --pdf, or killed).
    source = few_provinces / "ha-noi.yaml"
    source.write_text(source.read_text(encoding="utf-8").replace("Dự thảo", "Dự thảo lần 2"), encoding="utf-8")
    _build("ha-noi", *arguments, cwd=tmp_path)
    said = _build("ha-noi", "thanh-hoa", "--pdf", *arguments, cwd=tmp_path)
    assert said.count("đã xuất") == 1 and "ha-noi.pdf" in said
    assert "Dự thảo lần 2" in pdf_text(out / "ha-noi.pdf", 1)


def _processes_mentioning(text: str) -> dict[int, str]:
    """pid → command line of every process whose command line holds `text`."""
    found = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/cmdline", "rb") as command:
                    line = command.read().decode(errors="replace")
            except OSError:
                continue
            if text in line:
                found[int(entry)] = line
    return found


@pytest.mark.parametrize("signal_number", [9, 15], ids=["SIGKILL", "SIGTERM"])
def test_killing_a_pdf_build_while_libreoffice_starts_leaves_no_libreoffice_running(
        tmp_path, few_provinces, signal_number):
    import signal as signals
    import sys
    import time
    own_temp = tmp_path / "tmp"
    own_temp.mkdir()
    environment = {**os.environ, "TMPDIR": str(own_temp)}
    run = subprocess.Popen([sys.executable, "-m", "generator", "build", "ha-noi", "--pdf", "--provinces",
                            str(few_provinces), "-o", str(tmp_path / "output")], cwd=tmp_path, env=environment,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not any("soffice" in line for line in _processes_mentioning(str(own_temp)).values()):
            assert time.monotonic() < deadline and run.poll() is None, "LibreOffice did not start"
            time.sleep(0.05)
        run.send_signal(signal_number)
        run.wait(timeout=60)
        deadline = time.monotonic() + 10
        while _processes_mentioning(str(own_temp)) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _processes_mentioning(str(own_temp)) == {}
    finally:
        for pid in _processes_mentioning(str(own_temp)):
            os.kill(pid, signals.SIGKILL)
        if run.poll() is None:
            run.kill()


def test_a_document_with_word_comments_converts_and_the_comments_do_not_print(tmp_path):
    # LibreOffice 7.4 over UNO aborted on any document with comments: the merged units' notes and
    # the draft's proposed assessments. The PDF is made from a copy without the comment marks.
    import datetime as dt

    import docx

    from generator.api import build
    [outcome] = list(build(("tuyen-quang",), tmp_path, date=dt.date(2025, 9, 15), jobs=1))
    document = outcome.output
    assert docx.Document(document).comments, "the draft carries its notes to the editor"
    [made] = to_pdf([document], tmp_path / "pdf")
    text = "".join(pdf_text(made, page) for page in range(1, pdf_pages(made)[0] + 1))
    assert "Tình hình thực hiện" in text or "TÌNH HÌNH" in text.upper()
    assert "Nhận định chung do dự thảo đề xuất" not in text and "sắp xếp từ" not in text
    assert zipfile_names(document) >= {"word/comments.xml"}, "the .docx itself is left as it was"


def zipfile_names(path) -> set[str]:
    import zipfile
    with zipfile.ZipFile(path) as package:
        return set(package.namelist())


def test_a_page_image_is_a_png_of_exactly_the_pixels_drawn():
    """The raw image pdftoppm draws, encoded as PNG here: the pixels come back unchanged, every
    chunk's checksum holds; anything not a raw 8-bit image is refused."""
    import struct
    import zlib

    from generator.write.pdf import _png
    pixels = bytes([255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30, 40, 50, 60, 70, 80, 90])     # 3 × 2
    png = _png(b"P6\n3 2\n255\n" + pixels)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    chunks, at = {}, 8
    while at < len(png):
        (length,), kind = struct.unpack(">I", png[at:at + 4]), png[at + 4:at + 8]
        data, (crc,) = png[at + 8:at + 8 + length], struct.unpack(">I", png[at + 8 + length:at + 12 + length])
        assert zlib.crc32(kind + data) == crc
        chunks[kind] = data
        at += 12 + length
    assert struct.unpack(">IIBBBBB", chunks[b"IHDR"]) == (3, 2, 8, 2, 0, 0, 0)
    assert zlib.decompress(chunks[b"IDAT"]) == b"\x00" + pixels[:9] + b"\x00" + pixels[9:]
    assert _png(b"P5\n3 2\n255\n" + pixels[:6]) is None and _png(b"P6\n3 2\n255\n" + pixels[:5]) is None
