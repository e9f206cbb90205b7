#!/usr/bin/env python3
"""Alignment accuracy against gold: strict/lax precision, recall, F1 (Vecalign's definitions).

- UN corpus (../shared/corpus): paragraph and sentence level, text-based gold;
- MAC-Dev (../shared/bench/mac-dev): sentence level, `--input-format lines`, index gold;
- Bible (../shared/bench/bible): Genesis onwards, `--input-format lines`, verse-derived index gold.
Prints a table beside the published MAC-Dev figures, strict F1 per file, and a calibration
table (strict precision and share of the units whose confidence reaches 0.5 / 0.8 / 0.9);
`--json` for machines; `--embedder use` adds sentence-embedding evidence as `align run
--embedder use` does (each pair encodes its own texts; the model is loaded once, before timing).
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from align.config import AlignConfig  # noqa: E402
from align.pipeline import align_files  # noqa: E402
from align.similarity.embedder import load as load_embedder  # noqa: E402
from align.scoring import Score, format_table, text_units_to_ids  # noqa: E402
from align.formats.vecalign import parse as parse_align  # noqa: E402
import script_args  # noqa: E402

CALIBRATION_LEVELS = (0.5, 0.8, 0.9)
PUBLISHED_MAC = {  # strict / lax F1 on MAC-Dev, from the Bertalign README
    "Gale-Church": (0.485, 0.737), "Hunalign": (0.610, 0.852), "Bleualign": (0.641, 0.873),
    "Vecalign (LASER)": (0.863, 0.997), "Bertalign (LaBSE)": (0.911, 0.998),
}


class Run:
    """Scores of one data set: overall, per file, and (confidence, strict hit) of every unit."""

    def __init__(self) -> None:
        self.score, self.seconds, self.cpu_seconds = Score(), 0.0, 0.0
        self.per_file: dict[str, float] = {}
        self.confidence: list[tuple[float, bool]] = []

    def add(self, name: str, gold, test_ids, scores, complete=None) -> None:
        complete = list(complete) if complete is not None else [True] * len(test_ids)
        self.score.add(gold, test_ids, complete)
        single = Score()
        single.add(gold, test_ids, complete)
        self.per_file[name] = single.table()["strict_f1"]
        gold_set = set(gold)
        self.confidence.extend((s, ok and u in gold_set) for u, s, ok in zip(test_ids, scores, complete))

    def calibration(self) -> dict[str, tuple[float, float]]:
        """Threshold → (strict precision, share of units) of the units at least that confident."""
        table = {}
        for level in CALIBRATION_LEVELS:
            hits = [ok for s, ok in self.confidence if s >= level]
            share = len(hits) / len(self.confidence) if self.confidence else 0.0
            table[f"{level:.1f}"] = (round(sum(hits) / len(hits), 4) if hits else 0.0, round(share, 4))
        return table

    def result(self) -> dict:
        return {**self.score.table(), "seconds": round(self.seconds, 2), "cpu_seconds": round(self.cpu_seconds, 2),
                "strict_recall_by_type": self.score.recall_by_type(),
                "strict_f1_per_file": self.per_file, "calibration": self.calibration()}


def evaluate_un(shared: Path, level: str, embedder=None, name: str = "") -> Run:
    run = Run()
    suffix = "para" if level == "paragraph" else "sent"
    for gold_path in sorted((shared / "corpus" / "gold").glob(f"*.{suffix}.jsonl")):
        stem = gold_path.name.split(".")[0]
        gold = [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines() if line.strip()]
        start, cpu = time.perf_counter(), time.process_time()
        test = align_files(shared / "corpus" / "zh" / f"{stem}.txt", shared / "corpus" / "en" / f"{stem}.txt",
                           AlignConfig(level=level, embedder=name), embedder)
        run.seconds += time.perf_counter() - start
        run.cpu_seconds += time.process_time() - cpu
        gold_ids, test_ids, complete = text_units_to_ids(gold, test)
        run.add(stem[:3], gold_ids, test_ids, [u["score"] for u in test], complete)
    return run


def evaluate_mac(shared: Path, embedder=None, name: str = "") -> Run:
    mac = shared / "bench" / "mac-dev"
    run = Run()
    for gold_path in sorted((mac / "gold").glob("*.align")):
        stem = gold_path.stem
        start, cpu = time.perf_counter(), time.process_time()
        test = align_files(mac / "zh" / f"{stem}.txt", mac / "en" / f"{stem}.txt",
                           AlignConfig(input_format="lines", embedder=name), embedder)
        run.seconds += time.perf_counter() - start
        run.cpu_seconds += time.process_time() - cpu
        gold = parse_align(gold_path.read_text(encoding="utf-8"))
        run.add(stem, gold, [(tuple(u["zh_ids"]), tuple(u["en_ids"])) for u in test], [u["score"] for u in test])
    return run


def evaluate_bible(shared: Path, embedder=None, name: str = "") -> Run:
    bible = shared / "bench" / "bible"
    run = Run()
    start, cpu = time.perf_counter(), time.process_time()
    test = align_files(bible / "zh.txt", bible / "en.txt", AlignConfig(input_format="lines", embedder=name),
                       embedder)
    run.seconds = time.perf_counter() - start
    run.cpu_seconds = time.process_time() - cpu
    gold = parse_align((bible / "gold.align").read_text(encoding="utf-8"))
    run.add("bible", gold, [(tuple(u["zh_ids"]), tuple(u["en_ids"])) for u in test], [u["score"] for u in test])
    return run


def main() -> int:
    parser = script_args.parser(__doc__)
    parser.add_argument("--only", choices=["un", "mac", "bible"], help="evaluate one data set only")
    parser.add_argument("--embedder", metavar="use|DIR", default="",
                        help="add sentence-embedding evidence, as align run --embedder (not at paragraph level)")
    args = script_args.parse(parser)
    embedder = None
    if args.embedder:
        start = time.process_time()
        embedder = load_embedder(args.embedder)
        embedder.encode(["加载", "load"])  # the model loads lazily: load it before the clock runs
        print(f"embedder {args.embedder}: loaded in {time.process_time() - start:.1f} CPU s", file=sys.stderr)
    results = {}
    if args.only in (None, "un"):
        results["UN paragraph"] = evaluate_un(args.shared, "paragraph").result()
        results["UN sentence"] = evaluate_un(args.shared, "sentence", embedder, args.embedder).result()
    if args.only in (None, "mac"):
        results["MAC-Dev sentence"] = evaluate_mac(args.shared, embedder, args.embedder).result()
    if args.only in (None, "bible"):
        results["Bible sentence"] = evaluate_bible(args.shared, embedder, args.embedder).result()
    signatures = {"UN paragraph": AlignConfig(level="paragraph").signature(),
                  "UN sentence": AlignConfig(embedder=args.embedder).signature(),
                  "MAC-Dev sentence": AlignConfig(input_format="lines", embedder=args.embedder).signature(),
                  "Bible sentence": AlignConfig(input_format="lines", embedder=args.embedder).signature()}
    for name in results:
        results[name]["signature"] = signatures[name]
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    print(format_table(results, "data set"))
    for name in results:
        print(f"signature, {name}: {signatures[name]}")
    print("CPU seconds: " + ", ".join(f"{name} {r['cpu_seconds']:.1f}" for name, r in results.items()))
    for name, r in results.items():
        by_type = ", ".join(f"{k} {found}/{total}" for k, (found, total) in r["strict_recall_by_type"].items())
        print(f"strict recall by bead type, {name}: {by_type}")
    for name, r in results.items():
        per_file = ", ".join(f"{k} {v:.3f}" for k, v in r["strict_f1_per_file"].items())
        print(f"strict F1 per file, {name}: {per_file}")
    print("\ncalibration: strict precision / share of units with confidence ≥ " +
          " / ".join(f"{level:.1f}" for level in CALIBRATION_LEVELS))
    for name, r in results.items():
        cells = "   ".join(f"≥{k}: P {p:.3f} share {c:.3f}" for k, (p, c) in r["calibration"].items())
        print(f"{name:<20} {cells}")
    if "MAC-Dev sentence" in results:
        print("\npublished MAC-Dev F1 (strict / lax): " +
              "; ".join(f"{k} {s:.3f} / {l:.3f}" for k, (s, l) in PUBLISHED_MAC.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
