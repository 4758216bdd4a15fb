"""DocView → the parts of a Party document, found by what they say, not by how they were made."""
from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from generator.check.reader import DocView, Para, Segment
from generator.profiles import Profile, formats, load_profile, shipped_profiles
from generator.profiles.profile import TextConventions
from generator.read.vietnamese import modern_tone_placement


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
    unlisted_kind: Para | None = None  # a title set like a tên loại the profile does not list ("DANH SÁCH")
    subject: list[Para] = field(default_factory=list)
    separator: Para | None = None
    body: list[Para] = field(default_factory=list)
    authority: Located | None = None
    position: Located | None = None
    signer: Located | None = None
    recipients_label: Located | None = None
    recipients: list[Located] = field(default_factory=list)
    draft_mark: Located | None = None  # "Dự thảo" near the top of page 1 or in its page header
    letter: bool = False              # a công văn: no tên loại, by design
    signed_in_person: bool = False    # the head signs under the position alone
    # "(Kèm theo Quyết định số …)" under the title: a text issued with another document (a quy chế,
    # an điều lệ, a phụ lục), whose number, date, signature and Nơi nhận are that document's.
    attached: Located | None = None


def plain(text: str) -> str:
    """NFC, single spaces. The rules ask for the same lines again and again: a line is kept with
    what it gave; a whole body (the content rules search it) is not, lest the store hold bodies."""
    return _plain_line(text) if len(text) <= MAX_KEPT_LINE else _plain(text)


