"""Corpus files: which language a text or file is, and which Chinese file goes with which English one.

One place for what every command needs to know about files: the document suffixes, the
language marks in names and folders, a document's stem, the language told by script, and
the pairing by a manifest, file names, or document symbols.

Without a manifest, files in a folder (searched recursively) pair up by
1. a language mark in the name: `X.zh.txt` / `X.en.pdf` (also `X_zh`, `X-en`, `X.chs`, `X.eng` …);
2. a language folder: `zh/X.docx` / `en/X.docx` (any depth);
3. the UN document symbol inside the text (`CTOC/COP/WG.4/2019/1`), the language told by script.
A file left without a partner is reported as a failed pair.
"""
from __future__ import annotations

import csv
import io
import re
import zipfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .readers import detect
from .readers.archive import head
from .readers.encoding import decode
from .script import language_of
from .segment.furniture import SYMBOL

DOC_SUFFIXES = {".txt", ".md", ".docx", ".odt", ".pdf", ".html", ".htm"}
ALIGNED_SUFFIXES = (".para.jsonl", ".sent.jsonl", ".jsonl", ".tmx")  # aligned files: NAME + one of these
_NAME_MARK = re.compile(r"[._-](zh|zh-cn|zh-hans|chs|chi|cn|en|eng)$", re.IGNORECASE)
_DIR_MARK = {"zh": "zh", "zh-cn": "zh", "chinese": "zh", "chs": "zh", "en": "en", "english": "en", "eng": "en"}
_SYMBOL = re.compile(SYMBOL)
_SYMBOL_LINE = re.compile(rf"^[ \t]*({SYMBOL})[ \t]*$", re.MULTILINE)  # a masthead or running header


@dataclass(frozen=True)
class Pair:
    name: str
    zh: Path | None
    en: Path | None

    @property
    def missing(self) -> str:
        """'' when both files are there, else why not."""
        if self.zh and self.en:
            return ""
        return f"no English partner for {self.zh}" if self.zh else f"no Chinese partner for {self.en}"


def find_pairs(source: Path) -> list[Pair]:
    """Pairs from a manifest (CSV `zh,en[,name]`) or a folder."""
    if not source.exists():
        raise InputError(f"{source}: no such file or folder")
    if source.is_dir():
        return pairs_in_folder(source)
    if not source.is_file():  # a device or pipe would be read forever
        raise InputError(f"{source}: not a regular file or a folder")
    return pairs_from_manifest(source)


def pairs_from_manifest(path: Path) -> list[Pair]:
    try:
        rows = list(csv.DictReader(io.StringIO(decode(path.read_bytes(), "zh", str(path)))))  # as spreadsheets save it
    except (OSError, csv.Error) as err:
        raise InputError(f"{path}: cannot read the manifest ({err})") from None
    if not rows or not {"zh", "en"} <= set(rows[0]):
        raise InputError(f"{path}: a manifest needs a header line 'zh,en[,name]' and one pair per line")
    pairs, names = [], set()
    for number, row in enumerate(rows, 2):
        zh, en = (_manifest_path(path, row.get(lang)) for lang in ("zh", "en"))
        name = (row.get("name") or "").strip() or document_stem(zh or en or Path(f"line{number}"))
        if name in names:
            raise InputError(f"{path}:{number}: the pair name {name!r} is used twice")
        names.add(name)
        pairs.append(Pair(name, zh, en))
    return pairs


def _manifest_path(manifest: Path, value: str | None) -> Path | None:
    if not value or not value.strip():
        return None
    path = Path(value.strip())
    return path if path.is_absolute() else manifest.parent / path


def pairs_in_folder(folder: Path) -> list[Pair]:
    return pair_files(documents_in(folder), folder)


def documents_in(folder: Path) -> list[Path]:
    """The document files below a folder (any depth), hidden files and folders left out, sorted."""
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in DOC_SUFFIXES
                  and not any(part.startswith(".") for part in p.relative_to(folder).parts))


