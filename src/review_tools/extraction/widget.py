"""The notebook form for data extraction and quality appraisal of one included study at a time.

One dropdown picks the study; the form shows every field of ``extraction.yaml`` (typed: text, number,
year, yes/no, choice, multiple choice) and the protocol's checklist (design category, then its items)
filled with the current values. **Save** checks every value, then appends only the changed fields as
one transaction of ``assessment_events``: a re-run cell or a second save writes nothing new, two kernels
append side by side, and a killed kernel leaves a whole form or nothing.
"""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

import pandas as pd

from .._config_extraction import Checklist, ExtractionForm
from ..ui_text import failure_text, message_html, text
from .events import add_assessment_events, assessment_events, current_values
from .tables import check_appraisal, check_value, split_multi

__all__ = ["ExtractionView"]


class ExtractionView:
    """Extraction and appraisal form for ``reviewer`` on the review database ``database``.

    Parameters
    ----------
    studies : DataFrame
        ``record_id, title`` of the included studies.
    database : path or str
        The review database (file path or ``postgresql://`` address).
    reviewer : str
        The reviewer's id (one of ``reviewers``).
    form : ExtractionForm
    checklist : Checklist or None
    language : {"fi", "sv", "en"}
    reviewers : sequence of str
        The protocol's reviewer ids.
    """

    def __init__(self, studies: pd.DataFrame, database, reviewer: str, form: ExtractionForm,
                 checklist: Checklist | None = None, *, language: str = "en", reviewers=()):
        from ..errors import StageInputError

        if reviewers and reviewer not in list(reviewers):
            raise StageInputError(text("unknown_id", language, given=reviewer, who=text("reviewers", language),
                                       ids=", ".join(reviewers)))
        self.studies, self.database, self.reviewer = studies.reset_index(drop=True), database, reviewer
        self.form, self.checklist, self.language = form, checklist, language
        self._build()

    # ------------------------------------------------------------------ state
    def _conn(self):
        from .. import db

        return db.connect(self.database)  # this thread's connection (widget callbacks may run elsewhere)

    def current(self, record_id: str) -> dict[tuple[str, str], str]:
        """``(kind, field) -> value`` standing for the study."""
        cur = current_values(assessment_events(self._conn()))
        cur = cur[cur["subject_id"] == record_id] if len(cur) else cur
        return {(k, f): v for k, f, v in zip(cur.get("kind", []), cur.get("field", []), cur.get("value", []), strict=True)}

    # ------------------------------------------------------------------ widgets
    def _field_widget(self, f):
        import ipywidgets as w

        label = f.label.get(self.language) + (" *" if f.required else "")
        style, layout = {"description_width": "14em"}, w.Layout(width="48em")
        if f.type == "choice":
            opts = [("", "")] + [(c.label.get(self.language), c.value) for c in f.choices]
            return w.Dropdown(options=opts, value="", description=label, style=style, layout=layout)
        if f.type == "multi_choice":
            opts = [(c.label.get(self.language), c.value) for c in f.choices]
            return w.SelectMultiple(options=opts, value=(), description=label, style=style, layout=layout,
                                    rows=min(6, len(opts)))
        if f.type == "boolean":
            return w.Dropdown(options=[("", ""), (text("yes", self.language), "true"), (text("no", self.language), "false")],
                              value="", description=label, style=style, layout=layout)
        widget = w.Textarea if f.type == "text" and f.id in ("key_findings", "intervention") else w.Text
        return widget(value="", description=label, style=style, layout=layout,
                      placeholder=f.help.get(self.language) if f.help else "")

    def _build(self) -> None:
        import ipywidgets as w

        titles = [(f"{r} · {str(t)[:90]}", r) for r, t in zip(self.studies["record_id"], self.studies.get("title", self.studies["record_id"]), strict=True)]
        self.picker = w.Dropdown(options=titles, description=text("study", self.language),
                                 layout=w.Layout(width="60em"))
        self.fields = {f.id: self._field_widget(f) for f in self.form.fields}
        self.category = None
        if self.checklist is not None and len(self.checklist.categories) > 1:
            self.category = w.Dropdown(options=[("", "")] + [(c.label.get(self.language), c.id) for c in self.checklist.categories],
                                       description=text("design_category", self.language), style={"description_width": "14em"})
            self.category.observe(lambda _: self._show_items(), names="value")
        self.items_box = w.VBox()
        self.answers: dict = {}
        self.save = w.Button(description=text("save", self.language), button_style="primary")
        self.save.on_click(lambda _: self.save_form())
        self.message = w.HTML()
        self.picker.observe(lambda _: self.load(), names="value")
        head = [w.HTML(f"<h4>{html.escape(text('extraction', self.language))}</h4>"), *self.fields.values()]
        tail = []
        if self.checklist is not None:
            tail = [w.HTML(f"<h4>{html.escape(text('appraisal', self.language))}: "
                           f"{html.escape(self.checklist.name.get(self.language))}</h4>"
                           f"<p style='font-size:smaller'>{html.escape(self.checklist.source)}</p>"),
                    *([self.category] if self.category is not None else []), self.items_box]
        self.widget = w.VBox([self.picker, *head, *tail, self.save, self.message])
        self.widget.add_class("rt-extraction-view")
        self.picker.add_class("rt-extract-study")
        self.save.add_class("rt-extract-save")
        self.message.add_class("rt-extract-message")
        for fid, widget in self.fields.items():
            widget.add_class(f"rt-extract-{fid}")
        if self.category is not None:
            self.category.add_class("rt-extract-category")
        if len(self.studies):
            self.load()

    def _show_items(self, values: dict | None = None) -> None:
        import ipywidgets as w

        if self.checklist is None:
            return
        category = self.category.value if self.category is not None else None
        values = values if values is not None else {k: x.value for k, x in self.answers.items()}
        self.answers = {}
        rows = []
        if self.category is None or category:
            opts = [("–", "")] + [(a.label.get(self.language), a.value) for a in self.checklist.answers]
            for item in self.checklist.items(category or None):
                if item.answer == "text":
                    widget = w.Text(value=values.get(item.id, ""), layout=w.Layout(width="40em"))
                else:
                    widget = w.ToggleButtons(options=opts, value=values.get(item.id, "") if values.get(item.id, "") in
                                             {v for _, v in opts} else "", style={"button_width": "8em"})
                widget.add_class("rt-appraise-" + item.id.replace(".", "_"))
                self.answers[item.id] = widget
                rows.append(w.HBox([w.HTML(f"<b>{html.escape(item.id)}</b> {html.escape(item.text.get(self.language))}",
                                           layout=w.Layout(width="34em")), widget]))
        self.items_box.children = rows

    def load(self) -> None:
        """Fill the form with the picked study's current values."""
        cur = self.current(self.picker.value)
        for f in self.form.fields:
            value = cur.get(("extraction", f.id), "")
            widget = self.fields[f.id]
            widget.value = tuple(split_multi(value)) if f.type == "multi_choice" else value
        answers = {f: v for (k, f), v in cur.items() if k == "appraisal"}
        if self.category is not None:
            self.category.value = answers.get("category", "") if answers.get("category", "") in {
                v for _, v in self.category.options} else ""
        self._show_items(answers)
        self.message.value = ""

    # ------------------------------------------------------------------ saving
    def form_values(self) -> list[dict]:
        """The form's values as events (checked; raises ValueError naming the field and valid values)."""
        rid = self.picker.value
        out = []
        for f in self.form.fields:
            out.append({"kind": "extraction", "field": f.id, "value": check_value(f, self.fields[f.id].value)})
        if self.checklist is not None:
            category = self.category.value if self.category is not None else None
            if self.category is not None:
                out.append({"kind": "appraisal", "field": "category", "value": check_appraisal(self.checklist, "category", category)})
            for item_id, widget in self.answers.items():
                out.append({"kind": "appraisal", "field": item_id,
                            "value": check_appraisal(self.checklist, item_id, widget.value, category or None)})
        return [{**e, "subject_id": rid, "reviewer": self.reviewer} for e in out]

    def save_form(self) -> list[int]:
        """Append the changed values as one transaction; show what was saved. Returns the new event ids."""
        try:
            values = self.form_values()
            cur = self.current(self.picker.value)
            changed = [e for e in values if cur.get((e["kind"], e["field"]), "") != e["value"]]
            ids = add_assessment_events(self._conn(), changed) if changed else []
        except ValueError as exc:  # a value the form does not allow: named with the valid ones; nothing saved
            self.message.value = message_html(text("not_saved", self.language, error=str(exc)), False)
            return []
        except Exception as exc:  # shown to the reviewer; nothing was saved
            self.message.value = message_html(failure_text(exc, self.language), False)
            return []
        if not ids:
            self.message.value = message_html(text("nothing_changed", self.language, study=self.picker.value), True)
            return ids
        labels = {f.id: f.label.get(self.language) for f in self.form.fields}
        fields = ", ".join(labels.get(e["field"], e["field"]) if e["kind"] == "extraction" else e["field"]
                           for e in changed)
        when = dt.datetime.now().strftime("%H:%M:%S")
        self.message.value = message_html(text("saved_form", self.language, study=self.picker.value, fields=fields,
                                               time=when), True)
        return ids


def database_of(cfg, database) -> Path | str:
    """The review database a view writes: ``database`` if given, else the protocol's."""
    from .. import db

    return db.locate(database) if database else cfg.database_path
