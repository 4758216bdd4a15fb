"""The frame of page 1: the Party title, the issuer, the number, the place and date, the title."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from generator.check import places
from generator.check.reader import Segment
from generator.check.rules import (
    EXAMPLE_DATE,
    THIS_RULE,
    Finding,
    Options,
    _emphasis,
    _missing,
    _number_example,
    _size_findings,
    _unsigned,
    _where,
    rule,
)
from generator.check.structure import Located, Structure, plain, shows
from generator.dates import document_date, message_date, month_end
from generator.i18n import N_, _
from generator.profiles import Profile, formats
from generator.profiles.profile import TextConventions
from generator.read import organisations
from generator.read.register import successor


@rule("PARTY-TITLE", N_(
    "Tiêu đề {party_title}: in hoa, cỡ {party_title_size}, đậm, góc phải trang đầu, có đường kẻ "
    "ngang nét liền bên dưới ({guideline})."))
def party_title(doc: Structure, profile: Profile, options: Options) -> Iterator[Finding]:
    text, style = profile.text, profile.style
    title = doc.party_title
    if title is None:
        yield _missing(THIS_RULE, f"\"{text.party_title}\"")
        return
    line = last = _line_saying(title, text.party_title)
    yield from _size_findings(THIS_RULE, line, style("party_title").sizes, _("tiêu đề"))
    if style("party_title").bold and not line.segment.all("bold"):
        yield Finding(THIS_RULE, _("tiêu đề phải in đậm"), _where(title))
    if text.motto:
        if doc.motto is None:
            yield _missing(THIS_RULE, f"\"{text.motto}\"")
            return
        line = last = _line_saying(doc.motto, text.motto)
        yield from _size_findings(THIS_RULE, line, style("motto").sizes, _("tiêu ngữ"))
        if style("motto").bold and not line.segment.all("bold"):
            yield Finding(THIS_RULE, _("tiêu ngữ phải in đậm"), _where(doc.motto))
    if not _ruled(doc, last):
        yield Finding(THIS_RULE, _("thiếu đường kẻ dưới tiêu đề"), _where(last))


def _line_saying(located: Located, words: str) -> Located:
    """The line of a part that says `words`: the Quốc hiệu and the Tiêu ngữ typed in one paragraph,
    a line break between them, each have their own size (12–13 and 13–14 pt under NĐ 30)."""
    line = next((line for line in _lines(located.segment) if shows(line.text, words)), None)
    return Located(line, located.paragraph) if line is not None else located


def _last_line(segment: Segment) -> Segment:
    return next((line for line in reversed(_lines(segment)) if line.text.strip()), segment)


def _lines(segment: Segment) -> list[Segment]:
    """A segment's lines (line breaks between them), each with the looks of its own characters."""
    if "\n" not in segment.text or len(segment.looks) != len(segment.text):
        return [segment]
    lines, start = [], 0
    for text in segment.text.split("\n"):
        lines.append(Segment(text, segment.looks[start:start + len(text)], segment.tabs))
        start += len(text) + 1
    return lines


def _ruled(doc: Structure, located: Located) -> bool:
    """A solid line under a header line: its bottom border or the next paragraph's top border, a
    drawing, an underline, or a line of dashes. In a header table the next paragraph is the next
    one in the same column (the Quốc hiệu's cell comes between the issuer and its số), and a line
    drawn as a floating shape may be anchored in any paragraph of the block below it."""
    para = located.paragraph
    below = [p for p in doc.view.paragraphs[para.index + 1:para.index + 12]
             if para.column is None or (p.column is not None and p.column[0] == para.column[0] and p.where == para.where)]
    following = below[0] if below else None
    # A header table's lines drawn as shapes anchored in the first paragraph after the table (which
    # column's, the page shows, not the anchor).
    after_table = next((p for p in doc.view.paragraphs[para.index + 1:para.index + 12] if p.column is None), None)
    if para.column is not None and after_table is not None and after_table.has_drawing:
        return True
    # An underline draws the line under the part's last line ("ỦY BAN NHÂN DÂN" over "TỈNH LÂM ĐỒNG"
    # in one paragraph, only the second underlined).
    return bool(para.bottom_border or para.has_drawing or _last_line(located.segment).all("underline")
                or (following is not None and (following.bottom_border or following.top_border
                                               or re.fullmatch(r"[_—–-]{5,}", plain(following.text))))
                or any(p.has_drawing for p in below[:3]))


