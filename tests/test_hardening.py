"""Regression tests for issue 8: bounded archives, safe XML, output modes and names, folders as
inputs, disk errors, doctype remnants, one clean text in every output, Ctrl-C on a batch."""
from __future__ import annotations

import errno
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

import hostile_files as hf
from align.cli import main
from align.errors import InputError
from align.formats import atomic
from align.pipeline import read_document
from conftest import UN, UN_STEMS, default_sigint

REPO = Path(__file__).resolve().parent.parent
EN = UN / f"{UN_STEMS[0]}.en.txt"
ZH = UN / f"{UN_STEMS[0]}.zh.txt"


def _run(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args])


def _refused(result, code: int, *words: str) -> str:
    """The run failed with `code`, one line on stderr naming `words`, no traceback."""
    assert result.exit_code == code, (result.exit_code, result.output)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.output, result.output
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


# ---------------------------------------------------------------- archives

def test_zip_bomb_is_refused_at_once_with_little_memory(tmp_path):
    bomb = hf.docx_bomb(tmp_path / "bomb.docx")
    assert bomb.stat().st_size < 4 * 2**20
    start = time.process_time()
    with pytest.raises(InputError, match=r"word/document\.xml would inflate to 3\.0 GB \(limit .*\); "
                                         r"refusing a possible zip bomb"):
        read_document(bomb, "zh")
    assert time.process_time() - start < 0.5
    # VmHWM, not ru_maxrss: Linux keeps ru_maxrss across exec, so a child of a large pytest
    # process would report its parent's peak.
    probe = ("import re, sys; from align.pipeline import read_document\n"
             "try: read_document(sys.argv[1], 'zh', 'docx')\n"
             "except Exception as err: print(type(err).__name__)\n"
             "print(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1))")
    done = subprocess.run([sys.executable, "-c", probe, str(bomb)], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=60)
    kind, peak_kb = done.stdout.split()
    assert kind == "InputError" and int(peak_kb) < 300 * 1024


def test_zip_bomb_through_the_cli_leaves_nothing(tmp_path):
    result = _run("run", hf.docx_bomb(tmp_path / "bomb.docx"), EN, "-o", tmp_path / "out", "-q")
    _refused(result, 3, "bomb.docx", "refusing a possible zip bomb")
    assert not (tmp_path / "out").exists()


def _docx_with(tmp_path: Path, *extra: hf.Member, document: str | None = None) -> Path:
    return hf.docx(tmp_path / "in.docx", document or hf.document_xml(["贩运人口问题工作组。"]), list(extra))


@pytest.mark.parametrize("case, words", [
    ("ratio", ["inflate", "times", "zip bomb"]),
    ("members", ["members", "zip bomb"]),
    ("overlap", ["overlaps", "zip bomb"]),
    ("encrypted", ["encrypted", "password"]),
    ("outside", ["truncated"]),
])
def test_hostile_zip_directories_are_refused(tmp_path, case, words):
    if case == "ratio":  # 64 MB from 64 KB: under the size limits, over the ratio
        path = _docx_with(tmp_path, hf.inflating_member("word/media/x.bin", b"", b"\0" * 2**20, 64, b""))
    elif case == "members":
        path = _docx_with(tmp_path, *[hf.deflated(f"word/x{k}.xml", b"") for k in range(10_001)])
    elif case == "overlap":  # two more names for the data of word/document.xml
        path = _docx_with(tmp_path, hf.deflated("a.xml", b"x" * 100), hf.deflated("b.xml", b"x" * 100, offset=0))
    elif case == "encrypted":
        path = _docx_with(tmp_path, hf.deflated("word/styles.xml", b"<x/>", flags=1))
    else:  # the directory places a member past the end of the file
        path = _docx_with(tmp_path, hf.deflated("c.xml", b"x" * 100, offset=10**6))
    for fmt in ("auto", "docx"):
        _refused(_run("run", path, EN, "-o", tmp_path / "out", "-q", "--input-format", fmt), 3, *words)
    assert not (tmp_path / "out").exists()


def test_a_directory_that_understates_a_size_cannot_make_the_read_grow(tmp_path):
    real = hf.inflating_member("word/document.xml", b"<w:document>", b"a" * 2**20, 200, b"</w:document>")
    lying = hf.Member(real.name, real.data, real.crc, 1000)  # says 1000 bytes, inflates to 200 MB
    path = hf.write_zip(tmp_path / "lie.docx", [hf.deflated("[Content_Types].xml", hf.CONTENT_TYPES.encode()),
                                                 hf.deflated("_rels/.rels", hf.RELS.encode()), lying])
    _refused(_run("run", path, EN, "-o", tmp_path / "out", "-q"), 3, "damaged")


