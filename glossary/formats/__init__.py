"""Choose a glossary writer or reader by file extension."""
from __future__ import annotations

from pathlib import Path

from align.readers.detect import check_file

from .html import write_html
from .markdown import write_markdown
from ..model import Glossary
from .tbx import read_tbx, write_tbx
from .tsv import read_table, write_table

OUTPUT_SUFFIXES = (".tbx", ".tsv", ".csv", ".html", ".htm", ".md")


def write_glossary(glossary: Glossary, path: Path, tbx_version: int = 2) -> None:
    """Write in the format the extension names (see OUTPUT_SUFFIXES)."""
    suffix = Path(path).suffix.lower()
    if suffix == ".tbx":
        write_tbx(glossary, path, tbx_version)
    elif suffix in (".tsv", ".csv"):
        write_table(glossary, path)
    elif suffix in (".html", ".htm"):
        write_html(glossary, path)
    elif suffix == ".md":
        write_markdown(glossary, path)
    else:
        raise ValueError(f"{path}: unknown glossary format (use {', '.join(OUTPUT_SUFFIXES)})")


def read_glossary(path: Path) -> Glossary:
    """A TBX (2008 or v3) or TSV/CSV glossary (a device, pipe or folder is refused before reading)."""
    check_file(Path(path))
    if Path(path).suffix.lower() in (".tbx", ".xml"):
        return read_tbx(path)
    return read_table(path)
