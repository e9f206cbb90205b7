"""Layouts other extractions produce (tests/layouts.py) align as well as the original files."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from align.config import AlignConfig
from align.model import TABLE_ROW
from align.pipeline import align_files, read_document
from align.scoring import Score, normalise, text_units_to_ids
from align.segment.paragraphs import build_paragraphs, canonical_marks, dehyphenate, document_words
from conftest import UN, read_gold
from convert import plain
from layouts import VARIANTS, gold_document, gold_variant, render

STEM = "001_dd72bde6d4dd5ad3"


def _documents(stem: str) -> dict:
    gold = read_gold(stem, "paragraph")
    return {lang: gold_document(gold, read_document(UN / f"{stem}.{lang}.txt", lang, "text")) for lang in ("zh", "en")}


def _f1(stem: str, zh: Path, en: Path, level: str, layout=None) -> float:
    score = Score()
    expected = read_gold(stem, level)
    score.add(*text_units_to_ids(gold_variant(expected, layout or VARIANTS["CRLF"]),
                                 plain(align_files(zh, en, AlignConfig(level=level)))))
    return score.table()["strict_f1"]


@pytest.mark.parametrize("name", ["hyphenated English", "superscript marks ¹", "traditional Chinese",
                                  "NBSP, full-width digits", "double-spaced", "furniture, no blank lines", "double-spaced, narrow",
                                  "table cells per line (zh)", "table cells per line (en)"])
def test_layout_variant_aligns(name: str, tmp_path: Path) -> None:
    layout = VARIANTS[name]
    paths = []
    for lang, document in _documents(STEM).items():
        paths.append(tmp_path / f"{STEM}.{lang}.txt")
        paths[-1].write_text(render(document, layout), encoding="utf-8", newline="")
    assert _f1(STEM, *paths, "paragraph", layout) >= 0.98


def test_double_spaced_short_last_line_ends_the_paragraph() -> None:
    lines = ["第一段的第一行文字写满了整个页面的宽度不留空", "第一段的最后一行。", "第二段的第一行文字写满了整个页面的宽度不留空",
             "第二段的第二行文字写满了整个页面的宽度不留空", "第二段结束。", "第三段的第一行文字写满了整个页面的宽度不留空", "结束。"]
    paragraphs = build_paragraphs("\n\n".join(lines) + "\n", "zh")
    assert [p.text[:3] for p in paragraphs] == ["第一段", "第二段", "第三段"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_paragraph_ends_are_guessed_only_where_nothing_marks_them(lang: str) -> None:
    """Full lines are guesses (for the aligner to decide) without blank lines, never with them."""
    document = _documents(STEM)[lang]
    unmarked = build_paragraphs(render(document, VARIANTS["single-spaced, no blank lines"]), lang)
    assert any(p.guessed_start or p.may_end for p in unmarked)
    marked = build_paragraphs(render(document, VARIANTS["wrap zh30 en80"]), lang)
    assert not any(p.guessed_start or p.may_end for p in marked)
    for p in unmarked:  # a place a paragraph may end is a line end inside it
        assert all(0 < offset < len(p.text) for offset in p.may_end)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_wrapped_paragraphs_between_blank_lines_come_back_whole(lang: str) -> None:
    """Many one-line headings with a blank line after each are not double spacing: every gold paragraph is rebuilt."""
    document = _documents(STEM)[lang]
    rebuilt = build_paragraphs(render(document, VARIANTS["wrap zh30 en80"]), lang)
    assert [normalise(p.text) for p in rebuilt] == [normalise(p.text) for p in document.paragraphs]


def test_hyphens_across_lines_follow_the_document() -> None:
    words = document_words(["trafficking is well-known", "and UNODC"])
    assert dehyphenate(["on traf-", "ficking and a well-", "known, open-", "ended UN-", "ODC and Smith-", "Jones"],
                       words) == ["on trafficking and a well-known, open-ended UNODC and Smith-Jones"]
    # an inflected form of a listed word ("framework") is one word; two words stay hyphenated
    assert dehyphenate(["legal frame-", "works and long-", "term plans"], set()) == ["legal frameworks and long-term plans"]


def test_raised_and_circled_marks_become_footnote_marks() -> None:
    assert canonical_marks("会议开幕。¹", set()) == "会议开幕。<sup>1</sup>"
    assert canonical_marks("at 10 a.m.②", set()) == "at 10 a.m.<sup>2</sup>"
    assert canonical_marks("① 脚注。", {"1"}) == "<sup>1</sup> 脚注。"
    assert canonical_marks("① 列表项", set()) == "① 列表项"  # not cited: a list label


# ---------------------------------------------------------------- files made by LibreOffice

OFFICE = ["LibreOffice PDF, 1.15 spacing", "LibreOffice PDF, justified, hyphenated",
          "LibreOffice PDF, two columns", "LibreOffice ODT"]


@pytest.fixture(scope="session")
def office_made(tmp_path_factory) -> dict:
    """The first UN pair made by LibreOffice in four layouts, converted once per session."""
    from office import office_files, soffice

    if not soffice():
        pytest.skip("LibreOffice (soffice) is not installed")
    return office_files({STEM: _documents(STEM)}, OFFICE, tmp_path_factory.mktemp("office"))


@pytest.mark.parametrize("name", OFFICE)
def test_office_made_files_align(name: str, office_made: dict) -> None:
    zh, en = office_made[name][STEM]
    assert _f1(STEM, zh, en, "paragraph") >= 0.98
    assert _f1(STEM, zh, en, "sentence") >= 0.95


@pytest.mark.parametrize("name", OFFICE)
def test_office_made_text_is_extracted_right(name: str, office_made: dict) -> None:
    zh, en = office_made[name][STEM]
    zh_text = "\n".join(p.text for p in read_document(zh, "zh").paragraphs)
    en_text = "\n".join(p.text for p in read_document(en, "en").paragraphs)
    assert not re.search(r"[a-z]- [a-z]|[a-z] - [a-z]", en_text)  # hyphenation undone, no broken words
    source = " ".join(p.text for p in _documents(STEM)["en"].paragraphs)
    hyphenated = set(re.findall(r"[A-Za-z]+-[a-z]+", en_text))
    assert hyphenated <= set(re.findall(r"[A-Za-z]+-[a-z]+", source)), hyphenated  # no hyphen left from a line end
    assert "Organizational matters" in en_text and "组织事项" in zh_text
    if zh.suffix == ".pdf":  # spaces the PDF's layout put between CJK characters and digits are gone
        assert not re.search(r"[\u4e00-\u9fff] [\u4e00-\u9fff0-9]|[0-9] [\u4e00-\u9fff]", zh_text)
        assert "2019年9月9日" in zh_text


TABLES = "003_cdd5c65759a59d46"  # its annex holds an agenda table without rules


@pytest.fixture(scope="session")
def office_columns(tmp_path_factory) -> dict:
    """The pair with the agenda table in two columns, made by LibreOffice once per session."""
    from office import office_files, soffice

    if not soffice():
        pytest.skip("LibreOffice (soffice) is not installed")
    return office_files({TABLES: _documents(TABLES)}, ["LibreOffice PDF, two columns"], tmp_path_factory.mktemp("cols"))


def test_table_without_rules_in_a_column_is_read_by_rows(office_columns: dict) -> None:
    zh, en = office_columns["LibreOffice PDF, two columns"][TABLES]
    rows = {lang: [p.text for p in read_document(path, lang).paragraphs if p.kind == TABLE_ROW]
            for lang, path in (("zh", zh), ("en", en))}
    assert "Date and time\tAgenda item\tTitle or description" in rows["en"]
    assert "日期和时间\t议程项目\t标题或说明" in rows["zh"]
    assert _f1(TABLES, zh, en, "paragraph") >= 0.98
    assert _f1(TABLES, zh, en, "sentence") >= 0.95