def test_truncated_and_foreign_zips(tmp_path):
    good = _docx_with(tmp_path)
    cut = tmp_path / "cut.docx"
    cut.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    _refused(_run("run", cut, EN, "-q"), 3, "damaged or truncated")
    sheet = hf.write_zip(tmp_path / "book.docx", [hf.deflated("xl/workbook.xml", b"<workbook/>")])
    _refused(_run("run", sheet, EN, "-q"), 3, "an Excel workbook")
    plain = hf.write_zip(tmp_path / "a.docx", [hf.deflated("notes.txt", b"hello")])
    _refused(_run("run", plain, EN, "-q"), 3, "not a Word or OpenDocument text")
    spreadsheet = hf.write_zip(tmp_path / "b.odt", [hf.deflated("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"),
                                                    hf.deflated("content.xml", b"<office:document-content/>")])
    _refused(_run("run", spreadsheet, EN, "-q"), 3, "an OpenDocument spreadsheet, not a text")


def test_a_nested_zip_is_never_opened(tmp_path):
    inner = hf.docx_bomb(tmp_path / "inner.zip", gib=1).read_bytes()
    path = _docx_with(tmp_path, hf.deflated("word/embeddings/inner.zip", inner))
    document = read_document(path, "zh")
    assert [p.text for p in document.paragraphs] == ["贩运人口问题工作组。"]


def test_an_encrypted_office_file_is_named_as_such(tmp_path):
    ole = tmp_path / "secret.docx"  # Office keeps an encrypted .docx inside an OLE compound file
    ole.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1000 + "EncryptedPackage".encode("utf-16-le"))
    _refused(_run("run", ole, EN, "-q"), 3, "password-protected")


# ---------------------------------------------------------------- XML from outside

XXE = '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
LAUGHS = ('<!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
          '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>')


@pytest.mark.parametrize("prolog, reference", [(XXE, "&xxe;"), (LAUGHS, "&d;")])
def test_docx_entities_are_never_expanded(tmp_path, prolog, reference):
    path = _docx_with(tmp_path, document=hf.document_xml([f"会议 {reference} 开幕。"], prolog))
    line = _refused(_run("run", path, EN, "-q"), 3, "entities")
    assert "root:" not in line


def test_docx_footnotes_part_is_parsed_safely(tmp_path):
    from align.readers.xmlsafe import XMLProblem, parse_xml_bytes

    with pytest.raises(XMLProblem, match="entities"):
        parse_xml_bytes(f'<?xml version="1.0"?>{XXE}<w:footnotes xmlns:w="{hf.W_NS}">&xxe;</w:footnotes>'.encode(),
                        "word/footnotes.xml")


def test_html_entities_and_internal_subsets_stay_inert(tmp_path):
    page = tmp_path / "page.html"
    page.write_text('<!DOCTYPE html [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
                    '<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
                    "<html><body><p>The meeting &b; opened &x;.</p><p>Second.</p></body></html>", encoding="utf-8")
    texts = [p.text for p in read_document(page, "en").paragraphs]
    assert texts == ["The meeting &b; opened &x;.", "Second."]


# ---------------------------------------------------------------- output files

def test_outputs_get_the_mode_open_would_give(tmp_path):
    old = os.umask(0o022)
    try:
        atomic.write_all({tmp_path / "a.txt": "x", tmp_path / "b.bin": b"y"})
        atomic.write_atomic(tmp_path / "c.tbx", "z")
        modes = {p.name: p.stat().st_mode & 0o777 for p in tmp_path.iterdir()}
        assert modes == {"a.txt": 0o644, "b.bin": 0o644, "c.tbx": 0o644}
        os.umask(0o077)
        atomic.write_atomic(tmp_path / "d.txt", "z")
        assert (tmp_path / "d.txt").stat().st_mode & 0o777 == 0o600
        (tmp_path / "a.txt").chmod(0o640)
        atomic.write_atomic(tmp_path / "a.txt", "again")  # an existing file keeps its mode
        assert (tmp_path / "a.txt").stat().st_mode & 0o777 == 0o640
    finally:
        os.umask(old)
    assert not list(tmp_path.glob(".*.tmp"))


