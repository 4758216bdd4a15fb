"""Warm LibreOffice converters: each started once per process, then converting one document at a
time in about a tenth of a second, where `soffice --convert-to` pays a second or more of start-up
on every call.

A converter is LibreOffice plus uno_bridge.py, run by a Python that has LibreOffice's `uno`
module (Debian's python3-uno): rarely the Python chuongtrinh runs in. Without one, pdf.py falls
back to `soffice --convert-to`. Converters live until the process ends; if it is killed, the
bridge sees its input close and ends LibreOffice.
"""
from __future__ import annotations

import atexit
import itertools
import json
import os
import queue
import shutil
import signal
import subprocess
import tempfile
import threading
from functools import cache
from pathlib import Path
from typing import Any

from generator.errors import ConverterError, Problem
from generator.i18n import _

BRIDGE = Path(__file__).with_name("uno_bridge.py")
PYTHON_CANDIDATES = ("/usr/bin/python3", "python3")
_numbers = itertools.count()


@cache
def uno_python(soffice: str) -> str | None:
    """A Python that can import `uno`: $CHUONGTRINH_UNO_PYTHON, the system's, or the one
    LibreOffice ships beside soffice (Windows, macOS); None when there is none (or
    CHUONGTRINH_UNO_PYTHON is empty: the warm converters are then not used)."""
    chosen = os.environ.get("CHUONGTRINH_UNO_PYTHON")
    if chosen is not None:
        candidates = [chosen] if chosen else []
    else:
        beside = Path(os.path.realpath(soffice)).parent
        candidates = [*PYTHON_CANDIDATES, str(beside / "python"), str(beside / "python.exe")]
    for candidate in candidates:
        found = shutil.which(candidate)
        if found is None:
            continue
        try:
            probe = subprocess.run([found, "-c", "import uno"], capture_output=True, timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            continue
        if probe.returncode == 0:
            return found
    return None


class Converter:
    """One warm LibreOffice with its own throw-away user profile."""

    def __init__(self, soffice: str, python: str, timeout: float):
        self.profile = tempfile.mkdtemp(prefix="chuongtrinh-lo-")
        pipe = f"chuongtrinh-{os.getpid()}-{next(_numbers)}"
        # A session of its own: a hung LibreOffice is killed with the bridge, its parent.
        self.process = subprocess.Popen(
            [python, str(BRIDGE), soffice, pipe, Path(self.profile).as_uri()], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, encoding="utf-8",
            start_new_session=True)
        # (Asked for above: a converter talks through both.)
        assert self.process.stdin is not None and self.process.stdout is not None
        self.stdin, self.stdout = self.process.stdin, self.process.stdout
        self.key: tuple[str, str, int] | None = None    # how it was started: Converters lends it again alike
        _LIVE.add(self)
        self.replies: queue.Queue[dict[str, Any]] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        reply = self._reply(timeout)
        if not reply.get("ready"):
            self.close()
            raise ConverterError(Problem(_("LibreOffice không khởi động được: {detail}",
                                           detail=reply.get("error", ""))))

    def _read(self) -> None:
        for line in self.stdout:
            try:
                self.replies.put(json.loads(line))
            except ValueError:
                continue
        self.replies.put({"error": _("LibreOffice đã dừng")})

    def _reply(self, timeout: float) -> dict[str, Any]:
        try:
            return self.replies.get(timeout=timeout)
        except queue.Empty:
            self.kill()
            raise ConverterError(Problem(_("LibreOffice không trả lời sau {seconds} giây; đã dừng",
                                           seconds=f"{timeout:.0f}"))) from None

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    def convert(self, source: Path, target: Path, timeout: float) -> None:
        """source .docx → target .pdf; ConverterError (the converter is then stopped if it hung)."""
        try:
            self.stdin.write(json.dumps({"in": str(source.resolve()), "out": str(target.resolve())}) + "\n")
            self.stdin.flush()
        except OSError:
            self.kill()
            raise ConverterError(Problem(_("LibreOffice đã dừng"))) from None
        reply = self._reply(timeout)
        if "error" in reply:
            raise ConverterError(Problem(_("LibreOffice không xuất được {files}: {detail}", files=source.name,
                                           detail=reply["error"])))

    def close(self) -> None:
        """End LibreOffice the polite way (end of input), killing it if it does not go."""
        if self.alive:
            try:
                self.stdin.close()
                self.process.wait(timeout=30)
            except (OSError, subprocess.TimeoutExpired):
                pass
        self.kill()

    def kill(self) -> None:
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        self.process.wait()
        _LIVE.discard(self)
        shutil.rmtree(self.profile, ignore_errors=True)


# Every converter not yet ended, lent or idle: what `abort` ends at once.
_LIVE: set[Converter] = set()


def abort() -> None:
    """End every converter of this process now, those starting and those converting included:
    a conversion stopped by Ctrl-C or SIGTERM does not wait for LibreOffice to answer (the
    threads waiting on them are told it stopped)."""
    for converter in list(_LIVE):
        converter.kill()


class Converters:
    """The warm converters of this process, lent one at a time to whoever converts."""

    def __init__(self) -> None:
        self.idle: dict[tuple[str, str, int], list[Converter]] = {}
        self.lock = threading.Lock()

    def borrow(self, soffice: str, python: str, timeout: float) -> Converter:
        """An idle converter started the same way, in the same environment (fonts are chosen by
        fontconfig's variables, among others), or a new one; those started otherwise are ended."""
        key = (soffice, python, hash(frozenset(os.environ.items())))
        with self.lock:
            stale = [c for other, group in self.idle.items() if other != key for c in group]
            idle = self.idle.get(key, [])
            self.idle = {key: idle}
            converter = None
            while idle and converter is None:
                candidate = idle.pop()
                if candidate.alive:
                    converter = candidate
                else:
                    stale.append(candidate)
        for old in stale:
            old.close()
        if converter is None:
            converter = Converter(soffice, python, timeout)
            converter.key = key
        return converter

    def give_back(self, converter: Converter) -> None:
        """Kept for the next conversion; beyond one per core (a burst of previews can start
        more), ended: each holds a LibreOffice of 100 MB or more."""
        with self.lock:
            idle = self.idle.setdefault(converter.key, []) if converter.key is not None else []
            keep = converter.key is not None and converter.alive and len(idle) < (os.cpu_count() or 1)
            if keep:
                idle.append(converter)
        if not keep:
            converter.close()

    def close(self) -> None:
        """Every idle converter ended (those lent out end with the process)."""
        with self.lock:
            idle, self.idle = [c for group in self.idle.values() for c in group], {}
        for converter in idle:
            converter.close()


CONVERTERS = Converters()
atexit.register(CONVERTERS.close)
