"""Layout variants of a document, as real text extractions produce them (tests and scripts/evaluate_layouts.py).

A variant renders the paragraphs of a document (as the text reader reads the shared UN pairs)
back to the text of a file: re-wrapped at a line width, double- or single-spaced, with or
without blank lines between paragraphs, page furniture every N lines, footnote marks as
superscripts or circled numbers, footnotes at page ends, CRLF, NBSP and full-width digits,
English hyphenated across lines, traditional Chinese, a markdown export, table cells one per
line. `gold_variant` applies the same character changes to gold units so the scores compare like
with like.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from align.model import BODY, FOOTNOTE, HEADING, ITEM, TABLE_ROW, Paragraph, Segmented
from convert import plain

SYMBOL = "CTOC/COP/WG.4/2019/1"
_SUP = re.compile(r"<sup>\s*(\d{1,3})\s*</sup>")
_BOLD = re.compile(r"</?b>")
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_NO_LINE_START = set("，。、；：？！）》」』”’%,.;:)")  # Chinese line breaking: never at a line's start


@dataclass(frozen=True)
class Layout:
    """How a document is laid out as text."""

    width: dict  # lang → line width (Chinese in characters, English in columns); 0: one paragraph per line
    blank: bool = True  # an empty line between paragraphs
    double: bool = False  # an empty line after every line (paragraph separators included)
    page: dict | None = None  # lang → lines per page: running header, footer, page number between pages
    marks: str = "plain"  # footnote marks: plain digits, "super" (¹), "circled" (①), "sup" (<sup>1</sup>)
    notes_at_page_end: bool = False  # footnotes gathered at the end of their page after a rule
    crlf: bool = False
    nbsp_fullwidth: bool = False  # NBSP between a number and its word (en), full-width digits (zh)
    hyphenate: bool = False  # English words that do not fit are hyphenated across lines
    traditional: bool = False  # Chinese converted to traditional characters
    markdown: bool = False  # a markdown export: # headings, - items, tab-separated rows, <sup> marks
    cells_per_line: str = ""  # the language ("zh"/"en") whose table rows come one cell per line


WIDTH = {"zh": 34, "en": 90}
VARIANTS: dict[str, Layout] = {
    "wrap zh20 en60": Layout({"zh": 20, "en": 60}),
    "wrap zh30 en80": Layout({"zh": 30, "en": 80}),
    "wrap zh40 en100": Layout({"zh": 40, "en": 100}),
    "double-spaced": Layout(WIDTH, double=True),
    "single-spaced, no blank lines": Layout(WIDTH, blank=False),
    "one paragraph per line": Layout({"zh": 0, "en": 0}, blank=False),
    "page furniture every 40 lines": Layout(WIDTH, page={"zh": 40, "en": 46}),
    "furniture, no blank lines": Layout({"zh": 26, "en": 70}, blank=False, page={"zh": 30, "en": 37}),
    "superscript marks ¹": Layout(WIDTH, marks="super"),
    "circled marks ①": Layout(WIDTH, marks="circled"),
    "footnotes at page ends": Layout(WIDTH, page={"zh": 36, "en": 42}, marks="super", notes_at_page_end=True),
    "CRLF": Layout(WIDTH, crlf=True),
    "NBSP, full-width digits": Layout(WIDTH, nbsp_fullwidth=True),
    "hyphenated English": Layout({"zh": 30, "en": 64}, hyphenate=True),
    "traditional Chinese": Layout(WIDTH, traditional=True),
    "markdown export": Layout({"zh": 0, "en": 0}, markdown=True),
    "table cells per line (zh)": Layout(WIDTH, cells_per_line="zh"),
    "table cells per line (en)": Layout(WIDTH, cells_per_line="en"),
    "double-spaced, narrow": Layout({"zh": 22, "en": 66}, double=True),
    # made after the work on the variants above, to see whether it generalises
    "wrap zh16 en45 (two-line headings)": Layout({"zh": 16, "en": 45}),
    "wrap zh25 en70, no blank lines": Layout({"zh": 25, "en": 70}, blank=False),
    "double-spaced, wide": Layout({"zh": 40, "en": 100}, double=True),
    "double-spaced, furniture every 25 lines": Layout(WIDTH, double=True, page={"zh": 25, "en": 28}),
}


def gold_document(units: list[dict], read: Segmented) -> Segmented:
    """One side of the gold as a Document: the gold's paragraphs in order, each with the kind the
    text reader gave it (a gold paragraph the reader split or joined: a heading when it is short and
    ends without punctuation, else body), so variants start from the true paragraphs."""
    from align.scoring import normalise
    from align.segment.labels import split_label
    from align.segment.paragraphs import footnote_label

    kinds = {normalise(p.text): p.kind for p in read.paragraphs}
    paragraphs = []
    for text in (t for unit in units for t in unit[read.lang]):
        guess = HEADING if len(text) < 60 and text[-1] not in "。.；;：:" else BODY
        kind = kinds.get(normalise(text), guess)
        label = footnote_label(text) if kind == FOOTNOTE else split_label(text)[0]
        paragraphs.append(Paragraph(text, label, kind))
    return Segmented(read.lang, paragraphs, read.path)


def render(document: Segmented, layout: Layout) -> str:
    """The text of a file holding `document` in `layout`."""
    lang = document.lang
    width = layout.width[lang]
    blocks: list[list[str]] = []  # one block of lines per paragraph
    notes: list[int] = []  # indices of blocks that are footnotes
    for p in document.paragraphs:
        text = _marks(p.text, layout.marks if not layout.markdown else "sup")
        text = _BOLD.sub("", text)
        if layout.markdown:
            lines = [_markdown(p, text)]
        elif p.kind == TABLE_ROW:
            cells = [c for c in text.split("\t") if c.strip()]
            if layout.cells_per_line == lang:
                lines = [line for cell in cells for line in wrap(cell, width, lang, layout.hyphenate)]
            else:
                lines = wrap(" ".join(cells), width, lang, layout.hyphenate)
        else:
            indent = "  " if p.kind == HEADING else ""
            lines = [indent + line for line in wrap(text, width, lang, layout.hyphenate)]
        if p.kind == FOOTNOTE:
            notes.append(len(blocks))
        blocks.append([_characters(line, lang, layout) for line in lines])
    out = _pages(blocks, notes, layout, lang) if layout.page else _flow(blocks, notes, layout)
    text = "\n".join(out) + "\n"
    return text.replace("\n", "\r\n") if layout.crlf else text


def gold_variant(units: list[dict], layout: Layout) -> list[dict]:
    """Gold units without markup and with the variant's character changes (traditional script), to
    compare with output units passed through `convert.plain`."""
    units = plain(units)
    if layout.traditional:
        units = [{"zh": [_traditional(t) for t in u["zh"]], "en": u["en"]} for u in units]
    return units


def _flow(blocks: list[list[str]], notes: list[int], layout: Layout) -> list[str]:
    out: list[str] = []
    for k, block in enumerate(blocks):
        if k in notes and (k - 1 not in notes):
            out += ["", "__________"] if out else ["__________"]
        elif out and (layout.blank or k - 1 in notes):
            out.append("")
        out += block
    return _double(out) if layout.double else out


def _pages(blocks: list[list[str]], notes: list[int], layout: Layout, lang: str) -> list[str]:
    """Lines broken into pages of `layout.page[lang]` lines with furniture between them."""
    size = layout.page[lang]
    pages: list[list[str]] = [[]]
    page_notes: list[list[str]] = [[]]
    for k, block in enumerate(blocks):
        if k in notes and layout.notes_at_page_end:
            page_notes[-1] += block
            continue
        if k in notes and k - 1 not in notes:
            block = ["__________", *block]
        for n, line in enumerate(block):
            if len(pages[-1]) >= size and not (n and k in notes):  # a footnote stays on its page
                pages.append([])
                page_notes.append([])
            if n == 0 and pages[-1] and (layout.blank or k - 1 in notes):
                pages[-1].append("")
            pages[-1].append(line)
    out: list[str] = []
    total = len(pages)
    for number, (page, page_note) in enumerate(zip(pages, page_notes), start=1):
        if number > 1:
            out += ["", SYMBOL, ""]
        out += page
        if page_note:
            out += ["", "__________", *page_note]
        footer = f"V.19-05812 {number}/{total}" if number % 2 else f"{number}/{total} V.19-05812"
        out += ["", footer, ""] if number < total else ["", footer]
    return _double(out) if layout.double else out


def _double(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        if line:
            out += [line, ""]
    return out


def _marks(text: str, style: str) -> str:
    if style == "sup":
        return text
    if style == "super":
        return _SUP.sub(lambda m: m.group(1).translate(_SUPERSCRIPT), text)
    if style == "circled":
        return _SUP.sub(lambda m: chr(0x2460 + int(m.group(1)) - 1) if 0 < int(m.group(1)) <= 20 else m.group(1), text)
    return _SUP.sub(r"\1", text)


def _markdown(p: Paragraph, text: str) -> str:
    if p.kind == HEADING:
        return f"## {text}"
    if p.kind == ITEM and text[-1] not in "；;":
        return f"- {text}"
    return text


def _characters(line: str, lang: str, layout: Layout) -> str:
    if layout.traditional and lang == "zh":
        line = _traditional(line)
    if layout.nbsp_fullwidth:
        if lang == "zh":
            line = "".join(chr(ord(c) + 0xFEE0) if "0" <= c <= "9" else c for c in line)
        else:
            line = re.sub(r"(?<=\d) (?=[A-Za-z])", "\u00a0", line)
    return line


def _traditional(text: str) -> str:
    import opencc

    return opencc.OpenCC("s2t").convert(text)


def wrap(text: str, width: int, lang: str, hyphenate: bool = False) -> list[str]:
    """`text` broken into lines of at most `width` (0: one line)."""
    if not width:
        return [text]
    return _wrap_zh(text, width) if lang == "zh" else _wrap_en(text, width, hyphenate)


def _wrap_zh(text: str, width: int) -> list[str]:
    """Chinese: `width` full-width characters a line, ASCII counting half; no break inside an ASCII word."""
    tokens = re.findall(r"[A-Za-z0-9<>/().\-–]+ ?|.", text)
    lines, current, used = [], "", 0.0
    for token in tokens:
        cost = sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.5 for c in token)
        if current and used + cost > width and token[0] not in _NO_LINE_START:
            lines.append(current.rstrip())
            current, used = "", 0.0
            token = token.lstrip()
        current += token
        used += cost
    if current.strip():
        lines.append(current.rstrip())
    return lines


def _wrap_en(text: str, width: int, hyphenate: bool) -> list[str]:
    lines, current = [], ""
    for word in text.split():
        if not current:
            current = word
        elif len(current) + 1 + len(word) <= width:
            current += " " + word
        else:
            room = width - len(current) - 2  # a space and the hyphen
            if hyphenate and word.isalpha() and word.islower() and room >= 3 and len(word) - room >= 3:
                lines.append(f"{current} {word[:room]}-")
                current = word[room:]
            else:
                lines.append(current)
                current = word
    if current:
        lines.append(current)
    return lines
