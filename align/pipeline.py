"""The `align run` job as library calls: read → segment → align → render outputs.

`align_files` is the entry point for other code (glossary, batch): it returns the aligned
units as plain dicts, the shape of the JSONL output. Every setting comes in one `AlignConfig`.
"""
from __future__ import annotations

import importlib
import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable

from .aligner.document import align_documents, align_segments
from .config import INPUT_FORMATS, MAX_SIZE, AlignConfig
from .errors import InputError
from .formats import html, jsonl, tmx, vecalign
from .model import Alignment, Segment, Segmented
from .readers import detect
from .script import ZH_IN_EN, ZH_SHARE, chinese_share
from .segment import segment
from .sizes import format_size
from .similarity.embedder import CachedEmbedder, Embedder
from .formats.plain import plain_text

_LARGE = 2**20  # files from this size on report progress while they are split into sentences
# A pair whose English is more than _MISFIT times longer (×3, the usual ratio) or shorter than its
# Chinese is not a document and its translation (a 2 MB English file beside one page): refused, once
# the larger side has more than _MISFIT_FLOOR characters (short pairs such as headings vary widely).
_MISFIT, _MISFIT_FLOOR = 30, 20_000

Progress = Callable[[str], None]


def _silent(message: str) -> None:
    pass


def read_document(path: str | Path, lang: str, input_format: str = "auto", max_size: int = MAX_SIZE,
                  progress: Progress = _silent) -> Segmented:
    """Read one document ('auto': the format its first bytes show) and segment it (`align.segment`).

    A file larger than `max_size` bytes (0: no limit) is refused before anything is read.
    """
    if input_format not in INPUT_FORMATS:
        raise InputError(f"unknown input format {input_format!r} (one of {', '.join(INPUT_FORMATS)})")
    size = check_size(path, max_size)
    detect.check_file(Path(path))
    if input_format == "auto":
        input_format = detect.detect(path)
    document = importlib.import_module(f"align.readers.{input_format}").read(path, lang)
    return segment(document, progress if size >= _LARGE else None)


def check_size(path: str | Path, max_size: int) -> int:
    """The file's size in bytes; an InputError when it is over `max_size` (0: no limit)."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError:
        return 0  # the reader reports a missing or unreadable file in its own words
    if max_size and size > max_size:
        raise InputError(f"{path}: {format_size(size)} is over the input size limit of {format_size(max_size)} "
                         f"(raise it with --max-size)")
    return size


def check_languages(zh: Segmented, en: Segmented) -> None:
    """InputError unless ZH is Chinese, EN English, and their lengths could be one text's."""
    zh_text, en_text = (" ".join(p.text for p in d.paragraphs) for d in (zh, en))
    ratio = len(en_text) / max(1, len(zh_text))  # UN English runs about 3 characters per Chinese one
    if max(len(zh_text), len(en_text)) > _MISFIT_FLOOR and not 1 / _MISFIT < ratio < 3 * _MISFIT:
        raise InputError(f"{en.path} has {len(en_text):,} characters and {zh.path} {len(zh_text):,}: "
                         "too different in length to be translations of each other")
    zh_share, en_share = chinese_share(zh_text), chinese_share(en_text)
    if zh_share < ZH_SHARE and en_share > ZH_IN_EN:
        raise InputError(
            f"the files look swapped: {zh.path} is English and {en.path} is Chinese (give ZH_FILE first)")
    if zh_share < ZH_SHARE:
        raise InputError(f"{zh.path}: expected a Chinese document, found almost no Chinese text")
    if en_share > ZH_IN_EN:
        raise InputError(f"{en.path}: expected an English document, found mostly Chinese text")


def align_pair(zh_path: str | Path, en_path: str | Path, config: AlignConfig = AlignConfig(),
               progress: Progress = _silent, embedder: Embedder | None = None) -> Alignment:
    """Read, check and align one pair; `embedder` (see `align.similarity.embedder.load`) adds
    sentence-embedding evidence to the sentence pass (documents and pre-split lines), each distinct
    text encoded once; files over `config.max_size` are refused."""
    check_size(zh_path, config.max_size)  # both before either is read: a huge English file is
    check_size(en_path, config.max_size)  # refused without first reading the Chinese one
    progress(f"reading {zh_path}")
    zh = read_document(zh_path, "zh", config.input_format, config.max_size, progress)
    progress(f"reading {en_path}")
    en = read_document(en_path, "en", config.input_format, config.max_size, progress)
    check_languages(zh, en)
    lines = config.input_format == "lines"
    progress(f"aligning {len(zh.paragraphs)} zh and {len(en.paragraphs)} en {'lines' if lines else 'paragraphs'}")
    if embedder is not None and not isinstance(embedder, CachedEmbedder):
        embedder = CachedEmbedder(embedder, progress=progress)
    if lines:
        alignment = align_segments(_line_segments(zh), _line_segments(en), config.aligner, embedder=embedder)
    else:
        alignment = align_documents(zh, en, config.level, config.aligner, embedder=embedder)
    alignment.signature = config.signature()
    return plain_alignment(alignment)


def plain_alignment(alignment: Alignment) -> Alignment:
    """The alignment with every segment's text as all outputs show it (`formats.plain.plain_text`)."""
    alignment.zh, alignment.en = _plain_segments(alignment.zh), _plain_segments(alignment.en)
    return alignment


def _plain_segments(segments: list[Segment]) -> list[Segment]:
    """Segments with their plain text; one whose text is plain already is kept as it is."""
    return [s if text == s.text else replace(s, text=text) for s in segments for text in [plain_text(s.text)]]


def align_files(zh_path: str | Path, en_path: str | Path, config: AlignConfig = AlignConfig(),
                embedder: Embedder | None = None) -> list[dict]:
    """Aligned units as JSONL-shaped dicts: {"zh": [...], "en": [...], "score": …, …}."""
    return jsonl.records(align_pair(zh_path, en_path, config, embedder=embedder))


@dataclass(frozen=True)
class Summary:
    units: int
    two_sided: int
    one_sided: int
    doubtful: int
    mean_confidence: float
    low_confidence: bool  # the pair looks unrelated (AlignConfig.low_confidence, .doubtful_share)


def summarise(alignment: Alignment, config: AlignConfig = AlignConfig()) -> Summary:
    units = alignment.units
    one_sided = sum(u.one_sided for u in units)
    doubtful = sum(alignment.is_doubtful(u) and not u.one_sided for u in units)
    mean = round(alignment.mean_score, 4)
    doubtful_share = (doubtful + one_sided) / len(units) if units else 1.0
    low = len(units) == one_sided or mean < config.low_confidence or doubtful_share > config.doubtful_share
    return Summary(len(units), len(units) - one_sided, one_sided, doubtful, mean, low)


def render_outputs(alignment: Alignment, out_dir: Path, name: str, meta: dict | None = None) -> dict[Path, str]:
    """Every output file's path and text (nothing is written here); `meta` (the run's inputs
    and summary) goes into NAME.meta.json with the signature."""
    return {
        out_dir / f"{name}.tmx": tmx.render(alignment, document=name),
        out_dir / f"{name}.jsonl": jsonl.render(alignment),
        out_dir / f"{name}.align": vecalign.render(alignment),
        out_dir / f"{name}.html": html.render(alignment, title=name),
        out_dir / f"{name}.meta.json": json.dumps({"signature": alignment.signature, **(meta or {})},
                                                  ensure_ascii=False, indent=2) + "\n",
    }


def _line_segments(document: Segmented) -> list[Segment]:
    return [Segment(p.text, k) for k, p in enumerate(document.paragraphs)]
