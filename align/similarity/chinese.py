"""Chinese text as dictionary words: jieba segmentation repaired against CC-CEDICT headwords.

jieba (without its HMM, so unknown names are not glued into guessed words) gives the words;
a word the dictionary lacks is re-split by greedy longest match over the headwords, so the
lookup does not depend on jieba's choices. Numerals are read as numbers (二十八 → 28).
"""
from __future__ import annotations

import logging
import marshal
import re
from array import array
from functools import lru_cache
from pathlib import Path
from typing import Container

from ..script import CJK
from .dictionary import Dictionary, cache_dir, write_cache

_DIGITS = re.compile(r"\d+(?:\.\d+)?")
_NUMERALS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
             "七": 7, "八": 8, "九": 9}
_MULTIPLIERS = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}
_MAX_NUMERAL = 30
_NUMERAL_WORD = re.compile(f"^[{''.join(_NUMERALS)}{''.join(_MULTIPLIERS)}]+$")


@lru_cache(maxsize=1)
def load_jieba():
    """jieba, quiet, its prefix dictionary loaded from our cache (see `_initialize`)."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    _initialize(jieba)
    return jieba


def _initialize(jieba) -> None:
    """jieba's prefix dictionary from our cache (one string and one integer array: 0.2 s to load
    instead of jieba's own 0.5 s), made from jieba's own when the cache is missing or stale."""
    source = Path(jieba.__file__).parent / jieba.DEFAULT_DICT_NAME
    if jieba.dt.dictionary is not None or not source.is_file():  # another dictionary was chosen
        jieba.initialize()
        return
    stat = source.stat()
    cache = cache_dir() / f"jieba-v1-{jieba.__version__}-{stat.st_size}-{int(stat.st_mtime)}.bin"
    try:
        words, counts, total = marshal.loads(cache.read_bytes())
        frequencies = array("q")
        frequencies.frombytes(counts)
        jieba.dt.FREQ, jieba.dt.total = dict(zip(words.split("\n"), frequencies.tolist())), total
        jieba.dt.initialized = True
    except (OSError, ValueError, EOFError, TypeError):
        jieba.initialize()
        write_cache(cache, marshal.dumps(("\n".join(jieba.dt.FREQ), array("q", jieba.dt.FREQ.values()).tobytes(),
                                          jieba.dt.total)))


def words(text: str, dictionary: Dictionary) -> list[str]:
    """Dictionary words, numbers (as digits) and other tokens of a simplified-Chinese text."""
    result: list[str] = []
    for token in load_jieba().lcut(text, HMM=False):
        token = token.strip()
        if not token:
            continue
        if token in dictionary.glosses or not CJK.search(token):
            result.append(token)
        else:
            result.extend(longest_match(token, dictionary))
    return result


def longest_match(text: str, dictionary: Dictionary) -> list[str]:
    """Greedy longest-match split of `text` into headwords (single characters when none fits)."""
    return split_longest(text, dictionary.glosses, dictionary.max_length)


def split_longest(text: str, headwords: Container[str], max_length: int, whole: bool = True) -> list[str]:
    """Greedy longest-match split of `text` into `headwords` of up to `max_length` characters (single
    characters when none fits); with `whole=False`, into shorter words than `text` itself (会员国 → 会员 + 国)."""
    parts, start = [], 0
    while start < len(text):
        longest = max(min(len(text) - (not whole and start == 0), start + max_length), start + 1)
        for end in range(longest, start, -1):
            if end - start == 1 or text[start:end] in headwords:
                parts.append(text[start:end])
                start = end
                break
    return parts


def numeral_value(word: str) -> int | None:
    """二十八 → 28, 两千 → 2000, 2006 → 2006, ٢٠٠٦ → 2006; None for anything else.

    Only decimal digits (any script) are read as numbers: superscripts and circled numbers
    pass `str.isdigit` but are marks, not values (`int('¹')` fails). Words over 30 characters
    are not read as numbers (nothing written is; Python refuses to print ints over 4,300 digits).
    """
    if len(word) > _MAX_NUMERAL:
        return None
    if word.isdecimal():
        return int(word)
    if not _NUMERAL_WORD.match(word):
        return None
    total, section, digit = 0, 0, None
    for char in word:
        if char in _NUMERALS:
            digit = _NUMERALS[char] if digit is None else digit * 10 + _NUMERALS[char]
            continue
        multiplier = _MULTIPLIERS[char]
        if multiplier >= 10_000:
            total += (section + (digit or 0)) * multiplier
            section = 0
        else:
            section += (1 if digit is None else digit) * multiplier
        digit = None
    return total + section + (digit or 0)


def is_cjk(char: str) -> bool:
    return bool(CJK.match(char))
