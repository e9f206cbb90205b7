"""Two-level alignment of a document pair: paragraphs first, then sentences inside them.

1. Paragraphs: matching labels (`12.` ↔ `12.`, `三.` ↔ `III.`) near the diagonal become
   anchors; the banded DP aligns everything, anchors included, with beads up to 2-2 and 1-3/3-1.
   Paragraph fragments the segmenter could not join from layout alone (a table cell that
   wraps) are merged when the translation shows they are one paragraph.
2. Sentences: inside each aligned paragraph group, a small DP with beads up to 1-5 / 5-1 and 2-3 / 3-2,
   maximising summed log-odds less a cost per merged segment (`LogOdds`, `EmbeddedScore`).

Pre-split segments (`align_segments`) are aligned in two steps, as Bertalign does: confident
1-1 anchors from lexical evidence, then the banded DP around them; the units it finds confident
teach a lexicon of the pair's own word translations, and the pair is aligned again with it.
Lexical evidence (dictionary, learned lexicon, optional sentence embeddings) is added to the
bead scores at every level.
"""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import replace
from typing import Callable, Sequence

import numpy as np

from ..config import PARAGRAPH_BEADS, AlignerSettings, Bead
from ..model import HEADING, Alignment, Paragraph, Segment, Segmented, Unit
from ..segment import repair_fragments
from ..similarity.dictionary import load as load_dictionary
from ..similarity.confidence import (CONTEXT_COEFFICIENTS, EMBEDDING_COEFFICIENTS, EMBEDDING_CONTEXT_COEFFICIENTS,
                                     confidence, embedding_features, in_context, unit_features)
from ..similarity.embedder import Embedder, EmbeddingSimilarity
from ..similarity.features import Features
from ..similarity.lexical import LexicalSimilarity, TextMemo
from ..similarity.lexicon import learn_lexicon
from ..similarity.scorer import BeadScorer, LinearEvidence, Query, length_ratio
from .anchors import positional_anchors
from .corridor import Box, banded_path, banded_paths, monotone_chain
from .dp import Step
from .repair import detach_unexplained, merge_guessed, shift_fragments, split_at_guesses

Record = list  # of (unit, confidence features): what scripts/calibrate.py fits the confidence on


def bead_penalty(bead: Bead) -> float:
    """The paragraph DP's small prior against beads other than 1-1, growing with their size."""
    return 0.0 if bead == (1, 1) else 0.03 * (bead[0] + bead[1] - 2)


def sentence_penalty(settings: AlignerSettings) -> Callable[[Bead], float]:
    """What the sentence DP takes from a two-sided bead, in log-odds: `merge_cost` for each segment
    beyond a 1-1 bead's two, plus `unit_cost`."""
    return lambda bead: settings.merge_cost * (bead[0] + bead[1] - 2) + settings.unit_cost


class LogOdds:
    """The sentence DP's bead score without an embedder: the bead's log-odds (`BeadScorer.logits`).

    Summed over a path, log-odds weigh splitting against merging the way a log-linear model does:
    two good 1-1 beads (each well explained by the other side) outscore their 2-2 merge, while the
    two halves of a true 2-2, each only partly explained, score little and lose to it. Summed
    probabilities cannot tell these apart: they saturate at 1, so merging never pays."""

    def __init__(self, scorer: BeadScorer):
        self.scorer = scorer

    def __call__(self, i: int, di: int, j: int, dj: int) -> float:
        return float(self.many([(np.array([i]), di, np.array([j]), dj)])[0][0])

    def many(self, queries: Sequence[Query]) -> list[np.ndarray]:
        return self.scorer.logits(queries)


def align_documents(zh: Segmented, en: Segmented, level: str = "sentence", settings: AlignerSettings = AlignerSettings(),
                    record: Record | None = None, embedder: Embedder | None = None) -> Alignment:
    """Paragraphs, then (level "sentence") sentences inside them, with embedding evidence in the
    sentence pass when an `embedder` is given; `record` collects each two-sided unit's confidence
    features (for scripts/calibrate.py)."""
    memo = TextMemo()  # both passes read the same text
    zh_paras, en_paras, units = align_paragraphs(zh.paragraphs, en.paragraphs, settings,
                                                 record if level == "paragraph" else None, memo)
    if level == "paragraph":
        return _in_context(Alignment(_paragraph_segments(zh_paras), _paragraph_segments(en_paras), units,
                                     "paragraph", settings.doubt_threshold))
    return _in_context(align_sentences(zh_paras, en_paras, units, settings, record, embedder, memo), embedder is not None)


