import datetime as dt

import pytest

from generator.profiles import formats
from generator.profiles.profile import load_profile

TEXT = load_profile("hd36").text


@pytest.mark.parametrize("date, expected", [
    (dt.date(2021, 2, 5), "Thanh Hóa, ngày 05 tháng 02 năm 2021"),
    (dt.date(2021, 3, 9), "Thanh Hóa, ngày 09 tháng 3 năm 2021"),
    (dt.date(2021, 12, 31), "Thanh Hóa, ngày 31 tháng 12 năm 2021"),
    (dt.date(2022, 1, 1), "Thanh Hóa, ngày 01 tháng 01 năm 2022"),
    (dt.date(2021, 10, 20), "Thanh Hóa, ngày 20 tháng 10 năm 2021"),
])
def test_date_line_pads_day_and_only_months_one_and_two(date, expected):
    assert formats.date_line(TEXT, "Thanh Hóa", date) == expected


def test_draft_date_line_keeps_blanks_and_the_year():
    line = formats.date_line(TEXT, "Hà Nội", None, 2021)
    assert line.startswith("Hà Nội, ngày ") and line.endswith(" năm 2021")
    assert "tháng" in line and not any(ch.isdigit() for ch in line[:-4])


@pytest.mark.parametrize("number, expected", [
    (None, "Số      -CTr/TU"), (5, "Số 05-CTr/TU"), (15, "Số 15-CTr/TU"), (137, "Số 137-CTr/TU"),
])
def test_number_line_has_no_colon_and_pads_below_ten(number, expected):
    assert formats.number_line(TEXT, number, "CTr", "TU") == expected


@pytest.mark.parametrize("level, ordinal, label", [
    (1, 1, "I- "), (1, 4, "IV- "), (1, 9, "IX- "), (2, 3, "3. "), (3, 1, "a) "), (3, 5, "đ) "),
])
def test_heading_labels(level, ordinal, label):
    assert formats.heading_label(TEXT, level, ordinal) == label


def test_recipients_end_with_commas_then_a_full_stop():
    lines = formats.recipient_lines(TEXT, ["Ban Bí thư Trung ương Đảng (để báo cáo)", "Lưu Văn phòng Thành ủy"])
    assert lines == ["- Ban Bí thư Trung ương Đảng (để báo cáo),", "- Lưu Văn phòng Thành ủy."]


@pytest.mark.parametrize("text, expected", [
    ("Tỉnh ủy Thanh Hóa", "TỈNH ỦY THANH HÓA"), ("Thành ủy Hà Nội", "THÀNH ỦY HÀ NỘI"),
    ("Tỉnh ủy Thừa Thiên Huế", "TỈNH ỦY THỪA THIÊN HUẾ"), ("T/M Ban Thường vụ", "T/M BAN THƯỜNG VỤ"),
])
def test_vietnamese_upper_case(text, expected):
    assert formats.upper(text) == expected
