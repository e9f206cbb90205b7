"""The unit of work (one pair) and the executors that run many: local processes or a Dask cluster.

`align_job` is a plain top-level function of picklable data, so that the same job runs in a
ProcessPoolExecutor worker or on a Dask worker (which must have `align` installed). An error
in one pair comes back as a failed Outcome; it never stops the others.
"""
from __future__ import annotations

import importlib
import signal
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass, field
from typing import Iterable, Iterator

from ..config import AlignConfig
from ..errors import AlignError
from ..pipeline import align_pair, summarise
from ..model import Alignment
from ..similarity.embedder import CachedEmbedder

# Vectors a worker keeps across its pairs (the oldest go first): repeated texts are encoded once,
# at about 2 KB a vector (USE: 512 floats), so 50,000 of them stay near 100 MB.
EMBEDDINGS_KEPT = 50_000
_embedders: dict[str, CachedEmbedder] = {}  # per process: each model is loaded once


@dataclass(frozen=True)
class Job:
    key: str
    name: str
    zh: str
    en: str
    config: AlignConfig = AlignConfig()
    pair_work: tuple[tuple[str, str, str], ...] = ()  # (name, module, function) run on the aligned pair


@dataclass
class Outcome:
    job: Job
    alignment: Alignment | None = None
    summary: dict = field(default_factory=dict)
    seconds: float = 0.0
    error: str = ""
    data: dict[str, bytes] = field(default_factory=dict)  # what the job's pair_work made, by name


def align_job(job: Job) -> Outcome:
    """Align one pair; errors are returned, not raised."""
    start = time.perf_counter()
    try:
        alignment = align_pair(job.zh, job.en, job.config, embedder=_embedder(job.config.embedder))
        summary = summarise(alignment, job.config)
        return Outcome(job, alignment, asdict(summary), time.perf_counter() - start,
                       data=_pair_work(job, alignment))
    except AlignError as err:
        return Outcome(job, error=str(err), seconds=time.perf_counter() - start)
    except Exception as err:  # noqa: BLE001 - one bad file must not stop a corpus
        return Outcome(job, error=f"unexpected error: {type(err).__name__}: {err}", seconds=time.perf_counter() - start)


def _pair_work(job: Job, alignment: Alignment) -> dict[str, bytes]:
    """Each of the job's `function(alignment, name) -> bytes`; one that fails is left out (the
    main process then does that work itself and reports its error)."""
    data = {}
    for name, module, function in job.pair_work:
        try:
            data[name] = getattr(importlib.import_module(module), function)(alignment, job.name)
        except Exception:  # noqa: BLE001 - the alignment stands; its consumer redoes the work
            pass
    return data


def _embedder(spec: str) -> CachedEmbedder | None:
    """The process's embedder for `spec` ('' for none), loaded on its first pair."""
    if not spec:
        return None
    if spec not in _embedders:
        from ..similarity.embedder import load

        _embedders[spec] = CachedEmbedder(load(spec), limit=EMBEDDINGS_KEPT)
    return _embedders[spec]


def run_local(jobs: Iterable[Job], workers: int) -> Iterator[Outcome]:
    """Outcomes as they complete, on `workers` local processes (1: in this process)."""
    jobs = list(jobs)
    if workers <= 1 or len(jobs) <= 1:
        yield from map(align_job, jobs)
        return
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_leave_interrupts_to_the_parent)
    try:
        futures = {pool.submit(align_job, job): job for job in jobs}
        for future in as_completed(futures):
            job = futures.pop(future)  # let finished results go: memory stays flat on big corpora
            try:
                yield future.result()
            except BrokenProcessPool:
                yield Outcome(job, error="the worker process died (out of memory?)")
    except BaseException:  # Ctrl-C, or the caller stopped early: stop the workers now, not after their pairs
        _stop(pool)
        raise
    pool.shutdown()


def _leave_interrupts_to_the_parent() -> None:
    """Workers ignore Ctrl-C: the parent stops them (no traceback from every worker)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _stop(pool: ProcessPoolExecutor) -> None:
    """Cancel the queued pairs and end the running ones (their results are not needed)."""
    processes = list((getattr(pool, "_processes", None) or {}).values())  # no public API before Python 3.14
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()
    for process in processes:
        process.join(timeout=2)


def run_dask(jobs: Iterable[Job], scheduler: str) -> Iterator[Outcome]:
    """Outcomes as they complete, on the Dask distributed cluster at `scheduler`."""
    try:
        from distributed import Client, as_completed as dask_completed
    except ImportError:
        raise AlignError("the Dask executor needs dask[distributed]: pip install 'align[dask]'") from None
    try:
        client = Client(scheduler, timeout="20s")
    except (OSError, TimeoutError, ValueError) as err:
        raise AlignError(f"cannot reach the Dask scheduler at {scheduler} ({err})") from None
    try:
        futures = {client.submit(align_job, job, pure=False): job for job in jobs}
        for future in dask_completed(list(futures)):
            job = futures.pop(future)
            try:
                yield future.result()
            except Exception as err:  # noqa: BLE001 - a lost worker fails its pair only
                yield Outcome(job, error=f"Dask worker failed: {type(err).__name__}: {err}")
            future.release()
    finally:
        client.close()
