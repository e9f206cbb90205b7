"""`align review` and `align export`: thin click commands over the review package.

Cheap to import (the CLI starts fast): the package's modules are imported when a command runs.
"""
from __future__ import annotations

import webbrowser
from functools import partial
from pathlib import Path

import click

from ..errors import AlignError
from . import FORMATS


@click.command("review")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              show_default=True, help="With ZH_FILE EN_FILE: folder for the outputs of the alignment.")
@click.option("--port", type=click.IntRange(0, 65535), default=0, show_default=True, help="0: any free port.")
@click.option("--no-browser", is_flag=True, help="Print the URL only; do not open a browser.")
def review_command(inputs: tuple[Path, ...], out_dir: Path, port: int, no_browser: bool) -> None:
    """Correct NAME.jsonl in the browser (or align ZH_FILE EN_FILE first, then correct it; for
    align run's other options, run it first).

    The editor listens on 127.0.0.1 only; its URL carries a random token. Every edit is saved
    into the JSONL at once. Ctrl-C stops it.
    """
    from .server import Session, serve

    if len(inputs) == 2:
        path = _align_first(inputs[0], inputs[1], out_dir)
    elif len(inputs) == 1:
        path = inputs[0]
    else:
        raise click.UsageError("give NAME.jsonl, or ZH_FILE EN_FILE")
    session = Session(path)  # a bad file is refused before the server starts

    def ready(url: str) -> None:
        click.echo(f"align: reviewing {path} at {url} (Ctrl-C stops)", err=True)
        click.echo(url)
        if not no_browser:
            webbrowser.open(url)

    try:
        serve(session, port, ready)
    except KeyboardInterrupt:
        click.echo("align: review stopped; every edit is saved", err=True)


def _align_first(zh_file: Path, en_file: Path, out_dir: Path) -> Path:
    from ..cli import _stem, keep_inputs  # align.cli imports this module
    from ..formats.atomic import write_all
    from ..pipeline import align_pair, render_outputs

    alignment = align_pair(zh_file, en_file, progress=lambda m: click.echo(f"align: {m}", err=True))
    name = _stem(zh_file)
    files = render_outputs(alignment, out_dir, name)
    keep_inputs(files, [zh_file, en_file])
    write_all(files)
    return out_dir / f"{name}.jsonl"


def reuse_review(alignment, old_path: Path, progress, settings):
    """`align run --reuse`: the old review's confirmed units kept where their texts are unchanged;
    the stretches between them realigned with `settings` (the run's `config.AlignerSettings`)."""
    from ..aligner.document import align_segments
    from .export import load
    from .model import CONFIRMED
    from .reuse import reuse_confirmed

    old = load(old_path)
    alignment, kept = reuse_confirmed(alignment, old, partial(align_segments, settings=settings))
    confirmed = sum(u.status == CONFIRMED and not u.one_sided for u in old.units)
    progress(f"kept {kept} of the {confirmed} confirmed units of {old_path} as fixed units")
    return alignment


@click.command("export")
@click.argument("input_path", metavar="INPUT", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              show_default=True, help="Folder for the outputs.")
@click.option("--to", "formats", default="tmx,jsonl,align,html", show_default=True,
              help=f"Comma-separated formats: {', '.join(FORMATS)}.")
@click.option("--name", help="Base name of the outputs [default: the input's].")
def export_command(input_path: Path, out_dir: Path, formats: str, name: str | None) -> None:
    """Write the outputs of a reviewed alignment (a JSONL, or an InterText linkGrp file with its two
    documents beside it): TMX without units marked as not a translation, confirmed units marked."""
    from ..formats.atomic import write_all
    from .export import load, name_of, render_exports

    chosen = tuple(f.strip() for f in formats.split(",") if f.strip())
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown or not chosen:
        raise AlignError(f"unknown format {unknown[0] if unknown else '(none)'!r} (choose from {', '.join(FORMATS)})")
    outputs = render_exports(load(input_path), out_dir, name or name_of(input_path), chosen)
    if input_path.resolve() in {p.resolve() for p in outputs}:
        outputs.pop(next(p for p in outputs if p.resolve() == input_path.resolve()))  # never rewrite the input
    write_all(outputs)
    click.echo(f"align: wrote {', '.join(str(p) for p in outputs)}", err=True)
