"""The library API: what the command line, the benchmarks and the web workbench call.

Each function takes plain values (paths, slugs, dates, flags), does one job of the pipeline and
returns data; user errors are raised as `ChuongTrinhError` (see errors.py). Nothing here prints.

    load_province(path)                  a province file → Province (validated, joined with the register)
    validate(files, completeness=…)      → one Validation per file (problems, warnings, holes)
    validate_text(text, source, date)    → the Validation of a file's text as an editor holds it
    plan(targets, everything, dir, date) → the documents to build (Target)
    build(targets, out_dir, …)           → a BuildRun: iterate it for each Outcome, then .summary
    compose_document(province, kind)     → (document tree, profile)   write_document(tree, profile) → bytes
    check(files, profile_id, draft)      → a CheckRun (reports, unreadable files)
    export_pdf(documents, out_dir)       → PDF paths     preview(target, page, …) → PNG path
    new_province(slug, year, dir)        → the path of a new, commented province file
    rules(profile_id)                    → (rule id, description) for `check --rules`
    schema_text()                        the JSON Schema of a province file
    load_kind(name), formats             the document kinds; the strings a profile's conventions make
    Document, Heading, Placeholder       the document tree's types (tree.py)
"""
from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator import build as building
from generator.build import BEFORE_MERGE, HAND_EDITED_COPY, NEW_DRAFT, REDLINE, Outcome, output_name
from generator.compose.kinds import DEFAULT_KIND, Kind, load_kind
from generator.dates import document_date
from generator.errors import ChuongTrinhError, Problem, UsageError
from generator.i18n import _
from generator.read import organisations
from generator.read.plan import UNITS_34_DIR, Target, files_to_validate, plan, unknown_slug
from generator.read.register import register_63, register_on

if TYPE_CHECKING:
    # The lazy names below, seen by type checkers and linters as what they are.
    from generator.check import Report, UnreadableDocument
    from generator.profiles import Profile, formats
    from generator.read.model import Province, load_province
    from generator.read.schema import schema_text
    from generator.revise.redline import Redline
    from generator.tree import Document, Heading, Placeholder

# Names of the later stages, imported when first used: a build with nothing to do, or a command
# that only checks, never pays for Jinja or the province model.
_LAZY = {"load_province": "generator.read.model", "Province": "generator.read.model",
         "schema_text": "generator.read.schema", "Document": "generator.tree", "Heading": "generator.tree",
         "Placeholder": "generator.tree"}


def __getattr__(name: str) -> Any:
    if name == "formats":
        return import_module("generator.profiles.formats")
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = ["load_province", "validate", "plan", "build", "compose_document", "write_document", "check",
           "export_pdf", "preview", "new_province", "rules", "Validation", "BuildRun", "Summary", "CheckRun",
           "Outcome", "Target", "Province", "DEFAULT_KIND", "load_kind", "formats", "schema_text", "Document",
           "Heading", "Placeholder", "HAND_EDITED_COPY", "compare", "REDLINE",
           "BEFORE_MERGE"]


@dataclass
class Validation:
    """What `validate` found in one province file."""

    source: Path
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    placeholders: list[str] = field(default_factory=list)      # with --completeness, in reading order
    unconfirmed_names: tuple[str, ...] = ()
    defaults: tuple[tuple[str, str], ...] = ()                # (field, text) of the draft's defaults still in use

    @property
    def ok(self) -> bool:
        return not self.problems


def validate(targets: tuple[str, ...], provinces_dir: Path, *, completeness: bool = False, fix: bool = False,
             dry_run: bool = False, tidy_text: bool = True, kind_name: str = DEFAULT_KIND) -> Iterator[Validation]:
    """Every named file (slugs or paths), or every file in provinces_dir and its 34/ folder.
    `fix`: Tabs in indentation to spaces, legacy-encoded stretches to Unicode, in the files (each
    change is a warning); with `dry_run`, only say what would change."""
    from generator.read.model import load_province
    kind = load_kind(kind_name) if completeness else None
    for source in files_to_validate(targets, provinces_dir):
        result = Validation(source)
        try:
            province = load_province(source, fix=fix or dry_run, tidy_text=tidy_text, dry_run=dry_run)
            result.warnings = list(province.warnings)
            if kind is not None:
                document, _profile = compose_document(province, kind)
                result.placeholders = document.placeholder_labels()
                result.unconfirmed_names = document.unconfirmed_names
                result.defaults = document.defaults
        except ChuongTrinhError as e:
            result.problems, result.warnings = e.problems, e.warnings
        yield result


