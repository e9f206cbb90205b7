"""The one dynamic-programming core: the best monotone chain of beads inside a corridor.

It knows nothing about languages: it maximises the sum of bead scores (a skip bead, 1-0 or
0-1, scores `skip`, a negative constant) over paths from (0, 0) to (n, m), visiting only the
cells the corridor allows, so its cost is O(cells × bead types).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

Bead = tuple[int, int]  # how many segments it takes on each side
PARAGRAPH_BEADS: tuple[Bead, ...] = ((1, 1), (1, 0), (0, 1), (1, 2), (2, 1), (1, 3), (3, 1), (2, 2))
SENTENCE_BEADS: tuple[Bead, ...] = (
    (1, 1), (1, 0), (0, 1), (1, 2), (2, 1), (1, 3), (3, 1), (1, 4), (4, 1), (2, 2), (1, 5), (5, 1),
)

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
    """The highest-scoring sequence of beads covering all n and m segments."""
    neg = float("-inf")
    total: list[list[float]] = []
    back: list[list[tuple[int, int, float] | None]] = []
    for i in range(n + 1):
        lo, hi = corridor.lo[i], corridor.hi[i]
        row, row_back = [neg] * (hi - lo + 1), [None] * (hi - lo + 1)
        for j in range(lo, hi + 1):
            if i == 0 and j == 0:
                row[0] = 0.0
                continue
            best, best_from = neg, None
            for di, dj in beads:
                pi, pj = i - di, j - dj
                if pj < 0 or not corridor.contains(pi, pj):
                    continue
                previous = total[pi][pj - corridor.lo[pi]] if pi < i else row[pj - lo]
                if previous == neg:
                    continue
                raw = 0.0 if not di or not dj else score(pi, di, pj, dj)
                gain = skip if not di or not dj else raw - bead_penalty((di, dj))
                if previous + gain > best:
                    best, best_from = previous + gain, (di, dj, raw)
            row[j - lo], row_back[j - lo] = best, best_from
        total.append(row)
        back.append(row_back)
    return _trace(back, corridor, n, m)


def _trace(back, corridor: Corridor, n: int, m: int) -> list[Step]:
    if not corridor.contains(n, m) or back[n][m - corridor.lo[n]] is None and (n or m):
        raise ValueError("the corridor does not connect the start and the end")
    steps: list[Step] = []
    i, j = n, m
    while i or j:
        di, dj, raw = back[i][j - corridor.lo[i]]
        i, j = i - di, j - dj
        steps.append(Step(i, di, j, dj, raw))
    steps.reverse()
    return steps
