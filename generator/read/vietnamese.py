"""Vietnamese text hygiene: legacy-encoded text (TCVN3/ABC, VNI) and house-style normalisation.

Text copied from old documents typed with .VnTime (TCVN3) or VNI-Times fonts arrives as Latin-1
look-alikes ("Thanh Ho¸", "Haø Noäi"); it must be caught, never printed into a Party document.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# --- TCVN3 (ABC): one Latin-1 code per Vietnamese letter; upper-case toned vowels share the
# lower-case codes (they were drawn by a separate upper-case font).
_TCVN3_PAIRS = (
    "µà ¸á ¶ả ·ã ¹ạ ¨ă »ằ ¾ắ ¼ẳ ½ẵ Æặ ©â Çầ Êấ Èẩ Éẫ Ëậ ®đ Ìè Ðé Îẻ Ïẽ Ñẹ ªê Òề Õế Óể Ôễ Öệ "
    "×ì Ýí Øỉ Üĩ Þị ßò ãó áỏ âõ äọ «ô åồ èố æổ çỗ éộ ¬ơ êờ íớ ëở ìỡ îợ ïù óú ñủ òũ ôụ "
    "\u00adư õừ øứ öử ÷ữ ùự úỳ ýý ûỷ üỹ þỵ ¡Ă ¢Â §Đ £Ê ¤Ô ¥Ơ ¦Ư"
)
TCVN3 = {pair[0]: pair[1] for pair in _TCVN3_PAIRS.split(" ")}

# --- VNI: a base letter followed by a mark character; a few letters are single codes.
_TONES = {"ù": "\u0301", "ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ï": "\u0323"}
_CIRCUMFLEX = {"â": "", "á": "\u0301", "à": "\u0300", "å": "\u0309", "ã": "\u0303", "ä": "\u0323"}
_BREVE = {"ê": "", "é": "\u0301", "è": "\u0300", "ú": "\u0309", "ü": "\u0303", "ë": "\u0323"}
_VNI_SINGLE = {"ô": "ơ", "ö": "ư", "ñ": "đ", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ"}


def _vni_table() -> dict[str, str]:
    table: dict[str, str] = {}
    marked = {"a": [("", _TONES), ("\u0302", _CIRCUMFLEX), ("\u0306", _BREVE)],
              "e": [("", _TONES), ("\u0302", _CIRCUMFLEX)],
              "o": [("", _TONES), ("\u0302", _CIRCUMFLEX)],
              "u": [("", _TONES)], "y": [("", _TONES)],
              "ô": [("", _TONES)], "ö": [("", _TONES)]}
    for base, kinds in marked.items():
        letter = _VNI_SINGLE.get(base, base)
        for modifier, marks in kinds:
            for mark, tone in marks.items():
                for b, m, out in ((base, mark, letter), (base.upper(), mark.upper(), letter.upper())):
                    table[b + m] = unicodedata.normalize("NFC", out + modifier + tone)
    for code, letter in _VNI_SINGLE.items():
        table.setdefault(code, letter)
        table.setdefault(code.upper(), letter.upper())
    return table


VNI = _vni_table()

VIETNAMESE_LATIN1 = set("ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúý")
_VNI_CODES = {ch for sequence in VNI for ch in sequence}
# Codes only TCVN3 uses: proof on their own. Codes TCVN3 shares with VNI: proof only when the
# text shows no VNI pattern.
TCVN3_STRONG = set(TCVN3) - VIETNAMESE_LATIN1 - _VNI_CODES
TCVN3_WEAK = set(TCVN3) - VIETNAMESE_LATIN1 - TCVN3_STRONG
# A VNI mark right after a vowel, in pairs that no Vietnamese word written in Unicode contains
# ("aù", "oä", "uø" …; not "giù", whose "gi" is a consonant: "giùm"), or the VNI đ.
VNI_MARK = re.compile(r"(?<![gG])[iI][øûïåäëüùõØÛÏÅÄËÜÙÕ]|[aeouyôöAEOUYÔÖ][øûïåäëüùõØÛÏÅÄËÜÙÕ]")
VNI_PATTERN = re.compile(VNI_MARK.pattern + r"|[ñÑ]")


def _touching_letters(codes: set[str]) -> re.Pattern[str]:
    """A TCVN3 code inside a word ("Ho¸", "®i"), not a symbol on its own ("§2") or a unit
    after a number ("5 µm")."""
    chars = re.escape("".join(sorted(codes)))
    return re.compile(rf"(?<=[^\W\d_])[{chars}]|(?<!\d)(?<!\d )[{chars}](?=[^\W\d_])")


_TCVN3_STRONG_IN_WORD = _touching_letters(TCVN3_STRONG)
_TCVN3_WEAK_IN_WORD = _touching_letters(TCVN3_WEAK)


def legacy_encoding(text: str) -> str | None:
    """'TCVN3', 'VNI' or None: the legacy encoding this text was typed in, if any."""
    if _TCVN3_STRONG_IN_WORD.search(text):
        return "TCVN3"
    if VNI_MARK.search(text):
        return "VNI"
    if _TCVN3_WEAK_IN_WORD.search(text.replace("ñ", "").replace("Ñ", "")):
        return "TCVN3"
    if re.search(r"[ñÑ]", text):
        return _u_hook_or_d(text)
    return None


def _u_hook_or_d(text: str) -> str:
    """'ñ' alone: TCVN3 'ủ' after a letter ("cña") or before 'y' ("ñy"), which 'đ' never is; else VNI 'đ'."""
    return "TCVN3" if re.search(r"(?<=[^\W\d_])[ñÑ]|[ñÑ][yY]", text) else "VNI"


# A word is Unicode Vietnamese when it has a letter beyond Latin-1 (ư, ơ, đ, ả, ế …): a legacy
# encoding has none, so such a word is never converted.
_UNICODE_LETTER = re.compile(r"[^\x00-\xff]")
_WORD = re.compile(r"\S+")
QUOTES = "\"'“”‘’()[]"       # around a stretch, not part of it


@dataclass(frozen=True)
class LegacyRun:
    """A stretch of a text typed in a legacy encoding: its offsets, encoding and Unicode form, and
    the words next to it that may belong to it or not (Latin-1 letters only, which both Unicode
    and the legacy table read as letters: "Néi" after "Hµ"), left as they are."""

    start: int
    end: int
    encoding: str
    text: str
    unicode: str
    unsure: tuple[str, ...] = ()


def legacy_runs(text: str) -> list[LegacyRun]:
    """The stretches of `text` typed in TCVN3 or VNI, each converted on its own. A word with a
    letter only Unicode has (ư, đ, ế …) is never part of one: "TØnh ñy Thanh Ho¸ giao đồng chí …"
    has one stretch, "TØnh ñy Thanh Ho¸". A stretch runs from the first to the last word that shows
    its encoding; a Latin-1 word next to it ("Néi" after "Hµ", "NguyÔn" before "V¨n") joins it when
    it reads as a Vietnamese word once converted and not as typed, and is reported as unsure when
    neither reading settles it."""
    segments: list[list[re.Match[str]]] = []
    current: list[re.Match[str]] = []
    for match in _WORD.finditer(text):
        if _UNICODE_LETTER.search(match.group()):
            segments.append(current)
            current = []
        else:
            current.append(match)
    segments.append(current)
    found = []
    for words in segments:
        shown = [i for i, word in enumerate(words) if legacy_encoding(word.group())]
        if not shown:
            continue
        first, last = shown[0], shown[-1]
        reading = _best_reading(text[words[first].start():words[last].end()])
        if reading is None:                     # both tables read it as well: leave it, say so
            stretch = text[words[first].start():words[last].end()]
            found.append(LegacyRun(words[first].start(), words[last].end(), "", stretch, stretch,
                                   tuple(stretch.split())))
            continue
        encoding = reading[0]
        last, unsure_after = _widen(words, last, 1, encoding)
        first, unsure_before = _widen(words, first, -1, encoding)
        start, end = words[first].start(), words[last].end()
        while text[start] in QUOTES:
            start += 1
        while text[end - 1] in QUOTES:
            end -= 1
        stretch = text[start:end]
        found.append(LegacyRun(start, end, encoding, stretch, from_legacy(stretch, encoding),
                               unsure_before + unsure_after))
    return found


def _widen(words: list[re.Match[str]], edge: int, step: int, encoding: str) -> tuple[int, tuple[str, ...]]:
    """How far a stretch reaches past `edge` (its last shown word) in direction `step`, and the
    Latin-1 word that stopped it if neither reading settles that word."""
    index = edge + step
    while 0 <= index < len(words):
        word = words[index].group()
        if not word.isascii():
            letters = "".join(ch for ch in word if ch.isalpha())
            if plausible(from_legacy(letters, encoding)) and not plausible(letters):
                edge = index
            else:
                return edge, (() if plausible(letters) else (word,))
        index += step
    return edge, ()


# Enough of Vietnamese spelling to tell a word from garbage, for choosing between two readings of
# a stretch both legacy tables claim: an onset, a vowel cluster (tones removed), a final.
_ONSET = r"(?:ngh|ng|gh|gi|kh|nh|ph|qu|th|tr|ch|[bcdđghklmnpqrstvx])?"
_CLUSTERS = ["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iê", "iu", "oa", "oă", "oe", "oi", "ôi", "ơi", "ua", "uâ", "uê", "ui", "uô", "uơ", "uy", "ưa", "ưi", "ươ", "ưu", "yê", "iêu", "yêu", "oai", "oay", "oeo", "uây", "uôi", "ươi", "ươu", "uya", "uyê"]
_SYLLABLE = re.compile(rf"^{_ONSET}(?P<vowels>{'|'.join(sorted(_CLUSTERS, key=len, reverse=True))})"
                       r"(?P<final>ch|nh|ng|[cmnpt])?$")
_TONES_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def plausible(word: str) -> bool:
    """Whether `word` (letters only, any case) is spelt like a Vietnamese syllable."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    if sum(decomposed.count(mark) for mark in _TONES_MARKS) > 1:
        return False
    base = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONES_MARKS))
    match = _SYLLABLE.match(base)
    if not match:
        return False
    return match["final"] not in ("ch", "nh") or match["vowels"][-1] in "aêiy"


