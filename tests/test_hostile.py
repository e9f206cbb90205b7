"""Hostile inputs through every command (`align run`, `batch`, `glossary build`, `check`).

Each case must end in exit 0 with outputs that parse back, or in a documented error exit with
exactly one line on stderr, no traceback and no file left in -o, in bounded time.
"""
from __future__ import annotations

import csv
import io
import json
import os
import resource
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest
from click.testing import CliRunner
from lxml import etree, html

import hostile_files as hf
from align.cli import main
from align.formats.vecalign import parse as parse_align
from conftest import UN, UN_STEMS

REPO = Path(__file__).resolve().parent.parent
ZH_TEXT = ("1. 工作组于2019年9月9日至11日在维也纳举行了第九次会议。\n\n"
           "2. 会议审议了打击贩运人口的国家做法。\n\n"
           "3. 缔约国交流了保护受害人的经验。\n")
EN_TEXT = ("1. The Working Group held its ninth meeting in Vienna from 9 to 11 September 2019.\n\n"
           "2. The meeting considered national practices in combating trafficking in persons.\n\n"
           "3. States parties exchanged experiences in protecting victims.\n")
GLOSSARY = "zh\ten\n工作组\tWorking Group\n受害人\tvictims\n"
SECONDS = 20  # of CPU time, for every case and command
SLOW_SECONDS = 12  # of CPU time, for a 2 MB line in a process of its own (start-up included)
LAUGHS = ('<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
          '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">'
          '<!ENTITY xxe SYSTEM "file:///etc/passwd">]>')

Pair = tuple[Path, Path]


def _pair(folder: Path, zh: str | bytes, en: str | bytes = EN_TEXT, ext: str = "txt", stem: str = "doc") -> Pair:
    paths = folder / f"{stem}.zh.{ext}", folder / f"{stem}.en.{ext}"
    for path, data in zip(paths, (zh, en)):
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return paths


