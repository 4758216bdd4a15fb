""".docx files → PDF files through LibreOffice headless, in one batch per call.

Each call gets its own throw-away LibreOffice user profile, so conversions can run side by side
and never touch the user's own LibreOffice settings.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from .errors import ConverterError, Problem
from .i18n import N_, _

INSTALL_HINT = N_("cài LibreOffice: apt-get install libreoffice-writer-nogui fonts-liberation")
CANDIDATES = ("soffice", "libreoffice")


def find_soffice() -> str | None:
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def to_pdf(documents: list[Path], out_dir: Path, timeout: float = 180) -> list[Path]:
    """Convert the documents; return the PDF paths. ConverterError when LibreOffice is absent or fails."""
    soffice = find_soffice()
    if soffice is None:
        raise ConverterError(Problem(_("không tìm thấy LibreOffice (soffice) để xuất PDF"), hint=_(INSTALL_HINT)))
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="chuongtrinh-lo-") as profile:
        command = [soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
                   "--convert-to", "pdf", "--outdir", str(out_dir), *map(str, documents)]
        # A session of its own, so a hung soffice.bin child can be killed with its parent.
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True, start_new_session=True)
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except BaseException as e:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            if isinstance(e, subprocess.TimeoutExpired):
                raise ConverterError(Problem(_("LibreOffice không trả lời sau {seconds} giây; đã dừng",
                                                     seconds=f"{timeout:.0f}"))) from e
            raise
    pdfs = [out_dir / f"{document.stem}.pdf" for document in documents]
    missing = [pdf.name for pdf in pdfs if not pdf.is_file()]
    if process.returncode != 0 or missing:
        detail = (stderr or stdout).strip().splitlines()[-1:] or [""]
        raise ConverterError(Problem(_("LibreOffice không xuất được {files}: {detail}",
                                       files=", ".join(missing) or "PDF", detail=detail[0])))
    return pdfs
