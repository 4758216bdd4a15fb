"""Targets (province files) → DIR/<slug>.docx + DIR/manifest.json: parallel, incremental, interrupt-safe.

Workers only render (province file → .docx bytes); this process alone writes, so files and
manifest change one complete rename at a time. A build stopped at any moment (Ctrl-C, kill)
leaves complete files only; temporaries of a killed run are removed by the next run.
"""
from __future__ import annotations

import gc
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from generator import manifest
from generator.compose.kinds import DEFAULT_KIND, TEMPLATES_DIR, Kind, load_kind
from generator.errors import ChuongTrinhError, Location, Problem
from generator.files import ensure_folder, remove_temporaries, write_atomic
from generator.i18n import _, number
from generator.read.plan import Target, load_target

if TYPE_CHECKING:
    from generator.profiles import Profile
    from generator.read.model import Province
    from generator.revise.merge import Merged
    from generator.tree import Document

PR_SET_PDEATHSIG = 1   # linux/prctl.h
INLINE_BELOW = 3   # fewer pending documents than this are not worth starting worker processes


@dataclass
class Outcome:
    """What happened to one province file in this run."""

    target: Target
    action: str                   # "built", "unchanged", "failed", "kept" (hand-edited file left alone),
                                  # "merged" (hand-edited file merged with the new draft, --merge)
                                  # or "nonconforming" (written, but our own checker flags it)
    output: Path | None = None
    placeholders: int = 0
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)    # reported, never a failure
    redline: Path | None = None   # the new draft's tracked changes against the file it replaces (--redline)

    @property
    def slug(self) -> str:
        return self.target.slug


@dataclass(frozen=True)
class Rendered:
    data: bytes | None
    placeholders: list[str]
    problems: list[Problem]
    left_out: list[Problem] = field(default_factory=list)   # facts dated after today, not used (warnings)
    unconfirmed: tuple[str, ...] = ()      # names of organisations the references could not confirm
    merged: Merged | None = None   # the office's file merged with it, when asked (see MergeInputs)


@dataclass(frozen=True)
class MergeInputs:
    """What a merge of a document edited by hand needs besides the new draft: read by the parent,
    merged in the worker that renders the draft, so that a batch merges in parallel."""

    base: bytes            # the draft as the tool last wrote it
    ours: bytes            # the office's file
    name: str              # the output's name, without .docx

    @property
    def names(self) -> tuple[str, str, str]:
        return f"{BASES}/{self.name}.docx", f"{self.name}.docx", f"{self.name}{NEW_DRAFT}"


def render(target: Target, kind: Kind, final: bool = False, tidy_text: bool = True, check: bool = True,
           merging: MergeInputs | None = None) -> Rendered:
    """Target → .docx bytes, laid out by the profile in force on the document's date; user errors
    come back in the result, never raised.

    `final`: a document that still has placeholders is refused instead of written.
    `check`: the written document goes through `chuongtrinh check`; what it flags comes back as
    problems next to the data (the document is still written: the draft is usable).
    `merging`: the office's file merged with the new draft too (revise/merge.py), its headings
    numbered by the profile's conventions; no merge when it cannot be done (a file that is no .docx).
    """
    from generator.compose.document import compose, document_profile  # warmed by _prepare in the parent
    from generator.write.docx_writer import write_docx
    try:
        province = load_target(target, tidy_text=tidy_text)
        profile = document_profile(province, kind)
        document = compose(province, kind, profile)
        holes = document.placeholder_labels()
        left_out = _left_out(province)
        if final and (problems := final_problems(document, target.label)):
            return Rendered(None, holes, problems, left_out, document.unconfirmed_names)
        data = write_docx(document, profile)
        return Rendered(data, holes, _conformance(data, target, profile, final) if check else [], left_out,
                        document.unconfirmed_names, _merge(merging, data, profile) if merging else None)
    except ChuongTrinhError as e:
        return Rendered(None, [], e.problems)


def _merge(merging: MergeInputs, data: bytes, profile: Profile) -> Merged | None:
    from generator.revise.merge import merge
    try:
        return merge(merging.base, merging.ours, data, merging.names, conventions=profile.text)
    except ChuongTrinhError:
        return None


