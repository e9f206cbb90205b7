"""A readable HTML glossary (one self-contained page)."""
from __future__ import annotations

from html import escape
from ..model import ABBREVIATIONS, ADMITTED, DEPRECATED, Glossary

STYLE = """body{font-family:system-ui,sans-serif;margin:2em}table{border-collapse:collapse}
td,th{border:1px solid #ccc;padding:.3em .5em;vertical-align:top}th{background:#eee}
.ctx{color:#555;font-size:.9em}.dep{text-decoration:line-through;color:#a00}.num{text-align:right}"""


def render(glossary: Glossary) -> str:
    rows = []
    for e in glossary.entries:
        en = [f"<b>{escape(e.en_term)}</b>"]
        en += [escape(t.text) + (f" <small>({t.type})</small>" if t.type in ABBREVIATIONS else "")
               for t in e.en if t.status == ADMITTED]
        zh = [f"<b>{escape(e.zh_term)}</b>"] + [escape(t.text) for t in e.zh[1:]]
        en += [f'<span class="dep">{escape(t.text)}</span>' for t in e.en if t.status == DEPRECATED]
        rows.append(
            f"<tr id=\"c{e.id}\"><td class=num>{e.id}</td><td lang=\"{escape(glossary.zh_lang)}\">"
            f"{'<br>'.join(zh)}</td><td>{'<br>'.join(en)}</td><td>{escape(e.pos)}</td>"
            f"<td class=num>{e.frequency}</td><td class=num>{e.consistency:.2f}</td>"
            f"<td class=num>{e.confidence:.2f}</td><td class=ctx>{escape(e.context_zh)}<br>"
            f"{escape(e.context_en)}</td><td>{escape(', '.join(e.sources))}</td><td>{escape(e.review)}</td></tr>")
    head = "".join(f"<th>{h}</th>" for h in ("#", "zh", "en", "pos", "freq", "consistency",
                                             "confidence", "context", "sources", "review"))
    return (f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{escape(glossary.title)}</title><style>{STYLE}</style></head><body>"
            f"<h1>{escape(glossary.title)}</h1><p>{len(glossary.entries)} entries.</p>"
            f"<table><thead><tr>{head}</tr></thead><tbody>\n" + "\n".join(rows)
            + "\n</tbody></table></body></html>\n")
