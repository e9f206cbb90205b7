"""Plain text and markdown-like exports (including text extracted from PDFs) → Document."""
from __future__ import annotations

import re
from pathlib import Path

from ..model import TEXT, Block, Document
from .encoding import read_text

# A doctype or XML declaration pasted into a text file is markup, not a paragraph.
_DECLARATION = re.compile(r"^[ \t]*<(?:!DOCTYPE\b[^<>]*|\?xml\b[^<>]*\?)>[ \t]*$", re.I | re.M)


def read(path: str | Path, lang: str) -> Document:
    """One TEXT block: the file's text, laid out into paragraphs by `align.segment`."""
    return Document(lang, [Block(_DECLARATION.sub("", read_text(path, lang)), TEXT)], str(path))
