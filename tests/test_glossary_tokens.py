"""The tokens `candidates` makes with a pair's `TokenMemo` (each Chinese block cut once, each English
word tagged once) are those of the plain routes: jieba.posseg's words of the whole text (`pos_cut`),
and the words and tags read back from the tagged string of ``textblob.en.parse``."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from glossary.candidates import (_EN_CONTENT, _EN_STOP, Token, TokenMemo, _en_wordlike, _zh_token, en_tokens,
                                 zh_tokens)
from glossary.resources import english_tagger
from test_glossary_resources import ODD_TEXTS, corpus_texts, pos_cut

ZH_PARTS = ["贩运", "人口", "议定书", "会议", "缔约方", "的", "后", "和", "问题", "工作组", "“", "”", "有组织犯罪",
            "公约", "受害人", "保护", "，", "。", "（", "）", "联合国", "2019", "年", "DNA", " ", "数据库", "a", "1",
            "x+y", "\u3000", "不", "販運"]
EN_PARTS = ["trafficking", "Trafficking", "in", "persons", "Protocol", "the", "The", "Parties", "post-", "and",
            "A/74/1", "and/or", "&slash;", "a&slash;b", "“", "”", "'s", "n't", "U.S.", "e.g.", "etc.", ",", ".",
            "?", "(", ")", "2019", "COVID-19", "Mr.", "Smith", "relating", "...", "\n\n", "'", '"', "victims", "X"]


def plain_en_tokens(text: str) -> list[Token]:
    """`candidates.en_tokens` as it read TextBlob's tagged string."""
    tokens = []
    tagged = english_tagger().parse(text, tokenize=True, tags=True, chunks=False, relations=False, lemmata=False)
    for sentence in tagged.split("\n"):
        for item in sentence.split(" "):
            if not item:
                continue
            word, _, tag = item.rpartition("/")
            word = word.replace("&slash;", "/")
            content = tag in _EN_CONTENT and word.lower() not in _EN_STOP and _en_wordlike(word)
            tokens.append(Token(word, tag, content))
        tokens.append(Token("\n", ".", False))
    return tokens


def plain_zh_tokens(text: str) -> list[Token]:
    """`candidates.zh_tokens` word by word over `pos_cut` of the whole text."""
    return [_zh_token(word, flag) for word, flag in pos_cut(text)]


def test_memo_tokens_of_the_corpus_are_the_plain_ones():
    zh, en = corpus_texts()
    memo = TokenMemo()
    for text in zh + ODD_TEXTS:
        assert zh_tokens(text, memo) == plain_zh_tokens(text) == zh_tokens(text), text
    for text in en + ODD_TEXTS + [" ", "...", "“”"]:
        assert en_tokens(text, memo) == plain_en_tokens(text) == en_tokens(text), text


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(ZH_PARTS), max_size=20).map("".join), min_size=1, max_size=6))
def test_memo_zh_tokens_are_the_plain_ones(texts: list[str]) -> None:
    memo = TokenMemo()
    assert [zh_tokens(t, memo) for t in texts] == [plain_zh_tokens(t) for t in texts]


def test_prepared_memo_tokens_of_the_corpus_are_the_plain_ones():
    """A memo prepared for a pair's texts (a batch worker's) cuts them with the aligner's tokenizer:
    the words of jieba's whole dictionary."""
    zh, _ = corpus_texts()
    memo = TokenMemo()
    memo.prepare(zh + ODD_TEXTS)
    assert memo.zh_cut is not None
    for text in zh + ODD_TEXTS:
        assert zh_tokens(text, memo) == plain_zh_tokens(text), text


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(ZH_PARTS), max_size=20).map("".join), min_size=1, max_size=6),
       st.integers(0, 6))
def test_prepared_memo_zh_tokens_are_the_plain_ones(texts: list[str], prepared: int) -> None:
    memo = TokenMemo()
    memo.prepare(texts[:prepared])  # the others are cut with jieba's whole dictionary
    assert [zh_tokens(t, memo) for t in texts] == [plain_zh_tokens(t) for t in texts]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(EN_PARTS), max_size=20).map(" ".join), min_size=1, max_size=6))
def test_memo_en_tokens_are_the_plain_ones(texts: list[str]) -> None:
    memo = TokenMemo()
    assert [en_tokens(t, memo) for t in texts] == [plain_en_tokens(t) for t in texts]
