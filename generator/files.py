"""Bytes → files, atomically: the only way this tool writes anything a user keeps."""
from __future__ import annotations

import errno
import itertools
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from generator.errors import ChuongTrinhError, Location, Problem, relative
from generator.i18n import _


class WriteError(ChuongTrinhError):
    """A file the tool must write cannot be: a read-only folder, a full disk. The user's to fix,
    not a bug."""

    def __init__(self, path: Path, error: OSError):
        reasons = {errno.ENOSPC: _("ổ đĩa đã đầy"), errno.EDQUOT: _("đã hết hạn mức dung lượng"),
                   errno.EROFS: _("ổ đĩa chỉ đọc"), errno.EACCES: _("không có quyền ghi"),
                   errno.EPERM: _("không có quyền ghi")}
        reason = reasons.get(error.errno or 0, error.strerror or str(error))
        super().__init__(Problem(_("không ghi được: {reason}", reason=reason), Location(relative(path)),
                                 _("chọn thư mục khác (-o) hoặc giải phóng chỗ trống rồi chạy lại")))


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` via a temporary file in the same directory and a rename. A file
    that is there keeps its permissions (0600 stays 0600), and a symbolic link stays a link: the
    file it names is the one replaced. WriteError, in the user's words, when the folder is
    read-only or the disk is full."""
    target = path.resolve() if path.is_symlink() else path
    try:
        mode = target.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = 0o644
    temporary = None
    try:
        descriptor, temporary = _temporary(target)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except OSError as e:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
        raise WriteError(path, e) from e
    except BaseException:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
        raise


_TEMPORARIES = itertools.count()


def _temporary(target: Path) -> tuple[int, str]:
    """A new file beside `target`, named .<stem>.<pid>-<n>.tmp (what remove_temporaries finds
    after a run killed midway), created exclusively: never a file or link already there.
    (tempfile.mkstemp draws a random name for each: a third of the time of writing a draft.)"""
    while True:
        name = str(target.parent / f".{target.stem}.{os.getpid()}-{next(_TEMPORARIES)}.tmp")
        try:
            return os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600), name
        except FileExistsError:
            continue


@contextmanager
def staging_folder(out_dir: Path, prefix: str) -> Iterator[Path]:
    """A hidden temporary folder inside out_dir, whose files are renamed into out_dir (a rename
    within one file system is atomic); WriteError when out_dir cannot be written."""
    import shutil
    import tempfile  # (these two: only for what needs them, not at every start)
    try:
        folder = tempfile.mkdtemp(prefix=prefix, dir=out_dir)
    except OSError as e:
        raise WriteError(out_dir, e) from e
    try:
        yield Path(folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def ensure_folder(folder: Path) -> None:
    """The output folder made if need be, or WriteError saying why it cannot be."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise WriteError(folder, e) from e


def remove_temporaries(out_dir: Path) -> None:
    """Temporaries left by a run that was killed before it could clean up."""
    for leftover in out_dir.glob(".*.tmp"):
        leftover.unlink(missing_ok=True)
    for staging in out_dir.glob(".pdf-*"):      # a PDF conversion's folder (pdf.py): .pdf-<pid>-…
        if not _running(staging.name.split("-")[1]):    # never one a live process is still using
            import shutil
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
    import tempfile
    descriptor, name = tempfile.mkstemp(prefix=f"chuongtrinh-loi-{time.strftime('%Y%m%d-%H%M%S')}-", suffix=".log")
    with os.fdopen(descriptor, "w", encoding="utf-8") as log:
        log.write(details)
    return Path(name)
