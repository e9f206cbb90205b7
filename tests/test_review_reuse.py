"""Corrections flow back: `align run --reuse` keeps confirmed units; glossary and check skip rejected ones."""
from __future__ import annotations

import json

from click.testing import CliRunner

from align.cli import main
from align.model import Alignment, Segment, Unit
from align.review import edits
from align.review.export import load
from align.review.model import CONFIRMED, check_order, parse_jsonl, render_jsonl
from align.review.reuse import find_anchors, reuse_confirmed

T = "2026-12-01T21:00:00+00:00"


def _run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def _texts(unit: dict) -> tuple[str, str]:
    return "".join(unit["zh"]), " ".join(unit["en"])


def test_confirmed_units_survive_a_revision_of_the_document(example_pair, tmp_path):
    zh, en = example_pair
    assert _run("run", str(zh), str(en), "-o", str(tmp_path / "v1"), "--name", "doc", "-q").exit_code == 0
    old_path = tmp_path / "v1" / "doc.jsonl"
    review = load(old_path)
    review = edits.merge(review, 10, T)  # a correction the aligner would not make by itself (a 2-2 unit)
    for k in (3, 10, 20, 30):
        review = edits.set_status(review, k, CONFIRMED, T)
    old_path.write_text(render_jsonl(review), encoding="utf-8")
    records = [json.loads(line) for line in render_jsonl(review).splitlines()]
    confirmed = [_texts(r) for r in records if r["confirmed"]]
    english = en.read_text(encoding="utf-8")
    # the revision edits the English of one confirmed unit (one whose text is on one line of the file)
    changed = next(k for k in (30, 20, 3) if english.count(" ".join(records[k]["en"])) == 1)
    sentence = " ".join(records[changed]["en"])
    revised_en = tmp_path / "v2.en.txt"
    revised_en.write_text("Note by the Secretariat, revised.\n\n" + english.replace(sentence, sentence + " (revised)"),
                          encoding="utf-8")
    result = _run("run", str(zh), str(revised_en), "-o", str(tmp_path / "v2"), "--name", "doc", "--reuse", str(old_path))
    assert result.exit_code == 0 and "kept 3 of the 4 confirmed units" in result.stderr
    new = [json.loads(line) for line in (tmp_path / "v2" / "doc.jsonl").read_text(encoding="utf-8").splitlines()]
    kept = [_texts(u) for u in new if u.get("confirmed")]
    assert kept == [t for t in confirmed if t != _texts(records[changed])]
    check_order(parse_jsonl((tmp_path / "v2" / "doc.jsonl").read_text(encoding="utf-8")))


def _alignment(zh, en, beads):
    return Alignment([Segment(t, k) for k, t in enumerate(zh)], [Segment(t, k) for k, t in enumerate(en)],
                     [Unit(tuple(a), tuple(b), 0.9) for a, b in beads], "sentence")


def test_anchors_cut_the_new_alignment_and_the_stretch_around_them_is_realigned():
    zh, en = ["甲。", "乙。", "丙。", "丁。"], ["A.", "B.", "C.", "D."]
    old = parse_jsonl("\n".join(json.dumps(u, ensure_ascii=False) for u in [
        {"zh": ["甲。"], "en": ["A."], "confirmed": True}, {"zh": ["乙。"], "en": ["B.", "C."], "confirmed": True},
        {"zh": ["丙。", "丁。"], "en": ["D."]}]))
    new = _alignment(zh, en, [([0], [0]), ([1], [1]), ([2], [2]), ([3], [3])])
    calls = []

    def realign(zh_segments, en_segments):
        calls.append(([s.text for s in zh_segments], [s.text for s in en_segments]))
        return _alignment([s.text for s in zh_segments], [s.text for s in en_segments], [([0, 1], [0])])

    result, kept = reuse_confirmed(new, old, realign)
    assert kept == 2
    assert [(u.zh, u.en, u.confirmed) for u in result.units] == [
        ((0,), (0,), True), ((1,), (1, 2), True), ((2, 3), (3,), False)]
    assert calls == [(["丙。", "丁。"], ["D."])]  # only the stretch the anchor cut into is aligned again


def test_repeated_text_anchors_near_its_old_position_and_in_order():
    zh = ["(a) 开幕；", "甲。", "(a) 开幕；", "乙。"]
    en = ["(a) Opening;", "A.", "(a) Opening;", "B."]
    old = parse_jsonl("\n".join(json.dumps(u, ensure_ascii=False) for u in [
        {"zh": ["(a) 开幕；"], "en": ["(a) Opening;"]}, {"zh": ["甲。"], "en": ["A."]},
        {"zh": ["(a) 开幕；"], "en": ["(a) Opening;"], "confirmed": True}, {"zh": ["乙。"], "en": ["B."]}]))
    anchors = find_anchors(_alignment(zh, en, [([k], [k]) for k in range(4)]), old)
    assert [(a.zh, a.en) for a in anchors] == [((2,), (2,))]


def test_check_skips_units_a_reviewer_marked_as_not_a_translation(tmp_path):
    glossary = tmp_path / "terms.tsv"
    glossary.write_text("zh\ten\n工作组\tWorking Group\n", encoding="utf-8")
    units = [{"zh": ["工作组审议了建议。"], "en": ["The Working Group considered the recommendations."]},
             {"zh": ["工作组通过了建议。"], "en": ["Annex I lists the participants."], "rejected": True}]
    reviewed = tmp_path / "doc.jsonl"
    reviewed.write_text("".join(json.dumps(u, ensure_ascii=False) + "\n" for u in units), encoding="utf-8")
    assert _run("check", str(reviewed), "--glossary", str(glossary)).exit_code == 0
    units[1]["rejected"] = False
    reviewed.write_text("".join(json.dumps(u, ensure_ascii=False) + "\n" for u in units), encoding="utf-8")
    result = _run("check", str(reviewed), "--glossary", str(glossary))
    assert result.exit_code == 1 and "key-term-mismatch" in result.output
