"""Plain text and markdown-like exports (including text extracted from PDFs) → Document."""
from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from ..model import Document
from ..segment.paragraphs import build_paragraphs
from .encoding import read_text


def read(path: str | Path, lang: str) -> Document:
    paragraphs = build_paragraphs(read_text(path, lang), lang)
    if not paragraphs:
        raise InputError(f"{path}: no text left after removing page furniture")
    return Document(lang, paragraphs, str(path))
