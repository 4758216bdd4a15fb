"""data/lhh-mergers.yaml → the day a merged unit's former LHHs became one, if it was by a date.

A unit formed by merger on 1/7/2025 had, for a while, the LHHs of its former provinces side by side;
each then merged them into one LHH of the new unit on a day of its own. A draft dated after that day
reviews the merger as done; one dated before asks for it to be completed.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml


@dataclass(frozen=True)
class LhhMerger:
    date: dt.date               # the day the merger took effect (or was announced, as the note says)
    decision: str | None        # "Quyết định số …, ngày … của Ủy ban nhân dân thành phố Đà Nẵng"
    source: str


@lru_cache(maxsize=None)
def _mergers() -> dict[str, LhhMerger]:
    text = resources.files("generator").joinpath("data/lhh-mergers.yaml").read_text(encoding="utf-8")
    units = yaml.safe_load(text)["units"] or {}
    return {slug: LhhMerger(row["date"], row.get("decision"), row["source"]) for slug, row in units.items()}


def lhh_merged_by(slug: str, date: dt.date) -> LhhMerger | None:
    """The merger of the unit's former LHHs if it had taken place on `date`; None if not, or if no
    source read says when."""
    merger = _mergers().get(slug)
    return merger if merger is not None and merger.date <= date else None
