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
from dataclasses import dataclass, field

import pandas as pd

from ..errors import ReviewToolsWarning, StageInputError
from ..readers.indicator_tables import COUNTRY_CODE, TIDY_COLUMNS, normalise_region_code

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

REFORM_YEAR = 2023
METHODS = ("sum", "population_weighted_mean", "none")
#: Columns of the aggregated tidy table (the tidy schema plus provenance).
AGG_COLUMNS = [*TIDY_COLUMNS, "computed", "method", "reform_break"]


@dataclass(frozen=True)
class RegionKey:
    """Today's regions and the crosswalk from every historical municipality code.

    Attributes
    ----------
    municipalities : DataFrame
        Current key: ``municipality_code, name_fi, name_sv, name_en, county_code,
        county_name_fi, county_name_sv, county_name_en, region_code``.
    crosswalk : DataFrame
        ``old_code, current_code, merged_year`` (``merged_year`` empty for unchanged codes)
        for every code in any key.
    counties : DataFrame
        ``county_code, name_fi, name_sv, name_en``, one row per county, in code order.
    key_year : int
        The year of the current key.
    """

    municipalities: pd.DataFrame
    crosswalk: pd.DataFrame
    counties: pd.DataFrame
    key_year: int
    _to_current: dict = field(default_factory=dict, repr=False, compare=False)
    _county: dict = field(default_factory=dict, repr=False, compare=False)
    _names: dict = field(default_factory=dict, repr=False, compare=False)

    def current_code(self, code: str) -> str | None:
        """Return today's municipality code for ``code`` (None when unknown)."""
        return self._to_current.get(normalise_region_code(code, "municipality"))

    def county_of(self, code: str) -> str | None:
        """Return the county code of a (historical or current) municipality code."""
        cur = self.current_code(code)
        return self._county.get(cur) if cur else None

    def check_region(self, code) -> tuple[str, str]:
        """Normalise a county code or ``SSS`` and return ``(code, level)``.

        Raises
        ------
        StageInputError
            When the code is not a county of the current key nor ``SSS``.
        """
        text = str(code).strip()
        if text.upper() == COUNTRY_CODE:
            return COUNTRY_CODE, "country"
        valid = list(self.counties["county_code"])
        try:
            norm = normalise_region_code(text, "county")
        except ValueError:
            norm = None
        if norm not in valid:
            raise StageInputError(
                f"unknown region code {code!r}: give a wellbeing services county code of the "
                f"{self.key_year} key ({', '.join(valid)}) or 'SSS' for the whole country"
            )
        return norm, "county"

    def region_name(self, code: str, language: str = "en") -> str:
        """Return the name of a county (or of the whole country) in ``language``."""
        if code == COUNTRY_CODE:
            return {"fi": "Koko maa", "sv": "Hela landet", "en": "Whole country"}.get(language, "Whole country")
        lang = language if language in ("fi", "sv", "en") else "en"
        if not self._names:
            for rec in self.counties.to_dict("records"):
                for lg in ("fi", "sv", "en"):
                    self._names[(rec["county_code"], lg)] = str(rec[f"name_{lg}"] or rec["name_fi"])
        return self._names.get((code, lang), code)

    def municipality_names(self, language: str = "en") -> dict[str, str]:
        """Return ``{municipality_code: name}`` of the current key."""
        lang = language if language in ("fi", "sv", "en") else "en"
        names = self.municipalities[f"name_{lang}"].where(self.municipalities[f"name_{lang}"] != "", self.municipalities["name_fi"])
        return dict(zip(self.municipalities["municipality_code"], names, strict=True))