def test_run_outputs_respect_the_umask(tmp_path):
    old = os.umask(0o002)
    try:
        assert _run("run", ZH, EN, "-o", tmp_path, "-q").exit_code == 0
    finally:
        os.umask(old)
    assert {p.stat().st_mode & 0o777 for p in tmp_path.iterdir()} == {0o664}


@pytest.mark.parametrize("name", ["../x", "a/b", "..", "a\\b", ""])
def test_run_name_must_stay_inside_the_output_folder(tmp_path, name):
    out = tmp_path / "out"
    _refused(_run("run", ZH, EN, "-o", out, "--name", name, "-q"), 2, "--name")
    assert not list(tmp_path.rglob("*.tmx"))


def test_folders_and_dangling_links_as_inputs_are_one_line_exit_3(tmp_path):
    _refused(_run("run", tmp_path, EN, "-q"), 3, "is a folder")
    _refused(_run("run", ZH, tmp_path, "-q", "--input-format", "text"), 3, "is a folder")
    loop = tmp_path / "loop.txt"
    loop.symlink_to(tmp_path / "loop2.txt")
    (tmp_path / "loop2.txt").symlink_to(loop)
    _refused(_run("run", loop, EN, "-q"), 3, "symbolic link")


def test_a_full_disk_error_names_the_file(tmp_path, monkeypatch):
    real_fdopen = os.fdopen

    class Full:
        def __init__(self, handle):
            self.file = real_fdopen(handle, "wb")

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.file.close()

        def write(self, data):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))  # as write(2) reports it: no file name

    monkeypatch.setattr(atomic.os, "fdopen", lambda handle, mode: Full(handle))
    line = _refused(_run("run", ZH, EN, "-o", tmp_path, "-q"), 3, "No space left on device")
    assert line == f"align: error: {tmp_path}/{UN_STEMS[0]}.tmx: No space left on device"
    assert not list(tmp_path.iterdir())
    units = REPO / "tests" / "data" / "glossary" / "001_dd72bde6d4dd5ad3.para.jsonl"
    line = _refused(_run("glossary", "build", units, "-o", tmp_path / "terms.tbx", "-q"), 3, "No space")
    assert line == f"align: error: {tmp_path}/terms.tbx: No space left on device"
    assert not list(tmp_path.iterdir())


def test_a_real_write_error_names_the_file(tmp_path):
    """A file-size limit makes write(2) fail for real (EFBIG), as a full disk would."""
    script = ("import resource, signal, sys\n"
              "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
              "resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))\n"
              "from align.cli import main\n"
              "sys.argv = ['align'] + sys.argv[1:]\n"
              "main()\n")
    done = subprocess.run([sys.executable, "-c", script, "run", str(ZH), str(EN), "-o", str(tmp_path), "-q"],
                          capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=120)
    assert done.returncode == 3, done.stderr
    assert done.stderr.count("\n") == 1 and f"{tmp_path}/{UN_STEMS[0]}." in done.stderr
    assert "File too large" in done.stderr and not list(tmp_path.iterdir())


# ---------------------------------------------------------------- text

def test_doctype_remnants_never_become_units(tmp_path):
    pasted = tmp_path / "pasted.txt"
    pasted.write_text('<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN"\n'
                      '  "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">\n'
                      "The meeting opened.\n\n<?xml version=\"1.0\"?>\nIt closed.\n", encoding="utf-8")
    assert [p.text for p in read_document(pasted, "en", "text").paragraphs] == ["The meeting opened.", "It closed."]
    page = tmp_path / "page.html"
    page.write_text("<!DOCTYPE html>\n<!DOCTYPE html [\n<!ATTLIST p x CDATA #IMPLIED>\n]>\n"
                    "<html><body><p>The meeting opened.</p></body></html>", encoding="utf-16")
    assert [p.text for p in read_document(page, "en").paragraphs] == ["The meeting opened."]


