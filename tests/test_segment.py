"""Segmenter: labels, sentences and paragraphs rebuilt from PDF-extracted and markdown text."""
from __future__ import annotations

import pytest

from align.model import BODY, FOOTNOTE, HEADING, TABLE_ROW
from align.scoring import normalise
from align.segment.labels import label_key, split_label
from align.segment.paragraphs import build_paragraphs
from align.segment.sentences import split_sentences
from conftest import DATA, UN, UN_STEMS, read_gold


@pytest.mark.parametrize("zh, en", [
    ("12. 工作组", "12. The Working Group"), ("(a) 会议开幕", "(a) Opening of the meeting"),
    ("建议 4", "Recommendation 4"), ("三. 审议情况概要", "III. Summary of deliberations"),
    ("五. 通过报告", "V. Adoption of the report"), ("C. 通过议程", "C. Adoption of the agenda"),
    ("附件", "Annex"), ("附件二", "Annex II"),
])
def test_labels_match_across_languages(zh, en):
    zh_label, en_label = split_label(zh)[0], split_label(en)[0]
    assert zh_label and label_key(zh_label) == label_key(en_label)


@pytest.mark.parametrize("text", ["2019 年 9 月 9 日", "19 日、2011 年", "Distr.: General", "In 2019, it met."])
def test_no_label_in_ordinary_text(text):
    assert split_label(text)[0] == ""


def test_english_abbreviations_do_not_end_sentences():
    text = ("See Art. 5 and Doc. A/RES/55/25, para. 3, e.g. the U.N. Secretariat. Mr. J. Smith spoke "
            "at 10 a.m. on No. 4. It cost 3.5 million. “It ended.” Then we left.")
    assert split_sentences(text, "en") == [
        "See Art. 5 and Doc. A/RES/55/25, para. 3, e.g. the U.N. Secretariat.",
        "Mr. J. Smith spoke at 10 a.m. on No. 4.",
        "It cost 3.5 million.",
        "“It ended.”",
        "Then we left.",
    ]


def test_chinese_sentences_keep_closing_quotes_and_semicolon_clauses():
    assert split_sentences("他说：“好。”然后走了！真的吗？是的；不是。", "zh") == [
        "他说：“好。”", "然后走了！", "真的吗？", "是的；不是。"]


def test_label_stays_with_first_sentence():
    assert split_sentences("12. The Group met. It adopted the report.", "en") == [
        "12. The Group met.", "It adopted the report."]


PDF_ZH = """ 贩运人口问题工作组 

 

1. 联合国打击跨国有组织犯罪公约缔约方会议在其第 4/4 号决定中承认，《联合

国打击跨国有组织犯罪公约关于预防、禁止和惩治贩运人口特别是妇女和儿童行为

的补充议定书》是打击人口贩运的有法律约束力的主要全球性文书。 

2. 缔约方会议决定。 

 

(b) 秘书处编写的题为“涉及贩运人口的预防犯罪措施”的背景文件

（CTOC/COP/WG.4/2019/2）； 

"""

PDF_EN = """Working Group on Trafficking in Persons
Vienna, 9–11 September 2019

1. In its decision 4/4, the Conference of the Parties to the United Nations Convention
against Transnational Organized Crime recognized that the Protocol was the principal

V.19-09050 (E)

*1909050*

CTOC/COP/WG.4/2019/L.1

legally binding global instrument to combat trafficking in persons.

2/6 V.19-09050

http://undocs.org/CTOC/COP/WG.4/2019/2
 (a) Opening of the meeting;
 (b) Adoption of the agenda.
"""


def test_pdf_chinese_lines_rejoined_without_spaces():
    texts = [p.text for p in build_paragraphs(PDF_ZH, "zh")]
    assert texts == [
        "贩运人口问题工作组",
        "1. 联合国打击跨国有组织犯罪公约缔约方会议在其第 4/4 号决定中承认，《联合国打击跨国有组织犯罪公约关于预防、"
        "禁止和惩治贩运人口特别是妇女和儿童行为的补充议定书》是打击人口贩运的有法律约束力的主要全球性文书。",
        "2. 缔约方会议决定。",
        "(b) 秘书处编写的题为“涉及贩运人口的预防犯罪措施”的背景文件（CTOC/COP/WG.4/2019/2）；",
    ]


def test_pdf_english_page_furniture_dropped_and_paragraph_continues_across_page():
    paragraphs = build_paragraphs(PDF_EN, "en")
    assert [p.text for p in paragraphs] == [
        "Working Group on Trafficking in Persons",
        "Vienna, 9–11 September 2019",
        "1. In its decision 4/4, the Conference of the Parties to the United Nations Convention against "
        "Transnational Organized Crime recognized that the Protocol was the principal legally binding "
        "global instrument to combat trafficking in persons.",
        "(a) Opening of the meeting;",
        "(b) Adoption of the agenda.",
    ]
    assert [p.label for p in paragraphs] == ["", "", "1.", "(a)", "(b)"]


MARKDOWN = """# Conference of the Parties

Distr.: General  
16 March 2022  
Original: English

### 1. Organizational matters

  - (a) Opening of the meeting;

The meeting will be opened at 10 a.m.<sup>1</sup>

<sup>1</sup> Should the meeting need to be held in a hybrid format.

A paragraph that a page break of the export cut in the middle of its sentence, so that the
 
rest of it follows after a blank line.

Date and time\tAgenda item\tTitle
\t1(b)\tAdoption of the agenda
"""


