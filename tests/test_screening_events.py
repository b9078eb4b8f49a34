"""Screening decisions as events: import, validation, blind view, undo, conflicts, reconciliation, state."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml

from review_tools import db
from review_tools.config import Protocol
from review_tools.errors import DatabaseError, StageInputError
from review_tools.screening import events

DATA = Path(__file__).resolve().parent / "data" / "screening"


@pytest.fixture()
def protocol():
    return Protocol.model_validate(yaml.safe_load((DATA / "protocol.yaml").read_text(encoding="utf-8")))


@pytest.fixture()
def records():
    return pd.read_csv(DATA / "deduped.csv", dtype=str, keep_default_na=False)


@pytest.fixture()
def conn(tmp_path, records):
    c = db.connect(tmp_path / "review.db")
    events.import_records(c, records)
    return c


def _count(conn):
    return conn.execute("SELECT COUNT(*) FROM screening_events").fetchone()[0]


def test_import_records_idempotent(conn, records):
    assert events.import_records(conn, records) == 0
    assert conn.execute("SELECT COUNT(*) FROM records").fetchone()[0] == len(records)
    back = events.records_frame(conn)
    assert list(back["record_id"]) == list(records["record_id"])
    assert back.loc[0, "doi"] == records.loc[0, "doi"]


@pytest.mark.parametrize(
    "frame, message",
    [
        (pd.DataFrame({"record_id": ["a"], "abstract": ["x"]}), r"missing column\(s\) \['title'\]"),
        (pd.DataFrame({"record_id": ["a", "a"], "title": ["x", "y"]}), r"duplicate record_id\(s\) \['a'\]"),
        (pd.DataFrame({"record_id": ["a", "b"], "title": ["", ""]}), "no record has a title"),
        (pd.DataFrame({"record_id": ["a", ""], "title": ["x", "y"]}), r"empty record_id in data row\(s\) \[1\]"),
    ],
)
def test_import_records_rejects_bad_sets(tmp_path, frame, message):
    c = db.connect(tmp_path / "r.db")
    with pytest.raises(StageInputError, match=message):
        events.import_records(c, frame)
    assert c.execute("SELECT COUNT(*) FROM records").fetchone()[0] == 0


def test_import_decisions_idempotent(conn, protocol):
    dec = pd.read_csv(DATA / "seed_decisions.csv", dtype=str, keep_default_na=False)
    assert events.import_decisions(conn, dec, protocol) == len(dec)
    assert events.import_decisions(conn, dec, protocol) == 0
    assert _count(conn) == len(dec)


@pytest.mark.parametrize(
    "change, message",
    [
        ({"reviewer": "zed"}, "unknown reviewer 'zed'"),
        ({"record_id": "nope"}, "unknown record 'nope'"),
        ({"stage": "full_text", "decision": "exclude", "reasons": "too_boring"}, r"reason code\(s\) \['too_boring'\] not in"),
        ({"decision": "perhaps"}, "decision 'perhaps' is invalid"),
        ({"stage": "title_abstract", "decision": "not_retrieved", "reasons": ""}, "only valid at the full_text stage"),
    ],
)
def test_bad_decisions_write_nothing(conn, protocol, change, message):
    dec = pd.read_csv(DATA / "seed_decisions.csv", dtype=str, keep_default_na=False)
    bad = dec.copy()
    for k, v in change.items():
        bad.loc[3, k] = v
    with pytest.raises(StageInputError, match=message):
        events.import_decisions(conn, bad, protocol)
    assert _count(conn) == 0
    row = bad.loc[3]
    with pytest.raises(DatabaseError, match=message):
        events.record_decision(conn, row["record_id"], row["stage"], row["reviewer"], row["decision"],
                               reasons=row["reasons"], protocol=protocol)
    assert _count(conn) == 0


def test_blind_view_undo_and_state(conn, protocol, records):
    r1, r2 = records["record_id"][:2]
    events.record_decision(conn, r1, "title_abstract", "anna", "include", protocol=protocol)
    events.record_decision(conn, r2, "title_abstract", "anna", "exclude", protocol=protocol)
    events.record_decision(conn, r1, "title_abstract", "bertil", "exclude", protocol=protocol)
    anna = events.reviewer_decisions(conn, "title_abstract", "anna")
    assert set(anna["reviewer"]) == {"anna"} and len(anna) == 2
    # undo withdraws anna's latest decision (r2) as a new event; nothing is deleted
    eid = events.undo_last(conn, "anna", "title_abstract")
    assert eid is not None and _count(conn) == 4
    anna = events.reviewer_decisions(conn, "title_abstract", "anna")
    assert list(anna["record_id"]) == [r1]
    # undo of a re-decided record restores the earlier decision
    events.record_decision(conn, r1, "title_abstract", "anna", "exclude")
    events.undo_last(conn, "anna", "title_abstract")
    assert events.reviewer_decisions(conn, "title_abstract", "anna")["decision"].tolist() == ["include"]
    assert events.undo_last(conn, "carla", "title_abstract") is None


def test_conflicts_and_resolution(conn, protocol, records):
    r1, r2 = records["record_id"][:2]
    for who, d in (("anna", "include"), ("bertil", "exclude")):
        events.record_decision(conn, r1, "title_abstract", who, d, protocol=protocol)
        events.record_decision(conn, r2, "title_abstract", who, "include", protocol=protocol)
    conf = events.conflicts(conn, "title_abstract")
    assert set(conf["record_id"]) == {r1} and set(conf["reviewer"]) == {"anna", "bertil"}
    final = events.final_decisions(conn, "title_abstract").set_index("record_id")
    assert final.loc[r1, "status"] == "conflict" and final.loc[r1, "decision"] == ""
    assert final.loc[r2, "status"] == "agreed" and final.loc[r2, "decision"] == "include"
    events.resolve_conflict(conn, r1, "title_abstract", "carla", "include", method="third_reviewer",
                            note="meets population criterion", protocol=protocol)
    assert events.conflicts(conn, "title_abstract").empty
    final = events.final_decisions(conn, "title_abstract").set_index("record_id")
    assert (final.loc[r1, "status"], final.loc[r1, "decision"]) == ("resolved", "include")
    # a reviewer changing their mind after the resolution reopens the conflict
    events.record_decision(conn, r1, "title_abstract", "bertil", "exclude")
    assert set(events.conflicts(conn, "title_abstract")["record_id"]) == {r1}
    # include vs maybe both send the record to full text: not a conflict
    events.record_decision(conn, r1, "title_abstract", "bertil", "maybe")
    final = events.final_decisions(conn, "title_abstract").set_index("record_id")
    assert (final.loc[r1, "status"], final.loc[r1, "decision"]) == ("agreed", "maybe")
    with pytest.raises(DatabaseError, match="method 'vote' is invalid"):
        events.resolve_conflict(conn, r1, "title_abstract", "carla", "include", method="vote")


def test_require_dual_and_screening_state(conn, protocol, records):
    r1, r2, r3 = records["record_id"][:3]
    events.record_decision(conn, r1, "title_abstract", "anna", "exclude")
    events.record_decision(conn, r2, "title_abstract", "anna", "include")
    events.record_decision(conn, r2, "title_abstract", "bertil", "include")
    events.record_decision(conn, r2, "full_text", "anna", "exclude", reasons="wrong_design;protocol", protocol=protocol)
    events.record_decision(conn, r3, "title_abstract", "anna", "maybe")
    events.record_decision(conn, r3, "full_text", "anna", "not_retrieved")
    dual = events.final_decisions(conn, "title_abstract", require_dual=True).set_index("record_id")
    assert dual.loc[r1, "status"] == "awaiting_second" and dual.loc[r1, "decision"] == ""
    st = events.screening_state(conn).set_index("record_id")
    assert list(st.columns) == ["title", "year", "ta_decision", "ta_status", "ft_decision", "ft_status", "ft_reason",
                                "final"]
    assert (st.loc[r1, "ta_status"], st.loc[r2, "ta_status"], st.loc[records["record_id"][5], "ta_status"]) == (
        "single", "agreed", "")
    assert st.loc[r1, "final"] == "exclude"
    assert (st.loc[r2, "ft_reason"], st.loc[r2, "final"]) == ("wrong_design;protocol", "exclude")
    assert st.loc[r3, "final"] == "not_retrieved"
    assert st.loc[records["record_id"][5], "final"] == ""


def test_calibration_sample_is_seeded(records):
    ids = list(records["record_id"])
    a = events.calibration_sample(ids, 5, random_state=1)
    assert a == events.calibration_sample(ids, 5, random_state=1) and len(a) == 5
    assert a != events.calibration_sample(ids, 5, random_state=2)
    assert len(events.calibration_sample(ids, 500, random_state=1)) == len(ids)
