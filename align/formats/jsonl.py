"""JSON Lines: one aligned unit per line, in the shape of the gold files, with extra fields.

Written: `zh`, `en` (segment texts), `score`, `zh_ids`, `en_ids`, `label`, `doubtful`, and
`confirmed` on confirmed units; a review adds `rejected`, `edited` and `history`
(`align.review.model`). Read: any file of objects with `zh` and `en` lists of strings (gold
files hold only those); the other fields are used where they are well-formed.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from ..corpus import aligned_name
from ..errors import InputError
from ..model import AlignedUnit, Alignment
from .plain import unit_label


def records(alignment: Alignment) -> list[dict]:
    """One plain dict per unit: the JSONL shape, for other stages and programs."""
    result = []
    for unit in alignment.units:
        zh, en = alignment.texts(unit)
        result.append({
            "zh": zh,
            "en": en,
            "score": unit.score,
            "zh_ids": list(unit.zh),
            "en_ids": list(unit.en),
            "label": unit_label(alignment, unit),
            "doubtful": alignment.is_doubtful(unit),
            **({"confirmed": True} if unit.confirmed else {}),
        })
    return result


def render(alignment: Alignment) -> str:
    return "".join(dumps(record) + "\n" for record in records(alignment))


def dumps(record: dict) -> str:
    """One JSON line, readable text, with NEL, U+2028 and U+2029 escaped: line-based readers
    (Python's `str.splitlines`, editors, JavaScript before ES2019) break lines there."""
    line = json.dumps(record, ensure_ascii=False)
    return line.translate(_LINE_BREAKS) if _LINE_BREAK.search(line) else line  # translate is slow on non-ASCII text


_LINE_BREAKS = {0x85: "\\u0085", 0x2028: "\\u2028", 0x2029: "\\u2029"}
_LINE_BREAK = re.compile(f"[{''.join(map(chr, _LINE_BREAKS))}]")


def parse(text: str, source: str = "input") -> list[tuple[int, dict]]:
    """(line number, record) of every non-blank line; InputError unless each is an object
    with `zh` and `en` lists of strings."""
    result = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except (json.JSONDecodeError, RecursionError) as error:
            raise InputError(f"{source}:{number}: not JSON ({getattr(error, 'msg', 'nested too deeply')})") from None
        if not isinstance(record, dict) or not all(
                isinstance(record.get(k), list) and all(isinstance(s, str) for s in record[k]) for k in ("zh", "en")):
            raise InputError(f"{source}:{number}: a unit needs 'zh' and 'en' lists of strings")
        result.append((number, record))
    return result


def score(record: dict) -> float:
    """The record's confidence when it is a number in [0, 1], else 1.0."""
    value = record.get("score")
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value <= 1 else 1.0


def doubtful(record: dict, threshold: float = Alignment.doubt_threshold) -> bool:
    """The record's `doubtful` flag, or what the writer would have said (one-sided or under the threshold)."""
    value = record.get("doubtful")
    return value if isinstance(value, bool) else not record["zh"] or not record["en"] or score(record) < threshold


def read(path: str | Path) -> list[AlignedUnit]:
    """Every unit of an aligned `.jsonl` file (`doc`: the file's NAME, `ref`: NAME.jsonl:LINE)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise InputError(f"{path}: cannot read ({error.strerror})") from None
    doc = aligned_name(path)
    return [AlignedUnit(tuple(r["zh"]), tuple(r["en"]), ids(r, "zh"), ids(r, "en"),
                        r["label"] if isinstance(r.get("label"), str) else "", score=score(r), doubtful=doubtful(r),
                        confirmed=r.get("confirmed") is True, rejected=r.get("rejected") is True, doc=doc,
                        ref=f"{path.name}:{number}") for number, r in parse(text, str(path))]


def ids(record: dict, side: str) -> tuple[int, ...]:
    """The record's `zh_ids`/`en_ids` when they fit its texts (one index ≥ 0 per text), else ()."""
    value = record.get(f"{side}_ids")
    if isinstance(value, list) and len(value) == len(record[side]) and all(
            isinstance(i, int) and not isinstance(i, bool) and i >= 0 for i in value):
        return tuple(value)
    return ()
