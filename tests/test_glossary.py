"""Glossary building: normalisation, candidates, pairing, entries, seeds."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import numpy as np
from hypothesis import given, settings, strategies as st

from align.config import GlossaryConfig
from glossary.build import build_glossary
from glossary.candidates import Span, en_spans, en_tokens, zh_spans, zh_tokens
from glossary.forms import abbreviations, spelled_out_names
from align.formats.jsonl import read as read_jsonl
from align.model import AlignedUnit
from glossary.glosses import gloss_keys, gloss_stems, stem, stem_keys, stems_match, word_parts
from glossary.model import DEPRECATED, Entry, Term
from glossary.normalize import en_key, zh_key
from glossary.termpairs import _plausible, analyse, bridge_links, dictionary_links, inside_others
from glossary_helpers import PAIR_001, text_unit


@lru_cache(maxsize=1)
def units_001() -> tuple[AlignedUnit, ...]:
    return tuple(read_jsonl(PAIR_001))


@lru_cache(maxsize=1)
def glossary_001():
    return build_glossary(list(units_001()))


def test_keys_normalise_script_width_case_and_number():
    assert zh_key("販運 人口") == zh_key("贩运人口") == "贩运人口"
    assert zh_key("ＤＮＡ 数据库") == "DNA数据库"
    assert en_key("Plenary Meetings") == en_key("plenary meeting")
    assert en_key("awareness-raising") == en_key("awareness raising")
    assert en_key("process") == "process" and en_key("policies") == "policy"


def test_cedict_glosses_reach_english_stems():
    assert stem("trafficking") in gloss_stems("贩运")
    assert stem("victims") in gloss_stems("受害者")


def test_latin_prefixes_match_their_gloss_word():
    assert {"between", "government"} <= set(word_parts(stem("intergovernmental")))
    assert word_parts(stem("interpretation")) == (stem("interpretation"),)


def test_candidates_are_term_shaped():
    spans = {s.text for s in en_spans(en_tokens("Crime prevention measures relating to trafficking in persons."))}
    assert "trafficking in persons" in spans
    assert not any(s.split()[-1] in ("in", "of", "to", "the") for s in spans)
    zh = {s.text for s in zh_spans(zh_tokens("涉及贩运人口的预防犯罪措施。"))}
    assert "贩运人口" in zh and not any("。" in s for s in zh)


def test_locatives_bind_to_the_word_before():
    zh = {s.text for s in zh_spans(zh_tokens("从判刑到定罪后的每个阶段，政府间组织，问题中的作用"))}
    assert {"定罪后", "政府间组织"} <= zh and not any("中的" in s for s in zh)
    units = [text_unit("从判刑到定罪后的每个阶段", "at every stage from sentencing to post-conviction", "d")]
    pairs = {(zh_key(e.zh_term), en_key(e.en_term)) for e in build_glossary(units).entries}
    assert ("定罪后", "post conviction") in pairs


def test_learned_links_follow_neighbouring_links():
    links = np.zeros((3, 3), dtype=bool)
    links[1, 1] = True  # 背景 = background; 文件 (2) unlinked, next to it: paper (2) goes to 文件
    assert _plausible(links, links.any(axis=1).tolist(), [1, 2], 2) == [2]
    links = np.zeros((3, 3), dtype=bool)
    links[0, 1] = True  # 全体会议 = meetings; plenary (0) may go to it or to an unlinked word
    assert sorted(_plausible(links, links.any(axis=1).tolist(), [0, 2], 0)) == [0, 2]
    links = np.zeros((5, 3), dtype=bool)
    links[1, 1] = True  # 学科 = multidisciplinary: approach (2) goes to 方法 (2) next to it, not to 做法 (4)
    assert _plausible(links, links.any(axis=1).tolist(), [2, 4], 2) == [2]


def test_unlinked_neighbours_of_a_linked_pair_are_bridged():
    units = [text_unit("各国应制定循证的政策。", "States should adopt evidence-based policies.", "d")]
    pairs = {(zh_key(e.zh_term), en_key(e.en_term)) for e in build_glossary(units).entries}
    assert ("循证的政策", "evidence based policy") in pairs
    units = [text_unit("各国必须打击人口贩运。", "States must combat human trafficking.", "d")]
    pairs = {zh_key(e.zh_term) for e in build_glossary(units).entries}
    assert "打击人口贩运" not in pairs  # a plain verb beside a term is its predicate


def test_scattered_tied_corpus_links_give_way_to_the_neighbours():
    a = analyse(text_unit("各国必须确保有效利用资源。", "States must ensure the efficient use of resources.", "d"))
    links = dictionary_links(a)
    zh = [t.text for t in a.zh_tokens]
    efficient = [t.text for t in a.en_tokens].index("efficient")
    assert links[zh.index("利用"), efficient + 1] and not links[:, efficient].any()
    weights = links.astype(float)
    weights[[zh.index("各国"), zh.index("确保")], efficient] = 1.0  # a Dice tie of a word seen in two units
    bridged = bridge_links(a, weights, links)
    assert bridged[zh.index("有效"), efficient] > 0 and np.count_nonzero(bridged[:, efficient]) == 1
    weights[zh.index("必须"), efficient] = 0.0
    weights[[zh.index("必须"), zh.index("确保")], efficient] = 1.0  # one run of words: a compound, kept
    assert (bridge_links(a, weights, links)[:, efficient] == weights[:, efficient]).all()


def test_the_unglossed_part_of_a_hyphenated_word_is_bridged():
    a = analyse(text_unit("各国应采取体贴受害者的做法和性别敏感的做法。",
                          "States should adopt victim-centred and gender-sensitive approaches.", "d"))
    links = dictionary_links(a)
    zh, en = [t.text for t in a.zh_tokens], [t.text for t in a.en_tokens]
    bridged = bridge_links(a, links.astype(float), links)
    assert bridged[zh.index("体贴"), en.index("victim-centred")] == 0.5  # 受害者 = victim; centred unglossed
    assert bridged[zh.index("受害者"), en.index("victim-centred")] == 1.0
    assert (bridged[:, en.index("gender-sensitive")] == links[:, en.index("gender-sensitive")]).all()


def test_an_unlinked_head_word_ends_the_chinese_term():
    units = [text_unit("各国应加强受害人身份确认、保护和援助。",
                       "States should strengthen victim identification, protection and assistance.", "d")]
    assert ("受害人身份确认", "victim identification") in _pairs(units)
    units = [text_unit("会议提出、审议和通过了建议。", "The meeting made, discussed and adopted recommendations.", "d")]
    assert not any(zh.startswith("会议") and zh != "会议" for zh, _ in _pairs(units))  # a linked predicate


def test_a_hyphenated_participle_is_a_compound_adjective():
    spans = {s.text for s in en_spans(en_tokens("the importance of trauma-informed, culturally sensitive approaches"))}
    assert "trauma-informed" in spans
    assert "held" not in {s.text for s in en_spans(en_tokens("The meeting was held in Vienna."))}


def test_a_verb_that_is_an_entry_with_the_english_modifier_makes_a_compound():
    units = [text_unit("贩运是一种罪行。", "Trafficking is a crime.", "a"),
             text_unit("他们谈到了贩运。", "They spoke about trafficking.", "b"),
             text_unit("必须惩罚罪犯。", "Offenders must be punished.", "c"),
             text_unit("必须惩罚贩运罪犯。", "Trafficking offenders must be punished.", "d")]
    assert ("贩运罪犯", "trafficking offender") in _pairs(units)


def test_verbs_joined_before_an_entry_are_a_predicate():
    zh, en = "各国批准了《预防、禁止和惩治贩运人口议定书》。", "States ratified the Protocol to Prevent, Suppress and Punish Trafficking in Persons."
    units = [text_unit(zh, en, "a"), text_unit(zh, en, "b"),
             text_unit("贩运人口是严重罪行。", "Trafficking in persons is a serious crime.", "c")]
    pairs = _pairs(units)
    assert ("贩运人口", "trafficking in person") in pairs and not any("禁止和惩治" in z for z, _ in pairs)


def test_a_part_of_an_inverted_name_is_no_rendering():
    units = [text_unit("出席会议的有伊朗伊斯兰共和国、委内瑞拉玻利瓦尔共和国和土耳其。",
                       "Attending were Iran (Islamic Republic of), Venezuela (Bolivarian Republic of) and Turkey.", "a")]
    english = {en for _, en in _pairs(units)}
    assert "turkey" in english and not {"islamic republic", "bolivarian republic"} & english


def test_a_place_name_is_an_entry_and_two_names_joined_are_not():
    units = [text_unit("南非代表作了发言。", "The representative of South Africa made a statement.", "a"),
             text_unit("南非与毒品和犯罪问题办公室之间的伙伴关系取得了进展。",
                       "Progress was made through the partnership between South Africa and UNODC.", "b"),
             text_unit("毒品和犯罪问题办公室提供了援助。", "UNODC provided assistance.", "c")]
    assert not any(zh.startswith("南非与") for zh, _ in _pairs(units))


def test_a_term_only_in_titles_and_cross_references_has_no_weight():
    text = ("拟议工作安排（见附件）已经编写。", "The proposed organization of work (see annex) has been prepared.")
    units = [text_unit(*text, "a"), text_unit("附件", "Annex", "a"), text_unit(*text, "b"), text_unit("附件", "Annex", "b")]
    by_zh = {e.zh_term: e for e in build_glossary(units).entries}
    assert by_zh["附件"].confidence == 0 and by_zh["拟议工作安排"].confidence > 0.3


def test_a_word_the_text_counts_ranks_lower():
    def confidence(zh: str, en: str, term: str) -> float:
        units = [text_unit(zh, en, f"d{k}") for k in range(3)]
        return {e.zh_term: e.confidence for e in build_glossary(units).entries}[term]
    counted = confidence("许多受害人需要保护。", "Many victims need protection.", "受害人")
    assert counted < confidence("这些受害人需要保护。", "These victims need protection.", "受害人")
    dated = confidence("2019冠状病毒病指出了这个问题。", "The 2019 coronavirus disease noted the problem.", "冠状病毒病")
    assert dated == confidence("这种冠状病毒病指出了这个问题。", "This coronavirus disease noted the problem.", "冠状病毒病")


def _pairs(units: list[AlignedUnit]) -> set[tuple[str, str]]:
    return {(zh_key(e.zh_term), en_key(e.en_term)) for e in build_glossary(units).entries}


def test_a_final_porter_i_is_no_derivation():
    assert not stems_match(stem("parties"), frozenset({"part"}))  # party is no derivation of part
    assert stems_match(stem("joint"), frozenset({"join"}))


def _plain_stems_match(stem_: str, glosses: frozenset[str]) -> bool:
    """stems_match as its docstring states it, gloss by gloss."""
    def ends(word: str) -> tuple[int, ...]:
        return (2,) if word.endswith("i") else (1, 2)

    n = len(stem_)
    return any(stem_ == g or n >= 4 and any(len(g) - k >= 4 and g[:-k] == stem_ for k in ends(g))
               or any(n - k >= 4 and stem_[: n - k] == g for k in ends(stem_))
               or n >= 6 and len(g) >= 6 and stem_[:6] == g[:6] for g in glosses)


_WORDS = st.text(alphabet="abi", min_size=0, max_size=9)  # few letters: derivations and shared starts are common
_GLOSSES = st.frozensets(_WORDS, max_size=5)


@st.composite
def _near_stems(draw, glosses: frozenset[str], hyphens: bool) -> str:
    """A word of its own, or one of ``glosses`` with up to two letters cut off or added."""
    if not glosses or draw(st.booleans()):
        word = draw(_WORDS)
    else:
        word = draw(st.sampled_from(sorted(glosses)))
        word = word[: len(word) - draw(st.integers(0, 2))] + draw(st.text(alphabet="abi", max_size=2))
    return word + "-" + draw(_WORDS) if hyphens and draw(st.booleans()) else word


@settings(max_examples=500, deadline=None)
@given(st.data(), _GLOSSES)
def test_stems_match_by_keys_is_the_rule_gloss_by_gloss(data, glosses):
    stem_ = data.draw(_near_stems(glosses, hyphens=False))
    assert stems_match(stem_, glosses) == _plain_stems_match(stem_, glosses)


@settings(max_examples=300, deadline=None)
@given(st.data(), _GLOSSES)
def test_a_stem_matches_by_its_keys_when_one_of_its_parts_does(data, glosses):
    stem_ = data.draw(_near_stems(glosses, hyphens=True))
    expected = any(_plain_stems_match(part, glosses) for part in word_parts(stem_))
    assert (not stem_keys(stem_).isdisjoint(gloss_keys(glosses))) == expected


def test_build_finds_core_terms_with_statistics():
    glossary = glossary_001()
    by_zh = {e.zh_term: e for e in glossary.entries}
    entry = by_zh["贩运人口"]
    assert en_key(entry.en_term) == en_key("trafficking in persons")
    assert entry.frequency >= 3 and 0 < entry.consistency <= 1 and 0 < entry.confidence <= 1
    assert "贩运人口" in entry.context_zh and "trafficking in persons" in entry.context_en.lower()
    assert entry.sources == ["001_dd72bde6d4dd5ad3"]
    assert by_zh["外交和领事官员"].en_term == "diplomatic and consular official"  # dictionary form
    assert [e.id for e in glossary.entries] == list(range(1, len(glossary.entries) + 1))
    confidences = [e.confidence for e in glossary.entries]
    assert confidences == sorted(confidences, reverse=True)


def test_nested_candidates_resolved():
    glossary = glossary_001()
    en_terms = {en_key(t.text) for e in glossary.entries for t in e.en}
    assert "trafficking in" not in en_terms and "working group on" not in en_terms
    assert not any(k.endswith((" in", " of", " to", " and")) for k in en_terms)


def test_min_freq_top_and_seeds_win():
    units = list(units_001())
    seed = Entry(0, [Term("贩运人口")], [Term("human trafficking"), Term("trade in people", DEPRECATED)],
                 origin="seed")
    glossary = build_glossary(units, GlossaryConfig(min_freq=2, top=10), [seed])
    assert len(glossary.entries) == 10
    assert glossary.entries[0].zh_term == "贩运人口" and glossary.entries[0].en_term == "human trafficking"
    assert sum(e.zh_term == "贩运人口" for e in glossary.entries) == 1
    assert all(e.frequency >= 2 for e in glossary.entries[1:])


def test_empty_sides_are_tolerated():
    units = [text_unit("", "Only English here.", "d"), text_unit("只有中文。", "", "d")]
    assert build_glossary(units).entries == []


def test_run_output_folder_is_read_once_per_name(tmp_path):
    """`align run` writes NAME.tmx, .jsonl, .align, .html: the folder gives NAME's units once."""
    from glossary.inputs import load_units

    text = PAIR_001.read_text(encoding="utf-8")
    for suffix in (".jsonl", ".align", ".html"):
        (tmp_path / f"001{suffix}").write_text(text if suffix == ".jsonl" else "<p>x</p>", encoding="utf-8")
    (tmp_path / "001.tmx").write_text('<tmx version="1.4"><body><tu><tuv xml:lang="zh"><seg>甲</seg></tuv>'
                                      '<tuv xml:lang="en"><seg>A</seg></tuv></tu></body></tmx>', encoding="utf-8")
    (tmp_path / "002.tmx").write_text((tmp_path / "001.tmx").read_text(encoding="utf-8"), encoding="utf-8")
    units = load_units([tmp_path])
    assert len(units) == len(units_001()) + 1
    assert [u.doc for u in units].count("002") == 1


