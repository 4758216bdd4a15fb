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


def _in_force(date: dt.date) -> list[dict]:
    """The central documents issued before `date` and not replaced by one issued by then, oldest first."""
    issued = {document["key"]: document for document in _documents() if document["date"] < date}
    return [document for document in sorted(issued.values(), key=lambda d: d["date"])
            if document.get("replaced_by") not in issued]


def issued_before(date: dt.date, tasks: bool = False) -> list[str]:
    """How each central document in force at `date` is cited, oldest first; with `tasks`, only those
    whose carrying out the LHH takes part in (not one on the organisation of the hội themselves:
    `in_tasks: false`)."""
    return [document["cite"] for document in _in_force(date) if not tasks or document.get("in_tasks", True)]


def keys_in_force(date: dt.date) -> set[str]:
    """The keys of the central documents in force at `date` ("kl230"), for a template that applies
    one's rule."""
    return {document["key"] for document in _in_force(date)}
