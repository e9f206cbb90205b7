"""Files as users make them, found by red-teaming as a new user (issue 13): Big5 and BOM-less
UTF-16 Chinese, RTF, password-protected PDFs, outputs in the way of folders, batch manifests
that list a pair twice, ODT in batch folders, damaged batch stores, TBX v3 in DCT style."""
from __future__ import annotations

from pathlib import Path

import opencc
import pytest
from click.testing import CliRunner

from align.cli import main
from align.readers.encoding import decode

ZH = "1. 工作组于2019年9月9日至11日在维也纳举行了第九次会议。\n\n2. 会议审议了打击贩运人口的国家做法。\n"
EN = ("1. The Working Group held its ninth meeting in Vienna from 9 to 11 September 2019.\n\n"
      "2. The meeting considered national practices in combating trafficking in persons.\n")


def _run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def _refused(result, code: int, words: str) -> None:
    """One line on stderr naming `words`, exit `code`."""
    assert result.exit_code == code, result.output
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("align: error: "), result.stderr
    assert words in result.stderr, result.stderr


# ---------------------------------------------------------------- encodings

def test_big5_is_read_as_big5_not_as_gb18030_mojibake():
    """Big5 bytes are valid GB18030 too: they were aligned as mojibake (工作組 as 舱...), exit 0."""
    traditional = opencc.OpenCC("s2t").convert(ZH)
    assert decode(traditional.encode("cp950"), "zh") == traditional
    assert decode(traditional.encode("gb18030"), "zh") == traditional
    assert decode(ZH.encode("gb18030"), "zh") == ZH


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_chinese_utf16_without_bom(encoding):
    """Mostly Chinese text has too few NULs for the NUL pattern: it was 'a binary file'."""
    assert decode(ZH.encode(encoding), "zh") == ZH


# ---------------------------------------------------------------- formats that are not read

def test_rtf_is_refused_not_aligned_as_markup(tmp_path):
    """Word's and WordPad's RTF was read as text: its control words aligned, exit 0."""
    (tmp_path / "a.zh.txt").write_text(ZH, encoding="utf-8")
    rtf = tmp_path / "a.en.docx"  # renamed, as users do: the content decides
    rtf.write_text("{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 Times;}}\\pard " + EN.replace("\n", "\\par\n") + "}")
    _refused(_run("run", tmp_path / "a.zh.txt", rtf, "-o", tmp_path / "out", "-q"), 3, "an RTF file")
    assert not (tmp_path / "out").exists()


def test_a_password_protected_pdf_is_named_as_such(tmp_path):
    """It was 'a damaged PDF (PdfminerException)'."""
    from reportlab.pdfgen import canvas

    (tmp_path / "a.zh.txt").write_text(ZH, encoding="utf-8")
    pdf = canvas.Canvas(str(tmp_path / "a.en.pdf"), encrypt="secret")
    pdf.drawString(72, 720, EN.splitlines()[0])
    pdf.save()
    _refused(_run("run", tmp_path / "a.zh.txt", tmp_path / "a.en.pdf", "-o", tmp_path / "out", "-q"), 3,
             "a password-protected PDF")


# ---------------------------------------------------------------- outputs

def _pair(folder: Path) -> tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    zh, en = folder / "a.zh.txt", folder / "a.en.txt"
    zh.write_text(ZH, encoding="utf-8")
    en.write_text(EN, encoding="utf-8")
    return zh, en


def test_a_folder_in_the_way_of_an_output_leaves_the_other_outputs_untouched(tmp_path):
    """The renames ran until the folder's: a.tmx, .jsonl, .align were written and the run failed."""
    (tmp_path / "out" / "a.meta.json").mkdir(parents=True)
    _refused(_run("run", *_pair(tmp_path), "-o", tmp_path / "out", "-q"), 3, "a.meta.json: is a folder")
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["a.meta.json"]


def test_a_file_in_the_way_of_the_output_folder_is_named(tmp_path):
    """It was 'FILE: File exists'."""
    (tmp_path / "file").write_text("x")
    result = _run("glossary", "build", _pair(tmp_path)[0].parent, "-o", tmp_path / "file" / "t.tbx", "-q")
    _refused(result, 3, "file: is a file, not a folder")


# ---------------------------------------------------------------- batch

