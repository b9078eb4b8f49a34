"""The screening view for JupyterLab (ipywidgets), usable and testable through its Python API.

One view per reviewer: it shows only that reviewer's own decisions (blind screening) and the next
record by the ranker, retrained on the reviewer's own labels. Every button press is one committed
event in the review database before the next record is shown.

Keyboard: type into the small "keys" box: ``i`` include, ``e`` exclude, ``m`` maybe, ``n`` not
retrieved (full text), ``u`` undo. (Jupyter's own shortcuts stay untouched.)
"""

from __future__ import annotations

import html
import re
import sqlite3
from pathlib import Path

import ipywidgets as w
import numpy as np

from ..config import ReviewConfig
from ..errors import DatabaseError
from . import events, fulltext, ranker, stopping

_MARK = '<mark style="background:{bg}">{t}</mark>'


def highlight(text: str, include_terms=(), exclude_terms=()) -> str:
    """Return ``text`` as HTML with inclusion terms marked green and exclusion terms red (case-insensitive)."""
    out = html.escape(text or "")
    for terms, bg in ((include_terms, "#c8f7c5"), (exclude_terms, "#f7c5c5")):
        for term in sorted({t for t in terms if t}, key=len, reverse=True):
            pat = re.compile(r"(?<![\w>])(" + re.escape(html.escape(term)) + r")", re.IGNORECASE)
            out = pat.sub(lambda m, bg=bg: _MARK.format(bg=bg, t=m.group(1)), out)
    return out


