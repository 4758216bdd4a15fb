"""Province + content templates → document tree.

Templates are Jinja text files rendered in a sandbox with StrictUndefined; what they print
is the light markup of `markup.py`. Every value printed with {{ … }} is escaped unless it is
`Raw` markup made here (placeholders, names of organisations), so text from a province file can
never become markup or template code. A fault in a template's output is a TemplateError naming
the template file and line, and fails that document only.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import re
import traceback
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from generator.cache import cache_dir
from generator.compose.facts import Teller
from generator.compose.kinds import DEFAULT_KIND, Kind, load_kind
from generator.compose.markup import FIELD_MARK, MarkupError, escape, parse_blocks, parse_inline, parse_subject
from generator.dates import document_date, period
from generator.errors import Location, Problem, TemplateError, relative
from generator.i18n import _
from generator.i18n import number as written_number
from generator.profiles import Profile, formats, profile_for
from generator.read import organisations
from generator.read.central import cited_by_key, issued_before
from generator.read.communes import committee_kinds
from generator.read.congresses import coming, in_force, national_in_force
from generator.read.mergers import lhh_merged_by
from generator.read.model import Predecessor, Province
from generator.read.organisations import BodyName
from generator.read.register import RegisterEntry, district_committees_2021
from generator.tree import Block, Comment, Document, Header, Inline, Note, Placeholder, Signature


class Raw(str):
    """Markup produced by the composer itself; printed as is."""


def placeholder(label: str, field: str | None = None) -> Raw:
    """A visible hole for a fact the province file does not give; `field`: the key path where the
    file would give it ("goals.members"), so that the workbench can take the editor there."""
    return Raw(f"[[{escape(label)}{FIELD_MARK + field if field else ''}]]")


def compose(province: Province, kind: Kind, profile: Profile | None = None) -> Document:
    """Render the province through the kind's templates into a document tree. `profile`: the
    conventions the text follows (citations, numbers); by default those in force on its date."""
    kind = _own_kind(province, kind)
    profile = profile or document_profile(province, kind)
    header = _header(province, kind, profile)
    defaults: list[tuple[str, str]] = []
    context = _context(province, profile, defaults, kind)
    names = context.pop("names")
    environment = _environment(kind.directory)
    rendered = {name: _render(environment, name, context) for name in ("body.j2", "subject.j2", "recipients.j2")}
    try:
        template = "body.j2"
        body, comments = _with_comments(parse_blocks(rendered[template]))
        template = "subject.j2"
        subject = parse_subject(rendered[template])
        template = "recipients.j2"
        recipients = tuple(parse_inline(line.strip()) for line in rendered[template].splitlines() if line.strip())
    except MarkupError as e:
        raise TemplateError(Problem(str(e), _markup_location(kind, template, e),
                                    _("lỗi của mẫu văn bản, không phải của tệp tỉnh"))) from e
    data = province.data
    own = kind.issuer == "committee"
    name = parse_inline(escape(data.signer.name)) if own and data.signer.name else parse_inline(
        placeholder("họ và tên người ký", "signer.name"))
    return Document(
        header=header,
        kind=kind.kind,
        subject=subject,
        body=tuple(body),
        signature=Signature(kind.authority.format(standing_body=context["standing_body"]),
                            kind.position or data.signer.position, name),
        recipients=recipients,
        title=f"{kind.title} - {header.issuer}",
        unconfirmed_names=_unconfirmed_in(names, body, recipients, comments),
        defaults=tuple(dict.fromkeys(defaults)),
        comments=comments,
    )


def _own_kind(province: Province, kind: Kind) -> Kind:
    """The committee's document under the tên loại the province issues it as (a Kế hoạch instead
    of the Chương trình: `document.kind`); the title follows."""
    chosen = province.data.document.kind
    if kind.issuer != "committee" or not chosen or chosen == kind.kind:
        return kind
    return dataclasses.replace(kind, kind=chosen, title=kind.title.replace(kind.kind, chosen, 1))


def _with_comments(parsed: list[Block | Note]) -> tuple[list[Block], tuple[Comment, ...]]:
    """The blocks, and each note as a comment on the block after it (the last block for a final note)."""
    blocks: list[Block] = []
    comments: list[Comment] = []
    pending: list[str] = []          # the texts of the notes waiting for their block
    for item in parsed:
        if isinstance(item, Note):
            pending.append(item.text)
            continue
        comments += [Comment(len(blocks), text) for text in pending]
        pending = []
        blocks.append(item)
    comments += [Comment(max(len(blocks) - 1, 0), text) for text in pending]
    return blocks, tuple(comments)


def document_profile(province: Province, kind: Kind) -> Profile:
    """The conventions of the kind's family in force on the day the document counts as dated on."""
    date, year = _dated(province, kind)
    return profile_for(kind.profile_family, document_date(date, year))


