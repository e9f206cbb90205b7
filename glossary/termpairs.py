"""Pair Chinese and English term candidates across aligned units.

For every unit, each Chinese word is linked to the English words it may
translate: CC-CEDICT glosses (stems compared; a word's parts only next to its
own links), identical Latin-script words, and — for English words the
dictionary leaves unlinked — the Chinese word of the unit most associated with
it over the corpus (Dice over units, competitive linking, preferring Chinese
words the dictionary left unlinked or linked next to it). Every pair of candidate spans in the unit
is then scored by how much of each side the links cover (harmonic mean of the
Chinese share, by characters, and the English share, by content words); ties
go to the pair holding more link weight. A pair is kept where the two spans
are each other's best partner, nested pairs included (缔约方会议 inside the
Convention's full name), and marked as nested for the ranking.

Every step is a pass over the units (or one unit), so the cost is linear in
the corpus size.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Callable, Iterable, Iterator

import numpy as np

from .candidates import (ZH_PREFIX, ZH_SUFFIX, Span, Token, TokenMemo, en_spans, en_stems, en_tokens, zh_locative,
                         zh_spans, zh_tokens)
from align.model import AlignedUnit
from .glosses import gloss_keys, gloss_stems, part_stems, stem_keys

MIN_PAIR_SCORE = 0.5  # a span pair below this is never taken in a unit
QUOTE_WORDS = 6  # a quoted English phrase up to this many content words is linked to its counterpart
LEARN_MIN_DICE = 0.3  # corpus association needed for a learned word link
LEARN_MIN_COUNT = 2  # co-occurrences needed for a learned word link
LEARN_TOP = 2  # a learned link must be among the best this many for both words
BRIDGE_WEIGHT = 0.5  # weight of a link between two unlinked neighbours of a linked pair

_MARKUP = re.compile(r"<sup>.*?</sup>|<[^>]{1,40}>", re.IGNORECASE | re.DOTALL)


@dataclass
class Analysed:
    """One unit with its tokens and candidate spans on both sides."""

    unit: AlignedUnit
    zh_tokens: list[Token]
    en_tokens: list[Token]
    zh_spans: list[Span]
    en_spans: list[Span]
    en_stems: list[str]
    links: np.ndarray | None = None  # which words are linked (zh token × en token, bool), once paired

    @cached_property
    def zh_text(self) -> tuple[str, list[int]]:
        """The Chinese tokens joined, and where each token starts in it (then the end)."""
        offsets = [0]
        for token in self.zh_tokens:
            offsets.append(offsets[-1] + len(token.text))
        return "".join(t.text for t in self.zh_tokens), offsets


@dataclass(slots=True)
class Occurrence:
    """One term pair found in one unit."""

    zh: Span
    en: Span
    score: float
    unit: int
    en_pos: str
    nested: bool = False  # inside a longer pair found in the same unit


@dataclass(slots=True)
class PairStats:
    """Everything seen of one (zh key, en key) pair across the corpus."""

    occurrences: list[Occurrence] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.occurrences)

    @property
    def free(self) -> int:
        """Occurrences not nested in a longer pair of their unit."""
        return sum(not o.nested for o in self.occurrences)

    @property
    def zh_forms(self) -> Counter:
        """How often each Chinese form was seen (in the order first seen)."""
        return Counter(o.zh.text for o in self.occurrences)

    @property
    def en_forms(self) -> Counter:
        """How often each English form was seen (in the order first seen)."""
        return Counter(o.en.text for o in self.occurrences)

    @property
    def mean_score(self) -> float:
        return sum(o.score for o in self.occurrences) / len(self.occurrences)


def clean(text: str) -> str:
    """Text without inline markup (footnote markers such as <sup>1</sup>)."""
    return _MARKUP.sub(" ", text)


def analyse(unit: AlignedUnit, memo: TokenMemo | None = None) -> Analysed:
    """Tokens and candidate spans of both sides of a unit (``memo``: the tokens of the pair's
    other units, see `TokenMemo`)."""
    zt = zh_tokens(clean(unit.zh_text), memo) if unit.zh_text.strip() else []
    et = en_tokens(clean(unit.en_text), memo) if unit.en_text.strip() else []
    return Analysed(unit, zt, et, zh_spans(zt), en_spans(et), en_stems(et))


def dictionary_links(a: Analysed) -> np.ndarray:
    """Word links of one unit from CC-CEDICT glosses and identical Latin-script words
    (content words and bound locatives: 后 = post-).
    A dictionary word's parts (会员国 = 会员 + 国) only link English words next to one
    its own glosses linked (Member → States), so that 主席团 (团 = group) stays apart."""
    links = np.zeros((len(a.zh_tokens), len(a.en_tokens)), dtype=bool)
    words = _EnglishWords(a)
    rows: dict[str, list[int]] = {}  # a Chinese word's linked English words: the same wherever it is in the unit
    zh_at: list[int] = []  # the links, as their places
    en_at: list[int] = []
    for i, token in enumerate(a.zh_tokens):
        if not (token.content or token.pos == "f" and zh_locative(a.zh_tokens, i)):
            continue
        row = rows.get(token.text)
        if row is None:
            found = words.matches(token.text, gloss_stems(token.text))
            if found:
                near = {k for j in found for k in (j - 1, j + 1)} - found
                found |= near & words.matches(token.text, part_stems(token.text))
            row = rows[token.text] = sorted(found)
        if row:
            zh_at += [i] * len(row)
            en_at += row
    links[zh_at, en_at] = True
    return links


def quote_links(a: Analysed, links: np.ndarray) -> np.ndarray:
    """The unit's links, plus links inside short quoted phrases (“…”, up to QUOTE_WORDS English
    content words) where both sides quote the same number of phrases, taken in order, and the
    dictionary links no word of one quote to the other: every content word of each is linked
    to every one of the other. UN texts quote the new terms they introduce (“诉讼会诊” =
    “prosecutorial clinics”), which the dictionary cannot know; a quote it partly links
    (a title) keeps its own links."""
    zh, en = _quoted(a.zh_tokens), _quoted(a.en_tokens)
    if not zh or len(zh) != len(en):
        return links
    result = links.copy()
    for zq, eq in zip(zh, en):
        zh_words = [i for i in zq if a.zh_tokens[i].content]
        en_words = [j for j in eq if a.en_stems[j]]
        if zh_words and 0 < len(en_words) <= QUOTE_WORDS and not links[np.ix_(zh_words, en_words)].any():
            result[np.ix_(zh_words, en_words)] = True
    return result


def _quoted(tokens: list[Token]) -> list[range]:
    """Token ranges between an opening “ and the next closing ”."""
    ranges, start = [], None
    for k, token in enumerate(tokens):
        if token.text == "“":
            start = k + 1
        elif token.text == "”" and start is not None:
            ranges.append(range(start, k))
            start = None
    return ranges


class _EnglishWords:
    """A unit's English content words, found by lower-case text and by the keys of their stems
    (:func:`glosses.stem_keys`): a Chinese word's links are the words its gloss keys meet."""

    def __init__(self, a: Analysed) -> None:
        self.by_text: dict[str, list[int]] = defaultdict(list)
        self.by_key: dict[str, list[int]] = defaultdict(list)
        by_text, by_key = self.by_text, self.by_key
        for j, (token, stem_) in enumerate(zip(a.en_tokens, a.en_stems)):
            if stem_:
                by_text[token.text.lower()].append(j)
                for key in stem_keys(stem_):
                    by_key[key].append(j)
        self.keys = frozenset(self.by_key)  # met by a gloss set in C, the smaller of the two iterated

    def matches(self, word: str, glosses: frozenset[str]) -> set[int]:
        """The content words that ``word`` (in lower case) is, or that one of its ``glosses`` matches."""
        found = set(self.by_text.get(word.lower(), ()))
        if glosses:
            for key in gloss_keys(glosses) & self.keys:
                found.update(self.by_key[key])
        return found


