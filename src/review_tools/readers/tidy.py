"""The tidy schema every indicator reader returns, and the helpers the format parsers share.

A tidy table has one row per indicator, region, year and gender (:data:`TIDY_COLUMNS`). Region
codes are normalised by :func:`review_tools.regions.normalise_region_code`: municipalities as three
digits (``"091"``), wellbeing services counties and regions without leading zeros (``"5"``), the
whole country as ``"SSS"``.
"""

from __future__ import annotations

import io
import json
import warnings

import pandas as pd

from ..errors import CorpusFormatError, ReviewToolsWarning
from ..regions import COUNTRY_CODE, LEVELS, normalise_region_code
from ._encoding import read_text

__all__ = ["TIDY_COLUMNS", "LEVELS", "COUNTRY_CODE", "GENDERS", "empty_tidy", "normalise_region_code", "finish",
           "warn_rejected", "load_json", "text_io"]

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
GENDERS = ("total", "male", "female")


def empty_tidy() -> pd.DataFrame:
    """Return an empty tidy indicator table with the right columns and dtypes."""
    return finish(pd.DataFrame({c: [] for c in TIDY_COLUMNS}))


def finish(df: pd.DataFrame) -> pd.DataFrame:
    """Order columns and set dtypes of a tidy table (returns a new frame)."""
    out = df.reindex(columns=TIDY_COLUMNS).copy()
    for col in ("indicator_id", "region_code", "region_level", "gender", "source", "retrieval_date"):
        out[col] = out[col].fillna("").astype(str)
    out["year"] = pd.to_numeric(out["year"], errors="coerce").astype("Int64")
    out["value"] = pd.to_numeric(out["value"], errors="coerce").astype(float)
    out["absolute_value"] = pd.to_numeric(out["absolute_value"], errors="coerce").astype(float)
    return out.reset_index(drop=True)


def warn_rejected(path, rejected: list[tuple[int, str]], accepted: int, n_rejected: int | None = None) -> None:
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


def load_json(path):
    """Read a JSON file (any encoding :func:`read_text` accepts); a clear error names the file and line."""
    text, _ = read_text(path)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise CorpusFormatError(path, f"not valid JSON ({exc.msg})", line=exc.lineno) from exc


def text_io(text: str) -> io.StringIO:
    """Wrap decoded text for :func:`pandas.read_csv`."""
    return io.StringIO(text)