@rule("ISSUER", N_(
    "Tên cơ quan ban hành in hoa, cỡ {issuer_size}, đậm, góc trái; dưới là {issuer_mark} "
    "({guideline})."))
def issuer(doc: Structure, profile: Profile, options: Options) -> Iterator[Finding]:
    mark, style = profile.text.star, profile.style("issuer")
    if doc.issuer is None:
        yield _missing(THIS_RULE, _("tên cơ quan ban hành"))
    else:
        yield from _size_findings(THIS_RULE, doc.issuer, style.sizes, _("tên cơ quan ban hành"))
        # Over a line break, the last line is the issuer, a line above it may be its parent agency,
        # which is not bold (NĐ 30 §II.2b: "UBND TỈNH LÂM ĐỒNG" over "SỞ NỘI VỤ").
        if style.bold and not _last_line(doc.issuer.segment).all("bold"):
            yield Finding(THIS_RULE, _("tên cơ quan ban hành phải in đậm"), _where(doc.issuer))
        if not mark and not _ruled(doc, doc.issuer):
            yield Finding(THIS_RULE, _("thiếu đường kẻ dưới tên cơ quan ban hành"), _where(doc.issuer))
    if mark and doc.star is None:
        yield _missing(THIS_RULE, _("dấu {mark} dưới tên cơ quan ban hành", mark=f'"{mark}"'))
    elif not mark and doc.star is not None:
        yield Finding(THIS_RULE, _("văn bản theo {profile} không có dấu {mark} dưới tên cơ quan ban hành",
                                  profile=profile.name, mark=f'"{plain(doc.star.segment.text)}"'), _where(doc.star))


@rule("NUMBER", N_(
    "Số và ký hiệu dạng \"{number_example}\": số có ít nhất hai chữ số (số 0 đứng trước số dưới 10), "
    "ký hiệu tên loại đúng loại văn bản, cỡ chữ và kiểu chữ như quy định ({guideline})."))
def number(doc: Structure, profile: Profile, options: Options) -> Iterator[Finding]:
    located = doc.number
    if located is None:
        yield _missing(THIS_RULE, _("dòng số và ký hiệu"))
        return
    conventions = profile.text
    text = plain(located.segment.text)
    expected_kind = profile.kind_symbol(plain(doc.kind.text)) if doc.kind is not None else None
    # A công văn has no tên loại to take the symbol from: the example leaves it open.
    example = _number_example(profile, "…" if expected_kind is None and doc.letter else expected_kind)
    label = formats.number_label_of(conventions, text)
    if label is not None and label != conventions.number_label:
        yield Finding(THIS_RULE, _("viết \"{label}\", không viết \"{wrong}\": {text}", label=conventions.number_label,
                                  wrong=label, text=text), _where(located))
    match = formats.number_pattern(conventions).match(text)
    if not match:
        yield Finding(THIS_RULE, _("số và ký hiệu không đúng dạng \"{example}\": {text}", example=example, text=text),
                      _where(located))
    else:
        digits = match["number"]
        if not digits and not options.draft:
            yield _unsigned(_("số"), located)
        if digits and len(digits) < conventions.number_min_digits:
            yield Finding(THIS_RULE, _("số phải viết đủ {count} chữ số, có số 0 đứng trước: {text}",
                                      count=conventions.number_min_digits, text=text), _where(located))
        if expected_kind and doc.kind is not None and match["kind"] != expected_kind:
            yield Finding(THIS_RULE, _("ký hiệu {symbol} không khớp tên loại {kind} ({expected})", symbol=match["kind"],
                                      kind=plain(doc.kind.text), expected=expected_kind), _where(located))
    style = profile.style("number")
    yield from _size_findings(THIS_RULE, located, style.sizes, _("dòng số"))
    yield from _emphasis(THIS_RULE, located, style, _("dòng số"), ("bold",))


@rule("DATE", N_(
    "Địa danh và ngày tháng dạng \"{date_example}\", cỡ {date_size}, căn giữa dưới tiêu đề; ngày dưới "
    "10 và tháng 1, 2 viết số 0 đứng trước (số 0 trước tháng từ 3 trở đi hướng dẫn không nói: chỉ "
    "báo \"không xác định\"); ngày phải có thật; địa danh là tỉnh, thành phố nơi cơ quan ban hành đóng "
    "trụ sở, theo danh mục đơn vị hành chính tại ngày của văn bản ({guideline})."))
