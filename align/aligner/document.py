"""Two-level alignment of a document pair: paragraphs first, then sentences inside them.

1. Paragraphs: matching labels (`12.` ↔ `12.`, `三.` ↔ `III.`) near the diagonal become
   anchors; the banded DP aligns everything, anchors included, with beads up to 2-2 and 1-3/3-1.
   Paragraph fragments the segmenter could not join from layout alone (a table cell that
   wraps) are merged when the translation shows they are one paragraph.
2. Sentences: inside each aligned paragraph group, a small DP with beads up to 1-5 / 5-1.

Pre-split segments (`align_segments`) are aligned in two steps, as Bertalign does: confident
1-1 anchors from lexical evidence, then the banded DP around them; the units it finds confident
teach a lexicon of the pair's own word translations, and the pair is aligned again with it.
Lexical evidence (dictionary, learned lexicon, optional sentence embeddings) is added to the
bead scores at every level.
"""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, replace
from typing import Sequence

from ..model import BODY, HEADING, TABLE_ROW, Alignment, Document, Paragraph, Segment, Unit
from ..segment.paragraphs import TERMINAL
from ..segment.sentences import split_sentences
from ..similarity.dictionary import load as load_dictionary
from ..similarity.confidence import EMBEDDING_COEFFICIENTS, confidence, embedding_features, unit_features
from ..similarity.embedder import Embedder, EmbeddingSimilarity
from ..similarity.features import Features, features
from ..similarity.lexical import LexicalSimilarity
from ..similarity.lexicon import learn_lexicon
from ..similarity.scorer import BeadScorer, Evidence, length_ratio, linear_evidence
from .anchors import positional_anchors
from .corridor import banded_path, monotone_chain
from .dp import PARAGRAPH_BEADS, SENTENCE_BEADS, Bead, Scorer, Step

Record = list  # of (unit, confidence features): what scripts/calibrate.py fits the confidence on


@dataclass(frozen=True)
class Settings:
    paragraph_skip: float = -0.25  # score of a 1-0 / 0-1 paragraph bead
    sentence_skip: float = -0.2
    doubt_threshold: float = 0.5
    band_width: int = 12  # paragraph band half-width around the anchors
    max_band: int = 64  # hard cap on a band's half-width when it widens (keeps the cost linear)
    anchor_spread: float = 0.2  # how far from the diagonal (share of the length) a label anchor may be
    lexical_weight: float = 20.0  # log-odds per unit of lexical similarity
    lexical_offset: float = 0.25  # the similarity that is neutral evidence
    anchor_threshold: float = 0.2  # least 1-1 coverage of a first-step anchor
    anchor_margin: float = 0.05  # by how much an anchor must beat its runners-up
    anchor_window: int = 40  # second anchor search: segments either side of the predicted position
    sentence_band: int = 4  # sentence band half-width (it doubles where the path touches it)
    lexicon_confidence: float = 0.8  # units this confident teach the pair's own lexicon
    unit_cost: float = 0.0  # taken from every two-sided sentence bead: favours fewer, larger units
    sentence_beads: tuple[Bead, ...] = SENTENCE_BEADS
    # With an embedder (sentence pass): bead score = (bead probability + embedding_weight × margin
    # cosine × length agreement) × (segments / 2) ** embedding_size_exponent; see _embedded_score.
    embedding_weight: float = 2.0
    embedding_size_exponent: float = 0.3
    embedding_skip: float = -0.4  # score of a 1-0 / 0-1 sentence bead with an embedder
    embedding_beads: tuple[Bead, ...] = SENTENCE_BEADS + ((2, 3), (3, 2))
    embedding_span: int = 5  # longest run of sentences embedded as one text
    embedding_text_span: int = 5  # longer runs: the normalised sum of their sentences' vectors


def bead_penalty(bead: Bead) -> float:
    """A small prior against beads other than 1-1, growing with their size."""
    return 0.0 if bead == (1, 1) else 0.03 * (bead[0] + bead[1] - 2)


