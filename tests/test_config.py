"""One settings object: TOML and meta files, overrides, and the signature every output carries."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from lxml import etree, html

from align.corpus import Pair
from align.batch.runner import Settings, run_batch
from align.batch.store import Store
from align.cli import main
from align.config import AlignConfig, from_dict, load
from align.errors import AlignError

NAME = "CTOC-COP-WG.4-2019-1"


def _run(example_pair, out, *options):
    zh, en = example_pair
    result = CliRunner().invoke(main, ["run", str(zh), str(en), "-o", str(out), "-q", "--json", *options])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_every_output_carries_the_signature(example_pair, tmp_path):
    summary = _run(example_pair, tmp_path)
    signature = summary["signature"]
    assert signature == AlignConfig().signature() and signature.startswith("align:")
    header = etree.parse(str(tmp_path / f"{NAME}.tmx")).find("header")
    assert header.findtext("prop[@type='x-align-signature']") == signature
    assert html.parse(str(tmp_path / f"{NAME}.html")).findtext(".//footer") == signature
    meta = json.loads((tmp_path / f"{NAME}.meta.json").read_text(encoding="utf-8"))
    assert meta["signature"] == signature and meta["units"] == summary["units"]


def test_a_setting_changes_the_signature_and_a_meta_file_repeats_it(example_pair, tmp_path):
    (tmp_path / "wide.toml").write_text("[aligner]\nsentence_band = 6\n[aligner.scorer]\nsigma = 0.3\n")
    wide = _run(example_pair, tmp_path / "a", "--config", str(tmp_path / "wide.toml"))
    assert wide["signature"] != AlignConfig().signature() and "band:12-64/6" in wide["signature"]
    again = _run(example_pair, tmp_path / "b", "--config", str(tmp_path / "a" / f"{NAME}.meta.json"))
    assert again["signature"] == wide["signature"]
    assert _run(example_pair, tmp_path / "c", "--level", "paragraph")["signature"] != AlignConfig().signature()


def test_options_override_the_file(tmp_path):
    (tmp_path / "c.toml").write_text('level = "paragraph"\nmax_size = 1000\n')
    config = load(tmp_path / "c.toml").with_options(level=None, max_size=5)
    assert (config.level, config.max_size) == ("paragraph", 5)


@pytest.mark.parametrize("data, message", [
    ({"levl": "x"}, "unknown setting 'levl'"),
    ({"aligner": {"band": 3}}, "[aligner]: unknown setting 'band'"),
    ({"aligner": {"scorer": {"sigma": "wide"}}}, "sigma must be a number"),
    ({"aligner": {"sentence_band": 2.5}}, "sentence_band must be an integer"),
    ({"aligner": 3}, "must be a table"),
    ({"level": "word"}, "level must be one of"),
])
def test_bad_settings_are_one_line_errors(data, message):
    with pytest.raises(AlignError, match=message.replace("[", r"\[").replace("]", r"\]")):
        from_dict(data)


def test_a_bad_config_file_is_a_usage_error(example_pair, tmp_path):
    (tmp_path / "bad.toml").write_text("level = \n")
    zh, en = example_pair
    result = CliRunner().invoke(main, ["run", str(zh), str(en), "-o", str(tmp_path), "--config", str(tmp_path / "bad.toml")])
    assert result.exit_code == 2 and "not a TOML config" in result.stderr and result.stderr.count("\n") == 1


def test_the_batch_store_realigns_when_the_settings_change(example_pair, tmp_path):
    zh, en = example_pair
    pairs = [Pair(NAME, zh, en)]
    store = Store(tmp_path / "store.sqlite")
    first = run_batch(pairs, store, Settings(AlignConfig()), lambda m: None)
    same = run_batch(pairs, store, Settings(AlignConfig()), lambda m: None)
    changed = run_batch(pairs, store, Settings(AlignConfig(level="paragraph")), lambda m: None)
    store.close()
    assert (first.aligned, same.skipped, changed.aligned) == ([NAME], [NAME], [NAME])
