"""Text → its printed width in twips, from Times New Roman metrics shipped as data."""
from __future__ import annotations

import json
import unicodedata
from functools import cache, lru_cache
from typing import Any

from generator.shipped import data_file


@cache
def _metrics() -> dict[str, Any]:
    text = data_file("times-metrics.json").read_text(encoding="utf-8")
    metrics: dict[str, Any] = json.loads(text)
    return metrics


@lru_cache(maxsize=4096)    # the frame's texts recur in every document of a batch
def text_width(text: str, size_pt: float, bold: bool = False, italic: bool = False) -> int:
    """Width of one line of `text` in twips; unknown characters count as a wide letter."""
    metrics = _metrics()
    style = {(False, False): "regular", (True, False): "bold",
             (False, True): "italic", (True, True): "bold_italic"}[(bold, italic)]
    widths = metrics["styles"][style]
    fallback = widths["M"]
    units = 0
    for ch in text:
        width = widths.get(ch)
        if width is None:
            width = widths.get(unicodedata.normalize("NFD", ch)[:1], fallback)
        units += width
    return round(units / int(metrics["units_per_em"]) * size_pt * 20)
