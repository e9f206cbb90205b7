"""What the glossary reads from its dependencies, loaded only in the parts it needs.

* :func:`import_alone`: a module imported without the ``__init__`` of its packages
  (nltk's Porter stemmer without the rest of nltk, 0.3 s; TextBlob's English tagger without
  TextBlob's nltk-based classes).
* Large word tables (jieba's part-of-speech tags, wordfreq's frequency lists, simplemma's
  English lemmas) cached compactly, as the aligner caches CC-CEDICT: one marshal file per
  table, source version and format in the user cache directory, older ones removed; read as
  a :class:`SortedTable` (one string split into a sorted list, bisected) in about 20 ms where
  building the dictionaries the packages build takes 0.1–0.3 s each.
"""
from __future__ import annotations

import importlib
import importlib.machinery
import marshal
import re
import sys
import types
from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterator, Mapping
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from align.packages import package_folder
from align.similarity.chinese import best_ends, import_jieba, load_jieba
from align.similarity.dictionary import cache_path, write_cache

FORMAT = 1  # bump when a table's shape or content changes
V = TypeVar("V")


def import_alone(name: str) -> types.ModuleType:
    """Module ``name`` (``nltk.stem.porter``) imported without running the ``__init__`` of the
    packages above it that are not imported yet: they stand in as bare packages while it is
    imported and are removed after, so a later ``import nltk`` gets the real package (and
    finds the module already imported)."""
    if name in sys.modules:
        return sys.modules[name]
    parts = name.split(".")
    added = []
    try:
        for depth in range(1, len(parts)):
            package = ".".join(parts[:depth])
            if package in sys.modules:
                continue
            if depth == 1:
                locations = [str(package_folder(package))]
            else:
                locations = [str(Path(p) / parts[depth - 1]) for p in sys.modules[".".join(parts[: depth - 1])].__path__]
            stub = types.ModuleType(package)
            stub.__path__ = locations
            stub.__spec__ = importlib.machinery.ModuleSpec(package, None, is_package=True)
            stub.__spec__.submodule_search_locations = locations
            sys.modules[package] = stub
            added.append(package)
        return importlib.import_module(name)
    finally:
        for package in added:
            del sys.modules[package]


class SortedTable(Mapping[str, V]):
    """A read-only str → value table over sorted keys (bisect)."""

    def __init__(self, keys: list[str], values: list[V]):
        self._keys, self._values = keys, values

    def _find(self, key: str) -> int:
        k = bisect_left(self._keys, key)
        return k if k < len(self._keys) and self._keys[k] == key else -1

    def __getitem__(self, key: str) -> V:
        k = self._find(key)
        if k < 0:
            raise KeyError(key)
        return self._values[k]

    def get(self, key: str, default=None):
        k = self._find(key)
        return default if k < 0 else self._values[k]

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self._find(key) >= 0

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def pairs(self) -> Iterator[tuple[str, V]]:
        """(key, value) in key order, without a lookup each."""
        return zip(self._keys, self._values)