def _blank_pdf() -> bytes:
    """A one-page PDF without a text layer (as a scan without OCR)."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
               b"<< /Length 22 >>\nstream\n0 0 m 100 100 l S\nendstream"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


DIGITS = "٠١٢٣ ۴۵۶ १२३ ১২৩ １２３ ¹²³ ₁₂ ①②③ ⑴⑵ ⒈ Ⅻ ⅷ 𝟙𝟚 ๑๒"

CASES: dict[str, Callable[[Path], Pair]] = {
    "other-digits": lambda d: _pair(d, ZH_TEXT.replace("2019", "２０１９") + f"\n4. 编号{DIGITS}。\n",
                                    EN_TEXT.replace("2019", "٢٠١٩") + f"\n4. Numbers {DIGITS}.\n"),
    "control-characters": lambda d: _pair(d, ZH_TEXT.replace("。", "。\x01\x1b", 2),
                                          EN_TEXT.replace(".", ".\x07", 2)),
    "control-characters-in-a-long-text": lambda d: _pair(d, (UN / f"{UN_STEMS[1]}.zh.txt").read_text(
        encoding="utf-8").replace("。", "。\x01\x1b", 6), (UN / f"{UN_STEMS[1]}.en.txt").read_text(encoding="utf-8")),
    "nul-bytes": lambda d: _pair(d, ZH_TEXT.replace("。", "。\x00", 1), EN_TEXT.replace(" ", "\x00 ", 1)),
    "many-nul-bytes": lambda d: _pair(d, "\x00".join(ZH_TEXT)),
    "lone-surrogate-utf16": lambda d: _pair(d, b"\xff\xfe" + "会议\ud800开幕。".encode("utf-16-le",
                                                                                  "surrogatepass")),
    "bidi-and-zero-width": lambda d: _pair(d, ZH_TEXT.replace("工作组", "工\u200b作\u202e组\ufeff"),
                                           EN_TEXT.replace("Group", "Gr\u200doup\u2066")),
    "2mb-single-line-lines": lambda d: _pair(d, ZH_TEXT.replace("\n", ""), "word " * 400_000),
    "2mb-single-line": lambda d: _pair(d, ZH_TEXT, "The Working Group met in Vienna. " * 60_000),
    "only-punctuation": lambda d: _pair(d, "。，、；！？……——" * 50, ".,;:!?-()" * 50),
    "empty": lambda d: _pair(d, ""),
    "white-space-only": lambda d: _pair(d, " \n\t\u3000\n" * 100),
    "only-furniture": lambda d: _pair(d, "V.19-05812 (C)\n2/4\n*1905812*\nCTOC/COP/WG.4/2019/1\n- 3 -\n"),
    "binary": lambda d: _pair(d, bytes(range(256)) * 40),
    "png-named-txt": lambda d: _pair(d, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + bytes(range(256)) * 4),
    "pdf-without-text": lambda d: _pair(d, _blank_pdf(), ext="txt"),
    "html-entities": lambda d: _pair(d, f"<html><body><p>{ZH_TEXT}&amp;&lt;&#x4e2d;&#0;&#xD800;&#99999999;"
                                        "&nbsp;&bogus;</p></body></html>", ext="html"),
    "html-billion-laughs": lambda d: _pair(d, f"{LAUGHS}<html><body><p>{ZH_TEXT}&d;&xxe;</p></body></html>",
                                           f"<html><body><p>{EN_TEXT}</p></body></html>", ext="html"),
    "docx-xxe": lambda d: (hf.docx(d / "doc.zh.docx", hf.document_xml([ZH_TEXT, "&xxe;&d;"], LAUGHS)),
                           _pair(d, "", EN_TEXT)[1]),
    "docx-bomb": lambda d: (hf.docx_bomb(d / "doc.zh.docx", gib=1), _pair(d, "", EN_TEXT)[1]),
    "truncated-docx": lambda d: _pair(d, hf.docx(d / "x.docx", hf.document_xml([ZH_TEXT])).read_bytes()[:200],
                                      ext="docx"),
    "legacy-doc": lambda d: _pair(d, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), ext="doc"),
    "symlink-loop": lambda d: _loop(d),
    "fifo": lambda d: _fifo(d),
    "swapped-languages": lambda d: _pair(d, EN_TEXT, ZH_TEXT),
}
SLOW = {"2mb-single-line", "2mb-single-line-lines"}


def _loop(folder: Path) -> Pair:
    zh, en = _pair(folder, ZH_TEXT)
    zh.unlink()
    zh.symlink_to(folder / "other.zh.txt")
    (folder / "other.zh.txt").symlink_to(zh)
    return zh, en


def _fifo(folder: Path) -> Pair:
    """A named pipe in place of the Chinese file: whoever opens it to read waits for ever."""
    zh, en = _pair(folder, ZH_TEXT)
    zh.unlink()
    os.mkfifo(zh)
    return zh, en


def _cases(fast_only: bool = False):
    """Every case as a parameter (`fast_only`: without the slow ones)."""
    return [pytest.param(name, id=name) for name in CASES if not (fast_only and name in SLOW)]


@dataclass
class Finished:
    """What CliRunner's Result offers, for a run in a subprocess."""

    exit_code: int
    stdout: str
    stderr: str
    exception: None = None

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def _limit_cpu() -> None:
    resource.setrlimit(resource.RLIMIT_CPU, (SLOW_SECONDS, SLOW_SECONDS + 1))


def _invoke_bounded(args: list[str]) -> Finished:
    """The command in its own process, stopped after SLOW_SECONDS of CPU time (a stall fails, never hangs)."""
    try:
        done = subprocess.run([sys.executable, "-m", "align", *map(str, args)], capture_output=True, text=True,
                              env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=10 * SECONDS,
                              preexec_fn=_limit_cpu)
    except subprocess.TimeoutExpired:
        pytest.fail(f"still running after {10 * SECONDS} s")
    if done.returncode in (-signal.SIGXCPU, -signal.SIGKILL):
        pytest.fail(f"stopped after {SLOW_SECONDS} s of CPU time")
    return Finished(done.returncode, done.stdout, done.stderr)


class Stalled(Exception):
    """The command waited (a blocked read) for longer than any case may take."""


def _stalled(number, frame):
    raise Stalled(f"no result after {10 * SECONDS} s")


def _invoke(args: list[str]):
    """The command through CliRunner; its CPU time is bounded and a stall (a blocked read) is stopped."""
    start = time.process_time()
    previous = signal.signal(signal.SIGALRM, _stalled)
    signal.alarm(10 * SECONDS)
    try:
        result = CliRunner().invoke(main, [str(a) for a in args])
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert time.process_time() - start < SECONDS, f"took {time.process_time() - start:.0f} s of CPU time"
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), \
        f"uncaught {type(result.exception).__name__}: {result.exception}"
    return result


