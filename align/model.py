"""Plain data passed between the pipeline stages.

reader → Document(blocks) → segment → Segmented(paragraphs with sentences)
→ aligner → Alignment(units over segments) → formats.
"""
from __future__ import annotations

from dataclasses import dataclass, field

# Paragraph kinds: what the segmenter recognised a block of text to be.
BODY = "body"
HEADING = "heading"
ITEM = "item"
FOOTNOTE = "footnote"
TABLE_ROW = "table-row"
# Block kinds that are no paragraph kind: what the segmenter still has to make of the block.
TEXT = "text"  # plain text as laid out in lines (a text file): paragraphs rebuilt from its layout
LINE = "line"  # one segment as given (`--input-format lines`): never joined or split


@dataclass
class Block:
    """What a reader found, before segmentation: the text with its line breaks and what the format
    says it is (a paragraph kind; TEXT or LINE). Table rows hold their cells separated by tabs."""

    text: str
    kind: str = BODY
    guessed_start: bool = False  # the reader only guessed that a paragraph starts here (Paragraph.guessed_start)


@dataclass
class Paragraph:
    """One paragraph, heading, list item, footnote or table row.

    ``text`` is the source text with line breaks removed (Chinese lines joined with
    nothing, English with one space), label included, as the gold files hold it.
    """

    text: str
    label: str = ""
    kind: str = BODY
    sentences: list[str] = field(default_factory=list)
    # Where nothing in the layout marks paragraph ends (plain text without blank lines, or double-spaced)
    # a full line is a guess: `guessed_start`, the paragraph starts after a full line ending a sentence;
    # `may_end`, offsets in `text` after full lines where it may end (a heading's). The aligner decides.
    guessed_start: bool = False
    may_end: tuple[int, ...] = ()


@dataclass
class Document:
    """A reader's output: the blocks of one file."""

    lang: str  # "zh" or "en"
    blocks: list[Block]
    path: str = ""


@dataclass
class Segmented:
    """A document after `align.segment.segment`: its paragraphs, each with its sentences."""

    lang: str  # "zh" or "en"
    paragraphs: list[Paragraph]
    path: str = ""


@dataclass(frozen=True)
class Segment:
    """The unit the aligner works on: a paragraph or a sentence of one."""

    text: str
    paragraph: int  # index of the paragraph it comes from
    label: str = ""  # the paragraph's label, on every segment of that paragraph
    kind: str = BODY


@dataclass(frozen=True)
class Unit:
    """One aligned unit (bead): segment indices on each side, a confidence in [0, 1]."""

    zh: tuple[int, ...]
    en: tuple[int, ...]
    score: float
    confirmed: bool = False  # by a reviewer (align review)

    @property
    def one_sided(self) -> bool:
        return not self.zh or not self.en


@dataclass(frozen=True)
class AlignedUnit:
    """One unit as later stages (glossary, check) take it: the texts of its segments on each side
    with their ids, its paragraph label and kind, its confidence and flags, and where it is
    (`doc`: the document's name; `ref`: NAME.jsonl:LINE, NAME.tmx#tu=ID or "NAME unit N")."""

    zh: tuple[str, ...]
    en: tuple[str, ...]
    zh_ids: tuple[int, ...] = ()
    en_ids: tuple[int, ...] = ()
    label: str = ""
    kind: str = BODY
    score: float = 1.0
    doubtful: bool = False
    confirmed: bool = False
    rejected: bool = False  # by a reviewer: not a translation
    doc: str = ""
    ref: str = ""

    @property
    def zh_text(self) -> str:
        """The Chinese segments, one per line."""
        return "\n".join(self.zh)

    @property
    def en_text(self) -> str:
        """The English segments, one per line."""
        return "\n".join(self.en)


@dataclass
class Alignment:
    zh: list[Segment]
    en: list[Segment]
    units: list[Unit]
    level: str  # "sentence" or "paragraph"
    doubt_threshold: float = 0.5
    signature: str = ""  # how it was made: version and settings (`AlignConfig.signature`)

    def is_doubtful(self, unit: Unit) -> bool:
        return unit.one_sided or unit.score < self.doubt_threshold

    def texts(self, unit: Unit) -> tuple[list[str], list[str]]:
        return [self.zh[i].text for i in unit.zh], [self.en[i].text for i in unit.en]

    def aligned_units(self, doc: str = "") -> list[AlignedUnit]:
        """Every unit with its segments' texts, ids, label and kind (`ref`: "DOC unit N")."""
        result = []
        for number, unit in enumerate(self.units, 1):
            first = self.first_segment(unit)
            zh, en = self.texts(unit)
            result.append(AlignedUnit(tuple(zh), tuple(en), unit.zh, unit.en, first.label if first else "",
                                      first.kind if first else BODY, unit.score, self.is_doubtful(unit),
                                      unit.confirmed, doc=doc, ref=f"{doc} unit {number}"))
        return result

    def first_segment(self, unit: Unit) -> Segment | None:
        """The unit's first Chinese segment (its first English one for a 0-1 unit): its label and kind are the unit's."""
        return self.zh[unit.zh[0]] if unit.zh else self.en[unit.en[0]] if unit.en else None

    @property
    def mean_score(self) -> float:
        scores = [u.score for u in self.units if not u.one_sided]
        return sum(scores) / len(scores) if scores else 0.0

    def as_dict(self) -> dict:
        """Plain data (JSON-ready) holding everything: segments with paragraph, label and kind,
        units, level, doubt threshold and signature; `from_dict` rebuilds the same Alignment."""
        return {
            "level": self.level, "doubt_threshold": self.doubt_threshold, "signature": self.signature,
            "zh": [[s.text, s.paragraph, s.label, s.kind] for s in self.zh],
            "en": [[s.text, s.paragraph, s.label, s.kind] for s in self.en],
            "units": [[list(u.zh), list(u.en), u.score, u.confirmed] for u in self.units],
        }

    @classmethod
    def from_dict(cls, data: dict) -> Alignment:
        return cls([Segment(*s) for s in data["zh"]], [Segment(*s) for s in data["en"]],
                   [Unit(tuple(zh), tuple(en), score, confirmed) for zh, en, score, confirmed in data["units"]],
                   data["level"], data["doubt_threshold"], data["signature"])
