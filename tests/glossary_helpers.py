"""Shared data for the glossary and check tests (no dependence on ../shared)."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from lxml import etree

from align.model import AlignedUnit

DATA = Path(__file__).parent / "data"
SCHEMAS = DATA / "tbx"
PAIR_001 = DATA / "glossary" / "001_dd72bde6d4dd5ad3.para.jsonl"
TBX3_NS = {"tbx": "urn:iso:std:iso:30042:ed-2"}


@lru_cache(maxsize=None)
def relaxng(name: str) -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(SCHEMAS / name)))


@lru_cache(maxsize=1)
def dtd_2008() -> etree.DTD:
    return etree.DTD(str(SCHEMAS / "TBXBasiccoreStructV02.dtd"))


@lru_cache(maxsize=1)
def dca_picklists() -> dict[str, set[str]]:
    """The TBX-Basic DCA Schematron's value rules, read from the .sch (XSLT 2 not needed):
    'admin', 'descrip', 'termNote' … → allowed @type values; 'termNote:partOfSpeech' … →
    allowed contents."""
    sch = (SCHEMAS / "TBX-Basic_DCA.sch").read_text(encoding="utf-8")
    rules: dict[str, set[str]] = {}
    for context, test in re.findall(r'<rule context="([^"]+)">\s*<assert test="([^"]+)"', sch):
        values = set(re.findall(r"\.='([^']+)'", test))
        if not values:
            continue
        if m := re.fullmatch(r"tbx:(\w+)/@type", context):
            rules[m.group(1)] = values
        elif m := re.fullmatch(r"tbx:termNote\[@type='(\w+)'\]", context):
            rules[f"termNote:{m.group(1)}"] = values
    return rules


def dca_violations(root: etree._Element) -> list[str]:
    """Picklist and data-category violations of a v3 DCA document."""
    rules, problems = dca_picklists(), []
    for element in root.iter("{urn:iso:std:iso:30042:ed-2}*"):
        tag = etree.QName(element).localname
        kind = element.get("type")
        if kind is not None and tag in rules and kind not in rules[tag]:
            problems.append(f"{tag} type={kind}")
        if tag == "termNote" and f"termNote:{kind}" in rules and element.text not in rules[f"termNote:{kind}"]:
            problems.append(f"termNote {kind}={element.text}")
        if tag == "termNote" and etree.QName(element.getparent()).localname != "termSec":
            problems.append("termNote outside termSec")
    if root.get("type") != "TBX-Basic" or root.get("style") != "dca":
        problems.append("root must be type=TBX-Basic style=dca")
    return problems


def text_unit(zh: str, en: str, doc: str = "d", label: str = "", ref: str = "") -> AlignedUnit:
    """A one-segment aligned unit (an empty text is an empty side)."""
    return AlignedUnit((zh,) if zh else (), (en,) if en else (), label=label, doc=doc, ref=ref)
