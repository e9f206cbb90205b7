"""The batch store: one SQLite file of documents, aligned pairs, their units and the glossary terms.

A pair is identified by its content key (hashes of both files, level, input format), so a re-run
skips what is already aligned, whatever the files are called now, and re-aligns a changed file.
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

SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    hash TEXT PRIMARY KEY, path TEXT NOT NULL, lang TEXT NOT NULL, bytes INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS pairs (
    key TEXT PRIMARY KEY, name TEXT NOT NULL, zh_hash TEXT, en_hash TEXT, status TEXT NOT NULL,
    reason TEXT, units INTEGER, one_sided INTEGER, doubtful INTEGER, mean_confidence REAL,
    low_confidence INTEGER, seconds REAL, updated TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS pairs_by_name ON pairs (name);
CREATE TABLE IF NOT EXISTS units (
    pair TEXT NOT NULL REFERENCES pairs (key) ON DELETE CASCADE, k INTEGER NOT NULL,
    zh TEXT NOT NULL, en TEXT NOT NULL, score REAL NOT NULL, label TEXT, doubtful INTEGER NOT NULL,
    PRIMARY KEY (pair, k));
CREATE TABLE IF NOT EXISTS terms (
    zh TEXT NOT NULL, en TEXT NOT NULL, frequency INTEGER, confidence REAL, sources TEXT);
CREATE TABLE IF NOT EXISTS exports (
    name TEXT PRIMARY KEY, digest TEXT NOT NULL, text TEXT NOT NULL);
"""
ALIGNED, FAILED = "aligned", "failed"


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
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(path)
            self.db.execute("PRAGMA foreign_keys = ON")
            self.db.execute("PRAGMA journal_mode = WAL")
            self.db.executescript(SCHEMA)
        except (sqlite3.Error, OSError) as err:
            raise InputError(f"{path}: cannot open the batch store ({err})") from None

    def close(self) -> None:
        self.db.close()

    def is_aligned(self, key: str) -> bool:
        row = self.db.execute("SELECT status FROM pairs WHERE key = ?", (key,)).fetchone()
        return bool(row) and row[0] == ALIGNED

    def add_document(self, digest: str, path: Path, lang: str) -> None:
        row = (digest, str(path), lang, path.stat().st_size)
        if self.db.execute("SELECT * FROM documents WHERE hash = ?", (digest,)).fetchone() == row:
            return  # known already: no write (a re-run of a large batch commits nothing)
        with self.db:
            self.db.execute("INSERT OR REPLACE INTO documents VALUES (?, ?, ?, ?)", row)

    def save_aligned(self, key: str, name: str, hashes: tuple[str, str], units: list[dict], summary: dict,
                     seconds: float) -> None:
        with self.db:
            self._replace(key, name)
            self.db.execute(
                "INSERT INTO pairs VALUES (?, ?, ?, ?, ?, '', ?, ?, ?, ?, ?, ?, ?)",
                (key, name, *hashes, ALIGNED, summary["units"], summary["one_sided"], summary["doubtful"],
                 summary["mean_confidence"], int(summary["low_confidence"]), round(seconds, 3), _now()))
            self.db.executemany(
                "INSERT INTO units VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(key, k, json.dumps(u["zh"], ensure_ascii=False), json.dumps(u["en"], ensure_ascii=False),
                  u["score"], u.get("label", ""), int(u.get("doubtful", False))) for k, u in enumerate(units)])

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

    def units(self, key: str) -> list[dict]:
        rows = self.db.execute("SELECT zh, en, score, label, doubtful FROM units WHERE pair = ? ORDER BY k", (key,))
        return [{"zh": json.loads(zh), "en": json.loads(en), "score": score, "label": label or "",
                 "doubtful": bool(doubtful)} for zh, en, score, label, doubtful in rows]

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
