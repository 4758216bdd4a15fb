"""What is kept to be used again: in the user's cache folder, what a run can reuse from the last
one (compiled templates, reference documents, our data and the province files as parsed), keyed
by the content it was made from, so that a stale entry is never read (a folder that cannot be made
means no cache, never an error); in memory, what a run computes again and again (`Kept`)."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class Kept(dict[K, V], Generic[K, V]):
    """Results of a pure function kept by everything they depend on, for a run (a batch's drafts
    share most of their paragraphs): at most `limit` of them, emptied when full, so that a
    long-running process holds no more. A result kept is never changed after."""

    def __init__(self, limit: int):
        super().__init__()
        self.limit = limit

    def keep(self, key: K, value: V) -> V:
        if len(self) >= self.limit:
            self.clear()
        self[key] = value
        return value


def cache_dir(name: str) -> Path | None:
    folder = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "chuongtrinh" / name
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder
