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

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import partial
from itertools import chain
from typing import Callable, Iterator, Mapping, Sequence

import numpy as np

from ..script import CJK
from . import chinese, english
from .dictionary import Dictionary
from .features import Features, ascii_digits, features, to_simplified

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


Query = tuple[np.ndarray, int, np.ndarray, int]  # bead starts on each side, for one bead size (di, dj)


@dataclass
class TextMemo:
    """What the passes over one document pair share (paragraphs, their repair and sentences read the
    same text): the tokens of each Chinese block jieba cuts, each Chinese word's keys, each English
    token's and text's keys, each segment's features (a paragraph of one sentence is that sentence)."""

    blocks: dict[str, list[str]] = field(default_factory=dict)
    keys: dict[str, frozenset[str]] = field(default_factory=dict)
    en_keys: dict[tuple[str, bool], list[str]] = field(default_factory=dict)
    en_texts: dict[str, list[str]] = field(default_factory=dict)  # English text → its keys, given en_lower
    en_lower: set[str] = field(default_factory=set)  # the lower-case words of the texts en_texts was made for
    segments: dict[tuple[str, str, str, bool], Features] = field(default_factory=dict)

    def features(self, text: str, lang: str, label: str, heading: bool) -> Features:
        """`similarity.features.features` of a segment, computed once per pair."""
        key = text, lang, label, heading
        found = self.segments.get(key)
        if found is None:
            found = self.segments[key] = features(text, lang, label, heading)
        return found


