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
from typing import Callable, Iterator, Sequence

import numpy as np
from rapidfuzz import fuzz

from ..config import Weights
from .features import Features
from .lexical import ranges

# Extra evidence: (zh start, zh count, en start, en count) → log-odds to add. An evidence object
# may also answer a batch of queries at once with a `many(queries)` method (see `evaluate_many`).
Evidence = Callable[[int, int, int, int], float]
Query = tuple[np.ndarray, int, np.ndarray, int]  # bead starts on each side, for one bead size (di, dj)
Batch = Callable[[Sequence[Query]], list[np.ndarray]]
_PART = 1 << 16  # beads whose log-odds are computed at once


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


def by_bead_size(batch: Batch, queries: Sequence[Query]) -> list[np.ndarray]:
    """`batch(queries)`, asked with the queries of each bead size joined into one (fewer, larger
    array operations: scores do not depend on the batch a bead comes in)."""
    sizes: dict[tuple[int, int], list[int]] = {}
    for k, (_, di, _, dj) in enumerate(queries):
        sizes.setdefault((di, dj), []).append(k)
    joined = [queries[ks[0]] if len(ks) == 1 else  # one query of its size: asked as it is, not copied
              (np.concatenate([queries[k][0] for k in ks]), di, np.concatenate([queries[k][2] for k in ks]), dj)
              for (di, dj), ks in sizes.items()]
    result: list[np.ndarray] = [np.zeros(0)] * len(queries)
    for ks, values in zip(sizes.values(), batch(joined) if joined else []):
        for k, part in zip(ks, np.split(values, np.cumsum([len(queries[k][0]) for k in ks])[:-1])):
            result[k] = part
    return result


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
        self._sets: _Sets | None = None  # made when first needed (`_set_tables`)
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
        """Log-odds of a batch of beads, in arrays: the extra evidence over the whole batch, the
        rest over all its queries' beads at once (in parts of up to _PART beads, to bound the
        memory); from the spans' sets (`_Sets`) where both spans have anchors (numbers, Latin
        words) or one has a label."""
        if not queries:
            return []
        logit = np.concatenate([self._own_logits(part) for part in _parts(queries, _PART)])
        if self.evidence:
            logit = logit + sum(np.concatenate(evaluate_many(e, queries)) for e in self.evidence)
        return np.split(logit, np.cumsum([len(q[0]) for q in queries])[:-1])

    def _own_logits(self, queries: Sequence[Query]) -> np.ndarray:
        """The log-odds of a batch's beads (as one array) from their lengths, anchors, labels and headings."""
        w = self.weights
        i, di, j, dj = _flat(queries)
        # with one side free of anchors, every anchor of the other is missed
        missed = np.concatenate([self._anchor_count("zh", qi)[a] + self._anchor_count("en", qj)[b]
                                 for a, qi, b, qj in queries])
        anchors = w.anchor_match * 0 - w.anchor_miss * missed
        evidence = anchors + np.where(self._zh_heading[i] != self._en_heading[j], -w.heading_clash, 0.0)
        both = ((self._zh_anchored[i + di] > self._zh_anchored[i]) & (self._en_anchored[j + dj] > self._en_anchored[j])
                | (self._zh_labelled[i + di] > self._zh_labelled[i]) | (self._en_labelled[j + dj] > self._en_labelled[j]))
        if both.any():
            evidence[both] = self._set_evidence(i[both], di[both], j[both], dj[both])
        return (w.bias - self._length_penalty(self._zh_length[i + di] - self._zh_length[i],
                                              self._en_length[j + dj] - self._en_length[j])) + evidence

    def _set_evidence(self, i: np.ndarray, di, j: np.ndarray, dj) -> np.ndarray:
        """Anchor and label evidence of beads zh[i:i+di] ↔ en[j:j+dj], from their spans' sets (`di`,
        `dj`: one bead size, or each bead's)."""
        sets = self._set_tables()
        di, dj = np.broadcast_to(di, i.shape), np.broadcast_to(dj, j.shape)
        return self._anchor_evidence(sets, i, di, j, dj) + self._label_evidence(sets, i, di, j, dj)

    def _set_tables(self) -> "_Sets":
        """Both sides' anchor and label sets as arrays."""
        if self._sets is None:
            self._sets = _Sets(self.zh, self.en)
        return self._sets

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
            several = np.flatnonzero(with_some[count:] - with_some[:-count] > 1)
            if len(several):  # the sizes of their unions, the spans cut at the end of the segments
                sets, size = self._set_tables(), np.minimum(count, len(segments) - several)
                counts[several] = sum(sets.per_bead(sets.entries(side, kind, several, size), len(several))
                                      for kind in ("numbers", "names"))
            self._anchor_counts[key] = counts
        return counts

    def length_misfits(self, queries: Sequence[Query]) -> list[np.ndarray]:
        """The length term alone of a batch of beads (0 for a perfect fit)."""
        return [self._length_penalty(self._zh_length[i + di] - self._zh_length[i],
                                     self._en_length[j + dj] - self._en_length[j]) for i, di, j, dj in queries]

    def _length_penalty(self, zh_len: np.ndarray, en_len: np.ndarray) -> np.ndarray:
        expected = self.ratio * zh_len
        log_ratio = np.log((en_len + self.ratio) / (expected + self.ratio))
        spread = self.weights.sigma ** 2 + self.weights.short_spread / (zh_len + en_len / self.ratio + 1)
        return log_ratio ** 2 / (2 * spread)

    def _anchor_evidence(self, sets: "_Sets", i: np.ndarray, di: np.ndarray, j: np.ndarray, dj: np.ndarray) -> np.ndarray:
        """Numbers on both sides match, on one side miss; each Chinese name, and each English name the
        Chinese side lacks, matches when the other side has it (or a word close to it), else misses."""
        count = len(i)
        zh_numbers, en_numbers = sets.entries("zh", "numbers", i, di), sets.entries("en", "numbers", j, dj)
        matched = sets.per_bead(np.intersect1d(zh_numbers, en_numbers, assume_unique=True), count)
        missed = sets.per_bead(zh_numbers, count) + sets.per_bead(en_numbers, count) - 2 * matched
        zh_names, en_names = sets.entries("zh", "names", i, di), sets.entries("en", "names", j, dj)
        en_names = en_names[~np.isin(en_names, zh_names, assume_unique=True)]
        for names, side, start, size in ((zh_names, "en", j, dj), (en_names, "zh", i, di)):
            found = sets.found(names, side, start, size)
            matched = matched + sets.per_bead(names[found], count)
            missed = missed + sets.per_bead(names[~found], count)
        w = self.weights
        return w.anchor_match * matched - w.anchor_miss * missed

    def _label_evidence(self, sets: "_Sets", i: np.ndarray, di: np.ndarray, j: np.ndarray, dj: np.ndarray) -> np.ndarray:
        """Agreeing first labels count for a bead; clashing ones, and a labelled paragraph merged
        into a bead whose other side has no such label (`8.`+`9.` ↔ `8.`), count against it."""
        w, count = self.weights, len(i)
        zh_inner, en_inner = sets.inner_labels("zh", i, di), sets.inner_labels("en", j, dj)
        shared = sets.per_bead(np.intersect1d(zh_inner, en_inner, assume_unique=True), count)
        clashes = sets.per_bead(zh_inner, count) + sets.per_bead(en_inner, count) - 2 * shared
        evidence = np.where(self._zh_heading[i] == self._en_heading[j], 0.0, -w.heading_clash) - w.label_clash * clashes
        zh_label, en_label = sets.label["zh"][i], sets.label["en"][j]
        both, one = (zh_label >= 0) & (en_label >= 0), (zh_label >= 0) != (en_label >= 0)
        evidence[both] += np.where(zh_label[both] == en_label[both], w.label_match, -w.label_clash)
        evidence[one] -= w.label_one_sided
        return evidence


