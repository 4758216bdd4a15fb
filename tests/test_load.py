from pathlib import Path

import pytest

from generator.errors import InputError
from generator.read.source import load_yaml, parse_yaml


def problems(text: str) -> list[str]:
    with pytest.raises(InputError) as caught:
        parse_yaml(text, "t.yaml")
    return [str(p) for p in caught.value.problems]


def test_scalars_stay_strings_and_positions_are_recorded():
    loaded = parse_yaml("a: no\nb:\n  c: 2021-02-05\n  d: [1, ~]\n", "t.yaml")
    assert loaded.data == {"a": "no", "b": {"c": "2021-02-05", "d": ["1", None]}}
    assert loaded.location(("b", "c")).line == 3
    assert str(loaded.location(("b", "d", 1))) == "t.yaml:4:10"


def test_quoted_null_words_are_strings():
    assert parse_yaml('a: "null"\n', "t.yaml").data == {"a": "null"}


def test_duplicate_keys_are_refused_with_both_lines():
    [message] = problems("slug: a\nother: 1\nslug: b\n")
    assert message.startswith("t.yaml:3:1:") and "'slug'" in message and "dòng 1" in message


def test_tabs_in_indentation_are_reported_per_line():
    found = problems("a:\n\tb: 1\n\tc: 2\n")
    assert [m.split(": ")[0] for m in found] == ["t.yaml:2:1", "t.yaml:3:1"]


def test_syntax_error_names_the_line():
    [message] = problems("a: [1, 2\nb: 3\n")
    assert message.startswith("t.yaml:") and "cú pháp YAML" in message


def test_python_tags_and_aliases_are_refused():
    assert "thẻ YAML" in problems("a: !!python/object/apply:os.system [ls]\n")[0]
    bomb = "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n"
    assert any("bí danh" in m for m in problems(bomb))


def test_deep_nesting_is_refused_not_a_crash():
    for text in ("a: " + "[" * 5000 + "]" * 5000 + "\n", "a:\n" + "".join(" " * i + "b:\n" for i in range(1, 2000))):
        assert "lồng nhau quá sâu" in problems(text)[0]


@pytest.mark.parametrize("path", sorted(Path("provinces").glob("*.yaml")), ids=lambda p: p.stem)
def test_libyaml_and_pyyaml_read_a_province_file_alike(path, monkeypatch):
    import yaml

    import generator.read.source as source
    text = path.read_text(encoding="utf-8")
    fast = parse_yaml(text, path.name)
    monkeypatch.setattr(source, "safe_loader", lambda: yaml.SafeLoader)
    slow = parse_yaml(text, path.name)
    assert (fast.data, fast.positions, fast.warnings) == (slow.data, slow.positions, slow.warnings)


def test_empty_file_is_refused():
    assert "tệp rỗng" in problems("# only a comment\n")[0]


