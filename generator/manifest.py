"""Inputs and outputs of a build → DIR/manifest.json: what was built from what, stably sorted.

The manifest is what makes rebuilds incremental (same inputs, same output file → nothing to
do) and hand edits safe (an output whose hash is not the one recorded was changed by someone).
It holds no timestamps, so the same build gives the same manifest.

While a build runs, each document's entry is appended to DIR/.manifest.journal before its file is
written (see Entry.replaced_sha256), and the manifest is written once, at the end, from both: a
build of n documents writes n lines, not n manifests of up to n entries. A build that was killed
leaves its journal, which `load` reads over the manifest.
"""
from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from stat import S_ISREG

from generator import __version__
from generator.cache import cache_dir
from generator.files import WriteError, write_atomic

NAME = "manifest.json"
JOURNAL = ".manifest.journal"
FORMAT = 1
PACKAGE_DIR = Path(__file__).resolve().parent


@dataclass
class Entry:
    """One province's line in the manifest."""

    slug: str
    status: str                      # "ok", "failed", "nonconforming" (written, flagged by check)
                                     # or "hand-edited" (new draft written beside)
    source: str
    output: str | None = None
    output_sha256: str | None = None
    inputs_sha256: str | None = None
    placeholders: int = 0
    errors: list[str] = field(default_factory=list)
    # The hash of the output this one replaced: recorded before the new file is renamed into
    # place, so a build killed between the two steps still recognises the file as its own.
    replaced_sha256: str | None = None
    unconfirmed: list[str] = field(default_factory=list)   # names of organisations still to confirm

    def owns(self, data: bytes) -> bool:
        """Whether `data` is an output this tool wrote (not a file edited by hand)."""
        return sha256(data) in {self.output_sha256, self.replaced_sha256} - {None}


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def shared_inputs_sha256(templates: Path, kind: str) -> str:
    """One hash over everything besides the province file that shapes a document of `kind`: the
    templates, the profiles and data files, and the generator's own code and version. Kept while
    no file changes (by its size and time of change): a long-running workbench sees a template
    edited meanwhile, a command pays for the hash once."""
    found = _files(templates) + _files(PACKAGE_DIR)
    files = [path for path, _ in found]
    stamps = tuple((str(path), stat.st_size, stat.st_mtime_ns) for path, stat in found)
    key = (str(templates), kind)
    if _SHARED.get(key, (None,))[0] != stamps:
        _SHARED[key] = (stamps, _kept(stamps, kind) or _digest(files, stamps, kind))
    return _SHARED[key][1]


def _digest(files: list[Path], stamps: Stamps, kind: str) -> str:
    digest = hashlib.sha256(f"chuongtrinh {__version__}\0{kind}\0".encode())
    for path in files:
        digest.update(str(path.relative_to(path.parent.parent)).encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    found = digest.hexdigest()
    folder = cache_dir("inputs")
    # A file changed in the last seconds may change again within the clock's step with the same
    # size (git's "racy" files): its stamp does not yet tell its content, nothing is kept.
    latest = max((stamp[2] for stamp in stamps), default=0)
    if folder is not None and latest < time.time_ns() - RACY_NS:
        try:
            write_atomic(folder / _stamped(stamps, kind), found.encode())
        except WriteError:       # a cache folder that cannot be written: no cache, never an error
            pass
    return found


RACY_NS = 3_000_000_000


def _kept(stamps: Stamps, kind: str) -> str | None:
    """The hash an earlier run made of files with these very sizes and times of change (as git
    trusts a file's stat not to change without its content), from the cache folder: kept as text,
    not through cache.stored (a build with nothing to do would import pickle for one string)."""
    folder = cache_dir("inputs")
    try:
        found = (folder / _stamped(stamps, kind)).read_text(encoding="ascii") if folder is not None else ""
    except (OSError, UnicodeDecodeError):
        return None
    return found if len(found) == 64 else None


def _stamped(stamps: Stamps, kind: str) -> str:
    return sha256(repr((__version__, kind, stamps)).encode())


# (path, size, time of change) of each file that shapes a document
Stamps = tuple[tuple[str, int, int], ...]
_SHARED: dict[tuple[str, str], tuple[Stamps, str]] = {}


def _files(folder: Path) -> list[tuple[Path, os.stat_result]]:
    """Every file under `folder` but Python's byte-code folders, in path order, with its stat: one
    walk that reads each folder once and never enters a __pycache__ (a walk of the paths, with a
    look at each, took most of a build with nothing to do)."""
    found = []
    for root, folders, names in os.walk(folder):
        folders[:] = [name for name in folders if name != "__pycache__"]
        for name in names:
            path = Path(root, name)
            try:
                stat = path.stat()
            except OSError:
                continue
            if S_ISREG(stat.st_mode):
                found.append((path, stat))
    return sorted(found, key=lambda item: item[0])


def inputs_sha256(source_bytes: bytes, shared: str) -> str:
    return sha256(shared.encode() + b"\0" + source_bytes)


def load(out_dir: Path) -> dict[str, Entry]:
    """The entries of DIR/manifest.json, with those a build killed before its end left in the
    journal; an absent or unreadable manifest is an empty one (every existing output then counts
    as unknown and is protected, never overwritten)."""
    try:
        data = json.loads((out_dir / NAME).read_text(encoding="utf-8"))
        entries = {item["slug"]: Entry(**item) for item in data["provinces"]}
    except (OSError, ValueError, KeyError, TypeError):
        entries = {}
    try:
        lines = (out_dir / JOURNAL).read_text(encoding="utf-8").splitlines()
    except (OSError, ValueError):
        return entries
    for line in lines:
        try:
            entry = Entry(**json.loads(line))
        except (ValueError, TypeError):
            continue          # the line a kill cut short: its document was not written after it
        entries[entry.slug] = entry
    return entries


class Journal:
    """The manifest of one build as it goes: `record` appends an entry, `close` writes the manifest
    (also for a journal an earlier build left) and removes the journal."""

    def __init__(self, out_dir: Path, entries: dict[str, Entry]):
        self.path, self.manifest, self.entries = out_dir / JOURNAL, out_dir / NAME, entries

    def record(self, slug: str) -> None:
        line = _line(self.entries[slug]) + "\n"
        try:
            descriptor = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
            try:
                os.write(descriptor, line.encode("utf-8"))
            finally:
                os.close(descriptor)
        except OSError as e:
            raise WriteError(self.path, e) from e

    def close(self) -> None:
        if self.path.exists():
            write_atomic(self.manifest, dumps(self.entries).encode("utf-8"))
            self.path.unlink(missing_ok=True)


def _line(entry: Entry) -> str:
    """One entry as the manifest and the journal write it."""
    return json.dumps(vars(entry), ensure_ascii=False, sort_keys=True)


def dumps(entries: dict[str, Entry]) -> str:
    """The manifest, one province per line (json's C encoder, which an indented dump would not use)."""
    lines = [_line(entries[slug]) for slug in sorted(entries)]
    head = json.dumps({"format": FORMAT, "generator": f"chuongtrinh {__version__}"}, ensure_ascii=False)
    return head[:-1] + ', "provinces": [\n' + ",\n".join(lines) + "\n]}\n"
