"""Render check issues: a readable table, JSON, an HTML page.

Each issue shows the unit's Chinese and English with the term marked (« » in the
table, ``<mark>`` in HTML), the paragraph label and where the unit is (file and
line of a JSONL, TMX ``tuid``), its severity and its id for an ignore list.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from html import escape

from .check import KINDS, SEVERITIES, Issue


def summary(issues: list[Issue]) -> dict[str, int]:
    counts = Counter(i.kind for i in issues)
    return {kind: counts.get(kind, 0) for kind in KINDS}


def _zh_pattern(term: str) -> re.Pattern:
    return re.compile(r"\s*".join(map(re.escape, term.replace(" ", ""))))


def _en_pattern(terms: list[str]) -> re.Pattern | None:
    words = [r"[\s-]+".join(re.escape(w) + r"\w*" for w in t.split()) for t in terms if t.strip()]
    return re.compile(r"\b(?:" + "|".join(words) + r")\b", re.IGNORECASE) if words else None


def _spans(issue: Issue) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    zh = [m.span() for m in _zh_pattern(issue.zh).finditer(issue.zh_text)] if issue.zh else []
    en_terms = issue.found or ([issue.en] if issue.kind == "forbidden-term" else [])
    pattern = _en_pattern(en_terms)
    en = [m.span() for m in pattern.finditer(issue.en_text)] if pattern else []
    return zh, en


def _marked(text: str, spans: list[tuple[int, int]], open_: str, close: str, quote=lambda s: s) -> str:
    out, last = [], 0
    for start, end in spans:
        out += [quote(text[last:start]), open_, quote(text[start:end]), close]
        last = end
    return "".join(out + [quote(text[last:])])


def to_table(issues: list[Issue]) -> str:
    """Plain text: one block per issue (header line, then the two texts), then the counts."""
    lines = []
    for issue in issues:
        zh, en = _spans(issue)
        where = " ".join(x for x in (issue.ref or issue.doc, issue.label) if x)
        lines.append(f"{issue.severity:<8} {issue.kind:<18} unit {issue.unit} ({where}) [{issue.id}] {issue.message}")
        lines.append("  zh: " + _marked(issue.zh_text, zh, "«", "»").replace("\n", " "))
        lines.append("  en: " + _marked(issue.en_text, en, "«", "»").replace("\n", " "))
    counts = summary(issues)
    lines.append("; ".join(f"{k}: {v}" for k, v in counts.items()) + f"; total: {len(issues)}")
    return "\n".join(lines)


def to_json(issues: list[Issue]) -> str:
    return json.dumps({"summary": summary(issues), "issues": [i.as_dict() for i in issues]},
                      ensure_ascii=False, indent=2)


def to_html(issues: list[Issue], title: str = "Terminology check") -> str:
    rows = []
    for i in issues:
        zh, en = _spans(i)
        rows.append(
            f"<tr class=\"{i.kind} {i.severity}\"><td>{i.severity}</td><td>{i.kind}</td><td>{i.unit}</td>"
            f"<td>{escape(i.ref or i.doc)}</td><td>{escape(i.label)}</td>"
            f"<td lang=\"zh\">{_marked(i.zh_text, zh, '<mark>', '</mark>', escape)}</td>"
            f"<td lang=\"en\">{_marked(i.en_text, en, '<mark>', '</mark>', escape)}</td>"
            f"<td>{escape(i.message)}</td><td><code>{i.id}</code></td></tr>")
    counts = "".join(f"<li>{k}: {v}</li>" for k, v in summary(issues).items())
    by_severity = Counter(i.severity for i in issues)
    severities = "".join(f"<li>{s}: {by_severity.get(s, 0)}</li>" for s in SEVERITIES)
    head = "".join(f"<th>{h}</th>" for h in ("severity", "issue", "unit", "where", "label", "zh", "en", "detail", "id"))
    return (f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{escape(title)}</title>"
            "<style>body{font-family:system-ui,sans-serif;margin:2em}table{border-collapse:collapse}"
            "td,th{border:1px solid #ccc;padding:.3em .5em;vertical-align:top}th{background:#eee}"
            "mark{background:#ffe066}.critical td:first-child{color:#a00;font-weight:bold}</style></head><body>"
            f"<h1>{escape(title)}</h1><ul>{counts}</ul><ul>{severities}</ul><table><thead><tr>{head}</tr></thead>"
            "<tbody>\n" + "\n".join(rows) + "\n</tbody></table></body></html>\n")
