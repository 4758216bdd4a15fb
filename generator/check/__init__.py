"""Any .docx → conformance findings against a profile (`chuongtrinh check`).

reader (safe .docx → what the reader sees) → structure (the parts of a Party document) → rules.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..profile import Profile, load_profile
from .reader import UnreadableDocument, read_docx
from .rules import RULES, Finding, Options
from .structure import locate

__all__ = ["Report", "Finding", "Options", "RULES", "UnreadableDocument", "check_bytes", "check_path"]


@dataclass
class Report:
    file: str
    findings: list[Finding] = field(default_factory=list)

    @property
    def violations(self) -> list[Finding]:
        return [f for f in self.findings if f.certain]

    @property
    def undetermined(self) -> list[Finding]:
        return [f for f in self.findings if not f.certain]


def check_bytes(data: bytes, name: str, profile: Profile | None = None, options: Options = Options()) -> Report:
    profile = profile or load_profile("hd36")
    structure = locate(read_docx(data, name), profile.check.kinds)
    report = Report(name)
    for check in RULES.values():
        report.findings.extend(check(structure, profile, options))
    return report


def check_path(path: Path, profile: Profile | None = None, options: Options = Options()) -> Report:
    from ..errors import Problem, relative
    from ..i18n import _
    name = relative(path)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise UnreadableDocument(Problem(_("{file}: không đọc được: {reason}", file=name, reason=e.strerror))) from e
    return check_bytes(data, name, profile, options)