def test_a_manifest_listing_the_same_files_twice(tmp_path):
    """The store keeps one pair per content: both rows showed the last name, the first name
    vanished and corpus.tmx held the units twice. Now the repeat fails, naming the first."""
    zh, en = _pair(tmp_path)
    (tmp_path / "m.csv").write_text(f"zh,en,name\n{zh},{en},one\n{zh},{en},two\n", encoding="utf-8")
    result = _run("batch", tmp_path / "m.csv", "-o", tmp_path / "out", "--workers", "1", "--no-glossary", "-q")
    assert result.exit_code == 5, result.output
    assert [line.split("\t")[:2] for line in (tmp_path / "out" / "summary.tsv").read_text().splitlines()[1:]] == \
        [["one", "aligned"], ["two", "failed"]]
    assert "same two files (by content) as pair 'one'" in result.stdout
    assert (tmp_path / "out" / "corpus.tmx").read_text().count("<tu ") == 2


def test_odt_pairs_in_a_folder_are_found(tmp_path):
    """`align run` reads .odt; `align batch` and `glossary build` on a folder did not see it."""
    from align.corpus import pairs_in_folder

    for lang in ("zh", "en"):
        (tmp_path / f"x.{lang}.odt").write_bytes(b"")
    assert [(p.name, p.zh.name, p.en.name) for p in pairs_in_folder(tmp_path)] == [("x", "x.zh.odt", "x.en.odt")]


def test_a_damaged_alignment_in_the_store_is_one_line_exit_3(tmp_path):
    """A store edited by hand or by another program: it was an internal error (KeyError), exit 70."""
    import sqlite3

    _pair(tmp_path / "in")
    args = ("batch", tmp_path / "in", "-o", tmp_path / "out", "--workers", "1", "--no-glossary", "-q")
    assert _run(*args).exit_code == 0
    with sqlite3.connect(tmp_path / "out" / "align-store.sqlite") as db:
        db.execute("UPDATE alignments SET data = '{\"x\": 1}'")
        db.execute("DELETE FROM exports")
    _refused(_run(*args), 3, "a damaged alignment in the batch store")


# ---------------------------------------------------------------- glossaries from other tools

DCT = """<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dct" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2"
     xmlns:basic="http://www.tbxinfo.net/ns/basic" xmlns:min="http://www.tbxinfo.net/ns/min">
<tbxHeader><fileDesc><sourceDesc><p>by hand</p></sourceDesc></fileDesc></tbxHeader>
<text><body><conceptEntry id="c1">
 <langSec xml:lang="zh"><termSec><term>工作组</term><min:partOfSpeech>noun</min:partOfSpeech></termSec></langSec>
 <langSec xml:lang="en">
  <termSec><term>Working Group</term><basic:administrativeStatus>preferredTerm-admn-sts</basic:administrativeStatus></termSec>
  <termSec><term>meeting</term><basic:administrativeStatus>deprecatedTerm-admn-sts</basic:administrativeStatus></termSec>
 </langSec>
</conceptEntry></body></text></tbx>
"""


def test_tbx_v3_dct_statuses_are_read(tmp_path):
    """TBX v3 in DCT style (MultiTerm's export) writes data categories as elements: a deprecated
    term was read as preferred, so check accepted it instead of flagging it."""
    from glossary.formats.tbx import read

    (tmp_path / "g.tbx").write_text(DCT, encoding="utf-8")
    entry = read(tmp_path / "g.tbx").entries[0]
    assert [(t.text, t.status) for t in entry.en] == [("Working Group", "preferred"), ("meeting", "deprecated")]
    assert entry.zh[0].pos == "noun"
    result = _run("check", *_pair(tmp_path), "--glossary", tmp_path / "g.tbx")
    assert result.exit_code == 1 and "deprecated term 'meeting'" in result.stdout, result.output


def test_tmx_native_codes_are_not_text(tmp_path):
    """A CAT tool's TMX keeps formatting as native code in <bpt>/<ept>/<ph>: it was read as text
    ('1. {b}工作组{/b}…'), so check and glossary build saw the codes inside the terms."""
    from align.formats.tmx import read

    (tmp_path / "m.tmx").write_text(
        '<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header srclang="zh-CN"/><body><tu>'
        '<tuv xml:lang="zh-CN"><seg>1. <bpt i="1">&lt;cf bold="True"&gt;</bpt>工作<ph x="2">{1}</ph>组'
        '<ept i="1">&lt;/cf&gt;</ept>举行了会议。</seg></tuv>'
        '<tuv xml:lang="en-US"><seg>1. The <hi type="b">Working Group</hi> met.<it pos="end">{/b}</it></seg></tuv>'
        '</tu></body></tmx>', encoding="utf-8")
    unit = read(tmp_path / "m.tmx")[0]
    assert (unit.zh, unit.en) == (("1. 工作组举行了会议。",), ("1. The Working Group met.",))


