"""The review editor in a real browser: Debian's headless Chromium driven through Selenium.

The server runs as `python -m align review FILE --no-browser` in a child process, so that a test
can kill it mid-session. Skips (with the reason) only where chromium, its driver or selenium is absent;
.ci/run installs them.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
from selenium.webdriver.chrome.options import Options  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(not (CHROMIUM and DRIVER), reason="chromium and chromium-driver are not installed")
ROOT = Path(__file__).parent.parent

# Each aligner error kind once: a 1-2 bead shown as 1-1 + 0-1 (units 1, 2), a sentence on the wrong
# side of a boundary (units 3, 4), a wrong 1-1 (unit 5: neither side translates the other).
UNITS = [
    (["委员会通过了议程。"], ["The Committee adopted the agenda."], 0.95),
    (["秘书处介绍了报告，"], ["The Secretariat introduced the report."], 0.62),
    ([], ["It highlighted the main findings."], 0.0),
    (["工作组审议了建议。"], ["The Working Group considered the recommendations.", "It adopted them."], 0.41),
    (["工作组通过了建议。"], [], 0.0),
    (["会议在维也纳举行。"], ["Annex I lists the participants."], 0.12),
    (["会议于下午六时闭幕。"], ["The meeting rose at 6 p.m."], 0.93),
]
FIXED = [
    ("委员会通过了议程。", "The Committee adopted the agenda."),
    ("秘书处介绍了报告，", "The Secretariat introduced the report. It highlighted the main findings."),
    ("工作组审议了建议。", "The Working Group considered the recommendations."),
    ("工作组通过了建议。", "It adopted them."),
    ("会议于下午六时闭幕。", "The meeting closed at 6 p.m."),
]


def _write(path: Path, units) -> Path:
    zh = en = 0
    lines = []
    for zh_texts, en_texts, score in units:
        lines.append(json.dumps({"zh": zh_texts, "en": en_texts, "score": score,
                                 "zh_ids": list(range(zh, zh + len(zh_texts))),
                                 "en_ids": list(range(en, en + len(en_texts))), "label": "",
                                 "doubtful": score < 0.5 or not zh_texts or not en_texts}, ensure_ascii=False))
        zh, en = zh + len(zh_texts), en + len(en_texts)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _saved(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


class Editor:
    """`align review FILE` in a child process; `url` once it listens."""

    def __init__(self, path: Path):
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        self.process = subprocess.Popen([sys.executable, "-m", "align", "review", str(path), "--no-browser"],
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        self.url = self.process.stdout.readline().strip()
        assert self.url.startswith("http://127.0.0.1:"), self.process.stderr.read()

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    options = Options()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1400,900",
                 f"--user-data-dir={tmp_path_factory.mktemp('chromium')}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.set_script_timeout(20)
    yield driver
    driver.quit()


@pytest.fixture
def editor(tmp_path):
    path = _write(tmp_path / "minutes.jsonl", UNITS)
    server = Editor(path)
    yield path, server
    if server.process.poll() is None:
        server.kill()


def _open(browser, url: str) -> None:
    browser.get(url)
    WebDriverWait(browser, 20).until(lambda d: d.execute_script("return document.body.dataset.ready") == "yes")


def _keys(browser, *keys: str) -> None:
    start = int(browser.execute_script("return document.body.dataset.revision || 0"))
    browser.find_element(By.TAG_NAME, "body").send_keys(*keys)
    edits = sum(k not in ("j", "k", "n", "p", Keys.ARROW_DOWN, Keys.ARROW_UP) for k in keys)
    WebDriverWait(browser, 20).until(
        lambda d: int(d.execute_script("return document.body.dataset.revision || 0")) >= start + edits)


def _click_unit(browser, number: int) -> None:
    browser.find_element(By.CSS_SELECTOR, f"tbody tr:nth-child({number}) td.n").click()


def _pairs(path: Path) -> list[tuple[str, str]]:
    return [("".join(u["zh"]), " ".join(u["en"])) for u in _saved(path) if u["zh"] and u["en"] and not u["rejected"]]


def test_every_error_kind_is_fixed_in_at_most_three_keys_and_the_tmx_has_exactly_the_fixed_pairs(
        browser, editor, tmp_path):
    tmx = pytest.importorskip("translate.storage.tmx")
    path, server = editor
    _open(browser, server.url)
    rows = browser.find_elements(By.CSS_SELECTOR, "tbody tr")
    assert len(rows) == 7 and "one-sided" in rows[2].get_attribute("class")
    _click_unit(browser, 1)
    _keys(browser, "n", "M")  # next doubtful is the 0-1 unit: merge it with the previous unit
    _keys(browser, "n", "e")  # the 1-2 unit whose second English sentence belongs below: move it down
    _keys(browser, "n", "x")  # the wrong 1-1 (units changed by hand are not doubtful any more): split into 1-0 + 0-1
    assert _pairs(path) == [p for p in FIXED[:4]] + [("会议于下午六时闭幕。", "The meeting rose at 6 p.m.")]
    _click_unit(browser, 1)
    _keys(browser, "c")
    _keys(browser, "c", "u", "y")  # unconfirm, undo that, redo it: unconfirmed again
    assert not _saved(path)[0]["confirmed"]
    _keys(browser, "c")
    rows = browser.find_elements(By.CSS_SELECTOR, "tbody tr")
    _click_unit(browser, len(rows))
    browser.find_element(By.TAG_NAME, "body").send_keys("t")
    area = WebDriverWait(browser, 10).until(lambda d: d.find_element(By.CSS_SELECTOR, "dialog textarea[data-side=en]"))
    area.clear()
    area.send_keys("The meeting closed at 6 p.m.")
    start = int(browser.execute_script("return document.body.dataset.revision"))
    area.send_keys(Keys.CONTROL, Keys.ENTER)
    WebDriverWait(browser, 10).until(lambda d: int(d.execute_script("return document.body.dataset.revision")) > start)
    saved = _saved(path)
    assert _pairs(path) == FIXED
    assert saved[0]["confirmed"] and saved[-1]["edited"] and all(h["time"] for u in saved for h in u["history"])
    browser.find_element(By.ID, "export").click()
    WebDriverWait(browser, 10).until(lambda d: "written" in d.find_element(By.ID, "message").text)
    store = tmx.tmxfile.parsefile(str(tmp_path / "minutes.tmx"))
    assert [(u.source, u.target) for u in store.units] == FIXED
    browser.save_screenshot(str(tmp_path / "editor.png"))
    if os.environ.get("ALIGN_REVIEW_SCREENSHOT"):
        shutil.copy(tmp_path / "editor.png", os.environ["ALIGN_REVIEW_SCREENSHOT"])
    _open(browser, server.url)  # reload: the page shows what was saved
    texts = [r.text for r in browser.find_elements(By.CSS_SELECTOR, "tbody td.en")]
    assert "The meeting closed at 6 p.m." in texts[-1] and len(texts) == len(saved)


def test_killing_the_server_after_fifty_edits_loses_none(browser, tmp_path):
    units = [([f"第{k}句。"], [f"Sentence {k}."], 0.4) for k in range(60)]
    path = _write(tmp_path / "long.jsonl", units)
    server = Editor(path)
    _open(browser, server.url)
    _click_unit(browser, 1)
    _keys(browser, *["c", "j"] * 25 + ["m", "x"] * 12 + ["r"])  # 25 + 24 + 1 edits
    assert int(browser.execute_script("return document.body.dataset.revision")) == 50
    server.kill()
    saved = _saved(path)
    assert [u["confirmed"] for u in saved] == [True] * 25 + [False] * 35
    assert saved[25]["rejected"] and saved[25]["edited"] and saved[26]["edited"] and len(saved) == 60
    assert [len(u["history"]) for u in saved[:25]] == [1] * 25


def test_a_second_tab_gets_a_conflict_instead_of_overwriting(browser, editor):
    path, server = editor
    _open(browser, server.url)
    first = browser.current_window_handle
    browser.switch_to.new_window("tab")
    _open(browser, server.url)
    second = browser.current_window_handle
    browser.switch_to.window(first)
    _click_unit(browser, 1)
    _keys(browser, "m")
    saved = path.read_text(encoding="utf-8")
    browser.switch_to.window(second)
    _click_unit(browser, 3)
    browser.find_element(By.TAG_NAME, "body").send_keys("m")
    banner = WebDriverWait(browser, 10).until(lambda d: d.find_element(By.ID, "conflict").is_displayed()
                                              and d.find_element(By.ID, "conflict"))
    assert "another tab" in banner.text and path.read_text(encoding="utf-8") == saved
    banner.find_element(By.ID, "reload").click()
    WebDriverWait(browser, 10).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "tbody tr")) == 6)
    browser.close()
    browser.switch_to.window(first)


def test_without_the_token_the_browser_gets_403(browser, editor):
    _, server = editor
    browser.get(server.url.split("?")[0])
    assert "403" in browser.page_source or "Forbidden" in browser.page_source
    assert "中文" not in browser.page_source
