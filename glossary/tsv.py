"""TSV/CSV glossaries (memoQ, Xbench import) and the seed lists read back the same way.

Columns: ``zh``, ``en`` (preferred), then ``en_variants`` (admitted, ``|``-separated),
``forbidden`` (deprecated English terms), ``pos``, ``frequency``, ``consistency``,
``confidence``, ``context_zh``, ``context_en``, ``sources``, ``origin``, ``note``.
Reading needs only ``zh`` and ``en``; a file whose first row is not a header is read
as ``zh, en[, note]`` rows.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

from align.formats.atomic import write_atomic

from .model import ADMITTED, DEPRECATED, PREFERRED, Entry, Glossary, Term

COLUMNS = ["zh", "en", "en_variants", "forbidden", "pos", "frequency", "consistency", "confidence",
           "context_zh", "context_en", "sources", "origin", "note"]


class TableProblem(Exception):
    """A glossary table that cannot be read; the message is one line."""


def _row(entry: Entry) -> list[str]:
    by_status = {s: [t.text for t in entry.en if t.status == s] for s in (ADMITTED, DEPRECATED)}
    return [entry.zh_term, entry.en_term, "|".join(by_status[ADMITTED]), "|".join(by_status[DEPRECATED]),
            entry.pos, str(entry.frequency), f"{entry.consistency:.3f}", f"{entry.confidence:.3f}",
            entry.context_zh, entry.context_en, " ".join(entry.sources), entry.origin, entry.note]


def to_table(glossary: Glossary, delimiter: str = "\t") -> str:
    """The glossary as TSV (``delimiter="\\t"``) or CSV text with a header row."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(COLUMNS)
    writer.writerows(_row(e) for e in glossary.entries)
    return out.getvalue()


def write_table(glossary: Glossary, path: Path) -> None:
    write_atomic(path, to_table(glossary, "," if Path(path).suffix.lower() == ".csv" else "\t"))


def _split(cell: str | None) -> list[str]:
    return [part.strip() for part in (cell or "").split("|") if part.strip()]


def read_table(path: Path) -> Glossary:
    """Entries of a TSV/CSV glossary or seed list (origin "seed")."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise TableProblem(f"{path}: cannot read ({error})") from None
    delimiter = "," if Path(path).suffix.lower() == ".csv" else "\t"
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    if not rows:
        raise TableProblem(f"{path}: empty glossary table")
    header = [h.strip().lower() for h in rows[0]]
    if "zh" in header and "en" in header:
        records = [dict(zip(header, r)) for r in rows[1:]]
    else:
        records = [dict(zip(["zh", "en", "note"], r)) for r in rows]
    entries = []
    for number, record in enumerate(records, 1):
        zh, en = (record.get("zh") or "").strip(), (record.get("en") or "").strip()
        if not zh and not en:
            continue
        if not zh or not en:
            raise TableProblem(f"{path}: row {number + 1}: needs both a zh and an en term")
        terms = [Term(text, PREFERRED, record.get("pos", "")) for text in _split(en)]
        terms += [Term(t, ADMITTED) for t in _split(record.get("en_variants"))]
        terms += [Term(t, DEPRECATED) for t in _split(record.get("forbidden"))]
        entries.append(Entry(number, [Term(z) for z in _split(zh)], terms,
                             note=(record.get("note") or "").strip(), origin="seed"))
    return Glossary(entries)
