"""Command-line targets and --date → the documents to build (one Target per output)."""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from generator.errors import UsageError
from generator.read.plan import Target, files_to_validate, plan
from generator.read.register import register_34

SHIPPED = Path(__file__).resolve().parent.parent / "provinces"
COPIED = ("ha-giang", "tuyen-quang", "thanh-hoa", "thua-thien-hue")

BEFORE = dt.date(2025, 6, 30)    # last day of the 63 units
AFTER = dt.date(2025, 7, 1)      # first day of the 34 units


@pytest.fixture
def provinces(tmp_path) -> Path:
    """A provinces directory holding a few of the shipped files."""
    folder = tmp_path / "provinces"
    folder.mkdir()
    for slug in COPIED:
        shutil.copy(SHIPPED / f"{slug}.yaml", folder / f"{slug}.yaml")
    return folder


def by_slug(targets: list[Target]) -> dict[str, Target]:
    return {target.slug: target for target in targets}


# --- Before 1/7/2025: one document per province file ----------------------------------------

def test_without_a_date_every_file_is_one_target(provinces):
    targets = plan((), True, provinces)
    assert sorted(t.slug for t in targets) == sorted(COPIED)
    for target in targets:
        assert target.files == (provinces / f"{target.slug}.yaml",)
        assert target.date is None and target.merged is None


def test_no_targets_means_everything(provinces):
    assert plan((), False, provinces) == plan((), True, provinces)


def test_a_date_before_the_changeover_keeps_the_63_and_carries_the_date(provinces):
    targets = plan((), True, provinces, BEFORE)
    assert sorted(t.slug for t in targets) == sorted(COPIED)
    assert all(t.date == BEFORE and t.merged is None for t in targets)


def test_named_slugs_pick_their_files(provinces):
    [target] = plan(("ha-giang",), False, provinces, BEFORE)
    assert target == Target("ha-giang", (provinces / "ha-giang.yaml",), BEFORE)


def test_a_province_named_twice_is_built_once(provinces):
    targets = plan(("thanh-hoa", "thanh-hoa", str(provinces / "thanh-hoa.yaml")), False, provinces)
    assert [t.slug for t in targets] == ["thanh-hoa"]


def test_a_known_unit_without_a_file_is_refused(provinces):
    # Yên Bái is one of the 63 but has no file in this directory.
    with pytest.raises(UsageError) as caught:
        plan(("yen-bai",), False, provinces)
    assert "yen-bai.yaml" in str(caught.value)


def test_an_unknown_slug_gets_a_suggestion(provinces):
    with pytest.raises(UsageError) as caught:
        plan(("thanh-hao",), False, provinces)
    assert "'thanh-hao'" in str(caught.value) and "'thanh-hoa'" in str(caught.value)


