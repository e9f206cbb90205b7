"""Build a glossary from aligned units: pairs → concepts → entries, ranked, seeds applied.

1. Each Chinese candidate's renderings (:mod:`pairing`) give a concept: the best English
   term and the frequent other renderings.
2. One entry per concept: concepts with the same preferred English are one entry (of two
   nested Chinese spans, the shorter is a fragment when it is found mostly inside the longer,
   议程 in 议程项目, else the longer is overlong, 联合调查小组和专门调查 for "joint investigation";
   spans not nested are synonyms: 受害人/受害者); Chinese terms made of the same words in
   another order are synonyms (贩运人口/人口贩运, 人口贩运议定书/贩运人口问题议定书), their English
   terms joining. Phrases built of entries are dropped (:func:`_drop_phrases`).
3. Short forms and acronyms of names (:mod:`forms`): "Conference" for "Conference of the
   Parties", UNODC for "United Nations Office on Drugs and Crime", when the text uses them
   for the entry's Chinese term.
4. Headwords in dictionary form (:mod:`forms`): singular, lower case unless a name.
5. Frequency and consistency over all aligned units, by the matching ``align check``
   uses: the units holding a Chinese term, and the share of those whose English holds
   one of the accepted English terms.
6. Confidence (the ranking) = mean pair score × consistency × a frequency factor in
   which occurrences nested in a longer pair count a tenth (the C-value idea), and which is 0
   for a term seen only as a title, a unit that is the term alone beside its label (组织事项:
   the name of a part of the document, never used in its text), or in bracketed cross-references
   (（见附件）) × the share of occurrences not counted (许多发言者 = many speakers) ×
   termhood (how much more frequent the term is here than in general language, both
   languages, wordfreq) × shape (long candidates, coordinations and 的 phrases are more
   often phrases).
"""
from __future__ import annotations

import gc
import re
from collections import Counter, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np

from align.config import GlossaryConfig
from align.segment.labels import split_label
from align.similarity.chinese import load_jieba

from .candidates import ZH_PREFIX, Token, zh_tokens
from .check import TermRules
from .forms import abbreviations, dictionary_form, en_pos, is_proper, pick_contexts, spelled_out_names, zh_pos
from align.model import AlignedUnit
from .glosses import is_transliteration
from .model import ADMITTED, APPROVED, PREFERRED, REJECTED, VARIANT, Entry, Glossary, Term
from .normalize import en_key, zh_key
from .termpairs import Analysed, Occurrence, PairStats, clean, collect_pairs, each_unit
from .termhood import specificity

MIN_ENTRY_SCORE = 0.75  # mean pair score an entry needs
VARIANT_SHARE = 0.2  # an en rendering this share of the zh term's uses is a variant
GENERIC_FREQ = 1500  # jieba dictionary count from which a single word is never an entry
NESTED_WEIGHT = 0.1  # an occurrence inside a longer pair counts this much (C-value idea)
SHAPE_WORDS = 3  # English content words from which a longer candidate is less term-like
SHAPE_LINKED = 0.7  # factor for a coordination or a 的 phrase
SHAPE_SINGLE = 0.5  # factor for a single common English word
CONTINUATION_WORDS = 6  # words after a term that may complete it (see _with_continuation)
BOUND_PREFIXES = ZH_PREFIX | {"多", "具有"}  # 多学科 = multidisciplinary, 具有成本效益 = cost-effective
LIGHT_ZH = frozenset("问题 的 方面".split())  # words a synonym may add or drop (贩运人口问题议定书)

_TITLES = frozenset("mr ms mrs dr".split())
_BEFORE_TO = frozenset("relating related according pursuant due owing prior contrary".split())  # X to: a preposition
_EDGE = "：:。；;，,.、()（）[]【】“”\"'"  # punctuation around a title
_DIGIT = re.compile(r"\d")
_JOINERS = ("和", "与", "及")  # words joining two Chinese terms or verbs
_EN_FUNCTION = frozenset("of in on to for against and the by with from at as".split())


@dataclass
class _Concept:
    """Pairs gathered for one entry: zh key → its stats by en key."""

    zh: dict[str, dict[str, PairStats]]
    en_key: str  # preferred English key
    score: float  # mean pair score of the preferred pair
    count: int

    @property
    def free(self) -> int:
        """Occurrences not nested in a longer pair of their unit."""
        return sum(not o.nested for o in self.occurrences())

    def occurrences(self) -> list[Occurrence]:
        return [o for by_en in self.zh.values() for s in by_en.values() for o in s.occurrences]


def _general_freq() -> dict[str, int]:
    return load_jieba().dt.FREQ


