"""Confident 1-1 pairs found before the full search (Bertalign's first step, at linear cost).

Candidates are pairs that share a rare key (found through an inverted index, so no n×m
matrix is built); a Chinese segment's best candidate becomes an anchor when it is clearly
better than its second best and better than any other Chinese segment's claim on the same
English segment. The longest monotone chain of anchors then guides the banded DP.
"""
from __future__ import annotations

from typing import Callable, Iterable

from .corridor import monotone_chain


def best_pairs(candidates: Iterable[tuple[int, int]], similarity: Callable[[int, int], float],
               threshold: float, margin: float) -> list[tuple[int, int]]:
    """Mutually best pairs above `threshold`, each `margin` above the runner-up on both sides."""
    by_zh: dict[int, list[tuple[float, int]]] = {}
    by_en: dict[int, list[tuple[float, int]]] = {}
    for i, j in candidates:
        score = similarity(i, j)
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
