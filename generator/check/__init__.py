"""Any .docx → conformance findings against a profile (`chuongtrinh check`).

reader (safe .docx → what the reader sees) → structure (the parts of a Party document) → rules.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from generator.profiles.profile import Profile, load_profile, profile_for, shipped_profiles
from generator.check.reader import DocView, UnreadableDocument, read_docx
from generator.check.rules import RULES, Finding, Options
from generator.check.structure import locate, plain

__all__ = ["Report", "Finding", "Options", "RULES", "UnreadableDocument", "check_bytes", "check_path"]


@dataclass
class Report:
    file: str
    findings: list[Finding] = field(default_factory=list)
    profile: Profile | None = None     # the rules the document was checked against

    @property
    def violations(self) -> list[Finding]:
        return [f for f in self.findings if f.certain]

    @property
    def undetermined(self) -> list[Finding]:
        return [f for f in self.findings if not f.certain]


def check_bytes(data: bytes, name: str, profile: Profile | None = None, options: Options = Options()) -> Report:
    """Findings against `profile`, or else against the profile the document's own header and
    date line call for (see `choose_profile`)."""
    view = read_docx(data, name)
    profile = profile or choose_profile(view)
    check = profile.check
    structure = locate(view, check.kinds, check.title, check.motto.text if check.motto else None)
    report = Report(name, profile=profile)
    for rule in RULES.values():
        report.findings.extend(replace(f, rule=f.rule.replace("HD36-", f"{check.rule_prefix}-", 1))
                               for f in rule(structure, profile, options))
    return report


def choose_profile(view: DocView) -> Profile:
    """The family whose title line the header carries (Party title, or Quốc hiệu for State-style
    documents), then the profile of that family in force on the date line's date (a draft's
    blank date: the end of its year; no year at all: today)."""
    header = [plain(segment.text) for p in view.paragraphs[:12] for segment in p.segments]
    profiles = [load_profile(i) for i in shipped_profiles()]
    family = next((p.family for p in profiles if p.check.title.upper() in {t.upper() for t in header}), "party")
    return profile_for(family, _date_line_date(header) or dt.date.today())


def _date_line_date(lines: list[str]) -> dt.date | None:
    for line in lines:
        match = re.search(r", ngày (\d*)\s*tháng (\d*)\s*năm (\d{4})$", line)
        if match:
            day, month, year = match.groups()
            try:
                return dt.date(int(year), int(month), int(day)) if day and month else dt.date(int(year), 12, 31)
            except ValueError:
                return dt.date(int(year), 12, 31)
    return None


def check_path(path: Path, profile: Profile | None = None, options: Options = Options()) -> Report:
    from generator.errors import Problem, relative
    from generator.i18n import _
    name = relative(path)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise UnreadableDocument(Problem(_("{file}: không đọc được: {reason}", file=name, reason=e.strerror))) from e
    return check_bytes(data, name, profile, options)