def _dated(province: Province, kind: Kind) -> tuple[dt.date | None, int]:
    """The document's date and year. The number, date and signer in a province file are those of
    the Tỉnh ủy's programme: a document the LHH issues has its own, left blank in the draft."""
    document = province.data.document
    return (document.date if kind.issuer == "committee" else None), document.as_of.year


def _header(province: Province, kind: Kind, profile: Profile) -> Header:
    entry, document = province.entry, province.data.document
    where = Location(relative(kind.directory / "kind.yaml"))
    kind_symbol = profile.kind_symbol(kind.kind)
    if kind_symbol is None:
        raise TemplateError(Problem(_("tên loại {kind} không có ký hiệu trong {profile}", kind=repr(kind.kind),
                                      profile=profile.name), where))
    if kind.authority.split()[0] not in profile.text.authorities:
        raise TemplateError(Problem(_("thẩm quyền ký {authority} không đúng {profile}", authority=repr(kind.authority),
                                      profile=profile.name), where,
                                    _("viết một trong: {choices}", choices=", ".join(profile.text.authorities))))
    own = kind.issuer == "committee"
    date, year = _dated(province, kind)
    return Header(
        issuer=entry.committee if own else _lhh_name(province),
        number=document.number if own else None,
        kind_symbol=kind_symbol,
        issuer_symbol=kind.issuer_symbol,
        place=_place(entry, profile),
        date=None if province.batch_dated and document.draft else date,
        year=year,
        draft_marker=document.draft,
    )


def _place(entry: RegisterEntry, profile: Profile) -> str:
    """The date line's place: a city named in full ("Thành phố Hồ Chí Minh") with the profile's
    abbreviation where it has one ("TP. Hồ Chí Minh")."""
    abbreviation, city = profile.text.city_abbreviation, "Thành phố "
    if abbreviation and entry.place.startswith(city):
        return f"{abbreviation} {entry.place.removeprefix(city)}"
    return entry.place


def _lhh_name(province: Province) -> str:
    return province.data.lhh.name or organisations.lhh_full(province.entry.full_name)


def _unconfirmed_in(names: dict[str, BodyName], body: list[Block], recipients: tuple[tuple[Inline, ...], ...],
                    comments: tuple[Comment, ...] = ()) -> tuple[str, ...]:
    """The unconfirmed names of organisations that the document uses: as placeholders, or printed
    with a Word comment asking for them to be confirmed (UNCONFIRMED_NOTE)."""
    runs = [run for block in body for run in block.content] + [run for line in recipients for run in line]
    text = "\n".join(run.label for run in runs if isinstance(run, Placeholder))
    noted = "\n".join(comment.text for comment in comments)
    return tuple(sorted({name.text for name in names.values() if name.unconfirmed and (
        _unconfirmed_label(name.text) in text or UNCONFIRMED_NOTE.format(name=name.text) in noted)}))


# The Word comment on a paragraph of sourced facts.
SOURCES_NOTE = "Nguồn số liệu của mục này (đề nghị kiểm tra lại trước khi trình): {sources}."

# The Word comment beside a name printed as the likely one, which the references confirm only elsewhere.
UNCONFIRMED_NOTE = "Tên cần xác nhận: {name}"


