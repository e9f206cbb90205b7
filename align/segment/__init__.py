"""Segmentation, one stage between the readers and the aligner: `segment(document) -> Segmented`.

A reader yields raw blocks (`align.model.Block`): plain text still to be laid out into paragraphs
(TEXT), paragraphs a format delimits (body, heading, list item, footnote, table row) with their
line breaks, or pre-split lines (LINE). `segment` makes paragraphs of them (lines joined, labels,
kinds, `paragraphs.build_paragraphs` for plain text; footnotes after the paragraph citing them, as a
PDF has them at the foot of the page) and splits each into sentences;
`repair_fragments` joins the paragraph fragments the paragraph aligner found to be one paragraph.
"""
from __future__ import annotations

import re
from typing import Callable

from ..errors import InputError
from ..model import BODY, FOOTNOTE, ITEM, LINE, TABLE_ROW, TEXT, Block, Document, Paragraph, Segmented
from . import paragraphs
from .fragments import is_fragment_pair, repair_fragments, split_paragraph
from .labels import split_label
from .sentences import split_sentences

__all__ = ["is_fragment_pair", "repair_fragments", "segment", "split_paragraph", "split_sentences"]

_SPACES = re.compile(r"[ \u00a0\u2002-\u200a\u3000]+")
_FOOTNOTE_START = re.compile(r"<sup>\s*\d{1,3}\s*</sup>\s")


def segment(document: Document, progress: Callable[[str], None] | None = None) -> Segmented:
    """The document's paragraphs with their sentences; `progress` hears every tenth of the sentence splitting."""
    lang, found = document.lang, []
    for block in document.blocks:
        if block.kind == TEXT:
            built = paragraphs.build_paragraphs(block.text, lang)
            if not built and block.text.strip():
                raise InputError(f"{document.path}: no text left after removing page furniture")
            found += built
        elif block.kind == LINE:
            found.append(Paragraph(block.text.strip(), sentences=[block.text.strip()]))
        elif (paragraph := block_paragraph(block, lang)) is not None:
            found.append(paragraph)
    found = paragraphs.notes_after_citations(found)  # PDF notes sit at the page's foot
    step = max(1, len(found) // 10)
    for number, paragraph in enumerate(found, 1):
        if not paragraph.sentences:
            paragraph.sentences = split_sentences(paragraph.text, lang)
        if progress and len(found) >= 10 and number % step == 0:
            progress(f"{document.path}: sentences of {number:,} / {len(found):,} paragraphs")
    return Segmented(lang, found, document.path)


def join_lines(text: str, lang: str) -> str:
    """The lines of one block joined (Chinese with nothing, English with a space), white space runs as one space."""
    parts = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    parts = [part for part in parts if part]
    return paragraphs.join_lines(parts, lang) if parts else ""


def block_paragraph(block: Block, lang: str) -> Paragraph | None:
    """The paragraph of one delimited block (None when it holds no text), labelled as plain text's are."""
    kind = block.kind
    if kind == TABLE_ROW:
        text = "\t".join(join_lines(c, lang) for c in block.text.split("\t"))
    else:
        text = join_lines(block.text, lang)
    if not text.strip():
        return None
    if kind == BODY and _FOOTNOTE_START.match(text):
        kind = FOOTNOTE
    if kind == FOOTNOTE:
        return Paragraph(text, paragraphs.footnote_label(text), FOOTNOTE)
    label, rest = split_label(text)
    if kind == BODY and paragraphs.is_list_item(text, label, rest):
        kind = ITEM
    return Paragraph(text, label, kind, guessed_start=block.guessed_start)
