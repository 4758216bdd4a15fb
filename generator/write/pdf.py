""".docx files → PDF files through LibreOffice headless.

With a Python that has LibreOffice's `uno` module, through warm converters (office.py) that pay
LibreOffice's start-up once per process; else through `soffice --convert-to`, one batch per
worker. Either way each LibreOffice gets its own throw-away user profile, so conversions run side
by side and never touch the user's own LibreOffice settings.
"""
from __future__ import annotations

import os
import queue
import shutil
import signal
import struct
import subprocess
import tempfile
import zipfile
import zlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from lxml import etree

from generator.errors import ConverterError, Problem
from generator.files import ensure_folder, staging_folder
from generator.i18n import N_, _
from generator.write import fonts, office
from generator.write.ooxml import qn

INSTALL_HINT = N_("cài LibreOffice: apt-get install libreoffice-writer-nogui fonts-liberation2")
CANDIDATES = ("soffice", "libreoffice")


def find_soffice() -> str | None:
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def to_pdf(documents: list[Path], out_dir: Path, jobs: int | None = None, timeout: float = 180) -> list[Path]:
    """Convert the documents with `jobs` LibreOffice processes side by side; return the PDF paths
    in the documents' order. ConverterError when LibreOffice is absent, fails or hangs (`timeout`
    seconds: for each document and each start of a warm converter; for each batch without them);
    the documents that could be converted are."""
    soffice = find_soffice()
    if soffice is None:
        raise ConverterError(Problem(_("không tìm thấy LibreOffice (soffice) để xuất PDF"), hint=_(INSTALL_HINT)))
    ensure_folder(out_dir)
    fonts.check_before(documents)
    workers = max(1, min(jobs or os.cpu_count() or 1, len(documents)))
    python = office.uno_python(soffice)
    if python is not None:
        _convert_warm(soffice, python, documents, out_dir, workers, timeout)
    else:
        shares = [documents[index::workers] for index in range(workers)]
        with ThreadPoolExecutor(max_workers=workers) as pool:
            try:
                list(pool.map(lambda share: _convert(soffice, share, out_dir, timeout), shares))  # re-raises errors
            except BaseException:       # Ctrl-C, SIGTERM: the conversions are ended, not waited for
                for process in list(_RUNNING):
                    _kill_group(process)
                raise
    return [out_dir / f"{document.stem}.pdf" for document in documents]


def stale_pdfs(documents: list[Path]) -> list[Path]:
    """The documents whose PDF beside them is missing or older than they are (as make judges):
    a .docx edited in Word, or written by a build whose PDF step did not run or did not end."""
    def stale(document: Path) -> bool:
        pdf = document.with_suffix(".pdf")
        try:
            return pdf.stat().st_mtime_ns < document.stat().st_mtime_ns
        except FileNotFoundError:
            return document.is_file()
    return [document for document in documents if stale(document)]


def _convert_warm(soffice: str, python: str, documents: list[Path], out_dir: Path, workers: int,
                  timeout: float) -> None:
    """Each worker borrows a warm converter and takes the next document until none is left; the
    fonts of the PDFs are checked once LibreOffice is done, when the cores are free."""
    pending: queue.SimpleQueue[Path] = queue.SimpleQueue()
    for document in documents:
        pending.put(document)
    problems: list[Problem] = []
    converted: list[tuple[Path, Path]] = []

    def work(staging: Path) -> None:
        try:
            converter = office.CONVERTERS.borrow(soffice, python, timeout)
        except ConverterError as e:
            problems.extend(e.problems)
            return
        try:
            while True:
                try:
                    document = pending.get_nowait()
                except queue.Empty:
                    return
                pdf = staging / f"{document.stem}.pdf"
                try:
                    converter.convert(_without_comments(document, staging), pdf, timeout)
                    converted.append((document, pdf))
                except ConverterError as e:
                    problems.extend(e.problems)
                    if not converter.alive:
                        return
        finally:
            office.CONVERTERS.give_back(converter)

    with staging_folder(out_dir, f".pdf-{os.getpid()}-") as staging, ThreadPoolExecutor(max_workers=workers) as pool:
        try:
            list(pool.map(work, [staging] * workers))
        except BaseException:       # Ctrl-C, SIGTERM: LibreOffice is ended, not waited for
            office.abort()
            raise
        for found in pool.map(lambda pair: _place(pair[0], pair[1], out_dir), converted):
            problems.extend(found)
    if problems:
        raise ConverterError(problems)


