"""The scoring caches give exactly the scores computed afresh: kept lexical table entries and
kept bead scores across a banded DP's widening passes (speed without changing any output)."""
from __future__ import annotations

import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from align.aligner import corridor
from align.aligner.corridor import Box, banded_path, banded_paths
from align.similarity import scorer
from align.similarity.dictionary import load
from align.similarity.features import Features, features
from align.similarity.lexical import LexicalSimilarity, _blocks
from align.similarity.scorer import BeadScorer, LinearEvidence

ZH = ["今天天气很好。", "我们去北京开会。", "会议讨论了贩运人口问题。", "主席宣布会议开幕。", "代表们通过了议程。",
      "秘书处介绍了报告。", "工作组审议了建议。", "会议于下午结束。"] * 4
EN = ["The weather is fine today.", "We go to Beijing for a meeting.",
      "The meeting discussed trafficking in persons.", "The Chair declared the meeting open.",
      "The delegates adopted the agenda.", "The secretariat introduced the report.",
      "The working group considered the recommendations.", "The meeting ended in the afternoon."] * 4


def _queries(rng: random.Random, n: int, m: int, count: int):
    queries = []
    for di, dj in ((1, 1), (1, 2), (2, 1), (1, 3), (2, 2), (3, 1)):
        i = np.array(sorted(rng.randrange(n - di + 1) for _ in range(count)), np.int64)
        j = np.clip(i + np.array([rng.randrange(-6, 7) for _ in range(count)]), 0, m - dj)
        queries.append((i, di, j, dj))
    return queries


def test_kept_table_entries_give_the_scores_of_fresh_tables():
    rng = random.Random(7)
    kept = LexicalSimilarity(ZH, EN, load())
    for _ in range(6):  # overlapping batches: entries reused, ranges widened on both sides
        queries = _queries(rng, len(ZH), len(EN), 40)
        fresh = LexicalSimilarity(ZH, EN, load())
        for a, b in zip(kept.similarity_many(queries), fresh.similarity_many(queries)):
            assert np.array_equal(a, b)
        for (a, b), (c, d) in zip(kept.sides_many(queries), fresh.sides_many(queries)):
            assert np.array_equal(a, c) and np.array_equal(b, d)


def test_span_totals_are_the_segments_weights_summed_in_order():
    """A span's total weight, kept per span length, is its segments' weights summed one by one from
    0 (as the coverage of a bead sums its segments), to the last bit."""
    side = LexicalSimilarity(ZH, EN, load()).zh
    for count in range(1, 6):
        expected = []
        for i in range(side.count - count + 1):
            total = 0.0
            for t in range(count):
                total = total + float(side.total[i + t])
            expected.append(total)
        assert side.span_total(count).tolist() == expected


class Counting:
    """A scorer of random but fixed bead scores that counts the beads it is asked."""

    def __init__(self):
        self.asked = 0

    def many(self, queries):
        self.asked += sum(len(i) for i, _, _, _ in queries)
        return [np.sin(i * 7.1 + j * 3.3 + di * 1.7 + dj) ** 2 for i, di, j, dj in queries]

    def __call__(self, i, di, j, dj):
        return float(self.many([(np.array([i]), di, np.array([j]), dj)])[0][0])


def test_widening_passes_score_each_bead_once_and_keep_the_path(monkeypatch):
    beads = ((1, 1), (1, 0), (0, 1), (1, 2), (2, 1))
    plain = Counting()
    monkeypatch.setattr(corridor, "_Remembered", lambda score, m: score)  # the same DP without the cache
    expected = banded_path(300, 320, plain, beads, -0.2, width=2, max_width=16)
    monkeypatch.undo()
    kept = Counting()
    monkeypatch.setattr(corridor, "_CHUNK", 500)  # scored in chunks of rows too
    assert banded_path(300, 320, kept, beads, -0.2, width=2, max_width=16) == expected
    assert kept.asked < plain.asked


class Shifted:
    """`Counting`'s scores of the beads of a box at (zh_start, en_start), in the box's coordinates."""

    def __init__(self, score: Counting, zh_start: int, en_start: int):
        self.score, self.zh_start, self.en_start = score, zh_start, en_start

    def many(self, queries):
        return self.score.many([(i + self.zh_start, di, j + self.en_start, dj) for i, di, j, dj in queries])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 9), st.integers(1, 9)), min_size=1, max_size=12),
       st.integers(1, 3), st.integers(0, 2))
