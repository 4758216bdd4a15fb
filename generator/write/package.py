"""The reference .docx taken apart once per process: the bytes of every part the documents share,
and the few parts each document fills in (its body, its two page headers, its core properties)
as elements to copy.

The reference holds every part a document has (docx_writer makes it with python-docx, headers
included), so a document is its entries in the reference's own order (python-docx's: content
types, package relationships, then each part and its relationships) with four of them written
anew: the zip and lxml alone, python-docx is not imported to write a document.
"""
from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass

from lxml import etree

from generator.elements import Element
from generator.write import ooxml
from generator.write.ooxml import qn

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
OWN_PARTS = ("document", "first_page_header", "header", "core")
OFFICE_DOCUMENT_RELATIONSHIP = f"{ooxml.NAMESPACES['r']}/officeDocument"
CORE_RELATIONSHIP = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
# The parser python-docx reads parts with: the blank text between elements dropped.
_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False, no_network=True)


@dataclass
class Parts:
    """One document's own parts, as elements to fill in."""

    document: Element             # w:document
    first_page_header: Element    # w:hdr of page 1 (the profile's different first page)
    header: Element               # w:hdr of the following pages
    core: Element                 # cp:coreProperties
    comments: bytes | None = None       # word/comments.xml, for a document with notes to its editor

    @property
    def body(self) -> Element:
        return self.document.find(qn("w:body"))


# The extended properties of every document: the program that made it. The reference's (python-docx's
# default: "Microsoft Macintosh Word", one page, no words) would say what is not true of the file.
APP_PROPERTIES = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                  b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
                  b'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
                  b'<Application>chuongtrinh</Application></Properties>')


class Template:
    """A reference .docx, opened once, that makes documents: `parts()` for each, then `save()`."""

    def __init__(self, reference: bytes):
        package = zipfile.ZipFile(io.BytesIO(reference))
        read = {name: package.read(name) for name in package.namelist()}
        targets = _targets(read["_rels/.rels"])
        document = next(name for kind, name in targets if kind == OFFICE_DOCUMENT_RELATIONSHIP)
        own = {"document": document,
               "core": next(name for kind, name in targets if kind == CORE_RELATIONSHIP)}
        parsed = etree.fromstring(read[document], _PARSER)
        folder = document.rpartition("/")[0]
        by_id = {r.get("Id"): f"{folder}/{r.get('Target')}"
                 for r in etree.fromstring(read[f"{folder}/_rels/{document.rpartition('/')[2]}.rels"])}
        section = parsed.find(f"{qn('w:body')}/{qn('w:sectPr')}")
        for reference_element in section.iterfind(qn("w:headerReference")):
            role = "first_page_header" if reference_element.get(qn("w:type")) == "first" else "header"
            own[role] = by_id[reference_element.get(qn("r:id"))]
        self.style_ids = {style.find(qn("w:name")).get(qn("w:val")): style.get(qn("w:styleId"))
                          for style in etree.fromstring(read[f"{folder}/styles.xml"]).iterfind(qn("w:style"))}
        self._elements = {role: parsed if role == "document" else etree.fromstring(read[name], _PARSER)
                          for role, name in own.items()}
        role_of = {name: role for role, name in own.items()}
        # (entry name, bytes shared by every document, or the name of the document's own part)
        self._entries: list[tuple[str, bytes | str]] = [
            (name, role_of.get(name) or (APP_PROPERTIES if name == "docProps/app.xml" else data))
            for name, data in read.items()]

    def parts(self) -> Parts:
        return Parts(**{name: self._elements[name].__copy__() for name in OWN_PARTS})    # (lxml: the whole tree)

    def save(self, parts: Parts) -> bytes:
        entries = self._entries if parts.comments is None else self._with_comments(parts.comments)
        return stored_zip((name, content if isinstance(content, bytes) else serialized(getattr(parts, content)))
                          for name, content in entries)

    def _with_comments(self, comments: bytes) -> list[tuple[str, bytes | str]]:
        """The entries of a document with a comments part: its content type declared, the main
        part's relationship to it added, the part itself after the main part's relationships.
        Documents without comments keep the reference's entries byte for byte."""
        entries = []
        for name, content in self._entries:
            if name in (CONTENT_TYPES, DOCUMENT_RELS) and isinstance(content, bytes):   # (shared parts: bytes)
                content = declaring_comments(name, content)
            entries.append((name, content))
            if name == DOCUMENT_RELS:
                entries.append((COMMENTS, comments))
        return entries