def _unconfirmed_label(name: str) -> str:
    return f"{name} (tên cần xác nhận)"


# The Word comment on a paragraph opened by the draft's own assessment (a default): what the editor
# is to do, and who can say (the body that follows the programme, and the LHH).
DEFAULT_JUDGEMENT_NOTE = ("Các câu nhận định chung của phần này (câu mở đầu mỗi đoạn ở mục 1, các mục 2 và 3) do dự thảo "
                          "đề xuất, chưa phải đánh giá của {unit}; số liệu có nguồn ghi ở các nhận xét riêng. Đề nghị "
                          "{board} và {lhh} rà soát, giữ nguyên hoặc viết lại theo kết quả thực tế của {unit}.")

# The collective that signs for an LHH whose file does not say (lhh.standing_body): a default, listed.
# A provincial LHH's charter has a Ban Chấp hành, a Ban Thường vụ and its Thường trực, and decides
# through its Ban Thường vụ (Thanh Hóa's decisions, tusta.org.vn; "Ban Thường trực" is not a body of it).
DEFAULT_STANDING_BODY = "Ban Thường vụ"


def _context(province: Province, profile: Profile, defaults: list[tuple[str, str]], kind: Kind) -> dict[str, Any]:
    """What the templates see. `defaults` collects the defaults the document uses, with their fields."""
    entry, data = province.entry, province.data
    lhh_name = _lhh_name(province)
    party_org = data.lhh.party_organisation
    as_of = data.document.as_of
    reorganised = as_of >= organisations.changeover()
    streamlined = as_of >= organisations.streamlined()
    if data.district_committees:
        district = escape("các " + ", ".join(data.district_committees.value))
    elif entry.local_committees:
        district = escape("các " + entry.local_committees)
    elif entry.renamed_on or entry.formed_from:
        # The 2021 table does not describe a renamed unit; after 2025 the name is not used.
        district = placeholder(f"các cấp ủy cấp huyện của {entry.full_name}", "district_committees")
    else:
        district = escape("các " + ", ".join(district_committees_2021()[entry.slug]))
    values = {
        "committee": entry.committee_word,
        "unit": entry.unit_word,
        "lhh_name": escape(lhh_name),
        "lhh_short": organisations.lhh_short(entry.unit_word),
        # Unknown, it is named for what it is whatever its form: "tổ chức đảng trong Liên hiệp Hội tỉnh".
        "lhh_party_organisation": escape(party_org.value) if party_org else "tổ chức đảng trong",
        "district_committees": district,
        "commune_kinds": ", ".join(committee_kinds(entry.slug)) if reorganised else "",
    }
    names = organisations.names_on(as_of, values, entry.slug)
    teller = Teller(entry, as_of, profile)
    assessments = data.ct42.assessments

    def judgement(key: str, default: str) -> str:
        """The province's own judgement, or the draft's default: listed until it is replaced, and
        said once, in a Word comment on section I (`proposals_note`), to be the draft's proposal."""
        given = getattr(assessments, key)
        # (Annotated, not converted: a value may be Raw markup, which str() would turn into text to escape.)
        chosen: str = given.value if given is not None else given_or_default(f"ct42.assessments.{key}", None, default)
        return chosen

    def given_or_default(field: str, given: Any, default: Any) -> Any:
        """What the province file gives at `field`, or the draft's default (listed until replaced)."""
        if given is not None:
            return given
        defaults.append((field, " ".join(str(default).split())))
        return default

    def baseline(key: str) -> str:
        """The LHH's figure that a target starts from, from its own sourced fact ("năm 2019: 25"), as
        a reader judges a target: none for a merged unit (several LHHs) or a figure of another noun."""
        fact = getattr(data.lhh, key)
        several = province.predecessors and not province.own_file      # the former LHHs' figures only
        if fact is None or several or (fact.noun and fact.noun not in ("hội thành viên", "hội viên")):
            return ""
        dumped = fact.model_dump()
        if not teller.recent(dumped):      # a figure of years ago is no starting point
            return ""
        # by its year, as a target's baseline is read ("năm 2024: 28"), not by the day a page gave
        stated = period(dumped.get("as_of"))
        return f" ({f'năm {stated.end.year}' if stated else 'hiện nay'}: {_count(dumped, '', profile)})"

    def sources(tellers: list[dict[str, Any]], paths: list[str]) -> Raw:
        """A Word comment naming where the sourced facts told next come from, each once, with the
        day it was read again: so the editor can check them before the Ban Thường vụ does."""
        found: dict[str, Any] = {}
        for told in tellers:
            for path in paths:
                value: Any = told["data"] or {}
                for key in path.split("."):
                    value = value.get(key) if isinstance(value, dict) else None
                for fact in value if isinstance(value, list) else [value]:
                    if isinstance(fact, dict) and fact.get("source"):
                        found.setdefault(fact["source"], fact.get("checked"))
        if not found:
            return Raw("")
        listed = "; ".join(_public(source) + (f" (đọc lại ngày {formats.short_date(profile.text, checked)})" if checked else "")
                           for source, checked in found.items())
        return Raw(f"\n\n% {escape(SOURCES_NOTE.format(sources=listed))}\n\n")

    # The committee's programme: this document itself, or the one an LHH's plan implements (read once).
    programme = kind if kind.issuer == "committee" else _own_kind(province, load_kind(DEFAULT_KIND))
    standing = data.lhh.standing_body
    standing_body = (standing.value if standing else
                     given_or_default("lhh.standing_body", None, DEFAULT_STANDING_BODY)
                     if "{standing_body}" in kind.authority else DEFAULT_STANDING_BODY)
    return {
        "names": names,
        "standing_body": standing_body,
        "province": entry.name,
        "place": entry.place,
        "unit": entry.unit_word,
        "unit_full_name": entry.full_name,
        "committee": entry.committee_word,
        "issuer": entry.committee,
        "lhh_name": lhh_name,
        "doc_kind": kind.kind,      # "Chương trình" or "Kế hoạch": what "… này" refers to
        # The tên loại of the committee's programme, which the LHH's plan implements.
        "programme_kind": programme.kind,
        "reorganised": reorganised,
        "year": as_of.year,
        "kl93_years": _full_years(KL93_ISSUED, data.document.date or dt.date(as_of.year, 1, 1)),
        "first_issue": as_of <= FIRST_ISSUES_UNTIL,
        "review_span": _span(REVIEW_FROM, data.document.date or dt.date(as_of.year, 1, 1)),
        "kl93_span": _span(KL93_ISSUED, data.document.date or dt.date(as_of.year, 1, 1)),
        "programme": _programme(province, profile, programme),
        "org": {role: _organisation(role, name, data.names) for role, name in names.items()},
        # The likely name itself, where a task prints it with a note to confirm it (UNCONFIRMED_NOTE).
        "likely": {role: Raw(escape(data.names.get(role, name.text))) for role, name in names.items()},
        "unconfirmed_note": lambda role: escape(UNCONFIRMED_NOTE.format(name=names[role].text)),
        # Roles whose name is sure (the references' or the province's): a task may name the body;
        # otherwise it can say what the body is and leave the name to the one place that assigns it.
        "named": {role for role, name in names.items() if role in data.names or not name.unconfirmed},
        "count": lambda fact, label, field=None: _count(fact, label, profile, field),
        "storage_line": lambda office: _storage_line(office, profile),
        "judgement": judgement,
        # Section I's one note to the editor on the assessments the draft proposes (none if the
        # province gives them all).
        "proposals_note": escape(DEFAULT_JUDGEMENT_NOTE.format(
            unit=entry.unit_word, board=names["propaganda_board"].text, lhh=organisations.lhh_short(entry.unit_word)))
        if any(getattr(assessments, key) is None for key in type(assessments).model_fields) else "",
        "baseline": baseline,
        "sources": sources,
        "default": given_or_default,
        "streamlined": streamlined,
        # Before 2025 a Đảng đoàn leads the LHH itself; a chi bộ or đảng bộ of its agency, or a
        # party body not known, leads only the agency's party members.
        "lhh_party_leads": not streamlined and party_org is not None and party_org.value == "Đảng đoàn",
        "central_documents": [_citation(cite, profile) for cite in issued_before(as_of)],
        "central_task_documents": [_citation(cite, profile) for cite in issued_before(as_of, "tasks")],
        "central_cited": {key: _citation(cite, profile) for key, cite in cited_by_key(as_of).items()},
        "congress": _congress(province, as_of),
        "national_congress": national_in_force(as_of),
        "lhh_merger": _lhh_merger(province, as_of, profile),
        "merged_congress": _merged_congress(province, as_of),
        "teller": teller,
        "tellers": _tellers(province, teller, as_of, profile),
        "data": data.model_dump(),
        "predecessors": [_predecessor(p) for p in province.predecessors],
    }


