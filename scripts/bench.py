#!/usr/bin/env python3
"""Speed and memory of `align run`: CPU seconds, wall seconds and peak MB per input, beside hunalign.

Every measurement is one fresh `python -m align run` process (start-up, dictionary cache,
reading, aligning and writing all outputs included); CPU is its user + system time, so other
work on the machine does not inflate it the way it inflates wall time. Inputs:
- `--help`: `align --help` (start-up alone);
- `example`: the shipped example pair in corpus/ (text, two-level alignment);
- `bible 1/4 · 1/2 · 1/1`: prefixes of the Bible pair (6,301 zh / 5,000 en lines) cut after the
  same verse on both sides, `--input-format lines` (distinct text growing 4-fold: linear cost?);
- `mac-dev`: the six MAC-Dev chapters, six `align run --input-format lines` calls, summed;
- `un ×1 · ×4 · ×16`: the three UN pairs concatenated k times (text, two-level alignment).
With `--hunalign PATH --dictionary FILE`, hunalign aligns the line-based inputs too (the Chinese
side tokenised into words with jieba first, as hunalign needs; that time is counted with it).
Prints a table (`--json` for machines). A benchmark, not a test.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
_TOKENISE = """
import sys, jieba
jieba.setLogLevel(60)
with open(sys.argv[1], encoding="utf-8") as source, open(sys.argv[2], "w", encoding="utf-8") as target:
    for line in source:
        target.write(" ".join(w for w in jieba.lcut(line.strip(), HMM=False) if w.strip()) + "\\n")
