"""Exports: citation format, included records as RIS/CSV, ASReview labels, the event log via the CLI."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import rispy

from review_tools import db
from review_tools.cli import main
from review_tools.screening import events
from review_tools.screening.exports import format_citation, to_ris

DATA = Path(__file__).resolve().parent / "data" / "screening"


def test_citation():
    rec = {"authors": "Courtney, Mark E.; Zinn, Andrew; Lee, JoAnn S.; Dworsky, Amy", "year": "2008.0",
           "title": "Evaluation of the life skills training program.", "journal": "Children and Youth Services Review",
           "volume": "30", "issue": "12", "pages": "1435--1448", "doi": "10.1016/j.childyouth.2006.03.002"}
    assert format_citation(rec) == (
        "Courtney, M. E., Zinn, A., Lee, J. S. et al. (2008). Evaluation of the life skills training program. "
        "Children and Youth Services Review, 30(12), 1435-1448. https://doi.org/10.1016/j.childyouth.2006.03.002")
    assert format_citation({"title": "Only a title"}) == "(n.d.). Only a title."


def test_ris_round_trip():
    recs = pd.read_csv(DATA / "deduped.csv", dtype=str, keep_default_na=False).head(3)
    back = rispy.loads(to_ris(recs))
    assert [e["title"] for e in back] == list(recs["title"])
    assert back[0]["authors"] == [a.strip() for a in recs["authors"][0].split(";")]
    assert back[0].get("doi") == recs["doi"][0]


def test_cli_export(tmp_path, capsys):
    path = tmp_path / "review.db"
    conn = db.connect(path)
    events.import_records(conn, pd.read_csv(DATA / "deduped.csv", dtype=str, keep_default_na=False))
    events.import_decisions(conn, pd.read_csv(DATA / "seed_decisions.csv", dtype=str, keep_default_na=False))
    conn.close()
    assert main(["screen", "export", str(path), str(tmp_path / "out")]) == 0
    out = tmp_path / "out"
    ev = pd.read_csv(out / "events.csv")
    assert len(ev) == 150 and list(ev.columns[:3]) == ["event_id", "record_id", "stage"]
    labels = pd.read_csv(out / "asreview_labels.csv", dtype=str, keep_default_na=False)
    assert set(labels["included"]) <= {"0", "1", ""} and len(labels) == 40
    inc = pd.read_csv(out / "included.csv")
    assert len(rispy.loads((out / "included.ris").read_text(encoding="utf-8"))) == len(inc) > 0
    assert main(["screen", "export", str(tmp_path / "missing.db"), str(tmp_path / "o2")]) == 1
    assert "review database not found" in capsys.readouterr().err
