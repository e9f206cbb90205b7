"""Sentence similarity from lexical translation evidence: how much of each side the other explains.

Each Chinese word carries a set of English keys it may be translated by (CC-CEDICT senses,
the pinyin of its characters for names, its value if a numeral, itself if Latin script, the
learned lexicon's entries); each English segment is a set of keys (lemmas, pinyin syllables of
names, numbers, Latin tokens). A Chinese word is covered when one of its keys occurs in the
English span, an English key when some Chinese word in the span offers it. Words count by IDF
over their own side of the document pair, so rare shared words weigh most, and a link counts
as much as its weaker end. The similarity is the covered share of all weight on both sides.
"""
from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import Mapping, Sequence

from . import chinese, english
from .dictionary import Dictionary
from .features import ascii_digits, to_simplified

_PUNCTUATION = {"?": "p:?", "？": "p:?", "!": "p:!", "！": "p:!", "“": 'p:"', "”": 'p:"', '"': 'p:"',
                "「": 'p:"', "」": 'p:"', "‘": 'p:"', "’": 'p:"', "'": 'p:"', "…": "p:…"}
_NUMBER_WORDS = {w: n for n, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty".split())}
_NUMBER_WORDS.update({w: 10 * n for n, w in enumerate("thirty forty fifty sixty seventy eighty ninety".split(), 3)})
_NUMBER_WORDS.update({"hundred": 100, "thousand": 1000, "million": 1_000_000, "dozen": 12})
_EN_TOKEN = re.compile(r"[A-Za-z]+(?:['’-][A-Za-z]+)*|\d+(?:[.,]\d+)*|[?!\"“”…]|['‘’]")
_POSSESSIVE = re.compile(r"['’]s$")
_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9]*")
_CAPITALISED = re.compile(r"[A-Z][a-z]+(?:-[A-Za-z][a-z]*)*")
Lexicon = Mapping[str, frozenset[str]]  # Chinese word → extra English keys


@dataclass(frozen=True)
class Segment:
    """One segment's weighted tokens: Chinese words with their keys, or English keys."""

    weights: dict[str, float]  # token → weight (IDF)
    total: float


