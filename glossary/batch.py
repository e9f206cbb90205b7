"""The glossary step of `align batch`: `glossary.tbx` from the store's aligned pairs.

Registered by the application layer (`align/cli.py` fills `align.batch.exports.CORPUS_EXPORTS`,
`CORPUS_COLLECTORS` and `PAIR_WORK`), so that `align.batch` does not import the glossary. The
per-unit analysis (`termpairs.unit_analysis`: tokens, tags, candidate spans, dictionary links;
most of the build's time) runs in the batch workers beside each pair's alignment
(`unit_analyses`) and is kept in the store with the pair, packed (numbers into the pair's tokens
and strings). The main process unpacks each pair as it comes back from the workers (`Collected`,
while they align the next ones), one object per distinct token and string of the corpus; once
all are in, the corpus-wide build pairs the units (`termpairs.unit_pairs`) in forked processes
(`forked`) and does the rest in this one.
"""
from __future__ import annotations

import gc
from array import array
from itertools import starmap
import marshal
import multiprocessing
import zlib
from typing import Iterator

import numpy as np

from align.batch.jobs import Outcome
from align.batch.store import ALIGNED, PairRow, Store
from align.corpus import symbol_from_name
from align.model import AlignedUnit, Alignment

from .candidates import Span, Token, TokenMemo
from .termpairs import Analysed, Learned, UnitPairs, clean, each_unit, unit_analysis, unit_pairs

PAIR_DATA = "glossary-units"  # the name align/cli.py has the workers' analyses kept under
LAYOUT = 2  # of the packed analyses: those of another layout are made again
CHUNK = 256  # units a forked process pairs at a time
_inherited: tuple[list[Analysed], list[np.ndarray], Learned] | None = None  # what forked processes pair


def glossary_tbx(store: Store, rows: list[PairRow], processes: int = 1, collected: Collected | None = None) -> str:
    """The glossary of all two-sided units of the aligned pairs as TBX (sources: the UN symbol a
    pair's name spells, as `align batch` names pairs found by symbol); its terms are kept in the
    store. The pairs ``collected`` took as they were aligned come from there, the others from the
    store; the units are paired (`termpairs.unit_pairs`) in ``processes`` processes."""
    from .build import build_glossary
    from .formats import tbx

    collected = collected or Collected()
    units, analyses = [], []
    for row in rows:
        if row.status == ALIGNED:
            pair_units, pair_analyses = collected.pairs.pop((row.key, row.name), None) or collected.load(store, row)
            units += pair_units
            analyses += pair_analyses
    aligned = [row.name for row in rows if row.status == ALIGNED]
    glossary = build_glossary(units, sources={name: symbol_from_name(name) or name for name in aligned},
                              analyses=analyses, each_unit=forked(processes))
    gc.unfreeze()  # what `Collected` froze is the collector's again
    store.save_terms([(e.zh[0].text, e.en[0].text if e.en else "", e.frequency, e.confidence, " ".join(e.sources))
                      for e in glossary.entries])
    return tbx.render(glossary).decode("utf-8")


def unit_analyses(alignment: Alignment, name: str) -> bytes:
    """`unit_analysis` of each two-sided unit of one aligned pair, packed for the store (run in the
    batch workers): each distinct token and string of the pair once, the units as int32 numbers of
    them, the links as bits."""
    tokens: dict[tuple, int] = {}  # item → its number (dicts keep their order: the items in number order)
    strings: dict[str, int] = {}
    memo, two_sided = TokenMemo(), _two_sided(alignment, name)
    memo.prepare([clean(unit.zh_text) for unit in two_sided])
    units = [_packed(unit, *unit_analysis(unit, memo), tokens, strings) for unit in two_sided]
    return zlib.compress(marshal.dumps((LAYOUT, list(tokens), list(strings), units)), 1)


def _two_sided(alignment: Alignment, name: str) -> list[AlignedUnit]:
    return [u for u in alignment.aligned_units(name) if u.zh and u.en]


def _packed(unit: AlignedUnit, a: Analysed, links: np.ndarray, tokens: dict[tuple, int],
            strings: dict[str, int]) -> tuple:
    token, string = tokens.setdefault, strings.setdefault
    token_numbers = [array("i", [token((t.text, t.pos, t.content), len(tokens)) for t in side]).tobytes()
                     for side in (a.zh_tokens, a.en_tokens)]
    spans = [array("i", [n for s in side for n in (s.start, s.end, string(s.text, len(strings)),
                                                   string(s.key, len(strings)))]).tobytes()
             for side in (a.zh_spans, a.en_spans)]
    stems = array("i", [string(stem, len(strings)) for stem in a.en_stems]).tobytes()
    return (unit.zh_text, unit.en_text, *token_numbers, *spans, stems, links.shape,
            np.packbits(links.astype(bool)).tobytes())


