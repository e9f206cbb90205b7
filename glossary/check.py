"""Check a bilingual text against a glossary (Xbench / CheckMate style).

Issues:

* ``key-term-mismatch`` — a unit holds a glossary source term but none of the
  target terms accepted for it (preferred or admitted);
* ``inconsistent-target`` — one source term rendered, across units, both by its
  own target terms and by another glossary target term (attributed only when a
  unit has exactly one unrendered source term and one unexplained target term);
* ``inconsistent-source`` — one target term used for source terms of different
  glossary entries;
* ``forbidden-term`` — a deprecated target term used in a unit.

Matching: Chinese by substring after NFKC, whitespace removal and t2s, longest
glossary term first without overlap (缔约方会议 inside a longer listed name does
not count); English on word boundaries, case- and number-insensitive
(:func:`glossary.normalize.en_key`). Units with an empty side are skipped.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass

from .inputs import TextUnit
from .model import DEPRECATED, Glossary
from .normalize import en_key, zh_key
from .pairing import clean

KINDS = ("key-term-mismatch", "inconsistent-target", "inconsistent-source", "forbidden-term")


@dataclass
class Issue:
    kind: str
    zh: str
    en: str
    units: list[int]  # 1-based unit numbers
    docs: list[str]
    message: str

    def as_dict(self) -> dict:
        return asdict(self)


def _find_zh(text: str, terms: list[tuple[str, int]]) -> list[int]:
    """Entries whose zh key occurs in ``text``, longest first, without overlap."""
    taken = [False] * len(text)
    found = []
    for key, entry in terms:
        start = text.find(key)
        while start >= 0:
            if not any(taken[start : start + len(key)]):
                taken[start : start + len(key)] = [True] * len(key)
                found.append(entry)
            start = text.find(key, start + 1)
    return found


def _find_en(text: str, terms: list[tuple[str, int]]) -> dict[str, int]:
    """English keys occurring in ``text`` (longest first, each occurrence blanked out)."""
    padded, found = f" {text} ", {}
    for key, entry in terms:
        needle = f" {key} "
        if needle in padded:
            found[key] = entry
            padded = padded.replace(needle, " \0 ")
    return found


def check_units(units: list[TextUnit], glossary: Glossary) -> list[Issue]:
    """All issues of ``units`` against ``glossary``."""
    entries = glossary.entries
    zh_terms = sorted({(zh_key(t.text), i) for i, e in enumerate(entries) for t in e.zh if zh_key(t.text)},
                      key=lambda p: -len(p[0]))
    accepted = {i: {en_key(t.text) for t in e.en if t.status != DEPRECATED} for i, e in enumerate(entries)}
    en_terms = sorted({(k, i) for i, keys in accepted.items() for k in keys if k}, key=lambda p: -len(p[0]))
    forbidden = sorted({(en_key(t.text), i) for i, e in enumerate(entries) for t in e.en
                        if t.status == DEPRECATED}, key=lambda p: -len(p[0]))
    issues: list[Issue] = []
    renderings: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    sources: dict[str, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    for number, unit in enumerate(units, 1):
        if not unit.zh.strip() or not unit.en.strip():
            continue
        zh_text, en_text = zh_key(clean(unit.zh)), en_key(clean(unit.en))
        present = _find_zh(zh_text, zh_terms)
        used = _find_en(en_text, en_terms)
        for key, entry in _find_en(en_text, forbidden).items():
            issues.append(Issue("forbidden-term", entries[entry].zh_term, key, [number], [unit.doc],
                                f"deprecated term '{key}' used"))
        unexplained = [k for k in used if not any(k in accepted[e] for e in present)]
        unrendered = [e for e in dict.fromkeys(present) if not accepted[e] & set(used)]
        for entry in dict.fromkeys(present):
            own = sorted(k for k in used if k in accepted[entry])
            if not own and len(unrendered) == 1 and len(unexplained) == 1:
                own = unexplained  # the one unexplained target term renders the one unrendered source term
            for key in own:
                renderings[entry][key].append(number)
                sources[key][entry].append(number)
            if entry in unrendered:
                expected = " | ".join(t.text for t in entries[entry].en if t.status != DEPRECATED)
                issues.append(Issue("key-term-mismatch", entries[entry].zh_term, expected, [number],
                                    [unit.doc], f"'{entries[entry].zh_term}' without '{expected}'"))
    issues += _inconsistencies(entries, accepted, renderings, sources, units)
    return issues


def _inconsistencies(entries, accepted, renderings, sources, units) -> list[Issue]:
    issues = []
    for entry, by_key in renderings.items():
        foreign = [k for k in by_key if k not in accepted[entry]]
        if foreign and len(by_key) > 1:
            numbers = sorted({n for ns in by_key.values() for n in ns})
            detail = ", ".join(f"'{k}' ×{len(ns)}" for k, ns in sorted(by_key.items()))
            issues.append(Issue("inconsistent-target", entries[entry].zh_term, " | ".join(sorted(by_key)),
                                numbers, sorted({units[n - 1].doc for n in numbers}),
                                f"'{entries[entry].zh_term}' rendered as {detail}"))
    for key, by_entry in sources.items():
        if len(by_entry) > 1:
            numbers = sorted({n for ns in by_entry.values() for n in ns})
            detail = ", ".join(f"'{entries[e].zh_term}' ×{len(ns)}" for e, ns in by_entry.items())
            issues.append(Issue("inconsistent-source", " | ".join(entries[e].zh_term for e in by_entry), key,
                                numbers, sorted({units[n - 1].doc for n in numbers}),
                                f"'{key}' used for {detail}"))
    return issues
