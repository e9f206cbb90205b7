"""Side-by-side review page: one row per unit, doubtful and one-sided units stand out."""
from __future__ import annotations

from html import escape

from ..model import Alignment
from .plain import unit_label

_STYLE = """
body{font-family:system-ui,sans-serif;margin:1.5em;color:#222}
table{border-collapse:collapse;width:100%;table-layout:fixed}
td,th{border-bottom:1px solid #ddd;padding:.4em .5em;vertical-align:top;text-align:left}
th{background:#f4f4f4;position:sticky;top:0}
col.n{width:3.5em}col.l{width:6em}col.s{width:4.5em}
tr.doubtful td{background:#fff4d6}tr.one-sided td{background:#fde2e2}
tr.doubtful td.score,tr.one-sided td.score{font-weight:bold;color:#a40000}
td.zh{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif}
.label{color:#555;font-size:.9em}.seg+.seg{border-top:1px dashed #ccc;margin-top:.3em;padding-top:.3em}
.summary span{margin-right:1.5em}
footer.signature{margin-top:1em;color:#777;font:.8em monospace}
"""
_SCRIPT = """
document.getElementById('only-doubtful').addEventListener('change',function(e){
  document.querySelectorAll('tbody tr').forEach(function(r){
    r.hidden=e.target.checked&&!r.classList.contains('doubtful')&&!r.classList.contains('one-sided');});});
"""


def render(alignment: Alignment, title: str) -> str:
    units = alignment.units
    one_sided = sum(u.one_sided for u in units)
    doubtful = sum(alignment.is_doubtful(u) and not u.one_sided for u in units)
    rows = "\n".join(_row(alignment, n, u, _starts_paragraph(alignment, units, n - 1))
                     for n, u in enumerate(units, 1))
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(title)} – alignment review</title>
<style>{_STYLE}</style></head><body>
<h1>{escape(title)}</h1>
<p class="summary"><span>{len(units)} units ({alignment.level} level)</span>
<span>mean confidence {alignment.mean_score:.2f}</span>
<span>{doubtful} doubtful</span><span>{one_sided} one-sided</span>
<label><input type="checkbox" id="only-doubtful"> show only doubtful and one-sided units</label></p>
<table><colgroup><col class="n"><col class="l"><col><col><col class="s"></colgroup>
<thead><tr><th>#</th><th>label</th><th>中文</th><th>English</th><th>conf.</th></tr></thead>
<tbody>
{rows}
</tbody></table>
<footer class="signature">{escape(alignment.signature)}</footer>
<script>{_SCRIPT}</script>
</body></html>
"""


def _starts_paragraph(alignment: Alignment, units, index: int) -> bool:
    """Does this unit open a new paragraph (so that its label is shown)?"""
    if index == 0:
        return True
    first = [alignment.zh[i].paragraph for i in units[index].zh[:1]]
    before = [alignment.zh[i].paragraph for i in units[index - 1].zh[-1:]]
    return not first or not before or first != before


def _row(alignment: Alignment, number: int, unit, new_paragraph: bool) -> str:
    zh, en = alignment.texts(unit)
    css = "one-sided" if unit.one_sided else "doubtful" if alignment.is_doubtful(unit) else "ok"
    label = unit_label(alignment, unit) if new_paragraph else ""
    return (
        f'<tr class="{css}" id="u{number}"><td>{number}</td>'
        f'<td class="label">{escape(label)}</td>'
        f'<td class="zh" lang="zh-CN">{_cells(zh)}</td><td lang="en">{_cells(en)}</td>'
        f'<td class="score">{unit.score:.2f}</td></tr>'
    )


def _cells(texts: list[str]) -> str:
    return "".join(f'<div class="seg">{escape(t)}</div>' for t in texts) or "<em>—</em>"
