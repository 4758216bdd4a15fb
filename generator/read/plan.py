"""Command-line targets (+ `--date`) → what to build: one Target per output document.

Without a date, or with one before 1/7/2025, every province file in provinces/ makes one
document (the 63 units); without a date, a unit named (by slug or path) that has a file of its own
in provinces/34/ is that unit of the 34, at its file's date. From 1/7/2025 the batch is the 34
units: a unit's own file
provinces/34/<slug>.yaml if there is one; else the file of the one province it continues
(Thanh Hóa, or Thừa Thiên Huế for Huế); else, for a unit formed from several provinces, the
files of all of them, merged in the document for the editor to review.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator.errors import UsageError, did_you_mean, relative
from generator.i18n import _
from generator.read import organisations
from generator.read.register import RegisterEntry, predecessors, register_34, register_63, successor

if TYPE_CHECKING:
    from generator.read.model import Province

UNITS_34_DIR = "34"   # provinces/34/<slug>.yaml: files written for a unit of the 34


@dataclass(frozen=True)
class Target:
    """One document to build: its output name and the province files it is made from."""

    slug: str
    files: tuple[Path, ...]           # one file; or, for `merged` without `history`, one per former province (may not exist)
    date: dt.date | None = None       # `--date`: the document date instead of the file's own
    merged: RegisterEntry | None = None   # a unit of the 34 formed from several former provinces
    # A merged unit's own file (files[0]) is its present; its former provinces' files (one each, may
    # not exist) are its history, which section I tells as theirs.
    history: tuple[Path, ...] = ()

    @classmethod
    def file(cls, path: Path, date: dt.date | None = None) -> Target:
        """One province file, named after it."""
        return cls(path.stem, (path,), date)

    @property
    def label(self) -> str:
        """The input(s) as shown to the user and recorded in the manifest."""
        return ", ".join(relative(path) for path in self.files + self.history
                         if path.exists() or not self.merged)

    def read(self) -> bytes:
        """Everything that decides the document besides code and templates (for the manifest)."""
        parts = [f"{self.date or ''}".encode()]
        for path in self.files + self.history:
            try:
                parts.append(path.read_bytes())
            except OSError:
                parts.append(b"")   # reported properly when the target is loaded
        return b"\0".join(parts)


def plan(targets: tuple[str, ...], everything: bool, provinces_dir: Path, date: dt.date | None = None) -> list[Target]:
    """The documents to build for the command line's targets, each output once."""
    if date is not None and date >= organisations.changeover():
        chosen = _plan_34(targets, everything, provinces_dir, date)
    else:
        # Without a date, a unit of today's register named by its slug is today's unit when it has
        # a file of its own: in 2026 "tuyen-quang" is the province of the 34, not the one of 2021.
        own_first = date is None
        chosen = [_target_34(register_34()[path.stem], path.parent.parent, date) if _own_file_34(path)
                  else Target.file(path, date)
                  for path in resolve_targets(targets, everything, provinces_dir, own_first)]
    by_slug: dict[str, Target] = {}
    for target in chosen:
        other = by_slug.setdefault(target.slug, target)
        if other != target:
            raise UsageError(_("hai tệp cho cùng tỉnh {slug}: {first} và {second}", slug=repr(target.slug),
                               first=other.label, second=target.label))
    return list(by_slug.values())


def load_target(target: Target, tidy_text: bool = True) -> Province:
    """Target → the province the composer works from; InputError as for one file."""
    from generator.read.model import load_province, merged_province, with_history  # pydantic: only when building
    if target.merged is None:
        return load_province(target.files[0], tidy_text=tidy_text, date=target.date)
    own = load_province(target.files[0], tidy_text=tidy_text, date=target.date) if target.history else None
    # The former provinces' facts up to the document's date: the batch's, or the own file's.
    until = target.date or (own.data.document.as_of if own is not None else None)
    former = [(entry, load_province(path, tidy_text=tidy_text, facts_until=until) if path.exists() else None)
              for entry, path in zip(predecessors(target.merged), target.history or target.files)]
    if own is None:
        return merged_province(target.merged, target.date, former)
    return with_history(own, former)