def validate_text(text: str, source: Path, date: dt.date | None = None) -> Validation:
    """A province file's text as an editor holds it (not yet saved, taken as typed) judged as
    `validate` judges the file at `source`, for a document of `date`."""
    from generator.read.model import validate_province
    from generator.read.source import parse_yaml
    result = Validation(source)
    try:
        loaded = parse_yaml(text, source.name, tidy_text=False)
        validate_province(loaded, source, date)
        result.warnings = list(loaded.warnings)
    except ChuongTrinhError as e:
        result.problems, result.warnings = e.problems, e.warnings
    return result


def repairable(text: str) -> bool:
    """Whether `validate --fix` can repair a province file's text: Tabs in its indentation, or
    stretches typed in a legacy Vietnamese encoding."""
    from generator.read.source import fix_legacy_text, without_indentation_tabs
    untabbed = without_indentation_tabs(text)
    return untabbed != text or fix_legacy_text(untabbed)[0] != untabbed


def compose_document(province: Province, kind: Kind) -> tuple[Document, Profile]:
    """The document tree of a province, and the profile in force on its date that lays it out."""
    from generator.compose.document import compose, document_profile
    profile = document_profile(province, kind)
    return compose(province, kind, profile), profile


def write_document(document: Document, profile: Profile) -> bytes:
    """A document tree laid out as a .docx (deterministic bytes)."""
    from generator.write.docx_writer import write_docx
    return write_docx(document, profile)


@dataclass
class Summary:
    """The tally of a build run, as its summary line says it."""

    seconds: float = 0.0
    actions: Counter[str] = field(default_factory=Counter)   # built, unchanged, failed, kept, nonconforming
    placeholders: int = 0
    total: int = 0
    # The .docx files the run leaves in the output folder, written now or before (for a
    # hand-edited one, the user's file and the new draft beside it).
    documents: list[Path] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return self.actions["failed"] + self.actions["nonconforming"]

    @property
    def nothing_changed(self) -> bool:
        return self.actions["unchanged"] == self.total


class BuildRun:
    """Iterate for each Outcome as it is known (progress), then read `summary`; `export_pdf()`
    converts what this run wrote."""

    def __init__(self, targets: list[Target], out_dir: Path, jobs: int | None, options: dict[str, Any],
                 without_files: tuple[str, ...] = ()):
        self.targets, self.out_dir, self.jobs, self.options = targets, out_dir, jobs, options
        self.summary = Summary(total=len(targets))
        # Units of the register a whole batch leaves out: no file of theirs, nor of a former province.
        self.without_files = without_files

    def __len__(self) -> int:
        return len(self.targets)

    def __iter__(self) -> Iterator[Outcome]:
        started = time.perf_counter()
        for outcome in building.build(self.targets, self.out_dir, jobs=self.jobs, **self.options):
            self.summary.actions[outcome.action] += 1
            self.summary.placeholders += outcome.placeholders
            if outcome.action == "kept":
                self.summary.documents.append(self.out_dir / f"{output_name(outcome.target, self.options['kind_name'])}.docx")
            if outcome.action != "failed" and outcome.output is not None:
                self.summary.documents.append(outcome.output)
            yield outcome
        self.summary.seconds = time.perf_counter() - started

    def export_pdf(self) -> list[Path]:
        """A PDF for each document of the run whose PDF is missing or older than it, whether the
        run wrote the document or found it unchanged (a run stopped after writing a .docx and
        before its PDF leaves an older PDF, made again here); the PDFs made."""
        from generator.write.pdf import stale_pdfs
        stale = stale_pdfs(self.summary.documents)
        return export_pdf(stale, self.out_dir, self.jobs) if stale else []


