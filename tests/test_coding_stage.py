"""The coding stage on the tiny corpus: artefacts, pseudonymisation, reliability and analysis."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml

from review_tools.coding import analysis
from review_tools.coding.model import COMPONENTS
from review_tools.coding.results import SEGMENT_OUTPUT_COLUMNS
from review_tools.config import load_review
from review_tools.stages import coding as coding_stage

DATA = Path(__file__).resolve().parent / "data"
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
PHONE = re.compile(r"(?:\+358|\b0)\s?\d{2}[\s-]?\d{3}[\s-]?\d{2,4}\b")


@pytest.fixture(scope="module")
def staged(tmp_path_factory):
    base = tmp_path_factory.mktemp("coding")
    review = base / "review"
    shutil.copytree(DATA / "tiny_review", review, ignore=shutil.ignore_patterns("*.db", "*.db-*", "keys"))
    run = base / "run"
    included = pd.DataFrame({"record_id": ["REC1", "REC2"], "citation": ["", ""], "title": ["Youth homelessness",
                             "Weather"], "authors": ["", ""], "year": ["2020", "2021"], "journal": ["", ""],
                             "doi": ["", ""], "abstract": ["Homelessness and housing first for young people leaving care; "
                                                          "poverty and social assistance.", "Sunny days."]})
    (run / "artefacts" / "02-screening").mkdir(parents=True)
    included.to_csv(run / "artefacts" / "02-screening" / "included.csv", index=False)
    stage = coding_stage.run(load_review(review, corpus_dir=DATA / "tiny_corpus"), DATA / "tiny_corpus", run,
                             progress=False)
    return stage.extra["coding"], review, run, stage.written


def test_artefacts_follow_the_contract(staged):
    result, review, run, paths = staged
    art = run / "artefacts" / "03-coding"
    for name in ("segments.csv", "codings.csv", "code_frequencies.csv", "cooccurrence.csv", "reliability.csv",
                 "quotes.csv", "stage_manifest.json", "cooccurrence.png", "code_frequencies.svg"):
        assert (art / name).exists(), name
    seg = pd.read_csv(art / "segments.csv", dtype=str)
    assert list(seg.columns) == SEGMENT_OUTPUT_COLUMNS
    assert seg["segment_id"].str.match(r"^INT0[14]:\d+$").all()
    cod = pd.read_csv(art / "codings.csv", dtype=str)
    assert list(cod.columns) == analysis.CODING_COLUMNS
    assert set(cod["origin"]) <= {"human", "accepted_suggestion", "lexicon"}
    assert set(cod.loc[cod["unit_type"] == "record", "unit_id"]) == {"REC1"}  # "Sunny days" gets no code
    assert set(cod["code"]) <= {c.id for c in result.config.codebook.codes}
    rel = pd.read_csv(art / "reliability.csv")
    assert list(rel.columns) == ["code", "percent_agreement", "cohen_kappa", "krippendorff_alpha", "n_units"]
    assert rel["code"].iloc[-1] == "overall"
    quotes = pd.read_csv(art / "quotes.csv", dtype=str)
    assert list(quotes.columns) == analysis.QUOTE_COLUMNS
    assert quotes["quote_id"].isin(seg["segment_id"]).all()
    manifest = json.loads((art / "stage_manifest.json").read_text(encoding="utf-8"))
    assert set(manifest["pseudonymisation"]) == {"name", "email", "phone", "hetu", "address", "organisation", "place",
                                                 "id", "document"}
    assert manifest["transcripts"] == {"files": 2, "read": 2, "failed": []}
    assert manifest["pseudonymisation"]["name"] > 0
    # what the suggester's inner cross-validation chose is recorded beside its settings
    assert manifest["model"]["C"] == "auto"
    chosen = manifest["model_chosen"]
    assert chosen["C"] in (4.0, 1.0, 16.0) and chosen["scaling"] in ("minmax", "zscore")
    assert set(chosen["weights"]) <= set(COMPONENTS) and 0 < chosen["threshold"] < 1
    # the figures are built once, not per call, and each is written once
    assert result.figures() is result.figures()
    assert {p.name for p in paths if p.suffix == ".png"} == {f"{n}.png" for n in result.figures()}


def test_no_raw_identifier_reaches_the_run_and_key_stays_in_review(staged):
    result, review, run, _ = staged
    idents = {inf["name"] for inf in yaml.safe_load((review / "informants.yaml").read_text(encoding="utf-8"))["informants"]
              if inf.get("name")}
    for path in (DATA / "tiny_corpus" / "interviews").iterdir():
        text = path.read_text(encoding="utf-8-sig")
        idents |= {m.group(0) for pat in (EMAIL, PHONE) for m in pat.finditer(text)}
    assert len(idents) >= 4
    for path in run.rglob("*"):
        if path.is_file() and path.suffix in {".csv", ".json", ".svg"}:
            text = path.read_text(encoding="utf-8", errors="replace")
            assert not [i for i in idents if i in text], path
    assert (review / "keys" / "pseudonyms.json").exists()
    assert not list(run.rglob("pseudonyms.json"))


def test_analysis_tables(staged):
    result = staged[0]
    co = result.cooccurrence.set_index("code")
    assert (co.to_numpy() == co.to_numpy().T).all()
    freq = result.frequencies
    diag = co.to_numpy().diagonal()
    by_code = freq.groupby("code")["n_units"].sum().reindex(co.index).to_numpy()
    assert (by_code >= diag).all()  # a unit may appear under several groups only via source types
    assert set(result.by_region["region"]) <= {"5", ""} | set(result.segments["region"])


def test_best_quotes_prefers_agreed_codes():
    segments = pd.DataFrame({"segment_id": ["D:1", "D:2", "E:1"], "document_id": ["D", "D", "E"],
                             "text": ["x" * 100, "y" * 100, "z" * 10], "informant_group": ["ngo", "ngo", "interviewer"],
                             "region": ["5", "5", "5"]})
    codings = pd.DataFrame({"unit_id": ["D:1", "D:1", "D:2", "E:1"], "code": ["A", "A", "A", "A"],
                            "coder": ["c1", "c2", "c1", "c1"], "source_type": "interview", "origin": "human"})
    q = analysis.best_quotes(codings, segments)
    assert q["quote_id"].tolist() == ["D:1"]  # one per document and code; interviewer never quoted
    assert q["score"].iloc[0] == 1.0