@pytest.mark.parametrize("encoding", ["utf-16", "gb18030", "utf-8-sig"])
def test_a_glossary_table_saved_by_a_spreadsheet(tmp_path, encoding):
    """Excel saves 'Unicode text' as UTF-16 and CSV on Chinese Windows as GB18030: both were
    'cannot read (utf-8 codec can't decode …)'."""
    from glossary.formats.tsv import read

    table = "zh\ten\r\n工作组\tWorking Group\r\n受害人\tvictims\r\n"
    (tmp_path / "g.tsv").write_bytes(table.encode(encoding))
    assert [(e.zh[0].text, e.en[0].text) for e in read(tmp_path / "g.tsv").entries] == \
        [("工作组", "Working Group"), ("受害人", "victims")]


@pytest.mark.parametrize("encoding", ["utf-16", "gb18030"])
def test_a_manifest_saved_by_a_spreadsheet(tmp_path, encoding):
    """A manifest of Chinese file names saved by Excel (UTF-16 or GB18030) was 'cannot read the manifest'."""
    from align.corpus import pairs_from_manifest

    (tmp_path / "m.csv").write_bytes("zh,en,name\r\n报告.zh.txt,报告.en.txt,报告\r\n".encode(encoding))
    assert [(p.name, p.zh.name, p.en.name) for p in pairs_from_manifest(tmp_path / "m.csv")] == \
        [("报告", "报告.zh.txt", "报告.en.txt")]


def test_check_ignore_file_as_notepad_saves_it_and_as_a_device(tmp_path):
    """`--ignore /dev/zero` read until memory ran out (the process was killed); a UTF-8 BOM (Notepad)
    made the first id '\\ufeffID', which matched nothing."""
    import json

    (tmp_path / "g.tsv").write_text("zh\ten\n工作组\tTask Force\n", encoding="utf-8")
    args = ("check", *_pair(tmp_path), "--glossary", tmp_path / "g.tsv", "-q")
    found = _run(*args, "--json")
    issue = json.loads(found.stdout)["issues"][0]["id"]
    (tmp_path / "ignore.txt").write_text(f"{issue} a false positive\n", encoding="utf-8-sig")
    assert _run(*args, "--ignore", tmp_path / "ignore.txt").exit_code == 0
    _refused(_run(*args, "--ignore", "/dev/zero"), 3, "not a regular file")


