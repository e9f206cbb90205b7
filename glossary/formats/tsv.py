"""TSV/CSV glossaries (memoQ, Xbench import), read back for review round trips and seeds.

Columns: ``id``, ``review`` (candidate / approved / rejected), ``zh`` (preferred),
``zh_variants`` (admitted, ``|``-separated), ``zh_pos``, ``en`` (preferred), ``en_variants``
(admitted synonyms), ``en_abbreviations`` (short forms and acronyms), ``forbidden``
(deprecated English terms), ``en_pos``, ``subject``, ``definition``, ``frequency``,
``consistency``, ``confidence``, ``context_zh``, ``context_en``, ``sources``, ``origin``,
``new``, ``note``. A reviser edits ``review``, swaps the preferred terms, adds forbidden
forms, and feeds the file back (``--existing``, ``--seed`` or ``align check --glossary``).
Reading needs only ``zh`` and ``en`` (also named by a language tag or name, as other tools
head their columns: ``zh-CN``, ``en-US``, ``Chinese (PRC)``, ``English``, 中文, 英文); a file whose
first row is not a header is read as ``zh, en[, note]`` rows.
"""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from align.errors import InputError
from align.formats.plain import xml_text
from align.readers.encoding import decode

from ..model import (ACRONYM, ADMITTED, CANDIDATE, DEPRECATED, FULL_FORM, PREFERRED, REVIEW, SHORT_FORM, VARIANT, Entry,
                    Glossary, Term)

COLUMNS = ["id", "review", "zh", "zh_variants", "zh_pos", "en", "en_variants", "en_abbreviations", "forbidden",
           "en_pos", "subject", "definition", "frequency", "consistency", "confidence", "context_zh", "context_en",
           "sources", "origin", "new", "note"]
# a column heading naming a language (zh-CN, zh_Hans, Chinese (PRC), 中文; en-US, English, 英文)
_LANGUAGE_HEADINGS = {
    "zh": re.compile(r"(zh|zho|chi|chs|cht)([-_](hans|hant|cn|tw|hk|mo|sg|prc))*|chinese( \(.*\))?|中文|汉语|简体中文"),
    "en": re.compile(r"(en|eng)([-_](us|gb|uk|au|ca|ie|nz|int|001))*|english( \(.*\))?|英文|英语")}


class TableProblem(InputError):
    """A glossary table that cannot be read; the message is one line."""


def _row(entry: Entry) -> list[str]:
    def texts(terms, keep) -> str:
        return "|".join(t.text for t in terms[1:] if keep(t))

    return [str(entry.id), entry.review, entry.zh_term, texts(entry.zh, lambda t: t.status != DEPRECATED),
            entry.zh_pos, entry.en_term,
            texts(entry.en, lambda t: t.status != DEPRECATED and t.type not in (SHORT_FORM, ACRONYM)),
            texts(entry.en, lambda t: t.status != DEPRECATED and t.type in (SHORT_FORM, ACRONYM)),
            texts(entry.en, lambda t: t.status == DEPRECATED), entry.pos, entry.subject, entry.definition,
            str(entry.frequency), f"{entry.consistency:.3f}", f"{entry.confidence:.3f}",
            entry.context_zh, entry.context_en, " ".join(entry.sources), entry.origin,
            "yes" if entry.new else "no", entry.note]


def render(glossary: Glossary, delimiter: str = "\t") -> str:
    """The glossary as TSV (``delimiter="\\t"``) or CSV text with a header row."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(COLUMNS)
    writer.writerows(_row(e) for e in glossary.entries)
    return out.getvalue()


def _split(cell: str | None) -> list[str]:
    return [part.strip() for part in (cell or "").split("|") if part.strip()]


def _number(record: dict, name: str, kind, default):
    try:
        return kind(record.get(name) or default)
    except ValueError:
        return default


def _entry(number: int, record: dict) -> Entry:
    en_pos = record.get("en_pos") or record.get("pos") or ""
    abbreviations = _split(record.get("en_abbreviations"))
    en = [Term(text, PREFERRED, en_pos, type=FULL_FORM if abbreviations else "") for text in _split(record.get("en"))]
    en += [Term(t, ADMITTED, type=VARIANT) for t in _split(record.get("en_variants"))]
    en += [Term(t, ADMITTED, type=ACRONYM if t.isupper() else SHORT_FORM)
           for t in abbreviations]
    en += [Term(t, DEPRECATED) for t in _split(record.get("forbidden"))]
    zh = [Term(z, PREFERRED, record.get("zh_pos") or "") for z in _split(record.get("zh"))]
    zh += [Term(z, ADMITTED, type=VARIANT) for z in _split(record.get("zh_variants"))]
    review = (record.get("review") or "").strip().lower()
    return Entry(
        _number(record, "id", int, number), zh, en,
        frequency=_number(record, "frequency", int, 0), consistency=_number(record, "consistency", float, 1.0),
        confidence=_number(record, "confidence", float, 1.0), context_zh=record.get("context_zh") or "",
        context_en=record.get("context_en") or "", sources=(record.get("sources") or "").split(),
        note=(record.get("note") or "").strip(), origin=(record.get("origin") or "").strip() or "seed",
        review=review if review in REVIEW else CANDIDATE, subject=record.get("subject") or "",
        definition=record.get("definition") or "", new=(record.get("new") or "yes").strip() != "no")


def _heading(cell: str) -> str:
    """A header cell as a column name: ``zh``/``en`` for a heading that names the language."""
    name = cell.strip().lower()
    if name in COLUMNS:
        return name
    return next((lang for lang, pattern in _LANGUAGE_HEADINGS.items() if pattern.fullmatch(name)), name)


def read(path: Path) -> Glossary:
    """Entries of a TSV/CSV glossary or seed list (origin "seed" unless the file says)."""
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise TableProblem(f"{path}: cannot read ({error})") from None
    text = decode(data, "zh", str(path))  # as spreadsheets save it: UTF-16 ("Unicode text"), GB18030 …
    text = xml_text(text)  # control characters cannot go into a TBX or a report
    delimiter = "," if Path(path).suffix.lower() == ".csv" else "\t"
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    if not rows:
        raise TableProblem(f"{path}: empty glossary table")
    header = [_heading(h) for h in rows[0]]
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
        entries.append(_entry(number, record))
    return Glossary(entries)
