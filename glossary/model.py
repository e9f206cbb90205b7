"""The glossary data model: terms, concept entries, the glossary."""
from __future__ import annotations

from dataclasses import dataclass, field

PREFERRED = "preferred"
ADMITTED = "admitted"
DEPRECATED = "deprecated"
STATUSES = (PREFERRED, ADMITTED, DEPRECATED)


@dataclass
class Term:
    """One term in one language; ``count`` is how often it was seen in this concept."""

    text: str
    status: str = PREFERRED
    pos: str = ""  # "noun", "verb", "adjective", "properNoun", "other" or unknown ("")
    count: int = 0


@dataclass
class Entry:
    """A concept: Chinese term(s), English term(s) and the evidence for the pairing.

    ``frequency`` counts the aligned units where the pair was found; ``consistency``
    is the share of the Chinese term's occurrences rendered by the preferred English
    term; ``confidence`` in [0, 1] ranks entries; ``origin`` is "seed" for entries
    given by hand (they always win) and "extracted" otherwise.
    """

    id: int
    zh: list[Term]
    en: list[Term]
    frequency: int = 0
    consistency: float = 1.0
    confidence: float = 1.0
    context_zh: str = ""
    context_en: str = ""
    sources: list[str] = field(default_factory=list)
    note: str = ""
    origin: str = "extracted"

    @property
    def zh_term(self) -> str:
        return self.zh[0].text if self.zh else ""

    @property
    def en_term(self) -> str:
        return self.en[0].text if self.en else ""

    @property
    def pos(self) -> str:
        return self.en[0].pos if self.en else ""


@dataclass
class Glossary:
    """Entries in ranking order, with the language tags used on export."""

    entries: list[Entry]
    zh_lang: str = "zh-CN"
    en_lang: str = "en"
    title: str = "Glossary"
