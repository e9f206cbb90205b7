"""Command line: a thin layer over the library; no logic of its own.

Commands other than `run` live in their own modules, imported only when they are invoked, and
`run` imports the pipeline only when it runs, so `align --help` starts in a fraction of a second.
"""
from __future__ import annotations

import importlib
import json
import logging
import os
import sys
from pathlib import Path

import click

from . import __version__
from .config import INPUT_FORMATS, LEVELS, AlignConfig
from .config import load as load_config
from .errors import INTERNAL, INTERRUPTED, UNREADABLE, USAGE, AlignError, LowConfidence, missing_package, os_message
from .sizes import ByteSize

# command → (module, attribute, its one-line help for `align --help`)
LAZY_COMMANDS = {
    "batch": ("align.batch.cli", "batch_command",
              "Align every document pair in INPUT (a folder, or a CSV manifest with header zh,en[,name])."),
    "check": ("glossary.cli", "check_command",
              "Check ZH EN (a document pair), folders of pairs, *.jsonl or --tmx against a glossary."),
    "export": ("align.review.cli", "export_command", "Write the outputs of a reviewed alignment."),
    "glossary": ("glossary.cli", "glossary_group", "Build bilingual glossaries from aligned text."),
    "review": ("align.review.cli", "review_command",
               "Correct NAME.jsonl in the browser (or align ZH_FILE EN_FILE first, then correct it)."),
}

# commands whose numpy runs on one BLAS thread: the glossary's many small matrix products gain
# nothing from a second thread, which only spins (100 pairs' glossary: 48 s wall under load on
# two threads, 20 s on one; same output), and `align batch` runs a process per core
SINGLE_BLAS_THREAD = ("batch", "check", "glossary")

# outputs `align batch` writes besides corpus.tmx and summary.tsv (unless --no-glossary):
# file name → (module, function(store, rows, processes, collector) -> text, its collector's class);
# the glossary lives outside `align`
BATCH_EXPORTS = {"glossary.tbx": ("glossary.batch", "glossary_tbx", "Collected")}
BATCH_PAIR_WORK = {"glossary-units": ("glossary.batch", "unit_analyses")}  # run in the workers, for glossary.tbx


def one_blas_thread() -> None:
    """numpy's BLAS on one thread, unless the user chose otherwise (before numpy is imported)."""
    for variable in ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(variable, "1")


def register_batch_exports() -> None:
    """Add BATCH_EXPORTS to the outputs `align batch` writes (also used by scripts/bench_batch.py)."""
    from .batch.exports import CORPUS_COLLECTORS, CORPUS_EXPORTS, PAIR_WORK
    from .config import GlossaryConfig

    PAIR_WORK.update(BATCH_PAIR_WORK)
    for name, (module, function, collector) in BATCH_EXPORTS.items():
        CORPUS_EXPORTS.setdefault(name, (lambda store, rows, processes, collected, m=module, f=function:
                                         getattr(importlib.import_module(m), f)(store, rows, processes, collected),
                                         GlossaryConfig().signature()))
        CORPUS_COLLECTORS.setdefault(name, lambda m=module, c=collector: getattr(importlib.import_module(m), c)())


