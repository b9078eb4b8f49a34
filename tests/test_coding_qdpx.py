"""REFI-QDA exchange: .qdc codebooks and .qdpx projects, schema-valid and round-tripping."""

from __future__ import annotations

import re
import warnings
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from lxml import etree

from review_tools.coding.qdpx import (
    codebook_from_qdc,
    codebook_to_qdc,
    export_qdpx,
    import_qdpx,
    validate_xml,
)
from review_tools.config import load_codebook_file
from review_tools.errors import ConfigError, CorpusFormatError, StageInputError
from review_tools.pseudonymise import Pseudonymiser, pseudonymise_segments
from review_tools.readers.transcripts import read_transcripts

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "transcripts"
REFI = ROOT.parent / "shared" / "data" / "refi-qda"
needs_xsd = pytest.mark.skipif(not (REFI / "Project-mrt2019.xsd").exists(), reason=f"REFI-QDA schemas not found in {REFI}")


@pytest.fixture(scope="module")
def codebook():
    return load_codebook_file(ROOT / "review" / "codebook.yaml")


@pytest.fixture(scope="module")
def segments():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        seg, _ = read_transcripts(DATA)
    return pseudonymise_segments(seg, Pseudonymiser(), pseudonymous_ids=False)[0]  # codes below use the file stems


def _by_id(cb):
    return {c.id: c for c in cb.codes}


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_qdc_round_trip_keeps_ids_labels_definitions_keywords(codebook, language):
    xml = codebook_to_qdc(codebook, language=language)
    back = codebook_from_qdc(xml)
    assert _by_id(back) == _by_id(codebook)
    # names are the labels in the chosen language, nothing else; the other languages are in the description
    names = [el.get("name") for el in etree.fromstring(xml).iter("{urn:QDA-XML:codebook:1.0}Code")]
    assert names == [c.label.get(language) for c in _tree_order(codebook)]
    first = codebook.codes[0]
    others = [x for x in ("fi", "sv", "en") if x != language and getattr(first.label, x)]
    assert all(f"label ({x}): {getattr(first.label, x)}" in xml.decode("utf-8") for x in others)


def _tree_order(cb):
    out = []

    def walk(parent):
        for c in cb.codes:
            if c.parent == parent:
                out.append(c)
                walk(c.id)

    walk(None)
    return out


def test_categories_export_as_non_codable_codes(codebook):
    cats = codebook.model_copy(update={"codes": [c.model_copy(update={"codable": c.id != "SW"}) for c in codebook.codes]})
    xml = codebook_to_qdc(cats).decode("utf-8")
    assert xml.count('isCodable="false"') == 1
    back = codebook_from_qdc(xml.encode("utf-8"))
    assert [c.id for c in back.codes if not c.codable] == ["SW"]


@needs_xsd
def test_qdc_is_valid_against_the_codebook_schema(codebook, tmp_path):
    # the published Codebook.xsd has lost spaces and uses U+2010 hyphens; repair those typography
    # errors only, then validate
    xsd = (REFI / "Codebook.xsd").read_text(encoding="utf-8").replace("\u2010", "-")
    xsd = re.sub(r"<(/?)xsd:(element|complexType|attribute|simpleType|restriction|pattern)(name|base|value)=",
                 r"<\1xsd:\2 \3=", xsd)
    xsd = re.sub(r'"(?=[A-Za-z]+=)', '" ', xsd)
    fixed = tmp_path / "Codebook.xsd"
    fixed.write_text(xsd, encoding="utf-8")
    assert validate_xml(codebook_to_qdc(codebook), fixed) == []


def test_qdc_from_another_tool_keeps_names_whole_with_generated_ids():
    xml = b"""<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>
<Code guid="11111111-1111-1111-1111-111111111111" name="Housing" isCodable="false">
  <Description>About homes.</Description>
  <Code guid="22222222-2222-2222-2222-222222222222" name="Housing costs" isCodable="true"/>
  <Code guid="33333333-3333-3333-3333-333333333333" name="Housing quality" isCodable="true"/>
</Code></Codes></CodeBook>"""
    cb = codebook_from_qdc(xml, language="fi")
    assert [(c.id, c.parent, c.label.fi, c.codable) for c in cb.codes] == [
        ("C11111111", None, "Housing", False), ("C22222222", "C11111111", "Housing costs", True),
        ("C33333333", "C11111111", "Housing quality", True)]
    assert cb.codes[0].definition.fi == "About homes."
    assert codebook_from_qdc(xml, language="fi") == cb  # ids are stable


