"""Register entry → the commented skeleton of a new province file (`chuongtrinh new`).

Every key a draft needs is there, empty and commented, so that an office sees what it may fill
in: a key left empty gives the draft's marked default or a highlighted placeholder, never a fact.
"""
from __future__ import annotations

from generator.read.register import RegisterEntry, predecessors

SCHEMA_LINE = "# yaml-language-server: $schema={schema}province.schema.json"

SKELETON = SCHEMA_LINE + """
# Dự thảo Chương trình thực hiện Kết luận số 93-KL/TW — {committee}.
# Tên tỉnh, "{committee_word}" và các cấp ủy cấp dưới lấy từ danh mục, không ghi lại ở đây.
# Chỉ ghi số liệu có nguồn (source) và thời điểm nó mô tả (as_of); số liệu chưa có để trống, văn bản sẽ hiện
# ô tô vàng cần điền. Số liệu ghi gọn (members: 20000) hoặc đầy đủ:
#   members: {{value: 20000, approx: true, measures: tính đến, as_of: 31/12/2025, source: "địa chỉ trang hoặc văn bản"}}
{history}slug: {slug}

document:
  number:          # số văn bản; để trống khi còn là dự thảo
  date:            # ngày ban hành, ví dụ 05/02/2026; để trống khi còn là dự thảo
  year: {year}
  draft: Dự thảo

signer:
  position: PHÓ BÍ THƯ THƯỜNG TRỰC    # hoặc BÍ THƯ, PHÓ BÍ THƯ
  name:                               # họ và tên, không ghi học hàm, học vị

# party_congress: "lần thứ …, nhiệm kỳ 2025 - 2030"   # Đại hội Đảng bộ gần nhất trước văn bản

lhh:                 # Liên hiệp các Hội Khoa học và Kỹ thuật {unit_word}{since}
  member_associations:    # số hội thành viên
  members:                # số hội viên
  staff:                  # số biên chế của cơ quan Liên hiệp Hội
  party_organisation:     # Đảng đoàn, Chi bộ cơ quan hoặc Đảng bộ cơ quan
  # congresses:           # các kỳ Đại hội của Liên hiệp Hội
  #   - {{ordinal: VI, term: 2025 - 2030, as_of: 10/2025, source: "…"}}
  # contests:             # hội thi, cuộc thi sáng tạo (name, ordinal, years, solutions, source)
  # advisory_tasks:       # số nhiệm vụ tư vấn, phản biện và giám định xã hội (một số liệu có as_of, source)

# ct42:                   # kết quả thực hiện Chỉ thị 42 (mỗi ý một dòng có source)
#   results: []
#   limitations: []
#   assessments:          # nhận định của tỉnh, thay câu nhận định mặc định của bản dự thảo
#     leadership:
#     organisation:
#     advisory:
#     causes:
#     lessons:
# kl93:                   # văn bản và kết quả thực hiện Kết luận 93 đến nay
#   documents: []
#   results: []

# goals:                  # chỉ tiêu số của phần Mục tiêu
#   year: 2030
#   member_associations:
#   members:
#   advisory_tasks:       # mỗi năm
# schedule:               # thời hạn của phần Tổ chức thực hiện (để trống: mặc định của bản dự thảo)
#   briefing_by:          # ví dụ "quý II/2026"
#   lhh_plan_by:
#   report_by:            # ví dụ "trước ngày 15/12"
#   midterm_review:
#   final_review:
#   funding:
# names: {{}}               # tên cơ quan, tổ chức đã xác nhận (xem `chuongtrinh schema`)
"""

HISTORY = """# {Unit} được sắp xếp từ {former} (từ 01/7/2025). Tệp này ghi số liệu của
# {unit} từ khi hợp nhất; số liệu trước đó nằm ở {files}, và phần I kể
# chúng là của các tỉnh trước hợp nhất.
"""


def skeleton(entry: RegisterEntry, year: int, schema_dir: str = "") -> str:
    """`schema_dir`: where provinces/province.schema.json is seen from the new file ("../" from provinces/34/)."""
    former = predecessors(entry) if entry.merged else ()
    names = [unit.full_name for unit in former]
    history = HISTORY.format(unit=entry.full_name, Unit=entry.full_name[:1].upper() + entry.full_name[1:], former=", ".join(names[:-1]) + " và " + names[-1] if names else "",
                             files=", ".join(f"provinces/{unit.slug}.yaml" for unit in former)) if former else ""
    return SKELETON.format(schema=schema_dir, committee=entry.committee, committee_word=entry.committee_word,
                           slug=entry.slug, year=year, unit_word=entry.unit_word, history=history,
                           since=" (từ khi hợp nhất)" if former else "")
