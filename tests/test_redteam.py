"""Hostile inputs found by red-teaming issue 8 that the other hardening tests did not cover:
odd numbering attributes and long style chains in Word files, log-odds past float range,
numbers too long for int(). Each ends in a result or one line and an exit code."""
from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from align.cli import main
from align.pipeline import read_document
from conftest import default_sigint

REPO = Path(__file__).resolve().parent.parent
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def _ok_or_refused(result) -> None:
    """A result, or one line on stderr with a documented code; never a traceback."""
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in (0, 1, 2, 3, 4, 5, 130), result.output
    if result.exit_code not in (0, 1):
        assert result.stderr.count("\n") == 1 and result.stderr.startswith("align: error: "), result.stderr
    assert all(line.startswith("align: ") for line in result.stderr.splitlines()), result.stderr  # no warnings


def _word(path: Path, document: str, **parts: str) -> Path:
    """A Word file made by python-docx whose document.xml (and any other part, by name) is replaced."""
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    replaced = {"word/document.xml": document, **{f"word/{name}.xml": xml for name, xml in parts.items()}}
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item.filename, replaced.get(item.filename, source.read(item.filename)))
    return path


def _body(*paragraphs: str) -> str:
    return f'<w:document {W}><w:body>{"".join(paragraphs)}</w:body></w:document>'


def _numbered(text: str, ilvl: str = "0") -> str:
    return (f'<w:p><w:pPr><w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="1"/></w:numPr></w:pPr>'
            f"<w:r><w:t>{text}</w:t></w:r></w:p>")


def _numbering(start: str = "1", fmt: str = "decimal", text: str = "%1.", ilvl: str = "0", override: str = "") -> str:
    return (f'<w:numbering {W}><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/>'
            f'<w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl></w:abstractNum>'
            f'<w:num w:numId="1"><w:abstractNumId w:val="0"/>{override}</w:num></w:numbering>')


@pytest.mark.parametrize("numbering, ilvl, first", [
    (_numbering(start="1000000000000", fmt="lowerLetter"), "0", "a. "),  # was a MemoryError
    (_numbering(start="10000000000", fmt="upperRoman"), "0", "I. "),     # was minutes of "M"s
    (_numbering(start="99999", fmt="lowerLetter"), "0", "32767. "),
    (_numbering(start="3998", fmt="upperRoman"), "0", "MMMCMXCVIII. "),
    (_numbering(start="x1"), "0", "1. "),                                     # ValueError
    (_numbering(ilvl="abc"), "0", "1. "),                                     # ValueError
    (_numbering(), "99999999999999999999", "1. "),                            # not a level: the first
    (_numbering(start="-50", fmt="chineseCounting", text="%1、"), "0", "一、"),  # IndexError
    (_numbering(override='<w:lvlOverride w:ilvl="zz"><w:startOverride w:val="q"/></w:lvlOverride>'), "0", "1. "),
    (_numbering(start="١٢"), "0", "1. "),  # Arabic-Indic digits are not an ST_DecimalNumber
], ids=["letters", "roman", "roman-max", "letters-cap", "start", "lvl", "ilvl", "negative", "override", "arabic"])
def test_hostile_numbering_attributes_give_bounded_labels(tmp_path, numbering, ilvl, first):
    path = _word(tmp_path / "n.docx", _body(*[_numbered("会议开幕。", ilvl)] * 3), numbering=numbering)
    paragraphs = read_document(path, "zh", "docx").paragraphs
    assert len(paragraphs) == 3 and paragraphs[0].text == f"{first}会议开幕。"
    assert all(len(p.text) < 40 for p in paragraphs)


def test_an_outline_level_too_long_for_int_is_no_heading(tmp_path):
    p = f'<w:p><w:pPr><w:outlineLvl w:val="{"1" * 5000}"/></w:pPr><w:r><w:t>会议开幕。</w:t></w:r></w:p>'
    assert [p.text for p in read_document(_word(tmp_path / "o.docx", _body(p)), "zh", "docx").paragraphs] == ["会议开幕。"]


def test_a_long_chain_of_based_on_styles_is_walked_once(tmp_path):
    """20,000 styles, each based on the next, and 300 paragraphs of the first: minutes before."""
    styles = (f"<w:styles {W}>" + "".join(f'<w:style w:styleId="s{k}"><w:basedOn w:val="s{k + 1}"/></w:style>'
                                          for k in range(20_000)) + "</w:styles>")
    paragraphs = [f'<w:p><w:pPr><w:pStyle w:val="s0"/></w:pPr><w:r><w:t>会议{k}。</w:t></w:r></w:p>' for k in range(300)]
    path = _word(tmp_path / "s.docx", _body(*paragraphs), styles=styles)
    start = time.process_time()
    assert len(read_document(path, "zh", "docx").paragraphs) == 300
    assert time.process_time() - start < 5


