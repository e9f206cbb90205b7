#!/usr/bin/env python3
"""Batch throughput: pairs per minute and peak memory for 10, 100, 1,000 generated pairs.

Pairs are generated from the shared UN gold (../shared/corpus/gold/*.para.jsonl): each pair is one
gold document with its paragraph units shuffled (seeded), written as `NNNN.zh.txt`/`NNNN.en.txt`.
Runs `align batch`'s library path (pairing → store → executor → corpus TMX, and with `--glossary`
the glossary TBX `align batch` writes by default) on local processes
and on a 2-worker Dask LocalCluster, then again on the same store (every pair skipped, the TMX
taken from the store). Peak memory is the highest summed RSS of this process and all its
children, sampled every 0.1 s, and the highest summed PSS (shared pages split between the
processes sharing them, so forked processes are not counted twice), sampled every 1 s; CPU is user + system time of this process and its local worker
processes (not measured for Dask, whose workers outlive the run). A benchmark, not a test.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from align.cli import one_blas_thread, register_batch_exports  # noqa: E402

one_blas_thread()  # as `align batch` does, before numpy is imported
from align.batch.exports import collect, collectors, export_all, pair_work  # noqa: E402
from align.corpus import find_pairs  # noqa: E402
from align.batch.runner import Settings, run_batch  # noqa: E402
from align.batch.store import Store  # noqa: E402


def generate(shared: Path, folder: Path, count: int, seed: int = 0) -> None:
    golds = sorted((shared / "corpus" / "gold").glob("*.para.jsonl"))
    docs = [[json.loads(line) for line in g.read_text(encoding="utf-8").splitlines() if line.strip()] for g in golds]
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for k in range(count):
        units = list(docs[k % len(docs)])
        rng.shuffle(units)
        for lang in ("zh", "en"):
            text = "\n\n".join(t for u in units for t in u[lang])
            (folder / f"{k:04d}.{lang}.txt").write_text(text + "\n", encoding="utf-8")


class PeakMemory:
    """Highest summed RSS of this process tree while the block runs (every 0.1 s), and highest summed
    PSS (every 1 s: reading a process's page map costs about 10 ms of CPU per GB, which every 0.1 s
    took a tenth of a core from the run it measured)."""

    def __init__(self) -> None:
        self.peak = 0
        self.peak_pss = 0
        self._stop = threading.Event()

    def _measure(self, pss: bool) -> None:
        me = psutil.Process()
        total = proportional = 0
        for proc in [me, *me.children(recursive=True)]:
            try:
                total += proc.memory_info().rss
                proportional += proc.memory_full_info().pss if pss else 0
            except psutil.Error:
                continue
        self.peak = max(self.peak, total)
        self.peak_pss = max(self.peak_pss, proportional)

    def _sample(self) -> None:
        ticks = 0
        while not self._stop.is_set():
            self._measure(pss=ticks % 10 == 0)
            ticks += 1
            time.sleep(0.1)

    def __enter__(self) -> "PeakMemory":
        self._measure(pss=True)
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self._measure(pss=True)


def _cpu() -> float:
    return sum(u.ru_utime + u.ru_stime for u in (resource.getrusage(resource.RUSAGE_SELF),
                                                  resource.getrusage(resource.RUSAGE_CHILDREN)))


def bench(folder: Path, settings: Settings, glossary: bool) -> list[tuple[float, float, float, float, int, int]]:
    """(wall s, CPU s, exports' wall s, exports' CPU s, peak bytes, peak PSS bytes, failed pairs) of a first run and
    of a re-run on the same store (the exports: corpus TMX, and with `glossary` the glossary TBX,
    built in this process after the alignment)."""
    pairs = find_pairs(folder)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(2):
            with PeakMemory() as memory:
                store = Store(Path(tmp) / "store.sqlite")
                start, cpu = time.perf_counter(), _cpu()
                collected = collectors() if glossary else {}
                report = run_batch(pairs, store, settings, lambda m: None, lambda outcome: collect(outcome, collected))
                rows = [store.pair(key) for _, key in report.keys]
                aligned, aligned_cpu = time.perf_counter(), _cpu()
                export_all(store, [r for r in rows if r], Path(tmp), settings.config.level, glossary, settings.workers,
                           collected)
                results.append((time.perf_counter() - start, _cpu() - cpu, time.perf_counter() - aligned,
                                _cpu() - aligned_cpu, memory.peak, memory.peak_pss, len(report.failed)))
                store.close()
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--dask-sizes", type=int, nargs="*", default=[10, 100])
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--glossary", action="store_true", help="build the glossary TBX too, as `align batch` does")
    args = parser.parse_args()
    register_batch_exports()
    print(f"{'executor':<22} {'pairs':>6} {'run':<8} {'wall s':>8} {'CPU s':>8} {'pairs/min':>10} {'peak MB':>8} {'PSS MB':>7} "
          f"{'failed':>6} {'exports wall s':>14} {'exports CPU s':>13}", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        for size in sorted(set(args.sizes) | set(args.dask_sizes)):
            folder = Path(tmp) / f"n{size}"
            generate(args.shared, folder, size)
            runs = []
            if size in args.sizes:
                runs.append((f"local ({args.workers} processes)",
                             Settings(workers=args.workers, pair_work=pair_work() if args.glossary else ())))
            if size in args.dask_sizes:
                runs.append(("dask LocalCluster (2)", None))
            for label, settings in runs:
                if settings is None:
                    from distributed import LocalCluster

                    with LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster:
                        results = bench(folder, Settings(executor="dask", scheduler=cluster.scheduler_address,
                                                         pair_work=pair_work() if args.glossary else ()),
                                        args.glossary)
                else:
                    results = bench(folder, settings, args.glossary)
                for run, (seconds, cpu, export_wall, export_cpu, peak, pss, failed) in zip(("first", "re-run"), results):
                    cpu_text = f"{cpu:>8.1f}" if settings is not None else f"{'—':>8}"
                    print(f"{label:<22} {size:>6} {run:<8} {seconds:>8.1f} {cpu_text} {size / seconds * 60:>10.0f} "
                          f"{peak / 2**20:>8.0f} {pss / 2**20:>7.0f} {failed:>6} {export_wall:>14.1f} {export_cpu:>13.1f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