class LexicalSimilarity:
    """Coverage similarity between spans of two segment lists (the texts of one document pair)."""

    def __init__(self, zh: Sequence[str], en: Sequence[str], dictionary: Dictionary,
                 lexicon: Lexicon | None = None):
        self.dictionary = dictionary
        self.zh_words = [chinese_tokens(t, dictionary) for t in zh]
        self.en_keys = english_keys(en, pinyin_syllables(dictionary))
        self.zh = _weigh(self.zh_words)
        self.en = _weigh(self.en_keys)
        self._keys: dict[str, frozenset[str]] = {}
        self.lexicon = lexicon or {}
        self._offers = [self._offered(s) for s in self.zh]
        self._cells: dict[tuple[int, int], tuple[dict[str, float], dict[str, float]]] = {}
        self._rows: dict[tuple[str, int, int, int], float] = {}

    def with_lexicon(self, lexicon: Lexicon) -> "LexicalSimilarity":
        """The same texts scored with learned word translations added to the dictionary's."""
        other = object.__new__(LexicalSimilarity)
        other.dictionary, other.zh_words, other.en_keys = self.dictionary, self.zh_words, self.en_keys
        other.zh, other.en, other._keys, other.lexicon = self.zh, self.en, {}, lexicon
        other._offers = [other._offered(s) for s in other.zh]
        other._cells, other._rows = {}, {}
        return other

    def keys(self, word: str) -> frozenset[str]:
        """The English keys a Chinese word may be translated by."""
        keys = self._keys.get(word)
        if keys is None:
            keys = self._keys[word] = word_keys(word, self.dictionary) | self.lexicon.get(word, frozenset())
        return keys

    def similarity(self, i: int, di: int, j: int, dj: int) -> float:
        """Mean of the joint coverage and the weaker side's coverage: a bead that explains one
        side only (half of a 1-2 unit) scores lower than a complete one."""
        zh_total, en_total = self._total(self.zh, i, di), self._total(self.en, j, dj)
        if not zh_total or not en_total:
            return 0.0
        zh_covered, en_covered = self._covered("zh", i, di, j, dj), self._covered("en", j, dj, i, di)
        joint = (zh_covered + en_covered) / (zh_total + en_total)
        return (joint + min(zh_covered / zh_total, en_covered / en_total)) / 2

    def coverage(self, i: int, di: int, j: int, dj: int) -> float:
        """Covered share of the IDF weight of zh[i:i+di] and en[j:j+dj] together, in [0, 1]."""
        zh_total, en_total = self._total(self.zh, i, di), self._total(self.en, j, dj)
        if not zh_total + en_total:
            return 0.0
        return (self._covered("zh", i, di, j, dj) + self._covered("en", j, dj, i, di)) / (zh_total + en_total)

    def sides(self, i: int, di: int, j: int, dj: int) -> tuple[float, float]:
        """Covered share of each side's weight: (Chinese, English)."""
        zh_total, en_total = self._total(self.zh, i, di), self._total(self.en, j, dj)
        return (self._covered("zh", i, di, j, dj) / zh_total if zh_total else 0.0,
                self._covered("en", j, dj, i, di) / en_total if en_total else 0.0)

    def _covered(self, side: str, start: int, count: int, other: int, other_count: int) -> float:
        return sum(self._row((side, k, other, other_count)) for k in range(start, start + count))

    @staticmethod
    def _total(segments: Sequence[Segment], start: int, count: int) -> float:
        return sum(s.total for s in segments[start:start + count])

    def _row(self, key: tuple[str, int, int, int]) -> float:
        """Covered weight of one segment against a span of the other side (cached)."""
        covered = self._rows.get(key)
        if covered is None:
            side, k, start, count = key
            if side == "zh":
                maps = [self.links(k, other)[0] for other in range(start, start + count)]
            else:
                maps = [self.links(other, k)[1] for other in range(start, start + count)]
            covered = self._rows[key] = _best_sum(maps)
        return covered

    def links(self, i: int, j: int) -> tuple[dict[str, float], dict[str, float]]:
        """What zh[i] and en[j] explain of each other: covered words and keys, with their weight."""
        cell = self._cells.get((i, j))
        if cell is None:
            en_weights = self.en[j].weights
            zh_links = {}
            for word, weight in self.zh[i].weights.items():
                shared = self.keys(word).intersection(en_weights)
                if shared:
                    zh_links[word] = min(weight, max(en_weights[k] for k in shared))
            offers = self._offers[i]
            en_links = {k: min(w, offers[k]) for k, w in en_weights.items() if k in offers}
            cell = self._cells[(i, j)] = (zh_links, en_links)
        return cell

    def candidates(self, expected: Sequence[float] | None = None, window: int = 0,
                   max_postings: int = 4, per_segment: int = 4) -> list[tuple[int, int]]:
        """For each Chinese segment, the English segments sharing most rare keys with it.

        A key is rare when at most `max_postings` English segments hold it: in the whole text,
        or, given each Chinese segment's `expected` English position, within `window` segments
        of it (so a sentence repeated far away does not hide the near one). An inverted index
        finds the pairs, so the cost is linear in the input, without an n×m matrix.
        """
        postings: dict[str, list[int]] = {}
        for j, segment in enumerate(self.en):
            for key in segment.weights:
                postings.setdefault(key, []).append(j)
        pairs = []
        for i, offers in enumerate(self._offers):
            shared: Counter[int] = Counter()
            for key in offers.keys() & postings.keys():
                js = postings[key]
                if expected is not None:
                    js = js[bisect.bisect_left(js, expected[i] - window):bisect.bisect_right(js, expected[i] + window)]
                if len(js) <= max_postings:
                    shared.update(js)
            best = sorted(shared.items(), key=lambda item: (-item[1], item[0]))[:per_segment]
            pairs.extend((i, j) for j, _ in best)
        return pairs

    def _offered(self, segment: Segment) -> dict[str, float]:
        """English key → weight of the heaviest word of the segment that offers it."""
        offers: dict[str, float] = {}
        for word, weight in segment.weights.items():
            for key in self.keys(word):
                if offers.get(key, 0.0) < weight:
                    offers[key] = weight
        return offers


