"""Reading and segmenting speed and memory: MB/s and peak MB for 1, 4, 16 and 64 MB inputs.

Each size is read in a fresh process, only the reading timed (`read_document`: decoding, page furniture, paragraphs,
sentences), from text made by repeating the shared UN documents, in two layouts: the
documents as they are (hard-wrapped lines) and everything on one line per paragraph run of
1 MB (a worst case for line-based rules). Constant MB/s and flat MB per input MB mean the
cost is linear. Usage: `python3 scripts/bench_reading.py [--sizes 1 4 16 64]`.
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MB = 1 << 20


def make_input(lang: str, size_mb: int, layout: str, folder: Path) -> Path:
    """A text of `size_mb` MB made of the UN documents of one language, repeated."""
    sources = sorted((REPO / "tests" / "data" / "un").glob(f"*.{lang}.txt"))
    seed = "\n\n".join(p.read_text(encoding="utf-8") for p in sources)
    if layout == "long-lines":
        seed = seed.replace("\n", " ")
    data = seed.encode("utf-8")
    path = folder / f"{lang}-{layout}-{size_mb}.txt"
    with path.open("wb") as handle:
        written = 0
        while written < size_mb * MB:
            chunk = data[: size_mb * MB - written].decode("utf-8", "ignore").encode("utf-8")
            handle.write(chunk + b"\n\n")
            written += len(chunk) + 2
    return path


def measure(path: Path, lang: str) -> dict:
    """Read one file in a fresh process; its CPU seconds, wall seconds and peak MB."""
    code = (
        "import json, resource, sys, time\n"
        "from align.pipeline import read_document\n"
        "start, cpu = time.perf_counter(), time.process_time()\n"
        f"document = read_document({str(path)!r}, {lang!r}, max_size=0)\n"
        "wall, cpu = time.perf_counter() - start, time.process_time() - cpu\n"
        "usage = resource.getrusage(resource.RUSAGE_SELF)\n"
        "print(json.dumps({'wall': wall, 'cpu': cpu, 'peak_mb': usage.ru_maxrss / 1024,"
        " 'paragraphs': len(document.paragraphs), 'sentences': sum(len(p.sentences) for p in document.paragraphs)}))\n"
    )
    baseline = _baseline_mb()
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO)
    figures = json.loads(result.stdout)
    figures["extra_mb"] = figures["peak_mb"] - baseline
    return figures


def _baseline_mb() -> float:
    code = ("import resource, align.pipeline, align.segment.paragraphs; "
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)")
    return float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                                cwd=REPO).stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 4, 16, 64], help="input sizes in MB")
    args = parser.parse_args()
    print(f"{'input':<22} {'MB':>4} {'paragraphs':>10} {'wall s':>7} {'CPU s':>7} {'MB/s':>6} {'MB/CPU s':>8} {'peak MB':>8} "
          f"{'MB per MB':>9}")
    with tempfile.TemporaryDirectory() as folder:
        for lang in ("zh", "en"):
            for layout in ("wrapped", "long-lines"):
                for size in args.sizes:
                    path = make_input(lang, size, layout, Path(folder))
                    f = measure(path, lang)
                    path.unlink()
                    print(f"{lang + ' ' + layout:<22} {size:>4} {f['paragraphs']:>10,} {f['wall']:>7.2f} "
                          f"{f['cpu']:>7.2f} {size / f['wall']:>6.2f} {size / f['cpu']:>8.2f} {f['peak_mb']:>8.0f} "
                          f"{f['extra_mb'] / size:>9.1f}", flush=True)
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(f"# {usage.ru_utime + usage.ru_stime:.1f} CPU s in all; MB/s = input MB / wall s of reading;"
          " MB/CPU s = input MB / CPU s of reading (steadier when other work shares the cores);"
          " MB per MB = (peak − an idle process's) / input MB")


if __name__ == "__main__":
    main()
