"""Tables without rules in a PDF text column, found from the layout of its lines.

A table without rules shows only as white space: strips that run down a band of consecutive
lines and that no word of the band crosses, with text on both sides of them on at least two
lines. Such a band is one table (its strips the gaps between cells); a line of running text
crosses the strips and ends it. Rows are separated by gaps wider than the band's line gap (cell
padding, paragraph spacing; a line per row where no gap is wider); each character goes to the
cell its middle falls in. A band whose first cells hold only paragraph labels or bullets is a
list with hanging indents, not a table. Lines at the top of a column that sit inside the cells
of a table below them may continue the last row of the previous column or page (the reader
decides, from what came before).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..segment.labels import split_label

CELL_GAP = 0.5  # a strip between cells is at least this share of the font size wide (a space: ~0.25; cell padding twice ~0.5)
ALIGNED = 2  # lines starting a word at a strip's right edge (or ending one at its left edge) that make it a cell edge
EDGE = 0.5  # how far (points) words on one cell edge may be apart
ROW_GAP = 0.4  # a gap this share of the font size wider than the band's line gap starts a new row

Interval = tuple[float, float]


@dataclass
class Row:
    """One table row: per cell, the characters of each of its lines (top to bottom)."""
    cells: list[list[list[dict]]]
    top: float
    bottom: float
    continued: bool = False  # may continue the last row of the previous column or page
    lines: list[list[dict]] = field(default_factory=list)  # its lines (for reading them as text if it does not)
    layout: tuple[float, ...] = ()  # where its cells after the first start (strips' right ends), from its left edge
    open: tuple[bool, ...] = ()  # per cell: no room was left below its text in the row (it may go on below)


@dataclass
class Table:
    start: int  # index of its first line in the column
    end: int  # one past its last line
    gutters: list[Interval] = field(default_factory=list)
    head: int = 0  # lines at its top that continue a row from the previous column or page


def words(chars: list[dict], gap: float) -> list[Interval]:
    """(x0, x1) of the runs of a line's characters separated by more than `gap`."""
    runs: list[list[float]] = []
    for char in sorted(chars, key=lambda c: c["x0"]):
        if runs and char["x0"] - runs[-1][1] <= gap:
            runs[-1][1] = max(runs[-1][1], char["x1"])
        else:
            runs.append([char["x0"], char["x1"]])
    return [(a, b) for a, b in runs]


def find_tables(lines: list[list[dict]], size: float, word_gap: float) -> list[Table]:
    """The tables without rules among a column's lines (each a list of characters, top to bottom)."""
    boxes = [words(chars, word_gap * size) for chars in lines]
    if not boxes:
        return []
    right = max(line[-1][1] for line in boxes)  # the column's right end: free space up to it is margin
    tables: list[Table] = []
    k = 0
    while k < len(boxes):
        table = _grow(boxes, k, CELL_GAP * size, right)
        if table is None or _is_list(lines[table.start:table.end], table.gutters[0]):
            k += 1
            continue
        if not tables and all(_narrow(table.gutters, boxes[j], 0.0, right) == table.gutters for j in range(table.start)):
            table.start, table.head = 0, table.start  # the column may open inside a row
        tables.append(table)
        k = table.end
    return tables


def _grow(boxes: list[list[Interval]], start: int, width: float, right: float) -> Table | None:
    """The table whose first line is `start`: extended while some strip between its words keeps a
    part at least `width` wide (a strip a line crosses was a wide space, not a gap between cells;
    the free space right of a line's text may still hold strips of later lines); the strips left
    are those with text on both sides on two lines or more, with a cell edge aligned on ALIGNED lines
    or more (left- or right-aligned cells; spaces of justified text fall anywhere), not counting
    lines stretched to the column's width with even spaces (justified running text)."""
    strips = _narrow([(-float("inf"), right)], boxes[start], width, right)
    end = start + 1
    while end < len(boxes):
        narrowed = _narrow(strips, boxes[end], width, right)
        if not _inner(narrowed, right):
            break
        strips, end = narrowed, end + 1
    band = [line for line in boxes[start:end] if not _stretched(line, right)]
    gutters = [g for g in _inner(strips, right)
               if sum(_split_by(line, g) for line in band) >= 2 and _aligned(band, g)]
    first = next((j for j, line in enumerate(boxes[start:end]) if any(_split_by(line, g) for g in gutters)), None)
    if first:  # a table opens with a line across cells: its strips, from there
        return _grow(boxes, start + first, width, right)
    return None if first is None else Table(start, end, gutters)


