"""profiles/<id>.yaml → Profile: the typed layout and text conventions of one guideline.

Lengths are written with units in the file ("20mm", "6pt") and held here in twips
(1/20 pt), the unit OOXML uses for page and paragraph geometry.
"""
from __future__ import annotations

import datetime as dt
import re
from functools import cache
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError

from generator.errors import InputError, Location, Problem
from generator.i18n import _
from generator.shipped import PACKAGE
from generator.yaml_loaders import load_strings

TWIPS_PER = {"mm": 1440 / 25.4, "cm": 1440 / 2.54, "pt": 20.0, "in": 1440.0}


def _twips(value: object) -> int:
    if isinstance(value, (int, float)):
        raise ValueError("a length needs a unit: mm, cm, pt or in")
    match = re.fullmatch(r"\s*([0-9.]+)\s*(mm|cm|pt|in)\s*", str(value))
    if not match:
        raise ValueError(f"not a length: {value!r}")
    return round(float(match.group(1)) * TWIPS_PER[match.group(2)])


Twips = Annotated[int, BeforeValidator(_twips)]


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Page(_Frozen):
    width: Twips
    height: Twips
    margin_top: Twips
    margin_bottom: Twips
    margin_left: Twips
    margin_right: Twips
    header_distance: Twips
    font: str
    font_equivalents: list[str] = []     # metric-compatible faces a PDF may use for `font`
    language: str
    # Where the guideline gives a margin as a range ("top", "bottom", "left", "right"): what `check` accepts.
    margin_ranges: dict[str, tuple[Twips, Twips]] = {}

    @property
    def text_width(self) -> int:
        return self.width - self.margin_left - self.margin_right


class HeaderGeometry(_Frozen):
    preferred_left_width: Twips
    min_left_width: Twips
    max_overflow: Twips
    cell_padding: Twips
    rule_width: Twips
    measure_slack: Twips                 # added to each measured line of the header blocks
    issuer_break_after: list[str] = []   # preferred places to break a long issuer ("ỦY")
    rule_slack: Twips = 0                # a text-long rule leaves this much more room to its text


FrameElement = Literal["issuer", "star", "number", "draft_marker", "party_title", "motto", "place_date", "kind",
                       "subject", "separator"]


class FrameLine(_Frozen):
    """One element of the document's frame and the solid line drawn under it, if any: `text` = as
    long as the text (a bottom border), a number = that fraction of its widest line (a line of its own)."""

    element: FrameElement
    rule: Literal["text"] | float | None = None


class HeaderRow(_Frozen):
    left: list[FrameLine]
    right: list[FrameLine]


class Frame(_Frozen):
    """Where the parts of the frame go: the header rows on page 1 (a borderless two-column table)
    and the lines of the title under it."""

    header: list[HeaderRow]
    title: list[FrameLine]


class SubjectLines(_Frozen):
    """How the writer breaks the trích yếu into lines (at the phrase boundaries of its template)."""

    margin: Twips                        # a line is at most the text width less this


class TableGeometry(_Frozen):
    """Tables of the body: their borders and the room inside each cell."""

    border_width: Twips                  # every border: a single solid line this thick
    cell_padding: Twips                  # left and right, inside each cell
    header_vertical_align: Literal["top", "center", "bottom"]


class HeadingLabel(_Frozen):
    style: Literal["roman", "arabic", "letter"]
    suffix: str


class ContentEnd(_Frozen):
    """The mark after the last paragraph ("./." under NĐ 30). An unconfirmed mark is not written,
    and a document without it is reported as "không xác định", never as a violation."""

    mark: str
    unconfirmed: bool = False


class TextConventions(_Frozen):
    party_title: str
    motto: str = ""                    # NĐ 30: Tiêu ngữ under the Quốc hiệu
    star: str                          # the mark under the issuer; "" where a solid line is drawn
    separator: str                     # the mark under the trích yếu; "" where a solid line is drawn
    number_label: str                  # "Số" (Party) or "Số:" (NĐ 30)
    number_format: str                 # fields: number, kind (ký hiệu tên loại), issuer
    number_min_digits: int
    number_blank: str
    kind_symbols: dict[str, str]       # tên loại in capitals → ký hiệu
    subject_starts: Literal["lower", "upper"]
    authorities: list[str]             # the words of the thẩm quyền ký line: "T/M", "K/T" …
    head_signs_in_person: bool = False  # the head may sign under the position alone, no authority line
    date_format: str
    # The abbreviation the date line may write for "Thành phố" before a city's name ("TP. Hồ Chí
    # Minh"); "" where the name is written in full.
    city_abbreviation: str = ""
    # Between a cited document's number and its date: ", ngày" in Party documents, " ngày" in State
    # documents ("Kết luận số 93-KL/TW ngày 20/11/2020", NĐ 30 Phụ lục I).
    citation_before_date: str = ", "
    date_pad_day: bool
    date_padded_months: list[int]
    date_blank: str
    recipients_label: str
    # Words that open a line of a công văn, which has no tên loại ("Kính gửi", "V/v …").
    letter_marks: list[str] = []
    # Titles of documents the guideline does not cover (a processing slip, a petition, a form, a
    # list): checked against nothing, whatever else they look like ("Kính gửi" on a phiếu trình).
    out_of_scope_kinds: list[str] = []
    recipient_prefix: str
    recipient_separator: str
    recipient_terminator: str
    storage_line: str                  # the last recipient line; field: office
    heading_labels: dict[int, HeadingLabel]
    article_words: list[str] = []
    no_break_hyphen: str
    no_break_before_dash: bool
    no_break_spans: str                # spans whose spaces never break a line of the trích yếu
    placeholder_open: str
    placeholder_close: str
    content_end: ContentEnd


