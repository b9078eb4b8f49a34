"""Read regional indicator tables into one tidy schema.

Formats teams actually have:

* Sotkanet ``/json`` data rows (``indicator, region, year, gender, value, absValue``), where
  ``region`` is Sotkanet's internal id, joined to official codes through ``/regions``;
* Sotkanet ``/csv`` exports (``indicator;region;year;gender;primary value;absolute value``);
* the long Sotkanet panel of ouzor/sotkanet-shiny (``Muuttuja, Alue, Vuosi, Arvo, Maakunta``:
  indicator title with a group tag, area name, year, value);
* Statistics Finland PxWeb JSON-stat2 responses;
* a plain long CSV (``indicator_id, region_code, year, value`` and optional columns).

Every reader returns a DataFrame with :data:`TIDY_COLUMNS`. Region codes are normalised:
municipalities as three digits (``"091"``), wellbeing services counties and regions without
leading zeros (``"5"``), the whole country as ``"SSS"``.

The module also reads the reference tables these formats need: the Sotkanet region list, the
Sotkanet indicator list, Statistics Finland's municipality keys and the tile grid of counties.
"""

from __future__ import annotations

import functools
import json
import re
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import CorpusFormatError, ReviewToolsWarning
from ._encoding import read_text

__all__ = [
    "TIDY_COLUMNS",
    "LEVELS",
    "COUNTRY_CODE",
    "empty_tidy",
    "normalise_region_code",
    "parse_sotkanet_rows",
    "parse_sotkanet_regions",
    "parse_jsonstat2",
    "read_sotkanet_json",
    "read_sotkanet_csv",
    "read_sotkanet_panel",
    "read_pxweb_json",
    "read_long_csv",
    "read_indicator_table",
    "read_sotkanet_regions",
    "read_sotkanet_indicator_list",
    "read_panel_municipalities",
    "read_municipality_key",
    "read_yearly_keys",
    "read_mergers",
    "read_grid",
    "read_region_folder",
    "read_indicator_folder",
]

#: Columns of the tidy indicator table every reader returns.
TIDY_COLUMNS = [
    "indicator_id",
    "region_code",
    "region_level",
    "year",
    "gender",
    "value",
    "absolute_value",
    "source",
    "retrieval_date",
]
#: Region levels used in ``region_level``.
LEVELS = ("municipality", "subregion", "region", "county", "country", "other")
COUNTRY_CODE = "SSS"
GENDERS = ("total", "male", "female")

# Sotkanet region categories -> our levels.
_SOTKANET_LEVELS = {
    "KUNTA": "municipality",
    "SEUTUKUNTA": "subregion",
    "MAAKUNTA": "region",
    "HYVINVOINTIALUE": "county",
    "MAA": "country",
}
# PxWeb area-code prefixes -> level.
_PX_PREFIXES = {"KU": "municipality", "SK": "subregion", "MK": "region", "HV": "county"}
_PX_SEX = {"SSS": "total", "1": "male", "2": "female", "S": "total", "T": "total"}


def empty_tidy() -> pd.DataFrame:
    """Return an empty tidy indicator table with the right columns and dtypes."""
    return _finish(pd.DataFrame({c: [] for c in TIDY_COLUMNS}))


def normalise_region_code(code, level: str) -> str:
    """Return the canonical string of a region code at ``level``.

    Parameters
    ----------
    code : str or int
        The code as found in a file (``91``, ``"091"``, ``"05"``, ``"KU091"``, ``"SSS"``).
    level : str
        One of :data:`LEVELS`.

    Returns
    -------
    str
        Three digits for municipalities, no leading zeros for counties, regions and
        sub-regions, ``"SSS"`` for the whole country.

    Raises
    ------
    ValueError
        When the code is not a number (other than the country code).
    """
    try:
        return _normalise_cached(code, level)
    except TypeError:  # unhashable input
        return _normalise(code, level)


def _normalise(code, level: str) -> str:
    text = str(code).strip()
    if level == "country":
        return COUNTRY_CODE
    if text.upper() == COUNTRY_CODE:
        return COUNTRY_CODE
    text = re.sub(r"^(KU|SK|MK|HV)", "", text.upper())
    if text.endswith(".0"):
        text = text[:-2]
    if not text.isdigit():
        raise ValueError(f"region code {code!r} is not a number")
    if level == "municipality":
        return text.zfill(3)[-3:] if len(text) <= 3 else text
    return str(int(text))


