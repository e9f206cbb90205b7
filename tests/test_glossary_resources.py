"""The glossary's dependencies loaded in parts and from compact caches give what the packages
themselves give: jieba.posseg's words and tags, wordfreq's frequencies, nltk's Porter stems."""
from __future__ import annotations

import os
import random
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

import pytest

from align.formats.jsonl import read as read_jsonl
from glossary import resources
from glossary.resources import SortedTable, cached_table, pos_blocks, pos_cut_block
from glossary.termhood import _tokens, general_frequency
from glossary.termpairs import analyse
from glossary_helpers import PAIR_001

ODD_TEXTS = ["DNA 数据库与 C# 和 x+y", "a1b2 3.5 ½ ① 。，：“引号”", "  \r\n\t混合 text 123abc 2030年议程",
             "第 75/1 号决议", "", "English only", "販運人口問題", "ａｂｃ１２３", "e.g. 例如_下划线&符号"]


def pos_cut(text: str) -> list[tuple[str, str]]:
    """The words and flags of the whole text, block by block, as `candidates.zh_tokens` cuts it."""
    return [word for block in pos_blocks(text) for word in pos_cut_block(block)]


@lru_cache(maxsize=1)
def corpus_texts() -> tuple[list[str], list[str]]:
    units = read_jsonl(PAIR_001)
    return [u.zh_text for u in units], [u.en_text for u in units]


def test_pos_cut_gives_what_jieba_posseg_gives():
    import jieba.posseg

    rng = random.Random(7)
    alphabet = "的一是了不人在有这个上们来到时大地为中国年会议联合大会工作组问题贩运人口abcXY0129+#&._ ，。"
    randoms = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30))) for _ in range(1500)]
    texts = corpus_texts()[0] + ODD_TEXTS + randoms  # random runs: prefixes that are no word, ties, letters joined
    for text in texts:
        assert pos_cut(text) == [(p.word, p.flag) for p in jieba.posseg.cut(text, HMM=False)], text


def test_cached_tag_table_is_jieba_posseg_table():
    import jieba.posseg

    tags = resources._jieba_tags()
    expected = jieba.posseg.dt.word_tag_tab
    assert len(tags) == len(expected)
    assert all(tags.get(word) == tag for word, tag in expected.items())


def test_general_frequency_is_wordfreq_word_frequency():
    import wordfreq

    zh_terms, en_terms = set(ODD_TEXTS), set(ODD_TEXTS)
    units = read_jsonl(PAIR_001)
    for unit in units:
        a = analyse(unit)
        zh_terms.update(s.text for s in a.zh_spans)
        en_terms.update(s.text for s in a.en_spans)
    en_terms |= {"non-punishment", "trauma-informed", "COVID-19", "States Parties'", "x-ray", "A", "I",
                 "Trafficking  in", "e-mail", "naïve"}
    zh_terms |= {"DNA 数据库", "人口販運", " 贩运", "贩运 ", "2019冠状病毒病"}
    fast = 0
    for lang, terms in (("zh", zh_terms), ("en", en_terms)):
        for term in sorted(terms):
            fast += _tokens(term, lang) is not None
            assert general_frequency(term, lang) == max(wordfreq.word_frequency(term, lang), 1e-9), (lang, term)
    assert fast > 500  # most candidates take the path without wordfreq


def test_cached_table_is_built_once_and_rebuilt_when_unreadable(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    source = tmp_path / "source.txt"
    source.write_text("x")
    calls = []

    def build():
        calls.append(1)
        return {"b": 2, "a": 1, "ab": 3}, (7, {1: "x"})

    first = cached_table("testtable", source, "1", build)
    second = cached_table("testtable", source, "1", build)
    assert len(calls) == 1
    for table, extra in (first, second):
        assert dict(table) == {"a": 1, "ab": 3, "b": 2} and extra == (7, {1: "x"})
        assert "ab" in table and "c" not in table and table.get("c", 0) == 0
    (cache,) = (tmp_path / "align").glob("testtable-*.bin")
    cache.write_bytes(b"broken")
    assert dict(cached_table("testtable", source, "1", build)[0])["ab"] == 3 and len(calls) == 2
    words, _ = cached_table("testwords", source, "1", lambda: ({"甲": "n", "乙": "v"}, None))
    assert words["乙"] == "v" and list(words) == sorted(["甲", "乙"])
    with pytest.raises(ValueError):
        cached_table("testbad", source, "1", lambda: ({"a\nb": "n"}, None))


def test_sorted_table_misses():
    table = SortedTable(["a", "c"], [1, 2])
    assert table.get("b") is None and "d" not in table and len(table) == 2
    with pytest.raises(KeyError):
        table["b"]


def test_porter_and_tagger_come_without_the_rest_of_nltk():
    code = ("import sys; from glossary.glosses import stem; from glossary.candidates import en_tokens;"
            "assert stem('trafficking') == 'traffic';"
            "assert [t.pos for t in en_tokens('The States parties met.')][:3] == ['DT', 'NNPS', 'NNS'];"
            "assert 'nltk' not in sys.modules and 'textblob' not in sys.modules, 'package imported';"
            "import nltk, textblob; from nltk.stem.porter import PorterStemmer;"
            "assert PorterStemmer().stem('measures') == 'measur' and hasattr(textblob, 'TextBlob')")
    root = Path(__file__).resolve().parent.parent
    env = dict(os.environ, PYTHONPATH=str(root))
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr


def test_cached_lexicon_is_textblob_lexicon():
    from textblob._text import Lexicon

    from glossary.resources import english_tagger

    lexicon = english_tagger().lexicon
    fresh = Lexicon(path=lexicon.path)
    fresh.load()
    assert dict(dict.items(lexicon)) == dict(dict.items(fresh))


def test_cached_cedict_tables_are_the_aligners():
    from align.similarity.dictionary import load, senses

    from glossary.glosses import _cedict, _readings

    table = senses()
    cached = _cedict()
    assert len(cached) == len(table) and all(cached[w].split("/") == s for w, s in list(table.items())[::97])
    readings = load().readings
    assert all(set(_readings()[c].split()) == set(r) for c, r in readings.items())


def test_jieba_comes_without_pkg_resources():
    code = ("import sys; from align.similarity.chinese import load_jieba; j = load_jieba();"
            "assert 'pkg_resources' not in sys.modules, 'pkg_resources imported';"
            "assert j.lcut('贩运人口问题工作组', HMM=False) == ['贩运', '人口', '问题', '工作组']")
    root = Path(__file__).resolve().parent.parent
    result = subprocess.run([sys.executable, "-c", code], env=dict(os.environ, PYTHONPATH=str(root)),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr


def test_cached_lemmatizer_is_simplemma():
    import simplemma

    from glossary.resources import lemmatizer

    words = {w.strip(".,;:()“”").lower() for text in corpus_texts()[1] for w in text.split()} | {"parties", "States"}
    assert all(lemmatizer().lemmatize(w, "en") == simplemma.lemmatize(w, lang="en") for w in words if w)
