"""profiles/<id>.yaml → Profile: the typed layout and text conventions of one guideline.

Lengths are written with units in the file ("20mm", "6pt") and held here in twips
(1/20 pt), the unit OOXML uses for page and paragraph geometry.
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError

from .errors import InputError, Location, Problem

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
    language: str

    @property
    def text_width(self) -> int:
        return self.width - self.margin_left - self.margin_right


class HeaderGeometry(_Frozen):
    preferred_left_width: Twips
    min_left_width: Twips
    max_overflow: Twips
    cell_padding: Twips
    party_title_rule_width: Twips


class HeadingLabel(_Frozen):
    style: Literal["roman", "arabic", "letter"]
    suffix: str


class TextConventions(_Frozen):
    party_title: str
    star: str
    separator: str
    number_format: str
    number_min_digits: int
    number_blank: str
    date_format: str
    date_pad_day: bool
    date_padded_months: list[int]
    date_blank: str
    recipients_label: str
    recipient_prefix: str
    recipient_separator: str
    recipient_terminator: str
    heading_labels: dict[int, HeadingLabel]
    no_break_hyphen: str
    no_break_before_dash: bool
    placeholder_open: str
    placeholder_close: str


class Style(_Frozen):
    """Formatting of one element role; None means 'inherit the document default'."""

    size: float
    bold: bool = False
    italic: bool = False
    underline: bool = False
    case: Literal["upper", "as-is"] = "as-is"
    align: Literal["left", "center", "right", "justify"] = "left"
    first_line_indent: Twips = 0
    space_before: Twips = 0
    space_after: Twips = 0
    line_exact: Twips | None = None
    keep_with_next: bool = False


class SignatureGeometry(_Frozen):
    left_width: Twips
    right_width: Twips


class PlaceholderLook(_Frozen):
    highlight: str


class CheckSettings(_Frozen):
    length_tolerance: Twips
    indent_range: tuple[Twips, Twips]
    body_sizes: tuple[float, float]
    kind_sizes: tuple[float, float]
    subject_sizes: tuple[float, float]
    min_paragraph_spacing: Twips
    min_line_exact: Twips
    font: str
    kinds: dict[str, str]
    authorities: list[str]


class Profile(_Frozen):
    id: str
    name: str
    applies_from: str
    page: Page
    header: HeaderGeometry
    text: TextConventions
    styles: dict[str, Style]
    signature: SignatureGeometry
    placeholder: PlaceholderLook
    check: CheckSettings

    def style(self, role: str) -> Style:
        return self.styles[role]


@lru_cache(maxsize=None)
def load_profile(profile_id: str = "hd36") -> Profile:
    """Load a shipped profile by id; an unknown id or a broken file is an InputError."""
    name = f"profiles/{profile_id}.yaml"
    resource = resources.files("generator").joinpath(name)
    if not resource.is_file():
        raise InputError(Problem(f"không có bộ quy tắc thể thức {profile_id!r}", hint="dùng 'hd36'"))
    data = yaml.load(resource.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)  # all strings
    try:
        return Profile.model_validate(data)
    except ValidationError as e:
        raise InputError([Problem(f"{'.'.join(map(str, err['loc']))}: {err['msg']}", Location(name))
                          for err in e.errors()]) from e
