"""All-or-nothing output: every file is written to a temporary name first, renamed at the end.

Files get the mode a plain `open()` would give them: an existing file keeps its mode, a new
one gets 0666 minus the umask (not mkstemp's 0600); a symbolic link is written through, as
`open()` does, never replaced by a file. Devices and pipes are refused (`/dev/stdout` is no
file to replace). A write error names the file it concerns.
"""
from __future__ import annotations

import errno
import os
import signal
import stat
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path


_TEMP_PREFIX = 200  # bytes of the final name kept in a temporary file's name (names are at most 255)


def write_all(files: dict[Path, str | bytes]) -> None:
    """Write each text (as UTF-8) or bytes to its path; if any write fails, none of the paths is touched."""
    temps: list[tuple[str, Path]] = []
    try:
        for path, data in files.items():
            target = _target(Path(path))
            temps.append((_write_temp(target, data), target))
        with _interrupts_deferred():  # Ctrl-C does not land between two renames
            for temp, path in temps:
                try:
                    os.replace(temp, path)
                except OSError as err:
                    raise OSError(err.errno, err.strerror, str(path)) from None
    except BaseException:
        for temp, _ in temps:
            if os.path.exists(temp):
                os.unlink(temp)
        raise


def write_atomic(path: Path | str, data: str | bytes) -> None:
    """Write one file so that readers never see it half-written."""
    write_all({Path(path): data})


def _target(path: Path) -> Path:
    """The file `path` names: a symbolic link's target (as `open()` writes), never a folder, device or
    pipe (found before any rename, which would fail after the others or put a file in place of /dev/stdout)."""
    if path.is_dir():
        raise IsADirectoryError(errno.EISDIR, "is a folder, not a file", str(path))
    if path.exists() and not path.is_file():
        raise OSError(errno.EINVAL, "not a regular file (a device, pipe or socket); give a file name", str(path))
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def _write_temp(path: Path, data: str | bytes) -> str:
    """A temporary file beside `path` holding `data`, flushed to disk, with the final mode."""
    # valid UTF-8 always: a lone surrogate (an undecodable byte of a file name) becomes '?'
    payload = data.encode("utf-8", "replace") if isinstance(data, str) else data
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # the name cut so that a final name of up to 255 bytes still has a temporary one
        prefix = "." + os.fsdecode(os.fsencode(path.name)[:_TEMP_PREFIX]) + "."
        handle, temp = tempfile.mkstemp(dir=path.parent, prefix=prefix, suffix=".tmp")
    except FileExistsError as err:  # mkdir: a file stands where a folder of the path should be
        raise NotADirectoryError(errno.ENOTDIR, "is a file, not a folder", str(err.filename or path.parent)) from None
    except OSError as err:
        raise OSError(err.errno, err.strerror, str(err.filename or path)) from None
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(payload)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, _mode(path))
    except BaseException as err:
        os.unlink(temp)
        if isinstance(err, OSError):
            raise OSError(err.errno, err.strerror, str(path)) from None
        raise
    return temp


@contextmanager
def _interrupts_deferred():
    """A Ctrl-C during the block takes effect right after it (main thread; elsewhere no change)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda number, frame: received.append(number))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, signal.SIG_DFL if previous is None else previous)
        if received:
            signal.raise_signal(signal.SIGINT)


def _mode(path: Path) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
