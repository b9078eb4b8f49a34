"""REFI-QDA exchange: .qdc codebooks and .qdpx projects, schema-valid and round-tripping."""

from __future__ import annotations

import re
import warnings
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from review_tools.coding.qdpx import (
    codebook_from_qdc,
    codebook_to_qdc,
    export_qdpx,
    import_qdpx,
    load_codebook,
    validate_xml,
)
from review_tools.errors import ConfigError, CorpusFormatError, StageInputError
from review_tools.pseudonymise import Pseudonymiser, pseudonymise_segments
from review_tools.readers.transcripts import read_transcripts

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "transcripts"
REFI = ROOT.parent / "shared" / "data" / "refi-qda"
needs_xsd = pytest.mark.skipif(not (REFI / "Project-mrt2019.xsd").exists(), reason=f"REFI-QDA schemas not found in {REFI}")


@pytest.fixture(scope="module")
def codebook():
    return load_codebook(ROOT / "review" / "codebook.yaml")


@pytest.fixture(scope="module")
def segments():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        seg, _ = read_transcripts(DATA)
    return pseudonymise_segments(seg, Pseudonymiser(), pseudonymous_ids=False)[0]  # codes below use the file stems


def _by_id(cb):
    return {c.id: c for c in cb.codes}


def test_qdc_round_trip_keeps_ids_labels_definitions_keywords(codebook):
    back = codebook_from_qdc(codebook_to_qdc(codebook))
    assert _by_id(back) == _by_id(codebook)


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


def test_qdc_from_another_tool_gets_derived_ids():
    xml = b"""<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>
<Code guid="11111111-1111-1111-1111-111111111111" name="Housing" isCodable="true">
  <Description>About homes.</Description>
  <Code guid="22222222-2222-2222-2222-222222222222" name="rent arrears" isCodable="true"/>
</Code></Codes></CodeBook>"""
    cb = codebook_from_qdc(xml)
    assert [(c.id, c.parent, c.label.en) for c in cb.codes] == [("Housing", None, "Housing"),
                                                                ("Housing.RentArrears", "Housing", "rent arrears")]
    assert cb.codes[0].definition.en == "About homes."


def test_bad_codebook_files(tmp_path):
    with pytest.raises(CorpusFormatError, match=r"bad\.qdc, line 1: not valid XML"):
        codebook_from_qdc(b"<CodeBook><Codes>", source=str(tmp_path / "bad.qdc"))
    p = tmp_path / "codebook.yaml"
    p.write_text("schema_version: 1\ncodes:\n- id: A\n  label: {en: a}\n  parent: B\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown parent 'B'"):
        load_codebook(p)


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
    back = import_qdpx(path)
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
