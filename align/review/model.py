"""The alignment under review: segment texts by index on each side, units over them, review flags.

A reviewed JSONL is the ordinary JSONL (`zh`, `en`, `score`, `zh_ids`, `en_ids`, `label`,
`doubtful`) with four more fields per unit: `confirmed`, `rejected` (not a translation: kept out
of the TM), `edited` (changed by hand) and `history` (the edits that made it, with UTC times).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from ..errors import InputError
from ..formats import jsonl
from ..model import Alignment, Segment, Unit

AUTO, CONFIRMED, REJECTED = "auto", "confirmed", "rejected"


@dataclass(frozen=True)
class Change:
    """One entry of a unit's edit history."""

    op: str
    time: str  # ISO 8601, UTC


@dataclass(frozen=True)
class ReviewUnit:
    zh: tuple[int, ...]  # segment indices, increasing
    en: tuple[int, ...]
    score: float
    label: str = ""
    doubtful: bool = False
    status: str = AUTO  # AUTO, CONFIRMED or REJECTED
    edited: bool = False
    history: tuple[Change, ...] = ()

    @property
    def one_sided(self) -> bool:
        return not self.zh or not self.en


@dataclass(frozen=True)
class Review:
    """Texts by segment index (`zh[i]` is segment i's text) and the units in document order."""

    zh: dict[int, str]
    en: dict[int, str]
    units: tuple[ReviewUnit, ...]
    level: str = "sentence"
    extra: tuple[dict, ...] = field(default=(), compare=False)  # unknown fields of each input unit

    def texts(self, unit: ReviewUnit) -> tuple[list[str], list[str]]:
        return [self.zh[i] for i in unit.zh], [self.en[j] for j in unit.en]


def check_order(review: Review) -> None:
    """Raise ValueError unless every unit has a side and the ids run strictly upwards on both sides."""
    for side in ("zh", "en"):
        ids = [i for unit in review.units for i in getattr(unit, side)]
        if any(b <= a for a, b in zip(ids, ids[1:])):
            raise ValueError(f"{side} segments out of document order")
        if set(ids) != set(getattr(review, side)):
            raise ValueError(f"{side} segments missing or unknown")
    if any(not u.zh and not u.en for u in review.units):
        raise ValueError("an empty unit")


_KNOWN = {"zh", "en", "score", "zh_ids", "en_ids", "label", "doubtful", "confirmed", "rejected", "edited", "history"}


def parse_jsonl(text: str, source: str = "input") -> Review:
    """A Review from JSONL text (ours, reviewed or not, or a gold file with only `zh`/`en`).

    Ids are kept when they run upwards on both sides and match the texts; otherwise the segments
    are numbered 0, 1, 2 … in file order.
    """
    records = [record for _, record in jsonl.parse(text, source)]
    if not records:
        raise InputError(f"{source}: no aligned units")
    keep_ids = all((jsonl.ids(r, "zh") or not r["zh"]) and (jsonl.ids(r, "en") or not r["en"]) for r in records)
    for keep in (True, False) if keep_ids else (False,):  # ids out of document order: number in file order
        try:
            return _build(records, keep)
        except ValueError:
            continue
    raise InputError(f"{source}: a unit with no text on either side")


def _build(records: list[dict], keep_ids: bool) -> Review:
    zh: dict[int, str] = {}
    en: dict[int, str] = {}
    units = []
    for record in records:
        ids = {}
        for side, texts in (("zh", zh), ("en", en)):
            count = len(record[side])
            ids[side] = jsonl.ids(record, side) if keep_ids else tuple(range(len(texts), len(texts) + count))
            texts.update(zip(ids[side], record[side]))
        units.append(_unit(record, ids["zh"], ids["en"]))
    review = Review(zh, en, tuple(units), extra=tuple({k: v for k, v in r.items() if k not in _KNOWN} for r in records))
    check_order(review)
    return review


def _unit(record: dict, zh: tuple[int, ...], en: tuple[int, ...]) -> ReviewUnit:
    status = REJECTED if record.get("rejected") is True else CONFIRMED if record.get("confirmed") is True else AUTO
    entries = record.get("history")
    history = tuple(Change(str(h.get("op", "")), str(h.get("time", "")))
                    for h in (entries if isinstance(entries, list) else []) if isinstance(h, dict))
    return ReviewUnit(zh, en, jsonl.score(record), str(record.get("label") or ""),
                      jsonl.doubtful(record), status, record.get("edited") is True, history)