# The marks that anchor Word comments in the body. LibreOffice 7.4 driven over UNO aborts laying out
# a document that has any ("terminate called after throwing … NoSuchElementException"), and
# `soffice --convert-to` lays the page out narrower to leave room for them; comments never print, so
# either way the PDF is made from a copy without them.
_COMMENT_MARKS = {qn(f"w:{name}") for name in ("commentRangeStart", "commentRangeEnd", "commentReference")}


def _without_comments(document: Path, staging: Path) -> Path:
    """The document itself, or, if it has comments, a copy in `staging` with the comment marks
    taken out of its body (the comments part stays, referenced by nothing). A file that is not a
    package is left to LibreOffice, which says what is wrong with it."""
    try:
        package = zipfile.ZipFile(document)
    except (zipfile.BadZipFile, OSError):
        return document
    with package:
        if "word/comments.xml" not in package.namelist():
            return document
        copy = staging / "without-comments" / document.name
        copy.parent.mkdir(exist_ok=True)
        with zipfile.ZipFile(copy, "w", zipfile.ZIP_DEFLATED) as out:
            for entry in package.infolist():
                data = package.read(entry)
                if entry.filename == "word/document.xml":
                    root = etree.fromstring(data)
                    for mark in [e for e in root.iter() if e.tag in _COMMENT_MARKS]:
                        mark.getparent().remove(mark)
                    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
                out.writestr(entry, data)
    return copy


def _place(document: Path, pdf: Path, out_dir: Path) -> list[Problem]:
    """The PDF moved from the staging folder into out_dir, unless its fonts are wrong (then it
    stays to go with the staging folder, and the problem is returned)."""
    accepted = _accepted_faces(document)
    problem = fonts.check_after(pdf, accepted) if accepted and pdf.is_file() else None
    if problem is not None:
        return [problem]
    if pdf.is_file():
        os.replace(pdf, out_dir / pdf.name)
    return []


def _accepted_faces(document: Path) -> tuple[str, ...]:
    """The document's font and the faces with its metrics that the profiles name."""
    from generator.profiles import load_profile, shipped_profiles
    font, _ = fonts.document_font_and_text(document)
    equivalents = {p.page.font: p.page.font_equivalents for p in map(load_profile, shipped_profiles())}
    return (font, *equivalents.get(font, ())) if font else ()


def _convert(soffice: str, documents: list[Path], out_dir: Path, timeout: float) -> None:
    # PDFs are written into a hidden folder next to their place and renamed into it: never a
    # half-written PDF, and an old PDF cannot pass for a new one.
    with tempfile.TemporaryDirectory(prefix="chuongtrinh-lo-") as profile, \
            staging_folder(out_dir, f".pdf-{os.getpid()}-") as staging:
        _run(soffice, profile, [_without_comments(document, staging) for document in documents], staging, timeout)
        problems = [problem for document in documents
                    for problem in _place(document, staging / f"{document.stem}.pdf", out_dir)]
        if problems:
            raise ConverterError(problems)


