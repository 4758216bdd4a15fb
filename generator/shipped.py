"""Where the files shipped with the package lie: generator/data, generator/profiles, and the
templates (templates/ in the repository, generator/templates once installed).

Paths from the package's own location: importlib.resources would say the same of a package
installed as files, at the cost of its import (about 10 ms of every run's start)."""
from __future__ import annotations

import importlib.util
from pathlib import Path

PACKAGE = Path(__file__).parent


def data_file(name: str) -> Path:
    """A file of generator/data ("congresses.yaml")."""
    return PACKAGE / "data" / name


def templates_dir() -> Path:
    """The folder of the document kinds' templates: setup.cfg maps the package generator.templates
    onto the repository's templates/, which an editable install finds through its own finder."""
    spec = importlib.util.find_spec("generator.templates")
    assert spec is not None and spec.submodule_search_locations, "generator.templates is part of the package"
    return Path(next(iter(spec.submodule_search_locations)))