def _gloss_match(stem: str, glosses: frozenset[str]) -> bool:
    return not stem_keys(stem).isdisjoint(gloss_keys(glosses))


def _free(a: Analysed, links: np.ndarray) -> tuple[list[int], list[int]]:
    """Chinese content words, and English content words the dictionary left unlinked
    (私营部门 is linked to "private" but may still learn "sector")."""
    free_zh = [i for i, t in enumerate(a.zh_tokens) if t.content]
    linked = links.any(axis=0)
    free_en = [j for j, s in enumerate(a.en_stems) if s and not linked[j]]
    return free_zh, free_en


def learn_associations(units: list[Analysed], links: list[np.ndarray]) -> dict[tuple[str, str], float]:
    """Corpus word links to the English words the dictionary left unlinked: a Chinese word
    and an English stem that are among each other's LEARN_TOP best associates (Dice
    over units). Chinese words the dictionary left unlinked in the unit are tried first
    (审议 = review, though 机制 = mechanism is always next to it); pairs of all Chinese
    content words (私营部门 = private sector) are added where at least as strong."""
    unlinked, every = _Cooccurrences(), _Cooccurrences()
    for a, unit_links in zip(units, links):
        free_zh, free_en = _free(a, unit_links)
        zh_linked = unit_links.any(axis=1)
        stems = {a.en_stems[j] for j in free_en}
        unlinked.add({a.zh_tokens[i].text for i in free_zh if not zh_linked[i]}, stems)
        every.add({a.zh_tokens[i].text for i in free_zh}, stems)
    first = unlinked.mutual_best()
    floor: dict[str, float] = {}
    for (_, e), value in first.items():
        floor[e] = max(floor.get(e, 0.0), value)
    return first | {(z, e): v for (z, e), v in every.mutual_best().items() if v >= floor.get(e, 0.0)}


