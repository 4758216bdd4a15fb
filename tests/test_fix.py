"""`validate --fix` converts only what was typed in a legacy encoding: a phrase pasted from an old
document into Unicode text, never a Unicode letter; it keeps the file as written, says each change,
and `--diff` shows the changes without writing."""
from __future__ import annotations

import random
import textwrap

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.read.source import fix_legacy_text
from generator.read.vietnamese import TCVN3, VNI, from_legacy_runs

UNICODE_TEXT = "giao đồng chí Trưởng Ban Tuyên giáo chủ trì"

# Unicode → legacy, for making test input (lower case: TCVN3 draws capitals with another font).
TO_TCVN3 = {unicode: code for code, unicode in TCVN3.items()}
TO_VNI = {unicode: codes for codes, unicode in sorted(VNI.items(), key=lambda item: len(item[0]))}


def tcvn3(text: str) -> str:
    return "".join(TO_TCVN3.get(ch, ch) for ch in text)


def vni(text: str) -> str:
    return "".join(TO_VNI.get(ch, ch) for ch in text)


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def province(tmp_path, value: str):
    path = tmp_path / "thanh-hoa.yaml"
    path.write_text(textwrap.dedent(f"""\
        slug: thanh-hoa
        # chú thích của biên tập viên
        document:
          year: 2021
        extra_tasks:
          leadership:
            - "{value}"   # ghi chú cuối dòng
            - làm giùm tôi việc này
        """), encoding="utf-8")
    return path


@pytest.mark.parametrize("legacy, meant", [
    ("TØnh ñy Thanh Ho¸", "Tỉnh ủy Thanh Hóa"),                 # TCVN3 (ABC)
    ("Thaønh uûy Haø Noäi", "Thành ủy Hà Nội"),                   # VNI
])
def test_a_pasted_legacy_phrase_is_converted_and_nothing_else(tmp_path, legacy, meant):
    path = province(tmp_path, f"{legacy} {UNICODE_TEXT}")
    before = path.read_text(encoding="utf-8")
    result = run("validate", "--fix", str(path))
    assert result.exit_code == 0, result.output
    after = path.read_text(encoding="utf-8")
    assert after == before.replace(legacy, meant)          # comments, order, layout, "giùm" untouched
    assert f":7: cảnh báo: đã chuyển {legacy!r} thành {meant!r}" in result.output


def test_diff_shows_the_changes_and_writes_nothing(tmp_path):
    path = province(tmp_path, f"TØnh ñy Thanh Ho¸ {UNICODE_TEXT}")
    before = path.read_bytes()
    result = run("validate", "--diff", str(path))
    assert result.exit_code == 0
    assert "sẽ chuyển 'TØnh ñy Thanh Ho¸' thành 'Tỉnh ủy Thanh Hóa'" in result.output
    assert path.read_bytes() == before


def test_latin1_words_next_to_a_stretch_join_it_only_when_they_read_as_vietnamese(tmp_path):
    # "Néi" (TCVN3 "Nội") and "NguyÔn" ("Nguyễn") have only Latin-1 letters: they join the stretch
    # because they read as words once converted; "Tuyên", "giáo" read as words as typed and stay.
    assert from_legacy_runs("Thµnh ñy Hµ Néi " + UNICODE_TEXT) == "Thành ủy Hà Nội " + UNICODE_TEXT
    assert from_legacy_runs("đồng chí NguyÔn V¨n A") == "đồng chí Nguyễn Văn A"
    assert from_legacy_runs("Ban Tuyên giáo Ho¸ Tuyên giáo") == "Ban Tuyên giáo Hoá Tuyên giáo"


def test_a_word_that_reads_as_neither_is_left_and_reported(tmp_path):
    path = province(tmp_path, f"TØnh ñy Thanh Ho¸ âé {UNICODE_TEXT}")
    result = run("validate", "--fix", str(path))
    assert "Tỉnh ủy Thanh Hóa âé " + UNICODE_TEXT in path.read_text(encoding="utf-8")
    assert "giữ nguyên 'âé'" in result.output


def test_the_hint_of_the_error_is_the_run_wise_conversion(tmp_path):
    path = province(tmp_path, f"TØnh ñy Thanh Ho¸ {UNICODE_TEXT}")
    result = run("validate", str(path))
    assert result.exit_code == 1
    assert f"đúng ra là 'Tỉnh ủy Thanh Hóa {UNICODE_TEXT}'" in result.output


SYLLABLES = ["tỉnh", "ủy", "thành", "phố", "huyện", "xã", "phường", "đồng", "chí", "trưởng", "ban", "tuyên", "giáo", "chủ", "trì", "phối", "hợp", "liên", "hiệp", "hội", "khoa", "học", "kỹ", "thuật", "trí", "thức", "sáng", "tạo", "đổi", "mới", "nâng", "cao", "chất", "lượng", "hiệu", "quả", "hoạt", "động", "nhiệm", "vụ", "giải", "pháp", "kế", "hoạch", "chương", "trình", "quán", "triệt", "thực", "hiện", "kết", "luận", "chỉ", "thị"]


@pytest.mark.parametrize("encode", [tcvn3, vni], ids=["tcvn3", "vni"])
def test_property_the_unicode_part_survives_a_fix(encode):
    rng = random.Random(7)
    for _ in range(200):
        left = " ".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 6)))
        right = " ".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 6)))
        phrase = " ".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 4)))
        pasted = encode(phrase)
        fixed = from_legacy_runs(f"{left} {pasted} {right}")
        fixed_words = fixed.split()
        # Every Unicode word around the phrase is unchanged; the phrase comes back, except words
        # that were left because they may be either (reported, never corrupted).
        assert fixed_words[:len(left.split())] == left.split(), (pasted, fixed)
        assert fixed_words[-len(right.split()):] == right.split(), (pasted, fixed)
        for got, meant, typed in zip(fixed_words[len(left.split()):], phrase.split(), pasted.split()):
            assert got in (meant, typed), (pasted, fixed)


def test_a_yaml_file_is_changed_only_inside_its_legacy_stretches():
    text = 'a: "TØnh ñy"   # note\nb: |\n  Hµ Néi ®· häp\n  đồng chí\nc: plain\n'
    fixed, changes, unsure = fix_legacy_text(text)
    assert fixed == 'a: "Tỉnh ủy"   # note\nb: |\n  Hà Nội đã họp\n  đồng chí\nc: plain\n'
    assert [line for line, _before, _after in changes] == [1, 3] and unsure == []


@pytest.mark.parametrize("stopper, said", [
    ("lhh:\n  members: nhiều\n", "đã chuyển 'TØnh ñy Thanh Ho¸' thành 'Tỉnh ủy Thanh Hóa'"),   # refused by the model
    ("lhh:\n\tmembers: [1\n", "đã thay Tab thụt lề bằng dấu cách"),                      # YAML broken after the repair
])
def test_a_repair_is_said_even_when_another_error_stops_the_file(tmp_path, stopper, said):
    """Issue 26: the file was changed on disk; that must be told, whatever else is wrong with it."""
    path = province(tmp_path, f"TØnh ñy Thanh Ho¸ {UNICODE_TEXT}")
    path.write_text(path.read_text(encoding="utf-8") + stopper, encoding="utf-8")
    result = run("validate", "--fix", str(path))
    assert result.exit_code == 1 and "lỗi:" in result.output
    assert said in result.output
    assert "\t" not in path.read_text(encoding="utf-8")
