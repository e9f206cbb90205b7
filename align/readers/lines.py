"""Pre-split corpora: one segment per line, never re-segmented (`--input-format lines`).

Empty lines are kept as empty segments so that segment indices stay equal to line numbers.
"""
from __future__ import annotations

from pathlib import Path

from ..model import LINE, Block, Document
from .encoding import read_text


def read(path: str | Path, lang: str) -> Document:
    text = read_text(path, lang)
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return Document(lang, [Block(line, LINE) for line in lines], str(path))
