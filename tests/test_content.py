"""What the drafts say, checked across every unit the way a senior editor reads them: facts no later
than the document and told in the names of their time, dates in prose, the names and geography of
the document's date, the wording of Kết luận 93, and the parts every real programme has."""
from __future__ import annotations

import datetime as dt
import re
import textwrap

import pytest

from generator import api
from generator.read.communes import commune_kinds
from generator.read.plan import load_target, plan
from generator.tree import dump

from .conftest import PROVINCES

AFTER = dt.date(2025, 9, 15)          # a document of the 34 units
EARLY = dt.date(2021, 3, 5)           # a batch date earlier than many facts
SPECIAL_ZONES = {"quang-ninh", "hai-phong", "quang-tri", "da-nang", "quang-ngai", "khanh-hoa", "lam-dong",
                 "ho-chi-minh", "an-giang"}


def _compose(date: dt.date | None) -> dict[str, tuple]:
    kind = api.load_kind()
    out = {}
    for target in plan((), True, PROVINCES, date):
        province = load_target(target)
        document, _profile = api.compose_document(province, kind)
        out[target.slug] = (document, dump(document), province)
    return out


@pytest.fixture(scope="module")
def own_date():
    return _compose(None)


@pytest.fixture(scope="module")
def early():
    return _compose(EARLY)


@pytest.fixture(scope="module")
def after():
    return _compose(AFTER)


def _days(text: str) -> list[dt.date]:
    found = []
    for day, month, year in re.findall(r"(?<!\d)(\d{1,2})/(\d{1,2})/(\d{4})(?!\d)", text):
        try:
            found.append(dt.date(int(year), int(month), int(day)))
        except ValueError:
            pass
    return found


@pytest.mark.parametrize("batch", ["own_date", "early", "after"])
def test_no_document_names_a_day_after_its_own(batch, request):
    for slug, (document, text, province) in request.getfixturevalue(batch).items():
        as_of = province.data.document.as_of
        late = [day for day in _days(text) if day > as_of]
        assert not late, (slug, late)


def test_facts_after_the_document_are_left_out_and_reported(early):
    document, text, province = early["can-tho"]
    assert "2177/QĐ-UBND" not in text
    assert any("lhh.awards.0" in str(w) and "20/09/2021" in str(w) for w in province.left_out)
    _document, text, province = early["thai-nguyen"]
    assert "20/01/2022" not in text and len(province.left_out) == 3


@pytest.mark.parametrize("batch", ["own_date", "after"])
def test_dates_are_told_in_prose_not_in_tags(batch, request):
    for slug, (_document, text, _province) in request.getfixturevalue(batch).items():
        assert not re.search(r"\((năm|tháng|đến năm) [\d/]+\)", text), slug


@pytest.mark.parametrize("batch", ["own_date", "after"])
def test_documents_are_cited_in_the_party_form(batch, request):
    for slug, (_document, text, _province) in request.getfixturevalue(batch).items():
        assert not re.search(r"\b\d+/[A-ZĐ][A-Za-zĐđ]*-(TU|TW)\b", text), slug


@pytest.mark.parametrize("batch", ["own_date", "early", "after"])
def test_no_word_is_glued_to_the_one_before(batch, request):
    """A template tag at the end of a line eats the line break (trim_blocks); the words on both
    sides must still be apart ("42-CT/TW trên", not "42-CT/TWtrên")."""
    for slug, (_document, text, _province) in request.getfixturevalue(batch).items():
        assert not re.search(r"/(TW|TU|QH\d*|CP)[a-zà-ỹđ]", text), slug


def test_old_facts_are_history_in_the_names_of_their_time(own_date, after):
    for text in (own_date["thua-thien-hue"][1], after["hue"][1]):
        assert "Năm 2011, Ban Thường vụ Tỉnh ủy Thừa Thiên Huế đã ban hành Chương trình hành động số 01-CTr/TU" in text
        assert ("Năm 2011, Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh Thừa Thiên Huế có 40 hội thành viên, "
                "8 trung tâm trực thuộc, 2 câu lạc bộ, tập hợp trên 20.000 hội viên") in text
        assert "Hiện nay, Liên hiệp Hội" in text and "[[số hội thành viên]]" in text
    assert "Ban Thường vụ Thành ủy đã ban hành" not in after["hue"][1]


def test_no_words_the_source_does_not_say(own_date):
    for slug, (_document, text, _province) in own_date.items():
        assert "giải pháp tham gia" not in text and "trung tâm, đơn vị" not in text, slug


def test_judgements_are_defaults_until_the_province_gives_its_own(province_file):
    kind = api.load_kind()
    plain = api.load_province(province_file("slug: thanh-hoa\ndocument:\n  year: 2021\n"))
    document, _ = api.compose_document(plain, kind)
    assert any("từng bước được nâng lên" in sentence for sentence in document.default_judgements)
    own = api.load_province(province_file(textwrap.dedent("""\
        slug: thanh-hoa
        document:
          year: 2021
        ct42:
          assessments:
            awareness: {value: Nhận thức của cấp ủy về Liên hiệp Hội còn chưa đồng đều., source: Báo cáo tổng kết}
        """)))
    document, _ = api.compose_document(own, kind)
    assert not any("từng bước được nâng lên" in s for s in document.default_judgements)
    assert "Nhận thức của cấp ủy về Liên hiệp Hội còn chưa đồng đều." in dump(document)


def test_commune_level_committees_are_those_each_unit_has(after):
    for slug, (_document, text, _province) in after.items():
        kinds = commune_kinds(slug)
        expected = "các đảng ủy " + ", ".join(kinds)
        assert expected.capitalize() in text or expected in text, slug
        assert ("đặc khu" in text) == (slug in SPECIAL_ZONES), slug