def _congress(province: Province, as_of: dt.date) -> Raw:
    """The resolution of the Đảng bộ's congress the programme helps carry out: "Nghị quyết Đại hội đại
    biểu Đảng bộ tỉnh lần thứ XIX, nhiệm kỳ 2020 - 2025"; drafted before the unit's own congress, it
    looks ahead to it ("…, tiến tới Đại hội đại biểu Đảng bộ tỉnh lần thứ XX, nhiệm kỳ 2025 - 2030").
    A unit formed by merger has no congress of its own before its first, and its former provinces'
    Đảng bộ no longer exist: its programme serves the resolutions of the congresses of the new term,
    at every level ("nghị quyết đại hội đảng bộ các cấp, nhiệm kỳ 2025 - 2030"). The province file's
    `party_congress` wins; a congress the data does not know is a placeholder."""
    entry, given = province.entry, province.data.party_congress
    resolution = "Nghị quyết Đại hội đại biểu Đảng bộ"
    if given is not None:
        return Raw(f"{resolution} {entry.unit_word} {escape(given.value)}")
    held = in_force(entry, as_of)
    ahead = coming(entry, as_of)
    if len(held) > 1 and ahead:
        return Raw(f"nghị quyết đại hội đảng bộ các cấp, nhiệm kỳ {ahead.term}")
    if not held:
        return Raw(f"{resolution} {entry.unit_word} " + placeholder("lần thứ …, nhiệm kỳ …", "party_congress"))
    parts = []
    for unit, congress in held:
        # The unit's own congress under its name of now is "Đảng bộ tỉnh"; any other, by its name then.
        name = entry.unit_word if unit.full_name == entry.full_name and len(held) == 1 else unit.full_name
        ordinal = escape(congress.ordinal) if congress.ordinal else placeholder("…", "party_congress")
        parts.append(f"Đảng bộ {name} lần thứ {ordinal}")
    # A programme drafted before the unit's own congress runs past it: it looks ahead to it.
    towards = f", tiến tới Đại hội đại biểu Đảng bộ {entry.unit_word} lần thứ {escape(ahead.ordinal)}, " \
              f"nhiệm kỳ {ahead.term}" if ahead and ahead.ordinal else ""
    return Raw(f"Nghị quyết Đại hội đại biểu {_join_vi(parts)}, nhiệm kỳ {held[0][1].term}{towards}")


