"""Bad input never breaks anything: every broken file gets one clear message at the right line,
exit code 1, no traceback, and no output file is touched.

tests/corpus/<case>/ha-noi.yaml is one broken province file; expect.txt holds the expected
"line:column" (or "-") and the start of the message.
"""
from __future__ import annotations

import random
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.errors import relative

from .conftest import PROVINCES

CORPUS = Path(__file__).parent / "corpus"
CASES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir())


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 30


@pytest.mark.parametrize("case", CASES)
def test_broken_file_gives_one_clear_message_and_touches_nothing(case, tmp_path):
    source = CORPUS / case / "ha-noi.yaml"
    where, fragment = (CORPUS / case / "expect.txt").read_text(encoding="utf-8").splitlines()[:2]
    result = run("validate", str(source))
    assert result.exit_code == 1
    first = result.output.splitlines()[0]
    shown = relative(source)
    location = f"{shown}:{where}: " if where != "-" else f"{shown}: "
    assert first.startswith(location + "lỗi: "), first
    assert fragment in first
    assert "Traceback" not in result.output

    out = tmp_path / "out"
    out.mkdir()
    (out / "ha-noi.docx").write_bytes(b"previous draft")
    before = sorted(p.name for p in out.iterdir())
    built = run("build", str(source), "-o", str(out))
    assert built.exit_code == 1 and "Traceback" not in built.output
    assert (out / "ha-noi.docx").read_bytes() == b"previous draft"
    assert sorted(p.name for p in out.iterdir()) == sorted(before + ["manifest.json"])


def test_a_file_over_the_size_limit_is_refused_before_parsing(tmp_path):
    huge = tmp_path / "ha-noi.yaml"
    huge.write_text("slug: ha-noi\ndocument:\n  year: 2021\n# " + "x" * 1_100_000 + "\n", encoding="utf-8")
    result = run("validate", str(huge))
    assert result.exit_code == 1 and "tệp quá lớn" in result.output


def mutations(original: bytes, count: int, seed: int):
    """Seeded truncations and byte flips of a real province file."""
    rng = random.Random(seed)
    for _ in range(count):
        if rng.random() < 0.5:
            yield original[: rng.randrange(1, len(original))]
        else:
            data = bytearray(original)
            for _ in range(rng.randint(1, 4)):
                data[rng.randrange(len(data))] = rng.randrange(256)
            yield bytes(data)


@pytest.mark.parametrize("seed", range(4))
def test_truncated_and_corrupted_real_files_never_crash(seed, tmp_path):
    original = (PROVINCES / "thua-thien-hue.yaml").read_bytes()
    target = tmp_path / "thua-thien-hue.yaml"
    for variant in mutations(original, 15, seed):
        target.write_bytes(variant)
        result = run("validate", str(target))
        assert result.exit_code in (0, 1), variant
        assert "Traceback" not in result.output
        for line in result.output.splitlines()[:-1]:
            if ": lỗi: " in line:
                assert line.startswith(relative(target)), line
