"""Pair Chinese and English term candidates across aligned units.

For every unit, each Chinese word is linked to the English words it may
translate: CC-CEDICT glosses (stems compared), identical Latin-script words,
and — for words the dictionary leaves unlinked — an association learned from
the corpus itself (Dice over units, linked one-to-one, strongest first).
Every pair of candidate spans in the unit is then scored by how much of each
side the links cover (harmonic mean of the Chinese share, by characters, and
the English share, by content words). In each unit the best pairs are taken
greedily without overlap, longer spans winning ties, so nested candidates are
resolved per occurrence ("trafficking in" never beats "trafficking in
persons"; 缔约方会议 is counted only where it stands on its own).

Every step is a pass over the units (or one unit), so the cost is linear in
the corpus size.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import numpy as np

from .candidates import Span, Token, en_spans, en_stems, en_tokens, zh_spans, zh_tokens
from .inputs import TextUnit
from .lexicon import gloss_stems, stems_match

MIN_PAIR_SCORE = 0.5  # a span pair below this is never taken in a unit
GOOD_PAIR_SCORE = 0.9  # pairs at least this good are taken longest first
LEARN_MIN_DICE = 0.3  # corpus association needed for a learned word link
LEARN_MIN_COUNT = 2  # co-occurrences needed for a learned word link
LEARN_TOP = 2  # a learned link must be among the best this many for both words

_MARKUP = re.compile(r"<sup>.*?</sup>|<[^>]{1,40}>", re.IGNORECASE | re.DOTALL)


@dataclass
class Analysed:
    """One unit with its tokens and candidate spans on both sides."""

    unit: TextUnit
    zh_tokens: list[Token]
    en_tokens: list[Token]
    zh_spans: list[Span]
    en_spans: list[Span]
    en_stems: list[str]


@dataclass
class Occurrence:
    """One term pair found in one unit."""

    zh: Span
    en: Span
    score: float
    unit: int
    en_pos: str


@dataclass
class PairStats:
    """Everything seen of one (zh key, en key) pair across the corpus."""

    occurrences: list[Occurrence] = field(default_factory=list)
    zh_forms: Counter = field(default_factory=Counter)
    en_forms: Counter = field(default_factory=Counter)

    @property
    def count(self) -> int:
        return len(self.occurrences)

    @property
    def mean_score(self) -> float:
        return sum(o.score for o in self.occurrences) / len(self.occurrences)


def clean(text: str) -> str:
    """Text without inline markup (footnote markers such as <sup>1</sup>)."""
    return _MARKUP.sub(" ", text)


def analyse(unit: TextUnit) -> Analysed:
    """Tokens and candidate spans of both sides of a unit."""
    zt = zh_tokens(clean(unit.zh)) if unit.zh.strip() else []
    et = en_tokens(clean(unit.en)) if unit.en.strip() else []
    return Analysed(unit, zt, et, zh_spans(zt), en_spans(et), en_stems(et))


def dictionary_links(a: Analysed) -> np.ndarray:
    """Word links of one unit from CC-CEDICT glosses and identical Latin-script words."""
    links = np.zeros((len(a.zh_tokens), len(a.en_tokens)), dtype=bool)
    for i, token in enumerate(a.zh_tokens):
        if not token.content:
            continue
        glosses = gloss_stems(token.text)
        lower = token.text.lower()
        for j, stem in enumerate(a.en_stems):
            if stem and (lower == a.en_tokens[j].text.lower()
                         or any(stems_match(part, glosses) for part in stem.split("-"))):
                links[i, j] = True
    return links


def _free(a: Analysed, links: np.ndarray) -> tuple[list[int], list[int]]:
    """Chinese content words, and English content words the dictionary left unlinked
    (私营部门 is linked to "private" but may still learn "sector")."""
    free_zh = [i for i, t in enumerate(a.zh_tokens) if t.content]
    free_en = [j for j, s in enumerate(a.en_stems) if s and not links[:, j].any()]
    return free_zh, free_en


def learn_associations(units: list[Analysed], links: list[np.ndarray]) -> dict[tuple[str, str], float]:
    """Corpus word links to the English words the dictionary left unlinked: a Chinese word
    and an English stem that are among each other's LEARN_TOP best associates (Dice
    over units)."""
    zh_count: Counter = Counter()
    en_count: Counter = Counter()
    both: Counter = Counter()
    for a, unit_links in zip(units, links):
        free_zh, free_en = _free(a, unit_links)
        zh_words = {a.zh_tokens[i].text for i in free_zh}
        stems = {a.en_stems[j] for j in free_en}
        zh_count.update(zh_words)
        en_count.update(stems)
        both.update((z, e) for z in zh_words for e in stems)
    dice = {(z, e): 2 * n / (zh_count[z] + en_count[e]) for (z, e), n in both.items()
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
    """Add corpus links to the English words the dictionary left unlinked."""
    free_zh, free_en = _free(a, links)
    links = links.copy()
    for i in free_zh:
        for j in free_en:
            if (a.zh_tokens[i].text, a.en_stems[j]) in learned:
                links[i, j] = True
    return links


def _indicator(spans: list[Span], size: int) -> np.ndarray:
    matrix = np.zeros((len(spans), size))
    for k, span in enumerate(spans):
        matrix[k, span.start : span.end] = 1.0
    return matrix


def score_spans(a: Analysed, links: np.ndarray) -> np.ndarray:
    """Score of every (zh span, en span) pair of a unit, 0 for pairs that are not tight.

    Tight: the first and last word of each side are linked to the other side.
    The score is the harmonic mean of the English share (content words linked)
    and the Chinese share (characters linked; unlinked words inside the span,
    such as 打击 in 联合国打击跨国有组织犯罪公约 = "... Convention against ...",
    cost half their weight as long as they are at most a quarter of the span).
    """
    zh_weight = np.array([len(t.text) if t.content else 0 for t in a.zh_tokens], dtype=float)
    en_weight = np.array([1.0 if s else 0.0 for s in a.en_stems])
    zs = _indicator(a.zh_spans, len(a.zh_tokens))
    es = _indicator(a.en_spans, len(a.en_tokens))
    lf = links.astype(float)
    zh_hit = (lf @ es.T > 0).astype(float)  # zh word × en span
    en_hit = (zs @ lf > 0).astype(float)  # zh span × en word
    unlinked = 1 - (zs * zh_weight) @ zh_hit / np.maximum(zs @ zh_weight, 1e-9)[:, None]
    zh_cover = np.where(unlinked <= 0.25, 1 - 0.5 * unlinked, 1 - unlinked)
    en_cover = en_hit @ (es * en_weight).T / np.maximum(es @ en_weight, 1e-9)[None, :]
    zh_first = np.array([s.start for s in a.zh_spans])
    zh_last = np.array([s.end - 1 for s in a.zh_spans])
    en_first = np.array([s.start for s in a.en_spans])
    en_last = np.array([s.end - 1 for s in a.en_spans])
    tight = zh_hit[zh_first] * zh_hit[zh_last] * en_hit[:, en_first] * en_hit[:, en_last]
    return tight * 2 * zh_cover * en_cover / np.maximum(zh_cover + en_cover, 1e-9)


def good_pairs(a: Analysed, scores: np.ndarray) -> list[tuple[float, int, int]]:
    """(score, zh span, en span) of each zh span's best partner scoring MIN_PAIR_SCORE or more."""
    if scores.size == 0:
        return []
    en_len = np.array([s.end - s.start for s in a.en_spans])
    best = np.argmax(scores + 1e-4 * en_len[None, :], axis=1)
    return [(float(scores[k, best[k]]), k, int(best[k])) for k in range(len(a.zh_spans))
            if scores[k, best[k]] >= MIN_PAIR_SCORE]