def test_bad_codebook_files(tmp_path):
    with pytest.raises(CorpusFormatError, match=r"bad\.qdc, line 1: not valid XML"):
        codebook_from_qdc(b"<CodeBook><Codes>", source=str(tmp_path / "bad.qdc"))
    p = tmp_path / "codebook.yaml"
    p.write_text("schema_version: 1\ncodes:\n- id: A\n  label: {en: a}\n  parent: B\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="codebook.yaml: codes\\[0\\].parent: unknown code 'B'"):
        load_codebook_file(p)


def _codings():
    return pd.DataFrame({
        "unit_id": ["INT_hv_turns:3", "INT_hv_turns:3", "INT_teams_voice:2", "INT_hv_turns:5", "REC1"],
        "unit_type": ["segment", "segment", "segment", "segment", "record"],
        "code": ["SW.SOC.COM.LIVELI", "SW.SOC.COM.LIVELI", "SW.HEA", "X.COOP", "SW.MAT"],
        "coder": ["aa", "bb", "aa", "aa", "bb"],
        "char_start": [None, None, None, 5, None],
        "char_end": [None, None, None, 20, None],
    })


@needs_xsd
def test_qdpx_validates_and_round_trips(codebook, segments, tmp_path):
    records = pd.DataFrame({"record_id": ["REC1"], "title": ["A title"], "abstract": ["Poverty in Finland."]})
    path = export_qdpx(tmp_path / "p.qdpx", codebook, _codings(), segments, records)
    with zipfile.ZipFile(path) as z:
        xml = z.read("project.qde")
        assert sum(n.startswith("sources/") for n in z.namelist()) == 3
    assert validate_xml(xml, REFI / "Project-mrt2019.xsd") == []
    root = etree.fromstring(xml)
    ns = {"q": "urn:QDA-XML:project:1.0"}
    user_guids = {u.get("guid") for u in root.iterfind(".//q:User", ns)}
    assert root.get("creatingUserGUID") in user_guids and root.get("creationDateTime")
    for tag in ("TextSource", "PlainTextSelection", "Coding"):
        els = root.findall(f".//q:{tag}", ns)
        assert els and all(e.get("creatingUser") in user_guids and e.get("creationDateTime") for e in els), tag
    back = import_qdpx(path, segments=segments)
    got = back["codings"][["unit_id", "unit_type", "code", "coder", "char_start", "char_end"]]
    want = _codings()[["unit_id", "unit_type", "code", "coder", "char_start", "char_end"]]
    key = ["unit_id", "code", "coder"]
    got = got.sort_values(key).reset_index(drop=True).astype(str)
    want = want.sort_values(key).reset_index(drop=True).astype(str).replace({"nan": "None", "5.0": "5", "20.0": "20"})
    got = got.replace({"nan": "None", "5.0": "5", "20.0": "20"})
    pd.testing.assert_frame_equal(got, want)
    assert _by_id(back["codebook"]) == _by_id(codebook)
    assert set(back["users"]["name"]) == {"aa", "bb"}
    text = back["sources"].set_index("source").loc["INT_hv_turns", "text"]
    assert "Mikko" not in text and "[H" in text  # only pseudonymised text is exported


def test_qdpx_refuses_unknown_codes_and_units(codebook, segments, tmp_path):
    bad = _codings().assign(code="NOPE")
    with pytest.raises(StageInputError, match="codes not in the codebook"):
        export_qdpx(tmp_path / "x.qdpx", codebook, bad, segments)
    with pytest.raises(StageInputError, match="no text to export"):
        export_qdpx(tmp_path / "x.qdpx", codebook, _codings(), segments)  # REC1 without records


def test_import_rejects_non_zip(tmp_path):
    p = tmp_path / "x.qdpx"
    p.write_text("hello")
    with pytest.raises(CorpusFormatError, match="not a .qdpx"):
        import_qdpx(p)
