"""Lexical similarity pieces: English keys, Chinese words and numerals, CC-CEDICT tables,
coverage, the learned lexicon, the embedder interface."""
from __future__ import annotations

import io
import random
import re
import sys
from pathlib import Path

import pytest

from align.similarity import chinese, english
from align.similarity.dictionary import load, pack, parse, unpack
from align.similarity.embedder import EmbedderError, EmbeddingSimilarity, load as load_embedder
from align.similarity.features import features
from align.similarity.lexical import (_EN_TOKEN, LexicalSimilarity, TextMemo, chinese_tokens, english_keys,
                                     pinyin_syllables, split_pinyin)
from align.similarity.lexicon import learn_lexicon

SAMPLE = """# comment line
看見 看见 [kan4 jian4] /to see; to catch sight of/
鴨子 鸭子 [ya1 zi5] /duck (CL:隻|只[zhi1])/
北京 北京 [Bei3 jing1] /Beijing, capital of the People's Republic of China/
王 王 [Wang2] /surname Wang/
王 王 [wang2] /king or monarch/
"""


def test_lemma_keys_meet_across_inflections():
    assert english.lemma("hoped") == english.lemma("hope") == english.lemma("hopes")
    assert english.lemma("went") == english.lemma("go")
    assert english.lemma("running") == english.lemma("run")
    assert english.content_lemmas("The ducks were swimming") == ["duck", "swim"]


def test_dictionary_parse_keeps_all_senses_and_readings():
    table = parse(io.StringIO(SAMPLE))
    assert {"see", "catch", "sight"} <= table.glosses["看见"]
    assert english.lemma("duck") in table.glosses["鸭子"]
    assert table.readings["王"] == {"wang"}
    assert table.names["北京"] == "beijing"
    assert "king" in table.glosses["王"]


def test_dictionary_cache_keeps_the_tables_and_replaces_older_caches(tmp_path, monkeypatch):
    table = parse(io.StringIO(SAMPLE))
    back = unpack(pack(table))
    assert dict(back.glosses) == table.glosses and dict(back.readings) == table.readings
    assert back.names == table.names and back.max_length == table.max_length
    assert "看见" in back.glosses and back.glosses.get("鸭") is None
    folder = tmp_path / "align"
    folder.mkdir()
    (folder / "cedict-v2-1-2.pickle").write_bytes(b"an older cache")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    load.cache_clear()
    try:
        built = load()
        load.cache_clear()
        cached = load()
    finally:
        load.cache_clear()
    assert [p.suffix for p in folder.iterdir()] == [".bin"]
    assert cached.glosses["看见"] == built.glosses["看见"] and len(cached.glosses) == len(built.glosses)


def test_jieba_prefix_dictionary_cache_gives_jiebas_own(tmp_path, monkeypatch):
    import types

    import jieba

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    runs, fakes = [], []
    for _ in range(2):  # built from jieba's own, then read from the cache
        fake = types.SimpleNamespace(__file__=jieba.__file__, __version__=jieba.__version__,
                                     DEFAULT_DICT_NAME=jieba.DEFAULT_DICT_NAME, dt=jieba.Tokenizer())
        fake.initialize = fake.dt.initialize
        fakes.append(fake)
        words, counts, total = chinese._cached_prefixes(fake)
        runs.append((dict(zip(words.split("\n"), counts.tolist())), total))
    assert [p.name.startswith("jieba-") for p in (tmp_path / "align").iterdir()] == [True]
    assert runs[1] == runs[0] == (fakes[0].dt.FREQ, fakes[0].dt.total) and not fakes[1].dt.initialized


def test_aligners_small_jieba_dictionary_cuts_as_the_whole_one():
    """The aligner's tokenizer holds only the words whose first characters occur in its texts, and
    cuts those texts (and texts given later) as jieba with its whole dictionary does."""
    whole = chinese.load_jieba().dt
    corpus = Path(__file__).resolve().parent.parent / "corpus"
    first = (corpus / "CTOC-COP-WG.4-2019-1.zh.txt").read_text(encoding="utf-8").splitlines()
    later = ["鸭子看见王明在中华人民共和国", "联合国大会第七十四届会议，2019年", "𠀀𠀁 ABC 12.5 一九四五年"]
    small = chinese.tokenizer(first)
    assert [small.lcut(t, HMM=False) for t in first] == [whole.lcut(t, HMM=False) for t in first]
    small = chinese.tokenizer(later)
    assert [small.lcut(t, HMM=False) for t in later] == [whole.lcut(t, HMM=False) for t in later]
    assert small.total == whole.total and 0 < len(small.FREQ) < len(whole.FREQ) / 10
    covered = chinese._prefixes().covered  # the character pairs met, each once, in order
    assert covered.tolist() == sorted(set(covered.tolist()))
    assert chinese._codes(ord("鸭"), ord("子")) in covered and chinese._codes(ord("𠀁"), 0) in covered


def test_a_run_is_cut_as_jieba_cuts_it():
    """`cut_run` gives jieba's own cut (no HMM) of every run of Han characters, letters and digits of
    the example pair and of random runs (prefixes that are no word, ties, single letters joined)."""
    runs_of = chinese.import_jieba().re_han_default.split
    corpus = Path(__file__).resolve().parent.parent / "corpus"
    text = (corpus / "CTOC-COP-WG.4-2019-1.zh.txt").read_text(encoding="utf-8")
    rng = random.Random(4)
    alphabet = "的一是了不人在有这个上们来到时大地为中国年会议联合大会工作组问题贩运人口abcXY0129+#&._%-"
    runs = [run for k, run in enumerate(runs_of(text)) if k % 2]
    runs += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 25))) for _ in range(3000)]
    for tokenizer in (chinese.tokenizer(runs), chinese.load_jieba().dt):
        assert [chinese.cut_run(tokenizer, run) for run in runs] == [tokenizer.lcut(run, HMM=False) for run in runs]


