"""align batch: pairing, resumability after an interruption, failures reported, Dask = local."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from align.batch import jobs
from align.batch.cli import batch_command
from align.cli import main
from align.corpus import find_pairs
from align.errors import InputError
from align.batch.runner import Settings, run_batch
from align.batch.store import Store

DATA = Path(__file__).parent / "data"
STEM = "003_cdd5c65759a59d46"


def _corpus(folder: Path, count: int) -> Path:
    """`count` pairs named X.zh.txt / X.en.txt (copies of one fixture pair, each made unique)."""
    folder.mkdir(parents=True, exist_ok=True)
    for k in range(count):
        for lang in ("zh", "en"):
            text = (DATA / "un" / f"{STEM}.{lang}.txt").read_text(encoding="utf-8")
            (folder / f"doc{k:02d}.{lang}.txt").write_text(text + f"\n\n{k + 1}. End {k}.\n", encoding="utf-8")
    return folder


def test_pairing_by_name_folder_and_manifest(tmp_path: Path) -> None:
    (tmp_path / "zh").mkdir()
    (tmp_path / "en").mkdir()
    for path in ("a.zh.txt", "a.en.txt", "zh/b.txt", "en/b.txt", "c_zh.txt"):
        (tmp_path / path).write_text("x", encoding="utf-8")
    pairs = {p.name: p for p in find_pairs(tmp_path)}
    assert set(pairs) == {"a", "b", "c"}
    assert pairs["b"].zh == tmp_path / "zh/b.txt" and pairs["b"].en == tmp_path / "en/b.txt"
    assert "no English partner" in pairs["c"].missing
    manifest = tmp_path / "list.csv"
    manifest.write_text("zh,en,name\nzh/b.txt,en/b.txt,B\n", encoding="utf-8")
    assert find_pairs(manifest)[0].en == tmp_path / "en/b.txt"


def test_interrupted_run_resumes_without_redoing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pairs = find_pairs(_corpus(tmp_path / "in", 4))
    store = Store(tmp_path / "store.sqlite")
    calls: list[str] = []
    real = jobs.align_job

    def interrupted(job):
        if len(calls) == 2:
            raise KeyboardInterrupt  # the user pressed Ctrl-C during the third pair
        calls.append(job.name)
        return real(job)

    monkeypatch.setattr(jobs, "align_job", interrupted)
    with pytest.raises(KeyboardInterrupt):
        run_batch(pairs, store, Settings(workers=1), lambda m: None)
    monkeypatch.setattr(jobs, "align_job", real)
    report = run_batch(pairs, Store(tmp_path / "store.sqlite"), Settings(workers=1), lambda m: None)
    assert (len(report.aligned), len(report.skipped), report.failed) == (2, 2, [])
    assert set(report.skipped) == set(calls)


def test_cli_reports_bad_files_and_finishes_the_rest(tmp_path: Path) -> None:
    folder = _corpus(tmp_path / "in", 2)
    (folder / "broken.zh.docx").write_bytes(b"PK\x03\x04 not a real archive")
    shutil.copy(folder / "doc00.en.txt", folder / "broken.en.txt")
    (folder / "scan.zh.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    shutil.copy(folder / "doc00.en.txt", folder / "scan.en.txt")
    shutil.copy(folder / "doc00.zh.txt", folder / "alone.zh.txt")
    result = CliRunner().invoke(batch_command, [str(folder), "-o", str(tmp_path / "out"), "--workers", "2",
                                                "--json", "-q", "--no-glossary"])
    assert result.exit_code == 5, result.output
    summary = json.loads(result.stdout)
    assert (summary["aligned"], summary["skipped"], summary["failed"]) == (2, 0, 3)
    reasons = {f["name"]: f["reason"] for f in summary["failures"]}
    assert "damaged" in reasons["broken"] and "PDF" in reasons["scan"] and "no English partner" in reasons["alone"]
    tmx = (tmp_path / "out" / "corpus.tmx").read_text(encoding="utf-8")
    assert 'type="x-document">doc01<' in tmx and "broken" not in tmx
    again = CliRunner().invoke(batch_command, [str(folder), "-o", str(tmp_path / "out"), "--json", "-q",
                                               "--no-glossary"])
    assert json.loads(again.stdout)["skipped"] == 2


def test_dask_gives_the_same_units_as_local(tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    pairs = find_pairs(_corpus(tmp_path / "in", 2))
    local = Store(tmp_path / "local.sqlite")
    run_batch(pairs, local, Settings(workers=1), lambda m: None)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster:
        remote = Store(tmp_path / "dask.sqlite")
        report = run_batch(pairs, remote, Settings(executor="dask", scheduler=cluster.scheduler_address),
                           lambda m: None)
    assert len(report.aligned) == 2
    for name, key in report.keys:
        assert remote.alignment(key) == local.alignment(key)


def test_glossary_export(tmp_path: Path) -> None:
    folder = _corpus(tmp_path / "in", 1)
    result = CliRunner().invoke(main, ["batch", str(folder), "-o", str(tmp_path / "out"), "-q"])  # as `align batch`
    assert result.exit_code == 0, result.output
    assert "<termEntry" in (tmp_path / "out" / "glossary.tbx").read_text(encoding="utf-8") or \
           "<conceptEntry" in (tmp_path / "out" / "glossary.tbx").read_text(encoding="utf-8")



def test_the_store_keeps_an_alignment_whole(tmp_path: Path) -> None:
    """Paragraphs, labels, kinds, scores and the signature come back from the store as aligned,
    so the corpus TMX holds the same units, labels and props as `align run`'s TMX."""
    from lxml import etree

    from align.config import AlignConfig
    from align.formats import tmx
    from align.pipeline import align_pair

    pairs = find_pairs(_corpus(tmp_path / "in", 1))
    store = Store(tmp_path / "store.sqlite")
    report = run_batch(pairs, store, Settings(AlignConfig(), workers=1), lambda m: None)
    stored = store.alignment(report.keys[0][1])
    store.close()
    direct = align_pair(pairs[0].zh, pairs[0].en)
    assert stored == direct and stored.signature == AlignConfig().signature()
    assert any(s.kind != "body" for s in stored.zh) and len({s.paragraph for s in stored.zh}) < len(stored.zh)

    def tus(text: str) -> list[tuple]:
        root = etree.fromstring(text.encode("utf-8"))
        return [(tuple(p.text for p in tu.iter("prop") if p.get("type") != "x-document"),
                 tuple(seg.text for seg in tu.iter("seg"))) for tu in root.iter("tu")]

    assert tus(tmx.render(stored, "doc00")) == tus(tmx.render(direct, "doc00"))