def date(doc: Structure, profile: Profile, options: Options) -> Iterator[Finding]:
    located = doc.date
    if located is None:
        yield _missing(THIS_RULE, _("dòng địa danh, ngày tháng"))
        return
    conventions = profile.text
    text = plain(located.segment.text)
    line = formats.parse_date_line(conventions, text)
    if line is not None and line.year is None and (line.day or line.month):
        line = None             # a day or month written, and no year: no date line of the profile's
    if line is None:
        yield Finding(THIS_RULE, _("dòng ngày tháng không đúng dạng \"{example}\": {text}",
                                example=formats.date_line(conventions, "Thanh Hóa", EXAMPLE_DATE), text=text),
                      _where(located))
    elif line.year is None:
        # A form's date line, every value left to fill in ("ngày … tháng … năm …", NĐ 30 Phụ lục III's
        # own pattern): a document not yet signed, with no date to judge its place by.
        if not options.draft:
            yield _unsigned(_("ngày"), located)
    else:
        yield from _place(doc, line, located)
        yield from _day_and_month(line, text, located, conventions, options)
    style = profile.style("place_date")
    alone = len(located.paragraph.segments) == 1 and not located.segment.tabs     # not placed by a tab
    if alone and located.paragraph.align not in (style.align, None):
        yield Finding(THIS_RULE, _("dòng ngày tháng phải căn giữa dưới tiêu đề"), _where(located))
    yield from _emphasis(THIS_RULE, located, style, _("dòng ngày tháng"), ("italic",))
    yield from _size_findings(THIS_RULE, located, style.sizes, _("dòng ngày tháng"))


def _day_and_month(line: formats.DateLine, text: str, located: Located, conventions: TextConventions,
                   options: Options) -> Iterator[Finding]:
    """The day and month as the profile writes them, of a real date; blank in a draft."""
    if not line.day:          # a draft waiting for its day; the month may already be written
        if not options.draft:
            yield _unsigned(_("ngày"), located)
    elif not (line.day.isdigit() and line.month.isdigit()):
        yield Finding(THIS_RULE, _("ngày, tháng phải là số: {text}", text=text), _where(located))
    elif (stated := line.date()) is None:
        yield Finding(THIS_RULE, _("ngày không có thật: {text}", text=text), _where(located))
    else:
        day, month = formats.day_month(conventions, stated)
        # The guidelines require the zero (day under 10, months 1 and 2); one they do not require
        # ("tháng 03") contradicts only their examples.
        for name, written, wanted in ((_("ngày"), line.day, day), (_("tháng"), line.month, month)):
            if written != wanted:
                extra = written.lstrip("0") == wanted
                yield Finding(THIS_RULE, _("{name} phải viết \"{wanted}\": {text}", name=name, wanted=wanted, text=text)
                              if not extra else _("{name} viết \"{written}\", các ví dụ của hướng dẫn viết \"{wanted}\" "
                                                  "(hướng dẫn chỉ quy định thêm số 0 cho ngày dưới 10 và tháng 1, 2): {text}",
                                                  name=name, written=written, wanted=wanted, text=text),
                              _where(located), certain=not extra)


def _place(doc: Structure, line: formats.DateLine, located: Located) -> Iterator[Finding]:
    """A place that is another province than the one the issuer names (a Thanh Hóa committee
    dated "Hà Nội"). A place that names no province (a district, a city) is not judged."""
    when = document_date(line.date(), line.year)
    assert when is not None and line.year is not None, "a date line with a blank year is not judged here"
    issuing, named = places.issuing_unit(doc, when), places.unit_of_place(line.place, when)
    if issuing and named and issuing.slug != named.slug:
        yield Finding(THIS_RULE, _("địa danh phải là \"{wanted}\", nơi cơ quan ban hành đóng trụ sở, không phải "
                                "\"{place}\"", wanted=issuing.place, place=line.place), _where(located))
    # A draft that leaves its day (or month) blank may be signed on any day of that month (or
    # year): a unit merged away within that span is only undetermined, before it not at all.
    earliest, latest = _date_span(line, line.year)
    if latest < organisations.changeover():
        return
    certain = earliest >= organisations.changeover()
    changeover = message_date(organisations.changeover())
    former = places.merged_away(lambda day: places.unit_of_place(line.place, day), when)
    if former is not None:
        yield Finding(THIS_RULE, _("địa danh \"{place}\": {unit} đã hợp nhất vào {successor} từ {changeover}, trước ngày "
                                "của văn bản", place=line.place, unit=former.full_name,
                                successor=successor(former).full_name, changeover=changeover), _where(located), certain)
    former = places.merged_away(lambda day: places.issuing_unit(doc, day), when)
    if former is not None:
        yield Finding(THIS_RULE, _("cơ quan ban hành thuộc {unit}, đã hợp nhất vào {successor} từ {changeover}, trước "
                                "ngày của văn bản", unit=former.full_name, successor=successor(former).full_name,
                                changeover=changeover), _where(doc.issuer), certain)


