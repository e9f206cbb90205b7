"""OpenDocument text (.odt, LibreOffice Writer) → Document, from content.xml and styles.xml.

Read like a Word file: headings (`text:h`), paragraphs, list items with their automatic
numbers rendered from the list style (`12.`, `(a)`, `一.`), one unit per table row (cells joined
with a tab), footnotes as units right after the block that cites them (`<sup>n</sup> …`, the
citation `<sup>n</sup>` in the text), raised digits as footnote marks. Page headers and
footers live in styles.xml and are never read. The XML is parsed without entities, DTDs or
network access, after the archive checks every container gets (`readers.archive`).
"""
from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ..errors import InputError
from ..model import BODY, FOOTNOTE, HEADING, ITEM, TABLE_ROW, Block, Document
from . import LETTER_FORMATS, footnote_mark, format_number, join_lines, make_block
from .archive import checked_names
from .xmlsafe import parse_xml_bytes

TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
_SKIPPED = {f"{TEXT}tracked-changes", f"{TEXT}sequence-decls", f"{TEXT}bookmark-ref", f"{OFFICE}annotation",
            f"{TEXT}table-of-content", f"{TEXT}soft-page-break"}

def read(path: str | Path, lang: str) -> Document:
    path = Path(path)
    content, styles = _members(path)
    reader = _Reader(lang, ListStyles(content, styles), _raised_styles(content, styles))
    text = content.find(f"{OFFICE}body/{OFFICE}text")
    if text is not None:
        reader.container(text)
    if not reader.blocks:
        raise InputError(f"{path}: no text found in the OpenDocument file")
    return Document(lang, reader.blocks, str(path))


def _members(path: Path) -> tuple[etree._Element, etree._Element | None]:
    """content.xml and styles.xml, once the archive passed the zip-bomb checks, as safe XML."""
    names = checked_names(path)
    if "content.xml" not in names:
        raise InputError(f"{path}: an OpenDocument file without content.xml")
    try:
        with zipfile.ZipFile(path) as archive:
            return tuple(parse_xml_bytes(archive.read(name), f"{path}: {name}") if name in names else None
                         for name in ("content.xml", "styles.xml"))
    except (zipfile.BadZipFile, OSError, RuntimeError) as err:
        raise InputError(f"{path}: a damaged OpenDocument file ({type(err).__name__})") from None


def _styles_named(roots, tag: str):
    for root in roots:
        if root is not None:
            yield from root.iter(tag)


def _raised_styles(content, styles) -> set[str]:
    """Names of text styles that raise their text (superscript)."""
    raised = set()
    for style in _styles_named((content, styles), f"{STYLE}style"):
        props = style.find(f"{STYLE}text-properties")
        position = props.get(f"{STYLE}text-position", "") if props is not None else ""
        if position.startswith("super") or (position[:1].isdigit() and not position.startswith("0")):
            raised.add(style.get(f"{STYLE}name"))
    return raised


@dataclass
class _Level:
    fmt: str  # Word's number format name, or "bullet"
    prefix: str
    suffix: str
    start: int


class ListStyles:
    """List numbering as Writer renders it: a counter per list, continued by `continue-list`/`continue-numbering`."""

    def __init__(self, content, styles):
        self.levels: dict[str, dict[int, _Level]] = {}
        for style in _styles_named((content, styles), f"{TEXT}list-style"):
            levels = {}
            for spec in style:
                level = int(spec.get(f"{TEXT}level", "1"))
                if spec.tag == f"{TEXT}list-level-style-number":
                    fmt = spec.get(f"{STYLE}num-format", "1")
                    fmt = LETTER_FORMATS.get(fmt, "chineseCounting" if fmt.startswith("一") else "decimal" if fmt else "none")
                    levels[level] = _Level(fmt, spec.get(f"{STYLE}num-prefix", ""), spec.get(f"{STYLE}num-suffix", ""),
                                           int(spec.get(f"{TEXT}start-value", "1")))
                elif spec.tag == f"{TEXT}list-level-style-bullet":
                    levels[level] = _Level("bullet", "", "", 1)
            self.levels[style.get(f"{STYLE}name")] = levels
        self.counters: dict[str, list[int]] = {}  # list id → counters by level
        self.last_of_style: dict[str, str] = {}

    def open(self, element: etree._Element, key: str) -> str:
        """The counter a `text:list` element uses (a new one, or the list it continues)."""
        style = element.get(f"{TEXT}style-name", "")
        continued = element.get(f"{TEXT}continue-list")
        if continued in self.counters:
            counter = continued
        elif element.get(f"{TEXT}continue-numbering") == "true" and style in self.last_of_style:
            counter = self.last_of_style[style]
        else:
            counter = key
            self.counters[counter] = []
        if element.get(XML_ID) is not None:
            self.counters[element.get(XML_ID)] = self.counters[counter]
        self.last_of_style[style] = counter
        return counter

    def label(self, counter: str, style: str, level: int, start: str | None) -> tuple[str, bool]:
        """Count one more item at `level`: (its label and a space, is a bullet)."""
        spec = self.levels.get(style, {}).get(level)
        counts = self.counters.setdefault(counter, [])
        while len(counts) < level:
            counts.append(0)
        del counts[level:]
        if spec is None or spec.fmt == "none":
            return "", False
        if spec.fmt == "bullet":
            return "", True
        counts[level - 1] = int(start) if start and start.isdigit() else (counts[level - 1] or spec.start - 1) + 1
        if start is None and counts[level - 1] < spec.start:
            counts[level - 1] = spec.start
        number = format_number(counts[level - 1], spec.fmt)
        label = f"{spec.prefix}{number}{spec.suffix}"
        return label + ("" if label.endswith("、") else " "), False



