"""data/lhh-mergers.yaml → the day a merged unit's former LHHs became one, if it was by a date.

A unit formed by merger on 1/7/2025 had, for a while, the LHHs of its former provinces side by side;
each then merged them into one LHH of the new unit on a day of its own. A draft dated after that day
reviews the merger as done; one dated before asks for it to be completed.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

from generator.shipped import data_file
from generator.yaml_loaders import load_data

# What a source says happened on the day: the merger itself, the decision's announcement, the merged
# LHH's first day of work, or only that it had merged by then.
EVENTS = ("hợp nhất", "công bố", "hoạt động", "đến ngày")


@dataclass(frozen=True)
class LhhMerger:
    date: dt.date
    event: str                  # one of EVENTS: how a draft tells the day
    decision: str | None        # "quyết định của Chủ tịch Ủy ban nhân dân thành phố", as the source names it
    source: str


@cache
def _mergers() -> dict[str, LhhMerger]:
    text = data_file("lhh-mergers.yaml").read_text(encoding="utf-8")
    units = load_data(text)["units"] or {}
    mergers = {slug: LhhMerger(row["date"], row.get("event", "hợp nhất"), row.get("decision"), row["source"])
               for slug, row in units.items()}
    unknown = {slug: m.event for slug, m in mergers.items() if m.event not in EVENTS}
    if unknown:
        raise ValueError(f"data/lhh-mergers.yaml: event not one of {EVENTS}: {unknown}")
    return mergers


def lhh_merged_by(slug: str, date: dt.date) -> LhhMerger | None:
    """The merger of the unit's former LHHs if it had taken place on `date`; None if not, or if no
    source read says when."""
    merger = _mergers().get(slug)
    return merger if merger is not None and merger.date <= date else None
