"""Province model → JSON Schema for editors (VS Code's YAML extension completes and checks keys).

pydantic's schema is adjusted where the loader is more lenient than the model's types say:
a fact may be written short (`members: 20000`), a date as 05/02/2021.
"""
from __future__ import annotations

import copy
import json
from typing import Any

from generator.i18n import N_
from generator.read.model import ProvinceFile

SCHEMA_FILE = "province.schema.json"   # kept next to the province files
# What an editor reads on hover; the models' docstrings are for developers.
DESCRIPTIONS = {
    "DocumentInfo": N_("Số, ngày và chỉ dẫn dự thảo của văn bản"),
    "Signer": N_("Người ký thay mặt Ban Thường vụ"),
    "Lhh": N_("Liên hiệp các Hội Khoa học và Kỹ thuật của tỉnh, thành phố"),
    "Contest": N_("Một hội thi, cuộc thi sáng tạo"),
    "LhhCongress": N_("Một kỳ Đại hội đại biểu của Liên hiệp Hội"),
    "Ct42Review": N_("Kết quả, hạn chế sau 10 năm thực hiện Chỉ thị số 42-CT/TW trên địa bàn"),
    "ExtraTasks": N_("Nhiệm vụ riêng của tỉnh, bổ sung vào từng điểm của Kết luận số 93-KL/TW"),
    "Assignee": N_("Một cơ quan được giao nhiệm vụ thêm trong phần Tổ chức thực hiện"),
    "Assessments": N_("Nhận định của tỉnh về 10 năm thực hiện Chỉ thị 42 (thay câu nhận định mặc định)"),
    "Kl93Review": N_("Những gì tỉnh đã làm để thực hiện Kết luận 93 trước văn bản này"),
    "Goals": N_("Chỉ tiêu số của phần Mục tiêu (năm, số hội thành viên, hội viên, nhiệm vụ tư vấn, phản biện)"),
    "Schedule": N_("Thời hạn, kỳ báo cáo, sơ kết, tổng kết và kinh phí của phần Tổ chức thực hiện"),
}
# Facts with details of their own besides value, source, as_of (model.Kl93Document: its relation;
# model.Figure: the same count at earlier times).
FACTS_WITH_MORE = ("Kl93Document", "Figure")
FACT = N_("Số liệu, viết gọn (giá trị) hoặc đầy đủ {value, source, as_of, approx}")
DATE_VI = {"type": "string", "pattern": r"^\d{1,2}[/.-]\d{1,2}[/.-]\d{4}$", "description": "ngày/tháng/năm"}


def province_schema() -> dict[str, Any]:
    schema = ProvinceFile.model_json_schema()
    schema["title"] = "Tệp tỉnh của chuongtrinh (Chương trình thực hiện Kết luận số 93-KL/TW)"
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["description"] = "Thông tin riêng của một tỉnh, thành phố; tên, loại đơn vị lấy từ danh mục"
    for name, definition in schema.get("$defs", {}).items():
        if name.startswith("Fact_") or name in FACTS_WITH_MORE:
            definition["description"] = FACT
            schema["$defs"][name] = {"anyOf": [copy.deepcopy(definition["properties"]["value"]), definition],
                                     "description": FACT}
        elif name in DESCRIPTIONS:
            definition["description"] = DESCRIPTIONS[name]
    _loosen_dates(schema)
    schema["properties"]["slug"]["examples"] = ["thanh-hoa", "ha-noi"]
    return schema


def _loosen_dates(node: object) -> None:
    if isinstance(node, dict):
        if node.get("format") == "date" and node.get("type") == "string":
            original = dict(node)
            node.clear()
            node["anyOf"] = [original, DATE_VI]
            return
        for value in node.values():
            _loosen_dates(value)
    elif isinstance(node, list):
        for value in node:
            _loosen_dates(value)


def schema_text() -> str:
    return json.dumps(province_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
