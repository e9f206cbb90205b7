"""Glossary file formats, one module each, reader beside writer: `tbx` (TBX-Basic 2008 and v3),
`tsv` (TSV/CSV, the review round trip), `html` and `markdown` (written only); chosen by extension."""
from __future__ import annotations

from pathlib import Path

from align.formats.atomic import write_all
from align.readers.detect import check_file

from ..model import Glossary
from . import html, markdown, tbx, tsv

OUTPUT_SUFFIXES = (".tbx", ".tsv", ".csv", ".html", ".htm", ".md")


def render(glossary: Glossary, path: Path, tbx_version: int = 2) -> str | bytes:
    """The glossary in the format the extension of ``path`` names (see OUTPUT_SUFFIXES)."""
    suffix = Path(path).suffix.lower()
    if suffix == ".tbx":
        return tbx.render(glossary, tbx_version)
    if suffix == ".csv":  # with a BOM: Excel reads a CSV without one in the local code page (Chinese as mojibake)
        return "\ufeff" + tsv.render(glossary, ",")
    if suffix == ".tsv":
        return tsv.render(glossary, "\t")
    if suffix in (".html", ".htm"):
        return html.render(glossary)
    if suffix == ".md":
        return markdown.render(glossary)
    raise ValueError(f"{path}: unknown glossary format (use {', '.join(OUTPUT_SUFFIXES)})")


def write_glossary(glossary: Glossary, paths: Path | list[Path], tbx_version: int = 2) -> None:
    """Write the glossary to every path, each in the format its extension names, all together
    (`align.formats.atomic.write_all`: nothing is half-written)."""
    paths = [paths] if isinstance(paths, (str, Path)) else paths
    write_all({Path(p): render(glossary, p, tbx_version) for p in paths})


def read_glossary(path: Path) -> Glossary:
    """A TBX (2008 or v3) or TSV/CSV glossary (a device, pipe or folder is refused before reading)."""
    check_file(Path(path))
    if Path(path).suffix.lower() in (".tbx", ".xml"):
        return tbx.read(path)
    return tsv.read(path)
