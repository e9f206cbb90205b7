"""Page furniture in text extracted from UN PDFs: lines that belong to the page, not the text.

Running headers carrying the document symbol (CTOC/COP/WG.4/2019/1), job numbers
(V.19-05812 (E)), bar codes (*1905812*), page numbers (2/4 V.19-05812, 3/4, - 5 -),
link annotations (http://undocs.org/...), rules and lone dashes or bullets. A line holding
only `；` or `。` is not furniture: it is the end of a wrapped sentence.
"""
from __future__ import annotations

import re

_JOB = r"[A-Z]{1,2}\.\d{2}-\d{4,6}(?:\s*\([A-Z]\))?"
_PAGE = r"\d{1,3}\s*/\s*\d{1,3}"
SYMBOL = r"[A-Z]{1,6}(?:/[A-Z0-9][A-Za-z0-9.\-]*){2,}"

_FURNITURE = re.compile(
    "|".join(
        [
            rf"{_JOB}",
            rf"{_PAGE}(?:\s+{_JOB})?",
            rf"{_JOB}\s+{_PAGE}",
            r"\*\d{5,}\*",
            rf"{SYMBOL}(?<!\.)",  # a symbol closing a sentence is text
            r"https?://(?:www\.)?(?:undocs\.org|documents\.un\.org|daccess-ods\.un\.org)/\S*",
            r"-?\s*\d{1,3}\s*-?",
            r"[-–—_*•·|]",
        ]
    )
)
FOOTNOTE_RULE = re.compile(r"_{5,}")
_ITEM_NUMBER = re.compile(r"(\d{1,3})(?:\s*\([a-z]\))?")
_CHAIN_GAP = 8  # content lines between two item numbers of one table, at most
_CHAIN_LENGTH = 3  # a page's number appears once (twice with a header and a footer): a longer run is a table's


def item_number_lines(lines: list[str]) -> set[int]:
    """Indices of lines holding only a number (`2`, `1(b)`) that is an agenda item's, not a page's: a run of
    at least three such lines, each within a few lines of the last and numbered the same or one more
    (2, 2, 3, 3, 4), as a table set one cell per line has; page numbers lie a page apart."""
    found: set[int] = set()
    chain: list[int] = []
    last_value, last_at, content = -1, -_CHAIN_GAP - 1, 0
    for k, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            continue
        content += 1
        match = _ITEM_NUMBER.fullmatch(stripped)
        if not match:
            continue
        value = int(match.group(1))
        if not (chain and content - last_at <= _CHAIN_GAP and value - last_value in (0, 1)):
            if len(chain) >= _CHAIN_LENGTH:
                found.update(chain)
            chain = []
        chain.append(k)
        last_value, last_at = value, content
    if len(chain) >= _CHAIN_LENGTH:
        found.update(chain)
    return found


def is_furniture(line: str) -> bool:
    """True for a whole line that is page furniture (the line is given stripped)."""
    return bool(line) and bool(_FURNITURE.fullmatch(line))
