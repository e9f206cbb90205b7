"""Bytes → text: UTF-8 (with or without BOM), UTF-16 (BOM or NUL-pattern), GB18030.

Anything else (binary files, other legacy encodings) is an `InputError`, never mojibake.
"""
from __future__ import annotations

import codecs
import re
from pathlib import Path

from ..errors import InputError
from ..script import CJK

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def read_text(path: str | Path, lang: str) -> str:
    """Read and decode a document file; `lang` ('zh' or 'en') guides the GB18030 fallback."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a folder, not a file")
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(f"{path}: cannot read ({err.strerror})") from None
    text = decode(data, lang, str(path))
    if not text.strip():
        raise InputError(f"{path}: the document is empty")
    return text


def decode(data: bytes, lang: str, name: str = "input") -> str:
    text = _decode_known(data, lang)
    if text is None:
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _utf16_without_bom(data):
            raise InputError(f"{name}: cannot decode the text: broken UTF-16 (an unpaired surrogate?)")
        if b"\x00" in data:
            raise InputError(f"{name}: looks like a binary file, not text")
        raise InputError(f"{name}: cannot decode the text (expected UTF-8, UTF-16 or GB18030)")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    controls = len(_CONTROL.findall(text))
    if controls > max(3, len(text) // 1000):
        raise InputError(f"{name}: looks like a binary file, not text")
    return text


def _decode_known(data: bytes, lang: str) -> str | None:
    if data.startswith(codecs.BOM_UTF8):
        return _try(data[3:], "utf-8")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _try(data, "utf-16")
    utf16 = _utf16_without_bom(data)
    if utf16:
        return _try(data, utf16)
    text = _try(data, "utf-8")
    if text is not None:
        return text
    text = _try(data, "gb18030")
    if text is None or b"\x00" in data:
        return None
    if lang == "en" and len(CJK.findall(text)) > 0.05 * max(1, sum(c.isalpha() for c in text)):
        return None  # an English file in some other legacy encoding, misread as Chinese
    return text


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:4000]
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0) / (len(sample) / 2)
    odd_nuls = sample[1::2].count(0) / (len(sample) / 2)
    if odd_nuls > 0.3 and even_nuls < 0.05:
        return "utf-16-le"
    if even_nuls > 0.3 and odd_nuls < 0.05:
        return "utf-16-be"
    return None


def _try(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None
