"""The screening view, driven through its Python API (simulated clicks and keys); checks what lands in the database."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from review_tools import db
from review_tools.config import load_review
from review_tools.errors import DatabaseError
from review_tools.screening import events
from review_tools.screening.widget import ScreeningView, highlight

DATA = Path(__file__).resolve().parent / "data" / "screening"


@pytest.fixture()
def project(tmp_path):
    review = tmp_path / "review"
    review.mkdir()
    shutil.copy(DATA / "protocol.yaml", review / "protocol.yaml")
    (review / "codebook.yaml").write_text("schema_version: 1\ncodes:\n- id: SW\n  label: {en: well-being}\n")
    (review / "indicators.yaml").write_text("schema_version: 1\nindicators: []\n")
    (review / "recommendations.yaml").write_text("schema_version: 1\n")
    cfg = load_review(review)
    conn = db.connect(tmp_path / "review.db")
    events.import_records(conn, pd.read_csv(DATA / "deduped.csv", dtype=str, keep_default_na=False))
    return cfg, conn


def test_clicks_land_in_database_blind_and_undo(project):
    cfg, conn = project
    anna = ScreeningView(conn, cfg, "anna", random_state=0)
    bertil = ScreeningView(conn, cfg, "bertil", random_state=0)
    # the calibration sample (5 records, seeded) comes first for every reviewer
    assert anna.current["record_id"] == bertil.current["record_id"] == anna.calibration[0]
    first = anna.current["record_id"]
    anna.buttons["include"].click()
    second = anna.current["record_id"]
    assert second != first
    anna.note.value = "not about care leavers"
    anna.buttons["exclude"].click()
    anna.keys.value = "m"  # keyboard shortcut
    ev = events.events_frame(conn)
    assert list(ev["decision"]) == ["include", "exclude", "maybe"]
    assert ev.loc[1, "note"] == "not about care leavers" and set(ev["reviewer"]) == {"anna"}
    # blind: bertil still sees the first calibration record and none of anna's decisions
    assert bertil.own_decisions().empty and bertil.current["record_id"] == first
    # undo re-shows the record and appends an event (nothing deleted)
    third = ev.loc[2, "record_id"]
    anna.keys.value = "u"
    assert anna.current["record_id"] == third
    ev = events.events_frame(conn)
    assert len(ev) == 4 and ev.loc[3, "kind"] == "undo"
    assert list(anna.own_decisions()["record_id"]) == [first, second]
    assert anna.progress()["screened"] == 2


def test_ranked_after_calibration_records_rank_and_score(project):
    cfg, conn = project
    view = ScreeningView(conn, cfg, "anna", random_state=0)
    for _ in range(len(view.calibration)):
        view.include() if len(view.own_decisions()) % 2 == 0 else view.exclude(reasons=())
    assert view.current["score"] is not None and view.current["rank"] == 1
    eid = view.include(note="ranked")
    row = conn.execute("SELECT rank, score, note FROM screening_events WHERE event_id = ?", (eid,)).fetchone()
    assert row["rank"] == 1 and row["score"] is not None and row["note"] == "ranked"
    assert "estimated recall" in view.status.value


def test_full_text_stage_reasons_and_not_retrieved(project):
    cfg, conn = project
    ids = events.records_frame(conn)["record_id"][:3]
    for rid in ids:
        events.record_decision(conn, rid, "title_abstract", "anna", "include")
    view = ScreeningView(conn, cfg, "anna", stage="full_text", random_state=0)
    assert view.current["record_id"] in set(ids)
    with pytest.raises(DatabaseError, match=r"reason code\(s\) \['nonsense'\]"):
        view.exclude(reasons=["nonsense"])
    view.reasons.value = ("wrong_design",)
    view.buttons["exclude"].click()
    view.buttons["not_retrieved"].click()
    dec = events.reviewer_decisions(conn, "full_text", "anna")
    assert list(dec["decision"]) == ["exclude", "not_retrieved"] and dec["reasons"].iloc[0] == "wrong_design"
    view.include()
    assert view.current is None and "Nothing left" in view.title.value
    with pytest.raises(DatabaseError, match="nothing left to screen"):
        view.include()


def test_unknown_reviewer(project):
    cfg, conn = project
    with pytest.raises(DatabaseError, match="unknown reviewer 'zed'"):
        ScreeningView(conn, cfg, "zed")


def test_highlight_escapes_and_marks():
    out = highlight("Care leavers <b> in foster care", ["foster care"], ["<b>"])
    assert '<mark style="background:#c8f7c5">foster care</mark>' in out
    assert "&lt;b&gt;" in out and "<b>" not in out.replace('<mark style="background:#f7c5c5">&lt;b&gt;</mark>', "")