def serialized(element: Element) -> bytes:
    """A part's XML as python-docx writes it (UTF-8, declared standalone)."""
    return bytes(etree.tostring(element, encoding="UTF-8", standalone=True))


def _targets(relationships: bytes) -> list[tuple[str, str]]:
    """(type, entry name) of each relationship of the package (_rels/.rels: targets from its root)."""
    return [(r.get("Type"), r.get("Target").lstrip("/")) for r in etree.fromstring(relationships)]


COMMENTS = "word/comments.xml"
DOCUMENT_RELS = "word/_rels/document.xml.rels"
CONTENT_TYPES = "[Content_Types].xml"


def declaring_comments(name: str, content: bytes) -> bytes:
    """The content types, or the main part's relationships, with a comments part declared. The
    writer's own parts take the insertion as bytes (they stay byte for byte what they were); a part
    another program wrote (prefixed, single-quoted, an empty element) is parsed."""
    relationships = name != CONTENT_TYPES
    if relationships:
        number = max(map(int, re.findall(rb"""Id=["']rId(\d+)["']""", content)), default=0) + 1
        element, end = (f'<Relationship Id="rId{number}" Type="{ooxml.COMMENTS_RELATIONSHIP}" '
                        f'Target="comments.xml"/>'), b"</Relationships>"
    else:
        element, end = f'<Override PartName="/{COMMENTS}" ContentType="{ooxml.COMMENTS_CONTENT_TYPE}"/>', b"</Types>"
    if content.count(end) == 1:
        return content.replace(end, element.encode() + end)
    root = etree.fromstring(content, etree.XMLParser(resolve_entities=False, no_network=True))
    added = etree.fromstring(element)
    added.tag = f"{{{etree.QName(root).namespace}}}{added.tag}"
    root.append(added)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def stored_zip(entries: Iterable[tuple[str, bytes]]) -> bytes:
    """(name, bytes) entries as a zip, equal entries as equal bytes on any machine: fixed entry
    timestamps (python-docx stamps them with the clock) and entries stored, not deflated (deflate
    output differs between zlib builds, e.g. zlib-ng).

    Written here, header by header, as zipfile writes a stored entry of fewer than 4 GiB with an
    ASCII name (version 2.0, made on Unix, no data descriptor, no extra field), the bytes it gives
    (tests/test_docx_writer.py compares them); zipfile's bookkeeping for each entry took a fifth
    of the time of writing a draft."""
    pieces: list[bytes] = []
    directory: list[bytes] = []
    offset = 0
    for name, blob in entries:
        encoded = name.encode("ascii")
        crc, size = zlib.crc32(blob), len(blob)
        pieces += [_LOCAL.pack(b"PK\x03\x04", _VERSION, 0, 0, 0, _DOS_TIME, _DOS_DATE, crc, size, size,
                               len(encoded), 0), encoded, blob]
        directory += [_CENTRAL.pack(b"PK\x01\x02", _VERSION, _UNIX, _VERSION, 0, 0, 0, _DOS_TIME, _DOS_DATE, crc,
                                    size, size, len(encoded), 0, 0, 0, 0, _FILE_MODE, offset), encoded]
        offset += _LOCAL.size + len(encoded) + size
    listing, count = b"".join(directory), len(directory) // 2      # (a header and a name per entry)
    end = _END.pack(b"PK\x05\x06", 0, 0, count, count, len(listing), offset, 0)
    return b"".join(pieces) + listing + end


# zipfile's struct formats (structFileHeader, structCentralDir, structEndArchive) and the values it
# writes for such an entry.
_LOCAL, _CENTRAL, _END = struct.Struct("<4s2B4HL2L2H"), struct.Struct("<4s4B4HL2L5H2L"), struct.Struct("<4s4H2LH")
_VERSION, _UNIX, _FILE_MODE = 20, 3, 0o644 << 16
_DOS_DATE = (ZIP_EPOCH[0] - 1980) << 9 | ZIP_EPOCH[1] << 5 | ZIP_EPOCH[2]
_DOS_TIME = ZIP_EPOCH[3] << 11 | ZIP_EPOCH[4] << 5 | ZIP_EPOCH[5] // 2
