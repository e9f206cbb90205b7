"""PDF → Document, from the text layer's layout (pdfplumber).

Lines are rebuilt from characters (superscript digits become `<sup>n</sup>` footnote marks, a
ligature counts once, spaces the layout put inside Chinese are dropped); a page in columns (equal
columns between white strips no body text crosses) is read column by column; running headers and
footers (lines in the top or bottom band that recur on other pages, page numbers, job numbers,
document symbols) are dropped; ruled tables give one unit per row (cells joined with a tab), and
so do tables without rules inside a column (`pdftables`: white strips down a band of lines), a row
going on across a column or page break; text under a footnote rule is footnotes. A
paragraph breaks where the vertical gap is wider than the document's own line gaps say (halfway
to its paragraph gap), where a sentence ends with room left for the next word, at font changes
and labelled lines; it goes on across a page or column break when the last line is full and stops
mid-sentence, also after the footnotes at a page's foot (after a full line closing a sentence a new
paragraph there is a guess the aligner may undo). English hyphenation is undone. Bold or
larger lines are headings; lines in a smaller font are footnotes. A PDF with no text layer (a
scan) is an `InputError`.
"""
from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pdfplumber
from pdfminer.pdfdocument import PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

from ..errors import InputError
from ..model import BODY, FOOTNOTE, HEADING, ITEM, TABLE_ROW, Block, Document
from ..segment.furniture import is_furniture
from ..segment.labels import split_label
from ..segment.paragraphs import (dehyphenate, document_words, ends_sentence, english_words, starts_lower,
                                  stops_mid_sentence)
from . import footnote_mark, join_lines, make_block
from .pdftables import Row, find_tables, rows

BAND = 0.1  # share of the page height at the top and bottom where running headers/footers live
PARAGRAPH_GAP = 0.45  # without a paragraph-gap group: this share of the font size above the line gap
SUPERSCRIPT = 0.85  # characters smaller than this share of their line's font size are raised marks
FULL_LINE = 0.9  # a line reaching this share of the right margin is full (its paragraph may go on)
BULLETS = ("• ", "· ", "- ", "– ", "▪ ", "○ ", "\uf0b7 ", "\uf0a7 ", "\uf0d8 ")  # the last: Symbol/Wingdings bullets
WORD_GAP = 0.1  # a gap between characters wider than this share of the font size is a space
MAX_PAGE_WIDTH = 14400  # points: the largest page PDF allows (200 inches, ISO 32000-1 annex C)
_CJK = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
# In Chinese, a space between two CJK characters or a CJK character and a digit is justification or
# spacing, not text: 6 月 29 日 → 6月29日 (a space beside Latin words and labels stays: DNA 数据库, (a) 会议).
_CJK_SPACE = re.compile(rf"(?<=[{_CJK}]) (?=[{_CJK}0-9])|(?<=[0-9]) (?=[{_CJK}])")


@dataclass
class _Line:
    text: str
    page: int
    top: float
    bottom: float
    size: float
    bold: bool
    height: float  # the page's
    kind: str = BODY  # TABLE_ROW for a table row, its cells already joined
    x1: float = 0.0  # right end
    full: bool = False  # reaches (nearly) the right margin of its column: the paragraph may go on
    column: int = 0  # 0: the left (or only) column, 1: the right one, 2: footnotes across both
    first_word: float = 0.0  # width of the line's first word (points)
    margin: float = 0.0  # right margin of its column
    cells: list[list[str]] = field(default_factory=list)  # a table row without rules: each cell's lines
    continued: bool = False  # such a row that may continue the last row of the previous column or page
    layout: tuple[float, ...] = ()  # such a row's gaps between cells (from the table's left edge)
    open_cells: tuple[bool, ...] = ()  # such a row's cells with no room left below their text (may go on)
    fallback: list["_Line"] = field(default_factory=list)  # a continued row's lines as text, if it does not continue
    guessed: bool = False  # starts a paragraph only by a guess (after a full line ending a sentence, at a break)


