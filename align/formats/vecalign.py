"""Vecalign/Bertalign `.align` files: `[0,1]:[0]` per unit over zero-based segment indices."""
from __future__ import annotations

import json

from ..model import Alignment


def render(alignment: Alignment) -> str:
    return "".join(f"{json.dumps(list(u.zh))}:{json.dumps(list(u.en))}\n".replace(" ", "") for u in alignment.units)


def parse(text: str) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    units = []
    for line in text.splitlines():
        if line.strip():
            zh, en = line.split(":")[:2]
            units.append((tuple(json.loads(zh)), tuple(json.loads(en))))
    return units
