"""Readers: one module per input format, each `read(path, lang) -> Document` of raw blocks.

A reader says what the format knows (paragraph boundaries, headings, list numbers, table rows,
footnotes) and keeps the text's line breaks; `align.segment.segment` makes paragraphs and
sentences of the blocks, the same way for every format.
"""
from __future__ import annotations

from ..model import BODY, Block
from ..segment import join_lines

__all__ = ["footnote_mark", "join_lines", "make_block"]


def make_block(text: str, kind: str = BODY, guessed_start: bool = False) -> Block | None:
    """A Block of one paragraph's (or table row's: cells separated by tabs) text; None when it holds no text."""
    return Block(text, kind, guessed_start) if text.replace("\t", "").strip() else None


def footnote_mark(number: int | str) -> str:
    """How a footnote reference appears in paragraph text (as in markdown-like exports)."""
    return f"<sup>{number}</sup>"