def test_log_odds_beyond_float_range(tmp_path):
    """A 450 KB English line against a five-character Chinese one: the length term alone passes
    exp()'s range (was an OverflowError traceback)."""
    zh, en = tmp_path / "a.zh.txt", tmp_path / "a.en.txt"
    zh.write_text("会议开幕。\n\n会议闭幕。\n", encoding="utf-8")
    en.write_text("The meeting opened.\n\n" + "words and more " * 30_000 + "\n", encoding="utf-8")
    result = _run("run", zh, en, "-o", tmp_path / "out", "-q")
    _ok_or_refused(result)  # now refused at once: the lengths are too different for a translation
    assert result.exit_code == 3 and "too different in length" in result.stderr


def test_sigmoid_at_the_extremes():
    from align.similarity.confidence import confidence
    from align.similarity.scorer import sigmoid

    assert sigmoid(-1e6) == 0.0 and sigmoid(1e6) == 1.0 and sigmoid(0.0) == 0.5
    assert 0.0 <= confidence([1.0, 0.0, 1e4, 0.0, 0.0, 0.0, 0.0]) < 1e-300


def test_a_number_longer_than_int_allows():
    """A 100,000-digit label (was: ValueError, int() refuses over 4,300 digits)."""
    from align.similarity.chinese import numeral_value

    assert numeral_value("1" * 100_000) is None and numeral_value("九" * 5000) is None
    assert numeral_value("2019") == 2019 and numeral_value("二十八") == 28


# ---------------------------------------------------------------- --config

@pytest.mark.parametrize("text, words", [
    ("a = " + "[" * 100_000 + "]" * 100_000, "nested too deeply"),  # was a RecursionError traceback
    ("[aligner]\nsentence_band = -5\n", "must not be negative"),   # was a ValueError from the DP
    ("[aligner.scorer]\nsigma = nan\n", "finite"),
    ("[aligner]\nlexical_weight = inf\n", "finite"),
    ("[aligner]\nsentence_beads = [[0, 0]]\n", "including [1, 0] and [0, 1]"),
    ("[aligner]\nsentence_beads = [[1, 1], [60, 60]]\n", "segment counts"),
    ('[aligner]\nsentence_beads = [["a", 1]]\n', "segment counts"),     # TypeError
    ("[aligner]\nsentence_beads = [1]\n", "segment counts"),
    ("[aligner]\nsentence_beads = [[1, 1, 1]]\n", "segment counts"),
], ids=["deep", "negative", "nan", "inf", "empty-bead", "huge-bead", "str-bead", "int-bead", "triple-bead"])
def test_hostile_config_is_a_usage_error(example_pair, tmp_path, text, words):
    config = tmp_path / "c.toml"
    config.write_text(text, encoding="utf-8")
    result = _run("run", *example_pair, "-o", tmp_path / "out", "-q", "--config", config)
    _ok_or_refused(result)
    assert result.exit_code == 2 and words in result.stderr and not (tmp_path / "out").exists()


def test_a_config_that_never_ends_is_refused_at_once(example_pair, tmp_path):
    start = time.monotonic()
    result = _run("run", *example_pair, "-o", tmp_path / "out", "-q", "--config", "/dev/zero")
    assert result.exit_code == 2 and "regular file" in result.stderr and time.monotonic() - start < 5
    big = tmp_path / "big.toml"
    big.write_text("# comment\n" * 200_000, encoding="utf-8")
    result = _run("run", *example_pair, "-o", tmp_path / "out", "-q", "--config", big)
    assert result.exit_code == 2 and "not a config file" in result.stderr


# ---------------------------------------------------------------- HTML past the parser's limits

@pytest.mark.parametrize("page, words", [
    ("<html><body>" + "<div>" * 300 + "<p>联合国会议。</p>" + "</div>" * 300 + "</body></html>", "nested over 256"),
    ("<html><body>" + "<div><span><b>" * 100 + "<p>联合国会议。</p>", "nested over 256"),
    ("<html><body><p>" + "联合国" * 1_200_000 + "</p></body></html>", "over 10 MB"),
    (f'<html><body><p>会议开幕。</p><p title="{"x" * 11_000_000}">a</p><p>会议闭幕。</p></body></html>', "over 10 MB"),
], ids=["deep", "unclosed", "text", "attribute"])
def test_html_beyond_the_parser_limits_is_refused_not_cut(tmp_path, page, words):
    """libxml2 stops at 256 levels or a 10 MB text and keeps what came before: a document read in part
    (or 'no text found') without a word. Now one line, exit 3."""
    path = tmp_path / "a.zh.html"
    path.write_text(page, encoding="utf-8")
    result = _run("run", path, path, "-o", tmp_path / "out", "-q", "--max-size", "0")
    _ok_or_refused(result)
    assert result.exit_code == 3 and words in result.stderr and "part of the document" in result.stderr


