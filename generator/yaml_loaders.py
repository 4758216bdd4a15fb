"""The fastest YAML loaders PyYAML offers here: libyaml's (five to ten times faster) when PyYAML was
built with it, else its own. Same documents, same nodes and marks.

Our own data files (profiles, registers, congresses, kinds) are read on every run and change only
with a release: their values are kept in the cache folder, pickled under a hash of the text, so a
run reads the 54 KB of congresses in a fraction of a millisecond instead of parsing it again
(8-30 ms). A province file is never read through here: its values need their lines (read/source.py).
"""
from __future__ import annotations

import hashlib
import pickle
from typing import Any

import yaml

from generator.cache import cache_dir
from generator.errors import ChuongTrinhError
from generator.files import write_atomic

SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
BaseLoader = getattr(yaml, "CBaseLoader", yaml.BaseLoader)


def load_data(text: str) -> Any:
    """A YAML file of ours (data, kinds) as plain values (dates as dates, numbers as numbers)."""
    return _cached(text, SafeLoader)


def load_strings(text: str) -> Any:
    """A YAML file of ours (profiles) with every scalar a string, as the profile model reads it."""
    return _cached(text, BaseLoader)


def _cached(text: str, loader: type) -> Any:
    key = hashlib.sha256(f"{loader.__name__} {yaml.__version__}\n{text}".encode()).hexdigest()
    folder = cache_dir("data")
    path = folder / f"{key}.pickle" if folder is not None else None
    if path is not None:
        try:
            return pickle.loads(path.read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError, TypeError):
            pass        # absent, or cut short by a run stopped while writing it: parsed again
    data = yaml.load(text, Loader=loader)
    if path is not None:
        try:
            write_atomic(path, pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
        except ChuongTrinhError:    # a cache folder that cannot be written: no cache, never an error
            pass
    return data
