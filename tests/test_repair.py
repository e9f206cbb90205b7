"""Paragraph boundaries layout could only guess, decided by the translation (align.aligner.repair)."""
from __future__ import annotations

from align.aligner.document import align_paragraphs
from align.model import HEADING, Paragraph

P = Paragraph
INTRO_ZH = [P("1. 工作组于2019年9月9日至11日在维也纳举行了第九次会议。", "1."), P("2. 会议由主席主持。", "2.")]
INTRO_EN = [P("1. The Working Group held its ninth meeting in Vienna from 9 to 11 September 2019.", "1."),
            P("2. The meeting was chaired by the Chair.", "2.")]
ZH_THIRD = [P("3. 工作组通过了议程。", "3."), P("秘书处作了发言。工作组审议了报告。", guessed_start=True)]
HEAD = "3. Crime prevention measures relating to trafficking in persons"
BODY = ("Under agenda item 3, the Working Group may wish to discuss specific aspects of crime prevention measures "
        "relating to trafficking in persons.")


def _units(zh: list[Paragraph], en: list[Paragraph]) -> list[tuple[list[str], list[str]]]:
    z, e, units = align_paragraphs(zh, en)
    return [([z[i].text for i in u.zh], [e[j].text for j in u.en]) for u in units]


def test_one_paragraph_split_at_different_sentences_is_one_unit():
    en = INTRO_EN + [P("3. The Working Group adopted the agenda. The secretariat made a statement.", "3."),
                     P("The Working Group considered the report.", guessed_start=True)]
    assert _units(INTRO_ZH + ZH_THIRD, en)[2:] == [
        (["3. 工作组通过了议程。秘书处作了发言。工作组审议了报告。"],
         ["3. The Working Group adopted the agenda. The secretariat made a statement. "
          "The Working Group considered the report."])]


def test_guessed_boundaries_at_the_same_sentence_stay_two_units():
    en = INTRO_EN + [P("3. The Working Group adopted the agenda.", "3."),
                     P("The secretariat made a statement. The Working Group considered the report.", guessed_start=True)]
    assert [len(u[0]) for u in _units(INTRO_ZH + ZH_THIRD, en)[2:]] == [1, 1]


def test_a_sure_boundary_is_never_merged_away():
    zh = INTRO_ZH + [ZH_THIRD[0], P(ZH_THIRD[1].text)]
    en = INTRO_EN + [P("3. The Working Group adopted the agenda. The secretariat made a statement.", "3."),
                     P("The Working Group considered the report.")]
    assert len(_units(zh, en)) == 4


def test_page_wide_heading_is_split_where_the_translation_has_a_heading():
    zh = INTRO_ZH + [P("3. 涉及贩运人口的预防犯罪措施", "3.", HEADING),
                     P("在议程项目 3 下，工作组似宜讨论与贩运人口有关的预防犯罪措施的具体方面。")]
    joined = f"{HEAD} {BODY}"
    assert _units(zh, INTRO_EN + [P(joined, "3.", may_end=(len(HEAD),))])[2:] == [
        ([zh[2].text], [HEAD]), ([zh[3].text], [BODY])]
    # without the place where layout may have ended a paragraph, the Chinese is joined instead
    assert _units(zh, INTRO_EN + [P(joined, "3.")])[2:] == [([zh[2].text + zh[3].text], [joined])]


def test_table_cells_move_to_the_row_they_translate():
    zh = INTRO_ZH + [P(t, kind=HEADING) for t in ("上午 10 时至下午 1 时", "1(a)", "会议开幕", "1(b)", "通过议程和工作安排")]
    en = INTRO_EN + [P("10 a.m.–1 p.m. 1(a) Opening of the meeting", kind=HEADING),
                     P("1(b) Adoption of the agenda and organization of work", "1(b)", HEADING)]
    assert [zh_texts for zh_texts, _ in _units(zh, en)[2:]] == [["上午 10 时至下午 1 时1(a)会议开幕"], ["1(b)通过议程和工作安排"]]
