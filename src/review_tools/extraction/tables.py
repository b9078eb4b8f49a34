"""Extraction and appraisal values: checked against the form and the checklist, and tabled per study.

Frames in, frames out; no file I/O. A value is stored as text: a multi-choice value as its choices joined
by ``"; "``, a boolean as ``true``/``false``, a number as written (``.`` decimal).
"""

from __future__ import annotations

import re

import pandas as pd

from .._config_extraction import CONCERNS, CONFIDENCE, Checklist, ExtractionField, ExtractionForm

#: The fields of a confirmed GRADE-CERQual assessment and their valid values (None: free text).
CERQUAL_FIELDS = {**dict.fromkeys(("methodological_limitations", "coherence", "adequacy", "relevance"), CONCERNS),
                  "overall": CONFIDENCE, "explanation": None}

__all__ = ["APPRAISAL_COLUMNS", "CERQUAL_FIELDS", "SUMMARY_COLUMNS", "appraisal_concern", "appraisal_summary",
           "appraisal_table", "check_appraisal", "check_cerqual", "check_value", "extraction_table", "split_multi"]

APPRAISAL_COLUMNS = ["record_id", "category", "item", "answer", "reviewer", "created_at"]
SUMMARY_COLUMNS = ["record_id", "category", "n_items", "n_yes", "n_no", "n_cant_tell", "share_yes", "concern"]


def split_multi(value) -> list[str]:
    """The choices of a stored multi-choice value."""
    return [p.strip() for p in str(value or "").replace(",", ";").split(";") if p.strip()]


def check_value(field: ExtractionField, value) -> str:
    """Return ``value`` as stored text for ``field``, or raise ValueError naming the field and the valid values.

    An empty value ("" or None) is returned as "" (the field is left empty or withdrawn).
    """
    text = "" if value is None else str(value).strip()
    if isinstance(value, (list, tuple, set)):
        text = "; ".join(str(v).strip() for v in value if str(v).strip())
    if not text:
        return ""
    where = f"field '{field.id}' ({field.label.get('en')})"
    if field.type in ("choice", "multi_choice"):
        valid = [c.value for c in field.choices]
        given = split_multi(text) if field.type == "multi_choice" else [text]
        bad = [g for g in given if g not in valid]
        if bad:
            raise ValueError(f"{where}: {', '.join(repr(b) for b in bad)} is not an allowed value; valid: {', '.join(valid)}")
        return "; ".join(dict.fromkeys(given))
    if field.type == "integer" or field.type == "year":
        if not re.fullmatch(r"-?\d+", text):
            raise ValueError(f"{where}: {text!r} is not a whole number")
        if field.type == "year" and not 1800 <= int(text) <= 2100:
            raise ValueError(f"{where}: {text!r} is not a year between 1800 and 2100")
        return str(int(text))
    if field.type == "number":
        try:
            return repr(float(text.replace(",", ".")))
        except ValueError:
            raise ValueError(f"{where}: {text!r} is not a number") from None
    if field.type == "boolean":
        low = text.lower()
        if low in ("true", "yes", "1", "kyllä", "ja"):
            return "true"
        if low in ("false", "no", "0", "ei", "nej"):
            return "false"
        raise ValueError(f"{where}: {text!r} is not true or false")
    return text


def check_appraisal(checklist: Checklist, item: str, value, category: str | None = None) -> str:
    """Return an appraisal answer as stored text, or raise ValueError naming the item and the valid answers.

    ``item`` ``"category"`` chooses the study's design category (for checklists with several).
    """
    text = "" if value is None else str(value).strip()
    if item == "category":
        valid = [c.id for c in checklist.categories]
        if text and text not in valid:
            raise ValueError(f"{checklist.id}: design category {text!r} is unknown; valid: {', '.join(valid)}")
        return text
    items = {i.id: i for i in checklist.items()}
    if item not in items:
        raise ValueError(f"{checklist.id}: item {item!r} is not in the checklist; valid: category, {', '.join(items)}")
    if category and item not in {i.id for i in checklist.items(category)}:
        raise ValueError(f"{checklist.id}: item {item!r} does not apply to the design category {category!r}")
    if not text or items[item].answer == "text":
        return text
    valid = [a.value for a in checklist.answers]
    if text not in valid:
        raise ValueError(f"{checklist.id}: item {item}: answer {text!r} is invalid; valid: {', '.join(valid)}")
    return text


