"""Zip containers from outside (DOCX, ODT, …) are checked before anything inflates them.

The central directory gives every member's size: too many members, a member or a total that
would inflate beyond the limits, a compression ratio only a bomb reaches, members whose data
overlap (the "overlapping files" bomb) or lie outside the file, and encrypted members are
refused in one line. zipfile never yields more than a member's declared size (and checks its
CRC), so a directory that lies about sizes makes the read fail, not grow.
"""
from __future__ import annotations

import zipfile
from pathlib import Path

from ..errors import InputError

MAX_MEMBERS = 10_000
MAX_MEMBER_BYTES = 256 * 2**20  # a Word document.xml of 256 MB is thousands of pages
MAX_TOTAL_BYTES = 1024 * 2**20
MAX_RATIO = 100  # deflated XML reaches 10-30; a bomb 1,000
RATIO_FLOOR = 4 * 2**20  # the ratio counts for members that inflate beyond this
_LOCAL_HEADER = 30  # bytes of a local file header before its name and extra field


def checked_names(path: Path) -> set[str]:
    """Member names of the zip at `path` once it passed every check (InputError otherwise)."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        raise InputError(f"{path}: a damaged or truncated zip/Word file (cannot read the archive)") from None
    except OSError as err:
        raise InputError(f"{path}: cannot read ({err.strerror})") from None
    check_members(infos, path.stat().st_size, str(path))
    return {info.filename for info in infos}


def head(archive: zipfile.ZipFile, name: str, size: int) -> bytes:
    """The first `size` bytes of a member, inflated in a stream (never the whole member)."""
    with archive.open(name) as member:
        return member.read(size)


def check_members(infos: list[zipfile.ZipInfo], archive_bytes: int, name: str) -> None:
    """Refuse a member list that could exhaust memory or hides data (see the module docstring)."""
    if len(infos) > MAX_MEMBERS:
        raise InputError(f"{name}: {len(infos):,} members in the archive (limit {MAX_MEMBERS:,}); "
                         "refusing a possible zip bomb")
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise InputError(f"{name}: {info.filename} is encrypted; remove the password and save it again")
        if info.file_size > MAX_MEMBER_BYTES:
            raise _bomb(name, f"{info.filename} would inflate to {_size(info.file_size)} "
                              f"(limit {_size(MAX_MEMBER_BYTES)})")
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(1, info.compress_size):
            raise _bomb(name, f"{info.filename} would inflate {info.file_size // max(1, info.compress_size):,} "
                              f"times to {_size(info.file_size)} (limit {MAX_RATIO} times)")
        total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise _bomb(name, f"the members would inflate to more than {_size(MAX_TOTAL_BYTES)} together")
    _check_layout(infos, archive_bytes, name)


def _check_layout(infos: list[zipfile.ZipInfo], archive_bytes: int, name: str) -> None:
    """Every member's data lies inside the file, after the previous member's (no overlaps)."""
    end = 0
    for info in sorted(infos, key=lambda i: i.header_offset):
        if info.header_offset < end:
            raise _bomb(name, f"{info.filename} overlaps another member's data")
        encoding = "utf-8" if info.flag_bits & 0x800 else "cp437"
        name_bytes = len(info.orig_filename.encode(encoding, "replace"))
        end = info.header_offset + _LOCAL_HEADER + name_bytes + info.compress_size
        if end > archive_bytes:
            raise InputError(f"{name}: a damaged or truncated zip/Word file ({info.filename} is cut off)")


def _bomb(name: str, what: str) -> InputError:
    return InputError(f"{name}: {what}; refusing a possible zip bomb")


def _size(count: int) -> str:
    for unit, scale in (("GB", 2**30), ("MB", 2**20), ("KB", 2**10)):
        if count >= scale:
            return f"{count / scale:.1f} {unit}"
    return f"{count} bytes"
