"""DocView → the parts of a Party document, found by what they say, not by how they were made."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from generator.check.reader import DocView, Para, Segment

AUTHORITY = re.compile(r"^\s*(T/M|K/T|T/L|TM\.|KT\.|TL\.|Q\.|TUQ\.)\s+\S", re.I)


@dataclass
class Located:
    segment: Segment
    paragraph: Para


@dataclass
class Structure:
    view: DocView
    header: list[Para] = field(default_factory=list)       # everything before the tên loại
    party_title: Located | None = None
    motto: Located | None = None
    issuer: Located | None = None
    star: Located | None = None
    number: Located | None = None
    date: Located | None = None
    kind: Para | None = None
    subject: list[Para] = field(default_factory=list)
    separator: Para | None = None
    body: list[Para] = field(default_factory=list)
    authority: Located | None = None
    position: Located | None = None
    signer: Located | None = None
    recipients_label: Located | None = None
    recipients: list[Located] = field(default_factory=list)


def plain(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def locate(view: DocView, kinds: dict[str, str], title: str = "ĐẢNG CỘNG SẢN VIỆT NAM",
           motto: str | None = None) -> Structure:
    """`title`, `motto`: the fixed lines at the top right under the profile (Party title; Quốc hiệu
    and Tiêu ngữ)."""
    found = Structure(view)
    paragraphs = view.paragraphs
    kind_at = next((i for i, p in enumerate(paragraphs) if plain(p.text).upper() in kinds and p.where == "thân"), None)
    found.header = paragraphs[:kind_at] if kind_at is not None else paragraphs[:8]
    capitals: list[Located] = []   # the issuer is the capitalised line just above the "*"
    for p in found.header:
        for segment in p.segments:
            text = plain(segment.text)
            here = Located(segment, p)
            if text.upper() == title.upper() and not found.party_title:
                found.party_title = here
            elif motto and text == motto and not found.motto:
                found.motto = here
            elif text == "*" and not found.star:
                found.star = here
                found.issuer = capitals[-1] if capitals else None
            elif re.match(r"^Số\b", text) and not found.number:
                found.number = here
            elif ", ngày" in text and "tháng" in text and not found.date:
                found.date = here
            elif text and text == text.upper() and re.search(r"[A-ZĐ]", text) and not found.star:
                capitals.append(here)
    if found.issuer is None and capitals:
        found.issuer = capitals[0]
    if kind_at is None:
        return found
    found.kind = paragraphs[kind_at]
    index = kind_at + 1
    while index < len(paragraphs) and not _separator(paragraphs[index]) and len(found.subject) < 6:
        found.subject.append(paragraphs[index])
        index += 1
    if index < len(paragraphs) and _separator(paragraphs[index]):
        found.separator = paragraphs[index]
        index += 1
    for p in paragraphs[index:]:
        first = plain(p.segments[0].text) if p.segments else ""
        if AUTHORITY.match(first) or first.startswith("Nơi nhận") or (
                len(p.segments) > 1 and any(AUTHORITY.match(plain(s.text)) for s in p.segments)):
            break
        if p.where == "thân":
            found.body.append(p)
        index += 1
    _signature_block(found, paragraphs[index:])
    return found


def _separator(paragraph: Para) -> bool:
    """The mark under the trích yếu: "-----" (Party) or an empty paragraph drawn as a solid line."""
    text = plain(paragraph.text)
    return bool(re.fullmatch(r"-{3,}", text) or (not text and (paragraph.bottom_border or paragraph.has_drawing)))


def _signature_block(found: Structure, tail: list[Para]) -> None:
    signature: list[Located] = []
    recipients: list[Located] = []
    for p in tail:
        for segment in p.segments:
            text = plain(segment.text)
            if not text:
                continue
            here = Located(segment, p)
            if text.startswith("Nơi nhận") or text.lower().startswith("nơi nhận"):
                found.recipients_label = here
            elif found.recipients_label and text.startswith(("-", "–", "+")) and not AUTHORITY.match(text):
                recipients.append(here)
            elif AUTHORITY.match(text) or signature:
                signature.append(here)
    found.recipients = recipients
    if signature:
        found.authority = signature[0]
        names = [s for s in signature[1:] if plain(s.segment.text) != plain(s.segment.text).upper()]
        positions = [s for s in signature[1:] if plain(s.segment.text) == plain(s.segment.text).upper()]
        found.position = positions[0] if positions else None
        found.signer = names[-1] if names else None

