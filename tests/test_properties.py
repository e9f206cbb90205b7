"""Property-based tests: arbitrary text through reading, segmenting, aligning and every writer.

Whatever the text, `align` either raises its own error (`AlignError`: one line and an exit
code for the CLI) or returns an alignment in which every segment lands in exactly one unit,
units follow document order, and every output parses back with its real reader.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from lxml import html as lxml_html

from align.config import AlignConfig
from align.errors import AlignError
from align.formats.plain import unit_texts
from align.formats.vecalign import parse as parse_align
from align.model import Alignment
from align.pipeline import align_pair, render_outputs

# Characters real and hostile inputs contain: digits of other scripts, superscripts and circled
# numbers (str.isdigit but not int()), full-width forms, CJK, controls, bidi marks, combining marks.
ODD = ("0123456789٠١٢٣٤٥٦٧٨٩۰۱۲०१२३০১২๑๒１２３¹²³⁴⁰₁₂①②③⑴⑵⒈⒉ⅠⅡⅢⅰⅱ〇一二十百千万亿"
       "\x00\x01\x07\x0b\x0c\x1b\x7f\x85\u200b\u200e\u202e\u2028\u2029\ufeff\ufffd\u0301\u00a0\u3000"
       "。，、；：？！“”‘’（）《》【】…—·.,;:?!\"'()[]<>&*#|/\\-_=+~^%$@`{}\t ")
CJK = "联合国打击跨国有组织犯罪公约缔约方会议工作组贩运人口问题第届年月日附件建议"
LATIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _lines(alphabet: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    line = st.text(alphabet, max_size=60)
    return st.lists(line, min_size=0, max_size=12).map("\n".join)


ZH_TEXT = _lines(st.sampled_from(CJK + ODD) | st.characters(codec="utf-8"))
EN_TEXT = _lines(st.sampled_from(LATIN + " " * 8 + ODD) | st.characters(codec="utf-8"))
# ALIGN_HYPOTHESIS_EXAMPLES=1000 for a deeper search than CI's.
SETTINGS = settings(max_examples=int(os.environ.get("ALIGN_HYPOTHESIS_EXAMPLES", "40")), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _check_invariants(alignment: Alignment) -> None:
    for side, segments in (("zh", alignment.zh), ("en", alignment.en)):
        ids = [i for unit in alignment.units for i in getattr(unit, side)]
        assert ids == list(range(len(segments))), f"{side} segments not covered once, in order"
    for unit in alignment.units:
        assert 0.0 <= unit.score <= 1.0
        assert unit.zh or unit.en


def _check_outputs(alignment: Alignment, out: Path) -> None:
    files = render_outputs(alignment, out, "t")
    by_suffix = {path.suffix: text for path, text in files.items()}
    tmx = etree.fromstring(by_suffix[".tmx"].encode("utf-8"))
    assert tmx.tag == "tmx"
    with_text = [u for u in alignment.units if all(unit_texts(alignment, u))]
    assert len(tmx.findall("body/tu")) == len(with_text)
    records = [json.loads(line) for line in by_suffix[".jsonl"].splitlines()]  # splitlines: U+2028 escaped
    assert len(records) == len(alignment.units)
    assert parse_align(by_suffix[".align"]) == [(u.zh, u.en) for u in alignment.units]
    page = lxml_html.document_fromstring(by_suffix[".html"])
    assert page.find(".//body") is not None


def _run(tmp_path: Path, zh: bytes, en: bytes, **options) -> Alignment | None:
    zh_path, en_path = tmp_path / "a.zh.txt", tmp_path / "a.en.txt"
    zh_path.write_bytes(zh)
    en_path.write_bytes(en)
    try:
        alignment = align_pair(zh_path, en_path, AlignConfig(**options))
    except AlignError as error:
        message = str(error)
        assert message and "\n" not in message and "Traceback" not in message
        return None
    _check_invariants(alignment)
    _check_outputs(alignment, tmp_path)
    return alignment


@SETTINGS
@given(zh=ZH_TEXT, en=EN_TEXT, level=st.sampled_from(["sentence", "paragraph"]))
def test_any_text_aligns_or_fails_cleanly(tmp_path: Path, zh: str, en: str, level: str) -> None:
    _run(tmp_path, zh.encode("utf-8"), en.encode("utf-8"), level=level)


@SETTINGS
@given(zh=ZH_TEXT, en=EN_TEXT)
def test_any_lines_align_or_fail_cleanly(tmp_path: Path, zh: str, en: str) -> None:
    _run(tmp_path, zh.encode("utf-8"), en.encode("utf-8"), input_format="lines")


@SETTINGS
@given(zh=st.binary(max_size=400), en=st.binary(max_size=400))
def test_any_bytes_align_or_fail_cleanly(tmp_path: Path, zh: bytes, en: bytes) -> None:
    _run(tmp_path, zh, en)


@SETTINGS
@given(zh=st.lists(st.integers(0, 0xFFFF), max_size=200), en=st.lists(st.integers(0, 0xFFFF), max_size=200))
def test_utf16_with_lone_surrogates_aligns_or_fails_cleanly(tmp_path: Path, zh: list[int], en: list[int]) -> None:
    def utf16(units: list[int]) -> bytes:
        return b"\xff\xfe" + b"".join(u.to_bytes(2, "little") for u in units)

    _run(tmp_path, utf16(zh), utf16(en))


@pytest.mark.parametrize("mark", ["¹", "①", "⑴", "⒈", "Ⅱ", "٣", "१", "３", "²³"])
def test_digit_like_marks_in_a_real_pair(tmp_path: Path, mark: str) -> None:
    """The seed-document crash: a footnote or list mark that str.isdigit() accepts but int() refuses."""
    zh = f"附件{mark}\n\n1. 联合国打击跨国有组织犯罪公约缔约方会议第{mark}届会议于2019年举行。{mark}\n"
    en = "Annex 1\n\n1. The Conference of the Parties to the United Nations Convention against " \
         "Transnational Organized Crime held its session in 2019.\n"
    alignment = _run(tmp_path, zh.encode("utf-8"), en.encode("utf-8"))
    assert alignment is not None and any(not u.one_sided for u in alignment.units)


def test_numbers_match_across_digit_scripts() -> None:
    from align.similarity.features import ascii_digits, features

    assert ascii_digits("٢٠١٩ and ２０１９") == "2019 and 2019"
    assert features("第２０１９号", "zh").numbers == features("No. 2019", "en").numbers == {"2019"}


SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"


@pytest.mark.skipif(not (SHARED / "zh").is_dir(), reason="needs ../shared/corpus")
@pytest.mark.parametrize("zh", sorted((SHARED / "zh").glob("*.txt")) if (SHARED / "zh").is_dir() else [],
                         ids=lambda p: p.name[:3])
def test_every_seed_document_aligns(tmp_path: Path, zh: Path) -> None:
    """Each of the shared Chinese documents (004 crashed on its `¹`) aligns with an English one."""
    en = SHARED / "en" / zh.name
    alignment = align_pair(zh, en if en.exists() else sorted((SHARED / "en").glob("*.txt"))[0])
    _check_invariants(alignment)
    _check_outputs(alignment, tmp_path)
