"""Text → paragraphs: rejoin hard-wrapped lines, drop page furniture, find labels and kinds.

Two layouts are recognised:
- text extracted from PDFs: lines wrapped at the page width, page furniture between pages,
  sometimes an empty line after every line (double spacing); footnotes after a rule;
- markdown-like exports: one paragraph per line or block, `#` headings, `- ` list items,
  tab-separated table rows, `<sup>n</sup>` footnotes.

A new paragraph starts at a blank-line separator, at a line that starts with a label, or
after a line that stops well short of the page width. Chinese lines are joined with nothing,
English lines with one space.
"""
from __future__ import annotations

import bisect
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cached_property, lru_cache

from ..model import BODY, FOOTNOTE, HEADING, ITEM, TABLE_ROW, Paragraph
from ..packages import package_folder
from .furniture import FOOTNOTE_RULE, is_furniture, item_number_lines
from .labels import split_label
from .sentences import ABBREVIATIONS

TERMINAL = set("。！？.!?：:；;")  # characters that can end a paragraph
_MD_HEADING = re.compile(r"#{1,6}\s+")
_MD_BULLET = re.compile(r"(?:[-*+]\s+)")
_MD_FOOTNOTE = re.compile(r"<sup>\s*\d{1,3}\s*</sup>\s")
_PDF_FOOTNOTE = re.compile(r"\d{1,2}\s+\S")
_NOTE_LINE = re.compile(r"(?:[¹²³⁴⁵⁶⁷⁸⁹⁰]+|<sup>\d{1,3}</sup>|\*{1,3})\s*[^\s*]")  # ¹ text, * text: notes without a rule
_RAISED = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_MARK = re.compile(r"(?<=\S)([⁰¹²³⁴⁵⁶⁷⁸⁹]+|[①-⑳])|^([⁰¹²³⁴⁵⁶⁷⁸⁹]+|[①-⑳])(?=\s*\S)")
_MARK_CHAR = re.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹①-⑳]")  # a line without one has no mark (this search is the faster)
_SENTENCE_END = re.compile(r"[。！？.!?：:；;][”’\"'）)\]]*(?:\d{1,2}|[¹²³⁴⁵⁶⁷⁸⁹⁰①-⑳]+|<sup>\d{1,3}</sup>)?$")
_FULL_STOP = re.compile(r"[。！？.!?][”’\"'）)\]]*(?:\d{1,2}|<sup>\d{1,3}</sup>)?$")
_BULLET = re.compile(r"[-•·▪◦–]\s+\S")
_OPENING = set("（(“‘《「『[〔")
_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")
_HYPHEN_END = re.compile(r"(?<![A-Za-z-])([A-Za-z]+(?:-[A-Za-z]+)*)-$")
_URL_LINE = re.compile(r"(?:https?://)?(?:www\.)?(\S+\.\S+/\S*)")
_URL_IN_TEXT = re.compile(r"(?:https?://)?((?:[A-Za-z0-9-]+\.)+[A-Za-z0-9-]+/[^\s\u3000-\u303f\uff01-\uff5e]*)")
_URL_START = re.compile(r"^(?:https?://)?(?:www\.)?")
_URL_TRAILER = "/。.,，;；:：)）]」』\"'”’"
_WRAPPED_SHARE = 0.2  # hard-wrapped text has at least this share of lines near the page width
_SHORT_LINE = {"zh": 0.85, "en": 0.72}  # shorter than this share of the page width ends a paragraph
_MARKED_SHARE = 0.05  # fewer body lines than this share after a blank line: blank lines do not mark paragraphs
_ADJACENT_SHARE = 0.15  # double-spaced text has at most this share of lines directly followed by text
_MD_CUT_WIDTH = 80  # a markdown line at least this wide that stops mid-sentence was cut by a page
_HEADING_LINES = 3  # a heading (or masthead) has at most this many lines

# Unicode line (NEL, U+2028: Word's manual line break) and paragraph (U+2029) separators.
_UNICODE_BREAKS = {0x85: "\n", 0x2028: "\n", 0x2029: "\n\n"}

# Gaps between two content lines.
NONE, SOFT, HARD, PAGE = "none", "soft", "hard", "page"
# What layout says of the break between two lines: the paragraph goes on or ends, for sure or as a guess
# (a full line where nothing marks paragraph ends: the aligner may undo a guess, `align.aligner.repair`).
JOIN, SPLIT, GUESS_SPLIT, GUESS_JOIN = "join", "split", "guess-split", "guess-join"


