"""Sotkanet indicator data: ``/json`` data rows, ``/csv`` exports and the long panel of
ouzor/sotkanet-shiny (``Muuttuja, Alue, Vuosi, Arvo, Maakunta``), each into the tidy schema
(:mod:`review_tools.readers.tidy`).

``/json`` and ``/csv`` rows name Sotkanet's internal region id, joined to official codes through
the saved ``/regions`` response (:func:`review_tools.readers.reference_tables.read_sotkanet_regions`).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..errors import CorpusFormatError
from ._encoding import read_text
from .reference_tables import clean_title, read_sotkanet_regions
from .tidy import GENDERS, TIDY_COLUMNS, finish, load_json, text_io, warn_rejected

__all__ = ["parse_sotkanet_rows", "read_sotkanet_json", "read_sotkanet_csv", "read_sotkanet_panel", "read_sotkanet_regions"]


def _region_lookup(regions: pd.DataFrame | None) -> dict[int, tuple[str, str]]:
    if regions is None:
        return {}
    return {
        int(i): (c, lv)
        for i, c, lv in zip(regions["sotkanet_id"], regions["code"], regions["level"], strict=True)
    }


def parse_sotkanet_rows(
    rows, regions: pd.DataFrame, *, source: str = "sotkanet", retrieval_date: str = "", path="<response>"
) -> pd.DataFrame:
    """Turn Sotkanet data rows (``/json`` or ``/csv``) into the tidy schema.

    Parameters
    ----------
    rows : list of dict
        Each with ``indicator``, ``region`` (Sotkanet internal id), ``year``, ``gender``,
        ``value`` and optionally ``absValue``.
    regions : DataFrame
        The region table of :func:`parse_sotkanet_regions`, to turn internal ids into codes.
    source, retrieval_date : str
        Copied to every row.
    path : str
        Used in messages.

    Returns
    -------
    DataFrame
        Tidy rows; rows of unknown regions or without a value are rejected with one
        :class:`~review_tools.errors.ReviewToolsWarning` giving exact counts.

    Raises
    ------
    CorpusFormatError
        When ``rows`` is not a list of objects with the required keys.
    """
    if not isinstance(rows, list):
        raise CorpusFormatError(path, f"expected a JSON array of data rows, got {type(rows).__name__}")
    lookup = _region_lookup(regions)
    out, rejected = [], []
    for i, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            raise CorpusFormatError(path, "a data row must be an object", line=i)
        missing = [k for k in ("indicator", "region", "year") if k not in row]
        if missing:
            raise CorpusFormatError(path, f"data row lacks {', '.join(missing)}", line=i)
        value = row.get("value", row.get("primary value", row.get("primary.value")))
        if value is None or (isinstance(value, float) and np.isnan(value)) or value == "":
            rejected.append((i, "no value"))
            continue
        try:
            region_id = int(row["region"])
        except (TypeError, ValueError):
            rejected.append((i, f"region {row['region']!r} is not a Sotkanet region id"))
            continue
        if region_id not in lookup:
            rejected.append((i, f"unknown Sotkanet region id {region_id}"))
            continue
        gender = str(row.get("gender", "total") or "total").lower()
        if gender not in GENDERS:
            rejected.append((i, f"gender {gender!r} is not one of {GENDERS}"))
            continue
        code, level = lookup[region_id]
        absval = row.get("absValue", row.get("absolute value", row.get("absolute.value")))
        out.append(
            {
                "indicator_id": str(int(row["indicator"])),
                "region_code": code,
                "region_level": level,
                "year": int(row["year"]),
                "gender": gender,
                "value": float(value),
                "absolute_value": float(absval) if absval not in (None, "") else np.nan,
                "source": source,
                "retrieval_date": retrieval_date,
            }
        )
    warn_rejected(path, rejected, len(out))
    return finish(pd.DataFrame(out, columns=TIDY_COLUMNS))


def read_sotkanet_json(path, regions: pd.DataFrame, *, retrieval_date: str = "") -> pd.DataFrame:
    """Read a saved Sotkanet ``/json`` data response (see :func:`parse_sotkanet_rows`)."""
    return parse_sotkanet_rows(
        load_json(path), regions, source="sotkanet", retrieval_date=retrieval_date, path=str(path)
    )


def read_sotkanet_csv(path, regions: pd.DataFrame, *, retrieval_date: str = "") -> pd.DataFrame:
    """Read a Sotkanet ``/csv`` export (``;``-separated, decimal point).

    The header is ``indicator;region;year;gender;primary value;absolute value`` (R's
    ``read.csv2`` spelling with dots is accepted too); ``region`` is Sotkanet's internal id.
    """
    text, _ = read_text(path)
    sep = ";" if text.splitlines()[0].count(";") >= 3 else ","
    df = pd.read_csv(text_io(text), sep=sep, dtype=str, keep_default_na=False)
    df.columns = [c.strip().lower().replace(".", " ") for c in df.columns]
    need = {"indicator", "region", "year", "primary value"}
    if not need <= set(df.columns):
        raise CorpusFormatError(
            path, f"not a Sotkanet CSV export: columns {sorted(need - set(df.columns))} missing"
        )
    rows = []
    for rec in df.to_dict("records"):
        rows.append(
            {
                "indicator": rec["indicator"],
                "region": rec["region"],
                "year": rec["year"],
                "gender": rec.get("gender", "total"),
                "value": rec["primary value"].replace(",", ".") or None,
                "absValue": (rec.get("absolute value") or "").replace(",", ".") or None,
            }
        )
    return parse_sotkanet_rows(rows, regions, source="sotkanet", retrieval_date=retrieval_date, path=str(path))


def read_sotkanet_panel(
    path,
    municipalities: pd.DataFrame,
    indicator_list: pd.DataFrame,
    *,
    indicators=None,
    source: str = "sotkanet",
    retrieval_date: str = "",
) -> pd.DataFrame:
    """Read the long municipality panel ``Muuttuja, Alue, Vuosi, Arvo, Maakunta``.

    Parameters
    ----------
    path : path-like
        The panel CSV (e.g. ``sotkanet_kunta_long_1990_2012.csv``).
    municipalities : DataFrame
        Area name -> code: ``name, code`` and optionally ``level`` (default ``municipality``),
        e.g. from :func:`read_panel_municipalities`; for the regional panel, region names and
        codes with ``level="region"``.
    indicator_list : DataFrame
        From :func:`read_sotkanet_indicator_list` (indicator title -> Sotkanet id).
    indicators : iterable of str, optional
        Keep only these Sotkanet ids (as strings).
    source, retrieval_date : str
        Copied to every row.

    Returns
    -------
    DataFrame
        Tidy rows (gender ``total``). Rows whose title or area is unknown, or whose value is
        missing, are rejected with one warning giving exact counts.

    Raises
    ------
    CorpusFormatError
        When the columns are not those of the panel.
    """
    df = pd.read_csv(path, dtype={"Muuttuja": str, "Alue": str, "Maakunta": str}, keep_default_na=False, na_values=[""])
    need = ["Muuttuja", "Alue", "Vuosi", "Arvo"]
    missing = [c for c in need if c not in df.columns]
    if missing:
        raise CorpusFormatError(path, f"not a Sotkanet long panel: columns {missing} missing")
    titles = {_title_key(t): i for t, i in zip(indicator_list["title_fi"], indicator_list["sotkanet_id"], strict=True)}
    uniq = pd.Series(df["Muuttuja"].unique())
    id_of = {m: titles.get(_title_key(re.sub(r"^\[[^\]]*\]\s*", "", m))) for m in uniq}
    ind = df["Muuttuja"].map(id_of)
    names = dict(zip(municipalities["name"], municipalities["code"], strict=True))
    levels = dict(zip(municipalities["name"], municipalities["level"], strict=True)) if "level" in municipalities else {}
    code = df["Alue"].map(names)
    year = pd.to_numeric(df["Vuosi"], errors="coerce")
    value = pd.to_numeric(df["Arvo"], errors="coerce")
    reasons = np.select(
        [ind.isna(), code.isna(), year.isna(), value.isna()],
        ["indicator title not in the Sotkanet indicator list", "unknown municipality name", "no year", "no value"],
        default="",
    )
    bad = reasons != ""
    considered = np.ones(len(df), dtype=bool)
    if indicators is not None:
        wanted = {str(i) for i in indicators}
        found = set(ind.dropna()) & wanted
        if found != wanted:
            raise CorpusFormatError(
                path,
                f"Sotkanet ids {sorted(wanted - found)} not found: no title in the panel matches their "
                "title in the indicator list",
            )
        considered = ind.isin(wanted).to_numpy()
    bad_rows = np.flatnonzero(bad & considered)
    rejected = [
        (int(i) + 2, f"{reasons[i]}: {df['Muuttuja'].iat[i] if reasons[i].startswith('indicator') else df['Alue'].iat[i]}")
        for i in bad_rows[:10]
    ]
    keep = ~bad & considered
    out = pd.DataFrame(
        {
            "indicator_id": ind[keep].astype(str),
            "region_code": code[keep],
            "region_level": df["Alue"][keep].map(levels).fillna("municipality") if levels else "municipality",
            "year": year[keep].astype(int),
            "gender": "total",
            "value": value[keep],
            "absolute_value": np.nan,
            "source": source,
            "retrieval_date": retrieval_date,
        }
    )
    warn_rejected(path, rejected, int(keep.sum()), len(bad_rows))
    return finish(out)


def _title_key(title: str) -> str:
    """Compare titles ignoring spacing, case, dashes and the HTML entities of the 2013 list."""
    t = clean_title(title).lower()
    t = t.replace("–", "-").replace("ä", "a").replace("ö", "o")
    return re.sub(r"[^a-z0-9%/€,]+", "", t)
