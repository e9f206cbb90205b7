"""How likely a bead (some Chinese segments ↔ some English segments) is a true translation unit.

The score is a logistic combination of independent pieces of evidence:
- length: the log ratio of English to Chinese characters against the pair's own ratio
  (Gale–Church in log space; short segments are allowed more spread);
- anchors: numbers, symbols and Latin-script names found on both sides, or on one only;
- labels: paragraph labels that agree (`三.` ↔ `III.`) or clash;
- any extra evidence plugged in (e.g. a lexical similarity), as additional log-odds.
It lies in (0, 1). `many` scores a batch of beads with array operations (what the DP uses);
calling the scorer scores one.
"""
from __future__ import annotations

import math
from functools import lru_cache
from typing import Callable, Sequence

import numpy as np
from rapidfuzz import fuzz

from ..config import Weights
from .features import Features, merge

# Extra evidence: (zh start, zh count, en start, en count) → log-odds to add. An evidence object
# may also answer a batch of queries at once with a `many(queries)` method (see `evaluate_many`).
Evidence = Callable[[int, int, int, int], float]
Query = tuple[np.ndarray, int, np.ndarray, int]  # bead starts on each side, for one bead size (di, dj)
Batch = Callable[[Sequence[Query]], list[np.ndarray]]


def sigmoid(logit: float) -> float:
    """1 / (1 + e^-logit), also for log-odds beyond ±709 (a 5 MB line against a sentence)."""
    if logit >= 0:
        return 1.0 / (1.0 + math.exp(-logit))
    odds = math.exp(logit)
    return odds / (1.0 + odds)


class LinearEvidence:
    """Log-odds `weight × (measure − neutral)`, at most `cap`, for a measure over spans of a larger
    list (`zh_start`, `en_start`: where the scorer's segment 0 sits in that list); `batch` is the
    measure over a batch of queries, when it has one."""

    def __init__(self, measure: Evidence, weight: float, neutral: float, zh_start: int = 0, en_start: int = 0,
                 batch: Batch | None = None, cap: float = math.inf):
        self.measure, self.batch, self.weight, self.neutral = measure, batch, weight, neutral
        self.zh_start, self.en_start, self.cap = zh_start, en_start, cap

    def __call__(self, i: int, di: int, j: int, dj: int) -> float:
        return min(self.cap, self.weight * (self.measure(i + self.zh_start, di, j + self.en_start, dj) - self.neutral))

    def many(self, queries: Sequence[Query]) -> list[np.ndarray]:
        shifted = [(i + self.zh_start, di, j + self.en_start, dj) for i, di, j, dj in queries]
        values = self.batch(shifted) if self.batch else evaluate_many(self.measure, shifted)
        return [np.minimum(self.cap, self.weight * (v - self.neutral)) for v in values]


