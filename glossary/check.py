"""Check a bilingual text against a glossary (Xbench / CheckMate style QA).

Issues, one per unit and term, in document order:

* ``forbidden-term`` (critical) — a deprecated English term used in a unit;
* ``key-term-mismatch`` (major) — a unit holds a glossary Chinese term but none of the
  English terms accepted for it;
* ``key-term-mismatch`` (minor) — the unit uses the entry's preferred Chinese term but
  renders it only by an English variant that goes with one of its Chinese synonyms
  (贩运人口 rendered "human trafficking", the rendering of 人口贩运).

Accepted English terms: for the preferred Chinese term of an entry with several
Chinese terms, the preferred English term, its short forms and acronyms; otherwise
every English term of the entry that is not deprecated. A short form ("Conference")
does not match where "of" follows it ("Conference of States Parties" is another name).

The QA glossary (:func:`qa_entries`) is chosen by status: approved entries, seeds and
entries of an existing termbase unless rejected, and candidates whose confidence
reaches ``min_confidence`` and whose English the corpus always used (consistency 1):
an entry its own corpus renders otherwise somewhere needs a reviser's approval first.

Matching: Chinese by substring after NFKC, whitespace removal and t2s; an occurrence
inside a longer glossary term's occurrence is checked with that longer term only.
English on word boundaries, case- and number-insensitive
(:func:`glossary.normalize.en_key`); an English term counts wherever it occurs, also
inside a longer one ("Working Group" in "Working Group on Trafficking in Persons").
Units with an empty side are skipped. The result depends only on the input.
"""
from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field

from align.model import AlignedUnit
from .model import ABBREVIATIONS, APPROVED, CANDIDATE, DEPRECATED, PREFERRED, REJECTED, VARIANT, Entry, Glossary
from .normalize import en_key, zh_key
from .termpairs import clean

KINDS = ("forbidden-term", "key-term-mismatch")
SEVERITIES = ("critical", "major", "minor")
QA_MIN_CONFIDENCE = 0.3  # default confidence a candidate entry needs to be checked


@dataclass
class Issue:
    """One problem in one unit; ``id`` is stable (kind, term, unit texts) for ignore lists."""

    kind: str
    severity: str
    zh: str  # the glossary source term found
    en: str  # the accepted target terms, " | "-separated, or the forbidden term
    unit: int  # 1-based unit number
    doc: str
    ref: str  # where the unit is: NAME.jsonl:LINE or NAME.tmx#tu=ID
    label: str
    zh_text: str
    en_text: str
    message: str
    found: list[str] = field(default_factory=list)  # English glossary terms of the entry found instead
    id: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


def qa_entries(glossary: Glossary, min_confidence: float = QA_MIN_CONFIDENCE) -> list[Entry]:
    """The entries a check enforces (see module docstring)."""
    chosen = []
    for entry in glossary.entries:
        if entry.review == REJECTED or not entry.zh or not entry.en:
            continue
        if (entry.review == APPROVED or entry.origin != "extracted"
                or entry.review == CANDIDATE and entry.confidence >= min_confidence and entry.consistency >= 1.0):
            chosen.append(entry)
    return chosen


def occurs(key: str, text: str, short: bool = False) -> bool:
    """Whether ``key`` occurs in ``text`` (both :func:`en_key` words) as whole words; a short
    form (``short``) not where " of" and a word boundary follow it (a regular expression per
    term would cost a compilation each)."""
    start = text.find(key)
    while start >= 0:
        end = start + len(key)
        if ((start == 0 or text[start - 1] == " ") and (end == len(text) or text[end] == " ")
                and not (short and text.startswith(" of", end) and not _word_char(text[end + 3 : end + 4]))):
            return True
        start = text.find(key, start + 1)
    return False


def _word_char(char: str) -> bool:
    """What a regular expression's \\w matches (a letter, digit or underscore); "" is none."""
    return bool(char) and (char.isalnum() or char == "_")


