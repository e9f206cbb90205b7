"""Paragraph boundaries that layout could only guess, decided by the translation.

Where nothing marks paragraph ends (plain text without blank lines, double spacing), the segmenter
guesses at full lines (`Paragraph.guessed_start`, `Paragraph.may_end`). After the paragraph DP:
- a fragment (a table cell on a line of its own) at a unit's edge moves to the neighbouring unit when
  both then explain themselves better;
- two consecutive units whose boundary is a guess on both sides become one unit when the joined
  unit explains itself better (lexical similarity) than either part does: both languages split
  one paragraph, at different sentences;
- a paragraph at the edge of a unit that the other side explains less than half as well as the rest
  (a note only one side has: "* Reissued for technical reasons") becomes a one-sided unit of its own;
- a unit opening with a heading on one side, the boundary after it sure, and on the other side with a
  paragraph that may end after a full line (a heading as wide as the page) is split there into the
  heading's unit and the rest, when the paragraph DP would have chosen those beads had layout split there.
"""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import replace
from typing import Callable, Sequence

import numpy as np

from ..model import BODY, HEADING, Paragraph, Unit
from ..segment import is_fragment_pair, split_paragraph
from ..similarity.lexical import LexicalSimilarity

BeadValue = Callable[[list[Paragraph], list[Paragraph]], Callable[[int, int, int, int], float]]


def merge_guessed(units: Sequence[Unit], zh: Sequence[Paragraph], en: Sequence[Paragraph],
                  lexical: LexicalSimilarity) -> list[Unit]:
    """Consecutive two-sided units joined across a boundary both sides only guessed, when that explains more."""
    def joinable(prev: Unit | None, unit: Unit) -> bool:
        return bool(prev and prev.zh and prev.en and unit.zh and unit.en
                    and zh[unit.zh[0]].guessed_start and en[unit.en[0]].guessed_start)

    similarity = _Similarities(lexical)
    similarity.prepare([*units, *(Unit(u.zh + v.zh, u.en + v.en, 0.0) for u, v in zip(units, units[1:])
                                  if joinable(u, v))])
    out: list[Unit] = []
    for unit in units:
        prev = out[-1] if out else None
        if joinable(prev, unit):
            joined = Unit(prev.zh + unit.zh, prev.en + unit.en, min(prev.score, unit.score))
            if similarity(joined) > max(similarity(prev), similarity(unit)):
                out[-1] = joined
                continue
        out.append(unit)
    return out


def shift_fragments(units: Sequence[Unit], zh: Sequence[Paragraph], en: Sequence[Paragraph],
                    lexical: LexicalSimilarity) -> list[Unit]:
    """A fragment at the edge of a unit (a table cell layout could not join to its row) moved into the
    neighbouring unit it goes on or continues, when both units then explain themselves better."""
    out = list(units)
    similarity = _Similarities(lexical)
    similarity.prepare([*out, *(w for u, v in zip(out, out[1:]) if u.zh and u.en and v.zh and v.en
                                for option in _shifts(u, v, zh, en) for w in option)])
    for k in range(len(out) - 1):
        u, v = out[k], out[k + 1]
        if not (u.zh and u.en and v.zh and v.en):
            continue
        base = similarity(u) + similarity(v)
        best, gain = None, 0.0
        for option in _shifts(u, v, zh, en):
            change = similarity(option[0]) + similarity(option[1]) - base
            if change > gain:
                best, gain = option, change
        if best:
            out[k], out[k + 1] = best
    return out


def detach_unexplained(units: Sequence[Unit], zh: Sequence[Paragraph], en: Sequence[Paragraph],
                       lexical: LexicalSimilarity) -> list[Unit]:
    """A paragraph at the edge of a unit's longer side made a one-sided unit of its own, when the other
    side explains it less than half as well as the rest of its side and layout says it is a paragraph
    of its own (no fragment its neighbour may go on, or go on it, unless they are a heading and the
    body paragraph after it). The DP's summed bead probabilities saturate, so merging a paragraph the
    other side does not have (a note: "* Reissued for technical reasons") costs it less than leaving
    that paragraph unaligned; a true part of the unit is translated on the other side, so is explained
    about as well as the rest. Of two such edges, the one whose removal leaves the unit explaining
    itself best goes."""
    similarity = _Similarities(lexical)
    similarity.prepare([rest for u in units for _, rest, _ in _edges(u, zh, en)])
    out: list[Unit] = []
    for unit in units:
        best, value = None, -math.inf
        for alone, rest, first in _edges(unit, zh, en):
            if similarity(rest) > value and _unexplained(alone, rest, lexical):
                best, value = (alone, rest, first), similarity(rest)
        if best:
            alone, rest, first = best
            out += [alone, rest] if first else [rest, alone]
        else:
            out.append(unit)
    return out