class LexicalSimilarity:
    """Coverage similarity between spans of two segment lists (the texts of one document pair).

    Segments are arrays of token ids with their IDF weights. A batch of bead queries is answered
    from per-segment tables: for each Chinese segment and each English start near it, the
    covered weight of the segment against the English spans of 1, 2, … segments from there (each
    word at its best link over the span, so it counts once); and the same for each English
    segment. A bead's covered weight is the sum of its segments' entries, so the work is done once
    per segment pair and span length, in array operations.
    """

    def __init__(self, zh: Sequence[str], en: Sequence[str], dictionary: Dictionary,
                 lexicon: Lexicon | None = None, memo: TextMemo | None = None):
        self.dictionary, self.memo = dictionary, memo or TextMemo()
        self.zh_words = chinese_tokens(zh, dictionary, self.memo.blocks)
        self.en_keys = english_keys(en, pinyin_syllables(dictionary), self.memo)
        self.zh = _Side(self.zh_words)
        self.en = _Side(self.en_keys)
        self._use_lexicon(lexicon or {})

    def with_lexicon(self, lexicon: Lexicon) -> "LexicalSimilarity":
        """The same texts scored with learned word translations added to the dictionary's."""
        other = object.__new__(LexicalSimilarity)
        other.dictionary, other.memo, other.zh_words, other.en_keys = self.dictionary, self.memo, self.zh_words, self.en_keys
        other.zh, other.en = self.zh, self.en
        other._use_lexicon(lexicon)
        return other

    def _use_lexicon(self, lexicon: Lexicon) -> None:
        """Each Chinese word's keys that occur in the English text, and both sides' postings."""
        self.lexicon = lexicon
        self._keys: dict[str, frozenset[str]] = {}
        en_ids = self.en.ids
        in_english = frozenset(en_ids)  # a word's keys met in the English text: one set intersection each
        per_word = [sorted([en_ids[k] for k in self.keys(w) & in_english]) for w in self.zh.vocabulary]
        word_ptr = np.zeros(len(per_word) + 1, np.int64)
        word_ptr[1:] = np.cumsum([len(k) for k in per_word])
        word_keys = np.array([k for keys in per_word for k in keys], np.int64)
        counts = (word_ptr[1:] - word_ptr[:-1])[self.zh.item]
        owner, offset = ranges(word_ptr[self.zh.item], counts)
        self._zh_key_ptr = np.concatenate(([0], np.cumsum(counts)))
        self._zh_keys = word_keys[offset]
        # postings, sorted by key then segment: English segments holding a key, Chinese ones offering it
        self._en_postings = _postings(self.en.item * (self.en.count + 1) + self.en.segment_of_item, self.en.weight)
        self._zh_postings = _postings(self._zh_keys * (self.zh.count + 1) + self.zh.segment_of_item[owner],
                                      self.zh.weight[owner])
        self._en_key_ptr = np.arange(len(self.en.item) + 1)
        # the tables' builders hold the arrays, not self: no reference cycle keeps an old lexicon's tables
        self._zh_kept = _Tables(partial(_span_table, self.zh, self._zh_key_ptr, self._zh_keys, self._en_postings,
                                        self.en.count + 1))
        self._en_kept = _Tables(partial(_span_table, self.en, self._en_key_ptr, self.en.item, self._zh_postings,
                                        self.zh.count + 1))

    def keys(self, word: str) -> frozenset[str]:
        """The English keys a Chinese word may be translated by."""
        keys = self._keys.get(word)
        if keys is None:
            found = self.memo.keys.get(word)
            if found is None:
                found = self.memo.keys[word] = word_keys(word, self.dictionary)
            learned = self.lexicon.get(word)
            keys = self._keys[word] = found | learned if learned else found
        return keys

    def similarity(self, i: int, di: int, j: int, dj: int) -> float:
        return float(self.similarity_many([_one(i, di, j, dj)])[0][0])

    def coverage(self, i: int, di: int, j: int, dj: int) -> float:
        """Covered share of the IDF weight of zh[i:i+di] and en[j:j+dj] together, in [0, 1]."""
        return float(self.coverage_many([_one(i, di, j, dj)])[0][0])

    def sides(self, i: int, di: int, j: int, dj: int) -> tuple[float, float]:
        """Covered share of each side's weight: (Chinese, English)."""
        zh, en = self.sides_many([_one(i, di, j, dj)])[0]
        return float(zh[0]), float(en[0])

    def similarity_many(self, queries: Sequence[Query]) -> list[np.ndarray]:
        """Mean of the joint coverage and the weaker side's coverage: a bead that explains one
        side only (half of a 1-2 unit) scores lower than a complete one."""
        result = []
        for zc, ec, zt, et in self._covered(queries):
            with np.errstate(divide="ignore", invalid="ignore"):
                value = ((zc + ec) / (zt + et) + np.minimum(zc / zt, ec / et)) / 2
            result.append(np.where((zt > 0) & (et > 0), value, 0.0))
        return result

    def coverage_many(self, queries: Sequence[Query]) -> list[np.ndarray]:
        result = []
        for zc, ec, zt, et in self._covered(queries):
            with np.errstate(divide="ignore", invalid="ignore"):
                result.append(np.where(zt + et > 0, (zc + ec) / (zt + et), 0.0))
        return result

    def sides_many(self, queries: Sequence[Query]) -> list[tuple[np.ndarray, np.ndarray]]:
        result = []
        for zc, ec, zt, et in self._covered(queries):
            with np.errstate(divide="ignore", invalid="ignore"):
                result.append((np.where(zt > 0, zc / zt, 0.0), np.where(et > 0, ec / et, 0.0)))
        return result

    def pair_coverage(self, pairs: Sequence[tuple[int, int]]) -> list[float]:
        """`coverage(i, 1, j, 1)` of scattered pairs (anchor candidates), one table entry each."""
        if not len(pairs):
            return []
        i, j = (np.asarray(a, np.int64) for a in zip(*pairs))
        zc = self._zh_pair_table(i, j)
        ec = self._en_table(j, i, i + 1, 1)[0]
        zt, et = self.zh.total[i], self.en.total[j]
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(zt + et > 0, (zc + ec) / (zt + et), 0.0).tolist()

    def _covered(self, queries: Sequence[Query]) -> Iterator[tuple[np.ndarray, ...]]:
        """Per query: covered weight of the zh spans, of the en spans, and the spans' total weights
        (one query's at a time: a batch's arrays are not all held at once)."""
        zh, zh_tables = self._zh_kept.cover(_blocks([(i, di, j) for i, di, j, dj in queries]),
                                            max((q[3] for q in queries), default=1))
        en, en_tables = self._en_kept.cover(_blocks([(j, dj, i) for i, di, j, dj in queries]),
                                            max((q[1] for q in queries), default=1))
        (zh_first, zh_at), (en_first, en_at) = _places(zh), _places(en)
        for i, di, j, dj in queries:
            zc = np.zeros(len(i))
            for t in range(di):
                zc = zc + zh_tables[dj - 1][zh_at[i + (t - zh_first)] + j]
            ec = np.zeros(len(j))
            for u in range(dj):
                ec = ec + en_tables[di - 1][en_at[j + (u - en_first)] + i]
            yield zc, ec, self.zh.span_total(di)[i], self.en.span_total(dj)[j]

    def _zh_pair_table(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """The Chinese side's table entries (`_span_table`, spans of one) of scattered pairs, found
        from the English side instead: each key of en[j] looked up among the words of zh[i] offering
        it (an English segment has a few keys, a Chinese one many words with many keys each). Each
        word counts once, at its best link, and a pair's words are summed in their order, so the
        values are the table's to the last bit."""
        zh, en, stride = self.zh, self.en, self.zh.count + 1
        word_of_link = np.repeat(np.arange(len(zh.item)), np.diff(self._zh_key_ptr))
        codes = self._zh_keys * stride + zh.segment_of_item[word_of_link]
        order = np.argsort(codes, kind="stable")
        codes, word_of_link = codes[order], word_of_link[order]
        pair, at = ranges(en.ptr[j], en.ptr[j + 1] - en.ptr[j])  # each pair's English keys
        wanted = en.item[at] * stride + i[pair]
        left, right = _search(codes, wanted, np.ones(len(wanted), np.int64))
        match, link = ranges(left, right - left)
        word, value = word_of_link[link], np.minimum(en.weight[at[match]], zh.weight[word_of_link[link]])
        pair_word = pair[match] * len(zh.item) + word
        order = np.lexsort((value, pair_word))
        last = np.append(pair_word[order][1:] != pair_word[order][:-1], True)  # a word's best link
        best = order[last]
        return np.bincount(pair[match][best], value[best], minlength=len(i))

    def _en_table(self, segments, lo, hi, spans: int) -> list[np.ndarray]:
        return _span_table(self.en, self._en_key_ptr, self.en.item, self._zh_postings, self.zh.count + 1,
                           segments, lo, hi, spans)

    def candidates(self, expected: Sequence[float] | None = None, window: int = 0,
                   max_postings: int = 4, per_segment: int = 4) -> list[tuple[int, int]]:
        """For each Chinese segment, the English segments sharing most rare keys with it.

        A key is rare when at most `max_postings` English segments hold it: in the whole text,
        or, given each Chinese segment's `expected` English position, within `window` segments
        of it (so a sentence repeated far away does not hide the near one). The postings find
        the pairs, so the cost is linear in the input, without an n×m matrix.
        """
        n, m = self.zh.count, self.en.count
        offers = self._zh_postings[0]  # (key, Chinese segment), each once
        key, i = offers // (n + 1), offers % (n + 1)
        if expected is None:
            lo, hi = np.zeros(len(i), np.int64), np.full(len(i), m - 1)
        else:
            centre = np.asarray(expected, float)[i]
            lo, hi = np.ceil(centre - window).astype(np.int64), np.floor(centre + window).astype(np.int64)
        codes = self._en_postings[0]
        left = np.searchsorted(codes, key * (m + 1) + np.clip(lo, 0, m))
        right = np.searchsorted(codes, key * (m + 1) + np.clip(hi, -1, m - 1) + 1)
        count = np.maximum(right - left, 0)
        rare = (count > 0) & (count <= max_postings)
        owner, post = ranges(left[rare], count[rare])
        pairs, shared = np.unique(i[rare][owner] * m + codes[post] % (m + 1), return_counts=True)
        zh_of, en_of = pairs // m, pairs % m
        order = np.lexsort((en_of, -shared, zh_of))
        zh_of, en_of = zh_of[order], en_of[order]
        keep = np.arange(len(order)) - np.searchsorted(zh_of, zh_of) < per_segment
        return list(zip(zh_of[keep].tolist(), en_of[keep].tolist()))


class _Side:
    """One side's segments as arrays: each segment's distinct tokens as ids (`item`, segment k's
    from ptr[k] to ptr[k+1]), with IDF weights log(N / df) over the segments of this side."""

    def __init__(self, segments: Sequence[Sequence[str]]):
        distinct = [list(dict.fromkeys(tokens)) for tokens in segments]
        df = Counter(chain.from_iterable(distinct))  # in the order tokens first occur
        self.vocabulary = list(df)
        self.ids = {t: k for k, t in enumerate(self.vocabulary)}
        self.count = len(segments)
        idf = np.array([math.log((self.count + 1) / count) for count in df.values()])
        self.ptr = np.zeros(self.count + 1, np.int64)
        self.ptr[1:] = np.cumsum([len(tokens) for tokens in distinct])
        self.item = np.fromiter(map(self.ids.__getitem__, chain.from_iterable(distinct)), np.int64, int(self.ptr[-1]))
        self.segment_of_item = np.repeat(np.arange(self.count), np.diff(self.ptr))
        self.weight = idf[self.item] if len(self.item) else np.zeros(0)
        self.total = np.bincount(self.segment_of_item, self.weight, minlength=self.count)
        self._span_totals: dict[int, np.ndarray] = {}

    def span_total(self, count: int) -> np.ndarray:
        """The total weight of each span of `count` segments, by its first (summed segment by segment)."""
        totals = self._span_totals.get(count)
        if totals is None:
            totals = np.zeros(max(self.count - count + 1, 0))
            for t in range(count):
                totals = totals + self.total[t:t + len(totals)]
            self._span_totals[count] = totals
        return totals


class _Tables:
    """The table entries (see `_span_table`) one side has built so far, for a window of its
    segments: segment s's entries, for the other side's starts lo[s] ≤ j < hi[s], sit at
    base[s] + j − lo[s] of each span length's array. `cover` builds only the entries a batch
    lacks (a widened DP band reuses the narrower band's, the next chunk of rows its neighbour's);
    a segment whose range grows gets a new slot at the end, and the slots are compacted when
    the abandoned ones outweigh the rest. A batch over segments disjoint from those kept (the
    next paragraph group) starts afresh, so what is kept stays about one group's corridor. An
    entry does not depend on the block it was built in, so the scores are unchanged."""

    def __init__(self, build: Callable[..., list[np.ndarray]]):
        self.build = build
        self._reset(0, 0)

    def _reset(self, first: int, spans: int) -> None:
        self.first, self.spans, self.used, self.abandoned = first, spans, 0, 0
        self.lo, self.hi, self.base = (np.zeros(0, np.int64) for _ in range(3))
        self.values = [np.zeros(1 << 10) for _ in range(spans)]

    def cover(self, blocks, spans: int):
        """(blocks for `_places`, one array per span length) holding at least the entries of `blocks`
        (from `_blocks`) for spans of 1..`spans` segments."""
        first, segments, lo, hi, _ = blocks
        if not len(segments):
            return blocks, [np.zeros(0) for _ in range(spans)]
        last, kept_last = first + len(segments), self.first + len(self.lo)
        if spans > self.spans or last <= self.first or first >= kept_last:
            self._reset(first, max(spans, 1))
            kept_last = first
        self._widen(first, last)
        at = slice(first - self.first, last - self.first)
        old_lo, old_hi = self.lo[at], self.hi[at]
        had, asked = old_hi > old_lo, hi > lo
        new_lo = np.where(had & asked, np.minimum(old_lo, lo), np.where(had, old_lo, lo))
        new_hi = np.where(had & asked, np.maximum(old_hi, hi), np.where(had, old_hi, hi))
        grown = np.flatnonzero((new_lo != old_lo) | (new_hi != old_hi))
        if len(grown):
            self._grow(first + grown, old_lo[grown], old_hi[grown], had[grown], new_lo[grown], new_hi[grown])
        return (self.first, None, self.lo, None, self.base), self.values

    def _widen(self, first: int, last: int) -> None:
        """Make the window reach from min(first, kept) to max(last, kept)."""
        before, after = max(0, self.first - first), max(0, last - self.first - len(self.lo))
        if before or after:
            pad = lambda a: np.concatenate((np.zeros(before, np.int64), a, np.zeros(after, np.int64)))  # noqa: E731
            self.lo, self.hi, self.base = pad(self.lo), pad(self.hi), pad(self.base)
            self.first -= before

    def _grow(self, segments, old_lo, old_hi, had, new_lo, new_hi) -> None:
        """New slots for these segments: their kept entries copied, the missing ones built."""
        width = new_hi - new_lo
        base = self.used + np.concatenate(([0], np.cumsum(width)))
        self._reserve(int(base[-1]))
        rows = segments - self.first
        kept = np.flatnonzero(had)
        _, source = ranges(self.base[rows[kept]], old_hi[kept] - old_lo[kept])
        _, target = ranges(base[kept] + old_lo[kept] - new_lo[kept], old_hi[kept] - old_lo[kept])
        for values in self.values:
            values[target] = values[source]
        # what is missing: the whole range where nothing was kept, else left and right of the kept range
        runs_lo = np.concatenate((new_lo, np.where(had, old_hi, new_hi)))
        runs_hi = np.concatenate((np.where(had, old_lo, new_hi), new_hi))
        runs = np.flatnonzero(runs_hi > runs_lo)
        owner = runs % len(segments)
        built = self.build(segments[owner], runs_lo[runs], runs_hi[runs], self.spans)
        _, target = ranges(base[owner] + runs_lo[runs] - new_lo[owner], runs_hi[runs] - runs_lo[runs])
        for values, new in zip(self.values, built):
            values[target] = new
        self.abandoned += int((old_hi - old_lo).sum())
        self.used = int(base[-1])
        self.lo[rows], self.hi[rows], self.base[rows] = new_lo, new_hi, base[:-1]
        if self.abandoned > max(self.used - self.abandoned, 1 << 16):
            self._compact()

    def _reserve(self, size: int) -> None:
        if size > len(self.values[0]):
            capacity = max(size, 2 * len(self.values[0]))
            self.values = [np.concatenate((v[:self.used], np.empty(capacity - self.used))) for v in self.values]

    def _compact(self) -> None:
        width = self.hi - self.lo
        _, source = ranges(self.base, width)
        self.base = np.cumsum(width) - width
        self.values = [v[source] for v in self.values]
        self.used, self.abandoned = len(source), 0
        self._reserve(self.used + 1)


_CHUNK = 1 << 18  # table entries built at once: bounds the memory of long documents


def _span_table(side: _Side, key_ptr, keys, postings, stride: int, segments, lo, hi, spans: int) -> list[np.ndarray]:
    """For blocks (a segment s of `side`, the other side's starts lo ≤ j < hi): the covered weight
    of s against the other side's span [j, j+d), for d = 1..spans, laid out block by block
    (block b's start j at base[b] + j - lo[b], base the running sum of the widths).

    An item (word or key) of s links to an other-side segment holding one of its keys, with the
    weight of the weaker end; over a span it counts once, at its best link. Built in chunks of
    blocks of about _CHUNK entries and (item, key) pairs each.
    """
    items = side.ptr[segments + 1] - side.ptr[segments]
    links = key_ptr[side.ptr[segments + 1]] - key_ptr[side.ptr[segments]]
    entries = np.cumsum(items * (hi - lo + spans - 1) + links)
    cuts = np.searchsorted(entries, np.arange(_CHUNK, entries[-1] if len(entries) else 0, _CHUNK))
    bounds = [0, *np.unique(cuts + 1).tolist(), len(segments)]
    parts = [_span_table_part(side, key_ptr, keys, postings, stride, segments[a:b], lo[a:b], hi[a:b], spans)
             for a, b in zip(bounds, bounds[1:]) if a < b]
    if len(parts) == 1:
        return parts[0]
    return [np.concatenate([part[d] for part in parts]) for d in range(spans)] if parts else \
        [np.zeros(0) for _ in range(spans)]


def _span_table_part(side: _Side, key_ptr, keys, postings, stride: int, segments, lo, hi,
                     spans: int) -> list[np.ndarray]:
    codes, weights = postings
    width = hi - lo
    run = width + spans - 1  # entries per item: the block's starts and the tail their spans reach
    block, item = ranges(side.ptr[segments], side.ptr[segments + 1] - side.ptr[segments])
    run_start = np.concatenate(([0], np.cumsum(run[block])))
    size = int(run_start[-1])
    pair_item, key_index = ranges(key_ptr[item], key_ptr[item + 1] - key_ptr[item])
    key, pair_lo = keys[key_index], lo[block[pair_item]]
    left, right = _search(codes, key * stride + pair_lo, run[block[pair_item]])
    match, post = ranges(left, right - left)
    owner = pair_item[match]
    column = codes[post] - key[match] * stride - pair_lo[match]
    linked = np.zeros(size + spans)
    np.maximum.at(linked, run_start[owner] + column, np.minimum(weights[post], side.weight[item[owner]]))
    entry_item, _ = ranges(run_start[:-1], run[block])
    column = np.arange(size) - run_start[entry_item]
    entry_block = block[entry_item]
    base = np.concatenate(([0], np.cumsum(width)))
    cells = int(base[-1])
    slot = np.where(column < width[entry_block], base[entry_block] + column, cells)  # past the block: dropped
    best = linked[:size]
    tables = []
    for d in range(1, spans + 1):
        if d > 1:
            best = np.maximum(best, linked[d - 1:d - 1 + size])
        tables.append(np.bincount(slot, best, minlength=cells + 1)[:cells])
    return tables


def _postings(codes: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Codes (key × stride + segment) sorted, each once, with its largest weight."""
    order = np.lexsort((weights, codes))
    codes, weights = codes[order], weights[order]
    last = np.append(codes[1:] != codes[:-1], True) if len(codes) else np.zeros(0, bool)
    return codes[last], weights[last]


def _search(sorted_codes: np.ndarray, starts: np.ndarray, lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where each range [start, start + length) begins and ends in the sorted codes (np.searchsorted,
    visiting the starts in order: several times faster on long inputs)."""
    order = np.argsort(starts)
    left, right = np.empty(len(starts), np.int64), np.empty(len(starts), np.int64)
    left[order] = np.searchsorted(sorted_codes, starts[order])
    right[order] = np.searchsorted(sorted_codes, starts[order] + lengths[order])
    return left, right


def _blocks(spans: list[tuple[np.ndarray, int, np.ndarray]]):
    """The table blocks a batch needs, from (segment starts, span length, other-side starts): for
    the segments first..last, the least and one past the greatest other-side start asked with
    each (an empty block for a segment never asked)."""
    spans = [(rows, count, columns) for rows, count, columns in spans if len(rows)]
    if not spans:
        return 0, np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(1, np.int64)
    first = min(int(rows.min()) for rows, _, _ in spans)
    size = max(int(rows.max()) + count for rows, count, _ in spans) - first
    counts = sorted({count for _, count, _ in spans})
    # per span length, the least and one past the greatest start asked with each first segment
    length = np.concatenate([np.full(len(rows), counts.index(count)) for rows, count, _ in spans])
    rows = np.concatenate([rows - first for rows, _, _ in spans])
    columns = np.concatenate([columns for _, _, columns in spans])
    first_lo, first_hi = np.full((len(counts), size), np.iinfo(np.int64).max), np.zeros((len(counts), size), np.int64)
    np.minimum.at(first_lo, (length, rows), columns)
    np.maximum.at(first_hi, (length, rows), columns + 1)
    # a span reaches its t-th segment when it is longer than t: by segment, over the spans of t + 1 segments or more
    first_lo = np.minimum.accumulate(first_lo[::-1])[::-1]
    first_hi = np.maximum.accumulate(first_hi[::-1])[::-1]
    lo, hi = first_lo[0].copy(), first_hi[0].copy()
    for t in range(1, counts[-1]):
        longer = np.searchsorted(counts, t + 1)  # the first length with more than t segments
        np.minimum(lo[t:], first_lo[longer, :size - t], out=lo[t:])
        np.maximum(hi[t:], first_hi[longer, :size - t], out=hi[t:])
    lo = np.minimum(lo, hi)
    base = np.concatenate(([0], np.cumsum(hi - lo)))
    return first, np.arange(first, first + size), lo, hi, base


def _places(blocks) -> tuple[int, np.ndarray]:
    """(first, at): (segment s, other-side start j) sits at at[s − first] + j in a table built over these blocks."""
    first, _, lo, _, base = blocks
    return first, base[:len(lo)] - lo


def ranges(starts, counts) -> tuple[np.ndarray, np.ndarray]:
    """Concatenated ranges [start, start + count): for every element, its range and its value."""
    counts = np.asarray(counts, np.int64)
    owner = np.repeat(np.arange(len(counts)), counts)
    shift = np.asarray(starts, np.int64) - (counts.cumsum() - counts)  # a range's start less its place
    return owner, shift[owner] + np.arange(len(owner))


def _one(i: int, di: int, j: int, dj: int) -> Query:
    return np.array([i]), di, np.array([j]), dj


def chinese_tokens(texts: Sequence[str], dictionary: Dictionary,
                   known: dict[str, list[str]] | None = None) -> list[list[str]]:
    """Words, numbers and marked punctuation of each Chinese segment (`known`: each text block's
    tokens, see `chinese.words_many`)."""
    return chinese.words_many([to_simplified(t) for t in texts], dictionary, known, _word_tokens)


def _word_tokens(words: list[str]) -> list[str]:
    """The words that count as tokens: Chinese, Latin, numbers, and marked punctuation."""
    tokens = []
    for word in words:
        if word in _PUNCTUATION:
            tokens.append(_PUNCTUATION[word])
        elif CJK.match(word) or _LATIN.match(word) or word.isdecimal():  # by its first character
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
    pinyin = pinyin_keys(dictionary)
    for char in word:
        keys.update(pinyin[char])
    return frozenset(keys)


def english_keys(texts: Sequence[str], syllables: frozenset[str], memo: TextMemo | None = None) -> list[list[str]]:
    """Per segment: lemma keys, pinyin syllables of names, numbers, marked punctuation.

    A name is a capitalised word never written in lower case in these texts that splits
    into pinyin syllables (`Bao-yu` → py:bao py:yu); other words give their lemma. `memo`
    keeps each (token, whether it could be such a name)'s keys, and each text's keys while
    the texts' lower-case words stay the same (the sentences of the paragraphs before).
    """
    memo = TextMemo() if memo is None else memo
    tokens = [_EN_TOKEN.findall(text) for text in texts]
    # the tokens with letters are the texts' words (english.WORD, the pattern's first choice); the others have no case
    lower_words = {token for text_tokens in tokens for token in text_tokens if token.islower()}
    if lower_words != memo.en_lower:
        memo.en_texts.clear()
        memo.en_lower = lower_words
    known = memo.en_keys
    here: dict[str, list[str]] = {}  # token → its keys (the same for every occurrence in these texts)
    result = []
    for text, text_tokens in zip(texts, tokens):
        keys = memo.en_texts.get(text)
        if keys is None:
            keys = []
            for token in text_tokens:
                token_keys = here.get(token)
                if token_keys is None:
                    key = token, _may_be_name(token, lower_words)
                    token_keys = known.get(key)
                    if token_keys is None:
                        token_keys = known[key] = _english_token_keys(token, key[1], syllables)
                    here[token] = token_keys
                keys.extend(token_keys)
            memo.en_texts[text] = keys
        result.append(keys)
    return result


def _may_be_name(token: str, lower_words: set[str]) -> bool:
    """A capitalised word (possessive aside) never written in lower case in the texts."""
    if not "A" <= token[0] <= "Z":  # most tokens: no pattern to try
        return False
    name = _POSSESSIVE.sub("", token)
    return bool(_CAPITALISED.fullmatch(name)) and name.lower() not in lower_words


def _english_token_keys(token: str, may_be_name: bool, syllables: frozenset[str]) -> list[str]:
    if token in _PUNCTUATION:
        return [_PUNCTUATION[token]]
    if token[0].isdecimal():
        return [f"#{ascii_digits(token.replace(',', ''))}"]
    if may_be_name:
        parts = split_pinyin(_POSSESSIVE.sub("", token).lower().replace("-", ""), syllables)
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


_SYLLABLES: list[tuple[Dictionary, frozenset[str]]] = []  # the last dictionary's syllables (0.03 s each)


def pinyin_syllables(dictionary: Dictionary) -> frozenset[str]:
    if not _SYLLABLES or _SYLLABLES[0][0] is not dictionary:
        _SYLLABLES[:] = [(dictionary, frozenset(r for readings in dictionary.readings.values() for r in readings
                                                if len(r) > 1 or r in "aeo"))]
    return _SYLLABLES[0][1]


class _PinyinKeys(dict):
    """Character → the keys of its readings (`py:…`), made when first asked."""

    def __init__(self, readings: Mapping[str, frozenset[str]]):
        super().__init__()
        self.readings = readings

    def __missing__(self, char: str) -> tuple[str, ...]:
        keys = self[char] = tuple("py:" + r for r in self.readings.get(char, ()))
        return keys


_PINYIN_KEYS: list[tuple[Dictionary, _PinyinKeys]] = []  # the last dictionary's


def pinyin_keys(dictionary: Dictionary) -> _PinyinKeys:
    """Each character's reading keys under this dictionary, kept from pair to pair."""
    if not _PINYIN_KEYS or _PINYIN_KEYS[0][0] is not dictionary:
        _PINYIN_KEYS[:] = [(dictionary, _PinyinKeys(dictionary.readings))]
    return _PINYIN_KEYS[0][1]


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