def test_html_nested_within_the_limit_is_read(tmp_path):
    path = tmp_path / "a.html"
    path.write_text("<html><body>" + "<div>" * 200 + "<p>联合国会议。</p>" + "</div>" * 200 + "</body></html>",
                    encoding="utf-8")
    assert [p.text for p in read_document(path, "zh").paragraphs] == ["联合国会议。"]


# ---------------------------------------------------------------- files that never end, names

def _pair(tmp_path: Path) -> tuple[Path, Path]:
    zh, en = tmp_path / "a.zh.txt", tmp_path / "a.en.txt"
    zh.write_text("1. 工作组审议了贩运人口问题。\n\n2. 会议通过了报告。\n", encoding="utf-8")
    en.write_text("1. The Working Group considered trafficking in persons.\n\n2. The meeting adopted the report.\n",
                  encoding="utf-8")
    return zh, en


@pytest.mark.parametrize("command", [["export", "/dev/zero"], ["run", "ZH", "EN", "--reuse", "/dev/zero"]],
                         ids=["export", "reuse"])
def test_a_device_as_alignment_input_is_refused_at_once(tmp_path, command):
    """`--reuse /dev/zero` and `align export /dev/zero` read forever (now: one line, exit 3)."""
    zh, en = _pair(tmp_path)
    args = [{"ZH": zh, "EN": en}.get(a, a) for a in command] + ["-o", tmp_path / "out"]
    result = _run(*args, "-q") if command[0] == "run" else _run(*args)
    _ok_or_refused(result)
    assert result.exit_code == 3 and "not a regular file" in result.stderr and not (tmp_path / "out").exists()


@pytest.mark.parametrize("name", ["a\nb", "a\rb", "tab\there", "bell\x07"])
def test_name_with_control_characters_is_a_usage_error(tmp_path, name):
    zh, en = _pair(tmp_path)
    result = _run("run", zh, en, "-o", tmp_path / "out", "-q", "--name", name)
    _ok_or_refused(result)
    assert result.exit_code == 2 and "control characters" in result.stderr and not (tmp_path / "out").exists()


def test_check_with_a_device_as_glossary_is_refused(tmp_path):
    zh, en = _pair(tmp_path)
    script = "import sys; from align.cli import main; sys.argv = ['align'] + sys.argv[1:]; main()"
    try:
        done = subprocess.run([sys.executable, "-c", script, "check", str(zh), str(en), "--glossary", "/dev/zero"],
                              capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=10)
    except subprocess.TimeoutExpired:
        pytest.fail("still reading /dev/zero after 10 s")
    assert done.returncode in (2, 3) and done.stderr.startswith("align: error: ")


def test_check_errors_are_in_the_one_style(tmp_path):
    zh, en = _pair(tmp_path)
    result = _run("check", zh, en, "--glossary", en)  # a text file that is no glossary: unreadable input
    assert result.exit_code == 3 and result.stderr.startswith("align: error: ") and result.stderr.count("\n") == 1


# ---------------------------------------------------------------- file names from outside

@pytest.mark.parametrize("stem", [b"a\tb\x01", b"\xff\x01bad", "é".encode() * 120, b"-x", b"--help"],
                         ids=["control", "undecodable", "240-bytes", "dash", "double-dash"])
def test_any_file_name_gives_outputs_that_parse(tmp_path, stem):
    """A control character (lxml refused the TMX's x-document), a byte that is not UTF-8 (the
    meta.json could not be encoded) or a name near 255 bytes (its temporary name was too long)."""
    from lxml import etree

    zh, en = _pair(tmp_path)
    source = os.fsencode(tmp_path) + b"/" + stem + b".zh.txt"
    with open(source, "wb") as handle:
        handle.write(zh.read_bytes())
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["run", "-o", str(out), "-q", "--", os.fsdecode(source), str(en)])
    _ok_or_refused(result)
    assert result.exit_code == 0
    tmx = next(p for p in out.iterdir() if p.suffix == ".tmx")
    assert len(etree.fromstring(tmx.read_bytes()).findall(".//tu")) == 2
    for path in out.iterdir():
        path.read_bytes().decode("utf-8")  # every output is valid UTF-8
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


