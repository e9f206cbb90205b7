#!/usr/bin/env python3
"""Refit the unit-confidence model (align/similarity/confidence.py COEFFICIENTS) on MAC-Dev.

Every two-sided unit the aligner outputs on the six MAC-Dev chapters is one example: its
confidence features, and whether it is a strict hit. A logistic regression (Newton steps,
L2 penalty on all but the bias) is fitted leave-one-chapter-out to show how well held-out
confidences predict correctness (strict precision and share of units at ≥ 0.5 / 0.8 / 0.9,
Brier score), then on all chapters for the constants to ship; the UN pairs (paragraph and
sentence level) are scored with the shipped constants as an out-of-domain check.

`--from-reviewed FILE.jsonl ...` adds alignments corrected in `align review`: their segments are
aligned again, and an output unit is an example when a reviewer's judgement covers it: a hit when
it is a confirmed unit, a miss when it overlaps one without being it (units near no confirmed unit
are left out: nobody said whether they are right).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from align.aligner.document import align_segments  # noqa: E402
from align.model import Segment  # noqa: E402
from align.similarity import confidence as model  # noqa: E402
from align.formats.vecalign import parse as parse_align  # noqa: E402
from align.review.export import load as load_review  # noqa: E402
from align.review.model import CONFIRMED  # noqa: E402

LEVELS = (0.5, 0.8, 0.9)


def mac_examples(shared: Path) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Chapter → (features, strict hit) of its two-sided units."""
    mac = shared / "bench" / "mac-dev"
    examples = {}
    for gold_path in sorted((mac / "gold").glob("*.align")):
        stem = gold_path.stem
        zh, en = (_segments(mac / lang / f"{stem}.txt") for lang in ("zh", "en"))
        record: list = []
        align_segments(zh, en, record=record)
        gold = set(parse_align(gold_path.read_text(encoding="utf-8")))
        examples[stem] = (np.array([x for _, x in record]), np.array([(u.zh, u.en) in gold for u, _ in record], float))
    return examples


def reviewed_examples(paths: list[Path]) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """File → (features, hit) of the realigned units that a confirmed unit judges."""
    examples = {}
    for path in paths:
        review = load_review(path)
        zh_pos = {i: k for k, i in enumerate(sorted(review.zh))}
        en_pos = {j: k for k, j in enumerate(sorted(review.en))}
        confirmed = {(tuple(zh_pos[i] for i in u.zh), tuple(en_pos[j] for j in u.en))
                     for u in review.units if u.status == CONFIRMED and not u.one_sided}
        judged_zh = {i for zh, _ in confirmed for i in zh}
        judged_en = {j for _, en in confirmed for j in en}
        record: list = []
        align_segments([Segment(review.zh[i], k) for k, i in enumerate(sorted(review.zh))],
                       [Segment(review.en[j], k) for k, j in enumerate(sorted(review.en))], record=record)
        rows = [(x, (u.zh, u.en) in confirmed) for u, x in record
                if (u.zh, u.en) in confirmed or judged_zh.intersection(u.zh) or judged_en.intersection(u.en)]
        if rows:
            examples[path.name] = (np.array([x for x, _ in rows]), np.array([hit for _, hit in rows], float))
    return examples


def _segments(path: Path) -> list[Segment]:
    return [Segment(line, k) for k, line in enumerate(path.read_text(encoding="utf-8").splitlines())]


def fit(x: np.ndarray, y: np.ndarray, l2: float, steps: int = 30) -> np.ndarray:
    """Logistic regression by Newton's method; the bias (column 0) is not penalised."""
    w = np.zeros(x.shape[1])
    penalty = l2 * len(y) * np.eye(x.shape[1])
    penalty[0, 0] = 0.0
    for _ in range(steps):
        p = 1 / (1 + np.exp(-x @ w))
        gradient = x.T @ (p - y) + penalty @ w
        hessian = (x * (p * (1 - p))[:, None]).T @ x + penalty
        w -= np.linalg.solve(hessian, gradient)
    return w


def table(p: np.ndarray, y: np.ndarray) -> str:
    cells = []
    for level in LEVELS:
        above = p >= level
        precision = y[above].mean() if above.any() else 0.0
        cells.append(f"≥{level}: P {precision:.3f} share {above.mean():.3f}")
    cells.append(f"Brier {np.mean((p - y) ** 2):.4f}")
    return "   ".join(cells)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--l2", type=float, default=0.01)
    parser.add_argument("--from-reviewed", nargs="+", type=Path, default=[], metavar="JSONL",
                        help="alignments corrected in align review, as more training data")
    args = parser.parse_args()
    examples = mac_examples(args.shared)
    reviewed = reviewed_examples(args.from_reviewed)
    if reviewed:
        x, y = np.vstack([e[0] for e in reviewed.values()]), np.concatenate([e[1] for e in reviewed.values()])
        print(f"reviewed, {len(y)} judged units, {y.mean():.3f} hits")
        print("shipped constants         ", table(1 / (1 + np.exp(-x @ np.array(model.COEFFICIENTS))), y))
        examples.update(reviewed)  # each reviewed file is held out in turn like a chapter
    held_out_p, held_out_y, shipped_p = [], [], []
    for chapter, (x, y) in examples.items():
        train = [examples[c] for c in examples if c != chapter]
        w = fit(np.vstack([t[0] for t in train]), np.concatenate([t[1] for t in train]), args.l2)
        held_out_p.append(1 / (1 + np.exp(-x @ w)))
        held_out_y.append(y)
        shipped_p.append(1 / (1 + np.exp(-x @ np.array(model.COEFFICIENTS))))
    y = np.concatenate(held_out_y)
    print(f"MAC-Dev{' and reviewed' if reviewed else ''}, {len(y)} units, {y.mean():.3f} strict hits")
    print("shipped constants         ", table(np.concatenate(shipped_p), y))
    print("leave-one-chapter-out fit ", table(np.concatenate(held_out_p), y))
    w = fit(np.vstack([e[0] for e in examples.values()]), np.concatenate([e[1] for e in examples.values()]), args.l2)
    print("fit on all chapters       ", table(1 / (1 + np.exp(-np.vstack([e[0] for e in examples.values()]) @ w)), y))
    print("features:", ", ".join(model.FEATURES))
    print("COEFFICIENTS = (" + ", ".join(f"{c:.3f}" for c in w) + ")")
    return 0


if __name__ == "__main__":
    sys.exit(main())
