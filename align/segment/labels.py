"""Paragraph labels: `12.`, `(a)`, `建议 1`/`Recommendation 1`, `一.`/`I.`, `A.`, `附件`/`Annex`.

`split_label` finds the label a paragraph starts with; `label_key` maps a label to a
language-neutral key so that `三.` and `III.` or `建议 4` and `Recommendation 4` match.
"""
from __future__ import annotations

import re

_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_ROMAN = {"I": 1, "V": 5, "X": 10}

# Order matters: the first pattern that matches wins.
_LABEL_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("rec", re.compile(r"(?:Recommendation|建议)\s*(\d{1,3})(?=\s*$)")),
    ("annex", re.compile(r"(?:Annex|附件)(?:\s*([IVX]+|[一二三四五六七八九十]+|\d+))?(?=\s*$)")),
    ("num", re.compile(r"(\d{1,3})[.．](?=\s|$)")),
    ("paren", re.compile(r"[(（]([a-z]{1,2}|[ivx]{1,5}|\d{1,2})[)）](?=\s|$)")),
    ("roman", re.compile(r"([IVX]{1,5})[.．](?=\s|$)")),
    ("cn", re.compile(r"([一二三四五六七八九十]{1,3})(?:[.．](?=\s|$)|、)")),
    ("letter", re.compile(r"([A-Z])[.．](?=\s|$)")),
]


def cn_number(text: str) -> int:
    """一 → 1, 十二 → 12, 二十三 → 23."""
    if text == "十":
        return 10
    if "十" in text:
        tens, _, units = text.partition("十")
        return (_CN_DIGITS.get(tens, 1) * 10) + _CN_DIGITS.get(units, 0)
    return _CN_DIGITS.get(text, 0)


def roman_number(text: str) -> int:
    total = 0
    for i, char in enumerate(text):
        value = _ROMAN[char]
        following = _ROMAN[text[i + 1]] if i + 1 < len(text) else 0
        total += -value if value < following else value
    return total


def split_label(text: str) -> tuple[str, str]:
    """Return (label, rest) for a paragraph text; label is '' when there is none."""
    stripped = text.lstrip()
    for _, pattern in _LABEL_PATTERNS:
        match = pattern.match(stripped)
        if match:
            return match.group(0).strip(), stripped[match.end():].strip()
    return "", stripped


def label_key(label: str) -> str:
    """A key equal for a Chinese label and its English counterpart ('' for none)."""
    for kind, pattern in _LABEL_PATTERNS:
        match = pattern.fullmatch(label.strip())
        if not match:
            continue
        value = match.group(1) or ""
        if kind == "rec":
            return f"rec{int(value)}"
        if kind == "annex":
            if value and value[0] in _CN_DIGITS or value.startswith("十"):
                value = str(cn_number(value))
            elif value and value[0] in _ROMAN:
                value = str(roman_number(value))
            return f"annex{value}"
        if kind == "num":
            return f"n{int(value)}"
        if kind == "paren":
            return f"({value})"
        if kind == "roman":
            return f"r{roman_number(value)}"
        if kind == "cn":
            return f"r{cn_number(value)}"
        return f"l{value}"
    return ""
