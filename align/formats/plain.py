"""Segment text as translators see it, the same in every output.

`plain_text` is applied once, by the pipeline, to every aligned segment before any writer
sees it: inline markup of markdown-like exports and of the readers (`<b>`, `<i>`, `<span>`,
`**bold**`, `[text](link)`) is removed, footnote references (`<sup>1</sup>`, which the
segmenter relies on) become superscript digits (¹), still read as footnote marks, and
characters XML cannot hold (controls, NUL, U+FFFE/U+FFFF) are dropped.
"""
from __future__ import annotations

import re

from ..model import Alignment, Unit

_FOOTNOTE_REF = re.compile(r"<sup>\s*(\d{1,3})\s*</sup>")
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_TAG = re.compile(r"</?(?:b|i|u|em|strong|sup|sub|span|small|mark)\b[^<>]{0,40}>", re.I)
_LINK = re.compile(r"\[([^\[\]\n]{1,500})\]\([^()\s]{0,500}\)")
_BOLD = re.compile(r"\*\*(?=\S)([^*\n]{1,500}?)(?<=\S)\*\*")
_INVALID_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_SPACES = re.compile(r" {2,}")


def plain_text(text: str) -> str:
    """`text` without inline markup or XML-invalid characters; footnote references as ¹²³."""
    text = _FOOTNOTE_REF.sub(lambda match: match.group(1).translate(_SUPERSCRIPT), text)
    text = _BOLD.sub(r"\1", _LINK.sub(r"\1", _TAG.sub("", text)))
    return _SPACES.sub(" ", xml_text(text)).strip()


def xml_text(text: str) -> str:
    """`text` without the characters XML 1.0 cannot hold."""
    return _INVALID_XML.sub("", text)


def xml_safe(text: str) -> str:
    """`text` as XML can hold it: control characters dropped, lone surrogates (undecodable bytes of
    a file name) as '?'. For names and paths written into outputs."""
    return _INVALID_XML.sub("", text.encode("utf-8", "replace").decode("utf-8"))


def unit_texts(alignment: Alignment, unit: Unit) -> tuple[str, str]:
    """The unit's two sides as single strings (Chinese joined with nothing; tabs as spaces)."""
    zh, en = alignment.texts(unit)
    return "".join(zh).replace("\t", " "), " ".join(en).replace("\t", " ")


def unit_label(alignment: Alignment, unit: Unit) -> str:
    first = alignment.first_segment(unit)
    return first.label if first else ""
