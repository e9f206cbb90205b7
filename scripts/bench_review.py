"""Review editor speed on a 2,000-unit alignment: opening it, and saving each edit.

    python3 scripts/bench_review.py [--units 2000] [--edits 200]

Builds the alignment by repeating the shipped example pair's (aligned here first), then measures
in this process: loading the JSONL and answering the page's first request, and edits (confirm,
merge, split, shift, text) applied and saved atomically through the Flask app; with Chromium
and its driver installed, also the page in headless Chromium: navigation to all rows shown, and
key press to the saved edit shown. Prints CPU s, wall s and peak MB.
"""
from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from align.formats.jsonl import records  # noqa: E402
from align.pipeline import align_pair  # noqa: E402
from align.review.server import Session, create_app  # noqa: E402


def build(path: Path, count: int) -> None:
    corpus = ROOT / "corpus"
    base = records(align_pair(corpus / "CTOC-COP-WG.4-2019-1.zh.txt", corpus / "CTOC-COP-WG.4-2019-1.en.txt"))
    zh = en = 0
    lines = []
    while len(lines) < count:
        for unit in base[: count - len(lines)]:
            unit = {**unit, "zh_ids": list(range(zh, zh + len(unit["zh"]))), "en_ids": list(range(en, en + len(unit["en"])))}
            zh, en = zh + len(unit["zh"]), en + len(unit["en"])
            lines.append(json.dumps(unit, ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def timed(function):
    wall, cpu = time.perf_counter(), time.process_time()
    result = function()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def server_side(path: Path, edits: int) -> None:
    token = "t"
    session, wall, cpu = timed(lambda: Session(path))
    client = create_app(session, token).test_client()
    headers = {"X-Review-Token": token}
    state, wall2, cpu2 = timed(lambda: client.get("/api/state", headers=headers).get_json())
    print(f"open: load {len(state['units'])} units {wall:.3f} s wall / {cpu:.3f} s CPU; "
          f"first state request {wall2:.3f} s wall / {cpu2:.3f} s CPU")
    rng = random.Random(1)
    times, revision = [], state["revision"]
    for n in range(edits):
        k = rng.randrange(1, state["total"] - 2)
        op = [{"op": "status", "unit": k, "status": "confirmed"}, {"op": "merge", "unit": k},
              {"op": "split", "unit": k}, {"op": "shift", "unit": k, "side": "en", "direction": "down"},
              {"op": "text", "side": "en", "segment": rng.choice(sorted(session.history.present.en)), "text": f"edit {n}"}
              ][n % 5]
        response, wall, _ = timed(lambda: client.post("/api/edit", json={"revision": revision, **op}, headers=headers))
        if response.status_code == 200:
            revision = response.get_json()["revision"]
            times.append(wall)
    times.sort()
    print(f"edits saved: {len(times)}; per edit median {statistics.median(times) * 1000:.1f} ms, "
          f"95th percentile {times[int(len(times) * 0.95)] * 1000:.1f} ms, max {times[-1] * 1000:.1f} ms "
          f"(wall; the JSONL rewritten atomically each time)")


def in_browser(path: Path) -> None:
    chromium, driver_path = shutil.which("chromium"), shutil.which("chromedriver")
    if not (chromium and driver_path):
        print("browser: chromium or chromedriver not installed; skipped")
        return
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    server = subprocess.Popen([sys.executable, "-m", "align", "review", str(path), "--no-browser"],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=ROOT)
    url = server.stdout.readline().strip()
    options = Options()
    options.binary_location = chromium
    with tempfile.TemporaryDirectory() as profile:
        for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}"):
            options.add_argument(flag)
        driver = webdriver.Chrome(service=Service(driver_path), options=options)
        try:
            opened = []
            for _ in range(3):
                driver.get(url)
                WebDriverWait(driver, 30).until(lambda d: d.execute_script("return document.body.dataset.ready"))
                opened.append(driver.execute_script("return performance.now()") / 1000)
            rows = len(driver.find_elements(By.CSS_SELECTOR, "tbody tr"))
            driver.find_element(By.CSS_SELECTOR, "tbody tr:nth-child(1000) td.n").click()
            rounds = []
            for key in "cm" * 10:
                start = int(driver.execute_script("return document.body.dataset.revision || 0"))
                driver.find_element(By.TAG_NAME, "body").send_keys(key)
                WebDriverWait(driver, 10, poll_frequency=0.01).until(
                    lambda d: int(d.execute_script("return document.body.dataset.revision || 0")) > start)
                rounds.append(int(driver.execute_script("return document.body.dataset.keyMs")))
            print(f"browser: {rows} rows shown {min(opened):.2f} s after navigation (best of 3; "
                  f"{max(opened):.2f} s worst); key press to the saved edit shown (page clock): median "
                  f"{statistics.median(rounds):.0f} ms, max {max(rounds):.0f} ms")
        finally:
            driver.quit()
            server.kill()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=2000)
    parser.add_argument("--edits", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.jsonl"
        build(path, args.units)
        server_side(path, args.edits)
        build(path, args.units)
        in_browser(path)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(f"this process: {usage.ru_utime + usage.ru_stime:.1f} CPU s, peak {usage.ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
