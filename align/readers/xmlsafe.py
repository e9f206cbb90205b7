"""Safe parsing of XML and HTML that comes from outside (DOCX parts, HTML input, TMX, TBX).

No DTD loading, no entity expansion, no network, no huge trees: an XXE or billion-laughs
file is refused with a one-line message, and a malformed file's message names the line.
"""
from __future__ import annotations

from pathlib import Path

import lxml.html
from lxml import etree

from ..errors import InputError


class XMLProblem(InputError):
    """A file that is not acceptable XML; the message is one line."""


def xml_parser() -> etree.XMLParser:
    """The one parser for outside XML: entities never expanded, nothing fetched."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           huge_tree=False, dtd_validation=False, remove_comments=True)


def html_parser() -> lxml.html.HTMLParser:
    """The one parser for outside HTML: nothing fetched, no huge trees."""
    return lxml.html.HTMLParser(no_network=True, huge_tree=False, remove_comments=True, remove_pis=True)


def parse_xml_bytes(data: bytes, name: str) -> etree._Element:
    """Root element of the XML in ``data`` (``name`` is for messages); XMLProblem on anything suspect."""
    try:
        root = etree.fromstring(data, xml_parser())
    except etree.XMLSyntaxError as error:
        line = error.lineno or (error.position[0] if error.position else "?")
        message = str(error.msg).splitlines()[0] if error.msg else "syntax error"
        raise XMLProblem(f"{name}: line {line}: malformed XML ({message})") from None
    check_tree(root, name)
    return root


def parse_xml(path: str | Path) -> etree._Element:
    """Root element of the XML file at ``path``, parsed safely; XMLProblem on anything suspect."""
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise XMLProblem(f"{path}: cannot read ({error.strerror})") from None
    return parse_xml_bytes(data, str(path))


def local(tag: object) -> str:
    """Tag name without namespace ('' for comments and processing instructions)."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def check_tree(root: etree._Element, name: str) -> None:
    """Refuse a parsed tree that declares entities or still holds entity references."""
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise XMLProblem(f"{name}: refused: the file declares its own entities (possible XXE or entity bomb)")
    for element in root.iter(etree.Entity):
        raise XMLProblem(f"{name}: line {element.sourceline}: refused: unresolved entity reference {element.text}")
