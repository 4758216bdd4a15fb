"""Loaded YAML → Province: typed, frozen, validated; every error mapped to file:line:col.

Field descriptions are Vietnamese because editors read them (JSON Schema, `new`).
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
import types
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Annotated, Any, Generic, Literal, TypeVar, Union, get_args, get_origin

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from generator.dates import document_date, latest_date_in, message_date, period
from generator.errors import InputError, Problem, did_you_mean, relative
from generator.i18n import N_, _
from generator.read import organisations
from generator.read.register import RegisterEntry, register_34, register_63, successor, unit_on
from generator.read.source import Loaded, load_yaml
from generator.read.vietnamese import has_academic_title, whole_number

T = TypeVar("T")
# What a fact measures over a span of years (a term's results, a sum).
SPANS = ("nhiệm kỳ", "lũy kế")

SIGNER_POSITIONS = ("BÍ THƯ", "PHÓ BÍ THƯ", "PHÓ BÍ THƯ THƯỜNG TRỰC")
PARTY_ORGANISATIONS = ("Đảng đoàn", "Chi bộ cơ quan", "Đảng bộ cơ quan")


def _date(value: Any) -> Any:
    """Accept 2021-02-05 (ISO) and 05/02/2021 (as Vietnamese editors write it)."""
    if isinstance(value, str):
        match = re.fullmatch(r"\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*", value)
        if match:
            day, month, year = map(int, match.groups())
            try:
                return dt.date(year, month, day)
            except ValueError as e:
                raise ValueError(_("ngày {date} không có thật", date=value.strip())) from e
    return value


def _signer_position(value: Any) -> Any:
    if isinstance(value, str):
        canonical = " ".join(value.split()).upper()
        if canonical in SIGNER_POSITIONS:
            return canonical
        raise ValueError(_("chức vụ người ký phải là một trong: {choices}", choices=", ".join(SIGNER_POSITIONS)))
    return value


def _party_organisation(value: Any) -> Any:
    if isinstance(value, str):
        for option in PARTY_ORGANISATIONS:
            if option.lower() == " ".join(value.split()).lower():
                return option
        raise ValueError(_("phải là một trong: {choices}", choices=", ".join(PARTY_ORGANISATIONS)))
    return value


STANDING_BODIES = ("Ban Thường vụ", "Ban Thường trực")


def _standing_body(value: Any) -> Any:
    if isinstance(value, str):
        for option in STANDING_BODIES:
            if option.lower() == " ".join(value.split()).lower():
                return option
        raise ValueError(_("phải là một trong: {choices}", choices=", ".join(STANDING_BODIES)))
    return value


MEASURES = ("năm", "tính đến", "nhiệm kỳ", "lũy kế")


def _measure(value: Any) -> Any:
    if isinstance(value, str) and " ".join(value.split()).lower() in MEASURES:
        return " ".join(value.split()).lower()
    raise ValueError(_("phải là một trong: {choices}", choices=", ".join(MEASURES)))


Date = Annotated[dt.date, BeforeValidator(_date)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    @field_validator("*", mode="before")
    @classmethod
    def _whole_numbers(cls, value: Any, info: ValidationInfo) -> Any:
        """A count as Vietnamese write it: 20000, or 20.000 with a dot between thousands (which
        YAML and pydantic would read as twenty); "20.0", "1,5" or "20,000" are refused."""
        if isinstance(value, str) and info.field_name and _holds_whole_numbers(cls.model_fields[info.field_name].annotation):
            number = whole_number(value)
            if number is None:
                raise ValueError(_("phải là một số nguyên, ví dụ 20000 hoặc 20.000"))
            return number
        return value


def _holds_whole_numbers(annotation: Any) -> bool:
    """int, or int | None."""
    return annotation is int or (get_origin(annotation) in (Union, types.UnionType)
                                 and set(get_args(annotation)) == {int, type(None)})


class Fact(_Strict, Generic[T]):
    """A fact about the province with where it comes from. `members: 20000` is short for `{value: 20000}`."""

    value: T = Field(description=N_("Giá trị"))
    source: str | None = Field(None, description=N_("Nguồn (địa chỉ trang, văn bản)"))
    checked: Date | None = Field(None, description=N_("Ngày đọc lại nguồn và thấy nguồn nói đúng như vậy"))
    as_of: str | None = Field(None, description=N_("Thời điểm của số liệu, ví dụ '2019', '6/2021' hoặc '20/01/2022'"))
    approx: bool = Field(False, description=N_("true nếu là số ước ('trên 20.000')"))
    noun: str | None = Field(None, description=N_("Danh từ đi kèm số liệu đúng như nguồn viết, ví dụ 'trung tâm trực thuộc'"))
    measures: Annotated[str, BeforeValidator(_measure)] | None = Field(None, description=N_(
        "Số liệu đo gì: 'năm' (trong năm ghi ở as_of), 'tính đến' (tổng số tại thời điểm as_of), 'nhiệm kỳ' "
        "(kết quả một nhiệm kỳ, as_of ghi '2016 - 2021'), 'lũy kế' (cộng dồn trong khoảng as_of)"))

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data: Any) -> Any:
        return data if isinstance(data, dict) else {"value": data}

    @model_validator(mode="after")
    def _as_of_is_a_time(self) -> Fact[T]:
        if self.as_of is not None and period(self.as_of) is None:
            raise ValueError(_("as_of {as_of} không phải một thời điểm (ví dụ '2019', '6/2021', '20/01/2022')",
                               as_of=repr(self.as_of)))
        stated = period(self.as_of)
        if self.measures is not None and stated is None:
            raise ValueError(_("số liệu đo theo {measures} cần as_of", measures=repr(self.measures)))
        if self.measures in SPANS and stated is not None and stated.start.year == stated.end.year:
            raise ValueError(_("số liệu đo theo {measures} cần as_of là một khoảng năm, ví dụ '2016 - 2021'",
                               measures=repr(self.measures)))
        return self

    def when(self) -> dt.date | None:
        """The day the fact is known from: the start of its `as_of` (the end of a span of years: a
        term's results, a sum, are known once it is over), else the latest day its text names."""
        stated = period(self.as_of)
        if stated is not None:
            return stated.end if stated.start.year != stated.end.year else stated.start
        return latest_date_in(self.value) if isinstance(self.value, str) else None


class DocumentInfo(_Strict):
    number: int | None = Field(None, ge=1, le=9999, description=N_("Số văn bản; để trống khi là dự thảo"))
    date: Date | None = Field(None, description=N_("Ngày ban hành (05/02/2021); để trống khi là dự thảo"))
    year: int | None = Field(None, ge=2020, le=2100, description=N_("Năm ban hành, khi chưa có ngày"))
    draft: str | None = Field("Dự thảo", description=N_("Chỉ dẫn về dự thảo, ví dụ 'Dự thảo lần 2'; để trống thì không ghi"))
    kind: Literal["Chương trình", "Kế hoạch"] | None = Field(None, description=N_(
        "Tên loại văn bản của Ban Thường vụ: 'Chương trình' (mặc định) hoặc 'Kế hoạch' nếu tỉnh ban hành kế hoạch"))

    @model_validator(mode="after")
    def _date_or_year(self) -> DocumentInfo:
        if self.date is None and self.year is None:
            raise ValueError(_("cần 'date' (ngày ban hành) hoặc ít nhất 'year' (năm ban hành)"))
        if self.date is not None and self.year is not None and self.year != self.date.year:
            raise ValueError(_("'year' ({year}) khác năm của 'date' ({date_year})", year=self.year,
                               date_year=self.date.year))
        return self

    @property
    def as_of(self) -> dt.date:
        """The day the document counts as dated on (see dates.document_date)."""
        day = document_date(self.date, self.year)
        assert day is not None, "validated: _date_or_year"
        return day


class Signer(_Strict):
    position: Annotated[str, BeforeValidator(_signer_position)] = Field(
        "PHÓ BÍ THƯ THƯỜNG TRỰC", description=N_("Chức vụ người ký: BÍ THƯ, PHÓ BÍ THƯ hoặc PHÓ BÍ THƯ THƯỜNG TRỰC"))
    name: str | None = Field(None, description=N_("Họ và tên người ký, không ghi học hàm, học vị"))

    @model_validator(mode="after")
    def _no_academic_title(self) -> Signer:
        if self.name and has_academic_title(self.name):
            raise ValueError(_("họ tên người ký không ghi học hàm, học vị"))
        return self


class Figure(Fact[int]):
    """A count with, where the sources give them, the same count at earlier times: a document
    tells the one of its own time (the latest not after its date), so one file serves the
    programme of 2021 and that of 2025."""

    earlier: list[Fact[int]] = Field(default_factory=list, description=N_(
        "Số liệu này ở các thời điểm trước, mỗi số có thời điểm và nguồn (văn bản dùng số mới nhất tính đến "
        "ngày của nó)"))

    @model_validator(mode="after")
    def _every_version_dated(self) -> Figure:
        if self.earlier and (self.as_of is None or any(e.as_of is None for e in self.earlier)):
            raise ValueError(_("số liệu có các thời điểm trước (earlier) thì mỗi số cần as_of"))
        return self

    def at(self, cutoff: dt.date) -> Figure | None:
        """The version in force on `cutoff`: the latest whose time has begun by then, a span's (a term's
        results) once it is over; None if none has."""
        versions = [self.model_copy(update={"earlier": []}), *self.earlier]
        told = [(period(v.as_of), v) for v in versions if (when := v.when()) is not None and when <= cutoff]
        if not told:
            return None
        latest = max(told, key=lambda pair: pair[0].end if pair[0] is not None else dt.date.min)[1]
        return Figure.model_validate(latest.model_dump())


class LhhCongress(_Strict):
    ordinal: str = Field(description=N_("Lần thứ, ví dụ 'VI'"))
    term: str | None = Field(None, description=N_("Nhiệm kỳ, ví dụ '2021 - 2026'"))
    as_of: str = Field(description=N_("Ngày hoặc tháng họp Đại hội, ví dụ '20/3/2021' hoặc '3/2021'"))
    source: str | None = Field(None, description=N_("Nguồn (địa chỉ trang, văn bản)"))
    checked: Date | None = Field(None, description=N_("Ngày đọc lại nguồn và thấy nguồn nói đúng như vậy"))

    @model_validator(mode="after")
    def _dated(self) -> LhhCongress:
        if period(self.as_of) is None:
            raise ValueError(_("as_of {as_of} không phải một thời điểm (ví dụ '2019', '6/2021', '20/01/2022')",
                               as_of=repr(self.as_of)))
        return self

    def when(self) -> dt.date:
        stated = period(self.as_of)
        assert stated is not None, "validated: _dated"
        return stated.start


class Contest(_Strict):
    name: str = Field(description=N_("Tên hội thi, cuộc thi, ví dụ 'Hội thi Sáng tạo kỹ thuật tỉnh'"))
    ordinal: str | None = Field(None, description=N_("Lần thứ, ví dụ 'VI' hoặc '6'"))
    years: str | None = Field(None, description=N_("Thời gian, ví dụ '2018 - 2019'"))
    solutions: int | None = Field(None, ge=0, description=N_("Số giải pháp tham gia"))
    source: str | None = None
    checked: Date | None = Field(None, description=N_("Ngày đọc lại nguồn và thấy nguồn nói đúng như vậy"))


class Lhh(_Strict):
    """Liên hiệp các Hội Khoa học và Kỹ thuật of the province."""

    name: str | None = Field(None, description=N_("Tên đầy đủ, nếu khác 'Liên hiệp các Hội Khoa học và Kỹ thuật <tỉnh>'"))
    founding_decision: Fact[str] | None = Field(None, description=N_("Quyết định thành lập"))
    member_associations: Figure | None = Field(None, description=N_("Số hội thành viên"))
    members: Figure | None = Field(None, description=N_("Số hội viên"))
    affiliated_units: Figure | None = Field(None, description=N_("Số trung tâm, đơn vị trực thuộc"))
    clubs: Figure | None = Field(None, description=N_("Số câu lạc bộ"))
    staff: Figure | None = Field(None, description=N_("Số biên chế của cơ quan Liên hiệp Hội"))
    standing_body: Fact[Annotated[str, BeforeValidator(_standing_body)]] | None = Field(
        None, description=N_("Tập thể thường trực ký văn bản của Liên hiệp Hội theo điều lệ: Ban Thường vụ hoặc Ban Thường trực"))
    party_organisation: Fact[Annotated[str, BeforeValidator(_party_organisation)]] | None = Field(
        None, description=N_("Tổ chức đảng: Đảng đoàn, Chi bộ cơ quan hoặc Đảng bộ cơ quan"))
    leadership: Fact[str] | None = Field(None, description=N_("Bố trí lãnh đạo (kiêm nhiệm …)"))
    congresses: list[LhhCongress] = Field(default_factory=list, description=N_(
        "Đại hội đại biểu của Liên hiệp Hội (văn bản nêu Đại hội gần nhất tính đến ngày của văn bản)"))
    contests: list[Contest] = Field(default_factory=list, description=N_("Hội thi, cuộc thi sáng tạo"))
    awards: list[Fact[str]] = Field(default_factory=list, description=N_("Giải thưởng, hình thức tôn vinh trí thức"))
    advisory_tasks: Figure | None = Field(None, description=N_("Số nhiệm vụ tư vấn, phản biện và giám định xã hội"))
    advisory_examples: list[Fact[str]] = Field(default_factory=list, description=N_("Nhiệm vụ tư vấn, phản biện tiêu biểu"))


class Assessments(_Strict):
    """The province's own judgements of its review of Chỉ thị 42 and Kết luận 93; each replaces
    the draft's default text, which `validate --completeness` lists until it is replaced."""

    awareness: Fact[str] | None = Field(None, description=N_("Nhận định về công tác quán triệt, nhận thức của cán bộ, đảng viên đối với Liên hiệp Hội"))
    leadership: Fact[str] | None = Field(None, description=N_("Nhận định về sự lãnh đạo, chỉ đạo của Ban Thường vụ, cấp ủy các cấp"))
    institutions: Fact[str] | None = Field(None, description=N_("Nhận định về thể chế hóa: cơ chế, chính sách của tỉnh đối với Liên hiệp Hội"))
    organisation: Fact[str] | None = Field(None, description=N_("Nhận định về tổ chức, bộ máy của Liên hiệp Hội"))
    advisory: Fact[str] | None = Field(None, description=N_("Nhận định về hoạt động tư vấn, phản biện và giám định xã hội"))
    creativity: Fact[str] | None = Field(None, description=N_("Nhận định về phong trào sáng tạo khoa học và công nghệ"))
    honours: Fact[str] | None = Field(None, description=N_("Nhận định về công tác tôn vinh trí thức"))
    limitations: Fact[str] | None = Field(None, description=N_("Những hạn chế (thay đoạn hạn chế mặc định)"))
    causes: Fact[str] | None = Field(None, description=N_("Nguyên nhân của hạn chế, chủ quan và khách quan"))
    lessons: Fact[str] | None = Field(None, description=N_("Bài học kinh nghiệm"))


class IssuedDocument(Fact[str]):
    """A document the committee issued before this one ("Kế hoạch số 107-KH/TU, ngày 12/7/2012")."""

    issued_by: Literal["Ban Thường vụ", "Ban Chấp hành"] | None = Field(None, description=N_(
        "Văn bản do ai ban hành, nếu không phải Ban Thường vụ: 'Ban Chấp hành' khi nguồn ghi 'của Tỉnh ủy'"))


class Ct42Review(_Strict):
    """Ten years of Chỉ thị 42 in the province."""

    prior_documents: list[IssuedDocument] = Field(
        default_factory=list, description=N_("Văn bản của tỉnh thực hiện Chỉ thị 42, ví dụ 'Kế hoạch số 107-KH/TU, ngày 12/7/2012'"))
    institutions: list[Fact[str]] = Field(
        default_factory=list, description=N_("Cơ chế, chính sách của tỉnh về Liên hiệp Hội (quyết định của Ủy ban nhân dân, nghị quyết của Hội đồng nhân dân)"))
    results: list[Fact[str]] = Field(default_factory=list, description=N_("Kết quả nổi bật"))
    limitations: list[Fact[str]] = Field(default_factory=list, description=N_("Hạn chế, nguyên nhân"))
    assessments: Assessments = Field(Assessments(), description=N_("Nhận định của tỉnh (thay câu nhận định mặc định)"))


RELATIONS = ("cụ thể hóa", "thay thế", "tiếp tục")


def _relation(value: Any) -> Any:
    if isinstance(value, str) and " ".join(value.split()).lower() in RELATIONS:
        return " ".join(value.split()).lower()
    raise ValueError(_("phải là một trong: {choices}", choices=", ".join(RELATIONS)))


class Kl93Document(IssuedDocument):
    """A document the committee issued on Kết luận 93 before this one, and what this one does to it."""

    relation: Annotated[str, BeforeValidator(_relation)] | None = Field(None, description=N_(
        "Chương trình này làm gì với văn bản đó: 'cụ thể hóa' (ví dụ một công văn chỉ đạo quán triệt), 'thay thế' "
        "hoặc 'tiếp tục'"))


class Kl93Review(_Strict):
    """What the province did about Kết luận 93 itself before this document."""

    documents: list[Kl93Document] = Field(
        default_factory=list, description=N_("Văn bản của tỉnh thực hiện Kết luận 93 ban hành trước Chương trình này, ví dụ "
                                             "'Công văn số 54-CV/TU chỉ đạo quán triệt Kết luận số 93-KL/TW', kèm relation"))
    results: list[Fact[str]] = Field(default_factory=list, description=N_("Kết quả thực hiện Kết luận 93"))


class Goals(_Strict):
    """Mục tiêu: figures the province sets itself for a year."""

    year: int | None = Field(None, ge=2020, le=2100, description=N_("Năm đạt mục tiêu, ví dụ 2030"))
    member_associations: int | None = Field(None, ge=0, description=N_("Số hội thành viên"))
    members: int | None = Field(None, ge=0, description=N_("Số hội viên"))
    advisory_tasks: int | None = Field(None, ge=0, description=N_("Số nhiệm vụ tư vấn, phản biện và giám định xã hội mỗi năm"))


class Schedule(_Strict):
    """The times and money the Tổ chức thực hiện part fixes; blank ones stay placeholders."""

    briefing_by: str | None = Field(None, description=N_("Thời hạn quán triệt, ví dụ 'quý II/2021'"))
    government_plan_by: str | None = Field(None, description=N_("Thời hạn Ủy ban nhân dân ban hành kế hoạch"))
    lhh_plan_by: str | None = Field(None, description=N_("Thời hạn Liên hiệp Hội ban hành kế hoạch"))
    report_by: str | None = Field(None, description=N_("Hạn báo cáo hằng năm, ví dụ 'trước ngày 15/12'"))
    midterm_review: int | None = Field(None, ge=2020, le=2100, description=N_("Năm sơ kết"))
    final_review: int | None = Field(None, ge=2020, le=2100, description=N_("Năm tổng kết"))
    funding: str | None = Field(None, description=N_("Nguồn kinh phí thực hiện"))


class ExtraTasks(_Strict):
    """Province-specific tasks added under each point of Kết luận 93."""

    leadership: list[str] = Field(default_factory=list, description=N_("Điểm 2.1: cơ chế, phương thức lãnh đạo"))
    institutions: list[str] = Field(default_factory=list, description=N_("Điểm 2.2: thể chế hóa, đặt hàng tư vấn, phản biện"))
    organisation: list[str] = Field(default_factory=list, description=N_("Điểm 2.3: tổ chức, bộ máy, báo chí"))
    activities: list[str] = Field(default_factory=list, description=N_("Điểm 2.4: nội dung, phương thức hoạt động"))
    international: list[str] = Field(default_factory=list, description=N_("Điểm 2.5: hợp tác quốc tế, trí thức kiều bào"))


class Assignee(_Strict):
    body: str = Field(description=N_("Cơ quan được giao"))
    task: str = Field(description=N_("Nhiệm vụ, viết tiếp sau tên cơ quan"))


class ProvinceFile(_Strict):
    """What an editor writes in provinces/<slug>.yaml."""

    slug: str = Field(description=N_("Mã tỉnh theo danh mục, ví dụ 'thanh-hoa'"))
    document: DocumentInfo
    signer: Signer = Signer()
    district_committees: Fact[list[str]] | None = Field(
        None, description=N_("Các loại cấp ủy cấp huyện (nếu khác danh mục năm 2021), ví dụ huyện ủy, thị ủy, thành ủy"))
    lhh: Lhh = Lhh()
    ct42: Ct42Review = Ct42Review()
    party_congress: Fact[str] | None = Field(
        None, description=N_("Đại hội đại biểu Đảng bộ tỉnh gần nhất trước văn bản, ví dụ 'lần thứ XIX, nhiệm kỳ 2020 - 2025'"))
    kl93: Kl93Review = Field(Kl93Review(), description=N_("Tình hình thực hiện Kết luận số 93-KL/TW đến nay"))
    targets: list[Fact[str]] = Field(default_factory=list, description=N_("Mục tiêu đến năm …"))
    goals: Goals = Field(Goals(), description=N_("Chỉ tiêu số của phần Mục tiêu"))
    schedule: Schedule = Field(Schedule(), description=N_("Thời hạn, kinh phí của phần Tổ chức thực hiện"))
    names: dict[str, str] = Field(
        default_factory=dict, description=N_("Tên cơ quan, tổ chức tỉnh đã xác nhận, thay tên đề xuất; ví dụ lhh_party: …"))

    @model_validator(mode="after")
    def _known_roles(self) -> ProvinceFile:
        unknown = sorted(set(self.names) - set(organisations.roles()))
        if unknown:
            raise ValueError(_("names: không có vai trò {roles}; có: {known}", roles=", ".join(unknown),
                               known=", ".join(organisations.roles())))
        return self
    extra_tasks: ExtraTasks = ExtraTasks()
    extra_assignees: list[Assignee] = Field(default_factory=list, description=N_("Cơ quan được giao thêm"))
    recipients: list[str] | None = Field(None, description=N_("Nơi nhận (thay danh sách mặc định; dòng Lưu tự thêm)"))


class Province(BaseModel):
    """A province file joined with its register entry: what the composer works from.

    A unit of the 34 formed from several former provinces carries their files in `predecessors`
    (its history); without a file of its own its `data` is empty (date and draft marker only), for
    the editor to review and merge by hand; with one (`own_file`), `data` is its present.
    """

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    entry: RegisterEntry
    data: ProvinceFile
    source: str
    warnings: tuple[Problem, ...] = ()
    predecessors: tuple[Predecessor, ...] = ()
    left_out: tuple[Problem, ...] = ()     # facts dated after today, not used (a slip in their date)
    # Dated by the batch (`build --date`), not by its own file: the date decides the register, the
    # names and the rules, but a draft leaves its day and month blank for the office to fill in.
    batch_dated: bool = False
    own_file: bool = True                  # False: a merged unit composed from its former provinces' files alone


class Predecessor(BaseModel):
    """One former province of a merged unit and what its file says (None: no file)."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    entry: RegisterEntry
    province: Province | None


Province.model_rebuild()


def load_province(path: Path, fix: bool = False, tidy_text: bool = True, date: dt.date | None = None,
                  facts_until: dt.date | None = None, dry_run: bool = False) -> Province:
    """Load, validate and join one province file; InputError lists every problem.

    `fix`, `tidy_text`, `dry_run`: see source.load_yaml. `date`: the document date of a whole batch (`build
    --date`), instead of the file's own; `facts_until`: see `validate_province`.
    """
    loaded = load_yaml(path, fix=fix, tidy_text=tidy_text, dry_run=dry_run)
    return validate_province(loaded, path, date, facts_until)


def validate_province(loaded: Loaded, path: Path, date: dt.date | None = None,
                      facts_until: dt.date | None = None) -> Province:
    """A file dated before 1/7/2025 describes one of the 63 units, a later one one of the 34.

    With `date`, the document takes that date: its number and signer's name, given for the
    file's own date, are dropped unless the dates agree, and a unit of the 63 is built as the unit
    of the 34 it became, if it became one by itself (merged units are built from several files,
    see `merged_province`).
    """
    if not isinstance(loaded.data, dict):
        raise InputError(Problem(_("tệp phải là một bảng khóa: giá trị (mapping)"), loaded.location(()),
                                 _("bắt đầu bằng 'slug: <mã tỉnh>'")))
    try:
        data = ProvinceFile.model_validate(loaded.data)
    except ValidationError as e:
        raise InputError(sorted((_problem(err, loaded) for err in e.errors()), key=_position), loaded.warnings) from e
    own_date, own_file_date = data.document.as_of, data.document.date
    if date is not None and date != data.document.date:
        data = _redated(data, date)
    entry, problem = _unit(data.slug, own_date, data.document.as_of, loaded)
    problems = [problem] if problem else []
    if entry is not None and path.stem != data.slug:
        problems.append(Problem(_("tên tệp {name} không khớp mã tỉnh {slug}", name=repr(path.name),
                                  slug=repr(data.slug)),
                                loaded.location(("slug",)), _("đổi tên tệp thành {name}", name=f"{data.slug}.yaml")))
    problems += _citation_problems(data, loaded)
    if problems:
        raise InputError(problems, loaded.warnings)
    data, late = _without_facts_after(data, facts_until or _facts_until(data.document), loaded)
    return Province(entry=entry, data=data, source=relative(path), warnings=tuple(loaded.warnings) + late,
                    left_out=late, batch_dated=date is not None and date != own_file_date)


def _citation_problems(data: ProvinceFile, loaded: Loaded) -> list[Problem]:
    """Documents the draft cites as the committee's earlier work: each cited by its number, never
    the draft itself, and (for Kết luận 93) with what this programme does to it: one programme
    per Kết luận per committee."""
    problems = []
    cited = [(("ct42", "prior_documents", i), d) for i, d in enumerate(data.ct42.prior_documents)]
    cited += [(("kl93", "documents", i), d) for i, d in enumerate(data.kl93.documents)]
    for path, document in cited:
        where = loaded.location(path)
        if not _NUMBERED.search(document.value):
            problems.append(Problem(_("văn bản được trích không có số: {value}", value=repr(document.value)), where,
                                    _("ghi đủ tên loại, số, ngày (ví dụ 'Kế hoạch số 107-KH/TU, ngày 12/7/2012'); "
                                      "nếu đó là chính văn bản đang soạn, xóa mục này")))
            continue
        when = document.when()
        draft_kind = data.document.kind or DRAFT_KIND
        same_kind = document.value.lower().startswith(draft_kind.lower())
        if same_kind and when is not None and when.year >= data.document.as_of.year:
            problems.append(Problem(_("{value} là {kind} của chính Ban Thường vụ, cùng năm với dự thảo: đó là "
                                      "chính văn bản đang soạn", value=repr(document.value), kind=draft_kind.lower()),
                                    where, _("xóa mục này; ghi số, ngày của văn bản vào document:")))
        elif path[0] == "kl93" and getattr(document, "relation", None) is None:   # (a Kl93Document's)
            problems.append(Problem(_("chưa ghi Chương trình này làm gì với {value} (relation)", value=repr(document.value)),
                                    where, _("thêm relation: cụ thể hóa, thay thế hoặc tiếp tục; nếu đó chính là văn bản "
                                             "đang soạn, xóa mục này")))
    return problems


DRAFT_KIND = "Chương trình"
# Its own number right after its kind: "Kế hoạch số 107-KH/TU", "Chương trình hành động số 08" (not the
# number of the document it implements: "Chương trình về … Chỉ thị số 42-CT/TW" has none of its own).
_NUMBERED = re.compile(r"^\s*\w+(?:\s+\w+){0,3}?\s+số\s+\d")


def _facts_until(document: DocumentInfo) -> dt.date:
    """The last day whose facts a document may state as done: its date; for a draft of a past year
    dated by its year only, the middle of that year. Such a draft's rules and names are those of
    its year's end (dates.document_date), but the day it was signed is unknown, and a programme
    implementing a central document is issued in the first months after it: a fact of December
    is not told as done in a programme that may be signed in March."""
    if document.date is None and document.year is not None and document.year < dt.date.today().year:
        return min(document.as_of, dt.date(document.year, 6, 30))
    return document.as_of


# The parts of a province file that tell what happened (the past), where a fact dated after the
# document cannot stand; targets, goals and the schedule are the future.
HISTORY = ("lhh", "ct42", "kl93", "party_congress")


def _without_facts_after(data: ProvinceFile, cutoff: dt.date, loaded: Loaded) -> tuple[ProvinceFile, tuple[Problem, ...]]:
    """The file without the facts dated after `cutoff`: a document never states as done what
    happened after it. A file holds a province's history up to now and serves documents of several
    dates, so a later fact is simply not this document's; only one dated after today (a slip in
    its as_of) is warned about."""
    today = dt.date.today()
    cutoff = min(cutoff, today)
    data = _figures_at(data, cutoff)
    late = [(path, when, text) for path, when, text in _dated_facts(data) if when > cutoff]
    if not late:
        return data, ()
    dumped = data.model_dump()
    for path, _when, _text in sorted(late, key=lambda item: item[0], reverse=True):
        parent = _at(dumped, path[:-1])
        if isinstance(parent, list):
            del parent[int(path[-1])]       # (an index in a list's path)
        else:
            parent[path[-1]] = None
    warnings = tuple(Problem(_("{field} {fact} ({when}) muộn hơn ngày hôm nay: không đưa vào văn bản",
                               field=".".join(map(str, path)), fact=text, when=message_date(when)),
                             loaded.location(path), _("ghi đúng as_of"), level="warning")
                     for path, when, text in late if when > today)
    return ProvinceFile.model_validate(dumped), warnings


def _figures_at(data: ProvinceFile, cutoff: dt.date) -> ProvinceFile:
    """Each count with earlier versions told as it was on `cutoff` (one whose every version is
    later stays, to be left out with the other later facts)."""
    told = {name: value.at(cutoff) or value for name in type(data.lhh).model_fields
            if isinstance(value := getattr(data.lhh, name), Figure) and value.earlier}
    return data.model_copy(update={"lhh": data.lhh.model_copy(update=told)}) if told else data


DatedFact = tuple[tuple[str | int, ...], dt.date, str]     # (path, the day it describes, a short text)


def _dated_facts(data: ProvinceFile) -> Iterator[DatedFact]:
    """(path, the day it describes, a short text) of every dated fact of the history parts."""
    def walk(value: Any, path: tuple[str | int, ...]) -> Iterator[DatedFact]:
        if isinstance(value, Fact):
            when = value.when()
            if when is not None:
                yield path, when, _snippet(value.value)
        elif isinstance(value, LhhCongress):
            yield path, value.when(), _snippet(f"Đại hội lần thứ {value.ordinal}")
        elif isinstance(value, Contest):
            stated = period(value.years)
            if stated is not None:
                # held from its first year; its entries are counted once it is over
                yield path, stated.start if value.solutions is None else stated.end, _snippet(value.name)
        elif isinstance(value, BaseModel):
            for name in type(value).model_fields:
                yield from walk(getattr(value, name), path + (name,))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                yield from walk(item, path + (index,))
    for part in HISTORY:
        yield from walk(getattr(data, part), (part,))


def _snippet(value: Any) -> str:
    text = " ".join(str(value).split())
    return repr(text if len(text) <= 60 else text[:59] + "…")


def merged_province(entry: RegisterEntry, date: dt.date | None,
                    former: list[tuple[RegisterEntry, Province | None]]) -> Province:
    """A unit of the 34 formed from several former provinces, with no file of its own yet."""
    data = ProvinceFile(slug=entry.slug, document=DocumentInfo(date=date))
    sources = [p.source for _, p in former if p is not None]
    warnings = tuple(w for _, p in former if p is not None for w in p.warnings)
    return Province(entry=entry, data=data, source=", ".join(sources), warnings=warnings,
                    predecessors=tuple(Predecessor(entry=e, province=p) for e, p in former), batch_dated=True,
                    own_file=False)


def with_history(own: Province, former: list[tuple[RegisterEntry, Province | None]]) -> Province:
    """A merged unit's own file (its facts from the merger on) with its former provinces' files,
    whose facts section I tells as theirs, before the unit's own."""
    warnings = own.warnings + tuple(w for _, p in former if p is not None for w in p.warnings)
    return own.model_copy(update={"warnings": warnings, "predecessors": tuple(
        Predecessor(entry=e, province=p) for e, p in former)})