def test_glossary_seed_with_control_characters(tmp_path):
    units = tmp_path / "a.jsonl"
    units.write_text('{"zh": ["工作组审议了贩运人口问题。"], "en": ["The Working Group considered trafficking in persons."]}\n'
                     * 3, encoding="utf-8")
    seed = tmp_path / "seed.tsv"
    seed.write_text("zh\ten\n贩运\x01人口\ttrafficking\x02 in persons\n", encoding="utf-8")
    result = _run("glossary", "build", units, "-o", tmp_path / "g.tbx", "--seed", seed)
    _ok_or_refused(result)


# ---------------------------------------------------------------- Ctrl-C

def test_ctrl_c_during_run_is_one_line_and_writes_nothing(tmp_path):
    """click printed an empty line before the message (its own KeyboardInterrupt handler)."""
    zh, en = _pair(tmp_path)
    zh.write_text(zh.read_text(encoding="utf-8") * 3000, encoding="utf-8")
    en.write_text(en.read_text(encoding="utf-8") * 3000, encoding="utf-8")
    out = tmp_path / "out"
    run = subprocess.Popen([sys.executable, "-m", "align", "run", str(zh), str(en), "-o", str(out)],
                           env={**os.environ, "PYTHONPATH": str(REPO)}, stderr=subprocess.PIPE,
                           stdout=subprocess.PIPE, text=True, start_new_session=True, preexec_fn=default_sigint)
    for line in run.stderr:  # the documents are read: it is aligning
        if line.startswith("align: aligning"):
            break
    os.killpg(run.pid, signal.SIGINT)
    _, rest = run.communicate(timeout=60)
    assert run.returncode == 130 and rest == "align: error: interrupted (nothing written)\n"
    assert not out.exists()


# ---------------------------------------------------------------- PDF

def _pdf(*objects: bytes) -> bytes:
    out, offsets = b"%PDF-1.4\n", []
    for number, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    return out + f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()


_CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"


@pytest.mark.parametrize("pages", [
    [b"<< /Type /Pages /Kids [] /Count 0 >>"],                                    # no page at all
    [b"<< /Type /Pages /Kids [3 0 R] /Count 999999999 >>", b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>"],
    [b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>"],                               # the page tree is a loop
], ids=["zero-pages", "lying-count", "loop"])
def test_pdf_page_trees_from_outside(tmp_path, pages):
    zh, en = _pair(tmp_path)
    path = tmp_path / "a.pdf"
    path.write_bytes(_pdf(_CATALOG, *pages))
    result = _run("run", path, en, "-o", tmp_path / "out", "-q")
    _ok_or_refused(result)
    assert result.exit_code == 3 and not (tmp_path / "out").exists()


def test_pdf_with_a_malformed_media_box(tmp_path):
    zh, en = _pair(tmp_path)
    path = tmp_path / "a.pdf"
    path.write_bytes(_pdf(_CATALOG, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                          b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 1e30 -1e30] >>"))
    result = _run("run", path, en, "-o", tmp_path / "out", "-q")
    _ok_or_refused(result)


# ---------------------------------------------------------------- batch

def test_batch_summary_keeps_one_line_per_pair_whatever_the_names(tmp_path):
    zh, en = _pair(tmp_path)
    zh2, en2 = tmp_path / "b.zh.txt", tmp_path / "b.en.txt"
    zh2.write_text(zh.read_text(encoding="utf-8") + "\n3. 会议闭幕。\n", encoding="utf-8")
    en2.write_text(en.read_text(encoding="utf-8") + "\n3. The meeting closed.\n", encoding="utf-8")
    manifest = tmp_path / "m.csv"
    manifest.write_text(f'zh,en,name\n{zh},{en},"a\nb\tc\x01"\n{zh2},{en2},plain\n', encoding="utf-8")
    out = tmp_path / "out"
    result = _run("batch", manifest, "-o", out, "--no-glossary", "--workers", "1", "-q")
    _ok_or_refused(result)
    rows = (out / "summary.tsv").read_text(encoding="utf-8").splitlines()
    assert [row.split("\t")[0] for row in rows] == ["name", "a b c", "plain"]
    assert all(len(row.split("\t")) == 7 for row in rows)


def test_batch_on_a_device_is_refused_at_once(tmp_path):
    result = _run("batch", "/dev/zero", "-o", tmp_path / "out", "--no-glossary")
    _ok_or_refused(result)
    assert result.exit_code == 3 and "not a regular file" in result.stderr
