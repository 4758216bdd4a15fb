"""Any .docx → what its reader sees: page setup, headers, and paragraphs split at tabs into
segments, each with its formatting resolved (run → character style → paragraph style chain →
document defaults; theme fonts looked up in the theme).

Tolerant about the mechanism (a header made as a table, with tabs, or in text boxes), careful with
hostile files: sizes are checked before anything is decompressed, XML entities are never expanded.
"""
from __future__ import annotations

import hashlib
import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from lxml import etree

from generator.cache import Kept
from generator.elements import Element
from generator.errors import EXIT_UNREADABLE, ChuongTrinhError, Problem
from generator.i18n import _, number

if TYPE_CHECKING:
    from generator.profiles.profile import Page as PageSetup

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

MAX_FILE = 30_000_000          # bytes on disk
MAX_ENTRIES = 2_000
# What the checker parses, all parts together: five times the XML of the largest real document
# measured (../shared/realdocs: 1.1 MB, 53,000 tags), and what the reader and the rules go through
# in a few seconds whatever its shape (tests/hostile.py). The other parts (pictures, fonts) are
# never inflated.
MAX_XML = 6_000_000            # bytes, counted as they inflate
MAX_TAGS = 250_000             # "<" in those bytes: every element has one
MAX_PARAGRAPHS = 20_000        # in the body and the page headers (the largest real document: 955)
MAX_KEPT_STYLES = 1_000_000    # style sheets larger than this are not kept between documents
MAX_STYLE_DEPTH = 10           # styles based on styles (real sheets: 3 levels at most)
# Paragraphs read kept by their XML, per style sheet: a batch's drafts share most of theirs.
MAX_KEPT_PARAGRAPH = 8_000     # bytes of XML (a draft's longest: 2.8 KB): longer paragraphs are read each time
MAX_KEPT_PARAGRAPHS = 4_000
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)

# A properties element's children by tag (w:rPr, w:pPr of a run, a paragraph or a style).
Props = dict[str, Element]


class UnreadableDocument(ChuongTrinhError):
    """Not a .docx that can be checked."""

    exit_code = EXIT_UNREADABLE


@cache
def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


@dataclass
class Look:
    """Resolved character formatting; None where nothing in the chain says (cannot determine)."""

    font: str | None
    size: float | None
    bold: bool
    italic: bool
    underline: bool
    highlight: bool = False
    raised: bool = False     # superscript or subscript: a mark beside the line (the drafter's initials), not its text


@dataclass
class Segment:
    """Text between tabs in one paragraph, with the looks of its characters."""

    text: str
    looks: list[Look]
    tabs: int = 0          # tabs (or a wide run of spaces) before it in its paragraph: 0 is the first
    # Its looks, each once: the reader shares one Look between characters formatted alike and
    # gives them run by run; worked out from `looks` when not given.
    distinct: list[Look] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.distinct:
            self.distinct = list({id(look): look for look in self.looks}.values())

    def all(self, attribute: str) -> bool:
        """Every letter and digit has it: a hyphen or a space left plain does not show in print."""
        if self.looks and all(getattr(look, attribute) for look in self.distinct):
            return True
        shown = [look for look, ch in zip(self.looks, self.text) if ch.isalnum()] or self.looks
        return bool(shown) and all(getattr(look, attribute) for look in shown)

    def any(self, attribute: str) -> bool:
        """Some character that prints has it: bold set on the spaces left for the number alone
        ("Số:     /BC-UBND") shows nothing."""
        if not any(getattr(look, attribute) for look in self.distinct):
            return False      # the usual case, decided without looking at each character
        shown = [look for look, ch in zip(self.looks, self.text) if not ch.isspace()] or self.looks
        return any(getattr(look, attribute) for look in shown)

    def sizes(self) -> set[float | None]:
        """The sizes of what prints: a run of spaces alone (the trailing spaces of "Nơi nhận:") has
        no size a reader sees, nor a full stop or a raised mark beside letters."""
        every = {look.size for look in self.distinct}
        if len(every) <= 1:
            return every
        # Letters and digits: a full stop a size smaller, or a raised mark, shows no size a reader sees.
        return ({look.size for look, ch in zip(self.looks, self.text) if ch.isalnum() and not look.raised}
                or {look.size for look, ch in zip(self.looks, self.text) if not ch.isspace()} or every)

    def printed_line(self) -> str:
        """The text without a raised mark at its end ("- Lưu: VT, NC." and the drafter's initials
        set in subscript after it)."""
        if len(self.looks) != len(self.text) or not any(look.raised for look in self.distinct):
            return self.text
        end = len(self.text)
        while end and (self.looks[end - 1].raised or self.text[end - 1].isspace()):
            end -= 1
        return self.text[:end] or self.text


