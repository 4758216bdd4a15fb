"""Every generated document is valid Office Open XML, as a strict consumer (the Open XML SDK's
validator, ported as openxml-audit) reads it: every kind, before and after the 2025 reorganisation."""
from __future__ import annotations

import datetime as dt
import io
import zipfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from openxml_audit import OpenXmlValidator

from generator import api

from .conftest import PROVINCES

AFTER = dt.date(2025, 9, 15)


def _findings(path: str) -> list[str]:
    result = OpenXmlValidator().validate(path)
    return [f"{path}: {error}" for error in result.errors]


def _validate_all(paths: list[Path]) -> list[str]:
    with ProcessPoolExecutor(max_workers=2) as pool:
        return [finding for found in pool.map(_findings, map(str, paths)) for finding in found]


@pytest.fixture(scope="module")
def documents(tmp_path_factory) -> dict[str, list[Path]]:
    """Every kind and era: the 63 and the 34 Chương trình, and the LHH's Kế hoạch of both."""
    out = tmp_path_factory.mktemp("valid")
    built = {}
    for era, date in (("63", None), ("34", AFTER)):
        for kind in ("chuong-trinh-kl93", "ke-hoach-lhh"):
            run = api.build((), out / era, everything=True, provinces_dir=PROVINCES, date=date, kind_name=kind,
                            check=False)
            outcomes = list(run)
            assert all(o.action == "built" for o in outcomes), [str(p) for o in outcomes for p in o.problems]
            built[f"{kind}-{era}"] = [o.output for o in outcomes]
    return built


def test_every_generated_document_is_valid_office_open_xml(documents):
    paths = [path for group in documents.values() for path in group]
    assert len(paths) == 2 * (63 + 34)
    assert _validate_all(paths) == []


def test_the_validator_rejects_a_table_property_out_of_schema_order(documents, tmp_path):
    # The check must be able to fail: the fault every document had before (tblBorders after tblLook).
    source = documents["chuong-trinh-kl93-63"][0]
    with zipfile.ZipFile(source) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    xml = parts["word/document.xml"].decode("utf-8")
    start = xml.index("<w:tblBorders>")
    end = xml.index("</w:tblBorders>") + len("</w:tblBorders>")
    borders = xml[start:end]
    xml = xml[:start] + xml[end:]
    look = xml.index("<w:tblLook")
    after = xml.index(">", look) + 1
    parts["word/document.xml"] = (xml[:after] + borders + xml[after:]).encode("utf-8")
    broken = tmp_path / "broken.docx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        for name, data in parts.items():
            package.writestr(name, data)
    broken.write_bytes(buffer.getvalue())
    assert any("tblBorders" in finding for finding in _findings(str(broken)))
