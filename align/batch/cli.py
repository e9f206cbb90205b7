"""`align batch INPUT -o OUTDIR`: align a folder or manifest of pairs; registered in align/cli.py.

Exit codes: 0 every pair aligned (or already in the store), 5 some pairs failed (the rest is
aligned and exported), 2 bad settings or an unreachable Dask scheduler, 3 unreadable INPUT/store.
"""
from __future__ import annotations

import json
import os
import sqlite3
import sys
from pathlib import Path

import click

from ..errors import INTERRUPTED, SOME_FAILED, AlignError, InputError
from ..config import INPUT_FORMATS, LEVELS, AlignConfig
from ..config import load as load_config
from ..cli import embedder_setting
from ..sizes import ByteSize
from ..similarity.embedder import check as check_embedder
from ..formats.atomic import write_all
from .exports import collect, collectors, export_all, pair_work
from ..corpus import find_pairs
from .runner import Report, Settings, run_batch
from .store import Store

WORKERS_PER_CORE = 8  # each worker holds the aligner (about 200 MB): more only add memory, not speed


@click.command("batch")
@click.argument("source", metavar="INPUT", type=click.Path(path_type=Path))
@click.option("-o", "--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for corpus.tmx, glossary.tbx and summary.tsv.")
@click.option("--store", "store_path", type=click.Path(dir_okay=False, path_type=Path),
              help="SQLite store of aligned pairs [default: OUTDIR/align-store.sqlite].")
@click.option("--workers", type=click.IntRange(min=1, max=WORKERS_PER_CORE * (os.cpu_count() or 1)), default=None,
              help=f"Local worker processes [default: the number of cores; at most {WORKERS_PER_CORE} per core].")
@click.option("--executor", type=click.Choice(["local", "dask"]), default="local", show_default=True)
@click.option("--scheduler", metavar="ADDR", help="Dask scheduler address (with --executor dask), e.g. tcp://host:8786.")
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Alignment settings in a TOML file (as for align run); the options below override it.")
@click.option("--level", type=click.Choice(LEVELS), help="[default: sentence]")
@click.option("--input-format", type=click.Choice(INPUT_FORMATS), help="[default: auto]")
@click.option("--max-size", type=ByteSize(), help="Refuse input files larger than this (0: no limit) [default: 16MB].")
@click.option("--embedder", metavar="use|DIR",
              help="Sentence-embedding evidence as for align run: 'use' or a sentence-transformers model folder.")
@click.option("--accurate", is_flag=True, help="Same as --embedder use.")
@click.option("--glossary/--no-glossary", default=True, show_default=True, help="Build glossary.tbx from the units.")
@click.option("--json", "as_json", is_flag=True, help="Print the run summary as JSON on stdout.")
@click.option("-q", "--quiet", is_flag=True, help="No progress messages on stderr.")
def batch_command(source: Path, out_dir: Path, store_path: Path | None, workers: int | None, executor: str,
                  scheduler: str | None, config_file: Path | None, level: str | None, input_format: str | None,
                  max_size: int | None, embedder: str | None, accurate: bool, glossary: bool, as_json: bool,
                  quiet: bool) -> None:
    """Align every document pair in INPUT (a folder, or a CSV manifest with header zh,en[,name]).

    Pairs already aligned (same file contents) are skipped, so an interrupted run can simply
    be started again. One failed pair is reported and does not stop the others.
    """
    config = load_config(config_file).with_options(level=level, input_format=input_format, max_size=max_size)
    config = embedder_setting(config, embedder, accurate)
    if config.embedder:
        check_embedder(config.embedder)  # once here: each worker loads the model for its first pair
    try:
        _batch(source, out_dir, store_path, workers, executor, scheduler, config, glossary, as_json, quiet)
    except KeyboardInterrupt:
        click.echo("align: interrupted: the pairs finished so far are in the store; run again to resume", err=True)
        _exit_at_once(INTERRUPTED)


def _exit_at_once(code: int) -> None:
    """Exit without Python's exit-time joins: a worker stopped while it was sending its result leaves
    the process pool's result thread waiting for the rest of the message, which nothing will send,
    and Python joins that thread at exit (a batch then hung after Ctrl-C, now and then). Nothing of
    ours is left to finish: the store is closed and every pair committed as it came."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def _batch(source: Path, out_dir: Path, store_path: Path | None, workers: int | None, executor: str,
           scheduler: str | None, config: AlignConfig, glossary: bool, as_json: bool, quiet: bool) -> None:
    if executor == "dask" and not scheduler:
        raise AlignError("--executor dask needs --scheduler ADDRESS")
    progress = (lambda message: None) if quiet else (lambda message: click.echo(f"align: {message}", err=True))
    pairs = find_pairs(source)
    if not pairs:
        raise AlignError(f"{source}: no document pairs found")
    progress(f"{len(pairs)} pairs in {source}")
    store = Store(store_path or out_dir / "align-store.sqlite")
    try:
        settings = Settings(config, workers or os.cpu_count() or 1, executor, scheduler or "",
                            pair_work() if glossary else ())
        collected = collectors() if glossary else {}
        report = run_batch(pairs, store, settings, progress, lambda outcome: collect(outcome, collected))
        rows = [row for row in (store.pair(key) for _, key in report.keys) if row]
        progress("writing the corpus outputs from the store")
        write_all(export_all(store, rows, out_dir, config.level, glossary, settings.workers, collected))
    except sqlite3.Error as err:  # a full disk, or tables another program changed
        raise InputError(f"{store.path}: the batch store failed ({err})") from None
    finally:
        store.close()
    if as_json:
        click.echo(json.dumps(_summary(report, rows, out_dir), ensure_ascii=False, indent=2))
    else:
        _print_table(rows)
    if report.failed:
        sys.exit(SOME_FAILED)


def _summary(report: Report, rows, out_dir: Path) -> dict:
    return {
        "pairs": len(report.keys), "aligned": len(report.aligned), "skipped": len(report.skipped),
        "failed": len(report.failed),
        "failures": [{"name": name, "reason": reason} for name, reason in report.failed],
        "per_pair": [{"name": r.name, "status": r.status, "units": r.units, "mean_confidence": r.mean_confidence,
                      "doubtful": r.doubtful, "one_sided": r.one_sided, "low_confidence": r.low_confidence}
                     for r in rows],
        "outputs": str(out_dir),
    }


def _print_table(rows) -> None:
    width = max([len(r.name) for r in rows] + [4])
    click.echo(f"{'pair':<{width}}  {'status':<7} {'units':>6} {'conf.':>6} {'doubtful':>8}  note")
    for r in rows:
        note = r.reason if r.status != "aligned" else ("low confidence" if r.low_confidence else "")
        click.echo(f"{r.name:<{width}}  {r.status:<7} {r.units:>6} {r.mean_confidence:>6.2f} {r.doubtful:>8}  {note}")
