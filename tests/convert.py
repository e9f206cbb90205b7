"""Converters used by the reader tests and the evaluation scripts: a Document as DOCX, PDF or HTML.

DOCX: list numbers as automatic numbering, footnotes as real footnotes, tables as tables;
PDF (reportlab, a test-only dependency): running header and page numbers, ruled tables,
smaller footnotes; HTML: headings, paragraphs, bullet lists, tables, footnotes.
"""
from __future__ import annotations

import html
import re
from pathlib import Path

from align.model import FOOTNOTE, HEADING, ITEM, TABLE_ROW, Paragraph, Segmented
from align.pipeline import read_document
from align.segment.labels import split_label

_SUP = re.compile(r"<sup>\s*(\d{1,3})\s*</sup>")
SYMBOL = "CTOC/COP/WG.4/2019/1"
_CJK = re.compile(r"[\u3400-\u9fff，。；：、“”（）]")


# ---------------------------------------------------------------- DOCX


_LIST_STYLES = {  # label pattern → (numFmt, lvlText)
    r"(\d{1,3})\.": ("decimal", "%1."),
    r"\((\d{1,2})\)": ("decimal", "(%1)"),
    r"\(([a-z])\)": ("lowerLetter", "(%1)"),
    r"([A-Z])\.": ("upperLetter", "%1."),
    r"([IVX]{1,5})\.": ("upperRoman", "%1."),
    r"([一二三四五六七八九十]{1,3})\.": ("chineseCounting", "%1."),
    r"([一二三四五六七八九十]{1,3})、": ("chineseCounting", "%1、"),
}


def _label_value(fmt: str, text: str) -> int:
    from align.segment.labels import cn_number, roman_number

    if fmt == "decimal":
        return int(text)
    if fmt in ("lowerLetter", "upperLetter"):
        return ord(text.lower()) - ord("a") + 1
    if fmt == "upperRoman":
        return roman_number(text)
    return cn_number(text)


