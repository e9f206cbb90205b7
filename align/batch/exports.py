"""Corpus outputs built from the store: one TMX, a summary table, and the outputs other packages add.

`CORPUS_EXPORTS` (file name → (build(store, rows) → text, signature)) is filled by the application layer:
`align/cli.py` adds the glossary's `glossary.tbx` (`glossary.batch`), and in `PAIR_WORK` the
per-pair work it has the batch workers do, so `align.batch` imports no glossary. The TMX and the added outputs are built again only when the aligned pairs changed: each
is kept in the store under a digest of the pairs' keys and result times, the align version and
the output's own signature (the glossary's settings signature: new glossary settings, a new
glossary).
"""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, Callable

from .. import __version__
from ..formats import tmx
from ..formats.plain import xml_safe
from .jobs import Outcome
from .store import ALIGNED, PairRow, Store

# (store, rows, processes it may use, its collector of this run or None) → text
CorpusExport = Callable[[Store, list[PairRow], int, Any], str]
# file name → (its builder, its signature), written unless --no-glossary
CORPUS_EXPORTS: dict[str, tuple[CorpusExport, str]] = {}
# file name → a collector factory: its `add(outcome)` takes what that output needs of each pair
# as it is aligned (in the main process, while the workers align the others), for its builder
CORPUS_COLLECTORS: dict[str, Callable[[], Any]] = {}
# what those outputs compute per pair in the batch workers: name → (module, function(alignment, pair name) → bytes)
PAIR_WORK: dict[str, tuple[str, str]] = {}


def pair_work() -> tuple[tuple[str, str, str], ...]:
    """PAIR_WORK as `Settings.pair_work` takes it."""
    return tuple((name, module, function) for name, (module, function) in PAIR_WORK.items())


def corpus_tmx(store: Store, rows: list[PairRow], level: str) -> str:
    return _kept(store, "corpus.tmx", rows, lambda: _build_corpus_tmx(store, rows, level))


def _build_corpus_tmx(store: Store, rows: list[PairRow], level: str) -> str:
    aligned = [row for row in rows if row.status == ALIGNED]
    return tmx.render_corpus(((row.name, store.alignment(row.key)) for row in aligned), level=level)


def _kept(store: Store, name: str, rows: list[PairRow], build, signature: str = "") -> str:
    """The output saved in the store for the same aligned pairs (names included) and signature,
    else built and saved."""
    aligned = [row for row in rows if row.status == ALIGNED]
    names = hashlib.sha256("\n".join(row.name for row in aligned).encode()).hexdigest()
    digest = f"{__version__}:{signature}:{names}:{store.content_digest([row.key for row in aligned])}"
    text = store.export(name, digest)
    if text is None:
        text = build()
        store.save_export(name, digest, text)
    return text


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


def collectors() -> dict[str, Any]:
    """A new collector for each output of CORPUS_COLLECTORS (for one run)."""
    return {name: make() for name, make in CORPUS_COLLECTORS.items()}


def collect(outcome: Outcome, collected: dict[str, Any]) -> None:
    """`run_batch`'s ``on_aligned``: each collector takes what it needs of the aligned pair."""
    for collector in collected.values():
        collector.add(outcome)


def export_all(store: Store, rows: list[PairRow], out_dir: Path, level: str, added: bool,
               processes: int = 1, collected: dict[str, Any] | None = None) -> dict[Path, str]:
    """Every corpus output's path and text; with ``added``, the outputs of CORPUS_EXPORTS too (built
    on up to ``processes`` processes, from what their collectors took during the run, ``collected``)."""
    files = {out_dir / "corpus.tmx": corpus_tmx(store, rows, level), out_dir / "summary.tsv": summary_table(rows)}
    for name, (build, signature) in CORPUS_EXPORTS.items() if added else ():
        collector = (collected or {}).get(name)
        files[out_dir / name] = _kept(store, name, rows, lambda build=build, c=collector: build(store, rows, processes, c),
                                      signature)
    return files