def _citation(cite: str, profile: Profile) -> str:
    """A document cited as the profile writes citations ("…-NQ/TW, ngày …" in a Party document,
    "… ngày …" under NĐ 30)."""
    return cite.replace(", ngày ", f"{profile.text.citation_before_date}ngày ")


def _public(source: str) -> str:
    """A fact's source as a Word user can follow it: without where the project's own notes found it
    (", theo shared/reference/kl93-programmes.md §1A")."""
    return re.sub(r",?\s*theo (?:\.\./)?shared/reference/\S+(?:\s+§\S+)?", "", source).strip()


def _lhh_merger(province: Province, as_of: dt.date, profile: Profile) -> dict[str, Any] | None:
    """A merged unit's LHHs made one before the document's date: the day, as the text writes dates
    (`as_of` as a fact's date, to compare with the figures told after it), and the decision where a
    source gives it. Without a source for the day, a congress of the merged LHH in the unit's own
    file is one: the LHHs had merged by the time it was held (event "đại hội")."""
    if not province.predecessors:
        return None
    merger = lhh_merged_by(province.entry.slug, as_of)
    if merger is not None:
        return {"date": formats.short_date(profile.text, merger.date), "event": merger.event,
                "decision": merger.decision, "as_of": merger.date.strftime("%d/%m/%Y")}
    congress = _merged_congress(province, as_of)
    if congress is None:
        return None
    return {"date": None, "event": "đại hội", "decision": None, "as_of": congress["as_of"]}


