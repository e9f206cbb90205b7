"""Sentence alignment of pre-split lines: a small fixture with a 1-2 unit, anchors, the DP band."""
from __future__ import annotations

import logging
import random
from pathlib import Path

from align.aligner.anchors import best_pairs, expected_positions
from align.aligner.corridor import band, banded_path, monotone_chain
from align.aligner.document import align_segments, sentence_penalty
from align.aligner.dp import Corridor, best_path
from align.model import Segment
from align.config import AlignConfig, AlignerSettings
from align.pipeline import align_files
from align.formats.vecalign import parse
from test_similarity import FakeEmbedder

LINES = Path(__file__).parent / "data" / "lines"


def _segments(path: Path) -> list[Segment]:
    return [Segment(line, k) for k, line in enumerate(path.read_text(encoding="utf-8").splitlines())]


def test_story_aligns_exactly():
    gold = parse((LINES / "story.align").read_text(encoding="utf-8"))
    units = align_files(LINES / "story.zh.txt", LINES / "story.en.txt", AlignConfig(input_format="lines"))
    assert [(tuple(u["zh_ids"]), tuple(u["en_ids"])) for u in units] == gold
    assert all(u["score"] >= 0.5 for u in units)


def test_embedder_is_accepted_as_extra_evidence():
    zh, en = _segments(LINES / "story.zh.txt"), _segments(LINES / "story.en.txt")
    alignment = align_segments(zh, en, embedder=FakeEmbedder())
    assert [(u.zh, u.en) for u in alignment.units] == parse((LINES / "story.align").read_text(encoding="utf-8"))


def test_anchors_are_mutual_clear_best_pairs():
    scores = {(0, 0): 0.6, (0, 1): 0.3, (1, 1): 0.5, (2, 2): 0.5, (2, 3): 0.48, (3, 3): 0.1}
    pairs = best_pairs(scores, lambda pairs: [scores[p] for p in pairs], threshold=0.2, margin=0.05)
    assert pairs == [(0, 0), (1, 1)]


def _plain_best_pairs(scores: dict, threshold: float, margin: float) -> list[tuple[int, int]]:
    """Each side's best (highest score, then later segment) `margin` above its runner-up, mutually."""
    def clear_best(side: int) -> dict:
        groups: dict = {}
        for pair, score in scores.items():
            groups.setdefault(pair[side], []).append((score, pair[1 - side], pair))
        best = {}
        for key, found in groups.items():
            found.sort(reverse=True)
            if len(found) == 1 or found[0][0] - found[1][0] >= margin:
                best[key] = found[0][2]
        return best
    zh, en = clear_best(0), clear_best(1)
    return monotone_chain([p for p in zh.values() if scores[p] >= threshold and en.get(p[1]) == p])


def test_anchors_match_the_plain_rule_with_ties():
    rng = random.Random(5)
    for _ in range(200):
        scores = {(rng.randrange(8), rng.randrange(8)): rng.choice([0.1, 0.3, 0.32, 0.5, 0.6]) for _ in range(20)}
        assert best_pairs(list(scores), lambda pairs: [scores[p] for p in pairs], 0.2, 0.05) == \
            _plain_best_pairs(scores, 0.2, 0.05)
    assert best_pairs([], lambda pairs: [], 0.2, 0.05) == []


def test_band_follows_the_anchor_chain():
    chain = monotone_chain([(1, 1), (2, 5), (3, 3), (5, 6)])
    assert chain == [(1, 1), (3, 3), (5, 6)]
    corridor = band(6, 8, chain, 1)
    assert corridor.contains(3, 3) and corridor.contains(6, 8) and not corridor.contains(1, 7)


