"""data/provinces-63.csv, data/districts-2021.csv → the identity of every province-level unit.

Names, kinds and committee names are typed once here, never again in a province file.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


NAMED_IN_FULL = {"ho-chi-minh"}


@dataclass(frozen=True)
class RegisterEntry:
    """One province-level unit as it stood in 2020–6/2025."""

    gso_code: str
    name: str            # "Thanh Hóa"
    is_city: bool        # thành phố trực thuộc Trung ương
    full_name: str       # "tỉnh Thanh Hóa" / "thành phố Hà Nội"
    committee: str       # "Tỉnh ủy Thanh Hóa" / "Thành ủy Hà Nội"
    slug: str
    merged_into: str     # the 34-unit province it belongs to from 1/7/2025 ("Tuyên Quang" for Hà Giang)

    @property
    def place(self) -> str:
        """The place name of the date line: the unit's name, written in full when the unit is
        named after a person ("Thành phố Hồ Chí Minh, ngày …"; NĐ 30 Phụ lục I, provinces.md §3)."""
        return self.full_name if self.slug in NAMED_IN_FULL else self.name

    @property
    def unit_word(self) -> str:
        """'tỉnh' or 'thành phố': the generic noun used inside the unit's own documents."""
        return "thành phố" if self.is_city else "tỉnh"

    @property
    def committee_word(self) -> str:
        """'Tỉnh ủy' or 'Thành ủy'."""
        return "Thành ủy" if self.is_city else "Tỉnh ủy"


@lru_cache(maxsize=None)
def register_63() -> dict[str, RegisterEntry]:
    """The 63 units keyed by slug, in GSO order."""
    text = resources.files("generator").joinpath("data/provinces-63.csv").read_text(encoding="utf-8")
    entries = {}
    for row in csv.DictReader(text.splitlines()):
        entries[row["slug"]] = RegisterEntry(
            gso_code=row["gso_code"],
            name=row["name"],
            is_city=row["kind"] != "tỉnh",
            full_name=row["full_name"],
            committee=row["party_committee"],
            slug=row["slug"],
            merged_into=row["merged_into_2025"],
        )
    return entries


@lru_cache(maxsize=None)
def full_names_34() -> dict[str, str]:
    """Short name → full name ("Tuyên Quang" → "tỉnh Tuyên Quang") of the 34 units from 1/7/2025."""
    text = resources.files("generator").joinpath("data/provinces-34.csv").read_text(encoding="utf-8")
    return {row["name"]: row["full_name"] for row in csv.DictReader(text.splitlines())}


# Committee of each kind of district-level unit, in the order documents list them.
DISTRICT_COMMITTEES = (("quan", "quận ủy"), ("huyen", "huyện ủy"), ("thi_xa", "thị ủy"), ("thanh_pho", "thành ủy"))


@lru_cache(maxsize=None)
def district_committees_2021() -> dict[str, tuple[str, ...]]:
    """Slug → the kinds of district-level committee that existed in 2021 ('quận ủy', 'huyện ủy' …)."""
    text = resources.files("generator").joinpath("data/districts-2021.csv").read_text(encoding="utf-8")
    return {row["slug"]: tuple(name for column, name in DISTRICT_COMMITTEES if int(row[column]))
            for row in csv.DictReader(text.splitlines())}
