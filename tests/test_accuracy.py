"""Accuracy on the UN pairs against gold, scored as scripts/evaluate.py does (Vecalign's definitions)."""
from __future__ import annotations

from collections import Counter

import pytest

from align.aligner import document
from align.aligner.document import align_documents
from align.config import AlignConfig
from align.pipeline import align_files, read_document
from align.similarity.confidence import in_context
from align.scoring import Score, normalise, text_units_to_ids
from conftest import UN, UN_STEMS, read_gold


def _score(level: str) -> dict[str, float]:
    score = Score()
    for stem in UN_STEMS:
        test = align_files(UN / f"{stem}.zh.txt", UN / f"{stem}.en.txt", AlignConfig(level=level))
        score.add(*text_units_to_ids(read_gold(stem, level), test))
    return score.table()


def test_paragraph_level_strict_f1():
    assert _score("paragraph")["strict_f1"] >= 0.98


def test_sentence_level_strict_f1():
    assert _score("sentence")["strict_f1"] >= 0.95


def test_scoring_follows_vecalign_definitions():
    gold = [((0,), (0,)), ((1, 2), (1,)), ((3,), ())]
    test = [((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3,), ())]
    score = Score()
    score.add(gold, test)
    # precision: 4 units, 2 strict hits (0-0 and the 1-0 unit); (1)-(1) is a lax hit; (2)-() is not
    assert (score.precision.tp_strict, score.precision.fp_strict) == (2, 2)
    assert (score.precision.tp_lax, score.precision.fp_lax) == (3, 1)
    # recall: the two gold units with both sides, one strictly found, both laxly
    assert (score.recall.tp_strict, score.recall.fp_strict, score.recall.tp_lax) == (1, 1, 2)


def test_partial_texts_are_never_strict_hits():
    gold = [{"zh": ["甲乙"], "en": ["A B"]}]
    halves = [{"zh": ["甲"], "en": ["A B"]}, {"zh": ["乙"], "en": []}]
    score = Score()
    score.add(*text_units_to_ids(gold, halves))
    assert score.table()["strict_f1"] == 0.0 and score.table()["lax_r"] == 1.0


@pytest.mark.parametrize("level", ["paragraph", "sentence"])
def test_paragraphs_missing_from_the_english_become_flagged_one_sided_units(tmp_path, level):
    """Two numbered paragraphs (9. and 15.) deleted from the English: each Chinese one must stand
    alone as a doubtful 1-0 unit, not be merged into its neighbour, and everything else stay exact."""
    stem = "002_fd7eaa732a510636"
    english = (UN / f"{stem}.en.txt").read_text(encoding="utf-8")
    for start, end in (("\n9. Ms. Rafaella", "\n10. "), ("\n15. Several speakers", "\n16. ")):
        english = english[:english.index(start)] + english[english.index(end):]
    (tmp_path / "en.txt").write_text(english, encoding="utf-8")
    test = align_files(UN / f"{stem}.zh.txt", tmp_path / "en.txt", AlignConfig(level=level))
    kept = normalise(english)
    gold = [u if all(normalise(t) in kept for t in u["en"]) else {"zh": u["zh"], "en": []}
            for u in read_gold(stem, level)]
    lone = [u["zh"] for u in test if not u["en"]]
    assert lone == [u["zh"] for u in gold if not u["en"]]
    assert all(u["doubtful"] for u in test if not u["en"])
    score = Score()
    score.add(*text_units_to_ids(gold, test))
    assert score.table()["strict_f1"] >= 0.98


@pytest.mark.parametrize("context", [False, True])
def test_a_sentence_alone_in_its_paragraph_has_the_paragraph_units_confidence(context, monkeypatch):
    """A heading or one-sentence paragraph aligned 1-1 is the paragraph pass's unit: the sentence
    pass had no competing bead to judge it by, so it keeps the paragraph level's unit-model
    confidence (equal before the context model, which then sees other neighbours at each level);
    the right UN headings are not doubtful either way."""
    if not context:
        monkeypatch.setattr(document, "in_context", lambda scores, coefficients: list(scores))
    lone, doubtful = 0, 0
    for stem in UN_STEMS:
        zh, en = (read_document(UN / f"{stem}.{lang}.txt", lang) for lang in ("zh", "en"))
        paragraphs = align_documents(zh, en, "paragraph")
        sentences = align_documents(zh, en, "sentence")
        zh_count = Counter(s.paragraph for s in sentences.zh)
        en_count = Counter(s.paragraph for s in sentences.en)
        scores = {(u.zh[0], u.en[0]): u.score for u in paragraphs.units
                  if len(u.zh) == len(u.en) == 1 and zh_count[u.zh[0]] == en_count[u.en[0]] == 1}
        for u in sentences.units:
            key = (sentences.zh[u.zh[0]].paragraph, sentences.en[u.en[0]].paragraph) if u.zh and u.en else None
            if key in scores:
                assert context or u.score == scores[key]
                lone += 1
                doubtful += u.score < paragraphs.doubt_threshold
    assert lone >= 20 and doubtful <= 1


def test_context_lifts_a_unit_among_right_ones_and_sinks_one_among_wrong_ones():
    right, wrong = [0.95] * 3, [0.15] * 3
    assert in_context(right + [0.45] + right)[3] > 0.5
    assert in_context(wrong + [0.9] + wrong)[3] < 0.5
    assert in_context([0.9]) == in_context([0.9, 0.9])[:1]  # no neighbour: the unit is its own context
    assert in_context([]) == []


def test_units_of_crossed_un_pairs_are_doubtful():
    """Each UN Chinese document against another's English: every unit is wrong, and under the
    context model (errors come in runs) almost none of them looks right."""
    scores = []
    for zh_stem in UN_STEMS:
        zh = read_document(UN / f"{zh_stem}.zh.txt", "zh")
        for en_stem in (s for s in UN_STEMS if s != zh_stem):
            alignment = align_documents(zh, read_document(UN / f"{en_stem}.en.txt", "en"))
            scores += [u.score for u in alignment.units if u.zh and u.en]
    assert sum(s >= 0.5 for s in scores) < 0.15 * len(scores)
