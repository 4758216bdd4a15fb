"""The parts a document of a known kind must contain, whoever wrote it (templates/<kind>/parts.yaml):
its sections, the task groups of the conclusion it carries out, a body long enough to do so.

These are rules of the kind, not of the layout guideline: a document is held to them only when its
tên loại and trích yếu say it is of that kind, and their findings are reported apart.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from generator.check.reader import Para
from generator.check.rules import Finding
from generator.check.structure import Structure, bare, plain
from generator.compose.kinds import TEMPLATES_DIR, load_kind
from generator.errors import Location, Problem, TemplateError, relative
from generator.i18n import _
from generator.yaml_loaders import InvalidYAML, load_data


@dataclass(frozen=True)
class Section:
    name: str
    starts: tuple[str, ...]       # a level-I heading starts with one of these words


@dataclass(frozen=True)
class TaskGroup:
    name: str
    phrases: tuple[str, ...]      # the body takes the group up when it says one of these


@dataclass(frozen=True)
class Requirements:
    kind: str                     # the folder in templates/
    title: str                    # "Chương trình thực hiện Kết luận số 93-KL/TW" (kind.yaml)
    rule_prefix: str              # "CTR-KL93"
    kinds: tuple[str, ...]        # tên loại that may carry it
    subject: tuple[str, ...]      # words of the trích yếu, one of which it must say
    sections: tuple[Section, ...]
    task_groups: tuple[TaskGroup, ...]
    min_words: int

    def recognises(self, doc: Structure) -> bool:
        if doc.kind is None or not doc.subject:
            return False
        subject = bare(" ".join(p.text for p in doc.subject))
        return bare(doc.kind.text) in {bare(kind) for kind in self.kinds} and any(
            bare(words) in subject for words in self.subject)


FIELDS = {"rule_prefix", "recognised_by", "sections", "task_groups", "min_words"}


@cache
def requirements(templates_dir: Path = TEMPLATES_DIR) -> tuple[Requirements, ...]:
    """Every kind's requirements, from its parts.yaml (following `extends`); TemplateError when one is wrong."""
    return tuple(_requirements(path.parent.name, templates_dir) for path in sorted(templates_dir.glob("*/parts.yaml")))


def _data(kind: str, templates_dir: Path, seen: tuple[str, ...] = ()) -> dict[str, Any]:
    path = templates_dir / kind / "parts.yaml"
    if kind in seen or not path.is_file():
        raise TemplateError(Problem(_("parts.yaml: không mở rộng được từ {kind}", kind=repr(kind)),
                                    Location(relative(templates_dir / seen[-1] / "parts.yaml") if seen else relative(path))))
    try:
        data = load_data(path.read_text(encoding="utf-8")) or {}
    except InvalidYAML as e:
        raise TemplateError(Problem(_("parts.yaml sai cú pháp YAML: {problem}", problem=e), Location(relative(path)))) from e
    parent = _data(data.pop("extends"), templates_dir, (*seen, kind)) if "extends" in data else {}
    merged = {**parent, **data}
    if set(merged) != FIELDS:
        raise TemplateError(Problem(_("parts.yaml phải có đúng các khóa: {keys}", keys=", ".join(sorted(FIELDS))),
                                    Location(relative(path))))
    return merged


def _requirements(kind: str, templates_dir: Path) -> Requirements:
    data = _data(kind, templates_dir)
    recognised = data["recognised_by"]
    return Requirements(
        kind=kind, title=load_kind(kind, templates_dir).title, rule_prefix=data["rule_prefix"],
        kinds=tuple(recognised["kinds"]), subject=tuple(recognised["subject"]),
        sections=tuple(Section(s["name"], tuple(s["starts"])) for s in data["sections"]),
        task_groups=tuple(TaskGroup(g["name"], tuple(g["phrases"])) for g in data["task_groups"]),
        min_words=int(data["min_words"]))


def kind_of(doc: Structure) -> Requirements | None:
    """The kind whose tên loại and trích yếu the document carries, if we know it."""
    return next((wanted for wanted in requirements() if wanted.recognises(doc)), None)


# The content rules, as reported after the kind's prefix ("CTR-SECTIONS").
CONTENT_RULES = ("SECTIONS", "TASKS", "LENGTH")


def content_findings(doc: Structure) -> Iterator[Finding]:
    wanted = kind_of(doc)
    if wanted is None:
        return
    prefix, title = wanted.rule_prefix, wanted.title
    headings = [bare(_unnumbered(p)) for p in doc.body if _heading(p)]
    for section in wanted.sections:
        if not any(heading.startswith(bare(words)) for heading in headings for words in section.starts):
            yield Finding(f"{prefix}-SECTIONS", _("{kind} thiếu phần \"{section}\"", kind=title, section=section.name),
                          content=True)
    body = _Body(" ".join(p.text for p in doc.body))
    for group in wanted.task_groups:
        if not body.says_any(group.phrases):
            yield Finding(f"{prefix}-TASKS", _("{kind} không có nhóm nhiệm vụ: {group}", kind=title, group=group.name),
                          content=True)
    words = sum(len(p.text.split()) for p in doc.body)
    if words < wanted.min_words:
        # A measure of our own, not a guideline's: a warning, never a fault.
        yield Finding(f"{prefix}-LENGTH", _("{kind} chỉ có {words} chữ, có thể quá ngắn cho loại văn bản này "
                                            "(thường ít nhất {least})", kind=title, words=words, least=wanted.min_words),
                      content=True, certain=False)


class _Body:
    """A body's text, searched for phrases with their diacritics (the usual case, and cheap on a
    long text), or else without them (worked out once, when first needed)."""

    def __init__(self, text: str):
        self.text, self.written = text, plain(text).lower()
        self.unaccented: str | None = None

    def says_any(self, phrases: tuple[str, ...]) -> bool:
        if any(plain(phrase).lower() in self.written for phrase in phrases):
            return True
        if self.unaccented is None:
            self.unaccented = bare(self.text)
        return any(bare(phrase) in self.unaccented for phrase in phrases)


def _heading(para: Para) -> bool:
    """A section heading: a short line in capitals or in bold."""
    text = plain(para.text)
    return 0 < len(text) <= 100 and (text == text.upper() or para.all("bold"))


_NUMBERING = re.compile(r"^(?:[IVXLC]+|\d+|[a-z])\s*[.\-–)]\s*")


def _unnumbered(para: Para) -> str:
    return _NUMBERING.sub("", plain(para.text))
