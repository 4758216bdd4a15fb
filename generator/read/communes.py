"""The commune level of the 34 province-level units from 1/7/2025: their xã, phường and đặc khu.

Read from data/communes-34.csv, extracted from the PyPI package `vietnam-provinces` 2025.10.1 (see
data/SOURCES.md; the package is GPL-3.0-or-later and only a test dependency: tests/test_communes.py
compares the file with it, and rewrites it with UPDATE_COMMUNES=1). The file holds the names as
documents write them: NFC, single spaces, modern tone placement ("Hoà" → "Hòa"), the kind word
taken off ("Đặc khu Cô Tô" → "Cô Tô"); `tidy_ward` is that one rule, used by the extraction.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache

from generator.read.register import data_rows, register_34
from generator.read.vietnamese import modern_tone_placement

# The kinds of commune-level unit, in the order documents list them ("các đảng ủy xã, phường, đặc khu").
KINDS = ("xã", "phường", "đặc khu")


@dataclass(frozen=True)
class Commune:
    """One commune-level unit of the 34."""

    name: str   # "Cô Tô": without its kind word
    kind: str   # "xã", "phường" or "đặc khu"
    code: str   # "00070": the package's 5-digit code (from the draft list; 123 of them were renumbered)

    @property
    def full_name(self) -> str:
        """'đặc khu Cô Tô': the name as written inside a sentence."""
        return f"{self.kind} {self.name}"


def tidy_ward(name: str, kind: str, code: int | str) -> Commune:
    """A ward as the package names it ("Đặc khu  Cô Tô", "Phường Hoà Bình") → as documents do."""
    name = modern_tone_placement(" ".join(unicodedata.normalize("NFC", name).split()))
    if name.casefold().startswith(kind + " "):
        name = name[len(kind) + 1:]
    return Commune(name=name, kind=kind, code=f"{int(code):05d}")


@cache
def _by_slug() -> dict[str, tuple[Commune, ...]]:
    """Slug → its communes in code order, for all 34; the file's provinces matched by GSO code."""
    slugs = {int(unit.gso_code): slug for slug, unit in register_34().items()}
    grouped: dict[str, list[Commune]] = {slug: [] for slug in slugs.values()}
    for row in data_rows("communes-34.csv"):
        grouped[slugs[int(row["gso_code"])]].append(Commune(name=row["name"], kind=row["kind"], code=row["code"]))
    return {slug: tuple(sorted(units, key=lambda unit: unit.code)) for slug, units in grouped.items()}


def communes(slug: str) -> tuple[Commune, ...]:
    """The commune-level units of a unit of the 34, by register slug ("quang-ninh")."""
    try:
        return _by_slug()[slug]
    except KeyError:
        raise KeyError(f"no unit of the 34 has the slug {slug!r} (see data/provinces-34.csv)") from None


def commune_counts(slug: str) -> dict[str, int]:
    """Number of units of each kind, every kind listed: {"xã": 75, "phường": 51, "đặc khu": 0}."""
    units = communes(slug)
    return {kind: sum(unit.kind == kind for unit in units) for kind in KINDS}


@cache
def commune_kinds(slug: str) -> tuple[str, ...]:
    """The kinds of commune-level unit a unit of the 34 has, in KINDS order: ("xã", "phường") for Hà Nội."""
    counts = commune_counts(slug)
    return tuple(kind for kind in KINDS if counts[kind])


# Units with a party cell (chi bộ) of another party body instead of a đảng ủy of their own: the
# đặc khu Hoàng Sa, whose chi bộ belongs to the Đảng ủy Sở Nội vụ Đà Nẵng (Quyết định số 15-QĐ/ĐU,
# 4/6/2025; VNA 23/6/2025, lecourrier.vn 1285462; cafef.vn, 11/5/2025).
WITHOUT_PARTY_COMMITTEE = {"đặc khu Hoàng Sa"}


@cache
def committee_kinds(slug: str) -> tuple[str, ...]:
    """The kinds of commune-level unit whose đảng ủy a document names ("các đảng ủy xã, phường, đặc
    khu"): those of the unit that have one; Đà Nẵng's only đặc khu, Hoàng Sa, has none."""
    units = [unit for unit in communes(slug) if unit.full_name not in WITHOUT_PARTY_COMMITTEE]
    return tuple(kind for kind in KINDS if any(unit.kind == kind for unit in units))