def test_repeated_text_still_aligns_in_a_narrow_band():
    """A text pasted four times: no anchor is clear over the whole text, the positional ones are."""
    zh, en = _segments(LINES / "story.zh.txt"), _segments(LINES / "story.en.txt")
    gold = parse((LINES / "story.align").read_text(encoding="utf-8"))
    times = 4
    alignment = align_segments(
        [Segment(s.text, k) for k, s in enumerate(zh * times)], [Segment(s.text, k) for k, s in enumerate(en * times)])
    expected = [(tuple(i + c * len(zh) for i in z), tuple(j + c * len(en) for j in e))
                for c in range(times) for z, e in gold]
    assert [(u.zh, u.en) for u in alignment.units] == expected


def test_expected_positions_share_characters_between_anchors():
    assert expected_positions([1, 1, 2], [2, 2, 2, 2], []) == [0.0, 1.0, 2.0]
    assert expected_positions([1, 1, 1, 1], [1] * 8, [(2, 6)]) == [0.0, 3.0, 6.0, 7.0]


def test_band_widening_is_capped_and_logged(caplog):
    n = m = 30

    def score(i, di, j, dj):  # the further right of the diagonal, the better
        return min(1.0, max(0.0, (j - i) / 10))
    with caplog.at_level(logging.WARNING, logger="align"):
        steps = banded_path(n, m, score, [(1, 1), (1, 0), (0, 1)], -0.1, width=2, max_width=4)
    assert steps and "capped" in caplog.text


def test_one_line_translated_by_five_is_one_unit():
    """Literary translators break long speeches into many short sentences (MAC-Dev has 1-5 units)."""
    zh = ["韦小宝走进屋里，看见桌上放着一碗面。",
          "小玄子道：“好，明天中午我们再在这里比武，我带三两银子来，你也带三两银子来，谁输了银子就归谁，不许赖皮。”",
          "韦小宝哈哈大笑，转身走了。"]
    en = ["Trinket went into the room and saw a bowl of noodles on the table.",
          "'Very well,' said Misty.", "'We fight here again tomorrow at noon.",
          "I'll bring three taels of silver.", "You bring three taels too.",
          "The loser pays the winner, and no cheating!'",
          "Trinket burst out laughing, turned round and left."]
    alignment = align_segments([Segment(t, k) for k, t in enumerate(zh)], [Segment(t, k) for k, t in enumerate(en)])
    assert [(u.zh, u.en) for u in alignment.units] == [((0,), (0,)), ((1,), (1, 2, 3, 4, 5)), ((2,), (6,))]


def _two_by_two(halves: float, merged: float, settings: AlignerSettings = AlignerSettings()) -> list[tuple]:
    """The sentence DP's path over 2 × 2 segments where each 1-1 bead on the diagonal has log-odds
    `halves`, the 2-2 bead `merged`, every other bead -20."""
    def logit(i, di, j, dj):
        return halves if (di, dj) == (1, 1) and i == j else merged if (di, dj) == (2, 2) else -20.0
    steps = best_path(2, 2, logit, settings.sentence_beads, Corridor.full(2, 2), settings.sentence_skip,
                      sentence_penalty(settings))
    return [(s.di, s.dj) for s in steps]


def test_sentence_objective_sums_log_odds_with_a_merge_cost():
    """Two well-explained 1-1 beads stay apart even when their merge is more probable still; the
    two halves of a true 2-2 (each only partly explained) are merged: summed probabilities, which
    saturate at 1, would split both (0.5 + 0.5 > 0.98)."""
    cost = 2 * AlignerSettings().merge_cost
    assert _two_by_two(halves=3.0, merged=6.0 + cost - 0.1) == [(1, 1), (1, 1)]
    assert _two_by_two(halves=0.0, merged=4.0 + cost) == [(2, 2)]
    assert _two_by_two(halves=0.0, merged=4.0, settings=AlignerSettings(merge_cost=3.0)) == [(1, 1), (1, 1)]


def test_default_sentence_beads_include_two_to_three():
    beads = AlignerSettings().sentence_beads
    assert (2, 3) in beads and (3, 2) in beads and len(set(beads)) == len(beads)
