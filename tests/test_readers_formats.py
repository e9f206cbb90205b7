"""DOCX, PDF and HTML versions of UN pairs align like their text versions.

The files are made from the text fixtures (tests/data/un) with the converters of
tests/convert.py (PDF: reportlab, a test-only dependency).
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from align.config import AlignConfig
from align.pipeline import align_files, read_document
from convert import convert

DATA = Path(__file__).parent / "data"

STEMS = ("001_dd72bde6d4dd5ad3", "003_cdd5c65759a59d46")
_MARKUP = re.compile(r"</?(?:sup|b)>|\s+")


def _plain(units: list[dict]) -> list[tuple[str, str]]:
    return [("".join(_MARKUP.sub("", t) for t in u["zh"]), "".join(_MARKUP.sub("", t) for t in u["en"]))
            for u in units]


def _convert(stem: str, fmt: str, tmp_path: Path) -> tuple[Path, Path]:
    return tuple(convert(DATA / "un" / f"{stem}.{lang}.txt", lang, fmt, tmp_path)
                 for lang in ("zh", "en"))


@pytest.mark.parametrize("fmt", ["docx", "html", "pdf"])
@pytest.mark.parametrize("stem", STEMS)
def test_format_aligns_like_text(fmt: str, stem: str, tmp_path: Path) -> None:
    if fmt == "pdf":
        pytest.importorskip("reportlab")
    expected = _plain(align_files(*_convert(stem, "text", tmp_path), AlignConfig(level="paragraph")))
    found = _plain(align_files(*_convert(stem, fmt, tmp_path), AlignConfig(level="paragraph")))
    differing = set(expected) ^ set(found)
    assert len(differing) <= (2 if fmt == "pdf" else 0), differing


@pytest.mark.parametrize("fmt", ["docx", "html"])
def test_structured_formats_keep_every_paragraph(fmt: str, tmp_path: Path) -> None:
    stem = "001_dd72bde6d4dd5ad3"
    source = read_document(DATA / "un" / f"{stem}.zh.txt", "zh", "text")
    path = convert(DATA / "un" / f"{stem}.zh.txt", "zh", fmt, tmp_path)
    read = read_document(path, "zh")
    assert [(p.text, p.label, p.kind) for p in read.paragraphs] == \
           [(p.text, p.label, p.kind) for p in source.paragraphs]
