"""Bytes → files, atomically: the only way this tool writes anything a user keeps."""
from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` via a temporary file in the same directory and a rename."""
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def remove_temporaries(out_dir: Path) -> None:
    """Temporaries left by a run that was killed before it could clean up."""
    for leftover in out_dir.glob(".*.tmp"):
        leftover.unlink(missing_ok=True)
    for staging in out_dir.glob(".pdf-*"):      # a PDF conversion's folder (pdf.py): .pdf-<pid>-…
        if not _running(staging.name.split("-")[1]):    # never one a live process is still using
            shutil.rmtree(staging, ignore_errors=True)


def _running(pid: str) -> bool:
    if not pid.isascii() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def internal_error_log(details: str) -> Path:
    """A new log file of the user's own, in the temporary folder, holding what a bug left
    (a traceback): a name no one else can have prepared (O_EXCL, never a link followed), readable
    by the user alone."""
    descriptor, name = tempfile.mkstemp(prefix=f"chuongtrinh-loi-{time.strftime('%Y%m%d-%H%M%S')}-", suffix=".log")
    with os.fdopen(descriptor, "w", encoding="utf-8") as log:
        log.write(details)
    return Path(name)
