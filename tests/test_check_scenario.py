"""The reviser's scenario of issue 11, end to end through the CLI: `align run` on the three UN
pairs, `align glossary build OUT/ -o terms.tbx` with default options on that folder, then
`align check`: nothing on each untouched pair, all three planted term errors on pair 003.
Also: build output (all four formats) identical across hash seeds; check output too."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from align.cli import main
from conftest import UN, UN_STEMS

REPO = Path(__file__).resolve().parent.parent
PLANTS = (  # (Chinese term, English in the unit, planted error)
    ("不处罚原则", re.compile(r"non-punishment principle"), "non-penalization principle"),
    ("贩运人口", re.compile(r"(?<!Group on )trafficking in persons"), "human trafficking"),
    ("缔约方会议", re.compile(r"Conference of the Parties"), "Conference of States Parties"),
)


@pytest.fixture(scope="module")
def aligned(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("run")
    runner = CliRunner()
    for stem in UN_STEMS:
        result = runner.invoke(main, ["run", str(UN / f"{stem}.zh.txt"), str(UN / f"{stem}.en.txt"),
                                      "-o", str(out), "--name", stem, "-q"])
        assert result.exit_code == 0, result.output
    assert sorted(p.suffix for p in out.iterdir()) == sorted([".align", ".html", ".json", ".jsonl", ".tmx"] * 3)
    return out


@pytest.fixture(scope="module")
def terms(aligned: Path, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("terms") / "terms.tbx"
    result = CliRunner().invoke(main, ["glossary", "build", str(aligned), "-o", str(path), "-q"])
    assert result.exit_code == 0, result.output
    return path


def check(paths: list[Path], terms: Path) -> dict:
    result = CliRunner().invoke(main, ["check", *map(str, paths), "--glossary", str(terms), "--json", "-q"])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def plant(source: Path, target: Path) -> dict[str, int]:
    """Copy of ``source`` with each planted error in the first unit holding the Chinese term
    outside a longer name (贩运人口问题工作组) and the English to replace; → term: unit number."""
    records = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines()]
    where: dict[str, int] = {}
    for number, record in enumerate(records, 1):
        zh, en = "".join(record["zh"]), "\n".join(record["en"])
        for term, pattern, error in PLANTS:
            if term not in where and term in zh.replace("贩运人口问题", "") and pattern.search(en):
                record["en"] = [pattern.sub(error, text, count=1) for text in record["en"]]
                where[term] = number
                break
    target.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return where


@pytest.mark.parametrize("stem", UN_STEMS)
def test_untouched_pairs_are_clean(aligned: Path, terms: Path, stem: str):
    report = check([aligned / f"{stem}.jsonl"], terms)
    assert report["issues"] == []


def test_three_planted_errors_are_found(aligned: Path, terms: Path, tmp_path: Path):
    planted = tmp_path / "003.jsonl"
    where = plant(aligned / f"{UN_STEMS[2]}.jsonl", planted)
    assert len(where) == 3
    report = check([planted], terms)
    found = {(i["zh"], i["unit"]) for i in report["issues"]}
    assert {(term, unit) for term, unit in where.items()} <= found
    assert all(i["kind"] == "key-term-mismatch" for i in report["issues"])
    assert {i["unit"] for i in report["issues"]} == set(where.values())
    issue = next(i for i in report["issues"] if i["zh"] == "不处罚原则")
    assert "non-penalization principle" in issue["en_text"] and issue["ref"].endswith(f":{where['不处罚原则']}")


def test_ignore_list_silences_a_marked_issue(aligned: Path, terms: Path, tmp_path: Path):
    planted = tmp_path / "003.jsonl"
    plant(aligned / f"{UN_STEMS[2]}.jsonl", planted)
    issues = check([planted], terms)["issues"]
    ignore = tmp_path / "ignore.txt"
    ignore.write_text(f"# false positive\n{issues[0]['id']} marked by the reviser\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(planted), "--glossary", str(terms), "--json", "-q",
                                       "--ignore", str(ignore)])
    assert [i["id"] for i in json.loads(result.stdout)["issues"]] == [i["id"] for i in issues[1:]]


def _run(args: list[str], seed: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONHASHSEED=seed, PYTHONPATH=str(REPO))
    return subprocess.run([sys.executable, "-m", "align", *args], env=env, capture_output=True, text=True)


def test_outputs_identical_across_hash_seeds(aligned: Path, tmp_path: Path):
    outputs = {}
    planted = tmp_path / "003.jsonl"
    plant(aligned / f"{UN_STEMS[2]}.jsonl", planted)
    for seed in ("0", "3"):
        folder = tmp_path / seed
        folder.mkdir()
        files = [folder / f"t.{suffix}" for suffix in ("tbx", "tsv", "html", "md")]
        built = _run(["glossary", "build", str(aligned), *[arg for f in files for arg in ("-o", str(f))], "-q"], seed)
        assert built.returncode == 0, built.stderr
        checked = _run(["check", str(planted), "--glossary", str(folder / "t.tbx"), "-q"], seed)
        assert checked.returncode == 1, checked.stderr
        outputs[seed] = [f.read_bytes() for f in files] + [checked.stdout]
    assert outputs["0"] == outputs["3"]


OMEGAT_CHECK = REPO.parent / "shared" / "tools" / "omegat" / "check.sh"


@pytest.mark.skipif(not OMEGAT_CHECK.exists() or not Path("/usr/share/omegat/OmegaT.jar").exists()
                    or not shutil.which("java"), reason="OmegaT or its check script is not installed")
def test_omegat_loads_the_glossary(aligned: Path, terms: Path):
    done = subprocess.run(["bash", str(OMEGAT_CHECK), str(aligned / f"{UN_STEMS[0]}.tmx"), str(terms)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    loaded = int(re.search(r"tbx entries=(\d+)", done.stdout).group(1))
    assert loaded >= terms.read_text(encoding="utf-8").count("<termEntry ")
