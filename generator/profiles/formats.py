"""Profile text conventions → strings, and strings → their parts.

The writer makes the number line, date line, heading labels and recipient lines with these
functions; the checker reads documents with patterns built from the same conventions, so the
two cannot drift.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from generator.profiles.profile import TextConventions

ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
         (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
# Vietnamese điểm letters skip nothing up to đ in practice: a) b) c) d) đ) e) …
LETTERS = "abcdđeghiklmnopqrstuvxy"
MARKS = {"roman": r"[IVXLCDM]+", "arabic": r"\d+", "letter": f"[{LETTERS}]"}
# What a field of a format may hold when a document is read back.
FIELD_PATTERNS = {"number": r"\d*", "kind": r"[A-Za-zĐđ]+", "issuer": r"[A-ZĐa-z0-9]+(?:-[A-ZĐa-z0-9]+)*",
                  "place": r".+?", "day": r"\S*", "month": r"\S*", "year": r"(?:\d{4}|[.…_]+)?", "office": r".+"}


def number_line(text: TextConventions, number: int | None, kind: str, issuer: str) -> str:
    """'Số 05-CTr/TU'; a draft without a number keeps a blank to fill in by hand."""
    return f"{text.number_label} {document_number(text, number, kind, issuer)}"


def document_number(text: TextConventions, number: int | None, kind: str, issuer: str) -> str:
    """'05-CTr/TU': the number and symbol, as a citation writes them after 'số'."""
    shown = text.number_blank if number is None else str(number).zfill(text.number_min_digits)
    return text.number_format.format(number=shown, kind=kind, issuer=issuer)


def number_pattern(text: TextConventions) -> re.Pattern[str]:
    """The number line as any document may write it: groups label, colon, number, kind, issuer.
    Lenient about the colon and spaces, so that the checker can say what is wrong."""
    word = re.escape(text.number_label.rstrip(":"))
    return re.compile(rf"^(?P<label>{word})\s*(?P<colon>:?)\s*{_pattern(text.number_format)}$")


def symbol_pattern(text: TextConventions) -> re.Pattern[str]:
    """A document's số và ký hiệu as running text cites it ("số 05-KH/TU", "số /QĐ-UBND")."""
    return re.compile(rf"(?<![\w/-]){_pattern(text.number_format)}(?![\w/-])")


def number_label_of(text: TextConventions, line: str) -> str | None:
    """The label a number line starts with, as written ("Số" or "Số:"); None if it has none."""
    match = re.match(rf"^({re.escape(text.number_label.rstrip(':'))})\s*(:?)", line)
    return match.group(1) + match.group(2) if match else None


def date_line(text: TextConventions, place: str, date: dt.date | None, year: int | None = None) -> str:
    """'Thanh Hóa, ngày 05 tháng 02 năm 2021'; without a date, blanks for day and month."""
    if date is None:
        blank = text.date_blank
        return text.date_format.format(place=place, day=blank, month=blank,
                                       year=year if year is not None else blank)
    day, month = day_month(text, date)
    return text.date_format.format(place=place, day=day, month=month, year=date.year)


@dataclass(frozen=True)
class DateLine:
    """A date line read back: the day and month as written ("05", "3", "" in a draft); the year,
    None where it too is left blank (a form: "ngày … tháng … năm …")."""

    place: str
    day: str
    month: str
    year: int | None

    def date(self) -> dt.date | None:
        """The date it states; None when day, month or year is blank or it is no real date."""
        if self.year is None:
            return None
        try:
            return dt.date(self.year, int(self.month), int(self.day))
        except ValueError:
            return None


def parse_date_line(text: TextConventions, line: str) -> DateLine | None:
    """The one reader of date lines (check, and choosing the profile of a document)."""
    match = _date_pattern(text.date_format).match(line)
    year = int(match["year"]) if match and match["year"].isdigit() else None
    if not match or (year is not None and not YEARS[0] <= year <= YEARS[1]):
        return None
    return DateLine(match["place"], _filled(match["day"]), _filled(match["month"]), year)


# What a form prints where a value is to be written by hand: "ngày … tháng … năm …" (NĐ 30 Phụ lục
# III), "ngày ..... tháng ..... năm 2025", "ngày ___".
_TO_FILL = re.compile(r"[.…_]+")


