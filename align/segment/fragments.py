"""Fragment repair: paragraphs that layout could not join (a table cell that wraps) joined where
the paragraph alignment shows they are one paragraph, their sentences split again."""
from __future__ import annotations

from dataclasses import replace

from ..model import BODY, HEADING, TABLE_ROW, Paragraph, Unit
from .labels import split_label
from .paragraphs import TERMINAL, looks_like_heading
from .sentences import split_sentences


def repair_fragments(
    zh: list[Paragraph], en: list[Paragraph], units: list[Unit]
) -> tuple[list[Paragraph], list[Paragraph], list[Unit]]:
    """Join paragraphs that one unit holds when the first stops mid-sentence and the next has no label."""
    zh_groups = [_fragment_groups(u.zh, zh) for u in units]
    en_groups = [_fragment_groups(u.en, en) for u in units]
    zh_new, zh_ids = _rebuild(zh, zh_groups, "zh")
    en_new, en_ids = _rebuild(en, en_groups, "en")
    merged = [Unit(z, e, u.score) for u, z, e in zip(units, zh_ids, en_ids)]
    return zh_new, en_new, merged


def _fragment_groups(ids: tuple[int, ...], paragraphs: list[Paragraph]) -> list[list[int]]:
    groups: list[list[int]] = []
    for k in ids:
        if groups and is_fragment_pair(paragraphs[groups[-1][-1]], paragraphs[k]):
            groups[-1].append(k)
        else:
            groups.append([k])
    return groups


def is_fragment_pair(first: Paragraph, second: Paragraph) -> bool:
    """May `second` go on the paragraph `first` (layout left them apart, but nothing says they are two)?"""
    if second.guessed_start:
        return True  # layout only guessed the boundary, and the translation keeps both in one unit
    return (
        first.kind in (BODY, HEADING, TABLE_ROW)
        and first.text[-1] not in TERMINAL
        and not second.label
        and second.kind in (BODY, HEADING)
    )


def _rebuild(paragraphs: list[Paragraph], groups_per_unit: list[list[list[int]]], lang: str):
    new: list[Paragraph] = []
    ids_per_unit: list[tuple[int, ...]] = []
    for groups in groups_per_unit:
        ids = []
        for group in groups:
            ids.append(len(new))
            new.append(_join_paragraphs([paragraphs[k] for k in group], lang))
        ids_per_unit.append(tuple(ids))
    return new, ids_per_unit


def split_paragraph(paragraph: Paragraph, offset: int, lang: str) -> tuple[Paragraph, Paragraph]:
    """The paragraph cut at `offset` of its text into two, each with its label, kind and sentences (the
    second part's start is a guess: it came from the other language, not from layout)."""
    head, tail = paragraph.text[:offset].rstrip(), paragraph.text[offset:].lstrip()
    tail_start = len(paragraph.text) - len(tail)
    later = tuple(o - tail_start for o in paragraph.may_end if o > tail_start)
    parts = []
    for text, start, ends in ((head, paragraph.guessed_start, ()), (tail, True, later)):  # the cut: a guess too
        label, rest = split_label(text)
        kind = HEADING if paragraph.kind in (BODY, HEADING) and looks_like_heading(text, rest) else paragraph.kind
        parts.append(replace(paragraph, text=text, label=label, kind=kind, sentences=split_sentences(text, lang),
                             guessed_start=start, may_end=ends))
    return parts[0], parts[1]


def _join_paragraphs(parts: list[Paragraph], lang: str) -> Paragraph:
    if len(parts) == 1:
        return parts[0]
    text = (" " if lang == "en" else "").join(p.text for p in parts)
    return replace(parts[0], text=text, sentences=split_sentences(text, lang))