def build(targets: tuple[str, ...] | list[Target], out_dir: Path, *, everything: bool = False,
          provinces_dir: Path = Path("provinces"), date: dt.date | None = None, jobs: int | None = None,
          force: bool = False, final: bool = False, tidy_text: bool = True, check: bool = True,
          kind_name: str = DEFAULT_KIND, redline: bool = False, merge: bool = False,
          issued: Path | None = None) -> BuildRun:
    """The documents for the command-line targets (slugs, paths; or Targets already planned),
    built when the returned run is iterated: in parallel, incrementally, interrupt-safe."""
    planned = [t for t in targets if isinstance(t, Target)]
    without: tuple[str, ...] = ()
    if len(planned) != len(targets) or not targets:
        planned = plan(tuple(str(t) for t in targets), everything, provinces_dir, date)
        if everything or not targets:
            # A batch builds every unit it has files for; the others are named, not failed.
            without = tuple(t.slug for t in planned if not any(p.exists() for p in t.files + t.history))
            planned = [t for t in planned if t.slug not in without]
    return BuildRun(planned, out_dir, jobs, dict(force=force, final=final, tidy_text=tidy_text, check=check,
                                                 kind_name=kind_name, redline=redline, merge=merge, issued=issued),
                    without)


@dataclass
class CheckRun:
    reports: list[Report]
    unreadable: list[UnreadableDocument]

    @property
    def nonconforming(self) -> int:
        return sum(1 for report in self.reports if report.violations)

    @property
    def out_of_scope(self) -> int:
        """Documents of a kind the guideline does not cover: neither conforming nor not."""
        return sum(1 for report in self.reports if report.out_of_scope)


def check(files: list[Path], profile_id: str | None = None, draft: bool = False,
          select: tuple[str, ...] = (), ignore: tuple[str, ...] = ()) -> CheckRun:
    """Conformance reports for any .docx files; unreadable ones are collected, not raised. `select`
    and `ignore` name rules ("PAGE", "HD36-FONT"; comma-separated or repeated)."""
    if not files:
        raise UsageError(_("chưa nêu tệp .docx nào"))
    from generator.check import RULES, Options, UnreadableDocument, check_path, rule_names
    from generator.profiles import load_profile
    profile = load_profile(profile_id) if profile_id else None
    try:
        options = Options(draft=draft, select=rule_names(select), ignore=rule_names(ignore))
    except ValueError as e:
        raise UsageError(Problem(_("không có quy tắc {rule}", rule=str(e)),
                                 hint=_("các quy tắc: {rules}", rules=", ".join(RULES)))) from None
    run = CheckRun([], [])
    for path in files:
        try:
            run.reports.append(check_path(path, profile, options))
        except UnreadableDocument as e:
            run.unreadable.append(e)
    return run


def rules(profile_id: str | None = None) -> list[tuple[str, str]]:
    """Every checker rule as reported under the profile (default: the Party's latest), described
    with that profile's values."""
    from generator.check import RULES, describe
    from generator.profiles import load_profile, profile_for
    profile = load_profile(profile_id) if profile_id else profile_for("party", None)
    return [(profile.rule_id(rule_id), describe(rule_id, profile)) for rule_id in RULES]


def export_pdf(documents: list[Path], out_dir: Path, jobs: int | None = None) -> list[Path]:
    """PDF through LibreOffice (ConverterError when it is missing, fails or hangs)."""
    from generator.write.pdf import to_pdf  # LibreOffice is only needed here
    return to_pdf(documents, out_dir, jobs=jobs)


def preview(target: str, page: int, out_dir: Path, provinces_dir: Path = Path("provinces"),
            kind_name: str = DEFAULT_KIND) -> Path:
    """Build one document, export it as PDF and one page of it as PNG; the PNG's path."""
    from generator.write.pdf import page_count, preview_png
    [source] = plan((target,), False, provinces_dir)
    [outcome] = list(build([source], out_dir, jobs=1, kind_name=kind_name))
    if outcome.action == "failed":
        raise ChuongTrinhError(outcome.problems)
    # A document edited by hand is kept; the preview shows the one in the folder, as the user has it.
    document = out_dir / f"{output_name(source, kind_name)}.docx"
    [pdf] = export_pdf([document], out_dir, 1)
    pages = page_count(pdf)
    if pages is not None and page > pages:
        raise UsageError(_("văn bản chỉ có {pages} trang", pages=pages))
    return preview_png(pdf, page, out_dir / f"{document.stem}-trang-{page}.png")


