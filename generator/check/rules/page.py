"""The page and its text: paper and margins, the font, Unicode text without leftovers, placeholders."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

from generator.check.reader import Para
from generator.check.rules import MM, THIS_RULE, TONE, Finding, Options, _range, _where, rule
from generator.check.structure import Structure
from generator.i18n import N_, _
from generator.i18n import number as written_number  # (rules.number is the NUMBER rule)
from generator.profiles import Profile
from generator.read.vietnamese import has_modern_tone_placement, modern_tone_placement


@rule("PAGE", N_(
    "Khổ giấy {page}; lề trên / dưới / trái / phải {margins} mm ({guideline})."))
def page(doc: Structure, profile: Profile, options: Options) -> Iterator[Finding]:
    p, want, tolerance = doc.view.page, profile.page, profile.tolerances.length
    ranges = want.margin_ranges

    def allowed(side: str, value: int) -> tuple[int, int]:
        return ranges.get(side, (value, value))
    width, height = want.width, want.height
    top, bottom = allowed("top", want.margin_top), allowed("bottom", want.margin_bottom)
    left, right = allowed("left", want.margin_left), allowed("right", want.margin_right)
    turned = bool(p.width and p.height and p.width > p.height and any(
        para.where == "bảng" and para.index >= len(doc.header) for para in doc.view.paragraphs))
    if turned:
        # A landscape page is allowed for a wide table. Bound on its top edge, its margins are
        # the portrait page's turned a quarter clockwise (the binding margin on top); set as
        # on a portrait page, they are right too.
        width, height = height, width
    checks = [(_("chiều rộng trang"), p.width, [(width, width)]),
              (_("chiều cao trang"), p.height, [(height, height)]),
              (_("lề trên"), p.top, [top, left] if turned else [top]),
              (_("lề dưới"), p.bottom, [bottom, right] if turned else [bottom]),
              (_("lề trái"), p.left, [left, bottom] if turned else [left]),
              (_("lề phải"), p.right, [right, top] if turned else [right])]
    for name, actual, ranges_allowed in checks:
        low, high = ranges_allowed[-1]
        if actual is None:
            yield Finding(THIS_RULE, _("không xác định được {name}", name=name), certain=False, measure=name)
        elif not any(lo - tolerance <= abs(actual) <= hi + tolerance for lo, hi in ranges_allowed):
            yield Finding(THIS_RULE, _("{name} {actual} mm (quy định: {expected} mm)", name=name,
                                    actual=written_number(round(abs(actual) / MM, 1)), expected=_range((round(low / MM), round(high / MM)))),
                          measure=name)


@rule("FONT", N_(
    "Toàn văn bản dùng phông {font} (theo chuỗi kế thừa: chữ → kiểu → mặc định, kể cả phông của chủ "
    "đề) ({guideline})."))
def font(doc: Structure, profile: Profile, options: Options) -> Iterator[Finding]:
    wanted = profile.page.font
    wrong: dict[str, Para] = {}      # a font not wanted → the first paragraph that uses it
    unknown = 0
    for para in doc.view.paragraphs + doc.view.default_header:
        for segment in para.segments:
            fonts = {look.font for look in segment.distinct}
            if fonts <= {wanted}:
                continue      # the usual case, decided without looking at each character
            for look, char in zip(segment.looks, segment.text):
                if char.isspace():
                    continue
                if look.font is None:
                    unknown += 1
                elif look.font != wanted and _FACE.sub("", look.font) != wanted:
                    wrong.setdefault(look.font, para)
    for name, para in wrong.items():
        yield Finding(THIS_RULE, _("dùng phông {font}, phải {wanted}", font=name, wanted=wanted), _where(para))
    if unknown:
        yield Finding(THIS_RULE, _("{count} ký tự không xác định được phông", count=unknown), certain=False)


# A face named for a family ("Times New Roman Bold", as some converters write it) prints as that
# family in bold: Word finds no such family and shows the family itself.
_FACE = re.compile(r"\s+(Bold|Italic|Bold Italic|Regular)$", re.I)


@rule("TEXT", N_(
    "Chữ tiếng Việt có dấu, bộ mã Unicode (TCVN 6909:2001); không còn dấu mẫu ({{{{ }}}}, {{% %}}, "
    "[[ ]], \"None\") sót lại. Chữ tổ hợp (không dựng sẵn, NFC) và kiểu đặt dấu thanh (\"Hoá\" hay "
    "\"Hóa\") hướng dẫn không quy định: chỉ báo \"không xác định\", nên dùng chữ dựng sẵn và kiểu mới."))
def text(doc: Structure, profile: Profile, options: Options) -> Iterator[Finding]:
    # Each question asked once of the whole text first, the paragraphs gone through only when it
    # finds something (a line break starts no composition, no tone mark and no template mark, so
    # the answers are the paragraphs' own): most documents have nothing to report.
    whole = "\n".join(para.text for para in doc.view.paragraphs)
    composed = unicodedata.normalize("NFC", whole)
    if whole != composed:
        yield from _decomposed(doc)
    if any(_old_toned(para.text) for para in doc.view.paragraphs):
        yield from _old_tones(doc)
    # (The pattern tries its lookbehind at every character: 1 ms for a draft of ten pages. Text
    # holding none of the marks it looks for has no leftover.)
    if any(mark in whole for mark in LEFTOVER_MARKS) and TEMPLATE_LEFTOVERS.search(whole):
        yield from _leftovers(doc)


@lru_cache(maxsize=4096)      # a batch's drafts share most of their paragraphs
def _old_toned(text: str) -> bool:
    """Whether a paragraph has a syllable toned the old way ("Hoá"): a callback for each candidate
    syllable, so asked once of each distinct paragraph."""
    composed = unicodedata.normalize("NFC", text)
    return modern_tone_placement(composed) != composed


def _decomposed(doc: Structure) -> Iterator[Finding]:
    for para in doc.view.paragraphs:
        if not unicodedata.is_normalized("NFC", para.text):
            # Both forms are Unicode and print alike; only searching and sorting tell them apart.
            yield Finding(THIS_RULE, _("chữ tổ hợp, không ở dạng Unicode dựng sẵn (NFC): in ra như nhau, nhưng tìm "
                                    "kiếm, sắp xếp có thể sai; nên chuyển sang dựng sẵn"), _where(para), certain=False)
            break


def _old_tones(doc: Structure) -> Iterator[Finding]:
    old = [p for p in doc.view.paragraphs if _old_toned(p.text)]
    if old and any(has_modern_tone_placement(p.text) for p in doc.view.paragraphs):
        yield Finding(THIS_RULE, _("{count} đoạn đặt dấu kiểu cũ (\"Hoá\", \"uỷ\") bên cạnh kiểu mới; hướng dẫn không "
                                "quy định kiểu đặt dấu, nên thống nhất kiểu mới", count=len(old)), _where(old[0]),
                      certain=False, measure=TONE)
    elif old:       # consistent old style: the guidelines fix no placement, only this project does
        yield Finding(THIS_RULE, _("{count} đoạn đặt dấu kiểu cũ (\"Hoá\", \"uỷ\"), thống nhất trong cả văn bản; "
                                "nên dùng kiểu mới", count=len(old)), _where(old[0]), certain=False, measure=TONE)


def _leftovers(doc: Structure) -> Iterator[Finding]:
    for para in doc.view.paragraphs:
        leftover = TEMPLATE_LEFTOVERS.search(para.text)
        if leftover:
            yield Finding(THIS_RULE, _("còn dấu của mẫu văn bản: {text}", text=leftover.group()), _where(para))


# What a template engine leaves when a value is missing or a tag is not rendered: {{ }}, {% %},
# [[ ]], a single-brace field ("{ngay_ban_hanh}"), and the words of an empty value.
TEMPLATE_LEFTOVERS = re.compile(r"\{\{|\}\}|\{%|%\}|\[\[|\]\]|\{[A-Za-z_][\w.]*\}|\[object \w+\]"
                                r"|(?<![\w-])(?:None|null|undefined|NaN|nan)(?![\w-])")
LEFTOVER_MARKS = ("{", "}", "[[", "]]", "[object", "None", "null", "undefined", "NaN", "nan")


@rule("PLACEHOLDER", N_(
    "Văn bản chính thức không còn ô cần điền (\"[số hội viên]\" tô màu); bản dự thảo (--draft) được "
    "phép."))
def placeholder(doc: Structure, profile: Profile, options: Options) -> Iterator[Finding]:
    if options.draft:
        return
    opening, closing = re.escape(profile.text.placeholder_open), re.escape(profile.text.placeholder_close)
    # No opening mark inside a hole: from each "[" the search fails at the next "[", so a long
    # run of them is passed over once, not once for each.
    hole = re.compile(f"{opening}[^{opening}{closing}]+{closing}")
    holes = [p for p in doc.view.paragraphs for s in p.segments if s.any("highlight") and hole.search(s.text)]
    if holes:
        yield Finding(THIS_RULE, _("còn {count} đoạn có ô cần điền", count=len(holes)), _where(holes[0]))
