"""Builders of hostile files for the tests: zip bombs written from compressed chunks (fast),
zips with lying or overlapping central directories, DOCX files with chosen XML parts."""
from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '</Types>')
RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="word/document.xml" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
    '</Relationships>')


def document_xml(paragraphs: list[str], prolog: str = "") -> str:
    body = "".join(f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>" for text in paragraphs)
    return (f'<?xml version="1.0" encoding="UTF-8"?>{prolog}'
            f'<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>')


@dataclass
class Member:
    name: str
    data: bytes  # as stored (raw deflate when method is 8)
    crc: int
    size: int  # uncompressed size written into the headers
    method: int = 8
    flags: int = 0
    offset: int | None = None  # central directory offset of the local header (None: where it is written)


def deflated(name: str, data: bytes, **kwargs) -> Member:
    packer = zlib.compressobj(6, zlib.DEFLATED, -15)
    return Member(name, packer.compress(data) + packer.flush(), zlib.crc32(data), len(data), **kwargs)


def inflating_member(name: str, prefix: bytes, chunk: bytes, repeats: int, suffix: bytes) -> Member:
    """A member that inflates to prefix + chunk * repeats + suffix, built from one compressed
    copy of the chunk (full flushes make the deflate blocks repeatable), so it costs nothing."""
    def block(data: bytes, mode: int) -> bytes:
        packer = zlib.compressobj(9, zlib.DEFLATED, -15)
        return packer.compress(data) + packer.flush(mode)

    head, body, tail = block(prefix, zlib.Z_FULL_FLUSH), block(chunk, zlib.Z_FULL_FLUSH), block(suffix, zlib.Z_FINISH)
    crc = zlib.crc32(prefix)
    for _ in range(repeats):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(suffix, crc)
    return Member(name, head + body * repeats + tail, crc, len(prefix) + len(chunk) * repeats + len(suffix))


def write_zip(path: Path, members: list[Member]) -> Path:
    """A zip file written by hand, so that its central directory can say anything."""
    out, central = bytearray(), bytearray()
    for m in members:
        name = m.name.encode()
        offset = len(out) if m.offset is None else m.offset
        if m.offset is None:
            out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, m.flags, m.method, 0, 0x21, m.crc,
                               len(m.data), m.size, len(name), 0) + name + m.data
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, m.flags, m.method, 0, 0x21, m.crc,
                               len(m.data), m.size, len(name), 0, 0, 0, 0, 0, offset) + name
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central), len(out), 0)
    path.write_bytes(bytes(out + central + end))
    return path


def docx(path: Path, document: str, extra: list[Member] = ()) -> Path:
    """A minimal Word file with the given word/document.xml."""
    return write_zip(path, [deflated("[Content_Types].xml", CONTENT_TYPES.encode()),
                            deflated("_rels/.rels", RELS.encode()),
                            deflated("word/document.xml", document.encode()), *extra])


def docx_bomb(path: Path, gib: int = 3) -> Path:
    """A DOCX of about 3 MB whose word/document.xml inflates to `gib` GiB of valid XML."""
    head, tail = document_xml(["X"]).split("X")
    chunk = b"a" * 2**20
    return write_zip(path, [deflated("[Content_Types].xml", CONTENT_TYPES.encode()),
                            deflated("_rels/.rels", RELS.encode()),
                            inflating_member("word/document.xml", head.encode(), chunk, gib * 1024, tail.encode())])
