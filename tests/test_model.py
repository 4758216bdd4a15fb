import datetime as dt

import pytest

from generator.errors import InputError
from generator.read.model import load_province

MINIMAL = "slug: thanh-hoa\ndocument:\n  year: 2021\n"


def errors(province_file, text: str, name: str = "thanh-hoa.yaml") -> list[str]:
    with pytest.raises(InputError) as caught:
        load_province(province_file(text, name))
    return [str(p) for p in caught.value.problems]


def test_minimal_file_gets_register_identity_and_defaults(province_file):
    province = load_province(province_file(MINIMAL))
    assert province.entry.committee == "Tỉnh ủy Thanh Hóa" and not province.entry.is_city
    assert province.data.signer.position == "PHÓ BÍ THƯ THƯỜNG TRỰC"
    assert province.data.document.draft == "Dự thảo"
    assert province.data.document.as_of == dt.date(2021, 12, 31)   # a draft dated by its year only (dates.py)


def test_vietnamese_dates_and_signer_case_are_accepted(province_file):
    province = load_province(province_file(
        "slug: thanh-hoa\ndocument:\n  date: 05/02/2021\nsigner:\n  position: phó bí thư\n"))
    assert province.data.document.date == dt.date(2021, 2, 5)
    assert province.data.signer.position == "PHÓ BÍ THƯ"


def test_every_problem_is_reported_with_line_and_a_hint(province_file):
    found = errors(province_file, """\
        slug: thanh-hoa
        document:
          date: 31/4/2021
        sigenr:
          name: X
        lhh:
          members: 12a
        """)
    assert found[0].startswith(f"{province_file('', 'x.yaml').parent.name}") or ":3:3:" in found[0]
    assert any(":3:3:" in f and "không có thật" in f for f in found)
    assert any(":4:1:" in f and "'signer'" in f for f in found)
    assert any(":7:3:" in f and "lhh.members: phải là một số nguyên" in f for f in found)


def test_missing_document_and_unknown_nested_key(province_file):
    found = errors(province_file, "slug: thanh-hoa\n")
    assert any("document" in f and "thiếu" in f for f in found)
    found = errors(province_file, MINIMAL + "lhh:\n  memebrs: 3\n")
    assert any(":5:3:" in f and "'members'" in f for f in found)


def test_date_or_year_is_required(province_file):
    assert any("date" in f and "year" in f for f in errors(province_file, "slug: thanh-hoa\ndocument:\n  number: 3\n"))


def test_slug_must_be_in_the_register_and_match_the_file_name(province_file):
    assert any("có phải 'thanh-hoa'" in f for f in errors(province_file, MINIMAL.replace("thanh-hoa", "thanh-hoaa"),
                                                          "thanh-hoaa.yaml"))
    assert any("đổi tên tệp thành thanh-hoa.yaml" in f for f in errors(province_file, MINIMAL, "nghe-an.yaml"))


def test_signer_name_without_academic_title(province_file):
    found = errors(province_file, MINIMAL + "signer:\n  name: TS. Nguyễn Văn A\n")
    assert any("học hàm, học vị" in f for f in found)


def test_list_where_a_mapping_is_expected(province_file):
    found = errors(province_file, MINIMAL + "lhh:\n  - a\n  - b\n")
    assert any(":4:" in f and "khóa con" in f for f in found)


def test_fact_short_and_long_forms(province_file):
    province = load_province(province_file(
        MINIMAL + "lhh:\n  members: 20000\n  staff: {value: 10, as_of: '2011', source: x}\n"))
    assert province.data.lhh.members.value == 20000 and province.data.lhh.members.source is None
    assert province.data.lhh.staff.as_of == "2011"


FIGURE_OVER_TIME = """\
    slug: thanh-hoa
    document:
      date: 31/12/{year}
    lhh:
      member_associations:
        value: 30
        measures: tính đến
        as_of: "12/2024"
        source: trang B
        earlier:
          - {{value: 22, measures: tính đến, as_of: "{first}", source: trang A}}
          - {{value: 25, measures: nhiệm kỳ, as_of: "2016 - 2021", source: trang C}}
"""


@pytest.mark.parametrize("year, told, source", [(2020, 22, "trang A"), (2021, 25, "trang C"), (2025, 30, "trang B")])
def test_a_figure_is_told_as_it_was_at_the_documents_date(province_file, year, told, source):
    province = load_province(province_file(FIGURE_OVER_TIME.format(year=year, first="2020")))
    figure = province.data.lhh.member_associations
    assert (figure.value, figure.source, figure.earlier) == (told, source, [])
    assert not province.left_out          # an older version is the fact of its time, not a fact left out


def test_a_draft_of_a_past_year_dated_by_its_year_states_as_done_only_the_first_half_of_it(province_file):
    # the 2016 - 2021 term's results are known at its end, after the middle of 2021
    province = load_province(province_file(FIGURE_OVER_TIME.format(year=2021, first="2020").replace(
        "date: 31/12/2021", "year: 2021")))
    assert province.data.lhh.member_associations.value == 22


def test_a_figure_whose_every_version_is_later_is_left_out(province_file):
    # 2022, 2016 - 2021 (a term counts once over) and 12/2024: none yet in 2020
    province = load_province(province_file(FIGURE_OVER_TIME.format(year=2020, first="2022")))
    # not yet true on the document's date, and no slip: the file serves later documents too
    assert province.data.lhh.member_associations is None and not province.left_out


def test_a_fact_dated_after_today_is_left_out_with_a_warning(province_file):
    province = load_province(province_file("""\
        slug: thanh-hoa
        document:
          year: 2099
        lhh:
          members: {value: 30, as_of: "2098", source: trang A}
        """))
    assert province.data.lhh.members is None
    assert len(province.left_out) == 1 and "muộn hơn ngày hôm nay" in str(province.left_out[0])


def test_every_version_of_a_figure_over_time_is_dated(province_file):
    found = errors(province_file, """\
        slug: thanh-hoa
        document:
          year: 2021
        lhh:
          members: {value: 30, as_of: "2020", earlier: [{value: 20}]}
        """)
    assert any("earlier" in problem and ":5:" in problem for problem in found), found


def test_a_terms_results_are_not_told_before_the_term_is_over(province_file):
    text = """\
        slug: thanh-hoa
        document:
          date: {date}
        lhh:
          advisory_tasks: {{value: 34, measures: nhiệm kỳ, as_of: "2016 - 2021", source: trang A}}
        """
    assert load_province(province_file(text.format(date="30/06/2021"))).data.lhh.advisory_tasks is None
    assert load_province(province_file(text.format(date="15/01/2022"))).data.lhh.advisory_tasks.value == 34