def _reading_score(text: str) -> int:
    return sum(plausible(word) for word in re.findall(r"[^\W\d_]+", text))


def _best_reading(stretch: str) -> tuple[str, str] | None:
    """The encoding and Unicode form of a stretch: the one its codes show, or, where both tables
    read it, the reading with more Vietnamese words; None when that does not decide."""
    shown = legacy_encoding(stretch)
    if shown is None:       # (a stretch is made of words that show an encoding)
        return None
    readings = {encoding: from_legacy(stretch, encoding) for encoding in ("TCVN3", "VNI")}
    if readings["TCVN3"] == readings["VNI"]:
        return shown, readings[shown]
    scores = {encoding: _reading_score(text) for encoding, text in readings.items()}
    if scores["TCVN3"] == scores["VNI"]:
        return (shown, readings[shown]) if _TCVN3_STRONG_IN_WORD.search(stretch) or VNI_MARK.search(stretch) \
            else None
    best = max(scores, key=lambda encoding: scores[encoding])
    return best, readings[best]


def legacy_to_unicode(text: str) -> str:
    """What a text typed in a legacy encoding was meant to say, in the house style: the fix
    `validate` names and the workbench offers."""
    return tidy(from_legacy_runs(text))


def from_legacy_runs(text: str) -> str:
    """`text` with only its legacy stretches converted: Unicode letters are never changed."""
    for run in reversed(legacy_runs(text)):
        text = text[:run.start] + run.unicode + text[run.end:]
    return text


