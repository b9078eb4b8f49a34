"""The coding view as a coder meets it: callbacks on another thread, feedback for every action, the
protocol's coder ids, the review's language, failures shown in plain words with nothing saved."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pandas as pd
import pytest

from review_tools.coding import widget as coding_widget
from review_tools.coding.events import coding_events
from review_tools.coding.widget import CODER_ENV, CodingView, coding_view
from review_tools.config import load_review
from review_tools.db import connect
from review_tools.errors import StageInputError

ROOT = Path(__file__).resolve().parent.parent
UNITS = pd.DataFrame({"unit_id": ["D1:1", "D1:2", "D1:3"], "unit_type": "segment",
                      "text": ["Asuminen ja köyhyys.", "Koulutus kesken.", "Ei mitään."]})


@pytest.fixture()
def cfg():
    return load_review(ROOT / "review")


@pytest.fixture()
def suggestions(cfg):
    codes = cfg.code_ids()
    return pd.DataFrame({"unit_id": ["D1:1", "D1:1", "D1:2", "D1:3"], "code": [codes[1], codes[2], codes[1], codes[3]],
                         "score": [0.9, 0.6, 0.8, 0.7], "reason": ["lexicon: a", "model: b", "lexicon: c", "lexicon: d"]})


def _click(button):
    """Click a button on another thread (as ipywidgets may) and re-raise anything it raised."""
    errors = []

    def run():
        try:
            button.click()
        except Exception as exc:  # pragma: no cover - the failure this test is about
            errors.append(exc)

    t = threading.Thread(target=run)
    t.start()
    t.join()
    assert not errors, errors


def _find(view, cls):
    """The button with class ``cls`` the view shows now (buttons that save are new for every state of the view)."""
    stack = [view.widget]
    while stack:
        w = stack.pop()
        if cls in getattr(w, "_dom_classes", ()) and hasattr(w, "on_click"):
            return w
        stack.extend(reversed(getattr(w, "children", ())))
    raise LookupError(cls)


def _accept_buttons(view):
    return [b for row in view._w_sugg.children if hasattr(row, "children") for b in row.children
            if "rt-code-accept" in b._dom_classes]


def _reject_buttons(view):
    return [b for row in view._w_sugg.children if hasattr(row, "children") for b in row.children
            if "rt-code-reject" in b._dom_classes]


def test_accept_and_reject_after_changing_view_on_other_threads(tmp_path, cfg, suggestions):
    path = tmp_path / "review.db"
    view = CodingView(UNITS, path, "coder1", cfg.codebook, suggestions, language="fi")
    w = view.widget
    assert "rt-coding-view" in w._dom_classes
    first = suggestions.loc[0, "code"]
    _click(_accept_buttons(view)[0])
    assert "Tallennettu" in view._w_message.value and first in view._w_message.value
    nxt = next(b for b in w.children[-2].children if "rt-code-next" in b._dom_classes)
    _click(nxt)  # change of view, then act again on another thread
    assert view.unit_id == "D1:2"
    _click(_reject_buttons(view)[0])
    _click(nxt)
    _click(_accept_buttons(view)[0])
    view._w_memo.value = "toimeentulo"
    _click(_find(view, "rt-code-save-memo"))
    assert "muistiinpano" in view._w_message.value and view._w_memo.value == ""
    ev = coding_events(connect(path))
    assert ev[["unit_id", "action"]].values.tolist() == [["D1:1", "accept"], ["D1:2", "reject"], ["D1:3", "accept"],
                                                        ["D1:3", "add"]]
    assert set(ev["coder"]) == {"coder1"} and ev["created_at"].str.len().min() > 20
    assert ev.loc[3, "memo"] == "toimeentulo" and ev.loc[3, "code"] == ""
    # labels in the review's language (from the codebook)
    code = cfg.codebook.codes[3]
    assert code.label.get("fi") in view._w_codes.value


def test_failures_are_shown_and_nothing_reported_saved(tmp_path, cfg, suggestions, monkeypatch):
    path = tmp_path / "review.db"
    view = CodingView(UNITS, path, "coder2", cfg.codebook, suggestions)
    _find(view, "rt-code-save-memo").click()  # empty memo
    assert "Not saved: the memo is empty" in view._w_message.value

    def broken(*args, **kwargs):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(coding_widget, "add_coding_event", broken)
    _accept_buttons(view)[0].click()
    msg = view._w_message.value
    assert "review database could not be written (database is locked)" in msg and "Saved" not in msg
    assert coding_events(connect(path)).empty


def test_coder_id_is_a_checked_notebook_parameter(tmp_path, cfg, suggestions, monkeypatch):
    monkeypatch.delenv(CODER_ENV, raising=False)
    note = coding_view(cfg, UNITS, suggestions, "", tmp_path / "review.db")
    assert "coder" in note.data and "coder1, coder2" in note.data
    with pytest.raises(StageInputError, match="'mk' is not one of the protocol's coders; valid ids: coder1, coder2"):
        coding_view(cfg, UNITS, suggestions, "mk", tmp_path / "review.db")
    monkeypatch.setenv(CODER_ENV, "coder2")
    w = coding_view(cfg, UNITS, suggestions, "", tmp_path / "review.db", language="sv")
    assert "rt-coding-view" in w._dom_classes
    assert any(getattr(b, "description", "") == "godta" for row in w.children[3].children
               for b in getattr(row, "children", ()))


def test_a_stale_suggestion_button_saves_nothing(tmp_path, cfg, suggestions):
    """A button clicked after the view moved on (the browser had not redrawn yet) acts on no other unit."""
    path = tmp_path / "review.db"
    view = CodingView(UNITS, path, "coder1", cfg.codebook, suggestions)
    stale = _reject_buttons(view.widget and view)[0]
    assert stale.tooltip.endswith("(D1:1)")
    view.next()
    stale.click()
    assert "belonged to unit D1:1" in view._w_message.value and "nothing was saved" in view._w_message.value
    assert coding_events(connect(path)).empty


def test_add_and_remove_buttons_say_what_happened(tmp_path, cfg, suggestions):
    path = tmp_path / "review.db"
    view = CodingView(UNITS, path, "coder1", cfg.codebook, suggestions)
    assert "rt-coding-view" in view.widget._dom_classes
    code = cfg.code_ids()[4]
    view._w_add.value = code
    _find(view, "rt-code-remove").click()
    assert f"{code} is not among your codes for D1:1; nothing to remove" in view._w_message.value
    _find(view, "rt-code-add").click()
    assert f"Saved: added {code} to D1:1" in view._w_message.value and code in view._w_codes.value
    _find(view, "rt-code-remove").click()
    assert f"Saved: removed {code} from D1:1" in view._w_message.value
    assert coding_events(connect(path))["action"].tolist() == ["add", "remove"]


def test_a_double_click_saves_once(tmp_path, cfg, suggestions):
    """The second click of a double-click reaches the buttons the first click replaced (the browser had not
    redrawn yet): accept, no code, add and memo each save one event, and the first click's message stays."""
    path = tmp_path / "review.db"
    view = CodingView(UNITS, path, "coder1", cfg.codebook, suggestions)
    assert "rt-coding-view" in view.widget._dom_classes
    code = cfg.code_ids()[4]
    view._w_add.value = code
    for cls in ("rt-code-accept", "rt-code-no-code", "rt-code-add"):
        shown = _find(view, cls)
        _click(shown)
        message = view._w_message.value
        _click(shown)
        assert view._w_message.value == message and "Saved" in message
    view._w_memo.value = "asuminen"
    shown = _find(view, "rt-code-save-memo")
    _click(shown)
    _click(shown)
    assert "Saved: memo" in view._w_message.value
    ev = coding_events(connect(path))
    assert ev[["unit_id", "code", "action"]].values.tolist() == [
        ["D1:1", suggestions.loc[0, "code"], "accept"], ["D1:1", "", "add"], ["D1:1", code, "add"], ["D1:1", "", "add"]]
    _find(view, "rt-code-reject").click()  # the buttons on screen still work
    assert coding_events(connect(path))["action"].tolist()[-1] == "reject"
