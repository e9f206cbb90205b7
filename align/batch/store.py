"""The batch store: one SQLite file of documents, aligned pairs, their units and the glossary terms.

Each aligned pair is kept whole (`Alignment.as_dict`: segments with paragraphs, labels and kinds,
units, signature), so the corpus outputs are made from exactly what `align run` would write.
A pair is identified by its content key (hashes of both files and the settings signature), so a
re-run skips what is already aligned, whatever the files are called now, and re-aligns a changed
file, or every pair when the settings or the version of align changed.
Every pair is committed as soon as it is done: an interrupted run loses at most the pairs in flight.
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from ..errors import InputError
from ..model import Alignment

SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    hash TEXT PRIMARY KEY, path TEXT NOT NULL, lang TEXT NOT NULL, bytes INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS pairs (
    key TEXT PRIMARY KEY, name TEXT NOT NULL, zh_hash TEXT, en_hash TEXT, status TEXT NOT NULL,
    reason TEXT, units INTEGER, one_sided INTEGER, doubtful INTEGER, mean_confidence REAL,
    low_confidence INTEGER, seconds REAL, updated TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS pairs_by_name ON pairs (name);
CREATE TABLE IF NOT EXISTS alignments (
    pair TEXT PRIMARY KEY REFERENCES pairs (key) ON DELETE CASCADE, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS pair_data (
    pair TEXT NOT NULL REFERENCES pairs (key) ON DELETE CASCADE, name TEXT NOT NULL, data BLOB NOT NULL,
    PRIMARY KEY (pair, name));
CREATE TABLE IF NOT EXISTS terms (
    zh TEXT NOT NULL, en TEXT NOT NULL, frequency INTEGER, confidence REAL, sources TEXT);
CREATE TABLE IF NOT EXISTS exports (
    name TEXT PRIMARY KEY, digest TEXT NOT NULL, text TEXT NOT NULL);
"""
ALIGNED, FAILED = "aligned", "failed"
# Stores written with another layout are results, not data: they are emptied and refilled.
LAYOUT = 2
APPLICATION_ID = 0x616C6E73  # "alns": SQLite's mark of the program a database file belongs to
# every table a store of any layout has held: a database with others (or another program's mark) is not one
STORE_TABLES = frozenset("documents pairs units alignments pair_data terms exports".split())


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass(frozen=True)
class PairRow:
    key: str
    name: str
    status: str
    reason: str
    units: int
    one_sided: int
    doubtful: int
    mean_confidence: float
    low_confidence: bool