class TermRules:
    """Per entry: its Chinese keys and which English keys each accepts."""

    def __init__(self, entries: list[Entry]):
        self.entries = entries
        self.zh: list[tuple[str, int, bool]] = []  # (key, entry, preferred), longest first
        self.en: dict[int, list[tuple[str, bool, str]]] = {}  # entry → (key, short form?, type)
        self.forbidden: list[tuple[str, int]] = []
        for index, entry in enumerate(entries):
            keys = list(dict.fromkeys(k for t in entry.zh if (k := zh_key(t.text))))
            self.zh += [(k, index, n == 0 and len(keys) > 1) for n, k in enumerate(keys)]
            self.en[index] = [(k, t.type in ABBREVIATIONS, t.type if t.status != PREFERRED else PREFERRED)
                              for t in entry.en if t.status != DEPRECATED and (k := en_key(t.text))]
            self.forbidden += [(k, index) for t in entry.en if t.status == DEPRECATED and (k := en_key(t.text))]
        self.zh.sort(key=lambda z: (-len(z[0]), z[0], z[1]))
        self._by_first: dict[str, list[int]] = {}  # first character → indices into self.zh, in order
        for number, (key, _, _) in enumerate(self.zh):
            self._by_first.setdefault(key[0], []).append(number)

    def present(self, zh_text: str, nested: bool = False) -> dict[int, bool]:
        """Entries whose Chinese occurs outside longer matches (with ``nested``, anywhere)
        → whether only as the preferred term."""
        taken = [False] * len(zh_text)
        found: dict[int, bool] = {}
        numbers = sorted(n for c in set(zh_text) for n in self._by_first.get(c, ()))  # keys that may occur
        for key, entry, preferred in (self.zh[n] for n in numbers):
            start = zh_text.find(key)
            while start >= 0:
                if nested or not any(taken[start : start + len(key)]):
                    taken[start : start + len(key)] = [True] * len(key)
                    found[entry] = found.get(entry, True) and preferred
                start = zh_text.find(key, start + 1)
        return found

    def used(self, entry: int, en_text: str) -> list[tuple[str, str]]:
        """(key, type) of the entry's English terms that occur in ``en_text``."""
        return [(key, kind) for key, short, kind in self.en[entry] if occurs(key, en_text, short)]


def _issue_id(kind: str, zh: str, unit: AlignedUnit) -> str:
    text = "\0".join((kind, zh, zh_key(unit.zh_text), en_key(unit.en_text)))
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def check_units(units: list[AlignedUnit], glossary: Glossary, min_confidence: float = QA_MIN_CONFIDENCE,
                ignore: frozenset[str] = frozenset()) -> list[Issue]:
    """All issues of ``units`` against the QA entries of ``glossary``, in unit order;
    issues whose id is in ``ignore`` are left out."""
    entries = qa_entries(glossary, min_confidence)
    rules = TermRules(entries)
    issues: list[Issue] = []
    for number, unit in enumerate(units, 1):
        if not unit.zh_text.strip() or not unit.en_text.strip():
            continue
        zh_text, en_text = zh_key(clean(unit.zh_text)), en_key(clean(unit.en_text))
        for key, index in rules.forbidden:
            if occurs(key, en_text):
                issues.append(_make("forbidden-term", "critical", entries[index], number, unit, key,
                                    f"deprecated term '{key}' used", []))
        for index, preferred_only in sorted(rules.present(zh_text).items()):
            used = rules.used(index, en_text)
            entry = entries[index]
            if used and not (preferred_only and all(kind == VARIANT for _, kind in used)):
                continue
            expected = [t.text for t in entry.en if t.status != DEPRECATED and (t.type != VARIANT or not preferred_only)]
            if used:
                issues.append(_make("key-term-mismatch", "minor", entry, number, unit, " | ".join(expected),
                                    f"'{entry.zh_term}' rendered by the variant '{used[0][0]}' of a synonym; "
                                    f"preferred: '{entry.en_term}'", [k for k, _ in used]))
            else:
                issues.append(_make("key-term-mismatch", "major", entry, number, unit, " | ".join(expected),
                                    f"'{entry.zh_term}' without '{' | '.join(expected)}'", []))
    return [i for i in issues if i.id not in ignore]


def _make(kind: str, severity: str, entry: Entry, number: int, unit: AlignedUnit, en: str, message: str,
          found: list[str]) -> Issue:
    return Issue(kind, severity, entry.zh_term, en, number, unit.doc, unit.ref, unit.label, unit.zh_text, unit.en_text,
                 message, found, _issue_id(kind, entry.zh_term, unit))


def read_ignore(text: str) -> frozenset[str]:
    """Issue ids of an ignore list: the first word of each line, ``#`` comments skipped."""
    return frozenset(line.split()[0] for line in text.splitlines() if line.strip() and not line.startswith("#"))
