"""`align check`: issues, the clean/planted corpus scenario, CLI exit codes and outputs."""
from __future__ import annotations

import json
from pathlib import Path

import click
from click.testing import CliRunner

from glossary.build import BuildOptions, build_glossary
from glossary.check import check_units
from glossary.cli import check_command, glossary_group
from glossary.inputs import TextUnit
from glossary.model import DEPRECATED, Entry, Glossary, Term
from glossary_helpers import PAIR_001
from test_glossary import units_001


def cli() -> click.Group:
    group = click.Group("align")
    group.add_command(glossary_group)
    group.add_command(check_command)
    return group


def planted(units: list[TextUnit]) -> tuple[list[TextUnit], int]:
    """Copy of the units with one paragraph's 'trafficking in persons' → 'human trafficking'."""
    out, where = [], 0
    for number, unit in enumerate(units, 1):
        if not where and unit.zh.count("贩运人口") == 1 and "涉及贩运人口" not in unit.zh \
                and "trafficking in persons" in unit.en:
            unit = TextUnit(unit.zh, unit.en.replace("trafficking in persons", "human trafficking"), unit.doc)
            where = number
        out.append(unit)
    return out, where


def qa_glossary() -> Glossary:
    """The high-confidence part of the glossary built from the pair itself."""
    return build_glossary(list(units_001()), BuildOptions(min_confidence=0.6))


def test_untouched_pair_is_clean_and_planted_change_is_found():
    glossary, units = qa_glossary(), list(units_001())
    assert any(e.zh_term == "贩运人口" for e in glossary.entries)
    assert check_units(units, glossary) == []
    changed, where = planted(units)
    issues = check_units(changed, glossary)
    assert [(i.kind, i.zh, i.units) for i in issues] == [("key-term-mismatch", "贩运人口", [where])]


def glossary_with_variants() -> Glossary:
    return Glossary([
        Entry(1, [Term("贩运人口")], [Term("trafficking in persons"), Term("trade in people", DEPRECATED)]),
        Entry(2, [Term("人口贩运")], [Term("human trafficking")]),
    ])


def test_inconsistencies_and_forbidden_terms():
    units = [TextUnit("打击贩运人口。", "Combating trafficking in persons.", "a"),
             TextUnit("贩运人口问题。", "The issue of human trafficking.", "a"),
             TextUnit("人口贩运很严重。", "Human trafficking is serious.", "a"),
             TextUnit("贩运人口。", "Trafficking in persons, not trade in people.", "a")]
    kinds = {(i.kind, i.zh, tuple(i.units)) for i in check_units(units, glossary_with_variants())}
    assert ("key-term-mismatch", "贩运人口", (2,)) in kinds
    assert ("inconsistent-target", "贩运人口", (1, 2, 4)) in kinds
    assert ("inconsistent-source", "贩运人口 | 人口贩运", (2, 3)) in kinds
    assert ("forbidden-term", "贩运人口", (4,)) in kinds
    assert len(kinds) == 4


def test_matching_tolerates_script_case_and_number():
    units = [TextUnit("販運人口。", "TRAFFICKING IN PERSON.", "a")]
    assert check_units(units, glossary_with_variants()) == []


def write_units(path: Path, units: list[TextUnit]) -> Path:
    path.write_text("".join(json.dumps({"zh": [u.zh], "en": [u.en]}, ensure_ascii=False) + "\n"
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
    assert missing.exit_code == 2 and len(missing.stderr.strip().splitlines()) == 1
    bad = tmp_path / "bad.tbx"
    bad.write_text("<martif>\n<text>\n</martif>", encoding="utf-8")
    malformed = runner.invoke(cli(), ["check", str(PAIR_001), "--glossary", str(bad)])
    assert malformed.exit_code == 2 and "line 3" in malformed.stderr
    fmt = runner.invoke(cli(), ["glossary", "build", str(PAIR_001), "-o", str(tmp_path / "g.docx")])
    assert fmt.exit_code == 2 and "Traceback" not in fmt.output
    nothing = runner.invoke(cli(), ["glossary", "build", str(tmp_path / "nope.jsonl"), "-o", str(tmp_path / "g.tbx")])
    assert nothing.exit_code == 2 and "no such file" in nothing.stderr
