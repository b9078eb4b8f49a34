"""The screening view for JupyterLab (ipywidgets), usable and testable through its Python API.

One view per reviewer: it shows only that reviewer's own decisions (blind screening) and the next
record by the ranker, retrained on the reviewer's own labels. Every button press is one committed
event in the review database before the next record is shown, and the view says what was saved
(or, in plain words, why nothing was). The buttons are new for every record shown: the second click of
a double-click reaches the buttons of the record already decided and is ignored (see ``_new_buttons``).

The view keeps the database *path*, never a connection: each action asks
:func:`review_tools.db.connect` for the connection of the thread it runs on (ipywidgets callbacks
may run on another thread than the cell that built the view).

Keyboard: type into the small "keys" box: ``i`` include, ``e`` exclude, ``m`` maybe, ``n`` not
retrieved (full text), ``u`` undo. (Jupyter's own shortcuts stay untouched.)
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import os
import re
import sqlite3
from pathlib import Path

import ipywidgets as w
import numpy as np

from .. import db
from ..config import ReviewConfig
from ..errors import DatabaseError
from ..readers import fulltexts
from ..ui_text import check_language, failure_text, message_html, text
from . import events, ranker, stopping

log = logging.getLogger(__name__)

_MARK = '<mark style="background:{bg}">{t}</mark>'
#: Environment variable read when the notebook parameter ``reviewer`` is empty.
REVIEWER_ENV = "REVIEW_TOOLS_REVIEWER"
#: Protocol roles that screen (coders do not).
SCREENING_ROLES = ("reviewer", "third_reviewer", "lead")


def highlight(text: str, include_terms=(), exclude_terms=()) -> str:
    """Return ``text`` as HTML with inclusion terms marked green and exclusion terms red (case-insensitive).

    A term matches at the start of a word, so a stem ("jälkihuol") marks its inflected forms.
    """
    out = html.escape(text or "")
    for terms, bg in ((include_terms, "#c8f7c5"), (exclude_terms, "#f7c5c5")):
        for term in sorted({t for t in terms if t}, key=len, reverse=True):
            pat = re.compile(r"(?<![\w>])(" + re.escape(html.escape(term)) + r")", re.IGNORECASE)
            out = pat.sub(lambda m, bg=bg: _MARK.format(bg=bg, t=m.group(1)), out)
    return out


def highlight_terms(stage_cfg) -> tuple[list[str], list[str]]:
    """The protocol's explicit highlight terms of a stage (every language: records come in several)."""
    terms = stage_cfg.highlight_terms
    return ([t for ts in terms.include.values() for t in ts], [t for ts in terms.exclude.values() for t in ts])


def screening_reviewers(cfg: ReviewConfig) -> list[str]:
    """Ids of the protocol's reviewers who screen (every reviewer when no one has a screening role)."""
    ids = [r.id for r in cfg.protocol.reviewers if r.role in SCREENING_ROLES]
    return ids or [r.id for r in cfg.protocol.reviewers]


def database_path(database) -> Path | str:
    """Where ``database`` is: a path or ``postgresql://`` address, or an open connection of either engine."""
    target = getattr(database, "target", None)
    if target is not None:  # a connection from db.connect (SQLite or PostgreSQL)
        return target
    if db.is_url(database):
        return db.locate(database)
    if isinstance(database, sqlite3.Connection):
        row = database.execute("PRAGMA database_list").fetchone()
        if not row or not row[2]:
            raise DatabaseError("screening view: the connection has no database file; pass the database path")
        return Path(row[2])
    return Path(database)


def _now() -> str:
    return dt.datetime.now().strftime("%H:%M:%S")


