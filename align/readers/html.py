"""HTML → Document: block elements are paragraphs, `<br>` a line break, one unit per table row.

Headings are `<h1>`–`<h6>`, bullet list items are items, footnotes are blocks marked as such
(`class="footnote…"`, `role="doc-footnote"`, Word's `id="ftn1"`, or text starting with a
superscript number). Footnote references are kept as `<sup>n</sup>`, as in markdown-like exports.
Page furniture (`<head>`, `<header>`, `<footer>`, `<nav>`, scripts) is skipped.
"""
from __future__ import annotations

import re
from pathlib import Path

import lxml.html
from lxml import etree

from ..errors import InputError
from ..model import BODY, FOOTNOTE, HEADING, ITEM, TABLE_ROW, Block, Document
from . import LETTER_FORMATS, footnote_mark, format_number, join_lines, make_block
from .encoding import decode
from .xmlsafe import html_parser

BLOCKS = frozenset(
    "p div h1 h2 h3 h4 h5 h6 li dt dd blockquote pre address section article aside main "
    "figure figcaption caption center ul ol dl body form fieldset details summary".split())
SKIP = frozenset("head script style noscript template nav header footer button select textarea svg".split())
HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
_FOOTNOTE_ID = re.compile(r"_?ftn\d+$|fn\d+$|footnote-?\d+$", re.I)
_NOTE_REF = re.compile(r"^\[?(\d{1,3})\]?$")
_SOURCE_BREAK = "\u2028"  # a line break in the HTML source: white space, not a `<br>`
_SOURCE_BREAKS = re.compile(r"[ \t]*\u2028[\s\u2028]*")
_WIDE = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")
# The XML declaration (lxml refuses str input that has one) and the doctype, internal subset
# included (the HTML parser would leave `]>` as text), before the first element.
_PROLOG = re.compile(r"^(\s*(?:<\?xml[^>]*>|<!--.*?-->|<!DOCTYPE\s[^\[>]*(?:\[.*?\]\s*)?>))+", re.I | re.S)
_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?([\w-]+)", re.I)


def read(path: str | Path, lang: str) -> Document:
    root = _parse(Path(path), lang)
    body = root.find("body")
    walker = _Walker(lang)
    walker.block(body if body is not None else root, BODY)
    if not walker.blocks:
        raise InputError(f"{path}: no text found in the HTML document")
    return Document(lang, walker.blocks, str(path))


def _parse(path: Path, lang: str) -> etree._Element:
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(f"{path}: cannot read ({err.strerror})") from None
    match = _CHARSET.search(data[:4096])
    try:
        text = data.decode(match.group(1).decode("ascii")) if match else decode(data, lang, str(path))
    except (LookupError, UnicodeDecodeError):
        text = decode(data, lang, str(path))
    text = _PROLOG.sub("", text, count=1)
    parser = html_parser()
    try:
        root = lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as err:
        raise InputError(f"{path}: cannot parse the HTML ({err})") from None
    for error in parser.error_log:  # the parser stops at its limits and keeps what came before
        if error.type_name == "ERR_RESOURCE_LIMIT":
            reason = "elements nested over 256 deep" if "depth" in error.message else "a text or attribute over 10 MB"
            raise InputError(f"{path}: line {error.line}: {reason}, beyond the HTML parser's limits; "
                             f"refusing to read part of the document")
    return root


