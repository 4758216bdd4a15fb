"""Profile text conventions → strings: number line, date line, heading labels, recipient lines.

Shared by the docx writer (to produce them) and by tests and the checker (to expect them).
"""
from __future__ import annotations

import datetime as dt

from generator.profiles.profile import TextConventions

ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
         (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
# Vietnamese điểm letters skip nothing up to đ in practice: a) b) c) d) đ) e) …
LETTERS = "abcdđeghiklmnopqrstuvxy"


def number_line(text: TextConventions, number: int | None, symbol: str) -> str:
    """'Số 05-CTr/TU'; a draft without a number keeps a blank to fill in by hand."""
    shown = text.number_blank if number is None else str(number).zfill(text.number_min_digits)
    return text.number_format.format(number=shown, symbol=symbol)


def date_line(text: TextConventions, place: str, date: dt.date | None, year: int | None = None) -> str:
    """'Thanh Hóa, ngày 05 tháng 02 năm 2021'; without a date, blanks for day and month."""
    if date is None:
        blank = text.date_blank
        return text.date_format.format(place=place, day=blank, month=blank,
                                       year=year if year is not None else blank)
    day, month = _day_month(text, date)
    return text.date_format.format(place=place, day=day, month=month, year=date.year)


def short_date(text: TextConventions, date: dt.date) -> str:
    """'05/02/2021', '15/9/2025': the date in running text, padded as in the date line."""
    day, month = _day_month(text, date)
    return f"{day}/{month}/{date.year}"


def _day_month(text: TextConventions, date: dt.date) -> tuple[str, str]:
    day = f"{date.day:02d}" if text.date_pad_day else str(date.day)
    month = f"{date.month:02d}" if date.month in text.date_padded_months else str(date.month)
    return day, month


def heading_label(text: TextConventions, level: int, ordinal: int) -> str:
    """'II- ', '3. ', 'b) ' for the given level and 1-based ordinal."""
    label = text.heading_labels[level]
    if label.style == "roman":
        mark = to_roman(ordinal)
    elif label.style == "letter":
        mark = LETTERS[ordinal - 1]
    else:
        mark = str(ordinal)
    return mark + label.suffix


def recipient_lines(text: TextConventions, recipients: list[str]) -> list[str]:
    """'- Ban Bí thư Trung ương Đảng,' … '- Lưu Văn phòng Tỉnh ủy.'"""
    lines = []
    for index, recipient in enumerate(recipients):
        end = text.recipient_terminator if index == len(recipients) - 1 else text.recipient_separator
        lines.append(f"{text.recipient_prefix}{recipient.rstrip(',;.')}{end}")
    return lines


def to_roman(number: int) -> str:
    out = []
    for value, letters in ROMAN:
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out)


def upper(text: str) -> str:
    """Vietnamese upper case ('Tỉnh ủy Thanh Hóa' → 'TỈNH ỦY THANH HÓA')."""
    return text.upper()
