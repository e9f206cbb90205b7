#!/usr/bin/env python3
"""Refit the unit-confidence models (align/similarity/confidence.py) on MAC-Dev.

Every two-sided unit the aligner outputs on the six MAC-Dev chapters is one example: its
confidence features, and whether it is a strict hit; so is every two-sided unit of six crossed
pairs that do not belong together (chapter k's Chinese against chapter k+1's English: all
wrong). A logistic regression (Newton steps, L2 penalty on all but the bias) is fitted, then
the context model (CONTEXT_COEFFICIENTS: a unit's confidence from its own and its neighbours'
under the first model, each pair's units in document order), both
leave-one-chapter-out (held out: chapter k and the crossed pair with its Chinese) to show how
well held-out confidences predict correctness (strict precision and share of units at ≥ 0.5 /
0.8 / 0.9, Brier score; on crossed pairs, the mean confidence and the share ≥ 0.5), then on
everything for the constants to ship. Out-of-domain check with the shipped constants: unrelated
UN pairs (each Chinese document against the English of every other), sentence level, and how
many of them `align run` reports as unrelated. `--embedder use` fits EMBEDDING_COEFFICIENTS and
EMBEDDING_CONTEXT_COEFFICIENTS, the models used with an embedder (the same features plus the
embedding cosines).

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

from align.aligner.document import align_documents, align_segments  # noqa: E402
from align.model import Segment  # noqa: E402
from align.pipeline import read_document, summarise  # noqa: E402
from align.similarity.embedder import CachedEmbedder, load as load_embedder  # noqa: E402
from align.similarity import confidence as model  # noqa: E402
from align.formats.vecalign import parse as parse_align  # noqa: E402
from align.review.export import load as load_review  # noqa: E402
from align.review.model import CONFIRMED  # noqa: E402

LEVELS = (0.5, 0.8, 0.9)
# A crossed pair's unit counts this much against a real pair's: most pairs a user aligns belong
# together, so unrelated ones should weigh less than their number of units; chosen on MAC-Dev.
CROSSED_WEIGHT = 0.1


Examples = dict[str, tuple[np.ndarray, np.ndarray]]


def mac_examples(shared: Path, embedder=None) -> tuple[Examples, Examples]:
    """Chapter → (features, strict hit) of its two-sided units; and of the crossed pair with its Chinese."""
    mac = shared / "bench" / "mac-dev"
    stems = [p.stem for p in sorted((mac / "gold").glob("*.align"))]
    real, crossed = {}, {}
    for k, stem in enumerate(stems):
        zh = _segments(mac / "zh" / f"{stem}.txt")
        gold = set(parse_align((mac / "gold" / f"{stem}.align").read_text(encoding="utf-8")))
        for en_stem, examples in ((stem, real), (stems[(k + 1) % len(stems)], crossed)):
            record: list = []
            align_segments(zh, _segments(mac / "en" / f"{en_stem}.txt"), embedder=embedder, record=record)
            hits = [en_stem == stem and (u.zh, u.en) in gold for u, _ in record]
            examples[stem] = (np.array([x for _, x in record]), np.array(hits, float))
    return real, crossed


def reviewed_examples(paths: list[Path]) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """File → (features, hit) of the realigned units, hit NaN where no confirmed unit judges it."""
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
        hits = [float((u.zh, u.en) in confirmed)
                if (u.zh, u.en) in confirmed or judged_zh.intersection(u.zh) or judged_en.intersection(u.en)
                else np.nan for u, _ in record]  # NaN: not judged, but context for the units around it
        if not all(np.isnan(hits)):
            examples[path.name] = (np.array([x for _, x in record]), np.array(hits))
    return examples


def _segments(path: Path) -> list[Segment]:
    return [Segment(line, k) for k, line in enumerate(path.read_text(encoding="utf-8").splitlines())]


def fit(x: np.ndarray, y: np.ndarray, l2: float, steps: int = 30, weight: np.ndarray | None = None) -> np.ndarray:
    """Logistic regression by Newton's method (examples weighted by `weight`); the bias (column 0)
    is not penalised."""
    weight = np.ones(len(y)) if weight is None else weight
    w = np.zeros(x.shape[1])
    penalty = l2 * weight.sum() * np.eye(x.shape[1])
    penalty[0, 0] = 0.0
    for _ in range(steps):
        p = 1 / (1 + np.exp(-x @ w))
        gradient = x.T @ (weight * (p - y)) + penalty @ w
        hessian = (x * (weight * p * (1 - p))[:, None]).T @ x + penalty
        w -= np.linalg.solve(hessian, gradient)
    return w


def fit_pairs(real: list, crossed: list, l2: float, crossed_weight: float) -> np.ndarray:
    """The model fitted on real and (weighted) crossed pairs' examples."""
    every = real + crossed
    weight = np.concatenate([np.full(len(e[1]), 1.0) for e in real] + [np.full(len(e[1]), crossed_weight) for e in crossed])
    x, y = np.vstack([e[0] for e in every]), np.concatenate([e[1] for e in every])
    judged = ~np.isnan(y)
    return fit(x[judged], y[judged], l2, weight=weight[judged])


Model = tuple[np.ndarray, np.ndarray]  # the unit model's coefficients, the context model's


def fit_both(real: list, crossed: list, l2: float, crossed_weight: float) -> Model:
    """The unit model, then the context model over its confidences (each pair's units in order)."""
    w = fit_pairs(real, crossed, l2, crossed_weight)
    in_context = [(model.context_features(_probability(x, w)), y) for x, y in real + crossed]
    return w, fit_pairs(in_context[:len(real)], in_context[len(real):], l2, crossed_weight)


