"""The reference .docx taken apart once per process: the bytes of every part the documents share,
and the few parts each document fills in (its body, its two page headers, its core properties)
as elements to copy.

python-docx opens the reference once; a document then costs copies of four small elements and
their serialisation, not a copy and a save of the whole package. The zip holds the same entries
in the same order as python-docx's own save (PackageWriter: content types, package relationships,
then each part and its relationships), so the bytes are the same.
"""
from __future__ import annotations

import copy
import io
import re
import zipfile
from dataclasses import dataclass

import docx
from lxml import etree
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.coreprops import CoreProperties
from docx.opc.oxml import serialize_part_xml
from docx.opc.pkgwriter import _ContentTypesItem
from docx.section import Section
from docx.shared import Length

from generator.write import ooxml

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
OWN_PARTS = ("document", "first_page_header", "header", "core")


@dataclass
class Parts:
    """One document's own parts, as elements to fill in."""

    document: object             # w:document (python-docx's CT_Document)
    first_page_header: object    # w:hdr of page 1 (the profile's different first page)
    header: object               # w:hdr of the following pages
    core: object                 # cp:coreProperties
    comments: bytes | None = None   # word/comments.xml, for a document with notes to its editor

    @property
    def body(self):
        return self.document.body

    @property
    def core_properties(self) -> CoreProperties:
        return CoreProperties(self.core)


# The extended properties of every document: the program that made it. The reference's (python-docx's
# default: "Microsoft Macintosh Word", one page, no words) would say what is not true of the file.
APP_PROPERTIES = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                  b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
                  b'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
                  b'<Application>chuongtrinh</Application></Properties>')


class Template:
    """A reference .docx, opened once, that makes documents: `parts()` for each, then `save()`."""

    def __init__(self, reference: bytes):
        word = docx.Document(io.BytesIO(reference))
        section = word.sections[0]
        # Made here once, in the order a document made them in: the first page's header, then the
        # others', then the core properties.
        own = {"first_page_header": section.first_page_header.part, "header": section.header.part}
        word.core_properties
        package = word.part.package
        own["core"] = package.part_related_by(RT.CORE_PROPERTIES)
        own["document"] = word.part
        self.styles = word.styles
        self.block_width: Length = _text_width(word.element.body.sectPr)
        self._elements = {name: part.element for name, part in own.items()}
        role = {id(part): name for name, part in own.items()}
        parts = package.parts
        # (entry name, bytes shared by every document, or the name of the document's own part)
        self._entries: list[tuple[str, bytes | str]] = [
            ("[Content_Types].xml", _ContentTypesItem.from_parts(parts).blob),
            ("_rels/.rels", package.rels.xml),
        ]
        for part in parts:
            blob = APP_PROPERTIES if part.partname == "/docProps/app.xml" else part.blob
            self._entries.append((part.partname.membername, role.get(id(part)) or blob))
            if len(part.rels):
                self._entries.append((part.partname.rels_uri.membername, part.rels.xml))

    def parts(self) -> Parts:
        return Parts(**{name: copy.deepcopy(self._elements[name]) for name in OWN_PARTS})

    def save(self, parts: Parts) -> bytes:
        entries = self._entries if parts.comments is None else self._with_comments(parts.comments)
        return stored_zip((name, content if isinstance(content, bytes) else serialize_part_xml(getattr(parts, content)))
                          for name, content in entries)

    def _with_comments(self, comments: bytes) -> list[tuple[str, bytes | str]]:
        """The entries of a document with a comments part: its content type declared, the main
        part's relationship to it added, the part itself after the main part's relationships.
        Documents without comments keep the reference's entries byte for byte."""
        entries = []
        for name, content in self._entries:
            if name in (CONTENT_TYPES, DOCUMENT_RELS):
                content = declaring_comments(name, content)
            entries.append((name, content))
            if name == DOCUMENT_RELS:
                entries.append((COMMENTS, comments))
        return entries


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
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def stored_zip(entries) -> bytes:
    """(name, bytes) entries as a zip, equal entries as equal bytes on any machine: fixed entry
    timestamps (python-docx stamps them with the clock) and entries stored, not deflated (deflate
    output differs between zlib builds, e.g. zlib-ng)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as package:
        for name, blob in entries:
            entry = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
            entry.external_attr = 0o644 << 16
            package.writestr(entry, blob)
    return buffer.getvalue()


def _text_width(sect_pr) -> Length:
    """The width between the margins, which python-docx gives a new table (Document._block_width)."""
    section = Section(sect_pr, None)
    return Length(section.page_width - section.left_margin - section.right_margin)
