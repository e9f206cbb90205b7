"""Corpus outputs built from the store: one TMX, one TBX glossary, a summary table.

The TMX and the glossary are built again only when the aligned pairs changed: each is kept in
the store under a digest of the pairs' keys and result times (and the align version).
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from .. import __version__
from ..formats import jsonl, tmx
from ..formats.plain import xml_safe
from .store import ALIGNED, PairRow, Store

def corpus_tmx(store: Store, rows: list[PairRow], level: str) -> str:
    return _kept(store, "corpus.tmx", rows, lambda: _build_corpus_tmx(store, rows, level))


def _build_corpus_tmx(store: Store, rows: list[PairRow], level: str) -> str:
    aligned = [row for row in rows if row.status == ALIGNED]
    return tmx.render_corpus(((row.name, store.alignment(row.key)) for row in aligned), level=level)


def glossary_tbx(store: Store, rows: list[PairRow]) -> str:
    """The glossary of all aligned units, as TBX (glossary.build + glossary.tbx); terms kept in the store."""
    return _kept(store, "glossary.tbx", rows, lambda: _build_glossary_tbx(store, rows))


def _kept(store: Store, name: str, rows: list[PairRow], build) -> str:
    """The output saved in the store for the same aligned pairs (names included), else built and saved."""
    aligned = [row for row in rows if row.status == ALIGNED]
    names = hashlib.sha256("\n".join(row.name for row in aligned).encode()).hexdigest()
    digest = f"{__version__}:{names}:{store.content_digest([row.key for row in aligned])}"
    text = store.export(name, digest)
    if text is None:
        text = build()
        store.save_export(name, digest, text)
    return text


def _build_glossary_tbx(store: Store, rows: list[PairRow]) -> str:
    from glossary.build import build_glossary
    from glossary.inputs import TextUnit
    from glossary.tbx import to_tbx

    units = [TextUnit("\n".join(u["zh"]), "\n".join(u["en"]), row.name) for row in rows if row.status == ALIGNED
             for u in jsonl.records(store.alignment(row.key)) if u["zh"] and u["en"]]
    glossary = build_glossary(units)
    store.save_terms([(e.zh[0].text, e.en[0].text if e.en else "", e.frequency, e.confidence, " ".join(e.sources))
                      for e in glossary.entries])
    return to_tbx(glossary).decode("utf-8")


def summary_table(rows: list[PairRow]) -> str:
    """Tab-separated: one line per pair (units, mean confidence, doubtful and one-sided units, status)."""
    lines = ["name\tstatus\tunits\tmean_confidence\tdoubtful\tone_sided\tnote"]
    for row in rows:
        note = row.reason if row.status != ALIGNED else ("low confidence" if row.low_confidence else "")
        lines.append(f"{_cell(row.name)}\t{row.status}\t{row.units}\t{row.mean_confidence:.3f}\t{row.doubtful}\t"
                     f"{row.one_sided}\t{_cell(note)}")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    """A name or reason on one line of one cell (names come from file names and manifests: anything)."""
    return xml_safe(" ".join(text.split()))


def export_all(store: Store, rows: list[PairRow], out_dir: Path, level: str, glossary: bool) -> dict[Path, str]:
    files = {out_dir / "corpus.tmx": corpus_tmx(store, rows, level), out_dir / "summary.tsv": summary_table(rows)}
    if glossary:
        files[out_dir / "glossary.tbx"] = glossary_tbx(store, rows)
    return files
