"""Delimited text (CSV, TSV) and Excel workbooks: one record per data row, nothing lost silently.

CSV is parsed strictly: a row the csv module cannot parse (an unclosed quote, a quote inside an
unquoted field) is counted as a :class:`~.records_types.Skip` with its line and reading goes on
at the next line, so one bad quote never swallows the rows after it. Repeated column names keep
every value (joined with ``"; "``, reported in the notes). Every sheet of a workbook that has a
header row is read, and the notes say which sheets were.
"""

from __future__ import annotations

import csv
import io
import warnings

from ..errors import CorpusFormatError, ReviewToolsWarning
from .limits import check_records, check_zip
from .records_types import RecordFile, Skip

__all__ = ["read_delimited", "read_xlsx", "sniff_delimiter", "strict_csv_rows"]


def sniff_delimiter(text: str, path: str) -> str:
    """The delimiter of the header line (``,``, ``;``, tab or ``|``); tab for ``.tsv``/``.tab`` files."""
    head = text.split("\n", 1)[0]
    if path.lower().endswith((".tsv", ".tab")):
        return "\t"
    counts = {d: head.count(d) for d in (",", ";", "\t", "|")}
    best = max(counts, key=counts.get)
    return best if counts[best] > 0 else ","


def _line_starts(text: str) -> list[int]:
    starts = [0]
    for i, ch in enumerate(text):
        if ch == "\n":
            starts.append(i + 1)
    return starts


def strict_csv_rows(text: str, path: str, *, delimiter: str) -> tuple[list[str], list[tuple[int, list[str]]], list[Skip]]:
    """Parse CSV text strictly.

    Returns
    -------
    header : list of str
    rows : list of (line, row)
        Data rows with the 1-based line where each starts (blank rows left out).
    bad : list of Skip
        Rows that are not valid CSV (``position`` counts every data row, good or bad); reading
        resumes at the line after the bad row's first line.

    Raises
    ------
    CorpusFormatError
        When there is no header row or the header itself is not valid CSV.
    """
    starts = _line_starts(text)
    n_lines = len(starts) - (1 if text.endswith("\n") else 0)
    rows: list[tuple[int, list[str]]] = []
    bad: list[Skip] = []
    header: list[str] | None = None
    line = 1  # 1-based line where the next parse starts
    while line <= n_lines:
        reader = csv.reader(io.StringIO(text[starts[line - 1]:], newline=""), delimiter=delimiter, strict=True)
        row_line = line
        try:
            for row in reader:
                if header is None:
                    header = [h.strip() for h in row]
                elif any(c.strip() for c in row):
                    rows.append((row_line, row))
                row_line = line + reader.line_num
            break
        except csv.Error as exc:
            if header is None:
                raise CorpusFormatError(path, f"the header row is not valid CSV ({exc})", line=row_line) from None
            reason = ("has a quote that is never closed" if "unexpected end of data" in str(exc)
                      else f"is not valid CSV ({exc})")
            bad.append(Skip(len(rows) + len(bad) + 1, row_line, reason))
            line = row_line + 1
    if header is None:
        raise CorpusFormatError(path, "empty file: no header row", line=1)
    # positions count good and bad rows in file order
    return header, rows, bad


