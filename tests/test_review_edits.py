"""Review edits as pure functions: merge, split, shift, status, text, undo/redo; document order always kept."""
from __future__ import annotations

import json
import random

import pytest

from align.review import edits
from align.review.model import CONFIRMED, REJECTED, check_order, parse_jsonl, render_jsonl, to_alignment

T = "2026-12-01T21:00:00+00:00"


def _review(units):
    """units: (zh ids, en ids, score) triples over segments named z0, z1 … and e0, e1 …"""
    lines = [json.dumps({"zh": [f"z{i}" for i in zh], "en": [f"e{j}" for j in en], "zh_ids": zh, "en_ids": en,
                         "score": score}) for zh, en, score in units]
    return parse_jsonl("\n".join(lines))


def _beads(review):
    return [(u.zh, u.en) for u in review.units]


@pytest.fixture
def one_two_as_one_one():
    """The true 1-2 bead (z1; e1 e2) shown as 1-1 + 0-1."""
    return _review([([0], [0], 0.9), ([1], [1], 0.8), ([], [2], 0.0), ([2], [3], 0.9)])


def test_merge_with_next_fixes_a_split_bead_and_keeps_the_input(one_two_as_one_one):
    before = _beads(one_two_as_one_one)
    merged = edits.merge(one_two_as_one_one, 1, T)
    assert _beads(merged) == [((0,), (0,)), ((1,), (1, 2)), ((2,), (3,))]
    assert merged.units[1].edited and merged.units[1].history[-1].op == "merge"
    assert _beads(one_two_as_one_one) == before  # pure: the argument is untouched
    with pytest.raises(edits.EditError):
        edits.merge(merged, 2, T)


def test_split_at_a_boundary_and_by_default():
    review = _review([([0, 1], [0, 1, 2], 0.7)])
    assert _beads(edits.split(review, 0, 1, 2, T)) == [((0,), (0, 1)), ((1,), (2,))]
    assert edits.default_split(review.units[0]) == (1, 1)
    one_one = _review([([0], [0], 0.2)])
    assert edits.default_split(one_one.units[0]) == (1, 0)
    assert _beads(edits.split(one_one, 0, 1, 0, T)) == [((0,), ()), ((), (0,))]
    for zh_at, en_at in [(0, 0), (1, 1), (2, 0), (0, -1)]:
        with pytest.raises(edits.EditError):
            edits.split(one_one, 0, zh_at, en_at, T)


def test_shift_moves_a_sentence_across_the_boundary():
    """e1 belongs to the second unit: push it down; pull it back up; an emptied unit disappears."""
    review = _review([([0], [0, 1], 0.6), ([1], [], 0.0)])
    down = edits.shift(review, 0, "en", "down", T)
    assert _beads(down) == [((0,), (0,)), ((1,), (1,))]
    assert _beads(edits.shift(down, 1, "en", "up", T)) == _beads(review)
    gone = edits.shift(_review([([0], [0], 0.9), ([], [1], 0.0)]), 1, "en", "up", T)
    assert _beads(gone) == [((0,), (0, 1))]
    with pytest.raises(edits.EditError):
        edits.shift(review, 0, "en", "up", T)  # no unit before the first
    with pytest.raises(edits.EditError):
        edits.shift(review, 1, "en", "down", T)  # nothing to move, and no next unit


def test_status_and_text_edits():
    review = _review([([0], [0], 0.9), ([1], [1], 0.3)])
    confirmed = edits.set_status(review, 0, CONFIRMED, T)
    assert confirmed.units[0].status == CONFIRMED and confirmed.units[1] is review.units[1]
    rejected = edits.set_status(confirmed, 1, REJECTED, T)
    fixed = edits.edit_text(rejected, "en", 1, "  the  corrected\ntext ", T)
    assert fixed.en[1] == "the corrected text" and review.en[1] == "e1"
    assert fixed.units[1].edited and fixed.units[1].status == REJECTED
    assert edits.edit_text(review, "zh", 0, "2019 年 9 月\n 第一句 ", T).zh[0] == "2019 年 9 月第一句"
    with pytest.raises(edits.EditError):
        edits.edit_text(review, "en", 0, "   ", T)
    with pytest.raises(edits.EditError):
        edits.set_status(review, 5, CONFIRMED, T)


