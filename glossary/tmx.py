"""TMX translation memories as the glossary's bilingual units (for ``align check --tmx``)."""
from __future__ import annotations

from pathlib import Path

from align.formats import tmx

from .inputs import TextUnit


def read_tmx(path: Path) -> list[TextUnit]:
    """One unit per ``tu`` with a zh* or an en* variant (`align.formats.tmx.read`)."""
    return [TextUnit(u.zh, u.en, Path(path).stem, ref=f"{Path(path).name}#tu={u.tuid}") for u in tmx.read(path)]
