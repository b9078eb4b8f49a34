"""Dual screening as the protocol says: final decisions, resolutions (live and imported), agreement, PRISMA."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml

from review_tools import db
from review_tools.config import Protocol, load_review
from review_tools.errors import DatabaseError, StageInputError
from review_tools.screening import agreement, events, prisma
from review_tools.stages.screening import read_decisions

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
DATA = TESTS / "data" / "screening"


@pytest.fixture()
def protocol():
    return Protocol.model_validate(yaml.safe_load((DATA / "protocol.yaml").read_text(encoding="utf-8")))


@pytest.fixture()
def conn(tmp_path):
    c = db.connect(tmp_path / "review.db")
    events.import_records(c, pd.read_csv(DATA / "deduped.csv", dtype=str, keep_default_na=False))
    return c


def test_dual_stage_final_only_when_two_agree_or_resolved(conn, protocol):
    r1, r2, r3, r4 = events.records_frame(conn)["record_id"][:4]
    for rid, who, d in ((r1, "anna", "exclude"), (r2, "anna", "include"), (r2, "bertil", "include"),
                        (r3, "anna", "include"), (r3, "bertil", "exclude")):
        events.record_decision(conn, rid, "title_abstract", who, d, protocol=protocol)
    st = events.screening_state(conn, protocol=protocol).set_index("record_id")
    # one reviewer's exclude is not final under dual screening
    assert (st.loc[r1, "ta_decision"], st.loc[r1, "ta_status"], st.loc[r1, "final"]) == ("", "awaiting_second", "")
    assert (st.loc[r2, "ta_decision"], st.loc[r2, "ta_status"]) == ("include", "agreed")
    assert (st.loc[r3, "ta_decision"], st.loc[r3, "ta_status"]) == ("", "conflict")
    assert st.loc[r4, "ta_status"] == ""
    counts = prisma.prisma_counts(st.reset_index())
    assert counts["status_ta"]["awaiting_second"] == 1 and counts["status_ta"]["conflict"] == 1
    assert counts["status_ta"]["agreed"] == 1 and counts["excluded_ta"] == 0
    # the same events without dual screening: the single decision is final and counted as single
    single = events.screening_state(conn).set_index("record_id")
    assert (single.loc[r1, "ta_decision"], single.loc[r1, "ta_status"]) == ("exclude", "single")
    # a second reviewer agrees -> final; a third reviewer resolves the conflict -> it leaves the list
    events.record_decision(conn, r1, "title_abstract", "bertil", "exclude", protocol=protocol)
    events.resolve_conflict(conn, r3, "title_abstract", "carla", "include", method="third_reviewer", protocol=protocol)
    st = events.screening_state(conn, protocol=protocol).set_index("record_id")
    assert (st.loc[r1, "ta_decision"], st.loc[r1, "ta_status"], st.loc[r1, "final"]) == ("exclude", "agreed", "exclude")
    assert (st.loc[r3, "ta_decision"], st.loc[r3, "ta_status"]) == ("include", "resolved")
    assert events.conflicts(conn, "title_abstract").empty
    # the resolver is not a screener in the agreement statistics
    table = agreement.agreement_table(events.reviewer_decisions(conn, "title_abstract"))
    assert list(table["reviewers"]) == ["anna;bertil"] and int(table["n"].iloc[0]) == 3


def test_imported_resolutions_are_not_screeners(conn, protocol):
    r1, r2 = events.records_frame(conn)["record_id"][:2]
    rows = pd.DataFrame([
        {"record_id": r1, "stage": "title_abstract", "reviewer": "anna", "decision": "include", "created_at": "2024-01-01"},
        {"record_id": r1, "stage": "title_abstract", "reviewer": "bertil", "decision": "exclude", "created_at": "2024-01-02"},
        # carla has the protocol role third_reviewer: her imported decision resolves the conflict
        {"record_id": r1, "stage": "title_abstract", "reviewer": "carla", "decision": "include", "created_at": "2024-01-03"},
        {"record_id": r2, "stage": "title_abstract", "reviewer": "anna", "decision": "exclude", "created_at": "2024-01-01"},
        {"record_id": r2, "stage": "title_abstract", "reviewer": "bertil", "decision": "include", "created_at": "2024-01-02"},
        # an explicit kind marks a consensus decision recorded by an ordinary reviewer
        {"record_id": r2, "stage": "title_abstract", "reviewer": "anna", "decision": "include", "created_at": "2024-01-05",
         "kind": "consensus"},
    ])
    assert events.import_decisions(conn, rows, protocol) == 6
    assert events.import_decisions(conn, rows, protocol) == 0
    kinds = events.events_frame(conn).set_index("created_at")["kind"]
    assert kinds.tolist().count("import") == 4 and kinds["2024-01-03"] == "third_reviewer"
    assert kinds["2024-01-05"] == "consensus"
    assert events.conflicts(conn, "title_abstract").empty
    final = events.final_decisions(conn, "title_abstract", require_dual=True).set_index("record_id")
    assert final.loc[[r1, r2], "status"].tolist() == ["resolved", "resolved"]
    assert final.loc[[r1, r2], "decision"].tolist() == ["include", "include"]
    table = agreement.agreement_table(events.reviewer_decisions(conn))
    assert list(table["reviewers"]) == ["anna;bertil"]
    assert table["percent_agreement"].iloc[0] == 0.0
    with pytest.raises(StageInputError, match="kind 'vote' is invalid"):
        events.import_decisions(conn, rows.assign(kind="vote", created_at="2025"), protocol)


def test_exclusion_reason_required_where_the_protocol_says(conn, tmp_path):
    data = yaml.safe_load((DATA / "protocol.yaml").read_text(encoding="utf-8"))
    data["stages"][1]["exclusion_reason_required"] = True
    protocol = Protocol.model_validate(data)
    rid = events.records_frame(conn)["record_id"][0]
    with pytest.raises(DatabaseError, match="needs a reason"):
        events.record_decision(conn, rid, "full_text", "anna", "exclude", protocol=protocol)
    assert conn.execute("SELECT COUNT(*) FROM screening_events").fetchone()[0] == 0
    events.record_decision(conn, rid, "title_abstract", "anna", "exclude", protocol=protocol)  # not required there
    events.record_decision(conn, rid, "full_text", "anna", "exclude", reasons=["wrong_design"], protocol=protocol)
    events.record_decision(conn, rid, "full_text", "anna", "include", protocol=protocol)  # no reason needed
    assert conn.execute("SELECT COUNT(*) FROM screening_events").fetchone()[0] == 3


def test_demo_seed_agreement_has_only_real_screeners(tmp_path):
    """The shipped protocol and seed decisions: the lead's consensus decisions resolve, never screen."""
    cfg = load_review(ROOT / "review")
    seed = read_decisions(ROOT / "corpus" / "screening" / "seed_decisions.csv")
    conn = db.connect(tmp_path / "review.db")
    ids = sorted(set(seed["record_id"]))
    events.import_records(conn, pd.DataFrame({"record_id": ids, "title": ids}))
    assert events.import_decisions(conn, seed, cfg.protocol) == len(seed)
    table = agreement.agreement_table(events.reviewer_decisions(conn))
    assert table["reviewers"].tolist() == ["aj;mk"]
    row = table.iloc[0]
    assert row["stage"] == "title_abstract" and row["n"] == 30 and row["percent_agreement"] == 80.0
    # 6 planted disagreements: 4 resolved by the lead, 1 include vs maybe (both send it on), 1 open
    assert events.conflicts(conn, "title_abstract")["record_id"].nunique() == 1
    st = events.screening_state(conn, protocol=cfg.protocol)
    status = st["ta_status"].value_counts().to_dict()
    # the demo protocol: a dual-screened calibration sample, then single screening (counted as such)
    assert not cfg.stage("title_abstract").dual_screening
    assert status == {"single": 154, "agreed": 25, "resolved": 4, "conflict": 1}
    # were the stage dual-screened, the 154 records screened by aj alone would await a second reviewer
    dual = events.screening_state(conn, require_dual=True)["ta_status"].value_counts().to_dict()
    assert dual == {"awaiting_second": 154, "agreed": 25, "resolved": 4, "conflict": 1}
