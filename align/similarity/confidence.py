"""A unit's confidence: the probability that it is exactly right, from a small logistic model.

The DP's bead scores rank alternatives well but saturate near 1 once lexical evidence is in,
so they say little about correctness. The confidence is a separate logistic model over what
the aligner knows about a finished unit:
- the bead's log-odds score (clipped), and its length misfit (Gale–Church term);
- the lexical coverage of each side (how much of it the other side explains);
- the bead's size (extra segments beyond 1-1);
- the margin: its log-odds minus the best other bead that starts or ends where it does;
- with an embedder, also the cosine of the two sides' embeddings and its margin over neighbours.
One-sided units (1-0, 0-1) keep confidence 0.
"""
from __future__ import annotations

import math
from typing import Callable, Sequence

from .scorer import BeadScorer

Sides = Callable[[int, int, int, int], tuple[float, float]]  # (i, di, j, dj) → (zh coverage, en coverage)
FEATURES = ("bias", "logit", "length_misfit", "zh_coverage", "en_coverage", "extra_segments", "margin")
# Fitted by scripts/calibrate.py (logistic regression, L2 0.01) on every unit of the six MAC-Dev
# chapters, target "strict hit"; leave-one-chapter-out and the UN pairs check it (see the script).
COEFFICIENTS = (1.735, 0.135, -0.758, -0.091, 0.137, -0.776, 0.120)
EMBEDDING_FEATURES = FEATURES + ("cosine", "margin_cosine")
EMBEDDING_COEFFICIENTS = COEFFICIENTS + (0.0, 0.0)
_CLIP = 8.0


def unit_features(scorer: BeadScorer, sides: Sides | None, beads: Sequence[tuple[int, int]],
                  i: int, di: int, j: int, dj: int) -> list[float]:
    """The model's inputs for the two-sided bead zh[i:i+di] ↔ en[j:j+dj] (scorer coordinates)."""
    logit = scorer.logit(i, di, j, dj)
    zh_cov, en_cov = sides(i, di, j, dj) if sides else (0.0, 0.0)
    return [1.0, _clip(logit), scorer.length_misfit(i, di, j, dj), zh_cov, en_cov, di + dj - 2.0,
            _clip(logit - _best_alternative(scorer, beads, i, di, j, dj))]


def embedding_features(embedding, i: int, di: int, j: int, dj: int) -> list[float]:
    """The embedding inputs for zh[i:i+di] ↔ en[j:j+dj] (an EmbeddingSimilarity's coordinates)."""
    return [embedding.cosine(i, di, j, dj), embedding.margin(i, di, j, dj)]


def confidence(x: Sequence[float], coefficients: Sequence[float] = COEFFICIENTS) -> float:
    z = sum(c * v for c, v in zip(coefficients, x))
    return 1.0 / (1.0 + math.exp(-z))


def _best_alternative(scorer: BeadScorer, beads: Sequence[tuple[int, int]], i: int, di: int, j: int, dj: int) -> float:
    """The best log-odds of another two-sided bead sharing this one's start or end."""
    best = -_CLIP
    n, m = len(scorer.zh), len(scorer.en)
    for bi, bj in beads:
        if not bi or not bj or (bi, bj) == (di, dj):
            continue
        for si, sj in ((i, j), (i + di - bi, j + dj - bj)):
            if 0 <= si and si + bi <= n and 0 <= sj and sj + bj <= m:
                best = max(best, scorer.logit(si, bi, sj, bj))
    return best


def _clip(value: float) -> float:
    return max(-_CLIP, min(_CLIP, value))
