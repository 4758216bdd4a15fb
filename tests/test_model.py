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
