"""Paragraph boundaries that layout could only guess, decided by the translation.

Where nothing marks paragraph ends (plain text without blank lines, double spacing), the segmenter
guesses at full lines (`Paragraph.guessed_start`, `Paragraph.may_end`). After the paragraph DP:
- two consecutive units whose boundary is a guess on both sides become one unit when the joined
  unit explains itself better (lexical similarity) than either part does: both languages split
  one paragraph, at different sentences;
- a unit with a heading and a paragraph on one side, their boundary sure, and one paragraph on the
  other side that may end after a full line (a heading as wide as the page) is split there into two units,
  when the paragraph DP would have chosen two 1-1 beads over one 2-2 had layout split there.
"""
from __future__ import annotations

import math
from typing import Callable, Sequence

from ..model import HEADING, Paragraph, Unit
from ..segment import split_paragraph
from ..similarity.lexical import LexicalSimilarity

BeadValue = Callable[[list[Paragraph], list[Paragraph]], Callable[[int, int, int, int], float]]


def merge_guessed(units: Sequence[Unit], zh: Sequence[Paragraph], en: Sequence[Paragraph],
                  lexical: LexicalSimilarity) -> list[Unit]:
    """Consecutive two-sided units joined across a boundary both sides only guessed, when that explains more."""
    out: list[Unit] = []
    for unit in units:
        prev = out[-1] if out else None
        if (prev and prev.zh and prev.en and unit.zh and unit.en
                and zh[unit.zh[0]].guessed_start and en[unit.en[0]].guessed_start):
            joined = Unit(prev.zh + unit.zh, prev.en + unit.en, min(prev.score, unit.score))
            if _similarity(lexical, joined) > max(_similarity(lexical, prev), _similarity(lexical, unit)):
                out[-1] = joined
                continue
        out.append(unit)
    return out


def split_at_guesses(units: Sequence[Unit], zh: list[Paragraph], en: list[Paragraph], value: BeadValue
                     ) -> tuple[list[Paragraph], list[Paragraph], list[Unit]]:
    """Units of two paragraphs (a sure boundary) against one that may end after a full line, split there
    when the paragraph DP, had layout split there, would take two 1-1 beads rather than one 2-2:
    `value(zh, en)` gives the DP's bead value (score less the bead's penalty) over those paragraphs."""
    candidates = []  # (unit index, side with one paragraph, its two parts)
    for k, unit in enumerate(units):
        for side, one, two, paragraphs, others in (("en", unit.en, unit.zh, en, zh), ("zh", unit.zh, unit.en, zh, en)):
            if (len(one) == 1 and len(two) == 2 and paragraphs[one[0]].may_end and others[two[0]].kind == HEADING
                    and not others[two[1]].guessed_start):
                candidates += [(k, side, split_paragraph(paragraphs[one[0]], offset, side))
                               for offset in paragraphs[one[0]].may_end]
    if not candidates:
        return zh, en, list(units)
    return _apply(_best_splits(candidates, units, zh, en, value), units, zh, en)


def _best_splits(candidates, units, zh, en, value: BeadValue) -> dict[int, tuple[str, tuple[Paragraph, Paragraph]]]:
    """Unit index → (side, parts) of the split the DP values most, where it values it over the 2-2 bead;
    all candidates scored at once, their parts appended to the pair's paragraphs."""
    extra: dict[str, list[Paragraph]] = {"zh": [], "en": []}
    for _, side, parts in candidates:
        extra[side] += parts
    bead = value(list(zh) + extra["zh"], list(en) + extra["en"])
    at = {"zh": len(zh), "en": len(en)}
    best: dict[int, tuple[float, str, tuple[Paragraph, Paragraph]]] = {}
    for k, side, parts in candidates:
        unit, first = units[k], at[side]
        at[side] += 2
        if side == "en":
            split = bead(unit.zh[0], 1, first, 1) + bead(unit.zh[1], 1, first + 1, 1)
            joined = bead(unit.zh[0], 2, first, 2)
        else:
            split = bead(first, 1, unit.en[0], 1) + bead(first + 1, 1, unit.en[1], 1)
            joined = bead(first, 2, unit.en[0], 2)
        if split > joined and split > best.get(k, (-math.inf,))[0]:
            best[k] = (split, side, parts)
    return {k: (side, parts) for k, (_, side, parts) in best.items()}


def _apply(chosen, units, zh, en) -> tuple[list[Paragraph], list[Paragraph], list[Unit]]:
    new = {"zh": [], "en": []}
    out: list[Unit] = []
    for k, unit in enumerate(units):
        ids = {}
        for side, paragraphs, own in (("zh", zh, unit.zh), ("en", en, unit.en)):
            ids[side] = []
            for i in own:
                if k in chosen and chosen[k][0] == side:
                    for part in chosen[k][1]:
                        ids[side].append(len(new[side]))
                        new[side].append(part)
                else:
                    ids[side].append(len(new[side]))
                    new[side].append(paragraphs[i])
        if k in chosen:
            out += [Unit((ids["zh"][n],), (ids["en"][n],), unit.score) for n in (0, 1)]
        else:
            out.append(Unit(tuple(ids["zh"]), tuple(ids["en"]), unit.score))
    return new["zh"], new["en"], out


def _similarity(lexical: LexicalSimilarity, unit: Unit) -> float:
    return lexical.similarity(unit.zh[0], len(unit.zh), unit.en[0], len(unit.en))
