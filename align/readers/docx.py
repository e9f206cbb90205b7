"""Word (.docx) → Document: the body walked in order, so tables stay where they are.

Paragraphs and list items (automatic numbers rendered as labels, `12.`, `(a)`, as the text
version shows them), one unit per table row (cells joined with a tab), footnotes as units
right after the block that refers to them (`<sup>n</sup> …`, references `<sup>n</sup>` in the
text). Headings: Heading/Title styles or an outline level. Page headers and footers are not
part of the body and are never read.
"""
from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from lxml import etree

from ..errors import InputError
from ..model import BODY, HEADING, ITEM, TABLE_ROW, Block, Document
from . import footnote_mark, format_number, join_lines, make_block
from .archive import checked_names, head
from .xmlsafe import check_tree, parse_xml_bytes

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_SKIPPED = {f"{W}del", f"{W}moveFrom", f"{W}txbxContent", f"{W}instrText", f"{W}pPr", f"{W}rPr", MC_FALLBACK}
_CONTAINERS = {f"{W}sdt", f"{W}sdtContent", f"{W}customXml", f"{W}ins", f"{W}moveTo"}


def read(path: str | Path, lang: str) -> Document:
    path = Path(path)
    part = _open(path).part
    reader = _Reader(lang, Numbering(_numbering_root(part)), _Styles(part.styles.element), _footnotes(part, path))
    for block in _blocks(part.element.body):
        reader.block(block)
    if not reader.blocks:
        raise InputError(f"{path}: no text found in the Word document")
    return Document(lang, reader.blocks, str(path))


def _open(path: Path):
    """The package, once the archive passed the zip-bomb checks and its main part is safe XML."""
    checked_names(path)
    try:
        package = docx.Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError, EOFError, etree.XMLSyntaxError, PackageNotFoundError) as err:
        if _strict(path):
            raise InputError(f"{path}: a Word file in Strict Open XML, which align does not read; "
                             "save it as a Word Document (.docx)") from None
        raise InputError(f"{path}: a damaged Word file ({type(err).__name__}: {err})".split("\n")[0]) from None
    check_tree(package.part.element, f"{path}: word/document.xml")
    return package


def _strict(path: Path) -> bool:
    """Saved by Word as 'Strict Open XML Document': the package's relationships in ISO namespaces."""
    try:
        with zipfile.ZipFile(path) as archive:
            return b"http://purl.oclc.org/ooxml/" in head(archive, "_rels/.rels", 1 << 16)
    except (zipfile.BadZipFile, KeyError, OSError):
        return False


def _numbering_root(part) -> etree._Element | None:
    try:
        return part.numbering_part.element
    except (NotImplementedError, KeyError):
        return None


def _footnotes(part, path: Path) -> dict[str, etree._Element]:
    """Footnote id → its <w:footnote> element (separators left out)."""
    for rel in part.rels.values():
        if rel.reltype == RT.FOOTNOTES and not rel.is_external:
            root = parse_xml_bytes(rel.target_part.blob, f"{path}: {rel.target_part.partname.lstrip('/')}")
            return {note.get(f"{W}id"): note for note in root.iter(f"{W}footnote")
                    if note.get(f"{W}type") in (None, "normal")}
    return {}


def _blocks(container: etree._Element):
    """Body-level paragraphs and tables in document order (content controls opened)."""
    for child in container:
        if child.tag in (f"{W}p", f"{W}tbl"):
            yield child
        elif child.tag in _CONTAINERS:
            yield from _blocks(child)


class _Styles:
    """What a paragraph style says: heading or not, inherited list numbering."""

    def __init__(self, root: etree._Element):
        self.by_id = {s.get(f"{W}styleId"): s for s in root.iter(f"{W}style")}
        self._headings: dict[str | None, bool] = {}  # each style's chain walked once: chains can be long
        self._numbering: dict[str | None, etree._Element | None] = {}

    def chain(self, style_id: str | None):
        seen = set()
        while style_id and style_id in self.by_id and style_id not in seen:
            seen.add(style_id)
            style = self.by_id[style_id]
            yield style
            based = style.find(f"{W}basedOn")
            style_id = based.get(f"{W}val") if based is not None else None

    def is_heading(self, style_id: str | None) -> bool:
        if style_id not in self._headings:
            self._headings[style_id] = any(_is_heading_style(style) for style in self.chain(style_id))
        return self._headings[style_id]

    def raised(self, style_id: str | None) -> bool:
        """Does this character style set its text as a superscript?"""
        return any(_val(style.find(f"{W}rPr"), "vertAlign") == "superscript" for style in self.chain(style_id))

    def numbering(self, style_id: str | None) -> etree._Element | None:
        if style_id not in self._numbering:
            found = (style.find(f"{W}pPr/{W}numPr") for style in self.chain(style_id))
            self._numbering[style_id] = next((num_pr for num_pr in found if num_pr is not None), None)
        return self._numbering[style_id]


