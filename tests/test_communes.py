"""The commune level of the 34 (xã, phường, đặc khu): data/communes-34.csv, compared with the pinned
package vietnam-provinces it was extracted from (a test dependency only: the package is GPL).

    UPDATE_COMMUNES=1 pytest tests/test_communes.py    # extract the file again from the package
"""
from __future__ import annotations

import csv
import io
import os
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from vietnam_provinces import Province, Ward

from generator.read.communes import KINDS, Commune, commune_counts, commune_kinds, communes, tidy_ward
from generator.read.register import register_34
from generator.read.vietnamese import modern_tone_placement

NEW = register_34()

# The 13 special zones (đặc khu) from 1/7/2025, by the unit of the 34 they belong to.
SPECIAL_ZONES = {
    "quang-ninh": {"Vân Đồn", "Cô Tô"},
    "hai-phong": {"Cát Hải", "Bạch Long Vĩ"},
    "quang-tri": {"Cồn Cỏ"},
    "da-nang": {"Hoàng Sa"},
    "quang-ngai": {"Lý Sơn"},
    "khanh-hoa": {"Trường Sa"},
    "lam-dong": {"Phú Quý"},
    "ho-chi-minh": {"Côn Đảo"},
    "an-giang": {"Phú Quốc", "Kiên Hải", "Thổ Châu"},
}


def _bare(name: str) -> str:
    """'Thành phố Hà Nội' → 'Hà Nội': the package names a city with its kind, our register does not."""
    return name.removeprefix("Thành phố ")


COMMUNES_FILE = Path(__file__).resolve().parent.parent / "generator" / "data" / "communes-34.csv"
HEADER = """# The xã, phường and đặc khu of the 34 units from 1/7/2025, extracted from the PyPI package
# vietnam-provinces 2025.10.1 (data version 2025-10-18; see SOURCES.md) by tests/test_communes.py
# (UPDATE_COMMUNES=1). Names tidied as documents write them (generator/read/communes.py: tidy_ward).
"""


def _extracted() -> str:
    """The file as the package gives it: province GSO code, 5-digit code, kind, name; code order."""
    rows = [(f"{int(ward.province_code):02d}", tidy_ward(ward.name, ward.division_type.value, ward.code))
            for ward in Ward.iter_all()]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["gso_code", "code", "kind", "name"])
    for gso_code, unit in sorted(rows, key=lambda row: (row[0], row[1].code)):
        writer.writerow([gso_code, unit.code, unit.kind, unit.name])
    return HEADER + buffer.getvalue()


def test_the_shipped_file_is_what_the_pinned_package_gives():
    if os.environ.get("UPDATE_COMMUNES"):
        COMMUNES_FILE.write_text(_extracted(), encoding="utf-8")
    assert COMMUNES_FILE.read_text(encoding="utf-8") == _extracted(), \
        "data/communes-34.csv differs from vietnam-provinces: UPDATE_COMMUNES=1 pytest tests/test_communes.py"


def test_the_package_is_not_needed_to_run():
    """GPL-3.0-or-later data read at run time would bind the MIT project: only tests import it."""
    import configparser
    config = configparser.ConfigParser()
    config.read(Path(__file__).resolve().parent.parent / "setup.cfg")
    assert "vietnam-provinces" not in config["options"]["install_requires"]
    assert "vietnam-provinces" in config["options.extras_require"]["test"]
    sources = (Path(__file__).resolve().parent.parent / "generator").rglob("*.py")
    assert not [path.name for path in sources if "vietnam_provinces" in path.read_text(encoding="utf-8")]


def test_the_package_and_the_register_have_the_same_34_codes_with_the_same_names():
    theirs = {int(p.code): _bare(p.name) for p in Province.iter_all()}
    ours = {int(unit.gso_code): unit.name for unit in NEW.values()}
    assert len(theirs) == len(ours) == 34
    assert theirs == ours


def test_every_slug_has_communes_and_every_ward_of_the_package_is_in_one_slug():
    assert all(communes(slug) for slug in NEW)
    assert sum(len(communes(slug)) for slug in NEW) == len(list(Ward.iter_all()))


def test_totals_are_the_reported_3321_units():
    units = [unit for slug in NEW for unit in communes(slug)]
    assert len(units) == 3321
    assert Counter(unit.kind for unit in units) == {"xã": 2621, "phường": 687, "đặc khu": 13}
    assert len({unit.code for unit in units}) == 3321


def test_exactly_the_nine_units_with_special_zones_have_them():
    having = {slug for slug in NEW if "đặc khu" in commune_kinds(slug)}
    assert having == set(SPECIAL_ZONES)
    for slug, names in SPECIAL_ZONES.items():
        assert {unit.name for unit in communes(slug) if unit.kind == "đặc khu"} == names, slug


@pytest.mark.parametrize("slug", list(NEW))
def test_kinds_and_counts_agree(slug):
    counts = commune_counts(slug)
    assert tuple(counts) == KINDS
    assert sum(counts.values()) == len(communes(slug))
    assert commune_kinds(slug) == tuple(kind for kind in KINDS if counts[kind])


def test_every_unit_has_both_xa_and_phuong_today():
    # Not a rule, a fact of the pinned data: documents may still not assume it.
    assert all(commune_kinds(slug)[:2] == ("xã", "phường") for slug in NEW)


def test_spot_checks():
    assert commune_kinds("ha-noi") == ("xã", "phường")
    assert commune_counts("ha-noi") == {"xã": 75, "phường": 51, "đặc khu": 0}
    assert commune_kinds("quang-ninh") == ("xã", "phường", "đặc khu")
    assert commune_counts("quang-ninh") == {"xã": 22, "phường": 30, "đặc khu": 2}
    assert Commune("Côn Đảo", "đặc khu", "26732") in communes("ho-chi-minh")
    assert commune_counts("ho-chi-minh") == {"xã": 54, "phường": 113, "đặc khu": 1}
    assert commune_counts("an-giang")["đặc khu"] == 3
    hoan_kiem = next(unit for unit in communes("ha-noi") if unit.code == "00070")
    assert (hoan_kiem.name, hoan_kiem.full_name) == ("Hoàn Kiếm", "phường Hoàn Kiếm")


def test_names_are_nfc_single_spaced_with_modern_tone_placement_and_no_kind_word():
    for slug in NEW:
        for unit in communes(slug):
            assert unicodedata.is_normalized("NFC", unit.name), unit
            assert modern_tone_placement(unit.name) == unit.name, unit
            assert unit.name == " ".join(unit.name.split()), unit
            assert not unit.name.casefold().startswith(tuple(kind + " " for kind in KINDS)), unit
            assert len(unit.code) == 5 and unit.code.isdigit(), unit


def test_the_package_old_tone_placement_and_double_spaces_are_tidied():
    names = {unit.name for unit in communes("tay-ninh")}
    assert {"Mộc Hóa", "Hòa Thành"} <= names and not {"Mộc Hoá", "Hoà Thành"} & names
    assert "Thủy Nguyên" in {unit.name for unit in communes("hai-phong")}
    assert "Bắc Đông Quan" in {unit.name for unit in communes("hung-yen")}


def test_communes_are_in_code_order():
    for slug in NEW:
        codes = [unit.code for unit in communes(slug)]
        assert codes == sorted(codes)


@pytest.mark.parametrize("call", [communes, commune_counts, commune_kinds])
@pytest.mark.parametrize("slug", ["ha-giang", "Hà Nội", "01", ""])
def test_an_unknown_slug_is_a_key_error_naming_it(call, slug):
    with pytest.raises(KeyError, match="no unit of the 34 has the slug"):
        call(slug)
