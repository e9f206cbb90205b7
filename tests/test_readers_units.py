"""Reader details: Word numbering and footnotes, tables in place, HTML breaks, format detection, bad files."""
from __future__ import annotations

from pathlib import Path

import docx
import pytest

from align.errors import InputError
from align.model import FOOTNOTE, HEADING, ITEM, TABLE_ROW
from align.pipeline import read_document
from align.readers.detect import detect
from align.readers import format_number


def _word(tmp_path: Path) -> Path:
    """A Word file with numbered and bulleted lists, a heading, a table between paragraphs."""
    out = docx.Document()
    out.add_heading("Annotations", level=1)
    out.add_paragraph("First numbered paragraph.", style="List Number")
    out.add_paragraph("Second numbered paragraph.", style="List Number")
    out.add_paragraph("A bullet", style="List Bullet")
    table = out.add_table(rows=2, cols=3)
    for row, cells in zip(table.rows, [("10 a.m.", "1", "Opening"), ("", "2", "Adoption")]):
        for cell, value in zip(row.cells, cells):
            cell.text = value
    out.add_paragraph("After the table.")
    path = tmp_path / "doc.docx"
    out.save(str(path))
    return path


def test_docx_numbering_tables_and_order(tmp_path: Path) -> None:
    paragraphs = read_document(_word(tmp_path), "en").paragraphs
    assert [(p.text, p.label, p.kind) for p in paragraphs] == [
        ("Annotations", "", HEADING),
        ("1. First numbered paragraph.", "1.", "body"),
        ("2. Second numbered paragraph.", "2.", "body"),
        ("A bullet", "", ITEM),
        ("10 a.m.\t1\tOpening", "", TABLE_ROW),
        ("2\tAdoption", "", TABLE_ROW),
        ("After the table.", "", "body"),
    ]
    assert all(p.sentences for p in paragraphs)


def test_word_number_formats() -> None:
    assert [format_number(n, "lowerLetter") for n in (1, 2, 27)] == ["a", "b", "aa"]
    assert format_number(4, "upperRoman") == "IV"
    assert [format_number(n, "chineseCounting") for n in (3, 10, 12, 23)] == ["三", "十", "十二", "二十三"]


def test_docx_footnotes_follow_their_paragraph(tmp_path: Path) -> None:
    from convert import to_docx

    from align.model import Paragraph, Segmented

    source = Segmented("en", [Paragraph("The meeting opens at 10 a.m.<sup>1</sup>"),
                             Paragraph("<sup>1</sup> Times may change.", "1", FOOTNOTE),
                             Paragraph("Next paragraph.")])
    to_docx(source, tmp_path / "notes.docx")
    read = read_document(tmp_path / "notes.docx", "en").paragraphs
    assert [(p.text, p.kind) for p in read] == [
        ("The meeting opens at 10 a.m.<sup>1</sup>", "body"), ("<sup>1</sup> Times may change.", FOOTNOTE),
        ("Next paragraph.", "body")]


def test_html_blocks_breaks_tables_and_furniture(tmp_path: Path) -> None:
    page = tmp_path / "page.htm"
    page.write_text(
        "<!DOCTYPE html><html><head><title>t</title><style>p{}</style></head><body>"
        "<header>CTOC/COP/WG.4/2019/1</header><h1>临时议程</h1>"
        "<p>贩运人口问题工作组第九次会议将于<br>2019 年 9 月 9 日开幕。<sup>1</sup></p>"
        "<div>12. First line<br>second line</div>"
        "<table><tr><th>日期</th><th>项目</th></tr><tr><td>上午</td><td>1(a)</td></tr></table>"
        "<ul><li>要点</li></ul><p class='footnote'><sup>1</sup> 脚注。</p><footer>2/4</footer></body></html>",
        encoding="utf-8")
    paragraphs = read_document(page, "zh").paragraphs
    assert [(p.text, p.label, p.kind) for p in paragraphs] == [
        ("临时议程", "", HEADING),
        ("贩运人口问题工作组第九次会议将于2019 年 9 月 9 日开幕。<sup>1</sup>", "", "body"),
        ("<sup>1</sup> 脚注。", "1", FOOTNOTE),  # after the paragraph citing it, as for every reader
        ("12. First line second line", "12.", "body"),
        ("日期\t项目", "", TABLE_ROW),
        ("上午\t1(a)", "", TABLE_ROW),
        ("要点", "", ITEM),
    ]



