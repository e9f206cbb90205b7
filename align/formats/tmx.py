"""TMX 1.4b translation memory: zh-CN source, one <tu> per two-sided unit.

The header records how the memory was made (`<prop type="x-align-signature">`, the first
document's settings signature). Each <tu> carries the paragraph label, the confidence and a doubt
flag in <prop>s (`x-label`, `x-confidence`, `x-doubtful`), the document name (`x-document`) and,
on units a reviewer confirmed, `x-confirmed`.
"""
from __future__ import annotations

import itertools
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable

from lxml import etree

from .. import __version__
from ..corpus import aligned_name
from ..model import AlignedUnit, Alignment
from ..readers.xmlsafe import local, parse_xml
from .plain import unit_label, unit_texts, xml_safe, xml_text

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_CODES = ("bpt", "ept", "ph", "it", "ut")  # TMX 1.4b elements whose content is native code, not text


def render(alignment: Alignment, document: str, zh_lang: str = "zh-CN", en_lang: str = "en") -> str:
    return render_corpus([(document, alignment)], zh_lang, en_lang)


def render_corpus(documents: Iterable[tuple[str, Alignment]], zh_lang: str = "zh-CN", en_lang: str = "en",
                  level: str = "sentence") -> str:
    """One TMX for many aligned documents (name, alignment); `tuid`s run on across documents."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    documents = iter(documents)
    first = next(documents, None)
    root = etree.Element("tmx", version="1.4")
    header = etree.SubElement(root, "header", {
        "creationtool": "align", "creationtoolversion": __version__, "segtype": first[1].level if first else level,
        "o-tmf": "align", "adminlang": "en", "srclang": zh_lang, "datatype": "plaintext",
        "creationdate": stamp,
    })
    if first and first[1].signature:
        etree.SubElement(header, "prop", type="x-align-signature").text = first[1].signature
    body = etree.SubElement(root, "body")
    offset = 0
    for document, alignment in itertools.chain([first] if first else [], documents):  # one alignment at a time
        _add_units(body, alignment, document, offset, stamp, (zh_lang, en_lang))
        offset += len(alignment.units)
    xml = etree.tostring(root, encoding="unicode", pretty_print=True)
    return '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n' + xml


def _add_units(body: etree._Element, alignment: Alignment, document: str, offset: int, stamp: str,
               langs: tuple[str, str]) -> None:
    document = xml_safe(document)  # a file name may hold anything
    for number, unit in enumerate(alignment.units, offset + 1):
        zh, en = unit_texts(alignment, unit)
        if not zh or not en:
            continue
        tu = etree.SubElement(body, "tu", tuid=str(number), creationdate=stamp)
        props = {"x-document": document, "x-label": unit_label(alignment, unit),
                 "x-confidence": f"{unit.score:.3f}",
                 "x-doubtful": "yes" if alignment.is_doubtful(unit) else "no",
                 "x-confirmed": "yes" if unit.confirmed else ""}
        for kind, value in props.items():
            if value:
                etree.SubElement(tu, "prop", type=kind).text = xml_text(value)  # a file name may hold controls
        for lang, text in zip(langs, (zh, en)):
            tuv = etree.SubElement(tu, "tuv", {XML_LANG: lang})
            etree.SubElement(tuv, "seg").text = text


def read(path: str | Path) -> list[AlignedUnit]:
    """Every `<tu>` with a zh* or an en* variant, parsed safely (no entities, DTDs or network):
    its texts (inline markup flattened, native codes left out), and from our `<prop>`s its document (else the file's
    name), label, confidence and flags; `ref` is NAME.tmx#tu=ID."""
    path = Path(path)
    units = []
    for number, tu in enumerate(parse_xml(path).iter("{*}tu", "tu"), 1):
        texts: dict[str, str] = {}
        props = {p.get("type"): (p.text or "").strip() for p in tu if local(p.tag) == "prop"}
        for tuv in tu:
            if local(tuv.tag) != "tuv":
                continue
            lang = (tuv.get(XML_LANG) or tuv.get("lang") or "").lower()
            side = "zh" if lang.startswith("zh") else "en" if lang.startswith("en") else ""
            seg = next((c for c in tuv if local(c.tag) == "seg"), None)
            if side and seg is not None and side not in texts:
                texts[side] = _seg_text(seg)
        if texts:
            zh, en = texts.get("zh", ""), texts.get("en", "")
            units.append(AlignedUnit((zh,) if zh else (), (en,) if en else (), label=props.get("x-label", ""),
                                     score=_confidence(props.get("x-confidence", "")),
                                     doubtful=props.get("x-doubtful") == "yes",
                                     confirmed=props.get("x-confirmed") == "yes",
                                     doc=props.get("x-document") or aligned_name(path),
                                     ref=f"{path.name}#tu={tu.get('tuid') or number}"))
    return units


def _seg_text(element: etree._Element) -> str:
    """The text of a `<seg>`: inline markup (`<hi>`) flattened, the native codes that `<bpt>`,
    `<ept>`, `<ph>`, `<it>` and `<ut>` hold left out (CAT tools' formatting, `<cf bold="True">`)."""
    parts = [element.text or ""]
    for child in element:
        if local(child.tag) not in ("", *_CODES):
            parts.append(_seg_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _confidence(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        return 1.0
    return value if 0 <= value <= 1 else 1.0
