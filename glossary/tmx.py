"""Read a TMX translation memory as bilingual units (for ``align check --tmx``)."""
from __future__ import annotations

from pathlib import Path

from .inputs import TextUnit
from .xmlsafe import local, parse_xml

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def read_tmx(path: Path) -> list[TextUnit]:
    """One unit per ``tu`` with a zh* and an en* variant (inline markup flattened)."""
    root = parse_xml(path)
    units = []
    for number, tu in enumerate(root.iter("{*}tu", "tu"), 1):
        texts: dict[str, str] = {}
        for tuv in tu:
            if local(tuv.tag) != "tuv":
                continue
            lang = (tuv.get(XML_LANG) or tuv.get("lang") or "").lower()
            side = "zh" if lang.startswith("zh") else "en" if lang.startswith("en") else ""
            seg = next((c for c in tuv if local(c.tag) == "seg"), None)
            if side and seg is not None and side not in texts:
                texts[side] = "".join(seg.itertext())
        if texts:
            units.append(TextUnit(texts.get("zh", ""), texts.get("en", ""), Path(path).stem,
                                  ref=f"{Path(path).name}#tu={tu.get('tuid') or number}"))
    return units
