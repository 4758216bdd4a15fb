"""The register of province-level units: the 63 (to 30/6/2025), the 34 (from 1/7/2025), renamings."""
from __future__ import annotations

import datetime as dt

import pytest

from generator.read.register import (
    district_committees_2021,
    predecessors,
    register_34,
    register_63,
    successor,
    unit_on,
)

OLD = register_63()
NEW = register_34()


def test_there_are_63_units_before_and_34_after():
    assert len(OLD) == 63
    assert len(NEW) == 34


@pytest.mark.parametrize("register", [register_63, register_34], ids=["63", "34"])
def test_codes_names_and_slugs_are_unique(register):
    units = list(register().values())
    for field in ("slug", "gso_code", "name", "committee"):
        values = [getattr(unit, field) for unit in units]
        assert len(set(values)) == len(values), field


@pytest.mark.parametrize("register", [register_63, register_34], ids=["63", "34"])
def test_registers_are_keyed_by_slug_in_gso_order(register):
    units = register()
    assert all(slug == unit.slug for slug, unit in units.items())
    codes = [unit.gso_code for unit in units.values()]
    assert codes == sorted(codes, key=int)


def test_every_former_unit_has_a_successor_that_lists_it():
    for unit in OLD.values():
        new = successor(unit)
        assert new.slug in NEW
        assert unit in predecessors(new), unit.slug


def test_former_units_are_shared_out_exactly_once():
    # Each of the 63 went into exactly one of the 34: no unit lost, none counted twice.
    formed_from = [old.slug for new in NEW.values() for old in predecessors(new)]
    assert sorted(formed_from) == sorted(OLD)


def test_successors_follow_the_2025_resolution():
    assert successor(OLD["ha-giang"]).slug == "tuyen-quang"
    assert successor(OLD["tuyen-quang"]).slug == "tuyen-quang"
    assert successor(OLD["binh-duong"]).slug == "ho-chi-minh"
    assert successor(OLD["ba-ria-vung-tau"]).slug == "ho-chi-minh"
    assert successor(OLD["thanh-hoa"]).slug == "thanh-hoa"
    assert successor(OLD["thua-thien-hue"]).slug == "hue"


def test_eleven_units_unchanged_and_twenty_three_formed_by_merger():
    merged = [unit for unit in NEW.values() if unit.merged]
    unchanged = [unit for unit in NEW.values() if not unit.merged]
    # `merged` means formed from two or more former units, and only that.
    assert all(len(predecessors(unit)) >= 2 for unit in merged)
    assert all(len(predecessors(unit)) == 1 for unit in unchanged)
    assert (len(unchanged), len(merged)) == (11, 23)


def test_the_eleven_unchanged_units():
    unchanged = {unit.slug for unit in NEW.values() if not unit.merged}
    assert unchanged == {"ha-noi", "cao-bang", "dien-bien", "lai-chau", "son-la", "lang-son",
                         "quang-ninh", "thanh-hoa", "nghe-an", "ha-tinh", "hue"}


def test_three_way_mergers():
    three = {unit.slug for unit in NEW.values() if len(unit.formed_from) == 3}
    assert three == {"phu-tho", "ninh-binh", "lam-dong", "ho-chi-minh", "vinh-long", "can-tho"}


def test_former_units_are_not_merged():
    assert not any(unit.merged for unit in OLD.values())


def test_hue_is_renamed_from_the_first_of_january_2025():
    hue = OLD["thua-thien-hue"]
    before = unit_on(hue, dt.date(2024, 12, 31))
    after = unit_on(hue, dt.date(2025, 1, 1))
    assert (before.name, before.full_name, before.committee, before.is_city) == \
        ("Thừa Thiên Huế", "tỉnh Thừa Thiên Huế", "Tỉnh ủy Thừa Thiên Huế", False)
    assert before.renamed_on is None
    assert (after.name, after.full_name, after.committee, after.is_city) == \
        ("Huế", "thành phố Huế", "Thành ủy Huế", True)
    assert after.renamed_on == dt.date(2025, 1, 1)
    # The slug and code identify the unit whatever its name.
    assert (after.slug, after.gso_code) == (hue.slug, hue.gso_code)


def test_renaming_does_not_change_the_register():
    unit_on(OLD["thua-thien-hue"], dt.date(2025, 3, 1))
    assert register_63()["thua-thien-hue"].name == "Thừa Thiên Huế"


