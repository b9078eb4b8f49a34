"""The 02-screening notebook: structure, and a papermill run on a small review (artefacts, idempotent rerun)."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import nbformat
import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "02-screening.ipynb"
DATA = ROOT / "tests" / "data" / "screening"

CODEBOOK = """schema_version: 1
codes:
- id: SW
  label: {en: well-being}
"""


def test_notebook_structure():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    params = tagged[0].source
    for name in ("review_dir", "corpus_dir", "run_dir", "region", "period", "language", "seed", "database"):
        assert f"{name} =" in params
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        assert not cell.get("outputs"), "commit the notebook without outputs"
        if cell is tagged[0]:
            continue
        for banned in ("def ", "class ", "open(", ".to_csv(", "np.random.seed", "random.seed", ".csv\"", "/\""):
            assert banned not in cell.source, f"{banned!r} in a notebook cell"


def make_project(tmp_path: Path) -> dict:
    review = tmp_path / "review"
    review.mkdir()
    shutil.copy(DATA / "protocol.yaml", review / "protocol.yaml")
    (review / "codebook.yaml").write_text(CODEBOOK, encoding="utf-8")
    (review / "indicators.yaml").write_text("schema_version: 1\nindicators: []\n", encoding="utf-8")
    (review / "recommendations.yaml").write_text("schema_version: 1\n", encoding="utf-8")
    corpus = tmp_path / "corpus"
    (corpus / "screening").mkdir(parents=True)
    shutil.copy(DATA / "seed_decisions.csv", corpus / "screening" / "seed_decisions.csv")
    (corpus / "fulltexts").mkdir()
    recs = pd.read_csv(DATA / "deduped.csv", dtype=str, keep_default_na=False)
    doi = recs.loc[recs["doi"] != "", "doi"].iloc[0]
    (corpus / "fulltexts" / (doi.replace("/", "_") + ".txt")).write_text("Full text.", encoding="utf-8")
    run = tmp_path / "run"
    art = run / "artefacts" / "01-ingest-dedup"
    art.mkdir(parents=True)
    shutil.copy(DATA / "deduped.csv", art / "deduped.csv")
    shutil.copy(DATA / "source_counts.csv", art / "source_counts.csv")
    return {"review_dir": str(review), "corpus_dir": str(corpus), "run_dir": str(run),
            "database": str(tmp_path / "db" / "review.db")}


@pytest.mark.slow
def test_notebook_runs_and_is_idempotent(tmp_path):
    papermill = pytest.importorskip("papermill")
    params = make_project(tmp_path)
    for i in range(2):
        papermill.execute_notebook(str(NOTEBOOK), str(tmp_path / f"out{i}.ipynb"), parameters=params,
                                   kernel_name="python3", progress_bar=False, cwd=str(tmp_path))
        conn = sqlite3.connect(params["database"])
        n_events = conn.execute("SELECT COUNT(*) FROM screening_events").fetchone()[0]
        conn.close()
        assert n_events == 150  # seed decisions imported once, not again on the rerun
    out = Path(params["run_dir"]) / "artefacts" / "02-screening"
    for name in ("screening_state.csv", "included.csv", "prisma.json", "prisma.svg", "prisma.png",
                 "agreement.csv", "stopping.json", "included.ris", "events.csv", "asreview_labels.csv"):
        assert (out / name).exists(), name
    state = pd.read_csv(out / "screening_state.csv", keep_default_na=False)
    assert list(state.columns) == ["record_id", "title", "year", "ta_decision", "ta_status", "ft_decision", "ft_status",
                                   "ft_reason", "final"]
    prisma = json.loads((out / "prisma.json").read_text())
    assert prisma["included"] == (state["final"] == "include").sum()
    assert prisma["duplicates_removed"] == 6 and prisma["screened"] == 40
    included = pd.read_csv(out / "included.csv", keep_default_na=False)
    assert len(included) == prisma["included"] and included["citation"].str.contains(r"\((?:\d{4}|n\.d\.)\)\. ").all()
    agree = pd.read_csv(out / "agreement.csv")
    assert list(agree.columns) == ["stage", "reviewers", "n", "percent_agreement", "cohen_kappa", "krippendorff_alpha"]
    assert set(agree["stage"]) == {"title_abstract", "full_text"}
    assert "p_value" in json.loads((out / "stopping.json").read_text())
    assert (out / "prisma.svg").read_text().count("<svg") == 1
