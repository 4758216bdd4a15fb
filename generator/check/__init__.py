"""Any .docx → conformance findings against a profile (`chuongtrinh check`).

reader (safe .docx → what the reader sees) → structure (the parts of a document) → rules.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path

from generator.check.content import CONTENT_RULES, content_findings
from generator.check.reader import DocView, UnreadableDocument, read_docx
from generator.check.rules import RULES, SIGNER, UNSIGNED, Finding, Options, describe, unsigned_note
from generator.check.structure import Structure, Vocabulary, comparable, locate, plain, shows
from generator.dates import document_date
from generator.errors import Problem, relative
from generator.i18n import _
from generator.profiles import Profile, formats, load_profile, profile_for, shipped_profiles

__all__ = ["Report", "Finding", "Options", "RULES", "CONTENT_RULES", "rule_names", "UnreadableDocument", "check_bytes", "check_path",
           "choose_profile", "describe"]


@dataclass
class Report:
    file: str
    findings: list[Finding] = field(default_factory=list)
    profile: Profile | None = None     # the rules the document was checked against
    drafted: bool = False              # checked as a draft because the page says "Dự thảo"
    out_of_scope: bool = False         # of a kind the guideline does not cover: nothing judged

    @property
    def violations(self) -> list[Finding]:
        """Certain faults, of the layout and of the content its kind requires."""
        return [f for f in self.findings if f.certain]

    @property
    def layout(self) -> list[Finding]:
        return [f for f in self.findings if f.certain and not f.content]

    @property
    def content(self) -> list[Finding]:
        """Faults against the parts the document's kind requires (check/content.py)."""
        return [f for f in self.findings if f.certain and f.content]

    @property
    def undetermined(self) -> list[Finding]:
        return [f for f in self.findings if not f.certain]


