"""Readers: one module per input format, each `read(path, lang) -> Document`.

The structured formats (docx, html, pdf) share the helpers below so that their paragraphs
look like the text reader's: lines joined the same way, labels from `split_label`, kinds
from `align.model`.
"""
from __future__ import annotations

import re

from ..model import BODY, FOOTNOTE, ITEM, Paragraph
from ..segment import paragraphs
from ..segment.labels import split_label

_SPACES = re.compile(r"[ \u00a0\u2002-\u200a\u3000]+")
_FOOTNOTE_START = re.compile(r"<sup>\s*\d{1,3}\s*</sup>\s")


def join_lines(text: str, lang: str) -> str:
    """Join the lines of one paragraph the way the text reader does."""
    parts = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    parts = [part for part in parts if part]
    return paragraphs.join_lines(parts, lang) if parts else ""


def make_paragraph(text: str, lang: str, kind: str = BODY) -> Paragraph | None:
    """A Paragraph from one block's text (None when it holds no text), labelled as the text reader does."""
    text = join_lines(text, lang) if kind != "table-row" else "\t".join(join_lines(c, lang) for c in text.split("\t"))
    if not text.strip():
        return None
    if kind == BODY and _FOOTNOTE_START.match(text):
        kind = FOOTNOTE
    if kind == FOOTNOTE:
        return Paragraph(text, paragraphs.footnote_label(text), FOOTNOTE)
    label, rest = split_label(text)
    if kind == BODY and paragraphs.is_list_item(text, label, rest):
        kind = ITEM
    return Paragraph(text, label, kind)


def footnote_mark(number: int | str) -> str:
    """How a footnote reference appears in paragraph text (as in markdown-like exports)."""
    return f"<sup>{number}</sup>"