@dataclass
class _Text:
    parts: list[str] = field(default_factory=list)
    notes: list[tuple[str, etree._Element]] = field(default_factory=list)  # (mark, note body)


class _Reader:
    def __init__(self, lang: str, lists: ListStyles, raised: set[str]):
        self.lang, self.lists, self.raised = lang, lists, raised
        self.blocks: list[Block] = []
        self.list_count = 0

    def container(self, element: etree._Element, level: int = 0) -> None:
        """Blocks under `element` in document order; footnotes right after the block citing them."""
        for child in element:
            tag = child.tag
            if tag in (f"{TEXT}p", f"{TEXT}h"):
                self._block(child, HEADING if tag == f"{TEXT}h" else BODY, "")
            elif tag == f"{TEXT}list":
                self._list(child, level + 1)
            elif tag == f"{TABLE}table":
                self._table(child)
            elif tag in (f"{TEXT}section", f"{TEXT}index-body") or tag.endswith("}table-rows") \
                    or tag.endswith("}table-header-rows"):
                self.container(child, level)

    def _list(self, element: etree._Element, level: int, parent: tuple[str, str] | None = None) -> None:
        """A list's items, numbered; a nested list without a style of its own counts on in its parent's."""
        style = element.get(f"{TEXT}style-name")
        if style is None and parent is not None:
            counter, style = parent
        else:
            self.list_count += 1
            counter, style = self.lists.open(element, f"#{self.list_count}"), style or ""
        for item in element:
            if item.tag not in (f"{TEXT}list-item", f"{TEXT}list-header"):
                continue
            label, bullet = ("", False)
            if item.tag == f"{TEXT}list-item":
                label, bullet = self.lists.label(counter, style, level, item.get(f"{TEXT}start-value"))
            for child in item:
                if child.tag in (f"{TEXT}p", f"{TEXT}h"):
                    kind = HEADING if child.tag == f"{TEXT}h" else ITEM if bullet else BODY
                    self._block(child, kind, label)
                    label = ""  # a second paragraph in the item has no number
                elif child.tag == f"{TEXT}list":
                    self._list(child, level + 1, (counter, style))

    def _block(self, element: etree._Element, kind: str, label: str) -> None:
        text = self._collect(element)
        body = "".join(text.parts).replace("\t", " ")
        block = make_block(f"{label}{body}" if body.strip() else "", kind)
        if block:
            self.blocks.append(block)
        self._notes(text.notes)

    def _table(self, table: etree._Element) -> None:
        for row in table.iter(f"{TABLE}table-row"):
            if _nearest(row, f"{TABLE}table") is not table:
                continue
            cells, notes = [], []
            for cell in row:
                if cell.tag != f"{TABLE}table-cell":
                    continue
                texts = []
                for p in cell.iter(f"{TEXT}p", f"{TEXT}h"):
                    text = self._collect(p)
                    notes += text.notes
                    texts.append("".join(text.parts).replace("\t", " "))
                cells.append(join_lines("\n".join(texts), self.lang))
            if any(cells):
                block = make_block("\t".join(c for c in cells if c), TABLE_ROW)
                if block:
                    self.blocks.append(block)
            self._notes(notes)

    def _notes(self, notes: list[tuple[str, etree._Element]]) -> None:
        for mark, body in notes:
            texts = ["".join(self._collect(p, in_note=True).parts) for p in body.iter(f"{TEXT}p", f"{TEXT}h")]
            text = join_lines("\n".join(texts).replace("\t", " "), self.lang)
            block = make_block(f"{footnote_mark(mark)} {text}", FOOTNOTE)
            if block:
                self.blocks.append(block)

    def _collect(self, element: etree._Element, in_note: bool = False, text: _Text | None = None) -> _Text:
        """The visible text under `element`, in order (line breaks kept, notes cited as marks)."""
        text = text or _Text()
        if element.text:
            text.parts.append(self._raise(element, element.text))
        for child in element:
            tag = child.tag
            if tag == f"{TEXT}s":
                text.parts.append(" " * int(child.get(f"{TEXT}c", "1")))
            elif tag == f"{TEXT}tab":
                text.parts.append("\t")
            elif tag == f"{TEXT}line-break":
                text.parts.append("\n")
            elif tag == f"{TEXT}note":
                citation = child.find(f"{TEXT}note-citation")
                body = child.find(f"{TEXT}note-body")
                mark = (citation.get(f"{TEXT}label") or "".join(citation.itertext())).strip() if citation is not None else ""
                if not in_note and body is not None and mark:
                    text.parts.append(footnote_mark(mark))
                    text.notes.append((mark, body))
            elif tag not in _SKIPPED and not tag.startswith("{urn:oasis:names:tc:opendocument:xmlns:drawing"):
                self._collect(child, in_note, text)
            if child.tail:
                text.parts.append(self._raise(element, child.tail))
        return text

    def _raise(self, element: etree._Element, value: str) -> str:
        """Digits in a superscript span are a footnote mark."""
        if element.tag == f"{TEXT}span" and element.get(f"{TEXT}style-name") in self.raised \
                and re.fullmatch(r"\s*\d{1,3}\s*", value):
            return footnote_mark(value.strip())
        return value


def _nearest(element: etree._Element, tag: str) -> etree._Element | None:
    parent = element.getparent()
    while parent is not None and parent.tag != tag:
        parent = parent.getparent()
    return parent
