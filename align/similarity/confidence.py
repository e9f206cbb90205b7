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

A second, smaller model then puts each unit in its context (`in_context`): alignment errors come
in runs, and a pair that does not belong together has only wrong units, so a unit's final
confidence comes from its own log-odds and the mean log-odds of the two-sided units around it.
"""
from __future__ import annotations

from typing import Callable, Sequence

import numpy as np

from .scorer import BeadScorer, Query, by_bead_size, sigmoid

# a batch of bead queries → per query (zh coverage, en coverage) arrays
Sides = Callable[[Sequence[Query]], list[tuple[np.ndarray, np.ndarray]]]
FEATURES = ("bias", "logit", "length_misfit", "zh_coverage", "en_coverage", "extra_segments", "margin")
# Fitted by scripts/calibrate.py (logistic regression, L2 0.01) on every unit the log-odds sentence
# DP outputs on the six MAC-Dev chapters, target "strict hit", and of six crossed chapter pairs
# (all wrong, weighted 0.1);
# leave-one-chapter-out, unrelated UN pairs and the UN gold check it (see the script).
COEFFICIENTS = (0.660, 0.426, -0.648, -0.118, 0.088, -0.505, -0.267)
EMBEDDING_FEATURES = FEATURES + ("cosine", "margin_cosine")
# The same fit with an embedder (`scripts/calibrate.py --embedder use`).
EMBEDDING_COEFFICIENTS = (0.378, 0.395, -0.550, -0.102, 0.216, -0.480, -0.250, 0.789, 0.616)
# The context model: (bias, the unit's own confidence logit, the mean logit of the up to
# CONTEXT_WINDOW two-sided units on each side), fitted by scripts/calibrate.py on the same units.
CONTEXT_WINDOW = 3
CONTEXT_COEFFICIENTS = (-0.737, 0.656, 0.750)
EMBEDDING_CONTEXT_COEFFICIENTS = (-0.808, 0.694, 0.704)
_CLIP = 8.0
_SURE = 1e-4  # confidences are rounded to 4 decimals: 0 and 1 stand for this close to them


def unit_features(scorer: BeadScorer, sides: Sides | None, beads: Sequence[tuple[int, int]],
                  units: Sequence[tuple[int, int, int, int]],
                  bounds: Sequence[tuple[int, int, int, int]] | None = None) -> list[list[float]]:
    """The model's inputs for each two-sided bead (i, di, j, dj) = zh[i:i+di] ↔ en[j:j+dj]
    (scorer coordinates), computed in batches of one bead size; `bounds`: per unit, the segments
    (zh from, zh to, en from, en to) its competitors must stay within (default: all)."""
    groups: dict[tuple[int, int], list[int]] = {}
    for k, (_, di, _, dj) in enumerate(units):
        groups.setdefault((di, dj), []).append(k)
    queries = [(np.array([units[k][0] for k in ks]), di, np.array([units[k][2] for k in ks]), dj)
               for (di, dj), ks in groups.items()]
    everything = (0, len(scorer.zh), 0, len(scorer.en))
    limits = [np.array([bounds[k] if bounds else everything for k in ks]).reshape(-1, 4) for ks in groups.values()]
    asked, owners = _alternatives(beads, queries, limits)
    scored = by_bead_size(scorer.logits, [*queries, *asked])  # one batch: the beads and their alternatives
    logits = scored[:len(queries)]
    misfits = scorer.length_misfits(queries)
    coverage = sides(queries) if sides else [(np.zeros(len(q[0])), np.zeros(len(q[0]))) for q in queries]
    alternatives = _best_alternatives(queries, owners, scored[len(queries):])
    result: list[list[float]] = [[] for _ in units]
    for ks, (_, di, _, dj), logit, misfit, (zh_cov, en_cov), other in zip(
            groups.values(), queries, logits, misfits, coverage, alternatives):
        for k, x, mis, zc, ec, alt in zip(ks, logit.tolist(), misfit.tolist(), zh_cov.tolist(), en_cov.tolist(),
                                          other.tolist()):
            result[k] = [1.0, _clip(x), mis, zc, ec, di + dj - 2.0, _clip(x - alt)]
    return result


def embedding_features(embedding, i: int, di: int, j: int, dj: int) -> list[float]:
    """The embedding inputs for zh[i:i+di] ↔ en[j:j+dj] (an EmbeddingSimilarity's coordinates)."""
    return [embedding.cosine(i, di, j, dj), embedding.margin(i, di, j, dj)]


def confidence(x: Sequence[float], coefficients: Sequence[float] = COEFFICIENTS) -> float:
    z = sum(c * v for c, v in zip(coefficients, x))
    return sigmoid(z)


def context_features(confidences: Sequence[float], window: int = CONTEXT_WINDOW) -> np.ndarray:
    """Per two-sided unit (document order): (1, its confidence logit, the mean logit of the up to
    `window` units either side; its own where it has no neighbour)."""
    p = np.clip(np.asarray(confidences, float), _SURE, 1 - _SURE)
    own = np.log(p / (1 - p))
    sums = np.concatenate(([0.0], np.cumsum(own)))
    k = np.arange(len(own))
    start, stop = np.maximum(k - window, 0), np.minimum(k + window + 1, len(own))
    count = stop - start - 1
    around = np.divide(sums[stop] - sums[start] - own, count, out=own.copy(), where=count > 0)
    return np.column_stack([np.ones(len(own)), own, around])


def in_context(confidences: Sequence[float], coefficients: Sequence[float] = CONTEXT_COEFFICIENTS) -> list[float]:
    """The two-sided units' confidences (document order) weighed with their neighbours'."""
    if not len(confidences):
        return []
    z = context_features(confidences) @ np.asarray(coefficients)
    return [round(sigmoid(v), 4) for v in z.tolist()]


def _alternatives(beads: Sequence[tuple[int, int]], queries: Sequence[Query],
                  limits: Sequence[np.ndarray]) -> tuple[list[Query], list[tuple[int, np.ndarray]]]:
    """The other two-sided beads sharing each query bead's start or end (within the query's limits:
    zh from, zh to, en from, en to), as queries, and the query and beads each belongs to."""
    asked, owners = [], []
    for q, (i, di, j, dj) in enumerate(queries):
        zh_from, zh_to, en_from, en_to = limits[q].T
        for bi, bj in beads:
            if not bi or not bj or (bi, bj) == (di, dj):
                continue
            for si, sj in ((i, j), (i + di - bi, j + dj - bj)):
                inside = (si >= zh_from) & (si + bi <= zh_to) & (sj >= en_from) & (sj + bj <= en_to)
                asked.append((si[inside], bi, sj[inside], bj))
                owners.append((q, np.flatnonzero(inside)))
    return asked, owners


def _best_alternatives(queries: Sequence[Query], owners: Sequence[tuple[int, np.ndarray]],
                       logits: Sequence[np.ndarray]) -> list[np.ndarray]:
    """Per query bead, the best log-odds of its alternatives (`_alternatives`, and their `logits`)."""
    best = [np.full(len(q[0]), -_CLIP) for q in queries]
    for (q, where), logit in zip(owners, logits):
        np.maximum.at(best[q], where, logit)
    return best


def _clip(value: float) -> float:
    return max(-_CLIP, min(_CLIP, value))