def compare(old: Path, new: Path, out: Path | None = None) -> Redline:
    """`new` with Word tracked changes against `old`, written to `out` (default: beside `new`, named
    <new>.so-sanh.docx); dated by the new version's own date, so the same files give the same bytes.
    An unreadable version: UnreadableDocument (exit 4)."""
    from generator.revise.redline import redline_files
    return redline_files(old, new, out or new.with_name(f"{new.stem}{REDLINE}"))


def new_province(slug: str, year: int, provinces_dir: Path = Path("provinces")) -> Path:
    """A commented skeleton for a unit of the register in force in `year`: provinces/<slug>.yaml
    for the 63, provinces/34/<slug>.yaml for the 34 (from 1/7/2025)."""
    when = document_date(None, year)
    assert when is not None, "a year gives a day"
    after = when >= organisations.changeover()
    register = register_on(when, organisations.changeover())
    entry = register.get(slug)
    if entry is None:
        raise UsageError(unknown_slug(slug, register))
    folder = provinces_dir / UNITS_34_DIR if after else provinces_dir
    path = folder / f"{slug}.yaml"
    if path.exists():
        raise ChuongTrinhError(_("{path} đã có; không ghi đè", path=path))
    from generator.read.register import predecessors
    continued = [provinces_dir / f"{old.slug}.yaml" for old in predecessors(entry)] if after and not entry.merged else []
    if continued and continued[0].is_file():
        # One province, one LHH, one history: its file goes on (its facts are dated; a document of
        # today's date is the unit of the 34). A second file would leave the first one's facts out.
        raise ChuongTrinhError(Problem(
            _("{unit} không sắp xếp với tỉnh nào: tệp {path} là tệp của đơn vị cho cả hai danh mục",
              unit=entry.full_name, path=continued[0]),
            hint=_("ghi số liệu mới, người ký và năm ban hành vào tệp đó; văn bản năm 2021 vẫn dựng lại được theo "
                   "ngày của nó")))
    folder.mkdir(parents=True, exist_ok=True)
    from generator.read.scaffold import skeleton
    path.write_text(skeleton(entry, year, "../" if after else ""), encoding="utf-8")
    return path


@dataclass
class UnitState:
    """One unit of the register in force on a date, as the workbench's dashboard shows it."""

    slug: str
    name: str                     # "tỉnh Thanh Hóa", as it was named on the date
    sources: str                  # the province file(s) its document is built from; "" when none exists
    state: str                    # see build.states; "no-file" when there is no province file
    placeholders: int = 0
    problems: list[str] = field(default_factory=list)
    output: Path | None = None    # the .docx, when there is one
    file: Path | None = None      # the one province file its document is built from, to edit
    unconfirmed: list[str] = field(default_factory=list)   # names of organisations still to confirm
    new_draft: Path | None = None  # a hand-edited document's new draft, written beside it
    redline: Path | None = None    # the last rebuild's tracked changes against the version before


@dataclass
class FormerFile:
    """A former province of a merged unit, as its editor shows it beside the unit's own file: the
    file that holds its history, and what that says of its LHH (key path, value as written)."""

    name: str                     # "tỉnh Quảng Nam"
    file: Path
    facts: list[tuple[str, str]] = field(default_factory=list)   # empty when the file is missing or unreadable
    problems: list[str] = field(default_factory=list)            # why it is unreadable, for a page


# What a former province's file says that the unit's own file goes on from: its LHH's figures.
HISTORY_KEYS = ("member_associations", "members", "affiliated_units", "staff", "advisory_tasks")


