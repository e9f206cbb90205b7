"""Command line: a thin layer over the library; no logic of its own."""
from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path

import click

from glossary.cli import check_command, glossary_group

from . import __version__
from .batch.cli import batch_command
from .errors import INTERRUPTED, UNREADABLE, USAGE, AlignError, LowConfidence, os_message
from .config import INPUT_FORMATS, LEVELS
from .sizes import ByteSize
from .config import load as load_config
from .corpus import document_stem, without_language_mark
from .pipeline import align_pair, render_outputs, summarise
from .formats.atomic import write_all
from .review.cli import export_command, reuse_review, review_command


class Group(click.Group):
    """Every command's errors in one style: `align: error: MESSAGE` on one line, and the exit
    code of `align.errors.EXIT_CODES` (no traceback, no usage dump)."""

    def main(self, *args, **kwargs):
        kwargs["standalone_mode"] = False
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
        sys.exit(result if isinstance(result, int) else 0)

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:  # before click's own handler, which prints an empty line first
            _fail("interrupted (nothing written)", INTERRUPTED)


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
@click.option("--embedder", type=click.Path(path_type=Path),
              help="A local multilingual sentence-embedding model folder (sentence-transformers) to add its "
                   "similarity as evidence; never downloaded. Needs the 'embed' extra.")
@click.option("--reuse", type=click.Path(dir_okay=False, path_type=Path),
              help="A reviewed JSONL of an earlier version: its confirmed units whose texts are unchanged stay fixed.")
@click.option("--strict", is_flag=True, help="Fail (exit 4, no output) when the pair looks unrelated.")
@click.option("--max-size", type=ByteSize(), help="Refuse input files larger than this (0: no limit) [default: 16MB].")
@click.option("--json", "as_json", is_flag=True, help="Print a run summary as JSON on stdout.")
@click.option("-q", "--quiet", is_flag=True, help="No progress messages on stderr.")
def run(zh_file: Path, en_file: Path, out_dir: Path, name: str | None, config_file: Path | None, level: str | None,
        input_format: str | None, embedder: Path | None, reuse: Path | None, strict: bool, max_size: int | None,
        as_json: bool, quiet: bool) -> None:
    """Align ZH_FILE with its English original EN_FILE: writes NAME.tmx, .jsonl, .align, .html, .meta.json."""
    progress = (lambda message: None) if quiet else (lambda message: click.echo(f"align: {message}", err=True))
    config = load_config(config_file).with_options(level=level, input_format=input_format, max_size=max_size)
    if name is not None:
        _check_name(name)
    if embedder and config.input_format != "lines":
        click.echo("align: warning: --embedder is used with --input-format lines only (for now); ignored", err=True)
        embedder = None
    model = _load_embedder(embedder, progress) if embedder else None
    config = config.with_options(embedder=str(embedder) if embedder else None)
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
    write_all(files)
    progress(f"{summary.units} units ({summary.doubtful} doubtful, {summary.one_sided} one-sided), "
             f"mean confidence {summary.mean_confidence:.2f} → {out_dir / name}.{{tmx,jsonl,align,html,meta.json}}")
    if as_json:
        report = {**report, "level": config.level, "outputs": [str(p) for p in files]}
        del report["settings"]
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))


def _load_embedder(path: Path, progress):
    from .similarity import embedder

    progress(f"loading the embedding model {path}")
    try:
        return embedder.load(path)
    except (ValueError, RuntimeError) as err:
        raise AlignError(str(err).splitlines()[0]) from None


def _check_name(name: str) -> None:
    """The base name of the outputs must stay a file name inside -o."""
    if not name.strip() or "/" in name or "\\" in name or ".." in name or not name.isprintable():
        raise AlignError(f"--name {name!r}: give a plain file name (no '/', '\\', '..' or control characters)")


def _stem(path: Path) -> str:
    """The outputs' default name: the Chinese file's name without suffix and language mark."""
    stem = document_stem(path)
    return without_language_mark(stem) or stem


main.add_command(batch_command)
main.add_command(glossary_group)
main.add_command(check_command)
main.add_command(review_command)
main.add_command(export_command)
