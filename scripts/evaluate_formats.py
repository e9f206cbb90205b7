#!/usr/bin/env python3
"""Reader accuracy: the shared UN pairs converted to DOCX, PDF and HTML, aligned and scored.

Each pair's text version is read with the text reader, written back as a Word file, a PDF and
an HTML page by the converters in tests/convert.py (shared with the reader tests), in a
temporary folder; each version is then aligned like `scripts/evaluate.py` does and scored
against the gold with `align/scoring.py`. Footnote marks are compared without their `<sup>`
markup, which the PDF-extracted text versions do not have. PDF writing needs reportlab
(test-only dependency).
"""
from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from align.config import AlignConfig  # noqa: E402
from align.pipeline import align_files  # noqa: E402
from align.scoring import Score, format_table, text_units_to_ids  # noqa: E402
from convert import convert, plain  # noqa: E402
import script_args  # noqa: E402

FORMATS = ("text", "docx", "pdf", "html")


def evaluate(shared: Path, fmt: str, level: str, out_dir: Path) -> tuple[Score, float]:
    score, seconds = Score(), 0.0
    suffix = "para" if level == "paragraph" else "sent"
    for gold_path in sorted((shared / "corpus" / "gold").glob(f"*.{suffix}.jsonl")):
        stem = gold_path.name.split(".")[0]
        gold = [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines() if line.strip()]
        zh = convert(shared / "corpus" / "zh" / f"{stem}.txt", "zh", fmt, out_dir)
        en = convert(shared / "corpus" / "en" / f"{stem}.txt", "en", fmt, out_dir)
        start = time.perf_counter()
        test = align_files(zh, en, AlignConfig(level=level))  # input format detected from the content
        seconds += time.perf_counter() - start
        score.add(*text_units_to_ids(plain(gold), plain(test)))
    return score, seconds


def main() -> int:
    parser = script_args.parser(__doc__)
    args = script_args.parse(parser)
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in FORMATS:
            for level in ("paragraph", "sentence"):
                score, seconds = evaluate(args.shared, fmt, level, Path(tmp))
                results[f"{fmt} {level}"] = {**score.table(), "seconds": round(seconds, 2)}
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    print(format_table(results, "format / level"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
