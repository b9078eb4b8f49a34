"""Municipality -> wellbeing services county -> whole country, across municipal mergers.

:class:`RegionKey` is built from Statistics Finland's municipality keys: the current key (2025;
counties are defined by it), the 2026 key and the yearly keys 2013-2024. Consecutive keys show
every municipality that disappeared; the merger table names the municipality each one joined.
Every historical code is then mapped onto today's borders, and data are aggregated:

* counts (``sum``): the sum over municipalities;
* rates and per-inhabitant figures (``population_weighted_mean``): the mean weighted by the
  population of each municipality in the same year (Sotkanet indicator 127);
* ``none``: not aggregated (e.g. a Gini coefficient cannot be averaged); only published values.

Aggregated rows carry ``computed=True`` and the ``method``; published county values (e.g. from
Sotkanet's ``HYVINVOINTIALUE`` category) carry ``computed=False``. Wellbeing services counties
exist from 2023 on; ``reform_break`` marks county rows before 2023, which describe today's
county area built from municipal data rather than an organisation that existed then.
"""

from __future__ import annotations

import warnings

import pandas as pd

from ..errors import ReviewToolsWarning, StageInputError
from ..readers.tidy import TIDY_COLUMNS
from ..regions import (  # the region key is shared by every stage; re-exported for the indicator modules
    COUNTRY_CODE,
    REFORM_YEAR,
    RegionKey,
    build_region_key,
    county_members,
    derive_disappearances,
)

__all__ = [
    "REFORM_YEAR",
    "METHODS",
    "RegionKey",
    "derive_disappearances",
    "build_region_key",
    "harmonise_municipalities",
    "aggregate_regions",
    "combine_published",
    "region_equivalents",
    "population_table",
    "published_as_county",
    "county_members",
]

METHODS = ("sum", "population_weighted_mean", "none")
#: Columns of the aggregated tidy table (the tidy schema plus provenance).
AGG_COLUMNS = [*TIDY_COLUMNS, "computed", "method", "reform_break"]


def population_table(tidy: pd.DataFrame, population_id: str) -> pd.DataFrame:
    """Return ``region_code, year, population`` of municipalities from tidy rows of ``population_id``."""
    pop = tidy[(tidy["indicator_id"] == population_id) & (tidy["region_level"] == "municipality") & (tidy["gender"].isin(["total", ""]))]
    out = pop[["region_code", "year", "value"]].rename(columns={"value": "population"})
    return out.drop_duplicates(["region_code", "year"], keep="last").reset_index(drop=True)


def _weighted(df: pd.DataFrame, keys: list[str], method: str) -> pd.DataFrame:
    """Aggregate ``value`` (and ``absolute_value``) by ``keys`` with ``method``.

    ``absolute_value`` is summed only where every part has one (else NaN).
    """
    if method == "sum":
        d = df
        agg = {"value": ("value", "sum")}
    else:
        d = df.assign(_wv=df["value"] * df["population"])
        agg = {"_wv": ("_wv", "sum"), "_w": ("population", "sum")}
    g = d.groupby(keys, sort=False)
    out = g.agg(**agg, absolute_value=("absolute_value", "sum"), _n_abs=("absolute_value", "count"), n=("value", "size"))
    if method != "sum":
        out["value"] = out["_wv"] / out["_w"]
        out = out.drop(columns=["_wv", "_w"])
    out["absolute_value"] = out["absolute_value"].where(out["_n_abs"] == out["n"])
    return out.drop(columns="_n_abs").reset_index()


