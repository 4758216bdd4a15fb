"""Conventions live in the profiles, once: the code holds no convention literal, and a fact changed
in a copy of a profile is followed by the writer and the checker alike."""
from __future__ import annotations

import ast
import datetime as dt
import re
from pathlib import Path

import docx
import pytest

from generator.check import Options, check_bytes
from generator.compose.document import compose
from generator.compose.kinds import load_kind
from generator.profiles import load_profile
from generator.read.model import load_province
from generator.write.docx_writer import write_docx

from .conftest import PROVINCES, profile_variant
from .handmade import without_draft_mark

GENERATOR = Path(__file__).resolve().parent.parent / "generator"

# Words and values that belong to a profile; none may appear in a string literal of the code
# (docstrings and comments may quote them as examples).
CONVENTION_LITERALS = [
    r"\bHD36\b", r"\bND30\b", r"\bQD399\b",            # profile names, rule and style prefixes
    r"CTr/TU", r"\bCTr\b", r"KH-LHH",                  # ký hiệu
    r"vi-VN", r"vi_VN",                                # the documents' language
    r"\d+(\.\d+)?\s?(pt|mm|cm)\b",                     # sizes and lengths
    r"ĐẢNG CỘNG SẢN", r"CỘNG HÒA XÃ HỘI", r"Độc lập - Tự do", r"-----",
    r"Nơi nhận:", r"^T/M\b", r"\bTM\.", r"Lưu Văn phòng", r"Lưu: VT",
    r"^Số:?$", r"^Số:?\s*(\d|\{)",
]


def _literals(path: Path):
    """(line, text) of every string constant that is not a docstring."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            yield node.lineno, node.value


def test_no_convention_literal_in_the_code():
    found = []
    for path in sorted(GENERATOR.rglob("*.py")):
        for line, text in _literals(path):
            for pattern in CONVENTION_LITERALS:
                if re.search(pattern, text):
                    found.append(f"{path.relative_to(GENERATOR.parent)}:{line}: {text!r} ({pattern})")
    assert not found, "\n".join(found)


def test_the_search_would_find_a_literal(tmp_path):
    # The test above must be able to fail: the same search over a file with a literal finds it.
    sample = tmp_path / "sample.py"
    sample.write_text('"""Doc "HD36" is fine here."""\nMESSAGE = "phải cỡ 14 pt"\n', encoding="utf-8")
    hits = [(line, text) for line, text in _literals(sample)
            if any(re.search(pattern, text) for pattern in CONVENTION_LITERALS)]
    assert hits == [(2, "phải cỡ 14 pt")]


@pytest.fixture(scope="module")
def thanh_hoa():
    province = load_province(PROVINCES / "thanh-hoa.yaml")
    return compose(province, load_kind(), load_profile("hd36"))


def _recipient_findings(data: bytes, profile) -> list[str]:
    report = check_bytes(data, "x.docx", profile, Options(draft=True))
    return [f.message for f in report.findings if f.rule.endswith("-RECIPIENTS")]


def test_recipients_at_13_pt_are_written_and_expected_by_both(thanh_hoa):
    hd36, bigger = load_profile("hd36"), profile_variant("hd36", {"styles.recipient.size": "13"})
    written = write_docx(thanh_hoa, bigger)
    style = docx.Document(__import__("io").BytesIO(written)).styles[bigger.style_name("recipient")]
    assert style.font.size.pt == 13
    assert _recipient_findings(written, bigger) == []
    # The same document under the shipped rules is now wrong, and the other way round.
    assert any("cỡ 13, phải 12" in message for message in _recipient_findings(written, hd36))
    assert any("cỡ 12, phải 13" in message for message in _recipient_findings(write_docx(thanh_hoa, hd36), bigger))


def test_the_sides_of_the_blocks_are_written_and_expected_by_both(thanh_hoa):
    """The writer's table columns and the checker's SIDES rule follow one fact of the profile: the
    header rows of frame: and signature.recipients_side."""
    hd36 = load_profile("hd36")
    swapped = profile_variant("hd36", {
        "signature.recipients_side": "right",
        "frame.header": [{"left": [{"element": "party_title", "rule": "text"}, {"element": "place_date"}],
                          "right": [{"element": "issuer"}, {"element": "star"}, {"element": "number"},
                                    {"element": "draft_marker"}]}]})
    written = write_docx(thanh_hoa, swapped)
    assert check_bytes(written, "x.docx", swapped, Options(draft=True)).findings == []
    shipped = [f.message for f in check_bytes(written, "x.docx", hd36, Options(draft=True)).findings]
    assert shipped == ['"ĐẢNG CỘNG SẢN VIỆT NAM" và tên cơ quan ban hành đổi chỗ cho nhau: "ĐẢNG CỘNG SẢN VIỆT NAM" '
                       'phải ở bên phải', '"Nơi nhận:" và thể thức đề ký đổi chỗ cho nhau: "Nơi nhận:" phải ở bên trái',
                       "số và ký hiệu ở bên phải, phải ở bên trái", "chỉ dẫn dự thảo ở bên phải, phải ở bên trái",
                       "địa danh, ngày tháng ở bên trái, phải ở bên phải"]


def test_the_date_line_centred_under_the_title_is_written_and_expected_by_both(thanh_hoa):
    right = profile_variant("hd36", {"styles.place_date.align": "right"})
    written = write_docx(thanh_hoa, right)
    assert check_bytes(written, "x.docx", right, Options(draft=True)).findings == []
    shipped = [f.message for f in check_bytes(written, "x.docx", load_profile("hd36"), Options(draft=True)).findings]
    assert shipped == ["dòng ngày tháng phải căn giữa dưới tiêu đề"]


def test_number_and_date_formats_are_written_and_read_by_both(thanh_hoa):
    from dataclasses import replace
    variant = profile_variant("hd36", {"text.number_label": "Số:", "text.date_padded_months": [], "short_name": "X1"})
    dated = replace(thanh_hoa, header=replace(thanh_hoa.header, number=5, date=dt.date(2021, 2, 5)))
    written = write_docx(dated, variant)
    texts = [p.text for table in docx.Document(__import__("io").BytesIO(written)).tables
             for row in table.rows for cell in row.cells for p in cell.paragraphs]
    assert "Số: 05-CTr/TU" in texts and "Thanh Hóa, ngày 05 tháng 2 năm 2021" in texts
    report = check_bytes(written, "x.docx", variant, Options(draft=True))
    assert [str(f) for f in report.findings] == []
    shipped = check_bytes(written, "x.docx", load_profile("hd36"), Options(draft=True))
    messages = {f.rule: f.message for f in shipped.findings}
    assert 'không viết "Số:"' in messages["HD36-NUMBER"] and 'tháng phải viết "02"' in messages["HD36-DATE"]


def test_style_names_and_rule_ids_follow_the_profile(thanh_hoa):
    variant = profile_variant("hd36", {"short_name": "X1"})
    written = write_docx(thanh_hoa, variant)
    names = {style.name for style in docx.Document(__import__("io").BytesIO(written)).styles}
    assert "X1 body" in names and "HD36 body" not in names
    report = check_bytes(without_draft_mark(written), "x.docx", variant)
    assert report.findings and all(f.rule.startswith("X1-") for f in report.findings)