def _merged_congress(province: Province, as_of: dt.date) -> dict[str, Any] | None:
    """The merged LHH's latest congress held by the document's date, from the unit's own file."""
    if not (province.predecessors and province.own_file):
        return None
    held = [c for c in province.data.lhh.congresses if c.when() <= as_of]
    return max(held, key=lambda c: c.when()).model_dump() if held else None


# Chỉ thị 42 was issued on 16/4/2010, Kết luận 93 on 20/11/2020: section I reviews the years since.
REVIEW_FROM = dt.date(2010, 4, 16)
KL93_ISSUED = dt.date(2020, 11, 20)
# The committees' first documents implementing Kết luận 93 came out in 2021 and 2022 (the latest
# known, Cao Bằng's Kế hoạch 137-KH/TU, on 9/5/2022): a programme dated later is a second one, and
# reviews what the first did.
FIRST_ISSUES_UNTIL = dt.date(2022, 12, 31)


def _lhh_over_the_review(teller: Teller, entry: RegisterEntry) -> str:
    """The LHH named for the years section I reviews: its name of 2010, with today's if it changed
    ("Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh Thừa Thiên Huế (nay là Liên hiệp Hội thành phố)")."""
    now = organisations.lhh_short(entry.unit_word)
    then = teller.unit_then({"as_of": REVIEW_FROM.strftime("%d/%m/%Y")})
    if then.full_name == entry.full_name:
        return now
    return f"{organisations.lhh_full(then.full_name)} (nay là {now})"


def _full_years(since: dt.date, until: dt.date) -> int:
    """Whole years between two days. A draft dated by its year only counts from the 1st of
    January: "qua hơn N năm" must hold whatever day it is signed that year."""
    return until.year - since.year - ((until.month, until.day) < (since.month, since.day))


def _span(since: dt.date, until: dt.date) -> str:
    """How long since `since`, as a review says it and true whatever day of the period it is signed:
    "hơn 10 năm", "gần 5 năm" (nine months or more into the year), "15 năm", "hơn một năm"."""
    months = (until.year - since.year) * 12 + until.month - since.month - (until.day < since.day)
    years, rest = divmod(months, 12)
    def count(n: int) -> str:
        return "một" if n == 1 else str(n)
    if rest >= 9:
        return f"gần {count(years + 1)} năm"
    return f"{count(years)} năm" if rest == 0 and until.day == since.day else f"hơn {count(years)} năm"


def _organisation(role: str, name: BodyName, confirmed: dict[str, str]) -> Raw:
    """A name of the document's date; one the references could not confirm stands as a highlighted
    placeholder carrying the proposed name until the province file confirms it (`names:`)."""
    if role in confirmed:
        return Raw(escape(confirmed[role]))
    if name.unconfirmed:
        return placeholder(_unconfirmed_label(name.text), f"names.{role}")
    return Raw(name.text)


def _tellers(province: Province, teller: Teller, as_of: dt.date, profile: Profile) -> list[dict[str, Any]]:
    """Whose facts section I tells, in time order: the province's own; or, for a unit formed by
    merger, each former province's, then the unit's own from its own file (after the merger)."""
    entry = province.entry
    own = {"teller": teller, "data": province.data.model_dump(), "name": None,
           "lhh": _lhh_over_the_review(teller, entry), "short": organisations.lhh_short(entry.unit_word),
           "after_merger": False}
    if not province.predecessors:
        return [own]
    former = [_teller_of(p, as_of, profile) for p in province.predecessors]
    if not province.own_file:
        return former
    return former + [{**own, "name": f"{entry.full_name} (sau hợp nhất)", "slug": entry.slug,
                      "lhh": organisations.lhh_short(entry.unit_word), "after_merger": True}]


