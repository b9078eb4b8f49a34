"""Reference tables of an indicator corpus: the Sotkanet region and indicator lists, the panel's
municipality list, Statistics Finland's municipality keys, the merger table and the tile grid of
counties; :func:`read_region_key` builds today's :class:`~review_tools.regions.RegionKey` from them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from ..errors import CorpusFormatError
from ..regions import CURRENT_KEY_YEAR, RegionKey, region_key_from_folder
from ._encoding import read_text
from .tidy import load_json, normalise_region_code, text_io

__all__ = ["parse_sotkanet_regions", "read_sotkanet_regions", "read_sotkanet_indicator_list", "read_panel_municipalities",
           "read_municipality_key", "read_yearly_keys", "read_mergers", "read_grid", "read_region_folder",
           "read_region_key", "clean_title"]

# Sotkanet region categories -> our levels.
_SOTKANET_LEVELS = {
    "KUNTA": "municipality",
    "SEUTUKUNTA": "subregion",
    "MAAKUNTA": "region",
    "HYVINVOINTIALUE": "county",
    "MAA": "country",
}


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
    return parse_sotkanet_regions(load_json(path), path)


def read_sotkanet_indicator_list(path) -> pd.DataFrame:
    """Read the Sotkanet id-title list (``Sotkanet_valitut_indikaattorit_*.csv``).

    Returns
    -------
    DataFrame
        ``sotkanet_id`` (str), ``title_fi`` (whitespace-trimmed), ``group``. Group-heading and
        blank rows are skipped; rows whose id is not a number are skipped too.
    """
    text, _ = read_text(path)
    df = pd.read_csv(text_io(text), dtype=str, keep_default_na=False, header=0, usecols=[0, 1, 2], on_bad_lines="skip")
    df.columns = ["sotkanet_id", "title_fi", "group"]
    df = df[df["sotkanet_id"].str.strip().str.isdigit()].copy()
    df["sotkanet_id"] = df["sotkanet_id"].str.strip()
    df["title_fi"] = df["title_fi"].map(clean_title)
    df["group"] = df["group"].str.strip()
    return df.reset_index(drop=True)


def clean_title(title: str) -> str:
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


def read_region_key(corpus_dir, key_year: int = CURRENT_KEY_YEAR) -> RegionKey:
    """Build the :class:`~review_tools.regions.RegionKey` from ``corpus_dir/indicators/regions/`` alone.

    Parameters
    ----------
    corpus_dir : path-like
        The corpus folder.
    key_year : int
        The year of the key that defines today's counties.

    Raises
    ------
    CorpusFormatError
        When the region folder, its keys or the merger table is missing.
    ConfigError
        When the key of ``key_year`` is missing.
    """
    return region_key_from_folder(read_region_folder(Path(corpus_dir) / "indicators" / "regions"), key_year)
