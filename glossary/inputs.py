"""Bilingual text units from aligned files, document pairs or folders of them.

Accepted inputs (each may be given several times, or found inside a folder):

* ``*.jsonl`` aligned units as written by ``align run`` (``zh`` and ``en`` lists);
* ``*.tmx`` translation memories (zh* and en* variants of each ``tu``);
* document pairs, aligned on the fly by :func:`align.pipeline.align_files`:
  ``NAME.zh.EXT`` + ``NAME.en.EXT`` (also ``NAME_zh``/``NAME-en``), or ``zh/NAME.EXT`` +
  ``en/NAME.EXT`` in sibling folders, or exactly two files told apart by script.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from align.errors import InputError

DOC_SUFFIXES = {".txt", ".md", ".docx", ".pdf", ".html", ".htm"}
_LANG_MARK = re.compile(r"[._-](zh|zh-cn|zh-hans|chs|cn|en|eng)$", re.IGNORECASE)
_CJK = re.compile(r"[\u3400-\u9fff]")


class InputProblem(InputError):
    """An input that cannot be read; the message is one line for the user."""


@dataclass(frozen=True)
class TextUnit:
    """One aligned unit: the Chinese and English texts, the document it is from, its
    paragraph label (``12.``, ``(a)``) and where it is (``NAME.jsonl:7``, ``NAME.tmx#tu=7``)."""

    zh: str
    en: str
    doc: str
    label: str = ""
    ref: str = ""


def read_jsonl(path: Path) -> list[TextUnit]:
    """Units of an aligned ``.jsonl`` file (``zh`` and ``en``), less those a reviewer rejected."""
    units = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                zh, en = record.get("zh", []), record.get("en", [])
            except (json.JSONDecodeError, AttributeError) as error:
                raise InputProblem(f"{path}:{number}: not a JSON object ({error})") from None
            if record.get("rejected") is True:  # a reviewer marked it as not a translation (align review)
                continue
            if not all(isinstance(x, list) and all(isinstance(s, str) for s in x) for x in (zh, en)):
                raise InputProblem(f"{path}:{number}: 'zh' and 'en' must be lists of strings")
            label = record.get("label") if isinstance(record.get("label"), str) else ""
            units.append(TextUnit("\n".join(zh), "\n".join(en), _doc_name(path), label, f"{path.name}:{number}"))
    return units


def _doc_name(path: Path) -> str:
    name = path.name
    for suffix in (".para.jsonl", ".sent.jsonl", ".jsonl", ".tmx"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return path.stem


def _stem(path: Path) -> str:
    return _LANG_MARK.sub("", path.stem)


def _language(path: Path) -> str:
    """'zh' or 'en', from the file name, its folder, or its script."""
    mark = _LANG_MARK.search(path.stem) or _LANG_MARK.search("." + path.parent.name)
    if mark:
        return "en" if mark.group(1).lower() in ("en", "eng") else "zh"
    if path.suffix.lower() in (".txt", ".md", ".htm", ".html"):
        sample = path.read_text(encoding="utf-8", errors="replace")[:4000]
        return "zh" if len(_CJK.findall(sample)) > len(sample) / 20 else "en"
    raise InputProblem(f"{path}: cannot tell whether it is the Chinese or the English side")


def pair_documents(files: list[Path]) -> list[tuple[Path, Path]]:
    """Pair Chinese and English documents by name (see module docstring)."""
    zh: dict[str, Path] = {}
    en: dict[str, Path] = {}
    for path in files:
        side = zh if _language(path) == "zh" else en
        side[_stem(path)] = path
    pairs = [(zh.pop(k), en.pop(k)) for k in sorted(set(zh) & set(en))]
    if len(zh) == 1 and len(en) == 1:
        pairs.append((zh.popitem()[1], en.popitem()[1]))
    for stem in sorted(set(zh) | set(en)):
        side = "English" if stem in zh else "Chinese"
        path = zh.get(stem) or en.get(stem)
        raise InputProblem(f"{path}: no {side} counterpart found")
    return pairs


def _aligned_outputs(members: list[Path]) -> list[Path]:
    """A folder's files without the other outputs of an aligned NAME: ``align run`` writes
    NAME.tmx, NAME.jsonl, NAME.align and NAME.html; only NAME.jsonl (else NAME.tmx) is read."""
    aligned = {(m.parent, _doc_name(m)): m for m in members if m.suffix.lower() == ".tmx"}
    aligned |= {(m.parent, _doc_name(m)): m for m in members if m.suffix.lower() == ".jsonl"}
    return [m for m in members
            if (m.parent, _doc_name(m) if m.suffix.lower() in (".jsonl", ".tmx") else m.stem) not in aligned
            or m in aligned.values()]


def _expand(paths: list[Path]) -> tuple[list[Path], list[Path], list[Path]]:
    """Split inputs (folders expanded recursively) into jsonl, tmx and document files."""
    jsonl, tmx, docs = [], [], []
    for path in paths:
        if not path.exists():
            raise InputProblem(f"{path}: no such file or folder")
        members = _aligned_outputs(sorted(p for p in path.rglob("*") if p.is_file())) if path.is_dir() else [path]
        for member in members:
            suffix = member.suffix.lower()
            if suffix == ".jsonl":
                jsonl.append(member)
            elif suffix == ".tmx":
                tmx.append(member)
            elif suffix in DOC_SUFFIXES and not (path.is_dir() and member.name.startswith(".")):
                docs.append(member)
            elif not path.is_dir():
                raise InputProblem(f"{member}: unsupported input (want .jsonl, .tmx or a document)")
    return jsonl, tmx, docs


def align_pair(zh_path: Path, en_path: Path, level: str = "sentence") -> list[TextUnit]:
    """Align one document pair with the project's aligner (imported lazily)."""
    try:
        from align.config import AlignConfig
        from align.pipeline import align_files
    except ImportError:
        raise InputProblem("aligning document pairs needs align.pipeline, which is not available") from None
    try:
        records = align_files(str(zh_path), str(en_path), AlignConfig(level=level))
    except Exception as error:  # the aligner's own errors carry a one-line message
        raise InputProblem(f"{zh_path} + {en_path}: {error}") from None
    doc = _stem(zh_path)
    return [TextUnit("\n".join(r.get("zh", [])), "\n".join(r.get("en", [])), doc, r.get("label") or "",
                     f"{doc} unit {number}") for number, r in enumerate(records, 1)]


def load_units(paths: list[Path], level: str = "sentence") -> list[TextUnit]:
    """All units of the given inputs, in order."""
    from .tmx import read_tmx

    jsonl, tmx, docs = _expand(paths)
    units: list[TextUnit] = []
    for path in jsonl:
        units.extend(read_jsonl(path))
    for path in tmx:
        units.extend(read_tmx(path))
    for zh_path, en_path in pair_documents(docs) if docs else []:
        units.extend(align_pair(zh_path, en_path, level))
    if not units:
        raise InputProblem("no aligned units found in the input")
    return units
