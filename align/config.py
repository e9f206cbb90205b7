"""One settings object for `align run` and `align batch`, and the signature that records it.

`AlignConfig` holds every setting that changes an alignment: the reader's (input format, size
limit), the aligner's (`AlignerSettings`: beads, bands, lexical weights, skips, and
the bead scorer's `Weights`), the thresholds that flag a pair as unrelated,
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
from .errors import AlignError

INPUT_FORMATS = ("auto", "text", "lines", "docx", "odt", "pdf", "html")
LEVELS = ("sentence", "paragraph")
# The largest input file read (`--max-size`): far beyond any UN document (the longest run to a
# few MB of text) and about 30 times the Bible benchmark; alignment time and memory grow with it.
MAX_SIZE = 16 * 2**20
_MAX_CONFIG = 2**20  # a config or .meta.json file is a few KB

Bead = tuple[int, int]  # how many segments it takes on each side
PARAGRAPH_BEADS: tuple[Bead, ...] = ((1, 1), (1, 0), (0, 1), (1, 2), (2, 1), (1, 3), (3, 1), (2, 2))
SENTENCE_BEADS: tuple[Bead, ...] = (
    (1, 1), (1, 0), (0, 1), (1, 2), (2, 1), (1, 3), (3, 1), (1, 4), (4, 1), (2, 2), (1, 5), (5, 1), (2, 3), (3, 2),
)


@dataclass(frozen=True)
class Weights:
    """The bead scorer's weights (`similarity.scorer.BeadScorer`), in log-odds."""

    bias: float = 2.0
    sigma: float = 0.22  # spread of the log length ratio for long segments
    short_spread: float = 6.0  # extra variance for short segments (in characters)
    anchor_match: float = 0.9
    anchor_miss: float = 0.6
    label_match: float = 3.0
    label_clash: float = 4.0
    label_one_sided: float = 1.0
    heading_clash: float = 0.5


@dataclass(frozen=True)
class AlignerSettings:
    """The aligner's settings (`aligner.document`): skips, bands, anchors, evidence weights."""

    paragraph_skip: float = -0.25  # score of a 1-0 / 0-1 paragraph bead
    sentence_skip: float = -10.0  # log-odds of a 1-0 / 0-1 sentence bead (the sentence DP sums log-odds)
    doubt_threshold: float = 0.5
    band_width: int = 12  # paragraph band half-width around the anchors
    max_band: int = 64  # hard cap on a band's half-width when it widens (keeps the cost linear)
    anchor_spread: float = 0.2  # how far from the diagonal (share of the length) a label anchor may be
    lexical_weight: float = 20.0  # log-odds per unit of lexical similarity
    lexical_offset: float = 0.25  # the similarity that is neutral evidence
    anchor_threshold: float = 0.2  # least 1-1 coverage of a first-step anchor
    anchor_margin: float = 0.05  # by how much an anchor must beat its runners-up
    anchor_window: int = 40  # second anchor search: segments either side of the predicted position
    sentence_band: int = 4  # sentence band half-width (it doubles where the path touches it)
    lexicon_confidence: float = 0.8  # units this confident teach the pair's own lexicon
    lexicon_probability: float = 0.5  # least translation probability t(en | zh) of a learned pair
    lexicon_min_count: int = 2  # least number of confident units a learned pair occurs in
    unit_cost: float = 0.0  # log-odds taken from every two-sided sentence bead: favours fewer, larger units
    merge_cost: float = 2.0  # log-odds taken from a sentence bead per segment beyond a 1-1's two
    sentence_beads: tuple[Bead, ...] = SENTENCE_BEADS
    # With an embedder (sentence pass): a bead's log-odds + embedding_weight × margin cosine × length
    # agreement (aligner.document.EmbeddedScore), with the same skip and merge cost.
    embedding_weight: float = 20.0
    embedding_span: int = 5  # longest run of sentences a bead side may have with evidence
    embedding_text_span: int = 4  # runs up to this long are embedded as one text; longer: sum of sentences
    scorer: Weights = field(default_factory=Weights)  # the bead scorer's length, anchor and label weights


@dataclass(frozen=True)
class AlignConfig:
    level: str = "sentence"  # unit of the outputs: "sentence" or "paragraph"
    input_format: str = "auto"  # one of INPUT_FORMATS; "auto" looks at the content
    max_size: int = MAX_SIZE  # bytes; larger input files are refused (0: no limit)
    # A pair is probably unrelated when its mean unit confidence (calibrated: real UN pairs score
    # 0.92–0.97, crossed UN pairs 0.01–0.41) is below `low_confidence` or more than `doubtful_share`
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
        """`align:0.4.0|level:sentence|input:auto|beads:…|band:12-64/4|lex:20.0@0.25|emb:none|cfg:<hash>`."""
        a = self.aligner
        beads = ",".join(f"{i}-{j}" for i, j in a.sentence_beads)
        parts = [f"align:{__version__}", f"level:{self.level}", f"input:{self.input_format}",
                 f"beads:{beads}", f"band:{a.band_width}-{a.max_band}/{a.sentence_band}",
                 f"lex:{a.lexical_weight}@{a.lexical_offset}", f"emb:{self.embedder or 'none'}",
                 f"cfg:{self.settings_hash()}"]
        return "|".join(parts)


@dataclass(frozen=True)
class GlossaryConfig:
    """The settings of `align glossary build` (defaults are the CLI's)."""

    min_freq: int = 1  # entries found in fewer aligned units are dropped
    top: int = 0  # keep only the N best entries (0: all)
    min_confidence: float = 0.0  # entries below this confidence are dropped
    zh_lang: str = "zh-CN"  # language tag of the Chinese side
    subject: str = ""  # subject field written into every entry

    def signature(self) -> str:
        """`glossary:0.4.0|min_freq:1|top:0|min_conf:0.0|cfg:<hash>`, written into the TBX."""
        digest = hashlib.sha256(json.dumps(asdict(self), sort_keys=True).encode("utf-8")).hexdigest()[:10]
        return (f"glossary:{__version__}|min_freq:{self.min_freq}|top:{self.top}|"
                f"min_conf:{self.min_confidence}|cfg:{digest}")


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
        text = raw.decode("utf-8").removeprefix("\ufeff")  # a BOM, as Notepad saves UTF-8
        data = json.loads(text).get("settings", {}) if Path(path).suffix == ".json" else tomllib.loads(text)
        if not isinstance(data, dict):
            raise AlignError(f"{path}: the settings must be a JSON object, not {type(data).__name__}")
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
