"""Ingest: raw exports -> record schema, ids, provenance, the 9-database youth-homelessness search."""

from __future__ import annotations

import subprocess
import sys
import warnings
from pathlib import Path

import pandas as pd
import pytest

from review_tools import config
from review_tools.errors import CorpusFormatError, ReviewToolsWarning, StageInputError
from review_tools.ingest import (
    RECORD_COLUMNS,
    ingest_files,
    ingest_sources,
    normalise_doi,
    parse_year,
)

HERE = Path(__file__).resolve().parent
DATA = HERE / "data" / "records"
CORPUS = DATA / "corpus"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
YOUTH = SHARED / "bibliography" / "topic-youth-homelessness-review"
YOUTH_COUNTS = {  # bibliography/SOURCES.md, records per file (4,084 in all)
    "cinahl_07062023.ris": 429, "cochrane_central_07062023.ris": 234,
    "criminal_justice_abstracts_08062023.ris": 131, "embase_08062023.ris": 933, "eric_08062023.RIS": 304,
    "medline_08062023.ris": 959, "social_services_abstracts_08062023.RIS": 538,
    "sociological_abstracts_07062023.RIS": 327, "violence_abuse_abstracts_08062023.ris": 17,
    "youth_homelessness_review_references.bib": 212,
}


@pytest.mark.parametrize("raw,expected", [
    ("https://doi.org/10.1016/J.CHILDYOUTH.2019.01.002", "10.1016/j.childyouth.2019.01.002"),
    ("doi:10.1080/2156857X.2021.1900001.", "10.1080/2156857x.2021.1900001"),
    ("http://dx.doi.org/10.1097/MOL.0b013e3282ffaf82 [doi]", "10.1097/mol.0b013e3282ffaf82"),
    ("no doi here", ""),
    (None, ""),
])
def test_normalise_doi(raw, expected):
    assert normalise_doi(raw) == expected


@pytest.mark.parametrize("raw,expected", [("2019//", 2019), ("2022/09//", 2022), ("Mar. 2017", 2017),
                                          ("n.d.", None), ("12345", None)])
def test_parse_year(raw, expected):
    assert parse_year(raw) == expected


def _test_corpus():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ReviewToolsWarning)
        return ingest_files(sorted(CORPUS.iterdir()), source_ids=["finna", "scopus", "zotero"])


def test_schema_ids_and_provenance():
    res = _test_corpus()
    df = res.records
    assert list(df.columns) == [*RECORD_COLUMNS, "original_fields"]
    assert len(df) == 8 and df["record_id"].is_unique
    by = df.set_index("record_id")
    # BibTeX: citation key; RIS without ID: <source>-<position>; CSV: its ID column
    assert {"virtanen_housing_2019", "scopus-1", "scopus-3", "FI-2"} <= set(by.index)
    r = by.loc["virtanen_housing_2019"]
    assert (r.title, r.year, r.doi, r.pages, r.journal) == (
        "Housing First for young people leaving care: a randomised trial", 2019,
        "10.1016/j.childyouth.2019.01.002", "112--120", "Children and Youth Services Review")
    assert r.authors == "Virtanen, Aino; Korhonen, Bertta" and r.source_id == "zotero"
    s = by.loc["scopus-2"]
    assert s.doi == "10.1080/2156857x.2021.1900001" and s.pages == "201-215" and s.position == 2
    assert by.loc["laine_jalkihuolto_2020", "title"].startswith("Jälkihuolto ja asunnottomuus")
    assert res.files["records"].sum() == len(df) and res.files["skipped"].sum() == 0
    assert set(res.files["encoding"]) == {"utf-8", "cp1252"}


def test_clashing_ids_are_prefixed_with_a_warning(tmp_path):
    for name in ("a.csv", "b.csv"):
        (tmp_path / name).write_text("ID,Title\nX1,Same id in two files\n", encoding="utf-8")
    with pytest.warns(ReviewToolsWarning, match=r"1 record id\(s\) occur more than once \(X1\)"):
        res = ingest_files([tmp_path / "a.csv", tmp_path / "b.csv"], source_ids=["a", "b"])
    assert res.records["record_id"].tolist() == ["a-X1", "b-X1"]
    assert res.renamed_ids == {"X1": ["a-X1", "b-X1"]}


def test_ingest_sources_reads_the_protocol():
    cfg = config.load_review(DATA / "review", corpus_dir=DATA)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ReviewToolsWarning)
        res = ingest_sources(DATA, cfg.protocol.sources, progress=False)
    assert res.records.groupby("source_id").size().to_dict() == {"scopus": 3, "zotero": 3, "finna": 2}
    assert res.records.loc[res.records.source_id == "finna", "source_name"].iloc[0] == "Finna.fi grey literature"


def test_no_files_is_a_stage_error():
    with pytest.raises(StageInputError, match="no input files"):
        ingest_files([])


def test_unreadable_file_stops_with_its_name(tmp_path):
    (tmp_path / "x.ris").write_bytes(b"\x00\x01\x02" * 50)
    with pytest.raises(CorpusFormatError, match=r"x\.ris: this is a binary file"):
        ingest_files([tmp_path / "x.ris"])


@pytest.mark.slow
def test_cli_ingest_prints_counts(tmp_path):
    out = tmp_path / "records.csv"
    proc = subprocess.run([sys.executable, "-m", "review_tools.cli", "ingest", *map(str, sorted(CORPUS.iterdir())),
                           "--out", str(out)], capture_output=True, text=True, check=True)
    assert "finna_cp1252.csv: 2 records, 0 skipped (delimited, cp1252, 2 record markers)" in proc.stdout
    assert "total: 8 records, 0 skipped" in proc.stdout
    df = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert len(df) == 8 and list(df.columns)[:3] == ["record_id", "source_id", "source_name"]


@pytest.mark.slow
def test_youth_homelessness_nine_databases_ingest():
    if not YOUTH.is_dir():
        pytest.skip(f"shared data not found at {SHARED}")
    files = [YOUTH / f for f in YOUTH_COUNTS if not f.endswith(".bib")]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ReviewToolsWarning)
        res = ingest_files(files)
    got = dict(zip(res.files["file"].map(lambda p: Path(p).name), res.files["records"], strict=True))
    assert got == {f.name: YOUTH_COUNTS[f.name] for f in files}
    assert res.files["skipped"].sum() == 0 and len(res.records) == sum(got.values()) == 3872
    assert res.records["record_id"].is_unique
    # EBSCO's trailing copyright AB line is not part of the abstract
    cinahl = res.records[res.records.source_id == "cinahl_07062023"]
    assert not cinahl["abstract"].str.startswith("Copyright of").any()
    assert (res.records["title"] != "").mean() == 1.0