class _Cooccurrences:
    """Counts of Chinese words, English stems and their pairs over units."""

    def __init__(self) -> None:
        self.zh: Counter = Counter()
        self.en: Counter = Counter()
        self.both: Counter = Counter()

    def add(self, zh_words: set[str], stems: set[str]) -> None:
        """One unit's Chinese words and English stems."""
        self.zh.update(zh_words)
        self.en.update(stems)
        self.both.update((z, e) for z in zh_words for e in stems)

    def mutual_best(self) -> dict[tuple[str, str], float]:
        """Mutually top-ranked (Chinese word, English stem) pairs by Dice."""
        dice = {(z, e): 2 * n / (self.zh[z] + self.en[e]) for (z, e), n in self.both.items()
                if n >= LEARN_MIN_COUNT}
        top_zh: dict[str, list[float]] = defaultdict(list)
        top_en: dict[str, list[float]] = defaultdict(list)
        for (z, e), value in dice.items():
            top_zh[z].append(value)
            top_en[e].append(value)
        cut_zh = {z: sorted(v, reverse=True)[:LEARN_TOP][-1] for z, v in top_zh.items()}
        cut_en = {e: sorted(v, reverse=True)[:LEARN_TOP][-1] for e, v in top_en.items()}
        return {(z, e): value for (z, e), value in dice.items()
                if value >= LEARN_MIN_DICE and value >= cut_zh[z] and value >= cut_en[e]}


def add_learned_links(a: Analysed, links: np.ndarray, learned: dict[tuple[str, str], float]) -> np.ndarray:
    """Link weights of a unit: 1 for dictionary links and, for each English word the
    dictionary left unlinked, its Dice value with the most associated Chinese word(s)
    of the unit among the plausible ones (competitive linking, see :func:`_plausible`)."""
    free_zh, free_en = _free(a, links)
    weights = links.astype(float)
    row_linked = links.any(axis=1).tolist()
    for j in free_en:
        values = {i: learned[key] for i in free_zh if (key := (a.zh_tokens[i].text, a.en_stems[j])) in learned}
        if not values:
            continue
        pool = _plausible(links, row_linked, list(values), j)
        best = max(values[i] for i in pool)
        for i in pool:
            weights[i, j] = values[i] if values[i] == best else 0.0
    return weights


