"""The glossary's input: aligned units (`align.model.AlignedUnit`) from aligned files, document
pairs or folders of them.

Accepted inputs (each may be given several times, or found inside a folder):

* ``*.jsonl`` aligned units as written by ``align run`` (`align.formats.jsonl.read`);
* ``*.tmx`` translation memories (`align.formats.tmx.read`);
* document pairs, aligned on the fly by `align.pipeline.align_pair`, paired as `align batch`
  pairs them (`align.corpus.pair_files`: language marks in names or folders, the UN symbol);
  two files left without a partner, one Chinese and one English, are a pair too.

Units a reviewer rejected (not a translation) are left out. Each document's source (what
TBX `source` says) is its UN symbol, read from its masthead or running headers
(`align.corpus.document_symbol`; for NAME.jsonl and NAME.tmx from the input files that
NAME.meta.json names), else spelled by its name (CTOC-COP-WG.4-2019-1), else its name.
"""
from __future__ import annotations

import json
from pathlib import Path

from align import corpus
from align.errors import InputError
from align.formats import jsonl, tmx
from align.model import AlignedUnit


class InputProblem(InputError):
    """An input that cannot be read; the message is one line for the user."""


def pair_documents(files: list[Path]) -> list[tuple[Path, Path]]:
    """Chinese and English documents paired (see the module docstring)."""
    pairs = corpus.pair_files(files)
    alone = [p for p in pairs if p.missing]
    if len(alone) == 2 and {bool(p.zh) for p in alone} == {True, False}:
        zh, en = sorted(alone, key=lambda p: not p.zh)
        pairs = [p for p in pairs if not p.missing] + [corpus.Pair(zh.name, zh.zh, en.en)]
    for pair in pairs:
        if pair.missing:
            raise InputProblem(pair.missing)
    return [(p.zh, p.en) for p in pairs]


def _aligned_outputs(members: list[Path]) -> list[Path]:
    """A folder's files without the other outputs of an aligned NAME: ``align run`` writes
    NAME.tmx, NAME.jsonl, NAME.align and NAME.html; only NAME.jsonl (else NAME.tmx) is read, and
    not the documents NAME.zh.*, NAME.en.* beside it either (their units would count twice)."""
    aligned = {(m.parent, corpus.aligned_name(m)): m for m in members if m.suffix.lower() == ".tmx"}
    aligned |= {(m.parent, corpus.aligned_name(m)): m for m in members if m.suffix.lower() == ".jsonl"}
    document = {m: (m.parent, corpus.without_language_mark(corpus.document_stem(m))) for m in members}
    return [m for m in members if m in aligned.values()
            or ((m.parent, corpus.aligned_name(m)) not in aligned and document[m] not in aligned)]


def _expand(paths: list[Path]) -> tuple[list[Path], list[Path], list[Path]]:
    """Split inputs (folders expanded recursively) into jsonl, tmx and document files."""
    jsonl_files, tmx_files, docs = [], [], []
    for path in paths:
        if not path.exists():
            raise InputProblem(f"{path}: no such file or folder")
        members = _aligned_outputs(sorted(p for p in path.rglob("*") if p.is_file())) if path.is_dir() else [path]
        for member in members:
            suffix = member.suffix.lower()
            if suffix == ".jsonl":
                jsonl_files.append(member)
            elif suffix == ".tmx":
                tmx_files.append(member)
            elif suffix in corpus.DOC_SUFFIXES and not (path.is_dir() and member.name.startswith(".")):
                docs.append(member)
            elif not path.is_dir():
                raise InputProblem(f"{member}: unsupported input (want .jsonl, .tmx or a document)")
    return jsonl_files, tmx_files, docs


def align_pair(zh_path: Path, en_path: Path, level: str = "sentence") -> list[AlignedUnit]:
    """One document pair aligned with the project's aligner."""
    from align.config import AlignConfig
    from align.pipeline import align_pair as align

    try:
        alignment = align(zh_path, en_path, AlignConfig(level=level))
    except InputError as error:
        raise InputProblem(f"{zh_path} + {en_path}: {error}") from None
    return alignment.aligned_units(corpus.without_language_mark(corpus.document_stem(zh_path)))


def load_units(paths: list[Path], level: str = "sentence") -> list[AlignedUnit]:
    """All units of the given inputs that a reviewer did not reject, in order."""
    return load_corpus(paths, level)[0]


def load_corpus(paths: list[Path], level: str = "sentence") -> tuple[list[AlignedUnit], dict[str, str]]:
    """All units of the given inputs that a reviewer did not reject, in order, and each
    document's source (its UN symbol where one is found; see the module docstring)."""
    jsonl_files, tmx_files, docs = _expand(paths)
    units: list[AlignedUnit] = []
    sources: dict[str, str] = {}
    for path in jsonl_files + tmx_files:
        read = (jsonl if path in jsonl_files else tmx).read(path)
        units.extend(read)
        for doc in dict.fromkeys(u.doc for u in read):
            sources.setdefault(doc, _symbol(_inputs(path) if doc == corpus.aligned_name(path) else [], doc))
    for zh_path, en_path in pair_documents(docs) if docs else []:
        aligned = align_pair(zh_path, en_path, level)
        units.extend(aligned)
        if aligned:
            sources.setdefault(aligned[0].doc, _symbol([en_path, zh_path], aligned[0].doc))
    units = [u for u in units if not u.rejected]
    if not units:
        raise InputProblem("no aligned units found in the input")
    return units, sources


def _inputs(aligned: Path) -> list[Path]:
    """The English and Chinese files NAME.meta.json (written by `align run` beside NAME.jsonl) names."""
    meta = aligned.with_name(corpus.aligned_name(aligned) + ".meta.json")
    try:
        data = json.loads(meta.read_text(encoding="utf-8"))
        return [p for p in (Path(data["en"]), Path(data["zh"])) if p.is_file()]
    except (OSError, ValueError, KeyError, TypeError):
        return []


def _symbol(files: list[Path], name: str) -> str:
    return next((s for f in files if (s := corpus.document_symbol(f))), "") or corpus.symbol_from_name(name) or name
