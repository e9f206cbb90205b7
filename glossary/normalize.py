"""Normalisation keys used to compare terms (building, checking, evaluating).

Chinese: NFKC, whitespace removed, traditional → simplified (OpenCC ``t2s``).
English: NFKC, case-folded, hyphens and dashes read as spaces, each word
made singular by its suffix (`align.similarity.english.singular`: ``-ies`` → ``-y``,
``-ches/-shes/-xes/-sses`` drop ``-es``, other ``-s`` dropped unless the word ends in
``-ss/-us/-is``). Unlike the aligner's lemma keys, -ing and -ed stay: "trafficking" is
not "traffic" for a term. Both sides of every comparison go through the same key, so
the rules only need to be consistent, not linguistically complete.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from align.similarity.english import singular
from align.similarity.features import to_simplified

_SPACE = re.compile(r"\s+")
_DASHES = re.compile(r"[-‐‑‒–—_/]")
_EN_WORD = re.compile(r"[0-9a-z]+(?:['’.][0-9a-z]+)*")


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


@lru_cache(maxsize=65536)
def zh_key(text: str) -> str:
    """Matching key of Chinese text: NFKC, no whitespace, simplified."""
    return to_simplified(_SPACE.sub("", nfkc(text)))


def en_words(text: str) -> list[str]:
    """Lower-case words of English text, singularised, hyphens split."""
    text = _DASHES.sub(" ", nfkc(text).casefold())
    return [singular(w) for w in _EN_WORD.findall(text)]


@lru_cache(maxsize=65536)
def en_key(text: str) -> str:
    """Matching key of English text: case- and number-insensitive."""
    return " ".join(en_words(text))

