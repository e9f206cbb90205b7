#!/usr/bin/env python3
"""Speed and memory of `align` at growing input sizes: does cost grow linearly?

Inputs at growing sizes:
- `bible 1/8 … 1/1`: prefixes of the Bible pair (6,301 zh / 5,000 en lines) cut at the same verse
  on both sides: distinct text growing 8-fold, pre-split lines (`--input-format lines`);
- `mac ×k`: MAC-Dev, all six chapters, concatenated k times: every sentence occurs k times, a
  stress case for anchoring (real documents repeat headings and formulas too);
- `un ×k`: the three UN pairs concatenated k times, PDF-extracted text, two-level alignment.
Each size runs in a fresh process, so the peak memory (max RSS) is that size's own.
Prints segments per second and peak MB; `--json` for machines. A benchmark, not a test.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

_CHILD = """
import json, resource, sys, time
sys.path.insert(0, {repo!r})
start = time.perf_counter()
from align.config import AlignConfig
from align.pipeline import align_pair
alignment = align_pair({zh!r}, {en!r}, AlignConfig(input_format={fmt!r}))
seconds = time.perf_counter() - start
print(json.dumps({{"seconds": seconds, "units": len(alignment.units),
                  "segments": len(alignment.zh) + len(alignment.en),
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def concatenated(files: list[Path], times: int, target: Path, separator: str) -> Path:
    text = separator.join(f.read_text(encoding="utf-8").rstrip("\n") for f in files)
    target.write_text(separator.join([text] * times) + "\n", encoding="utf-8")
    return target


def measure(zh: Path, en: Path, input_format: str) -> dict:
    code = _CHILD.format(repo=str(REPO), zh=str(zh), en=str(en), fmt=input_format)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def cases(shared: Path, work: Path, sizes: list[int]):
    mac = shared / "bench" / "mac-dev"
    un = shared / "corpus"
    stems = sorted(p.name.split(".")[0] for p in (un / "gold").glob("*.para.jsonl"))
    yield from bible_cases(shared / "bench" / "bible", work, sizes)
    for times in sizes:
        files = {lang: concatenated(sorted((mac / lang).glob("*.txt")), times, work / f"mac{times}.{lang}", "\n")
                 for lang in ("zh", "en")}
        yield f"mac ×{times}", (files["zh"], files["en"], "lines")
    for times in sizes:
        files = {lang: concatenated([un / lang / f"{s}.txt" for s in stems], times, work / f"un{times}.{lang}",
                                    "\n\n") for lang in ("zh", "en")}
        yield f"un ×{times}", (files["zh"], files["en"], "auto")


def bible_cases(bible: Path, work: Path, sizes: list[int]):
    for times in sorted(sizes, reverse=True):
        yield f"bible 1/{times}", bible_prefix(bible, 1 / times, work)


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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--sizes", default="1,2,4,8", help="repetition factors (default 1,2,4,8)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, (zh, en, fmt) in cases(args.shared, Path(tmp), sizes):
            result = measure(zh, en, fmt)
            result["case"] = name
            result["segments_per_second"] = round(result["segments"] / result["seconds"], 1)
            rows.append(result)
            if not args.json:
                print(f"{name:<10} {result['segments']:>7} segments {result['seconds']:>7.2f} s "
                      f"{result['segments_per_second']:>8.0f} seg/s {result['peak_mb']:>7.0f} MB peak", flush=True)
    if args.json:
        print(json.dumps(rows, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
