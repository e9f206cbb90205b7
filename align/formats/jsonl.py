"""JSON Lines: one aligned unit per line, in the shape of the gold files, with extra fields."""
from __future__ import annotations

import json

from ..model import Alignment
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
    return json.dumps(record, ensure_ascii=False).translate(_LINE_BREAKS)


_LINE_BREAKS = {0x85: "\\u0085", 0x2028: "\\u2028", 0x2029: "\\u2029"}