def _date_span(line: formats.DateLine, year: int) -> tuple[dt.date, dt.date]:
    """The first and last day a date line of `year` can mean: one day, a month with its day blank,
    or the year."""
    if (stated := line.date()) is not None:
        return stated, stated
    if line.month.isdigit() and 1 <= int(line.month) <= 12:
        month = int(line.month)
        return dt.date(year, month, 1), month_end(year, month)
    return dt.date(year, 1, 1), dt.date(year, 12, 31)



@rule("TITLE", N_(
    "Tên loại in hoa, đậm, cỡ {kind_size}, căn giữa; trích yếu đậm, cỡ {subject_size}, căn giữa, mở "
    "đầu bằng {subject_starts}; dưới trích yếu là {separator} ({guideline})."))
def title(doc: Structure, profile: Profile, options: Options) -> Iterator[Finding]:
    text, kind_style, subject_style = profile.text, profile.style("kind"), profile.style("subject")
    if doc.kind is None:
        if doc.attached is not None:
            return              # a text issued with a decision: its title is free (NĐ 30 Phụ lục III)
        if doc.unlisted_kind is not None:
            yield Finding(THIS_RULE, _("tên loại \"{kind}\" không có trong danh mục của {profile}: không kiểm tra được "
                                     "ký hiệu và phần trích yếu theo tên loại", kind=plain(doc.unlisted_kind.text),
                                     profile=profile.name), _where(doc.unlisted_kind), certain=False)
        elif not doc.letter:     # a công văn has no tên loại
            yield _missing(THIS_RULE, _("tên loại văn bản (ví dụ CHƯƠNG TRÌNH)"))
        return
    yield from _size_findings(THIS_RULE, doc.kind, kind_style.sizes, _("tên loại"))
    if kind_style.bold and not all(s.all("bold") for s in doc.kind.segments):
        yield Finding(THIS_RULE, _("tên loại phải in đậm"), _where(doc.kind))
    if doc.kind.align != kind_style.align:
        yield Finding(THIS_RULE, _("tên loại phải căn giữa"), _where(doc.kind))
    if not doc.subject:
        yield _missing(THIS_RULE, _("trích yếu"))
    for para in doc.subject:
        yield from _size_findings(THIS_RULE, para, subject_style.sizes, _("trích yếu"))
        if subject_style.bold and not para.all("bold"):
            yield Finding(THIS_RULE, _("trích yếu phải in đậm"), _where(para))
        if para.align != subject_style.align:
            yield Finding(THIS_RULE, _("trích yếu phải căn giữa"), _where(para))
    if doc.subject:
        opening = plain(doc.subject[0].text)
        if opening and formats.subject_opening(text, opening)[0] != opening[0]:
            yield Finding(THIS_RULE, _("trích yếu phải mở đầu bằng {case}", case=_("chữ thường") if text.subject_starts
                                     == "lower" else _("chữ hoa")), _where(doc.subject[0]))
    # A line drawn as a floating shape is anchored in a paragraph near it: the trích yếu's own, or
    # the one after it.
    after = doc.subject[-1].index + 1 if doc.subject else len(doc.view.paragraphs)
    drawn = bool(doc.subject) and (any(p.has_drawing for p in doc.subject) or (
        after < len(doc.view.paragraphs) and doc.view.paragraphs[after].has_drawing))
    if doc.separator is None:
        if not (drawn and not text.separator):
            yield _missing(THIS_RULE, _("{mark} dưới trích yếu", mark=f'"{text.separator}"') if text.separator
                           else _("đường kẻ dưới trích yếu"))
    elif plain(doc.separator.text) != text.separator and not (
            not text.separator and re.fullmatch(r"_{3,}", plain(doc.separator.text))):   # typed, it draws a solid line
        yield Finding(THIS_RULE, _("dưới trích yếu phải là \"{mark}\"", mark=text.separator) if text.separator
                      else _("dưới trích yếu là đường kẻ nét liền, không phải dấu gạch"), _where(doc.separator))
