"""The body: its paragraphs' size, indents and spacing; its headings and their numbering."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator

from generator.check.reader import Para
from generator.check.rules import MM, PT, THIS_RULE, Finding, Options, _counted, _range, _where, rule
from generator.check.structure import Structure, plain
from generator.i18n import N_, _
from generator.profiles import Profile, formats


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
    width = doc.view.page.text_width
    # Each test: what it reports, the paragraphs it judges, which are wrong, and whether those make
    # the finding certain (a line that fits on one line prints the same however it is aligned: a
    # paragraph not justified is judged where it may run past one line, surely where it surely does).
    tests: list[tuple[str, list[Para], Callable[[Para], bool], Callable[[Para], bool]]] = [
        (_("cỡ chữ ngoài {sizes}", sizes=_range(style.sizes)), paragraphs,
         lambda p: any(s is not None and not low <= s <= high for seg in p.segments for s in seg.sizes()), _always),
        (_("không dàn đều hai lề"), prose, lambda p: p.align not in (style.align, None) and _lines(p, width)[1] > 1,
         lambda p: _lines(p, width)[0] > 1),
        (_("thụt đầu dòng ngoài {indent} mm", indent=_range((round(indent_low / MM, 1), round(indent_high / MM, 1)))),
         [p for p in prose if not _heading_line(p)],
         lambda p: (start := _first_line_start(p)) is not None and not indent_low - 1 <= start <= indent_high + 1,
         _always),
        (_("cách đoạn dưới {spacing} pt", spacing=f"{spacing / PT:g}"), prose,
         lambda p: _gap_after(doc.view.paragraphs, in_body, p) < spacing, _always),
    ]
    if not style.any_line_spacing and style.line_exact is not None:
        tests.append((_("giãn dòng không phải chính xác (Exactly) từ {size} pt", size=f"{style.line_exact / PT:g}"),
                      prose, lambda p: p.line_rule != "exact" or (p.line or 0) < (style.line_exact or 0), _always))
    for name, judged, wrong, sure in tests:
        offenders = [p for p in judged if wrong(p)]
        if offenders:
            yield Finding(THIS_RULE, _("{count}/{total} đoạn {problem}", count=len(offenders),
                                    total=len(paragraphs), problem=name), _where(offenders[0]),
                          any(sure(p) for p in offenders))


def _always(para: Para) -> bool:
    return True


def _lines(para: Para, text_width: int) -> tuple[int, int]:
    """How many lines a paragraph of the body takes, in the width its indents leave."""
    return para.lines(text_width - (para.left_indent or 0) - max(0, para.first_line or 0))


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
    if dotted and point is not None:
        mark = plain(dotted[0].text)[0]
        yield _counted([Finding(THIS_RULE, _("điểm viết \"{right}\", không viết \"{wrong}\"",
                                              right=mark + point.suffix.strip(), wrong=mark + "."), _where(p))
                        for p in dotted])
    lines = [plain(p.text) for p in doc.body]
    for heading in formats.numbered_headings(conventions, lines):
        para = doc.body[heading.index]
        if heading.level == 1:
            if heading.ordinal != heading.expected:
                yield Finding(THIS_RULE, _("mục {found} đứng sau mục {previous}: đánh số không liên tục",
                                            found=heading.match["mark"],
                                            previous=formats.to_roman(heading.expected - 1) or "0"), _where(para))
            words = lines[heading.index][heading.match.end():]
            if words != words.upper() or not para.all("bold"):
                yield Finding(THIS_RULE, _("đề mục cấp I phải in hoa, đậm"), _where(para))
        elif heading.ordinal != heading.expected:
            yield Finding(THIS_RULE, _("số {found} đứng sau số {previous}: đánh số không liên tục",
                                        found=heading.ordinal, previous=heading.expected - 1), _where(para))


# A point lettered with a full stop: "a. Nội dung …" (one letter of the Vietnamese alphabet).
_DOTTED_POINT = re.compile(r"^[a-eg-iklmnopqrstuvxyđ]\.\s+\S")
