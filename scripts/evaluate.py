#!/usr/bin/env python3
"""Alignment accuracy against gold: strict/lax precision, recall, F1 (Vecalign's definitions).

- UN corpus (../shared/corpus): paragraph and sentence level, text-based gold;
- MAC-Dev (../shared/bench/mac-dev): sentence level, `--input-format lines`, index gold.
Prints a table beside the published MAC-Dev figures; `--json` for machines.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from align.pipeline import align_files  # noqa: E402
from align.scoring import Score, text_units_to_ids  # noqa: E402
from align.writers.vecalign import parse as parse_align  # noqa: E402

PUBLISHED_MAC = {  # strict / lax F1 on MAC-Dev, from the Bertalign README
    "Gale-Church": (0.485, 0.737), "Hunalign": (0.610, 0.852), "Bleualign": (0.641, 0.873),
    "Vecalign (LASER)": (0.863, 0.997), "Bertalign (LaBSE)": (0.911, 0.998),
}


def evaluate_un(shared: Path, level: str) -> tuple[Score, float]:
    score, seconds = Score(), 0.0
    suffix = "para" if level == "paragraph" else "sent"
    for gold_path in sorted((shared / "corpus" / "gold").glob(f"*.{suffix}.jsonl")):
        stem = gold_path.name.split(".")[0]
        gold = [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines() if line.strip()]
        start = time.perf_counter()
        test = align_files(shared / "corpus" / "zh" / f"{stem}.txt", shared / "corpus" / "en" / f"{stem}.txt", level)
        seconds += time.perf_counter() - start
        gold_ids, test_ids, complete = text_units_to_ids(gold, test)
        score.add(gold_ids, test_ids, complete)
    return score, seconds


def evaluate_mac(shared: Path) -> tuple[Score, float]:
    mac = shared / "bench" / "mac-dev"
    score, seconds = Score(), 0.0
    for gold_path in sorted((mac / "gold").glob("*.align")):
        stem = gold_path.stem
        start = time.perf_counter()
        test = align_files(mac / "zh" / f"{stem}.txt", mac / "en" / f"{stem}.txt", input_format="lines")
        seconds += time.perf_counter() - start
        gold = parse_align(gold_path.read_text(encoding="utf-8"))
        score.add(gold, [(tuple(u["zh_ids"]), tuple(u["en_ids"])) for u in test])
    return score, seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared", help="the shared material folder")
    parser.add_argument("--only", choices=["un", "mac"], help="evaluate one data set only")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args()
    if not (args.shared / "corpus").is_dir():
        parser.error(f"no shared corpus at {args.shared} (use --shared)")
    results = {}
    if args.only in (None, "un"):
        for level in ("paragraph", "sentence"):
            score, seconds = evaluate_un(args.shared, level)
            results[f"UN {level}"] = {**score.table(), "seconds": round(seconds, 2),
                                      "strict_recall_by_type": score.recall_by_type()}
    if args.only in (None, "mac"):
        score, seconds = evaluate_mac(args.shared)
        results["MAC-Dev sentence"] = {**score.table(), "seconds": round(seconds, 2),
                                       "strict_recall_by_type": score.recall_by_type()}
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    print(f"{'data set':<20} {'strict P':>8} {'R':>6} {'F1':>6}   {'lax P':>6} {'R':>6} {'F1':>6}   {'time':>6}")
    for name, r in results.items():
        print(f"{name:<20} {r['strict_p']:>8.3f} {r['strict_r']:>6.3f} {r['strict_f1']:>6.3f}   "
              f"{r['lax_p']:>6.3f} {r['lax_r']:>6.3f} {r['lax_f1']:>6.3f}   {r['seconds']:>5.1f}s")
    for name, r in results.items():
        by_type = ", ".join(f"{k} {found}/{total}" for k, (found, total) in r["strict_recall_by_type"].items())
        print(f"strict recall by bead type, {name}: {by_type}")
    if "MAC-Dev sentence" in results:
        print("\npublished MAC-Dev F1 (strict / lax): " +
              "; ".join(f"{k} {s:.3f} / {l:.3f}" for k, (s, l) in PUBLISHED_MAC.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
