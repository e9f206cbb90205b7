"""Decoding: UTF-8 (BOM or not), UTF-16, GB18030 accepted; anything else is a clear error."""
from __future__ import annotations

import codecs

import pytest

from align.errors import InputError
from align.readers.encoding import decode, read_text

ZH = "贩运人口问题工作组\n2019 年 9 月 9 日至 11 日，维也纳\n“引号”与《书名号》\n"


@pytest.mark.parametrize("data", [
    ZH.encode("utf-8"),
    codecs.BOM_UTF8 + ZH.encode("utf-8"),
    ZH.encode("utf-16"),
    ZH.encode("utf-16-le"),
    ZH.encode("utf-16-be"),
    ZH.encode("gb18030"),
])
def test_supported_encodings_decode_to_the_same_text(data):
    assert decode(data, "zh") == ZH


def test_windows_line_endings_are_normalised():
    assert decode("a\r\nb\rc".encode("utf-8"), "en") == "a\nb\nc"


def test_latin1_english_is_refused_not_misread_as_chinese():
    with pytest.raises(InputError, match="cannot decode"):
        decode("café “quoted” résumé naïve text".encode("cp1252"), "en")


def test_binary_is_refused():
    with pytest.raises(InputError, match="binary"):
        decode(bytes(range(256)) * 8, "zh")


def test_missing_empty_and_folder(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_text(tmp_path / "missing.txt", "zh")
    (tmp_path / "empty.txt").write_text(" \n\n", encoding="utf-8")
    with pytest.raises(InputError, match="empty"):
        read_text(tmp_path / "empty.txt", "zh")
    with pytest.raises(InputError, match="folder"):
        read_text(tmp_path, "zh")
