"""Where the DP may look: a band around a chain of anchors, widened when the path hits its edge.

Anchors are pairs (i, j) known or believed to align (matching paragraph labels, confident
1-1 pairs). The longest chain of them that is monotone on both sides defines a centre line;
the band around it keeps the DP's cost linear in the document length.
"""
from __future__ import annotations

import bisect
from typing import Callable, Sequence

from .dp import Bead, Corridor, Step, best_path

Scorer = Callable[[int, int, int, int], float]


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
    for i in range(1, n + 1):  # keep the band monotone and connected
        lo[i] = max(lo[i], lo[i - 1]) if lo[i] < lo[i - 1] else lo[i]
        hi[i] = max(hi[i], hi[i - 1])
    for i in range(n - 1, -1, -1):
        lo[i] = min(lo[i], lo[i + 1])
    lo[0], hi[n] = 0, m
    return Corridor(lo, hi)


def banded_path(
    n: int,
    m: int,
    score: Scorer,
    beads: Sequence[Bead],
    skip: float,
    anchors: Sequence[tuple[int, int]] = (),
    width: int = 12,
    bead_penalty: Callable[[Bead], float] = lambda bead: 0.0,
) -> list[Step]:
    """Best path inside a band around the anchors; the band doubles while the path touches it."""
    while True:
        corridor = band(n, m, anchors, width)
        steps = best_path(n, m, score, beads, corridor, skip, bead_penalty)
        if width >= max(n, m) or not _touches_edge(steps, corridor, m):
            return steps
        width *= 2


def _touches_edge(steps: Sequence[Step], corridor: Corridor, m: int) -> bool:
    for step in steps:
        i, j = step.i + step.di, step.j + step.dj
        if (j == corridor.lo[i] and j > 0) or (j == corridor.hi[i] and j < m):
            return True
    return False
