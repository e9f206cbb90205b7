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
            rf"{SYMBOL}",
            r"https?://(?:www\.)?(?:undocs\.org|documents\.un\.org|daccess-ods\.un\.org)/\S*",
            r"-?\s*\d{1,3}\s*-?",
            r"[-–—_*•·|]",
        ]
    )
)
FOOTNOTE_RULE = re.compile(r"_{5,}")


def is_furniture(line: str) -> bool:
    """True for a whole line that is page furniture (the line is given stripped)."""
    return bool(line) and bool(_FURNITURE.fullmatch(line))
