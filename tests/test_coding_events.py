"""Coding events in the review database and the ipywidgets coding view (via its Python API)."""

from __future__ import annotations

import pandas as pd
import pytest

from review_tools.coding.events import (
    add_coding_event,
    add_coding_events,
    coding_events,
    current_codings,
    reliability_codings,
)
from review_tools.coding.widget import CodingView
from review_tools.config import Codebook
from review_tools.db import connect
from review_tools.errors import DatabaseError, StageInputError


@pytest.fixture()
def codebook():
    return Codebook.model_validate({"schema_version": 1, "codes": [
        {"id": "SW", "label": {"en": "well-being", "fi": "hyvinvointi"}},
        {"id": "SW.HEA", "parent": "SW", "label": {"en": "health"}, "keywords": {"fi": ["terveys"]}},
        {"id": "SW.MAT", "parent": "SW", "label": {"en": "material"}, "keywords": {"fi": ["köyhyys"]}},
    ]})


@pytest.fixture()
def conn(tmp_path):
    c = connect(tmp_path / "review.db")
    yield c
    c.close()


def test_events_are_appended_and_replayed(conn, codebook):
    add_coding_event(conn, "D1:1", "SW.HEA", "aa", codebook=codebook)
    add_coding_event(conn, "D1:1", "SW.MAT", "aa", action="accept", suggestion_score=0.7, suggestion_source="lexicon")
    add_coding_event(conn, "D1:1", "SW.HEA", "aa", action="remove")
    add_coding_event(conn, "D1:2", "SW.MAT", "bb", char_start=3, char_end=10, memo="köyhyys mainittu")
    cur = current_codings(conn)
    assert cur[["unit_id", "code", "coder", "origin"]].values.tolist() == [
        ["D1:1", "SW.MAT", "aa", "accepted_suggestion"], ["D1:2", "SW.MAT", "bb", "human"]]
    assert cur.loc[1, "char_start"] == 3 and cur.loc[1, "memo"] == "köyhyys mainittu"
    ev = coding_events(conn)
    assert ev["action"].tolist() == ["add", "accept", "remove", "add"]  # nothing overwritten
    with pytest.raises(Exception, match="append-only|not allowed|abort"):
        conn.execute("UPDATE coding_events SET code='X' WHERE event_id=1")


def test_invalid_events_are_refused(conn, codebook):
    with pytest.raises(StageInputError, match="code 'SW.XXX' is not in the codebook"):
        add_coding_event(conn, "D1:1", "SW.XXX", "aa", codebook=codebook)
    with pytest.raises(DatabaseError, match="action 'delete' is invalid"):
        add_coding_event(conn, "D1:1", "SW.HEA", "aa", action="delete")
    with pytest.raises(DatabaseError, match="invalid character span"):
        add_coding_event(conn, "D1:1", "SW.HEA", "aa", char_start=5, char_end=2)
    with pytest.raises(DatabaseError, match="'coder' is required"):
        add_coding_event(conn, "D1:1", "SW.HEA", "")
    # a batch is all or nothing
    with pytest.raises(DatabaseError):
        add_coding_events(conn, [{"unit_id": "a", "code": "SW.HEA", "coder": "x"},
                                 {"unit_id": "b", "code": "SW.HEA", "coder": "x", "unit_type": "page"}])
    assert coding_events(conn).empty


def test_reliability_codings_mark_read_but_uncoded_units(conn):
    add_coding_event(conn, "u1", "SW.HEA", "aa")
    add_coding_event(conn, "u1", "", "bb")
    add_coding_event(conn, "u2", "SW.MAT", "bb")
    add_coding_event(conn, "u2", "SW.MAT", "bb", action="remove")
    rc = reliability_codings(conn)
    assert rc.values.tolist() == [["u1", "aa", "SW.HEA"], ["u1", "bb", ""], ["u2", "bb", ""]]


def test_coding_view_api_accept_reject_add_memo(conn, codebook):
    units = pd.DataFrame({"unit_id": ["D1:1", "D1:2", "R7"], "unit_type": ["segment", "segment", "record"],
                          "text": ["Terveys ja köyhyys.", "Ei mitään.", "Abstract about poverty."]})
    sugg = pd.DataFrame({"unit_id": ["D1:1", "D1:1"], "code": ["SW.HEA", "SW.MAT"], "score": [0.5, 0.75],
                         "reason": ["lexicon: terveys", "model: köyhyys"]})
    view = CodingView(units, conn, "aa", codebook, sugg)
    assert view.widget is not None  # builds the ipywidgets view
    assert view.unit_suggestions()["code"].tolist() == ["SW.MAT", "SW.HEA"]
    view.accept("SW.MAT")
    view.reject("SW.HEA", memo="not about health")
    assert view.current_codes() == ["SW.MAT"]
    assert view.unit_suggestions().empty
    with pytest.raises(StageInputError, match="'SW' was not suggested"):
        view.accept("SW")
    view.next()
    view.mark_uncoded(memo="nothing to code")
    view.next()
    view.add("SW.MAT", char_start=15, char_end=22)
    assert "SW.MAT" in view._w_codes.value and "Saved: added SW.MAT to R7" in view._w_message.value
    with pytest.raises(StageInputError, match="not in the codebook"):
        view.add("NOPE")
    ev = coding_events(conn)
    assert ev["action"].tolist() == ["accept", "reject", "add", "add"]
    assert ev.loc[0, "suggestion_source"] == "model" and ev.loc[0, "suggestion_score"] == 0.75
    assert ev.loc[3, "unit_type"] == "record" and ev.loc[3, "char_end"] == 22
    view.go(0)
    assert view.next_uncoded() is False  # every unit has an event by aa
    view2 = CodingView(units, conn, "bb", codebook, sugg)
    assert view2.next_uncoded() is True and view2.unit_id == "D1:2"
