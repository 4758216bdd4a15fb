"""A corpus of hostile .docx files: each made to stall, bloat or crash a reader of Word documents
in one way (long runs of one character for regexes that backtrack, parts parsed again and again,
quadratic walks, packages that lie about their sizes, damaged parts, numbers that are not numbers).

`CASES` maps a name to a function that makes the file's bytes; every file starts from the
conforming hand-made document (handmade.make), so each attack sits inside a real document.
`python -m tests.hostile DIR` writes them all to DIR (for measuring by hand, or with another tool).
"""
from __future__ import annotations

import io
import json
import os
import random
import re
import signal
import struct
import subprocess
import sys
import tempfile
import time
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

from tests.handmade import make

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
REL_HEADER = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"


def _base() -> bytes:
    return make()


def parts_of(data: bytes) -> dict[str, bytes]:
    package = zipfile.ZipFile(io.BytesIO(data))
    return {name: package.read(name) for name in package.namelist()}


def packaged(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, content in parts.items():
            package.writestr(name, content)
    return buffer.getvalue()


def changed(change: Callable[[dict[str, bytes]], None]) -> bytes:
    """The base document with its parts changed in place by `change`."""
    parts = parts_of(_base())
    change(parts)
    return packaged(parts)


def in_body(*paragraphs: str, at: str = "start") -> bytes:
    """The base document with XML paragraphs added at the start of its body (where the header
    lines are looked for) or at its end (where the signature and recipients are)."""
    def change(parts: dict[str, bytes]) -> None:
        xml = parts["word/document.xml"].decode()
        added = "".join(paragraphs)
        if at == "start":
            xml = xml.replace("<w:body>", "<w:body>" + added, 1)
        else:
            index = xml.rindex("<w:sectPr")
            xml = xml[:index] + added + xml[index:]
        parts["word/document.xml"] = xml.encode()
    return changed(change)


def paragraph(text: str, highlight: bool = False, size: int | None = None) -> str:
    properties = ('<w:highlight w:val="yellow"/>' if highlight else "") + (f'<w:sz w:val="{size}"/>' if size else "")
    rpr = f"<w:rPr>{properties}</w:rPr>" if properties else ""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f'<w:p><w:r>{rpr}<w:t xml:space="preserve">{escaped}</w:t></w:r></w:p>'


# Characters and words the checker's patterns are built around: a long run of each, alone or
# after the word, must not make a pattern backtrack.
RUN_CHARACTERS = " [].-/:0A_*(,;Đ\u00a0"
RUN_WORDS = ("Số", "ngày", "tháng", "năm", "Nơi nhận", "T/M", "ĐẢNG CỘNG SẢN VIỆT NAM", "-CTr/TU", "Lưu", "TỈNH",
             "ỦY", "Dự thảo", "{{", "CHƯƠNG TRÌNH", "Kính gửi")
RUN = 60_000


def long_runs(where: str, highlight: bool) -> bytes:
    paragraphs = [paragraph(ch * RUN, highlight) for ch in RUN_CHARACTERS]
    paragraphs += [paragraph(word + " " * RUN + word, highlight) for word in RUN_WORDS]
    paragraphs += [paragraph((word + " ") * (RUN // len(word)), highlight) for word in RUN_WORDS]
    return in_body(*paragraphs, at=where)


def header_referenced_many_times(times: int = 1_000) -> bytes:
    def change(parts: dict[str, bytes]) -> None:
        text = "Dòng đầu trang " * 12
        body = "".join(paragraph(f"{text}{i}") for i in range(1_000_000 // (len(text) + 60)))
        parts["word/header1.xml"] = f"<w:hdr {W_NS}>{body}</w:hdr>".encode()
        xml = parts["word/document.xml"].decode()
        references = "".join('<w:headerReference w:type="default" r:id="rId9"/>' for _ in range(times))
        parts["word/document.xml"] = re.sub(r'<w:headerReference [^>]*/>', references, xml, count=1).encode()
    return changed(change)


def many_header_parts(count: int = 600, size: int = 40_000) -> bytes:
    """Many distinct headers, each small, all referenced."""
    def change(parts: dict[str, bytes]) -> None:
        rng = random.Random(7)
        rels = parts["word/_rels/document.xml.rels"].decode()
        references = []
        for index in range(count):
            words = " ".join(f"{rng.randrange(10**9):x}" for _ in range(size // 9))
            parts[f"word/h{index}.xml"] = f"<w:hdr {W_NS}>{paragraph(words)}</w:hdr>".encode()
            rels = rels.replace("</Relationships>", f'<Relationship Id="rH{index}" Type="{REL_HEADER}" '
                                f'Target="h{index}.xml"/></Relationships>')
            references.append(f'<w:headerReference w:type="default" r:id="rH{index}"/>')
        parts["word/_rels/document.xml.rels"] = rels.encode()
        xml = parts["word/document.xml"].decode()
        parts["word/document.xml"] = re.sub(r'<w:headerReference [^>]*/>', "".join(references), xml, count=1).encode()
    return changed(change)


def wide_row(cells: int = 40_000) -> bytes:
    row = "".join(f"<w:tc><w:p><w:r><w:t>{i}</w:t></w:r></w:p></w:tc>" for i in range(cells))
    return in_body(f"<w:tbl><w:tr>{row}</w:tr></w:tbl>", at="end")


def many_paragraphs(count: int = 400_000) -> bytes:
    return in_body("<w:p/>" * count, at="end")


def many_text_paragraphs(count: int = 150_000) -> bytes:
    return in_body(*(paragraph(f"Đoạn {i} có chữ.") for i in range(count)), at="end")


def many_formats(count: int = 100_000) -> bytes:
    """Runs formatted each its own way: nothing a cache of formats can share."""
    runs = "".join(f'<w:r><w:rPr><w:sz w:val="{20 + i % 50}"/><w:spacing w:val="{i}"/></w:rPr><w:t>x</w:t></w:r>'
                   for i in range(count))
    return in_body(f"<w:p>{runs}</w:p>", at="end")


def many_tabs(count: int = 200_000) -> bytes:
    return in_body("<w:p><w:r>" + "<w:tab/><w:t>a</w:t>" * count + "</w:r></w:p>")


def deep_nesting(depth: int = 100_000) -> bytes:
    return in_body("<w:tbl><w:tr><w:tc>" * depth + "<w:p/>" + "</w:tc></w:tr></w:tbl>" * depth, at="end")


def nested_tables(depth: int = 80) -> bytes:
    """Tables inside tables, as deep as an XML parser allows, each with a paragraph."""
    return in_body("<w:tbl><w:tr><w:tc><w:p/>" * depth + "<w:p/>" + "</w:tc></w:tr></w:tbl>" * depth, at="end")


def style_chain(length: int = 6_000) -> bytes:
    """Styles each based on the one before, every one used by a paragraph."""
    def change(parts: dict[str, bytes]) -> None:
        styles = parts["word/styles.xml"].decode()
        chain = "".join(f'<w:style w:type="paragraph" w:styleId="S{i}"><w:name w:val="S{i}"/>'
                        + (f'<w:basedOn w:val="S{i - 1}"/>' if i else "") + "</w:style>" for i in range(length))
        parts["word/styles.xml"] = styles.replace("</w:styles>", chain + "</w:styles>").encode()
        xml = parts["word/document.xml"].decode()
        used = "".join(f'<w:p><w:pPr><w:pStyle w:val="S{i}"/></w:pPr><w:r><w:t>a</w:t></w:r></w:p>'
                       for i in range(length))
        index = xml.rindex("<w:sectPr")
        parts["word/document.xml"] = (xml[:index] + used + xml[index:]).encode()
    return changed(change)


def large_styles(size: int = 3_500_000, seed: int = 1) -> bytes:
    """A style sheet of several megabytes (each call with its own seed: no two alike)."""
    def change(parts: dict[str, bytes]) -> None:
        rng = random.Random(seed)
        styles = parts["word/styles.xml"].decode()
        extra, total = [], 0
        while total < size:
            name = f"{rng.randrange(16**12):012x}"
            style = (f'<w:style w:type="character" w:styleId="{name}"><w:name w:val="{name}"/>'
                     f'<w:rPr><w:sz w:val="{rng.randrange(8, 80)}"/></w:rPr></w:style>')
            extra.append(style)
            total += len(style)
        parts["word/styles.xml"] = styles.replace("</w:styles>", "".join(extra) + "</w:styles>").encode()
    return changed(change)


def dense_under_limits(target: int = 560_000) -> bytes:
    """A package of about half a megabyte whose document inflates a hundred times (under a
    guard that only refuses more than two hundred), into tens of megabytes of paragraphs."""
    rng = random.Random(3)
    pieces, compressed = [], zlib.compressobj(6)
    out = 0
    while out < target:
        text = "".join(rng.choice("ab") for _ in range(8))
        piece = paragraph(text).encode() * 40
        pieces.append(piece)
        out += len(compressed.compress(piece))
    body = b"".join(pieces).decode()
    return in_body(body, at="end")


def lying_sizes(declared: int = 1_000, actual: int = 80_000_000, part: str = "word/document.xml") -> bytes:
    """A part whose central directory and local header declare far fewer bytes than it inflates
    to (and a CRC of what it declares)."""
    parts = parts_of(_base())
    if part == "word/document.xml":
        xml = parts[part].decode()
        index = xml.rindex("<w:sectPr")
        filler = paragraph("a" * 1000) * (actual // 1050)
        parts[part] = (xml[:index] + filler + xml[index:]).encode()
    else:
        parts[part] = parts[part] + b" " * actual
    data = packaged(parts)
    return _patch_sizes(data, part, declared)


# Where a zip's two records of a part keep its fields: (signature, name length, name, CRC, size).
_LOCAL = (b"PK\x03\x04", 26, 30, 14, 22)
_CENTRAL = (b"PK\x01\x02", 28, 46, 16, 24)


def _records(data: bytearray, part: str):
    """(offset, layout) of the local header and the central directory record of `part`."""
    for layout in (_LOCAL, _CENTRAL):
        signature, name_length_at, name_at = layout[:3]
        offset = data.find(signature)
        while offset != -1:
            length = struct.unpack_from("<H", data, offset + name_length_at)[0]
            if data[offset + name_at: offset + name_at + length] == part.encode():
                yield offset, layout
            offset = data.find(signature, offset + 4)


def _patch_sizes(data: bytes, part: str, declared: int) -> bytes:
    """The uncompressed size of `part` rewritten as `declared` in both its records."""
    patched = bytearray(data)
    for offset, (*_, size_at) in list(_records(patched, part)):
        struct.pack_into("<I", patched, offset + size_at, declared)
    return bytes(patched)


def damaged(part: str, how: str) -> bytes:
    """`part` with its deflate stream broken ("deflate") or its recorded CRC wrong ("crc")."""
    data = bytearray(_base())
    for offset, (signature, _length_at, name_at, crc_at, _size_at) in list(_records(data, part)):
        if how == "crc":
            crc = struct.unpack_from("<I", data, offset + crc_at)[0] ^ 0xDEADBEEF
            struct.pack_into("<I", data, offset + crc_at, crc)
        elif signature == _LOCAL[0]:
            name_length, extra_length = struct.unpack_from("<HH", data, offset + 26)
            start = offset + name_at + name_length + extra_length
            for index in range(start, start + 40):
                data[index] ^= 0xFF
    return bytes(data)


# Every attribute the reader reads as a number, each with the element it belongs to.
NUMERIC_ATTRIBUTES = {
    "w:sz": ("w:val",), "w:ind": ("w:left", "w:start", "w:firstLine", "w:hanging"),
    "w:spacing": ("w:before", "w:after", "w:line"), "w:pgSz": ("w:w", "w:h"),
    "w:pgMar": ("w:top", "w:bottom", "w:left", "w:right"), "w:framePr": ("w:x", "w:w"),
}
HOSTILE_NUMBERS = ("abc", "", "NaN", "inf", "-inf", "1e999", "9" * 400, "-99999999999", "0x10", "١٢", " 12 ",
                   "12.5.3", "-", "+", "1_000")


def hostile_numbers(value: str) -> bytes:
    """Every numeric attribute the reader parses, on every element that has it, set to `value`;
    a framed paragraph and a text box are added so that their positions are read too."""
    def change(parts: dict[str, bytes]) -> None:
        for name in ("word/document.xml", "word/styles.xml", "word/header1.xml"):
            xml = parts[name].decode()
            if name == "word/document.xml":
                framed = (f'<w:p><w:pPr><w:framePr w:x="{value}" w:w="{value}" w:hAnchor="page"/>'
                          f'<w:ind w:hanging="{value}"/></w:pPr><w:r><w:t>Khung</w:t></w:r></w:p>')
                xml = xml.replace("<w:body>", "<w:body>" + framed + _text_box(value), 1)
            for element, attributes in NUMERIC_ATTRIBUTES.items():
                for attribute in attributes:
                    xml = re.sub(rf'(<{element}\b[^>]*\b{attribute}=")[^"]*(")',
                                 lambda match: match.group(1) + value + match.group(2), xml)
            parts[name] = xml.encode()
    return changed(change)


def _text_box(value: str) -> str:
    return ('<w:p><w:r><w:drawing><wp:anchor xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/'
            f'wordprocessingDrawing"><wp:positionH relativeFrom="page"><wp:posOffset>{value}</wp:posOffset>'
            f'</wp:positionH><wp:extent cx="{value}" cy="{value}"/><w:txbxContent><w:p><w:r><w:t>Hộp chữ</w:t>'
            "</w:r></w:p></w:txbxContent></wp:anchor></w:drawing></w:r></w:p>")


def nested_text_boxes(depth: int = 28, runs: int = 20_000) -> bytes:
    """Text boxes inside paragraphs of text boxes, as deep as the XML parser lets them go, with
    many runs in the innermost: each paragraph's text holds that of the boxes inside it."""
    inner = "<w:p>" + "<w:r><w:t>x</w:t></w:r>" * runs + "</w:p>"
    for _ in range(depth):
        inner = f"<w:p><w:r><w:drawing><w:txbxContent>{inner}</w:txbxContent></w:drawing></w:r></w:p>"
    return in_body(inner, at="end")


def _tags_left() -> int:
    from generator.check.reader import MAX_TAGS
    base = parts_of(_base())
    used = sum(base[name].count(b"<") for name in ("word/document.xml", "word/styles.xml", "word/header1.xml",
                                                    "word/theme/theme1.xml", "word/_rels/document.xml.rels"))
    return MAX_TAGS - used - 1_000


def _paragraphs_left() -> int:
    from generator.check.reader import MAX_PARAGRAPHS
    return MAX_PARAGRAPHS - 200


READ, REFUSED = "read", "refused"     # what the checker must do: report findings, or refuse (exit 4)

# name → (maker, expected answer)
CASES: dict[str, tuple[Callable[[], bytes], str]] = {
    "spaces-in-one-text": (lambda: in_body(paragraph(" " * 200_000)), READ),
    "highlighted-brackets": (lambda: in_body(paragraph("[" * 200_000, highlight=True), at="end"), READ),
    "long-runs-start": (lambda: long_runs("start", False), READ),
    "long-runs-end-highlighted": (lambda: long_runs("end", True), READ),
    "header-referenced-1000-times": (header_referenced_many_times, READ),
    "many-header-parts": (many_header_parts, READ),      # only the header in force is read
    "row-of-40000-cells": (wide_row, REFUSED),
    "many-empty-paragraphs": (many_paragraphs, REFUSED),
    "many-text-paragraphs": (many_text_paragraphs, REFUSED),
    "many-formats": (many_formats, REFUSED),
    "many-tabs": (many_tabs, REFUSED),
    "deep-nesting": (deep_nesting, REFUSED),
    "nested-tables": (nested_tables, READ),
    "nested-text-boxes": (nested_text_boxes, READ),
    "style-chain": (style_chain, READ),
    "large-styles": (large_styles, READ),
    "dense-under-limits": (dense_under_limits, REFUSED),
    "lying-sizes-document": (lying_sizes, REFUSED),
    "lying-sizes-styles": (lambda: lying_sizes(part="word/styles.xml", actual=200_000_000), REFUSED),
    # At the checker's limits, each in the shape that costs it most: still answered in time.
    "limit-paragraphs": (lambda: many_paragraphs(_paragraphs_left()), READ),
    "limit-cells": (lambda: wide_row(_paragraphs_left()), READ),
    "limit-formats": (lambda: many_formats(_tags_left() // 8), READ),
    "limit-tabs": (lambda: many_tabs(_tags_left() // 3), READ),
    **{f"{how}-{part.rsplit('/', 1)[-1]}": ((lambda part=part, how=how: damaged(part, how)), REFUSED)
       for part in ("word/document.xml", "word/styles.xml", "word/theme/theme1.xml", "word/header1.xml",
                    "word/_rels/document.xml.rels")
       for how in ("deflate", "crc")},
    **{f"number-{index}": ((lambda value=value: hostile_numbers(value)), READ)
       for index, value in enumerate(HOSTILE_NUMBERS)},
}


# The command is forked from this small launcher, not from the caller: Linux keeps a process's
# peak memory across exec, so a command forked from a large process would report its size.
LAUNCHER = """
import json, os, sys
pid = os.fork()
if pid == 0:
    os.execvp(sys.argv[2], sys.argv[2:])
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as out:
    json.dump({"status": status, "maxrss_kib": usage.ru_maxrss}, out)
"""


def measured(command: list[str], timeout: float) -> tuple[int | None, float, float, str]:
    """Run a command alone: its exit code (None when it was killed at `timeout` seconds), its wall
    time, its peak memory in MiB (its own, or its largest child's) and its standard error."""
    with tempfile.NamedTemporaryFile(suffix=".json") as report:
        started = time.monotonic()
        process = subprocess.Popen([sys.executable, "-c", LAUNCHER, report.name, *command], stdin=subprocess.DEVNULL,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
        try:
            _out, error = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            _out, error = process.communicate()
        seconds = time.monotonic() - started
        result = json.loads(Path(report.name).read_text() or "{}")
    if "status" not in result:
        return None, seconds, 0.0, error.decode(errors="replace")
    code = os.waitstatus_to_exitcode(result["status"])
    return code, seconds, result["maxrss_kib"] / 1024, error.decode(errors="replace")


def main(arguments: list[str]) -> None:
    """DIR: write every case there; --measure COMMAND…: also run `COMMAND FILE` on each, one at a
    time, and print its exit code, seconds and peak MiB."""
    folder, *rest = arguments or ["hostile"]
    command = rest[1:] if rest[:1] == ["--measure"] else None
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    for name, (make_case, _expected) in CASES.items():
        path = out / f"{name}.docx"
        path.write_bytes(make_case())
        if command is None:
            print(path)
            continue
        code, seconds, peak, error = measured([*command, str(path)], float(os.environ.get("HOSTILE_TIMEOUT", "600")))
        last = error.strip().splitlines()[-1:] or [""]
        print(f"{name:32} exit {code!s:4} {seconds:7.2f} s {peak:8.0f} MiB  {last[0][:110]}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
