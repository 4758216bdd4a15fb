"""Inputs and outputs of a build → DIR/manifest.json: what was built from what, stably sorted.

The manifest is what makes rebuilds incremental (same inputs, same output file → nothing to
do) and hand edits safe (an output whose hash is not the one recorded was changed by someone).
It holds no timestamps, so the same build gives the same manifest.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from generator import __version__

NAME = "manifest.json"
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
    files = [path for path in sorted(templates.rglob("*")) + sorted(PACKAGE_DIR.rglob("*"))
             if "__pycache__" not in path.parts and path.is_file()]
    stamps = tuple((str(path), stat.st_size, stat.st_mtime_ns) for path in files if (stat := path.stat()))
    key = (str(templates), kind)
    if _SHARED.get(key, (None,))[0] != stamps:
        digest = hashlib.sha256(f"chuongtrinh {__version__}\0{kind}\0".encode())
        for path in files:
            digest.update(str(path.relative_to(path.parent.parent)).encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
        _SHARED[key] = (stamps, digest.hexdigest())
    return _SHARED[key][1]


_SHARED: dict[tuple[str, str], tuple[tuple, str]] = {}


def inputs_sha256(source_bytes: bytes, shared: str) -> str:
    return sha256(shared.encode() + b"\0" + source_bytes)


def load(out_dir: Path) -> dict[str, Entry]:
    """The entries of DIR/manifest.json; an absent or unreadable manifest is an empty one
    (every existing output then counts as unknown and is protected, never overwritten)."""
    try:
        data = json.loads((out_dir / NAME).read_text(encoding="utf-8"))
        return {item["slug"]: Entry(**item) for item in data["provinces"]}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def dumps(entries: dict[str, Entry]) -> str:
    """The manifest, one province per line. It is written again after every document of a build
    (crash safety, see Entry.replaced_sha256), so it is encoded by json's C encoder, which an
    indented dump would not use."""
    lines = [json.dumps(vars(entries[slug]), ensure_ascii=False, sort_keys=True) for slug in sorted(entries)]
    head = json.dumps({"format": FORMAT, "generator": f"chuongtrinh {__version__}"}, ensure_ascii=False)
    return head[:-1] + ', "provinces": [\n' + ",\n".join(lines) + "\n]}\n"