def test_other_units_are_not_renamed():
    for slug in ("thanh-hoa", "ha-noi", "da-nang"):
        assert unit_on(OLD[slug], dt.date(2025, 6, 30)) == OLD[slug]


def test_place_carries_its_level_for_a_persons_name_or_one_syllable():
    # HD 36 §1.4.1: "Ghi thêm cấp hành chính trước địa danh … địa danh mang tên người, địa danh
    # một âm tiết …", with "Thành phố Huế" as its own example.
    assert OLD["ho-chi-minh"].place == "Thành phố Hồ Chí Minh"
    assert NEW["ho-chi-minh"].place == "Thành phố Hồ Chí Minh"
    assert NEW["hue"].place == "Thành phố Huế"
    assert OLD["thanh-hoa"].place == "Thanh Hóa"
    assert OLD["ha-noi"].place == "Hà Nội"
    others = [unit for register in (OLD, NEW) for unit in register.values() if unit.slug not in ("ho-chi-minh", "hue")]
    assert all(unit.place == unit.name for unit in others)


@pytest.mark.parametrize("register", [register_63, register_34], ids=["63", "34"])
def test_committee_word_matches_the_kind_of_unit(register):
    for unit in register().values():
        word = "Thành ủy" if unit.is_city else "Tỉnh ủy"
        assert unit.committee.startswith(word + " "), unit.slug
        assert unit.committee_word == word
        assert unit.unit_word == ("thành phố" if unit.is_city else "tỉnh")
        assert unit.full_name.lower().startswith(unit.unit_word + " "), unit.slug
        assert unit.committee.endswith(unit.name), unit.slug


def test_five_cities_before_and_six_after():
    assert {s for s, u in OLD.items() if u.is_city} == {"ha-noi", "hai-phong", "da-nang", "ho-chi-minh", "can-tho"}
    assert {s for s, u in NEW.items() if u.is_city} == {"ha-noi", "hai-phong", "hue", "da-nang", "ho-chi-minh",
                                                         "can-tho"}


def test_district_committees_cover_all_63_units():
    committees = district_committees_2021()
    assert set(committees) == set(OLD)
    known = {"quận ủy", "huyện ủy", "thị ủy", "thành ủy", "Thành ủy Thủ Đức"}
    assert all(kinds and set(kinds) <= known for kinds in committees.values())
    # inside the Thành ủy Thành phố Hồ Chí Minh's own document, its one city's committee by name
    assert committees["ho-chi-minh"] == ("quận ủy", "huyện ủy", "Thành ủy Thủ Đức")


def test_district_committees_are_listed_in_document_order():
    order = ["quận ủy", "huyện ủy", "thị ủy", "thành ủy"]
    for kinds in district_committees_2021().values():
        kinds = ["thành ủy" if kind.startswith("Thành ủy ") else kind for kind in kinds]
        assert kinds == sorted(kinds, key=order.index)


def test_district_committees_of_known_units():
    # Hà Nội had quận, huyện and one thị xã (Sơn Tây) but no provincial city in 2021;
    # Thanh Hóa had no quận.
    assert district_committees_2021()["ha-noi"] == ("quận ủy", "huyện ủy", "thị ủy")
    assert district_committees_2021()["thanh-hoa"] == ("huyện ủy", "thị ủy", "thành ủy")
    assert "quận ủy" not in district_committees_2021()["ha-giang"]


def test_slugs_of_the_34_reuse_only_their_own_former_units():
    # A new slug that reused an old one for a different unit would make old files build the
    # wrong unit; only "hue" is new, and every other slug of the 34 names its own former unit.
    assert set(NEW) - set(OLD) == {"hue"}
    for slug, unit in NEW.items():
        if slug in OLD:
            assert OLD[slug].name in unit.formed_from


def test_before_july_1989_three_pairs_of_provinces_were_one():
    import datetime as dt

    from generator.read.register import unit_on
    before, after = dt.date(1988, 7, 14), dt.date(1989, 7, 1)
    for slug, then in (("khanh-hoa", "tỉnh Phú Khánh"), ("phu-yen", "tỉnh Phú Khánh"), ("binh-dinh", "tỉnh Nghĩa Bình"),
                       ("quang-ngai", "tỉnh Nghĩa Bình"), ("quang-tri", "tỉnh Bình Trị Thiên"),
                       ("thua-thien-hue", "tỉnh Bình Trị Thiên")):
        assert unit_on(OLD[slug], before).full_name == then, slug
        assert unit_on(OLD[slug], after).full_name == OLD[slug].full_name, slug
