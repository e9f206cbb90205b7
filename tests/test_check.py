"""`align check`: issues, the clean/planted corpus scenario, CLI exit codes and outputs."""
from __future__ import annotations

import csv
import json
from dataclasses import replace
from pathlib import Path

import click
from click.testing import CliRunner

from align.config import GlossaryConfig
from glossary.build import build_glossary
from glossary.check import check_units
from align.cli import main
from glossary.formats import read_glossary
from align.model import AlignedUnit
from glossary.model import ADMITTED, DEPRECATED, FULL_FORM, REJECTED, SHORT_FORM, VARIANT, Entry, Glossary, Term
from glossary.report import to_html, to_table
from glossary_helpers import PAIR_001, text_unit
from test_glossary import units_001


def cli() -> click.Group:
    """The align command group: its error handling is the one every command gets."""
    return main


def planted(units: list[AlignedUnit]) -> tuple[list[AlignedUnit], int]:
    """Copy of the units with one paragraph's 'trafficking in persons' → 'human trafficking'."""
    out, where = [], 0
    for number, unit in enumerate(units, 1):
        if not where and unit.zh_text.count("贩运人口") == 1 and "涉及贩运人口" not in unit.zh_text \
                and "trafficking in persons" in unit.en_text:
            unit = replace(unit, en=tuple(s.replace("trafficking in persons", "human trafficking") for s in unit.en))
            where = number
        out.append(unit)
    return out, where


def qa_glossary() -> Glossary:
    """The high-confidence part of the glossary built from the pair itself."""
    return build_glossary(list(units_001()), GlossaryConfig(min_confidence=0.6))


def test_untouched_pair_is_clean_and_planted_change_is_found():
    glossary, units = qa_glossary(), list(units_001())
    assert any(e.zh_term == "贩运人口" for e in glossary.entries)
    assert check_units(units, glossary) == []
    changed, where = planted(units)
    issues = check_units(changed, glossary)
    assert [(i.kind, i.zh, i.unit) for i in issues] == [("key-term-mismatch", "贩运人口", where)]


def glossary_with_variants() -> Glossary:
    return Glossary([
        Entry(1, [Term("贩运人口"), Term("人口贩运", ADMITTED, type=VARIANT)],
              [Term("trafficking in persons"), Term("human trafficking", ADMITTED, type=VARIANT),
               Term("trade in people", DEPRECATED)], origin="extracted", consistency=1.0, confidence=0.9),
        Entry(2, [Term("缔约方会议")], [Term("Conference of the Parties", type=FULL_FORM),
                                      Term("Conference", ADMITTED, type=SHORT_FORM)]),
        Entry(3, [Term("工作组")], [Term("Working Group")]),
        Entry(4, [Term("采购政策")], [Term("procurement policy")], origin="extracted", confidence=0.9,
              consistency=0.8),
        Entry(5, [Term("会议开幕")], [Term("opening of the meeting")], review=REJECTED),
    ])


def kinds(units: list[AlignedUnit]) -> list[tuple[str, str, str, int]]:
    return [(i.kind, i.severity, i.zh, i.unit) for i in check_units(units, glossary_with_variants())]


def test_synonyms_short_forms_and_forbidden_terms():
    units = [text_unit("打击贩运人口。", "Combating trafficking in persons.", "a"),
             text_unit("贩运人口问题。", "The issue of human trafficking.", "a"),
             text_unit("人口贩运很严重。", "Human trafficking is serious; so is trafficking in persons.", "a"),
             text_unit("贩运人口。", "Trafficking in persons, not trade in people.", "a"),
             text_unit("缔约方会议决定。", "The Conference decided.", "a"),
             text_unit("缔约方会议决定。", "The Conference of States Parties decided.", "a"),
             text_unit("贩运人口问题工作组。工作组决定。", "The Working Group on Trafficking in Persons decided.", "a"),
             text_unit("采购政策；会议开幕。", "Opening of the meeting.", "a")]
    assert kinds(units) == [("key-term-mismatch", "minor", "贩运人口", 2),
                            ("forbidden-term", "critical", "贩运人口", 4),
                            ("key-term-mismatch", "major", "缔约方会议", 6)]


def test_matching_tolerates_script_case_and_number():
    units = [text_unit("販運人口。", "TRAFFICKING IN PERSON.", "a")]
    assert check_units(units, glossary_with_variants()) == []


def test_report_is_deterministic_and_shows_the_unit():
    units = [text_unit("缔约方会议决定。", "The Conference of States Parties decided.", "d", "12.", "d.jsonl:3")]
    issues = check_units(units, glossary_with_variants())
    assert [i.as_dict() for i in issues] == [i.as_dict() for i in check_units(units, glossary_with_variants())]
    table = to_table(issues)
    assert "«缔约方会议»" in table and "d.jsonl:3 12." in table and issues[0].id in table
    page = to_html(issues)
    assert "<mark>缔约方会议</mark>" in page and "Conference of States Parties" in page


def write_units(path: Path, units: list[AlignedUnit]) -> Path:
    path.write_text("".join(json.dumps({"zh": list(u.zh), "en": list(u.en)}, ensure_ascii=False) + "\n"
                            for u in units), encoding="utf-8")
    return path