def read(path: str | Path, lang: str) -> Document:
    pages = _extract(Path(path), lang)
    lines = _continue_rows(_drop_furniture(pages))
    if not lines:
        raise InputError(f"{path}: no text in the PDF (a scanned document? run OCR on it first)")
    words = document_words(line.text for line in lines if not line.cells) if lang == "en" else set()  # not the words cells broke
    blocks = [b for b in (_block(group, words, lang) for group in _group(lines, lang)) if b]
    if not blocks:
        raise InputError(f"{path}: no text left after removing page furniture")
    return Document(lang, blocks, str(path))


def _extract(path: Path, lang: str) -> list[list[_Line]]:
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    try:
        with pdfplumber.open(path) as pdf:
            return [_page_lines(page, k, lang) for k, page in enumerate(pdf.pages)]
    except (PDFSyntaxError, PdfminerException, MalformedPDFException, ValueError, KeyError, TypeError) as err:
        if isinstance(err, PdfminerException) and err.args and isinstance(err.args[0], PDFPasswordIncorrect):
            raise InputError(f"{path}: a password-protected PDF; remove the password and save it again") from None
        raise InputError(f"{path}: a damaged PDF ({type(err).__name__})") from None


def _page_lines(page, number: int, lang: str) -> list[_Line]:
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]
    lines = [_table_row(row, number, page.height, lang) for t in tables for row in _rows(t)]
    outside = page.filter(lambda obj: obj.get("object_type") != "char" or not _inside(obj, boxes))
    rules = _footnote_rules(page, boxes)
    notes_top = min((top for top, _ in rules), default=float("inf"))
    gutters = _gutters([c for c in outside.chars if c["top"] < notes_top], page.width, page.height, lang)
    count = len(gutters) + 1  # columns; region `count` holds notes across the page
    regions = [(_part(outside, lambda c, k=k: _column(c["x0"], gutters) == k), k) for k in range(count)]
    notes = [c for c in outside.chars if c["top"] >= notes_top]
    if any(c["x1"] > g - 4 and c["x0"] < g + 4 for c in notes for g in gutters):  # notes across the page
        regions = [(_part(outside, lambda c, k=k: c["top"] < notes_top and _column(c["x0"], gutters) == k), k)
                   for k in range(count)] + [(_part(outside, lambda c: c["top"] >= notes_top), count)]
    for region, column in regions:
        column_notes = min((top for top, x0 in rules if column == count or _column(x0, gutters) == column),
                           default=float("inf"))
        raw = [chars for line in _attach_superscripts(region.extract_text_lines(return_chars=True, strip=False))
               if (chars := [c for c in _distinct(line["chars"]) if c["text"].strip() and not c["text"].startswith("(cid:")])]
        body = [chars for chars in raw if min(c["top"] for c in chars) <= column_notes]
        tables = find_tables(body, _main_size([c for chars in body for c in chars]), WORD_GAP) if body else []
        in_table = {k for table in tables for k in range(table.start, table.end)}
        for table in tables:
            lines.extend(_cell_row(row, number, page.height, lang, column) for row in rows(table, body, _main_size(
                [c for chars in body[table.start:table.end] for c in chars])))
        for k, chars in enumerate(raw):
            if k not in in_table:
                lines.append(_text_line(chars, number, page.height, lang, column))
                if lines[-1].top > column_notes:
                    lines[-1].kind = FOOTNOTE
    return sorted((line for line in lines if line.text.strip()), key=lambda line: (line.column, line.top))


def _part(page, keep):
    """The page with only the characters `keep` accepts (other objects stay)."""
    return page.filter(lambda obj: obj.get("object_type") != "char" or keep(obj))


def _footnote_rules(page, boxes: list[tuple[float, float, float, float]]) -> list[tuple[float, float]]:
    """(top, left) of the footnote separators: short horizontal rules in the lower half of the page,
    outside tables. The lines below one, in its column, are footnotes whatever their font size."""
    return [(r["top"], r["x0"]) for r in list(page.lines) + list(page.rects)
            if r["height"] < 2 and 20 < r["width"] < 0.5 * page.width and r["top"] > 0.5 * page.height
            and not _inside(r, boxes)]


def _column(x: float, gutters: list[float]) -> int:
    return sum(1 for g in gutters if x >= g)


