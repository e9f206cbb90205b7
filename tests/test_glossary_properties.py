"""Property-based test: arbitrary aligned units through the glossary build, every format and check.

Whatever the units (term-like words of both languages in any order and mix, quotes, empty sides),
the build returns a glossary whose outputs parse back, and `check` runs on the same units.
"""
from __future__ import annotations

import os

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from align.model import AlignedUnit
from glossary.build import build_glossary
from glossary.check import check_units
from glossary.formats import tbx

ZH_WORDS = ["贩运", "人口", "议定书", "会议", "缔约方", "的", "后", "和", "问题", "工作组", "“", "”", "有组织犯罪",
            "公约", "受害人", "保护", "，", "。", "（", "）", "联合国", "毒品", "2019", "年", "DNA", "数据库"]
EN_WORDS = ["trafficking", "in", "persons", "Protocol", "Conference", "of", "the", "Parties", "post-", "and",
            "working", "group", "“", "”", "organized", "crime", "Convention", "victims", "protection", ",", ".",
            "(", ")", "United", "Nations", "drugs", "2019", "DNA", "database", "to", "relating"]
SIDE = st.lists(st.lists(st.sampled_from(ZH_WORDS), max_size=12).map("".join), max_size=2)
EN_SIDE = st.lists(st.lists(st.sampled_from(EN_WORDS), max_size=14).map(" ".join), max_size=2)
UNITS = st.lists(st.tuples(SIDE, EN_SIDE), max_size=12)
SETTINGS = settings(max_examples=int(os.environ.get("ALIGN_HYPOTHESIS_EXAMPLES", "40")), deadline=None)


@SETTINGS
@given(UNITS)
def test_any_units_build_a_glossary_that_parses_back(pairs: list[tuple[list[str], list[str]]]) -> None:
    units = [AlignedUnit(tuple(zh), tuple(en), doc=f"d{k % 3}") for k, (zh, en) in enumerate(pairs)]
    glossary = build_glossary(units)
    root = etree.fromstring(tbx.render(glossary))
    assert len(root.findall(".//{*}termEntry")) + len(root.findall(".//{*}conceptEntry")) == len(glossary.entries)
    check_units(units, glossary)