def resolve_targets(targets: tuple[str, ...], everything: bool, provinces_dir: Path,
                    own_first: bool = False) -> list[Path]:
    """Slugs and paths → existing province files, each province once (two files for one province
    would write the same output). `own_first`: a slug with a file in provinces/34/ is that file."""
    chosen: dict[str, Path] = {}
    for path in _target_paths(targets, everything, provinces_dir, own_first):
        other = chosen.setdefault(path.stem, path)
        if other.resolve() != path.resolve():
            raise UsageError(_("hai tệp cho cùng tỉnh {slug}: {first} và {second}", slug=repr(path.stem),
                               first=other, second=path))
    return list(chosen.values())


def _plan_34(targets: tuple[str, ...], everything: bool, provinces_dir: Path, date: dt.date) -> list[Target]:
    if everything or not targets:
        chosen = [_target_34(entry, provinces_dir, date) for entry in register_34().values()]
        return chosen + [Target.file(Path(t), date) for t in targets if _is_file_argument(t)]
    chosen = []
    for target in targets:
        if _is_file_argument(target):
            path = Path(target)
            if not path.is_file():
                raise UsageError(_("không có tệp {path}", path=target))
            chosen.append(Target.file(path, date))
        elif target in register_34():
            chosen.append(_target_34(register_34()[target], provinces_dir, date))
        elif target in register_63():
            unit = successor(register_63()[target])
            if unit.merged:
                raise UsageError(_("từ 01/7/2025 {old} thuộc {unit}; dựng văn bản của {unit} bằng mã {slug}",
                                   old=register_63()[target].full_name, unit=unit.full_name, slug=unit.slug))
            chosen.append(_target_34(unit, provinces_dir, date))
        else:
            raise UsageError(unknown_slug(target, register_34()))
    return chosen


def _own_file_34(path: Path) -> bool:
    """A file written for a unit of the 34 (provinces/34/<slug>.yaml)."""
    return path.parent.name == UNITS_34_DIR and path.stem in register_34()


def _target_34(entry: RegisterEntry, provinces_dir: Path, date: dt.date | None) -> Target:
    own = provinces_dir / UNITS_34_DIR / f"{entry.slug}.yaml"
    former = tuple(provinces_dir / f"{old.slug}.yaml" for old in predecessors(entry))
    if own.is_file():
        return Target(entry.slug, (own,), date, merged=entry, history=former) if entry.merged else \
            Target(entry.slug, (own,), date)
    if not entry.merged:
        return Target(entry.slug, former, date)
    return Target(entry.slug, former, date, merged=entry)


def files_to_validate(targets: tuple[str, ...], provinces_dir: Path) -> list[Path]:
    """The files `validate` reads: the named ones, or every file, provinces/34/ included."""
    if targets:
        return resolve_targets(targets, False, provinces_dir, own_first=True)
    return resolve_targets((), True, provinces_dir) + sorted((provinces_dir / UNITS_34_DIR).glob("*.yaml"))


def _is_file_argument(target: str) -> bool:
    return Path(target).suffix in (".yaml", ".yml")


def _target_paths(targets: tuple[str, ...], everything: bool, provinces_dir: Path,
                  own_first: bool = False) -> list[Path]:
    if everything or not targets:
        found = sorted(provinces_dir.glob("*.yaml"))
        if not found:
            raise UsageError(_("thư mục {folder} không có tệp tỉnh nào (*.yaml)", folder=provinces_dir))
        return found + [Path(t) for t in targets if _is_file_argument(t)]
    sources = []
    for target in targets:
        path = Path(target)
        if _is_file_argument(target) or path.exists():
            if not path.is_file():
                raise UsageError(_("không có tệp {path}", path=target))
            sources.append(path)
            continue
        own = provinces_dir / UNITS_34_DIR / f"{target}.yaml"
        path = provinces_dir / f"{target}.yaml"
        if own_first and own.is_file():
            sources.append(own)
        elif path.is_file():
            sources.append(path)
        elif target in register_63():
            raise UsageError(_("chưa có tệp {path} cho {unit}", path=path, unit=register_63()[target].full_name))
        else:
            raise UsageError(unknown_slug(target, register_63()))
    return sources


def unknown_slug(slug: str, register: dict[str, RegisterEntry]) -> str:
    import difflib
    hint = did_you_mean(difflib.get_close_matches(slug, register, n=1))
    message = _("không có tỉnh mã {slug} trong danh mục", slug=repr(slug))
    return f"{message}; {hint}" if hint else message
