"""One settings object for `align run` and `align batch`, and the signature that records it.

`AlignConfig` holds every setting that changes an alignment: the reader's (input format, size
limit), the aligner's (`aligner.document.Settings`: beads, bands, lexical weights, skips, and
the bead scorer's `similarity.scorer.Weights`), the thresholds that flag a pair as unrelated,
and the embedder. The CLI builds one from its options and an optional TOML file (`--config`)::

    level = "paragraph"
    max_size = 33554432
    [aligner]
    sentence_band = 6
    [aligner.scorer]
    sigma = 0.25

`signature()` is sacrebleu's idea: the version and the settings that change a figure, printed
beside it and written into every output (TMX header, NAME.meta.json, HTML footer, `--json`),
so that an output says how it was made and the batch store realigns what an upgrade changes.
"""
from __future__ import annotations

import hashlib
import json
import math
import tomllib
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path

from . import __version__
from .aligner.document import Settings as AlignerSettings
from .errors import AlignError
from .similarity.scorer import Weights

INPUT_FORMATS = ("auto", "text", "lines", "docx", "pdf", "html")
LEVELS = ("sentence", "paragraph")
# The largest input file read (`--max-size`): far beyond any UN document (the longest run to a
# few MB of text) and about 30 times the Bible benchmark; alignment time and memory grow with it.
MAX_SIZE = 16 * 2**20
_MAX_CONFIG = 2**20  # a config or .meta.json file is a few KB


@dataclass(frozen=True)
class AlignConfig:
    level: str = "sentence"  # unit of the outputs: "sentence" or "paragraph"
    input_format: str = "auto"  # one of INPUT_FORMATS; "auto" looks at the content
    max_size: int = MAX_SIZE  # bytes; larger input files are refused (0: no limit)
    # A pair is probably unrelated when its mean unit confidence (calibrated: real UN pairs score
    # 0.85–0.95, unrelated ones 0.3–0.67) is below `low_confidence` or more than `doubtful_share`
    # of its units are doubtful or one-sided.
    low_confidence: float = 0.75
    doubtful_share: float = 0.4
    embedder: str = ""  # the sentence-embedding model used as extra evidence ('' for none)
    aligner: AlignerSettings = field(default_factory=AlignerSettings)

    def __post_init__(self) -> None:
        if self.level not in LEVELS:
            raise AlignError(f"level must be one of {', '.join(LEVELS)}, not {self.level!r}")
        if self.input_format not in INPUT_FORMATS:
            raise AlignError(f"input format must be one of {', '.join(INPUT_FORMATS)}, not {self.input_format!r}")
        if self.max_size < 0:
            raise AlignError("max_size must be 0 (no limit) or a number of bytes")

    def with_options(self, **options) -> AlignConfig:
        """A copy with the options that were given (None: keep this config's value)."""
        return replace(self, **{k: v for k, v in options.items() if v is not None})

    def settings_hash(self) -> str:
        """A short hash of every setting (the version excluded)."""
        text = json.dumps(asdict(self), sort_keys=True, default=str)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]

    def signature(self) -> str:
        """`align:0.1.0|level:sentence|input:auto|beads:…|band:12-64/4|lex:20.0@0.25|emb:none|cfg:<hash>`."""
        a = self.aligner
        beads = ",".join(f"{i}-{j}" for i, j in a.sentence_beads)
        parts = [f"align:{__version__}", f"level:{self.level}", f"input:{self.input_format}",
                 f"beads:{beads}", f"band:{a.band_width}-{a.max_band}/{a.sentence_band}",
                 f"lex:{a.lexical_weight}@{a.lexical_offset}", f"emb:{self.embedder or 'none'}",
                 f"cfg:{self.settings_hash()}"]
        return "|".join(parts)