def test_boxes_aligned_together_get_the_paths_of_their_own_dps(sizes, width, gap):
    """The sentence pass's groups in one `banded_paths` call (their beads scored together, pass by
    pass) get exactly the paths of one banded DP per group, widening included."""
    beads = ((1, 1), (1, 0), (0, 1), (1, 2), (2, 1), (2, 2), (1, 3), (3, 1))
    boxes, i, j = [], 0, 0
    for n, m in sizes:
        boxes.append(Box(i, j, n, m))
        i, j = i + n + gap, j + m  # groups need not be contiguous on either side
    together = Counting()
    paths = banded_paths(boxes, together, beads, -0.3, width=width, max_width=8, bead_penalty=lambda b: 0.05 * sum(b))
    alone = Counting()
    assert paths == [banded_path(b.n, b.m, Shifted(alone, b.i, b.j), beads, -0.3, width=width, max_width=8,
                                 bead_penalty=lambda b: 0.05 * sum(b)) for b in boxes]
    assert together.asked <= alone.asked


def merge(parts: list[Features]) -> Features:
    """The features of consecutive segments taken together (a bead's span)."""
    if len(parts) == 1:
        return parts[0]
    return Features(
        length=sum(p.length for p in parts),
        numbers=frozenset().union(*(p.numbers for p in parts)),
        names=frozenset().union(*(p.names for p in parts)),
        words=frozenset().union(*(p.words for p in parts)),
        label=parts[0].label,
        heading=parts[0].heading,
        inner_labels=frozenset(p.label for p in parts[1:] if p.label).union(*(p.inner_labels for p in parts)),
    )


def _reference_set_evidence(scorer, i: int, di: int, j: int, dj: int) -> float:
    """A bead's anchor and label evidence from its spans' merged sets, bead by bead."""
    zh, en = merge(list(scorer.zh[i:i + di])), merge(list(scorer.en[j:j + dj]))
    w = scorer.weights
    matched, missed = len(zh.numbers & en.numbers), len(zh.numbers ^ en.numbers)
    for name, words in [(n, en.words) for n in zh.names] + [(n, zh.words) for n in en.names - zh.names]:
        found = name in words or len(name) >= 5 and any(len(v) >= 5 and fuzz.ratio(name, v) >= 88 for v in words)
        matched, missed = matched + found, missed + (not found)
    evidence = 0.0 if zh.heading == en.heading else -w.heading_clash
    evidence -= w.label_clash * len(zh.inner_labels ^ en.inner_labels)
    if zh.label and en.label:
        evidence += w.label_match if zh.label == en.label else -w.label_clash
    elif zh.label or en.label:
        evidence -= w.label_one_sided
    return w.anchor_match * matched - w.anchor_miss * missed + evidence


_TOKENS = ["2019", "12", "3.5", "unodc", "ctoc/cop/wg.4", "palermo", "conferences", "conference", "a"]
_FEATURES = st.builds(Features, st.integers(1, 40), st.frozensets(st.sampled_from(_TOKENS[:3]), max_size=2),
                      st.frozensets(st.sampled_from(_TOKENS[3:]), max_size=3),
                      st.frozensets(st.sampled_from(_TOKENS[3:]), max_size=4),
                      st.sampled_from(["", "", "1", "2", "iii"]), st.booleans(),
                      st.frozensets(st.sampled_from(["1", "2", "4"]), max_size=1))


@settings(max_examples=60, deadline=None)
@given(st.lists(_FEATURES, min_size=3, max_size=8), st.lists(_FEATURES, min_size=3, max_size=8))
def test_set_evidence_in_arrays_is_the_merged_spans_evidence(zh, en):
    """The anchor and label evidence of a batch of beads, from set codes in arrays, is exactly what
    each bead's merged span features give (numbers, names close to words, labels, headings)."""
    scorer = BeadScorer(zh, en)
    batch, everything = [], []
    for di, dj in ((1, 1), (1, 2), (2, 1), (2, 3), (3, 1)):
        i, j = np.meshgrid(np.arange(len(zh) - di + 1), np.arange(len(en) - dj + 1), indexing="ij")
        i, j = i.ravel(), j.ravel()
        expected = [_reference_set_evidence(scorer, a, di, b, dj) for a, b in zip(i.tolist(), j.tolist())]
        assert scorer._set_evidence(i, di, j, dj).tolist() == expected
        batch.append((i, np.full(len(i), di), j, np.full(len(j), dj)))
        everything += expected
    # beads of every size in one batch (as `logits` asks them), each with its own sizes
    mixed = (np.concatenate(parts) for parts in zip(*batch))
    assert scorer._set_evidence(*mixed).tolist() == everything


