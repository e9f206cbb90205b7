"""PDF layout analysis: columns per page from the white strips, tables without rules in a column."""
from __future__ import annotations

from pathlib import Path

import pytest

from align.model import TABLE_ROW
from align.pipeline import read_document
from align.readers import pdf
from align.readers.pdftables import find_tables, rows

SIZE = 10.0
CHAR = 5.0  # width of one synthetic character
SPACE = 2.5  # and of a space


def _line(top: float, *words: tuple[float, str]) -> list[dict]:
    """Characters of one line: each (x, text) run set from x, CHAR wide per character, SPACE per space."""
    chars = []
    for x, text in words:
        for ch in text:
            step = SPACE if ch == " " else CHAR
            if ch != " ":
                chars.append({"text": ch, "x0": x, "x1": x + step, "top": top, "bottom": top + SIZE, "size": SIZE})
            x += step
    return chars


def _text(cell: list[list[dict]]) -> str:
    return " | ".join("".join(c["text"] for c in line) for line in cell)


def test_table_without_rules_is_read_row_by_row() -> None:
    lines = [_line(0, (0, "Running text of the column fills it up")),
             _line(20, (0, "Date and"), (70, "Item"), (120, "Title or")),
             _line(32, (0, "time"), (120, "description")),
             _line(52, (0, "10 a.m."), (70, "1(a)"), (120, "Opening of")),
             _line(64, (120, "the meeting")),
             _line(84, (70, "1(b)"), (120, "Adoption")),
             _line(104, (0, "More running text that crosses every cell")),
             ]
    tables = find_tables(lines, SIZE, 0.1)
    assert [(t.start, t.end, t.head) for t in tables] == [(1, 6, 0)]
    found = rows(tables[0], lines, SIZE)
    assert [[_text(cell) for cell in row.cells] for row in found] == [
        ["Dateand | time", "Item", "Titleor | description"],
        ["10a.m.", "1(a)", "Openingof | themeeting"],
        ["", "1(b)", "Adoption"],
    ]


def test_hanging_indents_and_justified_lines_are_no_table() -> None:
    numbered = [_line(0, (0, "1."), (40, "The first paragraph of")), _line(12, (40, "the list goes on here")),
                _line(24, (0, "2."), (40, "The second paragraph")), _line(36, (40, "goes on as well"))]
    assert find_tables(numbered, SIZE, 0.1) == []
    justified = [_line(0, (0, "Annotated"), (150, "provisional")), _line(12, (0, "agenda")),
                 _line(24, (0, "Vienna,"), (60, "9-11"), (150, "September"))]  # spread over the column
    assert find_tables(justified, SIZE, 0.1) == []


def test_a_column_opening_inside_a_row_continues_it() -> None:
    lines = [_line(0, (120, "were compelled")), _line(12, (120, "to commit")),
             _line(32, (0, "3-6 p.m."), (70, "2"), (120, "Guidance on")),
             _line(44, (120, "appropriate")),
             _line(64, (0, "10 a.m."), (70, "3"), (120, "Best practices"))]
    tables = find_tables(lines, SIZE, 0.1)
    assert [(t.start, t.head) for t in tables] == [(0, 2)]
    found = rows(tables[0], lines, SIZE)
    assert found[0].continued and not found[1].continued
    assert [_text(cell) for cell in found[0].cells] == ["", "", "werecompelled | tocommit"]



def test_cells_finished_above_a_rows_end_are_not_continued() -> None:
    """A cell whose text ends a line or more above its row's end is finished: a column opening
    with text in that cell's place starts a row of its own (a date heading), not its continuation."""
    lines = [_line(0, (0, "3"), (70, "Best practices in")),
             _line(12, (70, "joint investigations")),
             _line(24, (70, "and prosecution"))]
    row = rows(find_tables(lines + [_line(44, (0, "10 a.m."), (70, "4"))], SIZE, 0.1)[0], lines + [
        _line(44, (0, "10 a.m."), (70, "4"))], SIZE)[0]
    assert row.open == (False, True)


def test_a_line_broken_before_a_long_word_is_full() -> None:
    """Column lines count as full when they reach the strip, or when the next line's first word
    would not have fitted after them; a short line followed by a short word is not full."""
    edge = 100.0
    column = {0: _line(0, (0, "reaches the edge of it")), 12: _line(12, (0, "stops early")),
              24: _line(24, (0, "Implementation")), 36: _line(36, (0, "a")), 48: _line(48, (0, "b"))}
    assert pdf._full_lines(column, edge, SIZE, "en") == 2
    assert pdf._full_lines(column, edge, SIZE, "zh") == 1  # Chinese breaks after any character



