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
