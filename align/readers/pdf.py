"""PDF → Document, from the text layer's layout (pdfplumber).

Lines are rebuilt from characters (superscript digits become `<sup>n</sup>` footnote marks);
running headers and footers (lines in the top or bottom band that recur on other pages, page
numbers, job numbers, document symbols) are dropped; ruled tables give one unit per row
(cells joined with a tab). Paragraphs break at vertical gaps, font changes and labelled lines,
and continue across a page break when the last line stops mid-sentence. Bold or larger lines
are headings; lines in a smaller font are footnotes. A PDF with no text layer (a scan) is an
`InputError`.
"""
from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
from pdfminer.pdfparser import PDFSyntaxError
from pdfplumber.utils.exceptions import PdfminerException

from ..errors import InputError
from ..model import BODY, FOOTNOTE, HEADING, ITEM, TABLE_ROW, Document, Paragraph
from ..segment.furniture import is_furniture
from ..segment.labels import split_label
from ..segment.paragraphs import starts_lower, stops_mid_sentence
from . import footnote_mark, join_lines, make_paragraph

BAND = 0.1  # share of the page height at the top and bottom where running headers/footers live
PARAGRAPH_GAP = 0.45  # a vertical gap above this share of the font size starts a paragraph
SUPERSCRIPT = 0.85  # characters smaller than this share of their line's font size are raised marks
FULL_LINE = 0.9  # a line reaching this share of the right margin is full (its paragraph may go on)
BULLETS = ("• ", "· ", "- ", "– ", "▪ ", "○ ")
WORD_GAP = 0.1  # a gap between characters wider than this share of the font size is a space


@dataclass
class _Line:
    text: str
    page: int
    top: float
    bottom: float
    size: float
    bold: bool
    height: float  # the page's
    kind: str = BODY
    x1: float = 0.0  # right end
    full: bool = False  # reaches (nearly) the right margin: the paragraph goes on  # TABLE_ROW for a table row, its cells already joined


def read(path: str | Path, lang: str) -> Document:
    pages = _extract(Path(path), lang)
    lines = _drop_furniture(pages)
    if not lines:
        raise InputError(f"{path}: no text in the PDF (a scanned document? run OCR on it first)")
    paragraphs = [p for p in (_paragraph(group, lang) for group in _group(lines, lang)) if p]
    if not paragraphs:
        raise InputError(f"{path}: no text left after removing page furniture")
    return Document(lang, paragraphs, str(path))


def _extract(path: Path, lang: str) -> list[list[_Line]]:
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    try:
        with pdfplumber.open(path) as pdf:
            return [_page_lines(page, k, lang) for k, page in enumerate(pdf.pages)]
    except (PDFSyntaxError, PdfminerException, ValueError, KeyError, TypeError) as err:
        raise InputError(f"{path}: a damaged PDF ({type(err).__name__})") from None


def _page_lines(page, number: int, lang: str) -> list[_Line]:
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]
    lines = [_table_row(row, number, page.height, lang) for t in tables for row in _rows(t)]
    outside = page.filter(lambda obj: obj.get("object_type") != "char" or not _inside(obj, boxes))
    raw = outside.extract_text_lines(return_chars=True, strip=False)
    for line in _attach_superscripts(raw):
        chars = [c for c in line["chars"] if c["text"].strip() and not c["text"].startswith("(cid:")]
        if chars:
            lines.append(_text_line(chars, number, page.height))
    lines = [line for line in lines if line.text.strip()]
    return sorted(lines, key=lambda line: line.top)


def _rows(table) -> list[tuple[float, float, list[str]]]:
    rows = []
    for row, cells in zip(table.rows, table.extract()):
        rows.append((row.bbox[1], row.bbox[3], [c or "" for c in cells]))
    return rows


def _table_row(row: tuple[float, float, list[str]], number: int, height: float, lang: str) -> _Line:
    top, bottom, cells = row
    text = "\t".join(c for c in (join_lines(cell, lang) for cell in cells) if c)
    return _Line(text, number, top, bottom, 0.0, False, height, TABLE_ROW)


def _inside(obj: dict, boxes: list[tuple[float, float, float, float]]) -> bool:
    x, y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)


def _attach_superscripts(raw: list[dict]) -> list[dict]:
    """Lines made only of small raised characters (footnote marks) join the line they sit on."""
    out: list[dict] = []
    for k, line in enumerate(raw):
        following = raw[k + 1] if k + 1 < len(raw) else None
        if following and _only_marks(line, following) and line["bottom"] > following["top"]:
            following["chars"] = line["chars"] + following["chars"]
            continue
        out.append(line)
    return out


