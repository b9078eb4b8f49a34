"""Light readers for validating run parameters before any stage runs (standard library only, no pandas).

:func:`read_key_records` reads a Statistics Finland municipality key (geofi ``municipality_key_YYYY.csv``) as
plain records; :func:`scan_years` the first and last year of a long indicator file's year column. Both take a
few hundredths of a second, so a bad ``region`` or ``period`` is refused long before pandas is imported.
"""

from __future__ import annotations

import csv
import gzip
import io
from pathlib import Path

from ..errors import CorpusFormatError

__all__ = ["read_key_records", "scan_years"]

_COLUMNS = {"municipality_code": "kunta", "name_fi": "municipality_name_fi", "name_sv": "municipality_name_sv",
            "name_en": "municipality_name_en", "county_code": "hyvinvointialue_code",
            "county_name_fi": "hyvinvointialue_name_fi", "county_name_sv": "hyvinvointialue_name_sv",
            "county_name_en": "hyvinvointialue_name_en", "region_name_fi": "maakunta_name_fi",
            "region_name_sv": "maakunta_name_sv", "region_name_en": "maakunta_name_en"}


def _code(text: str, width: int) -> str:
    t = str(text).strip()
    if t.endswith(".0"):
        t = t[:-2]
    if not t:
        return ""
    return t.zfill(width)[-width:] if width else str(int(t))


def read_key_records(path) -> list[dict]:
    """Read a municipality key as records with ``municipality_code`` (three digits), ``name_fi/sv/en``,
    ``county_code`` (no leading zeros), ``county_name_fi/sv/en`` and ``region_name_fi/sv/en`` (the maakunta).

    Raises
    ------
    CorpusFormatError
        When the file is missing or lacks ``kunta`` or ``municipality_name_fi`` (naming the file), or a code
        is not a number (naming the line).
    """
    path = Path(path)
    if not path.exists():
        raise CorpusFormatError(path, "municipality key not found")
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in ("kunta", "municipality_name_fi") if c not in (reader.fieldnames or [])]
        if missing:
            raise CorpusFormatError(path, f"not a municipality key: column(s) {', '.join(missing)} missing")
        out = []
        for line, row in enumerate(reader, start=2):
            try:
                rec = {ours: (row.get(theirs) or "").strip() for ours, theirs in _COLUMNS.items()}
                rec["municipality_code"] = _code(rec["municipality_code"], 3)
                rec["county_code"] = _code(rec["county_code"], 0)
            except ValueError as exc:
                raise CorpusFormatError(path, f"code is not a number ({exc})", line=line) from exc
            out.append(rec)
    return out


def scan_years(path, column: str = "aika") -> tuple[int, int]:
    """First and last year in ``column`` of a CSV (``.gz`` read compressed).

    Raises
    ------
    CorpusFormatError
        When the file is missing or has no such column or no year.
    """
    path = Path(path)
    if not path.exists():
        raise CorpusFormatError(path, "indicator file not found")
    raw = gzip.open(path, "rb") if path.suffix == ".gz" else open(path, "rb")
    with raw, io.TextIOWrapper(raw, encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader, [])
        if column not in header:
            raise CorpusFormatError(path, f"column {column!r} missing (columns: {', '.join(header)})")
        i = header.index(column)
        # distinct texts first (a panel repeats ten years over 70 000 rows), numbers only for those
        seen = {row[i] for row in reader if len(row) > i and row[i]}
    years = set()
    for text in seen:
        try:
            years.add(int(float(text)))
        except ValueError:
            continue
    if not years:
        raise CorpusFormatError(path, f"no year in column {column!r}")
    return min(years), max(years)
