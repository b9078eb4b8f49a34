"""The synthesis's vocabulary: streams, directions, anchors, themes and the run's region and period.

Small pure functions shared by the evidence matrix, the link resolvers, the drafts, monitoring and
the report (which links to the same :func:`anchor` ids).
"""

from __future__ import annotations

import math
import re

import pandas as pd

from ..config import Codebook
from ..errors import StageInputError
from ..parameters import parse_period
from ..regions import COUNTRY_CODE, normalise_region_code

__all__ = ["STREAMS", "CONVERGENCE_LABELS", "WORSE_OBSERVATIONS", "BETTER_OBSERVATIONS", "TIMEFRAMES",
           "normalise_region", "anchor", "ancestors", "leaf_codes", "observation_signal", "indicator_signal",
           "period_years", "region_profile", "region_name", "text", "number", "code_label", "PROFILE_COLUMNS"]

STREAMS = ("literature", "interviews", "social_reports", "indicators")
CONVERGENCE_LABELS = ("agree", "partly", "conflict", "single stream", "no evidence")
#: ``observation_type`` values (form export: problem / good_practice / weak_signal; Finnish labels too).
WORSE_OBSERVATIONS = {"problem", "epäkohta", "ongelma", "epakohta", "negative", "concern", "missförhållande"}
BETTER_OBSERVATIONS = {"good_practice", "good practice", "hyvä käytäntö", "hyva kaytanto", "positive", "god praxis"}
TIMEFRAMES = ("short", "medium", "long")
#: Columns ``06-regional-profile/profile.csv`` must have.
PROFILE_COLUMNS = ("indicator_id", "theme", "region_code", "year", "value", "signal", "better")


def normalise_region(code) -> str:
    """A run's region code in one form (``"05"`` and ``5`` -> ``"5"``; ``"sss"`` -> ``"SSS"``), by
    :func:`review_tools.regions.normalise_region_code`."""
    return normalise_region_code(code, "county", strict=False)


def anchor(kind: str, ref: str) -> str:
    """Return the HTML id of an evidence unit, e.g. ``anchor("study", "prince_effects_2019")``.

    Characters other than letters, digits, ``_``, ``.`` and ``-`` become ``_``, so ids built from DOIs
    or segment ids (``INT03:12``) are valid fragment targets.
    """
    return f"{kind}-" + re.sub(r"[^A-Za-z0-9_.-]", "_", str(ref))


def ancestors(codebook: Codebook) -> dict[str, list[str]]:
    """Return code -> [the code, its parent, ..., the root] for every codebook code."""
    parent = {c.id: c.parent for c in codebook.codes}
    out = {}
    for cid in parent:
        chain, cur, seen = [], cid, set()
        while cur is not None and cur in parent and cur not in seen:
            chain.append(cur)
            seen.add(cur)
            cur = parent[cur]
        out[cid] = chain
    return out


def leaf_codes(codebook: Codebook) -> list[str]:
    """Return the codes that have no children, in codebook order."""
    parents = {c.parent for c in codebook.codes if c.parent}
    return [c.id for c in codebook.codes if c.id not in parents]


def observation_signal(value) -> str:
    """Map a social report's ``observation_type`` to worse / better / unclear."""
    text = str(value or "").strip().lower()
    if text in WORSE_OBSERVATIONS:
        return "worse"
    if text in BETTER_OBSERVATIONS:
        return "better"
    return "unclear"


def indicator_signal(value) -> str:
    """Map a profile ``signal`` to worse / better / unclear."""
    text = str(value or "").strip().lower()
    return text if text in ("worse", "better") else "unclear"


def period_years(period: str) -> tuple[int, int]:
    """Parse ``"Y1-Y2"`` (or a single year) into a pair of years (:func:`review_tools.parameters.parse_period`).

    Raises
    ------
    StageInputError
        When the text is not a year range.
    """
    return parse_period(period, error=StageInputError)


def region_profile(profile: pd.DataFrame, region: str, period: str) -> pd.DataFrame:
    """Return the profile rows of ``region``: one per indicator, the latest year within ``period``.

    The returned frame has numeric ``year``, ``value`` and ``country_value`` columns where present.
    """
    missing = [c for c in PROFILE_COLUMNS if c not in profile.columns]
    if missing:
        raise StageInputError(f"06-regional-profile/profile.csv: missing column(s) {', '.join(missing)}; "
                              f"the table has {', '.join(map(str, profile.columns))}")
    y1, y2 = period_years(period)
    df = profile.copy()
    df["region_code"] = df["region_code"].map(normalise_region)
    df = df[df["region_code"] == normalise_region(region)]
    for col in ("year", "value", "country_value", "gap", "change", "trend_slope", "rank", "n_regions", "spread"):
        if col in df.columns:
            df[col] = pd.to_numeric(df[col], errors="coerce")
    df = df[df["year"].between(y1, y2) & df["value"].notna()]
    df = df.sort_values(["indicator_id", "year"]).groupby("indicator_id", sort=False).tail(1)
    return df.reset_index(drop=True)


def region_name(profile: pd.DataFrame, region: str) -> str:
    """Return the region's name from the profile (the code itself when the profile has none)."""
    if "region_name" in profile.columns:
        rows = profile[profile["region_code"].map(normalise_region) == normalise_region(region)]
        names = rows["region_name"].dropna()
        if len(names):
            return str(names.iloc[0])
    return "whole country" if normalise_region(region) == COUNTRY_CODE else str(region)


def text(value) -> str:
    """A cell as stripped text ("" for None and NaN)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()


def number(value) -> str:
    """A number as short text (at most three decimals, integers without a point; "" for NaN)."""
    try:
        x = float(value)
    except (TypeError, ValueError):
        return text(value)
    if math.isnan(x):
        return ""
    return f"{x:.3f}".rstrip("0").rstrip(".") if x != int(x) else str(int(x))


def code_label(codebook: Codebook, code: str, language: str) -> str:
    """The codebook label of ``code`` in ``language`` (the code itself when unknown)."""
    for c in codebook.codes:
        if c.id == code:
            return c.label.get(language)
    return code
