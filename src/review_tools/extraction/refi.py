"""Extraction and appraisal as a REFI-QDA project: one Case per included study with its Variables.

Every extraction field and every appraisal item becomes a ``Variable`` (``Text``, ``Integer`` or
``Float``); each study is a ``Case`` holding its values and a ``SourceRef`` to its ``TextSource`` (the
title and abstract, inline as ``PlainTextContent``). NVivo, ATLAS.ti, MAXQDA and QualCoder import these
as case attributes / classifications. Returns the archive's members (the caller writes the ``.qdpx`` with
:func:`review_tools.readers.refi_archive.write_archive`).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from lxml import etree

from .._config_extraction import Checklist, ExtractionForm
from ..coding.refi_codes import guid

__all__ = ["extraction_qdpx"]

QDE_NS = "urn:QDA-XML:project:1.0"
_TYPES = {"integer": "Integer", "year": "Integer", "number": "Float"}


def _e(tag, parent=None, **attrs):
    if parent is None:
        return etree.Element(f"{{{QDE_NS}}}{tag}", nsmap={None: QDE_NS}, **attrs)
    return etree.SubElement(parent, f"{{{QDE_NS}}}{tag}", **attrs)


def extraction_qdpx(extraction: pd.DataFrame, appraisal: pd.DataFrame, form: ExtractionForm,
                    checklist: Checklist | None, records: pd.DataFrame, *, language: str = "en",
                    project_name: str = "review-tools extraction and appraisal",
                    created: dt.datetime | None = None) -> dict[str, bytes]:
    """Build the ``.qdpx`` members (``project.qde``) of the studies' extraction and appraisal.

    Parameters
    ----------
    extraction : DataFrame
        :func:`~review_tools.extraction.tables.extraction_table`.
    appraisal : DataFrame
        :func:`~review_tools.extraction.tables.appraisal_table`.
    form, checklist
        The review's form and appraisal checklist (None: no appraisal variables).
    records : DataFrame
        ``record_id, title, abstract`` of the included studies.
    language : str
        Language of the variable names.

    Returns
    -------
    dict
        ``{"project.qde": bytes}``: the archive's members (the sources' text is inline).
    """
    now = (created or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    owner = guid("user", "review-tools")
    root = _e("Project", name=project_name, origin="review-tools", creatingUserGUID=owner, creationDateTime=now)
    _e("User", _e("Users", root), guid=owner, name="review-tools", id="review-tools")
    variables = _e("Variables", root)
    var_guid: dict[str, tuple[str, str]] = {}
    for f in form.fields:
        g = guid("variable", f"extraction:{f.id}")
        var_guid[f.id] = (g, _TYPES.get(f.type, "Text"))
        v = _e("Variable", variables, guid=g, name=f.label.get(language), typeOfVariable=var_guid[f.id][1])
        _e("Description", v).text = f"extraction field {f.id}"
    if checklist is not None:
        items = [("category", checklist.name.get(language))] + [
            (i.id, f"{checklist.id} {i.id}: {i.text.get(language)}") for i in checklist.items()]
        for item_id, name in dict(items).items():
            g = guid("variable", f"appraisal:{checklist.id}:{item_id}")
            var_guid[f"appraisal:{item_id}"] = (g, "Text")
            v = _e("Variable", variables, guid=g, name=name, typeOfVariable="Text")
            _e("Description", v).text = f"{checklist.source}"
    titles = dict(zip(records["record_id"], records.get("title", records["record_id"]), strict=True))
    abstracts = dict(zip(records["record_id"], records.get("abstract", [""] * len(records)), strict=True))
    cases = _e("Cases", root)
    sources = _e("Sources", root)
    answers = {rid: dict(zip(sub["item"], sub["answer"], strict=True)) | {"category": sub["category"].iloc[0]}
               for rid, sub in appraisal.groupby("record_id")} if len(appraisal) else {}
    for row in extraction.to_dict("records"):
        rid = str(row["record_id"])
        sguid = guid("source", f"record:{rid}")
        case = _e("Case", cases, guid=guid("case", rid), name=rid)
        _e("Description", case).text = str(titles.get(rid) or rid)
        values = [(f.id, row.get(f.id, "")) for f in form.fields]
        values += [(f"appraisal:{k}", a) for k, a in answers.get(rid, {}).items() if f"appraisal:{k}" in var_guid]
        for key, value in values:
            if value is None or str(value) == "" or (isinstance(value, float) and pd.isna(value)):
                continue
            g, kind = var_guid[key]
            vv = _e("VariableValue", case)
            _e("VariableRef", vv, targetGUID=g)
            tag = {"Integer": "IntegerValue", "Float": "FloatValue"}.get(kind, "TextValue")
            _e(tag, vv).text = str(int(float(value))) if kind == "Integer" else str(value)
        _e("SourceRef", case, targetGUID=sguid)
        ts = _e("TextSource", sources, guid=sguid, name=f"record:{rid}", creatingUser=owner, creationDateTime=now)
        abstract = abstracts.get(rid)
        text = str(titles.get(rid) or "") + ("\n\n" + abstract if isinstance(abstract, str) and abstract else "")
        _e("PlainTextContent", ts).text = text
    return {"project.qde": etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)}
