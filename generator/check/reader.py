"""Any .docx → what its reader sees: page setup, headers, and paragraphs split at tabs into
segments, each with its formatting resolved (run → character style → paragraph style chain →
document defaults; theme fonts looked up in the theme).

Tolerant about the mechanism (a header made as a table, with tabs, or in text boxes), careful with
hostile files: sizes are checked before anything is decompressed, XML entities are never expanded.
"""
from __future__ import annotations

import io
import re
import zipfile
from functools import lru_cache
from dataclasses import dataclass, field

from lxml import etree

from generator.errors import EXIT_UNREADABLE, ChuongTrinhError, Problem
from generator.i18n import _

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

MAX_FILE = 30_000_000          # bytes on disk
MAX_UNPACKED = 150_000_000     # bytes once decompressed, all parts together
MAX_PART = 60_000_000
MAX_RATIO = 200                # a part that inflates more than this is treated as a bomb
MAX_ENTRIES = 2_000
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)


class UnreadableDocument(ChuongTrinhError):
    """Not a .docx that can be checked."""

    exit_code = EXIT_UNREADABLE


@lru_cache(maxsize=None)
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


@dataclass
class Segment:
    """Text between tabs in one paragraph, with the looks of its characters."""

    text: str
    looks: list[Look]
    tabs: int = 0          # tabs (or a wide run of spaces) before it in its paragraph: 0 is the first
    # Its looks, each once: the reader shares one Look between characters formatted alike and
    # gives them run by run; worked out from `looks` when not given.
    distinct: list[Look] | None = None

    def __post_init__(self) -> None:
        if self.distinct is None:
            self.distinct = list({id(look): look for look in self.looks}.values())

    def all(self, attribute: str) -> bool:
        """Every letter and digit has it: a hyphen or a space left plain does not show in print."""
        if self.looks and all(getattr(look, attribute) for look in self.distinct):
            return True
        shown = [look for look, ch in zip(self.looks, self.text) if ch.isalnum()] or self.looks
        return bool(shown) and all(getattr(look, attribute) for look in shown)

    def any(self, attribute: str) -> bool:
        return any(getattr(look, attribute) for look in self.distinct)

    def sizes(self) -> set[float | None]:
        return {look.size for look in self.distinct}


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

    # Where the document says nothing: an A4 page with HD 36's margins (twips).
    @property
    def text_left(self) -> int:
        return self.left or 1701

    @property
    def text_width(self) -> int:
        """Twips between the margins."""
        return (self.width or 11906) - self.text_left - (self.right or 1134)


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

    def pages(self) -> tuple[float, float]:
        """How many pages the document fills, as a (low, high) range. The checker lays nothing
        out, so the body's lines are measured against the page's text area twice: narrow letters
        and tables left out for the low end, wide letters and tables at half their stacked
        height (header and signature tables hold two cells side by side) for the high end. Page
        breaks set a floor; 0.5 means half a page. Measured against LibreOffice's page counts of shared/realdocs."""
        width = self.page.text_width
        area = max(1, (self.page.height or 16838) - (self.page.top or 1134) - (self.page.bottom or 1134)) / 20
        low = high = 0.0
        for para in self.paragraphs:
            sizes = [look.size for segment in para.segments for look in segment.looks if look.size]
            size = max(set(sizes), key=sizes.count) if sizes else 13.0
            if para.line_rule == "exact" and para.line:
                line = para.line / 20
            else:
                line = size * (para.line / 240 if para.line_rule in (None, "auto") and para.line else 1.15)
                if para.line_rule == "atLeast" and para.line:
                    line = max(line, para.line / 20)
            spacing = ((para.before or 0) + (para.after or 0)) / 20
            for share in (0.42, 0.55):
                per_line = max(1, int(width / 20 / (size * share)))
                lines = sum(max(1, -(-len(piece) // per_line)) for piece in para.text.split("\n"))
                points = lines * line + spacing
                if share == 0.55:
                    high += points if para.where == "thân" else points / 2
                elif para.where == "thân":
                    low += points
        floor = self.page_breaks + 1 if self.page_breaks else 0
        return max(floor, low / area), max(floor, high / area)


def read_docx(data: bytes, name: str) -> DocView:
    """Check the package, then parse what the checks need; UnreadableDocument when impossible."""
    def refuse(message: str) -> UnreadableDocument:
        return UnreadableDocument(Problem(_("{file}: không đọc được: {reason}", file=name, reason=message)))

    if len(data) > MAX_FILE:
        raise refuse(_("tệp quá lớn ({size} byte)", size=len(data)))
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise refuse(_("tệp được đặt mật khẩu hoặc là tệp .doc cũ, không phải .docx"))
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        infos = package.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise refuse(_("không phải tệp .docx (gói zip hỏng hoặc sai định dạng)")) from None
    if len(infos) > MAX_ENTRIES or sum(i.file_size for i in infos) > MAX_UNPACKED or any(
            i.file_size > MAX_PART or (i.file_size > 1_000_000 and i.file_size > MAX_RATIO * max(i.compress_size, 1))
            for i in infos):
        raise refuse(_("gói zip bất thường (quá nhiều phần hoặc nén quá mức, có thể là bom zip)"))
    if any(i.flag_bits & 0x1 for i in infos):
        raise refuse(_("tệp được mã hóa"))
    parts = {i.filename: i for i in infos}

    def raw(part: str) -> bytes | None:
        return package.read(part) if part in parts else None

    def xml(part: str):
        if part not in parts:
            return None
        try:
            return etree.fromstring(package.read(part), PARSER)
        except (etree.XMLSyntaxError, zipfile.BadZipFile, RuntimeError, OSError, ValueError, EOFError):
            raise refuse(_("phần {part} hỏng", part=part)) from None

    document = xml("word/document.xml")
    if document is None:
        raise refuse(_("thiếu word/document.xml"))
    resolver = _resolver(raw("word/styles.xml"), raw("word/theme/theme1.xml"), xml)
    body = document.find(w("body"))
    if body is None:
        raise refuse(_("văn bản không có phần thân"))
    sect = body.find(w("sectPr"))
    page = _page(sect)
    view = DocView(page=page, paragraphs=_paragraphs(body, resolver, "thân", page))
    # A page break inside a table cell does not start a page.
    explicit = sum(1 for br in body.iter(w("br")) if br.get(w("type")) == "page"
                   and not any(a.tag == w("tc") for a in br.iterancestors()))
    explicit += sum(1 for ppr in body.iter(w("pPr")) if ppr.find(w("sectPr")) is not None)
    view.page_breaks = max(explicit, sum(1 for _ in body.iter(w("lastRenderedPageBreak"))))
    rels = xml("word/_rels/document.xml.rels")
    targets = {r.get("Id"): r.get("Target") for r in rels} if rels is not None else {}
    if sect is not None:
        for reference in sect.findall(w("headerReference")):
            target = targets.get(reference.get(f"{{{R}}}id"), "")
            header = xml("word/" + target.lstrip("/").removeprefix("word/")) if target else None
            if header is None:
                continue
            paragraphs = _paragraphs(header, resolver, "đầu trang")
            fields = _fields(header)
            if reference.get(w("type")) == "first":
                view.first_header, view.first_header_fields = paragraphs, fields
            elif reference.get(w("type")) == "default":
                view.default_header, view.default_header_fields = paragraphs, fields
    return view


_RESOLVERS: dict[tuple, _Resolver] = {}


def _resolver(styles: bytes | None, theme: bytes | None, xml) -> _Resolver:
    """One resolver per distinct styles and theme: a batch of documents from one reference shares
    it, and with it the formatting already resolved."""
    key = (styles, theme)
    if key not in _RESOLVERS:
        if len(_RESOLVERS) >= 8:
            _RESOLVERS.pop(next(iter(_RESOLVERS)))
        _RESOLVERS[key] = _Resolver(xml("word/styles.xml"), xml("word/theme/theme1.xml"))
    return _RESOLVERS[key]


def _fields(root) -> str:
    instructions = [node.text or "" for node in root.iter(w("instrText"))]
    instructions += [node.get(w("instr"), "") for node in root.iter(w("fldSimple"))]
    return " ".join(" ".join(instructions).split())


def _int(element, attribute: str) -> int | None:
    if element is None or element.get(w(attribute)) is None:
        return None
    try:
        return int(float(element.get(w(attribute))))
    except (ValueError, OverflowError):     # "abc", "NaN", "inf": cannot determine
        return None


def _page(sect) -> Page:
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


def _paragraphs(root, resolver: _Resolver, where: str, page: Page | None = None) -> list[Para]:
    paragraphs = []
    for p in root.iter(_P):
        place, column, placed, box = where, None, None, None
        for ancestor in p.iterancestors():
            tag = ancestor.tag
            if tag == _FALLBACK:
                break      # the VML copy of a text box already read in its mc:Choice
            if tag == _TEXT_BOX and box is None:
                box = ancestor
            elif tag == _TC and box is None and place != "bảng":
                place = "bảng"
                cells = [cell for cell in ancestor.getparent() if cell.tag == _TC]
                column = (cells.index(ancestor), len(cells))
        else:
            if box is not None:
                place, placed = "khung chữ", _box_side(box, page)
            ppr = p.find(_PPR)
            para = _paragraph(p, ppr, resolver, len(paragraphs), place)
            para.column, para.placed = column, placed or _frame_side(ppr, page)
            paragraphs.append(para)
    return paragraphs


WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
EMU_PER_TWIP = 635


def _side_of(centre: float, start: str, page: Page | None) -> str | None:
    """"left", "right" or "centre" for a box whose centre lies `centre` twips from `start` (the
    page's edge, or the margin)."""
    if page is None or not page.width:
        return None
    if start == "page":
        centre -= page.text_left
    share = centre / max(page.text_width, 1)
    return "left" if share < 0.4 else "right" if share > 0.6 else "centre"


def _box_side(content, page: Page | None) -> str | None:
    """Where a text box sits (wp:anchor positionH), or None (inline, or positioned another way)."""
    anchor = next((a for a in content.iterancestors() if a.tag == f"{{{WP}}}anchor"), None)
    if anchor is None:
        return None
    position, extent = anchor.find(f"{{{WP}}}positionH"), anchor.find(f"{{{WP}}}extent")
    if position is None:
        return None
    align, offset = position.find(f"{{{WP}}}align"), position.find(f"{{{WP}}}posOffset")
    if align is not None and align.text in ("left", "right"):
        return align.text
    if align is not None and align.text == "center":
        return "centre"
    try:
        width = int(extent.get("cx", 0)) if extent is not None else 0
        centre = (int(offset.text) + width / 2) / EMU_PER_TWIP if offset is not None else None
    except (TypeError, ValueError):
        return None
    return _side_of(centre, "page" if position.get("relativeFrom") == "page" else "margin", page) if centre is not None else None


def _frame_side(ppr, page: Page | None) -> str | None:
    """Where a framed paragraph (its w:pPr's w:framePr) sits, or None (not framed, or not said)."""
    frame = ppr.find(_FRAME_PR) if ppr is not None else None
    if frame is None:
        return None
    align = frame.get(w("xAlign"))
    if align in ("left", "right"):
        return align
    if align == "center":
        return "centre"
    x, width = _int(frame, "x"), _int(frame, "w")
    if x is None:
        return None
    return _side_of(x + (width or 0) / 2, "page" if frame.get(w("hAnchor")) == "page" else "margin", page)


def _paragraph(p, ppr, resolver: _Resolver, index: int, where: str) -> Para:
    style = resolver.paragraph_style(ppr)
    segments, text, current, looks, shown = [], [], [], [], {}
    for run in p.iter(_R):
        if run.getparent().tag == _RPR:
            continue
        look = resolver.look(run, style)
        for child in run:
            tag = child.tag
            if tag == _T:
                chars = child.text or ""
            elif tag == _NO_BREAK_HYPHEN:
                chars = "-"
            elif tag == _BR or tag == _CR:
                chars = "\n"
            elif tag == _TAB:
                segments.append(Segment("".join(current), looks, len(segments), list(shown.values())))
                current, looks, shown = [], [], {}
                text.append("\t")
                continue
            else:
                continue
            current.append(chars)
            looks.extend([look] * len(chars))
            if chars:
                shown[id(look)] = look
            text.append(chars)
    segments.append(Segment("".join(current), looks, len(segments), list(shown.values())))
    segments = [piece for segment in segments for piece in _spaced_apart(segment)]
    return Para(index, where, "".join(text),
                [s for s in segments if s.text.strip()] or segments[:1], **resolver.paragraph_properties(ppr, style),
                has_drawing=next(p.iter(_DRAWING, _PICT), None) is not None)


# Two blocks set side by side with spaces instead of a tab ("Số: …/UBND-NC      Lâm Đồng, ngày …"):
# a long run of spaces before a capital letter.
_SPACED_APART = re.compile(r" {6,}(?=[A-ZĐÀ-ỸĂÂÊÔƠƯ])")


def _spaced_apart(segment: Segment) -> list[Segment]:
    pieces, start = [], 0
    for gap in _SPACED_APART.finditer(segment.text):
        if segment.text[start:gap.start()].strip():
            pieces.append(Segment(segment.text[start:gap.start()], segment.looks[start:gap.start()],
                                  segment.tabs + len(pieces)))
            start = gap.end()
    if not pieces:
        return [segment]
    pieces.append(Segment(segment.text[start:], segment.looks[start:], segment.tabs + len(pieces)))
    return pieces


def _shape(properties) -> tuple:
    """What a w:rPr or w:pPr says, as a key: its elements with their attributes, nested."""
    if properties is None:
        return ()
    return tuple((child.tag, tuple(child.attrib.items()), _shape(child) if len(child) else ()) for child in properties)


class _Resolver:
    """Style inheritance as Word applies it, reduced to what the rules read."""

    def __init__(self, styles, theme):
        self._chains: dict[str | None, list] = {}
        # Runs and paragraphs formatted alike resolve alike: one resolution per distinct
        # (style, direct formatting), most documents have a few dozen.
        self._looks: dict[tuple, Look] = {}
        self._paragraph_properties: dict[tuple, dict] = {}
        self.styles = {}
        self.default_paragraph = None
        self.defaults_r = None
        self.defaults_p = None
        if styles is not None:
            for style in styles.findall(w("style")):
                self.styles[style.get(w("styleId"))] = style
                if style.get(w("type")) == "paragraph" and style.get(w("default")) in ("1", "true"):
                    self.default_paragraph = style.get(w("styleId"))
            defaults = styles.find(w("docDefaults"))
            if defaults is not None:
                self.defaults_r = defaults.find(f"{w('rPrDefault')}/{w('rPr')}")
                self.defaults_p = defaults.find(f"{w('pPrDefault')}/{w('pPr')}")
        self.theme_fonts = {}
        if theme is not None:
            for kind in ("majorFont", "minorFont"):
                latin = theme.find(f".//{{{A}}}{kind}/{{{A}}}latin")
                if latin is not None:
                    self.theme_fonts["major" if kind == "majorFont" else "minor"] = latin.get("typeface")

    def chain(self, style_id: str | None) -> list:
        if style_id in self._chains:
            return self._chains[style_id]
        chain, seen, start = [], set(), style_id
        while style_id and style_id in self.styles and style_id not in seen:
            seen.add(style_id)
            style = self.styles[style_id]
            chain.append(style)
            based = style.find(w("basedOn"))
            style_id = based.get(w("val")) if based is not None else None
        self._chains[start] = chain
        return chain

    def paragraph_style(self, ppr) -> str | None:
        """The style a paragraph with this w:pPr (or None) has."""
        ps = ppr.find(_PSTYLE) if ppr is not None else None
        return ps.get(w("val")) if ps is not None else self.default_paragraph

    def look(self, run, paragraph_style: str | None) -> Look:
        rpr = run.find(_RPR)
        key = (paragraph_style, _shape(rpr))
        if key not in self._looks:
            self._looks[key] = self._look(rpr, paragraph_style)
        return self._looks[key]

    def _look(self, rpr, paragraph_style: str | None) -> Look:
        sources = [rpr]
        rstyle = rpr.find(w("rStyle")) if rpr is not None else None
        if rstyle is not None:
            sources += [s.find(w("rPr")) for s in self.chain(rstyle.get(w("val")))]
        sources += [s.find(w("rPr")) for s in self.chain(paragraph_style)]
        sources.append(self.defaults_r)
        sources = [s for s in sources if s is not None]
        marked = rpr is not None and (rpr.find(w("highlight")) is not None or rpr.find(w("shd")) is not None)
        return Look(self._font(sources), self._size(sources), self._toggle(sources, "b"),
                    self._toggle(sources, "i"), self._underline(sources), marked)

    def _font(self, sources) -> str | None:
        for rpr in sources:
            fonts = rpr.find(w("rFonts"))
            if fonts is None:
                continue
            theme = fonts.get(w("asciiTheme"))
            if theme:
                return self.theme_fonts.get("major" if theme.startswith("major") else "minor")
            if fonts.get(w("ascii")):
                return fonts.get(w("ascii"))
        return None

    @staticmethod
    def _size(sources) -> float | None:
        for rpr in sources:
            size = rpr.find(w("sz"))
            if size is not None and size.get(w("val")):
                half_points = _int(size, "val")
                return half_points / 2 if half_points is not None and half_points > 0 else None
        return None

    @staticmethod
    def _toggle(sources, tag: str) -> bool:
        for rpr in sources:
            element = rpr.find(w(tag))
            if element is not None:
                return element.get(w("val"), "1") not in ("0", "false", "off")
        return False

    @staticmethod
    def _underline(sources) -> bool:
        for rpr in sources:
            element = rpr.find(w("u"))
            if element is not None:
                return element.get(w("val"), "single") not in ("none", "0", "false")
        return False

    def paragraph_properties(self, ppr, style: str | None) -> dict:
        key = (style, _shape(ppr))
        if key not in self._paragraph_properties:
            self._paragraph_properties[key] = self._properties(ppr, style)
        return dict(self._paragraph_properties[key])

    def _properties(self, ppr, style: str | None) -> dict:
        sources = [ppr] + [s.find(w("pPr")) for s in self.chain(style)] + [self.defaults_p]
        sources = [s for s in sources if s is not None]

        def first(tag: str):
            for ppr in sources:
                element = ppr.find(w(tag))
                if element is not None:
                    return element
            return None

        jc = first("jc")
        align = {"both": "justify", "distribute": "justify", "start": "left", "end": "right"}.get(
            jc.get(w("val")), jc.get(w("val"))) if jc is not None else None
        ind = first("ind")
        first_line = left_indent = None
        if ind is not None:
            left_indent = _int(ind, "left") if ind.get(w("left")) is not None else _int(ind, "start")
            first_line = _int(ind, "firstLine") if ind.get(w("firstLine")) is not None else (
                -_int(ind, "hanging") if ind.get(w("hanging")) is not None else 0)
        spacing = [ppr.find(w("spacing")) for ppr in sources]

        def spacing_value(attribute: str):
            for element in spacing:
                if element is not None and element.get(w(attribute)) is not None:
                    return element.get(w(attribute))
            return None

        def as_int(value):
            try:
                return int(value) if value is not None else None
            except ValueError:
                return None

        border = first("pBdr")
        bottom = border.find(w("bottom")) if border is not None else None
        top = border.find(w("top")) if border is not None else None
        return {"align": align, "first_line": first_line, "left_indent": left_indent, "before": as_int(spacing_value("before")),
                "after": as_int(spacing_value("after")), "line": as_int(spacing_value("line")),
                "line_rule": spacing_value("lineRule"),
                "bottom_border": bottom is not None and bottom.get(w("val")) not in ("nil", "none"),
                "top_border": top is not None and top.get(w("val")) not in ("nil", "none")}
