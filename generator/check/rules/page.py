"""The page and its text: paper and margins, the font, Unicode text without leftovers, placeholders."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

from generator.check.reader import Page, Para
from generator.check.rules import MM, THIS_RULE, TONE, Finding, Options, _range, _where, rule
from generator.check.structure import Structure
from generator.i18n import N_, _
from generator.i18n import number as written_number  # (rules.number is the NUMBER rule)
from generator.profiles import Profile
from generator.read.vietnamese import has_modern_tone_placement, modern_tone_placement


@rule("PAGE", N_(
    "Khổ giấy {page}; lề trên / dưới / trái / phải {margins} mm, ở mọi phần (section) của văn bản ({guideline})."))
def page(doc: Structure, profile: Profile, options: Options) -> Iterator[Finding]:
    # A landscape page is allowed for a wide table: the first section's, where a table follows the
    # header; a later section's (an annex) whenever it is turned.
    turned = doc.view.page.landscape and any(para.where == "bảng" and para.index >= len(doc.header)
                                             for para in doc.view.paragraphs)
    yield from _page_findings(doc.view.page, profile, turned, "")
    said: set[str] = set()       # sections set up alike say a fault once, at the first of them
    for number, later in doc.view.later_pages:
        for finding in _page_findings(later, profile, later.landscape,
                                      _("các trang của phần thứ {number} (section)", number=number)):
            if finding.message not in said:
                said.add(finding.message)
                yield finding


def _page_findings(p: Page, profile: Profile, turned: bool, where: str) -> list[Finding]:
    """A landscape page (`turned`) is set either as the portrait page or as the portrait page turned a
    quarter clockwise (bound on its top edge: the binding margin on top); all four margins by one
    reading or the other, not some by each: the reading it comes nearest to is reported."""
    readings = [_reading(p, profile, where, turned, turn) for turn in ((False, True) if turned else (False,))]
    return min(readings, key=len)


def _reading(p: Page, profile: Profile, where: str, landscape: bool, turn: bool) -> list[Finding]:
    want, tolerance, ranges = profile.page, profile.tolerances.length, profile.page.margin_ranges

    def allowed(side: str, value: int) -> tuple[int, int]:
        return ranges.get(side, (value, value))
    top, bottom = allowed("top", want.margin_top), allowed("bottom", want.margin_bottom)
    left, right = allowed("left", want.margin_left), allowed("right", want.margin_right)
    width, height = (want.height, want.width) if landscape else (want.width, want.height)
    if turn:
        top, right, bottom, left = left, top, right, bottom
    found = []
    for name, actual, (low, high) in ((_("chiều rộng trang"), p.width, (width, width)),
                                      (_("chiều cao trang"), p.height, (height, height)),
                                      (_("lề trên"), p.top, top), (_("lề dưới"), p.bottom, bottom),
                                      (_("lề trái"), p.left, left), (_("lề phải"), p.right, right)):
        if actual is None:
            if not where:       # (a later section that says nothing takes the first's)
                found.append(Finding(THIS_RULE, _("không xác định được {name}", name=name), certain=False,
                                     measure=name))
        elif not low - tolerance <= abs(actual) <= high + tolerance:
            found.append(Finding(THIS_RULE, _("{name} {actual} mm (quy định: {expected} mm)", name=name,
                                              actual=written_number(round(abs(actual) / MM, 1)),
                                              expected=_range((round(low / MM), round(high / MM)))),
                                 where, measure=name))
    return found


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
