#!/usr/bin/env python3
"""Evaluate the glossary builder against the gold term lists of the shared corpus.

Figures (gold = union of the (zh, en) pairs of ``<shared>/corpus/gold/*.terms.tsv``):

* recall: share of gold pairs with an entry whose zh term equals the gold zh and
  one of whose en terms equals the gold en;
* top-50 and top-100 precision: share of the first 50 (100) entries (zh, preferred en)
  that are a gold pair or were judged ``ok`` by hand in ``glossary/judgements.tsv``
  (entries not judged yet count as wrong and are listed with ``--show-unjudged``);
* en accuracy: for gold zh terms found as an entry, share whose preferred en term
  equals the gold en.

Matching: zh after NFKC, whitespace removal and t2s; en lenient — case-folded,
hyphens as spaces, each word crudely singularised (``glossary.normalize.en_key``),
so "Plenary meetings" = "plenary meeting" and "awareness raising" = "awareness-raising".

Inputs: the gold paragraph alignments of pairs 001–003 and, when ``align.pipeline``
exists, the project's own sentence alignments of the raw files.
"""
from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from align.config import GlossaryConfig  # noqa: E402
from glossary.build import build_glossary  # noqa: E402
from align.formats import jsonl  # noqa: E402
from align.model import AlignedUnit  # noqa: E402
from glossary.inputs import align_pair  # noqa: E402
from glossary.model import Glossary  # noqa: E402
from glossary.normalize import en_key, zh_key  # noqa: E402

STEMS = ("001_dd72bde6d4dd5ad3", "002_fd7eaa732a510636", "003_cdd5c65759a59d46")
JUDGEMENTS = REPO / "glossary" / "judgements.tsv"
TOPS = (50, 100)


def read_gold(shared: Path, stems: tuple[str, ...] = STEMS) -> set[tuple[str, str]]:
    pairs = set()
    for stem in stems:
        with (shared / "corpus" / "gold" / f"{stem}.terms.tsv").open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                pairs.add((zh_key(row["zh"]), en_key(row["en"])))
    return pairs


def read_judgements(path: Path) -> dict[tuple[str, str], str]:
    if not path.exists():
        return {}
    with path.open(encoding="utf-8") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t")
        return {(zh_key(r["zh"]), en_key(r["en"])): r["judgement"].strip() for r in rows}


def score(glossary: Glossary, gold: set[tuple[str, str]], judged: dict) -> dict:
    by_zh = {}
    for entry in glossary.entries:
        for term in entry.zh:
            by_zh.setdefault(zh_key(term.text), entry)
    found = [(z, e) for z, e in gold
             if z in by_zh and any(en_key(t.text) == e for t in by_zh[z].en)]
    zh_found = [(z, e) for z, e in gold if z in by_zh]
    en_right = [(z, e) for z, e in zh_found if en_key(by_zh[z].en_term) == e]
    verdicts, unjudged = [], []
    for entry in glossary.entries[: max(TOPS)]:
        pair = (zh_key(entry.zh_term), en_key(entry.en_term))
        verdict = "gold" if pair in gold else judged.get(pair, "unjudged")
        verdicts.append((entry.zh_term, entry.en_term, verdict))
        if verdict == "unjudged":
            unjudged.append((entry.zh_term, entry.en_term))
    result = {
        "entries": len(glossary.entries),
        "gold_pairs": len(gold),
        "recall": round(len(found) / len(gold), 3),
        "found": len(found),
    }
    for top in TOPS:
        head = verdicts[:top]
        result[f"top{top}_precision"] = round(sum(v in ("gold", "ok") for _, _, v in head) / max(len(head), 1), 3)
        result[f"top{top}_unjudged"] = sum(v == "unjudged" for _, _, v in head)
    result |= {
        "top50_gold": sum(v == "gold" for _, _, v in verdicts[:50]),
        "en_accuracy": round(len(en_right) / max(len(zh_found), 1), 3),
        "zh_found": len(zh_found),
        "missed": sorted(f"{z}\t{e}" for z, e in gold - set(found)),
        "top": verdicts,
    }
    return result


