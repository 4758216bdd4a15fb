"""The conformance rules. Each has a bare id ("PAGE"; reported with the profile's prefix, "HD36-PAGE"),
its user documentation given at registration (`chuongtrinh check --rules`, in the catalog; its {fields}
filled from the profile), and yields findings. Every expectation comes from the profile the
writer uses: the values it writes, or the range the guideline allows where it allows one.

A finding is a violation, or "không xác định" (cannot determine) when the document does not say
enough to decide (a size inherited from nowhere, a part that cannot be found), or when the rule
itself is reported but unconfirmed.
"""
from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from generator.check import places
from generator.check.reader import Para
from generator.check.structure import Located, Structure, plain, side
from generator.dates import document_date, message_date
from generator.i18n import N_, _
from generator.i18n import number as written_number  # (rules.number is the NUMBER rule)
from generator.profiles import Profile, formats
from generator.read import organisations
from generator.read.register import successor
from generator.read.vietnamese import has_academic_title, has_modern_tone_placement, modern_tone_placement

MM = 1440 / 25.4
PT = 20
EXAMPLE_DATE = dt.date(2021, 2, 5)      # shows both paddings: day 05, month 02


@dataclass(frozen=True)
class Finding:
    rule: str
    message: str
    where: str = ""
    certain: bool = True          # False: cannot determine
    missing: bool = False         # a part not found (which parts a document needs depends on its kind)
    content: bool = False         # a rule of the document's kind (check/content.py), reported apart from layout
    measure: str = ""             # what a PAGE finding measures ("lề trái"), to compare it across profiles

    def __str__(self) -> str:
        where = _(" (ở: {where})", where=self.where) if self.where else ""
        return f"{self.rule}: {self.message}{where}"


@dataclass(frozen=True)
class Options:
    draft: bool = False           # placeholders, blank number and date, "Dự thảo" are fine
    # Bare rule ids ("PAGE") to run only, or to leave out (--select, --ignore); empty: all.
    select: frozenset[str] = frozenset()
    ignore: frozenset[str] = frozenset()

    def runs(self, rule_id: str) -> bool:
        return (not self.select or rule_id in self.select) and rule_id not in self.ignore


Rule = Callable[[Structure, Profile, Options], Iterator[Finding]]
RULES: dict[str, Rule] = {}
DOCUMENTATION: dict[str, str] = {}


def rule(rule_id: str, documentation: str):
    """Registers a rule under its id, with its user documentation (Vietnamese, in the message
    catalog; {fields} filled from the profile)."""
    def register(function: Rule) -> Rule:
        RULES[rule_id] = function
        DOCUMENTATION[rule_id] = documentation
        return function
    return register


def describe(rule_id: str, profile: Profile) -> str:
    """The user documentation of a rule, in the user's language, with the values of `profile` and
    where its guideline states it."""
    text = _(DOCUMENTATION[rule_id], **facts(profile))
    source = profile.rule_sources.get(rule_id)
    return text + _(" Nguồn: {source}.", source=source) if source else text


def facts(profile: Profile) -> dict[str, str]:
    """The convention values the rule texts quote, as a reader wants to see them, in the user's
    language like the rule texts themselves."""
    text, page, style = profile.text, profile.page, profile.style
    indents = style("body").first_line_indents
    return {
        "guideline": profile.name,
        "page": f"{page.width / MM:.0f} × {page.height / MM:.0f} mm",
        "margins": " / ".join(_range(tuple(round(value / MM) for value in page.margin_ranges.get(side, (value, value))))
                              for side, value in (("top", page.margin_top), ("bottom", page.margin_bottom),
                                                  ("left", page.margin_left), ("right", page.margin_right))),
        "font": page.font,
        "party_title": _(" và ").join(f'"{line}"' for line in (text.party_title, text.motto) if line),
        "party_title_size": _range(style("party_title").sizes) + (
            _(", tiêu ngữ cỡ {sizes}", sizes=_range(style('motto').sizes)) if text.motto else ""),
        "issuer_size": _range(style("issuer").sizes),
        "issuer_mark": f'"{text.star}"' if text.star else _("đường kẻ"),
        "number_example": _number_example(profile),
        "date_example": formats.date_line(text, "Thanh Hóa", EXAMPLE_DATE),
        "date_size": _range(style("place_date").sizes),
        "kind_size": _range(style("kind").sizes),
        "subject_size": _range(style("subject").sizes),
        "subject_starts": _("chữ thường") if text.subject_starts == "lower" else _("chữ hoa"),
        "separator": f'"{text.separator}"' if text.separator else _("đường kẻ nét liền"),
        "body_size": _range(style("body").sizes),
        "indent": _range(tuple(round(value / MM, 1) for value in indents)),
        "spacing": f"{(style('body').space_before + style('body').space_after) / PT:g}",
        "line": _line_rule(profile),
        "authorities": ", ".join(f'"{a}"' for a in text.authorities),
        "position_bold": _("đậm") if style("position").bold else _("không đậm"),
        "recipients_label": text.recipients_label,
        "recipients_label_size": _range(style("recipients_label").sizes),
        "recipient_size": _range(style("recipient").sizes),
        "recipient_prefix": text.recipient_prefix.strip(),
        "storage_example": _storage_example(profile),
        "content_end": f'"{text.content_end.mark}"' if text.content_end.mark else _("không quy định"),
        "left_parts": ", ".join(name for name, _key, side in _placed_parts(profile) if side == "left"),
        "right_parts": ", ".join(name for name, _key, side in _placed_parts(profile) if side == "right"),
        "article_words": ", ".join(text.article_words) or "-",
        "heading_labels": ", ".join(formats.heading_label(text, level, 1).strip() for level in sorted(text.heading_labels)),
    }


