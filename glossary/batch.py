"""The glossary step of `align batch`: `glossary.tbx` from the store's aligned pairs.

Registered by the application layer (`align/cli.py` fills `align.batch.exports.CORPUS_EXPORTS`),
so that `align.batch` does not import the glossary.
"""
from __future__ import annotations

from align.batch.store import ALIGNED, PairRow, Store
from align.corpus import symbol_from_name


def glossary_tbx(store: Store, rows: list[PairRow]) -> str:
    """The glossary of all two-sided units of the aligned pairs as TBX (sources: the UN symbol a
    pair's name spells, as `align batch` names pairs found by symbol); its terms are kept in the store."""
    from .build import build_glossary
    from .formats import tbx

    units = [u for row in rows if row.status == ALIGNED for u in store.alignment(row.key).aligned_units(row.name)
             if u.zh and u.en]
    aligned = [row.name for row in rows if row.status == ALIGNED]
    glossary = build_glossary(units, sources={name: symbol_from_name(name) or name for name in aligned})
    store.save_terms([(e.zh[0].text, e.en[0].text if e.en else "", e.frequency, e.confidence, " ".join(e.sources))
                      for e in glossary.entries])
    return tbx.render(glossary).decode("utf-8")
