"""The options every evaluation script takes: where the shared material is, and JSON output."""
from __future__ import annotations

import argparse
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def parser(doc: str) -> argparse.ArgumentParser:
    """A parser described by the script's docstring, with `--shared` and `--json`."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared", help="the shared material folder")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    return parser


def parse(parser: argparse.ArgumentParser, needs: str = "corpus") -> argparse.Namespace:
    """The arguments, refused in one usage line when the shared folder lacks `needs`."""
    args = parser.parse_args()
    if not (args.shared / needs).is_dir():
        parser.error(f"no shared {needs} at {args.shared} (use --shared)")
    return args