class ScreeningView:
    """Screen records one at a time as ``reviewer`` at ``stage``.

    Parameters
    ----------
    conn : sqlite3.Connection
        The review database with the records imported.
    cfg : ReviewConfig
        The review (reviewers, stages, exclusion reasons, inclusion/exclusion terms).
    reviewer : str
        A reviewer id of the protocol.
    stage : {"title_abstract", "full_text"}
    random_state : int or None
        Seeds the ranker and the calibration sample.
    corpus_dir : str or Path
        Where ``fulltexts/`` are looked up at the full-text stage.
    retrain_every : int
        Retrain the ranker after this many of the reviewer's decisions.

    Attributes
    ----------
    widget : ipywidgets.VBox
        Display it in a notebook cell.
    current : dict or None
        The record shown (``record_id, title, abstract, year, ..., rank, score, why``).
    """

    def __init__(self, conn: sqlite3.Connection, cfg: ReviewConfig, reviewer: str, stage: str = "title_abstract", *,
                 random_state=0, corpus_dir: str | Path = "corpus", retrain_every: int = 1):
        reviewers = [r.id for r in cfg.protocol.reviewers]
        if reviewer not in reviewers:
            raise DatabaseError(f"screening view: unknown reviewer '{reviewer}'; must be one of {reviewers}")
        self.conn, self.cfg, self.reviewer, self.stage = conn, cfg, reviewer, stage
        self.stage_cfg = cfg.stage(stage)
        self.random_state = random_state
        self.corpus_dir = Path(corpus_dir)
        self.retrain_every = max(1, int(retrain_every))
        self.records = events.records_frame(conn).set_index("record_id", drop=False)
        self.calibration = events.calibration_sample(list(self.records.index), self.stage_cfg.calibration_size,
                                                     random_state)
        self._features = ranker.TextFeatures()
        self._X = self._features.fit_transform(self.records) if len(self.records) else None
        self._model = None
        self._labels_at_fit = -1
        self.current: dict | None = None
        self._build()
        self._next()

    # ------------------------------------------------------------------ queue and ranking
    def _candidates(self) -> list[str]:
        ids = list(self.records.index)
        if self.stage == "full_text":
            ta = events.final_decisions(self.conn, "title_abstract")
            ok = set(ta.loc[ta["decision"].isin(["include", "maybe"]), "record_id"])
            ids = [r for r in ids if r in ok]
        return ids

    def own_decisions(self):
        """This reviewer's standing decisions at this stage (the only decisions the view shows)."""
        return events.reviewer_decisions(self.conn, self.stage, self.reviewer)

    def _next(self) -> None:
        own = self.own_decisions()
        done = set(own["record_id"])
        todo = [r for r in self._candidates() if r not in done]
        self.current = None
        if todo:
            cal = [r for r in self.calibration if r in set(todo)]
            if cal:
                rid, rank, score, why = cal[0], None, None, "calibration sample (screened by every reviewer)"
            else:
                rid, rank, score, why = self._best(todo, own)
            rec = self.records.loc[rid].to_dict()
            rec.update(rank=rank, score=score, why=why)
            self.current = rec
        self._render()

    def _best(self, todo, own):
        rel = own["decision"].isin(["include", "maybe"]).astype(int).to_numpy()
        if len(np.unique(rel)) < 2 or self._X is None:
            return todo[0], None, None, "no model yet: input order until one inclusion and one exclusion"
        pos = {r: i for i, r in enumerate(self.records.index)}
        lab_idx = np.array([pos[r] for r in own["record_id"]])
        todo_idx = np.array([pos[r] for r in todo])
        if self._model is None or len(own) - self._labels_at_fit >= self.retrain_every:
            self._model = ranker.ScreeningRanker(random_state=self.random_state).fit(
                self._X[lab_idx], rel, X_unlabelled=self._X[todo_idx])
            self._labels_at_fit = len(own)
        scores = self._X[todo_idx] @ self._model.coef_
        best = int(np.argmax(scores))
        top = ranker.explain(self._model, self._features, self._X[todo_idx[best]], 5)
        return todo[best], 1, float(scores[best]), ", ".join(n.split(":", 1)[1] for n, _ in top)

    # ------------------------------------------------------------------ actions (the Python API)
    def decide(self, decision: str, reasons=(), note: str | None = None) -> int:
        """Record ``decision`` on the current record, commit it, and show the next record.

        Returns
        -------
        int
            The event id.
        """
        if self.current is None:
            raise DatabaseError("screening view: nothing left to screen at this stage")
        note = self.note.value if note is None else note
        eid = events.record_decision(
            self.conn, self.current["record_id"], self.stage, self.reviewer, decision, reasons=reasons, note=note,
            rank=self.current.get("rank"), score=self.current.get("score"), protocol=self.cfg.protocol)
        self.note.value = ""
        self.reasons.value = ()
        self._next()
        return eid

    def include(self, note: str | None = None) -> int:
        """Include the current record."""
        return self.decide("include", (), note)

    def exclude(self, reasons=None, note: str | None = None) -> int:
        """Exclude the current record with reason codes (default: those picked in the reason picker)."""
        return self.decide("exclude", self.reasons.value if reasons is None else reasons, note)

    def maybe(self, note: str | None = None) -> int:
        """Mark the current record "maybe" (goes on to full text)."""
        return self.decide("maybe", (), note)

    def not_retrieved(self, note: str | None = None) -> int:
        """Record that the full text could not be retrieved (full-text stage)."""
        return self.decide("not_retrieved", (), note)

    def undo(self) -> int | None:
        """Withdraw this reviewer's last decision (as a new ``undo`` event) and show that record again.

        Returns
        -------
        int or None
            The undo event's id; ``None`` when there was nothing to undo.
        """
        eid = events.undo_last(self.conn, self.reviewer, self.stage)
        if eid is None:
            self._render()
            return None
        rid = self.conn.execute("SELECT record_id FROM screening_events WHERE event_id = ?", (eid,)).fetchone()[0]
        rec = self.records.loc[rid].to_dict()
        rec.update(rank=None, score=None, why="shown again after undo")
        self.current = rec
        self._render()
        return eid

    def progress(self) -> dict:
        """Counts of this reviewer's decisions and the stopping rules on them (title/abstract)."""
        own = self.own_decisions()
        n_cand = len(self._candidates())
        out = {"reviewer": self.reviewer, "stage": self.stage, "screened": int(len(own)), "candidates": n_cand}
        out.update({d: int((own["decision"] == d).sum()) for d in events.DECISIONS})
        seq = own["decision"].isin(["include", "maybe"]).astype(int).to_numpy()
        est = stopping.estimate(seq, max(n_cand, len(seq)))
        out["stopping"] = est.to_dict()
        return out

    # ------------------------------------------------------------------ widgets
    def _build(self) -> None:
        self.title = w.HTML()
        self.meta = w.HTML()
        self.abstract = w.HTML(layout=w.Layout(max_height="320px", overflow="auto"))
        self.link = w.HTML()
        self.buttons = {
            "include": w.Button(description="Include (i)", button_style="success"),
            "exclude": w.Button(description="Exclude (e)", button_style="danger"),
            "maybe": w.Button(description="Maybe (m)", button_style="warning"),
            "undo": w.Button(description="Undo (u)"),
        }
        if self.stage == "full_text":
            self.buttons["not_retrieved"] = w.Button(description="Not retrieved (n)")
        reasons = [(r.label.get("en"), r.code) for r in self.stage_cfg.exclusion_reasons]
        self.reasons = w.SelectMultiple(options=reasons, description="Reasons", rows=min(6, max(2, len(reasons))))
        self.note = w.Text(description="Note", placeholder="optional note")
        self.keys = w.Text(description="Keys", placeholder="i / e / m / n / u", layout=w.Layout(width="200px"))
        self.status = w.HTML()
        actions = {"include": self.include, "exclude": self.exclude, "maybe": self.maybe, "undo": self.undo,
                   "not_retrieved": self.not_retrieved}
        for name, button in self.buttons.items():
            button.on_click(lambda _b, f=actions[name]: f())
        self.keys.observe(self._on_key, names="value")
        self.widget = w.VBox([
            self.title, self.meta, self.abstract, self.link,
            w.HBox(list(self.buttons.values())), w.HBox([self.reasons, w.VBox([self.note, self.keys])]),
            self.status,
        ])

    def _on_key(self, change) -> None:
        value = change["new"]
        if not value:
            return
        key = value[-1].lower()
        self.keys.value = ""
        action = {"i": self.include, "e": self.exclude, "m": self.maybe, "u": self.undo,
                  "n": self.not_retrieved if self.stage == "full_text" else None}.get(key)
        if action is not None and (self.current is not None or key == "u"):
            action()

    def _render(self) -> None:
        rec = self.current
        p = self.progress()
        s = p["stopping"]
        self.status.value = (
            f"<small>{html.escape(self.reviewer)} · {self.stage}: {p['screened']} of {p['candidates']} screened "
            f"({p['include']} include, {p['maybe']} maybe, {p['exclude']} exclude) · estimated recall "
            f"{s['recall_estimate']:.0%}, ≥ {s['recall_lower_bound']:.0%} with {s['confidence']:.0%} confidence "
            f"(statistical rule: {'stop' if s['stop'] else 'continue'}; {s['irrelevant_in_a_row']} irrelevant in a row "
            f"of {s['heuristic_n']})</small>"
        )
        if rec is None:
            self.title.value = "<h3>Nothing left to screen at this stage.</h3>"
            self.meta.value = self.abstract.value = self.link.value = ""
            return
        inc, exc = self.stage_cfg.include, self.stage_cfg.exclude
        self.title.value = f"<h3>{highlight(rec.get('title', ''), inc, exc)}</h3>"
        bits = [rec.get("year", ""), rec.get("journal", ""), rec.get("sources", ""), rec.get("keywords", "")]
        why = rec.get("why") or ""
        self.meta.value = "<small>" + html.escape(" · ".join(b for b in bits if b)) + (
            f"<br>why here: {html.escape(why)}" if why else "") + "</small>"
        self.abstract.value = f"<p>{highlight(rec.get('abstract', ''), inc, exc)}</p>"
        if self.stage == "full_text":
            path = fulltext.find_fulltext(rec["record_id"], rec.get("doi"), self.corpus_dir / "fulltexts")
            self.link.value = (f'<a href="{html.escape(str(path))}" target="_blank">full text: {html.escape(path.name)}</a>'
                               if path else "<i>no full text found in the corpus folder</i>")
        else:
            self.link.value = ""