def _best_sum(link_maps) -> float:
    """Sum over items of their best weight across several link maps (an item counts once)."""
    maps = [m for m in link_maps if m]
    if len(maps) <= 1:
        return sum(maps[0].values()) if maps else 0.0
    best: dict[str, float] = {}
    for links in maps:
        for item, weight in links.items():
            if weight > best.get(item, 0.0):
                best[item] = weight
    return sum(best.values())


def chinese_tokens(text: str, dictionary: Dictionary) -> list[str]:
    """Words, numbers and marked punctuation of one Chinese segment."""
    tokens = []
    for word in chinese.words(to_simplified(text), dictionary):
        if word in _PUNCTUATION:
            tokens.append(_PUNCTUATION[word])
        elif chinese.is_cjk(word[0]) or _LATIN.match(word) or word.isdecimal():
            tokens.append(word)
    return tokens


def word_keys(word: str, dictionary: Dictionary) -> frozenset[str]:
    """Dictionary senses, pinyin of each character, numeric value, Latin identity."""
    if word.startswith("p:"):
        return frozenset([word])
    keys = set(dictionary.glosses.get(word, ()))
    value = chinese.numeral_value(word)
    if value is not None:
        keys.add(f"#{value}")
    if _LATIN.match(word):
        keys.add(english.lemma(word))
    for char in word:
        keys.update("py:" + r for r in dictionary.readings.get(char, ()))
    return frozenset(keys)


def english_keys(texts: Sequence[str], syllables: frozenset[str]) -> list[list[str]]:
    """Per segment: lemma keys, pinyin syllables of names, numbers, marked punctuation.

    A name is a capitalised word never written in lower case in these texts that splits
    into pinyin syllables (`Bao-yu` → py:bao py:yu); other words give their lemma.
    """
    lower_words = {w for t in texts for w in english.WORD.findall(t) if w.islower()}
    result = []
    for text in texts:
        keys = []
        for token in _EN_TOKEN.findall(text):
            keys.extend(_english_token_keys(token, lower_words, syllables))
        result.append(keys)
    return result


def _english_token_keys(token: str, lower_words: set[str], syllables: frozenset[str]) -> list[str]:
    if token in _PUNCTUATION:
        return [_PUNCTUATION[token]]
    if token[0].isdecimal():
        return [f"#{ascii_digits(token.replace(',', ''))}"]
    name = _POSSESSIVE.sub("", token)
    if _CAPITALISED.fullmatch(name) and name.lower() not in lower_words:
        parts = split_pinyin(name.lower().replace("-", ""), syllables)
        if parts:
            return ["py:" + p for p in parts]
    number = _number_value(token.lower())
    if number is not None:
        return [f"#{number}"]
    return english.content_lemmas(token)


def _number_value(word: str) -> int | None:
    parts = word.split("-")
    if all(p in _NUMBER_WORDS for p in parts) and len(parts) <= 2:
        return sum(_NUMBER_WORDS[p] for p in parts)
    return None


def pinyin_syllables(dictionary: Dictionary) -> frozenset[str]:
    return frozenset(r for readings in dictionary.readings.values() for r in readings
                     if len(r) > 1 or r in "aeo")


def split_pinyin(word: str, syllables: frozenset[str]) -> list[str] | None:
    """`heilongtan` → [hei, long, tan]; None when the word is not pinyin (longest syllables first)."""
    if not word:
        return []
    for end in range(min(6, len(word)), 0, -1):
        if word[:end] in syllables:
            rest = split_pinyin(word[end:], syllables)
            if rest is not None:
                return [word[:end]] + rest
    return None


def _weigh(segments: Sequence[Sequence[str]]) -> list[Segment]:
    """IDF weights over the segments of one side: log(N / df), shared tokens counted once per segment."""
    df = Counter(t for tokens in segments for t in set(tokens))
    n = len(segments)
    result = []
    for tokens in segments:
        weights = {t: math.log((n + 1) / df[t]) for t in set(tokens)}
        result.append(Segment(weights, sum(weights.values())))
    return result