def _gutters(chars: list[dict], width: float, height: float, lang: str) -> list[float]:
    """The x of the white strips between text columns, none for a one-column page: strips that no
    body character (outside the header and footer bands) crosses, at least half the font size wide:
    for as many columns as the strips allow down to two, the strips nearest the places that would
    cut the text into equal columns, if they do so and the lines (but the last column's) run up to
    the next strip (columns, not short lines; strips between table cells are left out); failing
    that, two columns with one strip near the middle of the page (a page of tables whose last
    column is short)."""
    body = [c for c in chars if c["text"].strip() and BAND * height < c["top"] < (1 - BAND) * height]
    if len(body) < 50:
        return []
    # the text's extent on the page (text set beyond its edges is cut off there)
    left, right = max(0, int(min(c["x0"] for c in body))), min(int(width), int(max(c["x1"] for c in body)))
    if right > MAX_PAGE_WIDTH:  # a media box from outside: no columns looked for, no table of its width
        return []
    covered = [False] * (right + 2)
    for c in body:
        for x in range(max(0, int(c["x0"])), min(int(c["x1"]) + 1, len(covered))):
            covered[x] = True
    size = statistics.median(c["size"] for c in body)
    runs, start = [], None  # (first free x, width) of the free strips inside the text
    for x in range(left, right + 1):
        if not covered[x]:
            start = x if start is None else start
        elif start is not None:
            runs.append((start, x - start))
            start = None
    strips = [(x, x + run / 2) for x, run in runs if run >= 0.5 * size]
    for count in range(len(strips) + 1, 1, -1):  # columns; strips between table cells aside
        chosen = sorted({min(strips, key=lambda s: abs(s[1] - left - k * (right - left) / count)) for k in range(1, count)})
        if len(chosen) == count - 1 and _columns(body, chosen, [left, right], width, size, lang):
            return [middle for _, middle in chosen]
    middle = [(run, x) for x, run in runs if run >= 0.5 * size and abs(x + run / 2 - width / 2) <= 0.06 * width]
    if not middle:
        return []
    run, x = max(middle)
    return [x + run / 2] if _columns(body, [(x, x + run / 2)], [], width, size, lang) else []


def _columns(body: list[dict], strips: list[tuple[float, float]], frame: list[float], width: float,
             size: float, lang: str) -> bool:
    """Do the strips ((left edge, middle)) cut the text into columns, each with three lines or more,
    their lines full up to the next strip (a fifth of them or more: see `_full_lines`)?
    With the text's `frame` (left, right), the columns must also be of equal width (within 6 % of the
    page) and at least 8 times the font size wide (not table cells)."""
    if frame:
        edges = [frame[0]] + [middle for _, middle in strips] + [frame[1]]
        widths = [b - a for a, b in zip(edges, edges[1:])]
        if max(widths) - min(widths) > 0.06 * width or min(widths) < 8 * size:
            return False
    lines: list[dict[int, list[dict]]] = [{} for _ in range(len(strips) + 1)]  # column → line top → chars
    for c in body:
        lines[_column(c["x0"], [middle for _, middle in strips])].setdefault(round(c["top"]), []).append(c)
    if min(len(column) for column in lines) < 3:
        return False
    return all(_full_lines(column, edge, size, lang) >= max(3.0, 0.2 * len(column))
               for column, (edge, _) in zip(lines, strips)) and not _rows_level(lines)


def _rows_level(lines: list[dict[int, list[dict]]]) -> bool:
    """Do the text blocks of the columns (each: line top → its characters) start level with each
    other, as a table's rows do (four in five of eight or more block starts level with one in
    another column)? Text columns start their paragraphs at unrelated heights."""
    starts = [_block_starts(sorted({round(c["bottom"]) for chars in column.values() for c in chars}))
              for column in lines]
    total = sum(len(own) for own in starts)
    level = sum(1 for k, own in enumerate(starts) for at in own
                if any(abs(at - other) <= 3 for j, theirs in enumerate(starts) if j != k for other in theirs))
    return total >= 8 and level >= 0.8 * total


