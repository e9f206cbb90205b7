"""Safe parsing of XML that comes from outside (TBX, TMX): align's one safe parser, read from a path."""
from __future__ import annotations

from pathlib import Path

from lxml import etree

from align.readers.xmlsafe import XMLProblem, parse_xml_bytes

__all__ = ["XMLProblem", "local", "parse_xml"]


def parse_xml(path: Path) -> etree._Element:
    """Root element of ``path``, parsed safely; XMLProblem on anything suspect."""
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise XMLProblem(f"{path}: cannot read ({error.strerror})") from None
    return parse_xml_bytes(data, str(path))


def local(tag: object) -> str:
    """Tag name without namespace ('' for comments and processing instructions)."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""