def pair_files(files: list[Path], folder: Path = Path()) -> list[Pair]:
    """Pairs of the given document files (see the module docstring); names are relative to ``folder``."""
    sides: dict[str, dict[str, Path]] = defaultdict(dict)
    unmarked = []
    for path in files:
        marked = _marked(path, folder)
        if marked:
            key, lang = marked
            sides[key].setdefault(lang, path)
        else:
            unmarked.append(path)
    for path in unmarked:
        symbol, lang = _symbol_and_lang(path)
        key = symbol.replace("/", "_") if symbol else _relative(path, folder).with_suffix("").as_posix()
        if lang in sides[key]:
            key = _relative(path, folder).with_suffix("").as_posix()  # a second file with this symbol
        sides[key].setdefault(lang, path)
    return [Pair(key, langs.get("zh"), langs.get("en")) for key, langs in sorted(sides.items())]


def _relative(path: Path, folder: Path) -> Path:
    return path.relative_to(folder) if path.is_relative_to(folder) else path


def _marked(path: Path, folder: Path) -> tuple[str, str] | None:
    """(pairing key, language) from the file name or a language folder, else None."""
    relative = _relative(path, folder)
    stem = document_stem(path)
    match = _NAME_MARK.search(stem)
    if match:
        lang = "zh" if match.group(1).lower() not in ("en", "eng") else "en"
        return (relative.parent / stem[: match.start()]).as_posix(), lang
    for k, part in enumerate(relative.parts[:-1]):
        if part.lower() in _DIR_MARK:
            rest = relative.parts[:k] + relative.parts[k + 1:-1] + (stem,)
            return "/".join(rest), _DIR_MARK[part.lower()]
    return None


def document_stem(path: Path) -> str:
    """The file name without its document suffix (`X.zh.txt` → `X.zh`)."""
    name = path.name
    for suffix in sorted(DOC_SUFFIXES, key=len, reverse=True):
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    return path.stem


def aligned_name(path: Path) -> str:
    """The NAME of an aligned file (`NAME.jsonl`, `NAME.para.jsonl`, `NAME.tmx`), else the file's stem."""
    for suffix in ALIGNED_SUFFIXES:
        if path.name.endswith(suffix):
            return path.name[: -len(suffix)]
    return path.stem


def without_language_mark(stem: str) -> str:
    """`X.zh` → `X`, `X_en` → `X`; a stem without a mark is returned as it is."""
    return _NAME_MARK.sub("", stem)


def _symbol_and_lang(path: Path) -> tuple[str, str]:
    """The first document symbol in a file's raw text ('' if none) and its language by script."""
    text = raw_text(path)
    match = _SYMBOL.search(text)
    return (match.group(0) if match else ""), language_of(text)


def document_symbol(path: Path) -> str:
    """The document's own UN symbol: the commonest one standing on a line of its own (its
    masthead or running header; symbols inside sentences are references); '' if none."""
    found = [m.group(1).rstrip(".") for m in _SYMBOL_LINE.finditer(raw_text(path))]
    return max(found, key=lambda s: (found.count(s), -found.index(s))) if found else ""


def symbol_from_name(name: str) -> str:
    """The UN symbol a file name spells with '-' or '_' for '/' (`CTOC-COP-WG.4-2019-1` →
    `CTOC/COP/WG.4/2019/1`), else ''."""
    symbol = re.sub(r"[-_]", "/", name)
    return symbol if _SYMBOL.fullmatch(symbol) else ""


def raw_text(path: Path, limit: int = 20000) -> str:
    """The beginning of a file's text, running headers included (for symbols), without parsing layout."""
    try:
        fmt = detect.detect(path)
        if fmt == "docx":
            with zipfile.ZipFile(path) as archive:
                xml = " ".join(head(archive, n, 50 * limit).decode("utf-8", "replace") for n in archive.namelist()
                               if re.match(r"word/(document|header\d*)\.xml$", n))
            return " ".join(re.findall(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>", xml))[:limit]
        if fmt == "pdf":
            import pdfplumber

            with pdfplumber.open(path) as pdf:
                return (pdf.pages[0].extract_text() or "")[:limit] if pdf.pages else ""
        return decode(path.read_bytes(), "zh", str(path))[:limit]
    except (InputError, OSError, zipfile.BadZipFile, ValueError, KeyError):
        return ""
