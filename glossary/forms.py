"""Term forms: dictionary headwords, part of speech, short forms and acronyms, context.

Headwords: the most frequent surface form, lower case unless the text writes it as a
name (capitalised after a lower-case word: "the Conference of the Parties"; a span
capitalised only inside a longer name, "Transnational Organized Crime", is not one),
its plural head noun made singular with ``simplemma`` (MIT; imported on first use), with
the plural nouns before it ("States parties" → "State party"); a name only where the text
uses the singular too ("Member States" → "Member State", but United Nations).
Short forms and acronyms of a name: its leading capitalised words ("Conference",
"Working Group") and the initials of its capitalised words (UNODC), kept when a unit
holding the entry's Chinese term uses them without the full form; an acronym entry
gets the full form the text spells out as its preferred term.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping

from align.segment.sentences import split_sentences

from align.model import AlignedUnit
from .model import ACRONYM, ADMITTED, FULL_FORM, PREFERRED, SHORT_FORM, Entry, Term
from .normalize import en_key, zh_key
from .resources import lemmatizer
from .termpairs import Analysed, Occurrence, clean

_PREPOSITIONS = frozenset("of in on to for against by with from at".split())
_NAME_LINKS = frozenset("of on and for the against in to".split())
_POS_EN = {"NN": "noun", "NNS": "noun", "VBG": "noun", "NNP": "properNoun", "NNPS": "properNoun",
           "JJ": "adjective", "VBN": "adjective", "FW": "other"}
_CAPITALISED = re.compile(r"[A-Z][A-Za-z-]*")
_ACRONYM = re.compile(r"\b[A-Z]{2,}[a-z]?[A-Z]*\b")


def _en_tokens(a: Analysed, o: Occurrence):
    return a.en_tokens[o.en.start : o.en.end]


def is_proper(occurrences: list[Occurrence], analysed: list[Analysed]) -> bool | None:
    """Whether the text writes the span as a name: capitalised after a lower-case word in
    most such occurrences; None when no occurrence follows a lower-case word."""
    votes = []
    for o in occurrences:
        tokens = analysed[o.unit].en_tokens
        before = tokens[o.en.start - 1].text if o.en.start > 0 else ""
        if before[:1].isalpha() and before[:1].islower():
            votes.append(tokens[o.en.start].text[:1].isupper())
    return sum(votes) * 2 > len(votes) if votes else None


def _keep_case(word: str) -> bool:
    return sum(c.isupper() for c in word) > 1 or any(c.isdigit() for c in word)  # UNODC, COVID-19


def dictionary_form(forms: Counter, occurrences: list[Occurrence], analysed: list[Analysed], proper: bool | None) -> str:
    """Headword of an English term (see module docstring); ``proper``: `is_proper` of its occurrences."""
    form = min(forms.items(), key=lambda kv: (-kv[1], kv[0]))[0]
    sample = next((o for o in occurrences
                   if " ".join(t.text for t in _en_tokens(analysed[o.unit], o)) == form), occurrences[0])
    tokens = _en_tokens(analysed[sample.unit], sample)
    words, tags = [t.text for t in tokens], [t.pos for t in tokens]
    if proper is None and not _inside_name(occurrences, analysed):  # sentence-initial, heading, list
        proper = tags[:1] in (["NNP"], ["NNPS"]) or any(w[:1].isupper() for w in words[1:])
    if not proper:
        words = [w if _keep_case(w) else w.lower() for w in words]
    head_end = next((i for i, w in enumerate(words) if w.lower() in _PREPOSITIONS), len(words))
    singular = list(words)
    plural_next = False
    for i in range(head_end - 1, -1, -1):
        plural = tags[i] in ("NNS", "NNPS") or tags[i] == "NNP" and words[i].endswith("s") and proper
        lemma = lemmatizer().lemmatize(words[i].lower(), "en") if plural else words[i].lower()
        if plural and lemma != words[i].lower() and len(lemma) >= 3 and (i == head_end - 1 or plural_next):
            singular[i] = lemma[0].upper() + lemma[1:] if words[i][:1].isupper() else lemma
        plural_next = plural
    head = " ".join(singular[:head_end])
    if proper and head != " ".join(words[:head_end]) and not _attested(head, analysed):
        return " ".join(words)  # a name keeps its number unless the text uses the singular: United Nations
    return " ".join(singular)


def _attested(phrase: str, analysed: list[Analysed]) -> bool:
    """Whether the exact phrase occurs as words in the English of the corpus."""
    pattern = re.compile(rf"\b{re.escape(phrase)}\b")
    return any(phrase in a.unit.en_text and pattern.search(a.unit.en_text) for a in analysed)


def _inside_name(occurrences: list[Occurrence], analysed: list[Analysed]) -> bool:
    """Whether every occurrence follows a capitalised word (a part of a longer name)."""
    return all(o.en.start > 0 and analysed[o.unit].en_tokens[o.en.start - 1].text[:1].isupper()
               for o in occurrences)


def en_pos(analysed: list[Analysed], occurrences: list[Occurrence], proper: bool | None) -> str:
    """TBX part of speech of an English term: its head word's tag (a name is a proper noun;
    ``proper``: `is_proper` of its occurrences)."""
    o = occurrences[0]
    tokens = _en_tokens(analysed[o.unit], o)
    head = next((i for i, t in enumerate(tokens) if t.text.lower() in _PREPOSITIONS), len(tokens)) - 1
    pos = _POS_EN.get(tokens[max(head, 0)].pos, "") if tokens else ""
    if proper is None and not _inside_name(occurrences, analysed):
        proper = pos == "properNoun"
    return "properNoun" if proper else ("noun" if pos == "properNoun" else pos)


def zh_pos(a: Analysed, o: Occurrence) -> str:
    """TBX part of speech of a Chinese term from jieba's tag of its last word."""
    words = [t for t in a.zh_tokens[o.zh.start : o.zh.end] if t.content] or a.zh_tokens[o.zh.start : o.zh.end]
    flag = words[-1].pos if words else ""
    if flag in ("nr", "ns", "nt", "nz"):
        return "properNoun"
    if flag.startswith(("n", "vn", "j", "l", "i")) or a.zh_tokens[o.zh.end - 1].pos == "k":
        return "noun"
    if flag.startswith("v"):
        return "verb"
    if flag.startswith(("a", "b")):
        return "adjective"
    return "other" if flag else ""


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[:1].isupper() and w.lower() not in _NAME_LINKS)


