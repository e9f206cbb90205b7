"""Which reader a file needs, from its first bytes (the extension is only a hint for errors)."""
from __future__ import annotations

import codecs
import re
import zipfile
from pathlib import Path

from ..errors import InputError
from .archive import checked_names

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc, .xls …
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")  # the stream an encrypted .docx keeps its zip in
_OTHER_ZIPS = (("xl/workbook.xml", "an Excel workbook"), ("ppt/presentation.xml", "a PowerPoint presentation"))
_OPENDOCUMENT = re.compile(rb"application/vnd\.oasis\.opendocument\.(\w+)")
_HTML_STARTS = (b"<!doctype html", b"<html", b"<?xml")


def detect(path: str | Path) -> str:
    """'docx', 'odt', 'pdf', 'html' or 'text' (anything else: the text reader decides)."""
    path = Path(path)
    check_file(path)
    with path.open("rb") as handle:
        head = handle.read(2048)
    if head.startswith(b"PK\x03\x04"):
        return _zip_format(path)
    if head.startswith(_OLE):
        raise InputError(f"{path}: {_ole_kind(path)}")
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"%PDF"):
        return "pdf"
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{\\rtf"):
        raise InputError(f"{path}: an RTF file, which align does not read; save it as .docx, PDF or text")
    if _looks_like_html(head):
        return "html"
    return "text"


def check_file(path: Path) -> None:
    """InputError unless `path` is a readable regular file (or a link to one)."""
    if path.is_file():
        return
    if path.is_dir():
        raise InputError(f"{path}: is a folder, not a file")
    if path.is_symlink():
        raise InputError(f"{path}: a symbolic link that leads nowhere (missing target or a loop)")
    if path.exists():
        raise InputError(f"{path}: not a regular file (a device, pipe or socket)")
    raise InputError(f"{path}: no such file")


def _zip_format(path: Path) -> str:
    names = checked_names(path)
    if "word/document.xml" in names:
        return "docx"
    if "content.xml" in names:
        kind = _opendocument_kind(path)
        if kind == "text":
            return "odt"
        raise InputError(f"{path}: an OpenDocument {kind}, not a text; save the text as .odt, .docx, PDF or text")
    for member, kind in _OTHER_ZIPS:
        if member in names:
            raise InputError(f"{path}: {kind}, not a Word document; save the text as .docx, PDF or text")
    raise InputError(f"{path}: a zip archive but not a Word or OpenDocument text (no word/document.xml, no content.xml)")


def _opendocument_kind(path: Path) -> str:
    """'text', 'spreadsheet', 'presentation' … from the package's `mimetype` member ('text' without one)."""
    try:
        with zipfile.ZipFile(path) as archive:
            mimetype = archive.open("mimetype").read(200) if "mimetype" in archive.namelist() else b""
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError):
        return "text"  # the reader reports what is wrong with the archive
    match = _OPENDOCUMENT.match(mimetype)
    return match.group(1).decode("ascii") if match else "text"


def _ole_kind(path: Path) -> str:
    """What an OLE compound file is: a password-protected Office file or a legacy one."""
    with path.open("rb") as handle:
        if _ENCRYPTED in handle.read(2**20):
            return "a password-protected Office file; remove the password and save it again"
    return "a legacy Word/Office file (.doc); save it as .docx or PDF"


def _looks_like_html(head: bytes) -> bool:
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        head = head.decode("utf-16", "ignore").encode("utf-8")
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(b"<?xml"):
        return b"<html" in text
    return text.startswith(_HTML_STARTS) or (text.startswith((b"<!--", b"<!doctype")) and b"<html" in text)