def history(slug: str, provinces_dir: Path, date: dt.date | None) -> list[FormerFile]:
    """The former provinces of a unit of the 34 formed by merger, with their files' LHH facts
    (each "value (as_of; source)"); [] for any other unit or without a register date."""
    from generator.read.register import predecessors
    from generator.read.source import load_yaml
    if date is None:
        return []
    try:
        [target] = plan((slug,), False, provinces_dir, date)
    except (UsageError, ValueError):
        return []
    if target.merged is None:
        return []
    formers = []
    for entry, path in zip(predecessors(target.merged), target.history or target.files):
        former = FormerFile(entry.full_name, path)
        try:
            data = load_yaml(path).data if path.is_file() else {}
        except ChuongTrinhError as e:
            former.problems = [problem.on_page() for problem in e.problems]
            data = {}
        found = data.get("lhh") if isinstance(data, dict) else None
        lhh: dict[str, Any] = found if isinstance(found, dict) else {}
        for key in HISTORY_KEYS:
            fact = lhh.get(key)
            if isinstance(fact, dict) and fact.get("value") is not None:
                told = ", ".join(str(fact[detail]) for detail in ("as_of", "source") if fact.get(detail))
                former.facts.append((f"lhh.{key}", f"{fact['value']}" + (f" ({told})" if told else "")))
            elif fact is not None and not isinstance(fact, (dict, list)):
                former.facts.append((f"lhh.{key}", str(fact)))
        for congress in lhh.get("congresses") or []:
            if isinstance(congress, dict) and congress.get("ordinal"):
                former.facts.append(("lhh.congresses", f"{congress['ordinal']}, {congress.get('term') or ''} "
                                                       f"({congress.get('as_of') or ''})".replace(",  (", " (")))
        formers.append(former)
    return formers


def unused_fields(date: dt.date | None) -> frozenset[str]:
    """The province file's top-level fields a document of `date` has no use for: from 1/7/2025
    the Party has no district-level committees to name (Quy định 294-QĐ/TW of 26/5/2025, in force
    that day)."""
    return frozenset({"district_committees"}) if date and date >= organisations.changeover() else frozenset()


def register_size(date: dt.date | None) -> int:
    """How many units the register in force on `date` has (the 63 without a date)."""
    return len(register_on(date, organisations.changeover()) if date else register_63())


def unit_states(provinces_dir: Path, out_dir: Path, date: dt.date | None = None,
                kind_name: str = DEFAULT_KIND) -> list[UnitState]:
    """Every unit of the register in force on `date` (the 63, or the 34 from 1/7/2025; without a
    date the 63, whose files carry their own dates, as `build --all` does), in the register's
    order, with the state of its document in out_dir; nothing is built."""
    register = register_on(date, organisations.changeover()) if date else register_63()
    try:
        planned = {target.slug: target for target in plan((), True, provinces_dir, date)}
    except UsageError:
        planned = {}
    states = building.states([t for t in planned.values() if any(p.exists() for p in t.files)], out_dir,
                             kind_name=kind_name)
    units = []
    for slug, entry in register.items():
        target = planned.get(slug)
        state, record = states.get(output_name(target, kind_name), ("no-file", None)) if target else ("no-file", None)
        output = out_dir / record.output if record is not None and record.output else None
        own = target.files[0] if target and len(target.files) == 1 and target.files[0].is_file() else None
        beside = output.with_name(output.stem + NEW_DRAFT) if output is not None else None
        compared = output.with_name(output.stem + REDLINE) if output is not None else None
        units.append(UnitState(slug, entry.full_name, target.label if target else "", state,
                               record.placeholders if record else 0, list(record.errors) if record else [],
                               output if output is not None and output.is_file() else None, own,
                               list(record.unconfirmed) if record else [],
                               beside if state == "hand-edited" and beside is not None and beside.is_file() else None,
                               compared if compared is not None and compared.is_file() else None))
    return units


def check_document(data: bytes, name: str, profile_id: str | None = None, draft: bool = False) -> Report:
    """The conformance report of one .docx given as bytes (an upload), made in a process of its
    own under a time and memory limit (check/isolated.py); UnreadableDocument when it cannot be
    read, or not within those limits."""
    from generator.check.isolated import check_isolated
    return check_isolated(data, name, profile_id, draft)