class Group(click.Group):
    """Every command's errors in one style: `align: error: MESSAGE` on one line, and the exit
    code of `align.errors` (no traceback, no usage dump); the commands of LAZY_COMMANDS are
    imported only when they are used."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(LAZY_COMMANDS))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in LAZY_COMMANDS and name not in self.commands:
            if name in SINGLE_BLAS_THREAD:
                one_blas_thread()
            module, attribute, _ = LAZY_COMMANDS[name]
            self.add_command(getattr(importlib.import_module(module), attribute), name)
            if name == "batch":
                register_batch_exports()
        return super().get_command(ctx, name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, LAZY_COMMANDS[name][2] if name in LAZY_COMMANDS else
                 self.commands[name].get_short_help_str(formatter.width - 6 - len(name)))
                for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def main(self, *args, **kwargs):
        kwargs["standalone_mode"] = False
        _warnings_in_style()
        try:
            result = super().main(*args, **kwargs)
        except click.exceptions.Exit as done:
            sys.exit(done.exit_code)
        except (click.exceptions.Abort, KeyboardInterrupt):
            _fail("interrupted (nothing written)", INTERRUPTED)
        except click.UsageError as err:
            hint = f" (see '{err.ctx.command_path} --help')" if err.ctx else ""
            _fail(f"{err.format_message()}{hint}", USAGE)
        except click.ClickException as err:
            _fail(err.format_message(), err.exit_code)
        except AlignError as err:
            _fail(str(err), err.exit_code)
        except OSError as err:
            _fail(os_message(err), UNREADABLE)
        except ModuleNotFoundError as err:  # imported lazily, where a command needs it
            if os.environ.get("ALIGN_DEBUG"):
                raise
            _fail(missing_package(err), INTERNAL)
        except Exception as err:  # noqa: BLE001 - a bug: one line for the user, the traceback on request
            if os.environ.get("ALIGN_DEBUG"):
                raise
            _fail(f"internal error ({type(err).__name__}: {err}); please report it with the input "
                  "(ALIGN_DEBUG=1 shows the traceback)", INTERNAL)
        sys.exit(result if isinstance(result, int) else 0)

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:  # before click's own handler, which prints an empty line first
            _fail("interrupted (nothing written)", INTERRUPTED)


def _warnings_in_style() -> None:
    """The library's warnings (logger `align`, e.g. a capped alignment band) as `align: warning: …`;
    other packages' log records go nowhere (pdfminer's 'Invalid MediaBox …' were raw lines on stderr,
    written by logging's last-resort handler)."""
    if not logging.getLogger().handlers:
        logging.getLogger().addHandler(logging.NullHandler())
    logger = logging.getLogger("align")
    if not logger.handlers:
        handler = _EchoHandler()
        handler.setFormatter(logging.Formatter("align: warning: %(message)s"))
        logger.addHandler(handler)
        logger.propagate = False


class _EchoHandler(logging.Handler):
    """A log record on stderr, the stderr of the moment (click's test runner swaps it)."""

    def emit(self, record: logging.LogRecord) -> None:
        click.echo(self.format(record), err=True)


def _fail(message: str, code: int) -> None:
    click.echo(f"align: error: {' '.join(message.split())}", err=True)
    sys.exit(code)


@click.group(cls=Group)
@click.version_option(__version__, prog_name="align")
def main() -> None:
    """Align Chinese documents with their English originals; build and check glossaries."""


@main.command()
@click.argument("zh_file", type=click.Path(path_type=Path))  # the readers check it: one line, exit 3
@click.argument("en_file", type=click.Path(path_type=Path))
@click.option("-o", "--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              show_default=True, help="Folder for the outputs.")
@click.option("--name", help="Base name of the outputs [default: the Chinese file's stem].")
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Settings in a TOML file (see align/config.py), or an earlier run's NAME.meta.json to "
                   "repeat its settings; the options below override it.")
@click.option("--level", type=click.Choice(LEVELS), help="Unit of the TMX and the other outputs [default: sentence].")
@click.option("--input-format", type=click.Choice(INPUT_FORMATS),
              help="'lines': one segment per line, no re-segmentation [default: auto].")
@click.option("--embedder", metavar="use|DIR",
              help="Add sentence-embedding evidence: 'use' (the Universal Sentence Encoder of the 'embed' extra) "
                   "or a local sentence-transformers model folder; never downloaded.")
@click.option("--accurate", is_flag=True, help="Same as --embedder use: slower, more accurate sentence units.")
@click.option("--reuse", type=click.Path(dir_okay=False, path_type=Path),
              help="A reviewed JSONL of an earlier version: its confirmed units whose texts are unchanged stay fixed.")