def _clean_failure(result, codes: set[int], out: Path | None = None) -> None:
    assert result.exit_code in codes, (result.exit_code, result.output)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.output and lines[0].strip()
    if out is not None:
        assert not out.exists() or not [p for p in out.rglob("*") if p.is_file()], list(out.rglob("*"))


def _parse_tmx(path: Path) -> int:
    root = etree.parse(str(path)).getroot()
    assert root.tag == "tmx" and root.find("header") is not None
    return len(root.findall("body/tu"))


@pytest.mark.parametrize("case", _cases())
def test_align_run(tmp_path, case):
    zh, en = CASES[case](tmp_path)
    out = tmp_path / "out"
    args = ["run", zh, en, "-o", out, "-q"]
    if case == "2mb-single-line-lines":
        args += ["--input-format", "lines"]
    result = _invoke_bounded(args) if case in SLOW else _invoke(args)
    if result.exit_code != 0:
        _clean_failure(result, {2, 3, 4}, out)
        return
    [tmx] = out.glob("*.tmx")
    stem = tmx.name[: -len(".tmx")]
    _parse_tmx(tmx)
    units = [json.loads(line) for line in (out / f"{stem}.jsonl").read_text(encoding="utf-8").splitlines()]
    assert units and all(isinstance(u["zh"], list) and isinstance(u["en"], list) for u in units)
    parse_align((out / f"{stem}.align").read_text(encoding="utf-8"))
    html.fromstring((out / f"{stem}.html").read_bytes())
    text = "".join(t for u in units for side in ("zh", "en") for t in u[side])
    assert not any(c in text for c in "\x00\x01\x07\x1b\ufffe"), "control characters reached the outputs"
    assert "root:" not in text and "aaaaaaaaaa" not in text


@pytest.mark.parametrize("case", _cases(fast_only=True))
def test_align_batch(tmp_path, case):
    source = tmp_path / "in"
    source.mkdir()
    CASES[case](source)
    _pair(source, ZH_TEXT, stem="good")  # a good pair beside it is aligned whatever happens
    out = tmp_path / "out"
    result = _invoke(["batch", source, "-o", out, "-q", "--workers", "1", "--json"])
    if result.exit_code in (2, 3):
        _clean_failure(result, {2, 3})
        return
    assert result.exit_code in (0, 5), result.output
    summary = json.loads(result.stdout)
    assert summary["aligned"] >= 1 and (summary["failed"] > 0) == (result.exit_code == 5)
    assert "Traceback" not in result.stderr and not any("unexpected error" in f["reason"]
                                                       for f in summary["failures"]), summary["failures"]
    assert _parse_tmx(out / "corpus.tmx") >= 3
    etree.parse(str(out / "glossary.tbx"))
    rows = list(csv.DictReader(io.StringIO((out / "summary.tsv").read_text(encoding="utf-8")), delimiter="\t"))
    assert len(rows) == summary["pairs"]


@pytest.mark.parametrize("case", _cases(fast_only=True))
def test_glossary_build(tmp_path, case):
    zh, en = CASES[case](tmp_path)
    target = tmp_path / "out" / "terms.tbx"
    result = _invoke(["glossary", "build", zh, en, "-o", target, "-q"])
    if result.exit_code != 0:
        _clean_failure(result, {2, 3}, target.parent)
        return
    etree.parse(str(target))


@pytest.mark.parametrize("case", _cases(fast_only=True))
def test_check(tmp_path, case):
    zh, en = CASES[case](tmp_path)
    glossary = tmp_path / "terms.tsv"
    glossary.write_text(GLOSSARY, encoding="utf-8")
    result = _invoke(["check", zh, en, "--glossary", glossary, "-q", "--json"])
    if result.exit_code in (0, 1):
        json.loads(result.stdout)
        return
    _clean_failure(result, {3})


# ---------------------------------------------------------------- XML glossaries and memories

TBX = ('<?xml version="1.0"?>{prolog}<martif type="TBX-Basic" xml:lang="en"><text><body>'
       '<termEntry><langSet xml:lang="zh"><tig><term>工作组{ref}</term></tig></langSet>'
       '<langSet xml:lang="en"><tig><term>Working Group</term></tig></langSet></termEntry></body></text></martif>')