#: Region codes repeat across the yearly keys and data rows: normalise each distinct one once.
_normalise_cached = functools.lru_cache(maxsize=65536)(_normalise)


def _finish(df: pd.DataFrame) -> pd.DataFrame:
    """Order columns and set dtypes of a tidy table (returns a new frame)."""
    out = df.reindex(columns=TIDY_COLUMNS).copy()
    for col in ("indicator_id", "region_code", "region_level", "gender", "source", "retrieval_date"):
        out[col] = out[col].fillna("").astype(str)
    out["year"] = pd.to_numeric(out["year"], errors="coerce").astype("Int64")
    out["value"] = pd.to_numeric(out["value"], errors="coerce").astype(float)
    out["absolute_value"] = pd.to_numeric(out["absolute_value"], errors="coerce").astype(float)
    return out.reset_index(drop=True)


def _warn_rejected(path, rejected: list[tuple[int, str]], accepted: int, n_rejected: int | None = None) -> None:
    """Emit one warning naming the rejected rows (first ten) and the exact counts."""
    n_rejected = len(rejected) if n_rejected is None else n_rejected
    if not n_rejected:
        return
    shown = "; ".join(f"row {r}: {m}" for r, m in rejected[:10])
    more = f" (and {n_rejected - 10} more)" if n_rejected > 10 else ""
    warnings.warn(
        f"{path}: {accepted} rows accepted, {n_rejected} rejected: {shown}{more}",
        ReviewToolsWarning,
        stacklevel=3,
    )


# ---------------------------------------------------------------- Sotkanet /regions


def parse_sotkanet_regions(items, path="<regions>") -> pd.DataFrame:
    """Turn a Sotkanet ``/regions`` response into a region table.

    Parameters
    ----------
    items : list of dict
        The decoded JSON array (``id``, ``code``, ``category``, ``title{fi,sv,en}``, ``memberOf``).
    path : str
        Used in error messages.

    Returns
    -------
    DataFrame
        Columns ``sotkanet_id`` (int), ``code`` (normalised), ``category``, ``level``,
        ``title_fi``, ``title_sv``, ``title_en``, ``member_of`` (tuple of ids).

    Raises
    ------
    CorpusFormatError
        When the response is not a list of region objects.
    """
    if not isinstance(items, list):
        raise CorpusFormatError(path, f"expected a JSON array of regions, got {type(items).__name__}")
    rows = []
    for i, item in enumerate(items):
        if not isinstance(item, dict) or "id" not in item or "category" not in item:
            raise CorpusFormatError(path, "a region needs at least 'id' and 'category'", line=i + 1)
        level = _SOTKANET_LEVELS.get(str(item["category"]).upper(), "other")
        code = item.get("code")
        try:
            code = normalise_region_code(code, level) if code not in (None, "") else ""
        except ValueError:
            code = str(code)
        title = item.get("title") or {}
        rows.append(
            {
                "sotkanet_id": int(item["id"]),
                "code": code,
                "category": str(item["category"]).upper(),
                "level": level,
                "title_fi": title.get("fi", ""),
                "title_sv": title.get("sv", ""),
                "title_en": title.get("en", ""),
                "member_of": tuple(int(m) for m in (item.get("memberOf") or [])),
            }
        )
    return pd.DataFrame(
        rows,
        columns=["sotkanet_id", "code", "category", "level", "title_fi", "title_sv", "title_en", "member_of"],
    )


def read_sotkanet_regions(path) -> pd.DataFrame:
    """Read a saved Sotkanet ``/regions`` JSON response (see :func:`parse_sotkanet_regions`)."""
    return parse_sotkanet_regions(_load_json(path), path)


# ---------------------------------------------------------------- Sotkanet data rows


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
    _warn_rejected(path, rejected, len(out))
    return _finish(pd.DataFrame(out, columns=TIDY_COLUMNS))


def read_sotkanet_json(path, regions: pd.DataFrame, *, retrieval_date: str = "") -> pd.DataFrame:
    """Read a saved Sotkanet ``/json`` data response (see :func:`parse_sotkanet_rows`)."""
    return parse_sotkanet_rows(
        _load_json(path), regions, source="sotkanet", retrieval_date=retrieval_date, path=str(path)
    )