def _left_out(province: Province) -> list[Problem]:
    """The facts not used because they are dated after today, its former provinces' too."""
    former = [p.province for p in province.predecessors if p.province is not None]
    return [w for unit in [province, *former] for w in unit.left_out]


def _conformance(data: bytes, target: Target, profile: Profile, final: bool) -> list[Problem]:
    from generator.check import Options, check_bytes
    report = check_bytes(data, f"{target.slug}.docx", profile, Options(draft=not final))
    return [Problem(_("văn bản dựng ra sai thể thức: {finding}", finding=finding), Location(target.label),
                    _("lỗi của mẫu hoặc bộ quy tắc; xin báo cho nhóm phát triển"))
            for finding in report.violations]


def final_problems(document: Document, source: str) -> list[Problem]:
    """Why a document cannot be issued as final: holes left, no number or date, a draft marker."""
    where = Location(source)
    hint = _("điền vào tệp tỉnh, hoặc dựng bản dự thảo (bỏ --final)")
    problems = []
    holes = document.placeholder_labels()
    if holes:
        problems.append(Problem(_("bản chính thức (--final) nhưng còn {count} ô cần điền: {labels}",
                                  count=len(holes), labels=", ".join(dict.fromkeys(holes))), where, hint))
    if document.unconfirmed_names:
        problems.append(Problem(_("bản chính thức nhưng còn tên cơ quan chưa được xác nhận: {names}",
                                  names=", ".join(document.unconfirmed_names)), where,
                                _("xác nhận tên trong mục names: của tệp tỉnh")))
    header = document.header
    if header.number is None or header.date is None:
        problems.append(Problem(_("bản chính thức cần có số văn bản (document.number) và ngày ban hành "
                                  "(document.date)"), where, hint))
    if header.draft_marker:
        problems.append(Problem(_("bản chính thức không ghi chỉ dẫn {marker}", marker=repr(header.draft_marker)),
                                where, _("đặt document.draft: null")))
    return problems


def build(targets: Sequence[Target | Path], out_dir: Path, *, jobs: int | None = None, force: bool = False,
          final: bool = False, tidy_text: bool = True, check: bool = True, templates: Path = TEMPLATES_DIR,
          kind_name: str = DEFAULT_KIND, redline: bool = False, merge: bool = False,
          issued: Path | None = None) -> Iterator[Outcome]:
    """Build the targets (a bare path: that province file at its own date) into out_dir, yielding
    each outcome as soon as it is known. `redline`: beside each document that changed, its
    <slug>.so-sanh.docx, the new draft with tracked changes against the file in out_dir before it,
    or, with `issued` (a folder of the versions last sent out), against the one there; then an
    unchanged document gets its redline too.
    `merge`: a document edited by hand is merged with the new draft (revise/merge.py) instead of
    left alone, the office's file kept beside as <slug>.truoc-khi-gop.docx."""
    planned = [target if isinstance(target, Target) else Target.file(target) for target in targets]
    ensure_folder(out_dir)
    remove_temporaries(out_dir)
    if not (templates / kind_name).is_dir():
        load_kind(kind_name, templates_dir=templates)      # says which kinds there are
    entries = manifest.load(out_dir)
    # The kind's files are in the shared hash: a kind that changed leaves nothing unchanged, and
    # is read (and its errors reported) only when something is to be built.
    shared = manifest.shared_inputs_sha256(templates, kind_name) + ("" if tidy_text else "-as-typed")
    pending: dict[Target, str] = {}
    for target in planned:
        inputs = manifest.inputs_sha256(target.read(), shared)
        name = output_name(target, kind_name)
        if not force and not final and _state(entries.get(name), inputs, out_dir) == "up-to-date":
            entry = entries[name]
            output = out_dir / str(entry.output)        # (an up-to-date entry names its output)
            compared, notes = (_redline(None, output.read_bytes(), out_dir, name, issued)
                               if issued is not None else (None, []))
            yield Outcome(target, "unchanged", output, entry.placeholders, warnings=notes, redline=compared)
        else:
            pending[target] = inputs
    journal = manifest.Journal(out_dir, entries)
    if not pending:
        journal.close()            # what a build killed before its end left
        return
    kind = load_kind(kind_name, templates_dir=templates)
    merging = {target: found for target in pending
               if (found := _merge_inputs(out_dir, output_name(target, kind.name), entries))} if merge else {}
    try:
        for target, rendered in _render_all(list(pending), kind, jobs, (final, tidy_text, check), merging):
            yield _store(target, output_name(target, kind.name), rendered, pending[target], out_dir, entries, force,
                         journal.record, redline, merge, issued)
    finally:
        journal.close()            # also when stopped (Ctrl-C): the manifest is whole, the journal gone