@dataclass
class _Line:
    text: str  # stripped of surrounding white space and markdown block markers
    gap: str  # what separates it from the previous content line
    kind: str = BODY
    heading: bool = False
    guessed_start: bool = False  # starts a paragraph only by a guess (GUESS_SPLIT)
    may_end: bool = False  # a paragraph may end after it (GUESS_JOIN)

    @cached_property
    def width(self) -> int:
        """`display_width` of the text (asked several times a line)."""
        return display_width(self.text)


class _Widths(dict):
    """Character → columns it takes (2: East Asian wide or full-width), looked up once per character
    (up to 65,536 characters kept: a text of every code point stays small)."""

    def __missing__(self, char: str) -> int:
        width = 2 if unicodedata.east_asian_width(char) in "WF" else 1
        if len(self) < 1 << 16:
            self[char] = width
        return width


_WIDTHS = _Widths()


def display_width(text: str) -> int:
    """Columns the text takes (an ASCII character one: no lookup)."""
    return len(text) if text.isascii() else sum(map(_WIDTHS.__getitem__, text))


def is_markdown(lines: list[str]) -> bool:
    headings = sum(1 for line in lines if _MD_HEADING.match(line))
    markup = sum(1 for line in lines if "<sup>" in line or "<b>" in line or "\t" in line.strip())
    return headings >= 2 or (headings >= 1 and markup >= 1)


def build_paragraphs(text: str, lang: str) -> list[Paragraph]:
    if any(chr(c) in text for c in _UNICODE_BREAKS):  # rare: translating every text would cost more
        text = text.translate(_UNICODE_BREAKS)
    raw = text.split("\n")
    markdown = is_markdown(raw)
    lines = _markdown_lines(raw) if markdown else _pdf_lines(raw)
    if not lines:
        return []
    groups = _group(lines, lang, markdown or not _hard_wrapped(lines))
    words = document_words(line.text for line in lines) if lang == "en" else set()
    return notes_after_citations([_paragraph(group, lang, words) for group in groups])


