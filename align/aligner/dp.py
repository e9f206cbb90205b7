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
    dp = grid(n, m, beads, corridor)
    return dp.solve(evaluate_many(score, dp.queries), skip, bead_penalty)


def grid(n: int, m: int, beads: Sequence[Bead], corridor: Corridor, origin: tuple[int, int] = (0, 0)) -> "Grid | Cell":
    """The DP of one box: a `Cell` for one segment a side in the whole corridor (most of the sentence
    pass's paragraph groups) with the beads 1-1, 1-0, 0-1 in this order, else a `Grid`."""
    if (n == m == 1 and [bead for bead in beads if max(bead) <= 1] == [(1, 1), (1, 0), (0, 1)]
            and list(corridor.lo) == [0, 0] and list(corridor.hi) == [1, 1]):
        return Cell(origin)
    return Grid(n, m, beads, corridor, origin)


class Cell:
    """`Grid`'s DP of one segment a side in closed form, with the same path and scores: the 1-1 bead,
    unless the two skips (0-1 then 1-0) score more (a tie goes to the bead listed first, 1-1)."""

    def __init__(self, origin: tuple[int, int]):
        self.origin = origin

    @property
    def queries(self) -> list[Query]:
        return [(np.array([self.origin[0]]), 1, np.array([self.origin[1]]), 1)]

    def solve(self, scores: Sequence[np.ndarray], skip: float,
              bead_penalty: Callable[[Bead], float] = lambda bead: 0.0) -> list[Step]:
        value = float(scores[0][0])
        if -bead_penalty((1, 1)) + value < skip + skip:
            return [Step(0, 0, 0, 1, 0.0), Step(0, 1, 1, 0, 0.0)]
        return [Step(0, 1, 0, 1, value)]


