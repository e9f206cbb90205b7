"""The errors a user can cause and the exit codes of every command, in one place.

Each error carries a one-line message; the CLI prints it as `align: error: MESSAGE` and exits
with the error's code:

| code | meaning |
|---|---|
| 0 | done |
| 1 | `align check` found issues |
| 2 | usage error: a bad option, setting or config file |
| 3 | unreadable input: missing, empty, binary, undecodable, too large, wrong language, unsafe |
| 4 | `--strict` and the pair looks unrelated |
| 5 | `align batch`: some pairs failed (the rest is done) |
| 70 | internal error: a bug, reported in one line (`ALIGN_DEBUG=1` shows the traceback), or a broken install (a required package missing) |
| 130 | interrupted (Ctrl-C) |
"""
from __future__ import annotations

USAGE, UNREADABLE, UNRELATED, SOME_FAILED, INTERNAL, INTERRUPTED = 2, 3, 4, 5, 70, 130


class AlignError(Exception):
    """Bad input or settings; the CLI prints the message on one line and exits with `exit_code`."""

    exit_code = USAGE


class InputError(AlignError):
    """A file that cannot be read as a document (missing, binary, undecodable, empty)."""

    exit_code = UNREADABLE


class LowConfidence(AlignError):
    """The two documents do not look like translations of each other."""

    exit_code = UNRELATED


def missing_package(err: ModuleNotFoundError) -> str:
    """The one line for a required package that cannot be imported (exit INTERNAL)."""
    return (f"the package '{err.name or err}' is missing, so this install of align is broken: "
            "install it again (python3 -m pip install .)")


def os_message(err: OSError) -> str:
    """`PATH: reason` for an OSError, naming the file even when the error does not."""
    name = err.filename or ""
    return f"{name}: {err.strerror or err}" if name else str(err.strerror or err)
