"""A JupyterLab coding view (ipywidgets): one unit at a time with its suggestions.

The coder sees the unit's (pseudonymised) text, the suggested codes with score and reason, and
the codes already given; they accept or reject suggestions, add or remove codes and write a memo.
Every action is written at once as an event in the review database, so nothing is lost if the
kernel dies. All of it is reachable through the Python API (:meth:`CodingView.accept`,
:meth:`CodingView.add`, ...), which is how it is tested; the buttons call the same methods.
"""

from __future__ import annotations

import html

import pandas as pd

from ..config import Codebook
from ..errors import StageInputError
from .events import add_coding_event, current_codings

__all__ = ["CodingView"]


class CodingView:
    """Code units one by one, with suggestions, into the review database.

    Parameters
    ----------
    units : DataFrame
        ``unit_id, text`` (optionally ``unit_type``, ``speaker``, ``document_id``); pseudonymised.
    conn : sqlite3.Connection
        The review database (:func:`review_tools.db.connect`).
    coder : str
        The coder's id.
    codebook : Codebook
    suggestions : DataFrame, optional
        ``unit_id, code, score, reason`` from :func:`review_tools.coding.suggest_codes`.
    unit_type : str
        Used when ``units`` has no ``unit_type`` column.
    language : str
        Language of code labels shown.
    """

    def __init__(self, units: pd.DataFrame, conn, coder: str, codebook: Codebook, suggestions: pd.DataFrame | None = None,
                 *, unit_type: str = "segment", language: str = "en"):
        missing = [c for c in ("unit_id", "text") if c not in units.columns]
        if missing:
            raise StageInputError(f"CodingView: units lack column(s) {missing}")
        if not str(coder).strip():
            raise StageInputError("CodingView: a coder id is required")
        self.units = units.reset_index(drop=True)
        self.conn = conn
        self.coder = coder
        self.codebook = codebook
        self.suggestions = suggestions if suggestions is not None else pd.DataFrame(columns=["unit_id", "code", "score", "reason"])
        self.unit_type = unit_type
        self.language = language
        self.position = 0
        self._labels = {c.id: c.label.get(language) for c in codebook.codes}
        self._widget = None

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
        decided = set(self.current_codes()) | self._rejected()
        return s[~s["code"].isin(decided)].sort_values("score", ascending=False, kind="stable").reset_index(drop=True)

    def current_codes(self) -> list[str]:
        """Codes this coder has given the current unit (standing now)."""
        cur = current_codings(self.conn, coder=self.coder, unit_ids=[self.unit_id])
        return list(dict.fromkeys(cur["code"]))

    def _rejected(self) -> set[str]:
        rows = self.conn.execute(
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
    def _event(self, code: str, action: str, **kw) -> int:
        event_id = add_coding_event(self.conn, self.unit_id, code, self.coder, action=action,
                                    unit_type=self._unit_type(), codebook=self.codebook, **kw)
        self._refresh()
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
        return self._event(code, "accept", suggestion_score=score, suggestion_source=source, memo=memo)

    def reject(self, code: str, memo: str | None = None) -> int:
        """Reject a suggested code for the current unit."""
        score, source = self._suggestion(code)
        return self._event(code, "reject", suggestion_score=score, suggestion_source=source, memo=memo)

    def add(self, code: str, *, char_start: int | None = None, char_end: int | None = None,
            memo: str | None = None) -> int:
        """Add a code to the current unit, optionally to a character span of its text."""
        if char_end is not None and char_end > len(str(self.unit["text"])):
            raise StageInputError(f"CodingView: span end {char_end} beyond the unit's {len(str(self.unit['text']))} characters")
        return self._event(code, "add", char_start=char_start, char_end=char_end, memo=memo)

    def remove(self, code: str) -> int:
        """Withdraw a code given earlier to the current unit."""
        return self._event(code, "remove")

    def mark_uncoded(self, memo: str | None = None) -> int:
        """Record that the coder read the current unit and gave it no code (counts for reliability)."""
        return self._event("", "add", memo=memo)

    def set_memo(self, memo: str) -> int:
        """Write a memo on the current unit (kept as an event; earlier memos stay in the trail)."""
        return self._event("", "add", memo=memo)

    # ---- widget ------------------------------------------------------------------------------
    @property
    def widget(self):
        """The ipywidgets view (built on first use)."""
        if self._widget is None:
            self._build()
        return self._widget

    def _build(self) -> None:
        import ipywidgets as w

        self._w_pos = w.HTML()
        self._w_text = w.HTML(layout=w.Layout(border="1px solid #ccc", padding="6px"))
        self._w_sugg = w.VBox()
        self._w_codes = w.HTML()
        options = [(f"{cid} {label}", cid) for cid, label in self._labels.items()]
        self._w_add = w.Dropdown(options=options, description="code")
        add_btn = w.Button(description="add")
        add_btn.on_click(lambda _b: self.add(self._w_add.value))
        self._w_memo = w.Textarea(placeholder="memo", layout=w.Layout(width="100%"))
        memo_btn = w.Button(description="save memo")
        memo_btn.on_click(lambda _b: self.set_memo(self._w_memo.value) if self._w_memo.value.strip() else None)
        none_btn = w.Button(description="no code")
        none_btn.on_click(lambda _b: self.mark_uncoded())
        prev_btn, next_btn = w.Button(description="◀ previous"), w.Button(description="next ▶")
        prev_btn.on_click(lambda _b: self.previous())
        next_btn.on_click(lambda _b: self.next())
        self._widget = w.VBox([
            self._w_pos, self._w_text, w.HTML("<b>Suggestions</b>"), self._w_sugg, self._w_codes,
            w.HBox([self._w_add, add_btn, none_btn]), self._w_memo, memo_btn, w.HBox([prev_btn, next_btn]),
        ])
        self._refresh()

    def _refresh(self) -> None:
        if self._widget is None:
            return
        import ipywidgets as w

        u = self.unit
        who = f" · {html.escape(str(u['speaker']))}" if "speaker" in self.units.columns else ""
        self._w_pos.value = f"<b>{html.escape(self.unit_id)}</b>{who} · unit {self.position + 1} of {len(self.units)}"
        self._w_text.value = html.escape(str(u["text"]))
        rows = []
        for s in self.unit_suggestions().itertuples():
            acc, rej = w.Button(description="accept"), w.Button(description="reject")
            acc.on_click(lambda _b, c=s.code: self.accept(c))
            rej.on_click(lambda _b, c=s.code: self.reject(c))
            label = html.escape(self._labels.get(s.code, s.code))
            rows.append(w.HBox([w.HTML(f"{s.code} {label} ({s.score:.2f}) <i>{html.escape(str(s.reason))}</i>"), acc, rej]))
        self._w_sugg.children = rows
        codes = self.current_codes()
        self._w_codes.value = "<b>Coded:</b> " + (", ".join(html.escape(c) for c in codes) or "none")