def shape(zh: str, en: str, pos: str = "") -> float:
    """1 for short, simple candidates; lower for long ones (terms are mostly two or three
    words), for coordinations or 的 phrases, which are more often free phrases, and for a
    single common word (speaker, annex, topic: single-word candidates are more often general
    vocabulary than multi-word ones; names, acronyms and hyphenated words aside)."""
    content = [w for w in en.split() if w.lower() not in _EN_FUNCTION]
    factor = 1 / (1 + 0.5 * max(0, len(content) - SHAPE_WORDS))
    if len(en.split()) == 1 and pos != "properNoun" and en.islower() and "-" not in en:
        factor *= SHAPE_SINGLE
    if " and " in f" {en.lower()} " or any(c in zh for c in "的和与及"):
        factor *= SHAPE_LINKED
    return factor


def _generic(zh: str, en: str, stats: PairStats, analysed: list[Analysed]) -> bool:
    """A general-language single word (jieba count ≥ GENERIC_FREQ), a bare English
    participle, a bare gerund the text uses as a verb, with an object (providing
    assistance, strengthening the capacity; sentencing stays), or a name written in pinyin
    (孟庆甜 = Meng Qingtian): not glossary material."""
    if is_transliteration(zh, en):
        return True
    if " " not in en and en.islower() and "-" not in en and (
            en.endswith("ed") or en.endswith("ing") and _verbal(stats, analysed)):
        return True
    first = stats.occurrences[0]
    place = analysed[first.unit].zh_tokens[first.zh.start].pos == "ns"  # 南非 = South Africa is a name
    return first.zh.end - first.zh.start == 1 and not place and (_general_freq().get(zh, 0) or 0) >= GENERIC_FREQ


def _verbal(stats: PairStats, analysed: list[Analysed]) -> bool:
    """Whether a one-word English span is followed by an object (a determiner, pronoun,
    adjective, number or noun) in at least half of its occurrences."""
    objects = 0
    for o in stats.occurrences:
        tokens = analysed[o.unit].en_tokens
        objects += o.en.end < len(tokens) and tokens[o.en.end].pos.startswith(("DT", "PRP", "JJ", "CD", "NN"))
    return 2 * objects >= len(stats.occurrences)


def _name_fragment(stats: PairStats, analysed: list[Analysed]) -> bool:
    """A capitalised English span followed by "of" and a capitalised word in every occurrence,
    a piece of a longer name (Mechanism for the Review | of the Implementation …): a rendering
    to use only when there is no other (United Kingdom | of Great Britain is also a short form)."""
    def inside(o: Occurrence) -> bool:
        tokens = analysed[o.unit].en_tokens
        after = [t.text for t in tokens[o.en.end : o.en.end + 3]]
        return (all(t.text[:1].isupper() for t in tokens[o.en.start : o.en.end] if t.content)
                and after[:1] == ["of"] and any(w[:1].isupper() for w in after[1:]))
    return all(inside(o) for o in stats.occurrences)


def _inverted_name_part(stats: PairStats, analysed: list[Analysed]) -> bool:
    """An English span followed by a dangling "of" (then a bracket or punctuation) in every
    occurrence: the part of an inverted name, "Venezuela (Bolivarian Republic of)", that names
    nothing alone (Bolivarian Republic); never a rendering."""
    def dangling(o: Occurrence) -> bool:
        after = analysed[o.unit].en_tokens[o.en.end : o.en.end + 2]
        return len(after) == 2 and after[0].text == "of" and not after[1].text[:1].isalnum()
    return all(dangling(o) for o in stats.occurrences)


def _copied(stats: PairStats, analysed: list[Analysed]) -> bool:
    """An English span written as it is in the Chinese text outside the Chinese span, in most
    occurrences (COVID-19 for 大流行 in 2019冠状病毒病(COVID-19)大流行): the Chinese text's own
    Latin words translate it."""
    copied, left = 0, len(stats.occurrences)
    for o in stats.occurrences:
        if 2 * copied > len(stats.occurrences) or 2 * (copied + left) <= len(stats.occurrences):
            break  # decided
        left -= 1
        a = analysed[o.unit]
        words = [t.text for t in a.en_tokens[o.en.start : o.en.end] if t.content]
        if words:
            text, offsets = a.zh_text
            start, end = offsets[o.zh.start], offsets[o.zh.end]
            copied += all(text.find(w, 0, start) >= 0 or text.find(w, end) >= 0 for w in words)
    return 2 * copied > len(stats.occurrences)


