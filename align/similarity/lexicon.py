"""Word translations learned from the document pair itself (IBM Model 1, EM with a NULL word).

The confident units of a first alignment are a small parallel corpus; Model 1 estimates
t(English key | Chinese word) on it. Pairs that are both probable and seen together in
several units extend the dictionary for a second alignment (hunalign's realign idea, with a
proper translation model instead of co-occurrence counts): names translated rather than
transcribed (韦小宝 → Trinket, 袭人 → Aroma) and the translator's habits are learned this way.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np

from .lexical import ranges

_NULL = ""


def learn_lexicon(
    units: Sequence[tuple[Sequence[str], Sequence[str]]],
    iterations: int = 5,
    min_probability: float = 0.3,
    min_count: int = 2,
) -> dict[str, frozenset[str]]:
    """Chinese word → English keys, from (Chinese words, English keys) of aligned units."""
    corpus = [(sorted(set(zh)) + [_NULL], sorted(set(en))) for zh, en in units if zh and en]
    if not corpus:
        return {}
    zh_vocabulary = sorted({z for zh, _ in corpus for z in zh})
    en_vocabulary = sorted({e for _, en in corpus for e in en})
    zh_ids = {z: k for k, z in enumerate(zh_vocabulary)}
    en_ids = {e: k for k, e in enumerate(en_vocabulary)}
    # every (unit, English key, Chinese word) link, unit by unit, key by key: the EM's summing order;
    # a group is one English key of one unit, its links the unit's Chinese words
    words = np.array([zh_ids[z] for zh, _ in corpus for z in zh], np.int64)
    keys = np.array([en_ids[e] for _, en in corpus for e in en], np.int64)
    zh_sizes, en_sizes = (np.array([len(unit[side]) for unit in corpus], np.int64) for side in (0, 1))
    unit_of_key = np.repeat(np.arange(len(corpus)), en_sizes)
    group, zh_of = ranges((np.cumsum(zh_sizes) - zh_sizes)[unit_of_key], zh_sizes[unit_of_key])
    zh_of = words[zh_of]
    pairs, pair_of = np.unique(zh_of * len(en_vocabulary) + keys[group], return_inverse=True)
    table = _model1(pair_of, zh_of, group, len(pairs), len(zh_vocabulary), iterations)
    together = np.bincount(pair_of, minlength=len(pairs))  # units where the pair occurs
    lexicon: dict[str, set[str]] = {}
    null = zh_ids[_NULL]
    for pair in np.flatnonzero((table >= min_probability) & (together >= min_count)).tolist():
        z, e = divmod(int(pairs[pair]), len(en_vocabulary))
        if z != null:
            lexicon.setdefault(zh_vocabulary[z], set()).add(en_vocabulary[e])
    return {z: frozenset(keys) for z, keys in lexicon.items()}


def _model1(pair_of: np.ndarray, zh_of: np.ndarray, group: np.ndarray, pairs: int, words: int,
            iterations: int) -> np.ndarray:
    """t(e | z) per (z, e) pair after `iterations` EM steps from a uniform start.

    Link k joins Chinese word zh_of[k] and an English key in a unit (the pair pair_of[k]); the
    links of one English key in one unit form group[k], over which its probability is shared."""
    table = np.ones(pairs)
    zh_of_pair = np.zeros(pairs, np.int64)
    zh_of_pair[pair_of] = zh_of
    for _ in range(iterations):
        share = table[pair_of]
        share /= np.bincount(group, share)[group]
        counts = np.bincount(pair_of, share, minlength=pairs)
        totals = np.bincount(zh_of, share, minlength=words)
        table = counts / totals[zh_of_pair]
    return table
