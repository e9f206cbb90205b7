"""One batch run: pairs → store keys → jobs on an executor → results committed pair by pair."""
from __future__ import annotations

import hashlib
from contextlib import closing
from dataclasses import dataclass, field
from typing import Callable, Iterator

from ..config import AlignConfig
from ..errors import InputError
from .jobs import Job, Outcome, run_dask, run_local
from ..corpus import Pair
from ..readers.detect import check_file
from .store import Store, file_hash

Progress = Callable[[str], None]


@dataclass
class Report:
    keys: list[tuple[str, str]] = field(default_factory=list)  # (name, key) of every pair, input order
    aligned: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (name, reason)


@dataclass(frozen=True)
class Settings:
    config: AlignConfig = AlignConfig()  # how each pair is aligned
    workers: int = 1
    executor: str = "local"  # or "dask"
    scheduler: str = ""
    pair_work: tuple[tuple[str, str, str], ...] = ()  # (name, module, function) run in the workers on each pair


def run_batch(pairs: list[Pair], store: Store, settings: Settings, progress: Progress,
              on_aligned: Callable[[Outcome], None] | None = None) -> Report:
    """Align the pairs the store lacks; ``on_aligned`` sees each pair aligned, once it is stored
    (the corpus outputs take what they need of it while the workers align the others)."""
    report = Report()
    jobs, first = [], {}  # first: the name of the first pair of each content key
    for pair in pairs:
        job, reason = _job(pair, store, settings)
        if job and first.setdefault(job.key, pair.name) != pair.name:  # its outputs would repeat the first's
            job, reason = None, f"the same two files (by content) as pair {first[job.key]!r}"
        report.keys.append((pair.name, job.key if job else _name_key(pair.name)))
        if reason:
            store.save_failed(_name_key(pair.name), pair.name, reason)
            report.failed.append((pair.name, reason))
            progress(f"{pair.name}: failed: {reason}")
        elif store.is_aligned(job.key):
            store.rename(job.key, pair.name)  # the outputs show the name the input gives it now
            report.skipped.append(pair.name)
        else:
            jobs.append(job)
    if report.skipped:
        progress(f"{len(report.skipped)} pairs already aligned (in the store): skipped")
    with closing(_execute(jobs, settings)) as outcomes:  # closed at once on Ctrl-C: the workers stop
        for done, outcome in enumerate(outcomes, 1):
            _record(outcome, store, report)
            if on_aligned and not outcome.error:
                on_aligned(outcome)
            state = f"failed: {outcome.error}" if outcome.error else \
                f"{outcome.summary['units']} units, mean confidence {outcome.summary['mean_confidence']:.2f}"
            progress(f"[{done}/{len(jobs)}] {outcome.job.name}: {state}")
    return report


def _job(pair: Pair, store: Store, settings: Settings) -> tuple[Job | None, str]:
    if pair.missing:
        return None, pair.missing
    try:
        hashes = []
        for lang, path in (("zh", pair.zh), ("en", pair.en)):
            check_file(path)
            digest = file_hash(path)
            store.add_document(digest, path, lang)
            hashes.append(digest)
    except (InputError, OSError) as err:
        return None, str(err) if isinstance(err, InputError) else f"{err.filename}: {err.strerror}"
    key = ":".join([*hashes, settings.config.signature()])  # new settings or a new version: realigned
    return Job(key, pair.name, str(pair.zh), str(pair.en), settings.config, settings.pair_work), ""


def _name_key(name: str) -> str:
    return "name:" + hashlib.sha256(name.encode()).hexdigest()


def _execute(jobs: list[Job], settings: Settings) -> Iterator[Outcome]:
    if settings.executor == "dask":
        return run_dask(jobs, settings.scheduler)
    return run_local(jobs, settings.workers)


def _record(outcome: Outcome, store: Store, report: Report) -> None:
    job = outcome.job
    if outcome.error:
        store.save_failed(job.key, job.name, outcome.error)
        report.failed.append((job.name, outcome.error))
    else:
        hashes = tuple(job.key.split(":")[:2])
        store.save_aligned(job.key, job.name, hashes, outcome.alignment, outcome.summary, outcome.seconds,
                           outcome.data)
        report.aligned.append(job.name)