def _stretched(line: list[Interval], right: float) -> bool:
    """Is it a justified line of running text: to the column's right end, its spaces all alike?"""
    gaps = [b[0] - a[1] for a, b in zip(line, line[1:])]
    return bool(gaps) and line[-1][1] > right - 1 and max(gaps) - min(gaps) < 1


def _inner(strips: list[Interval], right: float) -> list[Interval]:
    return [(a, b) for a, b in strips if a > -float("inf") and b < right]


def _aligned(band: list[list[Interval]], gutter: Interval) -> bool:
    """Do ALIGNED lines or more start a word at the strip's right edge, or end one at its left edge?"""
    starts = sum(any(abs(x0 - gutter[1]) < EDGE for x0, _ in line) for line in band)
    ends = sum(any(abs(x1 - gutter[0]) < EDGE for _, x1 in line) for line in band)
    return max(starts, ends) >= ALIGNED


def _split_by(line: list[Interval], gutter: Interval) -> bool:
    """Has the line text on both sides of the strip?"""
    return line[0][0] < gutter[0] and line[-1][1] > gutter[1]


def _narrow(strips: list[Interval], line: list[Interval], width: float, right: float) -> list[Interval]:
    """The parts of the strips at least `width` wide that the line's words leave free (the part
    reaching the column's right end is kept whatever its width)."""
    out: list[Interval] = []
    for a, b in strips:
        parts = [(a, b)]
        for x0, x1 in line:
            parts = [piece for lo, hi in parts for piece in ((lo, min(hi, x0)), (max(lo, x1), hi)) if piece[1] > piece[0]]
        out.extend(p for p in parts if p[1] - p[0] >= width or p[1] >= right)
    return out


def _is_list(lines: list[list[dict]], gutter: Interval) -> bool:
    """Is every text left of the first strip a paragraph label or a bullet (hanging indents)?"""
    heads = ["".join(c["text"] for c in sorted(chars, key=lambda c: c["x0"]) if c["x1"] <= gutter[0]).strip()
             for chars in lines]
    return all(bool(split_label(f"{head} x")[0]) or (len(head) == 1 and not head.isalnum()) for head in heads if head)


def rows(table: Table, lines: list[list[dict]], size: float) -> list[Row]:
    """The table's lines as rows of cells: a new row after a gap clearly wider than the line gap."""
    band = lines[table.start:table.end]
    tops = [min(c["top"] for c in chars) for chars in band]
    bottoms = [max(c["bottom"] for c in chars) for chars in band]
    gaps = [top - bottom for top, bottom in zip(tops[1:], bottoms)]
    wide = [gap > min(gaps, default=0.0) + ROW_GAP * size for gap in gaps]
    starts = {0, table.head} | {k + 1 for k, w in enumerate(wide) if (w or not any(wide)) and k + 1 > table.head}
    out: list[Row] = []
    for k, chars in enumerate(band):
        if k in starts:
            out.append(Row([[] for _ in range(len(table.gutters) + 1)], tops[k], bottoms[k]))
        row = out[-1]
        row.bottom = bottoms[k]
        for cell in row.cells:
            cell.append([])
        for char in chars:
            row.cells[_cell(char, table.gutters)][-1].append(char)
    out[0].continued = table.head > 0
    out[0].lines = band[:table.head]
    left = min(c["x0"] for chars in band for c in chars)
    for row in out:
        row.layout = tuple(b - left for _, b in table.gutters)
    pitch = min((b - a for a, b in zip(tops, tops[1:]) if b - a > 0), default=size)  # top to top of a line
    for row in out:
        ends = [max((c["bottom"] for line in cell for c in line), default=None) for cell in row.cells]
        row.open = tuple(end is not None and row.bottom - end < 1.5 * pitch for end in ends)
        row.cells = [[line for line in cell if line] for cell in row.cells]
    return out


def _cell(char: dict, gutters: list[Interval]) -> int:
    middle = (char["x0"] + char["x1"]) / 2
    return sum(1 for a, b in gutters if middle > (a + b) / 2)