def _verb_object(stats: PairStats, analysed: list[Analysed]) -> bool:
    """Two Chinese words in the order of an English "X of Y" (利用资源 = use of resources, 动员社会 =
    mobilization of society): Chinese noun phrases put their head last (工作安排 = organization
    of work), so a first word rendering the English head X is a verb before its object, a free
    combination, not a term."""
    o = stats.occurrences[0]
    a = analysed[o.unit]
    words = [k for k in range(o.zh.start, o.zh.end) if not a.zh_tokens[k].text.isspace()]
    english = [t.text for t in a.en_tokens[o.en.start : o.en.end]]
    if len(words) != 2 or "of" not in english[1:-1] or a.links is None:
        return False
    of = o.en.start + english.index("of")
    return bool(a.links[words[0], o.en.start : of].any() and a.links[words[1], of + 1 : o.en.end].any())


def _personal_name(stats: PairStats, analysed: list[Analysed]) -> bool:
    """An English span after Mr./Ms./Mrs./Dr. is a person's name (Ms. Phoebe Blagg)."""
    return any(o.en.start > 0 and analysed[o.unit].en_tokens[o.en.start - 1].text.lower().rstrip(".")
               in _TITLES for o in stats.occurrences)


def _concepts(table: dict[str, dict[str, PairStats]], analysed: list[Analysed]) -> list[_Concept]:
    """One concept per Chinese candidate whose best rendering is reliable."""
    concepts = []
    for zh, renderings in table.items():
        renderings = {k: s for k, s in renderings.items() if not _inverted_name_part(s, analysed)}
        if not renderings:
            continue
        renderings = {k: s for k, s in renderings.items()
                      if not (_name_fragment(s, analysed) or _copied(s, analysed))} or renderings
        means = {k: s.mean_score for k, s in renderings.items()}
        en, best = min(renderings.items(), key=lambda kv: (-kv[1].count, -means[kv[0]], kv[0]))
        if (means[en] < MIN_ENTRY_SCORE or _generic(zh, en, best, analysed)
                or _personal_name(best, analysed) or _copied(best, analysed)
                or _verb_object(best, analysed)):
            continue
        kept = {k: s for k, s in renderings.items() if k == en or means[k] >= MIN_ENTRY_SCORE}
        concepts.append(_Concept({zh: kept}, en, means[en], sum(s.count for s in kept.values())))
    return concepts


def _merge(into: _Concept, other: _Concept) -> None:
    for zh, by_en in other.zh.items():
        into.zh.setdefault(zh, {}).update({k: v for k, v in by_en.items() if k not in into.zh.get(zh, {})})
    into.count += other.count


def _alone(short: _Concept, long: _Concept) -> int:
    """Occurrences of ``short`` not inside an occurrence of ``long`` in the same unit."""
    outer: dict[int, set[tuple[int, int]]] = defaultdict(set)  # unit → its spans of ``long``
    for o in long.occurrences():
        outer[o.unit].add((o.zh.start, o.zh.end))
    return sum(not any(a <= o.zh.start and o.zh.end <= b for a, b in outer.get(o.unit, ()))
               for o in short.occurrences())


def _group(concepts: list[_Concept], analysed: list[Analysed]) -> list[_Concept]:
    """One concept per preferred English (fragments dropped, synonyms merged), then
    Chinese synonyms of the same words in another order merged."""
    by_en: dict[str, list[_Concept]] = defaultdict(list)
    for c in concepts:
        by_en[c.en_key].append(c)
    grouped = []
    for group in by_en.values():
        group.sort(key=lambda c: (-c.count, -round(c.score, 6), -len(next(iter(c.zh))), next(iter(c.zh))))
        head = group[0]
        for other in group[1:]:
            zh = next(iter(other.zh))
            if not any(zh in kept or kept in zh for kept in head.zh):
                _merge(head, other)
            elif any(kept in zh for kept in head.zh):
                if _alone(head, other) < other.count and _explains_more(other, next(iter(head.zh)), analysed):
                    head = other  # the shorter span is mostly inside the longer one: 议程 in 议程项目
            elif not _explains_more(head, zh, analysed):
                head = other  # the longer one only adds words around the shorter: 运作的标准作业程序
        grouped.append(head)
    by_words: dict[tuple, _Concept] = {}
    result = []
    for c in sorted(grouped, key=lambda c: (-c.count, c.en_key)):
        words = [t.text for t in zh_tokens(next(iter(c.zh))) if t.text not in LIGHT_ZH and not t.text.isspace()]
        bag = tuple(sorted(words)) if len(words) > 1 else None
        if bag and bag in by_words:
            _merge(by_words[bag], c)
            continue
        if bag:
            by_words[bag] = c
        result.append(c)
    return result


