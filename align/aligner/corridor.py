"""Where the DP may look: a band around a chain of anchors, re-centred and widened where the path hits its edge.

Anchors are pairs (i, j) known or believed to align (matching paragraph labels, confident
1-1 pairs). The longest chain of them that is monotone on both sides defines a centre line;
the band around it keeps the DP's cost linear in the document length. Where the best path
touches the band's edge, the band is re-centred on the path and doubled there only, up to a
hard cap, so the cost stays linear whatever the anchors (a capped band is logged). Many
independent DPs (`banded_paths`: the sentence pass's paragraph groups) run their passes together,
each pass's beads scored in one batch per bead size.
"""
from __future__ import annotations

import bisect
import logging
from typing import Callable, NamedTuple, Sequence

import numpy as np

from ..similarity.scorer import Query, by_bead_size, evaluate_many
from .dp import Bead, Cell, Corridor, Grid, Step, grid

Scorer = Callable[[int, int, int, int], float]
MAX_PASSES = 8  # DP passes at most: each widens the band where the previous path touched it
_CHUNK = 1 << 20  # beads scored at once: bounds the scorer's memory on long inputs
log = logging.getLogger("align")


def monotone_chain(pairs: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest subsequence of pairs increasing in both i and j (O(k log k))."""
    pairs = sorted(set(pairs), key=lambda p: (p[0], -p[1]))
    tails: list[int] = []  # smallest j ending a chain of each length
    tail_index: list[int] = []
    parent: list[int] = [-1] * len(pairs)
    for index, (_, j) in enumerate(pairs):
        length = bisect.bisect_left(tails, j)
        if length == len(tails):
            tails.append(j)
            tail_index.append(index)
        else:
            tails[length], tail_index[length] = j, index
        parent[index] = tail_index[length - 1] if length else -1
    chain, index = [], tail_index[-1] if tail_index else -1
    while index >= 0:
        chain.append(pairs[index])
        index = parent[index]
    return chain[::-1]


def band(n: int, m: int, anchors: Sequence[tuple[int, int]], width: int) -> Corridor:
    """Rows 0..n, each allowed `width` columns either side of the line through the anchors."""
    points = [(0, 0)] + [a for a in anchors if 0 < a[0] < n and 0 < a[1] < m] + [(n, m)]
    lo, hi = [], []
    for k in range(len(points) - 1):
        (i0, j0), (i1, j1) = points[k], points[k + 1]
        slope = (j1 - j0) / (i1 - i0) if i1 > i0 else float(j1 - j0)
        reach = width + int(slope) + 1
        for i in range(i0, i1 + (k == len(points) - 2)):
            centre = j0 + slope * (i - i0)
            lo.append(max(0, int(centre) - reach))
            hi.append(min(m, int(centre) + reach))
    return _connected(lo, hi, n, m)


def around(steps: Sequence[Step], n: int, m: int, widths: Sequence[int]) -> Corridor:
    """Rows 0..n, each allowed widths[i] columns either side of the columns the path visits in it."""
    first, last = [m] * (n + 1), [0] * (n + 1)
    first[0] = 0
    for s in steps:
        for i in range(s.i, s.i + s.di + 1):
            first[i], last[i] = min(first[i], s.j), max(last[i], s.j + s.dj)
    lo = [max(0, first[i] - widths[i]) for i in range(n + 1)]
    hi = [min(m, last[i] + widths[i]) for i in range(n + 1)]
    return _connected(lo, hi, n, m)


def _connected(lo: list[int], hi: list[int], n: int, m: int) -> Corridor:
    """Make both edges monotone, so every row overlaps the next, from (0, 0) to (n, m)."""
    for i in range(1, n + 1):
        hi[i] = max(hi[i], hi[i - 1])
    for i in range(n - 1, -1, -1):
        lo[i] = min(lo[i], lo[i + 1])
    lo[0], hi[n] = 0, m
    return Corridor(lo, hi)


class Box(NamedTuple):
    """One DP problem: zh[i:i+n] ↔ en[j:j+m] of the scorer's segments; `anchors` in its own coordinates."""

    i: int
    j: int
    n: int
    m: int
    anchors: Sequence[tuple[int, int]] = ()


def banded_path(
    n: int,
    m: int,
    score: Scorer,
    beads: Sequence[Bead],
    skip: float,
    anchors: Sequence[tuple[int, int]] = (),
    width: int = 12,
    max_width: int = 128,
    bead_penalty: Callable[[Bead], float] = lambda bead: 0.0,
) -> list[Step]:
    """Best path inside a band around the anchors; where the path touches the band, the band is
    re-centred on the path and doubled near there, up to `max_width` columns either side."""
    return banded_paths([Box(0, 0, n, m, anchors)], score, beads, skip, width, max_width, bead_penalty)[0]


def banded_paths(
    boxes: Sequence[Box],
    score: Scorer,
    beads: Sequence[Bead],
    skip: float,
    width: int = 12,
    max_width: int = 128,
    bead_penalty: Callable[[Bead], float] = lambda bead: 0.0,
) -> list[list[Step]]:
    """`banded_path` of each box (steps in the box's coordinates), the boxes' passes together: each
    pass scores the beads of all boxes still widening in one batch per bead size."""
    widths = [[width] * (box.n + 1) for box in boxes]
    corridors = [band(box.n, box.m, box.anchors, width) for box in boxes]
    paths: list[list[Step]] = [[] for _ in boxes]
    score = _Remembered(score, max((box.j + box.m for box in boxes), default=0))  # a pass scores only new beads
    active = list(range(len(boxes)))
    for _ in range(MAX_PASSES):
        for k, path in zip(active, _solve([boxes[k] for k in active], [corridors[k] for k in active], score, beads,
                                          skip, bead_penalty)):
            paths[k] = path
        widening = []
        for k in active:
            touched = [i for i in _touched_rows(paths[k], corridors[k], boxes[k].m) if widths[k][i] < max_width]
            if touched:
                _widen(widths[k], touched, boxes[k].n, max_width)
                corridors[k] = around(paths[k], boxes[k].n, boxes[k].m, widths[k])
                widening.append(k)
        active = widening
        if not active:
            break
    for k, box in enumerate(boxes):
        if _touched_rows(paths[k], corridors[k], box.m):
            log.warning("alignment band capped at %d segments either side (%d × %d segments): "
                        "the path may be constrained", max_width, box.n, box.m)
    return paths


def _widen(widths: list[int], touched: Sequence[int], n: int, max_width: int) -> None:
    """Double the band's half-width around each touched row (as far as its width there), up to `max_width`."""
    for i, width_there in [(i, widths[i]) for i in touched]:
        for row in range(max(0, i - width_there), min(n, i + width_there) + 1):
            widths[row] = max(widths[row], min(2 * width_there, max_width))


def _solve(boxes: Sequence[Box], corridors: Sequence[Corridor], score: Scorer, beads: Sequence[Bead], skip: float,
           bead_penalty: Callable[[Bead], float]) -> list[list[Step]]:
    """One pass: each box's best path in its corridor (its grid and scores freed when the pass ends)."""
    grids = [grid(box.n, box.m, beads, corridor, (box.i, box.j)) for box, corridor in zip(boxes, corridors)]
    return [dp.solve(scores, skip, bead_penalty) for dp, scores in zip(grids, _scores_of(score, grids))]


def _scores_of(score: Scorer, grids: Sequence[Grid | Cell]) -> list[list[np.ndarray]]:
    """Every grid's bead scores, asked in one batch per bead size."""
    values = iter(by_bead_size(lambda queries: evaluate_many(score, queries),
                               [query for dp in grids for query in dp.queries]))
    return [[next(values) for _ in dp.queries] for dp in grids]


class _Remembered:
    """A bead scorer that keeps the scores of its last batch, by bead size and cell, and answers
    from them what the next batch asks again (the scores are the same whatever batch a bead comes
    in, so the path is unchanged)."""

    def __init__(self, score: Scorer, m: int):
        self.score, self.stride = score, m + 1
        self.known: dict[tuple[int, int], tuple[np.ndarray, np.ndarray]] = {}  # sorted codes, their scores

    def __call__(self, i: int, di: int, j: int, dj: int) -> float:
        return float(self.many([(np.array([i]), di, np.array([j]), dj)])[0][0])

    def many(self, queries: Sequence[Query]) -> list[np.ndarray]:
        asked, hits, new = [], [], []
        for i, di, j, dj in queries:
            codes, _ = self.known.get((di, dj), (None, None))
            code = i * self.stride + j
            if codes is None or not len(codes):
                hits.append(None)
                new.append((i, di, j, dj))
            else:
                at = np.minimum(np.searchsorted(codes, code), len(codes) - 1)
                hit = codes[at] == code
                hits.append((at, hit))
                new.append((i[~hit], di, j[~hit], dj))
            asked.append(code)
        result = []
        for (_, di, _, dj), code, found, values in zip(queries, asked, hits, self._score(new)):
            if found is not None:
                at, hit = found
                merged = np.empty(len(code))
                merged[hit] = self.known[(di, dj)][1][at[hit]]
                merged[~hit] = values
                values = merged
            result.append(values)
            if len(code) > 1 and not (code[1:] > code[:-1]).all():  # the DP asks in row order: sorted
                order = np.argsort(code)
                code, values = code[order], values[order]
            self.known[(di, dj)] = code, values
        return result

    def _score(self, queries: list[Query]) -> list[np.ndarray]:
        """Scores of these beads, in chunks of rows of about _CHUNK beads (bounds the scorer's memory)."""
        if sum(len(i) for i, _, _, _ in queries) <= _CHUNK:
            return evaluate_many(self.score, queries)
        orders = [None if len(i) < 2 or (i[1:] >= i[:-1]).all() else np.argsort(i, kind="stable")
                  for i, _, _, _ in queries]
        rows = [i if order is None else i[order] for (i, _, _, _), order in zip(queries, orders)]
        top = max(int(r[-1]) + 1 for r in rows if len(r))
        per_row = np.cumsum(sum(np.bincount(r, minlength=top) for r in rows))
        cuts = np.searchsorted(per_row, np.arange(_CHUNK, per_row[-1], _CHUNK), side="right")
        edges = [0, *np.unique(cuts).tolist(), top]
        pieces: list[list] = [[] for _ in queries]
        for low, high in zip(edges, edges[1:]):
            chunk, parts = [], []
            for (i, di, j, dj), order, r in zip(queries, orders, rows):
                a, b = np.searchsorted(r, low), np.searchsorted(r, high)
                part = slice(a, b) if order is None else order[a:b]
                chunk.append((i[part], di, j[part], dj))
                parts.append(part)
            for k, (part, values) in enumerate(zip(parts, evaluate_many(self.score, chunk))):
                pieces[k].append((part, values))
        result = []
        for (i, _, _, _), shape_pieces in zip(queries, pieces):
            values = np.empty(len(i))
            for part, piece in shape_pieces:
                values[part] = piece
            result.append(values)
        return result


def _touched_rows(steps: Sequence[Step], corridor: Corridor, m: int) -> list[int]:
    rows = []
    for step in steps:
        i, j = step.i + step.di, step.j + step.dj
        if (j == corridor.lo[i] and j > 0) or (j == corridor.hi[i] and j < m):
            rows.append(i)
    return rows