def test_a_structural_edit_makes_a_confirmed_unit_unreviewed_again():
    review = edits.set_status(_review([([0], [0], 0.9), ([1], [1], 0.9)]), 0, CONFIRMED, T)
    assert edits.merge(review, 0, T).units[0].status == "auto"


def test_undo_redo_history(one_two_as_one_one):
    history = edits.History(one_two_as_one_one)
    history = history.do(edits.merge(history.present, 1, T))
    history = history.do(edits.set_status(history.present, 1, CONFIRMED, T))
    undone = history.undo().undo()
    assert _beads(undone.present) == _beads(one_two_as_one_one) and not undone.past
    redone = undone.redo()
    assert _beads(redone.present) == _beads(history.undo().present)
    assert redone.do(redone.present).future == ()  # a new edit forgets the redo branch
    with pytest.raises(edits.EditError):
        undone.undo()
    with pytest.raises(edits.EditError):
        history.redo()


def test_random_edits_never_break_document_order():
    rng = random.Random(13)
    review = _review([([2 * k, 2 * k + 1], [k], 0.5) for k in range(10)] + [([], [10, 11], 0.0)])
    applied = 0
    for _ in range(400):
        k = rng.randrange(len(review.units))
        unit = review.units[k]
        try:
            review = rng.choice([
                lambda: edits.merge(review, k, T),
                lambda: edits.split(review, k, rng.randint(0, len(unit.zh)), rng.randint(0, len(unit.en)), T),
                lambda: edits.shift(review, k, rng.choice(edits.SIDES), rng.choice(("up", "down")), T),
                lambda: edits.set_status(review, k, rng.choice(edits.STATUSES), T),
            ])()
            applied += 1
        except edits.EditError:
            continue
        check_order(review)
    assert applied > 200


def test_jsonl_round_trip_keeps_flags_history_and_unknown_fields():
    review = _review([([0], [0], 0.9), ([1], [1], 0.3)])
    review = edits.set_status(edits.edit_text(review, "zh", 1, "改正", T), 0, CONFIRMED, T)
    text = render_jsonl(review)
    again = parse_jsonl(text)
    assert render_jsonl(again) == text
    first, second = (json.loads(line) for line in text.splitlines())
    assert first["confirmed"] and not first["rejected"] and first["history"] == [{"op": "confirmed", "time": T}]
    assert second["edited"] and second["zh"] == ["改正"]
    extra = parse_jsonl(json.dumps({"zh": ["a"], "en": ["b"], "source": "x"}))
    assert json.loads(render_jsonl(edits.set_status(extra, 0, CONFIRMED, T)))["source"] == "x"


def test_gold_files_without_ids_are_numbered_in_order():
    review = parse_jsonl('{"zh": ["甲", "乙"], "en": ["A"]}\n{"zh": [], "en": ["B"]}\n')
    assert _beads(review) == [((0, 1), (0,)), ((), (1,))]
    assert review.units[1].doubtful


def test_rejected_units_leave_the_tm_and_split_in_align_files():
    review = edits.set_status(_review([([0], [0], 0.9), ([1], [1], 0.9)]), 1, REJECTED, T)
    assert [(u.zh, u.en) for u in to_alignment(review, drop_rejected=True).units] == [((0,), (0,))]
    assert [(u.zh, u.en) for u in to_alignment(review, split_rejected=True).units] == [
        ((0,), (0,)), ((1,), ()), ((), (1,))]


def test_odd_field_values_are_read_leniently():
    review = parse_jsonl('{"zh": ["a"], "en": ["b"], "history": 5, "label": 7, "score": "x", "confirmed": "yes"}\n')
    unit = review.units[0]
    assert unit.history == () and unit.label == "7" and unit.score == 1.0 and unit.status == "auto"
