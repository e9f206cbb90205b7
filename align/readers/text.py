"""Plain text and markdown-like exports (including text extracted from PDFs) → Document."""
from __future__ import annotations

import re
from pathlib import Path

from ..errors import InputError
from ..model import Document
from ..segment.paragraphs import build_paragraphs
from .encoding import read_text

# A doctype or XML declaration pasted into a text file is markup, not a paragraph.
_DECLARATION = re.compile(r"^[ \t]*<(?:!DOCTYPE\b[^<>]*|\?xml\b[^<>]*\?)>[ \t]*$", re.I | re.M)


def read(path: str | Path, lang: str) -> Document:
    paragraphs = build_paragraphs(_DECLARATION.sub("", read_text(path, lang)), lang)
    if not paragraphs:
        raise InputError(f"{path}: no text left after removing page furniture")
    return Document(lang, paragraphs, str(path))
