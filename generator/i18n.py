"""Messages → the user's language. Vietnamese is the source text; English comes from a catalog.

Our messages are written in Vietnamese in the code and looked up in
`locale/en/LC_MESSAGES/chuongtrinh.po` for English. click's own words ("Usage:", "Options:")
are English in click and looked up in `locale/vi/LC_MESSAGES/click.po` for Vietnamese.
Catalogs are compiled to .mo on install (`make`); the .po is read when no .mo is there.
Documents are never translated: a Party document is Vietnamese whatever the user's language.
"""
from __future__ import annotations

import gettext
import os
import threading
from collections.abc import Mapping
from functools import cache
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LANGUAGES = ("vi", "en")
_current = {"language": "vi"}
_thread = threading.local()     # a web request's language, in the thread serving it


def language() -> str:
    return getattr(_thread, "language", None) or _current["language"]


def set_thread_language(chosen: str | None) -> None:
    """Messages in `chosen` for what this thread does from now on (the workbench serves each
    browser in its own language); None: the process's language again."""
    _thread.language = chosen if chosen in LANGUAGES else None


def _(message: str, **values: object) -> str:
    """`message` (Vietnamese, with {named} fields) in the current language, fields filled in."""
    if language() == "en":
        message = _catalog("en", "chuongtrinh").get(message) or message
    return message.format(**values) if values else message


def _n(singular: str, plural: str, count: int, **values: object) -> str:
    """A phrase with a count, in the form the count needs ("1 file", "2 files"): Vietnamese has one
    form (singular and plural are the same text), English two, from the catalog's plural entry.
    {count} is the count as the language writes numbers ("1.552" in Vietnamese)."""
    if language() == "en":
        form = _catalog("en", "chuongtrinh").get((singular, 0 if count == 1 else 1))
        message = form or (singular if count == 1 else plural)
    else:
        message = singular
    return message.format(count=number(count), **values)


def number(value: float, language_code: str | None = None) -> str:
    """A number as the user's language (or `language_code`, "vi-VN" as a document's page gives it)
    writes it: 300.000 and 1,5 in Vietnamese, 300,000 and 1.5 in English."""
    code = (language_code or language()).split("-")[0].split("_")[0]
    if code not in ("vi", "en"):
        from babel.numbers import format_decimal
        return format_decimal(value, locale=code)
    # Babel's pattern for both languages (#,##0.###), without loading its locale data: a third of a
    # no-change run went to it.
    grouped = f"{value:,}" if isinstance(value, int) else f"{value:,.3f}".rstrip("0").rstrip(".")
    if grouped in ("-0", ""):
        grouped = "0"
    return grouped if code == "en" else grouped.translate(_VIETNAMESE_MARKS)


_VIETNAMESE_MARKS = str.maketrans({",": ".", ".": ","})


def N_(message: str) -> str:
    """Marks a message for the catalog where it is defined; it is translated where it is used."""
    return message


def set_language(language: str | None) -> str:
    """Switch our messages and click's; None means: from the environment."""
    chosen = language or language_from_environment()
    _current["language"] = chosen if chosen in LANGUAGES else "vi"
    _translate_click()
    return _current["language"]


def language_from_environment(environ: Mapping[str, str] = os.environ) -> str:
    """CHUONGTRINH_LANG, else the POSIX locale variables: English only when they ask for it."""
    explicit = environ.get("CHUONGTRINH_LANG", "")
    if explicit:
        return str(explicit[:2].lower())
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value and value not in ("C", "POSIX") and not value.startswith("C."):
            return "en" if value.lower().startswith("en") else "vi"
    return "vi"


def click_text(message: str) -> str:
    """One of click's own messages (English msgid) in the current language."""
    if language() == "vi":
        return _catalog("vi", "click").get(message) or message
    return message


def _click_ngettext(singular: str, plural: str, count: int) -> str:
    return click_text(singular if count == 1 else plural)


def _translate_click() -> None:
    """click calls gettext's module functions, bound at import in each of its modules."""
    import click
    for module_name in ("core", "decorators", "exceptions", "formatting", "parser", "types", "termui", "utils"):
        module = getattr(click, module_name, None)
        if module is None:
            continue
        if hasattr(module, "_"):
            module._ = click_text
        if hasattr(module, "ngettext"):
            module.ngettext = _click_ngettext


@cache
def _catalog(language: str, domain: str) -> dict[str | tuple[str, int], str]:
    directory = LOCALE_DIR / language / "LC_MESSAGES"
    compiled = directory / f"{domain}.mo"
    if compiled.is_file():
        with compiled.open("rb") as handle:
            translations = gettext.GNUTranslations(handle)
        # A plural entry is kept as (singular, 0) and (singular, 1), as gettext keeps it.
        catalog = translations._catalog  # type: ignore[attr-defined]  # (gettext's own table: no public view)
        return {key: value for key, value in catalog.items() if key and key != ""}
    source = directory / f"{domain}.po"
    if not source.is_file():
        return {}
    from babel.messages.pofile import read_po
    with source.open("rb") as handle:
        catalog = read_po(handle)
    entries: dict[str | tuple[str, int], str] = {}
    for message in catalog:
        if not message.id or not message.string:
            continue
        if isinstance(message.id, str):
            entries[message.id] = str(message.string)
        else:
            entries.update({(message.id[0], index): form for index, form in enumerate(message.string) if form})
    return entries
