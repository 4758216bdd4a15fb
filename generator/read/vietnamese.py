"""Vietnamese text hygiene: legacy-encoded text (TCVN3/ABC, VNI) and house-style normalisation.

Text copied from old documents typed with .VnTime (TCVN3) or VNI-Times fonts arrives as Latin-1
look-alikes ("Thanh Ho¸", "Haø Noäi"); it must be caught, never printed into a Party document.
"""
from __future__ import annotations

import re
import unicodedata

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
# ("aù", "oä", "uø" …), or the VNI đ.
VNI_PATTERN = re.compile(r"[aeiouyôöAEIOUYÔÖ][øûïåäëüùõØÛÏÅÄËÜÙÕ]|[ñÑ]")


def _touching_letters(codes: set[str]) -> re.Pattern:
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
    if VNI_PATTERN.search(text):
        return "VNI"
    if _TCVN3_WEAK_IN_WORD.search(text):
        return "TCVN3"
    return None


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
    def move(match: re.Match) -> str:
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
