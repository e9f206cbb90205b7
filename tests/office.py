"""Files made by a real office suite: the UN pairs as Word files (tests/convert.py) laid out in
several page styles and converted by LibreOffice (`soffice --headless --convert-to`) to PDF, ODT
and DOCX. Used by the reader tests and scripts/evaluate_layouts.py --office; needs soffice
(Debian: libreoffice-writer-nogui, fonts-noto-cjk, hyphen-en-us).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from align.model import Segmented
from convert import to_docx

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
GUTTER = 425  # space between columns (twips)


@dataclass(frozen=True)
class PageStyle:
    spacing: float = 1.0  # line spacing (multiple of single)
    justified: bool = False
    hyphenated: bool = False
    columns: int = 1
    gutter: int = GUTTER  # space between columns (twips)
    size: float = 0.0  # body font size (points; 0: the template's)


OFFICE_VARIANTS: dict[str, tuple[PageStyle, str]] = {  # name → (page style, format soffice writes)
    "LibreOffice PDF": (PageStyle(), "pdf"),
    "LibreOffice PDF, 1.15 spacing": (PageStyle(spacing=1.15), "pdf"),
    "LibreOffice PDF, justified, hyphenated": (PageStyle(justified=True, hyphenated=True), "pdf"),
    "LibreOffice PDF, two columns": (PageStyle(columns=2), "pdf"),
    "LibreOffice PDF, two columns, 1.15, justified": (PageStyle(1.15, True, True, 2), "pdf"),
    "LibreOffice ODT": (PageStyle(), "odt"),
    "LibreOffice DOCX": (PageStyle(spacing=1.15), "docx"),
    # made after the work on the variants above, to see whether it generalises
    "LibreOffice PDF, 1.5 spacing": (PageStyle(spacing=1.5), "pdf"),
    "LibreOffice PDF, justified": (PageStyle(justified=True), "pdf"),
    "LibreOffice ODT, two columns, justified": (PageStyle(1.15, True, True, 2), "odt"),
    # made after the work on rule-less tables in columns
    "LibreOffice PDF, two columns, wide gap, 10 pt": (PageStyle(columns=2, gutter=1134, size=10), "pdf"),
    "LibreOffice PDF, three columns, justified": (PageStyle(1.15, True, True, 3), "pdf"),
}


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def styled_docx(source: Segmented, style: PageStyle, path: Path) -> None:
    """A Document as a Word file in `style` (fonts LibreOffice finds on Debian)."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import parse_xml
    from docx.shared import Pt

    to_docx(source, path)
    document = docx.Document(str(path))
    normal = document.styles["Normal"]
    normal.paragraph_format.line_spacing = style.spacing
    if style.size:
        normal.font.size = Pt(style.size)
    if style.justified:
        normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    rpr = normal.element.get_or_add_rPr()
    for old in rpr.findall(f"{{{W}}}rFonts") + rpr.findall(f"{{{W}}}lang"):
        rpr.remove(old)
    rpr.append(parse_xml(f'<w:rFonts xmlns:w="{W}" w:ascii="Liberation Serif" w:hAnsi="Liberation Serif" '
                         f'w:eastAsia="Noto Serif CJK SC"/>'))
    rpr.append(parse_xml(f'<w:lang xmlns:w="{W}" w:val="en-US" w:eastAsia="zh-CN"/>'))
    if style.hyphenated:
        document.settings.element.append(parse_xml(f'<w:autoHyphenation xmlns:w="{W}"/>'))
    if style.columns > 1:
        sect = document.sections[0]._sectPr
        for old in sect.findall(f"{{{W}}}cols"):
            sect.remove(old)
        sect.append(parse_xml(f'<w:cols xmlns:w="{W}" w:num="{style.columns}" w:space="{style.gutter}"/>'))
        _fit_tables(document, style.columns, style.gutter)
    document.save(str(path))


def _fit_tables(document, columns: int, gutter: int) -> None:
    """Tables as wide as one column, as Word's autofit makes them (python-docx sizes them to the
    text width, so in columns they would run off the page and LibreOffice would clip the text)."""
    section = document.sections[0]
    text = (section.page_width - section.left_margin - section.right_margin) / 635  # EMU → twips
    scale = (text - gutter * (columns - 1)) / columns / text
    for table in document.tables:
        for node in table._tbl.iter(f"{{{W}}}gridCol", f"{{{W}}}tcW"):
            node.set(f"{{{W}}}w", str(int(int(node.get(f"{{{W}}}w")) * scale)))


def convert_all(paths: list[Path], fmt: str, out_dir: Path) -> None:
    """One soffice call converting all `paths` to `fmt` in `out_dir` (a private profile, so it runs beside others)."""
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([soffice(), f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", fmt,
                        "--outdir", str(out_dir), *map(str, paths)],
                       check=True, capture_output=True, timeout=600, env={**os.environ, "HOME": profile})


def office_files(sources: dict[str, dict[str, Segmented]], names: list[str], out: Path) -> dict:
    """Variant name → {stem: (zh file, en file)} made by LibreOffice from `sources` (stem → lang →
    Document); one soffice call per format."""
    made: dict[str, dict] = {}
    pending: dict[str, list[Path]] = {}
    folder = out / "office"
    folder.mkdir(parents=True, exist_ok=True)
    for n, name in enumerate(names):
        style, fmt = OFFICE_VARIANTS[name]
        made[name] = {}
        for stem, documents in sources.items():
            pair = []
            for lang in ("zh", "en"):
                docx_path = folder / f"v{n}.{stem}.{lang}.docx"
                styled_docx(documents[lang], style, docx_path)
                pending.setdefault(fmt, []).append(docx_path)
                pair.append(folder / fmt / f"v{n}.{stem}.{lang}.{fmt}")
            made[name][stem] = tuple(pair)
    for fmt, paths in pending.items():
        (folder / fmt).mkdir(exist_ok=True)
        convert_all(paths, fmt, folder / fmt)
    return made
