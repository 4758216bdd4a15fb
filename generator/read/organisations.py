"""data/organisations.yaml + document date → the names of bodies as they were on that date."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from typing import Any

from generator.shipped import data_file
from generator.yaml_loaders import load_data


@dataclass(frozen=True)
class BodyName:
    text: str
    unconfirmed: bool


# The provincial Liên hiệp các Hội Khoa học và Kỹ thuật, by the place it belongs to: in full, and as a
# document says it again once named ("Liên hiệp Hội tỉnh", "Liên hiệp Hội tỉnh Thừa Thiên Huế").
LHH_FULL = "Liên hiệp các Hội Khoa học và Kỹ thuật"
LHH_SHORT = "Liên hiệp Hội"


def lhh_full(place: str) -> str:
    """"Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh An Giang" (a province's own `lhh.name` wins)."""
    return f"{LHH_FULL} {place}"


def lhh_short(place: str) -> str:
    """"Liên hiệp Hội tỉnh", "Liên hiệp Hội tỉnh Thừa Thiên Huế (cũ)"."""
    return f"{LHH_SHORT} {place}"


@cache
def _table() -> dict[str, Any]:
    table: dict[str, Any] = load_data(data_file("organisations.yaml").read_text(encoding="utf-8"))
    return table


def roles() -> tuple[str, ...]:
    """The roles an organisation is named by in the templates ("lhh_party", "office" …)."""
    return tuple(_table()["roles"])


def changeover() -> dt.date:
    """The day the 34 units replaced the 63 (1/7/2025)."""
    changeover: dt.date = _table()["changeover"]
    return changeover


def streamlined() -> dt.date:
    """The day by which every province had ended its đảng đoàn and ban cán sự đảng (1/3/2025):
    from then on, no party body of the HĐND, the UBND or the LHH is named."""
    streamlined: dt.date = _table()["streamlined"]
    return streamlined


def names_on(date: dt.date, values: dict[str, str], slug: str = "") -> dict[str, BodyName]:
    """Every role's name on `date` for the unit `slug`, with {placeholders} filled from `values`.

    A value may itself be a placeholder marker produced by the composer; it is inserted as is.
    A name unconfirmed in general is sure in the units a source confirms it for (`confirmed_in`).
    """
    names = {}
    for role, periods in _table()["roles"].items():
        held = [period for period in periods if period.get("from", dt.date.min) <= date][-1]
        unconfirmed = held.get("unconfirmed", False) and slug not in held.get("confirmed_in", {})
        names[role] = BodyName(held["name"].format(**values), unconfirmed=unconfirmed)
    return names
