"""The errors a user can cause: each carries a one-line message and an exit code."""
from __future__ import annotations


class AlignError(Exception):
    """Bad input or settings; the CLI prints the message on one line and exits with `exit_code`."""

    exit_code = 2


class InputError(AlignError):
    """A file that cannot be read as a document (missing, binary, undecodable, empty)."""

    exit_code = 3


class LowConfidence(AlignError):
    """The two documents do not look like translations of each other."""

    exit_code = 4
