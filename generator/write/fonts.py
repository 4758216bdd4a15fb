"""The faces a PDF is printed in, checked before and after LibreOffice converts a document.

LibreOffice on Linux takes its faces from fontconfig: for a document in Times New Roman, whatever
fontconfig matches for that name, or a fallback per missing letter. A face without the Vietnamese
letters (Debian's fonts-liberation 1.07) prints "ả, ộ, ệ" from another face: mixed faces, lines that
wrap differently, a page 1 that no longer fits. Before: the face fontconfig gives must have every
character of the document. After: the PDF may embed only faces of the document's font or of the
metric-compatible faces the profile names.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from lxml import etree

from generator.errors import ConverterError, Problem
from generator.i18n import N_, _

INSTALL_HINT = N_("cài phông có đủ chữ Việt: apt-get install fonts-liberation2 (không phải fonts-liberation, "
                  "bản 1.07 thiếu chữ Việt)")
STYLES = ("Regular", "Bold", "Italic", "Bold Italic")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass(frozen=True)
class Face:
    family: str
    file: str
    charset: tuple[tuple[int, int], ...]       # covered code point ranges

    def missing(self, characters: set[str]) -> list[str]:
        return sorted(ch for ch in characters if not any(low <= ord(ch) <= high for low, high in self.charset))


def face_for(font: str, style: str) -> Face | None:
    """The face fontconfig gives for `font` in `style` (None when fontconfig cannot be asked)."""
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        return None
    return _face(fc_match, font, style, os.environ.get("FONTCONFIG_FILE"), os.environ.get("FONTCONFIG_PATH"))


# Asked once per process and configuration: four fc-match runs took 45 ms of each workbench preview.
# (A font installed while the workbench runs is seen once it is started again.)
@lru_cache(maxsize=64)
def _face(fc_match: str, font: str, style: str, config: str | None, path: str | None) -> Face | None:
    try:
        found = subprocess.run([fc_match, "-f", "%{family[0]}|%{file}|%{charset}", f"{font}:style={style}"],
                               capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.TimeoutExpired):
        return None
    family, _, rest = found.partition("|")
    file, _, charset = rest.partition("|")
    return Face(family, file, tuple(_ranges(charset)))


def _ranges(charset: str) -> Iterator[tuple[int, int]]:
    for part in charset.split():
        low, _, high = part.partition("-")
        yield int(low, 16), int(high or low, 16)


def document_font_and_text(path: Path) -> tuple[str | None, set[str]]:
    """The default font of a .docx (w:docDefaults) and every character it shows; (None, {}) for a
    file that is not a readable .docx (LibreOffice will say what it makes of it)."""
    try:
        return _font_and_text(path)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError):
        return None, set()


def _font_and_text(path: Path) -> tuple[str | None, set[str]]:
    with zipfile.ZipFile(path) as package:
        names = set(package.namelist())
        styles = etree.fromstring(package.read("word/styles.xml")) if "word/styles.xml" in names else None
        characters: set[str] = set()
        for name in names:
            if re.fullmatch(r"word/(document|header\d*|footer\d*)\.xml", name):
                root = etree.fromstring(package.read(name))
                characters.update("".join(node.text or "" for node in root.iter(f"{W}t")))
    font = None
    if styles is not None:
        fonts = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
        font = fonts.get(f"{W}ascii") if fonts is not None else None
    return font, {ch for ch in characters if not ch.isspace()}


def check_before(documents: list[Path]) -> None:
    """ConverterError when the face LibreOffice will use for a document's font lacks some of its
    characters, naming them, the face and the package to install."""
    problems = []
    by_font: dict[str, set[str]] = {}
    for document in documents:
        font, characters = document_font_and_text(document)
        if font:
            by_font.setdefault(font, set()).update(characters)
    for font, characters in by_font.items():
        for style in STYLES:
            face = face_for(font, style)
            if face is None:
                continue
            missing = face.missing(characters)
            if missing:
                problems.append(Problem(_("phông {face} ({file}) mà LibreOffice dùng cho {font} {style} thiếu {count} "
                                          "chữ của văn bản: {letters}", face=face.family, file=face.file, font=font,
                                          style=style, count=len(missing), letters=" ".join(missing[:20])),
                                        hint=_(INSTALL_HINT)))
                break
    if problems:
        raise ConverterError(problems)


def embedded_families(pdf: Path) -> list[str]:
    """The faces a PDF embeds, subset prefixes removed ("LiberationSerif-Bold")."""
    pdffonts = shutil.which("pdffonts")
    if pdffonts is None:
        return []
    listing = subprocess.run([pdffonts, str(pdf)], capture_output=True, text=True, timeout=60).stdout
    names = [line.split()[0] for line in listing.splitlines()[2:] if line.strip()]
    return [name.split("+", 1)[-1] for name in names]


def check_after(pdf: Path, accepted: tuple[str, ...]) -> Problem | None:
    """Why the PDF must not be kept: a face not of the accepted families (None when all are)."""
    wanted = {family.replace(" ", "").lower() for family in accepted}
    wrong = sorted({name for name in embedded_families(pdf)
                    if not any(name.replace(" ", "").lower().startswith(family) for family in wanted)})
    if not wrong:
        return None
    return Problem(_("{file} dùng phông {faces}, không phải {wanted}: không giữ bản PDF này", file=pdf.name,
                     faces=", ".join(wrong), wanted=" / ".join(accepted)), hint=_(INSTALL_HINT))