class Grid:
    """A corridor's cells and, for each bead from an earlier row, the cell it comes from; `queries`:
    its two-sided beads (one query per two-sided bead size, in the order of `beads`; rows and columns
    counted from `origin`, where the box sits among the scorer's segments), which `solve` takes the
    scores of. Beads longer than n or m fit nowhere and are left out (a small group's DP has few
    bead sizes)."""

    def __init__(self, n: int, m: int, beads: Sequence[Bead], corridor: Corridor, origin: tuple[int, int] = (0, 0)):
        beads = [(di, dj) for di, dj in beads if di <= n and dj <= m]
        if [bead for bead in beads if not bead[0]] not in ([], [(0, 1)]):
            raise ValueError("beads within a row: only (0, 1) is supported")
        self.n, self.m, self.beads, self.origin = n, m, beads, origin
        self.lo, self.hi = np.asarray(corridor.lo, np.int64), np.asarray(corridor.hi, np.int64)
        lo, hi = self.lo, self.hi
        self.start = start = np.concatenate(([0], np.cumsum(hi - lo + 1)))
        cells = int(start[-1])
        self.row = np.repeat(np.arange(n + 1), hi - lo + 1)
        self.column = np.arange(cells) - start[self.row] + lo[self.row]
        self.from_rows = [k for k, (di, _) in enumerate(beads) if di]
        # per cell, the cell each bead from an earlier row comes from (`cells`: none, where `total` is -inf)
        self.previous = np.full((cells, len(self.from_rows)), cells, np.int32 if cells < 2**31 - 1 else np.int64)
        self.placed: list[tuple[int, np.ndarray]] = []  # two-sided beads: (bead, the cells it may end at)
        for index, k in enumerate(self.from_rows):
            di, dj = beads[k]
            pi, pj = self.row - di, self.column - dj
            at = np.maximum(pi, 0)  # the row it comes from (0 where none)
            ok = (pi >= 0) & (pj >= lo[at]) & (pj <= hi[at])
            self.previous[ok, index] = (start[at] + pj - lo[at])[ok]
            if dj:
                self.placed.append((k, ok))

    @property
    def queries(self) -> list[Query]:
        """The two-sided beads to be scored (made when asked, not held by the grid)."""
        return [(self.row[ok] - di + self.origin[0], di, self.column[ok] - dj + self.origin[1], dj)
                for k, ok in self.placed for di, dj in [self.beads[k]]]

    def solve(self, scores: Sequence[np.ndarray], skip: float,
              bead_penalty: Callable[[Bead], float] = lambda bead: 0.0) -> list[Step]:
        """The best path, given the scores of `queries`. Rows are filled in order: each cell's best
        bead from earlier rows in array operations, then the (0, 1) bead along the row; which bead
        won each cell is found at the end, for all cells at once."""
        beads, from_rows, previous = self.beads, self.from_rows, self.previous
        cells = len(previous)
        gain = np.repeat([[skip if not dj else -bead_penalty((di, dj)) for di, dj in (beads[k] for k in from_rows)]],
                         cells, axis=0)  # per cell, what each bead from an earlier row adds
        index = {k: column for column, k in enumerate(from_rows)}
        for (k, ok), values in zip(self.placed, scores):
            gain[ok, index[k]] += values
        total = np.full(cells + 1, -np.inf)
        split = beads.index((0, 1)) if (0, 1) in beads else None  # beads listed before (0, 1)
        carried: list[int] = []  # the cells (0, 1) won
        start = self.start.tolist()
        for i in range(self.n + 1):
            a, b = start[i], start[i + 1]
            candidates = total.take(previous[a:b])
            candidates += gain[a:b]
            best = candidates.max(axis=1)
            if i == 0:
                best[0] = 0.0  # the start cell (0, 0)
            total[a:b] = best if split is None else _along_row(best, candidates, split, skip, a, carried)
        for column in range(len(from_rows)):
            gain[:, column] += total[previous[:, column]]
        choice = np.asarray(from_rows, np.int64)[gain.argmax(axis=1)]
        if split is not None:
            choice[carried] = split
        choice[total[:-1] == -np.inf] = -1
        choice[0] = -1
        return self._trace(choice, scores)

    def _trace(self, choice: np.ndarray, scores: Sequence[np.ndarray]) -> list[Step]:
        n, m, beads = self.n, self.m, self.beads
        start, lo = self.start.tolist(), self.lo.tolist()  # Python ints: no numpy scalar per step
        if not lo[n] <= m <= self.hi[n] or (n or m) and choice[start[n] + m - lo[n]] < 0:
            raise ValueError("the corridor does not connect the start and the end")
        choice = choice.tolist()
        path: list[tuple[int, int]] = []  # (bead, the cell it ends at), from the end
        i, j = n, m
        while i or j:
            cell = start[i] + j - lo[i]
            path.append((choice[cell], cell))
            di, dj = beads[choice[cell]]
            i, j = i - di, j - dj
        path.reverse()
        kinds, ends = np.array([k for k, _ in path], np.int64), np.array([c for _, c in path], np.int64)
        score = np.zeros(len(path))  # a two-sided bead's score: at its end cell's place among the cells it may end at
        for (k, ok), values in zip(self.placed, scores):
            mine = kinds == k
            score[mine] = values[np.cumsum(ok)[ends[mine]] - 1]
        steps: list[Step] = []
        for (kind, _), value in zip(path, score.tolist()):
            di, dj = beads[kind]
            steps.append(Step(i, di, j, dj, value))
            i, j = i + di, j + dj
        return steps


def _along_row(best: np.ndarray, candidates: np.ndarray, split: int, skip: float, first: int,
               carried: list[int]) -> np.ndarray | list[float]:
    """The row's totals with the (0, 1) bead, which continues the row: t[j] = max(best[j], t[j-1] +
    skip), the bead listed first among equals (`split` beads are listed before (0, 1)); the cells
    it wins (from `first`, the row's first cell) are added to `carried`. A row is a dozen cells or
    so: Python floats."""
    total = best.tolist()
    won = False
    for j in range(1, len(total)):
        value = total[j - 1] + skip
        if value > total[j] or value == total[j] > -np.inf and (not split or candidates[j, :split].max() < value):
            total[j] = value
            carried.append(first + j)
            won = True
    return total if won else best
