"""Statistics Finland PxWeb JSON-stat2 responses and plain long CSV indicator tables, into the tidy
schema; :func:`read_indicator_table` recognises any supported format from the file's content.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import CorpusFormatError
from ._encoding import read_text
from .sotkanet_tables import (
    parse_sotkanet_rows,
    read_sotkanet_csv,
    read_sotkanet_panel,
)
from .tidy import (
    COUNTRY_CODE,
    GENDERS,
    LEVELS,
    TIDY_COLUMNS,
    finish,
    load_json,
    normalise_region_code,
    text_io,
    warn_rejected,
)

__all__ = ["parse_jsonstat2", "read_pxweb_json", "read_long_csv", "read_indicator_table"]

# PxWeb area-code prefixes -> level.
_PX_PREFIXES = {"KU": "municipality", "SK": "subregion", "MK": "region", "HV": "county"}
_PX_SEX = {"SSS": "total", "1": "male", "2": "female", "S": "total", "T": "total"}


def parse_jsonstat2(doc, *, source: str = "statfin", retrieval_date: str = "", path="<json-stat2>") -> pd.DataFrame:
    """Turn a PxWeb JSON-stat2 dataset into the tidy schema.

    The geographic dimension (role ``geo``, or named ``Alue``) gives the region, the time
    dimension the year, a sex dimension (``Sukupuoli``) the gender; every other dimension with
    more than one category, or the metric dimension, forms ``indicator_id`` (codes joined by
    ``/``). Values are in row-major order of ``id``.

    Raises
    ------
    CorpusFormatError
        When the document is not a JSON-stat2 dataset or its sizes disagree with ``value``.
    """
    if not isinstance(doc, dict) or doc.get("class") != "dataset" or "id" not in doc or "dimension" not in doc:
        raise CorpusFormatError(path, "not a JSON-stat2 dataset (needs class 'dataset', 'id', 'dimension')")
    dims, size = list(doc["id"]), list(doc.get("size", []))
    values = doc.get("value")
    if isinstance(values, dict):  # sparse form
        n = int(np.prod(size))
        dense = [None] * n
        for k, v in values.items():
            dense[int(k)] = v
        values = dense
    if len(dims) != len(size) or values is None or len(values) != int(np.prod(size)):
        raise CorpusFormatError(path, f"dimension sizes {size} do not match {len(values or [])} values")
    role = doc.get("role", {})
    geo = (role.get("geo") or [d for d in dims if d.lower() in ("alue", "area", "region")] or [None])[0]
    time = (role.get("time") or [d for d in dims if d.lower() in ("vuosi", "year")] or [None])[0]
    metric = (role.get("metric") or [None])[0]
    sex = next((d for d in dims if d.lower() in ("sukupuoli", "sex", "kön")), None)
    if geo is None or time is None:
        raise CorpusFormatError(path, "JSON-stat2 dataset has no region or no time dimension")
    codes = {}
    for d in dims:
        idx = doc["dimension"][d]["category"]["index"]
        codes[d] = list(idx) if isinstance(idx, list) else sorted(idx, key=idx.get)
    extra = [d for d in dims if d not in (geo, time, sex) and (len(codes[d]) > 1)]
    if not extra and metric is not None:
        extra = [metric]
    grid = pd.MultiIndex.from_product([codes[d] for d in dims], names=dims).to_frame(index=False)
    grid["value"] = pd.to_numeric(pd.Series(values, dtype=object), errors="coerce").to_numpy()
    ind = grid[extra].astype(str).agg("/".join, axis=1) if extra else pd.Series("value", index=grid.index)
    levels, region_codes = [], []
    for c in grid[geo].astype(str):
        if c.upper() == COUNTRY_CODE:
            levels.append("country")
            region_codes.append(COUNTRY_CODE)
            continue
        level = _PX_PREFIXES.get(c[:2].upper(), "municipality" if c.isdigit() else "other")
        levels.append(level)
        try:
            region_codes.append(normalise_region_code(c, level))
        except ValueError:
            region_codes.append(c)
    gender = grid[sex].astype(str).map(lambda s: _PX_SEX.get(s, s)) if sex else "total"
    out = pd.DataFrame(
        {
            "indicator_id": ind,
            "region_code": region_codes,
            "region_level": levels,
            "year": pd.to_numeric(grid[time], errors="coerce"),
            "gender": gender,
            "value": grid["value"],
            "absolute_value": np.nan,
            "source": source,
            "retrieval_date": retrieval_date or str(doc.get("updated", ""))[:10],
        }
    )
    n_missing = int(out["value"].isna().sum())
    if n_missing:
        warn_rejected(path, [(int(i) + 1, "no value") for i in np.flatnonzero(out["value"].isna())], len(out) - n_missing)
    return finish(out[out["value"].notna()])


def read_pxweb_json(path, *, source: str = "statfin", retrieval_date: str = "") -> pd.DataFrame:
    """Read a saved PxWeb JSON-stat2 response (see :func:`parse_jsonstat2`)."""
    return parse_jsonstat2(load_json(path), source=source, retrieval_date=retrieval_date, path=str(path))


# ---------------------------------------------------------------- plain long CSV

_LONG_ALIASES = {
    "indicator": "indicator_id",
    "indicator_id": "indicator_id",
    "region": "region_code",
    "region_code": "region_code",
    "municipality_code": "region_code",
    "kunta": "region_code",
    "year": "year",
    "vuosi": "year",
    "gender": "gender",
    "sex": "gender",
    "value": "value",
    "primary.value": "value",
    "primary value": "value",
    "arvo": "value",
    "absolute_value": "absolute_value",
    "absolute.value": "absolute_value",
    "absvalue": "absolute_value",
    "region_level": "region_level",
    "source": "source",
    "retrieval_date": "retrieval_date",
}


def read_long_csv(
    path,
    *,
    indicator_id: str | None = None,
    region_level: str | None = None,
    source: str = "local",
    retrieval_date: str = "",
) -> pd.DataFrame:
    """Read a plain long CSV: one row per indicator, region, year (and gender).

    Columns (case-insensitive; common aliases such as ``municipality_code`` and
    ``primary.value`` accepted): ``indicator_id, region_code, year, value`` and optionally
    ``region_level, gender, absolute_value, source, retrieval_date``.

    Parameters
    ----------
    path : path-like
        The CSV file (comma or semicolon separated, UTF-8).
    indicator_id : str, optional
        Used when the file has no indicator column (e.g. ``sotkadata_population.csv`` is
        indicator 127).
    region_level : str, optional
        Used when the file has no ``region_level`` column; default ``municipality``.
    source, retrieval_date : str
        Defaults for files without those columns.

    Returns
    -------
    DataFrame
        Tidy rows. Rows with a bad region code, year or value are rejected with one warning
        giving the row numbers and exact counts.

    Raises
    ------
    CorpusFormatError
        When a required column is missing, naming it.
    """
    text, _ = read_text(path)
    first = text.splitlines()[0] if text else ""
    sep = ";" if first.count(";") > first.count(",") else ","
    df = pd.read_csv(text_io(text), sep=sep, dtype=str, keep_default_na=False)
    df.columns = [_LONG_ALIASES.get(c.strip().lower(), c.strip().lower()) for c in df.columns]
    if "indicator_id" not in df.columns:
        if indicator_id is None:
            raise CorpusFormatError(path, "no indicator column; give indicator_id= for a one-indicator file", field="indicator_id")
        df["indicator_id"] = indicator_id
    for col in ("region_code", "year", "value"):
        if col not in df.columns:
            raise CorpusFormatError(path, f"required column '{col}' missing", field=col)
    if "region_level" not in df.columns:
        df["region_level"] = region_level or "municipality"
    for col, default in (("gender", "total"), ("absolute_value", ""), ("source", source), ("retrieval_date", retrieval_date)):
        if col not in df.columns:
            df[col] = default
    rows, rejected = [], []
    for i, rec in enumerate(df.to_dict("records"), start=2):
        level = rec["region_level"].strip() or "municipality"
        if level not in LEVELS:
            rejected.append((i, f"region_level {level!r} not one of {LEVELS}"))
            continue
        try:
            code = normalise_region_code(rec["region_code"], level)
        except ValueError as exc:
            rejected.append((i, str(exc)))
            continue
        try:
            year = int(float(rec["year"]))
        except ValueError:
            rejected.append((i, f"year {rec['year']!r} is not a number"))
            continue
        try:
            value = float(str(rec["value"]).replace(",", "."))
        except ValueError:
            rejected.append((i, f"value {rec['value']!r} is not a number"))
            continue
        if np.isnan(value):
            rejected.append((i, "no value"))
            continue
        gender = (rec["gender"] or "total").strip().lower()
        if gender not in GENDERS:
            rejected.append((i, f"gender {gender!r} not one of {GENDERS}"))
            continue
        absval = str(rec["absolute_value"]).replace(",", ".").strip()
        rows.append(
            {
                "indicator_id": str(rec["indicator_id"]).strip(),
                "region_code": code,
                "region_level": level,
                "year": year,
                "gender": gender,
                "value": value,
                "absolute_value": float(absval) if absval else np.nan,
                "source": rec["source"] or source,
                "retrieval_date": rec["retrieval_date"] or retrieval_date,
            }
        )
    warn_rejected(path, rejected, len(rows))
    return finish(pd.DataFrame(rows, columns=TIDY_COLUMNS))


def read_indicator_table(path, **kwargs) -> pd.DataFrame:
    """Read any supported indicator file, choosing the reader from its content.

    JSON-stat2 documents go to :func:`read_pxweb_json`, JSON arrays to
    :func:`read_sotkanet_json` (needs ``regions=``), CSV with ``Muuttuja`` to
    :func:`read_sotkanet_panel` (needs ``municipalities=`` and ``indicator_list=``), CSV with
    ``primary value`` and a ``region`` id column to :func:`read_sotkanet_csv`, any other CSV to
    :func:`read_long_csv`. Keyword arguments go to the chosen reader.
    """
    path = Path(path)
    text, _ = read_text(path)
    head = text.lstrip()[:1]
    if head in ("{", "["):
        doc = json.loads(text)
        if isinstance(doc, dict):
            return parse_jsonstat2(doc, path=str(path), **kwargs)
        return parse_sotkanet_rows(doc, kwargs.pop("regions"), path=str(path), **kwargs)
    header = text.splitlines()[0].lower() if text else ""
    if "muuttuja" in header:
        return read_sotkanet_panel(path, **kwargs)
    if ("primary value" in header or "primary.value" in header) and re.search(r"(^|[;,])region([;,]|$)", header):
        return read_sotkanet_csv(path, **kwargs)
    return read_long_csv(path, **kwargs)