def evaluate_many(function: Evidence, queries: Sequence[Query]) -> list[np.ndarray]:
    """A batch of queries answered by `function.many` if it has one, else one call per bead."""
    many = getattr(function, "many", None)
    if many is not None:
        return many(queries)
    return [np.fromiter((function(int(a), di, int(b), dj) for a, b in zip(i, j)), float, len(i))
            for i, di, j, dj in queries]


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
        self._spans: dict[tuple[str, int, int], Features] = {}
        self._zh_length = np.concatenate(([0], np.cumsum([f.length for f in zh])))
        self._en_length = np.concatenate(([0], np.cumsum([f.length for f in en])))
        self._zh_anchored, self._en_anchored = _running_count(zh, _anchored), _running_count(en, _anchored)
        self._zh_labelled, self._en_labelled = _running_count(zh, _labelled), _running_count(en, _labelled)
        self._anchor_counts: dict[tuple[str, int], np.ndarray] = {}
        self._zh_heading = np.array([f.heading for f in zh], bool)
        self._en_heading = np.array([f.heading for f in en], bool)

    def __call__(self, i: int, di: int, j: int, dj: int) -> float:
        return float(self.many([(np.array([i]), di, np.array([j]), dj)])[0][0])

    def many(self, queries: Sequence[Query]) -> list[np.ndarray]:
        """Scores of a batch of beads (one array per query)."""
        return [1.0 / (1.0 + np.exp(np.minimum(-logit, 700.0))) for logit in self.logits(queries)]  # no overflow

    def logits(self, queries: Sequence[Query]) -> list[np.ndarray]:
        """Log-odds of a batch of beads, in arrays; bead by bead only where both spans have anchors
        (numbers, Latin words) or one has a label."""
        result = []
        w = self.weights
        for i, di, j, dj in queries:
            # with one side free of anchors, every anchor of the other is missed
            missed = self._anchor_count("zh", di)[i] + self._anchor_count("en", dj)[j]
            anchors = w.anchor_match * 0 - w.anchor_miss * missed
            evidence = anchors + np.where(self._zh_heading[i] != self._en_heading[j], -w.heading_clash, 0.0)
            both = ((self._zh_anchored[i + di] > self._zh_anchored[i]) & (self._en_anchored[j + dj] > self._en_anchored[j])
                    | (self._zh_labelled[i + di] > self._zh_labelled[i]) | (self._en_labelled[j + dj] > self._en_labelled[j]))
            for k in np.flatnonzero(both).tolist():
                evidence[k] = self._set_evidence(int(i[k]), di, int(j[k]), dj)
            logit = (w.bias - self.length_misfits([(i, di, j, dj)])[0]) + evidence
            result.append(logit)
        if self.evidence:
            extra = [evaluate_many(e, queries) for e in self.evidence]
            result = [logit + sum(values) for logit, *values in zip(result, *extra)]
        return result

    def _set_evidence(self, i: int, di: int, j: int, dj: int) -> float:
        """Anchor and label evidence of one bead, from its spans' sets (not kept: the DP's widening
        passes ask each bead once, see `aligner.corridor._Remembered`; a cache here answered 1 % of
        the asks on 2,500 numbered paragraphs, 7 % on a UN pair, and grew with band × segments)."""
        zh, en = self._span("zh", i, di), self._span("en", j, dj)
        return self._anchor_evidence(zh, en) + self._label_evidence(zh, en)

    def _anchor_count(self, side: str, count: int) -> np.ndarray:
        """For every span of `count` segments, its distinct numbers and names (by first segment);
        set unions only for spans with more than one segment that has some."""
        key = (side, count)
        counts = self._anchor_counts.get(key)
        if counts is None:
            segments = self.zh if side == "zh" else self.en
            own = np.array([len(f.numbers) + len(f.names) for f in segments] + [0] * count, np.int64)
            with_some = np.concatenate(([0], np.cumsum(own > 0)))
            counts = np.convolve(own, np.ones(count, np.int64))[count - 1:count - 1 + len(own)]
            for k in np.flatnonzero(with_some[count:] - with_some[:-count] > 1).tolist():
                span = segments[k:k + count]
                counts[k] = (len(frozenset().union(*(f.numbers for f in span)))
                             + len(frozenset().union(*(f.names for f in span))))
            self._anchor_counts[key] = counts
        return counts

    def length_misfits(self, queries: Sequence[Query]) -> list[np.ndarray]:
        """The length term alone of a batch of beads (0 for a perfect fit)."""
        return [self._length_penalty(self._zh_length[i + di] - self._zh_length[i],
                                     self._en_length[j + dj] - self._en_length[j]) for i, di, j, dj in queries]

    def _span(self, side: str, start: int, count: int) -> Features:
        key = (side, start, count)
        span = self._spans.get(key)
        if span is None:
            segments = self.zh if side == "zh" else self.en
            span = self._spans[key] = merge(list(segments[start:start + count]))
        return span

    def _length_penalty(self, zh_len: np.ndarray, en_len: np.ndarray) -> np.ndarray:
        expected = self.ratio * zh_len
        log_ratio = np.log((en_len + self.ratio) / (expected + self.ratio))
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


def _running_count(segments: Sequence[Features], test: Callable[[Features], bool]) -> np.ndarray:
    """counts[k] = how many of the first k segments pass `test`."""
    return np.concatenate(([0], np.cumsum([test(f) for f in segments]))).astype(np.int64)


def _anchored(f: Features) -> bool:
    return bool(f.numbers or f.names or f.words)


def _labelled(f: Features) -> bool:
    return bool(f.label or f.inner_labels)


@lru_cache(maxsize=1 << 16)
def _found(name: str, words: frozenset[str]) -> bool:
    if name in words:
        return True
    return len(name) >= 5 and any(len(w) >= 5 and fuzz.ratio(name, w) >= 88 for w in words)


def _count(found: bool, matched: int, missed: int) -> tuple[int, int]:
    return (matched + 1, missed) if found else (matched, missed + 1)
