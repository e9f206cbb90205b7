"""English words reduced to comparable keys: lower case, a light rule-based lemma, stop words out.

The same reduction is applied to the dictionary's glosses and to the text, so the rules only
need to be consistent, not linguistically perfect (keys are stems, not always words):
`dogs`/`dog`, `carried`/`carry`, `running`/`run`, `hoped`/`hope` → `hop`, `went` → `go`.
Common irregular verbs and plurals are listed; the rest is suffix stripping.
"""
from __future__ import annotations

import re
from functools import lru_cache

WORD = re.compile(r"[A-Za-z]+(?:['’-][A-Za-z]+)*")

STOP_WORDS = frozenset("""
a an the and or but nor if then than so as of to in on at by for from with without into onto upon
about over under up down out off again further once here there when where why how all any both each
few more most other some such no not only own same too very s t can will just don should now i me my
myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers
herself it its itself they them their theirs themselves what which who whom this that these those
am is are was were be been being have has had having do does did doing would could shall might must
may let also yet still even ever one's sb sth someone something somebody etc e.g. i.e. oneself
used use kind sort way thing things person people make made get got go went take took give gave
become became come came cl lit fig esp abbr variant also pr old archaic dialect classifier
surname
""".split())

_IRREGULAR = {
    # verbs: past and participle forms → base
    "said": "say", "saw": "see", "seen": "see", "went": "go", "gone": "go", "came": "come",
    "took": "take", "taken": "take", "gave": "give", "given": "give", "got": "get", "gotten": "get",
    "made": "make", "knew": "know", "known": "know", "thought": "think", "told": "tell",
    "felt": "feel", "found": "find", "left": "leave", "stood": "stand", "sat": "sit", "ran": "run",
    "began": "begin", "begun": "begin", "heard": "hear", "held": "hold", "brought": "bring",
    "bought": "buy", "caught": "catch", "taught": "teach", "fought": "fight", "sought": "seek",
    "kept": "keep", "slept": "sleep", "wept": "weep", "swept": "sweep", "met": "meet", "led": "lead",
    "fed": "feed", "fled": "flee", "fell": "fall", "fallen": "fall", "rose": "rise", "risen": "rise",
    "wrote": "write", "written": "write", "spoke": "speak", "spoken": "speak", "broke": "break",
    "broken": "break", "chose": "choose", "chosen": "choose", "drove": "drive", "driven": "drive",
    "rode": "ride", "ridden": "ride", "ate": "eat", "eaten": "eat", "drank": "drink", "drunk": "drink",
    "sang": "sing", "sung": "sing", "rang": "ring", "swam": "swim", "threw": "throw", "thrown": "throw",
    "grew": "grow", "grown": "grow", "drew": "draw", "drawn": "draw", "flew": "fly", "flown": "fly",
    "blew": "blow", "blown": "blow", "wore": "wear", "worn": "wear", "tore": "tear", "torn": "tear",
    "bore": "bear", "born": "bear", "hid": "hide", "hidden": "hide", "bit": "bite", "bitten": "bite",
    "shook": "shake", "shaken": "shake", "woke": "wake", "woken": "wake", "forgot": "forget",
    "forgotten": "forget", "understood": "understand", "lost": "lose", "paid": "pay", "laid": "lay",
    "lay": "lie", "lain": "lie", "sent": "send", "spent": "spend", "built": "build", "lent": "lend",
    "bent": "bend", "meant": "mean", "dealt": "deal", "dreamt": "dream", "knelt": "kneel",
    "struck": "strike", "stuck": "stick", "hung": "hang", "dug": "dig", "won": "win", "shot": "shoot",
    "lit": "light", "slid": "slide", "sold": "sell", "stole": "steal", "stolen": "steal", "froze": "freeze",
    "frozen": "freeze", "hit": "hit", "put": "put", "set": "set", "cut": "cut", "shut": "shut",
    "beat": "beat", "beaten": "beat", "became": "become", "overcame": "overcome", "withdrew": "withdraw",
    "arose": "arise", "arisen": "arise", "awoke": "awake", "sank": "sink", "sunk": "sink",
    "sprang": "spring", "sprung": "spring", "stank": "stink", "swore": "swear", "sworn": "swear",
    "shone": "shine", "spat": "spit", "split": "split", "spread": "spread", "quit": "quit",
    "read": "read", "fit": "fit", "wound": "wind", "bound": "bind", "ground": "grind",
    "died": "die", "dying": "die", "lied": "lie", "lying": "lie", "tied": "tie", "goes": "go", "does": "do", "has": "have", "better": "good", "best": "good", "worse": "bad", "worst": "bad",
    # nouns: irregular plurals → singular
    "men": "man", "women": "woman", "children": "child", "feet": "foot", "teeth": "tooth",
    "geese": "goose", "mice": "mouse", "people": "person", "wives": "wife", "lives": "life",
    "knives": "knife", "leaves": "leaf", "wolves": "wolf", "halves": "half", "selves": "self",
    "shelves": "shelf", "thieves": "thief",
}
_CONTRACTION = re.compile(r"'(?:s|re|ll|ve|d|m)$")
_VOWELS = set("aeiouy")
_DOUBLE_OK = set("lsz")  # `fall`, `pass`, `buzz`: a doubled final that belongs to the base


@lru_cache(maxsize=100_000)
def lemma(word: str) -> str:
    """A comparable key for one English word: `hoped`/`hope`/`hopes` → `hop`, `went` → `go`."""
    word = _CONTRACTION.sub("", word.lower().replace("’", "'"))
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    return _drop_final_e(_strip_suffix(word))


def singular(word: str) -> str:
    """The singular of a lower-case English noun by its suffix: `policies` → `policy`,
    `approaches` → `approach`, `states` → `state`; `process`, `status`, `basis` stay."""
    if len(word) <= 3 or not word.endswith("s"):
        return word
    for suffix, replacement in (("ies", "y"), ("sses", "ss"), ("ches", "ch"), ("shes", "sh"), ("xes", "x")):
        if word.endswith(suffix) and len(word) > len(suffix) + 1:
            return word[: -len(suffix)] + replacement
    return word if word.endswith(("ss", "us", "is")) else word[:-1]


def _strip_suffix(word: str) -> str:
    if len(word) <= 3 or word.endswith("s"):
        return singular(word)
    for suffix in ("ied", "ily"):
        if word.endswith(suffix) and len(word) > len(suffix) + 1:
            return word[: -len(suffix)] + "y"
    for suffix in ("ing", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return _undouble(word[: -len(suffix)])
    if word.endswith("ly") and len(word) > 5:
        return _strip_suffix(word[:-2])
    return word


def _undouble(stem: str) -> str:
    """`runn` → `run`, `stopp` → `stop`; `fall`, `pass` stay."""
    if len(stem) >= 3 and stem[-1] == stem[-2] and stem[-1] not in _VOWELS | _DOUBLE_OK:
        return stem[:-1]
    return stem


def _drop_final_e(key: str) -> str:
    """`make`/`mak(ing)` → `mak`: the silent e is dropped everywhere so both forms meet."""
    return key[:-1] if len(key) > 3 and key.endswith("e") else key


def content_lemmas(text: str) -> list[str]:
    """Lemmas of the content words of `text`, in order."""
    keys = []
    for word in WORD.findall(text):
        for part in word.split("-"):
            key = lemma(part)
            if len(key) > 1 and key not in STOP_WORDS and part.lower() not in STOP_WORDS:
                keys.append(key)
    return keys