def from_legacy(text: str, encoding: str) -> str:
    """Convert TCVN3 or VNI text to Unicode NFC."""
    if encoding == "TCVN3":
        return unicodedata.normalize("NFC", "".join(TCVN3.get(ch, ch) for ch in text))
    out, i = [], 0
    while i < len(text):
        pair = text[i:i + 2]
        if pair in VNI:
            out.append(VNI[pair])
            i += 2
        else:
            out.append(VNI.get(text[i], text[i]) if text[i] in _VNI_SINGLE or text[i].lower() in _VNI_SINGLE
                       else text[i])
            i += 1
    return unicodedata.normalize("NFC", "".join(out))


# --- House style: modern tone placement on open syllables, clean spacing, typographic quotes.
_OLD_TONE = re.compile(r"(?i)(o|u)([àáảãạèéẻẽẹỳýỷỹỵ])(?![^\W\d_])")
_MOVE = {"à": "a\u0300", "á": "a\u0301", "ả": "a\u0309", "ã": "a\u0303", "ạ": "a\u0323",
         "è": "e\u0300", "é": "e\u0301", "ẻ": "e\u0309", "ẽ": "e\u0303", "ẹ": "e\u0323",
         "ỳ": "y\u0300", "ý": "y\u0301", "ỷ": "y\u0309", "ỹ": "y\u0303", "ỵ": "y\u0323"}
