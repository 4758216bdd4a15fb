"""Messages: Vietnamese by default, English on request; the catalogs keep up with the code."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from click.testing import CliRunner

from generator import i18n
from generator.cli import cli

from .conftest import PROVINCES

PACKAGE = Path(i18n.__file__).parent
FIELD = re.compile(r"\{[^{}]*\}")


@pytest.fixture(autouse=True)
def vietnamese_again():
    yield
    i18n.set_language("vi")


def catalog(path: Path) -> dict:
    """msgid → translation; a plural entry as its singular msgid → its forms (a tuple)."""
    with path.open("rb") as handle:
        return {m.id if isinstance(m.id, str) else m.id[0]: m.string for m in read_po(handle) if m.id}


def test_every_message_in_the_code_has_an_english_translation_with_the_same_fields():
    english = catalog(PACKAGE / "locale/en/LC_MESSAGES/chuongtrinh.po")
    # The mapping `make catalog` uses (babel.cfg): the workbench's pages are searched too.
    method_map = [("**.py", "python"), ("**/serve/templates/**.html", "jinja2")]
    used = {message if isinstance(message, str) else message[0] for _, _, message, _, _ in [item[:5] for item in
            extract_from_dir(str(PACKAGE), method_map=method_map, keywords={"_": None, "N_": None, "_n": (1, 2)})]}
    assert "Dựng tất cả" in used, "the pages' messages are extracted"
    assert used, "extraction found no messages"
    missing = sorted(m for m in used if not english.get(m) or (isinstance(english[m], tuple) and not all(english[m])))
    assert not missing, f"run `make catalog` and translate: {missing}"
    for message, translation in english.items():
        if "{" in message and message in used:
            for form in translation if isinstance(translation, tuple) else (translation,):
                assert sorted(FIELD.findall(message)) == sorted(FIELD.findall(form)), message


def test_click_catalog_uses_only_clicks_fields():
    for message, translation in catalog(PACKAGE / "locale/vi/LC_MESSAGES/click.po").items():
        assert set(FIELD.findall(translation)) <= set(FIELD.findall(message)), message


@pytest.mark.parametrize("environ, expected", [
    ({}, "vi"), ({"LANG": "C.UTF-8"}, "vi"), ({"LANG": "en_US.UTF-8"}, "en"), ({"LANG": "vi_VN.UTF-8"}, "vi"),
    ({"LANGUAGE": "en", "LANG": "vi_VN"}, "en"), ({"CHUONGTRINH_LANG": "vi", "LANG": "en_GB"}, "vi"),
])
def test_language_from_environment(environ, expected):
    assert i18n.language_from_environment(environ) == expected


def test_messages_in_english_with_lang_en(tmp_path):
    bad = tmp_path / "ha-noi.yaml"
    bad.write_text("slug: ha-noi\ndocument:\n  year: 2021\nsigenr: {}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["--lang", "en", "validate", str(bad)])
    assert result.exit_code == 1
    assert ":4:1: error: key 'sigenr' is not valid here (hint: did you mean 'signer'?)" in result.output
    assert "Checked 1 file: 1 error." in result.output
    # --lang after the subcommand works as well as before it; counts take the form they need.
    after = CliRunner().invoke(cli, ["validate", str(bad), str(bad.parent / "ha-noi.yaml"), "--lang", "en"])
    assert ":4:1: error: key 'sigenr'" in after.output and "Checked 1 file: 1 error." in after.output
    i18n.set_language("vi")


@pytest.mark.parametrize("language, count, phrase", [
    ("en", 1, "1 file"), ("en", 2, "2 files"), ("en", 1552, "1,552 files"),
    ("vi", 1, "1 tệp"), ("vi", 1552, "1.552 tệp")])
def test_a_count_takes_the_form_and_the_digits_of_the_language(language, count, phrase):
    i18n.set_language(language)
    try:
        assert i18n._n("{count} tệp", "{count} tệp", count) == phrase
    finally:
        i18n.set_language("vi")


def test_vietnamese_by_default_including_clicks_own_words():
    i18n.set_language("vi")
    result = CliRunner().invoke(cli, ["build", "--help"], prog_name="chuongtrinh")
    assert result.output.startswith("Cách dùng: chuongtrinh build") and "In hướng dẫn này rồi thoát." in result.output
    unknown = CliRunner().invoke(cli, ["build", "--bogus"])
    assert unknown.exit_code == 2 and "Không có tùy chọn '--bogus'" in unknown.output


def test_documents_stay_vietnamese_whatever_the_language(tmp_path):
    import docx
    result = CliRunner().invoke(cli, ["--lang", "en", "build", "ha-noi", "--provinces", str(PROVINCES),
                                      "-o", str(tmp_path)])
    assert result.exit_code == 0 and "built " in result.output
    document = docx.Document(tmp_path / "ha-noi.docx")
    assert document.paragraphs[0].text == "CHƯƠNG TRÌNH"


def test_numbers_are_written_as_babel_writes_them_in_both_languages():
    """number() writes numbers itself (Babel's locale data costs a third of a no-change run): the
    same text as Babel's, in Vietnamese and in English."""
    from babel.numbers import format_decimal

    from generator.i18n import number, set_language
    try:
        for language in ("vi", "en"):
            set_language(language)
            for value in (0, 5, 999, 1000, 1552, 20000, 1234567, -4321, 12.7, 0.5, 1.25, 2.0, 1234.5678, 0.0004, 3.1005):
                assert number(value) == format_decimal(value, locale=language), (language, value)
    finally:
        set_language(None)