def check_bytes(data: bytes, name: str, profile: Profile | None = None, options: Options = Options()) -> Report:
    """Findings against `profile`, or else against the profile the document's own header and
    date line call for (see `choose_profile`)."""
    view = read_docx(data, name)
    shown = True
    if profile is None:
        family = _family_shown(view)
        profile, shown = _profile_in_force(view, family or _family_cited(view)), family is not None
    structure = locate(view, Vocabulary.of(profile))
    report = Report(name, profile=profile)
    if not options.draft and structure.draft_mark is not None:
        options, report.drafted = replace(options, draft=True), True
    for rule_id, rule in RULES.items():
        if options.runs(rule_id):
            # (A finding that names no rule, THIS_RULE, is the rule's own.)
            report.findings.extend(replace(f, rule=profile.rule_id(f.rule or rule_id))
                                   for f in rule(structure, profile, options))
    report.findings.extend(f for f in content_findings(structure) if options.runs(f.rule.split("-", 1)[1]))
    if structure.attached is not None:
        # A text issued with another document has none of these parts: they are that document's.
        theirs = {profile.rule_id(rule_id) for rule_id in ATTACHED_LACKS}
        report.findings = [f for f in report.findings if not (f.missing and f.rule in theirs)]
    # A blank number and a blank day have one cause (the file is not yet signed): said once.
    unsigned = [f for f in report.findings if f.measure == UNSIGNED]
    report.findings = [f for f in report.findings if f.measure != UNSIGNED or f is unsigned[0]]
    if len(unsigned) > 1:
        report.findings = [replace(f, message=unsigned_note(_("số, ngày"))) if f is unsigned[0] else f
                           for f in report.findings]
    if unsigned or options.draft:
        # Nor is the signer's name, in a file not yet signed (or a draft), always decided.
        report.findings = [replace(f, certain=False) if f.measure == SIGNER else f for f in report.findings]
    # What the profile itself is unsure of (a difference not confirmed against the official text)
    # is not a certain fault.
    unsure = {measure for d in profile.differences if d.unconfirmed for measure in d.measures}
    report.findings = [replace(f, certain=False, message=_("{finding} (điểm chưa xác nhận của {profile})",
                                                           finding=f.message, profile=profile.name))
                       if f.certain and f.measure in unsure else f for f in report.findings]
    without_diacritics = _without_diacritics(view)
    # (Without diacritics no tên loại can be read: that is the finding, not the document's scope.)
    if not without_diacritics and _out_of_scope(structure, profile):
        # Kind first: a document of a kind the guideline does not cover (a processing slip, a
        # petition, a list), or of no kind it can tell (an annex, a speech, a table), is not judged by
        # it: one note, and every finding only for reference.
        # The note says why in place of the title rule's own words.
        report.out_of_scope = True
        report.findings = [replace(f, certain=False) for f in report.findings if f.rule != profile.rule_id("TITLE")]
        report.findings.insert(0, Finding(profile.rule_id("TITLE"), _(
            "không thuộc phạm vi của {profile}: {why}; các kết quả dưới đây chỉ để tham khảo",
            profile=profile.name, why=_scope_reason(structure)), certain=False))
    if without_diacritics:
        # The fixed words (Số, ngày tháng, Nơi nhận …) cannot be compared: only the rules that read
        # no words stay certain, and the one cause is reported once.
        wordless = {profile.rule_id(rule_id) for rule_id in WORDLESS_RULES}
        report.findings = [f if f.rule in wordless else replace(f, certain=False) for f in report.findings]
        report.findings.insert(0, Finding(profile.rule_id("TEXT"), _(
            "văn bản viết tiếng Việt không dấu, phải viết có dấu; các phần của văn bản không so được với "
            "quy định nên được báo là không xác định")))
    if not shown:
        # Nothing on the page says which rules it follows (an annex, an agenda): no guideline is
        # known to cover it, so nothing is certain (not even a margin every profile would refuse),
        # and the report says why. Which parts it must have is unknown too: a part not found is
        # not reported at all.
        report.out_of_scope = True
        report.findings = [replace(f, certain=False) for f in report.findings if not f.missing]
        report.findings.insert(0, Finding(profile.rule_id("PROFILE"), _(
            "không thấy tiêu đề của Đảng hay Quốc hiệu: không xác định được văn bản theo thể thức nào; "
            "kết quả dưới đây theo {profile}, chỉ để tham khảo", profile=profile.name), certain=False))
    return report


def rule_names(names: tuple[str, ...] | list[str]) -> frozenset[str]:
    """Rule ids as a user gives them (--select PAGE, --ignore HD36-FONT,ND30-FONT), bare; ValueError
    naming the first unknown one."""
    prefixes = tuple(f"{load_profile(i).short_name}-" for i in shipped_profiles())
    known = set(RULES) | set(CONTENT_RULES)
    bare = set()
    for name in (part.strip().upper() for given in names for part in given.split(",") if part.strip()):
        rule_id = next((name.removeprefix(p) for p in prefixes if name.startswith(p)), name)
        rule_id = rule_id if rule_id in known else rule_id.split("-", 1)[-1]     # "CTR-LENGTH"
        if rule_id not in known:
            raise ValueError(name)
        bare.add(rule_id)
    return frozenset(bare)


def _out_of_scope(structure: Structure, profile: Profile) -> bool:
    """A document the guideline does not cover: no tên loại it lists, and either a title of a kind
    it does not cover or no sign of a công văn (which has no tên loại by design). A text issued with
    another document ("Kèm theo Quyết định …": an điều lệ, a quy chế, a phụ lục) is covered as part
    of it (NĐ 30 Phụ lục III), unless its title names a kind the guideline leaves out (a phiếu ghi ý
    kiến sent with a công văn)."""
    if structure.kind is not None:
        return False
    if structure.attached is not None:
        return _unlisted_kind(structure, profile) is not None
    return not structure.letter or _unlisted_kind(structure, profile) is not None


