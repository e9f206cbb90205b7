"""Chinese text as dictionary words: jieba segmentation repaired against CC-CEDICT headwords.

jieba (without its HMM, so unknown names are not glued into guessed words) gives the words;
a word the dictionary lacks is re-split by greedy longest match over the headwords, so the
lookup does not depend on jieba's choices. Numerals are read as numbers (二十八 → 28).
"""
from __future__ import annotations

import logging
import marshal
import math
import re
import sys
from array import array
from functools import lru_cache
from pathlib import Path
from typing import Callable, Container, Sequence

import numpy as np

from ..script import CJK
from .dictionary import Dictionary, cache_path, write_cache

_DIGITS = re.compile(r"\d+(?:\.\d+)?")
_NUMERALS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
             "七": 7, "八": 8, "九": 9}
_MULTIPLIERS = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}
_MAX_NUMERAL = 30
_NUMERAL_WORD = re.compile(f"^[{''.join(_NUMERALS)}{''.join(_MULTIPLIERS)}]+$")


@lru_cache(maxsize=1)
def load_jieba():
    """jieba, quiet, its whole prefix dictionary loaded from our cache (see `_cached_prefixes`)."""
    jieba = import_jieba()
    cached = _cached_prefixes(jieba)
    if cached is not None:
        words, counts, total = cached
        jieba.dt.FREQ, jieba.dt.total = dict(zip(words.split("\n"), counts.tolist())), total
        jieba.dt.initialized = True
    return jieba


def import_jieba():
    """jieba, quiet, imported without pkg_resources, which jieba imports only to open its own
    data files and otherwise opens them itself (0.15 s less)."""
    blocked = "jieba" not in sys.modules and "pkg_resources" not in sys.modules
    if blocked:
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # `import pkg_resources` fails
    try:
        import jieba
    finally:
        if blocked:
            del sys.modules["pkg_resources"]
    jieba.setLogLevel(logging.WARNING)
    return jieba


def _cached_prefixes(jieba) -> tuple[str, np.ndarray, int] | None:
    """jieba's prefix dictionary from our cache: its words joined by newlines, their counts, the
    total (0.02 s to load instead of jieba's own 0.5 s), made from jieba's own when the cache is
    missing or stale; None (jieba initialised its own way) when another dictionary was chosen."""
    source = Path(jieba.__file__).parent / jieba.DEFAULT_DICT_NAME
    if jieba.dt.dictionary is not None or not source.is_file():
        jieba.initialize()
        return None
    cache = cache_path("jieba", f"1-{jieba.__version__}", source)
    try:
        words, counts, total = marshal.loads(cache.read_bytes())
        return words, np.frombuffer(counts, np.int64), total
    except (OSError, ValueError, EOFError, TypeError):
        jieba.initialize()
        words, counts = "\n".join(jieba.dt.FREQ), array("q", jieba.dt.FREQ.values()).tobytes()
        write_cache(cache, marshal.dumps((words, counts, jieba.dt.total)))
        return words, np.frombuffer(counts, np.int64), jieba.dt.total


class _Prefixes:
    """jieba's prefix dictionary as arrays, and a jieba tokenizer holding only the words whose first
    two characters (one for one-character words) occur in the texts it has been given.

    jieba looks up only substrings of the text it cuts, so the cut is the one jieba's whole
    dictionary gives, while the tokenizer holds a small part of its 350k words and their prefixes
    (as Python objects the whole dictionary is over 50 MB)."""

    def __init__(self, jieba, words: str, counts: np.ndarray, total: int):
        chars = np.frombuffer(words.encode("utf-32-le"), np.uint32)
        ends = np.flatnonzero(chars == 10)
        self.words, self.counts = words, counts
        self.starts = np.concatenate(([0], ends + 1)).astype(np.int32)
        self.ends = np.append(ends, len(chars)).astype(np.int32)
        longer = self.ends - self.starts > 1
        codes = _codes(chars[np.minimum(self.starts, len(chars) - 1)],
                       np.where(longer, chars[np.minimum(self.starts + 1, len(chars) - 1)], 0))
        self.order = np.argsort(codes, kind="stable").astype(np.int32)
        self.sorted_codes = codes[self.order]
        self.covered = np.zeros(0, np.int64)
        self.tokenizer = jieba.Tokenizer()
        self.tokenizer.FREQ, self.tokenizer.total, self.tokenizer.initialized = {}, total, True

    def cover(self, texts: Sequence[str]) -> None:
        """Add the words any of `texts` may hold."""
        chars = np.frombuffer("\n".join(texts).encode("utf-32-le"), np.uint32)
        needed = np.unique(np.concatenate((_codes(chars, 0), _codes(chars[:-1], chars[1:]))))
        at = np.searchsorted(self.covered, needed)  # the covered codes stay sorted: looked up, not merged
        known = at < len(self.covered)
        known[known] = self.covered[at[known]] == needed[known]
        new = needed[~known]
        if not len(new):
            return
        self.covered = np.insert(self.covered, at[~known], new)
        lo = np.searchsorted(self.sorted_codes, new, "left")
        hi = np.searchsorted(self.sorted_codes, new, "right")
        counts = hi - lo
        picked = np.sort(self.order[np.repeat(lo - np.cumsum(counts) + counts, counts) + np.arange(counts.sum())])
        freq, words = self.tokenizer.FREQ, self.words
        for k, count in zip(picked.tolist(), self.counts[picked].tolist()):
            freq[words[self.starts[k]:self.ends[k]]] = count