def extraction_table(current: pd.DataFrame, form: ExtractionForm, included: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per study with the current value of every field of the form.

    Parameters
    ----------
    current : DataFrame
        Current extraction values (``subject_id, field, value, reviewer, created_at``).
    form : ExtractionForm
    included : DataFrame, optional
        ``record_id`` (and ``title``) of the included studies: they come first, in their order, with
        empty fields when not yet extracted; studies no longer included are left out.

    Returns
    -------
    DataFrame
        ``record_id, <field ids...>, extracted_by, updated_at, complete`` (``complete``: every required
        field filled).
    """
    fields = [f.id for f in form.fields]
    cur = current[current["field"].isin(fields) & (current["value"] != "")] if len(current) else current
    ids = list(included["record_id"]) if included is not None else sorted(set(cur.get("subject_id", [])))
    rows = []
    for rid in ids:
        sub = cur[cur["subject_id"] == rid] if len(cur) else cur
        values = dict(zip(sub.get("field", []), sub.get("value", []), strict=True))
        row = {"record_id": rid, **{f: values.get(f, "") for f in fields}}
        row["extracted_by"] = "; ".join(sorted(set(sub["reviewer"]))) if len(sub) else ""
        row["updated_at"] = max(sub["created_at"]) if len(sub) else ""
        row["complete"] = all(values.get(f.id) for f in form.fields if f.required)
        rows.append(row)
    return pd.DataFrame(rows, columns=["record_id", *fields, "extracted_by", "updated_at", "complete"])


def appraisal_table(current: pd.DataFrame, checklist: Checklist, included: pd.DataFrame | None = None) -> pd.DataFrame:
    """The current appraisal answers, one row per study and item that applies to its design category."""
    ids = set(included["record_id"]) if included is not None else None
    rows = []
    for rid, sub in (current.groupby("subject_id", sort=True) if len(current) else []):
        if ids is not None and rid not in ids:
            continue
        answers = dict(zip(sub["field"], sub["value"], strict=True))
        who = dict(zip(sub["field"], sub["reviewer"], strict=True))
        when = dict(zip(sub["field"], sub["created_at"], strict=True))
        category = answers.get("category", "") or (checklist.categories[0].id if len(checklist.categories) == 1 else "")
        for item in checklist.items(category or None):
            if answers.get(item.id):
                rows.append({"record_id": rid, "category": category, "item": item.id, "answer": answers[item.id],
                             "reviewer": who[item.id], "created_at": when[item.id]})
    return pd.DataFrame(rows, columns=APPRAISAL_COLUMNS)


def appraisal_concern(share_yes: float | None) -> str:
    """A study's methodological concern from the share of its checklist items answered "yes".

    ``no_or_very_minor`` from 0.8, ``minor`` from 0.6, ``moderate`` from 0.4, else ``serious``; "" when
    the study has no answered item.
    """
    if share_yes is None or pd.isna(share_yes):
        return ""
    return ("no_or_very_minor" if share_yes >= 0.8 else "minor" if share_yes >= 0.6
            else "moderate" if share_yes >= 0.4 else "serious")


def appraisal_summary(answers: pd.DataFrame, checklist: Checklist) -> pd.DataFrame:
    """Per study: items answered, yes / no / can't tell, the share of "yes" and its concern.

    Free-text items (e.g. CASP's question 10) are not counted.
    """
    choice_items = {i.id for i in checklist.items() if i.answer == "choice"}
    rows = []
    for (rid, cat), sub in (answers.groupby(["record_id", "category"], sort=True) if len(answers) else []):
        sub = sub[sub["item"].isin(choice_items)]
        n = len(sub)
        yes, no = int((sub["answer"] == "yes").sum()), int((sub["answer"] == "no").sum())
        share = yes / n if n else None
        rows.append({"record_id": rid, "category": cat, "n_items": n, "n_yes": yes, "n_no": no,
                     "n_cant_tell": n - yes - no, "share_yes": round(share, 3) if share is not None else None,
                     "concern": appraisal_concern(share)})
    return pd.DataFrame(rows, columns=SUMMARY_COLUMNS)


def check_cerqual(finding_ids, finding: str, field: str, value) -> str:
    """A confirmed GRADE-CERQual field of a finding as stored text; ValueError naming the valid values."""
    ids = list(finding_ids)
    if finding not in ids:
        raise ValueError(f"finding '{finding}' is not in findings.yaml; valid: {', '.join(ids) or 'none'}")
    if field not in CERQUAL_FIELDS:
        raise ValueError(f"CERQual field '{field}' is unknown; valid: {', '.join(CERQUAL_FIELDS)}")
    text = "" if value is None else str(value).strip()
    valid = CERQUAL_FIELDS[field]
    if valid is not None and text not in valid:
        raise ValueError(f"{field}: '{text}' is invalid; valid: {', '.join(valid)}")
    return text