def test_sources_are_un_document_symbols(tmp_path):
    """TBX `source`: the symbol of the document's masthead or running header, else the one its
    name spells, else its name."""
    from align.corpus import document_symbol, symbol_from_name
    from glossary.inputs import load_corpus

    corpus = Path(__file__).parent.parent / "corpus"
    assert document_symbol(corpus / "CTOC-COP-WG.4-2019-1.en.txt") == "CTOC/COP/WG.4/2019/1"
    assert symbol_from_name("CTOC-COP-WG.4-2019-1") == "CTOC/COP/WG.4/2019/1" and symbol_from_name("001_dd72") == ""
    text = PAIR_001.read_text(encoding="utf-8")
    (tmp_path / "CTOC-COP-WG.4-2019-1.jsonl").write_text(text, encoding="utf-8")
    (tmp_path / "run.jsonl").write_text(text, encoding="utf-8")
    (tmp_path / "run.meta.json").write_text(json.dumps({"zh": str(corpus / "CTOC-COP-WG.4-2019-1.zh.txt"),
                                                        "en": str(corpus / "CTOC-COP-WG.4-2019-1.en.txt")}))
    (tmp_path / "other.jsonl").write_text(text, encoding="utf-8")
    units, sources = load_corpus([tmp_path])
    assert sources == {"CTOC-COP-WG.4-2019-1": "CTOC/COP/WG.4/2019/1", "run": "CTOC/COP/WG.4/2019/1", "other": "other"}
    glossary = build_glossary(units, sources=sources)
    assert {s for e in glossary.entries for s in e.sources} == {"CTOC/COP/WG.4/2019/1", "other"}