def _unexplained(alone: Unit, rest: Unit, lexical: LexicalSimilarity) -> bool:
    """Whether the other side explains the paragraph less than half as well as the rest of its side
    (the share of each one's words it covers)."""
    side = 0 if alone.zh else 1
    return 2 * lexical.sides(*_bead(_with_other(alone, rest)))[side] < lexical.sides(*_bead(rest))[side]


def _with_other(alone: Unit, rest: Unit) -> Unit:
    """The one-sided unit `alone` with the other side of `rest`."""
    return replace(alone, en=rest.en) if alone.zh else replace(alone, zh=rest.zh)


def _edges(unit: Unit, zh: Sequence[Paragraph], en: Sequence[Paragraph]):
    """(the edge paragraph alone as a one-sided unit, the rest, whether the paragraph comes first) for
    each edge paragraph of the side with more paragraphs that layout keeps apart from its neighbour."""
    for side, paragraphs in (("zh", zh), ("en", en)):
        own, their = getattr(unit, side), getattr(unit, "en" if side == "zh" else "zh")
        if len(own) > len(their) > 0:
            for first in (True, False):
                pair = [paragraphs[k] for k in (own[:2] if first else own[-2:])]
                if is_fragment_pair(*pair) and not (pair[0].kind == HEADING and pair[1].kind == BODY):
                    continue
                alone, rest = (own[:1], own[1:]) if first else (own[-1:], own[:-1])
                yield (Unit(**{side: alone, "en" if side == "zh" else "zh": ()}, score=0.0),
                       replace(unit, **{side: rest}), first)


def _shifts(u: Unit, v: Unit, zh: Sequence[Paragraph], en: Sequence[Paragraph]):
    """(u, v) with one fragment moved across their boundary, on either side, either way."""
    for side, paragraphs in (("zh", zh), ("en", en)):
        first, second = getattr(u, side), getattr(v, side)
        if len(first) > 1 and is_fragment_pair(paragraphs[first[-1]], paragraphs[second[0]]):
            yield replace(u, **{side: first[:-1]}), replace(v, **{side: first[-1:] + second})
        if len(second) > 1 and is_fragment_pair(paragraphs[first[-1]], paragraphs[second[0]]):
            yield replace(u, **{side: first + second[:1]}), replace(v, **{side: second[1:]})


def split_at_guesses(units: Sequence[Unit], zh: list[Paragraph], en: list[Paragraph], value: BeadValue
                     ) -> tuple[list[Paragraph], list[Paragraph], list[Unit]]:
    """A unit opening with a heading on one side (a sure boundary after it) and with a paragraph that may
    end after a full line on the other is split there into the heading's unit and the rest, when the
    paragraph DP, had layout split there, would value those two beads over the unit as it is; repeated
    on the rest (a row of headings). `value(zh, en)` gives the DP's bead value (score less the bead's
    penalty) over those paragraphs."""
    units, zh, en = list(units), list(zh), list(en)
    for _ in range(_ROUNDS):
        candidates = [(k, side, parts) for k, unit in enumerate(units) for side, parts in _candidates(unit, zh, en)]
        if not candidates:
            break
        chosen = _best_splits(candidates, units, zh, en, value)
        if not chosen:
            break
        zh, en, units = _apply(chosen, units, zh, en)
    return zh, en, units


_ROUNDS = 4  # headings in a row split one after the other


def _candidates(unit: Unit, zh: Sequence[Paragraph], en: Sequence[Paragraph]):
    """(side to split, its first paragraph's two parts) for each place it may end, where the other side opens
    with a heading (or an entry) followed by more of the unit at a sure boundary."""
    sides = {"zh": (unit.zh, zh), "en": (unit.en, en)}
    for side, other in (("en", "zh"), ("zh", "en")):
        (own, paragraphs), (their, others) = sides[side], sides[other]
        if own and len(their) > 1 and _entry(others[their[0]]) and not others[their[1]].guessed_start:
            for offset in paragraphs[own[0]].may_end:
                yield side, split_paragraph(paragraphs[own[0]], offset, side)