def notes_after_citations(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """Each footnote moved to just after the nearest paragraph before it that cites its mark
    (`<sup>n</sup>`), as the structured readers place them: footnotes gathered at a page's foot
    would otherwise sit in different places in the two languages."""
    out: list[Paragraph] = []
    for p in paragraphs:
        if p.kind != FOOTNOTE or not p.label:
            out.append(p)
            continue
        mark = f"<sup>{p.label}</sup>"
        citing = next((k for k in range(len(out) - 1, -1, -1) if out[k].kind != FOOTNOTE and mark in out[k].text), None)
        if citing is None:
            out.append(p)
            continue
        at = citing + 1
        while at < len(out) and out[at].kind == FOOTNOTE:
            at += 1
        out.insert(at, p)
    return out


def _double_spaced(raw: list[str]) -> bool:
    """True when the extraction put an empty line after (nearly) every text line: most lines are
    followed by a single empty line and hardly any by another text line (text with a blank line
    between paragraphs has its wrapped lines next to each other)."""
    content = [i for i, line in enumerate(raw) if line.strip()]
    if len(content) < 6:
        return False
    singles = sum(
        1 for i in content if i + 2 < len(raw) and raw[i + 1] == "" and raw[i + 2].strip()
    )
    adjacent = sum(1 for i in content if i + 1 < len(raw) and raw[i + 1].strip())
    return singles > 0.5 * len(content) and adjacent <= _ADJACENT_SHARE * len(content)


def _hard_wrapped(lines: list[_Line]) -> bool:
    """True for text wrapped at a page width; False for one paragraph per line."""
    widths = [line.width for line in lines]
    full = _page_width(lines)
    near_full = sum(1 for w in widths if 0.85 * full <= w <= 1.1 * full)
    return near_full >= _WRAPPED_SHARE * len(widths)


def _pdf_lines(raw: list[str]) -> list[_Line]:
    """Content lines of PDF-extracted text with the kind of gap before each."""
    double = _double_spaced(raw)
    annotations = _link_annotations(raw)
    items = item_number_lines(raw)
    cited = {_mark_number(m.group(1)) for line in raw if _MARK_CHAR.search(line)
             for m in _MARK.finditer(line.strip()) if m.group(1)}
    lines: list[_Line] = []
    blank_run: list[str] = []
    furniture = in_footnotes = False
    for number, line in enumerate(raw):
        stripped = line.strip()
        if not stripped:
            blank_run.append(line)
            continue
        if FOOTNOTE_RULE.fullmatch(stripped):
            in_footnotes, furniture = True, True
            continue
        if (is_furniture(stripped) and number not in items) or number in annotations:
            furniture, in_footnotes = True, in_footnotes and number in annotations
            continue
        gap = _pdf_gap(blank_run, double, furniture)
        stripped = canonical_marks(stripped, cited)
        kind = BODY
        if (in_footnotes and _PDF_FOOTNOTE.match(stripped)) or _NOTE_LINE.match(stripped):
            kind, gap, in_footnotes = FOOTNOTE, HARD, True
        elif in_footnotes and lines and gap in (NONE, SOFT) and not _starts_new(_Line(stripped, gap)):
            kind = lines[-1].kind
        else:
            in_footnotes = False
            if _BULLET.match(stripped):
                kind = ITEM
        lines.append(_Line(stripped, gap, kind))
        blank_run, furniture = [], False
    return lines


def _mark_number(mark: str) -> str:
    return str(ord(mark) - 0x245F) if "①" <= mark <= "⑳" else mark.translate(_RAISED)


def canonical_marks(line: str, cited: set[str]) -> str:
    """Footnote marks set as superscript digits (¹²) or circled numbers (①) as `<sup>n</sup>`, the
    mark every reader gives: after text (a reference), or opening a line (a note) when the text cites it."""
    def sup(match: re.Match) -> str:
        number = _mark_number(match.group(1) or match.group(2))
        return f"<sup>{number}</sup>" if match.group(1) or number in cited else match.group(0)

    return _MARK.sub(sup, line) if _MARK_CHAR.search(line) else line


def _link_annotations(raw: list[str]) -> set[int]:
    """Lone URL lines repeating a link that the text itself shows (PDF link annotations).

    A link is shown when some URL in the other lines starts with it (scheme, `www.` and
    closing punctuation ignored); looked up by bisection in the sorted URLs, so the cost
    stays linear in the text however many links it has.
    """
    lone = {k: _url_key(m.group(1)) for k, line in enumerate(raw) if (m := _URL_LINE.fullmatch(line.strip()))}
    if not lone:
        return set()
    shown = sorted(_url_key(m.group(1)) for k, line in enumerate(raw) if k not in lone
                   for m in _URL_IN_TEXT.finditer(line))
    return {k for k, target in lone.items() if target and _has_prefix(shown, target)}


def _url_key(url: str) -> str:
    return _URL_START.sub("", url).rstrip(_URL_TRAILER)


def _has_prefix(ordered: list[str], prefix: str) -> bool:
    at = bisect.bisect_left(ordered, prefix)
    return at < len(ordered) and ordered[at].startswith(prefix)


def _pdf_gap(blank_run: list[str], double: bool, furniture: bool) -> str:
    if furniture:
        return PAGE
    if not blank_run:
        return NONE
    if not double:
        return HARD
    whitespace_only = any(line for line in blank_run)
    return HARD if whitespace_only or len(blank_run) >= 3 else SOFT


def _markdown_lines(raw: list[str]) -> list[_Line]:
    lines: list[_Line] = []
    gap = NONE
    for line in raw:
        stripped = line.strip()
        if not stripped:
            gap = HARD
            continue
        kind, heading = BODY, False
        if _MD_HEADING.match(stripped):
            stripped, heading = _MD_HEADING.sub("", stripped, count=1), True
        elif _MD_BULLET.match(stripped):
            stripped, kind = _MD_BULLET.sub("", stripped, count=1), ITEM
        elif "\t" in line.strip("\n").strip(" "):
            kind = TABLE_ROW
        elif _MD_FOOTNOTE.match(stripped):
            kind = FOOTNOTE
        if line.rstrip("\n").endswith("  ") or heading:
            stripped += "\n"  # a markdown hard break: nothing may follow on this paragraph
        lines.append(_Line(stripped, gap, kind, heading))
        gap = NONE
    return lines


@dataclass
class _Measure:
    """The document's own line statistics (display columns)."""

    widest: int  # the 90th percentile of line widths
    full: int  # the width of a full line: the commonest width among the long lines
    slack: int  # how far short of `full` a wrapped (not paragraph-ending) line typically stops
    unmarked: bool = False  # no blank lines mark paragraph ends (single-spaced without, or double-spaced)

    @classmethod
    def of(cls, lines: list[_Line]) -> "_Measure":
        widest = _page_width(lines)
        long_lines = [w for w in (line.width for line in lines) if 0.85 * widest <= w <= widest]
        marked = sum(1 for line in lines if line.gap == HARD and line.kind == BODY)
        unmarked = marked < _MARKED_SHARE * len(lines)
        if not long_lines:
            return cls(widest, widest, 0, unmarked)
        full = Counter(long_lines).most_common(1)[0][0]
        near = sorted(w for w in long_lines if w <= full)
        return cls(widest, full, full - near[len(near) // 4], unmarked)  # the lower quartile of full lines

    def room_for(self, prev: _Line, following: str, lang: str) -> bool:
        """Would the next line's first word have fit at the end of `prev`? Then the break is the writer's."""
        word = re.match(r"[“‘«]?[\x21-\x7e]+|.", following).group(0)  # an opening quote goes with its word
        room = self.full - prev.width - (1 if lang == "en" else 0)
        return display_width(word) + self.slack < room


def _group(lines: list[_Line], lang: str, one_per_line: bool) -> list[list[_Line]]:
    measure = _Measure.of(lines)
    groups: list[list[_Line]] = [[lines[0]]]
    current = groups[0]  # the paragraph the next line may continue
    body: list[_Line] | None = current if lines[0].kind == BODY else None  # the last body paragraph
    for prev, line in zip(lines, lines[1:]):
        decision = _decide(prev, line, lang, measure, one_per_line, len(current) <= _HEADING_LINES)
        if decision in (JOIN, GUESS_JOIN):
            prev.may_end = decision == GUESS_JOIN
            current.append(line)
        elif prev.kind == FOOTNOTE and line.gap == PAGE and body and _continues(body[-1], line, lang, measure, False):
            current = body  # the text goes on after the footnotes at the foot of the page
            current.append(line)
        else:
            line.guessed_start = decision == GUESS_SPLIT
            current = [line]
            groups.append(current)
        if line.kind == BODY:
            body = current
    return groups


def _page_width(lines: list[_Line]) -> int:
    widths = sorted(line.width for line in lines)
    return widths[int(0.9 * (len(widths) - 1))] if widths else 0


def _continues(prev: _Line, line: _Line, lang: str, measure: _Measure, one_per_line: bool) -> bool:
    return _decide(prev, line, lang, measure, one_per_line) in (JOIN, GUESS_JOIN)


def _decide(prev: _Line, line: _Line, lang: str, measure: _Measure, one_per_line: bool, first: bool = False) -> str:
    """Does `line` continue the paragraph that `prev` is part of (JOIN, SPLIT, or a guess)?

    `one_per_line`: markdown exports and unwrapped text, where a line is a whole paragraph
    unless a page break cut it mid-sentence. `first`: `prev` is among its paragraph's first lines (a heading's)."""
    decision = _continues_layout(prev, line, lang, measure, one_per_line, first)
    return decision if isinstance(decision, str) else JOIN if decision else SPLIT


def _continues_layout(prev: _Line, line: _Line, lang: str, measure: _Measure, one_per_line: bool,
                      first: bool) -> bool | str:
    if prev.text.endswith("\n") or prev.heading or line.heading:
        return False
    if line.kind == FOOTNOTE:  # a footnote's own continuation lines (its first line has a HARD gap)
        return prev.kind == FOOTNOTE and line.gap != HARD and not one_per_line
    if line.kind != BODY or prev.kind in (TABLE_ROW, FOOTNOTE):
        return False
    if _starts_new(line):
        return False
    unfinished = stops_mid_sentence(prev.text)
    if one_per_line:  # a paragraph cut in two by a page break in the export
        long_line = prev.width >= _MD_CUT_WIDTH
        return unfinished and long_line and prev.kind == BODY and starts_lower(line.text, lang)
    if line.gap == HARD:
        return False
    if line.gap == PAGE:  # across a page break: only a line that filled the page's width goes on
        if measure.room_for(prev, line.text, lang) and not (
                lang == "en" and unfinished and starts_lower(line.text, lang)):
            return False
        if first and unfinished and _may_start_paragraph(prev.text, line.text, lang) and not starts_lower(
                line.text, "en"):
            return GUESS_JOIN  # a heading's last line at the foot of the page?
        return unfinished or starts_lower(line.text, lang)
    if line.text[0] in "(（" and unfinished:
        return True  # a parenthesis (document symbol, date) pushed onto the next line
    if prev.text[-1] in _OPENING:
        return True  # a line never ends a paragraph with an opening bracket or quote
    if _ends_with_item_number(prev.text):
        return True  # a table row whose title cell wraps after the agenda item number
    if (ends_sentence(prev.text) or measure.unmarked or lang == "en") and not (lang == "en" and starts_lower(
            line.text, lang)) and measure.room_for(prev, line.text, lang):
        return False  # the line stops where the next word would have fitted: the paragraph ends
    if measure.unmarked and _FULL_STOP.search(prev.text) and _may_start_paragraph(prev.text, line.text, lang):
        return GUESS_SPLIT  # nothing marks paragraph ends: split at every sentence end (the aligner rejoins)
    short = prev.width < _SHORT_LINE[lang] * measure.widest
    if short and measure.room_for(prev, line.text, lang):  # (not when the next word is too long to fit)
        return lang == "en" and unfinished and starts_lower(line.text, lang)
    if measure.unmarked and _may_start_paragraph(prev.text, line.text, lang) and not starts_lower(line.text, "en"):
        if lang == "en" and prev.text[-1] == ")":
            return GUESS_SPLIT  # a full line closing a bracket before a capital: as a sentence end
        if first and unfinished or prev.text[-1] in ")）":
            return GUESS_JOIN  # a full line without punctuation early in a paragraph (a heading's end?) or closing a bracket
    return True


def _may_start_paragraph(prev: str, text: str, lang: str) -> bool:
    """Can `text` open a new paragraph after `prev` (English: a capital, digit or quote, not after an abbreviation)?"""
    if lang == "zh":
        return True
    last = prev.rsplit(" ", 1)[-1].rstrip(".")
    return bool(re.match(r"[A-Z0-9“\"‘(]", text)) and last not in ABBREVIATIONS and not re.fullmatch(r"[A-Z]", last)


def _ends_with_item_number(text: str) -> bool:
    return bool(re.search(r"\s\d{1,2}(?:\([a-z]\))?$", text)) and not split_label(text)[0]


def _starts_new(line: _Line) -> bool:
    label, _ = split_label(line.text)
    return bool(label)


def ends_sentence(text: str) -> bool:
    """Does the line end with a sentence's (or clause's) final punctuation, closing quotes and a note mark?"""
    return bool(_SENTENCE_END.search(text))


def stops_mid_sentence(text: str) -> bool:
    """Does the line end without terminal punctuation or a closing bracket or quote?"""
    return text[-1] not in TERMINAL and text[-1] not in "）)”\""


def starts_lower(text: str, lang: str) -> bool:
    """Does the text start the way a sentence's continuation does (lower case, a CJK character)?"""
    first = text[0]
    if lang == "en":
        return first.islower()
    return "\u3400" <= first <= "\u9fff" or first in "”’）)》」，、；：。"


def _paragraph(group: list[_Line], lang: str, words: set[str]) -> Paragraph:
    text = join_lines(dehyphenate([line.text.rstrip("\n") for line in group], words), lang)
    label, rest = split_label(text)
    first = group[0]
    kind = first.kind
    if kind == FOOTNOTE:
        label = footnote_label(text)
    elif first.heading or (kind == BODY and _looks_like_heading(text, rest, group)):
        kind = HEADING
    elif kind == BODY and is_list_item(text, label, rest):
        kind = ITEM
    return Paragraph(text=text, label=label, kind=kind, guessed_start=first.guessed_start,
                     may_end=_may_end_offsets(group, text, lang, words))


def _may_end_offsets(group: list[_Line], text: str, lang: str, words: set[str]) -> tuple[int, ...]:
    """Offsets in `text` after the lines a paragraph may end after (GUESS_JOIN)."""
    offsets = []
    for k, line in enumerate(group[:-1]):
        if line.may_end:
            head = join_lines(dehyphenate([line.text.rstrip("\n") for line in group[:k + 1]], words), lang)
            if text.startswith(head) and text[len(head):].strip():
                offsets.append(len(head))
    return tuple(offsets)


def is_list_item(text: str, label: str, rest: str) -> bool:
    """A short labelled paragraph closing with a semicolon: `(a) Opening of the meeting;`."""
    return bool(label) and len(rest) < 200 and text[-1] in "；;"


def footnote_label(text: str) -> str:
    """The note's mark as a label: `<sup>1</sup> …`, `1 …`, `¹ …` → '1'; `* …` → '*'."""
    match = re.match(r"(?:<sup>\s*)?(\d{1,3}|[¹²³⁴⁵⁶⁷⁸⁹⁰]+|\*+)", text)
    if not match:
        return ""
    mark = match.group(1)
    return mark if mark[0] in "*0123456789" else "".join(str(unicodedata.digit(c)) for c in mark)


def _looks_like_heading(text: str, rest: str, group: list[_Line]) -> bool:
    return len(group) <= 2 and looks_like_heading(text, rest)


def looks_like_heading(text: str, rest: str) -> bool:
    """Short and without closing punctuation (`rest`: the text after its label)."""
    return text[-1] not in TERMINAL and 0 < display_width(rest) <= 100


def document_words(lines) -> set[str]:
    """The document's English words (lower case, hyphenated compounds whole), leaving out the
    pieces of words hyphenated across a line break."""
    words: set[str] = set()
    broken = False
    for line in lines:
        tokens = _WORD.findall(line)
        if broken and tokens:
            tokens = tokens[1:]
        broken = line.endswith(("-", "-\n")) and bool(_HYPHEN_END.search(line))  # the search alone is slow
        if broken and tokens:
            tokens = tokens[:-1]
        words.update(token.lower() for token in tokens)
    return words


def dehyphenate(parts: list[str], words: set[str]) -> list[str]:
    """English lines broken after a hyphen rejoined, deciding from the document's own words
    first, then from an English word list: `traf-` + `ficking` → `trafficking` (the document has
    `trafficking`), `well-` + `known` → `well-known` (the document has `well-known`), `open-` +
    `ended` → `open-ended` (two English words, `openended` is none), `UN-` + `ODC` → `UNODC` only
    when the document has `UNODC`."""
    out: list[str] = []
    for part in parts:
        match = _HYPHEN_END.search(out[-1]) if out else None
        tail = re.match(r"[A-Za-z]+", part)
        if not (match and tail):
            out.append(part)
            continue
        head, rest = match.group(1).lower(), tail.group(0).lower()
        out[-1] = out[-1][:-1] + ("-" if _keeps_hyphen(head, rest, part[0].isupper(), words) else "") + part
    return out


def _keeps_hyphen(head: str, rest: str, capital: bool, words: set[str]) -> bool:
    if head + rest in words:
        return False
    if f"{head}-{rest}" in words or capital:
        return True
    english = english_words()
    if any(form in english or form in words for form in _base_forms(head + rest)):
        return False  # frame- + works: frameworks, a plural of an English word
    return head.rsplit("-", 1)[-1] in english and rest in english


def _base_forms(word: str) -> list[str]:
    """The word and what it may be inflected from (frameworks → framework, developed → develop)."""
    forms = [word]
    for suffix in ("s", "es", "ed", "d", "ing"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            forms.append(word[:-len(suffix)])
    return forms


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """English words of TextBlob's bundled spelling list (Norvig's, from public-domain books),
    found without importing TextBlob (its `__init__` imports nltk: about 0.5 s)."""
    path = package_folder("textblob") / "en" / "en-spelling.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.split()[0].lower() for line in lines if line.strip() and not line.startswith(";"))


def join_lines(parts: list[str], lang: str) -> str:
    """Chinese lines joined with nothing (a space between two ASCII words), English with a space."""
    if lang == "en":
        return " ".join(parts)
    joined = parts[0]
    for part in parts[1:]:
        ascii_meet = joined[-1:].isascii() and joined[-1:].isalnum() and part[:1].isascii() and part[:1].isalnum()
        joined += (" " if ascii_meet else "") + part
    return joined
