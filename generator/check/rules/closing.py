"""The close: the signature, Nơi nhận, which side each block stands on, the content-end mark, page numbers."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from generator.check import places
from generator.check.rules import (
    _FRAME_PARTS,
    SIGNER,
    STORAGE,
    THIS_RULE,
    Finding,
    Options,
    _counted,
    _emphasis,
    _missing,
    _placed_parts,
    _size_findings,
    _stated_date,
    _storage_example,
    _where,
    rule,
)
from generator.check.structure import Located, Structure, plain, side
from generator.i18n import N_, _
from generator.profiles import Profile, formats
from generator.read.vietnamese import has_academic_title


@rule("SIGNATURE", N_(
    "Thể thức đề ký: quyền hạn viết {authorities}, in hoa, đậm; chức vụ in hoa, {position_bold}; họ "
    "tên in đậm, không ghi học hàm, học vị ({guideline})."))
def signature(doc: Structure, profile: Profile, options: Options) -> Iterator[Finding]:
    if doc.authority is None and not doc.signed_in_person:
        yield _missing(THIS_RULE, _("thể thức đề ký ({authorities} …)", authorities=", ".join(profile.text.authorities)))
        return
    if doc.authority is not None:
        yield from _authority(doc, profile)
    if doc.position is None:
        yield _missing(THIS_RULE, _("chức vụ người ký"))
    else:
        yield from _emphasis(THIS_RULE, doc.position, profile.style("position"), _("chức vụ người ký"), ("bold",))
    if doc.signer is None:
        yield replace(_missing(THIS_RULE, _("họ tên người ký")), measure=SIGNER)
    else:
        name = plain(doc.signer.segment.text)
        if profile.style("signer_name").bold and not doc.signer.segment.all("bold"):
            yield Finding(THIS_RULE, _("họ tên người ký phải in đậm"), _where(doc.signer))
        if has_academic_title(name):
            yield Finding(THIS_RULE, _("họ tên người ký không ghi học hàm, học vị: {name}", name=name),
                          _where(doc.signer))


def _authority(doc: Structure, profile: Profile) -> Iterator[Finding]:
    authority = doc.authority
    assert authority is not None, "asked for when there is one"
    text = plain(authority.segment.text)
    prefix = text.split()[0]
    authorities = profile.text.authorities
    if prefix.upper() not in authorities:
        bare = prefix.replace("/", "").rstrip(".").upper()
        good = next((a for a in authorities if a.replace("/", "").rstrip(".") == bare), authorities[0])
        yield Finding(THIS_RULE, _("văn bản theo {profile} viết \"{good}\", không viết \"{bad}\"",
                                     profile=profile.name, good=good, bad=prefix), _where(authority))
    if not authority.segment.all("bold") or text != text.upper():
        yield Finding(THIS_RULE, _("dòng quyền hạn phải in hoa, đậm"), _where(authority))


@rule("RECIPIENTS", N_(
    "\"{recipients_label}\" cỡ {recipients_label_size}; mỗi nơi nhận một dòng cỡ {recipient_size}, bắt "
    "đầu bằng \"{recipient_prefix}\"; dòng cuối là \"{storage_example}\" ({guideline})."))
def recipients(doc: Structure, profile: Profile, options: Options) -> Iterator[Finding]:
    text, style = profile.text, profile.style("recipients_label")
    label = doc.recipients_label
    if label is None:
        yield _missing(THIS_RULE, f"\"{text.recipients_label}\"")
        return
    if plain(label.segment.text) != text.recipients_label:
        yield Finding(THIS_RULE, _("viết \"{label}\"", label=text.recipients_label), _where(label))
    quoted = f"\"{text.recipients_label}\""
    for attribute, words in (("underline", _("gạch chân")), ("bold", _("in đậm")), ("italic", _("in nghiêng"))):
        if getattr(style, attribute) and not label.segment.all(attribute):
            yield Finding(THIS_RULE, _("{label} phải {style}", label=quoted, style=words), _where(label))
        elif not getattr(style, attribute) and label.segment.any(attribute):
            yield Finding(THIS_RULE, _("{label} không {style}", label=quoted, style=words), _where(label))
    yield from _size_findings(THIS_RULE, label, style.sizes, quoted)
    items = doc.recipients
    if not items:
        yield _missing(THIS_RULE, _("danh sách nơi nhận"))
        return
    sized = [f for item in items for f in _size_findings(THIS_RULE, item, profile.style("recipient").sizes,
                                                          _("nơi nhận"))]
    unprefixed = [Finding(THIS_RULE, _("mỗi nơi nhận bắt đầu bằng \"{prefix}\"", prefix=text.recipient_prefix),
                          _where(item)) for item in items if not plain(item.segment.text).startswith(text.recipient_prefix)]
    for same in (sized, unprefixed):
        if same:
            yield _counted(same)
    last = plain(items[-1].segment.printed_line())
    if not formats.storage_pattern(text).match(last):
        yield Finding(THIS_RULE, _("dòng cuối phải là \"{example}\"", example=_storage_example(profile)),
                      _where(items[-1]), measure=STORAGE)
    elif not last.endswith(text.recipient_terminator):
        yield Finding(THIS_RULE, _("dòng lưu phải kết thúc bằng dấu \"{mark}\"", mark=text.recipient_terminator),
                      _where(items[-1]), measure=STORAGE)
    yield from _storage_office(doc, profile, items[-1])


def _storage_office(doc: Structure, profile: Profile, storage: Located) -> Iterator[Finding]:
    """The storage line names the issuing committee's own office ("Lưu Văn phòng Thành ủy" under a
    Tỉnh ủy is another committee's), and its province if it names one."""
    line = plain(storage.segment.text)
    office, own = places.office_committee(line), places.committee(doc.issuer)
    if office and own and office != own:
        yield Finding(THIS_RULE, _("dòng lưu ghi văn phòng của {office}, văn bản do {own} ban hành: {text}",
                                      office=office.capitalize(), own=own.capitalize(), text=line), _where(storage))
    when = _stated_date(doc, profile)
    if when is None:
        return
    named, issuing = places.unit_in(line, when), places.issuing_unit(doc, when)
    if named and issuing and named.slug != issuing.slug:
        yield Finding(THIS_RULE, _("dòng lưu ghi văn phòng của {unit}, văn bản của {own}: {text}", unit=named.full_name,
                                      own=issuing.full_name, text=line), _where(storage))


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
        yield Finding(THIS_RULE, _("chỉ dẫn dự thảo phải ở dưới số và ký hiệu, không ở đầu trang"), _where(mark))
        parts.pop("draft_marker")
    for name, key, _side in placed:
        located = parts.get(key)
        actual = side(located, width) if located is not None else None
        if located is not None and actual is not None and actual != wanted[key]:
            wrong[key] = (name, actual, located)
    for first, second in (("party_title", "issuer"), ("recipients", "signature")):
        if first in wrong and second in wrong:     # the two blocks of one row the wrong way round
            name, located, other = wrong[first][0], wrong.pop(first)[2], wrong.pop(second)[0]
            yield Finding(THIS_RULE, _("{part} và {other} đổi chỗ cho nhau: {part} phải ở {side}", part=name,
                                     other=other, side=words[wanted[first]]), _where(located))
    for key, (name, actual, located) in wrong.items():
        yield Finding(THIS_RULE, _("{part} ở {actual}, phải ở {wanted}", part=name, actual=words[actual],
                                 wanted=words[wanted[key]]), _where(located))



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
        yield Finding(THIS_RULE, _("nội dung phải kết thúc bằng \"{mark}\"", mark=end.mark), _where(paragraphs[-1]),
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
    "Số trang cỡ {page_number_size}, ở giữa, phía trên, từ trang 2; trang 1 không đánh số; văn bản một "
    "trang không cần số trang ({guideline})."))