class _Sets:
    """Both sides' anchor sets (numbers, names, labels, inner labels; words as needed) as ids of one vocabulary,
    segment by segment: set sizes and intersections of many spans at once, each span's set as
    sorted codes `bead × size + id`; `label`: each segment's label id (-1: none)."""

    def __init__(self, zh: Sequence[Features], en: Sequence[Features]):
        self.vocabulary: dict[str, int] = {}
        self.segments = {"zh": zh, "en": en}
        self.sets = {(side, kind): self._ids([getattr(f, kind) for f in segments])
                     for side, segments in self.segments.items()
                     for kind in ("numbers", "names", "inner_labels")}
        self.sets.update({(side, "labels"): self._ids([[f.label] if f.label else [] for f in segments])
                          for side, segments in self.segments.items()})
        self.label = {side: np.array([self.vocabulary[f.label] if f.label else -1 for f in segments], np.int64)
                      for side, segments in self.segments.items()}
        self.strings = list(self.vocabulary)
        self.size = len(self.strings) + 1
        self.long = np.array([len(t) >= 5 for t in self.strings] + [False], bool)  # may be close to another word
        self._words: dict[str, tuple[np.ndarray, np.ndarray]] = {}  # made when first looked in: see `words`

    def _ids(self, sets) -> tuple[np.ndarray, np.ndarray]:
        """Each segment's set as a run of ids: (start of each run, ids)."""
        ids = [self.vocabulary.setdefault(t, len(self.vocabulary)) for tokens in sets for t in tokens]
        return np.concatenate(([0], np.cumsum([len(t) for t in sets]))).astype(np.int64), np.array(ids, np.int64)

    def words(self, side: str) -> tuple[np.ndarray, np.ndarray]:
        """The side's words that are some segment's name (no other can match one), as sorted codes
        `id × segments + segment`; and whether each segment has a word long enough to be close to one."""
        if side not in self._words:
            segments, vocabulary = self.segments[side], self.vocabulary
            codes = [vocabulary[w] * len(segments) + k for k, f in enumerate(segments) for w in f.words if w in vocabulary]
            self._words[side] = (np.sort(np.array(codes, np.int64)),
                                 np.array([any(len(w) >= 5 for w in f.words) for f in segments], bool))
        return self._words[side]

    def entries(self, side: str, kind: str, start: np.ndarray, count: np.ndarray, skip: int = 0) -> np.ndarray:
        """The union of `kind` over each span segments[start+skip:start+count], as sorted unique codes
        (a span's sets lie side by side: one run of ids per span)."""
        ptr, ids = self.sets[side, kind]
        if not len(ids):  # no segment of this side has any
            return ids
        first, last = ptr[start + skip], ptr[start + count]
        bead, item = ranges(first, last - first)
        return _unique(bead * self.size + ids[item])

    def inner_labels(self, side: str, start: np.ndarray, count: np.ndarray) -> np.ndarray:
        """Each span's labels after its first segment's, with its segments' own inner labels."""
        return _unique(np.concatenate((self.entries(side, "labels", start, count, skip=1),
                                       self.entries(side, "inner_labels", start, count))))

    def per_bead(self, codes: np.ndarray, count: int) -> np.ndarray:
        """How many of these codes each of `count` beads has."""
        return np.bincount(codes // self.size, minlength=count)

    def found(self, names: np.ndarray, side: str, start: np.ndarray, count: np.ndarray) -> np.ndarray:
        """Whether each (bead, name) code's name is among the words of that bead's span on `side`, or close
        to one of them (`_found`): a span's words are its segments' union, so each name is looked up
        segment by segment, the closeness asked once per name and segment."""
        segments = self.segments[side]
        bead, name = np.divmod(names, self.size)
        owner, segment = ranges(start[bead], count[bead])  # each (bead, name) code's segments
        asked = name[owner] * len(segments) + segment
        words, long_words = self.words(side)
        found = np.zeros(len(names), bool)
        if len(words):
            at = np.minimum(np.searchsorted(words, asked), len(words) - 1)
            found[owner[words[at] == asked]] = True
        # a long name not found may be close to a long word of a segment that has one
        fuzzy = np.flatnonzero(~found[owner] & self.long[name[owner]] & long_words[segment])
        if len(fuzzy):
            pairs, where = np.unique(asked[fuzzy], return_inverse=True)
            close = np.array([_found(self.strings[p // len(segments)], segments[p % len(segments)].words)
                              for p in pairs.tolist()], bool)[where.ravel()]
            found[owner[fuzzy[close]]] = True
        return found


def _unique(codes: np.ndarray) -> np.ndarray:
    """The distinct codes, sorted (numpy's hashing `unique` is slower on these)."""
    codes = np.sort(codes)
    return codes[np.concatenate(([True], codes[1:] != codes[:-1]))] if len(codes) else codes


def _parts(queries: Sequence[Query], size: int) -> Iterator[list[Query]]:
    """The queries in consecutive parts of up to `size` beads (a longer query cut into pieces)."""
    part, count = [], 0
    for i, di, j, dj in queries:
        for start in range(0, max(len(i), 1), size):  # an empty query: one empty piece
            piece = i[start:start + size]
            if count + len(piece) > size:
                yield part
                part, count = [], 0
            part.append((piece, di, j[start:start + size], dj))
            count += len(piece)
    if part:
        yield part


def _flat(queries: Sequence[Query]) -> tuple[np.ndarray, ...]:
    """A batch's beads as one: (i, di, j, dj) arrays, each bead with its own sizes."""
    sizes = [len(i) for i, _, _, _ in queries]
    return (np.concatenate([i for i, _, _, _ in queries]), np.repeat([di for _, di, _, _ in queries], sizes),
            np.concatenate([j for _, _, j, _ in queries]), np.repeat([dj for _, _, _, dj in queries], sizes))


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