def _teller_of(predecessor: Predecessor, as_of: dt.date, profile: Profile) -> dict[str, Any]:
    """A former province of a merged unit, as the templates tell its facts."""
    entry, province = predecessor.entry, predecessor.province
    return {"teller": Teller(entry, as_of, profile, own=False), "data": province.data.model_dump() if province else None,
            "name": f"{entry.full_name} (cũ)", "slug": entry.slug, "lhh": organisations.lhh_short(f"{entry.full_name} (cũ)"),
            "short": organisations.lhh_short(entry.full_name), "after_merger": False}


def _programme(province: Province, profile: Profile, programme: Kind) -> Raw | str:
    """The Tỉnh ủy's programme a later document implements: its number and date if the file gives
    them ("Chương trình số 05-CTr/TU, ngày 05/02/2021 của Ban Thường vụ Tỉnh ủy Thanh Hóa"): the
    number as the programme was issued, under the conventions of its own date; the date as this
    document writes dates."""
    document, committee = province.data.document, province.entry.committee
    if document.number is None or document.date is None:
        return placeholder(f"số, ngày Chương trình của Ban Thường vụ {committee} thực hiện Kết luận số 93-KL/TW",
                           "document.number")
    issued_under = profile_for(programme.profile_family, document.date)
    symbol = issued_under.kind_symbol(programme.kind)
    # (Every profile of the family gives the ký hiệu of its own tên loại: a bug otherwise, not a "None" cited.)
    assert symbol is not None, f"{issued_under.id} has no ký hiệu for {programme.kind}"
    number = formats.document_number(issued_under.text, document.number, symbol, programme.issuer_symbol)
    return (f"{programme.kind} số {number}{profile.text.citation_before_date}ngày "
            f"{formats.short_date(profile.text, document.date)} của Ban Thường vụ {committee}")


def _storage_line(office: str, profile: Profile) -> str:
    """The last line of Nơi nhận as the profile writes it ("Lưu Văn phòng Tỉnh ủy")."""
    line = formats.storage_line(profile.text, office)
    return Raw(line) if isinstance(office, Raw) else line


def _predecessor(predecessor: Predecessor) -> dict[str, Any]:
    """What the templates know of one former province of a merged unit."""
    entry, province = predecessor.entry, predecessor.province
    return {
        "slug": entry.slug,
        "full_name": entry.full_name,
        "committee": entry.committee,
        "lhh": organisations.lhh_short(entry.full_name),
        "data": province.data.model_dump() if province else None,
    }


def prepare_templates(directory: Path) -> None:
    """Compile every template of a kind now: before a build forks its workers, so that they share
    the compiled code instead of each compiling it again."""
    environment = _environment(directory)
    for name in environment.list_templates(extensions=["j2"]):
        try:
            environment.get_template(name)
        except jinja2.TemplateError:
            pass      # each document that uses it reports it, at its file and line (_render)


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates kept between runs (Jinja checks each against its template's source,
    and writes atomically)."""
    folder = cache_dir("jinja")
    return jinja2.FileSystemBytecodeCache(str(folder)) if folder else None


class _Sandbox(SandboxedEnvironment):
    """Jinja's sandbox, asked first for a key of the dict a template reads (`data.lhh.members`: the
    province's values are dicts): the sandbox tries the name as the dict's attribute first, which
    raises and is caught for each of them. Only for names a dict has no attribute by, so that what
    a template gets is what it got."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES and attribute in obj:
            return obj[attribute]
        return super().getattr(obj, attribute)


_DICT_ATTRIBUTES = frozenset(dir(dict))


