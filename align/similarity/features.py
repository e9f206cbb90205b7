"""What the scorer compares, computed once per segment: length and anchors.

Anchors are the tokens a translation carries over unchanged: numbers, document symbols,
Latin-script names and acronyms, URLs. Chinese text is converted to simplified script
(OpenCC t2s) before anything is computed, so traditional input matches too.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from ..segment.furniture import SYMBOL
from ..segment.labels import label_key, split_label

_NUMBER = re.compile(r"\d+(?:[,.]\d+)*")
_SYMBOL = re.compile(SYMBOL)
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9\-.']*[A-Za-z0-9]|[A-Z]")
_MARKUP = re.compile(r"<[^>]{1,20}>|\]\(#\)|\[")
_SPACE = re.compile(r"\s+")
_BROKEN_SYMBOL = re.compile(r"/\s+(?=[A-Z0-9])")


@dataclass(frozen=True)
class Features:
    length: int  # characters without white space or markup
    numbers: frozenset[str]
    names: frozenset[str]  # Latin-script tokens, lower-cased; on the English side only acronyms and tokens with digits
    words: frozenset[str]  # every Latin-script token, lower-cased (where the other side's names are looked up)
    label: str  # label key, '' when none
    heading: bool
    inner_labels: frozenset[str] = frozenset()  # label keys of merged segments after the first


def ascii_digits(text: str) -> str:
    """Decimal digits of any script as ASCII (٢٠١٩, ２０１９ → 2019), so numbers match across scripts."""
    if text.isascii():
        return text
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in text)


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


_FULL_WIDTH = {c: c - 0xFEE0 for r in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A)) for c in range(r[0], r[1] + 1)}
_FULL_WIDTH_CHAR = re.compile(f"[{''.join(map(chr, _FULL_WIDTH))}]")


def to_simplified(text: str) -> str:
    """Chinese for matching: simplified script, full-width digits and Latin letters as ASCII (２０１９ → 2019)."""
    text = _t2s().convert(text)
    return text.translate(_FULL_WIDTH) if _FULL_WIDTH_CHAR.search(text) else text  # translate is slow on non-ASCII text


def features(text: str, lang: str, label: str = "", heading: bool = False) -> Features:
    body = _MARKUP.sub("", text)
    if label:
        _, body = split_label(body)
    if lang == "zh":
        body = to_simplified(body)
    unbroken = _without_spaces_in_symbols(body)
    found = _SYMBOL.findall(unbroken)
    symbols = {_SPACE.sub("", s).lower() for s in found}
    plain = _SYMBOL.sub(" ", unbroken) if found else unbroken  # most segments hold none
    numbers = {ascii_digits(n.replace(",", "")) for n in _NUMBER.findall(plain)}
    latin = _LATIN_WORD.findall(plain)
    words = {w.lower().rstrip(".") for w in latin}
    if lang == "zh":
        names = words
    else:  # a word of letters not all capitals is no acronym: most words, told without a call
        names = {w.lower() for w in latin if (w.isupper() or not w.isalpha()) and _is_acronym(w)}
    return Features(
        length=len("".join(body.split())),  # str.split's white space is the pattern's \s, and faster
        numbers=frozenset(numbers),
        names=frozenset(names | symbols),
        words=frozenset(words | symbols),
        label=label_key(label) if label else "",
        heading=heading,
    )


def _without_spaces_in_symbols(text: str) -> str:
    """`CTOC/COP/WG.4/ 2019/2` (a line break inside a symbol) → `CTOC/COP/WG.4/2019/2`."""
    return _BROKEN_SYMBOL.sub("/", text)


def _is_acronym(word: str) -> bool:
    if word.isalpha():  # the common case, without a character loop
        return len(word) >= 2 and word.isupper()
    letters = [c for c in word if c.isalpha()]
    return (len(letters) >= 2 and all(c.isupper() for c in letters)) or any(c.isdigit() for c in word)