def _block_starts(bottoms: list[int]) -> list[int]:
    """The lines (by bottom) that start a block: the first, and each more than 1.4 line pitches
    (the median) below the one before."""
    if len(bottoms) < 2:
        return bottoms
    pitch = statistics.median(b - a for a, b in zip(bottoms, bottoms[1:]))
    return [b for k, b in enumerate(bottoms) if k == 0 or b - bottoms[k - 1] > 1.4 * pitch]


def _full_lines(column: dict[int, list[dict]], edge: float, size: float, lang: str) -> int:
    """How many of a column's lines are full: they end within twice the font size of `edge`, or the
    next line's first word would not have fitted after them (a line broken before a long word)."""
    lines = [sorted(column[top], key=lambda c: c["x0"]) for top in sorted(column)]
    ends = [max(c["x1"] for c in chars) for chars in lines]
    return sum(1 for end, below in zip(ends, lines[1:] + [[]])
               if end > edge - 2 * size or below and end + 0.25 * size + _first_word(below, size, lang) > edge)


def _first_word(chars: list[dict], size: float, lang: str) -> float:
    """The width of a line's first word (characters sorted by x; in Chinese, its first character)."""
    if lang == "zh":
        return chars[0]["x1"] - chars[0]["x0"]
    first = next((k for k, c in enumerate(chars[1:], 1) if c["x0"] - chars[k - 1]["x1"] > WORD_GAP * size), len(chars))
    return chars[first - 1]["x1"] - chars[0]["x0"]


def _distinct(chars: list[dict]) -> list[dict]:
    """Each character once (pdfplumber lists a ligature such as `ffi` once per letter it stands for)."""
    seen: set[tuple] = set()
    out = []
    for char in chars:
        key = (char["text"], round(char["x0"], 2), round(char["top"], 2))
        if key not in seen:
            seen.add(key)
            out.append(char)
    return out


def _rows(table) -> list[tuple[float, float, list[str]]]:
    rows = []
    for row, cells in zip(table.rows, table.extract()):
        rows.append((row.bbox[1], row.bbox[3], [c or "" for c in cells]))
    return rows


def _table_row(row: tuple[float, float, list[str]], number: int, height: float, lang: str) -> _Line:
    top, bottom, cells = row
    text = "\t".join(c for c in (join_lines(cell, lang) for cell in cells) if c)
    return _Line(text, number, top, bottom, 0.0, False, height, TABLE_ROW)


def _cell_row(row: Row, number: int, height: float, lang: str, column: int) -> _Line:
    """A row of a table without rules, its cells' lines read like text lines."""
    cells = [[_text_line(chars, number, height, lang, column).text for chars in cell] for cell in row.cells]
    text = "\t".join(" ".join(cell) for cell in cells if cell)
    fallback = [_text_line(chars, number, height, lang, column) for chars in row.lines]
    return _Line(text, number, row.top, row.bottom, 0.0, False, height, TABLE_ROW, column=column, cells=cells,
                 continued=row.continued, layout=row.layout, open_cells=row.open, fallback=fallback)


def _continue_rows(lines: list[_Line]) -> list[_Line]:
    """Rows at the top of a column that continue the last row of the previous column or page (a
    table came last, footnotes aside, whose cells start where theirs do, and they add only to cells
    of that row that had no room left below their text: a cell ending a line or more above the row's
    end is finished) merged into it, cell by cell; the others read as the lines they are."""
    out: list[_Line] = []
    row: _Line | None = None  # the last table row, footnotes aside
    for line in lines:
        if line.continued:
            places = _cell_places(row.layout, line.layout) if row is not None else None
            if places is not None and all(place < len(row.open_cells) and row.open_cells[place]
                                          for place, cell in zip(places, line.cells) if cell):
                row.cells += [[] for _ in range(max(places) + 1 - len(row.cells))]
                still_open = [False] * len(row.cells)
                for place, cell, going_on in zip(places, line.cells, line.open_cells):
                    row.cells[place] = row.cells[place] + cell
                    still_open[place] = going_on
                row.open_cells = tuple(still_open)
                continue
            out.extend(line.fallback)
            continue
        out.append(line)
        if line.kind != FOOTNOTE:
            row = line if line.cells else None
    return out


