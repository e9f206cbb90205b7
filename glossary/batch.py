"""The glossary step of `align batch`: `glossary.tbx` from the store's aligned pairs.

Registered by the application layer (`align/cli.py` fills `align.batch.exports.CORPUS_EXPORTS`
and `PAIR_WORK`), so that `align.batch` does not import the glossary. The per-unit analysis
(`termpairs.unit_analysis`: tokens, tags, candidate spans, dictionary links; most of the build's
time) runs in the batch workers beside each pair's alignment (`unit_analyses`) and is kept in the
store with the pair; the build in the main process takes it from there.
"""
from __future__ import annotations

import marshal
import zlib

import numpy as np

from align.batch.store import ALIGNED, PairRow, Store
from align.corpus import symbol_from_name
from align.model import AlignedUnit, Alignment

from .candidates import Span, Token
from .termpairs import Analysed, unit_analysis

PAIR_DATA = "glossary-units"  # the name align/cli.py has the workers' analyses kept under


def glossary_tbx(store: Store, rows: list[PairRow]) -> str:
    """The glossary of all two-sided units of the aligned pairs as TBX (sources: the UN symbol a
    pair's name spells, as `align batch` names pairs found by symbol); its terms are kept in the store."""
    from .build import build_glossary
    from .formats import tbx

    units, analyses = [], []
    for row in rows:
        if row.status == ALIGNED:
            pair_units = _two_sided(store.alignment(row.key), row.name)
            units += pair_units
            analyses += _unpacked(store.pair_data(row.key, PAIR_DATA), pair_units)
    aligned = [row.name for row in rows if row.status == ALIGNED]
    glossary = build_glossary(units, sources={name: symbol_from_name(name) or name for name in aligned},
                              analyses=analyses)
    store.save_terms([(e.zh[0].text, e.en[0].text if e.en else "", e.frequency, e.confidence, " ".join(e.sources))
                      for e in glossary.entries])
    return tbx.render(glossary).decode("utf-8")


def unit_analyses(alignment: Alignment, name: str) -> bytes:
    """`unit_analysis` of each two-sided unit of one aligned pair, packed for the store (run in the
    batch workers)."""
    return zlib.compress(marshal.dumps([_packed(unit, *unit_analysis(unit))
                                        for unit in _two_sided(alignment, name)]), 1)


def _two_sided(alignment: Alignment, name: str) -> list[AlignedUnit]:
    return [u for u in alignment.aligned_units(name) if u.zh and u.en]


def _packed(unit: AlignedUnit, a: Analysed, links: np.ndarray) -> tuple:
    tokens = [tuple((t.text, t.pos, t.content) for t in side) for side in (a.zh_tokens, a.en_tokens)]
    spans = [tuple((s.start, s.end, s.text, s.key) for s in side) for side in (a.zh_spans, a.en_spans)]
    return (unit.zh_text, unit.en_text, *tokens, *spans, tuple(a.en_stems), links.dtype.str, links.shape,
            np.ascontiguousarray(links).tobytes())


def _unpacked(data: bytes | None, units: list[AlignedUnit]) -> list[tuple[Analysed, np.ndarray]]:
    """The analyses kept for these units; made here for a unit they do not hold (a pair aligned
    without them, or a store written by another version)."""
    try:
        packed = marshal.loads(zlib.decompress(data)) if data else []
    except (ValueError, EOFError, TypeError, zlib.error):
        packed = []
    if len(packed) != len(units):
        packed = [()] * len(units)
    result = []
    for unit, p in zip(units, packed):
        if len(p) != 10 or p[:2] != (unit.zh_text, unit.en_text):
            result.append(unit_analysis(unit))
            continue
        zh_tokens, en_tokens = ([Token(*t) for t in side] for side in p[2:4])
        zh_spans, en_spans = ([Span(*s) for s in side] for side in p[4:6])
        links = np.frombuffer(p[9], p[7]).reshape(p[8]).copy()
        result.append((Analysed(unit, zh_tokens, en_tokens, zh_spans, en_spans, list(p[6])), links))
    return result
