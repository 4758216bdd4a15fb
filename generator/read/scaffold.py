"""Register entry → the commented skeleton of a new province file (`chuongtrinh new`)."""
from __future__ import annotations

from generator.read.register import RegisterEntry

SCHEMA_LINE = "# yaml-language-server: $schema={schema}province.schema.json"

SKELETON = SCHEMA_LINE + """
# Dự thảo Chương trình thực hiện Kết luận số 93-KL/TW — {committee}.
# Tên tỉnh, "{committee_word}" và các cấp ủy cấp huyện lấy từ danh mục, không ghi lại ở đây.
# Chỉ ghi số liệu có nguồn (source); số liệu chưa có để trống, văn bản sẽ hiện ô tô vàng cần điền.
# Số liệu ghi gọn (members: 20000) hoặc đầy đủ:
#   members: {{value: 20000, approx: true, as_of: "2019", source: "địa chỉ trang hoặc văn bản"}}
slug: {slug}

document:
  number:          # số văn bản; để trống khi còn là dự thảo
  date:            # ngày ban hành, ví dụ 05/02/2021; để trống khi còn là dự thảo
  year: {year}
  draft: Dự thảo

signer:
  position: PHÓ BÍ THƯ THƯỜNG TRỰC    # hoặc BÍ THƯ, PHÓ BÍ THƯ
  name:                               # họ và tên, không ghi học hàm, học vị

lhh:                 # Liên hiệp các Hội Khoa học và Kỹ thuật {unit_word}
  member_associations:    # số hội thành viên
  members:                # số hội viên
  staff:                  # số biên chế của cơ quan Liên hiệp Hội
  party_organisation:     # Đảng đoàn, Chi bộ cơ quan hoặc Đảng bộ cơ quan
"""


def skeleton(entry: RegisterEntry, year: int, schema_dir: str = "") -> str:
    """`schema_dir`: where provinces/province.schema.json is seen from the new file ("../" from provinces/34/)."""
    return SKELETON.format(schema=schema_dir, committee=entry.committee, committee_word=entry.committee_word, slug=entry.slug,
                           year=year, unit_word=entry.unit_word)
