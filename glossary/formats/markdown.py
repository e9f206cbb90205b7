"""A readable Markdown glossary (one table)."""
from __future__ import annotations

from ..model import ADMITTED, DEPRECATED, Glossary


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render(glossary: Glossary) -> str:
    lines = [f"# {glossary.title}", "", f"{len(glossary.entries)} entries.", "",
             "| # | zh | en | pos | freq | consistency | confidence | context | sources |",
             "|---|---|---|---|---|---|---|---|---|"]
    for e in glossary.entries:
        en = [f"**{e.en_term}**"] + [t.text for t in e.en if t.status == ADMITTED]
        en += [f"~~{t.text}~~" for t in e.en if t.status == DEPRECATED]
        cells = [str(e.id), "; ".join(t.text for t in e.zh), "; ".join(en), e.pos, str(e.frequency), f"{e.consistency:.2f}",
                 f"{e.confidence:.2f}", f"{e.context_zh} / {e.context_en}", ", ".join(e.sources)]
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return "\n".join(lines) + "\n"