def bridge_links(a: Analysed, weights: np.ndarray, links: np.ndarray) -> np.ndarray:
    """The unit's link weights plus, at BRIDGE_WEIGHT, a link between a Chinese and an English
    content word that nothing links, where each stands next to one of a linked pair on the same
    side (贩运罪犯 = trafficking offenders: 贩运 = trafficking, so 罪犯 = offenders; a 的 between
    Chinese words counts as next: 循证的政策 = evidence-based policy) and the two only have each
    other so: a word left out of a term by the dictionary alone is taken back into it. A plain
    verb (jieba's v) is not: beside a term it is the predicate (打击 in 打击人口贩运 = combat
    human trafficking, 汇集 in 该行动汇集了 next to "Operation" Basso). An English word that only
    the corpus links (not the dictionary ``links``), to scattered Chinese words with one value, counts
    as unlinked: a word of two units ties with every word of both ("efficient" with 成为, 常设, 提交 …
    in 确保有效利用资源), and the neighbours tell which (有效利用资源 = efficient use of resources)."""
    positive = weights > 0
    zh_linked = positive.any(axis=1).tolist()
    zh_free = [i for i, t in enumerate(a.zh_tokens) if t.content and t.pos != "v" and not zh_linked[i]]
    if not zh_free:
        return weights.copy()
    column_linked = links.any(axis=0).tolist()
    en_free = {j for j, s in enumerate(a.en_stems)
               if s and not column_linked[j] and not _one_run(np.flatnonzero(positive[:, j]))}
    en_part = {j for j, s in enumerate(a.en_stems) if "-" in s and _part_unlinked(a, links, j)}
    pairs: set[tuple[int, int]] = set()
    for i in zh_free:
        for step in (-1, 1):
            near = _zh_next(a, i, step)
            if near is None:
                continue
            for j in np.flatnonzero(positive[near]):
                if int(j) - step in en_free:
                    pairs.add((i, int(j) - step))
                if int(j) in en_part:
                    pairs.add((i, int(j)))
    result = weights.copy()
    zh_seen, en_seen = Counter(i for i, _ in pairs), Counter(j for _, j in pairs)
    for i, j in pairs:
        if zh_seen[i] == 1 and en_seen[j] == 1:
            if j not in en_part:
                result[:, j] = 0.0
            result[i, j] = BRIDGE_WEIGHT
    return result


def _part_unlinked(a: Analysed, links: np.ndarray, j: int) -> bool:
    """Whether a hyphenated English word that the dictionary links has a part none of its
    Chinese words gloss (victim-centred, linked to 受害者 = victim): that part may be bridged."""
    words = [a.zh_tokens[i].text for i in np.flatnonzero(links[:, j])]
    return bool(words) and any(
        not any(_gloss_match(part, gloss_stems(w)) or _gloss_match(part, part_stems(w)) for w in words)
        for part in a.en_stems[j].split("-") if part)


def head_links(a: Analysed, weights: np.ndarray) -> np.ndarray:
    """The unit's link weights plus, at BRIDGE_WEIGHT, the links of a Chinese content word for
    the content word right after it that nothing links, where an enumeration comma follows:
    a Chinese noun phrase ends on its head, which the dictionary may not know as the English
    word's translation (受害人身份确认、 = victim identification, 身份 = identity; 创伤知情、 =
    trauma-informed). Only to English words that end a list item too (a comma, and, or after
    them: not "The meeting made" for 会议提出、审议和通过). Not before 的, which also ends relative
    clauses (会议提出的建议)."""
    tokens = a.zh_tokens
    heads = [i for i in range(1, len(tokens) - 1) if tokens[i + 1].text == "、" and tokens[i].content
             and tokens[i - 1].content and not (weights[i] > 0).any()]
    if not heads:
        return weights
    listed = np.array([k + 1 < len(a.en_tokens) and a.en_tokens[k + 1].text in (",", "and", "or")
                       for k in range(len(a.en_tokens))], dtype=bool)
    result = weights.copy()
    for i in heads:
        result[i, (weights[i - 1] > 0) & listed] = BRIDGE_WEIGHT
    return result


def _one_run(words: np.ndarray) -> bool:
    """Whether the (sorted, non-empty) word indices are consecutive: one compound, not scattered words."""
    return len(words) > 0 and int(words[-1] - words[0]) + 1 == len(words)


def _zh_next(a: Analysed, i: int, step: int) -> int | None:
    """The Chinese content word next to word ``i`` in direction ``step`` (over one 的), if any."""
    k = i + step
    if 0 <= k < len(a.zh_tokens) and a.zh_tokens[k].text == "的":
        k += step
    return k if 0 <= k < len(a.zh_tokens) and a.zh_tokens[k].content else None


def _plausible(links: np.ndarray, row_linked: list[bool], words: list[int], j: int) -> list[int]:
    """Chinese words that may take English word ``j``: those the dictionary left unlinked,
    or linked next to ``j`` (全体会议 = meetings, so also plenary), else all. Links cluster
    along the diagonal: if unlinked words sit next to a word linked next to ``j``, only those
    (文件 = paper next to 背景 = background; 方法 = approach next to 学科 = multidisciplinary, not 做法
    elsewhere in the paragraph, though the corpus associates it more). ``row_linked``: whether
    the dictionary links each Chinese word at all."""
    near = [i for i in words if not row_linked[i] or links[i, max(j - 1, 0) : j + 2].any()] or words
    unlinked = [i for i in near if not row_linked[i]]
    diagonal = [i for i in unlinked if links[max(i - 1, 0) : i + 2, max(j - 1, 0) : j + 2].any()]
    return diagonal or near