def test_numerals_are_read():
    assert [chinese.numeral_value(w) for w in ("二十八", "两千", "一百零五", "2006", "鸭子")] == [28, 2000, 105, 2006, None]


def test_unknown_words_are_split_on_headwords():
    dictionary = load()
    assert chinese.longest_match("鸭子看见", dictionary) == ["鸭子", "看见"]


def test_pinyin_names_split_into_syllables():
    assert split_pinyin("heilongtan", frozenset({"hei", "long", "tan", "he", "i"})) == ["hei", "long", "tan"]
    assert split_pinyin("aroma", frozenset({"a", "ro"})) is None


def test_translation_covers_more_than_a_neighbour():
    zh = ["王明看见三只鸭子。", "妹妹笑了。"]
    en = ["Wang Ming saw three ducks.", "His sister smiled."]
    lexical = LexicalSimilarity(zh, en, load())
    assert lexical.coverage(0, 1, 0, 1) > 0.5 > lexical.coverage(0, 1, 1, 1)
    assert lexical.similarity(1, 1, 1, 1) > lexical.similarity(1, 1, 0, 1)
    assert (0, 0) in lexical.candidates()


def test_lexicon_learns_a_translated_name():
    units = [(["小宝", "走"], ["trinket", "walk"]), (["小宝", "笑"], ["trinket", "smile"]),
             (["小宝", "跑"], ["trinket", "run"]), (["他", "走"], ["walk"])]
    lexicon = learn_lexicon(units)
    assert "trinket" in lexicon["小宝"]
    assert "trinket" not in lexicon.get("走", frozenset())


class FakeEmbedder:
    """Vectors from a few shared concepts, enough to test the interface."""

    CONCEPTS = (("鸭", "duck"), ("雨", "rain"), ("茶", "tea"))

    def encode(self, texts):
        return [[float(zh in t or en in t.lower()) for zh, en in self.CONCEPTS] + [0.1] for t in texts]


def test_embedding_similarity_of_spans():
    similarity = EmbeddingSimilarity(FakeEmbedder(), ["喝茶。", "看鸭子。", "下雨了。"],
                                     ["He drank tea.", "He saw ducks.", "It rained."], max_span=2)
    assert similarity.cosine(1, 1, 1, 1) > 0.9 > similarity.cosine(1, 1, 0, 1)
    assert similarity.cosine(1, 2, 1, 2) > similarity.cosine(1, 2, 0, 2)
    assert similarity.cosine(0, 3, 0, 1) == 0.0  # longer than max_span: no evidence


def test_embedder_load_needs_a_model_directory(tmp_path):
    with pytest.raises(EmbedderError):
        load_embedder(tmp_path / "missing")


def test_text_memo_gives_each_pass_the_keys_and_tokens_of_fresh_ones():
    """The keys and tokens the memo keeps from one pass (paragraphs) are those a fresh memo gives the
    next (sentences), also when the next pass's lower-case words differ ('Long' is a name only
    where 'long' is never written in lower case)."""
    dictionary, memo = load(), TextMemo()
    syllables = pinyin_syllables(dictionary)
    en_first = ["Wang Fang met Long in Geneva.", "It was a long day: 12 hours!"]
    en_next = ["Wang Fang met Long in Geneva.", "It was 12 hours!"]
    assert english_keys(en_first, syllables, memo) == english_keys(en_first, syllables)
    assert english_keys(en_next, syllables, memo) == english_keys(en_next, syllables)
    assert "py:long" in english_keys(en_next, syllables, memo)[0]
    assert english_keys(en_first, syllables, memo) == english_keys(en_first, syllables)
    zh_first, zh_next = ["王芳在日内瓦会见了龙。今天很长：12小时！"], ["王芳在日内瓦会见了龙。", "今天很长：12小时！"]
    blocks: dict[str, list[str]] = {}
    for texts in (zh_first, zh_next):
        assert chinese_tokens(texts, dictionary, blocks) == chinese_tokens(texts, dictionary)


def test_a_segments_length_leaves_out_what_the_white_space_pattern_matches():
    """A segment's length leaves out white space as str.split finds it: the same characters as the
    pattern `\\s`, over every code point."""
    every = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c < 0xE000)
    assert "".join(every.split()) == re.sub(r"\s+", "", every)
    assert features("一 二\u3000三\n", "zh").length == 3


def test_the_english_tokens_with_letters_are_the_words():
    """english_keys takes the texts' lower-case words from its tokens: those with letters are
    english.WORD's matches, the others have no case."""
    corpus = Path(__file__).resolve().parent.parent / "corpus"
    texts = (corpus / "CTOC-COP-WG.4-2019-1.en.txt").read_text(encoding="utf-8").splitlines()
    texts += ["2nd don't ’s e-mail-address Ünïcode ٢٠١٩abc 3.5,6 …?!“x” 'quoted' x-", "a--b c''d"]
    for text in texts:
        assert [t for t in _EN_TOKEN.findall(text) if any(c.isalpha() for c in t)] == english.WORD.findall(text)
        assert not any(t.islower() or t.isupper() for t in _EN_TOKEN.findall(text) if not any(c.isalpha() for c in t))