def _unlisted_kind(structure: Structure, profile: Profile) -> str | None:
    """The kind outside the guideline that the document's title names ("PHIẾU TRÌNH"), if any."""
    if structure.unlisted_kind is None:
        return None
    title = comparable(structure.unlisted_kind.text)
    return next((kind for kind in profile.text.out_of_scope_kinds
                 if title == comparable(kind) or title.startswith(comparable(kind) + " ")), None)


def _scope_reason(structure: Structure) -> str:
    if structure.unlisted_kind is not None:
        return _("tên loại \"{kind}\" không có trong danh mục", kind=" ".join(structure.unlisted_kind.text.split()))
    return _("không thấy tên loại văn bản")


# The parts a text issued with another document leaves to it (NĐ 30 Phụ lục III: under the title
# only "(Kèm theo Quyết định số … ngày … của …)"; the decision has the number, date, signature, Nơi nhận).
ATTACHED_LACKS = ("NUMBER", "DATE", "SIGNATURE", "RECIPIENTS")

# Rules that read no words: certain even in a text without diacritics.
WORDLESS_RULES = ("PAGE", "FONT", "BODY", "PAGE-NUMBER", "SIDES")


def _without_diacritics(view: DocView) -> bool:
    """A Vietnamese text written without its diacritics: almost no letter outside ASCII, in a
    text long enough to tell (Vietnamese prose has some in every other word)."""
    text = unicodedata.normalize("NFC", "".join(p.text for p in view.paragraphs))
    if len(text.encode()) - len(text) > 0.1 * len(text):
        return False      # the usual case: bytes beyond ASCII on every few letters
    ascii_letters, other_letters = len(_ASCII_LETTER.findall(text)), len(_OTHER_LETTER.findall(text))
    letters = ascii_letters + other_letters
    return letters >= 200 and other_letters < 0.02 * letters


_ASCII_LETTER = re.compile(r"[A-Za-z]")
_OTHER_LETTER = re.compile(r"[^\W\d_A-Za-z]")


def _family_shown(view: DocView) -> str | None:
    """The family whose title line (Party title; Quốc hiệu) the first page carries, if any."""
    texts = [segment.text for p in view.paragraphs[:40] for segment in p.segments]
    profiles = [load_profile(i) for i in shipped_profiles()]
    return next((p.family for p in profiles if any(shows(text, p.text.party_title) for text in texts)), None)


def _family_cited(view: DocView) -> str:
    """For a page that shows no title line (an annex): the family whose form of số và ký hiệu its
    first lines cite first ("Kèm theo Quyết định số …/QĐ-UBND" is a State form); the Party's
    when none does."""
    text = "\n".join(p.text for p in view.paragraphs[:15])
    cited = [(match.start(), p.family) for p in (load_profile(i) for i in shipped_profiles())
             if (match := formats.symbol_pattern(p.text).search(text))]
    return min(cited)[1] if cited else "party"


def check_path(path: Path, profile: Profile | None = None, options: Options = Options()) -> Report:
    name = relative(path)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise UnreadableDocument(Problem(_("{file}: không đọc được: {reason}", file=name, reason=e.strerror))) from e
    return check_bytes(data, name, profile, options)


def choose_profile(view: DocView) -> Profile:
    """The family whose title line the header carries (Party title, or Quốc hiệu for State-style
    documents), then the profile of that family in force on the day the date line states (the
    same fallback as for building, dates.document_date; a document without a date line is checked
    against the family's latest profile)."""
    return _profile_in_force(view, _family_shown(view) or _family_cited(view))


def _profile_in_force(view: DocView, family: str) -> Profile:
    header = [plain(segment.text) for p in view.paragraphs[:40] for segment in p.segments]
    text = profile_for(family, None).text
    lines = (formats.parse_date_line(text, line) for line in header)
    stated = next((line for line in lines if line is not None), None)
    when = document_date(stated.date(), stated.year) if stated else None
    return profile_for(family, when)