def _explains_more(longer: _Concept, shorter: str, analysed: list[Analysed]) -> bool:
    """Whether ``longer`` is a longer term than ``shorter``, not a phrase around it: the words it
    adds hold no linking word (的, 和, 与, 及: 议程项目 = agenda item), or they render English
    words of the shared English term that ``shorter`` does not (外交 = diplomatic in 外交和领事使团),
    by the word links of the first unit holding the longer pair. Added words that only repeat
    what the shorter renders (运作的 before 标准作业程序, 作业 = operating; 调查小组和 before 专门调查)
    make a phrase."""
    o = longer.zh[next(iter(longer.zh))][longer.en_key].occurrences[0]
    a = analysed[o.unit]
    tokens = a.zh_tokens[o.zh.start : o.zh.end]
    text = "".join(t.text for t in tokens)
    begin = text.find(shorter)
    extra = text.replace(shorter, "", 1)
    if begin < 0 or not any(c in extra for c in "的和与及"):
        return True
    if any(c in extra for c in "和与及") and " and " in f" {longer.en_key} ":
        return True  # the English is a coordination too: 外交和领事使团 = diplomatic and consular missions
    links = a.links[o.zh.start : o.zh.end, o.en.start : o.en.end] > 0
    offsets = np.cumsum([0] + [len(t.text) for t in tokens])
    inner = (offsets[:-1] >= begin) & (offsets[1:] <= begin + len(shorter))
    return bool((links[~inner].any(axis=0) & ~links[inner].any(axis=0)).any())


def _drop_phrases(concepts: list[_Concept], candidates: list[_Concept], analysed: list[Analysed]) -> list[_Concept]:
    """Without phrases built of other entries: a piece of a capitalised name seen more than once
    and never outside a longer pair (跨国 = Transnational, the C-value idea), a coordination or 的 phrase of two noun candidates (议题的建议 = recommendation on the topic)
    (缔约国和观察员 = States parties and observers), two entries' English joined by "to" or, the
    second a name or of several words, by "and" or "or" (South Africa and UNODC), or a verb–object
    phrase (:func:`_drop_predicates`)."""
    nouns = {zh for c in candidates for zh in c.zh if _head_pos(c, analysed) in ("NN", "NNS", "NNP", "NNPS")}
    english = {c.en_key for c in concepts}
    names = {c.en_key for c in concepts if _head_pos(c, analysed) in ("NNP", "NNPS")}
    kept = []
    for c in _drop_predicates(concepts, analysed):
        if c.free == 0 and c.count > 1 and _capitalised(c, analysed):
            continue  # a piece of a longer name only, wherever seen: Transnational Organized
        parts = re.split(r" (and|or|to) ", c.en_key)
        if len(parts) == 3 and {parts[0], parts[2]} <= english and (
                parts[0].split()[-1] not in _BEFORE_TO if parts[1] == "to"
                else parts[2] in names or " " in parts[2]):
            continue  # two entries joined: South Africa and UNODC, sentencing to post-conviction (but
            # responsible recruitment policies and practices: a modifier shared by two heads)
        if _built_of(next(iter(c.zh)), nouns):
            continue
        kept.append(c)
    return kept


def _built_of(zh: str, nouns: set[str]) -> bool:
    """Whether a Chinese term is noun candidates joined by 和, 与, 及 or 的 (a light noun ending a
    piece aside): 联合调查和专门起诉方面的最佳做法 = joint investigations, specialized prosecution and
    best practices, a phrase of three entries."""
    pieces: list[list[str]] = [[]]
    for token in zh_tokens(zh):
        if token.text in _JOINERS or token.text == "的":
            pieces.append([])
        elif not token.text.isspace():
            pieces[-1].append(token.text)
    pieces = [p[:-1] if len(p) > 1 and p[-1] in LIGHT_ZH else p for p in pieces]
    return len(pieces) > 1 and {"".join(p) for p in pieces} <= nouns


def _capitalised(c: _Concept, analysed: list[Analysed]) -> bool:
    o = c.zh[next(iter(c.zh))][c.en_key].occurrences[0]
    return all(t.text[:1].isupper() for t in analysed[o.unit].en_tokens[o.en.start : o.en.end] if t.content)


def _head_pos(c: _Concept, analysed: list[Analysed]) -> str:
    o = c.zh[next(iter(c.zh))][c.en_key].occurrences[0]
    return analysed[o.unit].en_tokens[o.en.end - 1].pos


