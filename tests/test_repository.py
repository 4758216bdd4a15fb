"""What the repository holds: text a reviewer can read, no binaries (a wheel once came back in a
later commit after being removed), and the code held to the lint gates' configuration."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Inputs built to be hostile (a NUL byte in a province file): binary on purpose, each one a test case.
HOSTILE_INPUTS = "tests/corpus/"
ARCHIVES = (".whl", ".zip", ".tar", ".gz", ".docx", ".doc", ".pdf", ".png", ".jpg", ".mo", ".pyc", ".so")


def tracked_files() -> list[str]:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        if os.environ.get("CI"):
            pytest.fail("CI runs on a clone: git and the repository must be there")
        pytest.skip("not a git work tree (an unpacked source archive)")
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    return [name for name in listed.decode().split("\0") if name]


def test_no_binary_file_is_tracked():
    binaries = []
    for name in tracked_files():
        path = ROOT / name
        if name.startswith(HOSTILE_INPUTS) or not path.is_file():
            continue
        with path.open("rb") as handle:
            if b"\0" in handle.read(8192):
                binaries.append(name)
    assert binaries == [], "binaries are built or downloaded, never committed"


def test_no_archive_or_build_output_is_tracked():
    assert [name for name in tracked_files() if name.lower().endswith(ARCHIVES)] == []


def test_every_package_of_the_code_is_in_the_wheel():
    """setup.cfg lists the packages a wheel holds: a package folder left out installs nothing of
    it (the editable install of the tests would not notice; `make wheel-check` and this do)."""
    import configparser
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg", encoding="utf-8")
    listed = {line.strip() for line in config["options"]["packages"].splitlines() if line.strip()}
    folders = {".".join(path.parent.relative_to(ROOT).parts) for path in (ROOT / "generator").rglob("__init__.py")}
    assert folders - listed == set()