def _redated(data: ProvinceFile, date: dt.date) -> ProvinceFile:
    document = data.document.model_copy(update={"date": date, "year": date.year, "number": None})
    return data.model_copy(update={"document": document, "signer": data.signer.model_copy(update={"name": None})})


def _unit(slug: str, own_date: dt.date, date: dt.date, loaded: Loaded) -> tuple[RegisterEntry | None, Problem | None]:
    """The register entry a file stands for on the document's date, or why there is none."""
    changeover = organisations.changeover()
    where = loaded.location(("slug",))
    if own_date >= changeover and slug in register_34():
        entry = register_34()[slug]
        if date < changeover:
            return None, Problem(_("{unit} chỉ có từ 01/7/2025; không thể ban hành văn bản ngày {date}",
                                   unit=entry.full_name, date=message_date(date)), loaded.location(("document",)))
        return entry, None
    old = register_63().get(slug)
    if old is None:
        if slug in register_34():
            return None, Problem(_("mã {slug} là đơn vị hành chính từ 01/7/2025, nhưng văn bản đề ngày trước đó "
                                   "(danh mục 63 tỉnh, thành phố)", slug=repr(slug)), where,
                                 _("ghi ngày ban hành từ 01/7/2025 trở đi, hoặc dùng mã của một tỉnh trong danh mục 63"))
        close = difflib.get_close_matches(slug, list(register_63()) + list(register_34()), n=1)
        return None, Problem(_("mã tỉnh {slug} không có trong danh mục tỉnh, thành phố", slug=repr(slug)), where,
                             did_you_mean(close))
    if date < changeover:
        return unit_on(old, date), None
    unit = successor(old)
    if not unit.merged:
        return unit, None
    return None, Problem(
        _("từ 01/7/2025 {unit} đã hợp nhất vào {merged}; văn bản ngày {date} không thể do {committee} ban hành",
          unit=old.full_name, merged=unit.full_name, date=message_date(date), committee=old.committee),
        loaded.location(("document", "date")),
        _("ghi ngày trước 01/7/2025, hoặc soạn văn bản của {merged}", merged=unit.full_name),
        command=f"chuongtrinh build {unit.slug} --date YYYY-MM-DD")