def test_outputs_to_devices_pipes_and_links(tmp_path):
    """`--html /dev/stdout` renamed a file over the /dev/stdout link (as root; others got 'Permission
    denied'), and a link in -o was replaced by a file. Now devices and pipes are refused in one line
    and links are written through, as open() does."""
    import os

    zh, en = _pair(tmp_path)
    (tmp_path / "g.tsv").write_text("zh\ten\n工作组\tWorking Group\n", encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.html")
    (tmp_path / "device.html").symlink_to("/dev/null")
    for name in ("pipe.html", "device.html"):
        result = _run("check", zh, en, "--glossary", tmp_path / "g.tsv", "-q", "--html", tmp_path / name)
        assert result.exit_code == 3 and "not a regular file" in result.stderr, result.output
    assert os.path.islink(tmp_path / "device.html") and Path("/dev/null").is_char_device()
    (tmp_path / "real.html").write_text("old")
    (tmp_path / "link.html").symlink_to("real.html")
    assert _run("check", zh, en, "--glossary", tmp_path / "g.tsv", "-q", "--html", tmp_path / "link.html").exit_code == 0
    assert (tmp_path / "link.html").is_symlink() and "<html" in (tmp_path / "real.html").read_text()


def test_a_pdf_with_text_beyond_the_page_edge(tmp_path):
    """Lines running off the right edge of the page (cut off by the viewer): the column finder
    indexed past its strip table, an internal error (IndexError), exit 70."""
    from reportlab.pdfgen import canvas

    from align.pipeline import read_document

    lines = [line for line in EN.splitlines() if line]
    pdf = canvas.Canvas(str(tmp_path / "a.en.pdf"))
    for k in range(12):
        pdf.drawString(72, 700 - 14 * k, f"{lines[k % 2]} {lines[(k + 1) % 2]}")
    pdf.save()
    assert len(read_document(tmp_path / "a.en.pdf", "en").paragraphs) >= 2


def test_a_pdf_set_in_a_font_too_small_to_measure(tmp_path):
    """Text in a 0.0001 pt font (a hidden text layer): its size rounds to 0.0 and the paragraph
    gaps were divided by it (ZeroDivisionError, exit 70)."""
    from reportlab.pdfgen import canvas

    from align.pipeline import read_document

    pdf = canvas.Canvas(str(tmp_path / "a.en.pdf"))
    for k, line in enumerate(EN.splitlines() * 4):
        text = pdf.beginText(72, 700 - 14 * k)
        text.setFont("Helvetica", 0.0001)
        text.textLine(line)
        pdf.drawText(text)
    pdf.save()
    assert read_document(tmp_path / "a.en.pdf", "en").paragraphs


@pytest.mark.parametrize("width, x", [(1e9, 999_999_000), (-1e9, 72)], ids=["a-billion-points-wide", "negative-width"])
def test_pdf_media_boxes_from_outside(tmp_path, width, x):
    """A media box 10^9 points wide, either way: the column finder made a table of its width (8 GB:
    MemoryError, or all the machine's memory); left of x = 0, every line ended there (IndexError)."""
    from reportlab.pdfgen import canvas

    from align.pipeline import read_document

    pdf = canvas.Canvas(str(tmp_path / "a.en.pdf"), pagesize=(width, 842))
    for k, line in enumerate(EN.splitlines() * 4):
        pdf.drawString(x if k % 2 else 72, 700 - 14 * k, line)
    pdf.save()
    assert read_document(tmp_path / "a.en.pdf", "en").paragraphs


def test_other_packages_log_records_are_not_printed(tmp_path):
    """pdfminer logs 'Invalid MediaBox in /Page, defaulting to US Letter'; with no handler configured,
    logging's last resort printed it raw on stderr beside the one error line (a process of its own:
    pytest's log capture would hide it)."""
    import os
    import subprocess
    import sys

    from test_redteam import _CATALOG, _pdf

    (tmp_path / "a.pdf").write_bytes(_pdf(_CATALOG, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                                          b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 1e12 842] >>"))
    repo = Path(__file__).resolve().parent.parent
    done = subprocess.run([sys.executable, "-m", "align", "run", tmp_path / "a.pdf", _pair(tmp_path)[1], "-o",
                           tmp_path / "out", "-q"], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PYTHONPATH": str(repo)})
    assert done.returncode == 3 and done.stderr.splitlines() == [done.stderr.strip()], done.stderr
    assert done.stderr.startswith("align: error: "), done.stderr


def test_a_folder_with_documents_and_their_alignment_is_read_once(tmp_path):
    """`align run a.zh.txt a.en.txt` writes a.jsonl beside the documents by default (-o .): glossary
    build and check on the folder read the pair twice (the documents aligned again, and a.jsonl),
    so every frequency doubled and every issue came twice."""
    from glossary.inputs import load_units

    _pair(tmp_path)
    assert _run("run", tmp_path / "a.zh.txt", tmp_path / "a.en.txt", "-o", tmp_path, "-q").exit_code == 0
    assert len(load_units([tmp_path])) == 2


def test_a_strict_open_xml_word_file_is_named_as_such(tmp_path):
    """Word's 'Strict Open XML Document' (ISO namespaces) was 'a damaged Word file (KeyError: …)'."""
    import io
    import zipfile

    import docx

    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph(ZH.splitlines()[0])
    document.save(buffer)
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(tmp_path / "a.zh.docx", "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item).replace(
                b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
                b"http://purl.oclc.org/ooxml/officeDocument/relationships").replace(
                b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
                b"http://purl.oclc.org/ooxml/wordprocessingml/main"))
    _refused(_run("run", tmp_path / "a.zh.docx", _pair(tmp_path)[1], "-o", tmp_path / "out", "-q"), 3,
             "Strict Open XML")


def test_a_store_whose_tables_another_program_changed(tmp_path):
    """SQLite errors while the batch runs (tables of another layout under our version number, or
    a full disk) were internal errors (OperationalError), exit 70."""
    import sqlite3

    from align.batch.store import LAYOUT

    _pair(tmp_path / "in")
    with sqlite3.connect(tmp_path / "store.sqlite") as db:
        db.execute(f"PRAGMA user_version = {LAYOUT}")
        db.execute("CREATE TABLE alignments (pair TEXT)")
    result = _run("batch", tmp_path / "in", "-o", tmp_path / "out", "--store", tmp_path / "store.sqlite",
                  "--workers", "1", "--no-glossary", "-q")
    _refused(result, 3, "store.sqlite: the batch store failed")


@pytest.mark.parametrize("size", ["inf", "-inf", "infGB"])
def test_an_infinite_max_size_is_a_usage_error(tmp_path, size):
    """`--max-size inf` was an internal error (OverflowError: cannot convert float infinity to integer)."""
    result = _run("run", *_pair(tmp_path), "-o", tmp_path / "out", "-q", f"--max-size={size}")
    _refused(result, 2, "is not a size")


@pytest.mark.parametrize("option, value", [("--zh-lang", "zh\x01CN"), ("--zh-lang", "zh CN"), ("--subject", "law\x02")])
def test_glossary_options_that_xml_cannot_hold(tmp_path, option, value):
    """A control character in --zh-lang or --subject was an internal error (lxml: 'All strings must be
    XML compatible'), exit 70."""
    _pair(tmp_path)
    result = _run("glossary", "build", tmp_path, "-o", tmp_path / "g.tbx", "-q", option, value)
    _refused(result, 2, option)


def test_an_output_never_overwrites_an_input(tmp_path):
    """`align run report.html report_en.html` (default -o .) wrote its review page report.html over
    the Chinese document: the user's input was lost."""
    for name, text in (("report.html", ZH), ("report_en.html", EN)):
        body = "".join(f"<p>{paragraph}</p>" for paragraph in text.split("\n\n"))
        (tmp_path / name).write_text(f"<html><body>{body}</body></html>", encoding="utf-8")
    before = (tmp_path / "report.html").read_bytes()
    result = _run("run", tmp_path / "report.html", tmp_path / "report_en.html", "-o", tmp_path, "-q")
    _refused(result, 2, "would overwrite the input")
    assert (tmp_path / "report.html").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html", "report_en.html"]


def test_hidden_text_in_a_word_file_is_not_read(tmp_path):
    """Runs formatted as hidden (w:vanish: not shown, not printed) were aligned as text."""
    import docx
    from docx.oxml import parse_xml

    from align.pipeline import read_document

    document = docx.Document()
    paragraph = document.add_paragraph(ZH.splitlines()[0])
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    paragraph._p.append(parse_xml(f'<w:r {w}><w:rPr><w:vanish/></w:rPr><w:t>隐藏的批注</w:t></w:r>'))
    paragraph._p.append(parse_xml(f'<w:r {w}><w:rPr><w:vanish w:val="false"/></w:rPr><w:t>可见</w:t></w:r>'))
    document.save(tmp_path / "a.zh.docx")
    text = read_document(tmp_path / "a.zh.docx", "zh").paragraphs[0].text
    assert "隐藏" not in text and text.endswith("可见")


def test_review_on_a_port_in_use(tmp_path):
    """werkzeug printed 'Address already in use' and 'Port … is in use by another program …' (two
    raw lines) and exited 1, a code the table does not give `align review`."""
    import socket

    zh, en = _pair(tmp_path)
    assert _run("run", zh, en, "-o", tmp_path, "-q").exit_code == 0
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = _run("review", tmp_path / "a.jsonl", "--port", port, "--no-browser")
    _refused(result, 2, f"cannot listen on 127.0.0.1:{port}")


def test_a_meta_json_edited_by_hand(tmp_path):
    """`"settings": "x"` was an internal error (AttributeError), exit 70; a BOM (Notepad's UTF-8) was
    'not a TOML config or a .meta.json file'."""
    import json

    zh, en = _pair(tmp_path)
    (tmp_path / "bad.meta.json").write_text(json.dumps({"settings": "x"}), encoding="utf-8")
    _refused(_run("run", zh, en, "-o", tmp_path / "out", "-q", "--config", tmp_path / "bad.meta.json"), 2,
             "the settings must be a JSON object")
    (tmp_path / "bom.meta.json").write_text(json.dumps({"settings": {"level": "paragraph"}}), encoding="utf-8-sig")
    result = _run("run", zh, en, "-o", tmp_path / "out", "-q", "--config", tmp_path / "bom.meta.json", "--json")
    assert result.exit_code == 0 and json.loads(result.stdout)["level"] == "paragraph", result.output


def test_raised_digits_in_a_word_file_are_footnote_marks(tmp_path):
    """LibreOffice writes an HTML <sup>1</sup> into DOCX as raised text (w:position), not as
    vertAlign=superscript: the mark was read as a plain '1' glued to the sentence ('经验。1')."""
    import docx
    from docx.oxml import parse_xml

    from align.pipeline import read_document

    document = docx.Document()
    paragraph = document.add_paragraph(ZH.splitlines()[0])
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    paragraph._p.append(parse_xml(f'<w:r {w}><w:rPr><w:position w:val="8"/><w:sz w:val="19"/></w:rPr><w:t>1</w:t></w:r>'))
    document.save(tmp_path / "a.zh.docx")
    assert read_document(tmp_path / "a.zh.docx", "zh").paragraphs[0].text.endswith("会议。<sup>1</sup>")
