"""Sizes as users write them on the command line (16MB, 500k)."""
from __future__ import annotations

import click


class ByteSize(click.ParamType):
    """A size in bytes written as 16MB, 500k, 2G or a plain number; 0 means no limit."""

    name = "SIZE"
    _UNITS = {"": 1, "b": 1, "k": 2**10, "kb": 2**10, "m": 2**20, "mb": 2**20, "g": 2**30, "gb": 2**30}

    def convert(self, value, param, ctx) -> int:
        if isinstance(value, int):
            return value
        text = str(value).strip().lower().replace(" ", "")
        number = text.rstrip("kmgb")
        try:
            return int(float(number) * self._UNITS[text[len(number):]])
        except (ValueError, KeyError, OverflowError):  # OverflowError: 'inf
            self.fail(f"{value!r} is not a size (e.g. 16MB, 500k, 0 for no limit)", param, ctx)


def format_size(size: int) -> str:
    """1.5 MB, 200 KB: a size for a message."""
    return f"{size / 2**20:.1f} MB" if size >= 2**20 else f"{size / 2**10:.0f} KB"
