"""Read and validate social-report form exports (CSV or XLSX, one row per report).

Columns are those agreed for the form export (``report_id, submitted_at, language,
reporter_role, service_area, county_code, municipality_code, observation_type, phenomenon,
phenomenon_title, description, affected_group, clients_seen, trend, shl11_need_categories,
welfare_codes, causes, consequences, sectors_concerned, proposed_action, target_actor,
urgency, processing_status``, optionally ``feedback_at``); exports of other form tools are mapped onto
them by the review's ``social_report_columns.yaml`` (:mod:`review_tools._config_social_reports`,
applied by :func:`apply_mapping`). Every field is checked; a row with an invalid or missing
required value is rejected, and one :class:`~review_tools.errors.ReviewToolsWarning` names the
rejected rows (spreadsheet row numbers, header = row 1) with the exact counts.

The exports are personal data: messages name the file (by a pseudonymous label, see
:func:`review_tools.provenance.personal_label`), the row and the field, never a cell's value.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .._config_social_reports import (
    ENUMS,
    MULTI_ENUMS,
    REPORT_COLUMNS,
    REQUIRED,
    ExportMapping,
    mapping_for,
)
from ..errors import CorpusFormatError, ReviewToolsWarning
from ._encoding import read_text

__all__ = ["REPORT_COLUMNS", "ENUMS", "ReportExport", "apply_mapping", "read_social_reports", "read_social_report_export",
           "validate_reports"]

def _split(value: str) -> list[str]:
    return [p.strip() for p in str(value).split(";") if p.strip()]


def validate_reports(
    raw: pd.DataFrame,
    *,
    counties=None,
    municipalities: dict[str, str] | None = None,
    codes=None,
    path="<reports>",
) -> pd.DataFrame:
    """Validate every field of a form export and return the accepted rows.

    Parameters
    ----------
    raw : DataFrame
        All columns as strings (blank = missing), one row per report.
    counties : iterable of str, optional
        Valid county codes (the current key); checked when given.
    municipalities : dict, optional
        ``{municipality_code: county_code}`` (today's key, historical codes mapped); when given,
        a municipality code must exist and lie in the report's county.
    codes : iterable of str, optional
        Valid codebook ids for ``welfare_codes``.
    path : str
        Used in messages.

    Returns
    -------
    DataFrame
        Accepted reports with normalised values: ``submitted_at`` as ISO date text, county codes
        without leading zeros, municipality codes with three digits, ``clients_seen`` as nullable
        integer.

    Raises
    ------
    CorpusFormatError
        When required columns are missing.
    """
    out, rejected = _validate(raw, counties=counties, municipalities=municipalities, codes=codes, path=path)
    _warn(path, len(out), rejected)
    return out


def _warn(path, accepted: int, rejected: list[tuple[int, str]]) -> None:
    if rejected:
        shown = " | ".join(f"row {r}: {m}" for r, m in rejected[:10])
        more = f" (and {len(rejected) - 10} more)" if len(rejected) > 10 else ""
        warnings.warn(f"{path}: {accepted} reports accepted, {len(rejected)} rejected: {shown}{more}",
                      ReviewToolsWarning, stacklevel=3)


def _validate(raw: pd.DataFrame, *, counties, municipalities, codes, path) -> tuple[pd.DataFrame, list[tuple[int, str]]]:
    """Validate the rows; return the accepted reports and ``(row number, problems)`` of the rejected."""
    missing = [c for c in REQUIRED if c not in raw.columns]
    if missing:
        shown = [c for c in raw.columns if c != "__extra_cells"]
        raise CorpusFormatError(path, f"not a social-report export: required column(s) {', '.join(missing)} missing; "
                                      f"the file's columns are: {', '.join(map(str, shown))}; map the export's "
                                      "own headers in the review's social_report_columns.yaml")
    extra = raw["__extra_cells"].tolist() if "__extra_cells" in raw.columns else ["0"] * len(raw)
    df = raw.reindex(columns=REPORT_COLUMNS, fill_value="").fillna("").astype(str).apply(lambda s: s.str.strip())
    county_set = {str(int(c)) for c in counties} if counties is not None else None
    code_set = set(codes) if codes is not None else None
    rows, rejected, seen = [], [], {}
    for i, rec in enumerate(df.to_dict("records"), start=2):
        # messages name the field and what is valid, never the value: a cell may hold personal data
        problems = [f"{c} is missing" for c in REQUIRED if not rec[c]]
        if extra[i - 2] not in ("", "0"):
            problems.append(f"the row has {extra[i - 2]} more cell(s) than the header (a missing quote?)")
        if rec["report_id"] and rec["report_id"] in seen:
            problems.append(f"report_id repeats the report_id of row {seen[rec['report_id']]}")
        if rec["submitted_at"]:
            try:
                rec["submitted_at"] = dt.date.fromisoformat(rec["submitted_at"][:10]).isoformat()
            except ValueError:
                problems.append("submitted_at is not a date YYYY-MM-DD")
        if rec["feedback_at"]:
            try:
                rec["feedback_at"] = dt.date.fromisoformat(rec["feedback_at"][:10]).isoformat()
                if rec["submitted_at"] and rec["feedback_at"] < rec["submitted_at"]:
                    problems.append("feedback_at is before submitted_at")
            except ValueError:
                problems.append("feedback_at is not a date YYYY-MM-DD")
        county_ok = False
        if rec["county_code"]:
            cc = rec["county_code"].removesuffix(".0")
            if not cc.isdigit() or (county_set is not None and str(int(cc)) not in county_set):
                problems.append("county_code is not a wellbeing services county code")
            else:
                rec["county_code"] = str(int(cc))
                county_ok = True
        if rec["municipality_code"]:
            mc = rec["municipality_code"].removesuffix(".0")
            if not mc.isdigit() or len(mc) > 3:
                problems.append("municipality_code is not a number of up to three digits")
            else:
                mc = mc.zfill(3)
                rec["municipality_code"] = mc
                if municipalities is not None:
                    if mc not in municipalities:
                        problems.append(f"municipality_code {mc} is not a Finnish municipality code")
                    elif county_ok and municipalities[mc] != rec["county_code"]:
                        problems.append(f"municipality {mc} lies in county {municipalities[mc]}, not {rec['county_code']}")
        for col, allowed in ENUMS.items():
            if rec[col] and rec[col] not in allowed:
                problems.append(f"{col} is not one of {list(allowed)}")
        for col, allowed in MULTI_ENUMS.items():
            bad = [p for p in _split(rec[col]) if p not in allowed]
            if bad:
                problems.append(f"{col} has {len(bad)} value(s) not in {list(allowed)} (separate values with ';')")
        if code_set is not None:
            bad = [p for p in _split(rec["welfare_codes"]) if p not in code_set]
            if bad:
                problems.append(f"welfare_codes has {len(bad)} value(s) that are not codebook ids")
        if rec["clients_seen"]:
            if not re.fullmatch(r"\d+(\.0)?", rec["clients_seen"]):
                problems.append("clients_seen is not a whole number")
        if problems:
            rejected.append((i, "; ".join(problems)))
            continue
        seen[rec["report_id"]] = i
        rows.append(rec)
    out = pd.DataFrame(rows, columns=REPORT_COLUMNS)
    out["clients_seen"] = pd.to_numeric(out["clients_seen"].replace("", None), errors="coerce").astype("Int64")
    return out, rejected


@dataclass
class ReportExport:
    """A social-report export as read: the accepted reports and what was rejected.

    Attributes
    ----------
    reports : DataFrame
        The accepted, normalised reports (see :func:`validate_reports`).
    files : list of str
        The export files read, in order, by their pseudonymous labels
        (:func:`review_tools.provenance.personal_label`).
    rows_read : int
        Data rows in the files (header excluded).
    rejected : list of dict
        One ``{"file", "row", "problem"}`` per rejected row (spreadsheet row number, header = 1);
        a report repeated in a later file is rejected there as a duplicate.
    accepted_rows : list of int
        Spreadsheet row numbers of the accepted reports (for one file).
    """

    reports: pd.DataFrame
    files: list[str] = field(default_factory=list)
    rows_read: int = 0
    rejected: list[dict] = field(default_factory=list)
    accepted_rows: list[int] = field(default_factory=list)

    @property
    def accepted(self) -> int:
        """Number of accepted reports."""
        return len(self.reports)


def read_social_reports(path, *, counties=None, municipalities=None, codes=None, columns=None) -> pd.DataFrame:
    """Read a social-report export (``.csv`` UTF-8, or ``.xlsx``) and validate it.

    A folder is read file by file (``*.csv`` and ``*.xlsx``, sorted) and the rows concatenated.
    See :func:`validate_reports` for the checks and the keyword arguments; ``columns`` is the review's
    column mapping (``cfg.social_report_columns``, see :func:`apply_mapping`).

    Raises
    ------
    CorpusFormatError
        When the file cannot be read or lacks required columns.
    """
    return read_social_report_export(path, counties=counties, municipalities=municipalities, codes=codes,
                                     columns=columns).reports


def read_social_report_export(path, *, counties=None, municipalities=None, codes=None, columns=None) -> ReportExport:
    """Read and validate an export file or folder, keeping the counts of accepted and rejected rows.

    Same reading, checks and warnings as :func:`read_social_reports`; the result also says which
    files were read, how many rows they held and which rows were rejected and why.

    Returns
    -------
    ReportExport

    Raises
    ------
    CorpusFormatError
        When a file cannot be read or lacks required columns, or a folder holds no export.
    """
    path = Path(path)
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix.lower() in (".csv", ".xlsx"))
        if not files:
            raise CorpusFormatError(path, "no .csv or .xlsx social-report exports in this folder")
        parts = [read_social_report_export(p, counties=counties, municipalities=municipalities, codes=codes, columns=columns)
                 for p in files]
        out = pd.concat([p.reports for p in parts], ignore_index=True)
        rejected = [r for p in parts for r in p.rejected]
        origin = [(p.files[0], row) for p in parts for row in p.accepted_rows]
        dup = out["report_id"].duplicated()
        if dup.any():
            warnings.warn(f"{path}: {int(dup.sum())} reports appear in more than one file; the first is kept",
                          ReviewToolsWarning, stacklevel=2)
            rejected += [{"file": origin[i][0], "row": origin[i][1],
                          "problem": "report_id appears in an earlier file; the first is kept"}
                         for i in dup[dup].index]
            out = out[~dup].reset_index(drop=True)
        return ReportExport(out, [f for p in parts for f in p.files], sum(p.rows_read for p in parts), rejected)
    from ..provenance import personal_label

    if not path.is_file():
        raise CorpusFormatError(path, "file not found")
    label = personal_label(path, kind="social_reports")
    if path.suffix.lower() == ".xlsx":
        from .limits import check_zip

        check_zip(path, label, "Excel (.xlsx)")
        try:
            raw = pd.read_excel(path, dtype=str, keep_default_na=False)
        except Exception as exc:  # openpyxl raises several types for broken workbooks
            raise CorpusFormatError(label, f"cannot read the workbook ({type(exc).__name__})") from exc
    else:
        from .records_delimited import strict_csv_rows

        text, _ = read_text(path)
        header, body, bad = strict_csv_rows(text, label, delimiter=",")
        if bad:  # a broken row is never read (it may have swallowed the rows after it): refuse the file
            raise CorpusFormatError(label, f"{bad[0].reason}; fix the quoting of that row", line=bad[0].line)
        width = len(header)
        raw = pd.DataFrame([r[:width] + [""] * (width - len(r)) for _, r in body], columns=_unique(header), dtype=str)
        raw["__extra_cells"] = [str(sum(bool(c.strip()) for c in r[width:])) for _, r in body]
    from .limits import check_records

    check_records(len(raw), label, "reports")
    raw.columns = [str(c).strip() for c in raw.columns]
    mapping = mapping_for(columns, path.name)
    if mapping is not None:
        raw = apply_mapping(raw, mapping, label)
    n_rows = len(raw)
    out, rejected = _validate(raw, counties=counties, municipalities=municipalities, codes=codes, path=label)
    _warn(label, len(out), rejected)
    bad_rows = {r for r, _ in rejected}
    accepted_rows = [i for i in range(2, n_rows + 2) if i not in bad_rows]
    return ReportExport(out, [label], n_rows, [{"file": label, "row": r, "problem": m} for r, m in rejected],
                        accepted_rows)


def _unique(header: list[str]) -> list[str]:
    """Column names with repeats numbered (``description``, ``description_2``), so none is lost."""
    seen: dict[str, int] = {}
    out = []
    for h in header:
        seen[h] = seen.get(h, 0) + 1
        out.append(h if seen[h] == 1 else f"{h}_{seen[h]}")
    return out


def _columns_text(raw: pd.DataFrame) -> str:
    return ", ".join(f"'{c}'" for c in raw.columns if c != "__extra_cells")


def _to_iso(value: str, fmt: str) -> str:
    """A date written as ``fmt`` (or its date part alone, or ISO as a workbook's date cells are read) as ``YYYY-MM-DD``;
    anything else unchanged (the row's check then names the field)."""
    text = str(value).strip()
    if not text:
        return ""
    for f in (fmt, fmt.split()[0] if fmt.split() else fmt, "%Y-%m-%d %H:%M:%S", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, f).date().isoformat()
        except ValueError:
            continue
    return text


def apply_mapping(raw: pd.DataFrame, mapping: ExportMapping, path) -> pd.DataFrame:
    """Rename an export's own headers onto the form's columns and translate its answers.

    Parameters
    ----------
    raw : DataFrame
        The export as read (all cells text).
    mapping : ExportMapping
        The entry of ``social_report_columns.yaml`` whose ``files`` pattern matches the export.
    path : str
        The export's (pseudonymous) label, for messages.

    Returns
    -------
    DataFrame
        The form's columns (those the export has), values mapped, multi-choice answers joined by ``;``,
        dates as ``YYYY-MM-DD``.

    Raises
    ------
    CorpusFormatError
        Naming the export, the column and the export's columns, when a mapped header is not in the export
        or a required column is neither mapped nor present under its own name.
    """
    from .._config_social_reports import DATE_COLUMNS, FILE

    for col, header in mapping.columns.items():
        if header not in raw.columns:
            raise CorpusFormatError(path, f"{FILE} maps {col} to the column '{header}', which this export does not "
                                          f"have; the export's columns are: {_columns_text(raw)}")
    unmapped = [c for c in REQUIRED if c not in mapping.columns and c not in raw.columns]
    if unmapped:
        raise CorpusFormatError(path, f"required column {unmapped[0]}"
                                      f"{' (and ' + ', '.join(unmapped[1:]) + ')' if unmapped[1:] else ''} is not mapped "
                                      f"in {FILE} and the export has no column of that name; the export's columns "
                                      f"are: {_columns_text(raw)}")
    out = pd.DataFrame(index=raw.index)
    for col in REPORT_COLUMNS:
        source = mapping.columns.get(col, col)
        if source in raw.columns:
            out[col] = raw[source].fillna("").astype(str)
    if "__extra_cells" in raw.columns:
        out["__extra_cells"] = raw["__extra_cells"]
    multi = [c for c in (*MULTI_ENUMS, "welfare_codes") if c in out.columns]
    for col in multi:
        parts = out[col].map(lambda x: [p.strip() for p in x.split(mapping.list_separator) if p.strip()])
        table = mapping.values.get(col, {})
        out[col] = parts.map(lambda ps, table=table: ";".join(table.get(p, p) for p in ps))
    for col, table in mapping.values.items():
        if col in out.columns and col not in multi:
            out[col] = out[col].map(lambda x, table=table: table.get(x.strip(), x))
    if mapping.date_format:
        for col in DATE_COLUMNS:
            if col in out.columns:
                out[col] = out[col].map(lambda x: _to_iso(x, mapping.date_format))
    return out
