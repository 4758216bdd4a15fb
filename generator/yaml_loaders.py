"""The fastest YAML loaders PyYAML offers here: libyaml's (five to ten times faster) when PyYAML was
built with it, else its own. Same documents, same nodes and marks.

Our own data files (profiles, registers, congresses, kinds) are read on every run and change only
with a release: their values are kept in the cache folder, pickled under a hash of the text, so a
run reads the 54 KB of congresses in a fraction of a millisecond instead of parsing it again
(8-30 ms). A province file is never read through here: its values need their lines (read/source.py).
"""
from __future__ import annotations

import hashlib
import importlib.util
from functools import cache
from pathlib import Path
from typing import Any

from generator.cache import stored


class InvalidYAML(ValueError):
    """A YAML file of ours that does not parse, with PyYAML's message: its callers say which file,
    without importing PyYAML for its exception classes (a run that parses nothing never imports it)."""


def safe_loader() -> type:
    import yaml
    loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return loader


def base_loader() -> type:
    import yaml
    loader: type = getattr(yaml, "CBaseLoader", yaml.BaseLoader)
    return loader


def load_data(text: str) -> Any:
    """A YAML file of ours (data, kinds) as plain values (dates as dates, numbers as numbers)."""
    return _cached(text, "data")


def load_strings(text: str) -> Any:
    """A YAML file of ours (profiles) with every scalar a string, as the profile model reads it."""
    return _cached(text, "strings")


@cache
def yaml_identity() -> str:
    """The installed PyYAML, from the file that declares its version (and whether libyaml is there):
    read, not imported. What a parse gives is cached under it."""
    spec = importlib.util.find_spec("yaml")
    origin = Path(spec.origin).read_bytes() if spec is not None and spec.origin else b""
    return hashlib.sha256(origin).hexdigest()


def _cached(text: str, kind: str) -> Any:
    def parsed() -> Any:
        import yaml
        try:
            return yaml.load(text, Loader=safe_loader() if kind == "data" else base_loader())
        except yaml.YAMLError as e:
            raise InvalidYAML(str(e)) from e
    return stored("data", hashlib.sha256(f"{kind} {yaml_identity()}\n{text}".encode()).hexdigest(), parsed)
