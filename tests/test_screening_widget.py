"""The screening view, driven through its Python API (simulated clicks and keys); checks what lands in the database."""

from __future__ import annotations

import shutil
import sqlite3
import threading
from pathlib import Path

import pandas as pd
import pytest

from review_tools import db
from review_tools.config import load_review
from review_tools.errors import DatabaseError
from review_tools.screening import events
from review_tools.screening.widget import REVIEWER_ENV, ScreeningView, highlight, screening_view

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
    assert "estimated recall" in view.status.value and "anna · title and abstract:" in view.status.value


def test_full_text_stage_reasons_and_not_retrieved(project):
    cfg, conn = project
    ids = events.records_frame(conn)["record_id"][:3]
    for rid in ids:  # dual screening at title/abstract: both reviewers include
        events.record_decision(conn, rid, "title_abstract", "anna", "include")
    assert ScreeningView(conn, cfg, "anna", stage="full_text").current is None  # one reviewer is not final
    for rid in ids:
        events.record_decision(conn, rid, "title_abstract", "bertil", "include")
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


def test_unknown_reviewer(project, monkeypatch):
    cfg, conn = project
    with pytest.raises(DatabaseError, match=r"unknown reviewer 'zed'.*\['anna', 'bertil', 'carla'\]"):
        ScreeningView(conn, cfg, "zed")
    # the notebook parameter: empty -> the environment variable -> a message listing the valid ids
    monkeypatch.delenv(REVIEWER_ENV, raising=False)
    note = screening_view(cfg, "", conn_path(conn))
    assert "reviewer" in note.data and "anna, bertil, carla" in note.data
    with pytest.raises(DatabaseError, match="'zed' is not one of the protocol's reviewers; valid ids: anna, bertil"):
        screening_view(cfg, "zed", conn_path(conn))
    monkeypatch.setenv(REVIEWER_ENV, "bertil")
    view = screening_view(cfg, "", conn_path(conn), language="sv")
    assert "Inkludera (i)" in [c.description for c in view.children[4].children]


def conn_path(conn):
    return conn.execute("PRAGMA database_list").fetchone()[2]


def test_callbacks_run_on_another_thread_and_say_what_was_saved(project):
    """ipywidgets may run a callback on another thread than the one that built the view."""
    cfg, conn = project
    view = ScreeningView(conn_path(conn), cfg, "anna", random_state=0)
    first = view.current["record_id"]
    errors = []

    def click(name):
        try:
            view.buttons[name].click()
        except Exception as exc:  # pragma: no cover - the failure this test is about
            errors.append(exc)

    for name in ("include", "exclude", "undo"):
        t = threading.Thread(target=click, args=(name,))
        t.start()
        t.join()
        assert "✔" in view.message.value, view.message.value
    assert not errors
    ev = events.events_frame(conn)
    assert list(ev["kind"]) == ["decision", "decision", "undo"] and ev.loc[0, "record_id"] == first
    assert "Undone" in view.message.value and ev.loc[1, "record_id"] in view.message.value


def test_failures_are_shown_in_plain_words_and_nothing_is_reported_saved(project, monkeypatch):
    cfg, conn = project
    ids = events.records_frame(conn)["record_id"][:2]
    for who in ("anna", "bertil"):
        for rid in ids:
            events.record_decision(conn, rid, "title_abstract", who, "include")
    view = ScreeningView(conn_path(conn), cfg, "anna", stage="full_text", language="fi")
    assert "anna · kokoteksti:" in view.status.value
    shown = view.current["record_id"]
    n = len(events.events_frame(conn))
    view.buttons["exclude"].click()  # the protocol requires a reason at full text
    assert "Ei tallennettu" in view.message.value and "poissulkusyy" in view.message.value
    assert len(events.events_frame(conn)) == n and view.current["record_id"] == shown
    assert "Väärä tutkimusasetelma" in [label for label, _ in view.reasons.options]

    def broken(*args, **kwargs):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(events, "record_decision", broken)
    view.buttons["include"].click()
    assert "katsauksen tietokantaan ei voitu kirjoittaa (disk I/O error)" in view.message.value
    assert "Tallennettu" not in view.message.value and view.current["record_id"] == shown
    view.buttons["undo"].click()
    assert "Ei kumottavaa" in view.message.value


def test_highlight_terms_come_from_the_protocol(project):
    cfg, conn = project
    view = ScreeningView(conn, cfg, "anna", random_state=0)
    view.current.update(title="Leaving care in Finland: a study protocol", abstract="jälkihuollon nuoret")
    view._render()
    assert '<mark style="background:#c8f7c5">Leaving care</mark>' in view.title.value
    assert '<mark style="background:#f7c5c5">protocol</mark>' in view.title.value
    assert '<mark style="background:#c8f7c5">jälkihuol</mark>lon' in view.abstract.value


def test_highlight_escapes_and_marks():
    out = highlight("Care leavers <b> in foster care", ["foster care"], ["<b>"])
    assert '<mark style="background:#c8f7c5">foster care</mark>' in out
    assert "&lt;b&gt;" in out and "<b>" not in out.replace('<mark style="background:#f7c5c5">&lt;b&gt;</mark>', "")


def test_a_double_click_decides_the_record_on_screen_once(project):
    """The second click of a double-click reaches the buttons of the record the first click decided (the
    browser had not shown the next record yet): it decides nothing, and the next record stays on screen."""
    cfg, conn = project
    view = ScreeningView(conn_path(conn), cfg, "anna", random_state=0)
    first = view.current["record_id"]
    for name in ("include", "undo"):
        shown = view.buttons[name]
        shown.click()
        after, message = view.current["record_id"], view.message.value
        shown.click()
        assert view.current["record_id"] == after and view.message.value == message
    ev = events.events_frame(conn)
    assert ev[["kind", "record_id"]].values.tolist() == [["decision", first], ["undo", first]]
    assert view.current["record_id"] == first  # the undo showed it again
    view.buttons["exclude"].click()  # the buttons on screen work
    assert len(events.events_frame(conn)) == 3 and view.current["record_id"] != first