def test_cli_build_then_check(tmp_path: Path):
    runner = CliRunner()
    tbx = tmp_path / "qa.tbx"
    result = runner.invoke(cli(), ["glossary", "build", str(PAIR_001), "-o", str(tbx), "--min-confidence",
                                   "0.6", "--json", "--quiet"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["entries"] >= 3
    clean = runner.invoke(cli(), ["check", str(PAIR_001), "--glossary", str(tbx), "--quiet"])
    assert clean.exit_code == 0 and "total: 0" in clean.stdout
    changed, _ = planted(list(units_001()))
    bad = write_units(tmp_path / "planted.jsonl", changed)
    report = runner.invoke(cli(), ["check", str(bad), "--glossary", str(tbx), "--json", "--quiet",
                                   "--html", str(tmp_path / "r.html")])
    assert report.exit_code == 1
    assert json.loads(report.stdout)["summary"]["key-term-mismatch"] == 1
    assert json.loads(report.stdout)["issues"][0]["en_text"].count("human trafficking") == 1
    assert "key-term-mismatch" in (tmp_path / "r.html").read_text(encoding="utf-8")


def test_cli_tmx_input(tmp_path: Path):
    tmx = tmp_path / "t.tmx"
    tmx.write_text('<?xml version="1.0"?><tmx version="1.4"><header srclang="zh-CN"/><body>'
                   '<tu><tuv xml:lang="zh-CN"><seg>人口贩运问题。</seg></tuv>'
                   '<tuv xml:lang="en"><seg>The problem of trafficking in persons.</seg></tuv></tu>'
                   "</body></tmx>", encoding="utf-8")
    seeds = tmp_path / "g.tsv"
    seeds.write_text("zh\ten\n人口贩运\thuman trafficking\n", encoding="utf-8")
    result = CliRunner().invoke(cli(), ["check", "--tmx", str(tmx), "--glossary", str(seeds), "--quiet"])
    assert result.exit_code == 1 and "key-term-mismatch" in result.stdout


def test_cli_errors_are_one_line(tmp_path: Path):
    runner = CliRunner()
    missing = runner.invoke(cli(), ["check", str(PAIR_001), "--glossary", str(tmp_path / "none.tbx")])
    assert missing.exit_code == 3 and len(missing.stderr.strip().splitlines()) == 1
    assert missing.stderr.startswith("align: error: ")
    bad = tmp_path / "bad.tbx"
    bad.write_text("<martif>\n<text>\n</martif>", encoding="utf-8")
    malformed = runner.invoke(cli(), ["check", str(PAIR_001), "--glossary", str(bad)])
    assert malformed.exit_code == 3 and "line 3" in malformed.stderr
    fmt = runner.invoke(cli(), ["glossary", "build", str(PAIR_001), "-o", str(tmp_path / "g.docx")])
    assert fmt.exit_code == 2 and "Traceback" not in fmt.output
    nothing = runner.invoke(cli(), ["glossary", "build", str(tmp_path / "nope.jsonl"), "-o", str(tmp_path / "g.tbx")])
    assert nothing.exit_code == 3 and "no such file" in nothing.stderr


def test_review_round_trip_through_the_tsv(tmp_path: Path):
    """Build → TSV; the reviser approves one entry, swaps its preferred term, adds a forbidden
    form and rejects another; fed back with --existing, the edits stay and new entries are marked."""
    runner = CliRunner()
    tsv = tmp_path / "terms.tsv"
    built = runner.invoke(cli(), ["glossary", "build", str(PAIR_001), "-o", str(tsv), "-o",
                                  str(tmp_path / "terms.tbx"), "-q", "--json"])
    assert built.exit_code == 0, built.output
    assert (tmp_path / "terms.tbx").exists()
    rows = list(csv.DictReader(tsv.open(encoding="utf-8"), delimiter="\t"))
    first = next(r for r in rows if r["zh"] == "贩运人口")
    first.update(review="approved", en="human trafficking", en_variants="trafficking in persons",
                 forbidden="trade in people")
    rejected = next(r for r in rows if r["zh"] != "贩运人口")
    rejected["review"] = "rejected"
    kept = [first, rejected]
    with tsv.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), delimiter="\t", lineterminator="\n")
        writer.writeheader()
        writer.writerows(kept)
    merged = tmp_path / "merged.tsv"
    again = runner.invoke(cli(), ["glossary", "build", str(PAIR_001), "--existing", str(tsv), "-o", str(merged), "-q"])
    assert again.exit_code == 0, again.output
    out = list(csv.DictReader(merged.open(encoding="utf-8"), delimiter="\t"))
    assert (out[0]["zh"], out[0]["review"], out[0]["en"], out[0]["forbidden"], out[0]["new"]) == (
        "贩运人口", "approved", "human trafficking", "trade in people", "no")
    assert out[-1]["zh"] == rejected["zh"] and out[-1]["review"] == "rejected"
    assert sum(r["zh"] == "贩运人口" for r in out) == 1
    assert {r["new"] for r in out[1:-1]} == {"yes"} and len(out) > 3
    units = [text_unit("贩运人口问题。", "The issue of trafficking in persons, or trade in people.", "d")]
    issues = check_units(units, read_glossary(merged))
    assert [(i.kind, i.zh, i.en) for i in issues] == [("forbidden-term", "贩运人口", "trade in people")]