def _filled(value: str) -> str:
    """A field as written, "" where it is left to fill in (blank, or dots to write on)."""
    return "" if _TO_FILL.fullmatch(value) else value


# The years a date line is read as a date in ("năm 0000" is not one): the calendar's, less one
# at each end, so that the day after the last one can still be counted.
YEARS = (2, 9998)


def date_line_words(text: TextConventions) -> list[str]:
    """The words a date line always has besides its values (", ngày", "tháng", "năm")."""
    return [part.strip() for part in re.split(r"\{\w+\}", text.date_format) if part.strip()]


def short_date(text: TextConventions, date: dt.date) -> str:
    """'05/02/2021', '15/9/2025': the date in running text, padded as in the date line."""
    day, month = day_month(text, date)
    return f"{day}/{month}/{date.year}"


def day_month(text: TextConventions, date: dt.date) -> tuple[str, str]:
    """Day and month as the profile writes them: '05', '02' (months 1–2 padded, 3–12 not)."""
    day = f"{date.day:02d}" if text.date_pad_day else str(date.day)
    month = f"{date.month:02d}" if date.month in text.date_padded_months else str(date.month)
    return day, month


def heading_label(text: TextConventions, level: int, ordinal: int) -> str:
    """'II- ', '3. ', 'b) ' for the given level and 1-based ordinal."""
    return heading_mark(text, level, ordinal) + text.heading_labels[level].suffix


def heading_mark(text: TextConventions, level: int, ordinal: int) -> str:
    """'II', '3', 'b': the label without what follows it."""
    style = text.heading_labels[level].style
    if style == "roman":
        return to_roman(ordinal)
    if style == "letter":
        return LETTERS[ordinal - 1]
    return str(ordinal)


def heading_pattern(text: TextConventions, level: int) -> re.Pattern[str]:
    """A paragraph that starts with the label of `level` ('II- '); group mark."""
    label = text.heading_labels[level]
    return re.compile(rf"^(?P<mark>{MARKS[label.style]}){re.escape(label.suffix.strip())}\s")


def heading_ordinal(text: TextConventions, level: int, mark: str) -> int | None:
    """'IV' → 4, '3' → 3, 'đ' → 5 under the label style of `level`."""
    style = text.heading_labels[level].style
    if style == "roman":
        return from_roman(mark)
    if style == "letter":
        return LETTERS.index(mark) + 1 if mark in LETTERS else None
    return int(mark)


def recipient_lines(text: TextConventions, recipients: list[str]) -> list[str]:
    """'- Ban Bí thư Trung ương Đảng,' … '- Lưu Văn phòng Tỉnh ủy.'"""
    lines = []
    for index, recipient in enumerate(recipients):
        prefix, end = recipient_marks(text, index, len(recipients))
        lines.append(f"{prefix}{recipient.rstrip(RECIPIENT_ENDS)}{end}")
    return lines


# What a recipient typed in a province file may end with; the profile's own mark replaces it.
RECIPIENT_ENDS = ",;."


def recipient_marks(text: TextConventions, index: int, count: int) -> tuple[str, str]:
    """What goes before and after the `index`-th of `count` recipients: '- ' and ',' or '.'."""
    return text.recipient_prefix, text.recipient_terminator if index == count - 1 else text.recipient_separator


def storage_line(text: TextConventions, office: str) -> str:
    """'Lưu Văn phòng Tỉnh ủy' (Party) or 'Lưu: VT, VP' (NĐ 30): the last recipient."""
    return text.storage_line.format(office=office)


def storage_pattern(text: TextConventions) -> re.Pattern[str]:
    """The storage line as a recipient line (prefix included), any office."""
    return re.compile(rf"^{re.escape(text.recipient_prefix)}{_pattern(text.storage_line)}")


def subject_opening(text: TextConventions, subject: str) -> str:
    """The trích yếu with its first letter in the case the profile wants."""
    first = subject[:1].lower() if text.subject_starts == "lower" else subject[:1].upper()
    return first + subject[1:]


def to_roman(number: int) -> str:
    out = []
    for value, letters in ROMAN:
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out)


def from_roman(mark: str) -> int | None:
    """'XIV' → 14; None for what is not a well-formed Roman numeral."""
    value, rest = 0, mark
    for number, letters in ROMAN:
        while rest.startswith(letters):
            value += number
            rest = rest[len(letters):]
    return value if not rest and value and to_roman(value) == mark else None