def harmonise_municipalities(
    tidy: pd.DataFrame,
    key: RegionKey,
    methods: dict[str, str],
    population: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Map municipality rows onto today's borders, combining merged municipalities.

    Parameters
    ----------
    tidy : DataFrame
        Tidy indicator rows; only ``region_level == "municipality"`` rows are used.
    key : RegionKey
        Crosswalk of historical codes.
    methods : dict
        ``{indicator_id: "sum" | "population_weighted_mean" | "none"}``; indicators missing
        from it are treated as ``none``.
    population : DataFrame, optional
        ``region_code, year, population`` on the *same* borders as ``tidy`` (historical codes);
        needed when rates of merged municipalities are combined.

    Returns
    -------
    DataFrame
        Tidy municipality rows with current codes. A combined value has ``computed=True`` and
        its method; untouched rows have ``computed=False``. Rows with unknown codes, and parts of
        merged municipalities that cannot be combined (method ``none`` or no population), are
        dropped with one warning giving the exact counts.
    """
    mun = tidy[tidy["region_level"] == "municipality"]
    cur = mun["region_code"].map(key._to_current)
    unknown = cur.isna()
    d = mun.assign(old_code=mun["region_code"], region_code=cur)[~unknown.to_numpy()]
    grp = ["indicator_id", "region_code", "year", "gender", "source"]
    n_parts = d.groupby(grp, sort=False)["old_code"].transform("size")
    single = d[n_parts.to_numpy() == 1].drop(columns="old_code").assign(computed=False, method="", reform_break=False)
    multi = d[n_parts.to_numpy() > 1]
    pieces = [single]
    dropped = 0
    if not multi.empty:
        for ind, part in multi.groupby("indicator_id", sort=False):
            method = methods.get(ind, "none")
            if method == "none":
                dropped += len(part)
                continue
            if method == "population_weighted_mean":
                if population is None:
                    dropped += len(part)
                    continue
                part = part.merge(population.rename(columns={"region_code": "old_code"}), on=["old_code", "year"], how="left")
                complete = part["population"].notna().groupby([part[c] for c in grp], sort=False).transform("all")
                dropped += int((~complete).sum())
                part = part[complete.to_numpy()]
                if part.empty:
                    continue
            agg = _weighted(part, grp, method)
            first = part.drop_duplicates(grp)[[*grp, "region_level", "retrieval_date"]]
            agg = agg.merge(first, on=grp).drop(columns="n").assign(computed=True, method=method, reform_break=False)
            pieces.append(agg)
    n_unknown = int(unknown.sum())
    if n_unknown or dropped:
        codes = sorted(set(mun.loc[unknown, "region_code"]))[:10]
        warnings.warn(
            f"harmonising to {key.key_year} borders: {len(mun) - n_unknown - dropped} municipality rows accepted, "
            f"{n_unknown + dropped} rejected ({n_unknown} with codes in no key, e.g. {codes}; {dropped} parts of "
            "merged municipalities that cannot be combined without a population or for a non-aggregable indicator)",
            ReviewToolsWarning,
            stacklevel=2,
        )
    out = pd.concat(pieces, ignore_index=True)
    return out.reindex(columns=AGG_COLUMNS).reset_index(drop=True)


def aggregate_regions(
    municipal: pd.DataFrame,
    key: RegionKey,
    methods: dict[str, str],
    population: pd.DataFrame,
    *,
    levels=("county", "country"),
) -> pd.DataFrame:
    """Aggregate municipality rows (today's borders) to counties and to the whole country.

    Parameters
    ----------
    municipal : DataFrame
        Output of :func:`harmonise_municipalities` (current municipality codes).
    key : RegionKey
        Gives each municipality's county.
    methods : dict
        ``{indicator_id: method}`` (see :data:`METHODS`); ``none`` indicators are skipped.
    population : DataFrame
        ``region_code, year, population`` on today's borders (weights for rates).
    levels : tuple
        Which of ``county`` and ``country`` to compute.

    Returns
    -------
    DataFrame
        Aggregated rows with :data:`AGG_COLUMNS`: ``computed=True``, ``method``,
        ``reform_break`` True for county rows before 2023. For a weighted mean only
        municipalities with both a value and a population count; rows where no weight exists
        are left out.
    """
    bad = {k: v for k, v in methods.items() if v not in METHODS}
    if bad:
        raise StageInputError(f"unknown aggregation methods {bad}; use one of {METHODS}")
    d = municipal.assign(county_code=municipal["region_code"].map(key._county), method=municipal["indicator_id"].map(methods))
    d = d[d["county_code"].notna() & d["method"].isin(["sum", "population_weighted_mean"])]
    pieces = []
    for method, part in d.groupby("method", sort=False):
        if method == "population_weighted_mean":
            part = part.merge(population, on=["region_code", "year"], how="inner")
            part = part[part["population"] > 0]
        src = part.groupby(["indicator_id", "year"], sort=False).agg(
            source=("source", "first"), retrieval_date=("retrieval_date", "max")
        ).reset_index()
        for level in levels:
            g = "county_code" if level == "county" else "_all"
            if level != "county":
                part = part.assign(_all=COUNTRY_CODE)
            agg = _weighted(part, ["indicator_id", g, "year", "gender"], method)
            agg = agg.rename(columns={g: "region_code"}).drop(columns="n")
            agg["region_level"] = level
            agg = agg.merge(src, on=["indicator_id", "year"], how="left")
            agg["computed"] = True
            agg["method"] = method
            agg["reform_break"] = (level == "county") & (agg["year"].astype(int) < REFORM_YEAR)
            pieces.append(agg)
    if not pieces:
        return pd.DataFrame(columns=AGG_COLUMNS)
    out = pd.concat(pieces, ignore_index=True)
    return out.reindex(columns=AGG_COLUMNS).reset_index(drop=True)


def combine_published(computed: pd.DataFrame, published: pd.DataFrame) -> pd.DataFrame:
    """Prefer published county/country values over computed ones for the same cell.

    Parameters
    ----------
    computed : DataFrame
        Output of :func:`aggregate_regions`.
    published : DataFrame
        Tidy rows of county or country level as published by the source.

    Returns
    -------
    DataFrame
        One row per ``indicator_id, region_code, region_level, year, gender``: the published
        value (``computed=False``, ``method="published"``) where present, else the computed one.
    """
    pub = published.reindex(columns=AGG_COLUMNS).copy()
    pub["computed"] = False
    pub["method"] = "published"
    pub["reform_break"] = (pub["region_level"] == "county") & (pub["year"].astype(int) < REFORM_YEAR)
    both = pd.concat([pub, computed.reindex(columns=AGG_COLUMNS)], ignore_index=True)
    both = both.drop_duplicates(["indicator_id", "region_code", "region_level", "year", "gender"], keep="first")
    return both.reset_index(drop=True)


def region_equivalents(key: RegionKey, data_key: pd.DataFrame) -> dict[str, str]:
    """Find regions (maakunta) whose municipalities form exactly one county.

    Parameters
    ----------
    key : RegionKey
        Today's counties.
    data_key : DataFrame
        The municipality key of the borders the regional data were published on (e.g. 2013).

    Returns
    -------
    dict
        ``{region_code: county_code}`` for every region whose member municipalities (mapped to
        today's codes) are exactly the county's. Published regional values of such regions are
        published values of the county; others (a municipality moved between regions, or
        Uusimaa split into several counties) are not.
    """
    members_region: dict[str, set] = {}
    for code, reg in zip(data_key["municipality_code"], data_key["region_code"], strict=True):
        cur = key.current_code(code)
        if cur is not None:
            members_region.setdefault(reg, set()).add(cur)
    members_county: dict[str, set] = {}
    for code, cty in zip(key.municipalities["municipality_code"], key.municipalities["county_code"], strict=True):
        members_county.setdefault(cty, set()).add(code)
    out = {}
    for reg, mem in members_region.items():
        for cty, cmem in members_county.items():
            if mem == cmem:
                out[reg] = cty
    return out


def published_as_county(region_rows: pd.DataFrame, equivalents: dict[str, str]) -> pd.DataFrame:
    """Relabel published regional (maakunta) rows as county rows where the areas are equal."""
    rows = region_rows[(region_rows["region_level"] == "region") & region_rows["region_code"].isin(equivalents)]
    return rows.assign(region_code=rows["region_code"].map(equivalents), region_level="county").reset_index(drop=True)