class Style(_Frozen):
    """Formatting of one element role. `allowed_*`: the range the guideline allows, where it
    allows one; the checker expects the written value elsewhere."""

    size: float
    allowed_sizes: tuple[float, float] | None = None
    bold: bool = False
    italic: bool = False
    underline: bool = False
    case: Literal["upper", "as-is"] = "as-is"
    align: Literal["left", "center", "right", "justify"] = "left"
    first_line_indent: Twips = 0
    allowed_first_line_indent: tuple[Twips, Twips] | None = None
    space_before: Twips = 0
    space_after: Twips = 0
    line_exact: Twips | None = None
    any_line_spacing: bool = False     # the guideline allows any spacing (NĐ 30: single to 1.5 lines)
    keep_with_next: bool = False

    @property
    def sizes(self) -> tuple[float, float]:
        """The sizes a document may use for this role."""
        return self.allowed_sizes or (self.size, self.size)

    @property
    def first_line_indents(self) -> tuple[int, int]:
        return self.allowed_first_line_indent or (self.first_line_indent, self.first_line_indent)


class SignatureGeometry(_Frozen):
    left_width: Twips
    right_width: Twips
    recipients_side: Literal["left", "right"]   # "Nơi nhận" on this side, the signature on the other


class PlaceholderLook(_Frozen):
    # A highlight colour of Word's menu (write/ooxml.py HIGHLIGHTS).
    highlight: Literal["yellow", "bright_green", "turquoise", "pink", "blue", "red", "dark_blue", "teal", "green",
                       "violet", "dark_red", "dark_yellow", "gray_50", "gray_25", "black", "white"]


class Tolerances(_Frozen):
    length: Twips                  # page size and margins read from a document


class Difference(_Frozen):
    """One way a profile differs from the one it extends, with where that comes from."""

    what: str
    source: str
    unconfirmed: bool = False
    # The finding measures (check/rules/: "dòng lưu", "kiểu đặt dấu", a PAGE measure) this
    # difference decides: while it is unconfirmed, a finding about them is only undetermined.
    measures: list[str] = []


class Profile(_Frozen):
    id: str
    short_name: str                # "HD36": prefix of rule ids and of Word style names
    name: str
    family: str                    # profiles of one family replace each other over time ("party")
    applies_from: dt.date          # documents dated from this day on
    extends: str | None = None
    differences: list[Difference] = []
    # Checker rule id → where the guideline states it ("HD 36 mục 1.3, Phụ lục 3").
    rule_sources: dict[str, str] = {}
    page: Page
    header: HeaderGeometry
    frame: Frame
    subject_lines: SubjectLines
    table: TableGeometry
    text: TextConventions
    styles: dict[str, Style]
    signature: SignatureGeometry
    placeholder: PlaceholderLook
    tolerances: Tolerances

    def style(self, role: str) -> Style:
        return self.styles[role]

    def style_name(self, role: str) -> str:
        """The Word style of an element role ("HD36 body"): a văn thư adjusts it once in Word."""
        return f"{self.short_name} {role}"

    def rule_id(self, rule: str) -> str:
        """A checker rule as reported under this profile ("HD36-PAGE")."""
        return f"{self.short_name}-{rule}"

    def kind_symbol(self, kind: str) -> str | None:
        """The ký hiệu of a tên loại ("Chương trình" → "CTr")."""
        return self.text.kind_symbols.get(kind.upper())


@cache
def load_profile(profile_id: str = "hd36") -> Profile:
    """Load a shipped profile by id; an unknown id or a broken file is an InputError."""
    data = _raw(profile_id)
    try:
        return Profile.model_validate(data)
    except ValidationError as e:
        raise InputError([Problem(f"{'.'.join(map(str, err['loc']))}: {err['msg']}",
                                  Location(f"profiles/{profile_id}.yaml")) for err in e.errors()]) from e


@cache
def shipped_profiles() -> tuple[str, ...]:
    """The ids of the profiles shipped in generator/profiles/."""
    folder = PACKAGE / "profiles"
    return tuple(sorted(item.name[:-5] for item in folder.iterdir() if item.name.endswith(".yaml")))


def profile_for(family: str, date: dt.date | None) -> Profile:
    """The profile of `family` in force on `date`: the latest that applies from that day or before
    (the earliest of the family for a date before all of them; the latest for a document that
    gives no date at all)."""
    profiles = sorted((load_profile(i) for i in shipped_profiles()), key=lambda p: p.applies_from)
    members = [p for p in profiles if p.family == family]
    if not members:
        raise InputError(Problem(_("không có bộ quy tắc thể thức nào cho {family}", family=repr(family))))
    in_force = [p for p in members if date is None or p.applies_from <= date]
    return in_force[-1] if in_force else members[0]


def _raw(profile_id: str, seen: tuple[str, ...] = ()) -> dict[str, Any]:
    """The profile file's data, merged over the profile it `extends` (only the differences are written)."""
    name = f"profiles/{profile_id}.yaml"
    resource = PACKAGE / name
    if not re.fullmatch(r"[a-z0-9-]+", profile_id) or not resource.is_file():
        raise InputError(Problem(_("không có bộ quy tắc thể thức {profile}", profile=repr(profile_id)),
                                 hint=_("có: {profiles}", profiles=", ".join(shipped_profiles()))))
    data = load_strings(resource.read_text(encoding="utf-8"))  # all strings
    parent = data.get("extends")
    if parent and parent not in seen:
        own_differences = data.get("differences", [])
        data = _merged(_raw(parent, seen + (profile_id,)), data)
        data["differences"] = own_differences
    return dict(data)


def _merged(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        merged[key] = _merged(base[key], value) if isinstance(value, dict) and isinstance(base.get(key), dict) \
            else value
    return merged
