"""Read Diak's "Huono-osaisuus Suomessa" panel (disadvantage in Finland, 2011–2020) into the tidy schema.

The panel (``corpus/indicators/diak/``; MIT, © Diakonia-ammattikorkeakoulu; values from THL Sotkanet and
Statistics Finland) is long: ``regio_level, aluekoodi, aluenimi, aika, variable, value, var_class``. Its
values are **indexes, median region = 100**, mostly of 3-year moving averages. :func:`read_diak_panel`
returns tidy rows (:data:`~review_tools.readers.tidy.TIDY_COLUMNS`) whose ``indicator_id`` is the panel's
variable name (the review's ``indicators.yaml`` maps it onto its own id with ``source_variable``);
:func:`read_diak_population` reads the population file used to weight county indexes;
:func:`read_diak_definitions` the variables' definitions; :func:`panel_years` the years covered,
cheaply (for validating a run's period before any stage runs).
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd

from ..errors import CorpusFormatError, ReviewToolsWarning
from .tidy import finish, normalise_region_code

__all__ = ["LEVEL_NAMES", "PANEL_FILE", "POPULATION_FILE", "DEFINITIONS_FILE", "read_diak_panel",
           "read_diak_population", "read_diak_definitions", "panel_years", "read_diak_folder"]

#: Diak's level names -> the tidy schema's levels.
LEVEL_NAMES = {"Kunnat": "municipality", "Hyvinvointialueet": "county", "Seutukunnat": "subregion",
               "Maakunnat": "region"}
PANEL_FILE = "huono_osaisuus_2011_2020.csv.gz"
POPULATION_FILE = "pop_data.csv"
DEFINITIONS_FILE = "muuttujakuvaukset.csv"
SOURCE = "diak"
_PANEL_COLUMNS = ("regio_level", "aluekoodi", "aika", "variable", "value")


def _check_columns(df: pd.DataFrame, path, needed) -> None:
    missing = [c for c in needed if c not in df.columns]
    if missing:
        raise CorpusFormatError(path, f"not a Diak panel: column(s) {', '.join(missing)} missing "
                                      f"(expected {', '.join(needed)})")


def _codes(df: pd.DataFrame, path, what: str) -> tuple[pd.DataFrame, list[tuple[int, str]], int]:
    """Map levels and normalise codes; return the accepted rows and the rejected (line, reason) pairs."""
    level = df["regio_level"].map(LEVEL_NAMES)
    rejected: list[tuple[int, str]] = []
    bad_level = level.isna()
    no_code = df["aluekoodi"].isna() & ~bad_level
    for idx in df.index[bad_level][:10]:
        rejected.append((int(idx) + 2, f"unknown level {df.at[idx, 'regio_level']!r} (valid: {', '.join(LEVEL_NAMES)})"))
    n_rejected = int(bad_level.sum())
    if no_code.any():
        levels = sorted(set(df.loc[no_code, "regio_level"]))
        rejected.append((int(df.index[no_code][0]) + 2, f"{int(no_code.sum())} {what} rows of level(s) "
                                                          f"{', '.join(levels)} carry no region code and are not read"))
        n_rejected += int(no_code.sum())
    keep = ~(bad_level | no_code)
    d = df[keep].assign(region_level=level[keep])
    codes = [normalise_region_code(c, lv) for c, lv in zip(d["aluekoodi"], d["region_level"], strict=True)]
    return d.assign(region_code=codes), rejected, n_rejected


def read_diak_panel(path) -> pd.DataFrame:
    """Read the Diak panel into tidy rows.

    Parameters
    ----------
    path : path-like
        ``huono_osaisuus_2011_2020.csv.gz`` (or the uncompressed CSV).

    Returns
    -------
    DataFrame
        :data:`~review_tools.readers.tidy.TIDY_COLUMNS`: ``indicator_id`` is the variable name,
        ``gender`` ``total`` (the panel publishes no breakdown by gender), ``value`` the index
        (median region = 100), ``source`` ``diak``. Rows without a region code (the panel's
        regions, ``Maakunnat``) or with an unknown level are named in one warning, never kept silently.

    Raises
    ------
    CorpusFormatError
        When the file is missing, is not a Diak panel, or a value or year is not a number (naming the line).
    """
    path = Path(path)
    if not path.exists():
        raise CorpusFormatError(path, "Diak panel not found")
    try:
        df = pd.read_csv(path, dtype={"aluekoodi": str, "regio_level": str, "variable": str})
    except (UnicodeDecodeError, pd.errors.ParserError, OSError, EOFError) as exc:
        raise CorpusFormatError(path, f"cannot be read as CSV ({exc})") from exc
    _check_columns(df, path, _PANEL_COLUMNS)
    for col in ("aika", "value"):
        num = pd.to_numeric(df[col], errors="coerce")
        bad = num.isna() & df[col].notna() | (df[col].isna() if col == "aika" else False)
        if bad.any():
            i = int(df.index[bad][0])
            raise CorpusFormatError(path, f"column {col!r}: {df.at[i, col]!r} is not a number", line=i + 2)
        df[col] = num
    d, rejected, n_rejected = _codes(df, path, "panel")
    out = pd.DataFrame({
        "indicator_id": d["variable"].str.strip(),
        "region_code": d["region_code"],
        "region_level": d["region_level"],
        "year": d["aika"].astype(int),
        "gender": "total",
        "value": d["value"],
        "absolute_value": float("nan"),
        "source": SOURCE,
        "retrieval_date": "2023-02-24",
    })
    out = out.dropna(subset=["value"])
    if n_rejected:
        warnings.warn(f"{path}: {len(out)} rows accepted, {n_rejected} not read: "
                      + "; ".join(f"line {ln}: {m}" for ln, m in rejected), ReviewToolsWarning, stacklevel=2)
    return finish(out)


def read_diak_population(path) -> pd.DataFrame:
    """Read ``pop_data.csv`` (``regio_level, aluenimi, aika, pop, aluekoodi``) as ``region_code, region_level, year, population``.

    Raises
    ------
    CorpusFormatError
        When the file is missing or lacks a column.
    """
    path = Path(path)
    if not path.exists():
        raise CorpusFormatError(path, "Diak population file not found")
    df = pd.read_csv(path, dtype={"aluekoodi": str, "regio_level": str})
    _check_columns(df, path, ("regio_level", "aluekoodi", "aika", "pop"))
    d, _, _ = _codes(df, path, "population")
    return pd.DataFrame({"region_code": d["region_code"], "region_level": d["region_level"],
                         "year": d["aika"].astype(int), "population": pd.to_numeric(d["pop"], errors="coerce")}
                        ).dropna(subset=["population"]).reset_index(drop=True)


def read_diak_definitions(path) -> pd.DataFrame:
    """Read ``muuttujakuvaukset.csv`` as ``variable, variable_class, levels, description`` (Finnish)."""
    path = Path(path)
    if not path.exists():
        raise CorpusFormatError(path, "Diak variable definitions not found")
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    _check_columns(df, path, ("Muuttujaluokka", "Muuttuja", "Aluetasot", "Kuvaus"))
    return pd.DataFrame({"variable": df["Muuttuja"].str.strip(), "variable_class": df["Muuttujaluokka"],
                         "levels": df["Aluetasot"], "description": df["Kuvaus"]})


def panel_years(path) -> tuple[int, int]:
    """First and last year of the panel, reading only its year column (about 0.1 s).

    Raises
    ------
    CorpusFormatError
        When the file is missing or has no ``aika`` column.
    """
    path = Path(path)
    if not path.exists():
        raise CorpusFormatError(path, "Diak panel not found")
    try:
        years = pd.read_csv(path, usecols=["aika"])["aika"]
    except ValueError as exc:
        raise CorpusFormatError(path, f"not a Diak panel ({exc})") from exc
    years = pd.to_numeric(years, errors="coerce").dropna()
    return int(years.min()), int(years.max())


def read_diak_folder(folder) -> dict:
    """Read ``corpus/indicators/diak/``: ``data`` (tidy), ``population`` and ``definitions`` (None when absent)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise CorpusFormatError(folder, "Diak indicator folder not found")
    defs = folder / DEFINITIONS_FILE
    return {"data": read_diak_panel(folder / PANEL_FILE),
            "population": read_diak_population(folder / POPULATION_FILE),
            "definitions": read_diak_definitions(defs) if defs.exists() else None}