def _indicator(spans: list[Span], size: int) -> np.ndarray:
    matrix = np.zeros((len(spans), size))
    for k, span in enumerate(spans):
        matrix[k, span.start : span.end] = 1.0
    return matrix


def score_spans(a: Analysed, links: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Score of every (zh span, en span) pair of a unit, 0 for pairs that are not tight,
    and the link mass of each pair (sum of the link weights inside it).

    Tight: the first and last word of each side are linked to the other side (a Chinese
    prefix 有/可 or suffix 者/性 aside).
    The score is the harmonic mean of the English share (content words linked)
    and the Chinese share (characters linked; unlinked words inside the span,
    such as 打击 in 联合国打击跨国有组织犯罪公约 = "... Convention against ...",
    cost half their weight as long as they are at most a quarter of the span).
    """
    zh_weight = np.array([len(t.text) if t.content else 0 for t in a.zh_tokens], dtype=float)
    en_weight = np.array([1.0 if s else 0.0 for s in a.en_stems])
    zs = _indicator(a.zh_spans, len(a.zh_tokens))
    es = _indicator(a.en_spans, len(a.en_tokens))
    lf = (links > 0).astype(float)
    zh_hit = (lf @ es.T > 0).astype(float)  # zh word × en span
    en_hit = (zs @ lf > 0).astype(float)  # zh span × en word
    unlinked = 1 - (zs * zh_weight) @ zh_hit / np.maximum(zs @ zh_weight, 1e-9)[:, None]
    zh_cover = np.where(unlinked <= 0.25, 1 - 0.5 * unlinked, 1 - unlinked)
    en_cover = en_hit @ (es * en_weight).T / np.maximum(es @ en_weight, 1e-9)[None, :]
    zh_first = np.array([_zh_first(a, s) for s in a.zh_spans], dtype=int)
    zh_last = np.array([_zh_last(a, s) for s in a.zh_spans], dtype=int)
    en_first = np.array([s.start for s in a.en_spans], dtype=int)
    en_last = np.array([s.end - 1 for s in a.en_spans], dtype=int)
    tight = zh_hit[zh_first] * zh_hit[zh_last] * en_hit[:, en_first] * en_hit[:, en_last]
    scores = tight * 2 * zh_cover * en_cover / np.maximum(zh_cover + en_cover, 1e-9)
    return scores, zs @ links @ es.T


def mutual_pairs(a: Analysed, scores: np.ndarray, mass: np.ndarray) -> list[tuple[float, int, int]]:
    """(score, zh span, en span) of the pairs scoring MIN_PAIR_SCORE or more that are each
    other's best partner. A zh span prefers the better score, then the larger link mass,
    then the longer en span ("private sector" over "sector"); an en span prefers the
    better score, then the larger mass, then the shorter zh span (默许程序, not 默许程序商定).
    A zh span inside the en span's choice also counts as chosen (专门调查 in 调查小组和专门调查,
    both best rendered "specialized investigations").
    Nested pairs are kept: 缔约方会议 counts inside the Convention's full name too."""
    if scores.size == 0:
        return []
    tie = 1e-3 * mass / (1 + mass)
    en_len = np.array([s.end - s.start for s in a.en_spans])
    zh_len = np.array([len(s.key) for s in a.zh_spans])
    best_en = np.argmax(scores + tie + 1e-6 * en_len[None, :], axis=1)
    best_zh = np.argmax(scores + tie - 1e-6 * zh_len[:, None], axis=0)
    return [(float(scores[k, e]), k, int(e)) for k, e in enumerate(best_en)
            if scores[k, e] >= MIN_PAIR_SCORE and _within(a.zh_spans[k], a.zh_spans[best_zh[e]])]


def _within(inner: Span, outer: Span) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end


