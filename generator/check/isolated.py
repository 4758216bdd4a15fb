"""A check run in a process of its own, under a time and a memory limit: what a long-running
program (the workbench) does with a file someone sends it, so that one document can neither
hold up the other requests nor leave the program larger than it was.

The process is forked from a small server process (multiprocessing's "forkserver") that has
imported the checker once: a check starts in milliseconds, from a process with no threads and
nothing of the caller's in memory. What it returns is the Report itself (pickled).
"""
from __future__ import annotations

import multiprocessing
import resource
import traceback
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING

from generator.check.reader import UnreadableDocument
from generator.errors import Problem
from generator.i18n import _, language, set_thread_language

if TYPE_CHECKING:
    from generator.check import Report

TIME_LIMIT = 20          # seconds; the reader's budgets keep any document under five on this machine
MEMORY_LIMIT = 400 * 2**20    # bytes of address space beyond what the process has when it starts

_CONTEXT = multiprocessing.get_context("forkserver")
_CONTEXT.set_forkserver_preload(["generator.check"])


class CheckFailed(RuntimeError):
    """The checker itself failed on a document (a bug): its traceback, for the log."""


def check_isolated(data: bytes, name: str, profile_id: str | None = None, draft: bool = False) -> Report:
    """The conformance report of one .docx given as bytes, made in a process of its own;
    UnreadableDocument when it cannot be read, takes too long or needs too much memory."""
    receiving, sending = _CONTEXT.Pipe(duplex=False)
    process = _CONTEXT.Process(target=_check, args=(sending, data, name, profile_id, draft, language()), daemon=True)
    process.start()
    sending.close()
    try:
        if not receiving.poll(TIME_LIMIT):
            raise _refused(name, _("kiểm tra quá {seconds} giây; văn bản quá phức tạp", seconds=TIME_LIMIT))
        try:
            outcome, value = receiving.recv()
        except (EOFError, OSError):       # killed: by the memory limit, or from outside
            raise _refused(name, _("văn bản cần quá nhiều bộ nhớ để kiểm tra")) from None
    finally:
        receiving.close()
        if process.is_alive():
            process.kill()
        process.join()
    if outcome == "report":
        report: Report = value
        return report
    if outcome == "unreadable":
        raise UnreadableDocument(value)
    if outcome == "memory":
        raise _refused(name, _("văn bản cần quá nhiều bộ nhớ để kiểm tra"))
    raise CheckFailed(value)


def _refused(name: str, reason: str) -> UnreadableDocument:
    return UnreadableDocument(Problem(_("{file}: không đọc được: {reason}", file=name, reason=reason)))


def _check(sending: Connection, data: bytes, name: str, profile_id: str | None, draft: bool, chosen_language: str) -> None:
    """In the child: limit its memory, check, send back what came of it."""
    size = _address_space()
    if size is not None:
        resource.setrlimit(resource.RLIMIT_AS, (size + MEMORY_LIMIT, size + MEMORY_LIMIT))
    set_thread_language(chosen_language)
    from generator.check import Options, check_bytes
    from generator.profiles import load_profile
    try:
        report = check_bytes(data, name, load_profile(profile_id) if profile_id else None, Options(draft=draft))
        sending.send(("report", report))
    except UnreadableDocument as e:
        sending.send(("unreadable", e.problems))
    except MemoryError:
        sending.send(("memory", None))
    except Exception:  # noqa: BLE001 - a bug in the checker: the caller logs it
        sending.send(("error", traceback.format_exc()))
    finally:
        sending.close()


def _address_space() -> int | None:
    """This process's virtual size in bytes (Linux), or None where it cannot be read."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None