def _drop_predicates(concepts: list[_Concept], analysed: list[Analysed]) -> list[_Concept]:
    """Without verb–object phrases: a verb before another entry's Chinese term whose English
    (any of that term's renderings: 人口贩运 = human trafficking) is a word (not an adjective or participle) before that entry's English (打击贩运人口 =
    combat trafficking in persons, 审议议程项目 = consideration of agenda item) says something
    about a term; it is none.
    拟议工作安排 = proposed organization of work and 补充背景文件 stay, and so does a verb that is an
    entry itself with that English word (贩运罪犯 = trafficking offenders: 贩运 = trafficking).
    Verbs joined by 和 or 、 before an entry are a predicate too, whatever the English (禁止和惩治贩运人口,
    a piece of the Protocol's title)."""
    english: dict[str, set[str]] = defaultdict(set)
    for c in concepts:
        for zh, by_en in c.zh.items():
            english[zh].update({c.en_key, *by_en})
    kept = []
    for c in concepts:
        zh = next(iter(c.zh))
        tokens = [t for t in zh_tokens(zh) if not t.text.isspace()]
        verbs = _leading_verbs(tokens)
        rest = "".join(t.text for t in tokens[verbs:])
        ends = [k for k in sorted(english.get(rest, ())) if c.en_key.endswith(" " + k)]
        extra = c.en_key[: -len(ends[0])].split() if ends else []
        if verbs > 1 and ends:
            continue  # verbs joined before an entry: 禁止和惩治贩运人口 = Suppress and Punish Trafficking in Persons
        if (verbs == 1 and len(tokens) > 1 and (len(extra) == 1 or extra[1:] == ["of"])
                and extra[0] not in english.get(tokens[0].text, ())):  # a compound of two entries stays
            o = c.zh[zh][c.en_key].occurrences[0]
            if analysed[o.unit].en_tokens[o.en.start].pos not in ("JJ", "JJR", "VBN", "NNP", "NNPS"):
                continue  # a name (Sustainable Development Goals) is no predicate
        kept.append(c)
    return kept


def _leading_verbs(tokens: list[Token]) -> int:
    """How many tokens the verbs a Chinese term starts with take: 0, 1 (打击), or more for verbs
    joined by 和, 与, 及 or 、 (禁止和惩治)."""
    if not tokens or tokens[0].pos != "v":
        return 0
    k = 1
    while k + 1 < len(tokens) and tokens[k].text in _JOINERS + ("、",) and tokens[k + 1].pos.startswith("v"):
        k += 2
    return k


def _terms(concept: _Concept, analysed: list[Analysed]) -> tuple[list[Term], list[Term]]:
    """Chinese and English terms of a concept, most frequent first; headwords in dictionary form."""
    zh_counts = Counter({zh: sum(s.count for s in by_en.values()) for zh, by_en in concept.zh.items()})
    zh_forms: dict[str, Counter] = {zh: sum((s.zh_forms for s in by_en.values()), Counter())
                                    for zh, by_en in concept.zh.items()}
    en_stats: dict[str, list[PairStats]] = defaultdict(list)
    for by_en in concept.zh.values():
        for key, stats in by_en.items():
            en_stats[key].append(stats)
    en_counts = Counter({k: sum(s.count for s in v) for k, v in en_stats.items()})
    total = sum(en_counts.values())
    zh_order = sorted(zh_counts, key=lambda z: (-zh_counts[z], z))
    zh_terms = []
    for n, zh in enumerate(zh_order):
        occurrence = next(o for s in concept.zh[zh].values() for o in s.occurrences)
        form = _with_prefix(zh_forms[zh].most_common(1)[0][0], concept.zh[zh], analysed)
        stats = concept.zh[zh].get(concept.en_key)
        if stats and len(concept.en_key) >= 3 and all(f.isupper() for f in stats.en_forms):
            form = _with_continuation(form, concept.zh[zh], analysed)  # an acronym's Chinese full name
        zh_terms.append(Term(form, PREFERRED if n == 0 else ADMITTED, zh_pos(analysed[occurrence.unit], occurrence),
                             zh_counts[zh], "" if n == 0 else VARIANT))
    preferred_ens = {max(by_en, key=lambda k: (by_en[k].count, k)) for by_en in concept.zh.values()}
    en_order = sorted(en_counts, key=lambda k: (k != concept.en_key, -en_counts[k], k))
    en_terms, seen = [], set()
    for key in en_order:
        if key != concept.en_key and key not in preferred_ens and (
                en_counts[key] < 2 or en_counts[key] < VARIANT_SHARE * total):
            continue
        occurrences = [o for s in en_stats[key] for o in s.occurrences]
        forms = sum((s.en_forms for s in en_stats[key]), Counter())
        proper = is_proper(occurrences, analysed)
        text = dictionary_form(forms, occurrences, analysed, proper)
        if en_key(text) in seen:
            continue
        seen.add(en_key(text))
        en_terms.append(Term(text, PREFERRED if not en_terms else ADMITTED, en_pos(analysed, occurrences, proper),
                             en_counts[key], "" if not en_terms else VARIANT))
    return zh_terms, en_terms


