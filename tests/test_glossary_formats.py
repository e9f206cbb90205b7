"""Glossary files: TBX 2008 and v3 (schemas, translate-toolkit), TSV/CSV, HTML, Markdown, safety."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest
from lxml import etree, html

from glossary.formats import read_glossary, write_glossary
from glossary.model import ADMITTED, DEPRECATED, Entry, Glossary, Term
from align.readers.xmlsafe import XMLProblem, parse_xml
from glossary_helpers import TBX3_NS, dca_violations, dtd_2008, relaxng
from test_glossary import glossary_001


def sample() -> Glossary:
    entries = [
        Entry(1, [Term("贩运人口")], [Term("trafficking in persons", pos="noun"),
                                   Term("human trafficking", ADMITTED, "noun"),
                                   Term("trade in people", DEPRECATED)],
              frequency=12, consistency=0.92, confidence=0.9, context_zh="贩运人口问题。",
              context_en="Trafficking in persons & <abuse>.", sources=["001", "002"]),
        Entry(2, [Term("联合国")], [Term("United Nations", pos="properNoun")], frequency=3),
    ]
    return Glossary(entries, zh_lang="zh-Hans")


@pytest.mark.parametrize("glossary", [sample(), glossary_001()], ids=["sample", "corpus"])
def test_tbx_2008_valid_and_read_by_translate_toolkit(tmp_path: Path, glossary: Glossary):
    from translate.storage.tbx import tbxfile

    path = tmp_path / "g.tbx"
    write_glossary(glossary, path)
    doc = etree.parse(str(path))
    assert relaxng("TBXBasicRNGV02.rng").validate(doc), relaxng("TBXBasicRNGV02.rng").error_log
    assert dtd_2008().validate(doc), dtd_2008().error_log
    assert doc.getroot().tag == "martif" and doc.getroot().get("type") == "TBX-Basic"
    units = tbxfile.parsestring(path.read_bytes()).units
    assert [(u.source, u.target) for u in units] == [(e.zh_term, e.en_term) for e in glossary.entries]
    assert [u.getid() for u in units] == [f"c{e.id}" for e in glossary.entries]


@pytest.mark.parametrize("glossary", [sample(), glossary_001()], ids=["sample", "corpus"])
def test_tbx_v3_valid(tmp_path: Path, glossary: Glossary):
    path = tmp_path / "g.tbx"
    write_glossary(glossary, path, tbx_version=3)
    doc = etree.parse(str(path))
    assert relaxng("TBXcoreStructV03.rng").validate(doc), relaxng("TBXcoreStructV03.rng").error_log
    assert dca_violations(doc.getroot()) == []
    assert len(doc.findall(".//tbx:conceptEntry", TBX3_NS)) == len(glossary.entries)


@pytest.mark.parametrize("version", [2, 3])
def test_tbx_round_trip(tmp_path: Path, version: int):
    path = tmp_path / "g.tbx"
    write_glossary(sample(), path, tbx_version=version)
    back = read_glossary(path)
    assert back.zh_lang == "zh-Hans"
    first = back.entries[0]
    assert first.zh_term == "贩运人口"
    assert [(t.text, t.status) for t in first.en] == [
        ("trafficking in persons", "preferred"), ("human trafficking", ADMITTED), ("trade in people", DEPRECATED)]
    # termNote elements come before descrip in every term holder
    root = etree.parse(str(path)).getroot()
    for holder in root.iter("tig", "{urn:iso:std:iso:30042:ed-2}termSec"):
        tags = [etree.QName(c).localname for c in holder]
        assert tags[0] == "term" and tags == sorted(tags, key=["term", "termNote", "descrip"].index)


def test_tbx_v3_has_no_proper_noun(tmp_path: Path):
    path = tmp_path / "g.tbx"
    write_glossary(sample(), path, tbx_version=3)
    assert "properNoun" not in path.read_text(encoding="utf-8")


@pytest.mark.parametrize("suffix,delimiter", [(".tsv", "\t"), (".csv", ",")])
def test_tables(tmp_path: Path, suffix: str, delimiter: str):
    path = tmp_path / f"g{suffix}"
    write_glossary(sample(), path)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf") == (suffix == ".csv")  # Excel reads a CSV's BOM as UTF-8
    rows = list(csv.reader(path.open(encoding="utf-8-sig"), delimiter=delimiter))
    header = rows[0]
    assert header[:3] == ["id", "review", "zh"]
    row = dict(zip(header, rows[1]))
    assert (row["review"], row["zh"], row["en"], row["en_variants"], row["forbidden"], row["frequency"]) == (
        "candidate", "贩运人口", "trafficking in persons", "human trafficking", "trade in people", "12")
    back = read_glossary(path)
    assert [(t.text, t.status) for t in back.entries[0].en] == [
        ("trafficking in persons", "preferred"), ("human trafficking", ADMITTED), ("trade in people", DEPRECATED)]


def test_headerless_seed_list(tmp_path: Path):
    path = tmp_path / "seeds.tsv"
    path.write_text("贩运人口\ttrafficking in persons\tcore term\n", encoding="utf-8")
    entry = read_glossary(path).entries[0]
    assert (entry.zh_term, entry.en_term, entry.note, entry.origin) == (
        "贩运人口", "trafficking in persons", "core term", "seed")



@pytest.mark.parametrize("heading", ["zh-CN\ten-US", "Chinese (PRC)\tEnglish (United States)", "中文\t英文",
                                     "ZH_Hans\tEN\tnote"])
def test_columns_headed_by_their_language(tmp_path: Path, heading: str):
    """A table whose columns are headed by language tags or names, as other tools export it, has a
    header (it was read as an entry zh-CN = en-US)."""
    path = tmp_path / "terms.tsv"
    path.write_text(f"{heading}\n贩运人口\ttrafficking in persons\n", encoding="utf-8")
    assert [(e.zh_term, e.en_term) for e in read_glossary(path).entries] == [("贩运人口", "trafficking in persons")]

def test_html_and_markdown(tmp_path: Path):
    write_glossary(sample(), tmp_path / "g.html")
    page = html.parse(str(tmp_path / "g.html"))
    cells = page.xpath("//tbody/tr[1]/td//text()")
    assert "贩运人口" in cells and "trafficking in persons" in cells
    assert "Trafficking in persons & <abuse>." in "".join(page.xpath("//tbody/tr[1]/td[8]//text()"))
    write_glossary(sample(), tmp_path / "g.md")
    lines = (tmp_path / "g.md").read_text(encoding="utf-8").splitlines()
    assert lines[4].startswith("| # | zh | en")
    assert lines[6].startswith("| 1 | 贩运人口 | **trafficking in persons**; human trafficking; ~~trade in people~~")


def test_atomic_write_leaves_no_temp_files(tmp_path: Path):
    for name in ("g.tbx", "g.tsv", "g.html", "g.md"):
        write_glossary(sample(), tmp_path / name)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.html", "g.md", "g.tbx", "g.tsv"]


BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<martif type="TBX-Basic"><text><body>&lol2;</body></text></martif>"""
XXE = """<?xml version="1.0"?>
<!DOCTYPE martif [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<martif type="TBX-Basic"><text><body><termEntry>&xxe;</termEntry></body></text></martif>"""