def states(targets: list[Target], out_dir: Path, *, templates: Path = TEMPLATES_DIR,
           kind_name: str = DEFAULT_KIND) -> dict[str, tuple[str, manifest.Entry | None]]:
    """What a build would find for each target, by output name, without building (see `_state`),
    with its manifest entry."""
    entries = manifest.load(out_dir)
    shared = manifest.shared_inputs_sha256(templates, kind_name)
    found = {}
    for target in targets:
        name = output_name(target, kind_name)
        entry = entries.get(name)
        found[name] = (_state(entry, manifest.inputs_sha256(target.read(), shared), out_dir), entry)
    return found


def _prepare(kind: Kind, check: bool) -> None:
    """What every render needs, made once in the parent and inherited by the forked workers: the
    stages' imports and the compiled templates. A run that renders in this process makes each when
    first needed. (Not the reference documents: which profiles a batch needs, its documents'
    dates say, known only once each file is read; a worker makes or reads those it meets, 3 ms
    from the cache folder, and a batch of 2021 no longer makes the 2025 one in a first run.)"""
    from generator.compose.document import prepare_templates
    from generator.write import docx_writer as _warm_writer  # noqa: F401
    prepare_templates(kind.directory)
    if check:
        from generator import check as _warm_checker  # noqa: F401
    # What is made so far lives as long as the process: out of the collector's sight, the forked
    # workers neither scan it at each collection nor copy the pages its counters would touch.
    gc.freeze()


def output_name(target: Target, kind_name: str) -> str:
    """thanh-hoa for the Chương trình, thanh-hoa-ke-hoach-lhh for another kind: both can share a folder."""
    return target.slug if kind_name == DEFAULT_KIND else f"{target.slug}-{kind_name}"


def _render_all(targets: list[Target], kind: Kind, jobs: int | None, settings: tuple[bool, bool, bool],
                merging: dict[Target, MergeInputs]) -> Iterator[tuple[Target, Rendered]]:
    if len(targets) < INLINE_BELOW or jobs == 1:
        for number, target in enumerate(targets):
            yield target, render(target, kind, *settings, merging.get(target))
            if number == 0 and len(targets) > 1:
                # The first document has imported the stages and filled their caches: that lasts
                # as long as the run, so the collector no longer walks it (the oldest generation's
                # collections; 56 → 40 ms of collection in a batch of 63, measured with gc.callbacks).
                gc.freeze()
        return
    from concurrent.futures import ProcessPoolExecutor, as_completed
    _prepare(kind, settings[2])
    workers = min(jobs or os.cpu_count() or 1, len(targets))
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_worker_setup)
    try:
        futures = {pool.submit(render, target, kind, *settings, merging.get(target)): target for target in targets}
        for future in as_completed(futures):
            yield futures[future], future.result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _worker_setup() -> None:
    """Ctrl-C reaches the whole process group, but only the parent decides how to stop; and a
    worker must not outlive a parent that was killed outright (SIGKILL runs no clean-up)."""
    import ctypes
    import ctypes.util
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL) == 0 and os.getppid() != 1:
            return
    except (OSError, AttributeError):
        pass
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


# Beside <slug>.docx: the new draft of a document edited by hand, and, once a build has been told to
# overwrite it, the hand-edited file as it was.
NEW_DRAFT = ".new.docx"
HAND_EDITED_COPY = ".ban-sua-tay.docx"
REDLINE = ".so-sanh.docx"      # the new draft with tracked changes against the last one
BEFORE_MERGE = ".truoc-khi-gop.docx"   # the office's file as it was before a merge replaced it
# The draft as the tool last wrote it, kept for the next merge's base (a hidden folder of out_dir).
BASES = ".chuongtrinh"