# pydantic's error types → our messages (translated where used).
MESSAGES = {
    "missing": N_("thiếu khóa bắt buộc"),
    "int_parsing": N_("phải là một số nguyên"),
    "int_from_float": N_("phải là một số nguyên"),
    "bool_parsing": N_("phải là true hoặc false"),
    "date_from_datetime_parsing": N_("phải là ngày dạng 05/02/2021 hoặc 2021-02-05"),
    "date_parsing": N_("phải là ngày dạng 05/02/2021 hoặc 2021-02-05"),
    "string_type": N_("phải là một đoạn chữ"),
    "list_type": N_("phải là một danh sách (các dòng bắt đầu bằng '- ')"),
    "model_type": N_("phải là một mục có các khóa con"),
    "dict_type": N_("phải là một mục có các khóa con"),
    "greater_than_equal": N_("phải từ {limit} trở lên"),
    "less_than_equal": N_("phải từ {limit} trở xuống"),
}


def _problem(error: Mapping[str, Any], loaded: Loaded) -> Problem:
    path = tuple(error["loc"])
    kind = error["type"]
    hint = None
    if kind == "extra_forbidden":
        key = path[-1]
        parent = _fields_at(path[:-1])
        close = difflib.get_close_matches(str(key), parent, n=1, cutoff=0.6)
        message = _("khóa {key} không hợp lệ ở đây", key=repr(key))
        hint = did_you_mean(close) or (_("các khóa hợp lệ: {keys}", keys=", ".join(parent)) if parent else None)
    elif kind == "value_error":
        message = str(error["ctx"]["error"])
    else:
        message = (_(MESSAGES[kind], limit=next(iter(error.get("ctx", {}).values()), ""))
                   if kind in MESSAGES else error["msg"])
    if path and path[-1] == "value" and not isinstance(_at(loaded.data, path[:-1]), dict):
        path = path[:-1]  # the editor wrote the short form `members: 12a`, not `{value: …}`
    where = ".".join(str(p) for p in path) if path else None
    if where and kind != "extra_forbidden":
        message = f"{where}: {message}"
    location = loaded.location(path)
    return Problem(message, location, hint)


def _at(data: Any, path: tuple[str | int, ...]) -> Any:
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _position(problem: Problem) -> tuple[int, int]:
    location = problem.location
    return (location.line or 0, location.column or 0) if location else (0, 0)


def _fields_at(path: tuple[str | int, ...]) -> list[str]:
    """The keys allowed at `path` in a province file (for 'did you mean')."""
    model: Any = ProvinceFile
    for part in path:
        if isinstance(part, int) or model is None:
            continue
        field = model.model_fields.get(part)
        if field is None:
            return []
        model = _model_of(field.annotation)
    return list(model.model_fields) if model is not None else []


def _model_of(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_of(arg)
        if found is not None:
            return found
    return None