def predict(x: np.ndarray, both: Model) -> np.ndarray:
    """Final confidences of one pair's units (document order), unrounded."""
    return _probability(model.context_features(_probability(x, both[0])), both[1])


def _probability(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-x @ w))


def table(p: np.ndarray, y: np.ndarray) -> str:
    p, y = p[~np.isnan(y)], y[~np.isnan(y)]
    cells = []
    for level in LEVELS:
        above = p >= level
        precision = y[above].mean() if above.any() else 0.0
        cells.append(f"≥{level}: P {precision:.3f} share {above.mean():.3f}")
    cells.append(f"Brier {np.mean((p - y) ** 2):.4f}")
    return "   ".join(cells)


def unrelated(p: np.ndarray) -> str:
    return f"mean confidence {p.mean():.3f}, share ≥ 0.5 {np.mean(p >= 0.5):.3f}, max {p.max():.3f}"


def un_crossed(shared: Path, embedder=None) -> None:
    """Each UN Chinese document against the English of every other document, sentence level."""
    corpus = shared / "corpus"
    english = sorted(p.stem for p in (corpus / "en").glob("*.txt"))
    scores, flagged, pairs = [], 0, 0
    for zh_path in sorted((corpus / "zh").glob("*.txt")):
        zh = read_document(zh_path, "zh")
        for en_stem in (e for e in english if e != zh_path.stem):
            alignment = align_documents(zh, read_document(corpus / "en" / f"{en_stem}.txt", "en"), embedder=embedder)
            scores.extend(u.score for u in alignment.units if u.zh and u.en)  # as align run gives them
            pairs += 1
            flagged += summarise(alignment).low_confidence
    print(f"unrelated UN pairs ({pairs}, {len(scores)} two-sided units), shipped constants: "
          f"{unrelated(np.array(scores))}; {flagged}/{pairs} pairs reported unrelated")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--l2", type=float, default=0.01)
    parser.add_argument("--from-reviewed", nargs="+", type=Path, default=[], metavar="JSONL",
                        help="alignments corrected in align review, as more training data")
    parser.add_argument("--embedder", metavar="use|DIR", help="fit the model used with this embedder")
    parser.add_argument("--crossed-weight", type=float, default=CROSSED_WEIGHT,
                        help="weight of a crossed pair's unit against a real pair's [%(default)s]")
    args = parser.parse_args()
    embedder = CachedEmbedder(load_embedder(args.embedder)) if args.embedder else None  # texts recur: encode once
    shipped = ((np.array(model.EMBEDDING_COEFFICIENTS), np.array(model.EMBEDDING_CONTEXT_COEFFICIENTS)) if embedder
               else (np.array(model.COEFFICIENTS), np.array(model.CONTEXT_COEFFICIENTS)))
    examples, crossed = mac_examples(args.shared, embedder)
    reviewed = reviewed_examples(args.from_reviewed) if not embedder else {}
    if reviewed:
        y = np.concatenate([e[1] for e in reviewed.values()])
        print(f"reviewed, {np.sum(~np.isnan(y))} judged units, {np.nanmean(y):.3f} hits")
        print("shipped constants         ", table(np.concatenate([predict(x, shipped) for x, _ in reviewed.values()]), y))
        examples.update(reviewed)  # each reviewed file is held out in turn like a chapter
    held_out: dict[str, tuple[list, list, list]] = {"real": ([], [], []), "crossed": ([], [], [])}  # p, y, shipped p
    for chapter in examples:
        both = fit_both([examples[c] for c in examples if c != chapter], [crossed[c] for c in crossed if c != chapter],
                        args.l2, args.crossed_weight)
        tests = [("real", examples[chapter])] + ([("crossed", crossed[chapter])] if chapter in crossed else [])
        for kind, (x, y) in tests:
            held_out[kind][0].append(predict(x, both))
            held_out[kind][1].append(y)
            held_out[kind][2].append(predict(x, shipped))
    p, y, s = (np.concatenate(v) for v in held_out["real"])
    print(f"MAC-Dev{' and reviewed' if reviewed else ''}, {len(y)} units, {np.nanmean(y):.3f} strict hits")
    print("shipped constants         ", table(s, y))
    print("leave-one-chapter-out fit ", table(p, y))
    p, _, s = (np.concatenate(v) for v in held_out["crossed"])
    print(f"crossed MAC-Dev chapters, {len(p)} two-sided units (all wrong)")
    print("shipped constants         ", unrelated(s))
    print("leave-one-chapter-out fit ", unrelated(p))
    w, v = fit_both(list(examples.values()), list(crossed.values()), args.l2, args.crossed_weight)
    print("fit on everything, MAC-Dev", table(np.concatenate([predict(x, (w, v)) for x, _ in examples.values()]), y))
    un_crossed(args.shared, embedder)
    print("features:", ", ".join(model.EMBEDDING_FEATURES if embedder else model.FEATURES))
    prefix = "EMBEDDING_" if embedder else ""
    print(f"{prefix}COEFFICIENTS = (" + ", ".join(f"{c:.3f}" for c in w) + ")")
    print(f"{prefix}CONTEXT_COEFFICIENTS = (" + ", ".join(f"{c:.3f}" for c in v) + ")")
    return 0


if __name__ == "__main__":
    sys.exit(main())