@click.option("--strict", is_flag=True, help="Fail (exit 4, no output) when the pair looks unrelated.")
@click.option("--max-size", type=ByteSize(), help="Refuse input files larger than this (0: no limit) [default: 16MB].")
@click.option("--json", "as_json", is_flag=True, help="Print a run summary as JSON on stdout.")
@click.option("-q", "--quiet", is_flag=True, help="No progress messages on stderr.")
def run(zh_file: Path, en_file: Path, out_dir: Path, name: str | None, config_file: Path | None, level: str | None,
        input_format: str | None, embedder: str | None, accurate: bool, reuse: Path | None, strict: bool,
        max_size: int | None, as_json: bool, quiet: bool) -> None:
    """Align ZH_FILE with its English original EN_FILE: writes NAME.tmx, .jsonl, .align, .html, .meta.json."""
    from dataclasses import asdict

    from .formats.atomic import write_all
    from .pipeline import align_pair, render_outputs, summarise
    from .review.cli import reuse_review

    progress = (lambda message: None) if quiet else (lambda message: click.echo(f"align: {message}", err=True))
    config = load_config(config_file).with_options(level=level, input_format=input_format, max_size=max_size)
    if name is not None:
        _check_name(name)
    config = embedder_setting(config, embedder, accurate)
    model = _load_embedder(config.embedder, progress) if config.embedder else None
    alignment = align_pair(zh_file, en_file, config, progress, embedder=model)
    if reuse:
        alignment = reuse_review(alignment, reuse, progress, config.aligner)
    summary = summarise(alignment, config)
    if summary.low_confidence:
        message = (f"the documents look unrelated (mean confidence {summary.mean_confidence:.2f}, "
                   f"{summary.doubtful + summary.one_sided} of {summary.units} units doubtful)")
        if strict:
            raise LowConfidence(message + "; nothing written")
        click.echo(f"align: warning: {message}", err=True)
    name = name or _stem(zh_file)
    report = {"zh": str(zh_file), "en": str(en_file), **asdict(summary), "signature": alignment.signature,
              "settings": asdict(config)}
    files = render_outputs(alignment, out_dir, name, report)
    keep_inputs(files, [zh_file, en_file, reuse])
    write_all(files)
    progress(f"{summary.units} units ({summary.doubtful} doubtful, {summary.one_sided} one-sided), "
             f"mean confidence {summary.mean_confidence:.2f} → {out_dir / name}.{{tmx,jsonl,align,html,meta.json}}")
    if as_json:
        report = {**report, "level": config.level, "outputs": [str(p) for p in files]}
        del report["settings"]
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))


def embedder_setting(config: AlignConfig, embedder: str | None, accurate: bool) -> AlignConfig:
    """The settings with --embedder/--accurate applied (`run` and `batch`); the embedder serves the
    sentence pass only, so at paragraph level it is dropped with a warning."""
    if accurate and embedder not in (None, "use"):
        raise AlignError("--accurate means --embedder use: give one of them")
    config = config.with_options(embedder="use" if accurate else embedder)
    if config.embedder and config.level == "paragraph":
        click.echo("align: warning: the embedder serves the sentence pass only; ignored with --level paragraph",
                   err=True)
        config = config.with_options(embedder="")
    return config


def _load_embedder(spec: str, progress):
    from .similarity import embedder

    progress(f"loading the embedding model {spec}")
    return embedder.load(spec)


def keep_inputs(outputs, inputs: list[Path | None]) -> None:
    """A usage error when an output would overwrite an input (`align run report.html report_en.html`
    writes the review page report.html)."""
    for output in outputs:
        for source in filter(None, inputs):
            if Path(output).exists() and os.path.samefile(output, source):
                raise AlignError(f"the output {output} would overwrite the input {source}: "
                                 "give another --name or -o")


def _check_name(name: str) -> None:
    """The base name of the outputs must stay a file name inside -o."""
    if not name.strip() or "/" in name or "\\" in name or ".." in name or not name.isprintable():
        raise AlignError(f"--name {name!r}: give a plain file name (no '/', '\\', '..' or control characters)")


def _stem(path: Path) -> str:
    """The outputs' default name: the Chinese file's name without suffix and language mark."""
    from .corpus import document_stem, without_language_mark

    stem = document_stem(path)
    return without_language_mark(stem) or stem

