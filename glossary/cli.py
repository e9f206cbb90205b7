"""Command line: ``align glossary build`` and ``align check``.

Register in the main group with ``main.add_command(glossary_group)`` and
``main.add_command(check_command)``.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import click

from align.config import GlossaryConfig
from align.formats.atomic import write_atomic

from .build import build_glossary
from .check import QA_MIN_CONFIDENCE
from .formats import OUTPUT_SUFFIXES, read_glossary, write_glossary
from .inputs import InputProblem, load_corpus, load_units

# InputProblem, XMLProblem and TableProblem are align.errors.InputError: the align group prints
# them as one line and exits 3, as for every command (see align/errors.py).


def _progress(quiet: bool, message: str) -> None:
    if not quiet:
        click.echo(f"align: {message}", err=True)  # the progress style of every command


def _printable(value: str, param: click.Parameter) -> str:
    """An option's text that goes into every entry: no control characters (XML cannot hold them)."""
    if not value.isprintable():
        raise click.BadParameter(f"{value!r}: no control characters", param=param)
    return value


def _tag(value: str, param: click.Parameter) -> str:
    """A BCP 47 language tag as xml:lang takes it (zh-CN, zh-Hant-TW)."""
    if not re.fullmatch(r"[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*", value):
        raise click.BadParameter(f"{value!r} is not a language tag (e.g. zh-CN, zh-TW)", param=param)
    return value


@click.group(name="glossary")
def glossary_group() -> None:
    """Build bilingual glossaries from aligned text."""


@glossary_group.command(name="build")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", "outputs", required=True, multiple=True, type=click.Path(path_type=Path),
              help=f"Output file, repeatable (one build, several formats); format from the extension "
                   f"({', '.join(OUTPUT_SUFFIXES)}).")
@click.option("--min-freq", default=1, show_default=True, type=click.IntRange(1),
              help="Drop entries found in fewer aligned units.")
@click.option("--min-confidence", default=0.0, show_default=True, type=click.FloatRange(0, 1),
              help="Drop entries below this confidence.")
@click.option("--top", default=0, type=click.IntRange(0), help="Keep only the N best entries (0: all).")
@click.option("--seed", "seed_path", type=click.Path(path_type=Path),
              help="TSV/CSV (or TBX) of known pairs; they always win over extracted entries.")
@click.option("--existing", "existing_path", type=click.Path(path_type=Path),
              help="A termbase you have (TBX or TSV, e.g. a reviewed earlier output): kept as it is, "
                   "updated with fresh statistics; extracted entries not in it are marked new.")
@click.option("--subject", default="", callback=lambda ctx, param, value: _printable(value, param),
              help="Subject field written in every extracted entry.")
@click.option("--tbx-version", type=click.Choice(["2", "3"]), default="2", show_default=True,
              help="2: TBX-Basic 2008 (martif); 3: ISO 30042:2019 TBX-Basic DCA.")
@click.option("--zh-lang", default="zh-CN", show_default=True, callback=lambda ctx, param, value: _tag(value, param),
              help="Language tag of the Chinese side.")
@click.option("--level", type=click.Choice(["sentence", "paragraph"]), default="sentence", show_default=True,
              help="Alignment level used for document pairs.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON summary on stdout.")
@click.option("-q", "--quiet", is_flag=True, help="No progress messages.")
def build_command(inputs, outputs, min_freq, min_confidence, top, seed_path, existing_path, subject, tbx_version,
                  zh_lang, level, as_json, quiet):
    """Build a glossary from aligned files (*.jsonl, *.tmx), document pairs or folders
    (an `align run` output folder is read once per NAME, from NAME.jsonl)."""
    import json

    for output in outputs:
        if output.suffix.lower() not in OUTPUT_SUFFIXES:
            raise click.BadParameter(f"unknown format '{output.suffix}' (use {', '.join(OUTPUT_SUFFIXES)})",
                                     param_hint="-o/--output")
    try:
        seeds = read_glossary(seed_path).entries if seed_path else []
        existing = read_glossary(existing_path).entries if existing_path else None
        units, sources = load_corpus(list(inputs), level)
        _progress(quiet, f"glossary: {len(units)} aligned units read")
        options = GlossaryConfig(min_freq, top, min_confidence, zh_lang, subject)
        glossary = build_glossary(units, options, seeds, existing, sources)
        write_glossary(glossary, list(outputs), int(tbx_version))
    except UnicodeDecodeError as error:
        raise InputProblem(f"cannot decode an input as UTF-8 ({error.reason})") from None
    new = sum(e.new for e in glossary.entries)
    _progress(quiet, f"glossary: {len(glossary.entries)} entries ({new} new) written to "
                     f"{', '.join(map(str, outputs))}")
    if as_json:
        click.echo(json.dumps({"outputs": list(map(str, outputs)), "units": len(units),
                               "entries": len(glossary.entries), "new": new, "seeds": len(seeds),
                               "signature": glossary.signature},
                              ensure_ascii=False))


@click.command(name="check")
@click.argument("inputs", nargs=-1, type=click.Path(path_type=Path))
@click.option("--glossary", "glossary_path", required=True, type=click.Path(path_type=Path),
              help="Glossary: TBX (2008 or v3) or TSV/CSV.")
@click.option("--tmx", "tmx_paths", multiple=True, type=click.Path(path_type=Path), help="Check a TMX file.")
@click.option("--min-confidence", default=QA_MIN_CONFIDENCE, show_default=True, type=click.FloatRange(0, 1),
              help="Confidence a candidate entry needs to be checked (approved entries always are).")
@click.option("--ignore", "ignore_path", type=click.Path(path_type=Path),
              help="File of issue ids to leave out (false positives marked once; first word of each line).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON on stdout.")
@click.option("--html", "html_path", type=click.Path(path_type=Path), help="Also write an HTML report.")
@click.option("-q", "--quiet", is_flag=True, help="No progress messages.")
def check_command(inputs, glossary_path, tmx_paths, min_confidence, ignore_path, as_json, html_path, quiet):
    """Check ZH EN (a document pair), folders of pairs, *.jsonl or --tmx against a glossary.

    Exit status: 0 clean, 1 issues found, 2 usage error, 3 unreadable input.
    """
    from .check import check_units, qa_entries, read_ignore
    from .report import to_html, to_json, to_table

    paths = list(inputs) + list(tmx_paths)
    if not paths:
        raise click.UsageError("give a document pair, a folder, a .jsonl file or --tmx FILE")
    try:
        glossary = read_glossary(glossary_path)
        ignore = read_ignore(_text_file(ignore_path)) if ignore_path else frozenset()
        units = load_units(paths)
    except UnicodeDecodeError as error:
        raise InputProblem(f"cannot decode an input as UTF-8 ({error.reason})") from None
    checked = len(qa_entries(glossary, min_confidence))
    _progress(quiet, f"check: {len(units)} units against {checked} of {len(glossary.entries)} glossary entries")
    issues = check_units(units, glossary, min_confidence, ignore)
    click.echo(to_json(issues) if as_json else to_table(issues))
    if html_path:
        write_atomic(html_path, to_html(issues))
    sys.exit(1 if issues else 0)


def _text_file(path: Path) -> str:
    """A small text file's text, decoded as documents are (a device, pipe or folder is refused before reading)."""
    from align.readers.detect import check_file
    from align.readers.encoding import decode

    check_file(path)
    return decode(path.read_bytes(), "zh", str(path))