TMX = ('<?xml version="1.0"?>{prolog}<tmx version="1.4"><header srclang="zh-CN"/><body><tu>'
       '<tuv xml:lang="zh-CN"><seg>工作组举行会议{ref}</seg></tuv>'
       '<tuv xml:lang="en"><seg>The Working Group met</seg></tuv></tu></body></tmx>')


@pytest.mark.parametrize("ref", ["&xxe;", "&d;"])
def test_unsafe_tbx_and_tmx_are_refused_in_one_line(tmp_path, ref):
    tbx, tmx = tmp_path / "g.tbx", tmp_path / "m.tmx"
    tbx.write_text(TBX.format(prolog=LAUGHS, ref=ref), encoding="utf-8")
    tmx.write_text(TMX.format(prolog=LAUGHS, ref=ref), encoding="utf-8")
    good_tmx = tmp_path / "good.tmx"
    good_tmx.write_text(TMX.format(prolog="", ref=""), encoding="utf-8")
    glossary = tmp_path / "terms.tsv"
    glossary.write_text(GLOSSARY, encoding="utf-8")
    for args in (["check", "--tmx", good_tmx, "--glossary", tbx], ["check", "--tmx", tmx, "--glossary", glossary],
                 ["glossary", "build", tmx, "-o", tmp_path / "out" / "t.tbx"],
                 ["glossary", "build", good_tmx, "--seed", tbx, "-o", tmp_path / "out" / "t.tbx"]):
        result = _invoke(args)
        _clean_failure(result, {3}, tmp_path / "out")
        assert "entit" in result.stderr and "root:" not in result.output


# ---------------------------------------------------------------- names and vanishing files

def test_unsafe_names(tmp_path):
    zh, en = _pair(tmp_path, ZH_TEXT, stem="odd\tname\nwith breaks")
    out = tmp_path / "out"
    for name in ("../escape", "/etc/passwd", "a/../../b", "..", "x\0y"):
        _clean_failure(_invoke(["run", zh, en, "-o", out, "--name", name, "-q"]), {2}, out)
    assert not (tmp_path / "escape.tmx").exists()
    assert _invoke(["run", zh, en, "-o", out, "-q"]).exit_code == 0  # an odd file name is still a file name
    assert len(list(out.iterdir())) == 5  # .tmx .jsonl .align .html .meta.json
    other = _pair(tmp_path, ZH_TEXT + "\n", stem="other\x01")  # a different pair: its own store key
    manifest = tmp_path / "pairs.csv"
    with manifest.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([("zh", "en", "name"), (zh, en, "../../escape"), (*other, "line\nbreak\tx")])
    result = _invoke(["batch", manifest, "-o", tmp_path / "batch", "-q", "--no-glossary", "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "batch").iterdir()) == ["align-store.sqlite", "corpus.tmx",
                                                                       "summary.tsv"]
    rows = (tmp_path / "batch" / "summary.tsv").read_text(encoding="utf-8").splitlines()
    assert len(rows) == 3 and all(len(row.split("\t")) == 7 for row in rows)


def test_a_file_that_vanishes_while_it_is_read(tmp_path, monkeypatch):
    from align.readers import detect

    zh, en = _pair(tmp_path, ZH_TEXT)
    real = detect.detect

    def vanishing(path):
        fmt = real(path)
        Path(path).unlink()
        return fmt

    monkeypatch.setattr(detect, "detect", vanishing)
    _clean_failure(_invoke(["run", zh, en, "-o", tmp_path / "out", "-q"]), {3}, tmp_path / "out")


def test_exit_codes_in_the_readme_match_the_errors():
    """The README's table lists the codes the code uses (errors.py, batch, check)."""
    from align.errors import INTERNAL, INTERRUPTED, SOME_FAILED, AlignError, InputError, LowConfidence

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("| exit |"):]
    table = table[: table.index("\n\n")]
    codes = {int(line.split("|")[1]) for line in table.splitlines()[2:]}
    assert codes == {0, 1, AlignError.exit_code, InputError.exit_code, LowConfidence.exit_code, SOME_FAILED,
                     INTERNAL, INTERRUPTED}