def align_paragraphs(
    zh: Sequence[Paragraph], en: Sequence[Paragraph], settings: AlignerSettings = AlignerSettings(), record: Record | None = None,
    memo: TextMemo | None = None,
) -> tuple[list[Paragraph], list[Paragraph], list[Unit]]:
    memo = memo or TextMemo()
    scorer, lexical = _paragraph_scorer(zh, en, settings, memo)
    zh_feats, en_feats = scorer.zh, scorer.en
    anchors = label_anchors(zh_feats, en_feats, settings.anchor_spread)
    steps = banded_path(len(zh), len(en), scorer, PARAGRAPH_BEADS, settings.paragraph_skip,
                        anchors, settings.band_width, settings.max_band, bead_penalty)
    units = _units(steps, list(range(len(zh))), list(range(len(en))), scorer, lexical.sides_many, PARAGRAPH_BEADS,
                   record)
    units = detach_unexplained(shift_fragments(merge_guessed(units, zh, en, lexical), zh, en, lexical), zh, en, lexical)

    def value(zh_paras: list[Paragraph], en_paras: list[Paragraph]):
        other = _paragraph_scorer(zh_paras, en_paras, settings, memo, scorer.ratio)[0]
        return lambda i, di, j, dj: other(i, di, j, dj) - bead_penalty((di, dj))

    return repair_fragments(*split_at_guesses(units, list(zh), list(en), value))


def _paragraph_scorer(zh: Sequence[Paragraph], en: Sequence[Paragraph], settings: AlignerSettings, memo: TextMemo,
                      ratio: float | None = None) -> tuple[BeadScorer, LexicalSimilarity]:
    """The paragraph pass's bead scorer (lexical evidence only against a bead) and its lexical similarity."""
    lexical = LexicalSimilarity([p.text for p in zh], [p.text for p in en], load_dictionary(), memo=memo)
    scorer = BeadScorer([_paragraph_features(p, "zh", memo) for p in zh], [_paragraph_features(p, "en", memo) for p in en],
                        ratio, settings.scorer, evidence=[_lexical_evidence(lexical, settings, against_only=True)])
    return scorer, lexical


def align_sentences(
    zh: Sequence[Paragraph], en: Sequence[Paragraph], paragraph_units: Sequence[Unit], settings: AlignerSettings = AlignerSettings(),
    record: Record | None = None, embedder: Embedder | None = None, memo: TextMemo | None = None,
) -> Alignment:
    memo = memo or TextMemo()
    zh_segments, en_segments = _sentence_segments(zh), _sentence_segments(en)
    zh_feats = [_segment_features(s, "zh", memo) for s in zh_segments]
    en_feats = [_segment_features(s, "en", memo) for s in en_segments]
    ratio = length_ratio(zh_feats, en_feats)
    lexical = LexicalSimilarity([s.text for s in zh_segments], [s.text for s in en_segments], load_dictionary(),
                                memo=memo)
    zh_first, en_first = _first_segment_of(zh_segments), _first_segment_of(en_segments)
    groups = [([k for p in u.zh for k in range(zh_first[p], zh_first[p + 1])],
               [k for p in u.en for k in range(en_first[p], en_first[p + 1])]) for u in paragraph_units]
    # one scorer over the whole pair: a group's scorer gives the same scores, shifted
    scorer = BeadScorer(zh_feats, en_feats, ratio, settings.scorer, evidence=[_lexical_evidence(lexical, settings)])
    embedding = None
    if embedder is not None:  # spans stay inside the two-sided paragraph groups the DP aligns
        two_sided = [(z, e) for z, e in groups if z and e]
        embedding = EmbeddingSimilarity(embedder, [s.text for s in zh_segments], [s.text for s in en_segments],
                                        settings.embedding_span, [(z[0], z[-1] + 1) for z, _ in two_sided],
                                        [(e[0], e[-1] + 1) for _, e in two_sided], settings.embedding_text_span)
    boxes = {k: Box(z[0], e[0], len(z), len(e)) for k, (z, e) in enumerate(groups) if z and e}
    singles = [k for k, box in boxes.items() if box.n == box.m == 1]
    paths = _sentence_paths(boxes, singles, scorer, settings, embedding)
    steps, bounds = [], []
    for k, (zh_ids, en_ids) in enumerate(groups):
        zh_start, en_start = (zh_ids or [0])[0], (en_ids or [0])[0]
        for s in paths[k] if k in paths else _one_sided_steps(len(zh_ids), len(en_ids)):
            steps.append(Step(s.i + zh_start, s.di, s.j + en_start, s.dj, s.score))
            bounds.append((zh_start, zh_start + len(zh_ids), en_start, en_start + len(en_ids)))
    units = _units(steps, range(len(zh_feats)), range(len(en_feats)), scorer, lexical.sides_many,
                   settings.sentence_beads, record, bounds, embedding)
    # a sentence alone in its paragraph on both sides is that paragraph pair's unit: its confidence
    # is the paragraph pass's, which weighed it against its neighbours (the sentence pass had none)
    whole = {(groups[k][0][0], groups[k][1][0]): paragraph_units[k].score for k in singles}
    units = [replace(u, score=whole[u.zh[0], u.en[0]]) if len(u.zh) == len(u.en) == 1 and (u.zh[0], u.en[0]) in whole
             else u for u in units]
    return Alignment(zh_segments, en_segments, units, "sentence", settings.doubt_threshold)