def _keep_base(out_dir: Path, slug: str, data: bytes) -> None:
    folder = out_dir / BASES
    ensure_folder(folder)
    write_atomic(folder / f"{slug}.docx", data)


def _base(out_dir: Path, slug: str, entry: manifest.Entry | None) -> bytes | None:
    """The draft the tool last wrote for `slug`, if it is still the one the manifest records."""
    path = out_dir / BASES / f"{slug}.docx"
    try:
        data = path.read_bytes()
    except OSError:
        return None
    return data if entry is not None and manifest.sha256(data) == entry.output_sha256 else None


def _merge_inputs(out_dir: Path, slug: str, entries: dict[str, manifest.Entry]) -> MergeInputs | None:
    """For a document edited by hand whose base is kept: what its merge needs; else None."""
    entry = entries.get(slug)
    base = _base(out_dir, slug, entry)
    try:
        ours = (out_dir / f"{slug}.docx").read_bytes()
    except OSError:
        return None
    return MergeInputs(base, ours, slug) if base is not None and entry is not None and not entry.owns(ours) else None


def _merged(target: Target, slug: str, rendered: Rendered, existing: bytes, inputs: str, out_dir: Path,
            entries: dict[str, manifest.Entry], record: Callable[[str], None]) -> Outcome | None:
    """The office's file merged with the new draft, or None when it could not be (no base kept, a
    file that is no .docx any more, or one saved again while the batch ran): then the new draft
    goes beside it, as without --merge."""
    merged, data = rendered.merged, rendered.data
    if merged is None or data is None or merged.ours_sha256 != manifest.sha256(existing):
        return None
    write_atomic(out_dir / f"{slug}{BEFORE_MERGE}", existing)
    # Still the office's document: its next rebuild merges again, from the draft written now.
    entries[slug] = manifest.Entry(slug, "hand-edited", target.label, f"{slug}.docx", manifest.sha256(data),
                                   inputs, len(rendered.placeholders), [], unconfirmed=list(rendered.unconfirmed))
    record(slug)
    _keep_base(out_dir, slug, data)
    write_atomic(out_dir / f"{slug}.docx", merged.data)
    (out_dir / f"{slug}{NEW_DRAFT}").unlink(missing_ok=True)     # merged in: no new draft left to take
    note = Problem(_("{name}: đã gộp bản sửa tay với bản dựng mới: {kept} đoạn giữ bản sửa tay, {taken} đoạn theo số "
                     "liệu mới, {conflicts} đoạn cả hai cùng sửa (giữ bản sửa tay, kèm nhận xét \"Bản dựng mới: …\"); "
                     "bản sửa tay trước khi gộp: {before}", name=f"{slug}.docx", kept=number(merged.kept),
                     taken=number(merged.taken), conflicts=number(merged.conflicts), before=f"{slug}{BEFORE_MERGE}"),
                   level="warning")
    if merged.renumbered:
        note = replace(note, message=note.message + _("; {count} đề mục được đánh số lại cho liên tục",
                                                      count=number(merged.renumbered)))
    return Outcome(target, "merged", out_dir / f"{slug}.docx", len(rendered.placeholders),
                   warnings=rendered.left_out + [note])


def _redline(before: bytes | None, new: bytes, out_dir: Path, slug: str,
             issued: Path | None = None) -> tuple[Path | None, list[Problem]]:
    """The new draft against the version in the folder before it (for a file edited by hand and
    kept: the office's file), or against the version last issued when there is a folder of them,
    written beside; nothing when there was none or nothing changed. One that cannot be made (the
    office's file is no .docx any more) is said, never a failure."""
    if issued is not None:
        try:
            before = (issued / f"{slug}.docx").read_bytes()
        except OSError:
            return None, [Problem(_("{name}: không có bản đã gửi {path} để so sánh", name=f"{slug}.docx",
                                    path=str(issued / f"{slug}.docx")), level="warning")]
    if before is None or before == new:
        return None, []
    from generator.revise.redline import redline
    path = out_dir / f"{slug}{REDLINE}"
    try:
        write_atomic(path, redline(before, new, f"{slug}.docx", f"{slug}.docx").data)
    except ChuongTrinhError as e:
        return None, [replace(problem, level="warning") for problem in e.problems]
    return path, []