def _range(values: tuple[float, float]) -> str:
    """'15', '15–16', '10–12,7' in Vietnamese, '10–12.7' in English: the language's decimal sign."""
    low, high = (written_number(value) for value in values)
    return low if low == high else f"{low}–{high}"


def _line_rule(profile: Profile) -> str:
    body = profile.style("body")
    if body.any_line_spacing or body.line_exact is None:
        return _("tùy chọn")
    return _("chính xác (Exactly) từ {size} pt", size=f"{body.line_exact / PT:g}")


def _number_example(profile: Profile, kind: str | None = None, issuer: str = "…") -> str:
    """'Số 05-CTr/…': with the ký hiệu of the document's kind, or of the profile's first kind."""
    return formats.number_line(profile.text, 5, kind or next(iter(profile.text.kind_symbols.values())), issuer)


def _storage_example(profile: Profile) -> str:
    text = profile.text
    return f"{text.recipient_prefix}{formats.storage_line(text, '…')}{text.recipient_terminator}"


def _where(located: Located | Para | None) -> str:
    if located is None:
        return ""
    para = located.paragraph if isinstance(located, Located) else located
    return f"{para.where}, {para.describe()}"


def _missing(rule_id: str, what: str) -> Finding:
    return Finding(rule_id, _("không tìm thấy {what}", what=what), missing=True)


def _size_findings(rule_id: str, located: Located | Para | None, allowed: tuple[float, float], what: str):
    segments = [located.segment] if isinstance(located, Located) else located.segments
    sizes = {size for segment in segments for size in segment.sizes()}
    if None in sizes:
        yield Finding(rule_id, _("không xác định được cỡ chữ của {what}", what=what), _where(located), False)
    wrong = sorted(size for size in sizes if size is not None and not allowed[0] <= size <= allowed[1])
    if wrong:
        yield Finding(rule_id, _("{what} cỡ {sizes}, phải {wanted}", what=what,
                                 sizes=", ".join(f"{w:g}" for w in wrong), wanted=_range(allowed)), _where(located))


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
            yield Finding("PAGE", _("không xác định được {name}", name=name), certain=False, measure=name)
        elif not any(lo - tolerance <= abs(actual) <= hi + tolerance for lo, hi in ranges_allowed):
            yield Finding("PAGE", _("{name} {actual} mm (quy định: {expected} mm)", name=name,
                                    actual=written_number(round(abs(actual) / MM, 1)), expected=_range((round(low / MM), round(high / MM)))),
                          measure=name)


@rule("FONT", N_(
    "Toàn văn bản dùng phông {font} (theo chuỗi kế thừa: chữ → kiểu → mặc định, kể cả phông của chủ "
    "đề) ({guideline})."))
def font(doc: Structure, profile: Profile, options: Options) -> Iterator[Finding]:
    wanted = profile.page.font
    wrong, unknown = {}, 0
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
        yield Finding("FONT", _("dùng phông {font}, phải {wanted}", font=name, wanted=wanted), _where(para))
    if unknown:
        yield Finding("FONT", _("{count} ký tự không xác định được phông", count=unknown), certain=False)


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
    if modern_tone_placement(composed) != composed:
        yield from _old_tones(doc)
    # (The pattern tries its lookbehind at every character: 1 ms for a draft of ten pages. Text
    # holding none of the marks it looks for has no leftover.)
    if any(mark in whole for mark in LEFTOVER_MARKS) and TEMPLATE_LEFTOVERS.search(whole):
        yield from _leftovers(doc)


def _decomposed(doc: Structure) -> Iterator[Finding]:
    for para in doc.view.paragraphs:
        if not unicodedata.is_normalized("NFC", para.text):
            # Both forms are Unicode and print alike; only searching and sorting tell them apart.
            yield Finding("TEXT", _("chữ tổ hợp, không ở dạng Unicode dựng sẵn (NFC): in ra như nhau, nhưng tìm "
                                    "kiếm, sắp xếp có thể sai; nên chuyển sang dựng sẵn"), _where(para), certain=False)
            break


def _old_tones(doc: Structure) -> Iterator[Finding]:
    old = [p for p in doc.view.paragraphs if modern_tone_placement(unicodedata.normalize("NFC", p.text)) !=
           unicodedata.normalize("NFC", p.text)]
    if old and any(has_modern_tone_placement(p.text) for p in doc.view.paragraphs):
        yield Finding("TEXT", _("{count} đoạn đặt dấu kiểu cũ (\"Hoá\", \"uỷ\") bên cạnh kiểu mới; hướng dẫn không "
                                "quy định kiểu đặt dấu, nên thống nhất kiểu mới", count=len(old)), _where(old[0]),
                      certain=False, measure=TONE)
    elif old:       # consistent old style: the guidelines fix no placement, only this project does
        yield Finding("TEXT", _("{count} đoạn đặt dấu kiểu cũ (\"Hoá\", \"uỷ\"), thống nhất trong cả văn bản; "
                                "nên dùng kiểu mới", count=len(old)), _where(old[0]), certain=False, measure=TONE)


def _leftovers(doc: Structure) -> Iterator[Finding]:
    for para in doc.view.paragraphs:
        leftover = TEMPLATE_LEFTOVERS.search(para.text)
        if leftover:
            yield Finding("TEXT", _("còn dấu của mẫu văn bản: {text}", text=leftover.group()), _where(para))


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
        yield Finding("PLACEHOLDER", _("còn {count} đoạn có ô cần điền", count=len(holes)), _where(holes[0]))


@rule("PARTY-TITLE", N_(
    "Tiêu đề {party_title}: in hoa, cỡ {party_title_size}, đậm, góc phải trang đầu, có đường kẻ "
    "ngang nét liền bên dưới ({guideline})."))
def party_title(doc: Structure, profile: Profile, options: Options) -> Iterator[Finding]:
    text, style = profile.text, profile.style
    title = doc.party_title
    if title is None:
        yield _missing("PARTY-TITLE", f"\"{text.party_title}\"")
        return
    yield from _size_findings("PARTY-TITLE", title, style("party_title").sizes, _("tiêu đề"))
    if style("party_title").bold and not title.segment.all("bold"):
        yield Finding("PARTY-TITLE", _("tiêu đề phải in đậm"), _where(title))
    last = title
    if text.motto:
        if doc.motto is None:
            yield _missing("PARTY-TITLE", f"\"{text.motto}\"")
            return
        yield from _size_findings("PARTY-TITLE", doc.motto, style("motto").sizes, _("tiêu ngữ"))
        if style("motto").bold and not doc.motto.segment.all("bold"):
            yield Finding("PARTY-TITLE", _("tiêu ngữ phải in đậm"), _where(doc.motto))
        last = doc.motto
    if not _ruled(doc, last):
        yield Finding("PARTY-TITLE", _("thiếu đường kẻ dưới tiêu đề"), _where(last))


def _ruled(doc: Structure, located: Located) -> bool:
    """A solid line under a header line: its bottom border or the next paragraph's top border, a
    drawing, an underline, or a line of dashes. In a header table the next paragraph is the next
    one in the same column (the Quốc hiệu's cell comes between the issuer and its số), and a line
    drawn as a floating shape may be anchored in any paragraph of the block below it."""
    para = located.paragraph
    below = [p for p in doc.view.paragraphs[para.index + 1:para.index + 12]
             if para.column is None or (p.column is not None and p.column[0] == para.column[0] and p.where == para.where)]
    following = below[0] if below else None
    return bool(para.bottom_border or para.has_drawing or located.segment.all("underline")
                or (following is not None and (following.bottom_border or following.top_border
                                               or re.fullmatch(r"[_—–-]{5,}", plain(following.text))))
                or any(p.has_drawing for p in below[:3]))


@rule("ISSUER", N_(
    "Tên cơ quan ban hành in hoa, cỡ {issuer_size}, đậm, góc trái; dưới là {issuer_mark} "
    "({guideline})."))
def issuer(doc: Structure, profile: Profile, options: Options) -> Iterator[Finding]:
    mark, style = profile.text.star, profile.style("issuer")
    if doc.issuer is None:
        yield _missing("ISSUER", _("tên cơ quan ban hành"))
    else:
        yield from _size_findings("ISSUER", doc.issuer, style.sizes, _("tên cơ quan ban hành"))
        if style.bold and not doc.issuer.segment.all("bold"):
            yield Finding("ISSUER", _("tên cơ quan ban hành phải in đậm"), _where(doc.issuer))
        if not mark and not _ruled(doc, doc.issuer):
            yield Finding("ISSUER", _("thiếu đường kẻ dưới tên cơ quan ban hành"), _where(doc.issuer))
    if mark and doc.star is None:
        yield _missing("ISSUER", _("dấu {mark} dưới tên cơ quan ban hành", mark=f'"{mark}"'))
    elif not mark and doc.star is not None:
        yield Finding("ISSUER", _("văn bản theo {profile} không có dấu {mark} dưới tên cơ quan ban hành",
                                  profile=profile.name, mark=f'"{plain(doc.star.segment.text)}"'), _where(doc.star))


@rule("NUMBER", N_(
    "Số và ký hiệu dạng \"{number_example}\": số có ít nhất hai chữ số (số 0 đứng trước số dưới 10), "
    "ký hiệu tên loại đúng loại văn bản, cỡ chữ và kiểu chữ như quy định ({guideline})."))
def number(doc: Structure, profile: Profile, options: Options) -> Iterator[Finding]:
    located = doc.number
    if located is None:
        yield _missing("NUMBER", _("dòng số và ký hiệu"))
        return
    conventions = profile.text
    text = plain(located.segment.text)
    expected_kind = profile.kind_symbol(plain(doc.kind.text)) if doc.kind is not None else None
    # A công văn has no tên loại to take the symbol from: the example leaves it open.
    example = _number_example(profile, "…" if expected_kind is None and doc.letter else expected_kind)
    label = formats.number_label_of(conventions, text)
    if label is not None and label != conventions.number_label:
        yield Finding("NUMBER", _("viết \"{label}\", không viết \"{wrong}\": {text}", label=conventions.number_label,
                                  wrong=label, text=text), _where(located))
    match = formats.number_pattern(conventions).match(text)
    if not match:
        yield Finding("NUMBER", _("số và ký hiệu không đúng dạng \"{example}\": {text}", example=example, text=text),
                      _where(located))
    else:
        digits = match["number"]
        if not digits and not options.draft:
            yield _unsigned("NUMBER", located)
        if digits and len(digits) < conventions.number_min_digits:
            yield Finding("NUMBER", _("số phải viết đủ {count} chữ số, có số 0 đứng trước: {text}",
                                      count=conventions.number_min_digits, text=text), _where(located))
        if expected_kind and match["kind"] != expected_kind:
            yield Finding("NUMBER", _("ký hiệu {symbol} không khớp tên loại {kind} ({expected})", symbol=match["kind"],
                                      kind=plain(doc.kind.text), expected=expected_kind), _where(located))
    style = profile.style("number")
    yield from _size_findings("NUMBER", located, style.sizes, _("dòng số"))
    yield from _emphasis("NUMBER", located, style, _("dòng số"), ("bold",))


def _emphasis(rule_id: str, located: Located, style, what: str, attributes: tuple[str, ...]) -> Iterator[Finding]:
    """Bold or italic as the role's style has them (only the attributes the guideline fixes for it)."""
    for attribute, yes, no in (("bold", _("{what} phải in đậm"), _("{what} không in đậm")),
                               ("italic", _("{what} phải in nghiêng"), _("{what} không in nghiêng"))):
        if attribute not in attributes:
            continue
        wanted = getattr(style, attribute)
        if wanted and not located.segment.all(attribute):
            yield Finding(rule_id, yes.format(what=what), _where(located))
        elif not wanted and located.segment.any(attribute):
            yield Finding(rule_id, no.format(what=what), _where(located))


@rule("DATE", N_(
    "Địa danh và ngày tháng dạng \"{date_example}\", cỡ {date_size}, căn giữa dưới tiêu đề; ngày dưới "
    "10 và tháng 1, 2 viết số 0 đứng trước (số 0 trước tháng từ 3 trở đi hướng dẫn không nói: chỉ "
    "báo \"không xác định\"); ngày phải có thật; địa danh là tỉnh, thành phố nơi cơ quan ban hành đóng "
    "trụ sở, theo danh mục đơn vị hành chính tại ngày của văn bản ({guideline})."))
def date(doc: Structure, profile: Profile, options: Options) -> Iterator[Finding]:
    located = doc.date
    if located is None:
        yield _missing("DATE", _("dòng địa danh, ngày tháng"))
        return
    conventions = profile.text
    text = plain(located.segment.text)
    line = formats.parse_date_line(conventions, text)
    if line is None:
        yield Finding("DATE", _("dòng ngày tháng không đúng dạng \"{example}\": {text}",
                                example=formats.date_line(conventions, "Thanh Hóa", EXAMPLE_DATE), text=text),
                      _where(located))
    else:
        yield from _place(doc, line, located)
        yield from _day_and_month(line, text, located, conventions, options)
    style = profile.style("place_date")
    alone = len(located.paragraph.segments) == 1 and not located.segment.tabs     # not placed by a tab
    if alone and located.paragraph.align not in (style.align, None):
        yield Finding("DATE", _("dòng ngày tháng phải căn giữa dưới tiêu đề"), _where(located))
    yield from _emphasis("DATE", located, style, _("dòng ngày tháng"), ("italic",))
    yield from _size_findings("DATE", located, style.sizes, _("dòng ngày tháng"))


def _unsigned(rule: str, located: Located) -> Finding:
    """A blank number or day: the file is not yet signed (NĐ 30 Điều 15, HD 36 §1.3: they are given
    when the document is issued) or is a draft, not a fault. Said once for both (check_bytes)."""
    blank = _("số") if rule == "NUMBER" else _("ngày")
    return Finding(rule, unsigned_note(blank), _where(located), certain=False, measure=UNSIGNED)


def unsigned_note(blank: str) -> str:
    return _("văn bản chưa được cấp {blank} (chưa ký ban hành hoặc là dự thảo: không phải lỗi; bản dự thảo thì "
             "kiểm tra như bản dự thảo)", blank=blank)


UNSIGNED = "chưa cấp số, ngày"
# What a finding measures, where a profile's difference may say it is unconfirmed (Difference.measures).
TONE = "kiểu đặt dấu"
STORAGE = "dòng lưu"
SIGNER = "họ tên người ký"      # typed in once the signer is decided: blank in a file not yet signed


def _day_and_month(line: formats.DateLine, text: str, located: Located, conventions,
                   options: Options) -> Iterator[Finding]:
    """The day and month as the profile writes them, of a real date; blank in a draft."""
    if not line.day:          # a draft waiting for its day; the month may already be written
        if not options.draft:
            yield _unsigned("DATE", located)
    elif not (line.day.isdigit() and line.month.isdigit()):
        yield Finding("DATE", _("ngày, tháng phải là số: {text}", text=text), _where(located))
    elif line.date() is None:
        yield Finding("DATE", _("ngày không có thật: {text}", text=text), _where(located))
    else:
        day, month = formats.day_month(conventions, line.date())
        # The guidelines require the zero (day under 10, months 1 and 2); one they do not require
        # ("tháng 03") contradicts only their examples.
        for name, written, wanted in ((_("ngày"), line.day, day), (_("tháng"), line.month, month)):
            if written != wanted:
                extra = written.lstrip("0") == wanted
                yield Finding("DATE", _("{name} phải viết \"{wanted}\": {text}", name=name, wanted=wanted, text=text)
                              if not extra else _("{name} viết \"{written}\", các ví dụ của hướng dẫn viết \"{wanted}\" "
                                                  "(hướng dẫn chỉ quy định thêm số 0 cho ngày dưới 10 và tháng 1, 2): {text}",
                                                  name=name, written=written, wanted=wanted, text=text),
                              _where(located), certain=not extra)


def _place(doc: Structure, line: formats.DateLine, located: Located) -> Iterator[Finding]:
    """A place that is another province than the one the issuer names (a Thanh Hóa committee
    dated "Hà Nội"). A place that names no province (a district, a city) is not judged."""
    when = document_date(line.date(), line.year)
    issuing, named = places.issuing_unit(doc, when), places.unit_of_place(line.place, when)
    if issuing and named and issuing.slug != named.slug:
        yield Finding("DATE", _("địa danh phải là \"{wanted}\", nơi cơ quan ban hành đóng trụ sở, không phải "
                                "\"{place}\"", wanted=issuing.place, place=line.place), _where(located))
    # A draft that leaves its day (or month) blank may be signed on any day of that month (or
    # year): a unit merged away within that span is only undetermined, before it not at all.
    earliest, latest = _date_span(line)
    if latest < organisations.changeover():
        return
    certain = earliest >= organisations.changeover()
    changeover = message_date(organisations.changeover())
    former = places.merged_away(lambda day: places.unit_of_place(line.place, day), when)
    if former is not None:
        yield Finding("DATE", _("địa danh \"{place}\": {unit} đã hợp nhất vào {successor} từ {changeover}, trước ngày "
                                "của văn bản", place=line.place, unit=former.full_name,
                                successor=successor(former).full_name, changeover=changeover), _where(located), certain)
    former = places.merged_away(lambda day: places.issuing_unit(doc, day), when)
    if former is not None:
        yield Finding("DATE", _("cơ quan ban hành thuộc {unit}, đã hợp nhất vào {successor} từ {changeover}, trước "
                                "ngày của văn bản", unit=former.full_name, successor=successor(former).full_name,
                                changeover=changeover), _where(doc.issuer), certain)


def _date_span(line: formats.DateLine) -> tuple[dt.date, dt.date]:
    """The first and last day a date line can mean: one day, a month with its day blank, or a year."""
    if line.date() is not None:
        return line.date(), line.date()
    if line.month.isdigit() and 1 <= int(line.month) <= 12:
        month = int(line.month)
        following = dt.date(line.year + month // 12, month % 12 + 1, 1)
        return dt.date(line.year, month, 1), following - dt.timedelta(days=1)
    return dt.date(line.year, 1, 1), dt.date(line.year, 12, 31)


def _stated_date(doc: Structure, profile: Profile) -> dt.date | None:
    line = formats.parse_date_line(profile.text, plain(doc.date.segment.text)) if doc.date else None
    return document_date(line.date(), line.year) if line else None


@rule("TITLE", N_(
    "Tên loại in hoa, đậm, cỡ {kind_size}, căn giữa; trích yếu đậm, cỡ {subject_size}, căn giữa, mở "
    "đầu bằng {subject_starts}; dưới trích yếu là {separator} ({guideline})."))
def title(doc: Structure, profile: Profile, options: Options) -> Iterator[Finding]:
    text, kind_style, subject_style = profile.text, profile.style("kind"), profile.style("subject")
    if doc.kind is None:
        if doc.unlisted_kind is not None:
            yield Finding("TITLE", _("tên loại \"{kind}\" không có trong danh mục của {profile}: không kiểm tra được "
                                     "ký hiệu và phần trích yếu theo tên loại", kind=plain(doc.unlisted_kind.text),
                                     profile=profile.name), _where(doc.unlisted_kind), certain=False)
        elif not doc.letter:     # a công văn has no tên loại
            yield _missing("TITLE", _("tên loại văn bản (ví dụ CHƯƠNG TRÌNH)"))
        return
    yield from _size_findings("TITLE", doc.kind, kind_style.sizes, _("tên loại"))
    if kind_style.bold and not all(s.all("bold") for s in doc.kind.segments):
        yield Finding("TITLE", _("tên loại phải in đậm"), _where(doc.kind))
    if doc.kind.align != kind_style.align:
        yield Finding("TITLE", _("tên loại phải căn giữa"), _where(doc.kind))
    if not doc.subject:
        yield _missing("TITLE", _("trích yếu"))
    for para in doc.subject:
        yield from _size_findings("TITLE", para, subject_style.sizes, _("trích yếu"))
        if subject_style.bold and not para.all("bold"):
            yield Finding("TITLE", _("trích yếu phải in đậm"), _where(para))
        if para.align != subject_style.align:
            yield Finding("TITLE", _("trích yếu phải căn giữa"), _where(para))
    if doc.subject:
        opening = plain(doc.subject[0].text)
        if opening and formats.subject_opening(text, opening)[0] != opening[0]:
            yield Finding("TITLE", _("trích yếu phải mở đầu bằng {case}", case=_("chữ thường") if text.subject_starts
                                     == "lower" else _("chữ hoa")), _where(doc.subject[0]))
    # A line drawn as a floating shape is anchored in a paragraph near it: the trích yếu's own, or
    # the one after it.
    after = doc.subject[-1].index + 1 if doc.subject else None
    drawn = bool(doc.subject) and (any(p.has_drawing for p in doc.subject) or (
        after < len(doc.view.paragraphs) and doc.view.paragraphs[after].has_drawing))
    if doc.separator is None:
        if not (drawn and not text.separator):
            yield _missing("TITLE", _("{mark} dưới trích yếu", mark=f'"{text.separator}"') if text.separator
                           else _("đường kẻ dưới trích yếu"))
    elif plain(doc.separator.text) != text.separator and not (
            not text.separator and re.fullmatch(r"_{3,}", plain(doc.separator.text))):   # typed, it draws a solid line
        yield Finding("TITLE", _("dưới trích yếu phải là \"{mark}\"", mark=text.separator) if text.separator
                      else _("dưới trích yếu là đường kẻ nét liền, không phải dấu gạch"), _where(doc.separator))


@rule("BODY", N_(
    "Nội dung cỡ {body_size}, dàn đều hai lề, thụt đầu dòng {indent} mm, cách đoạn ít nhất {spacing} "
    "pt, giãn dòng {line}. Báo số đoạn sai cùng đoạn đầu tiên ({guideline})."))
def body(doc: Structure, profile: Profile, options: Options) -> Iterator[Finding]:
    style = profile.style("body")
    low, high = style.sizes
    indent_low, indent_high = style.first_line_indents
    spacing = style.space_before + style.space_after
    paragraphs = [p for p in doc.body if p.text.strip()]
    # A line centred on purpose (a decision's authority line, "QUYẾT ĐỊNH:", a Chương title) is not
    # a paragraph of text: only its size is the body's. Nor is a heading's indent fixed.
    prose = [p for p in paragraphs if not _centred_title(p)]
    in_body = {p.index for p in paragraphs}
    tests = [
        (_("cỡ chữ ngoài {sizes}", sizes=_range(style.sizes)), paragraphs,
         lambda p: any(s is not None and not low <= s <= high for seg in p.segments for s in seg.sizes())),
        (_("không dàn đều hai lề"), prose, lambda p: p.align not in (style.align, None)),
        (_("thụt đầu dòng ngoài {indent} mm", indent=_range((round(indent_low / MM, 1), round(indent_high / MM, 1)))),
         [p for p in prose if not _heading_line(p)],
         lambda p: (start := _first_line_start(p)) is not None and not indent_low - 1 <= start <= indent_high + 1),
        (_("cách đoạn dưới {spacing} pt", spacing=f"{spacing / PT:g}"), prose,
         lambda p: _gap_after(doc.view.paragraphs, in_body, p) < spacing),
    ]
    if not style.any_line_spacing and style.line_exact is not None:
        tests.append((_("giãn dòng không phải chính xác (Exactly) từ {size} pt", size=f"{style.line_exact / PT:g}"),
                      prose, lambda p: p.line_rule != "exact" or (p.line or 0) < style.line_exact))
    for name, judged, wrong in tests:
        offenders = [p for p in judged if wrong(p)]
        if offenders:
            yield Finding("BODY", _("{count}/{total} đoạn {problem}", count=len(offenders),
                                    total=len(paragraphs), problem=name), _where(offenders[0]))


def _centred_title(para: Para) -> bool:
    """A line centred on purpose inside the body: a Chương or Mục title, the authority line and
    "QUYẾT ĐỊNH:" of a decision, a note under a heading ("(Kèm theo …)"); short, and all bold,
    all italic, all capitals or in brackets."""
    text = plain(para.text)
    return (para.align == "center" and len(text) <= 120
            and (para.all("bold") or para.all("italic") or text == text.upper()
                 or (text.startswith("(") and text.endswith(")"))))


def _gap_after(paragraphs: list[Para], in_body: set[int], para: Para) -> float:
    """The space between a paragraph of the body and the next one (Word adds the one's space after
    to the next's space before). After the body's last paragraph (the signature block follows) or
    before a line that is not the body's (`in_body`: the indexes of the body's paragraphs with
    text), there is no gap between paragraphs to judge."""
    if para.index + 1 not in in_body:
        return math.inf
    return (para.after or 0) + (paragraphs[para.index + 1].before or 0)


def _first_line_start(para: Para) -> int | None:
    """Where the first line starts, from the margin: the paragraph's indent and its first line's
    (both set on a paragraph indented as a whole). A line opened with a tab is indented by the tab
    stop, which only Word's layout knows."""
    if para.first_line is None or para.text.startswith("\t"):
        return None
    return (para.left_indent or 0) + para.first_line


def _heading_line(para: Para) -> bool:
    """A heading set on its own line ("I. Nhiệm vụ chung", "Kết quả đánh giá"): short and bold."""
    text = plain(para.text)
    return bool(text) and len(text) <= 100 and para.all("bold")


@rule("HEADINGS", N_(
    "Đề mục đánh số liên tục, không cách quãng, theo các cấp {heading_labels} …; đề mục cấp I in "
    "hoa, đậm; các điểm đánh số lại từ 1 trong mỗi {article_words} ({guideline})."))
def headings(doc: Structure, profile: Profile, options: Options) -> Iterator[Finding]:
    conventions = profile.text
    # HD 36 §1.6.2 and NĐ 30 Phụ lục I: a point is a letter and a closing bracket, "a)"; "a." is not.
    point = next((label for label in conventions.heading_labels.values() if label.style == "letter"), None)
    dotted = [p for p in doc.body if point is not None and point.suffix.strip() != "."
              and _DOTTED_POINT.match(plain(p.text))]
    if dotted:
        mark = plain(dotted[0].text)[0]
        yield _counted([Finding("HEADINGS", _("điểm viết \"{right}\", không viết \"{wrong}\"",
                                              right=mark + point.suffix.strip(), wrong=mark + "."), _where(p))
                        for p in dotted])
    lines = [plain(p.text) for p in doc.body]
    for heading in formats.numbered_headings(conventions, lines):
        para = doc.body[heading.index]
        if heading.level == 1:
            if heading.ordinal != heading.expected:
                yield Finding("HEADINGS", _("mục {found} đứng sau mục {previous}: đánh số không liên tục",
                                            found=heading.match["mark"],
                                            previous=formats.to_roman(heading.expected - 1) or "0"), _where(para))
            words = lines[heading.index][heading.match.end():]
            if words != words.upper() or not para.all("bold"):
                yield Finding("HEADINGS", _("đề mục cấp I phải in hoa, đậm"), _where(para))
        elif heading.ordinal != heading.expected:
            yield Finding("HEADINGS", _("số {found} đứng sau số {previous}: đánh số không liên tục",
                                        found=heading.ordinal, previous=heading.expected - 1), _where(para))


# A point lettered with a full stop: "a. Nội dung …" (one letter of the Vietnamese alphabet).
_DOTTED_POINT = re.compile(r"^[a-eg-iklmnopqrstuvxyđ]\.\s+\S")


@rule("SIGNATURE", N_(
    "Thể thức đề ký: quyền hạn viết {authorities}, in hoa, đậm; chức vụ in hoa, {position_bold}; họ "
    "tên in đậm, không ghi học hàm, học vị ({guideline})."))
def signature(doc: Structure, profile: Profile, options: Options) -> Iterator[Finding]:
    if doc.authority is None and not doc.signed_in_person:
        yield _missing("SIGNATURE", _("thể thức đề ký ({authorities} …)", authorities=", ".join(profile.text.authorities)))
        return
    if doc.authority is not None:
        yield from _authority(doc, profile)
    if doc.position is None:
        yield _missing("SIGNATURE", _("chức vụ người ký"))
    else:
        yield from _emphasis("SIGNATURE", doc.position, profile.style("position"), _("chức vụ người ký"), ("bold",))
    if doc.signer is None:
        yield replace(_missing("SIGNATURE", _("họ tên người ký")), measure=SIGNER)
    else:
        name = plain(doc.signer.segment.text)
        if profile.style("signer_name").bold and not doc.signer.segment.all("bold"):
            yield Finding("SIGNATURE", _("họ tên người ký phải in đậm"), _where(doc.signer))
        if has_academic_title(name):
            yield Finding("SIGNATURE", _("họ tên người ký không ghi học hàm, học vị: {name}", name=name),
                          _where(doc.signer))


def _authority(doc: Structure, profile: Profile) -> Iterator[Finding]:
    text = plain(doc.authority.segment.text)
    prefix = text.split()[0]
    authorities = profile.text.authorities
    if prefix.upper() not in authorities:
        bare = prefix.replace("/", "").rstrip(".").upper()
        good = next((a for a in authorities if a.replace("/", "").rstrip(".") == bare), authorities[0])
        yield Finding("SIGNATURE", _("văn bản theo {profile} viết \"{good}\", không viết \"{bad}\"",
                                     profile=profile.name, good=good, bad=prefix), _where(doc.authority))
    if not doc.authority.segment.all("bold") or text != text.upper():
        yield Finding("SIGNATURE", _("dòng quyền hạn phải in hoa, đậm"), _where(doc.authority))


@rule("RECIPIENTS", N_(
    "\"{recipients_label}\" cỡ {recipients_label_size}; mỗi nơi nhận một dòng cỡ {recipient_size}, bắt "
    "đầu bằng \"{recipient_prefix}\"; dòng cuối là \"{storage_example}\" ({guideline})."))
def recipients(doc: Structure, profile: Profile, options: Options) -> Iterator[Finding]:
    text, style = profile.text, profile.style("recipients_label")
    label = doc.recipients_label
    if label is None:
        yield _missing("RECIPIENTS", f"\"{text.recipients_label}\"")
        return
    if plain(label.segment.text) != text.recipients_label:
        yield Finding("RECIPIENTS", _("viết \"{label}\"", label=text.recipients_label), _where(label))
    quoted = f"\"{text.recipients_label}\""
    for attribute, words in (("underline", _("gạch chân")), ("bold", _("in đậm")), ("italic", _("in nghiêng"))):
        if getattr(style, attribute) and not label.segment.all(attribute):
            yield Finding("RECIPIENTS", _("{label} phải {style}", label=quoted, style=words), _where(label))
        elif not getattr(style, attribute) and label.segment.any(attribute):
            yield Finding("RECIPIENTS", _("{label} không {style}", label=quoted, style=words), _where(label))
    yield from _size_findings("RECIPIENTS", label, style.sizes, quoted)
    items = doc.recipients
    if not items:
        yield _missing("RECIPIENTS", _("danh sách nơi nhận"))
        return
    sized = [f for item in items for f in _size_findings("RECIPIENTS", item, profile.style("recipient").sizes,
                                                          _("nơi nhận"))]
    unprefixed = [Finding("RECIPIENTS", _("mỗi nơi nhận bắt đầu bằng \"{prefix}\"", prefix=text.recipient_prefix),
                          _where(item)) for item in items if not plain(item.segment.text).startswith(text.recipient_prefix)]
    for same in (sized, unprefixed):
        if same:
            yield _counted(same)
    last = plain(items[-1].segment.printed_line())
    if not formats.storage_pattern(text).match(last):
        yield Finding("RECIPIENTS", _("dòng cuối phải là \"{example}\"", example=_storage_example(profile)),
                      _where(items[-1]), measure=STORAGE)
    elif not last.endswith(text.recipient_terminator):
        yield Finding("RECIPIENTS", _("dòng lưu phải kết thúc bằng dấu \"{mark}\"", mark=text.recipient_terminator),
                      _where(items[-1]), measure=STORAGE)
    yield from _storage_office(doc, profile, items[-1])


def _storage_office(doc: Structure, profile: Profile, storage: Located) -> Iterator[Finding]:
    """The storage line names the issuing committee's own office ("Lưu Văn phòng Thành ủy" under a
    Tỉnh ủy is another committee's), and its province if it names one."""
    line = plain(storage.segment.text)
    office, own = places.office_committee(line), places.committee(doc.issuer)
    if office and own and office != own:
        yield Finding("RECIPIENTS", _("dòng lưu ghi văn phòng của {office}, văn bản do {own} ban hành: {text}",
                                      office=office.capitalize(), own=own.capitalize(), text=line), _where(storage))
    when = _stated_date(doc, profile)
    if when is None:
        return
    named, issuing = places.unit_in(line, when), places.issuing_unit(doc, when)
    if named and issuing and named.slug != issuing.slug:
        yield Finding("RECIPIENTS", _("dòng lưu ghi văn phòng của {unit}, văn bản của {own}: {text}", unit=named.full_name,
                                      own=issuing.full_name, text=line), _where(storage))


# The parts of the frame as Structure names them, by the profile's element names (frame.header).
_FRAME_PARTS = {"party_title": "party_title", "motto": "motto", "issuer": "issuer", "star": "star",
                "number": "number", "draft_marker": "draft_mark", "place_date": "date"}


def _placed_parts(profile: Profile) -> list[tuple[str, str, str]]:
    """(what a reader calls it, its key, its side) for each part the profile places: the
    header's blocks (frame.header), Nơi nhận and the signature (signature.recipients_side)."""
    sides = {line.element: side for row in profile.frame.header
             for side, lines in (("left", row.left), ("right", row.right)) for line in lines}
    recipients = profile.signature.recipients_side
    sides.update(recipients=recipients, signature="right" if recipients == "left" else "left")
    text = profile.text
    names = {"party_title": f"\"{text.party_title}\"", "issuer": _("tên cơ quan ban hành"),
             "number": _("số và ký hiệu"), "draft_marker": _("chỉ dẫn dự thảo"), "place_date": _("địa danh, ngày tháng"),
             "recipients": f"\"{text.recipients_label}\"", "signature": _("thể thức đề ký")}
    return [(name, key, sides[key]) for key, name in names.items() if key in sides]


@rule("SIDES", N_(
    "Các khối ở đúng bên theo sơ đồ bố trí: {left_parts} bên trái; {right_parts} bên phải, dù đặt "
    "bằng bảng, điểm dừng tab, khung hay hộp chữ ({guideline})."))
def sides(doc: Structure, profile: Profile, options: Options) -> Iterator[Finding]:
    placed = _placed_parts(profile)
    wanted = {key: side for _name, key, side in placed}
    width = doc.view.page.text_width
    parts = {key: getattr(doc, attribute) for key, attribute in _FRAME_PARTS.items() if key in wanted}
    parts.update(recipients=doc.recipients_label, signature=doc.authority or doc.position)
    words = {"left": _("bên trái"), "right": _("bên phải")}
    wrong: dict[str, tuple[str, str, Located]] = {}
    mark = doc.draft_mark
    if mark is not None and "draft_marker" in wanted and mark.paragraph.where == "đầu trang":
        yield Finding("SIDES", _("chỉ dẫn dự thảo phải ở dưới số và ký hiệu, không ở đầu trang"), _where(mark))
        parts.pop("draft_marker")
    for name, key, _side in placed:
        located = parts.get(key)
        actual = side(located, width) if located is not None else None
        if actual is not None and actual != wanted[key]:
            wrong[key] = (name, actual, located)
    for first, second in (("party_title", "issuer"), ("recipients", "signature")):
        if first in wrong and second in wrong:     # the two blocks of one row the wrong way round
            name, located, other = wrong[first][0], wrong.pop(first)[2], wrong.pop(second)[0]
            yield Finding("SIDES", _("{part} và {other} đổi chỗ cho nhau: {part} phải ở {side}", part=name,
                                     other=other, side=words[wanted[first]]), _where(located))
    for key, (name, actual, located) in wrong.items():
        yield Finding("SIDES", _("{part} ở {actual}, phải ở {wanted}", part=name, actual=words[actual],
                                 wanted=words[wanted[key]]), _where(located))


def _counted(findings: list[Finding]) -> Finding:
    """One finding for a fault repeated line after line, at its first line, with the count."""
    first = findings[0]
    if len(findings) == 1:
        return first
    return replace(first, message=_("{finding} ({count} dòng)", finding=first.message, count=len(findings)))


@rule("END", N_(
    "Nội dung kết thúc bằng dấu mà bộ quy tắc quy định: {content_end} ({guideline}); điều chưa xác "
    "nhận chỉ được báo \"không xác định\"."))
def content_end(doc: Structure, profile: Profile, options: Options) -> Iterator[Finding]:
    end = profile.text.content_end
    paragraphs = [p for p in doc.body if p.text.strip()]
    if not end.mark or not paragraphs:
        return
    last = plain(paragraphs[-1].text)
    longer = [mark for mark in _content_end_marks() if len(mark) > len(end.mark) and mark.endswith(end.mark)]
    if not last.endswith(end.mark) or any(last.endswith(mark) for mark in longer):
        yield Finding("END", _("nội dung phải kết thúc bằng \"{mark}\"", mark=end.mark), _where(paragraphs[-1]),
                      not end.unconfirmed)


def _content_end_marks() -> set[str]:
    """Every content-end mark a shipped profile knows ("." must not accept "./.")."""
    from generator.profiles import load_profile, shipped_profiles
    return {load_profile(i).text.content_end.mark for i in shipped_profiles()} - {""}


# Page counts the reader's estimate settles (DocView.pages); between them only Word knows. Both
# gave no wrong call on the 161 documents of shared/realdocs against LibreOffice's page counts.
SURELY_MORE_THAN_ONE_PAGE = 1.1
SURELY_ONE_PAGE = 0.8


@rule("PAGE-NUMBER", N_(
    "Số trang ở giữa, phía trên, từ trang 2; trang 1 không đánh số; văn bản một trang không cần số "
    "trang ({guideline})."))
def page_number(doc: Structure, profile: Profile, options: Options) -> Iterator[Finding]:
    view = doc.view
    if "PAGE" not in view.default_header_fields.upper():
        low, high = view.pages()
        if low > SURELY_MORE_THAN_ONE_PAGE:
            yield Finding("PAGE-NUMBER", _("không có số trang (trường PAGE) ở đầu trang"))
        elif high >= SURELY_ONE_PAGE:
            yield Finding("PAGE-NUMBER", _("không có số trang (trường PAGE) ở đầu trang; không xác định được "
                                           "văn bản có quá một trang hay không"), certain=False)
    elif view.default_header and view.default_header[0].align not in (profile.style("page_number").align, None):
        yield Finding("PAGE-NUMBER", _("số trang phải ở giữa"))
    shows_on_first = ("PAGE" in view.first_header_fields.upper() if view.page.title_page
                      else "PAGE" in view.default_header_fields.upper())
    if shows_on_first:
        yield Finding("PAGE-NUMBER", _("trang 1 không đánh số (đặt \"trang đầu khác\")"))
