"""Confident 1-1 pairs found before the full search (Bertalign's first step, at linear cost).

Candidates are pairs that share a rare key (found through an inverted index, so no n×m
matrix is built); a Chinese segment's best candidate becomes an anchor when it is clearly
better than its second best and better than any other Chinese segment's claim on the same
English segment. The longest monotone chain of anchors then guides the banded DP.

Repeated text (headings, formulas, a document pasted twice) has no clear best in the whole
text, so anchors are found twice: once over the whole text, then again within a window around
the position the first chain (or, without one, the lengths alone) predicts for each segment.
"""
from __future__ import annotations

import bisect
from itertools import accumulate
from typing import Callable, Iterable, Sequence

from .corridor import monotone_chain


Candidates = Callable[[Sequence[float] | None, int], Iterable[tuple[int, int]]]  # (expected, window) → pairs


Similarity = Callable[[Sequence[tuple[int, int]]], Sequence[float]]  # pairs (i, j) → their similarity


def positional_anchors(candidates: Candidates, similarity: Similarity,
                       zh_lengths: Sequence[int], en_lengths: Sequence[int],
                       threshold: float, margin: float, window: int) -> list[tuple[int, int]]:
    """Anchors over the whole text, then again within `window` of where they predict each segment."""
    chain = best_pairs(candidates(None, 0), similarity, threshold, margin)
    expected = expected_positions(zh_lengths, en_lengths, chain)
    return best_pairs(candidates(expected, window), similarity, threshold, margin)


def expected_positions(zh_lengths: Sequence[int], en_lengths: Sequence[int],
                       chain: Sequence[tuple[int, int]]) -> list[float]:
    """For each Chinese segment, the English position its start maps to: between neighbouring
    anchors, the point that leaves the same share of the characters on each side."""
    n, m = len(zh_lengths), len(en_lengths)
    zh_at, en_at = [0, *accumulate(zh_lengths)], [0, *accumulate(en_lengths)]
    points = [(0, 0)] + [(i, j) for i, j in chain if 0 < i < n and 0 < j < m] + [(n, m)]
    expected: list[float] = []
    for (i0, j0), (i1, j1) in zip(points, points[1:]):
        for i in range(i0, i1):
            zh_span = zh_at[i1] - zh_at[i0]
            share = (zh_at[i] - zh_at[i0]) / zh_span if zh_span else (i - i0) / (i1 - i0)
            target = en_at[j0] + share * (en_at[j1] - en_at[j0])
            expected.append(float(min(max(bisect.bisect_left(en_at, target, j0, j1 + 1), j0), j1)))
    return expected


def best_pairs(candidates: Iterable[tuple[int, int]], similarity: Similarity,
               threshold: float, margin: float) -> list[tuple[int, int]]:
    """Mutually best pairs above `threshold`, each `margin` above the runner-up on both sides."""
    by_zh: dict[int, list[tuple[float, int]]] = {}
    by_en: dict[int, list[tuple[float, int]]] = {}
    candidates = list(candidates)
    for (i, j), score in zip(candidates, similarity(candidates)):
        by_zh.setdefault(i, []).append((score, j))
        by_en.setdefault(j, []).append((score, i))
    zh_best = {i: _clear_best(scores, margin) for i, scores in by_zh.items()}
    en_best = {j: _clear_best(scores, margin) for j, scores in by_en.items()}
    pairs = []
    for i, best in zh_best.items():
        if best and best[0] >= threshold and en_best.get(best[1]) == (best[0], i):
            pairs.append((i, best[1]))
    return monotone_chain(pairs)


def _clear_best(scores: list[tuple[float, int]], margin: float) -> tuple[float, int] | None:
    scores.sort(reverse=True)
    if len(scores) > 1 and scores[0][0] - scores[1][0] < margin:
        return None
    return scores[0]
