"""Word translations learned from the document pair itself (IBM Model 1, EM with a NULL word).

The confident units of a first alignment are a small parallel corpus; Model 1 estimates
t(English key | Chinese word) on it. Pairs that are both probable and seen together in
several units extend the dictionary for a second alignment (hunalign's realign idea, with a
proper translation model instead of co-occurrence counts): names translated rather than
transcribed (韦小宝 → Trinket, 袭人 → Aroma) and the translator's habits are learned this way.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from typing import Sequence

_NULL = ""


def learn_lexicon(
    units: Sequence[tuple[Sequence[str], Sequence[str]]],
    iterations: int = 5,
    min_probability: float = 0.3,
    min_count: int = 2,
) -> dict[str, frozenset[str]]:
    """Chinese word → English keys, from (Chinese words, English keys) of aligned units."""
    corpus = [(sorted(set(zh)) + [_NULL], sorted(set(en))) for zh, en in units if zh and en]
    together = Counter((z, e) for zh, en in corpus for z in zh if z for e in en)
    table = _model1(corpus, iterations)
    lexicon: dict[str, set[str]] = defaultdict(set)
    for (z, e), p in table.items():
        if z and p >= min_probability and together[(z, e)] >= min_count:
            lexicon[z].add(e)
    return {z: frozenset(keys) for z, keys in lexicon.items()}


def _model1(corpus: Sequence[tuple[list[str], list[str]]], iterations: int) -> dict[tuple[str, str], float]:
    """t(e | z) after `iterations` EM steps from a uniform start."""
    table: dict[tuple[str, str], float] = defaultdict(lambda: 1.0)
    for _ in range(iterations):
        counts: dict[tuple[str, str], float] = defaultdict(float)
        totals: dict[str, float] = defaultdict(float)
        for zh, en in corpus:
            for e in en:
                norm = sum(table[(z, e)] for z in zh)
                for z in zh:
                    share = table[(z, e)] / norm
                    counts[(z, e)] += share
                    totals[z] += share
        table = defaultdict(float, {(z, e): c / totals[z] for (z, e), c in counts.items()})
    return table