def _sentence_paths(boxes: dict[int, Box], singles: Sequence[int], scorer: BeadScorer, settings: AlignerSettings,
                    embedding: EmbeddingSimilarity | None) -> dict[int, list[Step]]:
    """Each group's sentence DP path (in the group's coordinates), all groups' passes together; a group
    of one sentence a side is scored by its log-odds alone, also with an embedder."""
    if embedding is None:
        runs = [(list(boxes), LogOdds(scorer))]
    else:
        alone = set(singles)
        runs = [([k for k in boxes if k in alone], LogOdds(scorer)),
                ([k for k in boxes if k not in alone], EmbeddedScore(scorer, embedding, settings))]
    paths = {}
    for keys, score in runs:
        found = banded_paths([boxes[k] for k in keys], score, settings.sentence_beads, settings.sentence_skip,
                             settings.sentence_band, settings.max_band, sentence_penalty(settings))
        paths.update(zip(keys, found))
    return paths


def _one_sided_steps(n: int, m: int) -> list[Step]:
    """A group with segments on one side only: each is a one-sided step."""
    return [Step(k, 1, 0, 0, 0.0) for k in range(n)] + [Step(0, 0, k, 1, 0.0) for k in range(m)]


def align_segments(
    zh: Sequence[Segment], en: Sequence[Segment], settings: AlignerSettings = AlignerSettings(),
    embedder: Embedder | None = None, record: Record | None = None,
) -> Alignment:
    """Sentence alignment of pre-split segments (`--input-format lines`): anchors, DP, realign."""
    memo = TextMemo()
    zh_feats = [_segment_features(s, "zh", memo) for s in zh]
    en_feats = [_segment_features(s, "en", memo) for s in en]
    ratio = length_ratio(zh_feats, en_feats)
    zh_texts, en_texts = [s.text for s in zh], [s.text for s in en]
    lexical = LexicalSimilarity(zh_texts, en_texts, load_dictionary(), memo=memo)
    embedding = EmbeddingSimilarity(embedder, zh_texts, en_texts, settings.embedding_span,
                                    text_span=settings.embedding_text_span) if embedder else None
    zh_ids, en_ids = list(range(len(zh))), list(range(len(en)))
    anchors = positional_anchors(lexical.candidates, lexical.pair_coverage,
                                 [f.length for f in zh_feats], [f.length for f in en_feats],
                                 settings.anchor_threshold, settings.anchor_margin, settings.anchor_window)
    units = _align_group(zh_ids, en_ids, zh_feats, en_feats, ratio, settings, lexical, embedding, anchors,
                         calibrated=False)
    lexicon = learn_lexicon(_confident_units(lexical, units, settings.lexicon_confidence),
                            min_probability=settings.lexicon_probability, min_count=settings.lexicon_min_count)
    if lexicon:  # realign with the learned lexicon, in a band around the first path's confident units
        lexical = lexical.with_lexicon(lexicon)
        anchors = [(u.zh[0], u.en[0]) for u in units if u.zh and u.en and u.score >= settings.lexicon_confidence]
    units = _align_group(zh_ids, en_ids, zh_feats, en_feats, ratio, settings, lexical, embedding, anchors, record)
    return _in_context(Alignment(list(zh), list(en), units, "sentence", settings.doubt_threshold), embedder is not None)


def _in_context(alignment: Alignment, embedded: bool = False) -> Alignment:
    """The alignment with each two-sided unit's confidence weighed with its neighbours'
    (`similarity.confidence.in_context`; `embedded`: the units' confidences came from the embedding model)."""
    two_sided = [k for k, u in enumerate(alignment.units) if u.zh and u.en]
    scores = in_context([alignment.units[k].score for k in two_sided],
                        EMBEDDING_CONTEXT_COEFFICIENTS if embedded else CONTEXT_COEFFICIENTS)
    units = list(alignment.units)
    for k, score in zip(two_sided, scores):
        units[k] = replace(units[k], score=score)
    return replace(alignment, units=units)