def gold_units(shared: Path, stems: tuple[str, ...] = STEMS) -> list[AlignedUnit]:
    units = []
    for stem in stems:
        units.extend(jsonl.read(shared / "corpus" / "gold" / f"{stem}.para.jsonl"))
    return units


def own_units(shared: Path, stems: tuple[str, ...] = STEMS) -> list[AlignedUnit] | None:
    try:
        import align.pipeline  # noqa: F401
    except ImportError:
        return None
    units = []
    for stem in stems:
        units.extend(align_pair(shared / "corpus" / "zh" / f"{stem}.txt",
                                shared / "corpus" / "en" / f"{stem}.txt", "sentence"))
    return units


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--show-unjudged", action="store_true", help="list top-100 pairs not judged yet")
    parser.add_argument("--show-missed", action="store_true", help="list gold pairs not found")
    parser.add_argument("--per-pair", action="store_true",
                        help="also build on each pair alone and score it against its own gold list "
                             "(precision judged against all gold lists and the judgements)")
    args = parser.parse_args()
    gold, judged = read_gold(args.shared), read_judgements(JUDGEMENTS)
    results = {}
    for name, loader in (("gold-para", gold_units), ("own-align", own_units)):
        units = loader(args.shared)
        if units is None:
            continue
        start = time.process_time()
        result = score(build_glossary(units, GlossaryConfig()), gold, judged)
        result["cpu_s"] = round(time.process_time() - start, 2)
        results[name] = result
    if args.json:
        print(json.dumps({k: {f: v for f, v in r.items() if f not in ("missed", "top")}
                          for k, r in results.items()}, ensure_ascii=False, indent=2))
    else:
        print(f"{'input':<10} {'entries':>7} {'recall':>14} {'top50':>6} {'top100':>6} {'en acc':>14} {'build cpu s':>11}")
        for name, r in results.items():
            print(f"{name:<10} {r['entries']:>7} {r['recall']:>6.3f} ({r['found']:>3}/{r['gold_pairs']})"
                  f" {r['top50_precision']:>6.3f} {r['top100_precision']:>6.3f}"
                  f" {r['en_accuracy']:>6.3f} ({r['zh_found']:>3}) {r['cpu_s']:>11.1f}"
                  f"{'  (unjudged: ' + str(r['top100_unjudged']) + ')' if r['top100_unjudged'] else ''}")
        print(f"signature: {GlossaryConfig().signature()}")
    if args.per_pair:
        print(f"{'pair':<22} {'input':<10} {'entries':>7} {'recall':>14} {'top50':>6} {'top100':>6}")
        for stem in STEMS:
            for name, loader in (("gold-para", gold_units), ("own-align", own_units)):
                units = loader(args.shared, (stem,))
                if units is None:
                    continue
                pair_gold = read_gold(args.shared, (stem,))
                pair_glossary = build_glossary(units, GlossaryConfig())
                r = score(pair_glossary, pair_gold, judged)
                judged_by_all = score(pair_glossary, gold, judged)
                r |= {k: judged_by_all[k] for k in ("top50_precision", "top100_precision", "top100_unjudged")}
                print(f"{stem:<22} {name:<10} {r['entries']:>7} {r['recall']:>6.3f} ({r['found']:>3}/{r['gold_pairs']})"
                      f" {r['top50_precision']:>6.3f} {r['top100_precision']:>6.3f}"
                      f"{'  (unjudged: ' + str(r['top100_unjudged']) + ')' if r['top100_unjudged'] else ''}")
    for name, r in results.items():
        if args.show_unjudged:
            for zh, en, verdict in r["top"]:
                if verdict == "unjudged":
                    print(f"{zh}\t{en}\t", file=sys.stderr)
        if args.show_missed:
            print(f"# {name} missed:", *r["missed"], sep="\n", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