def _short_form(name: str) -> str:
    words = name.split()
    lead = []
    for word in words:
        if not word[:1].isupper():
            break
        lead.append(word)
    return " ".join(lead) if 0 < len(lead) < len(words) else ""


def abbreviations(entry: Entry, units: list[AlignedUnit], spelled_out: Mapping[str, str]) -> list[Term]:
    """Short forms and acronyms of a name entry used in ``units`` (those holding one of its
    Chinese terms) without the full form; for an acronym entry, its spelled-out form in the
    corpus (``spelled_out``, from :func:`spelled_out_names`)."""
    full = entry.en[0]
    if full.pos != "properNoun":
        return []
    if full.text.isupper() and len(full.text) >= 3:
        spelled = spelled_out.get(full.text, "")
        if spelled:
            entry.en[0] = Term(spelled, PREFERRED, "properNoun", full.count, FULL_FORM)
            return [Term(full.text, ADMITTED, "properNoun", full.count, ACRONYM)]
        return []
    found = []
    full_key = en_key(full.text)
    for text, kind in ((_short_form(full.text), SHORT_FORM), (_initials(full.text), ACRONYM)):
        if not text or (kind == ACRONYM and len(text) < 3) or any(en_key(t.text) == en_key(text) for t in entry.en):
            continue
        key = en_key(text)
        pattern = re.compile(rf"\b{re.escape(text)}\b(?! of\b)" if kind == ACRONYM else
                             rf"(?<![^ ]){re.escape(key)}(?! of\b)(?![^ ])")
        for unit in units:
            en = en_key(clean(unit.en_text))
            if full_key not in en and pattern.search(unit.en_text if kind == ACRONYM else en):
                found.append(Term(text, ADMITTED, "properNoun", 0, kind))
                break
    if found:
        entry.en[0].type = FULL_FORM
    return found


def spelled_out_names(units: list[AlignedUnit]) -> dict[str, str]:
    """Acronym → the first sequence of capitalised words in ``units`` (in their order) whose
    initials spell it: one pass over the corpus for every acronym entry."""
    link = "|".join(sorted(_NAME_LINKS))
    pattern = re.compile(rf"\b[A-Z][a-z]+(?:\s+(?:(?:{link})\s+)*[A-Z][a-z]+)+")
    names: dict[str, str] = {}
    for unit in units:
        for match in pattern.finditer(unit.en_text):
            words = match.group().split()
            for start in range(len(words)):
                if words[start].lower() in _NAME_LINKS:  # "The United Nations …" starts at United
                    continue
                candidate = " ".join(words[start:])
                while candidate and candidate.split()[-1].lower() in _NAME_LINKS:
                    candidate = candidate.rsplit(" ", 1)[0]
                names.setdefault(_initials(candidate), candidate)
    return names


def pick_contexts(entries: list[Entry], numbers: list[list[int]], units: list[AlignedUnit]) -> list[tuple[str, str]]:
    """For each entry, a sentence pair where its term is used, from its units (``numbers``, in
    order): both sentences hold a term of the entry, end like a sentence and have some length
    (not a heading); the best such pair by length, else its first unit. One pass over the units,
    each split into sentences once for all the entries looking in it."""
    looking: dict[int, list[int]] = defaultdict(list)  # unit number → the entries looking in it
    for k, entry_numbers in enumerate(numbers):
        for number in entry_numbers:
            looking[number].append(k)
    zh_keys = [[zh_key(t.text) for t in entry.zh] for entry in entries]
    en_keys = [[f" {en_key(t.text)} " for t in entry.en if t.status != "deprecated"] for entry in entries]
    best: list[tuple[str, str]] = [("", "")] * len(entries)
    best_score = [(-1, 0)] * len(entries)
    for number in sorted(looking):
        unit = units[number]
        zh_sentences = [(s, zh_key(s)) for s in split_sentences(clean(unit.zh_text), "zh")]
        en_sentences = [(s, f" {en_key(s)} ") for s in split_sentences(clean(unit.en_text), "en")]
        for k in looking[number]:
            if best_score[k] == (1, 0):
                continue  # a sentence of 25 words: none is better
            zh = next((s for s, key in zh_sentences if any(z in key for z in zh_keys[k])), "")
            en = next((s for s, key in en_sentences if any(e in key for e in en_keys[k])), "")
            if not zh or not en:
                continue
            words = len(en.split())
            sentence = zh.rstrip().endswith(("。", "；", "：")) and en.rstrip().endswith((".", ";", ":")) and words >= 8
            score = (int(sentence), -abs(words - 25))
            if score > best_score[k]:
                best[k], best_score[k] = (" ".join(zh.split()), " ".join(en.split())), score
    for k, entry_numbers in enumerate(numbers):
        if not best[k][0] and entry_numbers:
            first = units[entry_numbers[0]]
            best[k] = (" ".join(clean(first.zh_text).split()), " ".join(clean(first.en_text).split()))
    return best
