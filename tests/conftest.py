"""Shared fixtures: the project's own provinces, built once per test session."""
from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import textwrap
from pathlib import Path

import pytest

from generator.build import build
from generator.compose.document import compose
from generator.compose.kinds import load_kind
from generator.read.model import load_province

# The suite's own cache folder (compiled templates, reference documents, parsed data; the cache
# folder is read from the environment when used), for it and the commands it runs: a test run
# neither writes into the user's ~/.cache nor reads what an older version of the code left there.
_CACHE = tempfile.mkdtemp(prefix="chuongtrinh-tests-cache-")
os.environ["XDG_CACHE_HOME"] = _CACHE
atexit.register(shutil.rmtree, _CACHE, ignore_errors=True)

ROOT = Path(__file__).resolve().parent.parent
PROVINCES = ROOT / "provinces"
SHIPPED = sorted(p.stem for p in PROVINCES.glob("*.yaml"))


def pytest_collection_modifyitems(config, items):
    """LibreOffice and browser tests skip on a developer machine without those programs; in CI
    (CI=true) they always run, and fail if the programs are missing."""
    if os.environ.get("CI"):
        return
    missing = {"libreoffice": not (shutil.which("soffice") or shutil.which("libreoffice")),
               "browser": not (shutil.which("chromium") and shutil.which("chromedriver"))}
    for item in items:
        for marker, absent in missing.items():
            if absent and marker in item.keywords:
                item.add_marker(pytest.mark.skip(reason=f"{marker}: not installed"))


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> dict[str, Path]:
    """Every shipped province built into one temporary output directory."""
    out = tmp_path_factory.mktemp("output")
    outcomes = list(build(sorted(PROVINCES.glob("*.yaml")), out))
    failures = [str(p) for o in outcomes for p in o.problems]
    assert not failures, failures
    return {o.output.stem: o.output for o in outcomes}


@pytest.fixture
def province_file(tmp_path):
    """Write a province YAML (dedented) under its slug's name and return the path."""
    def write(text: str, name: str = "thanh-hoa.yaml") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path
    return write


@pytest.fixture
def compose_text(province_file):
    """Compose a province written inline and return its tree."""
    def run(text: str, name: str = "thanh-hoa.yaml"):
        return compose(load_province(province_file(text, name)), load_kind())
    return run


def profile_variant(profile_id: str, changes: dict):
    """A shipped profile with some facts changed, as a profile file would say them ("styles.recipient.size")."""
    from generator.profiles import profile as profile_module
    data = profile_module._raw(profile_id)
    for dotted, value in changes.items():
        *parents, key = dotted.split(".")
        node = data
        for part in parents:
            node = node[part]
        node[key] = value
    return profile_module.Profile.model_validate(data)


@pytest.fixture
def few_provinces(tmp_path) -> Path:
    """A provinces folder of three shipped files (Hà Nội, Thanh Hóa, Cần Thơ) the test may change."""
    provinces = tmp_path / "provinces"
    provinces.mkdir()
    for slug in ("ha-noi", "thanh-hoa", "can-tho"):
        shutil.copy(PROVINCES / f"{slug}.yaml", provinces)
    return provinces

