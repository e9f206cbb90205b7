"""Paragraph → sentences, by rule, for Chinese and English.

Chinese ends a sentence at 。！？ (with the closing quotes or brackets that follow); ； does
not end one: UN English renders the clauses a Chinese semicolon joins as one sentence about as
often as two, so the aligner's 1-2 beads handle them. English ends a sentence at . ! ? followed
by white space and a capital, a digit or an opening quote, except after abbreviations (e.g.,
i.e., No., para., Art., Doc., Mr., Ms., U.N., a.m. …), initials and inside document symbols.
A paragraph's label (`12.`, `(a)`) stays with its first sentence.
"""
from __future__ import annotations

import re

from .labels import split_label

# A footnote mark after the full stop stays with its sentence: <sup>1</sup>, ¹, or a plain
# number closing the paragraph (PDF text loses the superscript).
_FOOTNOTE_REF = r"(?:<sup>\s*\d{1,3}\s*</sup>|[¹²³⁴⁵⁶⁷⁸⁹⁰]+|\s?\d{1,2}\s*$)?"
_ZH_END = re.compile(r"[。！？!?]+[”’」』）)》〕\]]*" + _FOOTNOTE_REF)
_EN_END = re.compile(r"[.!?]+[”’\"')\]]*" + _FOOTNOTE_REF + r"(?=\s+[“‘\"'(\[]?[A-Z0-9])")

ABBREVIATIONS = frozenset(
    """e.g i.e cf etc viz vs al No Nos no nos para paras Art Arts art arts Doc Docs doc Mr Ms
    Mrs Dr Prof Sr Jr St Mt Gen Col Lt Capt Sgt Rev Add Corr Suppl Vol vol Vols pp p Ch ch
    Chap chap Sect sect Fig fig Ed ed Eds eds Co Corp Inc Ltd Jan Feb Mar Apr Jun Jul Aug Sep
    Sept Oct Nov Dec U.N U.S U.K E.U a.m p.m approx Dept Govt Op Res Sess Ibid ibid Cir""".split()
)

# `(?:[A-Za-z]\.)+[A-Za-z]` abbreviations (U.N.E.S.C.O) are the longest ones looked for.
_LONGEST_ABBREVIATION = 24
_WORD_END = re.compile(r"[\w.]*$")


def split_sentences(text: str, lang: str) -> list[str]:
    """Split one paragraph's text into sentences (label kept on the first)."""
    label, rest = split_label(text)
    if not rest:
        return [text.strip()]
    pieces = _split_zh(rest) if lang == "zh" else _split_en(rest)
    if label:
        pieces[0] = f"{label} {pieces[0]}"
    return pieces


def _split_zh(text: str) -> list[str]:
    return _cut(text, [m.end() for m in _ZH_END.finditer(text)])


def _split_en(text: str) -> list[str]:
    ends = [m.end() for m in _EN_END.finditer(text) if not _abbreviation_before(text, m.start())]
    return _cut(text, ends)


def _abbreviation_before(text: str, dot: int) -> bool:
    if text[dot] != ".":
        return False
    word = _word_before(text, dot)
    if not word:
        return False
    if word in ABBREVIATIONS or word.rstrip(".") in ABBREVIATIONS:
        return True
    if len(word) == 1 and word.isupper():
        return True  # an initial: J. Smith
    return bool(re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", word))  # U.N., e.g. written out


def _word_before(text: str, end: int) -> str:
    """The run of word characters and dots just before `end` ('' when longer than any
    abbreviation): looks back a bounded distance, so splitting stays linear in the text."""
    start = max(0, end - _LONGEST_ABBREVIATION - 1)
    word = _WORD_END.search(text, start, end).group(0)
    return "" if len(word) > _LONGEST_ABBREVIATION else word


def _cut(text: str, ends: list[int]) -> list[str]:
    pieces, start = [], 0
    for end in ends:
        piece = text[start:end].strip()
        if piece:
            pieces.append(piece)
        start = end
    tail = text[start:].strip()
    if tail:
        pieces.append(tail)
    return pieces or [text.strip()]