_PAIRS = {"o": "ae", "u": "y"}


def modern_tone_placement(text: str) -> str:
    """'hoá', 'thuỷ', 'khoẻ' → 'hóa', 'thủy', 'khỏe' (open syllables only: 'hoàn', 'quý' stay)."""
    def move(match: re.Match[str]) -> str:
        start = match.start()
        if match.group(1).lower() == "u" and start > 0 and text[start - 1] in "qQ":
            return match.group(0)
        vowel, toned = match.group(1), match.group(2)
        base = _MOVE[toned.lower()]
        if base[0] not in _PAIRS[vowel.lower()]:
            return match.group(0)
        plain = base[0].upper() if toned.isupper() else base[0]
        return unicodedata.normalize("NFC", vowel + base[1]) + plain
    return _OLD_TONE.sub(move, text)


_NEW_TONE = re.compile(r"(?i)(?<!q)(?:[óòỏõọ][ae]|[úùủũụ]y)(?![^\W\d_])")


def has_modern_tone_placement(text: str) -> bool:
    """Whether `text` has an open syllable toned the modern way ('hóa', 'thủy', 'khỏe')."""
    return _NEW_TONE.search(unicodedata.normalize("NFC", text)) is not None


def tidy(text: str) -> str:
    """NFC, modern tone placement, single spaces, no space before punctuation, typographic quotes."""
    text = unicodedata.normalize("NFC", text)
    text = modern_tone_placement(text)
    text = re.sub(r"[ \t]{2,}", " ", text)
    text = re.sub(r" +([,;:.!?)])", r"\1", text)
    text = re.sub(r'"([^"\n]*)"', "\u201c\\1\u201d", text)
    return text


# Học hàm, học vị and honorary titles that a signer's name is written without (HD 36 §5).
ACADEMIC_TITLES = re.compile(r"^(GS|PGS|TS|ThS|KS|BS|CN|TSKH|NGND|NGƯT)\b\.?", re.I)


def has_academic_title(name: str) -> bool:
    """'TS. Nguyễn Văn A', 'PGS.TS Lê B' → True."""
    return bool(ACADEMIC_TITLES.match(name.strip()))


# A whole number as Vietnamese write it: digits, or groups of three after a dot ("20.000" is twenty
# thousand, where YAML and Python would read twenty). A decimal point is a comma in Vietnamese, so
# "20,5" and "2.5" are no whole number; neither is "20,000", which an editor means as English.
_WHOLE_NUMBER = re.compile(r"\s*(?P<sign>[-+]?)(?P<digits>[0-9]+|[0-9]{1,3}(?:\.[0-9]{3})+)\s*")


def whole_number(text: str) -> int | None:
    """20000 for "20000" and "20.000"; None for anything else ("20.0", "1,5", "20,000", "abc")."""
    match = _WHOLE_NUMBER.fullmatch(text)
    if match is None:
        return None
    value = int(match["digits"].replace(".", ""))
    return -value if match["sign"] == "-" else value


# Characters a value must not hold: the C0 and C1 control characters (a NUL or BEL pasted or typed
# by accident breaks the .docx, whose XML cannot carry them), tab and line breaks aside, and the
# Unicode non-characters.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def control_character(text: str) -> str | None:
    """The first control character in `text`, or None."""
    found = _CONTROL.search(text)
    return found.group() if found else None