def _lexical_evidence(lexical: LexicalSimilarity, settings: AlignerSettings, zh_start: int = 0, en_start: int = 0,
                      against_only: bool = False) -> LinearEvidence:
    """`against_only`: only the evidence against a bead (paragraphs are long, so lexical evidence
    for them saturates and would make merging a neighbour free; evidence against still rules out
    unrelated pairs)."""
    return LinearEvidence(lexical.similarity, settings.lexical_weight, settings.lexical_offset, zh_start, en_start,
                          lexical.similarity_many, 0.0 if against_only else math.inf)


class EmbeddedScore:
    """The sentence DP's bead score with an embedder: the bead's log-odds plus `embedding_weight` ×
    the margin cosine × Bertalign's length agreement log2(1 + shorter / longer) (`zh_start`, `en_start`:
    where the scorer's segment 0 sits in the embedding's segments)."""

    def __init__(self, scorer: BeadScorer, embedding: EmbeddingSimilarity, settings: AlignerSettings,
                 zh_start: int = 0, en_start: int = 0):
        self.scorer, self.embedding, self.settings = scorer, embedding, settings
        self.zh_start, self.en_start = zh_start, en_start
        self.zh_chars = np.concatenate(([0], np.cumsum([f.length for f in scorer.zh])))
        self.en_chars = np.concatenate(([0], np.cumsum([f.length for f in scorer.en])))

    def __call__(self, i: int, di: int, j: int, dj: int) -> float:
        return float(self.many([(np.array([i]), di, np.array([j]), dj)])[0][0])

    def many(self, queries: Sequence[Query]) -> list[np.ndarray]:
        margins = self.embedding.margin_many([(i + self.zh_start, di, j + self.en_start, dj)
                                              for i, di, j, dj in queries])
        result = []
        for (i, di, j, dj), logit, margin in zip(queries, self.scorer.logits(queries), margins):
            zh_len = self.zh_chars[i + di] - self.zh_chars[i]
            en_len = (self.en_chars[j + dj] - self.en_chars[j]) / self.scorer.ratio
            longer = np.maximum(zh_len, en_len)
            agreement = np.log2(1 + np.minimum(zh_len, en_len) / np.where(longer > 0, longer, 1))
            result.append(logit + self.settings.embedding_weight * margin * agreement)
        return result


def _confident_units(lexical: LexicalSimilarity, units: Sequence[Unit], confidence: float):
    """(Chinese words, English keys) of the two-sided units at least this confident."""
    return [
        ([w for i in u.zh for w in lexical.zh_words[i]], [k for j in u.en for k in lexical.en_keys[j]])
        for u in units if u.zh and u.en and u.score >= confidence
    ]


def _align_group(zh_ids, en_ids, zh_feats, en_feats, ratio, settings, lexical,
                 embedding: EmbeddingSimilarity | None = None, anchors=(),
                 record: Record | None = None, calibrated: bool = True) -> list[Unit]:
    """Align zh_ids ↔ en_ids (contiguous runs of segments) with the lexical (and embedding) evidence
    of the whole pair; units keep their bead probability unless `calibrated`."""
    if not zh_ids or not en_ids:
        return [Unit((k,), (), 0.0) for k in zh_ids] + [Unit((), (k,), 0.0) for k in en_ids]
    zh_start, en_start = zh_ids[0], en_ids[0]
    scorer = _group_scorer(zh_ids, en_ids, zh_feats, en_feats, ratio, settings, lexical)
    score = LogOdds(scorer) if embedding is None else EmbeddedScore(scorer, embedding, settings, zh_start, en_start)
    steps = banded_path(len(zh_ids), len(en_ids), score, settings.sentence_beads, settings.sentence_skip, anchors,
                        settings.sentence_band, settings.max_band, sentence_penalty(settings))
    if not calibrated:
        return [Unit(tuple(zh_ids[s.i:s.i + s.di]), tuple(en_ids[s.j:s.j + s.dj]), round(score, 4))
                for s, score in zip(steps, _bead_scores(scorer, steps))]
    sides = lambda queries: lexical.sides_many([(i + zh_start, di, j + en_start, dj)  # noqa: E731
                                                for i, di, j, dj in queries])
    return _units(steps, zh_ids, en_ids, scorer, sides, settings.sentence_beads, record, embedding=embedding,
                  offset=(zh_start, en_start))


