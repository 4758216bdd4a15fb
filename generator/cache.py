"""What is kept to be used again: in the user's cache folder, what a run can reuse from the last
one (compiled templates, reference documents, our data and the province files as parsed), keyed
by the content it was made from, so that a stale entry is never read (a folder that cannot be made
means no cache, never an error); in memory, what a run computes again and again (`Kept`)."""
from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")
T = TypeVar("T")


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


def stored(folder: str, key: str, make: Callable[[], T], keep: Callable[[T], bool] = lambda _: True) -> T:
    """What `make` gives, kept pickled in the cache folder under `key` (a hash of everything it
    depends on) and read from there the next time; `keep`: whether a value may be kept. An entry
    that does not read back (absent, or cut short by a run stopped while writing it) is made again;
    a folder that cannot be written keeps nothing, never an error."""
    import pickle  # (not by a run that reads nothing kept: a build with nothing to do)

    from generator.errors import ChuongTrinhError
    from generator.files import write_atomic
    found = cache_dir(folder)
    path = found / f"{key}.pickle" if found is not None else None
    if path is not None:
        try:
            value: T = pickle.loads(path.read_bytes())
            return value
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError, TypeError):
            pass
    value = make()
    if path is not None and keep(value):
        try:
            write_atomic(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        except ChuongTrinhError:
            pass
    return value
