"""A JupyterLab coding view (ipywidgets): one unit at a time with its suggestions.

The coder sees the unit's (pseudonymised) text, the suggested codes with score and reason, and
the codes already given; they accept or reject suggestions, add or remove codes, mark what the unit
describes (a problem, a strength, an improvement or a worsening: its direction in the synthesis) and
write a memo.
Every action is written at once as an event in the review database, so nothing is lost if the
kernel dies, and the view says what was saved (or, in plain words, why nothing was). The buttons that
save are new after every change of the view, so the second click of a double-click, which reaches the
replaced buttons, saves nothing twice (next/previous only move). All of it is
reachable through the Python API (:meth:`CodingView.accept`, :meth:`CodingView.add`, ...), which
is how it is tested; the buttons call the same methods.

The view keeps the database *path*, never a connection: each action asks
:func:`review_tools.db.connect` for the connection of the thread it runs on (ipywidgets callbacks
may run on another thread than the cell that built the view).
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import os
from pathlib import Path

import pandas as pd

from .. import db
from ..config import Codebook, ReviewConfig
from ..db import CODING_DIRECTIONS
from ..errors import StageInputError
from ..screening.widget import database_path
from ..ui_text import check_language, failure_text, message_html, text
from .events import add_coding_event, current_codings, unit_directions

__all__ = ["CodingView", "CODER_ENV", "coding_view"]

log = logging.getLogger(__name__)
#: Environment variable read when the notebook parameter ``coder`` is empty.
CODER_ENV = "REVIEW_TOOLS_CODER"


def _now() -> str:
    return dt.datetime.now().strftime("%H:%M:%S")


class CodingView:
    """Code units one by one, with suggestions, into the review database.

    Parameters
    ----------
    units : DataFrame
        ``unit_id, text`` (optionally ``unit_type``, ``speaker``, ``document_id``); pseudonymised.
    database : str, Path or sqlite3.Connection
        The review database (a connection stands for its file; the view never keeps it).
    coder : str
        The coder's id.
    codebook : Codebook
    suggestions : DataFrame, optional
        ``unit_id, code, score, reason`` from :func:`review_tools.coding.suggest_codes`.
    unit_type : str
        Used when ``units`` has no ``unit_type`` column.
    language : {"fi", "sv", "en"}
        Language of the code labels and the view's words.
    coders : sequence of str, optional
        The valid coder ids (the protocol's); ``coder`` must be one of them when given.
    """

    def __init__(self, units: pd.DataFrame, database, coder: str, codebook: Codebook,
                 suggestions: pd.DataFrame | None = None, *, unit_type: str = "segment", language: str = "en",
                 coders=None):
        missing = [c for c in ("unit_id", "text") if c not in units.columns]
        if missing:
            raise StageInputError(f"CodingView: units lack column(s) {missing}")
        if not str(coder).strip():
            raise StageInputError("CodingView: a coder id is required")
        if coders is not None and coder not in list(coders):
            raise StageInputError(text("unknown_id", language, given=coder, who=text("coders", language),
                                       ids=", ".join(coders)))
        self.units = units.reset_index(drop=True)
        self.db_path = database_path(database)
        self.coder = coder
        self.codebook = codebook
        self.suggestions = suggestions if suggestions is not None else pd.DataFrame(columns=["unit_id", "code", "score", "reason"])
        self.unit_type = unit_type
        self.language = check_language(language)
        self.position = 0
        self._labels = {c.id: c.label.get(language) for c in codebook.codes}
        self._widget = None

    @property
    def conn(self):
        """The review database's connection for the calling thread (never stored by the view)."""
        return db.connect(self.db_path)

    def _t(self, key: str, **values) -> str:
        return text(key, self.language, **values)

    # ---- navigation --------------------------------------------------------------------------
    @property
    def unit(self) -> pd.Series:
        """The unit shown now."""
        return self.units.iloc[self.position]

    @property
    def unit_id(self) -> str:
        return str(self.unit["unit_id"])

    def _unit_type(self) -> str:
        return str(self.unit["unit_type"]) if "unit_type" in self.units.columns else self.unit_type

    def go(self, position: int) -> None:
        """Show the unit at ``position`` (0-based)."""
        if not 0 <= position < len(self.units):
            raise IndexError(f"CodingView: position {position} outside 0..{len(self.units) - 1}")
        self.position = position
        self._refresh()

    def next(self) -> None:
        """Show the next unit (stays on the last)."""
        self.go(min(self.position + 1, len(self.units) - 1))

    def previous(self) -> None:
        """Show the previous unit (stays on the first)."""
        self.go(max(self.position - 1, 0))

    def next_uncoded(self) -> bool:
        """Jump to the next unit this coder has not acted on; return False when none is left."""
        done = set(current_codings(self.conn, coder=self.coder, include_read=True)["unit_id"])
        for i in list(range(self.position + 1, len(self.units))) + list(range(0, self.position + 1)):
            if str(self.units.iloc[i]["unit_id"]) not in done:
                self.go(i)
                return True
        return False

    # ---- state -------------------------------------------------------------------------------
    def unit_suggestions(self) -> pd.DataFrame:
        """Suggestions for the current unit, best first, without codes already given or rejected."""
        s = self.suggestions[self.suggestions["unit_id"].astype(str) == self.unit_id]
        conn = self.conn
        decided = set(self._codes(conn)) | self._rejected(conn)
        return s[~s["code"].isin(decided)].sort_values("score", ascending=False, kind="stable").reset_index(drop=True)

    def current_codes(self) -> list[str]:
        """Codes this coder has given the current unit (standing now)."""
        return self._codes(self.conn)

    def _codes(self, conn) -> list[str]:
        cur = current_codings(conn, coder=self.coder, unit_ids=[self.unit_id])
        return list(dict.fromkeys(cur["code"]))

    def current_direction(self) -> str:
        """What this coder says the current unit describes ("" when not marked)."""
        d = unit_directions(self.conn, coder=self.coder)
        d = d[d["unit_id"] == self.unit_id]
        return str(d.iloc[-1]["direction"]) if len(d) else ""

    def _rejected(self, conn) -> set[str]:
        rows = conn.execute(
            "SELECT code, action FROM coding_events WHERE unit_id=? AND coder=? ORDER BY event_id",
            (self.unit_id, self.coder),
        ).fetchall()
        state: dict[str, bool] = {}
        for code, action in rows:
            if action == "reject":
                state[code] = True
            elif action in ("add", "accept"):
                state[code] = False
        return {c for c, rejected in state.items() if rejected}

    # ---- actions -----------------------------------------------------------------------------
    def _event(self, code: str, action: str, saved: str, **kw) -> int:
        unit = self.unit_id
        event_id = add_coding_event(self.conn, unit, code, self.coder, action=action,
                                    unit_type=self._unit_type(), codebook=self.codebook, **kw)
        self._refresh()
        self._say(self._t(saved, code=code, unit=unit, time=_now(), event=event_id))
        return event_id

    def _suggestion(self, code: str) -> tuple[float | None, str | None]:
        s = self.suggestions[(self.suggestions["unit_id"].astype(str) == self.unit_id) & (self.suggestions["code"] == code)]
        if s.empty:
            raise StageInputError(f"CodingView: '{code}' was not suggested for unit {self.unit_id}")
        reason = str(s.iloc[0]["reason"])
        return float(s.iloc[0]["score"]), ("model" if reason.startswith("model") else "lexicon")

    def accept(self, code: str, memo: str | None = None) -> int:
        """Accept a suggested code for the current unit."""
        score, source = self._suggestion(code)
        return self._event(code, "accept", "saved_accept", suggestion_score=score, suggestion_source=source, memo=memo)

    def reject(self, code: str, memo: str | None = None) -> int:
        """Reject a suggested code for the current unit."""
        score, source = self._suggestion(code)
        return self._event(code, "reject", "saved_reject", suggestion_score=score, suggestion_source=source, memo=memo)

    def add(self, code: str, *, char_start: int | None = None, char_end: int | None = None,
            memo: str | None = None) -> int:
        """Add a code to the current unit, optionally to a character span of its text."""
        if char_end is not None and char_end > len(str(self.unit["text"])):
            raise StageInputError(f"CodingView: span end {char_end} beyond the unit's {len(str(self.unit['text']))} characters")
        return self._event(code, "add", "saved_add", char_start=char_start, char_end=char_end, memo=memo)

    def remove(self, code: str) -> int:
        """Withdraw a code given earlier to the current unit.

        Raises
        ------
        StageInputError
            If this coder has not given ``code`` to the unit (nothing is written).
        """
        if code not in self.current_codes():
            raise StageInputError(self._t("not_coded", code=code, unit=self.unit_id))
        return self._event(code, "remove", "saved_remove")

    def mark_uncoded(self, memo: str | None = None) -> int:
        """Record that the coder read the current unit and gave it no code (counts for reliability)."""
        return self._event("", "add", "saved_no_code", memo=memo)

    def set_direction(self, direction: str) -> int:
        """Mark what the current unit describes: ``problem``, ``strength``, ``improvement`` or ``worsening``
        ("" withdraws the mark). Stored with a coding event; the synthesis uses it as the unit's direction.

        Raises
        ------
        StageInputError
            For any other value (nothing is written).
        """
        direction = str(direction or "")
        if direction not in ("", *CODING_DIRECTIONS):
            raise StageInputError(f"direction '{direction}' is not one of {', '.join(CODING_DIRECTIONS)}")
        unit = self.unit_id
        event_id = add_coding_event(self.conn, unit, "", self.coder, action="add", unit_type=self._unit_type(),
                                    direction=direction, codebook=self.codebook)
        self._refresh()
        key = "saved_direction" if direction else "saved_direction_cleared"
        self._say(self._t(key, unit=unit, direction=self._t(f"direction_{direction}") if direction else "",
                          time=_now(), event=event_id))
        return event_id

    def set_memo(self, memo: str) -> int:
        """Write a memo on the current unit (kept as an event; earlier memos stay in the trail).

        Raises
        ------
        StageInputError
            If the memo is empty (nothing is written).
        """
        if not str(memo or "").strip():
            raise StageInputError(self._t("empty_memo").split(": ", 1)[1])
        event_id = self._event("", "add", "saved_memo", memo=memo)
        if self._widget is not None:
            self._w_memo.value = ""
        return event_id

    # ---- callbacks (never raise into the kernel) ---------------------------------------------
    def _say(self, message: str, ok: bool = True) -> None:
        if self._widget is not None:
            self._w_message.value = message_html(message, ok)

    def _run(self, action, *args) -> None:
        """Run a button's action; show a failure in the view in plain words, never only in a log."""
        try:
            action(*args)
        except Exception as exc:  # noqa: BLE001 - every failure is shown to the coder, nothing is saved
            log.info("coding view: %s failed: %s", getattr(action, "__name__", "action"), exc)
            self._say(failure_text(exc, self.language), ok=False)

    def _on_unit(self, unit_id: str, generation: int, action, *args):
        """Run a suggestion button's action only on the unit the button was shown for, and only once."""
        if unit_id != self.unit_id:
            raise StageInputError(self._t("stale", unit=unit_id))
        if generation == self._generation:
            return action(*args)
        log.info("coding view: ignored a second click on a suggestion already acted on")
        return None

    def _click(self, generation: int, action) -> None:
        """A button's click: acted on only when the button belongs to the view on screen (the second click of
        a double-click reaches the buttons the first click replaced and is ignored: nothing is saved twice)."""
        if generation == self._generation:
            self._run(action)
        else:
            log.info("coding view: ignored a click on a button no longer shown")

    # ---- widget ------------------------------------------------------------------------------
    @property
    def widget(self):
        """The ipywidgets view (built on first use)."""
        if self._widget is None:
            self._build()
        return self._widget

    def _button(self, key: str, cls: str, **kw):
        import ipywidgets as w

        button = w.Button(description=self._t(key), **kw)
        button.add_class(cls)
        return button

    def _build(self) -> None:
        import ipywidgets as w

        self._w_pos = w.HTML()
        self._w_text = w.HTML(layout=w.Layout(border="1px solid #ccc", padding="6px"))
        self._w_sugg = w.VBox()
        self._w_sugg.add_class("rt-code-suggestions")
        self._w_codes = w.HTML()
        self._w_codes.add_class("rt-code-coded")
        options = [(f"{cid} {label}", cid) for cid, label in self._labels.items()]
        self._w_add = w.Dropdown(options=options, description=self._t("code"))
        self._w_memo = w.Textarea(placeholder=self._t("memo_placeholder"), layout=w.Layout(width="100%"))
        self._w_memo.add_class("rt-code-memo")
        self._w_actions, self._w_memo_row = w.HBox(), w.HBox()
        prev_btn, next_btn = self._button("previous", "rt-code-previous"), self._button("next", "rt-code-next")
        prev_btn.on_click(lambda _b: self._run(self.previous))
        next_btn.on_click(lambda _b: self._run(self.next))
        self._w_direction = w.ToggleButtons(
            options=[(self._t("direction_unset"), "")] + [(self._t(f"direction_{d}"), d) for d in CODING_DIRECTIONS],
            description=self._t("direction"), style={"button_width": "auto"})
        self._w_direction.add_class("rt-code-direction")
        self._w_direction.observe(self._on_direction, names="value")
        self._w_message = w.HTML()
        self._w_message.add_class("rt-code-message")
        self._widget = w.VBox([
            self._w_pos, self._w_text, w.HTML(f"<b>{html.escape(self._t('suggestions'))}</b>"), self._w_sugg,
            self._w_codes, self._w_actions, self._w_direction, self._w_memo, self._w_memo_row,
            w.HBox([prev_btn, next_btn]), self._w_message,
        ])
        self._widget.add_class("rt-coding-view")
        self._refresh()

    def _on_direction(self, change) -> None:
        """The direction buttons: a click by the coder saves it (a refresh showing the stored one does not)."""
        if not self._showing and change["new"] != self.current_direction():
            self._run(self.set_direction, change["new"])
            if self._w_direction.value != self.current_direction():  # not saved: show what is stored
                message = self._w_message.value
                self._refresh()
                self._w_message.value = message

    _showing = False
    _generation = 0
    _old_buttons: tuple = ()

    def _refresh(self) -> None:
        if self._widget is None:
            return
        import ipywidgets as w

        self._showing = True
        try:
            self._w_direction.value = self.current_direction()
        finally:
            self._showing = False

        u = self.unit
        who = f" · {html.escape(str(u['speaker']))}" if "speaker" in self.units.columns else ""
        where = self._t("unit_of", n=self.position + 1, total=len(self.units))
        self._w_pos.value = f"<b class='rt-code-unit'>{html.escape(self.unit_id)}</b>{who} · {html.escape(where)}"
        self._w_text.value = html.escape(str(u["text"]))
        # every button that saves is new for each state of the view and bound to it (see _click)
        self._generation += 1
        g, u = self._generation, self.unit_id
        buttons = [self._button(k, f"rt-code-{k.replace('_', '-')}") for k in ("add", "remove", "no_code", "save_memo")]
        for button, action in zip(buttons, (lambda: self.add(self._w_add.value), lambda: self.remove(self._w_add.value),
                                            self.mark_uncoded, lambda: self.set_memo(self._w_memo.value)), strict=True):
            button.on_click(lambda _b, f=action: self._click(g, f))
        self._w_actions.children, self._w_memo_row.children = [self._w_add, *buttons[:3]], buttons[3:]
        rows = []
        for s in self.unit_suggestions().itertuples():
            tip = f"{s.code} ({self.unit_id})"
            acc = self._button("accept", "rt-code-accept", tooltip=tip)
            rej = self._button("reject", "rt-code-reject", tooltip=tip)
            acc.on_click(lambda _b, c=s.code: self._run(self._on_unit, u, g, self.accept, c))
            rej.on_click(lambda _b, c=s.code: self._run(self._on_unit, u, g, self.reject, c))
            buttons += [acc, rej]
            label = html.escape(self._labels.get(s.code, s.code))
            rows.append(w.HBox([w.HTML(f"{s.code} {label} ({s.score:.2f}) <i>{html.escape(str(s.reason))}</i>"), acc, rej]))
        if not rows:
            rows = [w.HTML(f"<i>{html.escape(self._t('no_suggestions'))}</i>")]
        self._w_sugg.children = rows
        for old in self._old_buttons[0] if self._old_buttons else ():  # two views back: off screen a while
            old.close()
        self._old_buttons = (self._old_buttons[1] if self._old_buttons else [], buttons)
        labels = [f"{c} {self._labels.get(c, '')}".strip() for c in self.current_codes()]
        self._w_codes.value = (f"<b>{html.escape(self._t('coded'))}:</b> "
                               + (", ".join(html.escape(c) for c in labels) or html.escape(self._t("none"))))


def protocol_coders(cfg: ReviewConfig) -> list[str]:
    """Ids of the protocol's reviewers who code (role ``coder`` or ``lead``; every reviewer when none has)."""
    ids = [r.id for r in cfg.protocol.reviewers if r.role in ("coder", "lead")]
    return ids or [r.id for r in cfg.protocol.reviewers]


def coding_view(cfg: ReviewConfig, units: pd.DataFrame, suggestions: pd.DataFrame | None, coder: str = "",
                database: str | Path | None = None, *, language: str = "en"):
    """The notebook's coding view for ``coder`` (the notebook parameter), or a message naming valid ids.

    An empty ``coder`` falls back to the environment variable ``REVIEW_TOOLS_CODER``; when that is
    empty too, the result is a message listing the protocol's coders (a batch run has no coder).
    An id not among them raises :class:`StageInputError` listing the valid ids.
    """
    coder = (coder or os.environ.get(CODER_ENV, "")).strip()
    ids = protocol_coders(cfg)
    if not coder:
        from IPython.display import HTML

        return HTML(f"<p>{html.escape(text('choose_id', language, param='coder', ids=', '.join(ids)))}</p>")
    path = Path(database) if database else cfg.database_path
    return CodingView(units, path, coder, cfg.codebook, suggestions, language=language, coders=ids).widget