def test_markdown_blocks_headings_footnotes_and_table_rows():
    paragraphs = build_paragraphs(MARKDOWN.replace("\n \n", "\n\n"), "en")
    texts = [p.text for p in paragraphs]
    assert texts[:5] == ["Conference of the Parties", "Distr.: General", "16 March 2022", "Original: English",
                         "1. Organizational matters"]
    assert paragraphs[0].kind == HEADING and paragraphs[4].label == "1."
    assert texts[5] == "(a) Opening of the meeting;"
    assert paragraphs[7].kind == FOOTNOTE and paragraphs[7].label == "1"
    assert texts[8].endswith("follows after a blank line.") and texts[8].startswith("A paragraph")
    assert [p.kind for p in paragraphs[9:]] == [TABLE_ROW, TABLE_ROW]
    assert texts[10] == "1(b)\tAdoption of the agenda"


@pytest.mark.parametrize("stem", UN_STEMS)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_un_sentences_match_gold(stem, lang):
    """Gold paragraphs split into the gold sentences, on every side of the three UN pairs."""
    gold_paragraphs = [t for unit in read_gold(stem, "paragraph") for t in unit[lang]]
    gold_sentences = [normalise(t) for unit in read_gold(stem, "sentence") for t in unit[lang]]
    ours = [normalise(s) for t in gold_paragraphs for s in split_sentences(t, lang)]
    assert ours == gold_sentences


@pytest.mark.parametrize("stem", UN_STEMS)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_un_paragraphs_close_to_gold(stem, lang):
    """Paragraphs rebuilt from the raw files: every gold paragraph text is one of ours or, where
    layout cannot tell (a wrapped table cell), two or three consecutive ones (the aligner joins those)."""
    text = (UN / f"{stem}.{lang}.txt").read_text(encoding="utf-8")
    paragraphs = [normalise(p.text) for p in build_paragraphs(text, lang)]
    ours = {"".join(paragraphs[k:k + n]) for n in (1, 2, 3) for k in range(len(paragraphs))}
    gold = [normalise(t) for unit in read_gold(stem, "paragraph") for t in unit[lang]]
    missing = [g for g in gold if g not in ours]
    assert not missing, missing
    split = [g for g in gold if g not in paragraphs]
    assert len(split) <= 2, split


UNWRAPPED_ZH = """联合国打击跨国
有组织犯罪公约

一. 导言
1. 联合国打击跨国有组织犯罪公约（有组织犯罪公约）缔约方会议第 4/4 号决定承认《有组织犯罪公约关于预防、禁止和惩治贩运人口特别是妇女和儿童行为的补充议定书》是打击人口贩运的主要全球性文书，并决定设立一个工作组。
2. 工作组第一届会议的结果是通过了供缔约方会议审议的建议，¹ 建议各缔约国采取平衡兼顾的综合做法打击人口贩运，并提出以下建议：
 - 普遍加入《有组织犯罪公约》和《人口贩运议定书》
 - 受害人的保护和援助

¹ CTOC/COP/WG.4/2009/2。
* CTOC/COP/WG.4/2011/1。
"""


def test_one_paragraph_per_line_with_bullets_and_note_marks():
    paragraphs = build_paragraphs(UNWRAPPED_ZH, "zh")
    assert [p.text[:8] for p in paragraphs] == [
        "联合国打击跨国", "有组织犯罪公约", "一. 导言", "1. 联合国打击", "2. 工作组第一",
        "<sup>1</", "- 普遍加入《有", "- 受害人的保护", "* CTOC/C"]
    assert "建议，<sup>1</sup> 建议" in paragraphs[4].text  # a raised mark becomes the mark every reader gives
    # the note follows the paragraph citing it, as the Word and ODT readers place notes
    assert [p.kind for p in paragraphs[5:]] == [FOOTNOTE, "item", "item", FOOTNOTE]
    assert [p.label for p in paragraphs[5:]] == ["1", "", "", "*"]


def test_footnote_after_rule_ends_where_the_text_resumes():
    """A page of document 000: its footnote, the link annotation repeating it, then the next page."""
    paragraphs = build_paragraphs((DATA / "zh_footnote_excerpt.txt").read_text(encoding="utf-8"), "zh")
    assert [(p.kind, p.text[:6]) for p in paragraphs[:6]] == [
        (HEADING, "1. 组织事"), (HEADING, "(a) 会议"), (BODY, "贩运人口问题"), (FOOTNOTE, "1 www."),
        (HEADING, "(b) 通过"), (BODY, "联合国打击跨")]
    assert paragraphs[2].text.endswith("网页上。1") and paragraphs[5].text.endswith("缔约方会议其他工")
    assert not any("http://" in p.text for p in paragraphs)


def test_bare_item_numbers_of_a_table_are_text_page_numbers_are_not():
    from align.segment.furniture import item_number_lines

    page = ["The text of the page goes on here."] * 30
    table = ["10 a.m.–1 p.m.", "1(a)", "Opening of the meeting", "", "1(b)", "Adoption of the agenda", "", "2",
             "Guidance on criminal justice responses", "", "3–6 p.m.", "2", "Guidance (continued)", "", "3", "Best practices"]
    lines = page + ["", "2", ""] + page + ["", "3", ""] + table
    kept = item_number_lines(lines)
    assert {lines[k] for k in kept} == {"1(a)", "1(b)", "2", "3"}
    assert not kept & {31, 64}  # the two page numbers, a page apart
    texts = [p.text for p in build_paragraphs("\n".join(lines), "en")]
    assert texts.count("2") == 2 and texts.count("3") == 1  # the table's, not the pages'