class Store:
    def __init__(self, path: Path):
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(path)
            self.db.execute("PRAGMA foreign_keys = ON")
            self.db.execute("PRAGMA journal_mode = WAL")
            # commits that do not wait for the disk (SQLite's advice with WAL): a power cut may lose the last
            # pairs, which the next run aligns again, not the store (a pair's commits: 5.6 → 2.3 ms)
            self.db.execute("PRAGMA synchronous = NORMAL")
            self._check_ours(path)
            if self.db.execute("PRAGMA user_version").fetchone()[0] != LAYOUT:
                self.db.executescript("DROP TABLE IF EXISTS units; DROP TABLE IF EXISTS alignments; "
                                      "DROP TABLE IF EXISTS pair_data; DROP TABLE IF EXISTS pairs; DROP TABLE IF EXISTS documents; "
                                      "DROP TABLE IF EXISTS terms; DROP TABLE IF EXISTS exports; "
                                      f"PRAGMA user_version = {LAYOUT};")
            self.db.executescript(SCHEMA + f"PRAGMA application_id = {APPLICATION_ID};")
        except (sqlite3.Error, OSError) as err:
            raise InputError(f"{path}: cannot open the batch store ({err})") from None

    def _check_ours(self, path: Path) -> None:
        """An InputError for a database of another program (its tables are never dropped): marked as
        another's, or holding tables no store has held."""
        mark = self.db.execute("PRAGMA application_id").fetchone()[0]
        tables = {name for (name,) in self.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
                  if not name.startswith("sqlite_")}
        others = tables - STORE_TABLES
        if mark not in (0, APPLICATION_ID) or (mark == 0 and others):
            what = f"it holds tables align does not make: {', '.join(sorted(others)[:5])}" if others else \
                f"another program's database (application id {mark})"
            self.db.close()
            raise InputError(f"{path}: not an align batch store ({what}); give --store a new file")

    def close(self) -> None:
        self.db.close()

    def is_aligned(self, key: str) -> bool:
        row = self.db.execute("SELECT status FROM pairs WHERE key = ?", (key,)).fetchone()
        return bool(row) and row[0] == ALIGNED

    def rename(self, key: str, name: str) -> None:
        """The pair's name, if another (committed only then: a re-run of a large batch commits nothing)."""
        if self.db.execute("SELECT 1 FROM pairs WHERE key = ? AND name != ?", (key, name)).fetchone():
            with self.db:
                self.db.execute("UPDATE pairs SET name = ? WHERE key = ?", (name, key))

    def add_document(self, digest: str, path: Path, lang: str) -> None:
        row = (digest, str(path), lang, path.stat().st_size)
        if self.db.execute("SELECT * FROM documents WHERE hash = ?", (digest,)).fetchone() == row:
            return  # known already: no write (a re-run of a large batch commits nothing)
        with self.db:
            self.db.execute("INSERT OR REPLACE INTO documents VALUES (?, ?, ?, ?)", row)

    def save_aligned(self, key: str, name: str, hashes: tuple[str, str], alignment: Alignment, summary: dict,
                     seconds: float, data: dict[str, bytes] | None = None) -> None:
        """The aligned pair, with `data` other packages computed from it in the workers (name → bytes)."""
        with self.db:
            self._replace(key, name)
            self.db.execute(
                "INSERT INTO pairs VALUES (?, ?, ?, ?, ?, '', ?, ?, ?, ?, ?, ?, ?)",
                (key, name, *hashes, ALIGNED, summary["units"], summary["one_sided"], summary["doubtful"],
                 summary["mean_confidence"], int(summary["low_confidence"]), round(seconds, 3), _now()))
            self.db.execute("INSERT INTO alignments VALUES (?, ?)",
                            (key, json.dumps(alignment.as_dict(), ensure_ascii=False)))
            self.db.executemany("INSERT INTO pair_data VALUES (?, ?, ?)", [(key, n, d) for n, d in (data or {}).items()])

    def save_failed(self, key: str, name: str, reason: str) -> None:
        with self.db:
            self._replace(key, name)
            self.db.execute("INSERT INTO pairs (key, name, status, reason, updated) VALUES (?, ?, ?, ?, ?)",
                            (key, name, FAILED, reason, _now()))

    def _replace(self, key: str, name: str) -> None:
        """Forget earlier results for this content or this name (a changed file is aligned again)."""
        self.db.execute("DELETE FROM pairs WHERE key = ? OR name = ?", (key, name))

    def pair(self, key: str) -> PairRow | None:
        row = self.db.execute(
            "SELECT key, name, status, COALESCE(reason, ''), COALESCE(units, 0), COALESCE(one_sided, 0), "
            "COALESCE(doubtful, 0), COALESCE(mean_confidence, 0), COALESCE(low_confidence, 0) "
            "FROM pairs WHERE key = ?", (key,)).fetchone()
        return PairRow(*row[:8], bool(row[8])) if row else None

    def alignment(self, key: str) -> Alignment:
        """The aligned pair as it was aligned: segments with paragraphs, labels and kinds, units, signature."""
        row = self.db.execute("SELECT data FROM alignments WHERE pair = ?", (key,)).fetchone()
        if row is None:
            raise InputError(f"the store has no alignment for {key}")
        try:
            return Alignment.from_dict(json.loads(row[0]))
        except (ValueError, KeyError, TypeError) as err:  # written by hand or by another program
            raise InputError(f"{self.path}: a damaged alignment in the batch store ({type(err).__name__}: {err}); "
                             "delete the store (or give --store a new file) and run again") from None

    def pair_data(self, key: str, name: str) -> bytes | None:
        """What `name` computed from this aligned pair in the workers, if it was kept."""
        row = self.db.execute("SELECT data FROM pair_data WHERE pair = ? AND name = ?", (key, name)).fetchone()
        return row[0] if row else None

    def content_digest(self, keys: list[str]) -> str:
        """A digest of these pairs as stored (key and time of their last result)."""
        digest = hashlib.sha256()
        for key in sorted(keys):
            row = self.db.execute("SELECT updated FROM pairs WHERE key = ?", (key,)).fetchone()
            digest.update(f"{key}\t{row[0] if row else ''}\n".encode())
        return digest.hexdigest()

    def export(self, name: str, digest: str) -> str | None:
        """A corpus output saved for exactly this content digest, if any."""
        row = self.db.execute("SELECT text FROM exports WHERE name = ? AND digest = ?", (name, digest)).fetchone()
        return row[0] if row else None

    def save_export(self, name: str, digest: str, text: str) -> None:
        with self.db:
            self.db.execute("INSERT OR REPLACE INTO exports VALUES (?, ?, ?)", (name, digest, text))

    def save_terms(self, terms: list[tuple[str, str, int, float, str]]) -> None:
        with self.db:
            self.db.execute("DELETE FROM terms")
            self.db.executemany("INSERT INTO terms VALUES (?, ?, ?, ?, ?)", terms)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
