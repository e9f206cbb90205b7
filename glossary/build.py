"""Build a glossary from aligned units: pairs → entries, ranked, seeds applied.

Confidence (the ranking) = mean pair score × consistency × a frequency factor
in which occurrences nested in a longer pair of their unit count a tenth (the
C-value idea: 领事官员 only inside 外交和领事官员 is no term of its own) ×
termhood (single words lose it with their general-language jieba count) ×
shape (long candidates, coordinations and 的 phrases are more often phrases).
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from .inputs import TextUnit
from .lexicon import is_transliteration
from .model import ADMITTED, PREFERRED, Entry, Glossary, Term
from .normalize import en_key, zh_key
from .pairing import PairStats, collect_pairs

MIN_ENTRY_SCORE = 0.75  # mean pair score an entry needs
VARIANT_SHARE = 0.2  # an en rendering this share of the zh term's uses is a variant
GENERAL_FREQ_SCALE = 100  # jieba dictionary count from which a single word loses termhood
GENERIC_FREQ = 1500  # jieba dictionary count from which a single word is never an entry
NESTED_WEIGHT = 0.1  # an occurrence inside a longer pair counts this much (C-value idea)
SHAPE_WORDS = 3  # English content words from which a longer candidate is less term-like
SHAPE_LINKED = 0.7  # factor for a coordination or a 的 phrase

_SENTENCE_ZH = re.compile(r"[^。；！？\n]*[。；！？]?")
_SENTENCE_EN = re.compile(r"[^\n]*?(?:[.;!?](?=\s+[A-Z(\"“])|[.;!?]?$)")
_EN_FUNCTION = frozenset("of in on to for against and the by with from at as".split())
_POS = {"NN": "noun", "NNS": "noun", "NNP": "properNoun", "NNPS": "properNoun", "VBG": "noun",
        "JJ": "adjective", "VBN": "adjective", "FW": "other"}


@dataclass
class BuildOptions:
    """Settings of ``align glossary build`` (defaults are the CLI's)."""

    min_freq: int = 1
    top: int = 0  # 0: all entries
    min_confidence: float = 0.0
    zh_lang: str = "zh-CN"


@lru_cache(maxsize=1)
def _general_freq() -> dict[str, int]:
    import jieba

    jieba.initialize()
    return jieba.dt.FREQ


def termhood(zh: str, words: int) -> float:
    """1 for multi-word or rare terms, lower for common single words (jieba counts)."""
    if words > 1:
        return 1.0
    count = _general_freq().get(zh, 0) or 0
    return 1 / (1 + math.log10(1 + count / GENERAL_FREQ_SCALE))


def shape(zh: str, en: str) -> float:
    """1 for short, simple candidates; lower for long ones (terms are mostly two or three
    words) and for coordinations or 的 phrases, which are more often free phrases."""
    content = [w for w in en.split() if w.lower() not in _EN_FUNCTION]
    factor = 1 / (1 + 0.5 * max(0, len(content) - SHAPE_WORDS))
    if " and " in f" {en.lower()} " or any(c in zh for c in "的和与及"):
        factor *= SHAPE_LINKED
    return factor


def _generic(entry: Entry, words: int) -> bool:
    """A general-language single word (jieba count ≥ GENERIC_FREQ), a bare English
    gerund or participle (providing, strengthening) or a name written in pinyin
    (孟庆甜 = Meng Qingtian): not glossary material."""
    en = entry.en_term
    if is_transliteration(entry.zh_term, en):
        return True
    if " " not in en and en.islower() and "-" not in en and en.endswith(("ing", "ed")):
        return True
    return words == 1 and (_general_freq().get(entry.zh_term, 0) or 0) >= GENERIC_FREQ


def _sentence(text: str, needle: str, pattern: re.Pattern, key) -> str:
    """The sentence of ``text`` that holds ``needle`` (compared by key), else the text."""
    wanted = key(needle)
    for match in pattern.finditer(text):
        if match.group().strip() and wanted in key(match.group()):
            return match.group().strip()
    return text.strip()


def _pick_form(forms: Counter) -> str:
    """Most frequent surface form; a sentence-initial capital is lowered if it is the only reason."""
    form = forms.most_common(1)[0][0]
    if form[:1].isupper() and form[1:2].islower() and not any(w[:1].isupper() for w in form.split()[1:]):
        lowered = form[0].lower() + form[1:]
        if any(f == lowered for f in forms) or len(form.split()) > 1:
            return lowered
    return form


def _entry(zh: str, renderings: dict[str, PairStats], units: list[TextUnit], words: int) -> Entry | None:
    ranked = sorted(renderings.items(), key=lambda kv: (-kv[1].count, -kv[1].mean_score))
    total = sum(s.count for s in renderings.values())
    best = ranked[0][1]
    if best.mean_score < MIN_ENTRY_SCORE:
        return None
    variants = [s for _, s in ranked[1:] if s.count >= 2 and s.count >= VARIANT_SHARE * total
                and s.mean_score >= MIN_ENTRY_SCORE]
    en_terms = [Term(_pick_form(s.en_forms), PREFERRED if i == 0 else ADMITTED,
                     _POS.get(s.occurrences[0].en_pos, ""), s.count)
                for i, s in enumerate([best] + variants)]
    zh_form = best.zh_forms.most_common(1)[0][0]
    consistency = best.count / total
    frequency = sum(s.count for s in [best] + variants)
    weight = sum(s.free + NESTED_WEIGHT * (s.count - s.free) for s in [best] + variants)
    confidence = (best.mean_score * (0.5 + 0.5 * consistency) * (1 - 0.75 ** weight)
                  * termhood(zh_form, words) * shape(zh_form, en_terms[0].text))
    first = units[best.occurrences[0].unit]
    return Entry(
        id=0, zh=[Term(zh_form, PREFERRED, count=frequency)], en=en_terms,
        frequency=frequency, consistency=round(consistency, 3), confidence=round(confidence, 3),
        context_zh=_sentence(first.zh, zh_form, _SENTENCE_ZH, zh_key),
        context_en=_sentence(first.en, en_terms[0].text, _SENTENCE_EN, en_key),
        sources=sorted({units[o.unit].doc for s in [best] + variants for o in s.occurrences}),
    )


def build_glossary(units: list[TextUnit], options: BuildOptions | None = None,
                   seeds: list[Entry] | None = None) -> Glossary:
    """The glossary of ``units``: extracted entries ranked by confidence, seeds first."""
    options = options or BuildOptions()
    _, table = collect_pairs(units)
    entries = []
    for zh, renderings in table.items():
        any_stats = next(iter(renderings.values()))
        occurrence = any_stats.occurrences[0]
        entry = _entry(zh, renderings, units, occurrence.zh.end - occurrence.zh.start)
        if (entry and entry.frequency >= options.min_freq and entry.confidence >= options.min_confidence
                and not _generic(entry, occurrence.zh.end - occurrence.zh.start)):
            entries.append(entry)
    entries.sort(key=lambda e: (-e.confidence, -e.frequency, e.zh_term))
    entries = apply_seeds(entries, seeds or [])
    if options.top:
        entries = entries[: options.top]
    for number, entry in enumerate(entries, 1):
        entry.id = number
    return Glossary(entries, zh_lang=options.zh_lang)


def apply_seeds(entries: list[Entry], seeds: list[Entry]) -> list[Entry]:
    """Seed entries first; extracted entries sharing a zh or en term with a seed are dropped."""
    zh_keys = {zh_key(t.text) for s in seeds for t in s.zh}
    en_keys = {en_key(t.text) for s in seeds for t in s.en}
    kept = [e for e in entries
            if not ({zh_key(t.text) for t in e.zh} & zh_keys or {en_key(t.text) for t in e.en} & en_keys)]
    return list(seeds) + kept
