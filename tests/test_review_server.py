"""The review server: token and loopback checks, every edit saved atomically, conflicts, undo, export."""
from __future__ import annotations

import json

import pytest

from align.review.server import Session, create_app

TOKEN = "secret-token"


@pytest.fixture
def reviewed(tmp_path):
    path = tmp_path / "doc.jsonl"
    units = [{"zh": ["第一句。"], "en": ["First."], "score": 0.9, "zh_ids": [0], "en_ids": [0], "label": "1."},
             {"zh": ["第二句。"], "en": ["Second,"], "score": 0.8, "zh_ids": [1], "en_ids": [1], "label": "2."},
             {"zh": [], "en": ["continued."], "score": 0.0, "zh_ids": [], "en_ids": [2], "label": "2."},
             {"zh": ["第三句。"], "en": ["Third."], "score": 0.9, "zh_ids": [2], "en_ids": [3], "label": "3."}]
    path.write_text("".join(json.dumps(u, ensure_ascii=False) + "\n" for u in units), encoding="utf-8")
    app = create_app(Session(path), TOKEN)
    return path, app.test_client()


def _post(client, action, **body):
    return client.post(f"/api/{action}", json=body, headers={"X-Review-Token": TOKEN})


def _saved(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("url", ["/", "/api/state", "/assets/editor.js", "/?token=wrong"])
def test_requests_without_the_token_get_403(reviewed, url):
    _, client = reviewed
    assert client.get(url).status_code == 403
    assert client.post("/api/edit", json={"revision": 0, "op": "merge", "unit": 0}).status_code == 403


def test_a_foreign_host_header_gets_403(reviewed):
    _, client = reviewed
    assert client.get(f"/?token={TOKEN}", headers={"Host": "attacker.example:80"}).status_code == 403
    assert client.get(f"/?token={TOKEN}").status_code == 200


@pytest.mark.parametrize("url", ["/assets/..%2fserver.py", "/assets/page.html", "/assets/../server.py",
                                 "/etc/passwd", "/api/state/../../doc.jsonl", "/doc.jsonl"])
def test_no_path_outside_the_assets_can_be_read(reviewed, url):
    _, client = reviewed
    response = client.get(url + ("&" if "?" in url else "?") + f"token={TOKEN}")
    assert response.status_code == 404 and b"import" not in response.data


def test_page_and_state(reviewed):
    _, client = reviewed
    page = client.get(f"/?token={TOKEN}").get_data(as_text=True)
    assert TOKEN in page and "doc" in page and "merge with the next" in page
    state = client.get("/api/state", headers={"X-Review-Token": TOKEN}).get_json()
    assert state["revision"] == 0 and state["total"] == 4 and state["units"][2]["zh"] == []


def test_each_edit_is_saved_at_once_with_flags_and_history(reviewed):
    path, client = reviewed
    answer = _post(client, "edit", revision=0, op="merge", unit=1).get_json()
    assert answer["start"] == 1 and answer["end"] == 3 and len(answer["units"]) == 1
    assert [u["en"] for u in _saved(path)][1] == ["Second,", "continued."]
    _post(client, "edit", revision=1, op="status", unit=1, status="confirmed")
    _post(client, "edit", revision=2, op="text", side="zh", segment=2, text="第三句（改）。")
    saved = _saved(path)
    assert saved[1]["confirmed"] and [h["op"] for h in saved[1]["history"]] == ["merge", "confirmed"]
    assert saved[2]["zh"] == ["第三句（改）。"] and saved[2]["edited"]
    assert not list(path.parent.glob(".*.tmp"))  # atomic: no temporary left behind


def test_undo_and_redo_are_saved_too(reviewed):
    path, client = reviewed
    original = _saved(path)
    _post(client, "edit", revision=0, op="merge", unit=1)
    answer = _post(client, "undo", revision=1).get_json()
    assert answer["can_redo"] and not answer["can_undo"]
    assert [(u["zh"], u["en"]) for u in _saved(path)] == [(u["zh"], u["en"]) for u in original]
    _post(client, "redo", revision=2)
    assert len(_saved(path)) == 3
    assert _post(client, "redo", revision=3).status_code == 422


def test_a_stale_revision_is_a_conflict_not_an_overwrite(reviewed):
    path, client = reviewed
    _post(client, "edit", revision=0, op="merge", unit=1)  # tab A
    before = path.read_text(encoding="utf-8")
    response = _post(client, "edit", revision=0, op="merge", unit=0)  # tab B, out of date
    assert response.status_code == 409 and response.get_json()["conflict"]
    assert path.read_text(encoding="utf-8") == before


def test_a_file_changed_by_another_program_is_a_conflict_and_reloads(reviewed):
    path, client = reviewed
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(lines[:2]) + "\n" + json.dumps({"zh": ["第三句。"], "en": ["continued. Third."],
                                                             "zh_ids": [2], "en_ids": [2, 3], "score": 1}) + "\n",
                    encoding="utf-8")
    response = _post(client, "edit", revision=0, op="merge", unit=0)
    assert response.status_code == 409 and "another program" in response.get_json()["error"]
    state = client.get("/api/state", headers={"X-Review-Token": TOKEN}).get_json()
    assert state["total"] == 3
    assert _post(client, "edit", revision=state["revision"], op="merge", unit=0).status_code == 200


