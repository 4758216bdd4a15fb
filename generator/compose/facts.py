"""Province facts → what the templates say of them: the time of a fact in words, the names of
organisations as they were then, and figures grouped by the time they describe.

A fact is told in the words of its own time: an old figure becomes history ("Năm 2011, Liên hiệp
các Hội Khoa học và Kỹ thuật tỉnh Thừa Thiên Huế có …") and the present state a placeholder; a
document is cited as issued, by the committee that issued it, in the Party's number form.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from generator.dates import Period, latest_date_in, period
from generator.profiles import Profile, formats, profile_for
from generator.read import organisations
from generator.read.register import RegisterEntry, unit_at

# Figures older than this many years before the document are history, not the present state.
RECENT_YEARS = 3
# The LHH's figures in the order a sentence tells them; those always asked for when missing.
FIGURES = ("member_associations", "affiliated_units", "clubs", "members", "staff")
REQUIRED = ("member_associations", "members", "staff")
# A Party document number as press pages often write it ("01/CTr-TU"): number, kind, Party series.
PRESS_NUMBER = re.compile(r"\b(\d+)/([A-ZĐ][A-Za-zĐđ]*)-(TW|TU|ĐU)\b")

# A fact, contest or document as the templates see it: a model's values (model_dump).
Data = dict[str, Any]


@dataclass(frozen=True)
class Teller:
    """Facts of one unit told for one document: `entry` the unit the facts are about (a former
    province of a merged unit is its own teller), `as_of` the document's day, `profile` its rules."""

    entry: RegisterEntry
    as_of: dt.date
    profile: Profile
    own: bool = True     # the issuer's own unit: its committee is "Tỉnh ủy", not "Tỉnh ủy Thanh Hóa"

    def when(self, fact: Data | None) -> str:
        """'năm 2019', 'tháng 1/2022', 'ngày 20/01/2022', 'giai đoạn 2018 - 2019'; '' if undated."""
        stated = period(fact.get("as_of")) if fact else None
        return self.phrase(stated) if stated else ""

    def phrase(self, stated: Period) -> str:
        if stated.precision == "day":
            return f"ngày {formats.short_date(self.profile.text, stated.start)}"
        if stated.precision == "month":
            return f"tháng {stated.start.month}/{stated.start.year}"
        if stated.start.year != stated.end.year:
            return f"giai đoạn {stated.start.year} - {stated.end.year}"
        return f"năm {stated.start.year}"

    def lead(self, fact: Data | None, state: bool = False) -> str:
        """The time a sentence opens with, as the fact measures it (`measures`): 'Năm 2019, ' for
        what happened in a year or an event, 'Đến năm 2019, ' for a total as at a time (or a state),
        'Nhiệm kỳ 2016 - 2021, ' for a term's results, 'Từ năm 2011 đến năm 2019, ' for a sum."""
        stated = period(fact.get("as_of")) if fact else None
        if fact is None or stated is None:      # undated ("when" is then "")
            return ""
        when = self.phrase(stated)
        measures = fact.get("measures")
        if measures == "nhiệm kỳ":
            return f"Nhiệm kỳ {stated.start.year} - {stated.end.year}, "
        if measures == "lũy kế":
            return f"Từ năm {stated.start.year} đến năm {stated.end.year}, "
        if measures == "tính đến" or (measures is None and state):
            return f"Đến {when}, "
        return f"{when[:1].upper()}{when[1:]}, "

    def opening(self, fact: Data | None, state: bool = False, at: str = "") -> str:
        """What a sentence about `fact` opens with: where (a former province of a merged unit:
        'Tại tỉnh Hà Giang (trước hợp nhất), ') and when ('năm 2011, ')."""
        lead = self.lead(fact, state)
        if not at:
            return lead
        return f"{at}{lead[:1].lower()}{lead[1:]}" if lead else at

    def chronicle(self, lhh: dict[str, Any], required: bool = True) -> list[dict[str, Any]]:
        """The LHH's organisation in time order: its congress of the time (the latest held by the
        document's date) told among its figure groups, before the first group of its day or later.
        Each item: {"congress": fact} or {"figures": group}."""
        congress = self.latest(lhh.get("congresses") or [])
        stated = period(congress["as_of"]) if congress else None
        held = stated.start if stated else None
        items: list[dict[str, Any]] = []
        for group in self.figure_groups(lhh, required):
            if congress is not None and group["start"] >= held:
                items.append({"congress": congress})
                congress = None
            items.append({"figures": group})
        return items + ([{"congress": congress}] if congress is not None else [])

    def latest(self, facts: list[Data]) -> Data | None:
        """Of dated facts (an LHH's congresses), the latest: the one in force at the document."""
        dated = [(stated.start, fact) for fact in facts or () if (stated := period(fact.get("as_of")))]
        return max(dated, key=lambda pair: pair[0])[1] if dated else None

    def contests_now(self, contests: list[Data]) -> list[str]:
        """The names of the unit's contests, each once, that still fit it: a task for the years ahead
        does not hold a contest under the name of a unit that is no more ("… tỉnh Thừa Thiên Huế" in
        Huế's plan of 2026)."""
        name = self.entry.name
        def fits(text: str) -> bool:
            if self.entry.full_name in text:
                return True
            before, _, after = text.rpartition(" " + name)
            return bool(before) and not after and before.split()[-1].islower()
        return [text for text in dict.fromkeys(contest["name"] for contest in contests or ()) if fits(text)]

    def term_runs(self, congress: Data | None) -> bool:
        """Whether a congress's term still runs in the document's year (its resolution is in force)."""
        term = period((congress or {}).get("term"))
        return term is not None and term.end.year >= self.as_of.year

    @staticmethod
    def chronological(contests: list[Data]) -> list[Data]:
        """Contests in the order they were held (by their years; undated ones last)."""
        def start(contest: Data) -> dt.date:
            stated = period(contest.get("years"))
            return stated.start if stated else dt.date.max
        return sorted(contests or (), key=start)

    @staticmethod
    def same_time(a: Data, b: Data) -> bool:
        """Whether two facts describe the same time ("20/01/2022" and "20/1/2022")."""
        pa, pb = period(a.get("as_of")), period(b.get("as_of"))
        return pa is not None and pb is not None and (pa.start, pa.end) == (pb.start, pb.end)

    def recent(self, fact: Data | None) -> bool:
        stated = period(fact.get("as_of")) if fact else None
        return stated is None or stated.end.year >= self.as_of.year - RECENT_YEARS

    def unit_then(self, fact: Data | None) -> RegisterEntry:
        """The unit as it was when the fact was true (the current one if undated or unknown)."""
        when = _day_of(fact)
        if when is None:
            return self.entry
        return unit_at(self.entry, when, organisations.changeover()) or self.entry

    def lhh_then(self, fact: Data | None) -> str:
        return organisations.lhh_full(self.unit_then(fact).full_name)

    def lhh_short_then(self, fact: Data | None) -> str:
        """The LHH of the fact's time said again, short: "Liên hiệp Hội tỉnh Thừa Thiên Huế"."""
        return organisations.lhh_short(self.unit_then(fact).full_name)

    def committee_then(self, fact: Data | None) -> str:
        """The committee of the unit as it was then; a document does not name its own issuer in
        full ("Ban Thường vụ Tỉnh ủy", not "… Tỉnh ủy Thanh Hóa" in Thanh Hóa's programme)."""
        then = self.unit_then(fact)
        if self.own and then.committee == self.entry.committee:
            return then.committee_word
        return then.committee

    def issuer(self, document: Data | None) -> str:
        """Who issued a document of the committee: its Ban Thường vụ unless the source says the
        committee itself ("Chương trình hành động số 08 của Tỉnh ủy")."""
        committee = self.committee_then(document)
        if document and document.get("issued_by") == "Ban Chấp hành":
            return committee
        return f"Ban Thường vụ {committee}"

    def cited(self, text: str, fact: Data | None = None) -> str:
        """A document named as press pages write it, in the Party's number form ("01/CTr-TU" →
        "01-CTr/TU"), under the rules in force when it was issued."""
        rules = profile_for("party", _day_of(fact) or self.as_of).text

        def party_form(match: re.Match[str]) -> str:
            return formats.document_number(rules, int(match[1]), match[2], match[3])
        return PRESS_NUMBER.sub(party_form, text)

    def figure_groups(self, lhh: dict[str, Any], required: bool = True) -> list[dict[str, Any]]:
        """The LHH's figures as sentences to write: history first (old figures, with the LHH's name
        of their time), then the present (recent figures by date, then undated ones and the
        placeholders for what is missing, unless not `required`). Each group: lead, name (None: the
        document's short name), history, facts (field → fact, None = a placeholder)."""
        present: dict[str, Any] = {field: lhh.get(field) for field in FIGURES if lhh.get(field) is not None}
        groups: dict[tuple[bool, dt.date], dict[str, Any]] = {}
        for field, fact in present.items():
            history = not self.recent(fact)
            stated = period(fact.get("as_of"))
            key = (not history, stated.start if stated else dt.date.max)
            group = groups.setdefault(key, {
                "lead": self.lead(fact, state=not history), "history": history, "facts": {}, "start": key[1],
                "name": self.lhh_then(fact) if history else None})
            group["facts"][field] = fact
        current = [key for key, group in groups.items() if not group["history"]]
        missing = [field for field in REQUIRED if required and (field not in present or not self.recent(present[field]))]
        if missing:
            undated = groups.setdefault((True, dt.date.max), {"lead": "", "history": False, "facts": {}, "name": None,
                                                              "start": dt.date.max})
            if any(groups[key]["history"] for key in groups) and not current:
                undated["lead"] = "Hiện nay, "
            for field in missing:
                undated["facts"].setdefault(field, None)
        ordered = [groups[key] for key in sorted(groups)]
        for group in ordered:
            group["facts"] = {field: group["facts"][field] for field in FIGURES if field in group["facts"]}
        return ordered


def _day_of(fact: Data | None) -> dt.date | None:
    """The day a fact (as the templates see it) describes: its `as_of`, else a day its text names."""
    if not fact:
        return None
    stated = period(fact.get("as_of"))
    if stated is not None:
        return stated.end
    return latest_date_in(fact["value"]) if isinstance(fact.get("value"), str) else None