def test_a_term_seen_only_as_a_title_does_not_rank():
    """A unit that is one term alone (beside its label) is a title, document structure: a term
    seen only so does not rank; the same term also used in text does."""
    body = [text_unit("缔约方会议审议了贩运人口问题。", "The Conference of the Parties considered trafficking in persons."),
            text_unit("贩运人口问题工作组通过了报告。", "The Working Group on Trafficking in Persons adopted the report.")] * 2
    titles = [text_unit("1. 组织事项", "1. Organizational matters", label="1."),
              text_unit("附件", "Annex", label="附件")] * 2
    used = [text_unit("工作组讨论了组织事项和附件。", "The Working Group discussed organizational matters and the annex.")] * 2
    alone = {e.zh_term: e for e in build_glossary(body + titles).entries}
    assert alone["组织事项"].confidence == alone["附件"].confidence == 0 < alone["贩运人口问题工作组"].confidence
    assert alone["组织事项"].frequency == 2  # still counted as seen
    in_text = {e.zh_term: e for e in build_glossary(body + titles + used).entries}
    assert in_text["组织事项"].confidence > 0 and in_text["附件"].confidence > 0


def test_an_acronym_entry_takes_the_first_spelled_out_name_in_the_corpus():
    units = [AlignedUnit(("会议",), ("The Conference of the Parties met.",)),
             AlignedUnit(("办公室",), ("The United Nations Office on Drugs and Crime (UNODC) reported.",)),
             AlignedUnit(("办公室",), ("Staff of the Unrelated Nations Office on Drugs and Crime",)),
             AlignedUnit(("办公室",), ("UNODC staff attended.",))]
    names = spelled_out_names(units)
    assert names["UNODC"] == "United Nations Office on Drugs and Crime"  # the first; not from "The"
    entry = Entry(1, [Term("毒品和犯罪问题办公室", pos="properNoun")], [Term("UNODC", pos="properNoun", count=2)])
    assert [(t.text, t.type) for t in abbreviations(entry, units[1:], names)] == [("UNODC", "acronym")]
    assert (entry.en[0].text, entry.en[0].type) == ("United Nations Office on Drugs and Crime", "fullForm")
    lone = Entry(2, [Term("某机构", pos="properNoun")], [Term("ABCD", pos="properNoun")])
    assert abbreviations(lone, units, names) == [] and lone.en[0].text == "ABCD"


