"""`align export`: TMX without rejected units and with confirmed ones marked, .align, HTML, InterText both ways."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from lxml import etree

from align.cli import main
from align.formats.vecalign import parse as parse_align
from align.review import edits
from align.review.export import load
from align.review.model import CONFIRMED, REJECTED, render_jsonl

T = "2026-12-01T21:00:00+00:00"


def _run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def corrected(example_pair, tmp_path):
    """The example pair aligned, unit 3 confirmed and unit 4 marked as not a translation."""
    zh, en = example_pair
    assert _run("run", str(zh), str(en), "-o", str(tmp_path), "--name", "doc", "-q").exit_code == 0
    path = tmp_path / "doc.jsonl"
    review = edits.set_status(edits.set_status(load(path), 3, CONFIRMED, T), 4, REJECTED, T)
    path.write_text(render_jsonl(review), encoding="utf-8")
    return path, review


def test_tmx_holds_exactly_the_kept_pairs(corrected, tmp_path):
    tmx = pytest.importorskip("translate.storage.tmx")
    path, review = corrected
    out = tmp_path / "out"
    result = _run("export", str(path), "-o", str(out))
    assert result.exit_code == 0, result.output
    store = tmx.tmxfile.parsefile(str(out / "doc.tmx"))
    pairs = [(u.source, u.target) for u in store.units]
    expected = [("".join(zh), " ".join(en)) for zh, en, unit in
                ((*review.texts(u), u) for u in review.units) if zh and en and unit.status != REJECTED]
    assert pairs == expected
    root = etree.parse(str(out / "doc.tmx")).getroot()
    confirmed = [tu for tu in root.iter("tu") if tu.find("prop[@type='x-confirmed']") is not None]
    assert len(confirmed) == 1 and confirmed[0].find("tuv/seg").text == "".join(review.texts(review.units[3])[0])


def test_align_and_html_and_jsonl_exports(corrected, tmp_path):
    path, review = corrected
    out = tmp_path / "out"
    assert _run("export", str(path), "-o", str(out), "--to", "align,html,jsonl").exit_code == 0
    beads = parse_align((out / "doc.align").read_text(encoding="utf-8"))
    rejected = review.units[4]
    assert (rejected.zh, ()) in beads and ((), rejected.en) in beads  # not a translation: two one-sided beads
    assert sorted(i for zh, _ in beads for i in zh) == list(range(len(review.zh)))  # 0-based, every segment once
    saved = [json.loads(line) for line in (out / "doc.jsonl").read_text(encoding="utf-8").splitlines()]
    assert saved[3]["confirmed"] and saved[4]["rejected"]
    assert "doc" in (out / "doc.html").read_text(encoding="utf-8")


def test_export_never_rewrites_its_input_and_refuses_unknown_formats(corrected):
    path, _ = corrected
    before = path.read_bytes()
    assert _run("export", str(path), "-o", str(path.parent), "--to", "jsonl,tmx").exit_code == 0
    assert path.read_bytes() == before
    result = _run("export", str(path), "--to", "docx")
    assert result.exit_code == 2 and "unknown format" in result.stderr


def test_intertext_round_trip(corrected, tmp_path):
    path, review = corrected
    out = tmp_path / "it"
    assert _run("export", str(path), "-o", str(out), "--to", "intertext").exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == ["doc.en.xml", "doc.zh.en.xml", "doc.zh.xml"]
    links = etree.parse(str(out / "doc.zh.en.xml")).getroot()
    assert links.tag == "linkGrp" and links.get("fromDoc") == "doc.zh.xml" and links.get("toDoc") == "doc.en.xml"
    again = load(out / "doc.zh.en.xml")
    kept = [(u.zh, u.en) for u in review.units if u.status != REJECTED]
    assert [(u.zh, u.en) for u in again.units if u.zh and u.en] == [b for b in kept if b[0] and b[1]]
    assert [u.status for u in again.units].count(CONFIRMED) == 3  # unit 3, and unit 4's two one-sided halves
    assert [(u.zh, u.en) for u in again.units if u.status == CONFIRMED][1:] == [
        (review.units[4].zh, ()), ((), review.units[4].en)]
    assert [again.zh[i] for i in sorted(again.zh)] == [review.zh[i] for i in sorted(review.zh)]


def _write_intertext(folder, from_doc, to_doc, links):
    for name, (lang, paragraphs) in ((from_doc[0], from_doc[1:]), (to_doc[0], to_doc[1:])):
        body = "".join(f'<p id="{p}">' + "".join(f'<s id="{p}:{s}">{t}</s>' for s, t in enumerate(sents, 1)) + "</p>"
                       for p, sents in enumerate(paragraphs, 1))
        (folder / name).write_text(f'<?xml version="1.0" encoding="utf-8"?><doc language="{lang}">{body}</doc>',
                                   encoding="utf-8")
    rows = "".join(f"<link type='{t}' xtargets='{x}' status='{s}'/>" for t, x, s in links)
    path = folder / "pair.xml"
    path.write_text(f"<linkGrp toDoc='{to_doc[0]}' fromDoc='../../{from_doc[0]}'>{rows}</linkGrp>", encoding="utf-8")
    return path


def test_reading_intertext_follows_its_xtargets_convention(tmp_path):
    """xtargets='toDoc ids;fromDoc ids' and type='toDoc count-fromDoc count', here with English as fromDoc."""
    path = _write_intertext(
        tmp_path, ("en.xml", "en", [["One.", "Two, and", "more."], ["Extra."]]),
        ("zh.xml", "zh", [["第一。", "第二。"]]),
        [("1-1", "1:1;1:1", "man"), ("1-2", "1:2;1:2 1:3", "auto"), ("0-1", ";2:1", "man")])
    review = load(path)  # fromDoc's "../../" is ignored: the documents are looked for beside the file
    assert [(review.texts(u)) for u in review.units] == [
        (["第一。"], ["One."]), (["第二。"], ["Two, and", "more."]), ([], ["Extra."])]
    assert [u.status for u in review.units] == [CONFIRMED, "auto", CONFIRMED]


@pytest.mark.parametrize("content, words", [
    ("<linkGrp toDoc='x.xml' fromDoc='y.xml'><link xtargets='1:1;1:1'/></linkGrp>", "not found"),
    ("<tmx/>", "no linkGrp"),
    ("<linkGrp toDoc='zh.xml' fromDoc='en.xml'><link xtargets='9:9;1:1'/></linkGrp>", "unknown element id"),
    ("<linkGrp toDoc='zh.xml' fromDoc='en.xml'><link xtargets='1:1'/></linkGrp>", "two id lists"),
    ('<?xml version="1.0"?><!DOCTYPE l [<!ENTITY e SYSTEM "file:///etc/passwd">]><linkGrp>&e;</linkGrp>', "refused"),
])
def test_bad_intertext_files_fail_cleanly(tmp_path, content, words):
    _write_intertext(tmp_path, ("en.xml", "en", [["One."]]), ("zh.xml", "zh", [["第一。"]]), [])
    bad = tmp_path / "bad.xml"
    bad.write_text(content, encoding="utf-8")
    result = _run("export", str(bad), "-o", str(tmp_path / "out"))
    assert result.exit_code == 3 and words in result.stderr and "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1 and not (tmp_path / "out").exists()


@pytest.mark.parametrize("content", ["", "not json\n", '{"zh": "x", "en": []}\n', '{"zh": [], "en": []}\n', "[1]\n",
                                     '{"zh": ["a"], "en": ["b"], "zh_ids": [0]}\n{"zh": ["c"], "en": [], "history": 5}\n{}\n',
                                     '{"zh": ["a"], "en": [], "zh_ids": [5], "en_ids": []}\n{"zh": [], "en": [], "zh_ids": [], '
                                     '"en_ids": []}\n', "[" * 100000 + "\n"])
def test_bad_jsonl_fails_cleanly(tmp_path, content):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(content, encoding="utf-8")
    result = _run("export", str(bad), "-o", str(tmp_path / "out"))
    assert result.exit_code == 3 and "Traceback" not in result.output and len(result.stderr.strip().splitlines()) == 1
