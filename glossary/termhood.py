"""Termhood against general language: how much more frequent a term is in the corpus
than in general text, from ``wordfreq`` (Apache-2.0 code, CC BY-SA 4.0 data; its
Chinese word list is segmented with jieba). Works offline: the frequency lists ship in
the wheel.

Importing wordfreq and reading its lists costs about 0.5 s (its package finds its data
folder by inspecting the call stack, its lists are built into dictionaries, its Chinese
tokenizer reads its own jieba dictionary), so :func:`general_frequency` computes what
``wordfreq.word_frequency`` gives from wordfreq's own lists and dictionary, cached
compactly (:mod:`resources`), for the terms it can tokenize as wordfreq does without
wordfreq: English words of ASCII letters joined by spaces or hyphens, Chinese of Han
characters, ASCII letters and spaces; any other term is asked of wordfreq itself.
"""
from __future__ import annotations

import math
import re
from functools import lru_cache
from pathlib import Path

from align.packages import package_folder
from align.similarity.chinese import load_jieba

from .resources import SortedTable, cached_table, import_alone

FLOOR = 1e-9  # frequency of a term wordfreq has never seen
FULL = 2.0  # log10 ratio (corpus / general) from which a term has full termhood
LEAST = 0.05  # termhood of a term no more frequent here than in general language
INFERRED_SPACE_FACTOR = 10.0  # wordfreq's: a word break jieba inferred divides the frequency by 10

_EN_PLAIN = re.compile(r"[A-Za-z]+(?:[ -][A-Za-z]+)*")
_EN_BREAK = re.compile(r"[ -]")
_ZH_PLAIN = re.compile(r"[\u4e00-\u9fffA-Za-z ]+")


def _data() -> Path:
    return package_folder("wordfreq") / "data"


@lru_cache(maxsize=2)
def _frequencies(lang: str) -> SortedTable[int]:
    """wordfreq's best list for ``lang`` (its large list) as word → centibels below 1 (the index
    of the word's bucket, the last bucket winning as in ``wordfreq.get_frequency_dict``)."""
    def build() -> tuple[dict[str, int], None]:
        table = {}
        for index, bucket in enumerate(_wordfreq().get_frequency_list(lang)):
            for word in bucket:
                table[word] = index
        return table, None

    return cached_table(f"wordfreq{lang}", _data() / f"large_{lang}.msgpack.gz", "1", build)[0]


@lru_cache(maxsize=1)
def _zh_tokenizer():
    """wordfreq's Chinese tokenizer (jieba over wordfreq's own dictionary, its prefix table
    cached) and its character map to simplified Chinese."""
    source = _data() / "jieba_zh.txt"

    def build() -> tuple[dict[str, int], tuple[int, dict[int, str]]]:
        from wordfreq.chinese import SIMPLIFIED_MAP

        with source.open("rb") as handle:
            prefixes, total = load_jieba().Tokenizer.gen_pfdict(handle)
        return prefixes, (total, dict(SIMPLIFIED_MAP))

    prefixes, (total, simplified) = cached_table("wordfreqjieba", source, "1", build)
    tokenizer = load_jieba().Tokenizer(dictionary=str(source))
    tokenizer.FREQ, tokenizer.total, tokenizer.initialized = prefixes, total, True
    return tokenizer, simplified


@lru_cache(maxsize=1)
def _wordfreq():
    load_jieba()  # wordfreq segments Chinese with jieba: the aligner's, quiet, loaded from the cache
    return import_alone("wordfreq")


def _tokens(term: str, lang: str) -> list[str] | None:
    """The tokens wordfreq looks ``term`` up by, or None when only wordfreq can tell."""
    if lang == "en" and _EN_PLAIN.fullmatch(term):
        return _EN_BREAK.split(term.lower())
    if lang == "zh" and _ZH_PLAIN.fullmatch(term):
        tokenizer, simplified = _zh_tokenizer()
        text = term.casefold()
        return [text[a:b].translate(simplified).casefold()
                for _, a, b in tokenizer.tokenize(text.translate(simplified).casefold(), HMM=False)]
    return None


@lru_cache(maxsize=65536)
def general_frequency(term: str, lang: str) -> float:
    """Frequency of ``term`` in general language (share of words), FLOOR if unknown:
    ``wordfreq.word_frequency(term, lang)``, computed as wordfreq does (see module docstring)."""
    tokens = _tokens(term, lang)
    if tokens is None:
        return max(_wordfreq().word_frequency(term, lang), FLOOR)
    if not tokens:
        return FLOOR
    table = _frequencies(lang)
    inverse = 0.0
    for token in tokens:
        bucket = table.get(token)
        if bucket is None:
            return FLOOR
        inverse += 1.0 / 10 ** (-bucket / 100)
    frequency = 1.0 / inverse
    if lang == "zh":
        frequency *= INFERRED_SPACE_FACTOR ** -(len(tokens) - 1)
    return max(round(frequency, math.floor(-math.log(frequency, 10)) + 3), FLOOR)


def specificity(term: str, corpus_frequency: float, lang: str) -> float:
    """Termhood in [LEAST, 1]: the log ratio of the corpus frequency (share of tokens)
    to the general-language frequency, scaled so that FULL (100×) or more is 1."""
    ratio = math.log10(max(corpus_frequency, FLOOR) / general_frequency(term, lang))
    return min(1.0, max(LEAST, ratio / FULL))