@dataclass
class Para:
    """One paragraph as shown: where it is, its text, segments and paragraph formatting."""

    index: int
    where: str                       # "thân", "bảng", "khung chữ", "đầu trang"
    text: str
    segments: list[Segment]
    align: str | None                # left, center, right, justify
    first_line: int | None           # twips (negative: hanging)
    before: int | None
    after: int | None
    line: int | None
    line_rule: str | None
    bottom_border: bool
    top_border: bool                 # a line over the paragraph: how some draw the rule under the line above
    has_drawing: bool
    left_indent: int | None = None   # twips
    column: tuple[int, int] | None = None   # in a table: its cell's place in the row, and the row's cells
    placed: str | None = None        # in a frame or text box: "left", "right" or "centre" of the page

    def all(self, attribute: str) -> bool:
        """Every segment that prints has it ("bold", "italic"): a paragraph of blanks has it too."""
        return all(segment.all(attribute) for segment in self.segments if segment.text.strip())

    def size(self) -> float:
        """The size most of its characters have (13 where nothing says)."""
        sizes = [look.size for segment in self.segments for look in segment.looks if look.size]
        return max(set(sizes), key=sizes.count) if sizes else 13.0

    def lines(self, width: int) -> tuple[int, int]:
        """How many lines it takes in `width` twips, as a (low, high) range: its letters at their
        narrowest and at their widest (LETTER_WIDTHS), each line break starting a line."""
        low, high = (sum(max(1, -(-len(piece) // max(1, int(width / 20 / (self.size() * share)))))
                         for piece in self.text.split("\n")) for share in LETTER_WIDTHS)
        return low, high

    def describe(self) -> str:
        snippet = " ".join(self.text.split())
        snippet = snippet[:40] + ("…" if len(snippet) > 40 else "")
        return _("đoạn {number} \"{text}\"", number=self.index + 1, text=snippet)


@dataclass
class Page:
    width: int | None
    height: int | None
    top: int | None
    bottom: int | None
    left: int | None
    right: int | None
    title_page: bool

    @property
    def landscape(self) -> bool:
        """Laid sideways (wider than high), as a page for a wide table is."""
        return bool(self.width and self.height and self.width > self.height)

    # Where the document says nothing: the page of the default profile (HD 36: A4, its margins).
    @property
    def text_left(self) -> int:
        return self.left or default_page().margin_left

    @property
    def text_width(self) -> int:
        """Twips between the margins."""
        return (self.width or default_page().width) - self.text_left - (self.right or default_page().margin_right)

    @property
    def text_height(self) -> int:
        """Twips between the top and bottom margins."""
        fallback = default_page()
        return ((self.height or fallback.height) - (self.top or fallback.margin_top)
                - (self.bottom or fallback.margin_bottom))


@cache
def default_page() -> PageSetup:
    """The page a document that gives no size or margins is read as: the default profile's (the reader
    reads any .docx, before a profile is chosen for it)."""
    from generator.profiles import load_profile
    return load_profile().page


# A letter's width as a share of the font size: narrow letters and wide ones (measured against
# LibreOffice's page counts of shared/realdocs).
LETTER_WIDTHS = (0.42, 0.55)


@dataclass
class DocView:
    page: Page
    paragraphs: list[Para]
    default_header: list[Para] = field(default_factory=list)
    default_header_fields: str = ""
    first_header: list[Para] = field(default_factory=list)
    first_header_fields: str = ""
    # Breaks that start a new page: explicit page breaks, section breaks inside the body, and the
    # breaks Word recorded where it last laid the text out (whichever count is larger).
    page_breaks: int = 0
    # The pages of the later sections set up otherwise than the first's (an annex turned for a wide
    # table, a last part with its own margins), each with its section's number (2, 3 …), in order.
    later_pages: list[tuple[int, Page]] = field(default_factory=list)

    def pages(self) -> tuple[float, float]:
        """How many pages the document fills, as a (low, high) range. The checker lays nothing
        out, so the body's lines are measured against the page's text area twice: narrow letters
        and tables left out for the low end, wide letters and tables at half their stacked
        height (header and signature tables hold two cells side by side) for the high end. Page
        breaks set a floor; 0.5 means half a page. Measured against LibreOffice's page counts of shared/realdocs."""
        width = self.page.text_width
        area = max(1, self.page.text_height) / 20
        low = high = 0.0
        for para in self.paragraphs:
            size = para.size()
            if para.line_rule == "exact" and para.line:
                line = para.line / 20
            else:
                line = size * (para.line / 240 if para.line_rule in (None, "auto") and para.line else 1.15)
                if para.line_rule == "atLeast" and para.line:
                    line = max(line, para.line / 20)
            spacing = ((para.before or 0) + (para.after or 0)) / 20
            narrow, wide = para.lines(width)
            if para.where == "thân":
                low += narrow * line + spacing
            high += (wide * line + spacing) * (1 if para.where == "thân" else 0.5)
        floor = self.page_breaks + 1 if self.page_breaks else 0
        return max(floor, low / area), max(floor, high / area)


def read_docx(data: bytes, name: str) -> DocView:
    """Check the package, then parse what the checks need; UnreadableDocument when impossible."""
    package = SafePackage(data, name)
    document = package.xml("word/document.xml")
    if document is None:
        raise package.refuse(_("thiếu word/document.xml"))
    resolver = _resolver(package)
    body = document.find(w("body"))
    if body is None:
        raise package.refuse(_("văn bản không có phần thân"))
    # The first section is the first page's: its paper, margins and headers are the document's
    # (a landscape annex in a later section has its own, turned).
    last = body.find(w("sectPr"))
    first = _FIRST_SECTION(body)
    sect = first[0] if first else last
    page = _page(sect)
    view = DocView(page=page, paragraphs=_paragraphs(body, resolver, "thân", page, package.raw("word/document.xml")))
    later = [_page(s) for s in _SECTIONS(body)[1:]] + ([_page(last)] if first and last is not None else [])
    view.later_pages = [(number, p) for number, p in enumerate(later, start=2) if p != page]
    # A page break inside a table cell does not start a page. (Counted by libxml2: no Python
    # object is made for each element looked at.)
    view.page_breaks = max(int(_EXPLICIT_BREAKS(body)), int(_RENDERED_BREAKS(body)))
    rels = package.xml("word/_rels/document.xml.rels")
    targets = {r.get("Id"): r.get("Target") for r in rels} if rels is not None else {}
    # The header of each type that the section names last (a section names one of each; a file
    # that names the same part a thousand times has it read once).
    chosen: dict[str, str] = {}
    named = sect if sect is not None and sect.find(w("headerReference")) is not None else last
    for reference in named.findall(w("headerReference")) if named is not None else ():
        target = targets.get(reference.get(f"{{{R}}}id"), "")
        if target and isinstance(target, str):
            chosen[reference.get(w("type")) or "default"] = "word/" + target.lstrip("/").removeprefix("word/")
    for kind, part in chosen.items():
        header = package.xml(part)
        if header is None:
            continue
        paragraphs, fields = _paragraphs(header, resolver, "đầu trang", None, package.raw(part)), _fields(header)
        if kind == "first":
            view.first_header, view.first_header_fields = paragraphs, fields
        elif kind == "default":
            view.default_header, view.default_header_fields = paragraphs, fields
    return view


class SafePackage:
    """The parts of a .docx that the checker reads, each inflated and parsed at most once.

    Nothing a zip declares about itself is trusted: the bytes of each part are counted as they
    come out of the inflater, against one budget for all the XML the checker parses, and its
    markup tags (each element has at least one) against another, which bounds both the tree lxml
    builds and the walk over it. A part that does not inflate, or whose CRC is wrong, is damaged,
    whichever part it is."""

    def __init__(self, data: bytes, name: str):
        self.name = name
        if len(data) > MAX_FILE:
            raise self.refuse(_("tệp quá lớn ({size} byte)", size=len(data)))
        if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
            raise self.refuse(_("tệp được đặt mật khẩu hoặc là tệp .doc cũ, không phải .docx"))
        try:
            self.package = zipfile.ZipFile(io.BytesIO(data))
            infos = self.package.infolist()
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
            raise self.refuse(_("không phải tệp .docx (gói zip hỏng hoặc sai định dạng)")) from None
        if len(infos) > MAX_ENTRIES:
            raise self.refuse(_("gói zip bất thường (quá nhiều phần)"))
        if any(i.flag_bits & 0x1 for i in infos):
            raise self.refuse(_("tệp được mã hóa"))
        self.parts = {i.filename: i for i in infos}
        self.bytes_left, self.tags_left, self.paragraphs_left = MAX_XML, MAX_TAGS, MAX_PARAGRAPHS
        self._read: dict[str, bytes | None] = {}
        self._parsed: dict[str, object] = {}

    def refuse(self, message: str) -> UnreadableDocument:
        return UnreadableDocument(Problem(_("{file}: không đọc được: {reason}", file=self.name, reason=message)))

    def raw(self, part: str) -> bytes | None:
        """The part's bytes, or None when the package has no such part."""
        if part not in self._read:
            self._read[part] = self._inflate(part) if part in self.parts else None
        return self._read[part]

    def _inflate(self, part: str) -> bytes:
        try:
            with self.package.open(self.parts[part]) as stream:
                data = stream.read(self.bytes_left + 1)
                if len(data) <= self.bytes_left and stream.read(1):
                    data += b"\0"      # more than its central directory says: over the budget
        except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError, NotImplementedError, RuntimeError):
            raise self.refuse(_("phần {part} hỏng", part=part)) from None
        if len(data) > self.bytes_left:
            raise self.refuse(_("các phần XML giải nén ra hơn {limit} MB (quá lớn, có thể là bom zip)",
                                limit=number(MAX_XML // 1_000_000)))
        self.bytes_left -= len(data)
        tags = data.count(b"<")
        if tags > self.tags_left:
            raise self.refuse(_("văn bản có quá nhiều thành phần để kiểm tra (hơn {limit} thẻ XML)",
                                limit=number(MAX_TAGS)))
        self.tags_left -= tags
        return data

    def xml(self, part: str) -> Element | None:
        """The part parsed (entities never expanded), or None when there is no such part."""
        if part not in self._parsed:
            data = self.raw(part)
            try:
                tree = self._parsed[part] = etree.fromstring(data, PARSER) if data is not None else None
            except (etree.XMLSyntaxError, ValueError):
                raise self.refuse(_("phần {part} hỏng", part=part)) from None
            self.paragraphs_left -= int(_COUNT_PARAGRAPHS(tree)) if tree is not None else 0
            if self.paragraphs_left < 0:
                raise self.refuse(_("văn bản có hơn {limit} đoạn, quá dài để kiểm tra",
                                    limit=number(MAX_PARAGRAPHS)))
        return self._parsed[part]


_RESOLVERS: dict[tuple[str, str], _Resolver] = {}


def _resolver(package: SafePackage) -> _Resolver:
    """One resolver per distinct styles and theme: a batch of documents from one reference shares
    it, and with it the formatting already resolved. Kept only for style sheets of the size
    our own references have, so that a long-running process does not keep large foreign ones."""
    styles, theme = package.raw("word/styles.xml"), package.raw("word/theme/theme1.xml")
    key = (hashlib.sha256(styles or b"").hexdigest(), hashlib.sha256(theme or b"").hexdigest())
    if key in _RESOLVERS:
        return _RESOLVERS[key]
    resolver = _Resolver(package.xml("word/styles.xml"), package.xml("word/theme/theme1.xml"))
    if len(styles or b"") + len(theme or b"") <= MAX_KEPT_STYLES:
        if len(_RESOLVERS) >= 8:
            _RESOLVERS.pop(next(iter(_RESOLVERS)))
        _RESOLVERS[key] = resolver
    return resolver


def _fields(root: Element) -> str:
    instructions = [node.text or "" for node in root.iter(w("instrText"))]
    instructions += [node.get(w("instr"), "") for node in root.iter(w("fldSimple"))]
    return " ".join(" ".join(instructions).split())


# A length as OOXML writes it: a number, or (ST_UniversalMeasure) a number and its unit.
_MEASURE = re.compile(r"(-?[0-9]{1,9}(?:\.[0-9]{1,6})?)(mm|cm|in|pt|pc|pi)?")
_TWIPS_PER = {"mm": 1440 / 25.4, "cm": 1440 / 2.54, "in": 1440, "pt": 20, "pc": 240, "pi": 240}
LARGEST_MEASURE = 1_000_000      # twips: a page is 31,680 twips at most
HALF_POINTS_PER_TWIP = 0.1
EMU_PER_TWIP = 635


def _number(text: str | None, per_twip: float = 1, largest: float = LARGEST_MEASURE) -> int | None:
    """The number a document gives (in twips, or in the unit with `per_twip` of them in a twip),
    or None where it gives no number the format allows ("abc", "NaN", "1e999", digits of another
    script) or one beyond any page: the rules then cannot determine, they never crash. Every
    number the reader takes from a document is read here."""
    match = _MEASURE.fullmatch(text) if text is not None else None
    if match is None:
        return None
    number, unit = match.groups()
    result = int(float(number)) if unit is None else round(float(number) * _TWIPS_PER[unit] * per_twip)
    return result if abs(result) <= largest * per_twip else None


def _int(element: Element, attribute: str, per_twip: float = 1) -> int | None:
    return _number(element.get(w(attribute)), per_twip) if element is not None else None


def _page(sect: Element) -> Page:
    size = sect.find(w("pgSz")) if sect is not None else None
    margins = sect.find(w("pgMar")) if sect is not None else None
    title = sect.find(w("titlePg")) if sect is not None else None
    return Page(_int(size, "w"), _int(size, "h"), _int(margins, "top"), _int(margins, "bottom"),
                _int(margins, "left"), _int(margins, "right"),
                title is not None and title.get(w("val"), "1") not in ("0", "false"))


# Tags the reader looks for in every paragraph, made once.
_P, _PPR, _PSTYLE, _FRAME_PR, _R, _RPR, _T, _NO_BREAK_HYPHEN, _BR, _CR, _TAB, _TC, _TEXT_BOX, _DRAWING, _PICT = (
    f"{{{W}}}{tag}" for tag in ("p", "pPr", "pStyle", "framePr", "r", "rPr", "t", "noBreakHyphen", "br", "cr",
                                "tab", "tc", "txbxContent", "drawing", "pict"))
_FALLBACK = f"{{{MC}}}Fallback"
_COUNT_PARAGRAPHS = etree.XPath("count(//w:p)", namespaces={"w": W})
_EXPLICIT_BREAKS = etree.XPath("count(.//w:br[@w:type = 'page'][not(ancestor::w:tc)]) + count(.//w:pPr[w:sectPr])",
                               namespaces={"w": W})
# The first section break of the body (a paragraph's w:sectPr ends each section but the last).
_FIRST_SECTION = etree.XPath("(w:p/w:pPr/w:sectPr)[1]", namespaces={"w": W})
_SECTIONS = etree.XPath("w:p/w:pPr/w:sectPr", namespaces={"w": W})
_RENDERED_BREAKS = etree.XPath("count(.//w:lastRenderedPageBreak)", namespaces={"w": W})
_WALKED = (_P, _TC, _TEXT_BOX, _FALLBACK)
MAX_SEGMENTS = 64      # parts of one paragraph between tabs; more tabs are read as characters


def _paragraphs(root: Element, resolver: _Resolver, where: str, page: Page | None = None,
                raw: bytes | None = None) -> list[Para]:
    """Every paragraph under root in reading order, with where it stands: in the nearest table
    cell (its place in the row), in a text box, or as given. One walk (lxml's, which passes over
    runs and text in C), carrying what lies above: nothing is looked up again for each
    paragraph, however deep or wide the tables. `raw`: the part's bytes, which may give each
    paragraph's own markup (see _paragraph_markup)."""
    markup = _paragraph_markup(raw, root) if raw is not None else None
    paragraphs: list[Para] = []
    met = 0               # the w:p elements met so far, in document order
    boxes: list[Element] = []      # the text boxes the walk is in, innermost last
    cells: list[tuple[tuple[int, int], int]] = []    # (place in its row, text boxes around it)
    rows: dict[int, list[Any]] = {}     # id(a cell's parent) → [the parent, next cell's index, cells]
    fallback = 0          # inside mc:Fallback: the VML copy of a text box already read in its mc:Choice
    for event, element in etree.iterwalk(root, events=("start", "end"), tag=_WALKED):
        tag, start = element.tag, event == "start"
        if tag == _FALLBACK:
            fallback += 1 if start else -1
        elif fallback:
            met += tag == _P and start
            continue
        elif tag == _TEXT_BOX:
            boxes.append(element) if start else boxes.pop()
        elif tag == _TC:
            if start:
                cells.append((_place_in_row(element, rows), len(boxes)))
            else:
                cells.pop()
        elif start:
            met += 1
            box = boxes[-1] if boxes else None
            # A cell outside the innermost text box is not where the paragraph's text stands.
            column = cells[-1][0] if cells and cells[-1][1] == len(boxes) else None
            place = "khung chữ" if box is not None else "bảng" if column is not None else where
            key = markup[met - 1] if markup is not None else ("", etree.tostring(element, with_tail=False))
            para, framed = _paragraph(element, resolver, len(paragraphs), place, key)
            para.column = column
            para.placed = ((_box_side(box, page) if box is not None else None)
                           or (_frame_side(element.find(_PPR), page) if framed else None))
            paragraphs.append(para)
    return paragraphs


# A w:p's start tag (its attributes quoted, as XML requires: a ">" may stand inside them), empty
# or not, and its end tag; w:pPr, w:proofErr … are other tags.
_P_TAG = re.compile(rb"""<w:p((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(/?)>|</w:p\s*>""")


def _paragraph_markup(raw: bytes, root: Element) -> list[tuple[str, bytes]] | None:
    """Each w:p's markup as the part's bytes hold it, in document order, with the namespaces it
    is read in: the paragraph's key among those already read (copying its bytes costs a
    microsecond; serialising its element again, ten). Only where the bytes say plainly where each
    paragraph starts and ends and what its prefixes mean: every namespace declared once, at or
    above `root` (the part's root, or its body), w: the WordprocessingML one; no comment, CDATA
    section, processing instruction or document type that could hide or fake a tag; as many w:p
    tags found as the parser made paragraphs in the part. Otherwise None: each paragraph is then
    serialised (etree.tostring)."""
    if (root.nsmap.get("w") != W or raw.count(b"xmlns") != len(root.nsmap) or b"<!" in raw
            or raw.count(b"<?") > 1):
        return None
    found: list[tuple[str, bytes]] = []
    opened: list[tuple[int, int]] = []        # (the slot in `found`, where its start tag begins)
    context = repr(sorted(root.nsmap.items(), key=lambda item: item[0] or ""))
    for tag in _P_TAG.finditer(raw):
        if tag.group(0).startswith(b"</"):
            if not opened:
                return None
            slot, start = opened.pop()
            found[slot] = (context, raw[start:tag.end()])
        elif tag.group(2):
            found.append((context, tag.group(0)))
        else:
            opened.append((len(found), tag.start()))
            found.append((context, b""))
    return found if not opened and len(found) == int(_COUNT_PARAGRAPHS(root)) else None


def _place_in_row(cell: Element, rows: dict[int, list[Any]]) -> tuple[int, int]:
    """(index, count) of a cell among its row's cells; each row counted once. The row itself is
    held in `rows` so that its id stays its own while the walk goes on."""
    parent = cell.getparent()
    row = rows.get(id(parent))
    if row is None:
        row = rows[id(parent)] = [parent, 0, sum(1 for child in parent if child.tag == _TC)]
    index = row[1]
    row[1] += 1
    return index, row[2]


WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"


def _side_of(centre: float, start: str, page: Page | None) -> str | None:
    """"left", "right" or "centre" for a box whose centre lies `centre` twips from `start` (the
    page's edge, or the margin)."""
    if page is None or not page.width:
        return None
    if start == "page":
        centre -= page.text_left
    share = centre / max(page.text_width, 1)
    return "left" if share < 0.4 else "right" if share > 0.6 else "centre"


def _box_side(content: Element, page: Page | None) -> str | None:
    """Where a text box sits (wp:anchor positionH), or None (inline, or positioned another way)."""
    anchor = next((a for a in content.iterancestors() if a.tag == f"{{{WP}}}anchor"), None)
    if anchor is None:
        return None
    position, extent = anchor.find(f"{{{WP}}}positionH"), anchor.find(f"{{{WP}}}extent")
    if position is None:
        return None
    align, offset = position.find(f"{{{WP}}}align"), position.find(f"{{{WP}}}posOffset")
    if align is not None and align.text in ("left", "right"):
        return str(align.text)
    if align is not None and align.text == "center":
        return "centre"
    width = (_number(extent.get("cx"), EMU_PER_TWIP) if extent is not None else 0) or 0
    start = _number(offset.text, EMU_PER_TWIP) if offset is not None else None
    if start is None:
        return None
    return _side_of((start + width / 2) / EMU_PER_TWIP, "page" if position.get("relativeFrom") == "page" else "margin",
                    page)


def _frame_side(ppr: Element, page: Page | None) -> str | None:
    """Where a framed paragraph (its w:pPr's w:framePr) sits, or None (not framed, or not said)."""
    frame = ppr.find(_FRAME_PR) if ppr is not None else None
    if frame is None:
        return None
    align = frame.get(w("xAlign"))
    if align in ("left", "right"):
        return str(align)
    if align == "center":
        return "centre"
    x, width = _int(frame, "x"), _int(frame, "w")
    if x is None:
        return None
    return _side_of(x + (width or 0) / 2, "page" if frame.get(w("hAnchor")) == "page" else "margin", page)


def _paragraph(p: Element, resolver: _Resolver, index: int, where: str, key: tuple[str, bytes]) -> tuple[Para, bool]:
    """A paragraph's own text (not that of the text boxes anchored in it, which are paragraphs
    of their own), split at its tabs.

    What a paragraph reads as depends only on its markup and the styles: the resolver keeps it by
    the paragraph's XML, and a paragraph met again (a batch of drafts shares most of its body:
    634 distinct paragraphs among the 5,439 of the 63 provinces) is read once. Each Para gets
    segments of its own; the looks they list are shared, never changed. `key`: the paragraph's
    markup, and the namespaces it is read in (see _paragraph_markup). Also whether it is framed
    (w:framePr: where it stands depends on the page)."""
    read = resolver.read_paragraphs.get(key)
    if read is None:
        read = _read_paragraph(p, p.find(_PPR), resolver)
        if len(key[1]) <= MAX_KEPT_PARAGRAPH:
            resolver.read_paragraphs.keep(key, read)
    text, segments, properties, has_drawing, framed = read
    return Para(index, where, text, [Segment(s.text, s.looks, s.tabs, s.distinct) for s in segments],
                **properties, has_drawing=has_drawing), framed


Read = tuple[str, list["Segment"], dict[str, Any], bool, bool]


def _read_paragraph(p: Element, ppr: Element, resolver: _Resolver) -> Read:
    """A paragraph's text, its segments, its paragraph properties, whether it holds a drawing and
    whether it is framed."""
    style = resolver.paragraph_style(ppr)
    segments: list[Segment] = []
    text: list[str] = []
    current: list[str] = []
    looks: list[Look] = []
    shown: dict[int, Look] = {}
    boxes = 0
    for event, run in etree.iterwalk(p, events=("start", "end"), tag=(_R, _TEXT_BOX)):
        if run.tag == _TEXT_BOX:
            boxes += 1 if event == "start" else -1
            continue
        if event == "end" or boxes or run.getparent().tag == _RPR:
            continue
        look = resolver.look(run, style)
        for child in run:
            tag = child.tag
            if tag == _T:
                chars = child.text or ""
            elif tag == _NO_BREAK_HYPHEN:
                chars = "-"
            elif tag in (_BR, _CR):
                chars = "\n"
            elif tag == _TAB and len(segments) < MAX_SEGMENTS - 1:
                segments.append(Segment("".join(current), looks, len(segments), list(shown.values())))
                current, looks, shown = [], [], {}
                text.append("\t")
                continue
            elif tag == _TAB:
                chars = "\t"
            else:
                continue
            current.append(chars)
            looks.extend([look] * len(chars))
            if chars:
                shown[id(look)] = look
            text.append(chars)
    segments.append(Segment("".join(current), looks, len(segments), list(shown.values())))
    if len(segments) < MAX_SEGMENTS:
        segments = [piece for segment in segments for piece in _spaced_apart(segment)]
    return ("".join(text), [s for s in segments if s.text.strip()] or segments[:1],
            resolver.paragraph_properties(ppr, style), next(p.iter(_DRAWING, _PICT), None) is not None,
            ppr is not None and ppr.find(_FRAME_PR) is not None)


# Two blocks set side by side with spaces instead of a tab ("Số: …/UBND-NC      Lâm Đồng, ngày …"):
# a long run of spaces before a capital letter. Only from the run's first space, and without
# giving any back: a run of spaces not followed by a capital is passed over once, not once for
# each of its spaces.
_SPACED_APART = re.compile(r"(?<! ) {6,}+(?=[A-ZĐÀ-ỸĂÂÊÔƠƯ])")


def _spaced_apart(segment: Segment) -> list[Segment]:
    pieces: list[Segment] = []
    start = 0
    for gap in _SPACED_APART.finditer(segment.text):
        if segment.text[start:gap.start()].strip():
            pieces.append(Segment(segment.text[start:gap.start()], segment.looks[start:gap.start()],
                                  segment.tabs + len(pieces)))
            start = gap.end()
    if not pieces:
        return [segment]
    pieces.append(Segment(segment.text[start:], segment.looks[start:], segment.tabs + len(pieces)))
    return pieces


def _shape(properties: Element) -> tuple[Any, ...]:
    """What a w:rPr or w:pPr says, as a key: its elements with their attributes, nested."""
    if properties is None:
        return ()
    return tuple((child.tag, tuple(child.attrib.items()), _shape(child) if len(child) else ()) for child in properties)


def _children(element: Element) -> Props:
    """An element's children by tag, the first of each (as find() would give): one pass over
    them, then lookups in a dict instead of a search of the children for each property."""
    found: Props = {}
    if element is not None:
        for child in element:
            found.setdefault(child.tag, child)
    return found


def _toggle(sources: list[Props], tag: str) -> bool:
    for rpr in sources:
        element = rpr.get(tag)
        if element is not None:
            return element.get(_VAL, "1") not in ("0", "false", "off")
    return False


def _raised(sources: list[Props]) -> bool:
    for rpr in sources:
        element = rpr.get(_VERT_ALIGN)
        if element is not None:
            return element.get(_VAL) in ("superscript", "subscript")
    return False


def _underline(sources: list[Props]) -> bool:
    for rpr in sources:
        element = rpr.get(_UNDERLINE)
        if element is not None:
            return element.get(_VAL, "single") not in ("none", "0", "false")
    return False


_RSTYLE, _VAL, _HIGHLIGHT, _SHADING, _RFONTS, _SIZE, _BOLD, _ITALIC, _UNDERLINE, _BASED_ON, _VERT_ALIGN = (
    f"{{{W}}}{tag}" for tag in ("rStyle", "val", "highlight", "shd", "rFonts", "sz", "b", "i", "u", "basedOn",
                                "vertAlign"))
_JC, _IND, _SPACING, _BORDERS, _BOTTOM, _TOP = (f"{{{W}}}{tag}" for tag in ("jc", "ind", "spacing", "pBdr", "bottom", "top"))


class _Resolver:
    """Style inheritance as Word applies it, reduced to what the rules read."""

    def __init__(self, styles: Element | None, theme: Element | None) -> None:
        self._chains: dict[str | None, list[Element]] = {}
        # Runs and paragraphs formatted alike resolve alike: one resolution per distinct
        # (style, direct formatting), most documents have a few dozen.
        self._looks: dict[tuple[Any, ...], Look] = {}
        self._rpr_chains: dict[str | None, list[Props]] = {}
        self._ppr_chains: dict[str | None, list[Props]] = {}
        self._paragraph_properties: dict[tuple[Any, ...], dict[str, Any]] = {}
        self.read_paragraphs: Kept[tuple[str, bytes], Read] = Kept(MAX_KEPT_PARAGRAPHS)
        self.styles = {}
        self.based_on: dict[str, str] = {}
        self.default_paragraph = None
        self.defaults_r: Props = {}
        self.defaults_p: Props = {}
        if styles is not None:
            for style in styles.findall(w("style")):
                self.styles[style.get(w("styleId"))] = style
                based = style.find(_BASED_ON)
                if based is not None:
                    self.based_on[style.get(w("styleId"))] = based.get(_VAL)
                if style.get(w("type")) == "paragraph" and style.get(w("default")) in ("1", "true"):
                    self.default_paragraph = style.get(w("styleId"))
            defaults = styles.find(w("docDefaults"))
            if defaults is not None:
                self.defaults_r = _children(defaults.find(f"{w('rPrDefault')}/{w('rPr')}"))
                self.defaults_p = _children(defaults.find(f"{w('pPrDefault')}/{w('pPr')}"))
        self.theme_fonts = {}
        if theme is not None:
            for kind in ("majorFont", "minorFont"):
                latin = theme.find(f".//{{{A}}}{kind}/{{{A}}}latin")
                if latin is not None:
                    self.theme_fonts["major" if kind == "majorFont" else "minor"] = latin.get("typeface")

    def chain(self, style_id: str | None) -> list[Element]:
        """The style and those it is based on, nearest first, at most MAX_STYLE_DEPTH of them."""
        if style_id in self._chains:
            return self._chains[style_id]
        chain: list[Element] = []
        seen: set[str] = set()
        start = style_id
        while style_id and style_id in self.styles and style_id not in seen and len(chain) < MAX_STYLE_DEPTH:
            seen.add(style_id)
            chain.append(self.styles[style_id])
            style_id = self.based_on.get(style_id)
        self._chains[start] = chain
        return chain

    def paragraph_style(self, ppr: Element) -> str | None:
        """The style a paragraph with this w:pPr (or None) has."""
        ps = ppr.find(_PSTYLE) if ppr is not None else None
        return ps.get(w("val")) if ps is not None else self.default_paragraph

    def look(self, run: Element, paragraph_style: str | None) -> Look:
        rpr = run.find(_RPR)
        key = (paragraph_style, _shape(rpr))
        if key not in self._looks:
            self._looks[key] = self._look(rpr, paragraph_style)
        return self._looks[key]

    def _run_properties(self, style_id: str | None) -> list[Props]:
        """The w:rPr of a style's chain, nearest first, each as its children by tag."""
        if style_id not in self._rpr_chains:
            self._rpr_chains[style_id] = [_children(rpr) for style in self.chain(style_id)
                                          if (rpr := style.find(_RPR)) is not None]
        return self._rpr_chains[style_id]

    def _look(self, rpr: Element, paragraph_style: str | None) -> Look:
        own = _children(rpr) if rpr is not None else {}
        rstyle = own.get(_RSTYLE)
        sources = [own, *(self._run_properties(rstyle.get(_VAL)) if rstyle is not None else ()),
                   *self._run_properties(paragraph_style), self.defaults_r]
        marked = _HIGHLIGHT in own or _SHADING in own
        return Look(self._font(sources), self._size(sources), _toggle(sources, _BOLD), _toggle(sources, _ITALIC),
                    _underline(sources), marked, _raised(sources))

    def _font(self, sources: list[Props]) -> str | None:
        for rpr in sources:
            fonts = rpr.get(_RFONTS)
            if fonts is None:
                continue
            theme = fonts.get(w("asciiTheme"))
            if theme:
                return self.theme_fonts.get("major" if theme.startswith("major") else "minor")
            if fonts.get(w("ascii")):
                return str(fonts.get(w("ascii")))
        return None

    @staticmethod
    def _size(sources: list[Props]) -> float | None:
        for rpr in sources:
            size = rpr.get(_SIZE)
            if size is not None and size.get(_VAL):
                half_points = _int(size, "val", HALF_POINTS_PER_TWIP)
                return half_points / 2 if half_points is not None and half_points > 0 else None
        return None

    def paragraph_properties(self, ppr: Element, style: str | None) -> dict[str, Any]:
        key = (style, _shape(ppr))
        if key not in self._paragraph_properties:
            self._paragraph_properties[key] = self._properties(ppr, style)
        return dict(self._paragraph_properties[key])

    def _paragraph_property_chain(self, style_id: str | None) -> list[Props]:
        """The w:pPr of a style's chain, nearest first, each as its children by tag."""
        if style_id not in self._ppr_chains:
            self._ppr_chains[style_id] = [_children(ppr) for style in self.chain(style_id)
                                          if (ppr := style.find(_PPR)) is not None]
        return self._ppr_chains[style_id]

    def _properties(self, ppr: Element, style: str | None) -> dict[str, Any]:
        sources = [_children(ppr), *self._paragraph_property_chain(style), self.defaults_p]

        def first(tag: str) -> Element | None:
            return next((found for properties in sources if (found := properties.get(tag)) is not None), None)

        jc = first(_JC)
        align = {"both": "justify", "distribute": "justify", "start": "left", "end": "right"}.get(
            jc.get(_VAL), jc.get(_VAL)) if jc is not None else None
        ind = first(_IND)
        first_line = left_indent = None
        if ind is not None:
            left_indent = _int(ind, "left") if ind.get(w("left")) is not None else _int(ind, "start")
            hanging = _int(ind, "hanging")
            first_line = _int(ind, "firstLine") if ind.get(w("firstLine")) is not None else (
                (-hanging if hanging is not None else None) if ind.get(w("hanging")) is not None else 0)
        spacing = [found for properties in sources if (found := properties.get(_SPACING)) is not None]

        def spacing_element(attribute: str) -> Element | None:
            """The nearest w:spacing in the chain that sets `attribute`."""
            return next((e for e in spacing if e.get(w(attribute)) is not None), None)

        def spacing_value(attribute: str) -> str | None:
            element = spacing_element(attribute)
            return element.get(w(attribute)) if element is not None else None

        def as_int(attribute: str) -> int | None:
            return _int(spacing_element(attribute), attribute)

        border = first(_BORDERS)
        bottom = border.find(_BOTTOM) if border is not None else None
        top = border.find(_TOP) if border is not None else None
        return {"align": align, "first_line": first_line, "left_indent": left_indent, "before": as_int("before"),
                "after": as_int("after"), "line": as_int("line"),
                "line_rule": spacing_value("lineRule"),
                "bottom_border": bottom is not None and bottom.get(_VAL) not in ("nil", "none"),
                "top_border": top is not None and top.get(_VAL) not in ("nil", "none")}
