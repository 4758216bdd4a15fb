"""The PDF step when LibreOffice is missing or hangs: clear message, .docx still written, nothing left."""
from __future__ import annotations

import subprocess
import time

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.errors import ConverterError
from generator.write import pdf

from .conftest import PROVINCES


def test_missing_libreoffice_says_how_to_install_and_keeps_the_docx(tmp_path, monkeypatch):
    monkeypatch.setattr(pdf, "find_soffice", lambda: None)
    result = CliRunner().invoke(cli, ["build", "ha-noi", "--pdf", "-o", str(tmp_path), "--provinces", str(PROVINCES)])
    assert result.exit_code == 1
    assert "apt-get install libreoffice-writer-nogui" in result.output
    assert (tmp_path / "ha-noi.docx").is_file() and not (tmp_path / "ha-noi.pdf").exists()


@pytest.mark.parametrize("warm", [True, False], ids=["warm-converter", "convert-to"])
def test_a_hanging_converter_is_killed_with_its_children(tmp_path, monkeypatch, warm):
    if not warm:
        monkeypatch.setattr(pdf.office, "uno_python", lambda soffice: None)
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\nsleep 300 &\nsleep 300\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setattr(pdf, "find_soffice", lambda: str(fake))
    document = tmp_path / "x.docx"
    document.write_bytes(b"x")
    started = time.monotonic()
    with pytest.raises(ConverterError) as caught:
        pdf.to_pdf([document], tmp_path / "out", timeout=1)
    assert "không trả lời" in str(caught.value) and time.monotonic() - started < 10
    time.sleep(0.2)
    assert not subprocess.run(["pgrep", "-f", "sleep 300"], capture_output=True, text=True).stdout.strip()
    assert not list((tmp_path / "out").glob(".pdf-*"))
