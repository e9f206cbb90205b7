"""InterText alignments: a `linkGrp` file pointing at two documents of `<p id>`/`<s id>` elements.

    <linkGrp toDoc='NAME.en.xml' fromDoc='NAME.zh.xml'>
    <link type='2-1' xtargets='1:2 1:3;1:2' status='man'/>

Which side is which is InterText's convention, as its editor reads and writes it
(czcorpus/InterText_editor, src/ItAlignment.cpp: `loadFile` takes document 0 from `fromDoc` and
its ids from `xtargets.split(";")[1]`, document 1 from `toDoc` and `[0]`; `getAlignmentXML` writes
`type='<toDoc count>-<fromDoc count>' xtargets='<toDoc ids>;<fromDoc ids>'`; its example
Obama-Inauguracni_rec.cs-00.no-00.alignment.xml agrees). `status` is `man` (confirmed by hand),
`auto` or `plain`. We write Chinese as `fromDoc`; on reading, the document with more Chinese text is
the Chinese side, whichever attribute names it. InterText has no confidence: units read from it score
1.0 when confirmed and 0.5 otherwise (not doubtful).
"""
from __future__ import annotations

from pathlib import Path

from lxml import etree

from ..errors import InputError
from ..model import Alignment, Segment, Unit
from ..readers.xmlsafe import XMLProblem, parse_xml
from ..script import chinese_share

_HEADER = "<?xml version='1.0' encoding='utf-8'?>\n"


def file_names(name: str) -> tuple[str, str, str]:
    """The Chinese document, the English document and the linkGrp file, named as InterText names them."""
    return f"{name}.zh.xml", f"{name}.en.xml", f"{name}.zh.en.xml"


def render(alignment: Alignment, name: str) -> dict[str, str]:
    """File name → text for the two documents and the alignment."""
    zh_name, en_name, link_name = file_names(name)
    zh_ids, zh_doc = _document(alignment.zh, "zh", name)
    en_ids, en_doc = _document(alignment.en, "en", name)
    root = etree.Element("linkGrp", toDoc=en_name, fromDoc=zh_name)
    for unit in alignment.units:
        etree.SubElement(root, "link", {
            "type": f"{len(unit.en)}-{len(unit.zh)}",
            "xtargets": " ".join(en_ids[j] for j in unit.en) + ";" + " ".join(zh_ids[i] for i in unit.zh),
            "status": "man" if unit.confirmed else "auto"})
    root.text = "\n"
    for link in root:
        link.tail = "\n"
    links = etree.tostring(root, encoding="unicode")
    return {zh_name: zh_doc, en_name: en_doc, link_name: _HEADER + links + "\n"}


def _document(segments: list[Segment], lang: str, name: str) -> tuple[list[str], str]:
    """Each segment's `p:s` id and the document: one `<p>` per paragraph, one `<s>` per segment."""
    root = etree.Element("doc", id=name, language=lang)
    root.text = "\n"
    ids: list[str] = []
    paragraph, current = 0, None
    for segment in segments:
        if current is None or segment.paragraph != current:
            paragraph, current, sentence = paragraph + 1, segment.paragraph, 0
            p = etree.SubElement(root, "p", id=str(paragraph))
            p.text, p.tail = "\n", "\n"
        sentence += 1
        ids.append(f"{paragraph}:{sentence}")
        s = etree.SubElement(p, "s", id=ids[-1])
        s.text, s.tail = segment.text, "\n"
    return ids, _HEADER + etree.tostring(root, encoding="unicode") + "\n"


def read(path: Path) -> Alignment:
    """An Alignment from a linkGrp file; its documents are looked for beside it (by file name only)."""
    root = _parse(path)
    if root.tag != "linkGrp":
        raise InputError(f"{path}: not an InterText alignment (no linkGrp root)")
    docs = []
    for attribute in ("fromDoc", "toDoc"):
        name = Path(root.get(attribute) or "").name
        if not name:
            raise InputError(f"{path}: linkGrp has no {attribute}")
        docs.append(_read_document(path.parent / name))
    links = [_link(path, link) for link in root.iter("link")]
    (from_ids, from_texts), (to_ids, to_texts) = docs
    from_units = [_positions(path, from_ids, ids) for ids, _, _ in links]
    to_units = [_positions(path, to_ids, ids) for _, ids, _ in links]
    zh_first = _chinese_share(from_texts) >= _chinese_share(to_texts)
    zh_texts, en_texts = (from_texts, to_texts) if zh_first else (to_texts, from_texts)
    zh_units, en_units = (from_units, to_units) if zh_first else (to_units, from_units)
    units = [Unit(tuple(z), tuple(e), 1.0 if confirmed else 0.5, confirmed=confirmed)
             for z, e, (_, _, confirmed) in zip(zh_units, en_units, links) if z or e]
    return Alignment([Segment(t, p) for t, p in zh_texts], [Segment(t, p) for t, p in en_texts], units, "sentence")


def _parse(path: Path) -> etree._Element:
    try:
        return parse_xml(path)
    except XMLProblem as problem:
        raise InputError(str(problem)) from None


def _read_document(path: Path) -> tuple[dict[str, int], list[tuple[str, int]]]:
    """Position of each alignable element's id (elements with an id and no descendant with one, in
    document order) and each one's text with its paragraph number."""
    if not path.is_file():
        raise InputError(f"{path}: InterText document not found beside the alignment")
    root = _parse(path)
    ids: dict[str, int] = {}
    texts: list[tuple[str, int]] = []
    parents: dict[etree._Element, int] = {}
    for element in root.iter():
        if element.get("id") is None or element is root or any(d.get("id") is not None for d in element.iterdescendants()):
            continue
        parent = element.getparent()
        paragraph = parents.setdefault(parent if parent is not root else element, len(parents))
        ids[element.get("id")] = len(texts)
        texts.append((" ".join("".join(element.itertext()).split()), paragraph))
    return ids, texts


def _link(path: Path, link: etree._Element) -> tuple[list[str], list[str], bool]:
    """(fromDoc ids, toDoc ids, confirmed) of one link."""
    parts = (link.get("xtargets") or "").split(";")
    if len(parts) != 2:
        raise InputError(f"{path}: line {link.sourceline}: xtargets must hold two id lists separated by ';'")
    to_ids, from_ids = (p.split() for p in parts)
    return from_ids, to_ids, link.get("status") == "man"


def _positions(path: Path, known: dict[str, int], ids: list[str]) -> list[int]:
    missing = [i for i in ids if i not in known]
    if missing:
        raise InputError(f"{path}: link to unknown element id {missing[0]!r}")
    return [known[i] for i in ids]


def _chinese_share(texts: list[tuple[str, int]]) -> float:
    return chinese_share(" ".join(t for t, _ in texts[:200]))