class _Walker:
    """Walks the tree in document order, collecting inline text until a block boundary."""

    def __init__(self, lang: str):
        self.lang = lang
        self.blocks: list[Block] = []
        self.buffer: list[str] = []

    def block(self, element: etree._Element, kind: str) -> None:
        self.flush(kind)
        kind = _kind(element, kind)
        if element.tag == "table":
            self.table(element)
            return
        self.buffer.append(_list_label(element))
        self.inline_text(element.text)
        for child in element:
            self.node(child, kind)
            self.inline_text(child.tail)
        self.flush(kind)

    def node(self, element: etree._Element, kind: str) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if not tag or tag in SKIP:
            return
        if tag in BLOCKS or tag == "table" or _is_footnote(element):
            self.block(element, kind)
        elif tag == "br":
            self.buffer.append("\n")
        elif _note_reference(element):
            self.buffer.append(footnote_mark(_note_reference(element)))
        else:
            self.inline_text(element.text)
            for child in element:
                self.node(child, kind)
                self.inline_text(child.tail)

    def inline_text(self, text: str | None) -> None:
        if text:
            self.buffer.append(re.sub(r"\s*\n\s*", _SOURCE_BREAK, text))

    def flush(self, kind: str) -> None:
        text = _SOURCE_BREAKS.sub(_render_source_break, "".join(self.buffer))
        block = make_block(text, kind)
        self.buffer = []
        if block:
            self.blocks.append(block)

    def table(self, table: etree._Element) -> None:
        for row in table.iter("tr"):
            if _nearest_table(row) is not table:
                continue  # a nested table's row: part of its cell's text
            cells = [_cell_text(cell, self.lang) for cell in row if cell.tag in ("td", "th")]
            block = make_block("\t".join(cell for cell in cells if cell), TABLE_ROW)
            if block:
                self.blocks.append(block)


def _render_source_break(match: re.Match) -> str:
    """A source line break is a space, except between two wide (CJK) characters (CSS Text 3)."""
    text, start, end = match.string, match.start(), match.end()
    before, after = text[start - 1:start], text[end:end + 1]
    return "" if not before or not after or (_WIDE.match(before) and _WIDE.match(after)) else " "


def _list_label(element: etree._Element) -> str:
    """The number a browser shows before an item of an ordered list (`<ol start type>`, `<li value>`,
    `<ol reversed>`), as the paragraph's label ("3. ", "(b) " is typed, so not here); else ""."""
    parent = element.getparent()
    if element.tag != "li" or parent is None or parent.tag != "ol":
        return ""
    step = -1 if parent.get("reversed") is not None else 1
    items = [child for child in parent if child.tag == "li"]
    value = _integer(parent.get("start"), len(items) if step < 0 else 1)
    for item in items:
        value = _integer(item.get("value"), value)
        if item is element:
            break
        value += step
    return f"{format_number(value, LETTER_FORMATS.get(parent.get('type', '1'), 'decimal'))}. "


def _integer(text: str | None, default: int) -> int:
    return int(text) if text and re.fullmatch(r"\s*-?\d{1,5}\s*", text) else default


def _kind(element: etree._Element, inherited: str) -> str:
    if _is_footnote(element) or inherited == FOOTNOTE:
        return FOOTNOTE
    if element.tag in HEADINGS:
        return HEADING
    if element.tag == "li" and element.getparent() is not None and element.getparent().tag == "ul":
        return ITEM
    return BODY


def _is_footnote(element: etree._Element) -> bool:
    if not isinstance(element.tag, str):
        return False
    classes = element.get("class", "").lower()
    role = element.get("role", "")
    return ("footnote" in classes and "ref" not in classes) or role in ("doc-footnote", "doc-endnote") \
        or bool(_FOOTNOTE_ID.match(element.get("id", "")))


def _note_reference(element: etree._Element) -> str:
    """The footnote number an inline element stands for ('' if it is not a footnote reference)."""
    text = element.text_content().strip()
    match = _NOTE_REF.match(text)
    if not match:
        return ""
    href = element.get("href", "")
    if element.tag == "sup" or "footnote" in element.get("class", "") or re.match(r"#_?ftn|#fn", href):
        return match.group(1)
    return ""


def _cell_text(cell: etree._Element, lang: str) -> str:
    walker = _Walker(lang)
    walker.block(cell, BODY)
    return join_lines("\n".join(p.text.replace("\t", " ") for p in walker.blocks), lang)


def _nearest_table(row: etree._Element) -> etree._Element | None:
    parent = row.getparent()
    while parent is not None and parent.tag != "table":
        parent = parent.getparent()
    return parent