def _cell_places(previous: tuple[float, ...], layout: tuple[float, ...]) -> list[int] | None:
    """For each cell of a row laid out as `layout`, the cell of a row laid out as `previous` that
    starts at the same place; None when one of them has no such cell."""
    places = [0]
    for start in layout:
        place = next((k + 1 for k, other in enumerate(previous) if abs(start - other) < 3), None)
        if place is None:
            return None
        places.append(place)
    return places


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


def _text_line(chars: list[dict], number: int, height: float, lang: str, column: int) -> _Line:
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
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"(?<=[A-Za-z])\s*[-\u00ad]$", "-", text)  # a hyphen glyph set apart from its word
    if lang == "zh":
        text = _CJK_SPACE.sub("", text)
    return _Line(text, number, top, bottom, size, bold, height, BODY, right, column=column,
                 first_word=_first_word(chars, size, lang))


def _drop_furniture(pages: list[list[_Line]]) -> list[_Line]:
    """All content lines in order, without running headers/footers and page furniture."""
    recurring = Counter(_shape(line) for page in pages for line in page if _in_band(line))
    threshold = max(2, len(pages) // 2)
    kept = []
    for page in pages:
        for line in page:
            if line.kind == TABLE_ROW:
                kept.append(line)
            elif not (_in_band(line) and (is_furniture(line.text) or (
                    recurring[_shape(line)] >= threshold and line.kind != FOOTNOTE))):  # a note may recur
                kept.append(line)
    return kept


def _in_band(line: _Line) -> bool:
    return line.kind != TABLE_ROW and (line.top < BAND * line.height or line.bottom > (1 - BAND) * line.height)


def _shape(line: _Line) -> str:
    return re.sub(r"\d+", "#", line.text)


def _group(lines: list[_Line], lang: str) -> list[list[_Line]]:
    body = [round(line.size, 1) for line in lines if line.kind == BODY]
    body_size = statistics.mode(body) if body else 0.0
    margins = _margins(lines)
    for line in lines:
        if line.kind == TABLE_ROW:
            continue
        if line.kind == BODY:  # FOOTNOTE when below a footnote rule
            line.kind = _kind(line, body_size)
        line.margin = margins[line.page, line.column]
        line.full = line.x1 >= FULL_LINE * line.margin
    limits = _gap_limits(lines, body_size)
    groups: list[list[_Line]] = [[lines[0]]]
    current = groups[0]  # the paragraph the next line may continue
    body: list[_Line] | None = current if lines[0].kind == BODY else None  # the last body paragraph
    for prev, line in zip(lines, lines[1:]):
        if _continues(prev, line, lang, limits):
            current.append(line)
        elif prev.kind == FOOTNOTE and line.kind == BODY and body and not _same_column(body[-1], line) \
                and _continues(body[-1], line, lang, limits):
            current = body  # the text goes on after the footnotes at the foot of the page
            current.append(line)
        else:
            before = body[-1] if prev.kind == FOOTNOTE and line.kind == BODY and body else prev
            line.guessed = _guessed_break(before, line)
            current = [line]
            groups.append(current)
        if line.kind == BODY:
            body = current
    return groups


def _margins(lines: list[_Line]) -> dict[tuple[int, int], float]:
    """(page, column) → its right margin: the commonest right end among its long lines (punctuation
    hanging past the margin and short lines left out)."""
    ends: dict[tuple[int, int], list[float]] = {}
    for line in lines:
        if line.kind != TABLE_ROW:
            ends.setdefault((line.page, line.column), []).append(line.x1)
    margins = {}
    for key, values in ends.items():
        widest = max(values)
        long_ends = Counter(round(x) for x in values if x >= FULL_LINE * widest)
        margins[key] = float(long_ends.most_common(1)[0][0]) if long_ends else widest  # none: all left of x = 0
    return margins


def _gap_limits(lines: list[_Line], body_size: float) -> dict[float, float]:
    """Font size → the vertical gap above which a new paragraph starts, from the document's own gaps.
    The gap between the lines of a paragraph is the body text's commonest gap, scaled to each size;
    the limit lies halfway to the commonest clearly larger gap of that size (between paragraphs),
    or PARAGRAPH_GAP × size above the line gap where no such group exists."""
    gaps: dict[float, Counter] = {}
    for prev, line in zip(lines, lines[1:]):
        if _same_column(prev, line) and TABLE_ROW not in (prev.kind, line.kind) and prev.size == line.size:
            gaps.setdefault(line.size, Counter())[round(2 * max(0.0, line.top - prev.bottom)) / 2] += 1
    if not body_size or body_size not in gaps:  # no body text, or set in a font too small to measure (0.0)
        return {}
    ratio = gaps[body_size].most_common(1)[0][0] / body_size
    limits = {}
    for size, counts in gaps.items():
        line_gap = ratio * size
        wider = [(n, gap) for gap, n in counts.items() if gap > line_gap + 0.4 * size]
        paragraph_gap = max(wider)[1] if wider else None
        limits[size] = (line_gap + paragraph_gap) / 2 if paragraph_gap else line_gap + PARAGRAPH_GAP * size
    return limits


def _same_column(prev: _Line, line: _Line) -> bool:
    return line.page == prev.page and line.column == prev.column and line.top > prev.top


def _kind(line: _Line, body_size: float) -> str:
    if line.size < 0.9 * body_size:
        return FOOTNOTE
    if line.bold or line.size > 1.1 * body_size:
        return HEADING
    return BODY


def _continues(prev: _Line, line: _Line, lang: str, limits: dict[float, float]) -> bool:
    if TABLE_ROW in (prev.kind, line.kind) or prev.kind != line.kind:
        return False
    if _starts_new(line):
        return False
    if not _same_column(prev, line):  # a page or column break
        unfinished = stops_mid_sentence(prev.text)
        if lang == "zh":  # every Chinese line starts as a continuation would: the punctuation decides
            return prev.full and not ends_sentence(prev.text)
        if unfinished and starts_lower(line.text, lang):
            return True
        return prev.full and (unfinished or starts_lower(line.text, lang))
    if ends_sentence(prev.text) and prev.margin - prev.x1 > line.first_word + 0.5 * line.size \
            and not (lang == "en" and starts_lower(line.text, lang)):
        return False  # a sentence ends where the next word would have fitted
    return line.top - prev.bottom < limits.get(line.size, (0.25 + PARAGRAPH_GAP) * line.size)


def _guessed_break(prev: _Line, line: _Line) -> bool:
    """A paragraph that starts at a page or column break after a full line closing a sentence: a guess
    (the paragraph may go on with a new sentence there; the aligner decides)."""
    return (prev.kind == line.kind == BODY and not _same_column(prev, line) and prev.full
            and ends_sentence(prev.text) and not _starts_new(line))


def _starts_new(line: _Line) -> bool:
    if line.kind == FOOTNOTE:
        return line.text.startswith(("<sup>", *"0123456789"))
    return bool(split_label(line.text)[0]) or line.text.startswith(BULLETS)


def _unbreak(lines: list[str], words: set[str]) -> list[str]:
    """A cell's lines with the words an office suite broke without a hyphen to fit a narrow cell
    rejoined (`Transnationa` + `l`): where the two pieces make a word (of the document or English)
    and one of them is no word of the document."""
    out: list[str] = []
    for line in lines:
        head = re.search(r"([A-Za-z]+)$", out[-1]) if out else None
        tail = re.match(r"[A-Za-z]+", line)
        joined = (head.group(1) + tail.group(0)).lower() if head and tail else ""
        if joined and (joined in words or joined in english_words()) \
                and not {head.group(1).lower(), tail.group(0).lower()} <= words:
            out[-1] += line
        else:
            out.append(line)
    return out


def _block(group: list[_Line], words: set[str], lang: str) -> Block | None:
    if group[0].cells:
        return make_block("\t".join(join_lines("\n".join(_unbreak(dehyphenate(cell, words), words)), lang)
                                    for cell in group[0].cells if cell), TABLE_ROW)
    text, kind = "\n".join(dehyphenate([line.text for line in group], words)), group[0].kind
    if kind == BODY and text.startswith(BULLETS):
        text, kind = text[2:], ITEM
    return make_block(text, kind, group[0].guessed)
