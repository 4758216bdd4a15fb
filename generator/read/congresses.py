"""data/congresses.yaml → the congresses of a unit's Đảng bộ whose resolutions are in force on a day.

A programme "góp phần thực hiện thắng lợi Nghị quyết Đại hội đại biểu Đảng bộ tỉnh lần thứ …" cites
the last congress held before its date. The congresses of the 63 (term 2020 - 2025) are keyed by the
63's slugs, those of the 34 (term 2025 - 2030) by the 34's. A unit formed by merger has no congress of
its own before its first (lần thứ I, autumn 2025): until then the resolutions in force are those of
its former provinces, each under the name the province had at its congress.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from typing import Any

from generator.read.register import RegisterEntry, predecessors, register_63, unit_on
from generator.shipped import data_file
from generator.yaml_loaders import load_data


@dataclass(frozen=True)
class Congress:
    ordinal: str | None          # "XIX"; None where no source gave it (the draft shows a placeholder)
    term: str                    # "2020 - 2025"
    opened: dt.date | None
    closed: dt.date | None
    source: str

    @property
    def in_force_from(self) -> dt.date:
        """The day its resolution is adopted: the closing day, else the opening day, else the
        opening of the national congress after its round (the provincial congresses of a round elect
        its delegates, so they are held before it)."""
        return self.closed or self.opened or next(n.opened for n in _national() if n.after_round == self.term)


@dataclass(frozen=True)
class NationalCongress:
    ordinal: str                 # "XIII"
    after_round: str             # the provincial round before it: "2020 - 2025"
    opened: dt.date
    closed: dt.date


@cache
def _data() -> dict[str, Any]:
    data: dict[str, Any] = load_data(data_file("congresses.yaml").read_text(encoding="utf-8"))
    return data


@cache
def _congresses() -> dict[str, dict[str, Congress]]:
    data = _data()
    return {register: {slug: Congress(ordinal=row.get("ordinal"), term=row["term"], opened=row.get("opened"),
                                      closed=row.get("closed"), source=row["source"])
                       for slug, row in units.items()}
            for register, units in data["registers"].items()}


@cache
def _national() -> tuple[NationalCongress, ...]:
    return tuple(NationalCongress(row["ordinal"], row["after_round"], row["opened"], row["closed"])
                 for row in _data()["national"])


def national_in_force(date: dt.date) -> str | None:
    """The ordinal of the Party's last national congress closed by `date` ("XIII"); None before the first."""
    held = [congress for congress in _national() if congress.closed <= date]
    return held[-1].ordinal if held else None


def in_force(entry: RegisterEntry, date: dt.date) -> tuple[tuple[RegisterEntry, Congress], ...]:
    """(the unit as named at its congress, the congress) of each resolution in force on `date`:
    one for a unit with a congress of its own by then, one per former province for a unit formed by
    merger before its first congress; () where the data has none (the draft shows a placeholder)."""
    if entry.formed_from:                       # a unit of the 34
        own = _congresses()["34"].get(entry.slug)
        if own is not None and own.in_force_from <= date:
            return ((entry, own),)
        formers = predecessors(entry)
    else:
        formers = (register_63()[entry.slug],)
    held = []
    for former in formers:
        congress = _congresses()["63"].get(former.slug)
        if congress is None or congress.in_force_from > date:
            return ()
        held.append((unit_on(former, congress.in_force_from), congress))
    return tuple(held)


def coming(entry: RegisterEntry, date: dt.date) -> Congress | None:
    """A unit of the 34's own congress of 2025 - 2030 not yet held on `date` (a programme drafted
    before it looks ahead to it: "tiến tới Đại hội … lần thứ I"); None once held, or for the 63."""
    if not entry.formed_from:
        return None
    own = _congresses()["34"].get(entry.slug)
    return own if own is not None and own.in_force_from > date else None


def slugs(register: str) -> frozenset[str]:
    """The units ('63' or '34') the data has a congress for."""
    return frozenset(_congresses()[register])
