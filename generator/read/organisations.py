"""data/organisations.yaml + document date → the names of bodies as they were on that date."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from generator.yaml_loaders import load_data


@dataclass(frozen=True)
class BodyName:
    text: str
    unconfirmed: bool


@lru_cache(maxsize=None)
def _table() -> dict:
    text = resources.files("generator").joinpath("data/organisations.yaml").read_text(encoding="utf-8")
    return load_data(text)


def roles() -> tuple[str, ...]:
    """The roles an organisation is named by in the templates ("lhh_party", "office" …)."""
    return tuple(_table()["roles"])


def changeover() -> dt.date:
    return _table()["changeover"]


def names_on(date: dt.date, values: dict[str, str]) -> dict[str, BodyName]:
    """Every role's name on `date`, with {placeholders} filled from `values`.

    A value may itself be a placeholder marker produced by the composer; it is inserted as is.
    """
    table = _table()
    period = "after" if date >= table["changeover"] else "before"
    names = {}
    for role, entry in table["roles"].items():
        names[role] = BodyName(entry[period].format(**values),
                               unconfirmed=period == "after" and entry.get("unconfirmed", False))
    return names