"""


def measure(command: list[str], cwd: Path = REPO) -> dict:
    """CPU (user + system), wall seconds and peak MB of one child process."""
    env = dict(os.environ, PYTHONPATH=str(REPO))
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    error = process.stderr.read().decode(errors="replace")
    process.stderr.close()
    if status:
        raise RuntimeError(f"{' '.join(command)} failed: {error.strip()[-300:]}")
    return {"cpu": usage.ru_utime + usage.ru_stime, "wall": wall, "peak_mb": usage.ru_maxrss / 1024}


def added(runs: list[dict]) -> dict:
    """Several runs one after the other: CPU and wall add up, the peak is the largest."""
    return {"cpu": sum(r["cpu"] for r in runs), "wall": sum(r["wall"] for r in runs),
            "peak_mb": max(r["peak_mb"] for r in runs)}


def align_run(pairs: list[tuple[Path, Path, str]], out: Path) -> dict:
    return added([measure([sys.executable, "-m", "align", "run", str(zh), str(en), "-o", str(out), "-q",
                           "--input-format", fmt]) for zh, en, fmt in pairs])


def hunalign_run(pairs: list[tuple[Path, Path, str]], hunalign: Path, dictionary: Path, work: Path) -> dict | None:
    """hunalign on pre-split lines, the Chinese side tokenised with jieba (None for other inputs)."""
    if any(fmt != "lines" for _, _, fmt in pairs):
        return None
    runs = []
    for k, (zh, en, _) in enumerate(pairs):
        tokens = work / f"hunalign{k}.zh"
        runs.append(measure([sys.executable, "-c", _TOKENISE, str(zh), str(tokens)]))
        runs.append(measure([str(hunalign), "-text", str(dictionary), str(tokens), str(en)]))
    return added(runs)


def concatenated(files: list[Path], times: int, target: Path, separator: str) -> Path:
    text = separator.join(f.read_text(encoding="utf-8").rstrip("\n") for f in files)
    target.write_text(separator.join([text] * times) + "\n", encoding="utf-8")
    return target


def bible_prefix(bible: Path, share: float, work: Path) -> tuple[Path, Path, str]:
    """The first `share` of the Bible pair, both sides cut after the same verse."""
    zh_verses = (bible / "zh.verse").read_text(encoding="utf-8").split()
    en_verses = (bible / "en.verse").read_text(encoding="utf-8").split()
    last = en_verses[max(0, int(len(en_verses) * share) - 1)]
    files = []
    for lang, verses in (("zh", zh_verses), ("en", en_verses)):
        lines = (bible / f"{lang}.txt").read_text(encoding="utf-8").splitlines()
        keep = max(k for k, verse in enumerate(verses) if verse == last) + 1
        target = work / f"bible{share:.3f}.{lang}"
        target.write_text("\n".join(lines[:keep]) + "\n", encoding="utf-8")
        files.append(target)
    return files[0], files[1], "lines"


def cases(shared: Path, work: Path, bible_shares: list[int], un_sizes: list[int]):
    """(name, [(zh, en, input format), …]) in the order they are measured."""
    yield "example", [(REPO / "corpus" / "CTOC-COP-WG.4-2019-1.zh.txt", REPO / "corpus" / "CTOC-COP-WG.4-2019-1.en.txt",
                       "auto")]
    for times in bible_shares:
        yield f"bible 1/{times}", [bible_prefix(shared / "bench" / "bible", 1 / times, work)]
    mac = shared / "bench" / "mac-dev"
    yield "mac-dev", [(mac / "zh" / p.name, mac / "en" / p.name, "lines") for p in sorted((mac / "zh").glob("*.txt"))]
    un = shared / "corpus"
    stems = sorted(p.name.split(".")[0] for p in (un / "gold").glob("*.para.jsonl"))
    for times in un_sizes:
        files = {lang: concatenated([un / lang / f"{s}.txt" for s in stems], times, work / f"un{times}.{lang}", "\n\n")
                 for lang in ("zh", "en")}
        yield f"un ×{times}", [(files["zh"], files["en"], "auto")]


def lines(pairs: list[tuple[Path, Path, str]]) -> int:
    return sum(len(p.read_text(encoding="utf-8").splitlines()) for zh, en, _ in pairs for p in (zh, en))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--bible", default="4,2,1", help="Bible prefixes 1/k (default 4,2,1)")
    parser.add_argument("--un", default="1,4,16", help="UN repetition factors (default 1,4,16)")
    parser.add_argument("--hunalign", type=Path, help="a hunalign binary to compare with (needs --dictionary)")
    parser.add_argument("--dictionary", type=Path, help="hunalign's dictionary file")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if bool(args.hunalign) != bool(args.dictionary):
        parser.error("--hunalign and --dictionary go together")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        align_run(next(cases(args.shared, work, [], []))[1], work / "out")  # warm the dictionary and jieba caches
        rows.append({"case": "--help", "lines": 0, "align": measure([sys.executable, "-m", "align", "--help"])})
        if not args.json:
            print(f"{'input':<12} {'lines':>7}  {'CPU s':>7} {'wall s':>7} {'peak MB':>8}  "
                  f"{'lines/CPU s':>11}" + ("  hunalign CPU s  wall s  peak MB  align/hunalign CPU" if args.hunalign
                                           else ""), flush=True)
            _print(rows[-1], args.hunalign)
        for name, pairs in cases(args.shared, work, [int(k) for k in args.bible.split(",")],
                                 [int(k) for k in args.un.split(",")]):
            row = {"case": name, "lines": lines(pairs), "align": align_run(pairs, work / "out")}
            if args.hunalign:
                row["hunalign"] = hunalign_run(pairs, args.hunalign, args.dictionary, work)
            rows.append(row)
            if not args.json:
                _print(row, args.hunalign)
    if args.json:
        print(json.dumps(rows, indent=2))
    return 0


def _print(row: dict, hunalign: Path | None) -> None:
    a = row["align"]
    rate = f"{row['lines'] / a['cpu']:>11.0f}" if row["lines"] else " " * 11
    text = f"{row['case']:<12} {row['lines']:>7}  {a['cpu']:>7.2f} {a['wall']:>7.2f} {a['peak_mb']:>8.0f}  {rate}"
    h = row.get("hunalign")
    if h:
        text += f"  {h['cpu']:>14.2f} {h['wall']:>7.2f} {h['peak_mb']:>8.0f}  {a['cpu'] / h['cpu']:>18.2f}"
    elif hunalign:
        text += f"  {'—':>14}"
    print(text, flush=True)


if __name__ == "__main__":
    sys.exit(main())
