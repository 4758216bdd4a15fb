"""Profiles: files read with units, merged over the profile they extend, chosen by date."""
from __future__ import annotations

import datetime as dt

import pytest

from generator.errors import InputError
from generator.profiles import load_profile, profile_for, shipped_profiles
from generator.profiles import profile as profile_module

MM = 1440 / 25.4


def test_shipped_profiles_are_the_three_guidelines():
    assert shipped_profiles() == ("hd36", "nd30", "qd399")


def test_lengths_carry_units_and_are_held_in_twips():
    page = load_profile("hd36").page
    assert round(page.margin_left / MM) == 30 and round(page.margin_right / MM) == 15
    assert load_profile("hd36").style("body").space_before == 6 * 20


@pytest.mark.parametrize("value", ["20", "20 px", "mm"])
def test_a_length_without_a_known_unit_is_refused(value):
    with pytest.raises(ValueError):
        profile_module._twips(value)


def test_an_extending_profile_writes_only_its_differences():
    hd36, nd30 = load_profile("hd36"), load_profile("nd30")
    # Inherited key by key: the same page, with the ranges NĐ 30 allows for its margins.
    assert nd30.page.model_copy(update={"margin_ranges": {}}) == hd36.page
    assert nd30.page.margin_ranges["left"] == (round(30 * MM), round(35 * MM))
    assert nd30.style("recipient").size == 11 and hd36.style("recipient").size == 12
    # A style is merged key by key: nd30 changes the size of the body, keeps its indent.
    assert nd30.style("body").first_line_indent == hd36.style("body").first_line_indent
    assert nd30.style("body").sizes == (13, 14) and hd36.style("body").sizes == (14, 15)
    # Its differences are its own, not those of the profile it extends.
    assert all("NĐ 30" in d.source or "S18" in d.source for d in nd30.differences)


def test_ranges_are_written_only_where_the_guideline_allows_one():
    hd36 = load_profile("hd36")
    assert hd36.style("party_title").sizes == (15, 15)        # exactly what the writer writes
    assert hd36.style("kind").sizes == (15, 16) and hd36.style("kind").size == 16


def test_names_prefix_rules_and_styles():
    qd399 = load_profile("qd399")
    assert qd399.rule_id("PAGE") == "QD399-PAGE" and qd399.style_name("body") == "QD399 body"
    assert qd399.kind_symbol("Chương trình") == "CTr" and qd399.kind_symbol("Tờ trình") == "TTr"


@pytest.mark.parametrize("family, date, expected", [
    ("party", dt.date(2021, 2, 5), "hd36"),
    ("party", dt.date(2026, 1, 8), "hd36"),
    ("party", dt.date(2026, 1, 9), "qd399"),
    ("party", dt.date(2010, 1, 1), "hd36"),     # before every profile: the earliest of the family
    ("party", None, "qd399"),                   # no date at all: the latest
    ("nd30", dt.date(2026, 6, 1), "nd30"),
])
def test_profile_in_force_on_a_date(family, date, expected):
    assert profile_for(family, date).id == expected


def test_unknown_family_or_id_is_a_clear_error():
    with pytest.raises(InputError, match="không có bộ quy tắc"):
        profile_for("nonsense", dt.date(2021, 1, 1))
    with pytest.raises(InputError) as caught:
        load_profile("hd99")
    assert "hd36" in str(caught.value)   # the hint lists what there is


def test_a_broken_profile_names_the_file_and_the_key(monkeypatch):
    raw = profile_module._raw("hd36")
    raw["styles"]["body"]["size"] = "mười bốn"
    monkeypatch.setattr(profile_module, "_raw", lambda profile_id, seen=(): raw)
    profile_module.load_profile.cache_clear()
    try:
        with pytest.raises(InputError) as caught:
            profile_module.load_profile("hd36")
        assert "profiles/hd36.yaml" in str(caught.value) and "styles.body.size" in str(caught.value)
    finally:
        monkeypatch.undo()
        profile_module.load_profile.cache_clear()
