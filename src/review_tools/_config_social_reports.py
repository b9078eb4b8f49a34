"""The social-report form's columns and the review folder's column mapping for other form exports.

The agreed export has the columns of :data:`REPORT_COLUMNS`. Real form tools (Webropol, Innokylä) export
their own headers, labels and date formats; ``social_report_columns.yaml`` in the review folder maps them,
per export file (matched by a file-name pattern)::

    schema_version: 1
    exports:
      - files: "webropol*"              # file names in corpus/social_reports/ (glob, case-insensitive)
        columns:                        # our column: the export's header
          report_id: Vastaustunniste
          submitted_at: Vastausaika
          observation_type: Havainnon tyyppi
        values:                         # optional: the export's answer labels -> our values
          observation_type: {Epäkohta: problem, Hyvä käytäntö: good_practice}
        date_format: "%d.%m.%Y %H:%M"   # optional: how dates are written (Python strptime)
        list_separator: ","             # optional: how multi-choice answers are separated (default ';')

:func:`mapping_problems` lists every problem of the file at once (``load_review`` reports them); the
readers apply a mapping to an export and name the export file, the column and the export's columns when a
required column is not mapped (:mod:`review_tools.readers.social_reports`).
"""

from __future__ import annotations

import datetime as dt
import difflib
import fnmatch
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["FILE", "REPORT_COLUMNS", "REQUIRED", "ENUMS", "MULTI_ENUMS", "DATE_COLUMNS", "ExportMapping",
           "SocialReportColumns", "mapping_for", "mapping_problems"]

FILE = "social_report_columns.yaml"

#: The form's columns; ``feedback_at`` (optional) is the date feedback went back to the reporter.
REPORT_COLUMNS = [
    "report_id", "submitted_at", "language", "reporter_role", "service_area", "county_code",
    "municipality_code", "observation_type", "phenomenon", "phenomenon_title", "description",
    "affected_group", "clients_seen", "trend", "shl11_need_categories", "welfare_codes", "causes",
    "consequences", "sectors_concerned", "proposed_action", "target_actor", "urgency", "processing_status",
    "feedback_at",
]
REQUIRED = ("report_id", "submitted_at", "language", "county_code", "observation_type", "phenomenon", "description")
DATE_COLUMNS = ("submitted_at", "feedback_at")
ENUMS = {
    "language": ("fi", "sv", "en"),
    "reporter_role": ("social_worker", "social_counsellor", "other_professional", "partner", "client", "resident",
                      "expert_by_experience"),
    "observation_type": ("problem", "good_practice", "weak_signal"),
    "trend": ("rising", "stable", "falling", "unknown"),
    "target_actor": ("municipality", "wellbeing_services_county", "state", "ngo", "kela"),
    "urgency": ("low", "medium", "high"),
    "processing_status": ("received", "analysed", "forwarded", "response_received", "closed"),
}
MULTI_ENUMS = {
    "sectors_concerned": ("sote", "housing", "employment", "education", "youth", "planning", "kela", "police", "ngo"),
    "shl11_need_categories": tuple(str(i) for i in range(1, 11)),
}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ExportMapping(_Model):
    """How the exports whose file names match ``files`` name and write the form's columns."""

    files: str = "*"
    columns: dict[str, str] = Field(min_length=1)
    values: dict[str, dict[str, str]] = {}
    date_format: str | None = None
    list_separator: str = ";"


class SocialReportColumns(_Model):
    """``social_report_columns.yaml``: one mapping per kind of export, the first matching one applies."""

    schema_version: Literal[1]
    exports: list[ExportMapping] = Field(min_length=1)


def mapping_for(mapping: SocialReportColumns | None, file_name: str) -> ExportMapping | None:
    """The first export mapping whose ``files`` pattern matches ``file_name`` (case-insensitive), or None."""
    if mapping is None:
        return None
    return next((m for m in mapping.exports if fnmatch.fnmatch(file_name.lower(), m.files.lower())), None)


def mapping_problems(raw: dict) -> list[str]:
    """Every problem of the raw ``social_report_columns.yaml`` beyond its schema, as ``file: key.path: message``.

    A mapped column must be a column of the form; values may be mapped only for
    columns with fixed choices and only onto those choices; a date format must read and write a date.
    """
    data = raw.get("social_report_columns")
    if not isinstance(data, dict) or not isinstance(data.get("exports"), list):
        return []
    ours = REPORT_COLUMNS
    choices = {**ENUMS, **MULTI_ENUMS}
    out = []
    for i, exp in enumerate(data["exports"]):
        if not isinstance(exp, dict):
            continue
        where = f"{FILE}: exports[{i}]"
        columns = exp.get("columns") if isinstance(exp.get("columns"), dict) else {}
        for col, header in columns.items():
            if col not in ours:
                close = difflib.get_close_matches(str(col), ours, n=1)
                out.append(f"{where}.columns.{col}: '{col}' is not a column of the social-report form"
                           f"{f' (did you mean {close[0]}?)' if close else ''}; valid: {', '.join(ours)}")
            if not isinstance(header, str) or not header.strip():
                out.append(f"{where}.columns.{col}: give the export's column header as text")
        seen: dict[str, str] = {}
        for col, header in columns.items():
            if isinstance(header, str) and header in seen:
                out.append(f"{where}.columns.{col}: header '{header}' is already mapped to {seen[header]}")
            seen.setdefault(header if isinstance(header, str) else "", col)
        values = exp.get("values") if isinstance(exp.get("values"), dict) else {}
        for col, table in values.items():
            if col not in choices:
                out.append(f"{where}.values.{col}: only columns with fixed choices take a value mapping; "
                           f"valid: {', '.join(choices)}")
                continue
            for label, value in (table or {}).items() if isinstance(table, dict) else ():
                if str(value) not in choices[col]:
                    out.append(f"{where}.values.{col}.{label}: '{value}' is not a value of {col}; "
                               f"valid: {', '.join(choices[col])}")
        fmt = exp.get("date_format")
        if isinstance(fmt, str):
            try:
                sample = dt.datetime(2024, 11, 23, 14, 5)
                ok = dt.datetime.strptime(sample.strftime(fmt), fmt).date() == sample.date()
            except ValueError:
                ok = False
            if not ok:
                out.append(f"{where}.date_format: '{fmt}' does not read back a date (use strptime codes, "
                           "e.g. '%d.%m.%Y' or '%d.%m.%Y %H:%M')")
    return out
