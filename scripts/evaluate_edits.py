#!/usr/bin/env python3
"""Structural robustness: the shared UN pairs with paragraphs one side leaves out, adds, joins,
splits or numbers differently, aligned at paragraph level and scored against the edited gold.

The edits are tests/edits.py's, made on each pair's gold paragraphs with five seeds (five
different places each); the edited paragraphs are written out as plain text (one blank line
between paragraphs, lines wrapped as `evaluate_layouts.py`'s default) and aligned as any text
pair. Prints strict P/R/F1 over all pairs and seeds per edit, and the unedited pairs first.
"""
from __future__ import annotations

import json
import random
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from align.config import AlignConfig  # noqa: E402
from align.pipeline import align_files, read_document  # noqa: E402
from align.scoring import Score, text_units_to_ids  # noqa: E402
from convert import plain  # noqa: E402
from edits import EDITS, Edit  # noqa: E402
from evaluate_layouts import gold, pairs  # noqa: E402
from layouts import WIDTH, Layout, gold_document, render  # noqa: E402
import script_args  # noqa: E402

SEEDS = range(5)


def score_edit(shared: Path, out: Path, edit: Edit | None) -> dict:
    """Strict and lax P/R/F1 of the paragraph alignment of every pair, edited with every seed."""
    score = Score()
    for stem in pairs(shared):
        units = gold(shared, stem, "paragraph")
        for seed in SEEDS if edit else [0]:
            edited = edit(units, random.Random(f"{stem}-{seed}")) if edit else units
            paths = []
            for lang in ("zh", "en"):
                read = read_document(shared / "corpus" / lang / f"{stem}.txt", lang, "text")
                path = out / f"{stem}.{lang}.txt"
                path.write_text(render(gold_document(edited, read), Layout(WIDTH)), encoding="utf-8")
                paths.append(path)
            test = align_files(*paths, AlignConfig(level="paragraph"))
            score.add(*text_units_to_ids(plain(edited), plain(test)))
    return score.table()


def main() -> int:
    parser = script_args.parser(__doc__)
    parser.add_argument("--only", help="run the edits whose name contains this")
    args = script_args.parse(parser)
    chosen = {name: edit for name, edit in EDITS.items() if not args.only or args.only in name}
    with tempfile.TemporaryDirectory() as tmp:
        results = {"unedited": score_edit(args.shared, Path(tmp), None)}
        results.update({name: score_edit(args.shared, Path(tmp), edit) for name, edit in chosen.items()})
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    print(f"{'edit':<34} {'strict P':>8} {'R':>6} {'F1':>6}   {'lax F1':>6}")
    for name, r in results.items():
        print(f"{name:<34} {r['strict_p']:>8.3f} {r['strict_r']:>6.3f} {r['strict_f1']:>6.3f}   {r['lax_f1']:>6.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
