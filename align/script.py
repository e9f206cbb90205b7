"""Which script a text is written in: the one definition of CJK text and of language by script."""
from __future__ import annotations

import re

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")  # CJK ideographs (extension A, compatibility)
_CJK_RUN, _LATIN_RUN = re.compile(CJK.pattern + "+"), re.compile(r"[A-Za-z]+")  # letters counted run by run
# A text is Chinese when at least this share of its letters are CJK ideographs; an English
# document may quote Chinese, but no more than ZH_IN_EN of its letters.
ZH_SHARE = 0.2
ZH_IN_EN = 0.4


def chinese_share(text: str) -> float:
    """Share of CJK ideographs among the letters (ideographs and Latin letters) of a text."""
    cjk, latin = sum(map(len, _CJK_RUN.findall(text))), sum(map(len, _LATIN_RUN.findall(text)))
    return cjk / (cjk + latin) if cjk + latin else 0.0


def language_of(text: str) -> str:
    """'zh' or 'en', by script."""
    return "zh" if chinese_share(text) >= ZH_SHARE else "en"
