"""Structural differences between a translation and its original, made on gold paragraph units
(tests and scripts/evaluate_edits.py).

Layout variants (tests/layouts.py) change how the same paragraphs are laid out; these change
which paragraphs there are, as real pairs differ: a paragraph the other side leaves out, a note
only one side has, two paragraphs one side joins or splits, list numbers one side's extraction
lost (Word's automatic numbering is no text). Each edit returns the edited gold, so the aligner's
output is scored against what a correct alignment of the edited pair is. Edits pick their places
with a seeded generator, among units with both sides, so every seed is another pair.
"""
from __future__ import annotations

import random
import re
from typing import Callable

from align.segment.labels import split_label

Unit = dict  # {"zh": [texts], "en": [texts]}
Edit = Callable[[list[Unit], random.Random], list[Unit]]
PLACES = 3  # edits per document

NOTES = {  # notes one side may have of its own (the UN's reissue and editing notes, a translator's note)
    "zh": ["* 因技术原因重新印发。", "译者注：本段所引数字已根据原文核对。", "本文件未经正式编辑。"],
    "en": ["* Reissued for technical reasons on 5 May 2022.", "The present document has not been formally edited.",
           "Note by the Secretariat: the figures in this paragraph were updated after submission."],
}
_SENTENCE_END = re.compile(r"(?<=[。！？；])(?=[^”’）)])")


def _two_sided(units: list[Unit], shortest: int = 1) -> list[int]:
    return [k for k, u in enumerate(units)
            if len(u["zh"]) == 1 and len(u["en"]) == 1 and len(u["zh"][0]) >= shortest]


def _places(units: list[Unit], rng: random.Random, candidates: list[int]) -> list[int]:
    return sorted(rng.sample(candidates, min(PLACES, len(candidates))))


def left_out(lang: str) -> Edit:
    """`lang` leaves out three paragraphs the other side has (one-sided units in the gold)."""
    def edit(units: list[Unit], rng: random.Random) -> list[Unit]:
        gone = set(_places(units, rng, _two_sided(units, shortest=10)))
        return [{**u, lang: []} if k in gone else u for k, u in enumerate(units)]
    return edit


def note_added(lang: str) -> Edit:
    """`lang` has three notes of its own between paragraphs (one-sided units in the gold)."""
    other = "en" if lang == "zh" else "zh"

    def edit(units: list[Unit], rng: random.Random) -> list[Unit]:
        after = set(_places(units, rng, _two_sided(units)))
        result = []
        for k, u in enumerate(units):
            result.append(u)
            if k in after:
                result.append({lang: [rng.choice(NOTES[lang])], other: []})
        return result
    return edit


def english_joined(units: list[Unit], rng: random.Random) -> list[Unit]:
    """The English joins three pairs of consecutive body paragraphs (2-1 units in the gold)."""
    two_sided = set(_two_sided(units, shortest=20))
    starts = [k for k in two_sided if k + 1 in two_sided and units[k]["en"][0][-1:] in ".;:"]
    chosen: list[int] = []
    for k in rng.sample(starts, len(starts)):
        if len(chosen) < PLACES and all(abs(k - c) > 1 for c in chosen):
            chosen.append(k)
    result, skip = [], False
    for k, u in enumerate(units):
        if skip:
            skip = False
            continue
        if k in chosen:
            nxt = units[k + 1]
            result.append({"zh": u["zh"] + nxt["zh"], "en": [u["en"][0] + " " + nxt["en"][0]]})
            skip = True
        else:
            result.append(u)
    return result


def chinese_split(units: list[Unit], rng: random.Random) -> list[Unit]:
    """The Chinese splits three paragraphs of several sentences after one of them (2-1 units in
    the gold: two Chinese paragraphs, one English)."""
    several = [k for k in _two_sided(units) if len(_SENTENCE_END.split(units[k]["zh"][0].rstrip("。"))) > 1]
    chosen = set(_places(units, rng, several))
    result = []
    for k, u in enumerate(units):
        if k in chosen:
            parts = [p for p in _SENTENCE_END.split(u["zh"][0]) if p.strip()]
            cut = rng.randrange(1, len(parts))
            u = {"zh": ["".join(parts[:cut]).strip(), "".join(parts[cut:]).strip()], "en": u["en"]}
        result.append(u)
    return result


def labels_lost(lang: str) -> Edit:
    """`lang`'s paragraph labels are gone (automatic numbering that the extraction lost)."""
    def edit(units: list[Unit], rng: random.Random) -> list[Unit]:
        def strip(text: str) -> str:
            label, rest = split_label(text)
            return rest if label and rest else text
        return [{**u, lang: [strip(t) for t in u[lang]]} for u in units]
    return edit


def combined(units: list[Unit], rng: random.Random) -> list[Unit]:
    """All at once: the English leaves out three paragraphs and joins three pairs, the Chinese adds
    three notes."""
    for edit in (left_out("en"), note_added("zh"), english_joined):
        units = edit(units, rng)
    return units


EDITS: dict[str, Edit] = {
    "English leaves out 3 paragraphs": left_out("en"),
    "Chinese leaves out 3 paragraphs": left_out("zh"),
    "Chinese adds 3 notes": note_added("zh"),
    "English adds 3 notes": note_added("en"),
    "English joins 3 paragraph pairs": english_joined,
    "Chinese splits 3 paragraphs": chinese_split,
    "English labels lost": labels_lost("en"),
    "Chinese labels lost": labels_lost("zh"),
    "left out + note + joined": combined,
}
