"""Hostile .docx files (tests/hostile.py) are answered, each within 5 seconds and 300 MiB: with
findings, "không xác định", or refused with exit 4 and a message; never a stall, a crash (exit 3)
or a machine brought down. Measured as a user meets them, one `chuongtrinh check` process each."""
from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from generator.check import UnreadableDocument, check_bytes
from tests import hostile

SECONDS, MIB = 5, 300
READER = Path(__file__).resolve().parent.parent / "generator" / "check" / "reader.py"


@pytest.fixture(scope="session")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    for name, (make, _expected) in hostile.CASES.items():
        (folder / f"{name}.docx").write_bytes(make())
    return folder


@pytest.mark.parametrize("name", list(hostile.CASES))
def test_a_hostile_document_is_answered_in_bounded_time_and_memory(corpus, name):
    code, seconds, peak, error = hostile.measured(
        [sys.executable, "-m", "generator", "check", str(corpus / f"{name}.docx")], timeout=60)
    expected = {0, 1} if hostile.CASES[name][1] == hostile.READ else {4}
    assert code in expected, error
    assert "lỗi nội bộ" not in error
    assert seconds < SECONDS and peak < MIB, (seconds, peak)
    if code == 4:
        assert "không đọc được" in error


@pytest.mark.parametrize("value", hostile.HOSTILE_NUMBERS)
def test_a_number_that_is_no_number_leaves_its_rule_undetermined(value):
    report = check_bytes(hostile.hostile_numbers(value), "so.docx")
    assert report.findings is not None


def test_every_number_the_reader_parses_is_in_the_fuzzed_set():
    """A number read from a new attribute must be added to hostile.NUMERIC_ATTRIBUTES (and so to
    the fuzzing above)."""
    source = READER.read_text(encoding="utf-8")
    read = set(re.findall(r'_int\([^,()]+, "(\w+)"', source)) | set(re.findall(r'as_int\("(\w+)"\)', source))
    read |= set(re.findall(r'_number\(\w+\.get\("(\w+)"\)', source))
    fuzzed = {attribute.split(":")[1] for attributes in hostile.NUMERIC_ATTRIBUTES.values() for attribute in attributes}
    assert read and read <= fuzzed | {"cx"}, read - fuzzed
    assert "w:txbxContent" in hostile._text_box("1") and "posOffset" in source


@pytest.mark.parametrize("part", ["word/styles.xml", "word/theme/theme1.xml", "word/header1.xml",
                                  "word/_rels/document.xml.rels", "word/document.xml"])
@pytest.mark.parametrize("how", ["deflate", "crc"])
def test_a_damaged_part_is_an_unreadable_document_whichever_part_it_is(part, how):
    with pytest.raises(UnreadableDocument, match="hỏng"):
        check_bytes(hostile.damaged(part, how), "hong.docx")


def test_a_header_named_many_times_is_read_once():
    from generator.check.reader import read_docx
    view = read_docx(hostile.header_referenced_many_times(50), "dau-trang.docx")
    assert view.default_header and view.default_header[0].text.startswith("Dòng đầu trang")


def test_limits_are_counted_while_inflating_not_taken_from_the_zip():
    with pytest.raises(UnreadableDocument, match="hỏng|bom zip"):
        check_bytes(hostile.lying_sizes(declared=1_000, actual=20_000_000), "noi-doi.docx")


def test_a_paragraph_holds_its_own_text_not_that_of_the_text_boxes_anchored_in_it():
    from generator.check.reader import read_docx
    view = read_docx(hostile.nested_text_boxes(depth=3, runs=2), "hop-chu.docx")
    texts = [p.text for p in view.paragraphs if p.text]
    assert texts[-1] == "xx" and "xx" not in texts[-4:-1]
