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
from .errors import AlignError, LowConfidence
from .pipeline import INPUT_FORMATS, align_pair, render_outputs, summarise
from .formats.atomic import write_all
from .similarity.embedder import USE, load as load_embedder


class Group(click.Group):
    """Turns AlignError into a one-line message and its exit code (no traceback)."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except AlignError as err:
            click.echo(f"align: error: {err}", err=True)
            sys.exit(err.exit_code)
        except OSError as err:
            click.echo(f"align: error: {err.filename or ''}: {err.strerror}", err=True)
            sys.exit(3)


@click.group(cls=Group)
@click.version_option(__version__, prog_name="align")
def main() -> None:
    """Align Chinese documents with their English originals; build and check glossaries."""


@main.command()
@click.argument("zh_file", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("en_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              show_default=True, help="Folder for the outputs.")
@click.option("--name", help="Base name of the outputs [default: the Chinese file's stem].")
@click.option("--level", type=click.Choice(["sentence", "paragraph"]), default="sentence", show_default=True,
              help="Unit of the TMX and the other outputs.")
@click.option("--input-format", type=click.Choice(INPUT_FORMATS), default="auto", show_default=True,
              help="'lines': one segment per line, no re-segmentation.")
@click.option("--embedder", metavar="use|DIR",
              help="Add sentence-embedding evidence: 'use' (the Universal Sentence Encoder of the 'embed' extra) "
                   "or a local sentence-transformers model folder; never downloaded.")
@click.option("--accurate", is_flag=True, help="Same as --embedder use.")
@click.option("--strict", is_flag=True, help="Fail (exit 4, no output) when the pair looks unrelated.")
@click.option("--json", "as_json", is_flag=True, help="Print a run summary as JSON on stdout.")
@click.option("-q", "--quiet", is_flag=True, help="No progress messages on stderr.")
def run(zh_file: Path, en_file: Path, out_dir: Path, name: str | None, level: str, input_format: str,
        embedder: str | None, accurate: bool, strict: bool, as_json: bool, quiet: bool) -> None:
    """Align ZH_FILE with its English original EN_FILE: writes NAME.tmx, .jsonl, .align, .html."""
    progress = (lambda message: None) if quiet else (lambda message: click.echo(f"align: {message}", err=True))
    if accurate and embedder and embedder != USE:
        raise click.UsageError("--accurate is --embedder use; give one of them")
    embedder = USE if accurate else embedder
    model = _load_embedder(embedder, progress) if embedder else None
    if model is not None and level == "paragraph":
        click.echo("align: warning: --embedder is used in the sentence pass only; ignored with --level paragraph",
                   err=True)
        model = None
    alignment = align_pair(zh_file, en_file, level, input_format, progress, embedder=model)
    summary = summarise(alignment)
    if summary.low_confidence:
        message = (f"the documents look unrelated (mean confidence {summary.mean_confidence:.2f}, "
                   f"{summary.doubtful + summary.one_sided} of {summary.units} units doubtful)")
        if strict:
            raise LowConfidence(message + "; nothing written")
        click.echo(f"align: warning: {message}", err=True)
    name = name or _stem(zh_file)
    files = render_outputs(alignment, out_dir, name)
    write_all(files)
    progress(f"{summary.units} units ({summary.doubtful} doubtful, {summary.one_sided} one-sided), "
             f"mean confidence {summary.mean_confidence:.2f} → {out_dir / name}.{{tmx,jsonl,align,html}}")
    if as_json:
        report = {"zh": str(zh_file), "en": str(en_file), "level": level, **asdict(summary),
                  "low_confidence": summary.low_confidence, "outputs": [str(p) for p in files]}
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))


def _load_embedder(spec: str, progress):
    progress(f"loading the embedding model {spec}")
    return load_embedder(spec)


def _stem(path: Path) -> str:
    name = path.name
    for suffix in (".zh.txt", ".zh.md", ".txt", ".md"):
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return path.stem


main.add_command(batch_command)
main.add_command(glossary_group)
main.add_command(check_command)
