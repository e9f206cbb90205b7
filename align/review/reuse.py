"""`align run --reuse OLD.jsonl`: a revised document keeps the units a reviewer confirmed.

Every confirmed two-sided unit of the old review whose texts occur unchanged (white space aside),
as consecutive segments on both sides and in document order, becomes a fixed unit of the new
alignment. Between two such anchors the new alignment is kept where none of its units crosses an
anchor; a stretch where one does is aligned again on its own.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import replace
from typing import Callable, Sequence

from ..aligner.document import align_segments
from ..model import Alignment, Segment, Unit
from .model import CONFIRMED, Review

Realign = Callable[[Sequence[Segment], Sequence[Segment]], Alignment]


def _key(text: str) -> str:
    return "".join(text.split())


def find_anchors(alignment: Alignment, old: Review) -> list[Unit]:
    """The old confirmed units found in the new segments, as units over the new indices, in order."""
    sides = []
    for segments in (alignment.zh, alignment.en):
        keys = [_key(s.text) for s in segments]
        where: dict[str, list[int]] = {}
        for position, key in enumerate(keys):
            where.setdefault(key, []).append(position)
        sides.append((keys, where))
    old_size = (max(len(old.zh), 1), max(len(old.en), 1))
    old_zh_rank = {i: k for k, i in enumerate(sorted(old.zh))}
    old_en_rank = {j: k for k, j in enumerate(sorted(old.en))}
    anchors: list[Unit] = []
    after = [-1, -1]
    for unit in old.units:
        if unit.status != CONFIRMED or unit.one_sided:
            continue
        found = []
        for side, (texts, rank) in enumerate(((old.texts(unit)[0], old_zh_rank[unit.zh[0]]),
                                              (old.texts(unit)[1], old_en_rank[unit.en[0]]))):
            keys, where = sides[side]
            expected = rank / old_size[side] * len(keys)
            found.append(_occurrence([_key(t) for t in texts], keys, where, after[side], expected))
        if None in found:
            continue
        (zh_start, zh_len), (en_start, en_len) = (f for f in found)
        anchors.append(Unit(tuple(range(zh_start, zh_start + zh_len)), tuple(range(en_start, en_start + en_len)),
                            unit.score, confirmed=True))
        after = [zh_start + zh_len - 1, en_start + en_len - 1]
    return anchors


def _occurrence(texts: list[str], keys: list[str], where: dict[str, list[int]], after: int,
                expected: float) -> tuple[int, int] | None:
    """(start, length) of the run of `texts` after position `after` nearest the expected position."""
    starts = where.get(texts[0], [])
    fits = [p for p in starts[bisect_right(starts, after):] if keys[p:p + len(texts)] == texts]
    return (min(fits, key=lambda p: abs(p - expected)), len(texts)) if fits else None


def reuse_confirmed(alignment: Alignment, old: Review, realign: Realign = align_segments) -> tuple[Alignment, int]:
    """The new alignment with the old confirmed units fixed in it, and how many were kept."""
    anchors = find_anchors(alignment, old)
    if not anchors:
        return alignment, 0
    owner = _owners(alignment)
    units: list[Unit] = []
    zh_from = en_from = 0
    for anchor in anchors + [Unit((len(alignment.zh),), (len(alignment.en),), 0.0)]:
        units += _gap(alignment, owner, range(zh_from, anchor.zh[0]), range(en_from, anchor.en[0]), realign)
        units.append(anchor)
        zh_from, en_from = anchor.zh[-1] + 1, anchor.en[-1] + 1
    return replace(alignment, units=units[:-1]), len(anchors)


def _owners(alignment: Alignment) -> tuple[dict[int, int], dict[int, int]]:
    """For each zh and en segment, the index of the new unit holding it."""
    return ({i: k for k, u in enumerate(alignment.units) for i in u.zh},
            {j: k for k, u in enumerate(alignment.units) for j in u.en})


def _gap(alignment: Alignment, owner: tuple[dict[int, int], dict[int, int]], zh: range, en: range,
         realign: Realign) -> list[Unit]:
    """Units for the segments between two anchors: the new alignment's own where they fill the gap."""
    touching = sorted({owner[0][i] for i in zh} | {owner[1][j] for j in en})
    inside = [u for u in (alignment.units[k] for k in touching)
              if all(i in zh for i in u.zh) and all(j in en for j in u.en)]
    if sum(len(u.zh) for u in inside) == len(zh) and sum(len(u.en) for u in inside) == len(en):
        return inside
    if not zh or not en:
        return [Unit((i,), (), 0.0) for i in zh] + [Unit((), (j,), 0.0) for j in en]
    local = realign([alignment.zh[i] for i in zh], [alignment.en[j] for j in en])
    return [Unit(tuple(zh[i] for i in u.zh), tuple(en[j] for j in u.en), u.score) for u in local.units]