def _entry(paragraph: Paragraph) -> bool:
    """A heading, or an entry closing with a reference in brackets (a document in a list of documents)."""
    return paragraph.kind == HEADING or paragraph.text[-1] in ")）"


def _best_splits(candidates, units, zh, en, value: BeadValue) -> dict[int, tuple[str, tuple[Paragraph, Paragraph]]]:
    """Unit index → (side, parts) of the split the DP values most, where it values it over the unit as it
    is; all candidates scored at once, their parts (and the rest of their side of the unit) appended."""
    extra: dict[str, list[Paragraph]] = {"zh": [], "en": []}
    spans = []
    for k, side, parts in candidates:
        own = getattr(units[k], side)
        rest = [(zh if side == "zh" else en)[i] for i in own[1:]]
        spans.append(len(extra[side]))
        extra[side] += [*parts, *rest]
    bead = value(list(zh) + extra["zh"], list(en) + extra["en"])
    offset = {"zh": len(zh), "en": len(en)}
    best: dict[int, tuple[float, str, tuple[Paragraph, Paragraph]]] = {}
    for (k, side, parts), at in zip(candidates, spans):
        unit, first = units[k], offset[side] + at
        own, their = (unit.zh, unit.en) if side == "zh" else (unit.en, unit.zh)
        if side == "zh":
            split = bead(first, 1, their[0], 1) + bead(first + 1, len(own), their[1], len(their) - 1)
        else:
            split = bead(their[0], 1, first, 1) + bead(their[1], len(their) - 1, first + 1, len(own))
        whole = bead(unit.zh[0], len(unit.zh), unit.en[0], len(unit.en))
        if split > whole and split > best.get(k, (-math.inf,))[0]:
            best[k] = (split, side, parts)
    return {k: (side, parts) for k, (_, side, parts) in best.items()}


def _apply(chosen, units, zh, en) -> tuple[list[Paragraph], list[Paragraph], list[Unit]]:
    """The paragraphs with the chosen ones replaced by their parts, and the units over them (each split
    unit as the heading's unit and the rest)."""
    new: dict[str, list[Paragraph]] = {"zh": [], "en": []}
    out: list[Unit] = []
    for k, unit in enumerate(units):
        ids: dict[str, list[int]] = {}
        for side, paragraphs, own in (("zh", zh, unit.zh), ("en", en, unit.en)):
            ids[side] = []
            for n, i in enumerate(own):
                parts = chosen[k][1] if k in chosen and chosen[k][0] == side and n == 0 else (paragraphs[i],)
                for part in parts:
                    ids[side].append(len(new[side]))
                    new[side].append(part)
        if k in chosen:
            out += [Unit(tuple(ids["zh"][:1]), tuple(ids["en"][:1]), unit.score),
                    Unit(tuple(ids["zh"][1:]), tuple(ids["en"][1:]), unit.score)]
        else:
            out.append(Unit(tuple(ids["zh"]), tuple(ids["en"]), unit.score))
    return new["zh"], new["en"], out


class _Similarities:
    """The lexical similarity of units, asked of the lexical tables in batches (one query per bead
    size: a single bead costs nearly as much as a batch) and kept."""

    def __init__(self, lexical: LexicalSimilarity):
        self.lexical = lexical
        self.known: dict[tuple[int, int, int, int], float] = {}

    def prepare(self, units: Sequence[Unit]) -> None:
        """Compute, in one batch, the similarities of these two-sided units not known yet."""
        by_size: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
        for key in dict.fromkeys(_bead(u) for u in units if u.zh and u.en):
            if key not in self.known:
                by_size[key[1], key[3]].append((key[0], key[2]))
        if not by_size:
            return
        queries = [(np.array([i for i, _ in starts]), di, np.array([j for _, j in starts]), dj)
                   for (di, dj), starts in by_size.items()]
        for ((di, dj), starts), values in zip(by_size.items(), self.lexical.similarity_many(queries)):
            for (i, j), value in zip(starts, values.tolist()):
                self.known[i, di, j, dj] = value

    def __call__(self, unit: Unit) -> float:
        key = _bead(unit)
        if key not in self.known:
            self.prepare([unit])
        return self.known[key]


def _bead(unit: Unit) -> tuple[int, int, int, int]:
    return unit.zh[0], len(unit.zh), unit.en[0], len(unit.en)