def _only_marks(line: dict, below: dict) -> bool:
    size = _main_size(below["chars"])
    return all(c["size"] < SUPERSCRIPT * size and (c["text"].isdigit() or not c["text"].strip())
               for c in line["chars"])


def _main_size(chars: list[dict]) -> float:
    return Counter(round(c["size"], 1) for c in chars if c["text"].strip()).most_common(1)[0][0]


def _text_line(chars: list[dict], number: int, height: float) -> _Line:
    size = _main_size(chars)
    chars = sorted(chars, key=lambda c: c["x0"])
    parts: list[str] = []
    previous = None
    for char in chars:
        raised = char["size"] < SUPERSCRIPT * size and char["text"].isdigit()
        if previous is not None and char["x0"] - previous["x1"] > WORD_GAP * size and parts[-1:] != [" "]:
            parts.append(" ")
        parts.append(f"\x01{char['text']}\x02" if raised else char["text"])
        previous = char
    text = re.sub(r"\x01(\d+)\x02", lambda m: footnote_mark(m.group(1)), "".join(parts).replace("\x02\x01", ""))
    body = [c for c in chars if c["text"].strip() and round(c["size"], 1) == size]
    bold = sum("bold" in c["fontname"].lower() for c in body) > 0.8 * len(body)
    top = min(c["top"] for c in chars if c["size"] >= SUPERSCRIPT * size)
    bottom = max(c["bottom"] for c in chars)
    right = max(c["x1"] for c in chars)
    return _Line(re.sub(r"\s+", " ", text).strip(), number, top, bottom, size, bold, height, BODY, right)


def _drop_furniture(pages: list[list[_Line]]) -> list[_Line]:
    """All content lines in order, without running headers/footers and page furniture."""
    recurring = Counter(_shape(line) for page in pages for line in page if _in_band(line))
    threshold = max(2, len(pages) // 2)
    kept = []
    for page in pages:
        for line in page:
            if line.kind == TABLE_ROW:
                kept.append(line)
            elif not is_furniture(line.text) and not (_in_band(line) and recurring[_shape(line)] >= threshold):
                kept.append(line)
    return kept


def _in_band(line: _Line) -> bool:
    return line.kind != TABLE_ROW and (line.top < BAND * line.height or line.bottom > (1 - BAND) * line.height)


def _shape(line: _Line) -> str:
    return re.sub(r"\d+", "#", line.text)


def _group(lines: list[_Line], lang: str) -> list[list[_Line]]:
    body_size = statistics.mode(round(line.size, 1) for line in lines if line.kind != TABLE_ROW) if any(
        line.kind != TABLE_ROW for line in lines) else 0.0
    margins: dict[int, float] = {}
    for line in lines:
        margins[line.page] = max(margins.get(line.page, 0.0), line.x1)
    for line in lines:
        if line.kind != TABLE_ROW:
            line.kind = _kind(line, body_size)
            line.full = line.x1 >= FULL_LINE * margins[line.page]
    groups: list[list[_Line]] = [[lines[0]]]
    for prev, line in zip(lines, lines[1:]):
        if _continues(prev, line, lang):
            groups[-1].append(line)
        else:
            groups.append([line])
    return groups


def _kind(line: _Line, body_size: float) -> str:
    if line.size < 0.9 * body_size:
        return FOOTNOTE
    if line.bold or line.size > 1.1 * body_size:
        return HEADING
    return BODY


def _continues(prev: _Line, line: _Line, lang: str) -> bool:
    if TABLE_ROW in (prev.kind, line.kind) or prev.kind != line.kind:
        return False
    if _starts_new(line):
        return False
    if line.page != prev.page:
        unfinished = stops_mid_sentence(prev.text)
        return prev.full and (unfinished or starts_lower(line.text, lang))
    return line.top - prev.bottom < PARAGRAPH_GAP * line.size


def _starts_new(line: _Line) -> bool:
    if line.kind == FOOTNOTE:
        return line.text.startswith(("<sup>", *"0123456789"))
    return bool(split_label(line.text)[0]) or line.text.startswith(BULLETS)


def _paragraph(group: list[_Line], lang: str) -> Paragraph | None:
    text, kind = "\n".join(line.text for line in group), group[0].kind
    if kind == BODY and text.startswith(BULLETS):
        text, kind = text[2:], ITEM
    return make_paragraph(text, lang, kind)
