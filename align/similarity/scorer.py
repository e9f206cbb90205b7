"""How likely a bead (some Chinese segments ↔ some English segments) is a true translation unit.

The score is a logistic combination of independent pieces of evidence:
- length: the log ratio of English to Chinese characters against the pair's own ratio
  (Gale–Church in log space; short segments are allowed more spread);
- anchors: numbers, symbols and Latin-script names found on both sides, or on one only;
- labels: paragraph labels that agree (`三.` ↔ `III.`) or clash;
- any extra evidence plugged in (e.g. a lexical similarity), as additional log-odds.
It lies in (0, 1) and is the unit's confidence.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, Sequence

from rapidfuzz import fuzz

from .features import Features, merge

# Extra evidence: (zh start, zh count, en start, en count) → log-odds to add.
Evidence = Callable[[int, int, int, int], float]


def sigmoid(logit: float) -> float:
    """1 / (1 + e^-logit), also for log-odds beyond ±709 (a 5 MB line against a sentence)."""
    if logit >= 0:
        return 1.0 / (1.0 + math.exp(-logit))
    odds = math.exp(logit)
    return odds / (1.0 + odds)


@dataclass(frozen=True)
class Weights:
    bias: float = 2.0
    sigma: float = 0.22  # spread of the log length ratio for long segments
    short_spread: float = 6.0  # extra variance for short segments (in characters)
    anchor_match: float = 0.9
    anchor_miss: float = 0.6
    label_match: float = 3.0
    label_clash: float = 4.0
    label_one_sided: float = 1.0
    heading_clash: float = 0.5


def linear_evidence(measure: Evidence, weight: float, neutral: float,
                    zh_start: int = 0, en_start: int = 0) -> Evidence:
    """Log-odds `weight × (measure − neutral)`, for a measure over spans of a larger list
    (`zh_start`, `en_start`: where the scorer's segment 0 sits in that list)."""
    def evidence(i: int, di: int, j: int, dj: int) -> float:
        return weight * (measure(i + zh_start, di, j + en_start, dj) - neutral)

    return evidence


def length_ratio(zh: Sequence[Features], en: Sequence[Features]) -> float:
    """English characters per Chinese character over the whole pair (UN texts: about 3)."""
    zh_total = sum(f.length for f in zh)
    en_total = sum(f.length for f in en)
    if not zh_total or not en_total:
        return 3.0
    return min(max(en_total / zh_total, 0.5), 8.0)


class BeadScorer:
    """Scores beads over two fixed lists of segment features."""

    def __init__(
        self,
        zh: Sequence[Features],
        en: Sequence[Features],
        ratio: float | None = None,
        weights: Weights = Weights(),
        evidence: Sequence[Evidence] = (),
    ):
        self.zh, self.en = zh, en
        self.ratio = ratio if ratio is not None else length_ratio(zh, en)
        self.weights = weights
        self.evidence = list(evidence)
        self._cache: dict[tuple[int, int, int, int], float] = {}
        self._spans: dict[tuple[str, int, int], Features] = {}

    def __call__(self, i: int, di: int, j: int, dj: int) -> float:
        key = (i, di, j, dj)
        score = self._cache.get(key)
        if score is None:
            score = self._cache[key] = self._score(i, di, j, dj)
        return score

    def _score(self, i: int, di: int, j: int, dj: int) -> float:
        return sigmoid(self.logit(i, di, j, dj))

    def logit(self, i: int, di: int, j: int, dj: int) -> float:
        """The bead's log-odds: the sum of all evidence."""
        zh, en = self._span("zh", i, di), self._span("en", j, dj)
        logit = self.weights.bias - self._length_penalty(zh.length, en.length)
        logit += self._anchor_evidence(zh, en) + self._label_evidence(zh, en)
        return logit + sum(e(i, di, j, dj) for e in self.evidence)

    def length_misfit(self, i: int, di: int, j: int, dj: int) -> float:
        """The length term alone (0 for a perfect fit)."""
        return self._length_penalty(self._span("zh", i, di).length, self._span("en", j, dj).length)

    def _span(self, side: str, start: int, count: int) -> Features:
        key = (side, start, count)
        span = self._spans.get(key)
        if span is None:
            segments = self.zh if side == "zh" else self.en
            span = self._spans[key] = merge(list(segments[start:start + count]))
        return span

    def _length_penalty(self, zh_len: int, en_len: int) -> float:
        expected = self.ratio * zh_len
        log_ratio = math.log((en_len + self.ratio) / (expected + self.ratio))
        spread = self.weights.sigma ** 2 + self.weights.short_spread / (zh_len + en_len / self.ratio + 1)
        return log_ratio ** 2 / (2 * spread)

    def _anchor_evidence(self, zh: Features, en: Features) -> float:
        matched = len(zh.numbers & en.numbers)
        missed = len(zh.numbers ^ en.numbers)
        for name in zh.names:
            matched, missed = _count(_found(name, en.words), matched, missed)
        for name in en.names - zh.names:
            matched, missed = _count(_found(name, zh.words), matched, missed)
        w = self.weights
        return w.anchor_match * matched - w.anchor_miss * missed

    def _label_evidence(self, zh: Features, en: Features) -> float:
        """Agreeing first labels count for a bead; clashing ones, and a labelled paragraph merged
        into a bead whose other side has no such label (`8.`+`9.` ↔ `8.`), count against it."""
        w = self.weights
        evidence = 0.0 if zh.heading == en.heading else -w.heading_clash
        evidence -= w.label_clash * len(zh.inner_labels ^ en.inner_labels)
        if zh.label and en.label:
            return evidence + (w.label_match if zh.label == en.label else -w.label_clash)
        if zh.label or en.label:
            return evidence - w.label_one_sided
        return evidence


def _found(name: str, words: frozenset[str]) -> bool:
    if name in words:
        return True
    return len(name) >= 5 and any(len(w) >= 5 and fuzz.ratio(name, w) >= 88 for w in words)


def _count(found: bool, matched: int, missed: int) -> tuple[int, int]:
    return (matched + 1, missed) if found else (matched, missed + 1)
