"""Segment text as translators see it: inline markup of markdown-like exports removed."""
from __future__ import annotations

import re

from ..model import Alignment, Unit

_FOOTNOTE_REF = re.compile(r"<sup>\s*\d{1,3}\s*</sup>")
_TAG = re.compile(r"</?(?:b|i|u|em|strong|sup|sub|span)\b[^>]{0,40}>")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_INVALID_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def plain_text(text: str) -> str:
    text = _LINK.sub(r"\1", _TAG.sub("", _FOOTNOTE_REF.sub("", text)))
    return _INVALID_XML.sub("", text).replace("\t", " ").strip()


def unit_texts(alignment: Alignment, unit: Unit) -> tuple[str, str]:
    """The unit's two sides as single plain strings (Chinese joined with nothing)."""
    zh, en = alignment.texts(unit)
    return "".join(plain_text(t) for t in zh), " ".join(plain_text(t) for t in en)


def unit_label(alignment: Alignment, unit: Unit) -> str:
    segments = [alignment.zh[i] for i in unit.zh] or [alignment.en[j] for j in unit.en]
    return segments[0].label if segments else ""
