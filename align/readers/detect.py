"""Which reader a file needs, from its first bytes (the extension is only a hint for errors)."""
from __future__ import annotations

import zipfile
from pathlib import Path

from ..errors import InputError

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc, .xls …
_HTML_STARTS = (b"<!doctype html", b"<html", b"<?xml")


def detect(path: str | Path) -> str:
    """'docx', 'odt', 'pdf', 'html' or 'text' (anything else: the text reader decides)."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such file" if not path.exists() else f"{path}: is a folder, not a file")
    with path.open("rb") as handle:
        head = handle.read(2048)
    if head.startswith(b"PK\x03\x04"):
        return _zip_format(path)
    if head.startswith(_OLE):
        raise InputError(f"{path}: a legacy Word/Office file (.doc); save it as .docx or PDF")
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"%PDF"):
        return "pdf"
    if _looks_like_html(head):
        return "html"
    return "text"


def _zip_format(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError):
        raise InputError(f"{path}: a damaged zip/Word file (cannot open the archive)") from None
    if "word/document.xml" in names:
        return "docx"
    if "content.xml" in names:
        return "odt"
    raise InputError(f"{path}: a zip archive but not a Word or OpenDocument text (no word/document.xml, no content.xml)")


def _looks_like_html(head: bytes) -> bool:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(b"<?xml"):
        return b"<html" in text
    return text.startswith(_HTML_STARTS) or (text.startswith(b"<!--") and b"<html" in text)