def _is_heading_style(style: etree._Element) -> bool:
    name = (_val(style, "name") or "").lower()
    return name.startswith("heading") or name == "title" or _outline(style.find(f"{W}pPr"))


@dataclass
class _Text:
    """One paragraph's text being collected, with the footnotes it refers to."""

    parts: list[str] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (footnote id, mark)
    custom_mark: str | None = None  # id of a footnote whose mark is the next text


class _Reader:
    def __init__(self, lang: str, numbering: Numbering, styles: _Styles, notes: dict[str, etree._Element]):
        self.lang, self.numbering, self.styles, self.notes = lang, numbering, styles, notes
        self.blocks: list[Block] = []
        self.note_count = 0
        self.custom: set[str] = set()  # ids of footnotes cited with a custom mark

    def block(self, element: etree._Element) -> None:
        pending: list[tuple[str, str]] = []
        if element.tag == f"{W}tbl":
            for row in element.iter(f"{W}tr"):
                if _nearest(row, f"{W}tbl") is element:
                    self._table_row(row, pending)
        else:
            self._paragraph(element, pending)
        for note_id, mark in pending:
            self._footnote(note_id, mark)

    def _paragraph(self, p: etree._Element, pending: list) -> None:
        text = self._collect(p)
        pending.extend(text.notes)
        p_pr = p.find(f"{W}pPr")
        style_id = _val(p_pr, "pStyle") if p_pr is not None else None
        kind = HEADING if self.styles.is_heading(style_id) or _outline(p_pr) else BODY
        label, bullet = self._label(p_pr, style_id)
        body = "".join(text.parts).replace("\t", " ")
        if bullet and kind == BODY:
            kind = ITEM
        block = make_block(f"{label}{body}" if body.strip() else "", kind)
        if block:
            self.blocks.append(block)

    def _label(self, p_pr: etree._Element | None, style_id: str | None) -> tuple[str, bool]:
        """The automatic number's text (with its separator) and whether it is a bullet."""
        num_pr = p_pr.find(f"{W}numPr") if p_pr is not None else None
        if num_pr is None:
            num_pr = self.styles.numbering(style_id)
        if num_pr is None:
            return "", False
        num_id, level = _val(num_pr, "numId"), _number(_val(num_pr, "ilvl"), 0)
        return self.numbering.next_label(num_id, level)

    def _table_row(self, row: etree._Element, pending: list) -> None:
        cells = []
        for cell in row.iter(f"{W}tc"):
            if _nearest(cell, f"{W}tr") is not row:
                continue
            texts = []
            for p in cell.iter(f"{W}p"):
                text = self._collect(p)
                pending.extend(text.notes)
                texts.append("".join(text.parts).replace("\t", " "))
            cells.append(join_lines("\n".join(texts), self.lang))
        if any(cells):  # empty cells (merged or blank) are left out, as in text exports
            block = make_block("\t".join(cell for cell in cells if cell), TABLE_ROW)
            if block:
                self.blocks.append(block)

    def _footnote(self, note_id: str, mark: str) -> None:
        note = self.notes.get(note_id)
        if note is None:
            return
        texts = ["".join(self._collect(p, in_note=True).parts) for p in note.iter(f"{W}p")]
        body = join_lines("\n".join(texts).replace("\t", " "), self.lang)
        if note_id in self.custom and body.startswith(mark) and body[len(mark):len(mark) + 1] in (" ", ""):
            body = body[len(mark):].lstrip()  # a custom mark is typed in the note too (no footnoteRef)
        block = make_block(f"{footnote_mark(mark)} {body}", "footnote")
        if block:
            self.blocks.append(block)

    def _collect(self, element: etree._Element, in_note: bool = False, text: _Text | None = None) -> _Text:
        """The visible text under `element`, in order; breaks become line breaks."""
        text = text or _Text()
        for child in element:
            tag = child.tag
            if tag in _SKIPPED:
                continue
            if tag == f"{W}t":
                self._add_text(text, child.text or "")
            elif tag == f"{W}tab":
                text.parts.append("\t")
            elif tag in (f"{W}br", f"{W}cr"):
                text.parts.append("\n")
            elif tag == f"{W}noBreakHyphen":
                text.parts.append("-")
            elif tag == f"{W}footnoteReference" and not in_note:
                self._reference(text, child)
            elif tag == f"{W}r" and _hidden(child):
                continue
            elif tag == f"{W}r" and text.custom_mark is None and self._raised_digits(child, text, in_note):
                continue
            else:
                self._collect(child, in_note, text)
        return text

    def _raised_digits(self, run: etree._Element, text: _Text, in_note: bool) -> bool:
        """A run of superscript digits: a footnote mark typed by hand (`<sup>n</sup>`), or, at the
        start of a footnote, the note's own number (dropped: the note's mark is its label)."""
        r_pr = run.find(f"{W}rPr")
        if r_pr is None or run.find(f"{W}footnoteReference") is not None:
            return False
        if _val(r_pr, "vertAlign") != "superscript" and not self.styles.raised(_val(r_pr, "rStyle")) \
                and _number(_val(r_pr, "position"), 0) <= 0:  # raised text (LibreOffice writes <sup> so)
            return False
        value = "".join(t.text or "" for t in run.iter(f"{W}t")).strip()
        if not (value.isdigit() and len(value) <= 3):
            return False
        if not in_note:
            text.parts.append(footnote_mark(value))
        elif "".join(text.parts).strip():
            return False
        return True

    def _add_text(self, text: _Text, value: str) -> None:
        if text.custom_mark is not None:
            self.custom.add(text.custom_mark)
            text.notes.append((text.custom_mark, value.strip()))
            text.parts.append(footnote_mark(value.strip()))
            text.custom_mark = None
        else:
            text.parts.append(value)

    def _reference(self, text: _Text, reference: etree._Element) -> None:
        note_id = reference.get(f"{W}id")
        if reference.get(f"{W}customMarkFollows") in ("1", "true", "on"):
            text.custom_mark = note_id
            return
        self.note_count += 1
        text.notes.append((note_id, str(self.note_count)))
        text.parts.append(footnote_mark(self.note_count))