def read_sotkanet_csv(path, regions: pd.DataFrame, *, retrieval_date: str = "") -> pd.DataFrame:
    """Read a Sotkanet ``/csv`` export (``;``-separated, decimal point).

    The header is ``indicator;region;year;gender;primary value;absolute value`` (R's
    ``read.csv2`` spelling with dots is accepted too); ``region`` is Sotkanet's internal id.
    """
    text, _ = read_text(path)
    sep = ";" if text.splitlines()[0].count(";") >= 3 else ","
    df = pd.read_csv(_io(text), sep=sep, dtype=str, keep_default_na=False)
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


# ---------------------------------------------------------------- ouzor long panel


def read_sotkanet_indicator_list(path) -> pd.DataFrame:
    """Read the Sotkanet id-title list (``Sotkanet_valitut_indikaattorit_*.csv``).

    Returns
    -------
    DataFrame
        ``sotkanet_id`` (str), ``title_fi`` (whitespace-trimmed), ``group``. Group-heading and
        blank rows are skipped; rows whose id is not a number are skipped too.
    """
    text, _ = read_text(path)
    df = pd.read_csv(_io(text), dtype=str, keep_default_na=False, header=0, usecols=[0, 1, 2], on_bad_lines="skip")
    df.columns = ["sotkanet_id", "title_fi", "group"]
    df = df[df["sotkanet_id"].str.strip().str.isdigit()].copy()
    df["sotkanet_id"] = df["sotkanet_id"].str.strip()
    df["title_fi"] = df["title_fi"].map(_clean_title)
    df["group"] = df["group"].str.strip()
    return df.reset_index(drop=True)


def _clean_title(title: str) -> str:
    return re.sub(r"\s+", " ", str(title)).strip().replace("&ndash ", "–").replace("&ge ", "≥ ")


def read_panel_municipalities(path) -> pd.DataFrame:
    """Read ``sotkanet_municipalities_2013.csv``: Sotkanet municipality ids, names and codes.

    Returns
    -------
    DataFrame
        ``sotkanet_id`` (int), ``name`` (Finnish), ``code`` (three digits), ``region_name``.
    """
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    need = {"region", "region.title.fi", "region.code"}
    if not need <= set(df.columns):
        raise CorpusFormatError(path, f"columns {sorted(need - set(df.columns))} missing")
    return pd.DataFrame(
        {
            "sotkanet_id": df["region"].astype(float).astype(int),
            "name": df["region.title.fi"].str.strip(),
            "code": df["region.code"].map(lambda c: normalise_region_code(c, "municipality")),
            "region_name": df.get("maakunta.title.fi", ""),
        }
    )


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
    _warn_rejected(path, rejected, int(keep.sum()), len(bad_rows))
    return _finish(out)


def _title_key(title: str) -> str:
    """Compare titles ignoring spacing, case, dashes and the HTML entities of the 2013 list."""
    t = _clean_title(title).lower()
    t = t.replace("–", "-").replace("ä", "a").replace("ö", "o")
    return re.sub(r"[^a-z0-9%/€,]+", "", t)


# ---------------------------------------------------------------- PxWeb JSON-stat2


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
        _warn_rejected(path, [(int(i) + 1, "no value") for i in np.flatnonzero(out["value"].isna())], len(out) - n_missing)
    return _finish(out[out["value"].notna()])


def read_pxweb_json(path, *, source: str = "statfin", retrieval_date: str = "") -> pd.DataFrame:
    """Read a saved PxWeb JSON-stat2 response (see :func:`parse_jsonstat2`)."""
    return parse_jsonstat2(_load_json(path), source=source, retrieval_date=retrieval_date, path=str(path))


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
    df = pd.read_csv(_io(text), sep=sep, dtype=str, keep_default_na=False)
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
    _warn_rejected(path, rejected, len(rows))
    return _finish(pd.DataFrame(rows, columns=TIDY_COLUMNS))


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


# ---------------------------------------------------------------- region keys