def align_documents(zh: Document, en: Document, level: str = "sentence", settings: Settings = Settings(),
                    record: Record | None = None, embedder: Embedder | None = None) -> Alignment:
    """Paragraphs, then (level "sentence") sentences inside them, with embedding evidence in the
    sentence pass when an `embedder` is given; `record` collects each two-sided unit's confidence
    features (for scripts/calibrate.py)."""
    zh_paras, en_paras, units = align_paragraphs(zh.paragraphs, en.paragraphs, settings,
                                                 record if level == "paragraph" else None)
    if level == "paragraph":
        return Alignment(_paragraph_segments(zh_paras), _paragraph_segments(en_paras), units,
                         "paragraph", settings.doubt_threshold)
    return align_sentences(zh_paras, en_paras, units, settings, record, embedder)


def align_paragraphs(
    zh: Sequence[Paragraph], en: Sequence[Paragraph], settings: Settings = Settings(), record: Record | None = None,
) -> tuple[list[Paragraph], list[Paragraph], list[Unit]]:
    zh_feats = [_paragraph_features(p, "zh") for p in zh]
    en_feats = [_paragraph_features(p, "en") for p in en]
    lexical = LexicalSimilarity([p.text for p in zh], [p.text for p in en], load_dictionary())
    scorer = BeadScorer(zh_feats, en_feats, evidence=[_against(_lexical_evidence(lexical, settings))])
    anchors = label_anchors(zh_feats, en_feats, settings.anchor_spread)
    steps = banded_path(len(zh), len(en), scorer, PARAGRAPH_BEADS, settings.paragraph_skip,
                        anchors, settings.band_width, settings.max_band, bead_penalty)
    units = _units(steps, list(range(len(zh))), list(range(len(en))), scorer, lexical.sides, PARAGRAPH_BEADS, record)
    return merge_fragments(list(zh), list(en), units)


def align_sentences(
    zh: Sequence[Paragraph], en: Sequence[Paragraph], paragraph_units: Sequence[Unit], settings: Settings = Settings(),
    record: Record | None = None, embedder: Embedder | None = None,
) -> Alignment:
    zh_segments, en_segments = _sentence_segments(zh, "zh"), _sentence_segments(en, "en")
    zh_feats = [_segment_features(s, "zh") for s in zh_segments]
    en_feats = [_segment_features(s, "en") for s in en_segments]
    ratio = length_ratio(zh_feats, en_feats)
    lexical = LexicalSimilarity([s.text for s in zh_segments], [s.text for s in en_segments], load_dictionary())
    zh_first, en_first = _first_segment_of(zh_segments), _first_segment_of(en_segments)
    groups = [([k for p in u.zh for k in range(zh_first[p], zh_first[p + 1])],
               [k for p in u.en for k in range(en_first[p], en_first[p + 1])]) for u in paragraph_units]
    embedding = None
    if embedder is not None:  # spans stay inside the two-sided paragraph groups the DP aligns
        two_sided = [(z, e) for z, e in groups if z and e]
        embedding = EmbeddingSimilarity(embedder, [s.text for s in zh_segments], [s.text for s in en_segments],
                                        settings.embedding_span, [(z[0], z[-1] + 1) for z, _ in two_sided],
                                        [(e[0], e[-1] + 1) for _, e in two_sided], settings.embedding_text_span)
    units: list[Unit] = []
    for zh_ids, en_ids in groups:
        units.extend(_align_group(zh_ids, en_ids, zh_feats, en_feats, ratio, settings, lexical, embedding,
                                  record=record))
    return Alignment(zh_segments, en_segments, units, "sentence", settings.doubt_threshold)