@dataclass
class _Level:
    start: int
    fmt: str
    text: str
    separator: str  # what Word puts after the number: a tab (rendered as a space), a space, nothing


class Numbering:
    """Automatic list numbers: counters per abstract list, rendered as Word renders `lvlText`."""

    def __init__(self, root: etree._Element | None):
        self.levels: dict[str, dict[int, _Level]] = {}
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}  # numId → (abstractNumId, start overrides)
        self.counters: dict[str, dict[int, int]] = {}
        self.started: set[str] = set()
        if root is not None:
            self._load(root)

    def _load(self, root: etree._Element) -> None:
        for abstract in root.iter(f"{W}abstractNum"):
            levels = {}
            for lvl in abstract.iter(f"{W}lvl"):
                suffix = _val(lvl, "suff") or "tab"
                levels[_number(lvl.get(f"{W}ilvl"), 0)] = _Level(
                    _number(_val(lvl, "start"), 1), _val(lvl, "numFmt") or "decimal", _val(lvl, "lvlText") or "",
                    "" if suffix == "nothing" else " ")
            self.levels[abstract.get(f"{W}abstractNumId")] = levels
        for num in root.iter(f"{W}num"):
            overrides = {_number(o.get(f"{W}ilvl"), 0): _number(_val(o, "startOverride"), 1)
                         for o in num.iter(f"{W}lvlOverride") if _val(o, "startOverride")}
            self.nums[num.get(f"{W}numId")] = (_val(num, "abstractNumId"), overrides)

    def next_label(self, num_id: str | None, level: int) -> tuple[str, bool]:
        """Count one more paragraph at `level` of list `num_id`: (label and separator, is a bullet)."""
        if num_id not in self.nums:
            return "", False
        abstract_id, overrides = self.nums[num_id]
        levels = self.levels.get(abstract_id, {})
        if level not in levels:
            return "", False
        counters = self.counters.setdefault(abstract_id, {})
        if num_id not in self.started:
            self.started.add(num_id)
            for lvl, start in overrides.items():
                counters[lvl] = start - 1
        counters[level] = counters.get(level, levels[level].start - 1) + 1
        for deeper in [k for k in counters if k > level]:
            del counters[deeper]
        spec = levels[level]
        if spec.fmt == "bullet":
            return "", True
        if spec.fmt == "none" or not spec.text:
            return "", False
        label = spec.text
        for k in range(level + 1):
            if f"%{k + 1}" in label and k in levels:
                value = counters.get(k, levels[k].start)
                label = label.replace(f"%{k + 1}", format_number(value, levels[k].fmt))
        separator = "" if label.endswith("、") else spec.separator
        return label + separator, False


_MAX_NUMBER = 32767  # Word's largest list start value


def _number(value: str | None, default: int) -> int:
    """A numbering attribute (ST_DecimalNumber): up to five ASCII digits, at most 32767; else `default`."""
    if value is None or not re.fullmatch(r"\s*\+?[0-9]{1,5}\s*", value):
        return default
    return min(int(value), _MAX_NUMBER)


def _hidden(run: etree._Element) -> bool:
    """A run formatted as hidden text (Word neither shows nor prints it)."""
    vanish = run.find(f"{W}rPr/{W}vanish")
    return vanish is not None and vanish.get(f"{W}val") not in ("0", "false", "off")


def _val(element: etree._Element | None, child: str) -> str | None:
    if element is None:
        return None
    found = element.find(f"{W}{child}")
    return found.get(f"{W}val") if found is not None else None


def _outline(p_pr: etree._Element | None) -> bool:
    level = _val(p_pr, "outlineLvl")
    return _number(level, 9) < 9


def _nearest(element: etree._Element, tag: str) -> etree._Element | None:
    parent = element.getparent()
    while parent is not None and parent.tag != tag:
        parent = parent.getparent()
    return parent