def test_every_output_shows_the_same_clean_text(tmp_path):
    zh, en = tmp_path / "a.zh.txt", tmp_path / "a.en.txt"
    zh.write_text("# 报告\n\n1. 工作组于**2019年**举行了<b>第九次</b>会议。<sup>1</sup>\n\n"
                  "2. 会议审议了[议程](#)。\n\n<sup>1</sup> 见CTOC/COP/WG.4/2019/1。\n", encoding="utf-8")
    en.write_text("# Report\n\n1. The Working Group held its <b>ninth</b> meeting in **2019**.<sup>1</sup>\n\n"
                  "2. The meeting considered the [agenda](#).\n\n<sup>1</sup> See CTOC/COP/WG.4/2019/1.\n",
                  encoding="utf-8")
    assert _run("run", zh, en, "-o", tmp_path / "out", "--level", "paragraph", "-q").exit_code == 0
    units = [json.loads(line) for line in (tmp_path / "out" / "a.jsonl").read_text(encoding="utf-8").splitlines()]
    jsonl_en = [t for u in units for t in u["en"]]
    tmx = etree.parse(str(tmp_path / "out" / "a.tmx"))
    tmx_en = [seg.text for seg in tmx.iterfind(".//tuv[@{http://www.w3.org/XML/1998/namespace}lang='en']/seg")]
    page = etree.parse(str(tmp_path / "out" / "a.html"), etree.HTMLParser())
    html_en = [div.text for div in page.iterfind(".//td[@lang='en']/div")]
    assert jsonl_en == tmx_en == html_en
    assert jsonl_en == ["Report", "1. The Working Group held its ninth meeting in 2019.¹",  # the note follows
                        "¹ See CTOC/COP/WG.4/2019/1.", "2. The meeting considered the agenda."]  # what cites it
    footnote = next(u for u in units if u["en"] == ["¹ See CTOC/COP/WG.4/2019/1."])
    assert footnote["label"] == "1" and footnote["zh"] == ["¹ 见CTOC/COP/WG.4/2019/1。"]


# ---------------------------------------------------------------- Ctrl-C

def test_ctrl_c_on_run_exits_130_in_one_line_and_writes_nothing(tmp_path, monkeypatch):
    import align.pipeline

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(align.pipeline, "align_pair", interrupted)  # run imports it when it runs
    _refused(_run("run", ZH, EN, "-o", tmp_path / "out", "-q"), 130, "interrupted")
    assert not (tmp_path / "out").exists()


def test_ctrl_c_never_lands_between_two_renames(tmp_path, monkeypatch):
    real_replace, renamed = os.replace, []

    def replace_and_interrupt(source, target):
        real_replace(source, target)
        renamed.append(target)
        if len(renamed) == 1:
            os.kill(os.getpid(), signal.SIGINT)  # arrives while the first file is being renamed

    monkeypatch.setattr(atomic.os, "replace", replace_and_interrupt)
    # Ctrl-C as an interactive Python gets it, also where the runner inherited SIGINT ignored
    # (a background job of a non-interactive shell).
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with pytest.raises(KeyboardInterrupt):
            atomic.write_all({tmp_path / "a": "1", tmp_path / "b": "2", tmp_path / "c": "3"})
    finally:
        signal.signal(signal.SIGINT, previous)
    assert len(renamed) == 3 and sorted(p.name for p in tmp_path.iterdir()) == ["a", "b", "c"]


def test_ctrl_c_stops_a_batch_at_once_and_the_store_resumes(tmp_path):
    source = tmp_path / "in"
    source.mkdir()
    pairs = 40  # of the smallest UN document, each file slightly different: enough to be still running
    for k in range(pairs):
        for lang, path in (("zh", ZH), ("en", EN)):
            (source / f"p{k}.{lang}.txt").write_text(path.read_text(encoding="utf-8") + "\n" * k, encoding="utf-8")
    out = tmp_path / "out"
    command = [sys.executable, "-m", "align", "batch", str(source), "-o", str(out), "--no-glossary", "--workers", "2"]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    batch = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                             start_new_session=True, preexec_fn=default_sigint)
    for line in batch.stderr:  # wait until the workers are busy: the first pair is done
        if line.startswith("align: [1/"):
            break
    os.killpg(batch.pid, signal.SIGINT)  # as Ctrl-C does: to the parent and its workers
    start = time.monotonic()
    _, rest = batch.communicate(timeout=30)
    assert time.monotonic() - start < 10  # about 1 s on an idle machine
    assert batch.returncode == 130
    assert rest.strip().splitlines() == [
        "align: interrupted: the pairs finished so far are in the store; run again to resume"]
    db = sqlite3.connect(out / "align-store.sqlite")
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    done = db.execute("SELECT COUNT(*) FROM pairs WHERE status = 'aligned'").fetchone()[0]
    db.close()
    assert 1 <= done < pairs
    again = subprocess.run(command + ["--json"], env=env, capture_output=True, text=True, timeout=300)
    summary = json.loads(again.stdout)
    assert again.returncode == 0 and summary["skipped"] == done and summary["aligned"] == pairs - done
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]