def records(review: Review) -> list[dict]:
    """The JSONL shape of each unit, review fields included."""
    return [_record(review, unit, extra) for unit, extra in zip(review.units, _extras(review))]


def _extras(review: Review) -> tuple[dict, ...]:
    return review.extra if len(review.extra) == len(review.units) else ({},) * len(review.units)


def _record(review: Review, unit: ReviewUnit, extra: dict) -> dict:
    zh, en = review.texts(unit)
    return {
        "zh": zh, "en": en, "score": unit.score, "zh_ids": list(unit.zh), "en_ids": list(unit.en),
        "label": unit.label, "doubtful": unit.doubtful,
        "confirmed": unit.status == CONFIRMED, "rejected": unit.status == REJECTED, "edited": unit.edited,
        "history": [{"op": c.op, "time": c.time} for c in unit.history], **extra,
    }


def render_jsonl(review: Review, cache: dict[int, tuple[ReviewUnit, str]] | None = None) -> str:
    """The reviewed JSONL. With `cache` (kept by the caller between calls) a unit object already
    encoded is not encoded again: an edit replaces the units it changes, texts included, by new objects."""
    lines, fresh = [], {}
    for unit, extra in zip(review.units, _extras(review)):
        cached = cache.get(id(unit)) if cache is not None else None
        line = cached[1] if cached and cached[0] is unit else json.dumps(_record(review, unit, extra), ensure_ascii=False)
        fresh[id(unit)] = (unit, line)
        lines.append(line + "\n")
    if cache is not None:
        cache.clear()
        cache.update(fresh)
    return "".join(lines)


def to_alignment(review: Review, drop_rejected: bool = False, split_rejected: bool = False) -> Alignment:
    """The plain Alignment the writers take: rejected units dropped (TMX) or split into one-sided units
    confirmed as such (`.align`, InterText: the reviewer said these segments translate nothing there).

    Segments are renumbered 0, 1, 2 … per side in document order; a paragraph starts where the label changes.
    """
    zh_ids = sorted(review.zh)
    en_ids = sorted(review.en)
    zh_pos = {i: k for k, i in enumerate(zh_ids)}
    en_pos = {j: k for k, j in enumerate(en_ids)}
    zh_segments: list[Segment | None] = [None] * len(zh_ids)
    en_segments: list[Segment | None] = [None] * len(en_ids)
    units: list[Unit] = []
    paragraph, previous = -1, None
    for unit in review.units:
        if unit.label != previous or not unit.label:
            paragraph += 1
        previous = unit.label
        for side, ids, pos, segments in (("zh", unit.zh, zh_pos, zh_segments), ("en", unit.en, en_pos, en_segments)):
            for i in ids:
                segments[pos[i]] = Segment(getattr(review, side)[i], paragraph, unit.label)
        zh = tuple(zh_pos[i] for i in unit.zh)
        en = tuple(en_pos[j] for j in unit.en)
        if unit.status == REJECTED and drop_rejected:
            continue
        if unit.status == REJECTED and split_rejected and zh and en:
            units += [Unit(zh, (), unit.score, confirmed=True), Unit((), en, unit.score, confirmed=True)]
            continue
        units.append(Unit(zh, en, unit.score, confirmed=unit.status == CONFIRMED))
    return Alignment(zh_segments, en_segments, units, review.level)


def from_alignment(alignment: Alignment) -> Review:
    """A Review of a plain Alignment (segments keep their indices; confirmed units stay confirmed)."""
    units = []
    for unit in alignment.units:
        segments = [alignment.zh[i] for i in unit.zh] or [alignment.en[j] for j in unit.en]
        units.append(ReviewUnit(unit.zh, unit.en, unit.score, segments[0].label if segments else "",
                                alignment.is_doubtful(unit), CONFIRMED if unit.confirmed else AUTO))
    review = Review({i: s.text for i, s in enumerate(alignment.zh)}, {j: s.text for j, s in enumerate(alignment.en)},
                    tuple(units), alignment.level)
    try:
        check_order(review)
    except ValueError as problem:
        raise InputError(f"not an alignment align can review: {problem}") from None
    return review