@lru_cache(maxsize=8)
def _environment(directory: Path) -> SandboxedEnvironment:
    environment = _Sandbox(
        loader=jinja2.FileSystemLoader(str(directory)),
        bytecode_cache=_bytecode_cache(),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=lambda value: value if isinstance(value, Raw) else escape(str(value)),
    )
    environment.globals.update(placeholder=placeholder)
    environment.filters.update(capfirst=_capfirst, join_vi=_join_vi, sentence=_sentence, mentions=_mentions,
                               cited_short=_cited_short, prefix=_prefix, roman=_roman)
    return environment


def _render(environment: SandboxedEnvironment, name: str, context: dict[str, Any]) -> str:
    try:
        return environment.get_template(name).render(context)
    except jinja2.TemplateSyntaxError as e:
        raise TemplateError(Problem(_("lỗi cú pháp mẫu: {problem}", problem=e.message),
                                    Location(relative(Path(e.filename or name)), e.lineno))) from e
    except jinja2.TemplateError as e:
        raise TemplateError(Problem(_("lỗi mẫu: {problem}", problem=e), _template_location(e, environment, name))) from e


def _markup_location(kind: Kind, template: str, error: MarkupError) -> Location:
    """Where faulty markup was written. The rendered text has lost the template's lines, so the
    template line is found by the text at fault; failing that, the template that rendered it."""
    fragment = error.fragment.strip()
    for size in sorted({len(fragment), 12, 6, 3}, reverse=True):
        piece = fragment[-size:]
        if not piece or size > len(fragment):
            continue
        for path in sorted(kind.directory.glob("*.j2")):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if piece in re.sub(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", "\0", line):
                    return Location(relative(path), number)
    return Location(relative(kind.directory / template))


def _template_location(error: Exception, environment: SandboxedEnvironment, name: str) -> Location:
    """The innermost template frame of a rendering error (Jinja rewrites tracebacks to point there)."""
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        if frame.filename.endswith(".j2"):
            return Location(relative(Path(frame.filename)), frame.lineno)
    return Location(name)


def _count(fact: dict[str, Any] | None, label: str, profile: Profile, field: str | None = None) -> Raw | str:
    """'trên 20.000' from a numeric fact (digits grouped as the document's language groups them),
    or a placeholder (for the file's `field`)."""
    if fact is None:
        return placeholder(label, field)
    written = written_number(fact["value"], profile.page.language)
    return f"trên {written}" if fact["approx"] else written


def _capfirst(value: str) -> str:
    """The first letter in capitals, a placeholder's too ("[[đảng ủy …]]" → "[[Đảng ủy …]]")."""
    at = 2 if value.startswith("[[") else 0
    result = value[:at] + value[at:at + 1].upper() + value[at + 1:]
    return Raw(result) if isinstance(value, Raw) else result


def _cited_short(cite: str) -> str:
    """'Nghị quyết số 45-NQ/TW' from a full citation: a document cited in full once, then by number."""
    return cite.split(",")[0]


def _mentions(values: list[str], words: str) -> bool:
    """Whether any of the texts says `words` (the province's own tasks already cover a point)."""
    return any(words in str(value).lower() for value in values)


def _sentence(value: str) -> str:
    """A list item typed by an editor ends with a full stop like the template's own items."""
    value = str(value).rstrip()
    return value if value.endswith((".", ";", ":", "!", "?")) else value + "."


def _roman(ordinal: str) -> str:
    """A contest's ordinal in Roman numerals ("12" → "XII"), as hội thi are numbered; any other
    form ("IX", "lần đầu") as it is."""
    if not (ordinal.isascii() and ordinal.isdigit()) or not 0 < int(ordinal) < 40:
        return ordinal
    number, out = int(ordinal), ""
    for value, letters in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        count, number = divmod(number, value)
        out += letters * count
    return out


def _prefix(value: str, words: str) -> str:
    """`words` before `value` ("Ban Thường vụ " + "Tỉnh ủy Hà Nam"): each of several bodies named in full."""
    return f"{words}{value}"


def _join_vi(values: list[str]) -> str:
    values = [str(v) for v in values]
    if len(values) <= 1:
        return "".join(values)
    return ", ".join(values[:-1]) + " và " + values[-1]
