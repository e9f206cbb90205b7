"""The `align run` job as library calls: read → segment → align → render outputs.

`align_files` is the entry point for other code (glossary, batch): it returns the aligned
units as plain dicts, the shape of the JSONL output.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .aligner.document import Settings, align_documents, align_segments
from .errors import InputError
from .model import Alignment, Document, Segment
from .readers import detect
from .readers import docx as docx_reader
from .readers import html as html_reader
from .readers import lines as lines_reader
from .readers import pdf as pdf_reader
from .readers import text as text_reader
from .segment.sentences import split_sentences
from .similarity.embedder import CachedEmbedder, Embedder
from .formats import html, jsonl, tmx, vecalign

INPUT_FORMATS = ("auto", "text", "lines", "docx", "pdf", "html")
READERS = {"text": text_reader, "lines": lines_reader, "docx": docx_reader, "pdf": pdf_reader, "html": html_reader}
# A pair is probably unrelated when its mean unit confidence (calibrated: real UN pairs score
# 0.85–0.95, unrelated ones 0.3–0.67) is below LOW_CONFIDENCE or more
# than DOUBTFUL_SHARE of its units are doubtful or one-sided.
LOW_CONFIDENCE = 0.75
DOUBTFUL_SHARE = 0.4
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")

Progress = Callable[[str], None]


def _silent(message: str) -> None:
    pass


def read_document(path: str | Path, lang: str, input_format: str = "auto") -> Document:
    """Read one document ('auto': the format its first bytes show) and split its paragraphs into sentences."""
    if input_format not in INPUT_FORMATS:
        raise InputError(f"unknown input format {input_format!r} (one of {', '.join(INPUT_FORMATS)})")
    if input_format == "auto":
        input_format = detect.detect(path)
    document = READERS[input_format].read(path, lang)
    if input_format != "lines":
        for paragraph in document.paragraphs:
            paragraph.sentences = split_sentences(paragraph.text, lang)
    return document


def chinese_share(document: Document) -> float:
    """Share of Chinese characters among the letters of a document."""
    text = "".join(p.text for p in document.paragraphs)
    cjk, latin = len(_CJK.findall(text)), len(_LATIN.findall(text))
    return cjk / (cjk + latin) if cjk + latin else 0.0


def check_languages(zh: Document, en: Document) -> None:
    zh_share, en_share = chinese_share(zh), chinese_share(en)
    if zh_share < 0.2 and en_share > 0.4:
        raise InputError(
            f"the files look swapped: {zh.path} is English and {en.path} is Chinese (give ZH_FILE first)")
    if zh_share < 0.2:
        raise InputError(f"{zh.path}: expected a Chinese document, found almost no Chinese text")
    if en_share > 0.4:
        raise InputError(f"{en.path}: expected an English document, found mostly Chinese text")


def align_pair(
    zh_path: str | Path,
    en_path: str | Path,
    level: str = "sentence",
    input_format: str = "auto",
    progress: Progress = _silent,
    embedder: Embedder | None = None,
) -> Alignment:
    """Read, check and align one pair; `embedder` (see `align.similarity.embedder.load`) adds
    sentence-embedding evidence (to the sentence pass of documents, and to pre-split lines)."""
    progress(f"reading {zh_path}")
    zh = read_document(zh_path, "zh", input_format)
    progress(f"reading {en_path}")
    en = read_document(en_path, "en", input_format)
    check_languages(zh, en)
    progress(f"aligning {len(zh.paragraphs)} zh and {len(en.paragraphs)} en "
             f"{'lines' if input_format == 'lines' else 'paragraphs'}")
    if embedder is not None and not isinstance(embedder, CachedEmbedder):
        embedder = CachedEmbedder(embedder, progress=progress)
    if input_format == "lines":
        return align_segments(_line_segments(zh), _line_segments(en), embedder=embedder)
    return align_documents(zh, en, level, Settings(), embedder=embedder)


def align_files(zh_path: str | Path, en_path: str | Path, level: str = "sentence",
                input_format: str = "auto", embedder: Embedder | None = None) -> list[dict]:
    """Aligned units as JSONL-shaped dicts: {"zh": [...], "en": [...], "score": …, …}."""
    return jsonl.records(align_pair(zh_path, en_path, level, input_format, embedder=embedder))


@dataclass(frozen=True)
class Summary:
    units: int
    two_sided: int
    one_sided: int
    doubtful: int
    mean_confidence: float

    @property
    def low_confidence(self) -> bool:
        doubtful_share = (self.doubtful + self.one_sided) / self.units if self.units else 1.0
        return self.two_sided == 0 or self.mean_confidence < LOW_CONFIDENCE or doubtful_share > DOUBTFUL_SHARE


def summarise(alignment: Alignment) -> Summary:
    units = alignment.units
    one_sided = sum(u.one_sided for u in units)
    doubtful = sum(alignment.is_doubtful(u) and not u.one_sided for u in units)
    return Summary(len(units), len(units) - one_sided, one_sided, doubtful, round(alignment.mean_score, 4))


def render_outputs(alignment: Alignment, out_dir: Path, name: str) -> dict[Path, str]:
    """Every output file's path and text (nothing is written here)."""
    return {
        out_dir / f"{name}.tmx": tmx.render(alignment, document=name),
        out_dir / f"{name}.jsonl": jsonl.render(alignment),
        out_dir / f"{name}.align": vecalign.render(alignment),
        out_dir / f"{name}.html": html.render(alignment, title=name),
    }


def _line_segments(document: Document) -> list[Segment]:
    return [Segment(p.text, k) for k, p in enumerate(document.paragraphs)]