class ScreeningView:
    """Screen records one at a time as ``reviewer`` at ``stage``.

    Parameters
    ----------
    database : str, Path or sqlite3.Connection
        The review database with the records imported (a connection stands for its file; the
        view never keeps it).
    cfg : ReviewConfig
        The review (reviewers, stages, exclusion reasons and their labels, highlight terms).
    reviewer : str
        A screening reviewer id of the protocol.
    stage : {"title_abstract", "full_text"}
    language : {"fi", "sv", "en"}
        Language of the view's words and the exclusion reasons' labels.
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
    message : ipywidgets.HTML
        What the last action saved, or why it saved nothing.
    """

    def __init__(self, database, cfg: ReviewConfig, reviewer: str, stage: str = "title_abstract", *,
                 language: str = "en", random_state=0, corpus_dir: str | Path = "corpus", retrain_every: int = 1):
        reviewers = screening_reviewers(cfg)
        if reviewer not in reviewers:
            raise DatabaseError(f"screening view: unknown reviewer '{reviewer}'; must be one of the protocol's "
                                f"screening reviewers {reviewers}")
        self.db_path = database_path(database)
        self.cfg, self.reviewer, self.stage = cfg, reviewer, stage
        self.language = check_language(language)
        self.stage_cfg = cfg.stage(stage)
        self.dual = bool(self.stage_cfg.dual_screening)
        self.random_state = random_state
        self.corpus_dir = Path(corpus_dir)
        self.retrain_every = max(1, int(retrain_every))
        self.records = events.records_frame(self.conn).set_index("record_id", drop=False)
        self.calibration = events.calibration_sample(list(self.records.index), self.stage_cfg.calibration_size,
                                                     random_state)
        self._features = ranker.TextFeatures()
        self._X = self._features.fit_transform(self.records) if len(self.records) else None
        self._model = None
        self._labels_at_fit = -1
        self.current: dict | None = None
        self._build()
        self._next()

    @property
    def conn(self) -> sqlite3.Connection:
        """The review database's connection for the calling thread (never stored by the view)."""
        return db.connect(self.db_path)

    def _t(self, key: str, **values) -> str:
        return text(key, self.language, **values)

    # ------------------------------------------------------------------ queue and ranking
    def _candidates(self) -> list[str]:
        ids = list(self.records.index)
        if self.stage == "full_text":
            ta = events.final_decisions(self.conn, "title_abstract",
                                        require_dual=self.cfg.stage("title_abstract").dual_screening)
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
                rid, rank, score, why = cal[0], None, None, self._t("calibration")
            else:
                rid, rank, score, why = self._best(todo, own)
            rec = self.records.loc[rid].to_dict()
            rec.update(rank=rank, score=score, why=why)
            self.current = rec
        self._new_buttons()
        self._render()

    def _best(self, todo, own):
        rel = own["decision"].isin(["include", "maybe"]).astype(int).to_numpy()
        if len(np.unique(rel)) < 2 or self._X is None:
            return todo[0], None, None, self._t("no_model")
        lab_idx = self.records.index.get_indexer(own["record_id"])
        todo_idx = self.records.index.get_indexer(todo)
        if self._model is None or len(own) - self._labels_at_fit >= self.retrain_every:
            self._model = ranker.ScreeningRanker(random_state=self.random_state).fit(self._X[lab_idx], rel)
            self._labels_at_fit = len(own)
        scores = (self._X @ self._model.coef_)[todo_idx]   # one product over all rows: no copy of the rest
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

        Raises
        ------
        DatabaseError
            Nothing left to screen, an exclusion without the reason the protocol requires, or an
            invalid decision; nothing is written then.
        """
        if self.current is None:
            raise DatabaseError(f"screening view: {self._t('nothing_to_screen')}")
        reasons = tuple(reasons or ())
        if decision == "exclude" and not reasons and self.stage_cfg.exclusion_reason_required:
            raise DatabaseError(self._t("need_reason").split(": ", 1)[1])
        note = self.note.value if note is None else note
        record_id = self.current["record_id"]
        eid = events.record_decision(
            self.conn, record_id, self.stage, self.reviewer, decision, reasons=reasons, note=note,
            rank=self.current.get("rank"), score=self.current.get("score"), protocol=self.cfg.protocol)
        self.note.value = ""
        self.reasons.value = ()
        self._next()
        self._say(self._t("saved_decision", decision=self._t(decision), record=record_id, time=_now(), event=eid))
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
        conn = self.conn
        eid = events.undo_last(conn, self.reviewer, self.stage)
        if eid is None:
            self._render()
            self._say(self._t("nothing_to_undo"), ok=False)
            return None
        row = conn.execute("SELECT record_id, decision FROM screening_events WHERE event_id = ?", (eid,)).fetchone()
        rec = self.records.loc[row["record_id"]].to_dict()
        rec.update(rank=None, score=None, why=self._t("shown_again"))
        self.current = rec
        self._new_buttons()
        self._render()
        self._say(self._t("undone", decision=self._t(row["decision"]), record=row["record_id"], time=_now(), event=eid))
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

    # ------------------------------------------------------------------ callbacks (never raise into the kernel)
    def _say(self, message: str, ok: bool = True) -> None:
        self.message.value = message_html(message, ok)

    def _run(self, action) -> None:
        """Run a button's or key's action; show a failure in the view in plain words, never only in a log."""
        try:
            action()
        except Exception as exc:  # noqa: BLE001 - every failure is shown to the reviewer, nothing is saved
            log.info("screening view: %s failed: %s", getattr(action, "__name__", "action"), exc)
            self._say(failure_text(exc, self.language), ok=False)

    # ------------------------------------------------------------------ widgets
    def _build(self) -> None:
        self.title = w.HTML()
        self.meta = w.HTML()
        self.meta.add_class("rt-screen-meta")
        self.abstract = w.HTML(layout=w.Layout(max_height="320px", overflow="auto"))
        self.link = w.HTML()
        self.buttons: dict = {}
        self._button_row = w.HBox()
        self._generation = 0
        self._old_buttons: list = []
        reasons = [(r.label.get(self.language), r.code) for r in self.stage_cfg.exclusion_reasons]
        self.reasons = w.SelectMultiple(options=reasons, description=self._t("reasons"),
                                        rows=min(6, max(2, len(reasons))))
        self.reasons.add_class("rt-screen-reasons")
        self.note = w.Text(description=self._t("note"), placeholder=self._t("note_placeholder"))
        self.note.add_class("rt-screen-note")
        self.keys = w.Text(description=self._t("keys"), placeholder="i / e / m / n / u", layout=w.Layout(width="200px"))
        self.keys.add_class("rt-screen-keys")
        self.message = w.HTML()
        self.message.add_class("rt-screen-message")
        self.status = w.HTML()
        self.keys.observe(self._on_key, names="value")
        self.widget = w.VBox([
            self.title, self.meta, self.abstract, self.link,
            self._button_row, w.HBox([self.reasons, w.VBox([self.note, self.keys])]),
            self.message, self.status,
        ])
        self.widget.add_class("rt-screening-view")

    def _new_buttons(self) -> None:
        """Fresh buttons for the record now on screen, bound to it: the second click of a double-click (or
        any click the browser sent before it showed the next record) reaches the earlier record's buttons and
        is ignored, so it can neither decide that record twice nor decide the next one unseen."""
        self._generation += 1
        names = {"include": ("success", "i"), "exclude": ("danger", "e"), "maybe": ("warning", "m"), "undo": ("", "u")}
        if self.stage == "full_text":
            names["not_retrieved"] = ("", "n")
        actions = {"include": self.include, "exclude": self.exclude, "maybe": self.maybe, "undo": self.undo,
                   "not_retrieved": self.not_retrieved}
        for old in self._old_buttons:  # two records back: no longer on screen, nor clicked a moment ago
            old.close()
        self._old_buttons = list(self.buttons.values())
        self.buttons = {}
        for name, (style, key) in names.items():
            button = w.Button(description=f"{self._t(name)} ({key})", button_style=style, tooltip=self._t(name))
            button.add_class(f"rt-screen-{name.replace('_', '-')}")
            button.on_click(lambda _b, f=actions[name], g=self._generation: self._click(g, f))
            self.buttons[name] = button
        self._button_row.children = list(self.buttons.values())

    def _click(self, generation: int, action) -> None:
        """A button's click: acted on only when the button belongs to the record on screen."""
        if generation != self._generation:
            log.info("screening view: ignored a click on the buttons of a record no longer shown")
            return
        self._run(action)

    def _on_key(self, change) -> None:
        value = change["new"]
        if not value:
            return
        key = value[-1].lower()
        self.keys.value = ""
        action = {"i": self.include, "e": self.exclude, "m": self.maybe, "u": self.undo,
                  "n": self.not_retrieved if self.stage == "full_text" else None}.get(key)
        if action is not None:
            self._run(action)

    def _render(self) -> None:
        rec = self.current
        p = self.progress()
        s = p["stopping"]
        self.status.value = "<small>" + html.escape(self._t(
            "progress", reviewer=self.reviewer, stage=self._t(self.stage), screened=p["screened"], candidates=p["candidates"],
            include=p["include"], maybe=p["maybe"], exclude=p["exclude"], recall=s["recall_estimate"],
            lower=s["recall_lower_bound"], confidence=s["confidence"], rule=self._t("stop" if s["stop"] else "continue"),
            in_a_row=s["irrelevant_in_a_row"], heuristic_n=s["heuristic_n"])) + "</small>"
        if rec is None:
            self.title.value = f"<h3>{html.escape(self._t('nothing_left'))}</h3>"
            self.meta.value = self.abstract.value = self.link.value = ""
            return
        inc, exc = highlight_terms(self.stage_cfg)
        self.title.value = f"<h3>{highlight(rec.get('title', ''), inc, exc)}</h3>"
        bits = [rec.get("record_id", ""), rec.get("year", ""), rec.get("journal", ""), rec.get("sources", ""),
                rec.get("keywords", "")]
        why = rec.get("why") or ""
        self.meta.value = "<small>" + html.escape(" · ".join(b for b in bits if b)) + (
            f"<br>{html.escape(self._t('why_here'))}: {html.escape(why)}" if why else "") + "</small>"
        self.abstract.value = f"<p>{highlight(rec.get('abstract', ''), inc, exc)}</p>"
        if self.stage == "full_text":
            path = fulltexts.find_fulltext(rec["record_id"], rec.get("doi"), self.corpus_dir / "fulltexts")
            self.link.value = (f'<a href="{html.escape(str(path))}" target="_blank">{html.escape(self._t("full_text"))}: '
                               f'{html.escape(path.name)}</a>' if path else f"<i>{html.escape(self._t('no_full_text'))}</i>")
        else:
            self.link.value = ""