def select_pairs(a: Analysed, options: list[tuple[float, int, int]], recurring: Counter,
                 index: int) -> list[Occurrence]:
    """Best non-overlapping span pairs of a unit, chosen greedily.

    Good pairs (score ≥ GOOD_PAIR_SCORE) go first: those found in more than one unit
    of the corpus before the others, then the longest Chinese span first (a full name
    before its parts, but a one-off long phrase after recurring terms inside it); then
    the rest, best score first.
    """
    def priority(option: tuple[float, int, int]) -> tuple:
        score, k, e = option
        key = (a.zh_spans[k].key, a.en_spans[e].key)
        good = score >= GOOD_PAIR_SCORE
        return (good, len(key[0]) if good else 0, recurring[key], score)

    taken_zh = np.zeros(len(a.zh_tokens), dtype=bool)
    taken_en = np.zeros(len(a.en_tokens), dtype=bool)
    chosen = []
    for score, k, e in sorted(options, key=priority, reverse=True):
        zs, es = a.zh_spans[k], a.en_spans[e]
        if taken_zh[zs.start : zs.end].any() or taken_en[es.start : es.end].any():
            continue
        taken_zh[zs.start : zs.end] = True
        taken_en[es.start : es.end] = True
        chosen.append(Occurrence(zs, es, score, index, a.en_tokens[es.end - 1].pos))
    return chosen


def collect_pairs(units: list[TextUnit]) -> tuple[list[Analysed], dict[str, dict[str, PairStats]]]:
    """Analyse all units and gather the term pairs found: zh key → en key → stats."""
    analysed = [analyse(u) for u in units]
    links = [dictionary_links(a) for a in analysed]
    learned = learn_associations(analysed, links)
    options = [good_pairs(a, score_spans(a, add_learned_links(a, unit_links, learned)))
               if a.zh_spans and a.en_spans else [] for a, unit_links in zip(analysed, links)]
    recurring: Counter = Counter()
    for a, unit_options in zip(analysed, options):
        recurring.update({(a.zh_spans[k].key, a.en_spans[e].key) for s, k, e in unit_options
                          if s >= GOOD_PAIR_SCORE})
    table: dict[str, dict[str, PairStats]] = defaultdict(lambda: defaultdict(PairStats))
    for index, (a, unit_options) in enumerate(zip(analysed, options)):
        for occurrence in select_pairs(a, unit_options, recurring, index):
            stats = table[occurrence.zh.key][occurrence.en.key]
            stats.occurrences.append(occurrence)
            stats.zh_forms[occurrence.zh.text] += 1
            stats.en_forms[occurrence.en.text] += 1
    return analysed, table