def test_a_file_replaced_by_garbage_is_reported_not_a_crash(reviewed):
    path, client = reviewed
    path.write_text("garbage\n", encoding="utf-8")
    response = client.get("/api/state", headers={"X-Review-Token": TOKEN})
    assert response.status_code == 409 and "not JSON" in response.get_json()["error"]


@pytest.mark.parametrize("body", [
    {"op": "merge", "unit": 3}, {"op": "merge", "unit": "1"}, {"op": "split", "unit": 0, "zh_at": 1, "en_at": 1},
    {"op": "shift", "unit": 0, "side": "en", "direction": "up"}, {"op": "shift", "unit": 0, "side": "fr", "direction": "up"},
    {"op": "status", "unit": 0, "status": "maybe"}, {"op": "text", "side": "en", "segment": 99, "text": "x"},
    {"op": "drop"},
])
def test_bad_edits_are_refused_and_nothing_is_written(reviewed, body):
    path, client = reviewed
    before = path.read_text(encoding="utf-8")
    response = _post(client, "edit", revision=0, **body)
    assert response.status_code == 422 and response.get_json()["error"]
    assert path.read_text(encoding="utf-8") == before


def test_export_writes_beside_the_file_only(reviewed):
    path, client = reviewed
    _post(client, "edit", revision=0, op="status", unit=0, status="rejected")
    written = _post(client, "export").get_json()["written"]
    assert sorted(written) == ["doc.align", "doc.html", "doc.tmx"]
    assert sorted(p.name for p in path.parent.iterdir()) == ["doc.align", "doc.html", "doc.jsonl", "doc.tmx"]
    assert "First." not in (path.parent / "doc.tmx").read_text(encoding="utf-8")


def test_align_review_of_a_document_pair_aligns_then_serves_on_loopback(example_pair, tmp_path):
    import os
    import subprocess
    import sys
    import urllib.error
    import urllib.request
    from pathlib import Path

    zh, en = example_pair
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)}
    server = subprocess.Popen([sys.executable, "-m", "align", "review", str(zh), str(en), "-o", str(tmp_path),
                               "--no-browser"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        url = server.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:") and "token=" in url
        base, token = url.split("/?token=")
        request = urllib.request.Request(f"{base}/api/state", headers={"X-Review-Token": token})
        state = json.load(urllib.request.urlopen(request, timeout=10))
        assert state["total"] == len(_saved(tmp_path / "CTOC-COP-WG.4-2019-1.jsonl")) > 40
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"{base}/api/state", timeout=10)
        assert refused.value.code == 403
    finally:
        server.kill()
        server.wait(timeout=10)


def test_an_intertext_file_is_never_opened_for_editing(tmp_path):
    from align.errors import InputError

    path = tmp_path / "doc.zh.en.xml"
    path.write_text("<linkGrp toDoc='a.xml' fromDoc='b.xml'/>", encoding="utf-8")
    with pytest.raises(InputError, match="align export"):
        Session(path)
    assert path.read_text(encoding="utf-8") == "<linkGrp toDoc='a.xml' fromDoc='b.xml'/>"