def test_dictionary_links_give_a_word_the_same_row_wherever_it_is():
    a = analyse(text_unit("会员国和数据库，会员国。", "Member States and the database; member states.", "d"))
    links = dictionary_links(a)
    zh, en = [t.text for t in a.zh_tokens], [t.text for t in a.en_tokens]
    rows = [k for k, w in enumerate(zh) if w == "会员国"]
    assert len(rows) == 2 and (links[rows[0]] == links[rows[1]]).all()  # a word's row wherever it is
    assert {en[j] for j in np.flatnonzero(links[rows[0]])} == {"Member", "States", "member", "states"}
    assert not links[:, en.index("the")].any() and not links[zh.index("和")].any()


def test_a_chinese_span_holds_at_most_one_de_and_one_conjunction():
    spans = {s.text for s in zh_spans(zh_tokens("保护和援助的措施和政策的评估"))}
    assert "保护和援助的措施" in spans
    assert not any(s.count("的") > 1 or sum(s.count(c) for c in "和与及") > 1 for s in spans)


def test_a_short_term_inside_a_longer_one_counts_alone_only_outside_it():
    from glossary.build import _Concept, _alone
    from glossary.candidates import Span
    from glossary.termpairs import Occurrence, PairStats

    def concept(places):
        stats = PairStats([Occurrence(Span(a, b, "", ""), Span(0, 1, "", ""), 1.0, unit, "NN") for unit, a, b in places])
        return _Concept({"x": {"y": stats}}, "y", 1.0, len(places))
    long = concept([(0, 2, 6), (3, 0, 4)])
    short = concept([(0, 3, 5), (1, 3, 5), (3, 4, 6), (3, 1, 2)])
    assert _alone(short, long) == 2  # unit 1 has no long one; unit 3's 4–6 sticks out of 0–4


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 12), st.integers(1, 6)), max_size=12))
def test_inside_others_is_the_pairwise_rule(bounds):
    """The sweep finds the spans a pairwise check finds: inside another span with other bounds
    (equal spans, shared starts and shared ends included)."""
    spans = [Span(start, start + size, "", "") for start, size in bounds]
    plain = {(s.start, s.end) for s in spans
             if any(o.start <= s.start and s.end <= o.end and (o.start, o.end) != (s.start, s.end) for o in spans)}
    assert inside_others(spans) == plain
