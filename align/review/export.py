"""Outputs of a reviewed alignment: TMX without rejected units, JSONL, `.align`, the static page, InterText."""
from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from ..formats import html, intertext, tmx, vecalign
from . import FORMATS
from .model import Review, from_alignment, parse_jsonl, render_jsonl, to_alignment


def load(path: Path) -> Review:
    """A reviewed or fresh JSONL, or an InterText linkGrp file (told apart by content)."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"{path}: {error.strerror}") from None
    if is_xml(data):
        return from_alignment(intertext.read(path))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 JSONL") from None
    return parse_jsonl(text, str(path))


def is_xml(data: bytes) -> bool:
    return data.lstrip()[:1] == b"<"


def name_of(path: Path) -> str:
    """Base name of the outputs: the input's name without `.jsonl` or InterText's `.zh.en.xml`."""
    for suffix in (".zh.en.xml", ".jsonl", ".xml"):
        if path.name.endswith(suffix) and len(path.name) > len(suffix):
            return path.name[: -len(suffix)]
    return path.stem


def render_exports(review: Review, out_dir: Path, name: str, formats: tuple[str, ...] = FORMATS) -> dict[Path, str]:
    """Every requested output's path and text (nothing is written here)."""
    files: dict[Path, str] = {}
    if "tmx" in formats:
        files[out_dir / f"{name}.tmx"] = tmx.render(to_alignment(review, drop_rejected=True), document=name)
    if "jsonl" in formats:
        files[out_dir / f"{name}.jsonl"] = render_jsonl(review)
    if "align" in formats:
        files[out_dir / f"{name}.align"] = vecalign.render(to_alignment(review, split_rejected=True))
    if "html" in formats:
        files[out_dir / f"{name}.html"] = html.render(to_alignment(review, drop_rejected=True), title=name)
    if "intertext" in formats:
        rendered = intertext.render(to_alignment(review, split_rejected=True), name)
        files.update({out_dir / file: text for file, text in rendered.items()})
    return files