def read_delimited(text: str, path: str, result: RecordFile) -> None:
    """Read a CSV/TSV export into ``result`` (one record per data row, bad rows skipped and counted)."""
    delim = sniff_delimiter(text, path)
    header, rows, bad = strict_csv_rows(text, path, delimiter=delim)
    if not any(header):
        raise CorpusFormatError(path, "the first row (header) is empty; the first row must name the columns", line=1)
    check_records(len(rows) + len(bad), path, "rows")
    events = sorted([(line, "row", row) for line, row in rows] + [(s.line, "bad", s) for s in bad],
                    key=lambda e: e[0])
    repeated = sorted({h for h in header if h and header.count(h) > 1})
    long_rows: list[int] = []
    for pos, (line, kind, item) in enumerate(events, start=1):
        if kind == "bad":
            result.skipped.append(Skip(pos, line, item.reason))
            warnings.warn(f"{path}, line {line}: row {pos} {item.reason}; skipped", ReviewToolsWarning, stacklevel=3)
            continue
        row = item
        extra = row[len(header):]
        if any(c.strip() for c in extra):
            long_rows.append(line)
        row = row[: len(header)] + [""] * (len(header) - len(row))
        fields_: dict[str, str] = {}
        for h, v in zip(header, row, strict=False):
            if h and v.strip() != "":
                fields_[h] = f"{fields_[h]}; {v}" if h in fields_ else v
        for k, v in enumerate(extra, start=1):
            if v.strip():
                fields_[f"_extra_{k}"] = v
        result.records.append({"position": pos, "line": line, "fields": fields_})
    result.markers = len(events)
    if repeated:
        msg = f"column name(s) {repeated} appear more than once; their values were joined with '; '"
        result.notes.append(msg)
        warnings.warn(f"{path}: {msg}", ReviewToolsWarning, stacklevel=3)
    if long_rows:
        shown = ", ".join(map(str, long_rows[:10])) + (" ..." if len(long_rows) > 10 else "")
        msg = (f"{len(long_rows)} row(s) have more fields than the header's {len(header)} columns "
               f"(lines {shown}); they were kept, values past the header are in '_extra_N' "
               "fields and columns near the end of those rows may be shifted")
        result.notes.append(msg)
        warnings.warn(f"{path}: {msg}", ReviewToolsWarning, stacklevel=3)


def read_xlsx(data: bytes, path: str, result: RecordFile) -> None:
    """Read every sheet of a workbook whose first row names columns; one record per non-empty row.

    The zip members' sizes are checked before openpyxl decompresses anything
    (:func:`~.limits.check_zip`). Records carry ``sheet`` and the sheet's row number as ``line``.
    """
    import openpyxl

    check_zip(io.BytesIO(data), path, "Excel (.xlsx)")
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types on a corrupt workbook
        raise CorpusFormatError(path, f"not a readable .xlsx workbook ({type(exc).__name__}: {exc})") from None
    pos, read, empty = 0, [], []
    try:
        for ws in wb.worksheets:
            rows = ws.iter_rows(values_only=True)
            header_row = next(rows, None)
            header = ["" if c is None else str(c).strip() for c in (header_row or ())]
            if not any(header):
                empty.append(ws.title)
                continue
            read.append(ws.title)
            repeated = sorted({h for h in header if h and header.count(h) > 1})
            if repeated:
                result.notes.append(f"sheet '{ws.title}': column name(s) {repeated} repeat; values joined with '; '")
            for i, row in enumerate(rows, start=2):
                values = ["" if v is None else str(v) for v in row]
                if not any(v.strip() for v in values):
                    continue
                pos += 1
                check_records(pos, path, "rows")
                fields_: dict[str, str] = {}
                for h, v in zip(header, values, strict=False):
                    if h and v.strip() != "":
                        fields_[h] = f"{fields_[h]}; {v}" if h in fields_ else v
                for k, v in enumerate(values[len(header):], start=1):
                    if v.strip():
                        fields_[f"_extra_{k}"] = v
                result.records.append({"position": pos, "line": i, "sheet": ws.title, "fields": fields_})
    finally:
        wb.close()
    if not read:
        raise CorpusFormatError(path, "no sheet has a header row; the first row of a sheet must name the columns")
    if len(wb.worksheets) > 1:
        msg = f"read {len(read)} sheet(s) with a header row: {read}" + (f"; left out empty sheet(s) {empty}" if empty else "")
        result.notes.append(msg)
        warnings.warn(f"{path}: {msg}", ReviewToolsWarning, stacklevel=3)
    result.markers = pos