@settings(max_examples=60, deadline=None)
@given(st.lists(_FEATURES, min_size=1, max_size=9), st.integers(1, 5))
def test_anchor_counts_are_the_spans_distinct_numbers_and_names(segments, count):
    """Each span's count of distinct numbers and names (spans cut at the last segment), from the
    set arrays, is its merged features' count."""
    bead_scorer = BeadScorer(segments, segments)
    expected = [len(merged.numbers) + len(merged.names)
                for k in range(len(segments)) for merged in [merge(segments[k:k + count])]]
    for side in ("zh", "en"):
        assert bead_scorer._anchor_count(side, count)[:len(segments)].tolist() == expected


def test_pair_coverage_found_from_the_english_side_is_the_tables():
    """Anchor candidates' coverage (the Chinese side's words looked up from the English keys) is, to
    the last bit, the coverage the DP's tables give the same 1-1 beads, with a learned lexicon too."""
    rng = random.Random(3)
    lexical = LexicalSimilarity(ZH, EN, load())
    pairs = [(rng.randrange(len(ZH)), rng.randrange(len(EN))) for _ in range(300)] + [(k, k) for k in range(len(ZH))]
    for lex in (lexical, lexical.with_lexicon({"贩运": frozenset(["trafficking"]), "议程": frozenset(["agenda"])})):
        i, j = (np.array(a, np.int64) for a in zip(*pairs))
        assert lex.pair_coverage(pairs) == lex.coverage_many([(i, 1, j, 1)])[0].tolist()
        assert lex.pair_coverage([]) == []


@pytest.mark.parametrize("part", [1 << 16, 7])
def test_a_batchs_log_odds_are_each_beads_own(monkeypatch, part):
    """`logits` of a batch of every bead size (its beads scored as one array, or in parts of a few
    beads) gives each bead the log-odds it gets alone, to the last bit, lexical evidence included."""
    monkeypatch.setattr(scorer, "_PART", part)
    # some segments with numbers and Latin names (set evidence), some with a label
    zh = [f"{k % 4}. 会议第{k % 5}段UNODC。" if k % 3 == 0 else t for k, t in enumerate(ZH)]
    en = [f"{k % 4}. Meeting part {k % 7} UNODC." if k % 2 == 0 else t for k, t in enumerate(EN)]
    lexical = LexicalSimilarity(zh, en, load())
    bead_scorer = BeadScorer([features(t, "zh", t[:2] if k % 3 == 0 else "") for k, t in enumerate(zh)],
                             [features(t, "en", t[:2] if k % 2 == 0 else "") for k, t in enumerate(en)],
                             evidence=[LinearEvidence(lexical.similarity, 4.0, 0.3, batch=lexical.similarity_many)])
    queries = _queries(random.Random(5), len(zh), len(en), 30)
    queries.insert(2, (np.zeros(0, np.int64), 2, np.zeros(0, np.int64), 3))  # an empty query keeps its place
    for (i, di, j, dj), values in zip(queries, bead_scorer.logits(queries), strict=True):
        alone = [bead_scorer.logits([(i[k:k + 1], di, j[k:k + 1], dj)])[0][0] for k in range(len(i))]
        assert values.tolist() == alone


def test_table_blocks_are_the_least_and_greatest_starts_of_each_segment():
    """`_blocks` gives each segment the least and one past the greatest other-side start any span
    through it is asked with, spans of mixed lengths in one batch (a plain loop over every span)."""
    rng = random.Random(11)
    for _ in range(30):
        spans = [(np.array(sorted(rng.randrange(3, 40) for _ in range(rng.randrange(0, 9))), np.int64),
                  rng.randint(1, 5), None) for _ in range(rng.randint(1, 6))]
        spans = [(rows, count, np.array([rng.randrange(60) for _ in rows], np.int64)) for rows, count, _ in spans]
        if not any(len(rows) for rows, _, _ in spans):
            continue
        first, segments, lo, hi, base = _blocks(spans)
        least, most = {}, {}
        for rows, count, columns in spans:
            for row, column in zip(rows.tolist(), columns.tolist()):
                for t in range(count):
                    least[row + t] = min(least.get(row + t, column), column)
                    most[row + t] = max(most.get(row + t, column + 1), column + 1)
        assert segments.tolist() == list(range(first, first + len(segments)))
        assert first == min(least) and first + len(segments) == max(least) + 1
        for k, segment in enumerate(segments.tolist()):
            expected = (least[segment], most[segment]) if segment in least else (0, 0)
            assert (lo[k], hi[k]) == expected
        assert base.tolist() == [0, *np.cumsum(hi - lo).tolist()]