def page_number(doc: Structure, profile: Profile, options: Options) -> Iterator[Finding]:
    view = doc.view
    if "PAGE" not in view.default_header_fields.upper():
        low, high = view.pages()
        if low > SURELY_MORE_THAN_ONE_PAGE:
            yield Finding(THIS_RULE, _("không có số trang (trường PAGE) ở đầu trang"))
        elif high >= SURELY_ONE_PAGE:
            yield Finding(THIS_RULE, _("không có số trang (trường PAGE) ở đầu trang; không xác định được "
                                           "văn bản có quá một trang hay không"), certain=False)
    else:
        if view.default_header and view.default_header[0].align not in (profile.style("page_number").align, None):
            yield Finding(THIS_RULE, _("số trang phải ở giữa"))
        # The number as the header shows it (the field's last result, "2"): HD 36 Phụ lục 3 mục 15
        # cỡ 14, NĐ 30 Phụ lục I cỡ 13 đến 14; shown only from page 2, so judged only where there is
        # one (a one-page công văn's header is never printed).
        shown = next((p for p in view.default_header if p.text.strip().isdigit()), None)
        sized = list(_size_findings(THIS_RULE, shown, profile.style("page_number").sizes, _("số trang")))
        low, high = view.pages() if sized else (0.0, 0.0)      # (the estimate reads every paragraph)
        if high >= SURELY_ONE_PAGE:
            yield from (f if low > SURELY_MORE_THAN_ONE_PAGE else replace(f, certain=False) for f in sized)
    shows_on_first = ("PAGE" in view.first_header_fields.upper() if view.page.title_page
                      else "PAGE" in view.default_header_fields.upper())
    if shows_on_first:
        yield Finding(THIS_RULE, _("trang 1 không đánh số (đặt \"trang đầu khác\")"))