def test_two_files_for_one_province_are_refused(provinces, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copy(provinces / "thanh-hoa.yaml", elsewhere / "thanh-hoa.yaml")
    with pytest.raises(UsageError) as caught:
        plan(("thanh-hoa", str(elsewhere / "thanh-hoa.yaml")), False, provinces)
    assert "'thanh-hoa'" in str(caught.value)


def test_an_empty_provinces_directory_is_refused(tmp_path):
    with pytest.raises(UsageError):
        plan((), True, tmp_path)


# --- From 1/7/2025: the 34 units -----------------------------------------------------------

def test_everything_after_the_changeover_is_the_34_units(provinces):
    targets = plan((), True, provinces, AFTER)
    assert [t.slug for t in targets] == list(register_34())
    assert all(t.date == AFTER for t in targets)


def test_a_merged_unit_is_built_from_all_its_former_provinces(provinces):
    tuyen_quang = by_slug(plan((), True, provinces, AFTER))["tuyen-quang"]
    assert tuyen_quang.merged == register_34()["tuyen-quang"]
    assert tuyen_quang.files == (provinces / "ha-giang.yaml", provinces / "tuyen-quang.yaml")


def test_a_merged_unit_lists_former_files_even_when_missing(provinces):
    # Phú Thọ took in Hòa Bình and Vĩnh Phúc; none of their files is in this directory, but the
    # target still names one file per former province, in the register's order.
    phu_tho = by_slug(plan((), True, provinces, AFTER))["phu-tho"]
    assert phu_tho.merged is not None
    assert phu_tho.files == tuple(provinces / f"{slug}.yaml" for slug in ("hoa-binh", "phu-tho", "vinh-phuc"))


def test_every_merged_target_is_a_merged_unit(provinces):
    targets = plan((), True, provinces, AFTER)
    assert {t.slug for t in targets if t.merged} == {u.slug for u in register_34().values() if u.merged}


def test_an_unmerged_unit_continues_its_one_province_file(provinces):
    targets = by_slug(plan((), True, provinces, AFTER))
    assert targets["thanh-hoa"] == Target("thanh-hoa", (provinces / "thanh-hoa.yaml",), AFTER)
    # Huế continues Thừa Thiên Huế under a new slug.
    assert targets["hue"] == Target("hue", (provinces / "thua-thien-hue.yaml",), AFTER)


def test_a_unit_file_under_34_takes_precedence(provinces):
    own = provinces / "34" / "tuyen-quang.yaml"
    own.parent.mkdir()
    shutil.copy(provinces / "tuyen-quang.yaml", own)
    targets = by_slug(plan((), True, provinces, AFTER))
    # Its own file is its present; the former provinces' files, its history.
    assert targets["tuyen-quang"] == Target("tuyen-quang", (own,), AFTER, merged=register_34()["tuyen-quang"],
                                            history=(provinces / "ha-giang.yaml", provinces / "tuyen-quang.yaml"))
    [named] = plan(("tuyen-quang",), False, provinces, AFTER)
    assert named == targets["tuyen-quang"]


def test_without_a_date_a_unit_named_with_a_file_of_its_own_is_the_unit_of_the_34(provinces):
    """In 2026 "tuyen-quang" is the province of the 34: built from its own file at that file's date,
    with its history; the 2021 province stays one --date away, and a path names the same unit."""
    own = provinces / "34" / "tuyen-quang.yaml"
    own.parent.mkdir()
    own.write_text("slug: tuyen-quang\ndocument: {year: 2026}\n", encoding="utf-8")
    unit = Target("tuyen-quang", (own,), None, merged=register_34()["tuyen-quang"],
                  history=(provinces / "ha-giang.yaml", provinces / "tuyen-quang.yaml"))
    assert plan(("tuyen-quang",), False, provinces) == [unit]
    assert plan((str(own),), False, provinces) == [unit]
    [of_2021] = plan(("tuyen-quang",), False, provinces, BEFORE)
    assert of_2021.files == (provinces / "tuyen-quang.yaml",)
    [ha_giang] = plan(("ha-giang",), False, provinces)                   # no unit of the 34 by that name
    assert ha_giang.files == (provinces / "ha-giang.yaml",)


def test_a_unit_built_at_its_own_files_date_tells_its_history_up_to_that_date(provinces):
    from generator.read.plan import load_target
    own = provinces / "34" / "tuyen-quang.yaml"
    own.parent.mkdir()
    own.write_text("slug: tuyen-quang\ndocument: {year: 2026}\n", encoding="utf-8")
    [target] = plan(("tuyen-quang",), False, provinces)
    province = load_target(target)
    assert province.entry == register_34()["tuyen-quang"] and province.data.document.year == 2026
    assert [p.entry.slug for p in province.predecessors] == ["ha-giang", "tuyen-quang"]
    assert all(p.province is not None for p in province.predecessors)


def test_an_unchanged_old_slug_names_its_continuing_unit(provinces):
    [target] = plan(("thua-thien-hue",), False, provinces, AFTER)
    assert target == Target("hue", (provinces / "thua-thien-hue.yaml",), AFTER)


def test_a_merged_away_slug_points_to_the_new_unit(provinces):
    with pytest.raises(UsageError) as caught:
        plan(("ha-giang",), False, provinces, AFTER)
    message = str(caught.value)
    assert "tuyen-quang" in message and "Hà Giang" in message


def test_the_changeover_day_is_the_first_day_of_the_34(provinces):
    # One day earlier, Hà Giang is still a province of its own.
    [target] = plan(("ha-giang",), False, provinces, BEFORE)
    assert target.slug == "ha-giang"
    with pytest.raises(UsageError):
        plan(("ha-giang",), False, provinces, AFTER)


def test_an_unknown_slug_after_the_changeover_gets_a_suggestion(provinces):
    with pytest.raises(UsageError) as caught:
        plan(("tuyen-quan",), False, provinces, AFTER)
    assert "'tuyen-quang'" in str(caught.value)


def test_a_file_argument_clashing_with_a_unit_is_refused(provinces, tmp_path):
    extra = tmp_path / "thanh-hoa.yaml"
    shutil.copy(provinces / "thanh-hoa.yaml", extra)
    with pytest.raises(UsageError) as caught:
        plan((str(extra),), True, provinces, AFTER)
    assert "'thanh-hoa'" in str(caught.value)


def test_a_missing_file_argument_is_refused(provinces, tmp_path):
    with pytest.raises(UsageError):
        plan((str(tmp_path / "nowhere.yaml"),), False, provinces, AFTER)


# --- files_to_validate ----------------------------------------------------------------------

def test_validate_reads_the_34_files_too(provinces):
    own = provinces / "34" / "hue.yaml"
    own.parent.mkdir()
    shutil.copy(provinces / "thua-thien-hue.yaml", own)
    files = files_to_validate((), provinces)
    assert own in files
    assert {p.stem for p in files} == set(COPIED) | {"hue"}
    assert len(files) == len(COPIED) + 1


def test_validate_named_targets_reads_only_those(provinces):
    assert files_to_validate(("thanh-hoa",), provinces) == [provinces / "thanh-hoa.yaml"]


# --- Target.read: what the manifest hashes --------------------------------------------------

def test_target_read_changes_with_the_date(provinces):
    path = provinces / "thanh-hoa.yaml"
    base = Target.file(path, AFTER).read()
    assert Target.file(path, AFTER).read() == base
    assert Target.file(path, dt.date(2025, 7, 2)).read() != base
    assert Target.file(path).read() != base


def test_target_read_changes_with_the_file(provinces):
    path = provinces / "thanh-hoa.yaml"
    before = Target.file(path, AFTER).read()
    path.write_text(path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert Target.file(path, AFTER).read() != before


def test_target_read_covers_every_former_file(provinces):
    tuyen_quang = by_slug(plan((), True, provinces, AFTER))["tuyen-quang"]
    before = tuyen_quang.read()
    (provinces / "ha-giang.yaml").write_text("slug: ha-giang\n", encoding="utf-8")
    assert tuyen_quang.read() != before


def test_target_read_tolerates_missing_former_files(provinces):
    # A former province without a file is reported when the target is loaded, not here; adding
    # the file later must still change what the manifest sees.
    phu_tho = by_slug(plan((), True, provinces, AFTER))["phu-tho"]
    before = phu_tho.read()
    (provinces / "hoa-binh.yaml").write_text("slug: hoa-binh\n", encoding="utf-8")
    assert phu_tho.read() != before


def test_target_label_names_only_existing_former_files(provinces):
    tuyen_quang = by_slug(plan((), True, provinces, AFTER))["tuyen-quang"]
    (provinces / "ha-giang.yaml").unlink()
    assert "tuyen-quang.yaml" in tuyen_quang.label and "ha-giang" not in tuyen_quang.label

