"""Bounds on what is read: the size limit, and rules that must stay local (linear in the text)."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from align.cli import main
from align.sizes import ByteSize
from align.formats.jsonl import dumps
from align.segment.paragraphs import _link_annotations, build_paragraphs
from align.segment.sentences import split_sentences


def test_an_input_over_the_size_limit_is_refused_in_one_line(example_pair, tmp_path):
    zh, en = example_pair
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["run", str(zh), str(en), "-o", str(out), "--max-size", "5k", "-q"])
    assert result.exit_code == 3
    assert result.stderr.count("\n") == 1 and "over the input size limit of 5 KB" in result.stderr
    assert not out.exists()


def test_no_size_limit_with_zero(example_pair, tmp_path):
    zh, en = example_pair
    result = CliRunner().invoke(main, ["run", str(zh), str(en), "-o", str(tmp_path), "--max-size", "0", "-q"])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("text, size", [("16MB", 16 * 2**20), ("500k", 500 * 2**10), ("2G", 2 * 2**30),
                                        ("1.5 mb", int(1.5 * 2**20)), ("1234", 1234), ("0", 0)])
def test_sizes_as_written(text, size):
    assert ByteSize().convert(text, None, None) == size


def test_a_bad_size_is_a_usage_error(example_pair):
    zh, en = example_pair
    result = CliRunner().invoke(main, ["run", str(zh), str(en), "--max-size", "big"])
    assert result.exit_code == 2 and "is not a size" in result.output


def test_abbreviations_are_found_in_a_bounded_window():
    text = ("x" * 200_000) + " see para. 4 of the report. The U.N. Secretariat and Mr. Smith agreed. "
    sentences = split_sentences(text, "en")
    assert sentences[-1] == "The U.N. Secretariat and Mr. Smith agreed."
    assert sentences[-2].endswith("see para. 4 of the report.")


def test_a_word_longer_than_any_abbreviation_is_not_one():
    """A long dotted run ending in a one-letter piece (a.b.c…) is cut off, not read as U.N.-style."""
    long_dotted = ".".join("a" * 30)
    assert split_sentences(f"It was {long_dotted}. Then it ended.", "en") == [
        f"It was {long_dotted}.", "Then it ended."]


def test_link_annotations_shown_in_the_text_are_dropped():
    raw = ["见 www.unodc.org/unodc/en/treaties/CTOC/page.html。", "",
           "http://www.unodc.org/unodc/en/treaties/CTOC/page.html",
           "http://example.org/never/shown", "下一段。"]
    assert _link_annotations(raw) == {2}


def test_many_link_lines_beside_long_lines():
    lines = [f"http://undocs.org/doc/{k}" for k in range(2000)] + ["正文见 undocs.org/doc/7。"] + ["很长" * 50_000]
    assert _link_annotations(lines) == {7}
    assert build_paragraphs("\n".join(lines), "zh")[-1].text.endswith("很长很长")


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
def test_unicode_line_separators(separator):
    """Word's manual line break (U+2028) and its kin break lines in the text and are escaped in JSONL."""
    paragraphs = build_paragraphs(f"First paragraph ends here.{separator}{separator}Second one.", "en")
    assert [p.text for p in paragraphs] == ["First paragraph ends here.", "Second one."]
    line = dumps({"en": [f"a{separator}b"]})
    assert len(line.splitlines()) == 1 and json.loads(line) == {"en": [f"a{separator}b"]}


def test_a_pair_of_absurdly_different_lengths_is_refused(tmp_path):
    """2 MB of English beside a page of Chinese is not a translation: one line, exit 3, at once."""
    zh, en = tmp_path / "a.zh.txt", tmp_path / "a.en.txt"
    zh.write_text("工作组举行会议。\n\n1. 工作组讨论了受害人保护问题。\n", encoding="utf-8")
    en.write_text("The Working Group met in Vienna. " * 3_000, encoding="utf-8")
    result = CliRunner().invoke(main, ["run", str(zh), str(en), "-o", str(tmp_path / "out"), "-q"])
    assert result.exit_code == 3 and "too different in length" in result.stderr
    assert result.stderr.count("\n") == 1 and not (tmp_path / "out").exists()