def screening_view(cfg: ReviewConfig, reviewer: str = "", database: str | Path = "", *, stage: str = "title_abstract",
                   language: str = "en", random_state=0, corpus_dir: str | Path = "corpus"):
    """The notebook's screening view for ``reviewer`` (the notebook parameter), or a message naming valid ids.

    An empty ``reviewer`` falls back to the environment variable ``REVIEW_TOOLS_REVIEWER``; when
    that is empty too, the result is an HTML message listing the protocol's screening reviewers
    (a batch run has no reviewer). An id that is not one of them raises :class:`DatabaseError`
    with the valid ids.
    """
    reviewer = (reviewer or os.environ.get(REVIEWER_ENV, "")).strip()
    ids = screening_reviewers(cfg)
    if not reviewer:
        from IPython.display import HTML

        return HTML(f"<p>{html.escape(text('choose_id', language, param='reviewer', ids=', '.join(ids)))}</p>")
    if reviewer not in ids:
        raise DatabaseError(text("unknown_id", language, given=reviewer, who=text("reviewers", language),
                                 ids=", ".join(ids)))
    path = Path(database) if str(database).strip() else cfg.database_path
    return ScreeningView(path, cfg, reviewer, stage, language=language, random_state=random_state,
                         corpus_dir=corpus_dir).widget
