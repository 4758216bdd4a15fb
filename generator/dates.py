"""Calendar rules that are not layout conventions: which day a document counts as dated on, and
how a date is shown in a message to the user (not in a document: see profiles/formats.py)."""
from __future__ import annotations

import datetime as dt


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