def test_html_ordered_list_items_get_the_numbers_a_browser_shows(tmp_path: Path) -> None:
    """<ol> numbers are the browser's, not the text's: they become the items' labels as Word's and
    ODT's list numbers do (start, type, value, reversed as HTML defines them)."""
    page = tmp_path / "list.html"
    page.write_text("<html><body><ol start='4'><li>第一项。</li><li value='9'>第二项。</li><li>第三项。</li></ol>"
                    "<ol type='a'><li>甲。</li><li>乙。</li></ol><ol reversed><li>一。</li><li>二。</li></ol>"
                    "<ul><li>要点。</li></ul></body></html>", encoding="utf-8")
    assert [(p.label, p.text) for p in read_document(page, "zh").paragraphs] == [
        ("4.", "4. 第一项。"), ("9.", "9. 第二项。"), ("10.", "10. 第三项。"),
        ("", "a. 甲。"), ("", "b. 乙。"),  # "a." is no label in UN documents ("(a)" is)
        ("2.", "2. 一。"), ("1.", "1. 二。"), ("", "要点。")]


def test_detection_by_content_not_extension(tmp_path: Path) -> None:
    word = _word(tmp_path).rename(tmp_path / "word.txt")
    page = tmp_path / "page.txt"
    page.write_text("<!doctype html><html><body><p>Hello.</p></body></html>", encoding="utf-8")
    plain = tmp_path / "plain.html"
    plain.write_text("Just text.\n", encoding="utf-8")
    assert (detect(word), detect(page), detect(plain)) == ("docx", "html", "text")
    assert read_document(word, "en").paragraphs[0].text == "Annotations"


@pytest.mark.parametrize("content, message", [
    (b"PK\x03\x04 truncated zip", "damaged"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "legacy Word"),
    (b"%PDF-1.4\nnot really a pdf", "PDF"),
])
def test_bad_files_are_input_errors(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.docx"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        read_document(path, "en")


def test_scanned_pdf_without_text(tmp_path: Path) -> None:
    canvas = pytest.importorskip("reportlab.pdfgen.canvas")
    path = tmp_path / "scan.pdf"
    page = canvas.Canvas(str(path))
    page.rect(100, 100, 300, 500, fill=1)  # an image-only page: no text layer
    page.save()
    with pytest.raises(InputError, match="no text in the PDF"):
        read_document(path, "zh")


_ODT_CONTENT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" office:version="1.3">
<office:automatic-styles>
 <text:list-style style:name="L1"><text:list-level-style-number text:level="1" style:num-suffix="." style:num-format="1"/>
  <text:list-level-style-number text:level="2" style:num-prefix="(" style:num-suffix=")" style:num-format="a"/></text:list-style>
 <style:style style:name="T1" style:family="text"><style:text-properties style:text-position="super 58%"/></style:style>
</office:automatic-styles>
<office:body><office:text>
 <text:h text:outline-level="1">Provisional agenda</text:h>
 <text:list xml:id="a" text:style-name="L1">
  <text:list-item><text:p>Organizational matters:</text:p>
   <text:list><text:list-item><text:p>Opening of the meeting;</text:p></text:list-item>
    <text:list-item><text:p>Adoption of the agenda.</text:p></text:list-item></text:list></text:list-item>
 </text:list>
 <text:p>The meeting opens at 10 a.m.<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation>
  <text:note-body><text:p>Times may change.</text:p></text:note-body></text:note> Delegates<text:s/>register.<text:span text:style-name="T1">2</text:span></text:p>
 <text:list text:continue-list="a" text:style-name="L1"><text:list-item><text:p>Other matters.</text:p></text:list-item></text:list>
 <table:table><table:table-row><table:table-cell><text:p>10 a.m.</text:p></table:table-cell>
  <table:table-cell><text:p>1(a)</text:p></table:table-cell><table:table-cell><text:p>Opening</text:p></table:table-cell></table:table-row></table:table>
</office:text></office:body></office:document-content>"""


def test_odt_lists_notes_tables(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "agenda.odt"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", _ODT_CONTENT)
    read = read_document(path, "en").paragraphs
    assert [(p.text, p.label, p.kind) for p in read] == [
        ("Provisional agenda", "", "heading"),
        ("1. Organizational matters:", "1.", "body"),
        ("(a) Opening of the meeting;", "(a)", "item"),
        ("(b) Adoption of the agenda.", "(b)", "body"),
        ("The meeting opens at 10 a.m.<sup>1</sup> Delegates register.<sup>2</sup>", "", "body"),
        ("<sup>1</sup> Times may change.", "1", FOOTNOTE),
        ("2. Other matters.", "2.", "body"),
        ("10 a.m.\t1(a)\tOpening", "", TABLE_ROW),
    ]


def test_odt_without_content_is_refused(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "empty.odt"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
    with pytest.raises(InputError):
        read_document(path, "en")