def read_municipality_key(path) -> pd.DataFrame:
    """Read a Statistics Finland municipality key (geofi ``municipality_key_YYYY.csv``).

    Returns
    -------
    DataFrame
        ``municipality_code`` (three digits), ``name_fi``, ``name_sv``, ``name_en``,
        ``county_code``, ``county_name_fi``, ``county_name_sv``, ``county_name_en`` (empty for keys
        older than the counties), ``region_code``, ``region_name_fi``, ``subregion_code``.
    """
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    if "kunta" not in df.columns or "municipality_name_fi" not in df.columns:
        raise CorpusFormatError(path, "not a municipality key: columns 'kunta' and 'municipality_name_fi' are needed")
    out = pd.DataFrame(
        {
            "municipality_code": df["kunta"].map(lambda c: normalise_region_code(c, "municipality")),
            "name_fi": df["municipality_name_fi"],
            "name_sv": df.get("municipality_name_sv", ""),
            "name_en": df.get("municipality_name_en", ""),
        }
    )
    for ours, theirs in (
        ("county_code", "hyvinvointialue_code"),
        ("county_name_fi", "hyvinvointialue_name_fi"),
        ("county_name_sv", "hyvinvointialue_name_sv"),
        ("county_name_en", "hyvinvointialue_name_en"),
        ("region_code", "maakunta_code"),
        ("region_name_fi", "maakunta_name_fi"),
        ("subregion_code", "seutukunta_code"),
    ):
        out[ours] = df[theirs] if theirs in df.columns else ""
    for col in ("county_code", "region_code", "subregion_code"):
        out[col] = out[col].map(lambda c: normalise_region_code(c, "county") if str(c).strip() else "")
    return out


def read_yearly_keys(folder) -> dict[int, pd.DataFrame]:
    """Read every ``municipality_key_YYYY.csv`` in ``folder`` into ``{year: key}``."""
    keys = {}
    for p in sorted(Path(folder).glob("municipality_key_*.csv")):
        m = re.search(r"(\d{4})", p.stem)
        if m:
            keys[int(m.group(1))] = read_municipality_key(p)
    if not keys:
        raise CorpusFormatError(folder, "no municipality_key_YYYY.csv files found")
    return keys


def read_mergers(path) -> pd.DataFrame:
    """Read the municipality merger table (``year, old_code, old_name, new_code, new_name``).

    ``year`` is the first year in whose key the old municipality no longer appears.
    """
    df = pd.read_csv(path, dtype=str, keep_default_na=False, comment="#")
    need = ["year", "old_code", "new_code"]
    missing = [c for c in need if c not in df.columns]
    if missing:
        raise CorpusFormatError(path, f"columns {missing} missing")
    df["year"] = df["year"].astype(int)
    for c in ("old_code", "new_code"):
        df[c] = df[c].map(lambda x: normalise_region_code(x, "municipality"))
    return df


def read_grid(path) -> pd.DataFrame:
    """Read a tile-grid layout (``name, code, row, col``) with counties' codes normalised."""
    df = pd.read_csv(path, dtype={"name": str, "code": str})
    need = {"name", "code", "row", "col"}
    if not need <= set(df.columns):
        raise CorpusFormatError(path, f"columns {sorted(need - set(df.columns))} missing")
    df["code"] = df["code"].map(lambda c: normalise_region_code(c, "county"))
    df["row"] = df["row"].astype(int)
    df["col"] = df["col"].astype(int)
    return df


# ---------------------------------------------------------------- helpers


def _load_json(path):
    text, _ = read_text(path)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise CorpusFormatError(path, f"not valid JSON ({exc.msg})", line=exc.lineno) from exc


def _io(text: str):
    import io

    return io.StringIO(text)


# ---------------------------------------------------------------- a corpus folder


