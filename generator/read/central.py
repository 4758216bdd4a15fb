"""data/central-documents.yaml + a date → the later central documents a programme may cite then."""
from __future__ import annotations

import datetime as dt
from functools import lru_cache
from importlib import resources

from generator.yaml_loaders import load_data


@lru_cache(maxsize=None)
def _documents() -> tuple[dict, ...]:
    text = resources.files("generator").joinpath("data/central-documents.yaml").read_text(encoding="utf-8")
    return tuple(load_data(text)["documents"])


def issued_before(date: dt.date) -> list[str]:
    """How each central document issued before `date` is cited, oldest first."""
    return [document["cite"] for document in sorted(_documents(), key=lambda d: d["date"]) if document["date"] < date]
