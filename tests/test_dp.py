"""The DP core against a plain cell-by-cell DP: the same path and step scores, ties included."""
from __future__ import annotations

import math
import random

import numpy as np

from align.aligner.corridor import band
from align.aligner.dp import Cell, Corridor, Grid, Step, best_path, grid
from align.config import PARAGRAPH_BEADS, SENTENCE_BEADS


def _reference(n, m, score, beads, corridor, skip, penalty) -> list[Step]:
    """Every cell in row order, every bead in listed order: the first of equal totals wins."""
    total, choice = {(0, 0): 0.0}, {}
    for i in range(n + 1):
        for j in range(corridor.lo[i], corridor.hi[i] + 1):
            if (i, j) == (0, 0):
                continue
            best, kind = -math.inf, None
            for di, dj in beads:
                if (i - di, j - dj) in total:
                    gain = skip if not di or not dj else -penalty((di, dj)) + score(i - di, di, j - dj, dj)
                    if total[i - di, j - dj] + gain > best:
                        best, kind = total[i - di, j - dj] + gain, (di, dj)
            if kind is not None:
                total[i, j], choice[i, j] = best, kind
    steps, (i, j) = [], (n, m)
    while i or j:
        di, dj = choice[i, j]
        i, j = i - di, j - dj
        steps.append(Step(i, di, j, dj, score(i, di, j, dj) if di and dj else 0.0))
    return steps[::-1]


def _coarse_score(seed: int):
    """Scores from a few values, so that many paths tie."""
    def score(i, di, j, dj):
        return random.Random(hash((seed, i, di, j, dj))).choice([-2.0, -1.0, -0.5, 0.0, 0.5, 1.0])
    return score


def test_dp_matches_the_plain_dp_with_ties():
    rng = random.Random(7)
    for case in range(60):
        n, m = rng.randint(1, 14), rng.randint(1, 14)
        corridor = Corridor.full(n, m) if case % 2 else band(n, m, [], rng.randint(0, 3))
        beads = SENTENCE_BEADS if case % 3 else PARAGRAPH_BEADS
        skip = rng.choice([-0.5, -1.0, -10.0])
        score = _coarse_score(case)
        penalty = (lambda bead: 0.25 * (bead[0] + bead[1] - 2)) if case % 4 else (lambda bead: 0.0)
        assert best_path(n, m, score, beads, corridor, skip, penalty) == \
            _reference(n, m, score, beads, corridor, skip, penalty), case


def test_the_in_row_bead_may_be_listed_first():
    """(0, 1) before every bead from an earlier row: it wins the ties."""
    beads = ((0, 1), (1, 1), (1, 0), (1, 2), (2, 1))
    score = _coarse_score(3)
    for n, m in ((3, 5), (6, 4), (1, 1)):
        corridor = Corridor.full(n, m)
        assert best_path(n, m, score, beads, corridor, -0.5) == \
            _reference(n, m, score, beads, corridor, -0.5, lambda bead: 0.0)


def test_grid_holds_no_bead_arrays_but_its_cells():
    """The queries are made when asked: a grid holds one index per cell and bead, not the scored beads."""
    grid = Grid(40, 50, SENTENCE_BEADS, band(40, 50, [], 4))
    assert "queries" not in vars(grid)
    assert sum(len(i) for i, _, _, _ in grid.queries) > 0


def test_a_cell_of_one_segment_a_side_is_the_grid_dp():
    """The closed-form DP of a 1 × 1 box (`Cell`) gives the plain DP's path and scores, ties included."""
    corridor = Corridor.full(1, 1)
    for beads in (SENTENCE_BEADS, PARAGRAPH_BEADS):
        for skip in (-0.5, -1.0, -10.0):
            for value in (-30.0, -20.0, -2.0, -1.5, -1.0, -0.5, 0.0, 0.7, -math.inf):
                for penalty in (lambda bead: 0.0, lambda bead: 0.5):
                    score = lambda i, di, j, dj: value  # noqa: E731
                    assert isinstance(grid(1, 1, beads, corridor), Cell)
                    assert best_path(1, 1, score, beads, corridor, skip, penalty) == \
                        _reference(1, 1, score, beads, corridor, skip, penalty) == \
                        Grid(1, 1, beads, corridor).solve([np.array([value])], skip, penalty)
