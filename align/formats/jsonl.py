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
    return "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records(alignment))


def read(text: str) -> list[dict]:
    """Units from a JSONL file (ours or a gold file): only `zh` and `en` are required."""
    return [json.loads(line) for line in text.splitlines() if line.strip()]