def test_bom_and_utf16_are_read(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_bytes("\ufeffa: Hóa\n".encode("utf-8"))
    assert load_yaml(path).data == {"a": "Hóa"}
    path.write_bytes("a: Hòa\n".encode("utf-16"))
    assert load_yaml(path).data == {"a": "Hòa"}


def test_non_utf8_is_refused_with_its_line(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_bytes(b"a: 1\nb: Thanh Ho\xe1\n")
    with pytest.raises(InputError) as caught:
        load_yaml(path)
    assert ":2:" in str(caught.value) and "UTF-8" in str(caught.value)


def test_text_is_normalised_to_nfc_and_modern_tone_placement_with_a_warning():
    decomposed = "Thanh Ho\u0061\u0301"  # 'Thanh Hoá' with a combining accent
    loaded = parse_yaml(f"a: {decomposed}\n", "t.yaml")
    assert loaded.data["a"] == "Thanh Hóa"
    [warning] = loaded.warnings
    assert str(warning).startswith("t.yaml:1:4: cảnh báo: đã chuẩn hóa")


@pytest.mark.parametrize("typed, encoding, meant", [
    ("Thanh Ho¸", "TCVN3", "Thanh Hóa"),
    ("Hµ Néi", "TCVN3", "Hà Nội"),
    ("NguyÔn V¨n A", "TCVN3", "Nguyễn Văn A"),
    ("Haø Noäi", "VNI", "Hà Nội"),
    ("Thanh Hoùa", "VNI", "Thanh Hóa"),
    ("Ñaûng boä tænh", "VNI", "Đảng bộ tỉnh"),
])
def test_legacy_encodings_are_refused_with_the_line_and_the_conversion(typed, encoding, meant):
    [message] = problems(f"slug: ha-noi\nname: {typed}\n")
    assert message.startswith("t.yaml:2:7: lỗi:") and encoding in message and repr(meant) in message
    assert message.endswith("chạy `chuongtrinh validate --fix`)")     # the command line names the command


def test_legacy_detection_leaves_real_vietnamese_alone():
    text = ("Đoàn, quý, hoàn, thuê, tuân, rõ, tù, khuyến, Quảng Ngãi, Đắk Lắk, Bà Rịa - Vũng Tàu, "
            "Thừa Thiên Huế, theo §1F, 5 µm")
    assert parse_yaml(f"a: {text}\n", "t.yaml").data["a"] == text


def test_fix_converts_only_the_legacy_values_in_the_file(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text('a: "Chñ tÞch"\nb: Giaûi thöôûng\nc: "giữ nguyên"  # chú thích\n', encoding="utf-8")
    loaded = load_yaml(path, fix=True)
    assert loaded.data == {"a": "Chủ tịch", "b": "Giải thưởng", "c": "giữ nguyên"}
    assert path.read_text(encoding="utf-8") == 'a: "Chủ tịch"\nb: Giải thưởng\nc: "giữ nguyên"  # chú thích\n'


@pytest.mark.parametrize("typed, tidied", [
    ("Uỷ ban  nhân dân", "Ủy ban nhân dân"), ("khoá X , hoà bình", "khóa X, hòa bình"),
    ('gọi là "Liên hiệp Hội"', "gọi là “Liên hiệp Hội”"), ("đoàn, quý, hoàn", "đoàn, quý, hoàn"),
])
def test_typing_artefacts_are_tidied(typed, tidied):
    assert parse_yaml(f"a: '{typed}'\n", "t.yaml").data["a"] == tidied



def test_tidying_can_be_switched_off_and_then_only_suggests():
    loaded = parse_yaml("a: 'Uỷ ban  tỉnh'\n", "t.yaml", tidy_text=False)
    assert loaded.data["a"] == "Uỷ ban  tỉnh"
    [warning] = loaded.warnings
    assert "nên viết" in str(warning) and "'Ủy ban tỉnh'" in str(warning)


def test_a_file_read_again_gives_what_it_gave_and_a_changed_one_what_it_says_now(tmp_path, monkeypatch):
    """load_yaml keeps what it parsed (the cache folder): the same values and lines the next time, the
    new ones once the file changes, and a file that was tidied warns each time it is read."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    path = tmp_path / "t.yaml"
    path.write_text("a: x\nb:\n  c: [1, 2]\n", encoding="utf-8")
    first, again = load_yaml(path), load_yaml(path)
    assert list((tmp_path / "cache" / "chuongtrinh" / "parsed").iterdir())
    assert (again.data, again.positions, again.warnings) == (first.data, first.positions, first.warnings)
    path.write_text("a: y\nb:\n  c: [1, 2]\n", encoding="utf-8")
    assert load_yaml(path).data["a"] == "y"
    path.write_text("a: 'Uỷ ban  tỉnh'\n", encoding="utf-8")
    assert [len(load_yaml(path).warnings) for _ in range(2)] == [1, 1]


def test_a_build_of_files_read_before_does_not_import_pyyaml(tmp_path):
    """The second run finds the province file, and our own data, parsed in the cache folder."""
    import os
    import subprocess
    import sys
    root = Path(__file__).resolve().parent.parent
    script = ("import sys\n"
              "from pathlib import Path\n"
              "from generator import api\n"
              "api.compose_document(api.load_province(Path(sys.argv[1])), api.load_kind())\n"
              "print('yaml' in sys.modules)\n")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    source = str(root / "provinces" / "ha-noi.yaml")
    runs = [subprocess.run([sys.executable, "-c", script, source], env=env, capture_output=True, text=True, cwd=root,
                           check=True).stdout.strip() for _ in range(2)]
    assert runs == ["True", "False"]
