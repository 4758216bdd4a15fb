"""The user's cache folder for what a run can reuse from the last one (compiled templates,
reference documents, our data and the province files as parsed). Everything in it is keyed by the content it was made from, so a stale
entry is never read; a folder that cannot be made means no cache, never an error."""
from __future__ import annotations

import os
from pathlib import Path


def cache_dir(name: str) -> Path | None:
    folder = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "chuongtrinh" / name
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder
