"""The conformance rules, one module per family (page, frame, body, closing), registered here.

Each rule has a bare id ("PAGE"; reported with the profile's prefix, "HD36-PAGE"), written once,
where it is registered; its user documentation given at registration (`chuongtrinh check
--rules`, in the catalog; its {fields} filled from the profile); and yields findings. Every expectation comes from the profile the
writer uses: the values it writes, or the range the guideline allows where it allows one.

A finding is a violation, or "không xác định" (cannot determine) when the document does not say
enough to decide (a size inherited from nowhere, a part that cannot be found), or when the rule
itself is reported but unconfirmed.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from importlib import import_module

from generator.check.reader import Para
from generator.check.structure import Located, Structure, plain
from generator.dates import document_date
from generator.i18n import _
from generator.i18n import number as written_number
from generator.profiles import Profile, formats
from generator.profiles.profile import Style

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


# What a rule's findings say for their rule: the id it is registered under, which check_bytes
# puts there with the profile's prefix, so that a rule's id is written once, where it is registered.
THIS_RULE = ""


def rule(rule_id: str, documentation: str) -> Callable[[Rule], Rule]:
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
        "page_number_size": _range(style("page_number").sizes),
        "heading_labels": ", ".join(formats.heading_label(text, level, 1).strip() for level in sorted(text.heading_labels)),
    }


def _range(values: tuple[float, ...]) -> str:
    """'15', '15–16', '10–12,7' in Vietnamese, '10–12.7' in English: the language's decimal sign."""
    low, high = written_number(values[0]), written_number(values[-1])     # (a low and a high)
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


def _size_findings(rule_id: str, located: Located | Para | None, allowed: tuple[float, float],
                   what: str) -> Iterator[Finding]:
    if located is None:
        return
    segments = [located.segment] if isinstance(located, Located) else located.segments
    sizes = {size for segment in segments for size in segment.sizes()}
    if None in sizes:
        yield Finding(rule_id, _("không xác định được cỡ chữ của {what}", what=what), _where(located), False)
    wrong = sorted(size for size in sizes if size is not None and not allowed[0] <= size <= allowed[1])
    if wrong:
        yield Finding(rule_id, _("{what} cỡ {sizes}, phải {wanted}", what=what,
                                 sizes=", ".join(f"{w:g}" for w in wrong), wanted=_range(allowed)), _where(located))



def _emphasis(rule_id: str, located: Located, style: Style, what: str, attributes: tuple[str, ...]) -> Iterator[Finding]:
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


def _unsigned(blank: str, located: Located) -> Finding:
    """A blank number or day (`blank`: "số", "ngày"): the file is not yet signed (NĐ 30 Điều 15,
    HD 36 §1.3: they are given when the document is issued) or is a draft, not a fault. Said once
    for both (check_bytes)."""
    return Finding(THIS_RULE, unsigned_note(blank), _where(located), certain=False, measure=UNSIGNED)


def unsigned_note(blank: str) -> str:
    return _("văn bản chưa được cấp {blank} (chưa ký ban hành hoặc là dự thảo: không phải lỗi; bản dự thảo thì "
             "kiểm tra như bản dự thảo)", blank=blank)


UNSIGNED = "chưa cấp số, ngày"
# What a finding measures, where a profile's difference may say it is unconfirmed (Difference.measures).
TONE = "kiểu đặt dấu"
STORAGE = "dòng lưu"
SIGNER = "họ tên người ký"      # typed in once the signer is decided: blank in a file not yet signed


# The parts of the frame as Structure names them, by the profile's element names (frame.header).
_FRAME_PARTS = {"party_title": "party_title", "motto": "motto", "issuer": "issuer", "star": "star",
                "number": "number", "draft_marker": "draft_mark", "place_date": "date"}


def _placed_parts(profile: Profile) -> list[tuple[str, str, str]]:
    """(what a reader calls it, its key, its side) for each part the profile places: the
    header's blocks (frame.header), Nơi nhận and the signature (signature.recipients_side)."""
    sides: dict[str, str] = {line.element: side for row in profile.frame.header
             for side, lines in (("left", row.left), ("right", row.right)) for line in lines}
    recipients = profile.signature.recipients_side
    sides.update(recipients=recipients, signature="right" if recipients == "left" else "left")
    text = profile.text
    names = {"party_title": f"\"{text.party_title}\"", "issuer": _("tên cơ quan ban hành"),
             "number": _("số và ký hiệu"), "draft_marker": _("chỉ dẫn dự thảo"), "place_date": _("địa danh, ngày tháng"),
             "recipients": f"\"{text.recipients_label}\"", "signature": _("thể thức đề ký")}
    return [(name, key, sides[key]) for key, name in names.items() if key in sides]


def _counted(findings: list[Finding]) -> Finding:
    """One finding for a fault repeated line after line, at its first line, with the count."""
    first = findings[0]
    if len(findings) == 1:
        return first
    return replace(first, message=_("{finding} ({count} dòng)", finding=first.message, count=len(findings)))


def _stated_date(doc: Structure, profile: Profile) -> dt.date | None:
    line = formats.parse_date_line(profile.text, plain(doc.date.segment.text)) if doc.date else None
    return document_date(line.date(), line.year) if line else None


# The families register their rules when imported, in the order a report lists them.
for _family in ("page", "frame", "body", "closing"):
    import_module(f"{__name__}.{_family}")

from generator.check.rules.closing import SURELY_MORE_THAN_ONE_PAGE, SURELY_ONE_PAGE  # noqa: E402
from generator.check.rules.page import LEFTOVER_MARKS, TEMPLATE_LEFTOVERS  # noqa: E402

__all__ = ["Finding", "Options", "RULES", "DOCUMENTATION", "THIS_RULE", "rule", "describe", "facts", "unsigned_note",
           "UNSIGNED", "TONE", "STORAGE", "SIGNER", "SURELY_MORE_THAN_ONE_PAGE", "SURELY_ONE_PAGE", "LEFTOVER_MARKS",
           "TEMPLATE_LEFTOVERS"]
