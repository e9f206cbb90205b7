"""Readers: one module per input format, each `read(path, lang) -> Document` of raw blocks.

A reader says what the format knows (paragraph boundaries, headings, list numbers, table rows,
footnotes) and keeps the text's line breaks; `align.segment.segment` makes paragraphs and
sentences of the blocks, the same way for every format.
"""
from __future__ import annotations

from ..model import BODY, Block
from ..segment import join_lines

__all__ = ["LETTER_FORMATS", "footnote_mark", "format_number", "join_lines", "make_block"]


def make_block(text: str, kind: str = BODY, guessed_start: bool = False) -> Block | None:
    """A Block of one paragraph's (or table row's: cells separated by tabs) text; None when it holds no text."""
    return Block(text, kind, guessed_start) if text.replace("\t", "").strip() else None


def footnote_mark(number: int | str) -> str:
    """How a footnote reference appears in paragraph text (as in markdown-like exports)."""
    return f"<sup>{number}</sup>"


_CN = "〇一二三四五六七八九"
_MAX_SPELLED = 3999  # larger counters are written in digits (letters and Roman numerals would grow without bound)
# the one-character list number formats of ODF (style:num-format) and HTML (<ol type>) as Word's
LETTER_FORMATS = {"1": "decimal", "a": "lowerLetter", "A": "upperLetter", "i": "lowerRoman", "I": "upperRoman"}


def format_number(value: int, fmt: str) -> str:
    """A list counter in one of Word's number formats (unknown formats, and counters outside 1–3999: decimal)."""
    if not 0 < value <= _MAX_SPELLED:
        return str(value)
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)
        return letter if fmt == "lowerLetter" else letter.upper()
    if fmt in ("lowerRoman", "upperRoman"):
        roman = _roman(value)
        return roman.lower() if fmt == "lowerRoman" else roman
    if fmt.startswith(("chineseCounting", "ideographDigital", "japaneseCounting", "taiwaneseCounting")):
        return _chinese(value)
    if fmt == "decimalZero" and value < 10:
        return f"0{value}"
    return str(value)


def _roman(value: int) -> str:
    out = ""
    for number, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                            (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        count, value = divmod(value, number)
        out += letters * count
    return out


def _chinese(value: int) -> str:
    if value < 10:
        return _CN[value]
    tens, units = divmod(value, 10)
    if value < 100:
        return ("" if tens == 1 else _CN[tens]) + "十" + (_CN[units] if units else "")
    return str(value)
