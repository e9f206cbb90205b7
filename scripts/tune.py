#!/usr/bin/env python3
"""Choose aligner settings on MAC-Dev leave-one-chapter-out, and check the choice on the Bible.

    python3 scripts/tune.py aligner.sentence_skip=-0.1,-0.2,-0.3 aligner.scorer.bias=1.5,2
    python3 scripts/tune.py --embedder use aligner.embedding_weight=1,2,3 --bible
    python3 scripts/tune.py aligner.sentence_beads=+2-3/3-2,+1-6/6-1   # bead sets: the defaults and more

Every point of the grid (the product of the values given) aligns the six MAC-Dev chapters
(`--input-format lines`, as scripts/evaluate.py does). Printed: strict/lax F1 per point; the
leave-one-chapter-out figure (for each chapter, the point best on the other five scores it:
the estimate for chapters we do not have) with the points each fold chose; strict recall by
bead type at the point best on all six; with `--bible`, the Bible's strict F1 at the defaults
and at that point (held-out text: never used to choose). The embedder's vectors are kept for
the whole run, so a grid encodes each text once.
"""
from __future__ import annotations

import argparse
import itertools
import re
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from align.config import SENTENCE_BEADS, AlignConfig, from_dict  # noqa: E402
from align.formats.vecalign import parse as parse_align  # noqa: E402
from align.pipeline import align_files  # noqa: E402
from align.scoring import Score  # noqa: E402
from align.similarity.embedder import CachedEmbedder, load as load_embedder  # noqa: E402

Point = tuple[tuple[str, "Choice"], ...]  # (dotted setting name, value) pairs


def parse_axis(text: str) -> list[tuple[str, object]]:
    """`aligner.sentence_skip=-0.1,-0.2` → [(name, "-0.1"), (name, "-0.2")]."""
    name, _, values = text.partition("=")
    if not values:
        raise SystemExit(f"tune.py: {text!r} is not NAME=VALUE[,VALUE...]")
    return [(name, Choice(v)) for v in values.split(",")]


class Choice(str):
    """A value as written on the command line (its label), with `value` as the config takes it."""

    @property
    def value(self):
        return _value(self)


def _value(text: str):
    """A number, true/false, bead shapes (`1-1/1-0/0-1`; `+2-3/3-2`: the default sentence beads and
    these), or text."""
    if re.fullmatch(r"\+?\d-\d(/\d-\d)*", text):
        beads = [[int(n) for n in bead.split("-")] for bead in text.lstrip("+").split("/")]
        return [list(b) for b in SENTENCE_BEADS] + beads if text.startswith("+") else beads
    if text in ("true", "false"):
        return text == "true"
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return str(text)


def configure(point: Point, embedder: str) -> AlignConfig:
    """The defaults with the point's settings (checked as a --config file's would be)."""
    data: dict = {"input_format": "lines", "embedder": embedder}
    for name, value in point:
        *tables, key = name.split(".")
        table = data
        for t in tables:
            table = table.setdefault(t, {})
        table[key] = value.value
    return from_dict(data, "grid")


def score_chapters(shared: Path, config: AlignConfig, embedder) -> dict[str, Score]:
    mac = shared / "bench" / "mac-dev"
    scores = {}
    for gold_path in sorted((mac / "gold").glob("*.align")):
        test = align_files(mac / "zh" / f"{gold_path.stem}.txt", mac / "en" / f"{gold_path.stem}.txt", config,
                           embedder)
        score = scores[gold_path.stem] = Score()
        score.add(parse_align(gold_path.read_text(encoding="utf-8")),
                  [(tuple(u["zh_ids"]), tuple(u["en_ids"])) for u in test])
    return scores


def bible_f1(shared: Path, config: AlignConfig, embedder) -> tuple[float, float]:
    bible = shared / "bench" / "bible"
    cpu = time.process_time()
    test = align_files(bible / "zh.txt", bible / "en.txt", config, embedder)
    cpu = time.process_time() - cpu
    score = Score()
    score.add(parse_align((bible / "gold.align").read_text(encoding="utf-8")),
              [(tuple(u["zh_ids"]), tuple(u["en_ids"])) for u in test])
    return score.table()["strict_f1"], cpu


def combined(scores: list[Score]) -> Score:
    total = Score()
    for s in scores:
        total.precision += s.precision
        total.recall += s.recall
        total.gold_types.update(s.gold_types)
        total.found_types.update(s.found_types)
    return total


def label(point: Point) -> str:
    return " ".join(f"{name}={value}" for name, value in point) or "defaults"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("axes", nargs="*", metavar="NAME=V1,V2", help="a setting and the values to try")
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared", help="the shared material folder")
    parser.add_argument("--embedder", metavar="use|DIR", default="", help="as align run --embedder")
    parser.add_argument("--vectors", type=Path, help="an .npz file keeping the embedder's vectors between runs")
    parser.add_argument("--bible", action="store_true", help="also score the Bible at the defaults and the best point")
    args = parser.parse_args()
    grid: list[Point] = [tuple(p) for p in itertools.product(*(parse_axis(a) for a in args.axes))]
    embedder = CachedEmbedder(load_embedder(args.embedder)) if args.embedder else None
    if embedder and args.vectors and args.vectors.is_file():
        with np.load(args.vectors) as stored:
            embedder.vectors.update(zip((k.tobytes() for k in stored["keys"]), stored["vectors"]))
    results: list[tuple[Point, dict[str, Score], float]] = []
    for point in grid:
        cpu = time.process_time()
        chapters = score_chapters(args.shared, configure(point, args.embedder), embedder)
        cpu = time.process_time() - cpu
        results.append((point, chapters, cpu))
        table = combined(list(chapters.values())).table()
        print(f"{label(point)}: strict F1 {table['strict_f1']:.4f} lax {table['lax_f1']:.4f} "
              f"({cpu:.1f} CPU s)", flush=True)
    if embedder and args.vectors:
        np.savez(args.vectors, keys=np.frombuffer(b"".join(embedder.vectors), np.uint8).reshape(-1, 16),  # not S16: it drops trailing NULs
                 vectors=np.stack(list(embedder.vectors.values())))
    names = list(results[0][1])
    held_out, choices = [], []
    for name in names:
        def rest_f1(result) -> float:
            return combined([s for k, s in result[1].items() if k != name]).table()["strict_f1"]
        best = max(results, key=rest_f1)  # ties: the point listed first
        held_out.append(best[1][name])
        choices.append(f"{name}: {label(best[0])}")
    loco = combined(held_out).table()
    print(f"\nleave-one-chapter-out: strict F1 {loco['strict_f1']:.4f} lax {loco['lax_f1']:.4f}")
    print("chosen without the chapter: " + "; ".join(choices))
    best_point, best_chapters, _ = max(results, key=lambda r: combined(list(r[1].values())).table()["strict_f1"])
    total = combined(list(best_chapters.values()))
    print(f"best on all six: {label(best_point)}: strict F1 {total.table()['strict_f1']:.4f}; per chapter " +
          ", ".join(f"{k} {s.table()['strict_f1']:.3f}" for k, s in best_chapters.items()))
    print("strict recall by bead type: " +
          ", ".join(f"{k} {found}/{count}" for k, (found, count) in total.recall_by_type().items()))
    if args.bible:
        for title, point in (("defaults", ()), ("best point", best_point)):
            f1, cpu = bible_f1(args.shared, configure(point, args.embedder), embedder)
            print(f"Bible strict F1, {title}: {f1:.4f} ({cpu:.1f} CPU s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