def upper(text: str) -> str:
    """Vietnamese upper case ('Tỉnh ủy Thanh Hóa' → 'TỈNH ỦY THANH HÓA')."""
    return text.upper()


def _pattern(format_string: str) -> str:
    """A regular expression for what `format_string` makes: its literal words as written, where a
    space stands for any run of spaces and punctuation may have spaces around it; each {field} as
    FIELD_PATTERNS says. A field may be blank in a draft ("ngày tháng năm 2021" once spaces are
    folded), so the space after a field is optional, and so is the space before one that ends the
    line ("ngày tháng năm", the year blank too)."""
    parts = re.split(r"\{(\w+)\}", format_string)
    out = []
    for index, part in enumerate(parts):
        if index % 2:
            out.append(f"(?P<{part}>{FIELD_PATTERNS[part]})")
        elif part:
            words = part.split()
            inner = r"\s+".join(re.escape(word) for word in words)
            before = r"\s*"
            after = r"(?:\s+|$)" if part[-1].isspace() else r"\s*"
            out.append(before + inner + after if words else r"\s+")
    return "".join(out)


_DATE_PATTERNS: dict[str, re.Pattern[str]] = {}


def _date_pattern(format_string: str) -> re.Pattern[str]:
    if format_string not in _DATE_PATTERNS:
        _DATE_PATTERNS[format_string] = re.compile(f"^{_pattern(format_string)}$")
    return _DATE_PATTERNS[format_string]


def article_pattern(text: TextConventions) -> re.Pattern[str] | None:
    """The title of a unit of a quy chế ("Điều 3.", "Chương II", "Mục 1"), under which the numbered
    points restart; None when the profile names none."""
    if not text.article_words:
        return None
    words = "|".join(re.escape(word) for word in text.article_words)
    # Numbered, or written in words ("Phần thứ hai": HD 36 mục 1.6.2 "dùng chữ số La Mã hoặc ghi bằng chữ").
    return re.compile(rf"^(?P<unit>{words})\s+(?:\d+|[IVXLC]+|thứ\s+\w+)\b", re.IGNORECASE)


# Titles of the units that restart the mục (I., II.) under them; the others (Điều, Mục) restart the points.
PARTS = ("phần", "chương")
OPENING_QUOTES, CLOSING_QUOTES = ("“", '"', "«"), ("”", '"', "»")


@dataclass(frozen=True)
class NumberedHeading:
    """A heading of level 1 ("II- ") or 2 ("3. ") in a body, with the ordinal the sequence calls for."""

    index: int             # of its line in the lines read
    level: int
    match: re.Match[str]        # heading_pattern's: group "mark"
    ordinal: int           # as written
    expected: int          # one after the previous heading of its level, restarted under each higher level


def numbered_headings(text: TextConventions, lines: list[str], renumbering: bool = False) -> Iterator[NumberedHeading]:
    """The numbered headings of a body's lines, as HD 36 §1.6.2 numbers them: continuous within
    their level, the points restarting under each mục, Điều or Chương; a passage quoted from another
    document keeps its own numbering and is passed over. The checker reads what follows a wrong
    number from the number written; a merge that `renumbering` from the number it corrects it to."""
    top, second = heading_pattern(text, 1), heading_pattern(text, 2)
    articles = article_pattern(text)
    top_seen, second_seen = 0, 0
    quoting = False
    for index, line in enumerate(lines):
        if quoting or line.startswith(OPENING_QUOTES):
            quoting = not line.rstrip(".;:,/ ").endswith(CLOSING_QUOTES)
            continue
        unit = articles.match(line) if articles else None
        if unit:
            second_seen = 0
            if unit["unit"].lower() in PARTS:
                top_seen = 0
            continue
        heading = top.match(line)
        value = heading_ordinal(text, 1, heading["mark"]) if heading else None
        if heading and value is not None:
            yield NumberedHeading(index, 1, heading, value, top_seen + 1)
            top_seen, second_seen = top_seen + 1 if renumbering else value, 0
            continue
        numbered = second.match(line)
        value = heading_ordinal(text, 2, numbered["mark"]) if numbered else None
        if numbered and value is not None:
            yield NumberedHeading(index, 2, numbered, value, second_seen + 1)
            second_seen = second_seen + 1 if renumbering else value