def _definite(entry: Entry) -> bool:
    """An English common-noun phrase with "the" inside refers to something in the text
    (opening of the meeting, guidance of the Chair): a free phrase. Names may
    (Conference of the Parties)."""
    return " the " in f" {en_key(entry.en_term)} " and entry.en[0].pos != "properNoun"


def _with_prefix(form: str, by_en: dict[str, PairStats], analysed: list[Analysed]) -> str:
    """The form with the bound prefix (有, 可, 多) or the Latin-script word the English starts
    with that precedes it in every occurrence: 组织犯罪 → 有组织犯罪 (organized crime),
    学科方法 → 多学科方法 (multidisciplinary approach), 数据库 → DNA 数据库 (DNA database)."""
    occurrences = [o for s in by_en.values() for o in s.occurrences]
    before = {analysed[o.unit].zh_tokens[o.zh.start - 1].text if o.zh.start else "" for o in occurrences}
    prefix = next(iter(before)) if len(before) == 1 else ""
    if prefix in BOUND_PREFIXES:
        return prefix + form
    latin = {_latin_before(analysed[o.unit], o) for o in occurrences}
    return f"{latin.pop()} {form}" if len(latin) == 1 and "" not in latin else form


def _latin_before(a: Analysed, o: Occurrence) -> str:
    """The Latin-script word (and space) before the Chinese span when the English span
    starts with it (DNA 数据库 = DNA database), else ""."""
    tokens = a.zh_tokens
    if o.zh.start < 2 or not tokens[o.zh.start - 1].text.isspace() or tokens[o.zh.start - 2].pos != "eng":
        return ""
    word = tokens[o.zh.start - 2].text
    return word if a.en_tokens[o.en.start].text == word else ""


def _with_continuation(form: str, by_en: dict[str, PairStats], analysed: list[Analysed]) -> str:
    """The form with the nouns that follow it in every one of its (at least two) occurrences,
    for an acronym's Chinese name that the pairing cut short: 毒品 → 毒品和犯罪问题办公室 (UNODC).
    Only nouns and 和/与 may be added, ending on a noun."""
    occurrences = [o for s in by_en.values() for o in s.occurrences]
    if len(occurrences) < 2:
        return form
    follows = [analysed[o.unit].zh_tokens[o.zh.end : o.zh.end + CONTINUATION_WORDS] for o in occurrences]
    common = []
    for tokens in zip(*follows):
        if len({t.text for t in tokens}) > 1 or not (tokens[0].pos.startswith("n") or tokens[0].pos == "vn"
                                                     or tokens[0].text in ("和", "与")):
            break
        common.append(tokens[0])
    while common and not common[-1].pos.startswith("n"):
        common.pop()
    return form + "".join(t.text for t in common)


def _found(entries: list[Entry], units: list[AlignedUnit]) -> list[tuple[int, str, dict[int, bool]]]:
    """Per two-sided unit: its number, its English key and the entries whose Chinese terms it
    holds (also inside longer terms; see `TermRules.present`)."""
    rules = TermRules(entries)
    return [(number, en_key(clean(unit.en_text)), rules.present(zh_key(clean(unit.zh_text)), nested=True))
            for number, unit in enumerate(units) if unit.zh_text.strip() and unit.en_text.strip()]


def _coverage(entries: list[Entry], found: list[tuple[int, str, dict[int, bool]]]) -> dict[int, tuple[int, int, list[int]]]:
    """Per entry (index): units holding one of its Chinese terms (``found``, see :func:`_found`),
    units of those also holding an accepted English term, and their numbers."""
    rules = TermRules(entries)
    seen: dict[int, list[int]] = defaultdict(list)
    good: Counter = Counter()
    for number, en_text, present in found:
        for index, preferred_only in present.items():
            seen[index].append(number)
            used = rules.used(index, en_text)
            good[index] += bool(used) and not (preferred_only and all(k == VARIANT for _, k in used))
    return {i: (len(seen[i]), good[i], seen[i]) for i in range(len(entries))}


def _bare(a: Analysed) -> str:
    """The unit's Chinese key without the paragraph label it starts with (unless that is all of
    it: 附件) and the punctuation around: a unit that is one term alone is a title (1. 组织事项),
    where the term names a part of the document rather than being used in its text."""
    text = clean(a.unit.zh_text).strip()
    return zh_key(split_label(text)[1] or text).strip(_EDGE)


