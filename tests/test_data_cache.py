"""Our YAML data files are kept parsed in the cache folder: the values are yaml's own, a damaged or
unwritable cache is no error, and a changed file is never answered from an older entry."""
import os
import pickle

import yaml

from generator import yaml_loaders
from generator.shipped import data_file

TEXT = "units:\n  an-giang:\n    opened: 2025-09-24\n    term: 2025 - 2030\n    members: 12\n"


def test_values_are_yamls_own_and_the_second_read_comes_from_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    first = yaml_loaders.load_data(TEXT)
    assert first == yaml.safe_load(TEXT)
    entries = list((tmp_path / "chuongtrinh" / "data").iterdir())
    assert len(entries) == 1
    # The entry is what is read the second time (a changed entry would show through).
    entries[0].write_bytes(pickle.dumps({"from": "the cache"}))
    assert yaml_loaders.load_data(TEXT) == {"from": "the cache"}


def test_strings_and_values_are_kept_apart(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert yaml_loaders.load_strings(TEXT)["units"]["an-giang"]["members"] == "12"
    assert yaml_loaders.load_data(TEXT)["units"]["an-giang"]["members"] == 12


def test_a_changed_text_is_parsed_again(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert yaml_loaders.load_data(TEXT)["units"]["an-giang"]["members"] == 12
    assert yaml_loaders.load_data(TEXT.replace("12", "13"))["units"]["an-giang"]["members"] == 13


def test_an_entry_cut_short_is_parsed_again(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    yaml_loaders.load_data(TEXT)
    (entry,) = (tmp_path / "chuongtrinh" / "data").iterdir()
    entry.write_bytes(entry.read_bytes()[:10])
    assert yaml_loaders.load_data(TEXT) == yaml.safe_load(TEXT)


def test_a_cache_folder_that_cannot_be_written_is_no_error(tmp_path, monkeypatch):
    if os.geteuid() == 0:
        # root writes anywhere: a file where the folder should be stands for it.
        (tmp_path / "chuongtrinh").write_text("not a folder")
    else:
        (tmp_path / "chuongtrinh").mkdir()
        (tmp_path / "chuongtrinh").chmod(0o500)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert yaml_loaders.load_data(TEXT) == yaml.safe_load(TEXT)


def test_a_shipped_file_reads_the_same_through_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    text = data_file("congresses.yaml").read_text(encoding="utf-8")
    assert yaml_loaders.load_data(text) == yaml.load(text, Loader=yaml_loaders.safe_loader())
    assert yaml_loaders.load_data(text) == yaml.load(text, Loader=yaml_loaders.safe_loader())


def test_what_a_run_keeps_in_memory_is_bounded():
    """Kept (the writer's paragraphs, the checker's readings, the markup's runs) holds at most its
    limit: full, it starts again, so a long-running workbench or a batch of 6,300 grows no further."""
    from generator.cache import Kept
    kept: Kept[int, str] = Kept(3)
    assert [kept.keep(number, str(number)) for number in range(3)] == ["0", "1", "2"] and len(kept) == 3
    assert kept.keep(3, "3") == "3" and dict(kept) == {3: "3"}
