"""Term candidates in one text: word tokens and the spans that may be terms.

Chinese: jieba part-of-speech tagging without its HMM (which glues unknown
words wrongly), then every run of up to ``ZH_MAX_WORDS`` words that holds no
punctuation, number, time word or particle, starts and ends on a content
word (a place word may start it: 网上贩运 = online trafficking), and may hold 的/和/与/及 inside (不处罚贩运受害人的原则); a one-character locative
bound to the word before it may end a span or sit inside it (定罪后, 政府间组织).

English: the tagger bundled with TextBlob (``textblob.en.parse``, no downloaded model:
Brill's lexicon from Pattern, suffix rules for unknown words, no contextual rules), then the Justeson–Katz noun-phrase pattern extended with
prepositions and coordination: content words (nouns, adjectives, participles)
joined by of/in/on/to/for/against/and, ending on a noun, a gerund or a
hyphenated modifier (trauma-informed).

Which of the many candidates are terms is decided in :mod:`pairing`, by
translation evidence and statistics across units.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from align.similarity.chinese import tokenizer as chinese_tokenizer

from .glosses import stem
from .normalize import en_key, zh_key
from .resources import english_tagger, pos_blocks, pos_cut_block

ZH_MAX_WORDS = 16  # official names run to 14 words (…公约及其各项议定书实施情况审议机制)
EN_MAX_WORDS = 16

_ZH_BREAK_POS = ("x", "m", "q", "t", "p", "y", "e", "o", "k", "w", "f", "d", "u", "c", "r")
_ZH_NEGATION = frozenset("不 非".split())  # prefixes: 不处罚 = non-punishment
ZH_PREFIX = frozenset("有 可".split())  # adjective-forming: 有组织犯罪 = organized crime, 可持续 = sustainable
ZH_SUFFIX = frozenset("者 性 化".split())  # noun-forming suffixes bound to the word before: 贩运者
_ZH_INNER = frozenset("的 和 与 及 及其 各项".split())
_ZH_JOINS = frozenset("和 与 及 及其".split())  # conjunctions: a span holds one at most
_ZH_END_POS = ("n", "v", "a", "l", "i", "j", "b", "z", "eng")
_ZH_BAD_EDGE = frozenset("有 是 为 将 等 其 各 本 该 此 这 那 新 年 月 日 第 应 可 能 须 会 要 得 应当 可以 能够 必须".split())

_EN_CONTENT = frozenset("NN NNS NNP NNPS JJ JJR JJS VBG VBN FW".split())
_EN_END = frozenset("NN NNS NNP NNPS VBG FW".split())
_EN_PREP = frozenset("of in on to for against".split())
_EN_LINK = _EN_PREP | {"and"}
_EN_STOP = frozenset(
    """first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth
    thirteenth fourteenth fifteenth last next previous other such same various several
    many much more most few certain own following above below present current possible
    relevant appropriate important necessary particular specific further additional respective
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday a.m. p.m. e.g. i.e. etc
    mr. ms. mrs. dr. mr ms mrs dr""".split()
)
_HAS_LETTER = re.compile(r"[A-Za-z]")
_DIGITS = re.compile(r"\d")
_ZH_SPACE = " \u3000"


# Tokens and spans are never changed once made, but not frozen: a pair makes thousands, and a frozen
# dataclass takes five times as long to make (each field set through object.__setattr__).
@dataclass(slots=True, unsafe_hash=True)
class Token:
    """One word with its part-of-speech tag; ``content`` words count for links."""

    text: str
    pos: str
    content: bool


@dataclass(slots=True, unsafe_hash=True)
class Span:
    """A candidate term: tokens ``start`` to ``end`` (exclusive) of one text."""

    start: int
    end: int
    text: str
    key: str


class TokenMemo:
    """Tokens already made for the texts of one pair, whose texts repeat words and phrases: each
    Chinese text block's (jieba cuts a text block by block, each alone) and each English word's,
    first in its sentence or not (TextBlob's `parse` tags a word from its lexicon and suffix rules,
    looking it up in lower case too when it starts the sentence: no contextual rules)."""

    __slots__ = ("zh_blocks", "zh_tags", "zh_words", "zh_prepared", "zh_cut", "en_first", "en_rest")

    def __init__(self) -> None:
        self.zh_blocks: dict[str, list[Token]] = {}
        self.zh_tags: dict[str, str] = {}  # jieba's tag of each word met
        self.zh_words: dict[tuple[str, str], Token] = {}  # the token of each (word, tag)
        self.zh_prepared: set[str] = set()  # the texts `zh_cut` was prepared for
        self.zh_cut = None  # the jieba tokenizer of the prepared texts (None: jieba's whole dictionary)
        self.en_first: dict[str, Token] = {}
        self.en_rest: dict[str, Token] = {}

    def prepare(self, texts: list[str]) -> None:
        """Have these Chinese texts (a pair's, before `zh_tokens` cuts them) cut by the aligner's jieba
        tokenizer, prepared for them at once (`align.similarity.chinese.tokenizer`: it holds only the
        words they may hold, so a batch worker never loads jieba's whole dictionary)."""
        self.zh_cut = chinese_tokenizer(texts)
        self.zh_prepared.update(texts)


def zh_tokens(text: str, memo: TokenMemo | None = None) -> list[Token]:
    """jieba words of Chinese text (HMM off), whitespace kept as tokens."""
    memo = TokenMemo() if memo is None else memo
    blocks, words = memo.zh_blocks, memo.zh_words
    tokens, cut = [], memo.zh_cut if text in memo.zh_prepared else None
    for block in pos_blocks(text):
        known = blocks.get(block)
        if known is None:
            known = blocks[block] = [words.get(item) or _zh_word(item, words)
                                     for item in pos_cut_block(block, memo.zh_tags, cut)]
        tokens.extend(known)
    return tokens


def _zh_word(item: tuple[str, str], words: dict[tuple[str, str], Token]) -> Token:
    token = words[item] = _zh_token(*item)
    return token


def _zh_token(word: str, flag: str) -> Token:
    if word.isspace():
        return Token(word, "w", False)
    if flag == "eng" and not _HAS_LETTER.search(word):
        flag = "m"
    content = word in _ZH_NEGATION or word not in _ZH_INNER and (
        not flag.startswith(_ZH_BREAK_POS) or flag.startswith("d") and len(word) > 1)
    return Token(word, flag, content)


def _zh_inner_ok(token: Token) -> bool:
    return token.content or token.text in _ZH_INNER or token.pos.startswith(("r", "d"))


def zh_locative(tokens: list[Token], j: int) -> bool:
    """A one-character locative bound to the content word before it (政府间组织, 定罪后 =
    post-conviction); a span goes on past it only to a content word (not 问题中的作用)."""
    return tokens[j].pos == "f" and len(tokens[j].text) == 1 and j > 0 and tokens[j - 1].content


def _zh_edge_ok(token: Token) -> bool:
    """A content word that is not a bound morpheme (且/zg, 庆/vg) nor in _ZH_BAD_EDGE."""
    return token.content and token.text not in _ZH_BAD_EDGE and not token.pos.endswith("g")


def _zh_start_ok(tokens: list[Token], i: int) -> bool:
    """An edge word, or a negation prefix before a verb (不处罚原则)."""
    if tokens[i].text in _ZH_NEGATION:
        return i + 1 < len(tokens) and tokens[i + 1].pos.startswith("v")
    if tokens[i].text in ZH_PREFIX:
        return i + 1 < len(tokens) and tokens[i + 1].content and tokens[i + 1].pos.startswith(("v", "n"))
    return _zh_edge_ok(tokens[i])


def _zh_suffix(tokens: list[Token], j: int) -> bool:
    """A noun-forming suffix (者, 性) right after a content word: 贩运者 = traffickers."""
    return tokens[j].text in ZH_SUFFIX and j > 0 and tokens[j - 1].content and tokens[j - 1].text not in _ZH_INNER


def zh_spans(tokens: list[Token]) -> list[Span]:
    """Candidate Chinese terms among ``tokens`` (see module docstring)."""
    n = len(tokens)
    texts = [t.text for t in tokens]
    locatives = [zh_locative(tokens, j) for j in range(n)]
    bound = [locatives[j] or _zh_suffix(tokens, j) for j in range(n)]  # may end or sit inside a span
    inside = [bound[j] or _zh_inner_ok(t) or t.pos == "w" and _latin_edge(tokens, j) for j, t in enumerate(tokens)]
    after_locative = [j > 0 and locatives[j - 1] and not t.content for j, t in enumerate(tokens)]
    ends = [_zh_edge_ok(t) and t.pos.startswith(_ZH_END_POS) for t in tokens]
    des = [text == "的" for text in texts]  # more than one 的 or conjunction: a phrase, not a term
    joins = [text in _ZH_JOINS for text in texts]
    spans = []
    for i in range(n):
        if not _zh_start_ok(tokens, i):
            continue
        text, de, join = "", 0, 0
        for j in range(i, min(i + ZH_MAX_WORDS, n)):
            if j > i and (not inside[j] or j > i + 1 and after_locative[j]):
                break
            de += des[j]
            join += joins[j]
            if de > 1 or join > 1:
                break
            text += texts[j]
            if ends[j] or j > i and bound[j]:
                key = zh_key(text)
                if len(key) >= 2:
                    spans.append(Span(i, j + 1, text, key))
    return spans


def _latin_edge(tokens: list[Token], j: int) -> bool:
    """A space between a Latin-script word and a Chinese one (DNA 数据库)."""
    return (0 < j < len(tokens) - 1 and tokens[j].text in _ZH_SPACE
            and (tokens[j - 1].pos == "eng") != (tokens[j + 1].pos == "eng"))


_EN_BREAK = Token("\n", ".", False)  # after each sentence


def en_tokens(text: str, memo: TokenMemo | None = None) -> list[Token]:
    """Tagged words of English text (TextBlob's bundled lexicon and suffix rules): what
    ``textblob.en.parse(text, chunks=False)`` gives, sentence by sentence, read from its word
    and tag lists rather than from the tagged string it makes of them."""
    parser = english_tagger().parser
    memo = TokenMemo() if memo is None else memo
    tokens = []
    for sentence in parser.find_tokens(text):
        tokens += _en_sentence(parser, sentence.split(" "), memo)
        tokens.append(_EN_BREAK)
    return tokens or [_EN_BREAK]  # the tagged string of no sentence is one empty line


def _en_sentence(parser, words: list[str], memo: TokenMemo) -> list[Token]:
    """The tokens of one sentence's words, those not in ``memo`` tagged by ``parser`` (after the
    first word, so as words inside a sentence) and kept there."""
    first, rest = memo.en_first, memo.en_rest
    missing = [word for word in dict.fromkeys(words[1:]) if word not in rest]
    if missing or words[0] not in first:
        tagged = parser.find_tags([words[0], *missing])
        first.setdefault(words[0], _en_token(*tagged[0]))
        for word, tag in tagged[1:]:
            rest[word] = _en_token(word, tag)
    return [first[words[0]], *map(rest.__getitem__, words[1:])]


def _en_token(word: str, tag: str) -> Token:
    word = word.replace("&slash;", "/")  # as read back from the tagged string, which writes / so
    content = tag in _EN_CONTENT and word.lower() not in _EN_STOP and _en_wordlike(word)
    return Token(word, tag, content)


def _en_wordlike(word: str) -> bool:
    """Letters, and digits only in a hyphenated name (COVID-19); no symbols like A/74/1."""
    if not _HAS_LETTER.search(word) or "/" in word:
        return False
    return not _DIGITS.search(word) or "-" in word


def _en_end_ok(tokens: list[Token], j: int) -> bool:
    """A content noun, gerund or hyphenated word; not a participle after a plural
    (measures relating: a reduced relative clause)."""
    token = tokens[j]
    if token.pos == "VBG" and j > 0 and tokens[j - 1].pos in ("NNS", "NNPS"):
        return False
    return token.content and (token.pos in _EN_END or "-" in token.text)


def _en_start_ok(tokens: list[Token], i: int) -> bool:
    """A content word; a past participle only before another (held in Vienna is a verb phrase)
    or hyphenated, a compound adjective (trauma-informed)."""
    if not tokens[i].content:
        return False
    return tokens[i].pos != "VBN" or "-" in tokens[i].text or (i + 1 < len(tokens) and tokens[i + 1].content)


def en_spans(tokens: list[Token]) -> list[Span]:
    """Candidate English terms among ``tokens`` (see module docstring)."""
    n = len(tokens)
    texts = [t.text for t in tokens]
    lowers = [text.lower() for text in texts]
    contents = [t.content for t in tokens]
    ends = [_en_end_ok(tokens, j) for j in range(n)]
    spans = []
    for i, first in enumerate(tokens):
        if not _en_start_ok(tokens, i):
            continue
        if first.pos == "VBG" and first.text.islower():  # a gerund stands alone (sentencing) or takes of
            spans.append(Span(i, i + 1, first.text, en_key(first.text)))
            if not (i + 2 < n and texts[i + 1] == "of" and contents[i + 2]):
                continue
        text, preps, ands = texts[i], 0, 0
        if ends[i]:
            spans.append(Span(i, i + 1, text, en_key(text)))
        for j in range(i + 1, min(i + EN_MAX_WORDS, n)):
            text += " " + texts[j]
            if not contents[j]:
                lower = lowers[j]
                if lower in _EN_LINK and contents[j - 1]:
                    preps += 1
                    ands += lower == "and"
                elif not (lower == "the" and lowers[j - 1] in _EN_PREP):
                    break
                if preps > 3 or ands > 1:
                    break
            elif ends[j]:
                spans.append(Span(i, j + 1, text, en_key(text)))
    return spans


def en_stems(tokens: list[Token]) -> list[str]:
    """Stem of each token, empty for non-content tokens."""
    return [stem(t.text.lower()) if t.content else "" for t in tokens]
