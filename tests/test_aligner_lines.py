"""Sentence alignment of pre-split lines: a small fixture with a 1-2 unit, anchors, the DP band."""
from __future__ import annotations

from pathlib import Path

from align.aligner.anchors import best_pairs
from align.aligner.corridor import band, monotone_chain
from align.aligner.document import align_segments
from align.model import Segment
from align.pipeline import align_files
from align.writers.vecalign import parse
from test_similarity import FakeEmbedder

LINES = Path(__file__).parent / "data" / "lines"


def _segments(path: Path) -> list[Segment]:
    return [Segment(line, k) for k, line in enumerate(path.read_text(encoding="utf-8").splitlines())]


def test_story_aligns_exactly():
    gold = parse((LINES / "story.align").read_text(encoding="utf-8"))
    units = align_files(LINES / "story.zh.txt", LINES / "story.en.txt", input_format="lines")
    assert [(tuple(u["zh_ids"]), tuple(u["en_ids"])) for u in units] == gold
    assert all(u["score"] >= 0.5 for u in units)


def test_embedder_is_accepted_as_extra_evidence():
    zh, en = _segments(LINES / "story.zh.txt"), _segments(LINES / "story.en.txt")
    alignment = align_segments(zh, en, embedder=FakeEmbedder())
    assert [(u.zh, u.en) for u in alignment.units] == parse((LINES / "story.align").read_text(encoding="utf-8"))


def test_anchors_are_mutual_clear_best_pairs():
    scores = {(0, 0): 0.6, (0, 1): 0.3, (1, 1): 0.5, (2, 2): 0.5, (2, 3): 0.48, (3, 3): 0.1}
    pairs = best_pairs(scores, lambda i, j: scores[(i, j)], threshold=0.2, margin=0.05)
    assert pairs == [(0, 0), (1, 1)]


def test_band_follows_the_anchor_chain():
    chain = monotone_chain([(1, 1), (2, 5), (3, 3), (5, 6)])
    assert chain == [(1, 1), (3, 3), (5, 6)]
    corridor = band(6, 8, chain, 1)
    assert corridor.contains(3, 3) and corridor.contains(6, 8) and not corridor.contains(1, 7)
