"""Safe parsing of XML that comes from outside (TBX, TMX).

No DTD loading, no entity expansion, no network, no huge trees: an XXE or
billion-laughs file is refused with a one-line message, and a malformed file's
message names the line.
"""
from __future__ import annotations

from pathlib import Path

from lxml import etree


class XMLProblem(Exception):
    """A file that is not acceptable XML; the message is one line."""


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           huge_tree=False, dtd_validation=False, remove_comments=True)


def parse_xml(path: Path) -> etree._Element:
    """Root element of ``path``, parsed safely; XMLProblem on anything suspect."""
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise XMLProblem(f"{path}: cannot read ({error.strerror})") from None
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as error:
        line = error.lineno or (error.position[0] if error.position else "?")
        message = str(error.msg).splitlines()[0] if error.msg else "syntax error"
        raise XMLProblem(f"{path}: line {line}: malformed XML ({message})") from None
    tree = root.getroottree()
    if tree.docinfo.internalDTD is not None and _declares_entities(tree.docinfo.internalDTD):
        raise XMLProblem(f"{path}: refused: the file declares its own entities (possible XXE or entity bomb)")
    for element in root.iter(etree.Entity):
        raise XMLProblem(f"{path}: line {element.sourceline}: refused: unresolved entity reference {element.text}")
    return root


def _declares_entities(dtd: etree.DTD) -> bool:
    return any(True for _ in dtd.iterentities())


def local(tag: object) -> str:
    """Tag name without namespace ('' for comments and processing instructions)."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""
