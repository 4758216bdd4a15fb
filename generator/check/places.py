"""Which province-level unit a document's issuer, date line and storage line name, by the register
in force on the document's date; and which committee ("Tỉnh ủy", "Thành ủy" …) its issuer is."""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from functools import lru_cache

from generator.check.structure import Located, Structure, comparable, plain
from generator.read import organisations
from generator.read.register import DISTRICT_COMMITTEES, RegisterEntry, register_63, register_on

# Party committees as issuers and storage lines name them: those of the register's units and
# districts, and the đảng ủy of a commune or an agency.
_COMMITTEES = sorted({comparable(unit.committee_word) for unit in register_63().values()}
                     | {comparable(word) for _, word in DISTRICT_COMMITTEES} | {"ĐẢNG ỦY"})
COMMITTEE = re.compile(rf"\b(?:{'|'.join(map(re.escape, _COMMITTEES))})\b")
_CITY = r"(?:THÀNH PHỐ|TP\.?)"


@lru_cache(maxsize=64)     # a batch holds a few dates; a corpus of documents, more
def _units(date: dt.date) -> dict[str, RegisterEntry]:
    """The units in force on `date` by their names in capitals."""
    return {comparable(unit.name): unit for unit in register_on(date, organisations.changeover()).values()}


@lru_cache(maxsize=64)
def _ending_with_unit(date: dt.date) -> re.Pattern[str]:
    """A line ending in a unit's name after the word that makes it one: "TỈNH THANH HÓA",
    "TỈNH ỦY THANH HÓA", "THÀNH PHỐ HỒ CHÍ MINH", "UBND TP. HÀ NỘI"."""
    names = "|".join(re.escape(name) for name in sorted(_units(date), key=len, reverse=True))
    return re.compile(rf"(?:\bTỈNH|{_CITY}|\bỦY)\s*({names})[\s.,;:]*$")


def unit_in(line: str, date: dt.date) -> RegisterEntry | None:
    """The unit a header or storage line names at its end, if any."""
    match = _ending_with_unit(date).search(comparable(line))
    return _units(date)[match[1]] if match else None


def unit_of_place(place: str, date: dt.date) -> RegisterEntry | None:
    """The unit a date line's place names ("Thanh Hóa", "TP. Hồ Chí Minh"), if it names one."""
    name = re.sub(rf"^{_CITY}\s*", "", comparable(place))
    return _units(date).get(name)


def issuing_unit(doc: Structure, date: dt.date) -> RegisterEntry | None:
    """The unit the issuer names, or else the nearest line above it that names one (the parent
    "ĐẢNG BỘ TỈNH …", "UBND TỈNH …" over the issuer)."""
    if doc.issuer is None:
        return None
    above = [s.text for p in doc.header if p.index < doc.issuer.paragraph.index for s in p.segments]
    lines = [plain(line) for text in [*above, doc.issuer.segment.text] for line in text.split("\n")][::-1]
    return next((unit for unit in (unit_in(line, date) for line in lines) if unit), None)


def merged_away(name_of: Callable[[dt.date], RegisterEntry | None], date: dt.date) -> RegisterEntry | None:
    """The unit of the 63 that `name_of(day)` finds when the document is dated after the 2025
    reorganisation and that unit is no longer one ("Hà Giang" in 2026: part of Tuyên Quang)."""
    changeover = organisations.changeover()
    if date < changeover:
        return None
    former = name_of(changeover - dt.timedelta(days=1))
    return former if former is not None and name_of(date) is None else None


def committee(located: Located | None) -> str | None:
    """The committee an issuer line names ("TỈNH ỦY"), if any."""
    match = COMMITTEE.search(comparable(located.segment.text)) if located else None
    return match[0] if match else None


def office_committee(storage: str) -> str | None:
    """The committee whose office a storage line names ("- Lưu Văn phòng Thành ủy." → "THÀNH ỦY")."""
    match = re.search(rf"VĂN PHÒNG\s+({COMMITTEE.pattern})", comparable(storage))
    return match[1] if match else None