def _counted(concept: _Concept, analysed: list[Analysed]) -> float:
    """Share of a concept's occurrences counted, right after a quantifier written in characters
    (许多发言者 = many speakers, 几位, 一位, 一些; not a date: 2019冠状病毒病): a word counted names
    individuals of the text, the meeting's speakers, where a term names a kind (受害人, 贩运)."""
    occurrences = concept.occurrences()
    counted = 0
    for o in occurrences:
        before = analysed[o.unit].zh_tokens[o.zh.start - 1] if o.zh.start else None
        counted += (before is not None and before.pos.startswith(("m", "q")) and before.text not in BOUND_PREFIXES
                    and not _DIGIT.search(before.text))
    return counted / (len(occurrences) + 1)


def _referred(text: str, keys: set[str]) -> bool:
    """Whether every mention of the term in a unit's Chinese key is a cross-reference in brackets,
    (见附件) = (see annex): it points to a part of the document rather than using the term."""
    mentions = sum(text.count(k) for k in keys)
    return mentions > 0 and mentions == sum(text.count(f"(见{k}") for k in keys)


def _unexplained_variants(entry: Entry, numbers: list[int], analysed: list[Analysed], missing: int) -> list[Term]:
    """English variants the pairing missed: a candidate span recurring in the units where the
    entry's Chinese term has none of its English terms (at least twice, and in VARIANT_SHARE
    of those units), sharing a content word with the preferred term (human trafficking for
    人口贩运, rendered "trafficking in persons" elsewhere)."""
    accepted = [en_key(t.text) for t in entry.en]
    stems = {s for a_key in accepted for s in a_key.split()} - _EN_FUNCTION
    counts: Counter = Counter()
    forms: dict[str, Counter] = defaultdict(Counter)
    for n in numbers:
        a = analysed[n]
        en_text = f" {en_key(clean(a.unit.en_text))} "
        if any(f" {k} " in en_text for k in accepted):
            continue
        keys = {}
        for span in a.en_spans:
            if set(span.key.split()) & stems and len(span.key.split()) > 1:
                keys.setdefault(span.key, span.text)
        for key, text in keys.items():
            counts[key] += 1
            forms[key][text] += 1
    ranked = sorted(counts, key=lambda k: (-counts[k], -len(k), k))
    if not ranked or counts[ranked[0]] < max(2, VARIANT_SHARE * missing):
        return []
    key = ranked[0]
    text = forms[key].most_common(1)[0][0]
    words = text.split()
    text = " ".join(w if sum(c.isupper() for c in w) > 1 or i else w[0].lower() + w[1:] for i, w in enumerate(words))
    return [Term(text, ADMITTED, entry.en[0].pos, counts[key], VARIANT)]


def _entry(concept: _Concept, analysed: list[Analysed], sources: dict[str, str]) -> Entry:
    zh_terms, en_terms = _terms(concept, analysed)
    occurrences = concept.occurrences()
    docs = {analysed[o.unit].unit.doc for o in occurrences}
    return Entry(id=0, zh=zh_terms, en=en_terms, frequency=len({o.unit for o in occurrences}),
                 confidence=concept.score, sources=sorted({sources.get(d, d) for d in docs}))