class Collected:
    """The two-sided units and unpacked analyses of pairs, taken from each pair as it is aligned
    (`add`, `align batch`'s collector for glossary.tbx: the main process waits for the workers
    meanwhile) or from the store; their tokens and strings shared (`Shared`)."""

    def __init__(self) -> None:
        self.shared = Shared()
        self.pairs: dict[tuple[str, str], tuple[list[AlignedUnit], list[tuple[Analysed, np.ndarray]]]] = {}

    def add(self, outcome: Outcome) -> None:
        self.pairs[outcome.job.key, outcome.job.name] = self._taken(outcome.alignment, outcome.job.name,
                                                                    outcome.data.get(PAIR_DATA))
        gc.freeze()  # kept until the glossary is built: the cyclic collector need not walk them again and again

    def load(self, store: Store, row: PairRow) -> tuple[list[AlignedUnit], list[tuple[Analysed, np.ndarray]]]:
        return self._taken(store.alignment(row.key), row.name, store.pair_data(row.key, PAIR_DATA))

    def _taken(self, alignment: Alignment, name: str, data: bytes | None):
        units = _two_sided(alignment, name)
        return units, _unpacked(data, units, self.shared)


class Shared:
    """One object for each token and string of the corpus's analyses, whatever pair it comes from."""

    def __init__(self) -> None:
        self.tokens: dict[tuple, Token] = {}
        self.strings: dict[str, str] = {}

    def token(self, item: tuple) -> Token:
        token = self.tokens.get(item)
        if token is None:
            token = self.tokens[item] = Token(*item)
        return token

    def string(self, text: str) -> str:
        return self.strings.setdefault(text, text)


def _unpacked(data: bytes | None, units: list[AlignedUnit], shared: Shared) -> list[tuple[Analysed, np.ndarray]]:
    """The analyses kept for these units; made here for a unit they do not hold (a pair aligned
    without them, or a store written by another version)."""
    try:
        layout, token_items, string_items, packed = marshal.loads(zlib.decompress(data)) if data else (LAYOUT, [], [], [])
    except (ValueError, EOFError, TypeError, zlib.error):
        layout, packed = None, []
    if layout != LAYOUT or len(packed) != len(units):
        return [unit_analysis(unit) for unit in units]
    tokens = [shared.token(t) for t in token_items]
    strings = [shared.string(s) for s in string_items]
    string = strings.__getitem__
    result = []
    for unit, p in zip(units, packed):
        if len(p) != 9 or p[:2] != (unit.zh_text, unit.en_text):
            result.append(unit_analysis(unit))
            continue
        zh_tokens, en_tokens = ([tokens[k] for k in _numbers(b)] for b in p[2:4])
        zh_spans, en_spans = (list(starmap(Span, zip(n[0::4], n[1::4], map(string, n[2::4]), map(string, n[3::4]))))
                              for n in map(_numbers, p[4:6]))
        rows, columns = p[7]
        links = np.unpackbits(np.frombuffer(p[8], np.uint8), count=rows * columns).reshape(rows, columns).astype(bool)
        result.append((Analysed(unit, zh_tokens, en_tokens, zh_spans, en_spans, [strings[k] for k in _numbers(p[6])]),
                       links))
    return result


def _numbers(data: bytes) -> array:
    return array("i", data)


def forked(processes: int):
    """An `each_unit` for `collect_pairs` that pairs the units in ``processes`` forked processes,
    which inherit the analyses (only the pairs found come back); in this process where there is
    one process, few units, or no fork."""
    def each(analysed: list[Analysed], links: list[np.ndarray], learned: Learned) -> Iterator[UnitPairs]:
        global _inherited
        if (processes < 2 or len(analysed) < 2 * CHUNK or "fork" not in multiprocessing.get_all_start_methods()
                or multiprocessing.current_process().daemon):  # a daemon may not start processes
            yield from each_unit(analysed, links, learned)
            return
        _inherited = (analysed, links, learned)
        gc.freeze()  # the children's collections do not touch (and so copy) the inherited objects
        try:
            with multiprocessing.get_context("fork").Pool(processes) as pool:
                starts = range(0, len(analysed), CHUNK)
                for start, part in zip(starts, pool.imap(_pair_chunk, starts)):
                    for a, (linked, found) in zip(analysed[start : start + CHUNK], part):
                        yield linked, [(score, a.zh_spans[z], a.en_spans[e], nested) for score, z, e, nested in found]
        finally:
            _inherited = None
            gc.unfreeze()
    return each


def _pair_chunk(start: int) -> list[tuple[np.ndarray | None, list[tuple[float, int, int, bool]]]]:
    """`unit_pairs` of the inherited units from ``start`` (in a forked process), spans as their
    places in the unit's span lists."""
    analysed, links, learned = _inherited
    result = []
    for a, unit_links in zip(analysed[start : start + CHUNK], links[start : start + CHUNK]):
        linked, found = unit_pairs(a, unit_links, learned)
        zh = {id(s): k for k, s in enumerate(a.zh_spans)}
        en = {id(s): k for k, s in enumerate(a.en_spans)}
        result.append((linked, [(score, zh[id(zs)], en[id(es)], nested) for score, zs, es, nested in found]))
    return result
