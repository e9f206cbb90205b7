"""Alignment scores as the field defines them (Vecalign's score.py, reused by Bertalign).

A unit is a strict hit when it equals a gold unit, a lax hit when it shares at least one
segment on each side with a gold unit. Precision counts every unit the aligner outputs
(1-0 and 0-1 included); recall counts gold units with both sides non-empty; counts are
summed over files before dividing.

Text-based gold (the UN corpus) is compared through the gold's own segments: each output
text is located in the gold texts (NFKC, white space removed), so the score does not depend
on our segment numbering. A unit that covers gold segments only in part cannot be a strict hit.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from .formats.plain import plain_text

Ids = tuple[int, ...]
IdUnit = tuple[Ids, Ids]


@dataclass
class Counts:
    tp_strict: int = 0
    fp_strict: int = 0
    tp_lax: int = 0
    fp_lax: int = 0

    def __iadd__(self, other: "Counts") -> "Counts":
        self.tp_strict += other.tp_strict
        self.fp_strict += other.fp_strict
        self.tp_lax += other.tp_lax
        self.fp_lax += other.fp_lax
        return self

    def ratio(self, strict: bool) -> float:
        tp, fp = (self.tp_strict, self.fp_strict) if strict else (self.tp_lax, self.fp_lax)
        return tp / (tp + fp) if tp + fp else 0.0


@dataclass
class Score:
    precision: Counts = field(default_factory=Counts)
    recall: Counts = field(default_factory=Counts)
    gold_types: Counter = field(default_factory=Counter)  # bead type → gold units
    found_types: Counter = field(default_factory=Counter)  # bead type → strictly found

    def add(self, gold: Sequence[IdUnit], test: Sequence[IdUnit], complete: Sequence[bool] | None = None) -> None:
        """Add one file: gold and test units over the same segment ids."""
        complete = list(complete) if complete is not None else [True] * len(test)
        exact = {u for u, ok in zip(test, complete) if ok}
        gold_set = set(gold)
        self.precision += _counts(gold, test, exact_ok=lambda u, i: complete[i] and u in gold_set)
        gold_both = [u for u in gold if u[0] and u[1]]
        self.recall += _counts(test, gold_both, exact_ok=lambda u, i: u in exact)
        for unit in gold_both:
            kind = bead_type(unit)
            self.gold_types[kind] += 1
            self.found_types[kind] += unit in exact

    def table(self) -> dict[str, float]:
        result = {}
        for strict, name in ((True, "strict"), (False, "lax")):
            p, r = self.precision.ratio(strict), self.recall.ratio(strict)
            result[f"{name}_p"], result[f"{name}_r"] = round(p, 4), round(r, 4)
            result[f"{name}_f1"] = round(2 * p * r / (p + r), 4) if p + r else 0.0
        return result

    def recall_by_type(self) -> dict[str, tuple[int, int]]:
        return {k: (self.found_types[k], self.gold_types[k]) for k in sorted(self.gold_types)}


def bead_type(unit: IdUnit) -> str:
    return f"{len(unit[0])}-{len(unit[1])}"


def _counts(gold: Sequence[IdUnit], test: Sequence[IdUnit], exact_ok) -> Counts:
    target_of: dict[int, set[int]] = defaultdict(set)
    for src, tgt in gold:
        for s in src:
            target_of[s].update(tgt)
    counts = Counts()
    for index, unit in enumerate(test):
        src, tgt = unit
        if not src and not tgt:
            continue
        if exact_ok(unit, index):
            counts.tp_strict += 1
            counts.tp_lax += 1
            continue
        counts.fp_strict += 1
        targets = set().union(*(target_of[s] for s in src)) if src else set()
        if targets & set(tgt):
            counts.tp_lax += 1
        else:
            counts.fp_lax += 1
    return counts


def normalise(text: str) -> str:
    """Text for comparison: as the outputs show it (markup removed), NFKC, no white space."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", plain_text(text)))


class GoldSide:
    """One side's gold segments, in document order, for locating output texts in them."""

    def __init__(self, texts: Iterable[str]):
        self.texts = [normalise(t) for t in texts]
        self.joined = "".join(self.texts)
        self.starts: list[int] = []
        offset = 0
        for text in self.texts:
            self.starts.append(offset)
            offset += len(text)
        self.cursor = 0

    def locate(self, text: str) -> tuple[Ids, str]:
        """Gold segment ids that `text` overlaps, and the gold text those ids cover in full."""
        needle = normalise(text)
        if not needle:
            return (), ""
        start = self.joined.find(needle, self.cursor)
        if start < 0:
            start = self.joined.find(needle)
        if start < 0:
            return (), ""
        end = start + len(needle)
        self.cursor = end
        ids = tuple(k for k, s in enumerate(self.starts) if s < end and s + len(self.texts[k]) > start)
        return ids, needle


def text_units_to_ids(gold_units: Sequence[dict], test_units: Sequence[dict]) -> tuple[list[IdUnit], list[IdUnit], list[bool]]:
    """Map JSONL-shaped units ({"zh": [...], "en": [...]}) onto gold segment ids."""
    gold_ids: list[IdUnit] = []
    sides = {}
    for lang in ("zh", "en"):
        texts = [t for unit in gold_units for t in unit[lang]]
        sides[lang] = GoldSide(texts)
    counters = {"zh": 0, "en": 0}
    for unit in gold_units:
        ids = []
        for lang in ("zh", "en"):
            n = len(unit[lang])
            ids.append(tuple(range(counters[lang], counters[lang] + n)))
            counters[lang] += n
        gold_ids.append((ids[0], ids[1]))
    test_ids, complete = [], []
    for unit in test_units:
        mapped, whole = [], True
        for lang in ("zh", "en"):
            side = sides[lang]
            found: set[int] = set()
            covered = ""
            for text in unit[lang]:
                ids, needle = side.locate(text)
                found.update(ids)
                covered += needle
            ids = tuple(sorted(found))
            whole &= covered == "".join(side.texts[k] for k in ids)
            mapped.append(ids)
        test_ids.append((mapped[0], mapped[1]))
        complete.append(whole)
    return gold_ids, test_ids, complete


def format_table(results: dict[str, dict], first_column: str = "data set") -> str:
    """The usual strict/lax P/R/F1 table, one row per named result of `Score.table()` (+ seconds)."""
    lines = [f"{first_column:<20} {'strict P':>8} {'R':>6} {'F1':>6}   {'lax P':>6} {'R':>6} {'F1':>6}   {'time':>6}"]
    for name, r in results.items():
        lines.append(f"{name:<20} {r['strict_p']:>8.3f} {r['strict_r']:>6.3f} {r['strict_f1']:>6.3f}   "
                     f"{r['lax_p']:>6.3f} {r['lax_r']:>6.3f} {r['lax_f1']:>6.3f}   {r['seconds']:>5.1f}s")
    return "\n".join(lines)
