"""Province + content templates → document tree.

Templates are Jinja text files rendered in a sandbox with StrictUndefined; what they print
is the light markup of `markup.py`. Every value printed with {{ … }} is escaped unless it is
`Raw` markup made here (placeholders, names of bodies), so text from a province file can never
become markup or template code.
"""
from __future__ import annotations

import re
import traceback
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
import yaml
from babel.numbers import format_decimal
from jinja2.sandbox import SandboxedEnvironment

from generator.read import organisations
from generator.errors import Location, Problem, TemplateError, relative
from generator.compose.markup import MarkupError, escape, parse_blocks, parse_inline
from generator.read.model import Province, running_date
from generator.read.register import district_committees_2021
from generator.tree import Document, Header, Signature, dump_text
from generator.i18n import _

TEMPLATES_DIR = Path(str(resources.files("generator.templates")))   # templates/ in the repository
DEFAULT_KIND = "chuong-trinh-kl93"


class Raw(str):
    """Markup produced by the composer itself; printed as is."""


def placeholder(label: str) -> Raw:
    """A visible hole for a fact the province file does not give."""
    return Raw(f"[[{escape(label)}]]")


@dataclass(frozen=True)
class Kind:
    """A document kind: its templates and the fixed words of its frame (templates/<kind>/kind.yaml)."""

    directory: Path
    name: str                  # the folder's name: "chuong-trinh-kl93"
    kind: str
    symbol: str
    authority: str
    title: str
    profile_family: str        # layout rules: "party" (HD 36, then QĐ 399) or "nd30"
    issuer: str                # "committee": the Tỉnh ủy/Thành ủy issues it; "lhh": the province's LHH does
    position: str              # the signer's position; "": the one in the province file (signer.position)


def compose(province: Province, kind: Kind) -> Document:
    """Render the province through the kind's templates into a document tree."""
    context = _context(province)
    names = context.pop("names")
    environment = _environment(kind.directory)
    data = province.data
    entry = province.entry
    body = parse_blocks(_render(environment, "body.j2", context))
    subject = _render_inline(environment, "subject.j2", context)
    recipients = tuple(_render(environment, "recipients.j2", context).strip().splitlines())
    # The number, date and signer in a province file are those of the Tỉnh ủy's programme: a
    # document the LHH issues has its own, left blank in the draft.
    own = kind.issuer == "committee"
    issuer = entry.committee if own else context["lhh_name"]
    name = parse_inline(escape(data.signer.name)) if own and data.signer.name else parse_inline(
        placeholder("họ và tên người ký"))
    return Document(
        header=Header(
            issuer=issuer,
            number=data.document.number if own else None,
            symbol=kind.symbol,
            place=entry.place,
            date=data.document.date if own else None,
            year=data.document.as_of.year if not own else data.document.year,
            draft_marker=data.document.draft,
        ),
        kind=kind.kind,
        subject=subject,
        body=tuple(body),
        signature=Signature(kind.authority, kind.position or data.signer.position, name),
        recipients=tuple(_unmark(line) for line in recipients if line.strip()),
        title=f"{kind.title} - {issuer}",
        unconfirmed_names=_unconfirmed_in(names, body, recipients),
    )


def _unconfirmed_in(names: dict, body, recipients) -> tuple[str, ...]:
    """The unconfirmed names of bodies that the document actually uses."""
    text = dump_text(body) + "\n" + "\n".join(recipients)
    return tuple(sorted({name.text for name in names.values() if name.unconfirmed and name.text in text}))


def load_kind(name: str = DEFAULT_KIND, templates_dir: Path = TEMPLATES_DIR) -> Kind:
    directory = templates_dir / name
    path = directory / "kind.yaml"
    if not path.is_file():
        raise TemplateError(Problem(_("không có loại văn bản {name}", name=repr(name)), Location(relative(directory))))
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    fields = {f for f in Kind.__dataclass_fields__ if f not in ("directory", "name")}
    if not isinstance(data, dict) or set(data) != fields:
        given = set(data) if isinstance(data, dict) else set()
        raise TemplateError(Problem(_("kind.yaml phải có đúng các khóa: {keys}", keys=", ".join(sorted(fields))),
                                    Location(relative(path)),
                                    _("thiếu: {missing}; thừa: {extra}", missing=", ".join(sorted(fields - given)) or "-",
                                      extra=", ".join(sorted(given - fields)) or "-")))
    return Kind(directory=directory, name=name, **data)


def _context(province: Province) -> dict[str, Any]:
    entry, data = province.entry, province.data
    lhh_name = data.lhh.name or f"Liên hiệp các Hội Khoa học và Kỹ thuật {entry.full_name}"
    party_org = data.lhh.party_organisation
    if data.district_committees:
        district = escape("các " + ", ".join(data.district_committees.value))
    elif entry.renamed_on or entry.formed_from:
        # The 2021 table does not describe a renamed unit; after 2025 the name is not used.
        district = placeholder(f"các cấp ủy cấp huyện của {entry.full_name}")
    else:
        district = escape("các " + ", ".join(district_committees_2021()[entry.slug]))
    values = {
        "committee": entry.committee_word,
        "unit": entry.unit_word,
        "lhh_name": escape(lhh_name),
        "lhh_short": f"Liên hiệp Hội {entry.unit_word}",
        "lhh_party_organisation": escape(party_org.value) if party_org else placeholder(
            "Đảng đoàn hoặc chi bộ, đảng bộ cơ quan"),
        "district_committees": district,
    }
    as_of = data.document.as_of
    names = organisations.names_on(as_of, values)
    return {
        "names": names,
        "province": entry.name,
        "place": entry.place,
        "unit": entry.unit_word,
        "unit_full_name": entry.full_name,
        "committee": entry.committee_word,
        "lhh_name": lhh_name,
        "reorganised": as_of >= organisations.changeover(),
        "programme": _programme(province),
        "body": {role: Raw(name.text) for role, name in names.items()},
        "data": data.model_dump(),
        "predecessors": [_predecessor(p) for p in province.predecessors],
    }


