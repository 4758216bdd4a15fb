"""Calendar rules that are not layout conventions: which day a document counts as dated on, and
how a date is shown in a message to the user (not in a document: see profiles/formats.py)."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache


def document_date(date: dt.date | None, year: int | None) -> dt.date | None:
    """The day a document counts as dated on: its date; for a draft dated by its year only, the
    31st of December of that year; None when it gives neither.

    A draft is signed later than it is written, so the rules, register and names it must follow
    are those in force when its year ends (a 2026 draft follows Quy định 399, in force from
    9/1/2026). The one fallback for a missing day: the register, the names of organisations, the
    profile in force, the checker and the file's timestamps all follow it.
    """
    if date is not None:
        return date
    return dt.date(year, 12, 31) if year is not None else None


def message_date(date: dt.date) -> str:
    """'05/03/2021' in a message to the user (a document writes dates as its profile says)."""
    return date.strftime("%d/%m/%Y")


@dataclass(frozen=True)
class Period:
    """When a fact was true or happened, as precisely as its source says: a day, a month, a year or
    a span of years ("2018 - 2019", "nhiệm kỳ 2016–2021")."""

    start: dt.date
    end: dt.date
    precision: str                 # "day", "month", "year"


_DAY = re.compile(r"(?<!\d)(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})(?!\d)")
_MONTH = re.compile(r"^\s*(?:tháng\s*)?(\d{1,2})\s*/\s*(\d{4})\s*$")
_YEARS = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


@lru_cache(maxsize=4096)      # asked of the same few texts for every fact a template tells
def period(text: str | None) -> Period | None:
    """The period an `as_of` (or a contest's years) states; None when it states none."""
    if not text:
        return None
    day = _DAY.search(text)
    if day:
        date = _real(int(day[3]), int(day[2]), int(day[1]))
        return Period(date, date, "day") if date else None
    month = _MONTH.match(text)
    if month and 1 <= int(month[1]) <= 12:
        start = dt.date(int(month[2]), int(month[1]), 1)
        return Period(start, month_end(start.year, start.month), "month")
    years = [int(year) for year in _YEARS.findall(text)]
    if years:
        return Period(dt.date(min(years), 1, 1), dt.date(max(years), 12, 31), "year")
    return None


def month_end(year: int, month: int) -> dt.date:
    """The last day of a month."""
    return dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)


def latest_date_in(text: str) -> dt.date | None:
    """The latest day a text names ("… Quyết định số 2177/QĐ-UBND, ngày 20/9/2021 …")."""
    found = [date for m in _DAY.finditer(text) if (date := _real(int(m[3]), int(m[2]), int(m[1]))) is not None]
    return max(found) if found else None


def _real(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None
