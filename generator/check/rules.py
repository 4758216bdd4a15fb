"""The conformance rules. Each has an id, a Vietnamese docstring that is its user documentation
(`chuongtrinh check --rules`), and yields findings; settings come from the profile's `check`.

A finding is a violation, or "không xác định" (cannot determine) when the document does not say
enough to decide (a size inherited from nowhere, a part that cannot be found).
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import Callable, Iterator

from generator.i18n import _
from generator.profiles.profile import Profile
from generator.read.vietnamese import modern_tone_placement
from generator.check.reader import Para
from generator.check.structure import AUTHORITY, Located, Structure, plain

MM = 1440 / 25.4


@dataclass(frozen=True)
class Finding:
    rule: str
    message: str
    where: str = ""
    certain: bool = True          # False: cannot determine

    def __str__(self) -> str:
        where = f" ({_('ở')}: {self.where})" if self.where else ""
        return f"{self.rule}: {self.message}{where}"


@dataclass(frozen=True)
class Options:
    draft: bool = False           # placeholders, blank number and date, "Dự thảo" are fine


Rule = Callable[[Structure, Profile, Options], Iterator[Finding]]
RULES: dict[str, Rule] = {}


def rule(rule_id: str):
    def register(function: Rule) -> Rule:
        RULES[rule_id] = function
        function.rule_id = rule_id
        return function
    return register


def _where(located: Located | Para | None) -> str:
    if located is None:
        return ""
    para = located.paragraph if isinstance(located, Located) else located
    return f"{para.where}, {para.describe()}"


def _missing(rule_id: str, what: str) -> Finding:
    return Finding(rule_id, _("không tìm thấy {what}", what=what))


def _size_findings(rule_id: str, located: Located | Para | None, allowed: tuple[float, float], what: str):
    segments = [located.segment] if isinstance(located, Located) else located.segments
    sizes = {size for segment in segments for size in segment.sizes()}
    if None in sizes:
        yield Finding(rule_id, _("không xác định được cỡ chữ của {what}", what=what), _where(located), False)
    wrong = sorted(size for size in sizes if size is not None and not allowed[0] <= size <= allowed[1])
    if wrong:
        wanted = f"{allowed[0]:g}" if allowed[0] == allowed[1] else f"{allowed[0]:g}–{allowed[1]:g}"
        yield Finding(rule_id, _("{what} cỡ {sizes}, phải {wanted}", what=what,
                                 sizes=", ".join(f"{w:g}" for w in wrong), wanted=wanted), _where(located))


@rule("HD36-PAGE")
def page(doc: Structure, profile: Profile, options: Options) -> Iterator[Finding]:
    """Khổ giấy A4 (210 × 297 mm), lề trên 20, dưới 20, trái 30, phải 15 mm (HD 36, mục 1)."""
    p, want, tolerance = doc.view.page, profile.page, profile.check.length_tolerance
    checks = [(_("chiều rộng trang"), p.width, want.width), (_("chiều cao trang"), p.height, want.height),
              (_("lề trên"), p.top, want.margin_top), (_("lề dưới"), p.bottom, want.margin_bottom),
              (_("lề trái"), p.left, want.margin_left), (_("lề phải"), p.right, want.margin_right)]
    for name, actual, expected in checks:
        if actual is None:
            yield Finding("HD36-PAGE", _("không xác định được {name}", name=name), certain=False)
        elif abs(abs(actual) - expected) > tolerance:
            yield Finding("HD36-PAGE", _("{name} {actual} mm, phải {expected} mm", name=name,
                                         actual=f"{abs(actual) / MM:.1f}", expected=f"{expected / MM:.0f}"))


@rule("HD36-FONT")
def font(doc: Structure, profile: Profile, options: Options) -> Iterator[Finding]:
    """Toàn văn bản dùng phông Times New Roman (theo chuỗi kế thừa: chữ → kiểu → mặc định, kể cả
    phông của chủ đề) (HD 36, mục 1; TCVN 6909:2001)."""
    wanted = profile.check.font
    wrong, unknown = {}, 0
    for para in doc.view.paragraphs + doc.view.default_header:
        for segment in para.segments:
            fonts = {look.font for look in segment.looks}
            if fonts <= {wanted}:
                continue      # the usual case, decided without looking at each character
            for look, char in zip(segment.looks, segment.text):
                if char.isspace():
                    continue
                if look.font is None:
                    unknown += 1
                elif look.font != wanted:
                    wrong.setdefault(look.font, para)
    for name, para in wrong.items():
        yield Finding("HD36-FONT", _("dùng phông {font}, phải {wanted}", font=name, wanted=wanted), _where(para))
    if unknown:
        yield Finding("HD36-FONT", _("{count} ký tự không xác định được phông", count=unknown), certain=False)


@rule("HD36-TEXT")
def text(doc: Structure, profile: Profile, options: Options) -> Iterator[Finding]:
    """Chữ ở dạng Unicode dựng sẵn (NFC) và đặt dấu thanh theo một kiểu thống nhất (kiểu mới: "Hóa",
    "ủy", "khóa"); không còn dấu mẫu ({{ }}, {% %}, [[ ]]) sót lại."""
    for para in doc.view.paragraphs:
        if not unicodedata.is_normalized("NFC", para.text):
            yield Finding("HD36-TEXT", _("chữ không ở dạng Unicode dựng sẵn (NFC)"), _where(para))
            break
    old = [p for p in doc.view.paragraphs if modern_tone_placement(unicodedata.normalize("NFC", p.text)) !=
           unicodedata.normalize("NFC", p.text)]
    if old:
        yield Finding("HD36-TEXT", _("{count} đoạn đặt dấu kiểu cũ (\"Hoá\", \"uỷ\"), văn bản phải thống nhất "
                                     "kiểu mới", count=len(old)), _where(old[0]))
    for para in doc.view.paragraphs:
        if re.search(r"\{\{|\}\}|\{%|%\}|\[\[|\]\]", para.text):
            yield Finding("HD36-TEXT", _("còn dấu của mẫu văn bản"), _where(para))


@rule("HD36-PLACEHOLDER")
def placeholder(doc: Structure, profile: Profile, options: Options) -> Iterator[Finding]:
    """Văn bản chính thức không còn ô cần điền ("[số hội viên]" tô màu); bản dự thảo (--draft) được phép."""
    if options.draft:
        return
    holes = [p for p in doc.view.paragraphs for s in p.segments
             if s.any("highlight") and re.search(r"\[[^\]]+\]", s.text)]
    if holes:
        yield Finding("HD36-PLACEHOLDER", _("còn {count} đoạn có ô cần điền", count=len(holes)), _where(holes[0]))


@rule("HD36-PARTY-TITLE")
def party_title(doc: Structure, profile: Profile, options: Options) -> Iterator[Finding]:
    """Tiêu đề "ĐẢNG CỘNG SẢN VIỆT NAM": in hoa, cỡ 15, đậm, góc phải trang đầu, có đường kẻ ngang
    nét liền bên dưới (HD 36, điểm 1.1)."""
    check = profile.check
    title = doc.party_title
    if title is None:
        yield _missing("HD36-PARTY-TITLE", f"\"{check.title}\"")
        return
    yield from _size_findings("HD36-PARTY-TITLE", title, check.title_sizes, _("tiêu đề"))
    if not title.segment.all("bold"):
        yield Finding("HD36-PARTY-TITLE", _("tiêu đề phải in đậm"), _where(title))
    last = title
    if check.motto is not None:
        if doc.motto is None:
            yield _missing("HD36-PARTY-TITLE", f"\"{check.motto.text}\"")
            return
        yield from _size_findings("HD36-PARTY-TITLE", doc.motto, check.motto.sizes, _("tiêu ngữ"))
        if not doc.motto.segment.all("bold"):
            yield Finding("HD36-PARTY-TITLE", _("tiêu ngữ phải in đậm"), _where(doc.motto))
        last = doc.motto
    if not _ruled(doc, last):
        yield Finding("HD36-PARTY-TITLE", _("thiếu đường kẻ dưới tiêu đề"), _where(last))


def _ruled(doc: Structure, located: Located) -> bool:
    """A solid line under a header line: a border, a drawing, an underline, or a line of dashes."""
    paragraphs = doc.view.paragraphs
    index = located.paragraph.index
    following = paragraphs[index + 1] if index + 1 < len(paragraphs) else None
    return bool(located.paragraph.bottom_border or located.paragraph.has_drawing or located.segment.all("underline")
                or (following is not None and (following.has_drawing or following.bottom_border
                                               or re.fullmatch(r"[_—–-]{5,}", plain(following.text)))))


@rule("HD36-ISSUER")
def issuer(doc: Structure, profile: Profile, options: Options) -> Iterator[Finding]:
    """Tên cơ quan ban hành in hoa, cỡ 14, đậm, góc trái; dưới có dấu sao "*" (HD 36, điểm 1.2)."""
    check = profile.check
    if doc.issuer is None:
        yield _missing("HD36-ISSUER", _("tên cơ quan ban hành"))
    else:
        yield from _size_findings("HD36-ISSUER", doc.issuer, check.issuer_sizes, _("tên cơ quan ban hành"))
        if not doc.issuer.segment.all("bold"):
            yield Finding("HD36-ISSUER", _("tên cơ quan ban hành phải in đậm"), _where(doc.issuer))
        if not check.issuer_mark and not _ruled(doc, doc.issuer):
            yield Finding("HD36-ISSUER", _("thiếu đường kẻ dưới tên cơ quan ban hành"), _where(doc.issuer))
    if check.issuer_mark and doc.star is None:
        yield _missing("HD36-ISSUER", _("dấu sao \"*\" dưới tên cơ quan ban hành"))
    elif not check.issuer_mark and doc.star is not None:
        yield Finding("HD36-ISSUER", _("văn bản theo {profile} không có dấu sao \"*\"", profile=profile.name),
                      _where(doc.star))


@rule("HD36-NUMBER")
def number(doc: Structure, profile: Profile, options: Options) -> Iterator[Finding]:
    """Số và ký hiệu dạng "Số 05-CTr/TU": không có dấu hai chấm, số dưới 10 có số 0 đứng trước, ký
    hiệu tên loại đúng loại văn bản, cỡ 14, không đậm (HD 36, điểm 1.3)."""
    located = doc.number
    if located is None:
        yield _missing("HD36-NUMBER", _("dòng số và ký hiệu"))
        return
    check = profile.check
    text = plain(located.segment.text)
    if text.startswith("Số:") and not check.number_colon:
        yield Finding("HD36-NUMBER", _("sau \"Số\" không có dấu hai chấm: {text}", text=text), _where(located))
    elif check.number_colon and not text.startswith("Số:"):
        yield Finding("HD36-NUMBER", _("sau \"Số\" phải có dấu hai chấm: {text}", text=text), _where(located))
    match = re.match(check.number_pattern, text)
    if not match:
        yield Finding("HD36-NUMBER", _("số và ký hiệu không đúng dạng \"{example}\": {text}",
                                       example=check.number_example, text=text), _where(located))
    else:
        digits, kind_symbol = match.group("number"), match.group("kind")
        if not digits and not options.draft:
            yield Finding("HD36-NUMBER", _("văn bản chưa có số"), _where(located))
        if digits and len(digits) < 2:
            yield Finding("HD36-NUMBER", _("số dưới 10 phải có số 0 đứng trước: {text}", text=text), _where(located))
        if doc.kind is not None:
            expected = profile.check.kinds.get(plain(doc.kind.text).upper())
            if expected and kind_symbol != expected:
                yield Finding("HD36-NUMBER", _("ký hiệu {symbol} không khớp tên loại {kind} ({expected})",
                                               symbol=kind_symbol, kind=plain(doc.kind.text), expected=expected),
                              _where(located))
    yield from _size_findings("HD36-NUMBER", located, check.number_sizes, _("dòng số"))
    if located.segment.any("bold"):
        yield Finding("HD36-NUMBER", _("dòng số không in đậm"), _where(located))


@rule("HD36-DATE")
def date(doc: Structure, profile: Profile, options: Options) -> Iterator[Finding]:
    """Địa danh và ngày tháng: "Thanh Hóa, ngày 05 tháng 02 năm 2021", nghiêng, cỡ 14; ngày dưới 10 và
    tháng 1, 2 có số 0 đứng trước, tháng 3–12 không; ngày phải có thật (HD 36, điểm 1.4)."""
    located = doc.date
    if located is None:
        yield _missing("HD36-DATE", _("dòng địa danh, ngày tháng"))
        return
    text = plain(located.segment.text)
    match = re.match(r"^(.+?), ngày (\S*)\s*tháng (\S*)\s*năm (\d{4})$", text)
    if not match:
        yield Finding("HD36-DATE", _("dòng ngày tháng không đúng dạng: {text}", text=text), _where(located))
    else:
        day, month, year = match.group(2), match.group(3), match.group(4)
        if not (day or month) and not options.draft:
            yield Finding("HD36-DATE", _("văn bản chưa ghi ngày tháng"), _where(located))
        if day or month:
            padded = set(profile.text.date_padded_months)
            if not (day.isdigit() and month.isdigit()):
                yield Finding("HD36-DATE", _("ngày, tháng phải là số: {text}", text=text), _where(located))
            else:
                if len(day) != 2:
                    yield Finding("HD36-DATE", _("ngày dưới 10 phải có số 0 đứng trước: {text}", text=text),
                                  _where(located))
                wanted = f"{int(month):02d}" if int(month) in padded else str(int(month))
                if month != wanted:
                    yield Finding("HD36-DATE", _("tháng phải viết \"{wanted}\": {text}", wanted=wanted, text=text),
                                  _where(located))
                try:
                    dt.date(int(year), int(month), int(day))
                except ValueError:
                    yield Finding("HD36-DATE", _("ngày không có thật: {text}", text=text), _where(located))
    if not located.segment.all("italic"):
        yield Finding("HD36-DATE", _("dòng ngày tháng phải in nghiêng"), _where(located))
    yield from _size_findings("HD36-DATE", located, profile.check.date_sizes, _("dòng ngày tháng"))


@rule("HD36-TITLE")
def title(doc: Structure, profile: Profile, options: Options) -> Iterator[Finding]:
    """Tên loại (CHƯƠNG TRÌNH) in hoa, đậm, cỡ 15–16, căn giữa; trích yếu đậm, cỡ 14–15, căn giữa, mở
    đầu bằng chữ thường; dưới trích yếu là 5 dấu gạch nối "-----" (HD 36, điểm 1.5)."""
    check = profile.check
    if doc.kind is None:
        yield _missing("HD36-TITLE", _("tên loại văn bản (ví dụ CHƯƠNG TRÌNH)"))
        return
    yield from _size_findings("HD36-TITLE", doc.kind, check.kind_sizes, _("tên loại"))
    if not all(s.all("bold") for s in doc.kind.segments):
        yield Finding("HD36-TITLE", _("tên loại phải in đậm"), _where(doc.kind))
    if doc.kind.align != "center":
        yield Finding("HD36-TITLE", _("tên loại phải căn giữa"), _where(doc.kind))
    if not doc.subject:
        yield _missing("HD36-TITLE", _("trích yếu"))
    for para in doc.subject:
        yield from _size_findings("HD36-TITLE", para, check.subject_sizes, _("trích yếu"))
        if not all(s.all("bold") for s in para.segments if s.text.strip()):
            yield Finding("HD36-TITLE", _("trích yếu phải in đậm"), _where(para))
        if para.align != "center":
            yield Finding("HD36-TITLE", _("trích yếu phải căn giữa"), _where(para))
    if doc.subject and check.subject_lowercase and plain(doc.subject[0].text)[:1].isupper():
        yield Finding("HD36-TITLE", _("trích yếu phải mở đầu bằng chữ thường"), _where(doc.subject[0]))
    if doc.separator is None:
        yield _missing("HD36-TITLE", _("dấu \"-----\" dưới trích yếu") if check.separator
                       else _("đường kẻ dưới trích yếu"))
    elif plain(doc.separator.text) != check.separator:
        yield Finding("HD36-TITLE", _("dưới trích yếu là đúng 5 dấu gạch nối \"-----\"") if check.separator
                      else _("dưới trích yếu là đường kẻ nét liền, không phải dấu gạch"), _where(doc.separator))


@rule("HD36-BODY")
def body(doc: Structure, profile: Profile, options: Options) -> Iterator[Finding]:
    """Nội dung cỡ 14–15, dàn đều hai lề, thụt đầu dòng khoảng 10 mm, cách đoạn ít nhất 6 pt, giãn
    dòng chính xác (Exactly) từ 18 pt. Báo số đoạn sai cùng đoạn đầu tiên (HD 36, Phụ lục 3)."""
    check = profile.check
    paragraphs = [p for p in doc.body if p.text.strip()]
    tests = [
        (_("cỡ chữ ngoài {low}–{high}", low=f"{check.body_sizes[0]:g}", high=f"{check.body_sizes[1]:g}"),
         lambda p: any(s is not None and not check.body_sizes[0] <= s <= check.body_sizes[1]
                       for seg in p.segments for s in seg.sizes())),
        (_("không dàn đều hai lề"), lambda p: p.align not in ("justify", None)),
        (_("thụt đầu dòng không khoảng 10 mm"),
         lambda p: p.first_line is not None and not check.indent_range[0] <= p.first_line <= check.indent_range[1]),
        (_("cách đoạn dưới 6 pt"), lambda p: (p.before or 0) + (p.after or 0) < check.min_paragraph_spacing),
    ]
    if check.min_line_exact is not None:
        tests.append((_("giãn dòng không phải chính xác từ 18 pt"),
                      lambda p: p.line_rule != "exact" or (p.line or 0) < check.min_line_exact))
    for name, wrong in tests:
        offenders = [p for p in paragraphs if wrong(p)]
        if offenders:
            yield Finding("HD36-BODY", _("{count}/{total} đoạn {problem}", count=len(offenders),
                                         total=len(paragraphs), problem=name), _where(offenders[0]))


ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10}


@rule("HD36-HEADINGS")
def headings(doc: Structure, profile: Profile, options: Options) -> Iterator[Finding]:
    """Đề mục đánh số liên tục, không cách quãng: I-, II-, III- …; trong mỗi mục 1., 2., 3. …; a), b) …;
    đề mục cấp I in hoa, đậm."""
    roman_seen, arabic_seen = 0, 0
    for para in doc.body:
        text = plain(para.text)
        roman = re.match(r"^([IVX]+)[-.]\s", text)
        arabic = re.match(r"^(\d+)[.-]\s", text)
        if roman and roman.group(1) in ROMAN:
            value = ROMAN[roman.group(1)]
            if value != roman_seen + 1:
                yield Finding("HD36-HEADINGS", _("mục {found} đứng sau mục {previous}: đánh số không liên tục",
                                                 found=roman.group(1), previous=roman_seen), _where(para))
            roman_seen, arabic_seen = value, 0
            heading = text[roman.end():]
            if heading != heading.upper() or not all(s.all("bold") for s in para.segments if s.text.strip()):
                yield Finding("HD36-HEADINGS", _("đề mục cấp I phải in hoa, đậm"), _where(para))
        elif arabic:
            value = int(arabic.group(1))
            if value != arabic_seen + 1:
                yield Finding("HD36-HEADINGS", _("số {found} đứng sau số {previous}: đánh số không liên tục",
                                                 found=value, previous=arabic_seen), _where(para))
            arabic_seen = value


@rule("HD36-SIGNATURE")
def signature(doc: Structure, profile: Profile, options: Options) -> Iterator[Finding]:
    """Thể thức đề ký: "T/M BAN THƯỜNG VỤ" (gạch chéo, không viết "TM.") in hoa đậm; chức vụ (BÍ THƯ,
    PHÓ BÍ THƯ) in hoa, không đậm; họ tên in đậm, không ghi học hàm, học vị (HD 36, điểm 1.7)."""
    if doc.authority is None:
        yield _missing("HD36-SIGNATURE", _("thể thức đề ký (T/M …)"))
        return
    text = plain(doc.authority.segment.text)
    prefix = AUTHORITY.match(text).group(1)
    authorities = profile.check.authorities
    if prefix.upper() not in authorities:
        good = next((a for a in authorities if a.replace("/", "").rstrip(".") == prefix.replace("/", "").rstrip(".")
                     .upper()), authorities[0])
        yield Finding("HD36-SIGNATURE", _("văn bản theo {profile} viết \"{good}\", không viết \"{bad}\"",
                                          profile=profile.name, good=good, bad=prefix), _where(doc.authority))
    if not doc.authority.segment.all("bold") or text != text.upper():
        yield Finding("HD36-SIGNATURE", _("dòng quyền hạn phải in hoa, đậm"), _where(doc.authority))
    if doc.position is None:
        yield _missing("HD36-SIGNATURE", _("chức vụ người ký"))
    elif doc.position.segment.any("bold") and not profile.check.position_bold:
        yield Finding("HD36-SIGNATURE", _("chức vụ người ký không in đậm"), _where(doc.position))
    elif not doc.position.segment.all("bold") and profile.check.position_bold:
        yield Finding("HD36-SIGNATURE", _("chức vụ người ký phải in đậm"), _where(doc.position))
    if doc.signer is None:
        yield _missing("HD36-SIGNATURE", _("họ tên người ký"))
    else:
        name = plain(doc.signer.segment.text)
        if not doc.signer.segment.all("bold"):
            yield Finding("HD36-SIGNATURE", _("họ tên người ký phải in đậm"), _where(doc.signer))
        if re.match(r"^(GS|PGS|TS|ThS|TSKH|KS|BS)\b\.?", name):
            yield Finding("HD36-SIGNATURE", _("họ tên người ký không ghi học hàm, học vị: {name}", name=name),
                          _where(doc.signer))


@rule("HD36-RECIPIENTS")
def recipients(doc: Structure, profile: Profile, options: Options) -> Iterator[Finding]:
    """"Nơi nhận:" cỡ 14, gạch chân; mỗi nơi nhận một dòng cỡ 12, bắt đầu bằng "- "; dòng cuối là
    "- Lưu Văn phòng …" kết thúc bằng dấu chấm (HD 36, điểm 1.9)."""
    check = profile.check
    label = doc.recipients_label
    if label is None:
        yield _missing("HD36-RECIPIENTS", "\"Nơi nhận:\"")
        return
    if plain(label.segment.text) != profile.text.recipients_label:
        yield Finding("HD36-RECIPIENTS", _("viết \"Nơi nhận:\""), _where(label))
    look = check.recipients_label
    for attribute, words in (("underline", _("gạch chân")), ("bold", _("in đậm")), ("italic", _("in nghiêng"))):
        if getattr(look, attribute) and not label.segment.all(attribute):
            yield Finding("HD36-RECIPIENTS", _("\"Nơi nhận:\" phải {style}", style=words), _where(label))
        elif not getattr(look, attribute) and label.segment.any(attribute):
            yield Finding("HD36-RECIPIENTS", _("\"Nơi nhận:\" không {style}", style=words), _where(label))
    yield from _size_findings("HD36-RECIPIENTS", label, look.sizes, "\"Nơi nhận:\"")
    items = doc.recipients
    if not items:
        yield _missing("HD36-RECIPIENTS", _("danh sách nơi nhận"))
        return
    for item in items:
        yield from _size_findings("HD36-RECIPIENTS", item, check.recipient_sizes, _("nơi nhận"))
        if not plain(item.segment.text).startswith("- "):
            yield Finding("HD36-RECIPIENTS", _("mỗi nơi nhận bắt đầu bằng \"- \""), _where(item))
    last = plain(items[-1].segment.text)
    if not re.match(check.storage_pattern, last):
        yield Finding("HD36-RECIPIENTS", _("dòng cuối phải là \"{example}\"", example=check.storage_example),
                      _where(items[-1]))
    elif not last.endswith("."):
        yield Finding("HD36-RECIPIENTS", _("dòng lưu kết thúc bằng dấu chấm"), _where(items[-1]))


@rule("HD36-END")
def content_end(doc: Structure, profile: Profile, options: Options) -> Iterator[Finding]:
    """Nội dung kết thúc bằng dấu mà bộ quy tắc quy định: "./." theo Nghị định 30; "." theo Hướng dẫn
    05-HD/VPTW (chưa xác nhận: chỉ báo "không xác định"); Hướng dẫn 36 không quy định."""
    end = profile.check.content_end
    paragraphs = [p for p in doc.body if p.text.strip()]
    if end is None or not paragraphs:
        return
    last = plain(paragraphs[-1].text)
    if not last.endswith(end.mark) or (end.mark == "." and last.endswith("./.")):
        yield Finding("HD36-END", _("nội dung phải kết thúc bằng \"{mark}\"", mark=end.mark), _where(paragraphs[-1]),
                      end.certain)


@rule("HD36-PAGE-NUMBER")
def page_number(doc: Structure, profile: Profile, options: Options) -> Iterator[Finding]:
    """Số trang ở giữa, phía trên, từ trang 2; trang 1 không đánh số (HD 36, mục số trang)."""
    view = doc.view
    if "PAGE" not in view.default_header_fields.upper():
        yield Finding("HD36-PAGE-NUMBER", _("không có số trang (trường PAGE) ở đầu trang"))
    elif view.default_header and view.default_header[0].align not in ("center", None):
        yield Finding("HD36-PAGE-NUMBER", _("số trang phải ở giữa"))
    shows_on_first = ("PAGE" in view.first_header_fields.upper() if view.page.title_page
                      else "PAGE" in view.default_header_fields.upper())
    if shows_on_first:
        yield Finding("HD36-PAGE-NUMBER", _("trang 1 không đánh số (đặt \"trang đầu khác\")"))