def derive_disappearances(keys: dict[int, pd.DataFrame]) -> pd.DataFrame:
    """List every municipality code that disappears between consecutive keys.

    Parameters
    ----------
    keys : dict of int to DataFrame
        Municipality keys by year (from :func:`~review_tools.readers.indicator_tables.read_yearly_keys`).

    Returns
    -------
    DataFrame
        ``year`` (first key without the code), ``old_code``, ``old_name``, ``new_codes``
        (codes new in that year's key, ``;``-joined; empty when the municipality joined an
        existing one).
    """
    rows = []
    years = sorted(keys)
    for prev, cur in zip(years, years[1:], strict=False):
        a = keys[prev].set_index("municipality_code")
        b = set(keys[cur]["municipality_code"])
        new = sorted(b - set(a.index))
        for code in sorted(set(a.index) - b):
            rows.append({"year": cur, "old_code": code, "old_name": a.loc[code, "name_fi"], "new_codes": ";".join(new)})
    return pd.DataFrame(rows, columns=["year", "old_code", "old_name", "new_codes"])


def build_region_key(current: pd.DataFrame, keys: dict[int, pd.DataFrame], mergers: pd.DataFrame, *, key_year: int = 2025) -> RegionKey:
    """Build the :class:`RegionKey` and check the merger table against the keys.

    Parameters
    ----------
    current : DataFrame
        The current municipality key (with county columns).
    keys : dict of int to DataFrame
        All keys by year, including the current one and any later one (2026); disappearances
        are derived from consecutive keys.
    mergers : DataFrame
        ``year, old_code, new_code``: which municipality each vanished code joined.
    key_year : int
        Year of ``current``.

    Returns
    -------
    RegionKey

    Raises
    ------
    StageInputError
        When a vanished code has no merger row, a merger row names a code no key lost, or a
        successor is not in the key of the merger year.
    """
    gone = derive_disappearances(keys)
    problems = []
    merge_map = dict(zip(mergers["old_code"], mergers["new_code"], strict=True))
    merge_year = dict(zip(mergers["old_code"], mergers["year"], strict=True))
    for rec in gone.itertuples():
        if rec.old_code not in merge_map:
            problems.append(f"municipality {rec.old_code} {rec.old_name} disappears in {rec.year} but the merger table does not say which municipality it joined")
            continue
        if int(merge_year[rec.old_code]) != int(rec.year):
            problems.append(f"merger table says {rec.old_code} merged in {merge_year[rec.old_code]}, the keys say {rec.year}")
        succ = merge_map[rec.old_code]
        if rec.year in keys and succ not in set(keys[rec.year]["municipality_code"]):
            problems.append(f"successor {succ} of {rec.old_code} is not in the {rec.year} key")
    for old in set(merge_map) - set(gone["old_code"]):
        problems.append(f"merger table lists {old}, which no key shows disappearing")
    if problems:
        raise StageInputError("region keys and merger table disagree:\n  - " + "\n  - ".join(problems))

    cur_codes = list(current["municipality_code"])
    to_current: dict[str, str] = {c: c for c in cur_codes}
    all_codes = set().union(*(set(k["municipality_code"]) for k in keys.values()))
    rows = []
    for code in sorted(all_codes | set(cur_codes)):
        target, seen = code, set()
        while target in merge_map and target not in cur_codes and target not in seen:
            seen.add(target)
            target = merge_map[target]
        # a municipality of today's key that merges later (2026) stays on the current key's borders
        if target not in cur_codes:
            continue
        to_current[code] = target
        rows.append({"old_code": code, "current_code": target, "merged_year": merge_year.get(code, "") if code != target else ""})
    crosswalk = pd.DataFrame(rows, columns=["old_code", "current_code", "merged_year"])
    counties = (
        current[["county_code", "county_name_fi", "county_name_sv", "county_name_en"]]
        .drop_duplicates("county_code")
        .rename(columns=lambda c: c.replace("county_", ""))
        .rename(columns={"code": "county_code"})
    )
    counties = counties.assign(_n=counties["county_code"].astype(int)).sort_values("_n").drop(columns="_n").reset_index(drop=True)
    county = dict(zip(current["municipality_code"], current["county_code"], strict=True))
    return RegionKey(current.reset_index(drop=True), crosswalk, counties, key_year, to_current, county)


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


def county_members(key: RegionKey, county_code: str) -> list[str]:
    """Return today's municipality codes of a county (all municipalities for ``SSS``)."""
    m = key.municipalities
    if county_code == COUNTRY_CODE:
        return list(m["municipality_code"])
    return list(m.loc[m["county_code"] == county_code, "municipality_code"])