def _codes(first, second) -> np.ndarray:
    """One integer per pair of characters (second 0: a single character)."""
    return np.asarray(first, np.int64) << 21 | np.asarray(second, np.int64)


@lru_cache(maxsize=1)
def _prefixes() -> _Prefixes | None:
    """The aligner's jieba dictionary (None when another dictionary was chosen: jieba's own then)."""
    jieba = import_jieba()
    cached = _cached_prefixes(jieba)
    return _Prefixes(jieba, *cached) if cached is not None else None


def tokenizer(texts: Sequence[str]):
    """A jieba tokenizer that cuts `texts` (and any text made of their character pairs) as jieba does."""
    prefixes = _prefixes()
    if prefixes is None:
        return load_jieba().dt
    prefixes.cover(texts)
    return prefixes.tokenizer


def words_many(texts: Sequence[str], dictionary: Dictionary, known: dict[str, list[str]] | None = None,
               keep: Callable[[list[str]], list[str]] | None = None) -> list[list[str]]:
    """Dictionary words, numbers (as digits) and other tokens of each simplified-Chinese text
    (jieba's dictionary prepared once for all of them, when a block is first cut). jieba cuts a
    text block by block (runs of Han characters, letters and digits, and what lies between them),
    so the words of each block are kept in `known` and a block met again, in these texts or later
    ones, is not cut again; `keep` (words → the tokens wanted of them, word by word) is applied to
    each block's words once, before they are kept."""
    cut = None
    known = {} if known is None else known
    blocks = import_jieba().re_han_default
    result = []
    for text in texts:
        words = []
        for k, block in enumerate(blocks.split(text)):
            if block:
                found = known.get(block)
                if found is None:
                    cut = tokenizer(texts) if cut is None else cut
                    # the split's odd parts are the runs jieba cuts on its prefix dictionary
                    tokens = cut_run(cut, block) if k % 2 else cut.lcut(block, HMM=False)
                    found = _repaired(tokens, dictionary)
                    found = known[block] = found if keep is None else keep(found)
                words.extend(found)
        result.append(words)
    return result


_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")


def best_ends(tokenizer, text: str) -> list[int]:
    """Where the best word from each position of ``text`` ends (its last character), by jieba's
    route without HMM (`tokenizer.calc` over `tokenizer.get_DAG`) in one loop: the best route by
    word frequency from the end, each position's words found as its prefixes grow (jieba's DAG and
    route without their dicts and tuples, the same sums in the same order)."""
    tokenizer.check_initialized()
    freq, logtotal, n = tokenizer.FREQ, math.log(tokenizer.total), len(text)
    value, end = [0.0] * n + [0], [0] * n  # route value and last character of the best word from each position
    for start in range(n - 1, -1, -1):
        best, best_end = None, start
        stop, count = start, freq.get(text[start])
        while count is not None:
            if count:  # a word, not only a prefix: the last of equal routes wins (jieba's max over (value, end))
                route = math.log(count) - logtotal + value[stop + 1]
                if best is None or route >= best:
                    best, best_end = route, stop
            stop += 1
            count = freq.get(text[start:stop + 1]) if stop < n else None
        value[start] = math.log(1) - logtotal + value[start + 1] if best is None else best
        end[start] = best_end
    return end


def cut_run(tokenizer, run: str) -> list[str]:
    """`tokenizer.lcut(run, HMM=False)` of a run of Han characters, letters and digits (what jieba's
    `re_han_default` matches): the words along `best_ends`, single letters and digits joined."""
    end = best_ends(tokenizer, run)
    words, letters, at = [], "", 0
    while at < len(run):
        word = run[at:end[at] + 1]
        if len(word) == 1 and word in _ALNUM:
            letters += word
        else:
            if letters:
                words.append(letters)
                letters = ""
            words.append(word)
        at = end[at] + 1
    if letters:
        words.append(letters)
    return words


def _repaired(tokens: list[str], dictionary: Dictionary) -> list[str]:
    """jieba's tokens without spaces, a word the dictionary lacks split by longest match."""
    result: list[str] = []
    for token in tokens:
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
