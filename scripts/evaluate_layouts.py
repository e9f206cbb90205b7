#!/usr/bin/env python3
"""Layout robustness: the shared UN pairs re-laid out as real extractions do, aligned and scored.

Each pair's gold paragraphs (with the kinds the text reader gives them) are written back in every layout of tests/layouts.py
(line widths, double spacing, no blank lines, page furniture, footnote marks, CRLF, NBSP,
hyphenation, traditional Chinese, markdown, table cells one per line), then aligned at
paragraph and sentence level and scored against the same gold with `align/scoring.py`
(strict: a unit holding part of a gold segment is never a hit). `--office` adds files made by
LibreOffice (DOCX from tests/convert.py, converted by `soffice --headless` to PDF and ODT in
several page layouts; skipped when soffice is absent). Prints strict P/R/F1 per variant.
"""
from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from align.config import AlignConfig  # noqa: E402
from align.pipeline import align_files, read_document  # noqa: E402
from align.scoring import Score, text_units_to_ids  # noqa: E402
from convert import plain
from layouts import VARIANTS, Layout, gold_document, gold_variant, render  # noqa: E402
import script_args  # noqa: E402

LEVELS = {"paragraph": "para", "sentence": "sent"}


def pairs(shared: Path) -> list[str]:
    return sorted(p.name.split(".")[0] for p in (shared / "corpus" / "gold").glob("*.para.jsonl"))


def gold(shared: Path, stem: str, level: str) -> list[dict]:
    path = shared / "corpus" / "gold" / f"{stem}.{LEVELS[level]}.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def score_files(files: dict[str, tuple[Path, Path]], shared: Path, layout: Layout | None) -> dict[str, dict]:
    """Stem → (zh file, en file) aligned at both levels; level → Score.table() + seconds."""
    results = {}
    for level in LEVELS:
        score, seconds = Score(), 0.0
        for stem, (zh, en) in files.items():
            start = time.process_time()
            try:
                test = align_files(zh, en, AlignConfig(level=level))
            except Exception as err:  # a crash scores as no output; the table says so
                print(f"{zh.name}: {level}: {type(err).__name__}: {err}", file=sys.stderr)
                test = []
            seconds += time.process_time() - start
            expected = gold(shared, stem, level)
            expected = gold_variant(expected, layout) if layout else gold_variant(expected, Layout({}))
            score.add(*text_units_to_ids(expected, plain(test)))
        results[level] = {**score.table(), "seconds": round(seconds, 2)}
    return results


def sources(shared: Path) -> dict[str, dict]:
    """Stem → lang → the gold paragraphs as a Document (kinds from the text reader)."""
    return {stem: {lang: gold_document(gold(shared, stem, "paragraph"),
                                       read_document(shared / "corpus" / lang / f"{stem}.txt", lang, "text"))
                   for lang in ("zh", "en")} for stem in pairs(shared)}


def text_variants(shared: Path, out: Path, only: str | None) -> dict[str, dict]:
    results, documents = {}, sources(shared)
    for name, layout in VARIANTS.items():
        if only and only not in name:
            continue
        files = {}
        for stem, docs in documents.items():
            paths = []
            for lang, doc in docs.items():
                path = out / f"{stem}.{lang}.txt"
                path.write_bytes(render(doc, layout).encode("utf-8"))
                paths.append(path)
            files[stem] = tuple(paths)
        results[name] = score_files(files, shared, layout)
    return results


def office_variants(shared: Path, out: Path, only: str | None) -> dict[str, dict]:
    from office import OFFICE_VARIANTS, office_files, soffice

    if not soffice():
        print("soffice not found: LibreOffice variants skipped", file=sys.stderr)
        return {}
    names = [name for name in OFFICE_VARIANTS if not only or only in name]
    made = office_files(sources(shared), names, out)
    return {name: score_files(made[name], shared, None) for name in names}


def main() -> int:
    parser = script_args.parser(__doc__)
    parser.add_argument("--only", help="run the variants whose name contains this")
    parser.add_argument("--office", action="store_true", help="also the LibreOffice-made DOCX/PDF/ODT variants")
    parser.add_argument("--no-text", action="store_true", help="skip the text layout variants")
    args = script_args.parse(parser)
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        if not args.no_text:
            results.update(text_variants(args.shared, Path(tmp), args.only))
        if args.office:
            results.update(office_variants(args.shared, Path(tmp), args.only))
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    print(f"{'variant':<34} {'paragraph P':>11} {'R':>6} {'F1':>6}   {'sentence P':>10} {'R':>6} {'F1':>6}   {'CPU':>6}")
    for name, r in results.items():
        p, s = r["paragraph"], r["sentence"]
        print(f"{name:<34} {p['strict_p']:>11.3f} {p['strict_r']:>6.3f} {p['strict_f1']:>6.3f}   "
              f"{s['strict_p']:>10.3f} {s['strict_r']:>6.3f} {s['strict_f1']:>6.3f}   "
              f"{p['seconds'] + s['seconds']:>5.1f}s")
    worst = min(results.values(), key=lambda r: r["paragraph"]["strict_f1"]) if results else None
    if worst:
        print(f"lowest paragraph F1 {worst['paragraph']['strict_f1']:.3f}, lowest sentence F1 "
              f"{min(r['sentence']['strict_f1'] for r in results.values()):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
