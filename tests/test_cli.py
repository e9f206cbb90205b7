"""`align run` end to end: outputs parsed back with real readers; bad input fails cleanly."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree, html

from align.cli import main
from align.formats.vecalign import parse as parse_align


def _run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def outputs(example_pair, tmp_path):
    zh, en = example_pair
    result = _run("run", str(zh), str(en), "-o", str(tmp_path), "--json", "--quiet")
    assert result.exit_code == 0, result.output
    return tmp_path, json.loads(result.stdout)


def test_summary_and_files(outputs):
    out, summary = outputs
    assert summary["units"] >= 50 and summary["mean_confidence"] > 0.8 and not summary["low_confidence"]
    assert sorted(p.name for p in out.iterdir()) == [
        f"CTOC-COP-WG.4-2019-1.{ext}" for ext in ("align", "html", "jsonl", "meta.json", "tmx")]


def test_tmx_read_back_by_translate_toolkit(outputs):
    tmx = pytest.importorskip("translate.storage.tmx")
    out, summary = outputs
    store = tmx.tmxfile.parsefile(str(out / "CTOC-COP-WG.4-2019-1.tmx"))
    units = [u for u in store.units if u.source]
    assert len(units) == summary["two_sided"]
    pairs = {u.source: u.target for u in units}
    assert pairs["(a) 会议开幕；"] == "(a) Opening of the meeting;"


def test_tmx_header_props_and_languages(outputs):
    out, _ = outputs
    root = etree.parse(str(out / "CTOC-COP-WG.4-2019-1.tmx")).getroot()
    assert root.get("version") == "1.4"
    header = root.find("header")
    for attribute in ("creationtool", "creationtoolversion", "segtype", "o-tmf", "adminlang", "srclang", "datatype"):
        assert header.get(attribute), attribute
    assert header.get("srclang") == "zh-CN" and header.get("segtype") == "sentence"
    tu = root.find("body/tu")
    props = {p.get("type"): p.text for p in tu.findall("prop")}
    assert 0 <= float(props["x-confidence"]) <= 1
    langs = [tuv.get("{http://www.w3.org/XML/1998/namespace}lang") for tuv in tu.findall("tuv")]
    assert langs == ["zh-CN", "en"]


def test_jsonl_align_and_html_agree(outputs):
    out, summary = outputs
    units = [json.loads(line) for line in (out / "CTOC-COP-WG.4-2019-1.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(units) == summary["units"]
    assert all(0 <= u["score"] <= 1 and isinstance(u["zh"], list) and isinstance(u["en"], list) for u in units)
    beads = parse_align((out / "CTOC-COP-WG.4-2019-1.align").read_text(encoding="utf-8"))
    assert beads == [(tuple(u["zh_ids"]), tuple(u["en_ids"])) for u in units]
    page = html.parse(str(out / "CTOC-COP-WG.4-2019-1.html")).getroot()
    rows = page.xpath("//tbody/tr")
    assert len(rows) == len(units)
    flagged = {int(r.get("id")[1:]) - 1 for r in rows if r.get("class") in ("doubtful", "one-sided")}
    assert flagged == {k for k, u in enumerate(units) if u["doubtful"]}


def test_paragraph_level_and_name(example_pair, tmp_path):
    zh, en = example_pair
    result = _run("run", str(zh), str(en), "-o", str(tmp_path), "--level", "paragraph", "--name", "p", "-q")
    assert result.exit_code == 0
    root = etree.parse(str(tmp_path / "p.tmx")).getroot()
    assert root.find("header").get("segtype") == "paragraph"
    assert len(root.findall("body/tu")) == 48


def test_lines_input_keeps_line_numbers(tmp_path):
    (tmp_path / "zh.txt").write_text("第一句。\n第二句，很长的一句话。\n\n第四句。\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text("First.\nThe second sentence, a long one.\nFourth.\n", encoding="utf-8")
    result = _run("run", str(tmp_path / "zh.txt"), str(tmp_path / "en.txt"), "-o", str(tmp_path),
                  "--input-format", "lines", "-q")
    assert result.exit_code == 0
    beads = parse_align((tmp_path / "zh.align").read_text(encoding="utf-8"))
    assert sorted(i for zh, _ in beads for i in zh) == [0, 1, 2, 3]
    assert sorted(j for _, en in beads for j in en) == [0, 1, 2]


def _assert_clean_failure(result, code: int, words: str, out: Path):
    assert result.exit_code == code
    assert words in result.stderr and "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1
    assert not any(out.iterdir())


@pytest.mark.parametrize("case, code, words", [
    ("missing", 3, "no such file"), ("empty", 3, "empty"), ("binary", 3, "binary"),
    ("swapped", 3, "swapped"), ("both-chinese", 3, "expected an English document"),
])
def test_bad_input_fails_cleanly(example_pair, tmp_path, case, code, words):
    zh, en = example_pair
    out = tmp_path / "out"
    out.mkdir()
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 16)
    args = {"missing": (tmp_path / "none.txt", en), "empty": (tmp_path / "empty.txt", en),
            "binary": (tmp_path / "binary.txt", en), "swapped": (en, zh), "both-chinese": (zh, zh)}[case]
    result = _run("run", str(args[0]), str(args[1]), "-o", str(out), "-q")
    _assert_clean_failure(result, code, words, out)


def test_unrelated_documents_warn_and_fail_with_strict(example_pair, tmp_path):
    zh, _ = example_pair
    unrelated = tmp_path / "novel.txt"
    unrelated.write_text("\n\n".join(
        f"Chapter {k}. The old man walked slowly to the river, where the boats were waiting for the "
        "morning tide and the fishermen sang." for k in range(40)), encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    result = _run("run", str(zh), str(unrelated), "-o", str(out), "-q", "--strict")
    _assert_clean_failure(result, 4, "unrelated", out)
    result = _run("run", str(zh), str(unrelated), "-o", str(out), "-q")
    assert result.exit_code == 0 and "warning" in result.stderr


def test_failed_write_leaves_previous_outputs_untouched(example_pair, tmp_path, monkeypatch):
    zh, en = example_pair
    (tmp_path / "CTOC-COP-WG.4-2019-1.tmx").write_text("previous", encoding="utf-8")
    from align.formats import html as html_writer

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(html_writer, "render", broken)
    result = _run("run", str(zh), str(en), "-o", str(tmp_path), "-q")
    assert result.exit_code == 3 and "No space left" in result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["CTOC-COP-WG.4-2019-1.tmx"]
    assert (tmp_path / "CTOC-COP-WG.4-2019-1.tmx").read_text(encoding="utf-8") == "previous"


def test_embedder_that_is_not_a_model_folder_is_a_clean_error(example_pair, tmp_path):
    zh, en = example_pair
    out = tmp_path / "out"
    out.mkdir()
    result = _run("run", str(zh), str(en), "-o", str(out), "-q", "--input-format", "lines",
                  "--embedder", str(tmp_path / "no-model"))
    _assert_clean_failure(result, 2, "not a model directory", out)


def test_embedder_at_paragraph_level_is_ignored_with_a_warning(example_pair, tmp_path):
    zh, en = example_pair
    result = _run("run", str(zh), str(en), "-o", str(tmp_path), "-q", "--level", "paragraph",
                  "--embedder", str(tmp_path / "no-model"))
    assert result.exit_code == 0 and "ignored" in result.stderr


def test_cli_imports_no_heavy_library_until_a_command_runs():
    """`align --help` must start fast: the NLP, array and XML libraries load with the command that needs them."""
    code = ("import sys, align.cli; heavy = {'numpy', 'jieba', 'lxml', 'opencc', 'nltk', 'rapidfuzz'};"
            "print(sorted(heavy & set(sys.modules)))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          cwd=Path(__file__).resolve().parent.parent)
    assert done.stdout.strip() == "[]"
    assert {"batch", "check", "glossary", "run"} <= set(_run("--help").output.split())


def test_a_bug_is_one_line_with_exit_70(example_pair, tmp_path, monkeypatch):
    import align.pipeline

    def broken(*args, **kwargs):
        raise IndexError("index 3 is out of bounds")

    monkeypatch.setattr(align.pipeline, "align_pair", broken)
    zh, en = example_pair
    result = CliRunner().invoke(main, ["run", str(zh), str(en), "-o", str(tmp_path / "out"), "-q"])
    assert result.exit_code == 70 and result.stderr.count("\n") == 1
    assert "internal error (IndexError: index 3 is out of bounds)" in result.stderr
    assert not (tmp_path / "out").exists()



@pytest.mark.parametrize("package, args", [("click", ["--help"]), ("jieba", ["run", "ZH", "EN", "-q"])])
def test_a_missing_package_is_one_line_with_exit_70(example_pair, tmp_path, package, args):
    """A broken install (a required package gone: the first one the CLI imports, or one a command
    imports later) is one line, exit 70, nothing written; never a traceback."""
    zh, en = example_pair
    args = [{"ZH": str(zh), "EN": str(en)}.get(a, a) for a in args] + (["-o", str(tmp_path / "out")] if "run" in args else [])
    code = (f"import sys; sys.modules[{package!r}] = None; sys.argv = ['align'] + {args!r};"
            "from align.__main__ import main; main()")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parent.parent)
    assert done.returncode == 70 and done.stdout == "", done.stderr
    assert done.stderr.splitlines()[-1] == (f"align: error: the package '{package}' is missing, so this install of "
                                            "align is broken: install it again (python3 -m pip install .)")
    assert "Traceback" not in done.stderr and not (tmp_path / "out").exists()

def test_tmx_reader_reads_back_what_the_writer_wrote(outputs):
    from align.formats import tmx

    out, summary = outputs
    units = tmx.read(out / "CTOC-COP-WG.4-2019-1.tmx")
    records = [json.loads(line) for line in (out / "CTOC-COP-WG.4-2019-1.jsonl").read_text(encoding="utf-8").splitlines()]
    two_sided = [r for r in records if r["zh"] and r["en"]]
    assert len(units) == summary["two_sided"] == len(two_sided)
    assert [(u.zh_text, u.en_text) for u in units] == [("".join(r["zh"]), " ".join(r["en"])) for r in two_sided]
    assert [(u.label, u.doubtful, u.doc) for u in units] == [(r["label"], r["doubtful"], "CTOC-COP-WG.4-2019-1")
                                                             for r in two_sided]
    assert [round(u.score, 3) for u in units] == [round(r["score"], 3) for r in two_sided]


def test_library_warnings_come_in_the_align_style(example_pair, tmp_path, monkeypatch):
    import logging

    import align.pipeline

    real = align.pipeline.align_pair

    def warning_then_align(*args, **kwargs):
        logging.getLogger("align").warning("alignment band capped at 64 segments either side")
        return real(*args, **kwargs)

    monkeypatch.setattr(align.pipeline, "align_pair", warning_then_align)
    zh, en = example_pair
    result = CliRunner().invoke(main, ["run", str(zh), str(en), "-o", str(tmp_path), "-q"])
    assert result.exit_code == 0
    assert result.stderr == "align: warning: alignment band capped at 64 segments either side\n"