def test_after_2025_no_body_of_the_old_system(after):
    for slug, (_document, text, _province) in after.items():
        body = text.split("signature:")[0]
        assert not re.search(r"Đảng đoàn|Ban cán sự đảng|[Hh]uyện ủy", body), slug
        assert "Thường trực Hội đồng nhân dân" not in body or not re.search(
            r"Thường trực Hội đồng nhân dân[^.;]*\]?\]? chỉ đạo", body), slug


def test_unconfirmed_names_are_placeholders_until_confirmed(after, province_file):
    document, text, _province = after["tuyen-quang"]
    assert "Đảng ủy các cơ quan Đảng tỉnh" in document.unconfirmed_names or any(
        "(tên cần xác nhận)" in label for label in document.placeholder_labels())
    assert any(label.endswith("(tên cần xác nhận)") for label in document.placeholder_labels())
    confirmed = api.load_province(province_file(textwrap.dedent("""\
        slug: thanh-hoa
        document:
          date: 15/9/2025
        names:
          people_council: Thường trực Hội đồng nhân dân tỉnh
        """), "thanh-hoa.yaml"))
    document, _ = api.compose_document(confirmed, api.load_kind())
    assert not any(label.startswith("Thường trực Hội đồng nhân dân") for label in document.placeholder_labels())


def test_a_province_cannot_confirm_an_unknown_role(province_file):
    from generator.errors import InputError
    with pytest.raises(InputError, match="names"):
        api.load_province(province_file("slug: thanh-hoa\ndocument:\n  year: 2021\nnames:\n  ban_moi: X\n"))


def test_the_lhh_is_not_sent_the_document_to_report_to(own_date, after):
    for batch in (own_date, after):
        for slug, (document, _text, _province) in batch.items():
            for line in map(dump_of_line, document.recipients):
                if "Liên hiệp các Hội Khoa học và Kỹ thuật Việt Nam" in line:
                    assert "(để báo cáo)" not in line, slug


def test_a_merged_unit_tells_each_former_province_once(after):
    for slug, (document, _text, province) in after.items():
        paragraphs = [dump_of(block) for block in document.body]
        repeated = {p for p in paragraphs if paragraphs.count(p) > 1 and len(p) > 40}
        assert not repeated, (slug, repeated)
    _document, text, _province = after["tuyen-quang"]
    assert text.count("Ban Thường vụ Tỉnh ủy Hà Giang đã ban hành") == 1
    assert "Tại thành phố Cần Thơ (cũ), tháng 12/2020, Ban Thường vụ Thành ủy Cần Thơ đã ban hành " \
           "Công văn số 54-CV/TU" in after["can-tho"][1]


def dump_of_line(content) -> str:
    return "".join(getattr(run, "text", "") or f"[{getattr(run, 'label', '')}]" for run in content)


def dump_of(block) -> str:
    return "".join(getattr(run, "text", "") or f"[{getattr(run, 'label', '')}]" for run in block.content)


@pytest.mark.parametrize("batch", ["own_date", "after"])
def test_the_wording_of_conclusion_93(batch, request):
    for slug, (_document, text, _province) in request.getfixturevalue(batch).items():
        assert "Khẩn trương cụ thể hóa chủ trương của Đảng" in text, slug
        assert "nghiên cứu, ban hành quy định về việc đặt hàng" in text, slug
        assert "quy hoạch và sắp xếp lại các cơ quan báo chí" in text, slug
        assert "Chú trọng tập hợp, đoàn kết và vận động trí thức" in text, slug
        assert "và công nghệ và" not in text, slug
        assert "Nghị quyết Đại hội đại biểu Đảng bộ" in text, slug


def test_later_central_documents_are_cited_only_after_they_exist(own_date, after):
    assert all("45-NQ/TW" not in text for _d, text, _p in own_date.values())
    assert all("Nghị quyết số 45-NQ/TW, ngày 24/11/2023" in text and "57-NQ/TW" in text for _d, text, _p in after.values())


@pytest.mark.parametrize("batch", ["own_date", "after"])
def test_every_programme_has_goals_times_reviews_and_money(batch, request):
    for slug, (document, text, _province) in request.getfixturevalue(batch).items():
        assert "## [" in text and "Mục tiêu" in text, slug
        labels = document.placeholder_labels()
        assert "thời hạn quán triệt" in labels and "nguồn kinh phí" in labels, slug
        assert "sơ kết" in text and "tổng kết" in text, slug


def test_goals_and_schedule_come_from_the_file_when_given(province_file):
    province = api.load_province(province_file(textwrap.dedent("""\
        slug: thanh-hoa
        document:
          year: 2021
        goals: {year: 2030, member_associations: 45, members: 30000, advisory_tasks: 5}
        schedule: {briefing_by: quý II/2021, funding: ngân sách tỉnh, midterm_review: 2025, final_review: 2030}
        party_congress: {value: "lần thứ XIX, nhiệm kỳ 2020 - 2025", source: x}
        """)))
    document, _ = api.compose_document(province, api.load_kind())
    text = dump(document)
    assert "Đến năm 2030, Liên hiệp Hội tỉnh có 45 hội thành viên, tập hợp 30000 hội viên" in text or \
        "Đến năm 2030, Liên hiệp Hội tỉnh có 45" in text
    assert "hoàn thành trong quý II/2021" in text and "ngân sách tỉnh" in text
    assert "sơ kết việc thực hiện Chương trình vào năm 2025, tổng kết vào năm 2030" in text
    assert "Đảng bộ tỉnh lần thứ XIX, nhiệm kỳ 2020 - 2025" in text
    assert "thời hạn quán triệt" not in document.placeholder_labels()