def load(path: Path | None) -> AlignConfig:
    """The config in a TOML file, or the `settings` of a run's NAME.meta.json (unknown keys are
    an error), or the defaults."""
    if path is None:
        return AlignConfig()
    try:
        if not Path(path).is_file():  # /dev/zero or a pipe would be read forever
            raise AlignError(f"{path}: the config must be a regular file")
        with open(path, "rb") as handle:
            raw = handle.read(_MAX_CONFIG + 1)
        if len(raw) > _MAX_CONFIG:
            raise AlignError(f"{path}: over {_MAX_CONFIG // 2**20} MB, not a config file")
        text = raw.decode("utf-8")
        data = json.loads(text).get("settings", {}) if Path(path).suffix == ".json" else tomllib.loads(text)
    except OSError as err:
        raise AlignError(f"{path}: cannot read the config file ({err.strerror})") from None
    except (tomllib.TOMLDecodeError, json.JSONDecodeError, UnicodeDecodeError, AttributeError) as err:
        raise AlignError(f"{path}: not a TOML config or a .meta.json file ({err})") from None
    except RecursionError:
        raise AlignError(f"{path}: not a TOML config or a .meta.json file (nested too deeply)") from None
    return from_dict(data, str(path))


def from_dict(data: dict, source: str = "config") -> AlignConfig:
    values = _checked(AlignConfig, _without(data, "aligner"), source, skip={"aligner"})
    aligner = _table(data, "aligner", source)
    scorer = _table(aligner, "scorer", f"{source} [aligner]")
    values["aligner"] = AlignerSettings(
        **_checked(AlignerSettings, _without(aligner, "scorer"), f"{source} [aligner]", skip={"scorer"}),
        scorer=Weights(**_checked(Weights, scorer, f"{source} [aligner.scorer]")))
    return AlignConfig(**values)


def _table(data: dict, name: str, source: str) -> dict:
    table = data.get(name, {})
    if not isinstance(table, dict):
        raise AlignError(f"{source}: {name} must be a table ([{name}])")
    return table


def _without(data: dict, name: str) -> dict:
    return {k: v for k, v in data.items() if k != name}


def _checked(kind: type, values: dict, source: str, skip: set[str] = frozenset()) -> dict:
    known = {f.name: f for f in fields(kind) if f.name not in skip}
    unknown = sorted(set(values) - set(known))
    if unknown:
        raise AlignError(f"{source}: unknown setting {unknown[0]!r} (known: {', '.join(sorted(known))})")
    checked = {}
    for name, value in values.items():
        checked[name] = _coerce(value, getattr(kind(), name), f"{source}: {name}")
    return checked


_KINDS = {bool: "true or false", str: "a string", int: "an integer", float: "a number"}


def _coerce(value, default, where: str):
    if isinstance(default, tuple):
        return _beads(value, where)
    if isinstance(default, bool) or isinstance(default, str):
        if type(value) is not type(default):
            raise AlignError(f"{where} must be {_KINDS[type(default)]}")
        return value
    if isinstance(default, (int, float)):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or \
                (isinstance(default, int) and not isinstance(value, int)):
            raise AlignError(f"{where} must be {_KINDS[type(default)]}")
        if not math.isfinite(value):
            raise AlignError(f"{where} must be a finite number, not {value}")
        if isinstance(default, int) and value < 0:  # counts and widths
            raise AlignError(f"{where} must not be negative")
        return type(default)(value)
    return value


def _beads(value, where: str) -> tuple[tuple[int, int], ...]:
    """Bead shapes `[[1, 1], [1, 0], ...]`: pairs of segment counts up to 9, with 1-0 and 0-1
    among them (without those two, some pairs of texts have no alignment at all)."""
    shape = isinstance(value, list) and all(
        isinstance(v, list) and len(v) == 2 and all(type(n) is int and 0 <= n <= 9 for n in v) and any(v)
        for v in value)
    beads = tuple(tuple(v) for v in value) if shape else ()
    if not shape or (1, 0) not in beads or (0, 1) not in beads:
        raise AlignError(f"{where} must be a list of [zh, en] segment counts (0–9) including [1, 0] and [0, 1]")
    return beads
