"""Bytes → text: UTF-8 (with or without BOM), UTF-16 (BOM or NUL-pattern), GB18030, Big5.

GB18030 and Big5 (traditional Chinese: Taiwan, Hong Kong) share their byte ranges, so text that
decodes as both is read in the one whose characters are more often common Chinese characters.
Anything else (binary files, other legacy encodings) is an `InputError`, never mojibake.
"""
from __future__ import annotations

import codecs
import re
from functools import cache
from pathlib import Path

from ..errors import InputError
from ..script import CJK
from .detect import check_file

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_PUNCTUATION = re.compile(r"[\u3000-\u303f\uff00-\uffef]")  # CJK and full-width punctuation


def read_text(path: str | Path, lang: str) -> str:
    """Read and decode a document file; `lang` ('zh' or 'en') guides the GB18030 fallback."""
    path = Path(path)
    check_file(path)
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
        raise InputError(f"{name}: cannot decode the text (expected UTF-8, UTF-16, GB18030 or Big5)")
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
    utf16 = _chinese_utf16(data)
    if utf16:
        return _try(data, utf16)
    text = _legacy_chinese(data)
    if text is None or b"\x00" in data:
        return None
    if lang == "en" and len(CJK.findall(text)) > 0.05 * max(1, sum(c.isalpha() for c in text)):
        return None  # an English file in some other legacy encoding, misread as Chinese
    return text


def _legacy_chinese(data: bytes) -> str | None:
    """The data as GB18030 or Big5 (Windows' cp950), whichever reads as more common characters."""
    readings = [text for text in (_try(data, "gb18030"), _try(data, "cp950")) if text is not None]
    return max(readings, key=_common_share) if readings else None  # a tie keeps GB18030


def _common_share(text: str, sample: int = 20000) -> float:
    """Share of the first non-ASCII characters that are common Chinese characters or punctuation."""
    wide = [c for c in text[:4 * sample] if c > "\x7f"][:sample]
    common = _common_characters()
    return sum(c in common or _PUNCTUATION.match(c) is not None for c in wide) / max(1, len(wide))


@cache
def _common_characters() -> frozenset[str]:
    """GB2312's level 1 (3,755 common simplified characters) and Big5's (5,401 common traditional ones)."""
    def rows(encoding: str, leads: range, trails: list[int]) -> str:
        return "".join(bytes((lead, trail)).decode(encoding, "ignore") for lead in leads for trail in trails)

    return frozenset(rows("gb2312", range(0xB0, 0xD8), list(range(0xA1, 0xFF)))
                     + rows("big5", range(0xA4, 0xC7), [*range(0x40, 0x7F), *range(0xA1, 0xFF)]))


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


def _chinese_utf16(data: bytes) -> str | None:
    """UTF-16 without BOM of mostly Chinese text, which has too few NULs for their pattern to
    tell: the byte order in which the start reads as Chinese or ASCII text, if either does."""
    if len(data) % 2:
        return None
    return next((encoding for encoding in ("utf-16-le", "utf-16-be") if _reads_as_text(data[:4000], encoding)), None)


def _reads_as_text(sample: bytes, encoding: str) -> bool:
    """The sample decodes to Chinese or ASCII text: printable characters and line breaks only."""
    text = sample.decode(encoding, "replace")
    known = sum(c in "\n\r\t" or (c.isprintable() and (c < "\x7f" or bool(CJK.match(c) or _PUNCTUATION.match(c)))) for c in text)
    return known >= 0.95 * len(text)


def _try(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None