@contextmanager
def collector_paused():
    """Python's cyclic garbage collector off while the block runs (as it was, after). A build
    holds millions of objects for its whole run (a token, span and occurrence each), which every
    full collection walks again (at 1,000 batch pairs: 11 walks, 6.4 s), and it makes no
    reference cycles: a collection after a build has almost nothing to free."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@collector_paused()
def build_glossary(units: list[AlignedUnit], options: GlossaryConfig | None = None,
                   seeds: list[Entry] | None = None, existing: list[Entry] | None = None,
                   sources: dict[str, str] | None = None,
                   analyses: list[tuple[Analysed, np.ndarray]] | None = None, each_unit=each_unit) -> Glossary:
    """The glossary of ``units``: extracted entries ranked by confidence, seeds first;
    with ``existing`` (a termbase the user has), merged with it (see :func:`merge_existing`);
    ``sources`` names each document's source (its UN symbol) for the entries, else its name;
    ``analyses``: the units' `termpairs.unit_analysis`, if made already; ``each_unit``: how
    the units are paired (see `termpairs.collect_pairs`)."""
    options = options or GlossaryConfig()
    analysed, table = collect_pairs(units, analyses, each_unit)
    candidates = _concepts(table, analysed)
    concepts = _drop_phrases(_group(candidates, analysed), candidates, analysed)
    entries = [_entry(c, analysed, sources or {}) for c in concepts]
    for entry, concept in zip(entries, concepts):
        if entry.en[0].pos == "properNoun":
            for term in entry.zh:
                term.pos = "properNoun"
    spelled_out = spelled_out_names(units)
    found = _found(entries, units)  # the Chinese terms do not change below, only the English ones
    for index, (seen, good, numbers) in _coverage(entries, found).items():
        entries[index].en += abbreviations(entries[index], [units[n] for n in numbers], spelled_out)
        if seen > good:
            entries[index].en += _unexplained_variants(entries[index], numbers, analysed, seen - good)
    coverage = _coverage(entries, found)
    titles = [_bare(a) for a in analysed]
    texts = [zh_key(clean(a.unit.zh_text)) for a in analysed]
    keys = [{zh_key(t.text) for t in entry.zh} for entry in entries]
    zh_total = sum(len(a.zh_tokens) for a in analysed) or 1
    en_total = sum(len(a.en_tokens) for a in analysed) or 1
    kept, kept_numbers = [], []
    for index, (entry, concept) in enumerate(zip(entries, concepts)):
        seen, good, numbers = coverage[index]
        if not seen or _definite(entry):
            continue
        weight = sum(1.0 if not o.nested else NESTED_WEIGHT for o in concept.occurrences())
        if all(titles[n] in keys[index] or _referred(texts[n], keys[index]) for n in numbers):
            weight = 0.0  # only a title or a cross-reference: a part of the document, never used in its text
        entry.frequency, entry.consistency = seen, round(good / seen, 3)
        termhood = specificity(entry.zh_term, seen / zh_total, "zh") * specificity(entry.en_term, seen / en_total, "en")
        entry.confidence = round(concept.score * entry.consistency * (1 - 0.75 ** weight) * termhood
                                 * shape(entry.zh_term, entry.en_term, entry.pos) * (1 - _counted(concept, analysed)), 3)
        entry.subject = options.subject
        if entry.frequency >= options.min_freq and entry.confidence >= options.min_confidence:
            kept.append(entry)
            kept_numbers.append(numbers)
    for entry, (zh, en) in zip(kept, pick_contexts(kept, kept_numbers, units)):
        entry.context_zh, entry.context_en = zh, en
    kept.sort(key=lambda e: (-e.confidence, -e.frequency, e.zh_term, e.en_term))
    kept = apply_seeds(kept, seeds or [])
    if existing is not None:
        kept = merge_existing(kept, existing)
    if options.top:
        kept = kept[: options.top]
    for number, entry in enumerate(kept, 1):
        entry.id = number
    return Glossary(kept, zh_lang=options.zh_lang, signature=options.signature())


def _keys(entry: Entry) -> tuple[set[str], set[str]]:
    return {zh_key(t.text) for t in entry.zh}, {en_key(t.text) for t in entry.en}


def apply_seeds(entries: list[Entry], seeds: list[Entry]) -> list[Entry]:
    """Seed entries first; extracted entries sharing a zh or en term with a seed are dropped."""
    zh_keys = {k for s in seeds for k in _keys(s)[0]}
    en_keys = {k for s in seeds for k in _keys(s)[1]}
    kept = [e for e in entries if not (_keys(e)[0] & zh_keys or _keys(e)[1] & en_keys)]
    return list(seeds) + kept


def merge_existing(entries: list[Entry], existing: list[Entry]) -> list[Entry]:
    """A termbase the user has, updated: each existing entry keeps its terms, statuses and
    review; an extracted entry sharing its preferred Chinese term (or any Chinese term and
    the preferred English) gives it fresh statistics and context and is not repeated; the
    others are added as new. Approved existing entries come first, rejected ones last."""
    by_zh: dict[str, Entry] = {}
    for old in existing:
        old.new = False
        if old.origin == "seed":
            old.origin = "existing"
        for key in _keys(old)[0]:
            by_zh.setdefault(key, old)
    added = []
    for entry in entries:
        zh_keys, en_keys = _keys(entry)
        match = by_zh.get(zh_key(entry.zh_term)) or next(
            (by_zh[k] for k in sorted(zh_keys) if k in by_zh and en_key(by_zh[k].en_term) in en_keys), None)
        if match is None:
            entry.new = True
            added.append(entry)
            continue
        for name in ("frequency", "consistency", "confidence", "context_zh", "context_en", "sources"):
            setattr(match, name, getattr(entry, name))
    order = {APPROVED: 0, REJECTED: 2}
    return sorted(existing + added, key=lambda e: (order.get(e.review, 1), e.new))