def _store(target: Target, name: str, rendered: Rendered, inputs: str, out_dir: Path,
           entries: dict[str, manifest.Entry], force: bool, record: Callable[[str], None], redline: bool = False,
           merge: bool = False, issued: Path | None = None) -> Outcome:
    """Record the outcome in the manifest (saved once) and write what there is to write."""
    slug = name
    previous = entries.get(slug)
    if rendered.data is None:
        entries[slug] = manifest.Entry(
            slug, "failed", target.label, previous.output if previous else None,
            previous.output_sha256 if previous else None, None, 0, [str(p) for p in rendered.problems])
        record(slug)
        return Outcome(target, "failed", problems=rendered.problems, warnings=rendered.left_out)
    output = out_dir / f"{slug}.docx"
    existing = output.read_bytes() if output.exists() else None
    edited = existing is not None and not (previous and previous.owns(existing))
    if existing is not None and edited and merge:    # --merge wins over --force's overwrite: the office's edits stay
        merged = _merged(target, slug, rendered, existing, inputs, out_dir, entries, record)
        if merged is not None:
            return merged
    if edited and not force:
        # A state, not an error: each front end says what to do with it (the CLI: --force; the
        # workbench: the new draft to download, and an overwrite to confirm).
        beside = out_dir / f"{slug}{NEW_DRAFT}"
        write_atomic(beside, rendered.data)
        entries[slug] = manifest.Entry(
            slug, "hand-edited", target.label, output.name, previous.output_sha256 if previous else None,
            inputs, len(rendered.placeholders), [])
        record(slug)
        compared, notes = (_redline(existing, rendered.data, out_dir, slug, issued) if redline or issued
                           else (None, []))
        return Outcome(target, "kept", beside, len(rendered.placeholders), warnings=rendered.left_out + notes,
                       redline=compared)
    if existing is not None and edited:
        # Overwritten on request, the office's file is kept beside, never lost.
        write_atomic(out_dir / f"{slug}{HAND_EDITED_COPY}", existing)
    conforming = not rendered.problems
    entries[slug] = manifest.Entry(slug, "ok" if conforming else "nonconforming", target.label, output.name,
                                   manifest.sha256(rendered.data), inputs, len(rendered.placeholders),
                                   [str(p) for p in rendered.problems],
                                   replaced_sha256=manifest.sha256(existing) if existing else None,
                                   unconfirmed=list(rendered.unconfirmed))
    record(slug)   # first the manifest, then the file: see Entry.replaced_sha256
    write_atomic(output, rendered.data)
    _keep_base(out_dir, slug, rendered.data)
    compared, notes = (_redline(existing, rendered.data, out_dir, slug, issued) if redline or issued
                       else (None, []))
    return Outcome(target, "built" if conforming else "nonconforming", output, len(rendered.placeholders),
                   rendered.problems, rendered.left_out + notes, redline=compared)


def _state(entry: manifest.Entry | None, inputs: str, out_dir: Path) -> str:
    """Where an output stands against its inputs' hash: "not-built"; "outdated" (its inputs
    changed since it was built); else "failed", "nonconforming" (written, flagged by the check),
    "hand-edited" (the file was changed after it was written) or "up-to-date", the one state a
    build leaves alone."""
    if entry is not None and entry.status == "failed":
        return "failed"             # its inputs are not recorded: it is tried again at every build
    if entry is None or not entry.output or not (out_dir / entry.output).is_file():
        return "not-built"
    output = out_dir / entry.output
    if entry.inputs_sha256 != inputs:
        return "outdated"
    if entry.status != "ok":
        return entry.status
    if manifest.sha256(output.read_bytes()) != entry.output_sha256:
        return "hand-edited"
    return "up-to-date"