def _run(soffice: str, profile: str, documents: list[Path], staging: Path, timeout: float) -> None:
    command = [soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
               "--convert-to", "pdf", "--outdir", str(staging), *map(str, documents)]
    # A session of its own, so a hung soffice.bin child can be killed with its parent.
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, start_new_session=True)
    _RUNNING.add(process)
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except BaseException as e:
        _kill_group(process)
        if isinstance(e, subprocess.TimeoutExpired):
            raise ConverterError(Problem(_("LibreOffice không trả lời sau {seconds} giây; đã dừng",
                                                 seconds=f"{timeout:.0f}"))) from e
        raise
    finally:
        _RUNNING.discard(process)
    pdfs = [staging / f"{document.stem}.pdf" for document in documents]
    missing = [pdf.name for pdf in pdfs if not pdf.is_file()]
    if process.returncode != 0 or missing:
        detail = (stderr or stdout).strip().splitlines()[-1:] or [""]
        raise ConverterError(Problem(_("LibreOffice không xuất được {files}: {detail}",
                                       files=", ".join(missing) or "PDF", detail=detail[0])))


# The `soffice --convert-to` processes running now, ended at once when a conversion is stopped.
_RUNNING: set[subprocess.Popen[str]] = set()


def _kill_group(process: subprocess.Popen[str]) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    process.wait()


def preview_png(pdf: Path, page: int, out: Path, resolution: int = 80) -> Path:
    """One page of a PDF as a PNG: poppler's pdftoppm draws it as a raw image, encoded here with
    fast compression. (pdftoppm's own PNG spends 0.13 s of the workbench's 0.3 s preview on
    compressing a 70 dpi page harder than a page image on the user's own machine needs: 0.01 s here,
    for a file of about the same size.)"""
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        raise ConverterError(Problem(_("không tìm thấy pdftoppm để tạo ảnh trang"),
                                     hint=_("cài poppler: apt-get install poppler-utils")))
    completed = subprocess.run([pdftoppm, "-r", str(resolution), "-f", str(page), "-l", str(page), str(pdf)],
                               capture_output=True, timeout=120)
    image = _png(completed.stdout) if completed.returncode == 0 else None
    if image is None:
        raise ConverterError(Problem(_("không tạo được ảnh trang {page} của {file}", page=page, file=pdf.name)))
    out.write_bytes(image)
    return out


def _png(ppm: bytes) -> bytes | None:
    """A binary PPM (P6, 8 bits) as a PNG; None for anything else."""
    parts = ppm.split(maxsplit=4)
    if len(parts) != 5 or parts[0] != b"P6" or parts[3] != b"255" or not (parts[1].isdigit() and parts[2].isdigit()):
        return None
    width, height, pixels = int(parts[1]), int(parts[2]), parts[4]
    row = width * 3
    if len(pixels) != row * height or not width or not height:
        return None
    # Each scanline after filter type 0 (none): what a page of text compresses well enough with.
    lines = b"".join(b"\x00" + pixels[i * row:(i + 1) * row] for i in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(lines, 1)) + chunk(b"IEND", b""))


def page_count(pdf: Path) -> int | None:
    pdfinfo = shutil.which("pdfinfo")
    if pdfinfo is None:
        return None
    info = subprocess.run([pdfinfo, str(pdf)], capture_output=True, text=True, timeout=60).stdout
    for line in info.splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    return None


def word_boxes(pdf: Path, page: int) -> tuple[float, float, list[tuple[str, float, float, float, float]]]:
    """The page's size and its words in reading order, each with its box (points from the top
    left), as poppler's pdftotext lays them out; ConverterError without pdftotext."""
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        raise ConverterError(Problem(_("không tìm thấy pdftotext"), hint=_("cài poppler: apt-get install poppler-utils")))
    completed = subprocess.run([pdftotext, "-bbox-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
                               capture_output=True, timeout=60)
    from lxml import etree
    root = etree.fromstring(completed.stdout, etree.XMLParser(resolve_entities=False, no_network=True, recover=True))
    namespace = "{http://www.w3.org/1999/xhtml}"
    sheet = root.find(f".//{namespace}page")
    if sheet is None:
        return 0.0, 0.0, []
    words = [(word.text or "", float(word.get("xMin")), float(word.get("yMin")), float(word.get("xMax")),
              float(word.get("yMax"))) for word in sheet.iter(f"{namespace}word")]
    return float(sheet.get("width")), float(sheet.get("height")), words
