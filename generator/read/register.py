"""data/provinces-63.csv, provinces-34.csv, renamed.csv, districts-2021.csv → the identity of
every province-level unit on a given date.

Names, kinds and committee names are typed once here, never again in a province file. Before
the 2025 reorganisation there were 63 units (one of them renamed on 1/1/2025); from it on, 34.
"""
from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass, replace
from functools import cache

from generator.shipped import data_file

NAMED_IN_FULL = {"ho-chi-minh"}


@dataclass(frozen=True)
class RegisterEntry:
    """One province-level unit: of the 63 (2020–6/2025) or of the 34 (from 1/7/2025)."""

    gso_code: str
    name: str            # "Thanh Hóa"
    is_city: bool        # thành phố trực thuộc Trung ương
    full_name: str       # "tỉnh Thanh Hóa" / "thành phố Hà Nội"
    committee: str       # "Tỉnh ủy Thanh Hóa" / "Thành ủy Hà Nội"
    slug: str
    merged_into: str     # the 34-unit province it belongs to from 1/7/2025 ("Tuyên Quang" for Hà Giang)
    formed_from: tuple[str, ...] = ()   # of the 34: the former units, by old code ("Hà Giang", "Tuyên Quang")
    renamed_on: dt.date | None = None   # of the 63: the date its current name took effect (data/renamed.csv)
    local_committees: str = ""          # under that name, its district-level committees ("quận ủy, thị ủy, huyện ủy")

    @property
    def merged(self) -> bool:
        """A unit of the 34 made of two or more former units."""
        return len(self.formed_from) > 1

    @property
    def place(self) -> str:
        """The place name of the date line: the unit's name, with its level before it when the
        name is a person's ("Thành phố Hồ Chí Minh, ngày …"; NĐ 30 Phụ lục I, provinces.md §3) or
        of one syllable ("Thành phố Huế": HD 36 §1.4.1, its own example)."""
        if self.slug in NAMED_IN_FULL or " " not in self.name:
            return self.full_name[:1].upper() + self.full_name[1:]
        return self.name

    @property
    def unit_word(self) -> str:
        """'tỉnh' or 'thành phố': the generic noun used inside the unit's own documents."""
        return "thành phố" if self.is_city else "tỉnh"

    @property
    def committee_word(self) -> str:
        """'Tỉnh ủy' or 'Thành ủy'."""
        return "Thành ủy" if self.is_city else "Tỉnh ủy"


def data_rows(name: str) -> list[dict[str, str]]:
    """The rows of a CSV file of generator/data/ (lines starting with "#" are its comments)."""
    text = data_file(name).read_text(encoding="utf-8")
    return list(csv.DictReader(line for line in text.splitlines() if not line.startswith("#")))


def _entry(row: dict[str, str], merged_into: str, formed_from: tuple[str, ...] = ()) -> RegisterEntry:
    return RegisterEntry(gso_code=row["gso_code"], name=row["name"], is_city=row["kind"] != "tỉnh",
                         full_name=row["full_name"], committee=row["party_committee"], slug=row["slug"],
                         merged_into=merged_into, formed_from=formed_from)


@cache
def register_63() -> dict[str, RegisterEntry]:
    """The 63 units keyed by slug, in GSO order."""
    return {row["slug"]: _entry(row, row["merged_into_2025"]) for row in data_rows("provinces-63.csv")}


@cache
def register_34() -> dict[str, RegisterEntry]:
    """The 34 units from 1/7/2025 keyed by slug, in GSO order."""
    return {row["slug"]: _entry(row, row["name"], tuple(row["formed_from"].split(";")))
            for row in data_rows("provinces-34.csv")}


@cache
def _renamings() -> tuple[dict[str, str], ...]:
    return tuple(data_rows("renamed.csv"))


def unit_on(entry: RegisterEntry, date: dt.date) -> RegisterEntry:
    """A unit of the 63 as it was named on `date`: Thừa Thiên Huế is "thành phố Huế" from 1/1/2025;
    before 1/1/2004 thành phố Cần Thơ was "tỉnh Cần Thơ" (data/renamed.csv)."""
    for row in _renamings():
        if row["slug"] != entry.slug:
            continue
        start = dt.date.fromisoformat(row["from"]) if row["from"] else None
        until = dt.date.fromisoformat(row["until"]) if row["until"] else None
        if (start is not None and date >= start) or (until is not None and date < until):
            entry = replace(entry, name=row["name"], is_city=row["kind"] != "tỉnh", full_name=row["full_name"],
                            committee=row["party_committee"], renamed_on=start,
                            local_committees=row["local_committees"])
    return entry


def unit_at(entry: RegisterEntry, date: dt.date, changeover: dt.date) -> RegisterEntry | None:
    """The unit as it was on `date`: a unit of the 63 under the name it had then; a unit of the 34
    before `changeover`, the one province it continues (None for a unit formed by merger: its
    history is that of several provinces)."""
    if entry.slug in register_63() and not entry.formed_from:
        return unit_on(register_63()[entry.slug], date)
    if date >= changeover:
        return entry
    former = predecessors(entry)
    return unit_on(former[0], date) if len(former) == 1 else None


def register_on(date: dt.date, changeover: dt.date) -> dict[str, RegisterEntry]:
    """The units in force on `date`, keyed by slug: the 63 under the names they had then, or the 34."""
    if date >= changeover:
        return register_34()
    return {slug: unit_on(entry, date) for slug, entry in register_63().items()}


def successor(entry: RegisterEntry) -> RegisterEntry:
    """The unit of the 34 that a unit of the 63 became part of on 1/7/2025."""
    return next(unit for unit in register_34().values() if unit.name == entry.merged_into)


def predecessors(entry: RegisterEntry) -> tuple[RegisterEntry, ...]:
    """The units of the 63 that a unit of the 34 was formed from, by old code."""
    by_name = {old.name: old for old in register_63().values()}
    return tuple(by_name[name] for name in entry.formed_from)


# Committee of each kind of district-level unit, in the order documents list them.
DISTRICT_COMMITTEES = (("quan", "quận ủy"), ("huyen", "huyện ủy"), ("thi_xa", "thị ủy"), ("thanh_pho", "thành ủy"))


# The one committee of its kind in a unit, named rather than counted among "các … ủy": inside the
# Thành ủy Thành phố Hồ Chí Minh's own document, "thành ủy" alone would read as itself. Thủ Đức city
# works from 22/1/2021, its Thành ủy with it (nld.com.vn, 22/1/2021: "Bí thư Thành ủy TP Thủ Đức").
NAMED_DISTRICT_COMMITTEES = {("ho-chi-minh", "thành ủy"): "Thành ủy Thủ Đức"}


@cache
def district_committees_2021() -> dict[str, tuple[str, ...]]:
    """Slug → the district-level committees of 2021 as a document lists them: kinds ('quận ủy',
    'huyện ủy' …), and a committee alone of its kind by its name where it must be ('Thành ủy Thủ Đức')."""
    text = data_file("districts-2021.csv").read_text(encoding="utf-8")
    return {row["slug"]: tuple(NAMED_DISTRICT_COMMITTEES.get((row["slug"], name), name)
                               for column, name in DISTRICT_COMMITTEES if int(row[column]))
            for row in csv.DictReader(text.splitlines())}
