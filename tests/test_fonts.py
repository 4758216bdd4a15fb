"""PDFs in the right faces, or no PDF: a face without the Vietnamese letters is refused before
converting, and a PDF that embeds another family is not kept. Each case runs under a fontconfig
configuration of its own (FONTCONFIG_FILE), so it behaves the same on any machine."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.write import fonts

from .conftest import PROVINCES

pytestmark = pytest.mark.libreoffice

DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
LIBERATION2 = Path("/usr/share/fonts/truetype/liberation2")
# What Liberation 1.07 has of Vietnamese: Đ đ Ơ ơ Ư ư and the Latin-1 vowels, no ả ộ ệ …
OLD_LIBERATION = "U+0020-007E,U+00A0-00FF,U+0110-0111,U+01A0-01A1,U+01AF-01B0,U+2010-2026"


def _fontconfig(tmp_path: Path, folders: list[Path], alias: str | None) -> Path:
    cache = tmp_path / "cache"
    cache.mkdir(exist_ok=True)
    dirs = "".join(f"<dir>{folder}</dir>" for folder in folders)
    prefer = (f"<alias><family>Times New Roman</family><prefer><family>{alias}</family></prefer></alias>"
              if alias else "")
    config = tmp_path / "fonts.conf"
    config.write_text(f'<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd">'
                      f"<fontconfig>{dirs}<cachedir>{cache}</cachedir>{prefer}</fontconfig>", encoding="utf-8")
    return config


def _old_liberation(folder: Path) -> Path:
    """Liberation Serif cut down to what version 1.07 covers, under the same family name."""
    from fontTools import subset
    folder.mkdir()
    for source in sorted(LIBERATION2.glob("LiberationSerif-*.ttf")):
        subset.main([str(source), f"--unicodes={OLD_LIBERATION}", f"--output-file={folder / source.name}",
                     "--name-IDs=*", "--name-languages=*", "--notdef-outline"])
    return folder


def _build_pdf(tmp_path: Path, monkeypatch, config: Path):
    monkeypatch.setenv("FONTCONFIG_FILE", str(config))
    return CliRunner().invoke(cli, ["build", "thanh-hoa", "--pdf", "-o", str(tmp_path / "out"),
                                    "--provinces", str(PROVINCES)])


def test_a_face_without_vietnamese_letters_is_refused_before_converting(tmp_path, monkeypatch):
    config = _fontconfig(tmp_path, [_old_liberation(tmp_path / "old"), DEJAVU], "Liberation Serif")
    monkeypatch.setenv("FONTCONFIG_FILE", str(config))
    face = fonts.face_for("Times New Roman", "Regular")
    assert face.family == "Liberation Serif" and "ộ" in face.missing({"ộ", "a"})
    result = _build_pdf(tmp_path, monkeypatch, config)
    assert result.exit_code == 1
    assert "thiếu" in result.output and "fonts-liberation2" in result.output, result.output
    assert (tmp_path / "out" / "thanh-hoa.docx").is_file() and not (tmp_path / "out" / "thanh-hoa.pdf").exists()


def test_a_pdf_in_another_family_is_not_kept(tmp_path, monkeypatch):
    # Only DejaVu: it has every letter, but the PDF would not be in Times New Roman's metrics.
    config = _fontconfig(tmp_path, [DEJAVU], None)
    result = _build_pdf(tmp_path, monkeypatch, config)
    assert result.exit_code == 1
    assert "DejaVu" in result.output and "không giữ bản PDF này" in result.output, result.output
    assert "không xuất được PDF" in result.output.splitlines()[-1]
    assert not (tmp_path / "out" / "thanh-hoa.pdf").exists()
    assert not list((tmp_path / "out").glob(".pdf-*"))


def test_the_right_faces_give_a_pdf(tmp_path, monkeypatch):
    config = _fontconfig(tmp_path, [LIBERATION2, DEJAVU], "Liberation Serif")
    result = _build_pdf(tmp_path, monkeypatch, config)
    assert result.exit_code == 0, result.output
    pdf = tmp_path / "out" / "thanh-hoa.pdf"
    assert pdf.is_file()
    assert {name.split("-")[0] for name in fonts.embedded_families(pdf)} == {"LiberationSerif"}


@pytest.mark.skipif(not shutil.which("fc-match") and not os.environ.get("CI"),
                    reason="fontconfig is not installed (CI installs it: there the test runs, or fails)")
def test_the_document_font_and_characters_are_read_from_the_docx(built):
    font, characters = fonts.document_font_and_text(built["thanh-hoa"])
    assert font == "Times New Roman" and {"Đ", "ộ", "ệ"} <= characters