def _bead_scores(scorer: BeadScorer, steps: Sequence[Step]) -> list[float]:
    """The scorer's probability of each step's bead (0 for one-sided steps), in one batch per bead size."""
    shapes: dict[tuple[int, int], list[int]] = {}
    for k, s in enumerate(steps):
        if s.di and s.dj:
            shapes.setdefault((s.di, s.dj), []).append(k)
    queries = [(np.array([steps[k].i for k in ks], np.int64), di, np.array([steps[k].j for k in ks], np.int64), dj)
               for (di, dj), ks in shapes.items()]
    scores = [0.0] * len(steps)
    for ks, values in zip(shapes.values(), scorer.many(queries) if queries else []):
        for k, value in zip(ks, values.tolist()):
            scores[k] = value
    return scores


def _group_scorer(zh_ids, en_ids, zh_feats, en_feats, ratio, settings, lexical) -> BeadScorer:
    evidence = [_lexical_evidence(lexical, settings, zh_ids[0], en_ids[0])]
    return BeadScorer([zh_feats[k] for k in zh_ids], [en_feats[k] for k in en_ids], ratio, settings.scorer,
                      evidence=evidence)


def _units(steps: Sequence[Step], zh_ids: Sequence[int], en_ids: Sequence[int], scorer: BeadScorer,
           sides, beads: Sequence[Bead], record: Record | None,
           bounds: Sequence[tuple[int, int, int, int]] | None = None,
           embedding: EmbeddingSimilarity | None = None, offset: tuple[int, int] = (0, 0)) -> list[Unit]:
    """The path's units; the two-sided ones get their calibrated confidence (see similarity.confidence;
    `bounds`: per step, the segments its competing beads must stay within)."""
    two_sided = [k for k, s in enumerate(steps) if s.di and s.dj]
    features = iter(unit_features(scorer, sides, beads, [(steps[k].i, steps[k].di, steps[k].j, steps[k].dj)
                                                         for k in two_sided],
                                  [bounds[k] for k in two_sided] if bounds else None))
    units = []
    for s in steps:
        zh, en = tuple(zh_ids[s.i:s.i + s.di]), tuple(en_ids[s.j:s.j + s.dj])
        if s.di and s.dj:
            x = next(features)
            if embedding is None:
                unit = Unit(zh, en, round(confidence(x), 4))
            else:
                x += embedding_features(embedding, s.i + offset[0], s.di, s.j + offset[1], s.dj)
                unit = Unit(zh, en, round(confidence(x, EMBEDDING_COEFFICIENTS), 4))
            if record is not None:
                record.append((unit, x))
        else:
            unit = Unit(zh, en, round(s.score, 4))
        units.append(unit)
    return units


def label_anchors(zh: Sequence[Features], en: Sequence[Features], spread: float) -> list[tuple[int, int]]:
    """Pairs with the same label key near the diagonal, reduced to a monotone chain."""
    en_by_label: dict[str, list[int]] = defaultdict(list)
    for j, f in enumerate(en):
        if f.label:
            en_by_label[f.label].append(j)
    n, m = max(len(zh), 1), max(len(en), 1)
    pairs = [
        (i, j)
        for i, f in enumerate(zh) if f.label
        for j in en_by_label.get(f.label, ())
        if abs(i / n - j / m) <= spread
    ]
    return monotone_chain(pairs)


def _paragraph_features(p: Paragraph, lang: str, memo: TextMemo) -> Features:
    return memo.features(p.text, lang, p.label, p.kind == HEADING)


def _segment_features(s: Segment, lang: str, memo: TextMemo) -> Features:
    label = s.label if s.label and s.text.startswith(s.label) else ""
    return memo.features(s.text, lang, label, s.kind == HEADING)


def _paragraph_segments(paragraphs: Sequence[Paragraph]) -> list[Segment]:
    return [Segment(p.text, k, p.label, p.kind) for k, p in enumerate(paragraphs)]


def _sentence_segments(paragraphs: Sequence[Paragraph]) -> list[Segment]:
    """The sentences `align.segment` found, a paragraph without them as one sentence."""
    return [Segment(s, k, p.label, p.kind) for k, p in enumerate(paragraphs) for s in p.sentences or [p.text]]


def _first_segment_of(segments: Sequence[Segment]) -> list[int]:
    """first[p] = index of paragraph p's first segment; first[-1] = len(segments)."""
    count = max((s.paragraph for s in segments), default=-1) + 1
    first = [0] * (count + 1)
    for s in segments:
        first[s.paragraph + 1] += 1
    for p in range(count):
        first[p + 1] += first[p]
    return first

