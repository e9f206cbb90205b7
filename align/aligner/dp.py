"""The one dynamic-programming core: the best monotone chain of beads inside a corridor.

It knows nothing about languages: it maximises the sum of bead scores (a skip bead, 1-0 or
0-1, scores `skip`, a negative constant) over paths from (0, 0) to (n, m), visiting only the
cells the corridor allows, so its cost is O(cells × bead types). `Grid` lists the beads to be
scored, `Grid.solve` finds the path from their scores (so callers may score many grids at once).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np

from ..config import Bead
from ..similarity.scorer import Query, evaluate_many


Scorer = Callable[[int, int, int, int], float]  # (i, di, j, dj) → score in [0, 1]


@dataclass(frozen=True)
class Step:
    i: int  # first Chinese segment
    di: int
    j: int  # first English segment
    dj: int
    score: float


@dataclass(frozen=True)
class Corridor:
    """For each row i (0..n), the allowed columns lo[i]..hi[i]."""

    lo: Sequence[int]
    hi: Sequence[int]

    @classmethod
    def full(cls, n: int, m: int) -> "Corridor":
        return cls([0] * (n + 1), [m] * (n + 1))

    def contains(self, i: int, j: int) -> bool:
        return 0 <= i < len(self.lo) and self.lo[i] <= j <= self.hi[i]


def best_path(
    n: int,
    m: int,
    score: Scorer,
    beads: Sequence[Bead],
    corridor: Corridor,
    skip: float,
    bead_penalty: Callable[[Bead], float] = lambda bead: 0.0,
) -> list[Step]:
    """The highest-scoring sequence of beads covering all n and m segments (ties: the bead listed first).

    Every two-sided bead in the corridor is scored in one batch (`score.many` when the scorer has
    it); the rows are then filled in order, each with array operations over its cells.
    """
    grid = Grid(n, m, beads, corridor)
    return grid.solve(evaluate_many(score, grid.queries), skip, bead_penalty)


class Grid:
    """A corridor's cells and, for each bead, the cell it comes from; `queries`: its two-sided beads
    (one query per two-sided bead size, in the order of `beads`; rows and columns counted from
    `origin`, where the box sits among the scorer's segments), which `solve` takes the scores of.
    Beads longer than n or m fit nowhere and are left out (a small group's DP has few bead sizes)."""

    def __init__(self, n: int, m: int, beads: Sequence[Bead], corridor: Corridor, origin: tuple[int, int] = (0, 0)):
        beads = [(di, dj) for di, dj in beads if di <= n and dj <= m]
        self.n, self.m, self.beads = n, m, beads
        self.lo, self.hi = np.asarray(corridor.lo, np.int64), np.asarray(corridor.hi, np.int64)
        lo, hi = self.lo, self.hi
        self.start = start = np.concatenate(([0], np.cumsum(hi - lo + 1)))
        cells = int(start[-1])
        row = np.repeat(np.arange(n + 1), hi - lo + 1)
        column = np.arange(cells) - start[row] + lo[row]
        self.previous = np.full((len(beads), cells), cells)  # the cell a bead comes from; `cells`: none
        self.queries: list[Query] = []
        self.placed: list[tuple[int, np.ndarray]] = []
        for k, (di, dj) in enumerate(beads):
            pi, pj = row - di, column - dj
            at = np.maximum(pi, 0)  # the row it comes from (0 where none)
            from_lo = lo[at]
            ok = (pi >= 0) & (pj >= from_lo) & (pj <= hi[at])
            self.previous[k] = np.where(ok, start[at] + pj - from_lo, cells)
            if di and dj:
                self.queries.append((pi[ok] + origin[0], di, pj[ok] + origin[1], dj))
                self.placed.append((k, ok))

    def solve(self, scores: Sequence[np.ndarray], skip: float,
              bead_penalty: Callable[[Bead], float] = lambda bead: 0.0) -> list[Step]:
        """The best path, given the scores of `queries`."""
        beads, start, n = self.beads, self.start, self.n
        from_rows = [k for k, (di, _) in enumerate(beads) if di]
        in_row = [k for k, (di, dj) in enumerate(beads) if not di]
        if [beads[k] for k in in_row] not in ([], [(0, 1)]):
            raise ValueError("beads within a row: only (0, 1) is supported")
        cells = self.previous.shape[1]
        raw = np.zeros((len(beads), cells))
        for (k, ok), values in zip(self.placed, scores):
            raw[k, ok] = values
        gain = np.array([[skip] if not di or not dj else [-bead_penalty((di, dj))] for di, dj in beads]) + raw
        total = np.full(cells + 1, -np.inf)
        choice = np.full(cells, -1, np.int64)
        kinds = np.asarray(from_rows)
        previous, gain = self.previous[from_rows], gain[from_rows]
        split = sum(1 for k in from_rows if not in_row or k < in_row[0])  # beads listed before (0, 1)
        for i in range(n + 1):
            a, b = int(start[i]), int(start[i + 1])
            candidates = total[previous[:, a:b]] + gain[:, a:b]
            pick = kinds[candidates.argmax(axis=0)]
            if in_row:
                best = _with_in_row(candidates, split, pick, skip, in_row[0], i == 0)
            else:
                best = candidates.max(axis=0)
                if i == 0:  # the start cell (0, 0)
                    best[0], pick[0] = 0.0, -1
            pick[best == -np.inf] = -1
            total[a:b], choice[a:b] = best, pick
        return _trace(choice, raw, start, self.lo, self.hi, beads, n, self.m)


def _with_in_row(candidates: np.ndarray, split: int, pick: np.ndarray, skip: float, kind: int,
                 first_row: bool) -> np.ndarray:
    """Add the (0, 1) bead, which continues the row: t[j] = the best other bead or t[j-1] + skip,
    the first listed among equals (`split` beads are listed before it). A row is a dozen cells or
    so, so this sequential step runs on Python floats. Updates `pick`, returns t."""
    inf = [-np.inf] * candidates.shape[1]
    before = candidates[:split].max(axis=0).tolist() if split else inf
    after = candidates[split:].max(axis=0).tolist() if split < len(candidates) else inf
    total = list(map(max, before, after))
    if first_row:  # the start cell (0, 0)
        total[0], pick[0] = 0.0, -1
    for j in range(1, len(total)):
        carried = total[j - 1] + skip
        if carried > before[j] and carried >= after[j]:
            total[j] = carried
            pick[j] = kind
    return np.array(total)


def _trace(choice, raw, start, lo, hi, beads, n: int, m: int) -> list[Step]:
    if not lo[n] <= m <= hi[n] or (n or m) and choice[start[n] + m - lo[n]] < 0:
        raise ValueError("the corridor does not connect the start and the end")
    steps: list[Step] = []
    start, lo, choice = start.tolist(), lo.tolist(), choice.tolist()  # Python ints: no numpy scalar per step
    i, j = n, m
    while i or j:
        cell = start[i] + j - lo[i]
        kind = choice[cell]
        di, dj = beads[kind]
        steps.append(Step(i - di, di, j - dj, dj, float(raw[kind, cell])))
        i, j = i - di, j - dj
    steps.reverse()
    return steps