def test_glossary_is_rebuilt_only_when_the_aligned_pairs_change(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import glossary.batch

    builds: list[int] = []
    real = glossary.batch.glossary_tbx
    monkeypatch.setattr(glossary.batch, "glossary_tbx", lambda store, rows, processes, collected: builds.append(len(rows)) or real(store, rows, processes, collected))
    folder = _corpus(tmp_path / "in", 2)
    out = tmp_path / "out"

    def run() -> str:
        result = CliRunner().invoke(main, ["batch", str(folder), "-o", str(out), "-q"])
        assert result.exit_code == 0, result.output
        return (out / "glossary.tbx").read_text(encoding="utf-8")

    first = run()
    assert run() == first and builds == [2]  # nothing changed: the stored glossary is written again
    (folder / "doc01.en.txt").write_text((folder / "doc01.en.txt").read_text(encoding="utf-8") + "\n\n9. More.\n",
                                         encoding="utf-8")
    run()
    assert builds == [2, 2]
    from align.batch import exports

    build, _ = exports.CORPUS_EXPORTS["glossary.tbx"]
    monkeypatch.setitem(exports.CORPUS_EXPORTS, "glossary.tbx", (build, "glossary:other-settings"))
    run()  # same pairs, another glossary signature: built again
    assert builds == [2, 2, 2]


def test_batch_with_an_embedder_aligns_as_run_does(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from test_similarity import FakeEmbedder

    from align.config import AlignConfig
    from align.pipeline import align_pair
    from align.similarity.embedder import CachedEmbedder

    pairs = find_pairs(_corpus(tmp_path / "in", 2))
    config = AlignConfig(embedder="fake")
    monkeypatch.setitem(jobs._embedders, "fake", CachedEmbedder(FakeEmbedder(), limit=10))  # loaded once, kept
    store = Store(tmp_path / "store.sqlite")
    report = run_batch(pairs, store, Settings(config=config, workers=1), lambda m: None)
    assert not report.failed and "emb:fake" in report.keys[0][1]
    for (name, key), pair in zip(report.keys, pairs):
        expected = align_pair(pair.zh, pair.en, config, embedder=FakeEmbedder())
        assert store.alignment(key).as_dict() == expected.as_dict()
    assert len(jobs._embedders["fake"].vectors) == 10  # the oldest vectors went first


def test_batch_refuses_a_missing_embedder_before_aligning(tmp_path: Path) -> None:
    from align.cli import main

    result = CliRunner().invoke(main, ["batch", str(_corpus(tmp_path / "in", 1)), "-o", str(tmp_path / "out"),
                                       "--embedder", str(tmp_path / "no-model")])
    assert result.exit_code == 2 and result.output.startswith("align: error: ")
    assert "not a model directory" in result.output
    assert not (tmp_path / "out" / "align-store.sqlite").exists()


def test_glossary_uses_the_workers_unit_analyses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`align batch` has the workers analyse each pair's units for the glossary and keeps that in the
    store; the glossary built from it is the one built from the units alone, and a pair the store
    holds no analysis for (aligned with --no-glossary) is analysed in the main process."""
    import glossary.batch
    from align.batch.exports import PAIR_WORK, pair_work
    from align.cli import register_batch_exports
    from glossary.build import build_glossary
    from glossary.formats import tbx

    register_batch_exports()
    pairs = find_pairs(_corpus(tmp_path / "in", 2))
    store = Store(tmp_path / "store.sqlite")
    run_batch(pairs[:1], store, Settings(workers=1), lambda m: None)  # no glossary: nothing kept
    report = run_batch(pairs, store, Settings(workers=1, pair_work=pair_work()), lambda m: None)
    rows = [store.pair(key) for _, key in report.keys]
    assert list(PAIR_WORK) == [glossary.batch.PAIR_DATA]
    assert [store.pair_data(r.key, glossary.batch.PAIR_DATA) is not None for r in rows] == [False, True]
    units = [u for r in rows for u in glossary.batch._two_sided(store.alignment(r.key), r.name)]
    alone = tbx.render(build_glossary(units, sources={r.name: r.name for r in rows}))
    analysed: list[str] = []
    real = glossary.batch.unit_analysis
    monkeypatch.setattr(glossary.batch, "unit_analysis", lambda unit: analysed.append(unit.ref) or real(unit))
    assert glossary.batch.glossary_tbx(store, rows) == alone.decode("utf-8")
    assert analysed and {ref.split()[0] for ref in analysed} == {rows[0].name}  # only the pair without analyses


def _glossary_store(tmp_path: Path, count: int) -> tuple[Store, list]:
    """A store of `count` pairs aligned with the workers' glossary analyses."""
    from align.batch.exports import pair_work
    from align.cli import register_batch_exports

    register_batch_exports()
    store = Store(tmp_path / "store.sqlite")
    report = run_batch(find_pairs(_corpus(tmp_path / "in", count)), store, Settings(workers=1, pair_work=pair_work()),
                       lambda m: None)
    return store, [store.pair(key) for _, key in report.keys]


def test_packed_unit_analyses_come_back_as_made(tmp_path: Path) -> None:
    """The analyses packed in the workers (numbers into the pair's tokens and strings, links as bits)
    unpack to what `unit_analysis` makes; data of another layout is analysed again."""
    import glossary.batch as gb
    from glossary.termpairs import unit_analysis

    store, rows = _glossary_store(tmp_path, 1)
    units = gb._two_sided(store.alignment(rows[0].key), rows[0].name)
    unpacked = gb._unpacked(store.pair_data(rows[0].key, gb.PAIR_DATA), units, gb.Shared())
    assert len(unpacked) == len(units) > 10
    for unit, (a, links) in zip(units, unpacked):
        made, made_links = unit_analysis(unit)
        assert (a.zh_tokens, a.en_tokens, a.zh_spans, a.en_spans, a.en_stems) == \
               (made.zh_tokens, made.en_tokens, made.zh_spans, made.en_spans, made.en_stems)
        assert links.dtype == made_links.dtype and links.shape == made_links.shape and (links == made_links).all()
    shared = gb.Shared()
    first, second = (gb._unpacked(store.pair_data(rows[0].key, gb.PAIR_DATA), units, shared) for _ in range(2))
    assert first[0][0].zh_tokens[0] is second[0][0].zh_tokens[0]  # one object per token of the corpus
    old = gb.zlib.compress(gb.marshal.dumps([()] * len(units)))  # the layout before numbered tables
    assert [a.zh_tokens for a, _ in gb._unpacked(old, units, gb.Shared())] == [a.zh_tokens for a, _ in unpacked]


def test_glossary_paired_in_forked_processes_is_the_one_paired_here(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The units paired in two forked processes (small chunks, so that both work and the results come
    back out of order of completion) give the same glossary as pairing them in this process."""
    import glossary.batch as gb

    store, rows = _glossary_store(tmp_path, 2)
    here = gb.glossary_tbx(store, rows, processes=1)
    monkeypatch.setattr(gb, "CHUNK", 7)
    monkeypatch.setattr(gb, "each_unit", None)  # not paired in this process
    assert gb.glossary_tbx(store, rows, processes=2) == here
    assert "<termEntry" in here or "<conceptEntry" in here


def test_glossary_from_the_pairs_taken_as_aligned_is_the_one_from_the_store(tmp_path: Path) -> None:
    """The glossary built from what its collector took of each pair as it was aligned (the main
    process's idle time while the workers align) is the one built from the store afterwards."""
    import glossary.batch as gb
    from align.batch.exports import collect, collectors, pair_work
    from align.cli import register_batch_exports

    register_batch_exports()
    store = Store(tmp_path / "store.sqlite")
    collected = collectors()
    report = run_batch(find_pairs(_corpus(tmp_path / "in", 2)), store, Settings(workers=2, pair_work=pair_work()),
                       lambda m: None, lambda outcome: collect(outcome, collected))
    rows = [store.pair(key) for _, key in report.keys]
    taken = collected["glossary.tbx"]
    assert isinstance(taken, gb.Collected) and set(taken.pairs) == {(r.key, r.name) for r in rows}
    streamed = gb.glossary_tbx(store, rows, 1, taken)
    assert not taken.pairs  # all used, none loaded again
    assert streamed == gb.glossary_tbx(store, rows)


@pytest.mark.parametrize("mark, tables", [(0, ["customers", "pairs"]), (0x46524F47, [])])
def test_a_database_of_another_program_is_refused_not_emptied(tmp_path: Path, mark: int, tables: list[str]) -> None:
    """--store given another program's SQLite file (holding tables no store has held, or marked as
    another's): one line, and its tables stay as they were (an older layout's would be dropped)."""
    import sqlite3

    path = tmp_path / "theirs.sqlite"
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA application_id = {mark}")
        for table in tables:
            db.execute(f"CREATE TABLE {table} (id INTEGER)")
            db.execute(f"INSERT INTO {table} VALUES (1)")
    with pytest.raises(InputError, match="not an align batch store"):
        Store(path)
    with sqlite3.connect(path) as db:
        assert [db.execute(f"SELECT id FROM {t}").fetchall() for t in tables] == [[(1,)]] * len(tables)


def test_a_store_of_an_older_layout_is_emptied_and_marked(tmp_path: Path) -> None:
    """A store written before the layout number and the program mark (user_version 0, our old tables)
    is ours: emptied, refilled and marked as align's."""
    import sqlite3

    from align.batch.store import APPLICATION_ID, LAYOUT

    path = tmp_path / "old.sqlite"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE units (pair TEXT, zh TEXT, en TEXT)")
        db.execute("CREATE TABLE pairs (key TEXT)")
    Store(path).close()
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert db.execute("PRAGMA user_version").fetchone()[0] == LAYOUT
        assert "units" not in {n for (n,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def test_more_workers_than_a_machine_can_hold_is_a_usage_error(tmp_path: Path) -> None:
    """--workers 100000 would start as many processes of about 200 MB each: refused in one line, exit 2."""
    result = CliRunner().invoke(main, ["batch", str(tmp_path), "-o", str(tmp_path / "out"), "--workers", "100000"])
    assert result.exit_code == 2 and "'--workers': 100000 is not in the range" in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_pair_renamed_in_the_manifest_is_renamed_in_the_outputs_of_a_re_run(tmp_path: Path) -> None:
    """A re-run that skips an aligned pair gives it the name the manifest gives it now (it kept the
    name of its first run, so renaming pairs in the manifest changed nothing in the outputs)."""
    _corpus(tmp_path / "in", 1)
    manifest = tmp_path / "pairs.csv"
    out = tmp_path / "out"
    for name in ("first-name", "A-AC.1-2024-1"):
        manifest.write_text(f"zh,en,name\nin/doc00.zh.txt,in/doc00.en.txt,{name}\n", encoding="utf-8")
        result = CliRunner().invoke(main, ["batch", str(manifest), "-o", str(out), "--no-glossary", "--workers", "1", "-q"])
        assert result.exit_code == 0, result.output
    tmx = (out / "corpus.tmx").read_text(encoding="utf-8")
    assert ">A-AC.1-2024-1</prop>" in tmx and "first-name" not in tmx
    assert (out / "summary.tsv").read_text(encoding="utf-8").splitlines()[1].startswith("A-AC.1-2024-1\t")
