#!/usr/bin/env python3
"""Refit the unit-confidence model (align/similarity/confidence.py) on MAC-Dev, with and without pairs that do not belong together.

Examples: every two-sided unit the aligner outputs on the six MAC-Dev chapters (its confidence
features; target: strict hit), and every two-sided unit of six crossed pairs (chapter k's
Chinese against chapter k+1's English; all wrong). A logistic regression (Newton steps, L2
penalty on all but the bias) is fitted leave-one-chapter-out (held out: chapter k and the
crossed pair with k's Chinese) to show how held-out confidences behave (strict precision and
share of units at ≥ 0.5 / 0.8 / 0.9, Brier score, and on crossed pairs the mean confidence
and share ≥ 0.5), then on everything for the constants to ship. Out-of-domain check with the
shipped constants: unrelated UN pairs (the Chinese of one UN document against the English of
another), sentence level, and whether `align run` calls them unrelated.
`--embedder use` fits EMBEDDING_COEFFICIENTS (features plus the embedding cosines).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from align.aligner.document import Settings, align_documents, align_segments  # noqa: E402
from align.formats.vecalign import parse as parse_align  # noqa: E402
from align.model import Segment  # noqa: E402
from align.pipeline import read_document, summarise  # noqa: E402
from align.similarity import confidence as model  # noqa: E402
from align.similarity.embedder import CachedEmbedder, load as load_embedder  # noqa: E402

LEVELS = (0.5, 0.8, 0.9)
Examples = tuple[np.ndarray, np.ndarray]


def mac_examples(shared: Path, embedder) -> tuple[dict[str, Examples], dict[str, Examples]]:
    """Chapter → (features, strict hit) of its two-sided units; and of the crossed pair with its Chinese."""
    mac = shared / "bench" / "mac-dev"
    stems = [p.stem for p in sorted((mac / "gold").glob("*.align"))]
    real, crossed = {}, {}
    for k, stem in enumerate(stems):
        zh = _segments(mac / "zh" / f"{stem}.txt")
        gold = set(parse_align((mac / "gold" / f"{stem}.align").read_text(encoding="utf-8")))
        for en_stem, table in ((stem, real), (stems[(k + 1) % len(stems)], crossed)):
            record: list = []
            align_segments(zh, _segments(mac / "en" / f"{en_stem}.txt"), embedder=embedder, record=record)
            hits = [en_stem == stem and (u.zh, u.en) in gold for u, _ in record]
            table[stem] = (np.array([x for _, x in record]), np.array(hits, float))
    return real, crossed


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


def unrelated(p: np.ndarray) -> str:
    return f"mean confidence {p.mean():.3f}, share ≥ 0.5: {np.mean(p >= 0.5):.3f}, max {p.max():.3f}"


def un_crossed(shared: Path, coefficients, embedder) -> None:
    """Each UN Chinese document against every other document's English, sentence level."""
    corpus = shared / "corpus"
    english = sorted(p.stem for p in (corpus / "en").glob("*.txt"))
    scores, flagged, pairs = [], 0, 0
    for zh_path in sorted((corpus / "zh").glob("*.txt")):
        zh = read_document(zh_path, "zh")
        for en_stem in english:
            if en_stem == zh_path.stem:
                continue
            record: list = []
            alignment = align_documents(zh, read_document(corpus / "en" / f"{en_stem}.txt", "en"),
                                        record=record, embedder=embedder)
            scores.extend(model.confidence(x, coefficients) for _, x in record)
            pairs += 1
            flagged += summarise(alignment).low_confidence
    print(f"unrelated UN pairs ({pairs}), shipped constants: {unrelated(np.array(scores))}; "
          f"{flagged}/{pairs} pairs reported unrelated by align run")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--l2", type=float, default=0.01)
    parser.add_argument("--embedder", metavar="use|DIR", help="fit the model used with this embedder")
    args = parser.parse_args()
    embedder = CachedEmbedder(load_embedder(args.embedder)) if args.embedder else None
    shipped = np.array(model.EMBEDDING_COEFFICIENTS if embedder else model.COEFFICIENTS)
    real, crossed = mac_examples(args.shared, embedder)
    held = {"real": ([], [], []), "crossed": ([], [], [])}  # (held-out p, y, shipped p)
    for chapter in real:
        train = [real[c] for c in real if c != chapter] + [crossed[c] for c in crossed if c != chapter]
        w = fit(np.vstack([t[0] for t in train]), np.concatenate([t[1] for t in train]), args.l2)
        for name, (x, y) in (("real", real[chapter]), ("crossed", crossed[chapter])):
            held[name][0].append(1 / (1 + np.exp(-x @ w)))
            held[name][1].append(y)
            held[name][2].append(1 / (1 + np.exp(-x @ shipped)))
    p, y, s = (np.concatenate(v) for v in held["real"])
    print(f"MAC-Dev, {len(y)} two-sided units, {y.mean():.3f} strict hits")
    print("shipped constants         ", table(s, y))
    print("leave-one-chapter-out fit ", table(p, y))
    p, _, s = (np.concatenate(v) for v in held["crossed"])
    print(f"crossed MAC-Dev chapters, {len(p)} two-sided units (all wrong)")
    print("shipped constants         ", unrelated(s))
    print("leave-one-chapter-out fit ", unrelated(p))
    every = list(real.values()) + list(crossed.values())
    x_all, y_all = np.vstack([e[0] for e in every]), np.concatenate([e[1] for e in every])
    w = fit(x_all, y_all, args.l2)
    x_real = np.vstack([e[0] for e in real.values()])
    print("fit on everything, MAC-Dev", table(1 / (1 + np.exp(-x_real @ w)), np.concatenate([e[1] for e in real.values()])))
    un_crossed(args.shared, shipped, embedder)
    features = model.EMBEDDING_FEATURES if embedder else model.FEATURES
    print("features:", ", ".join(features))
    print(("EMBEDDING_COEFFICIENTS" if embedder else "COEFFICIENTS") + " = (" + ", ".join(f"{c:.3f}" for c in w) + ")")
    return 0


if __name__ == "__main__":
    sys.exit(main())
