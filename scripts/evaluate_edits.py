#!/usr/bin/env python3
"""Structural robustness: pairs with paragraphs one side leaves out, adds, joins, splits or numbers
differently, aligned at paragraph level and scored against the edited gold.

Two sources of paragraph pairs: the shared UN pairs' gold paragraphs, and (`--mac`) the MAC-Dev
literary chapters cut into paragraphs of 2–5 consecutive gold units (seeded; freer translations
than the UN's, never used to develop the paragraph rules). The edits are tests/edits.py's, made
with several seeds (other places each time); the edited paragraphs are written out as plain text
(one blank line between paragraphs, lines wrapped as `evaluate_layouts.py`'s default) and aligned
as any text pair. Prints strict and lax F1 per edit over all pairs and seeds, unedited first.
"""
from __future__ import annotations

import json
import random
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from align.config import AlignConfig  # noqa: E402
from align.formats.vecalign import parse as parse_align  # noqa: E402
from align.model import BODY, Paragraph, Segmented  # noqa: E402
from align.pipeline import align_files, read_document  # noqa: E402
from align.scoring import Score, text_units_to_ids  # noqa: E402
from convert import plain  # noqa: E402
from edits import EDITS, Edit, Unit  # noqa: E402
from evaluate_layouts import gold, pairs  # noqa: E402
from layouts import WIDTH, Layout, gold_document, render  # noqa: E402
import script_args  # noqa: E402

Source = list[tuple[str, list[Unit], dict[str, Segmented | None]]]  # (name, gold units, reader's view per language)


def un_pairs(shared: Path) -> Source:
    """The UN pairs' gold paragraphs, with the documents as the text reader reads them (for kinds)."""
    return [(stem, plain(gold(shared, stem, "paragraph")),
             {lang: read_document(shared / "corpus" / lang / f"{stem}.txt", lang, "text") for lang in ("zh", "en")})
            for stem in pairs(shared)]


def mac_paragraphs(shared: Path) -> Source:
    """Each MAC-Dev chapter's two-sided gold units joined into paragraphs of 2–5 units (seeded)."""
    mac, result = shared / "bench" / "mac-dev", []
    for path in sorted((mac / "gold").glob("*.align")):
        lines = {lang: (mac / lang / f"{path.stem}.txt").read_text(encoding="utf-8").splitlines() for lang in ("zh", "en")}
        units = [u for u in parse_align(path.read_text(encoding="utf-8")) if u[0] and u[1]]
        rng, paragraphs, k = random.Random(path.stem), [], 0
        while k < len(units):
            size = rng.randint(2, 5)
            part, k = units[k:k + size], k + size
            paragraphs.append({lang: [joiner.join(lines[lang][i].strip() for u in part for i in u[side])]
                               for lang, side, joiner in (("zh", 0, ""), ("en", 1, " "))})
        result.append((f"mac-{path.stem}", paragraphs, {"zh": None, "en": None}))
    return result


def _document(units: list[Unit], lang: str, read: Segmented | None) -> Segmented:
    if read is not None:
        return gold_document(units, read)
    return Segmented(lang, [Paragraph(t, "", BODY) for u in units for t in u[lang]], None)


def score_edit(source: Source, out: Path, edit: Edit | None, seeds: int) -> dict:
    """Strict and lax P/R/F1 of the paragraph alignment of every pair, edited with every seed."""
    score = Score()
    for name, units, read in source:
        for seed in range(seeds) if edit else [0]:
            edited = edit(units, random.Random(f"{name}-{seed}")) if edit else units
            paths = []
            for lang in ("zh", "en"):
                path = out / f"{name}.{lang}.txt"
                path.write_text(render(_document(edited, lang, read[lang]), Layout(WIDTH)), encoding="utf-8")
                paths.append(path)
            test = align_files(*paths, AlignConfig(level="paragraph"))
            score.add(*text_units_to_ids(edited, plain(test)))
    return score.table()


def main() -> int:
    parser = script_args.parser(__doc__)
    parser.add_argument("--only", help="run the edits whose name contains this")
    parser.add_argument("--mac", action="store_true", help="also the MAC-Dev chapters cut into paragraphs")
    args = script_args.parse(parser)
    chosen = {name: edit for name, edit in EDITS.items() if not args.only or args.only in name}
    sources = {"UN": (un_pairs(args.shared), 5)}
    if args.mac:
        sources["MAC-Dev paragraphs"] = (mac_paragraphs(args.shared), 3)
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for label, (source, seeds) in sources.items():
            results[label] = {name: score_edit(source, Path(tmp), edit, seeds)
                              for name, edit in {"unedited": None, **chosen}.items()}
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    print(f"{'edit':<34}" + "".join(f" {label + ' strict / lax F1':>32}" for label in results))
    for name in next(iter(results.values())):
        print(f"{name:<34}" + "".join(f" {r[name]['strict_f1']:>23.3f} / {r[name]['lax_f1']:.3f}" for r in results.values()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