def read_region_folder(folder) -> dict:
    """Read the region keys of an indicator corpus (``corpus/indicators/regions/``) and nothing else.

    Parameters
    ----------
    folder : path-like
        The ``regions`` folder: ``municipality_key_YYYY.csv`` (one per year),
        ``municipality_mergers.csv`` and, optionally, ``grid_hyvinvointialue.csv``.

    Returns
    -------
    dict
        ``keys`` ({year: key}), ``mergers`` and ``grid`` (None without a grid file).

    Raises
    ------
    CorpusFormatError
        When the folder, the yearly keys or the merger table is missing.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise CorpusFormatError(folder, "region folder not found (municipality_key_YYYY.csv, municipality_mergers.csv)")
    keys = read_yearly_keys(folder)
    mergers_path = folder / "municipality_mergers.csv"
    if not mergers_path.exists():
        raise CorpusFormatError(mergers_path, "merger table missing (year, old_code, old_name, new_code, new_name)")
    grid_path = folder / "grid_hyvinvointialue.csv"
    return {"keys": keys, "mergers": read_mergers(mergers_path), "grid": read_grid(grid_path) if grid_path.exists() else None}



def read_indicator_folder(folder) -> dict:
    """Read an indicator corpus folder (``corpus/indicators/``) laid out by convention.

    Layout
    ------
    ``reference/Sotkanet_valitut_indikaattorit_*.csv``
        Sotkanet id-title list (maps panel titles to ids).
    ``reference/sotkanet_municipalities_2013.csv``
        Sotkanet municipality names and codes of the panel.
    ``reference/sotkanet_regions.json`` (optional)
        A saved ``/regions`` response, for Sotkanet ``/json`` or ``/csv`` files.
    ``regions/municipality_key_YYYY.csv``, ``regions/municipality_mergers.csv``, ``regions/grid_hyvinvointialue.csv``
        Region keys, merger table and tile grid.
    ``*_long_*.csv[.gz]``
        Sotkanet long panels; ``maakunta`` in the name means regional rows.
    ``population_127_*.csv``
        Population (indicator 127) as a long CSV without an indicator column.
    any other ``*.csv`` / ``*.json``
        Read with :func:`read_indicator_table`.

    Returns
    -------
    dict
        ``data`` (tidy rows of all files, with a ``file`` column), ``keys`` ({year: key}),
        ``mergers``, ``grid``, ``indicator_list``, ``files`` (names read).

    Raises
    ------
    CorpusFormatError
        When the folder or one of the reference files is missing.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise CorpusFormatError(folder, "indicator folder not found")
    ref = folder / "reference"
    lists = sorted(ref.glob("Sotkanet_valitut_indikaattorit_*.csv"))
    muni = ref / "sotkanet_municipalities_2013.csv"
    indicator_list = read_sotkanet_indicator_list(lists[-1]) if lists else None
    municipalities = read_panel_municipalities(muni) if muni.exists() else None
    regions_json = ref / "sotkanet_regions.json"
    sot_regions = read_sotkanet_regions(regions_json) if regions_json.exists() else None
    regions = read_region_folder(folder / "regions")
    keys, mergers, grid = regions["keys"], regions["mergers"], regions["grid"]
    first_key = keys[min(keys)]
    region_areas = first_key[["region_name_fi", "region_code"]].drop_duplicates().rename(
        columns={"region_name_fi": "name", "region_code": "code"}
    ).assign(level="region")
    # "Ahvenanmaa - Åland" in the key is "Ahvenanmaa" in Sotkanet: accept the Finnish part alone too
    short = region_areas.assign(name=region_areas["name"].str.split(" - ").str[0])
    region_areas = pd.concat([region_areas, short]).drop_duplicates("name")
    frames, files = [], []
    for path in sorted(p for p in folder.iterdir() if p.is_file()):
        name = path.name
        if not (name.endswith(".csv") or name.endswith(".csv.gz") or name.endswith(".json")):
            continue
        if "_long_" in name:
            if indicator_list is None or municipalities is None:
                raise CorpusFormatError(path, "a Sotkanet panel needs reference/Sotkanet_valitut_indikaattorit_*.csv and reference/sotkanet_municipalities_2013.csv")
            areas = region_areas if "maakunta" in name else municipalities
            df = read_sotkanet_panel(path, areas, indicator_list)
        elif name.startswith("population_127"):
            df = read_long_csv(path, indicator_id="127", source="sotkanet")
        elif name.endswith(".gz"):
            continue
        else:
            kwargs = {"regions": sot_regions} if name.endswith(".json") and sot_regions is not None else {}
            df = read_indicator_table(path, **kwargs)
        frames.append(df.assign(file=name))
        files.append(name)
    data = pd.concat(frames, ignore_index=True) if frames else empty_tidy().assign(file="")
    return {"data": data, "keys": keys, "mergers": mergers, "grid": grid, "indicator_list": indicator_list, "files": files}