def _plain(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


_plain_line = lru_cache(maxsize=4096)(_plain)
MAX_KEPT_LINE = 1_000


def comparable(text: str) -> str:
    """A line as compared with the words a profile fixes: NFC, single spaces, capitals, modern
    tone placement ("CỘNG HOÀ" is "CỘNG HÒA")."""
    return modern_tone_placement(plain(text)).upper()


def shows(text: str, words: str) -> bool:
    """Whether `text` says `words`, with its diacritics or, as a text typed without them, without.
    Spaces and line breaks count as one space: the title may share a line with the issuer, or be
    broken over two lines ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA" / "VIỆT NAM")."""
    text, words = text.translate(_DASHES), words.translate(_DASHES)
    return comparable(words) in comparable(text) or bare(words) in bare(text)


# An en dash, an em dash or a non-breaking hyphen typed for a hyphen reads as one ("Độc lập – Tự do –
# Hạnh phúc" is the Tiêu ngữ).
_DASHES = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2011": "-"})


def _base_letters() -> dict[int, str | None]:
    """Every precomposed Latin letter → its letter without marks ("Ệ" → "E", "Đ" → "D"); a
    combining mark left over → nothing."""
    table: dict[int, str | None] = {ord("Đ"): "D", ord("đ"): "d", **{code: None for code in range(0x300, 0x370)}}
    combining, decomposition = unicodedata.combining, unicodedata.decomposition
    for code in range(0xC0, 0x1F00):
        letter = chr(code)
        if combining(letter):
            table[code] = ""
        elif decomposition(letter):     # (only these can differ from their NFD: a third of the time at start-up)
            base = "".join(ch for ch in unicodedata.normalize("NFD", letter) if not combining(ch))
            if base != letter and base.isascii():
                table[code] = base
    return table


_BASE_LETTERS = _base_letters()


def bare(text: str) -> str:
    """Without diacritics ("CONG HOA XA HOI CHU NGHIA VIET NAM"); capitals, single spaces. Kept as
    plain is: the same few words, and the same lines, are asked about again and again."""
    return _bare_line(text) if len(text) <= MAX_KEPT_LINE else _bare(text)


def _bare(text: str) -> str:
    return plain(text).translate(_BASE_LETTERS).upper()


_bare_line = lru_cache(maxsize=4096)(_bare)


def starts_bare(text: str, words: str) -> bool:
    """Whether `text` starts with `words`, diacritics aside (a line "Noi nhan:" typed without
    them); only the start of a long paragraph is looked at."""
    return _starts_bare(text[:len(words) + 8], words)


@lru_cache(maxsize=8192)     # asked of each paragraph's start for each opening word the parts begin with
def _starts_bare(start: str, words: str) -> bool:
    return bare(start).startswith(bare(words))


@dataclass(frozen=True)
class Vocabulary:
    """The words that identify the parts of a document under a profile. The authority line is
    recognised in the forms of every shipped profile, so that a wrong form is found and flagged."""

    kinds: frozenset[str]          # tên loại in capitals
    title: str                     # the fixed line at the top right (Party title; Quốc hiệu)
    motto: str                     # Tiêu ngữ under the Quốc hiệu, or ""
    number_word: str               # "Số"
    recipients_label: str          # "Nơi nhận" (without its colon)
    authority: re.Pattern[str]
    text: TextConventions          # to read the date line, and to know a malformed one by its words

    def is_number_line(self, line: str) -> bool:
        """"Số" (or "Số:") followed by a number, the ký hiệu's "-" or "/", or nothing (a blank
        draft): not "Số TT" heading a table, nor "Số lượng …"."""
        return re.match(rf"^{re.escape(self.number_word)}\s*:?\s*(\d|[-/]|$)", line) is not None

    def addresses(self, line: str) -> bool:
        """"Kính gửi:" (a công văn's or a tờ trình's addressee line; the profile's letter marks)."""
        return any(starts_bare(line, mark) for mark in self.text.letter_marks if mark)

    @property
    def storage_word(self) -> str:
        """"Lưu", the first word of the storage line (the last recipient), as the profile writes it."""
        return self.text.storage_line.split()[0].rstrip(":")

    def is_date_line(self, line: str) -> bool:
        """The date line as the profile writes it, or a line with all its words (", ngày", "tháng",
        "năm"): reported as malformed rather than missing."""
        if formats.parse_date_line(self.text, line) is not None:
            return True
        words = formats.date_line_words(self.text)
        return bool(words) and all(word in line for word in words)

    @classmethod
    def of(cls, profile: Profile) -> Vocabulary:
        text = profile.text
        forms = {form for i in shipped_profiles() for form in load_profile(i).text.authorities}
        alternatives = "|".join(re.escape(form) for form in sorted(forms, key=len, reverse=True))
        return cls(frozenset(text.kind_symbols), text.party_title, text.motto, text.number_label.rstrip(":"),
                   text.recipients_label.rstrip(":"), re.compile(rf"^\s*({alternatives})\s+\S", re.I), text)


# The draft mark (HD 36 ô 11b) as people type it: "DỰ THẢO", "(Dự thảo)", "Dự thảo lần 2".
_DRAFT_MARK = re.compile(r"^\(?\s*D[ỰU]\s*TH[ẢA]O(\s+L[ẦA]N\s+\d+)?\s*\)?$")


def _draft_mark(view: DocView) -> Located | None:
    """A short line saying "Dự thảo" near the top of page 1 or in a page header."""
    shown = view.paragraphs[:20] + view.first_header + view.default_header
    return next((Located(segment, p) for p in shown for segment in p.segments
                 if len(segment.text.strip()) < 30 and _DRAFT_MARK.match(plain(segment.text).upper())), None)


def locate(view: DocView, words: Vocabulary) -> Structure:
    found = Structure(view, draft_mark=_draft_mark(view))
    kinds, title, motto, authority = words.kinds, words.title, words.motto, words.authority
    paragraphs = view.paragraphs
    kind_at = next((i for i, p in enumerate(paragraphs) if plain(p.text).upper() in kinds and p.where == "thân"), None)
    # Without a tên loại the profile knows (a công văn has none; DANH SÁCH, ĐIỀU LỆ … are not listed)
    # the header ends where the body text starts: the first justified or long paragraph of the body.
    header_end = kind_at if kind_at is not None else next(
        (i for i, p in enumerate(paragraphs[:40]) if i >= 4 and p.where == "thân"
         and (p.align == "justify" or len(plain(p.text)) > 120)), min(len(paragraphs), 12))
    found.header = paragraphs[:header_end]
    capitals: list[Located] = []   # the issuer is the capitalised line just above the "*"
    above_number: list[Located] = []
    for p in found.header:
        for segment in p.segments:
            text = plain(segment.text)
            here = Located(segment, p)
            if not found.party_title and shows(segment.text, title):
                found.party_title = here
                if motto and not found.motto and shows(segment.text, motto):
                    found.motto = here          # Quốc hiệu and Tiêu ngữ in one paragraph, a line break between
            elif motto and not found.motto and shows(segment.text, motto):
                found.motto = here
            elif text == "*" and not found.star:
                found.star = here
                found.issuer = capitals[-1] if capitals else None
            elif words.is_number_line(text) and not found.number:
                found.number = here
                above_number = list(capitals)
            elif not found.date and words.is_date_line(text):
                found.date = here
                above_number = above_number or list(capitals)
            elif _in_capitals(text) and not found.star:
                capitals.append(here)
    if found.issuer is None and capitals:
        # Under a parent agency ("UBND TỈNH …" over "VĂN PHÒNG") the issuer is the last capitals
        # line above the số và ký hiệu (or, when there is none, above the date line); with neither
        # (a text issued with a decision), the last of the first block of capitals lines.
        top = capitals[0].paragraph
        block = [c for c in itertools.takewhile(
            lambda c: (c.paragraph.where, c.paragraph.column) == (top.where, top.column), capitals)
            if not _DRAFT_MARK.match(plain(c.segment.text).upper())] or capitals[:1]
        found.issuer = above_number[-1] if above_number else block[-1]
    index = header_end
    if kind_at is None:
        found.unlisted_kind = _title_like(paragraphs[:header_end + 6], found)
        found.letter = any(starts_bare(segment.text, mark) for p in paragraphs[:header_end + 4]
                           for segment in p.segments for mark in words.text.letter_marks if mark)
    else:
        found.kind = paragraphs[kind_at]
        index = kind_at + 1
        # The trích yếu is centred: a line that is not (a căn cứ, a justified paragraph) ends it.
        while (index < len(paragraphs) and not _separator(paragraphs[index]) and len(found.subject) < 6
               and (not found.subject or (paragraphs[index].align in ("center", None)
                                          and not _after_subject(paragraphs[index], words)))):
            found.subject.append(paragraphs[index])
            index += 1
        if index < len(paragraphs) and _separator(paragraphs[index]):
            found.separator = paragraphs[index]
            index += 1
    addressing = False      # "Kính gửi:" and the addressees listed under it are not the body's text
    for p in paragraphs[index:]:
        first = plain(p.segments[0].text) if p.segments else ""
        if authority.match(first) or starts_bare(first, words.recipients_label) or (
                len(p.segments) > 1 and any(authority.match(plain(s.text)) for s in p.segments)):
            break
        addressing = words.addresses(first) or (addressing and first.startswith(("-", "–", "+")) and len(first) <= 120)
        if p.where == "thân" and (kind_at is not None or found.letter) and not addressing:
            found.body.append(p)   # (without the tên loại, unless a công văn, the body's rules are unknown)
        index += 1
    _signature_block(found, paragraphs[index:], words)
    found.attached = next((Located(p.segments[0], p) for p in paragraphs[:header_end + 10]
                           if p.where != "đầu trang" and p.segments and _ATTACHED.match(bare(p.text))), None)
    return found


# NĐ 30 Phụ lục III: a text issued with a decision carries "(Kèm theo Quyết định số … ngày … của …)"
# under its title, an appendix "(Kèm theo Công văn số …)"; "Ban hành kèm theo", "Phê duyệt kèm theo".
_ATTACHED = re.compile(r"^\(\s*(?:\w+\s+){0,3}KEM THEO\s+(?:QUYET DINH|NGHI QUYET|KE HOACH|CONG VAN|TO TRINH|"
                       r"THONG TU|CHI THI|CHUONG TRINH|BAO CAO|THONG BAO|VAN BAN)\b")


def side(located: Located, text_width: int) -> str | None:
    """The side of the page a part sits on ("left", "right"), whatever put it there: two blocks
    on one line (a tab, a wide run of spaces), a table's first or last column, a frame or text
    box, or a paragraph's alignment and indent; None when the document does not say."""
    para, segment = located.paragraph, located.segment
    others = [s for s in para.segments if s is not segment]
    if others:
        if all(segment.tabs < other.tabs for other in others):
            return "left"
        return "right" if all(segment.tabs > other.tabs for other in others) else None
    if para.column and para.column[1] > 1:
        index, count = para.column
        return "left" if index == 0 else "right" if index == count - 1 else None
    if para.placed:
        return None if para.placed == "centre" else para.placed
    if para.where not in ("thân", "bảng") or segment.tabs or segment.text[:2].isspace():
        return None      # pushed along by a tab or by spaces: only Word's layout knows where
    indent = para.left_indent or 0
    if para.align == "right" or indent > 0.4 * text_width:
        return "right"
    if para.align in ("left", "justify", None) and indent < 0.15 * text_width:
        return "left"
    return None


def _title_like(paragraphs: list[Para], found: Structure) -> Para | None:
    """A line in bold capitals below the issuer, number and date that is none of the header's
    parts, nor in the left block or a data table: how a tên loại is set, whether or not the
    profile lists it ("DANH SÁCH ĐẢNG VIÊN", "PHIẾU TRÌNH")."""
    parts = {id(located.paragraph) for located in (found.party_title, found.motto, found.issuer, found.number,
                                                     found.date) if located}
    after = max((located.paragraph.index for located in (found.issuer, found.number, found.date) if located), default=-1)

    def placed_as_title(p: Para) -> bool:
        left_block, data_table = p.column and p.column[0] == 0 and p.column[1] > 1, p.column and p.column[1] > 2
        return p.align != "justify" and not left_block and not data_table
    return next((p for p in paragraphs if p.index > after and id(p) not in parts and placed_as_title(p)
                 and len(plain(p.text).split()) >= 2 and len(plain(p.text)) <= 80 and _in_capitals(plain(p.text))
                 and p.all("bold")), None)


def _after_subject(paragraph: Para, words: Vocabulary) -> bool:
    """A line that follows the trích yếu, however it is aligned: "Kính gửi:", a decision's authority
    line in capitals, a căn cứ (indented by a tab, or not)."""
    text = plain(paragraph.text)
    return (paragraph.text.startswith("\t") or (_in_capitals(text) and len(text) > 3)
            or words.addresses(text) or any(starts_bare(text, opening) for opening in _OPENINGS))


_OPENINGS = ("Căn cứ", "Theo đề nghị", "Xét đề nghị", "Thực hiện")


def _in_capitals(text: str) -> bool:
    """A line written in capitals (an agency's name, a position), not one of digits and marks."""
    return text == text.upper() and re.search(r"[A-ZĐ]", text) is not None


def _separator(paragraph: Para) -> bool:
    """The mark under the trích yếu: "-----" (Party), a solid line typed as "____", or an empty
    paragraph drawn as a solid line."""
    text = plain(paragraph.text)
    return bool(re.fullmatch(r"-{3,}|_{3,}", text) or (not text and (paragraph.bottom_border or paragraph.has_drawing)))


def _signature_block(found: Structure, tail: list[Para], words: Vocabulary) -> None:
    authority, label = words.authority, words.recipients_label
    signature: list[Located] = []
    recipients: list[Located] = []
    stored = False                        # the storage line ("- Lưu: VT, …") is the last recipient
    for p in _block(tail):
        for segment in (line for part in p.segments for line in _lines(part)):
            text = plain(segment.text)
            if not text:
                continue
            here = Located(segment, p)
            if starts_bare(text, label):      # "Nơi nhận", also typed without diacritics
                found.recipients_label = here
            elif (found.recipients_label and not stored and text.startswith(("-", "–", "+"))
                  and not authority.match(text)):
                recipients.append(here)
                stored = starts_bare(text.lstrip("-–+ "), words.storage_word)
            elif authority.match(text) or signature:
                signature.append(here)
            elif words.text.head_signs_in_person and _in_capitals(text) and len(text) <= 60:
                signature.append(here)
                found.signed_in_person = True
    found.recipients = recipients
    if signature:
        found.authority = None if found.signed_in_person else signature[0]
        rest = signature if found.signed_in_person else signature[1:]
        names = [s for s in rest if plain(s.segment.text) != plain(s.segment.text).upper()]
        positions = [s for s in rest if plain(s.segment.text) == plain(s.segment.text).upper()]
        found.position = positions[0] if positions else None
        found.signer = names[-1] if names else None



# What follows a signature block in the same file: an annex ("PHỤ LỤC", "Phụ lục 1"), or the
# document a decision approves (an "ĐIỀU LỆ" after the Quyết định's signature).
_ANNEX = re.compile(r"^PH[ỤU] L[ỤU]C\b")


def _block(tail: list[Para]) -> list[Para]:
    """The paragraphs of the signature block: up to an annex's heading, and, for a block set in a
    table (the usual two columns of Nơi nhận and signature), up to the first text after the table.
    What comes after (statistics tables, an attached charter) is not signature nor recipients."""
    filled = [p for p in tail if plain(p.text)]
    if not filled:
        return []
    in_table = filled[0].where == "bảng"
    block: list[Para] = []
    for p in tail:
        text = plain(p.text)
        if block and text and (_ANNEX.match(text.upper()) or (in_table and p.where != "bảng")):
            break
        block.append(p)
    return block


def _lines(segment: Segment) -> list[Segment]:
    """A segment's lines: "Nơi nhận:" and its first recipient may share a paragraph, a line break
    between."""
    if "\n" not in segment.text:
        return [segment]
    lines, start = [], 0
    for line in segment.text.split("\n"):
        end = start + len(line)
        lines.append(Segment(line, segment.looks[start:end], segment.tabs))
        start = end + 1
    return lines
