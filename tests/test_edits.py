"""Pairs whose paragraphs differ: a note only one side has stands alone, a paragraph one side splits
stays in one unit (tests/edits.py and scripts/evaluate_edits.py measure the same on the shared pairs).

The shipped example pair is read, its paragraphs edited and written back as plain text
(tests/layouts.py), and the edited pair's alignment compared with the unedited one's."""
from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from align.config import AlignConfig
from align.model import BODY, Paragraph, Segmented
from align.pipeline import align_files, read_document
from edits import NOTES
from layouts import WIDTH, Layout, render

EXAMPLE = Path(__file__).resolve().parent.parent / "corpus"
Texts = list[tuple[tuple[str, ...], tuple[str, ...]]]


@lru_cache(maxsize=None)
def _example(lang: str) -> Segmented:
    return read_document(EXAMPLE / f"CTOC-COP-WG.4-2019-1.{lang}.txt", lang, "text")


def _align(folder: Path, zh: Segmented, en: Segmented, level: str = "paragraph") -> list[dict]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for document in (zh, en):
        path = folder / f"pair.{document.lang}.txt"
        path.write_text(render(document, Layout(WIDTH)), encoding="utf-8")
        paths.append(path)
    return align_files(*paths, AlignConfig(level=level))


def _texts(units: list[dict]) -> Texts:
    return [(tuple(u["zh"]), tuple(u["en"])) for u in units]


@lru_cache(maxsize=None)
def _unedited(folder: Path) -> tuple:
    return tuple(_texts(_align(folder, _example("zh"), _example("en"))))


def _body_ends(document: Segmented) -> list[int]:
    """Indices of body paragraphs closing a sentence that another body paragraph follows."""
    ps = document.paragraphs
    return [k for k in range(len(ps) - 1)
            if ps[k].kind == BODY == ps[k + 1].kind and ps[k].text[-1] in "。." and len(ps[k].text) > 40]


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lang=st.sampled_from(["zh", "en"]), place=st.integers(0, 1000), note=st.integers(0, 2))
def test_a_note_only_one_side_has_is_a_unit_of_its_own(tmp_path_factory, lang: str, place: int, note: int) -> None:
    """A note between two body paragraphs on one side only becomes a one-sided, doubtful unit; every
    other unit is the one the unedited pair gets."""
    folder = tmp_path_factory.getbasetemp()
    document = _example(lang)
    ends = _body_ends(document)
    at = ends[place % len(ends)] + 1
    text = NOTES[lang][note]
    edited = replace(document, paragraphs=[*document.paragraphs[:at], Paragraph(text, "", BODY),
                                           *document.paragraphs[at:]])
    pair = {lang: edited, "en" if lang == "zh" else "zh": _example("en" if lang == "zh" else "zh")}
    units = _align(folder / "edited", pair["zh"], pair["en"])
    lone = [u for u in units if any(text in t for t in u[lang])]
    assert len(lone) == 1 and lone[0][lang] == [text] and not lone[0]["en" if lang == "zh" else "zh"]
    assert lone[0]["doubtful"]
    assert _texts([u for u in units if u is not lone[0]]) == list(_unedited(folder / "unedited"))


def test_a_paragraph_one_side_splits_stays_one_unit(tmp_path: Path) -> None:
    """Every Chinese body paragraph of several sentences split after its first: both parts stay in
    one unit with the English paragraph (they are its translation, however little each part says)."""
    zh = _example("zh")
    paragraphs, parts = [], []
    for p in zh.paragraphs:
        cut = p.text.find("。") + 1
        if p.kind == BODY and 0 < cut < len(p.text) - 1:
            parts.append((p.text[:cut], p.text[cut:].strip()))
            paragraphs += [replace(p, text=parts[-1][0]), Paragraph(parts[-1][1], "", BODY)]
        else:
            paragraphs.append(p)
    assert len(parts) >= 3
    units = _align(tmp_path, replace(zh, paragraphs=paragraphs), _example("en"))
    for first, second in parts:
        unit = next(u for u in units if any(t.startswith(first[:12]) for t in u["zh"]))
        assert any(t.startswith(second[:12]) for t in unit["zh"]) and unit["en"], (first, unit)