def _programme(province: Province) -> Raw | str:
    """The Tỉnh ủy's programme a later document implements: its number and date if the file gives
    them ("Chương trình số 05-CTr/TU, ngày 05/02/2021 của Ban Thường vụ Tỉnh ủy Thanh Hóa")."""
    document, committee = province.data.document, province.entry.committee
    if document.number is None or document.date is None:
        return placeholder(f"số, ngày Chương trình của Ban Thường vụ {committee} thực hiện Kết luận số 93-KL/TW")
    return (f"Chương trình số {document.number:02d}-CTr/TU, ngày {running_date(document.date)} "
            f"của Ban Thường vụ {committee}")


def _predecessor(predecessor) -> dict[str, Any]:
    """What the templates know of one former province of a merged unit."""
    entry, province = predecessor.entry, predecessor.province
    return {
        "slug": entry.slug,
        "full_name": entry.full_name,
        "committee": entry.committee,
        "lhh": f"Liên hiệp Hội {entry.full_name}",
        "data": province.data.model_dump() if province else None,
    }


@lru_cache(maxsize=8)
def _environment(directory: Path) -> SandboxedEnvironment:
    environment = SandboxedEnvironment(
        loader=jinja2.FileSystemLoader(str(directory)),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=lambda value: value if isinstance(value, Raw) else escape(str(value)),
    )
    environment.globals.update(placeholder=placeholder, count=_count, since=_since,
                               common_as_of=_common_as_of, as_of_lead=_as_of_lead)
    environment.filters.update(capfirst=_capfirst, join_vi=_join_vi, sentence=_sentence)
    return environment


def _render(environment: SandboxedEnvironment, name: str, context: dict[str, Any]) -> str:
    try:
        return environment.get_template(name).render(context)
    except jinja2.TemplateSyntaxError as e:
        raise TemplateError(Problem(_("lỗi cú pháp mẫu: {problem}", problem=e.message),
                                    Location(relative(Path(e.filename or name)), e.lineno))) from e
    except jinja2.TemplateError as e:
        raise TemplateError(Problem(_("lỗi mẫu: {problem}", problem=e), _template_location(e, environment, name))) from e


def _render_inline(environment: SandboxedEnvironment, name: str, context: dict[str, Any]):
    text = _render(environment, name, context)
    try:
        return parse_inline(" ".join(text.split()))
    except MarkupError as e:
        raise TemplateError(Problem(str(e), Location(name))) from e


def _template_location(error: Exception, environment: SandboxedEnvironment, name: str) -> Location:
    """The innermost template frame of a rendering error (Jinja rewrites tracebacks to point there)."""
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        if frame.filename.endswith(".j2"):
            return Location(relative(Path(frame.filename)), frame.lineno)
    return Location(name)


def _unmark(line: str) -> str:
    """A recipient line is plain text: drop escapes, keep the words."""
    return "".join(run.text if hasattr(run, "text") else f"[{run.label}]" for run in parse_inline(line.strip()))


def _count(fact: dict | None, label: str) -> Raw | str:
    """'trên 20.000' from a numeric fact, or a placeholder."""
    if fact is None:
        return placeholder(label)
    number = format_decimal(fact["value"], locale="vi_VN")
    return f"trên {number}" if fact["approx"] else number


def _since(fact: dict | None, common: str | None = None) -> str:
    """' (năm 2011)' when a fact is dated, so an old figure is never passed off as current.

    Nothing when the sentence already said so with `as_of_lead` (`common`).
    """
    if fact is None or not fact.get("as_of") or fact["as_of"] == common:
        return ""
    return f" ({_when(fact['as_of'])})"


def _common_as_of(*facts: dict | None) -> str | None:
    """The date shared by all the given facts that exist, if they share one."""
    dates = {fact.get("as_of") for fact in facts if fact is not None}
    return dates.pop() if len(dates) == 1 and None not in dates else None


def _as_of_lead(common: str | None) -> str:
    return f"Theo số liệu {_when(common)}, " if common else ""


def _when(as_of: str) -> str:
    """'2011' → 'năm 2011', '6/2021' → 'tháng 6/2021'; anything else as written."""
    if re.fullmatch(r"\d{4}", as_of):
        return f"năm {as_of}"
    if re.fullmatch(r"\d{1,2}/\d{4}", as_of):
        return f"tháng {as_of}"
    return as_of


def _capfirst(value: str) -> str:
    result = value[:1].upper() + value[1:]
    return Raw(result) if isinstance(value, Raw) else result


def _sentence(value: str) -> str:
    """A list item typed by an editor ends with a full stop like the template's own items."""
    value = str(value).rstrip()
    return value if value.endswith((".", ";", ":", "!", "?")) else value + "."


def _join_vi(values: list[str]) -> str:
    values = [str(v) for v in values]
    if len(values) <= 1:
        return "".join(values)
    return ", ".join(values[:-1]) + " và " + values[-1]
