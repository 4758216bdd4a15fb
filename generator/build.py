"""Province files → output/<slug>.docx, one province at a time, each failure kept to itself.

The only module that writes outputs: every file is written to a temporary name in the
output directory and renamed, so an interrupted build never leaves a half-written .docx.
"""
from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .compose import Kind, compose, load_kind
from .docx_writer import write_docx
from .errors import ChuongTrinhError, Problem
from .model import load_province
from .profile import load_profile


@dataclass
class BuildResult:
    """What happened to one province file."""

    source: Path
    output: Path | None = None
    placeholders: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def build_one(source: Path, out_dir: Path, kind: Kind | None = None, profile_id: str = "hd36") -> BuildResult:
    """Build one province file; user errors are returned in the result, never raised."""
    result = BuildResult(source)
    try:
        province = load_province(source)
        document = compose(province, kind or load_kind())
        data = write_docx(document, load_profile(profile_id))
    except ChuongTrinhError as e:
        result.problems = e.problems
        return result
    result.output = out_dir / f"{province.entry.slug}.docx"
    result.placeholders = document.placeholder_labels()
    write_atomic(result.output, data)
    return result


def build_all(sources: list[Path], out_dir: Path, profile_id: str = "hd36"):
    """Build every source in order, yielding each result as soon as it is done."""
    out_dir.mkdir(parents=True, exist_ok=True)
    kind = load_kind()
    for source in sources:
        yield build_one(source, out_dir, kind, profile_id)


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` via a temporary file in the same directory and a rename."""
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
