"""The commune level of the 34 province-level units from 1/7/2025: their xã, phường and đặc khu.

Taken at run time from the PyPI package `vietnam-provinces` (pinned; see data/SOURCES.md), matched
to our register (data/provinces-34.csv) by GSO province code. Its names are tidied here: NFC,
single spaces, modern tone placement ("Hoà" → "Hòa"), the kind word taken off ("Đặc khu Cô Tô" →
"Cô Tô"). The package costs ~70 ms to import, so it is imported on first use, not with this module.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from generator.read.register import register_34
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


def _tidy(text: str) -> str:
    return modern_tone_placement(" ".join(unicodedata.normalize("NFC", text).split()))


def _commune(ward) -> Commune:
    kind = ward.division_type.value
    name = _tidy(ward.name)
    if name.casefold().startswith(kind + " "):
        name = name[len(kind) + 1:]
    return Commune(name=name, kind=kind, code=f"{int(ward.code):05d}")


@lru_cache(maxsize=None)
def _by_slug() -> dict[str, tuple[Commune, ...]]:
    """Slug → its communes in code order, for all 34; the package's provinces matched by GSO code."""
    from vietnam_provinces import Province, Ward

    slugs = {int(unit.gso_code): slug for slug, unit in register_34().items()}
    theirs = {int(province.code) for province in Province.iter_all()}
    if theirs != set(slugs):
        raise RuntimeError(f"vietnam-provinces and provinces-34.csv disagree on the province codes: "
                           f"{sorted(theirs ^ set(slugs))}")
    grouped: dict[str, list[Commune]] = {slug: [] for slug in slugs.values()}
    for ward in Ward.iter_all():
        grouped[slugs[int(ward.province_code)]].append(_commune(ward))
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


@lru_cache(maxsize=None)
def commune_kinds(slug: str) -> tuple[str, ...]:
    """The kinds of commune-level unit a unit of the 34 has, in KINDS order: ("xã", "phường") for Hà Nội."""
    counts = commune_counts(slug)
    return tuple(kind for kind in KINDS if counts[kind])


# Units with a party cell (chi bộ) of another party body instead of a đảng ủy of their own: the
# đặc khu Hoàng Sa, whose chi bộ belongs to the Đảng ủy Sở Nội vụ Đà Nẵng (Quyết định số 15-QĐ/ĐU,
# 4/6/2025; VNA 23/6/2025, lecourrier.vn 1285462; cafef.vn, 11/5/2025).
WITHOUT_PARTY_COMMITTEE = {"đặc khu Hoàng Sa"}


@lru_cache(maxsize=None)
def committee_kinds(slug: str) -> tuple[str, ...]:
    """The kinds of commune-level unit whose đảng ủy a document names ("các đảng ủy xã, phường, đặc
    khu"): those of the unit that have one; Đà Nẵng's only đặc khu, Hoàng Sa, has none."""
    units = [unit for unit in communes(slug) if unit.full_name not in WITHOUT_PARTY_COMMITTEE]
    return tuple(kind for kind in KINDS if any(unit.kind == kind for unit in units))