def align_segments(
    zh: Sequence[Segment], en: Sequence[Segment], settings: Settings = Settings(),
    embedder: Embedder | None = None, record: Record | None = None,
) -> Alignment:
    """Sentence alignment of pre-split segments (`--input-format lines`): anchors, DP, realign."""
    zh_feats = [_segment_features(s, "zh") for s in zh]
    en_feats = [_segment_features(s, "en") for s in en]
    ratio = length_ratio(zh_feats, en_feats)
    zh_texts, en_texts = [s.text for s in zh], [s.text for s in en]
    lexical = LexicalSimilarity(zh_texts, en_texts, load_dictionary())
    embedding = EmbeddingSimilarity(embedder, zh_texts, en_texts, settings.embedding_span,
                                    text_span=settings.embedding_text_span) if embedder else None
    zh_ids, en_ids = list(range(len(zh))), list(range(len(en)))
    anchors = positional_anchors(lexical.candidates, lambda i, j: lexical.coverage(i, 1, j, 1),
                                 [f.length for f in zh_feats], [f.length for f in en_feats],
                                 settings.anchor_threshold, settings.anchor_margin, settings.anchor_window)
    units = _align_group(zh_ids, en_ids, zh_feats, en_feats, ratio, settings, lexical, embedding, anchors,
                         calibrated=False)
    lexicon = learn_lexicon(_confident_units(lexical, units, settings.lexicon_confidence))
    if lexicon:  # realign with the learned lexicon, in a band around the first path's confident units
        lexical = lexical.with_lexicon(lexicon)
        anchors = [(u.zh[0], u.en[0]) for u in units if u.zh and u.en and u.score >= settings.lexicon_confidence]
    units = _align_group(zh_ids, en_ids, zh_feats, en_feats, ratio, settings, lexical, embedding, anchors, record)
    return Alignment(list(zh), list(en), units, "sentence", settings.doubt_threshold)


def _lexical_evidence(lexical: LexicalSimilarity, settings: Settings, zh_start: int = 0, en_start: int = 0) -> Evidence:
    return linear_evidence(lexical.similarity, settings.lexical_weight, settings.lexical_offset, zh_start, en_start)


def _against(evidence: Evidence) -> Evidence:
    """Only the evidence against a bead: paragraphs are long, so lexical evidence for them saturates
    and would make merging a neighbour free; evidence against still rules out unrelated pairs."""
    return lambda i, di, j, dj: min(0.0, evidence(i, di, j, dj))


def _embedded_score(scorer: BeadScorer, embedding: EmbeddingSimilarity, zh_start: int, en_start: int,
                    settings: Settings) -> Scorer:
    """The DP's bead score with an embedder: the bead probability plus the weighted margin cosine
    times Bertalign's length agreement log2(1 + shorter / longer), scaled by the bead's size so
    that a true 2-2 or 2-3 can beat the two middling smaller beads it would otherwise split into."""
    zh_chars, en_chars = _prefix_sums([f.length for f in scorer.zh]), _prefix_sums([f.length for f in scorer.en])

    def score(i: int, di: int, j: int, dj: int) -> float:
        zh_len, en_len = zh_chars[i + di] - zh_chars[i], (en_chars[j + dj] - en_chars[j]) / scorer.ratio
        agreement = math.log2(1 + min(zh_len, en_len) / max(zh_len, en_len)) if zh_len and en_len else 0.0
        evidence = embedding.margin(i + zh_start, di, j + en_start, dj) * agreement
        return (scorer(i, di, j, dj) + settings.embedding_weight * evidence) * ((di + dj) / 2) ** \
            settings.embedding_size_exponent

    return score


def _prefix_sums(values: Sequence[int]) -> list[int]:
    sums = [0]
    for v in values:
        sums.append(sums[-1] + v)
    return sums


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
    evidence = [_lexical_evidence(lexical, settings, zh_start, en_start)]
    scorer = BeadScorer([zh_feats[k] for k in zh_ids], [en_feats[k] for k in en_ids], ratio, evidence=evidence)
    score, beads, skip = scorer, settings.sentence_beads, settings.sentence_skip
    if embedding is not None:
        score = _embedded_score(scorer, embedding, zh_start, en_start, settings)
        beads, skip = settings.embedding_beads, settings.embedding_skip
    steps = banded_path(len(zh_ids), len(en_ids), score, beads, skip, anchors, settings.sentence_band,
                        settings.max_band, lambda bead: bead_penalty(bead) + settings.unit_cost)
    if not calibrated:
        return [Unit(tuple(zh_ids[s.i:s.i + s.di]), tuple(en_ids[s.j:s.j + s.dj]),
                     round(scorer(s.i, s.di, s.j, s.dj) if s.di and s.dj else 0.0, 4)) for s in steps]
    sides = lambda i, di, j, dj: lexical.sides(i + zh_start, di, j + en_start, dj)  # noqa: E731
    return _units(steps, zh_ids, en_ids, scorer, sides, beads, record, embedding, (zh_start, en_start))