def preview_text(text: str, slug: str, page: int, work_dir: Path, date: dt.date | None = None,
                 kind_name: str = DEFAULT_KIND, provinces_dir: Path | None = None) -> PagePreview:
    """One page, as PNG, of the document a province file's text would give before it is saved
    (the workbench's live preview), with where its placeholders are on it. The text is built in
    work_dir, never in the provinces folder; ChuongTrinhError when it cannot be built. A merged
    unit's own file is previewed with its former provinces' files from `provinces_dir`, as built."""
    from generator.read.plan import load_target
    from generator.write.pdf import page_count, preview_png, word_boxes
    source = work_dir / "source" / f"{slug}.yaml"
    source.parent.mkdir(parents=True, exist_ok=True)
    source.write_text(text, encoding="utf-8")
    # Composed once: the tree is written, and its placeholders are looked for on the page.
    target = Target.file(source, date)
    planned = plan((slug,), False, provinces_dir, date) if provinces_dir is not None and date is not None else []
    if planned and planned[0].history:
        target = replace(target, merged=planned[0].merged, history=planned[0].history)
    document, profile = compose_document(load_target(target), load_kind(kind_name))
    out = work_dir / "out"
    out.mkdir(exist_ok=True)
    written = out / f"{slug}.docx"
    written.write_bytes(write_document(document, profile))
    [pdf] = export_pdf([written], out, 1)
    pages = page_count(pdf) or 1
    page = max(1, min(page, pages))
    width, height, words = word_boxes(pdf, page)
    printed = [(f"{profile.text.placeholder_open}{p.label}{profile.text.placeholder_close}", p.field)
               for p in document.placeholders()]
    return PagePreview(preview_png(pdf, page, work_dir / f"trang-{page}.png", resolution=70), page, pages,
                       placeholder_boxes(printed, words, width, height))


@dataclass
class PagePreview:
    image: Path
    page: int
    pages: int
    # Each placeholder seen on the page: its label, its field ("goals.members") or None, and its
    # boxes, one per printed line, as (left, top, width, height) shares of the page.
    placeholders: list[tuple[str, str | None, list[tuple[float, float, float, float]]]]


def placeholder_boxes(printed: list[tuple[str, str | None]], words: list[tuple[str, float, float, float, float]], width: float,
                      height: float) -> list[tuple[str, str | None, list[tuple[float, float, float, float]]]]:
    """Where the document's placeholders ("[số hội viên]", in reading order) are among a page's
    words: a run of words from one opening "[" to its "]" is the next placeholder of the
    document with that text (the page holds a stretch of them, in order)."""
    def plain(text: str) -> str:
        return " ".join(text.replace("\u00a0", " ").split()).casefold()

    wanted = [plain(text) for text, _field in printed]
    opening, closing = (printed[0][0][0], printed[0][0][-1]) if printed else ("[", "]")
    found, start, index = [], 0, 0
    while index < len(words):
        if opening not in words[index][0]:
            index += 1
            continue
        end = index
        while end < len(words) - 1 and closing not in words[end][0] and end - index < 60:
            end += 1
        run = words[index:end + 1]
        text = " ".join(word[0] for word in run)     # punctuation around it, "([số]).", is not its own
        text = text[text.index(opening):text.rindex(closing) + 1] if closing in text else text
        match = next((i for i in range(start, len(wanted)) if wanted[i] == plain(text)), None)
        if match is not None:
            found.append((printed[match][0][1:-1], printed[match][1], _line_boxes(run, width, height)))
            start = match + 1
            index = end + 1
        else:
            index += 1
    return found


def _line_boxes(run: list[tuple[str, float, float, float, float]], width: float, height: float) -> list[tuple[float, float, float, float]]:
    lines: list[list[float]] = []
    for _text, left, top, right, bottom in run:
        if lines and abs(lines[-1][1] - top) < 2:
            lines[-1][2], lines[-1][3] = max(lines[-1][2], right), max(lines[-1][3], bottom)
        else:
            lines.append([left, top, right, bottom])
    return [(left / width, top / height, (right - left) / width, (bottom - top) / height)
            for left, top, right, bottom in lines] if width and height else []