def cached_table(family: str, source: Path, version: str,
                 build: Callable[[], tuple[Mapping[str, V], object]]) -> tuple[SortedTable[V], object]:
    """The table (str or int values) and the extra data (anything marshal writes) that ``build``
    makes from ``source``, from the cache file named after ``family`` (no '-' in it),
    ``version``, the table format and the source file's size and time; built and cached when
    that file is missing or unreadable."""
    cache = cache_path(family, f"{FORMAT}-{version}", source)
    try:
        return _unpack(cache.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        pass
    table, extra = build()
    keys = sorted(table)
    values = [table[k] for k in keys]
    if any("\n" in k for k in keys) or any(isinstance(v, str) and "\n" in v for v in values):
        raise ValueError(f"{family}: a word holds a line break")
    if all(isinstance(v, int) for v in values):
        blob, kind = array("q", values).tobytes(), "q"
    else:
        blob, kind = "\n".join(values), "s"
    write_cache(cache, marshal.dumps((FORMAT, "\n".join(keys), kind, blob, extra)))
    return SortedTable(keys, values), extra


def _unpack(data: bytes) -> tuple[SortedTable, object]:
    fields = marshal.loads(data)
    if not isinstance(fields, tuple) or len(fields) != 5 or fields[0] != FORMAT:
        raise ValueError("not a table of this format")
    _, keys, kind, blob, extra = fields
    words = keys.split("\n") if keys else []
    if kind == "q":
        values = array("q")
        values.frombytes(blob)
        return SortedTable(words, values.tolist()), extra
    return SortedTable(words, blob.split("\n") if keys else []), extra


# jieba.posseg's block patterns (jieba 0.42), for `pos_blocks` and `pos_cut_block`.
_HAN = re.compile("([\u4E00-\u9FD5a-zA-Z0-9+#&\\._]+)")
_SKIP = re.compile("(\r\n|\\s)")
_ENG = re.compile("[a-zA-Z0-9]+")
_NUM = re.compile("[\\.0-9]+")
_ENG1 = re.compile("^[a-zA-Z0-9]$")


@lru_cache(maxsize=1)
def _jieba_tags() -> Mapping[str, str]:
    """jieba's word → part-of-speech table, read from jieba's dictionary as jieba.posseg reads it
    (the last tag of a word wins), cached."""
    jieba = import_jieba()
    source = Path(jieba.__file__).parent / jieba.DEFAULT_DICT_NAME
    if jieba.dt.dictionary is not None or not source.is_file():  # another dictionary: posseg's own
        import jieba.posseg

        return jieba.posseg.dt.word_tag_tab

    def build() -> tuple[dict[str, str], None]:
        tags = {}
        with source.open(encoding="utf-8") as handle:
            for line in handle:
                fields = line.strip().split(" ")
                if len(fields) == 3:
                    tags[fields[0]] = fields[2]
        return tags, None

    return cached_table("jiebatags", source, jieba.__version__, build)[0]


def pos_blocks(text: str) -> list[str]:
    """The blocks jieba.posseg cuts ``text`` into (runs of Han characters, letters and digits, and
    what lies between them): `pos_cut_block` cuts each alone, its words depend on it only."""
    return [block for block in _HAN.split(text) if block]


def pos_cut_block(block: str, known: dict[str, str] | None = None, tokenizer=None) -> list[tuple[str, str]]:
    """Words and part-of-speech flags of one of the `pos_blocks` of a text as
    ``jieba.posseg.cut(text, HMM=False)`` gives them, without importing jieba.posseg (which reads
    the whole tag table on import, 0.3 s); ``known``: the tags of words looked up before, kept
    there for the next blocks; ``tokenizer``: a jieba tokenizer that cuts the block as jieba does
    (`align.similarity.chinese.tokenizer` prepared for a text holding it; None: jieba's own, its whole dictionary)."""
    if _HAN.match(block):
        cut = load_jieba().dt if tokenizer is None else tokenizer
        return list(_pos_block(cut, _jieba_tags(), block, {} if known is None else known))
    words = []
    for part in _SKIP.split(block):
        if _SKIP.match(part):
            words.append((part, "x"))
            continue
        for char in part:
            words.append((char, "m" if _NUM.match(char) else "eng" if _ENG.match(part) else "x"))
    return words


def _pos_block(tokenizer, tags: Mapping[str, str], block: str, known: dict[str, str]) -> Iterator[tuple[str, str]]:
    """jieba.posseg's route through the dictionary's word graph, runs of single Latin letters or
    digits joined (``__cut_DAG_NO_HMM``)."""
    end = best_ends(tokenizer, block)
    x, buffer = 0, ""
    while x < len(block):
        y = end[x] + 1
        word = block[x:y]
        if _ENG1.match(word):
            buffer += word
        else:
            if buffer:
                yield buffer, "eng"
                buffer = ""
            tag = known.get(word)
            if tag is None:
                tag = known[word] = tags.get(word, "x")
            yield word, tag
        x = y
    if buffer:
        yield buffer, "eng"


@lru_cache(maxsize=1)
def lemmatizer():
    """simplemma's lemmatizer as ``simplemma.lemmatize`` uses it (default strategy, not greedy),
    its dictionaries read from our cache instead of decoded from simplemma's compressed files
    (0.2 s for English)."""
    import simplemma
    from simplemma.strategies import DefaultStrategy
    from simplemma.strategies.dictionaries.dictionary_factory import DATA_FOLDER, DictionaryFactory

    class CachedDictionaries(DictionaryFactory):
        @lru_cache(maxsize=None)
        def get_dictionary(self, lang: str) -> Mapping[str, str]:
            from simplemma.strategies.dictionaries.dictionary_factory import _load_dictionary_from_disk

            def build() -> tuple[dict[str, str], None]:
                return {k.decode(): v.decode() for k, v in _load_dictionary_from_disk(lang).items()}, None

            source = DATA_FOLDER / f"{lang}.plzma"
            return cached_table(f"simplemma{lang}", source, simplemma.__version__, build)[0]

    return simplemma.Lemmatizer(lemmatization_strategy=DefaultStrategy(dictionary_factory=CachedDictionaries()))


@lru_cache(maxsize=1)
def english_tagger() -> types.ModuleType:
    """``textblob.en`` (TextBlob's English parser: Brill's lexicon from Pattern) imported alone,
    its 94,000-word lexicon read from our cache: TextBlob reads and splits its text file on
    first use (0.1 s)."""
    english = import_alone("textblob.en")
    lexicon = english.lexicon
    if dict.__len__(lexicon) == 0:
        def build() -> tuple[dict[str, str], None]:
            lexicon.load()
            return dict(dict.items(lexicon)), None

        table, _ = cached_table("textblob", Path(lexicon.path), "1", build)
        if dict.__len__(lexicon) == 0:  # read from the cache, not loaded by build
            dict.update(lexicon, table.pairs())
    return english
