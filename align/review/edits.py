"""Edits of a Review as pure functions, and an undo/redo history.

Every edit returns a new Review and leaves its argument alone; none can break document order
(each checks its preconditions and raises EditError with a message for the reviewer).
`time` is the UTC time to record in the changed units' history.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..model import Alignment
from .model import AUTO, CONFIRMED, REJECTED, Change, Review, ReviewUnit

SIDES = ("zh", "en")
STATUSES = (AUTO, CONFIRMED, REJECTED)


class EditError(ValueError):
    """An edit that cannot be applied here; the message says why."""


def merge(review: Review, k: int, time: str) -> Review:
    """Units k and k+1 become one."""
    check_unit(review, k)
    if k + 1 >= len(review.units):
        raise EditError("the last unit has no next unit to merge with")
    a, b = review.units[k], review.units[k + 1]
    scores = [u.score for u in (a, b) if not u.one_sided] or [min(a.score, b.score)]
    # a split gave both parts the whole history: merging them back must not double it
    merged = _touched(ReviewUnit(a.zh + b.zh, a.en + b.en, min(scores), a.label or b.label,
                                 history=tuple(dict.fromkeys(a.history + b.history))), "merge", time)
    return _replace_units(review, k, k + 2, [merged])


def split(review: Review, k: int, zh_at: int, en_at: int, time: str) -> Review:
    """Unit k becomes two: its first `zh_at` Chinese and `en_at` English segments, and the rest."""
    check_unit(review, k)
    unit = review.units[k]
    if not (0 <= zh_at <= len(unit.zh) and 0 <= en_at <= len(unit.en)):
        raise EditError("split point outside the unit")
    first = replace(unit, zh=unit.zh[:zh_at], en=unit.en[:en_at])
    second = replace(unit, zh=unit.zh[zh_at:], en=unit.en[en_at:])
    if not (first.zh or first.en) or not (second.zh or second.en):
        raise EditError("a split must leave text in both parts")
    return _replace_units(review, k, k + 1, [_touched(first, "split", time), _touched(second, "split", time)])


def default_split(unit: ReviewUnit) -> tuple[int, int]:
    """Where a split with no chosen boundary cuts: after the first segment on each side; a 1-1 unit
    becomes 1-0 + 0-1."""
    zh_at, en_at = min(1, len(unit.zh)), min(1, len(unit.en))
    if zh_at == len(unit.zh) and en_at == len(unit.en):
        return (zh_at, 0) if unit.zh else (0, 1)
    return zh_at, en_at


def shift(review: Review, k: int, side: str, direction: str, time: str) -> Review:
    """Move one segment of unit k on `side` to the neighbouring unit: its last segment to the start of
    unit k+1 ('down') or its first segment to the end of unit k-1 ('up'). A unit left empty disappears."""
    check_unit(review, k)
    if side not in SIDES or direction not in ("up", "down"):
        raise EditError("shift needs side zh or en and direction up or down")
    other = k + 1 if direction == "down" else k - 1
    if not 0 <= other < len(review.units):
        raise EditError(f"no unit {'after' if direction == 'down' else 'before'} this one")
    unit, neighbour = review.units[k], review.units[other]
    ids = getattr(unit, side)
    if not ids:
        raise EditError(f"this unit has no {side} segment to move")
    if direction == "down":
        moved, kept = ids[-1], ids[:-1]
        neighbour = replace(neighbour, **{side: (moved,) + getattr(neighbour, side)})
    else:
        moved, kept = ids[0], ids[1:]
        neighbour = replace(neighbour, **{side: getattr(neighbour, side) + (moved,)})
    unit = replace(unit, **{side: kept})
    pair = [_touched(neighbour, "shift", time)]
    if unit.zh or unit.en:
        pair.insert(0 if direction == "down" else 1, _touched(unit, "shift", time))
    start = min(k, other)
    return _replace_units(review, start, start + 2, pair)


def set_status(review: Review, k: int, status: str, time: str) -> Review:
    """Mark unit k confirmed, rejected (not a translation: kept out of the TM) or back to unreviewed."""
    check_unit(review, k)
    if status not in STATUSES:
        raise EditError(f"unknown status {status!r}")
    unit = review.units[k]
    changed = replace(unit, status=status, history=unit.history + (Change(status, time),))
    return _replace_units(review, k, k + 1, [changed])


def edit_text(review: Review, side: str, segment: int, text: str, time: str) -> Review:
    """Correct the text of one segment (an extraction typo, say); the unit holding it is marked edited."""
    if side not in SIDES:
        raise EditError("side must be zh or en")
    texts = getattr(review, side)
    if segment not in texts:
        raise EditError(f"no {side} segment {segment}")
    # as the readers join lines: Chinese with nothing, English with a space
    text = " ".join(text.split()) if side == "en" else " ".join(re.sub(r"\s*\n\s*", "", text).split())
    if not text:
        raise EditError("a segment cannot be emptied: merge or shift it instead")
    k = next(n for n, u in enumerate(review.units) if segment in getattr(u, side))
    unit = review.units[k]
    changed = replace(unit, edited=True, history=unit.history + (Change(f"edit {side}", time),))
    review = replace(review, **{side: {**texts, segment: text}})
    return _replace_units(review, k, k + 1, [changed])


def check_unit(review: Review, k: int) -> None:
    if not isinstance(k, int) or isinstance(k, bool) or not 0 <= k < len(review.units):
        raise EditError(f"no unit {k}")


def _touched(unit: ReviewUnit, op: str, time: str) -> ReviewUnit:
    """A unit whose boundaries a reviewer changed: unreviewed again, edited, its doubt recomputed."""
    return replace(unit, status=AUTO, edited=True, history=unit.history + (Change(op, time),),
                   doubtful=unit.one_sided or unit.score < Alignment.doubt_threshold)


def _replace_units(review: Review, start: int, end: int, new: list[ReviewUnit]) -> Review:
    extra = review.extra  # unknown input fields follow a unit only while it stays one unit
    if len(extra) == len(review.units) and end - start != len(new):
        extra = extra[:start] + ({},) * len(new) + extra[end:]
    return replace(review, units=review.units[:start] + tuple(new) + review.units[end:], extra=extra)


@dataclass(frozen=True)
class History:
    """Undo and redo: the states before and after the present one."""

    present: Review
    past: tuple[Review, ...] = ()
    future: tuple[Review, ...] = ()

    def do(self, review: Review) -> History:
        return History(review, self.past + (self.present,), ())

    def undo(self) -> History:
        if not self.past:
            raise EditError("nothing to undo")
        return History(self.past[-1], self.past[:-1], (self.present,) + self.future)

    def redo(self) -> History:
        if not self.future:
            raise EditError("nothing to redo")
        return History(self.future[0], self.past + (self.present,), self.future[1:])