def _units(steps: Sequence[Step], zh_ids: Sequence[int], en_ids: Sequence[int], scorer: BeadScorer,
           sides, beads: Sequence[Bead], record: Record | None,
           embedding: EmbeddingSimilarity | None = None, offset: tuple[int, int] = (0, 0)) -> list[Unit]:
    """The path's units; the two-sided ones get their calibrated confidence (see similarity.confidence)."""
    units = []
    for s in steps:
        unit = Unit(tuple(zh_ids[s.i:s.i + s.di]), tuple(en_ids[s.j:s.j + s.dj]), round(s.score, 4))
        if s.di and s.dj:
            x = unit_features(scorer, sides, beads, s.i, s.di, s.j, s.dj)
            if embedding is None:
                unit = replace(unit, score=round(confidence(x), 4))
            else:
                x += embedding_features(embedding, s.i + offset[0], s.di, s.j + offset[1], s.dj)
                unit = replace(unit, score=round(confidence(x, EMBEDDING_COEFFICIENTS), 4))
            if record is not None:
                record.append((unit, x))
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


def merge_fragments(
    zh: list[Paragraph], en: list[Paragraph], units: list[Unit]
) -> tuple[list[Paragraph], list[Paragraph], list[Unit]]:
    """Join paragraphs that one unit holds when the first stops mid-sentence and the next has no label."""
    zh_groups = [_fragment_groups(u.zh, zh) for u in units]
    en_groups = [_fragment_groups(u.en, en) for u in units]
    zh_new, zh_ids = _rebuild(zh, zh_groups, "zh")
    en_new, en_ids = _rebuild(en, en_groups, "en")
    merged = [Unit(z, e, u.score) for u, z, e in zip(units, zh_ids, en_ids)]
    return zh_new, en_new, merged


def _fragment_groups(ids: tuple[int, ...], paragraphs: list[Paragraph]) -> list[list[int]]:
    groups: list[list[int]] = []
    for k in ids:
        if groups and _is_fragment_pair(paragraphs[groups[-1][-1]], paragraphs[k]):
            groups[-1].append(k)
        else:
            groups.append([k])
    return groups


def _is_fragment_pair(first: Paragraph, second: Paragraph) -> bool:
    return (
        first.kind in (BODY, HEADING, TABLE_ROW)
        and first.text[-1] not in TERMINAL
        and not second.label
        and second.kind in (BODY, HEADING)
    )


def _rebuild(paragraphs: list[Paragraph], groups_per_unit: list[list[list[int]]], lang: str):
    new: list[Paragraph] = []
    ids_per_unit: list[tuple[int, ...]] = []
    for groups in groups_per_unit:
        ids = []
        for group in groups:
            ids.append(len(new))
            new.append(_join_paragraphs([paragraphs[k] for k in group], lang))
        ids_per_unit.append(tuple(ids))
    return new, ids_per_unit


def _join_paragraphs(parts: list[Paragraph], lang: str) -> Paragraph:
    if len(parts) == 1:
        return parts[0]
    glue = " " if lang == "en" else ""
    return replace(parts[0], text=glue.join(p.text for p in parts), sentences=[])


def _paragraph_features(p: Paragraph, lang: str) -> Features:
    return features(p.text, lang, p.label, p.kind == HEADING)


def _segment_features(s: Segment, lang: str) -> Features:
    label = s.label if s.label and s.text.startswith(s.label) else ""
    return features(s.text, lang, label, s.kind == HEADING)


def _paragraph_segments(paragraphs: Sequence[Paragraph]) -> list[Segment]:
    return [Segment(p.text, k, p.label, p.kind) for k, p in enumerate(paragraphs)]


def _sentence_segments(paragraphs: Sequence[Paragraph], lang: str) -> list[Segment]:
    segments = []
    for k, p in enumerate(paragraphs):
        sentences = p.sentences or split_sentences(p.text, lang)
        segments.extend(Segment(s, k, p.label, p.kind) for s in sentences)
    return segments


def _first_segment_of(segments: Sequence[Segment]) -> list[int]:
    """first[p] = index of paragraph p's first segment; first[-1] = len(segments)."""
    count = max((s.paragraph for s in segments), default=-1) + 1
    first = [0] * (count + 1)
    for s in segments:
        first[s.paragraph + 1] += 1
    for p in range(count):
        first[p + 1] += first[p]
    return first