def test_blocks_starting_level_across_strips_are_a_tables_rows() -> None:
    """Equal-width table columns look like text columns, but a table's rows start level in every
    column; text columns start their paragraphs at unrelated heights."""
    def columns(chars: list[dict], edges: list[float]) -> list[dict[int, list[dict]]]:
        found: list[dict[int, list[dict]]] = [{} for _ in range(len(edges) + 1)]
        for c in chars:
            found[sum(c["x0"] >= e for e in edges)].setdefault(round(c["top"]), []).append(c)
        return found

    table, top = [], 0.0
    for row in range(8):  # rows of two or three lines per cell, a gap between rows
        lines = 2 + row % 2
        for k in range(lines):
            table += _line(top + 12 * k, (0, "cell text"), (150, "cell text"), (290, "cell"))
        top += 12 * lines + 10
    assert pdf._rows_level(columns(table, [140, 280]))
    text, tops = [], ([0, 12, 24, 46, 58, 80, 92, 104, 126, 138], [0, 22, 34, 46, 58, 70, 92, 104, 126, 138])
    for x, column in zip((0, 150), tops):
        for at in column:
            text += _line(at, (x, "running text"))
    assert not pdf._rows_level(columns(text, [140]))


# ---------------------------------------------------------------- PDFs drawn with reportlab

WORDS = ("the working group may wish to consider the guidance on criminal justice responses and the "
         "practices of states in joint investigations and specialized prosecution").split()


def _paragraph(seed: int, width: float, font: str = "Helvetica") -> list[str]:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    words = [WORDS[(seed * 7 + k * 3) % len(WORDS)] for k in range(60)]
    words[0] = words[0].capitalize()
    lines, line = [], ""
    for word in words:
        if line and stringWidth(f"{line} {word}", font, SIZE) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return lines + [line + "."]


def _draw(page, x: float, top: float, lines: list[str], pitch: float = 12.0) -> float:
    for k, line in enumerate(lines):
        page.drawString(x, 792 - top - k * pitch - SIZE, line)
    return top + len(lines) * pitch


def test_three_columns_are_read_one_after_another(tmp_path: Path) -> None:
    canvas = pytest.importorskip("reportlab.pdfgen.canvas")
    path = tmp_path / "three.pdf"
    page = canvas.Canvas(str(path), pagesize=(612, 792))
    page.setFont("Helvetica", SIZE)
    texts = []
    for column, x in enumerate((72, 232, 392)):
        lines = _paragraph(column, 148)
        _draw(page, x, 100, lines)
        texts.append(" ".join(lines))
    page.save()
    assert [p.text for p in read_document(path, "en", "pdf").paragraphs] == texts


def test_a_table_without_rules_in_the_right_column(tmp_path: Path) -> None:
    canvas = pytest.importorskip("reportlab.pdfgen.canvas")
    path = tmp_path / "table.pdf"
    page = canvas.Canvas(str(path), pagesize=(612, 792))
    page.setFont("Helvetica", SIZE)
    left = _paragraph(1, 220)
    _draw(page, 72, 100, left)
    right = _paragraph(2, 220)[:6]
    top = _draw(page, 316, 100, right[:5] + [right[5] + "."]) + 12
    table = [(["Date and", "time"], ["Agenda", "item"], ["Title or", "description"]),
             (["10 a.m.-1", "p.m."], ["1(a)"], ["Opening of", "the meeting"]),
             ([], ["1(b)"], ["Adoption of", "the agenda"])]
    for cells in table:
        for x, cell in zip((316, 390, 464), cells):
            _draw(page, x, top, cell)
        top += 12 * max(len(cell) for cell in cells) + 10
    page.save()
    found = read_document(path, "en", "pdf").paragraphs
    assert [p.text for p in found if p.kind != TABLE_ROW] == [" ".join(left), " ".join(right) + "."]
    assert [p.text for p in found if p.kind == TABLE_ROW] == [
        "Date and time\tAgenda item\tTitle or description",
        "10 a.m.-1 p.m.\t1(a)\tOpening of the meeting",
        "1(b)\tAdoption of the agenda"]


def test_words_broken_to_fit_a_cell_are_rejoined() -> None:
    from align.readers.pdf import _unbreak

    words = {"transnational", "organized", "crime", "of", "the", "day"}
    assert _unbreak(["Transnationa", "l Organized", "Crime of", "the", "day"], words) == [
        "Transnational Organized", "Crime of", "the", "day"]  # two words of the document stay two
