"""Termhood against general language: how much more frequent a term is in the corpus
than in general text, from ``wordfreq`` (Apache-2.0 code, CC BY-SA 4.0 data; its
Chinese word list is segmented with jieba). Imported on first use (about 0.1 s, and
0.3 s for its Chinese tokenizer); works offline: the frequency lists ship in the wheel.
"""
from __future__ import annotations

import math
from functools import lru_cache

from align.similarity.chinese import load_jieba

FLOOR = 1e-9  # frequency of a term wordfreq has never seen
FULL = 2.0  # log10 ratio (corpus / general) from which a term has full termhood
LEAST = 0.05  # termhood of a term no more frequent here than in general language


@lru_cache(maxsize=1)
def _wordfreq():
    load_jieba()  # wordfreq segments Chinese with jieba: the aligner's, quiet, loaded from the cache
    import wordfreq

    return wordfreq


@lru_cache(maxsize=65536)
def general_frequency(term: str, lang: str) -> float:
    """Frequency of ``term`` in general language (share of words), FLOOR if unknown."""
    return max(_wordfreq().word_frequency(term, lang), FLOOR)


def specificity(term: str, corpus_frequency: float, lang: str) -> float:
    """Termhood in [LEAST, 1]: the log ratio of the corpus frequency (share of tokens)
    to the general-language frequency, scaled so that FULL (100×) or more is 1."""
    ratio = math.log10(max(corpus_frequency, FLOOR) / general_frequency(term, lang))
    return min(1.0, max(LEAST, ratio / FULL))
