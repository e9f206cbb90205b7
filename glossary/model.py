"""The glossary data model: terms, concept entries, the glossary."""
from __future__ import annotations

from dataclasses import dataclass, field

PREFERRED = "preferred"
ADMITTED = "admitted"
DEPRECATED = "deprecated"
STATUSES = (PREFERRED, ADMITTED, DEPRECATED)

# termType values (TBX-Basic picklist)
FULL_FORM, SHORT_FORM, ACRONYM, VARIANT = "fullForm", "shortForm", "acronym", "variant"
ABBREVIATIONS = (SHORT_FORM, ACRONYM)

# review status of an entry
CANDIDATE, APPROVED, REJECTED = "candidate", "approved", "rejected"
REVIEW = (CANDIDATE, APPROVED, REJECTED)


@dataclass
class Term:
    """One term in one language; ``count`` is how often it was seen in this concept.

    ``pos``: "noun", "verb", "adjective", "properNoun", "other" or unknown ("");
    ``type``: a TBX termType (fullForm, shortForm, acronym, variant) or "".
    """

    text: str
    status: str = PREFERRED
    pos: str = ""
    count: int = 0
    type: str = ""


@dataclass
class Entry:
    """A concept: Chinese term(s), English term(s) and the evidence for the pairing.

    ``frequency`` counts the aligned units holding one of the Chinese terms;
    ``consistency`` is the share of those units whose English holds one of the
    accepted English terms; ``confidence`` in [0, 1] ranks entries; ``origin`` is
    "seed" for entries given by hand (they always win), "existing" for entries of a
    termbase merged with ``--existing``, and "extracted" otherwise; ``review`` is
    candidate, approved or rejected; ``new`` marks entries not in the existing termbase.
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
    review: str = CANDIDATE
    subject: str = ""
    definition: str = ""
    new: bool = True

    @property
    def zh_term(self) -> str:
        return self.zh[0].text if self.zh else ""

    @property
    def en_term(self) -> str:
        return self.en[0].text if self.en else ""

    @property
    def pos(self) -> str:
        return self.en[0].pos if self.en else ""

    @property
    def zh_pos(self) -> str:
        return self.zh[0].pos if self.zh else ""


@dataclass
class Glossary:
    """Entries in ranking order, with the language tags used on export."""

    entries: list[Entry]
    zh_lang: str = "zh-CN"
    en_lang: str = "en"
    title: str = "Glossary"
