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

import numpy as np

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
    """Mutually best pairs above `threshold`, each `margin` above the runner-up on both sides
    (among equal scores, the pair with the later segment on the other side is the best)."""
    candidates = list(candidates)
    if not candidates:
        return []
    i, j = (np.array(side, np.int64) for side in zip(*candidates))
    score = np.asarray(similarity(candidates), float)
    best = _clear_best(i, j, score, margin) & _clear_best(j, i, score, margin) & (score >= threshold)
    return monotone_chain(list(zip(i[best].tolist(), j[best].tolist())))


def _clear_best(own: np.ndarray, other: np.ndarray, score: np.ndarray, margin: float) -> np.ndarray:
    """Per candidate: whether it is its own segment's best (highest score, then later other segment),
    `margin` above the runner-up."""
    order = np.lexsort((other, score, own))
    last = np.append(own[order][1:] != own[order][:-1], True)  # each segment's best, at its group's end
    alone = np.insert(last[:-1], 0, True)  # the group's best is also its first: no runner-up
    runner_up = np.roll(score[order], 1)
    clear = last & (alone | (score[order] - runner_up >= margin))
    result = np.zeros(len(order), bool)
    result[order] = clear
    return result
