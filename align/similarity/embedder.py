"""Optional sentence-embedding similarity from a local multilingual model (never downloaded).

Any object with `encode(texts) -> vectors` is an `Embedder`; `load(path)` wraps a local
sentence-transformers model directory (LaBSE, LASER-like models, …). sentence-transformers is
an optional extra, imported only when a model is loaded. Like Bertalign, every span of up to
`max_span` consecutive sentences is embedded once, so a bead's similarity is the cosine of
its two spans' vectors; the cost is linear in the input.
"""
from __future__ import annotations

from pathlib import Path
from typing import Protocol, Sequence

Vector = Sequence[float]


class Embedder(Protocol):
    def encode(self, texts: Sequence[str]) -> Sequence[Vector]:
        """One vector per text (any scale: they are normalised here)."""


class _SentenceTransformer:
    def __init__(self, model):
        self.model = model

    def encode(self, texts: Sequence[str]) -> Sequence[Vector]:
        return self.model.encode(list(texts), batch_size=64, show_progress_bar=False)


def load(path: str | Path, device: str = "cpu") -> Embedder:
    """A local sentence-transformers model directory as an Embedder (no network access)."""
    path = Path(path)
    if not path.is_dir():
        raise ValueError(f"{path}: not a model directory")
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError as error:
        raise RuntimeError(
            "--embedder needs the optional `sentence-transformers` package "
            "(pip install sentence-transformers); it is not required otherwise") from error
    return _SentenceTransformer(SentenceTransformer(str(path), device=device, local_files_only=True))


class EmbeddingSimilarity:
    """Cosine similarity of span embeddings: zh[i:i+di] against en[j:j+dj]."""

    def __init__(self, embedder: Embedder, zh: Sequence[str], en: Sequence[str], max_span: int = 4):
        self.max_span = max_span
        self.zh = _span_vectors(embedder, zh, max_span, "")
        self.en = _span_vectors(embedder, en, max_span, " ")

    def cosine(self, i: int, di: int, j: int, dj: int) -> float:
        if not 0 < di <= self.max_span or not 0 < dj <= self.max_span:
            return 0.0
        return float(self.zh[di - 1][i] @ self.en[dj - 1][j])


def _span_vectors(embedder: Embedder, texts: Sequence[str], max_span: int, glue: str) -> list:
    """For each span length d (1..max_span), a matrix whose row i embeds texts[i:i+d]."""
    import numpy as np

    matrices = []
    for d in range(1, max_span + 1):
        spans = [glue.join(texts[i:i + d]) for i in range(len(texts) - d + 1)]
        vectors = np.asarray(embedder.encode(spans), dtype=np.float32) if spans else np.zeros((0, 1), np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        matrices.append(vectors / np.where(norms == 0, 1, norms))
    return matrices
