"""Command line: a thin layer over the library; no logic of its own.

Commands other than `run` live in their own modules, imported only when they are invoked, and
`run` imports the pipeline only when it runs, so `align --help` starts in a fraction of a second.
"""
from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path

import click

from . import __version__
from .errors import AlignError, LowConfidence
from .readers.detect import INPUT_FORMATS

# command → (module, attribute, its one-line help for `align --help`)
LAZY_COMMANDS = {
    "batch": ("align.batch.cli", "batch_command", "Align every document pair in INPUT (a folder, or a CSV manifest with header zh,en[,name])."),
    "check": ("glossary.cli", "check_command", "Check ZH EN (a document pair), folders of pairs, *.jsonl or --tmx against a glossary."),
    "glossary": ("glossary.cli", "glossary_group", "Build bilingual glossaries from aligned text."),
}


class Group(click.Group):
    """Turns AlignError into a one-line message and its exit code (no traceback); loads the
    commands of LAZY_COMMANDS when they are used."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(LAZY_COMMANDS))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in LAZY_COMMANDS and name not in self.commands:
            module, attribute, _ = LAZY_COMMANDS[name]
            self.add_command(getattr(importlib.import_module(module), attribute), name)
        return super().get_command(ctx, name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, LAZY_COMMANDS[name][2] if name in LAZY_COMMANDS else
                 self.commands[name].get_short_help_str(formatter.width - 6 - len(name)))
                for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

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
@click.option("--embedder", type=click.Path(path_type=Path),
              help="A local multilingual sentence-embedding model folder (sentence-transformers) to add its "
                   "similarity as evidence; never downloaded. Needs the 'embed' extra.")
@click.option("--strict", is_flag=True, help="Fail (exit 4, no output) when the pair looks unrelated.")
@click.option("--json", "as_json", is_flag=True, help="Print a run summary as JSON on stdout.")
@click.option("-q", "--quiet", is_flag=True, help="No progress messages on stderr.")
def run(zh_file: Path, en_file: Path, out_dir: Path, name: str | None, level: str, input_format: str,
        embedder: Path | None, strict: bool, as_json: bool, quiet: bool) -> None:
    """Align ZH_FILE with its English original EN_FILE: writes NAME.tmx, .jsonl, .align, .html."""
    from dataclasses import asdict

    from .formats.atomic import write_all
    from .pipeline import align_pair, render_outputs, summarise

    progress = (lambda message: None) if quiet else (lambda message: click.echo(f"align: {message}", err=True))
    if embedder and input_format != "lines":
        click.echo("align: warning: --embedder is used with --input-format lines only (for now); ignored", err=True)
        embedder = None
    model = _load_embedder(embedder, progress) if embedder else None
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


def _load_embedder(path: Path, progress):
    from .similarity import embedder

    progress(f"loading the embedding model {path}")
    try:
        return embedder.load(path)
    except (ValueError, RuntimeError) as err:
        raise AlignError(str(err).splitlines()[0]) from None


def _stem(path: Path) -> str:
    name = path.name
    for suffix in (".zh.txt", ".zh.md", ".txt", ".md"):
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return path.stem