@pytest.mark.parametrize("text", [BOMB, XXE], ids=["billion-laughs", "xxe"])
def test_hostile_xml_refused_in_one_line(tmp_path: Path, text: str):
    path = tmp_path / "evil.tbx"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(XMLProblem) as info:
        read_glossary(path)
    assert "refused" in str(info.value) and "\n" not in str(info.value)
    assert "root:" not in str(info.value)


def test_malformed_xml_names_the_line(tmp_path: Path):
    path = tmp_path / "bad.tbx"
    path.write_text('<?xml version="1.0"?>\n<martif>\n<text>\n<body></text>\n</martif>\n', encoding="utf-8")
    with pytest.raises(XMLProblem, match=r"line 4"):
        parse_xml(path)


def categorised() -> Glossary:
    entry = Entry(1, [Term("缔约方会议", pos="properNoun"), Term("缔约方大会", ADMITTED, type="variant")],
                  [Term("Conference of the Parties", pos="properNoun", type="fullForm"),
                   Term("Conference", ADMITTED, "properNoun", type="shortForm"),
                   Term("COP", ADMITTED, "properNoun", type="acronym")],
                  frequency=14, consistency=0.929, confidence=0.81, sources=["CTOC/COP/WG.4/2019/1"],
                  subject="crime prevention", definition="", review="approved", new=False)
    return Glossary([entry])


@pytest.mark.parametrize("suffix,version", [(".tbx", 2), (".tbx", 3), (".tsv", 2)])
def test_data_categories_round_trip(tmp_path: Path, suffix: str, version: int):
    path = tmp_path / f"g{suffix}"
    write_glossary(categorised(), path, tbx_version=version)
    if suffix == ".tbx":
        doc = etree.parse(str(path))
        schema = relaxng("TBXBasicRNGV02.rng" if version == 2 else "TBXcoreStructV03.rng")
        assert schema.validate(doc), schema.error_log
        if version == 3:
            assert dca_violations(doc.getroot()) == []
    back = read_glossary(path).entries[0]
    original = categorised().entries[0]
    assert [(t.text, t.status, t.type) for t in back.en] == [(t.text, t.status, t.type) for t in original.en]
    assert [(t.text, t.status) for t in back.zh] == [(t.text, t.status) for t in original.zh]
    assert (back.review, back.frequency, back.consistency, back.confidence, back.subject, back.new) == (
        "approved", 14, 0.929, 0.81, "crime prevention", False)
    assert back.sources == ["CTOC/COP/WG.4/2019/1"]
