"""data/central-documents.yaml + a date → the later central documents a programme may cite then."""
from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

from generator.shipped import data_file
from generator.yaml_loaders import load_data


@cache
def _documents() -> tuple[dict[str, Any], ...]:
    text = data_file("central-documents.yaml").read_text(encoding="utf-8")
    return tuple(load_data(text)["documents"])


def _in_force(date: dt.date) -> list[dict[str, Any]]:
    """The central documents issued before `date` and not replaced by one issued by then, oldest first."""
    issued = {document["key"]: document for document in _documents() if document["date"] < date}
    return [document for document in sorted(issued.values(), key=lambda d: d["date"])
            if document.get("replaced_by") not in issued]


def issued_before(date: dt.date, where: str = "requirements") -> list[str]:
    """How each central document in force at `date` that a programme cites `where` ("requirements",
    "tasks") is cited, oldest first."""
    return [document["cite"] for document in _in_force(date)
            if where in document.get("cited_in", ("requirements", "tasks"))]


def cited_by_key(date: dt.date) -> dict[str, str]:
    """Each central document in force at `date`, by key ("qd14", "kl230"), as it is cited: for a
    template that applies one's rule."""
    return {document["key"]: document["cite"] for document in _in_force(date)}
