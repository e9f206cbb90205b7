"""Render check issues: a readable table, JSON, an HTML page."""
from __future__ import annotations

import json
from collections import Counter
from html import escape

from .check import KINDS, Issue


def summary(issues: list[Issue]) -> dict[str, int]:
    counts = Counter(i.kind for i in issues)
    return {kind: counts.get(kind, 0) for kind in KINDS}


def to_table(issues: list[Issue]) -> str:
    """Plain-text table, one issue per line, then the counts."""
    lines = [f"{'issue':<20} {'units':<14} {'zh':<16} detail"]
    for issue in issues:
        units = ",".join(map(str, issue.units[:6])) + ("…" if len(issue.units) > 6 else "")
        lines.append(f"{issue.kind:<20} {units:<14} {issue.zh:<16} {issue.message}")
    counts = summary(issues)
    lines.append("; ".join(f"{k}: {v}" for k, v in counts.items()) + f"; total: {len(issues)}")
    return "\n".join(lines)


def to_json(issues: list[Issue]) -> str:
    return json.dumps({"summary": summary(issues), "issues": [i.as_dict() for i in issues]},
                      ensure_ascii=False, indent=2)


def to_html(issues: list[Issue], title: str = "Terminology check") -> str:
    rows = "\n".join(
        f"<tr class=\"{i.kind}\"><td>{i.kind}</td><td>{escape(', '.join(map(str, i.units)))}</td>"
        f"<td>{escape(', '.join(i.docs))}</td><td>{escape(i.zh)}</td><td>{escape(i.en)}</td>"
        f"<td>{escape(i.message)}</td></tr>" for i in issues)
    counts = "".join(f"<li>{k}: {v}</li>" for k, v in summary(issues).items())
    return (f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{escape(title)}</title>"
            "<style>body{font-family:system-ui,sans-serif;margin:2em}table{border-collapse:collapse}"
            "td,th{border:1px solid #ccc;padding:.3em .5em}th{background:#eee}</style></head><body>"
            f"<h1>{escape(title)}</h1><ul>{counts}</ul><table><thead><tr><th>issue</th><th>units</th>"
            f"<th>documents</th><th>zh</th><th>en</th><th>detail</th></tr></thead><tbody>\n{rows}\n"
            "</tbody></table></body></html>\n")