class _DocxLists:
    """Word numbering definitions created as labels are met; a list continues while numbers follow on."""

    def __init__(self, document):
        self.root = document.part.numbering_part.element
        self.current: dict[tuple[str, str], tuple[int, int]] = {}  # style → (numId, last value)
        self.abstract: dict[tuple[str, str], int] = {}

    def number(self, label: str) -> int | None:
        for pattern, (fmt, lvl_text) in _LIST_STYLES.items():
            match = re.fullmatch(pattern, label)
            if match:
                value = _label_value(fmt, match.group(1))
                key = (fmt, lvl_text)
                num_id, last = self.current.get(key, (0, -1))
                if value != last + 1:
                    num_id = self._new_num(key, value)
                self.current[key] = (num_id, value)
                return num_id
        return None

    def _new_num(self, key: tuple[str, str], start: int) -> int:
        from docx.oxml import parse_xml

        ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
        if key not in self.abstract:
            abstract_id = 100 + len(self.abstract)
            fmt, lvl_text = key
            suffix = "" if lvl_text.endswith("、") else '<w:suff w:val="space"/>'
            abstract = parse_xml(
                f'<w:abstractNum {ns} w:abstractNumId="{abstract_id}"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
                f'<w:numFmt w:val="{fmt}"/>{suffix}<w:lvlText w:val="{lvl_text}"/></w:lvl></w:abstractNum>')
            first_num = self.root.find("{*}num")
            first_num.addprevious(abstract) if first_num is not None else self.root.append(abstract)
            self.abstract[key] = abstract_id
        num_id = 100 + len(self.root.findall("{*}num"))
        self.root.append(parse_xml(
            f'<w:num {ns} w:numId="{num_id}"><w:abstractNumId w:val="{self.abstract[key]}"/>'
            f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{start}"/></w:lvlOverride></w:num>'))
        return num_id


def _attach_footnotes(paragraphs: list[Paragraph]) -> dict[int, list[tuple[str, str]]]:
    """Paragraph index → [(mark, footnote text)] for the footnotes whose reference it holds."""
    attached: dict[int, list[tuple[str, str]]] = {}
    for k, p in enumerate(paragraphs):
        if p.kind != FOOTNOTE:
            continue
        mark, body = p.label, _SUP.sub("", p.text, count=1).strip()
        if body.startswith(mark + " "):
            body = body[len(mark) + 1:]
        owner = next((j for j in range(k - 1, -1, -1) if paragraphs[j].kind != FOOTNOTE
                      and f"<sup>{mark}</sup>" in paragraphs[j].text
                      and len(attached.get(j, [])) < paragraphs[j].text.count("<sup>")), k - 1)
        attached.setdefault(owner, []).append((mark, body))
    return attached


def to_docx(document: Segmented, path: Path) -> None:
    """Write a Document as a Word file: headings, automatic numbers, tables, real footnotes."""
    import docx

    out = docx.Document()
    lists = _DocxLists(out)
    notes = _DocxFootnotes(out)
    attached = _attach_footnotes(document.paragraphs)
    paragraphs = document.paragraphs
    k = 0
    while k < len(paragraphs):
        p = paragraphs[k]
        if p.kind == TABLE_ROW:
            rows = []
            while k < len(paragraphs) and paragraphs[k].kind == TABLE_ROW:
                rows.append((k, paragraphs[k].text.split("\t")))
                k += 1
            table = out.add_table(rows=len(rows), cols=max(len(cells) for _, cells in rows))
            for row, (index, cells) in zip(table.rows, rows):
                for cell, value in zip(row.cells, cells):
                    _write_runs(cell.paragraphs[0], value, notes, attached.get(index, []))
            continue
        if p.kind != FOOTNOTE:
            _docx_paragraph(out, p, lists, notes, attached.get(k, []))
        k += 1
    out.save(str(path))


def _docx_paragraph(out, p: Paragraph, lists: _DocxLists, notes, footnotes) -> None:
    label, rest = split_label(p.text)
    bullet = p.kind == ITEM and p.text[-1] not in "；;"  # a bulleted item (the others are numbered)
    num_id = lists.number(label) if label and not bullet else None
    text = rest if num_id else p.text
    para = out.add_paragraph(style="Heading 2" if p.kind == HEADING else "List Bullet" if bullet else None)
    if num_id:
        from docx.oxml import parse_xml

        ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
        para._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {ns}><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>'))
    _write_runs(para, text, notes, footnotes)


def _write_runs(para, text: str, notes, footnotes: list[tuple[str, str]]) -> None:
    """Text with its `<sup>n</sup>` marks turned into footnote references."""
    pos = 0
    for match in _SUP.finditer(text):
        para.add_run(text[pos:match.start()])
        note = next((n for n in footnotes if n[0] == match.group(1)), None)
        if note:
            footnotes.remove(note)
            notes.reference(para, *note)
        else:
            para.add_run(match.group(1)).font.superscript = True
        pos = match.end()
    para.add_run(text[pos:])
    for note in list(footnotes):  # footnotes whose reference the text did not show
        footnotes.remove(note)
        notes.reference(para, *note)


class _DocxFootnotes:
    """A footnotes part (python-docx cannot make one) and the references to it."""

    NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

    def __init__(self, document):
        self.document = document
        self.root = None
        self.count = 0  # footnotes written
        self.automatic = 0  # footnotes numbered by Word (the others carry their own mark)

    def reference(self, para, mark: str, body: str) -> None:
        from docx.oxml import parse_xml

        if self.root is None:
            self._create()
        self.count += 1
        custom = mark != str(self.automatic + 1)
        self.automatic += not custom
        self.root.append(parse_xml(
            f'<w:footnote {self.NS} w:id="{self.count}"><w:p><w:r><w:footnoteRef/></w:r>'
            f'<w:r><w:t xml:space="preserve"> {html.escape(body)}</w:t></w:r></w:p></w:footnote>'))
        follow = ' w:customMarkFollows="1"' if custom else ""
        own_mark = f"<w:t>{html.escape(mark)}</w:t>" if custom else ""  # Word writes a custom mark in the same run
        para._p.append(parse_xml(f'<w:r {self.NS}><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
                                 f'<w:footnoteReference w:id="{self.count}"{follow}/>{own_mark}</w:r>'))

    def _create(self) -> None:
        from docx.opc.constants import RELATIONSHIP_TYPE as RT
        from docx.opc.packuri import PackURI
        from docx.opc.part import XmlPart
        from docx.oxml import parse_xml

        xml = (f'<w:footnotes {self.NS}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/>'
               f'</w:r></w:p></w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r>'
               f'<w:continuationSeparator/></w:r></w:p></w:footnote></w:footnotes>')
        part = XmlPart(PackURI("/word/footnotes.xml"),
                       "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
                       parse_xml(xml), self.document.part.package)
        self.document.part.relate_to(part, RT.FOOTNOTES)
        self.root = part.element


# ---------------------------------------------------------------- HTML


def _html_inline(text: str) -> str:
    """Escaped text; `<sup>n</sup>` marks and `<b>` markup of markdown-like exports stay markup."""
    escaped = html.escape(text, quote=False)
    escaped = re.sub(r"&lt;sup&gt;\s*(\d{1,3})\s*&lt;/sup&gt;", r'<sup><a href="#fn\1">\1</a></sup>', escaped)
    return re.sub(r"&lt;(/?b)&gt;", r"<\1>", escaped)


def to_html(document: Segmented, path: Path) -> None:
    """Write a Document as an HTML page: headings, paragraphs, bullet lists, tables, footnotes."""
    lang = "zh-CN" if document.lang == "zh" else "en"
    out = [f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8"><title>{SYMBOL}</title></head>',
           f"<body><header>{SYMBOL}</header>"]
    open_block = ""
    for p in document.paragraphs:
        block = "table" if p.kind == TABLE_ROW else "ul" if p.kind == ITEM and p.text[-1] not in "；;" else ""
        if block != open_block:
            out.append(f"</{open_block}>" if open_block else "")
            out.append(f"<{block}>" if block else "")
            open_block = block
        if block == "table":
            cells = "".join(f"<td>{_html_inline(cell)}</td>" for cell in p.text.split("\t"))
            out.append(f"<tr>{cells}</tr>")
        elif block == "ul":
            out.append(f"<li>{_html_inline(p.text)}</li>")
        elif p.kind == HEADING:
            out.append(f"<h2>{_html_inline(p.text)}</h2>")
        elif p.kind == FOOTNOTE:
            out.append(f'<p class="footnote">{_html_inline(p.text)}</p>')
        else:
            out.append(f"<p>{_wrap_html(_html_inline(p.text))}</p>")
    out.append(f"</{open_block}>" if open_block else "")
    out.append("<footer>1/1</footer></body></html>\n")
    path.write_text("\n".join(out), encoding="utf-8")


def _wrap_html(text: str, width: int = 60) -> str:
    """A source line break and a `<br>` inside long paragraphs, as hand-made pages have them."""
    first = _break_point(text, width)
    second = _break_point(text, first + width) if first else 0
    if not second or "<" in text:
        return text
    return f"{text[:first]}\n{text[first:second]}<br>{text[second:]}"


def _break_point(text: str, near: int) -> int:
    """Where a line may break near `near` without losing a space: before a space, or between two CJK characters."""
    for k in range(near, min(len(text) - 1, near + 40)):
        if text[k] == " " or (_CJK.match(text[k - 1]) and _CJK.match(text[k])):
            return k
    return 0


# ---------------------------------------------------------------- PDF


def _pdf_styles(lang: str) -> dict:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if lang == "zh":  # a CID font: no font file needed, the reader maps it back to Unicode
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
        regular = bold = "STSong-Light"
    else:
        regular, bold = "Times-Roman", "Times-Bold"
    wrap = "CJK" if lang == "zh" else None
    body = ParagraphStyle("body", fontName=regular, fontSize=10.5, leading=13, spaceAfter=7, wordWrap=wrap)
    return {
        "body": body,
        "heading": ParagraphStyle("heading", parent=body, fontName=bold, fontSize=12 if lang == "zh" else 10.5,
                                  leading=15, spaceBefore=4, spaceAfter=8),
        "footnote": ParagraphStyle("footnote", parent=body, fontSize=8, leading=10, spaceAfter=4),
        "cell": ParagraphStyle("cell", parent=body, spaceAfter=0),
        "font": regular,
    }


def _pdf_markup(text: str) -> str:
    escaped = html.escape(text, quote=False)
    escaped = re.sub(r"&lt;sup&gt;\s*(\d{1,3})\s*&lt;/sup&gt;", r"<super>\1</super>", escaped)
    return re.sub(r"&lt;(/?b)&gt;", r"<\1>", escaped)


def to_pdf(document: Segmented, path: Path) -> None:
    """Write a Document as a PDF: running header, page numbers, ruled tables, small footnotes."""
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import Paragraph as Para, SimpleDocTemplate, Table, TableStyle

    styles = _pdf_styles(document.lang)
    story, rows = [], []
    for p in document.paragraphs + [Paragraph("", kind="end")]:
        if p.kind == TABLE_ROW:
            rows.append([Para(_pdf_markup(cell), styles["cell"]) for cell in p.text.split("\t")])
            continue
        if rows:
            width = max(len(r) for r in rows)
            table = Table([r + [""] * (width - len(r)) for r in rows], colWidths=[450 / width] * width)
            table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black"), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
            story.append(table)
            rows = []
        if p.kind != "end":
            style = styles["heading" if p.kind == HEADING else "footnote" if p.kind == FOOTNOTE else "body"]
            bullet = "-" if p.kind == ITEM and p.text[-1] not in "；;" else None
            story.append(Para(_pdf_markup(p.text), style, bulletText=bullet))

    def furniture(canvas, doc) -> None:
        canvas.setFont(styles["font"], 9)
        canvas.drawRightString(A4[0] - 72, A4[1] - 40, SYMBOL)
        canvas.drawString(72, 30, f"{doc.page} V.19-05812")

    SimpleDocTemplate(str(path), pagesize=A4, topMargin=72, bottomMargin=72).build(
        story, onFirstPage=furniture, onLaterPages=furniture)


WRITERS = {"docx": to_docx, "pdf": to_pdf, "html": to_html}
_MARKUP = re.compile(r"</?(?:sup|b)>")


def convert(source: Path, lang: str, fmt: str, out_dir: Path) -> Path:
    """The text file `source` as a `fmt` file in `out_dir` ('text': the file itself)."""
    if fmt == "text":
        return source
    path = out_dir / f"{source.stem}.{lang}.{fmt}"
    WRITERS[fmt](read_document(source, lang, "text"), path)
    return path


def plain(units: list[dict]) -> list[dict]:
    """Units without `<sup>`/`<b>` markup (PDF-extracted text versions do not have it)."""
    return [{"zh": [_MARKUP.sub("", t) for t in u["zh"]], "en": [_MARKUP.sub("", t) for t in u["en"]]} for u in units]
