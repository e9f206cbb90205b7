"""Command line: ``align glossary build`` and ``align check``.

Register in the main group with ``main.add_command(glossary_group)`` and
``main.add_command(check_command)``.
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

from align.formats.atomic import write_atomic

from .build import BuildOptions, build_glossary
from .formats import OUTPUT_SUFFIXES, read_glossary, write_glossary
from .inputs import InputProblem, load_units
from .tsv import TableProblem
from .xmlsafe import XMLProblem

PROBLEMS = (InputProblem, XMLProblem, TableProblem, OSError, UnicodeDecodeError)


def _progress(quiet: bool, message: str) -> None:
    if not quiet:
        click.echo(message, err=True)


class BadInput(click.ClickException):
    """Bad input: one-line message, exit status 2 (as for a bad option)."""

    exit_code = 2


def _fail(error: Exception) -> BadInput:
    text = str(error).splitlines()[0] if str(error) else type(error).__name__
    return BadInput(text)


@click.group(name="glossary")
def glossary_group() -> None:
    """Build bilingual glossaries from aligned text."""


@glossary_group.command(name="build")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path),
              help=f"Output file; format from the extension ({', '.join(OUTPUT_SUFFIXES)}).")
@click.option("--min-freq", default=1, show_default=True, type=click.IntRange(1),
              help="Drop entries found in fewer aligned units.")
@click.option("--min-confidence", default=0.0, show_default=True, type=click.FloatRange(0, 1),
              help="Drop entries below this confidence (e.g. 0.9 for a QA glossary).")
@click.option("--top", default=0, type=click.IntRange(0), help="Keep only the N best entries (0: all).")
@click.option("--seed", "seed_path", type=click.Path(path_type=Path),
              help="TSV/CSV (or TBX) of known pairs; they always win over extracted entries.")
@click.option("--tbx-version", type=click.Choice(["2", "3"]), default="2", show_default=True,
              help="2: TBX-Basic 2008 (martif); 3: ISO 30042:2019 TBX-Basic DCA.")
@click.option("--zh-lang", default="zh-CN", show_default=True, help="Language tag of the Chinese side.")
@click.option("--level", type=click.Choice(["sentence", "paragraph"]), default="sentence", show_default=True,
              help="Alignment level used for document pairs.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON summary on stdout.")
@click.option("-q", "--quiet", is_flag=True, help="No progress messages.")
def build_command(inputs, output, min_freq, min_confidence, top, seed_path, tbx_version, zh_lang, level, as_json, quiet):
    """Build a glossary from aligned files (*.jsonl, *.tmx), document pairs or folders."""
    import json

    if output.suffix.lower() not in OUTPUT_SUFFIXES:
        raise click.BadParameter(f"unknown format '{output.suffix}' (use {', '.join(OUTPUT_SUFFIXES)})",
                                 param_hint="-o/--output")
    try:
        seeds = read_glossary(seed_path).entries if seed_path else []
        units = load_units(list(inputs), level)
        _progress(quiet, f"glossary: {len(units)} aligned units read")
        glossary = build_glossary(units, BuildOptions(min_freq, top, min_confidence, zh_lang), seeds)
        write_glossary(glossary, output, int(tbx_version))
    except PROBLEMS as error:
        raise _fail(error) from None
    _progress(quiet, f"glossary: {len(glossary.entries)} entries written to {output}")
    if as_json:
        click.echo(json.dumps({"output": str(output), "units": len(units), "entries": len(glossary.entries),
                               "seeds": len(seeds)}, ensure_ascii=False))


@click.command(name="check")
@click.argument("inputs", nargs=-1, type=click.Path(path_type=Path))
@click.option("--glossary", "glossary_path", required=True, type=click.Path(path_type=Path),
              help="Glossary: TBX (2008 or v3) or TSV/CSV.")
@click.option("--tmx", "tmx_paths", multiple=True, type=click.Path(path_type=Path), help="Check a TMX file.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON on stdout.")
@click.option("--html", "html_path", type=click.Path(path_type=Path), help="Also write an HTML report.")
@click.option("-q", "--quiet", is_flag=True, help="No progress messages.")
def check_command(inputs, glossary_path, tmx_paths, as_json, html_path, quiet):
    """Check ZH EN (a document pair), folders of pairs, *.jsonl or --tmx against a glossary.

    Exit status: 0 clean, 1 issues found, 2 bad input.
    """
    from .check import check_units
    from .report import to_html, to_json, to_table

    paths = list(inputs) + list(tmx_paths)
    if not paths:
        click.echo("Error: give a document pair, a folder, a .jsonl file or --tmx FILE", err=True)
        sys.exit(2)
    try:
        glossary = read_glossary(glossary_path)
        units = load_units(paths)
    except PROBLEMS as error:
        click.echo(f"Error: {_fail(error).message}", err=True)
        sys.exit(2)
    _progress(quiet, f"check: {len(units)} units against {len(glossary.entries)} glossary entries")
    issues = check_units(units, glossary)
    click.echo(to_json(issues) if as_json else to_table(issues))
    if html_path:
        write_atomic(html_path, to_html(issues))
    sys.exit(1 if issues else 0)