def _linkable(a: Analysed, weights: np.ndarray) -> Analysed:
    """The unit with only the spans that can be tight (see :func:`score_spans`): first and
    last word (prefix and suffix aside) linked to something; the others score 0 anyway."""
    zh_linked, en_linked = (weights > 0).any(axis=1), (weights > 0).any(axis=0)
    zh = [s for s in a.zh_spans if zh_linked[_zh_first(a, s)] and zh_linked[_zh_last(a, s)]]
    en = [s for s in a.en_spans if en_linked[s.start] and en_linked[s.end - 1]]
    return replace(a, zh_spans=zh, en_spans=en)


def _zh_first(a: Analysed, s: Span) -> int:
    return s.start + (s.end - s.start > 1 and a.zh_tokens[s.start].text in ZH_PREFIX)


def _zh_last(a: Analysed, s: Span) -> int:
    return s.end - 1 - (s.end - s.start > 1 and a.zh_tokens[s.end - 1].text in ZH_SUFFIX)


def unit_analysis(unit: AlignedUnit, memo: TokenMemo | None = None) -> tuple[Analysed, np.ndarray]:
    """What `collect_pairs` computes from one unit alone: its analysis and its dictionary and quote links."""
    a = analyse(unit, memo)
    return a, quote_links(a, dictionary_links(a))


UnitPairs = tuple[np.ndarray | None, list[tuple[float, Span, Span, bool]]]
Learned = dict[tuple[str, str], float]


def unit_pairs(a: Analysed, unit_links: np.ndarray, learned: Learned) -> UnitPairs:
    """The unit's word links once paired (which words are linked; None when a side has no spans)
    and the term pairs found in it: (score, zh span, en span, nested)."""
    if not (a.zh_spans and a.en_spans):
        return None, []
    weights = head_links(a, bridge_links(a, add_learned_links(a, unit_links, learned), unit_links))
    linked = weights > 0  # all the ranking asks of them: a bool per word pair, not a float64
    a = _linkable(a, weights)
    if not (a.zh_spans and a.en_spans):  # nothing linked at both ends on one side
        return linked, []
    scores, mass = score_spans(a, weights)
    pairs = mutual_pairs(a, scores, mass)
    nested = inside_others([a.zh_spans[k] for _, k, _ in pairs])
    return linked, [(score, a.zh_spans[k], a.en_spans[e], (a.zh_spans[k].start, a.zh_spans[k].end) in nested)
                    for score, k, e in pairs]


def inside_others(spans: list[Span]) -> set[tuple[int, int]]:
    """(start, end) of the spans that lie inside another of the spans with other bounds. In order of
    start, longer first, a span lies inside another exactly when an earlier one ends at or after it."""
    inside, furthest = set(), -1
    for start, end in sorted({(s.start, s.end) for s in spans}, key=lambda b: (b[0], -b[1])):
        if furthest >= end:
            inside.add((start, end))
        furthest = max(furthest, end)
    return inside


def each_unit(analysed: list[Analysed], links: list[np.ndarray], learned: Learned) -> Iterator[UnitPairs]:
    """`unit_pairs` of every unit, in order, in this process."""
    return (unit_pairs(a, unit_links, learned) for a, unit_links in zip(analysed, links))


def collect_pairs(units: list[AlignedUnit], analyses: list[tuple[Analysed, np.ndarray]] | None = None,
                  each_unit: Callable[[list[Analysed], list[np.ndarray], Learned], Iterable[UnitPairs]] = each_unit,
                  ) -> tuple[list[Analysed], dict[str, dict[str, PairStats]]]:
    """Analyse all units (``analyses``: `unit_analysis` of each, made elsewhere, e.g. in batch
    workers) and gather the term pairs found: zh key → en key → stats. ``each_unit(analysed,
    links, learned)`` gives `unit_pairs` of every unit in order (e.g. computed in several processes)."""
    if analyses is None:
        analyses = [unit_analysis(u) for u in units]
    analysed, links = [a for a, _ in analyses], [k for _, k in analyses]
    learned = learn_associations(analysed, links)
    table: dict[str, dict[str, PairStats]] = defaultdict(lambda: defaultdict(PairStats))
    for index, (a, (linked, pairs)) in enumerate(zip(analysed, each_unit(analysed, links, learned))):
        if linked is not None:
            a.links = linked
        for score, zs, es, nested in pairs:
            table[zs.key][es.key].occurrences.append(Occurrence(zs, es, score, index, a.en_tokens[es.end - 1].pos, nested))
    return analysed, table
