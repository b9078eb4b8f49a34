"""Comparisons behind the regional signals: trend with its uncertainty, reference values, ranks, peers.

Frames in, frames out (no file I/O). :func:`trend` gives the least-squares slope per year with a
confidence interval; for moving averages (neighbouring years share data) by generalised least squares
with the moving average's known correlation, so that the interval keeps its coverage. :func:`weighted_reference` gives a population-weighted mean of
regions' values (the whole country, a county in municipal units, a group of similar counties).
:func:`rank_counties` ranks the 21 wellbeing services counties and places the City of Helsinki
(which organises its own services) beside them without ranking it; Åland is never ranked.
:func:`similar_counties` picks the counties most alike in population size and urbanisation.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import special

__all__ = ["HELSINKI", "ALAND", "WELLBEING_COUNTIES", "ALAND_REASON", "HELSINKI_NOTE", "trend", "t_quantile", "moving_average_correlation",
           "weighted_reference", "MIN_COVERAGE", "rank_counties", "similar_counties", "county_features"]

HELSINKI = "90"
ALAND = "91"
#: The 21 wellbeing services counties (codes of the 2025 key).
WELLBEING_COUNTIES = tuple(str(c) for c in range(1, 22))
ALAND_REASON = {
    "en": "Åland is not ranked: it is self-governing and organises social welfare under its own legislation, "
          "outside the Social Welfare Act and the 2023 wellbeing services reform (and the panel has no Åland data).",
    "fi": "Ahvenanmaata ei sijoiteta järjestykseen: se on itsehallinnollinen ja järjestää sosiaalihuollon oman "
          "lainsäädäntönsä mukaan, sosiaalihuoltolain ja vuoden 2023 sote-uudistuksen ulkopuolella (eikä paneelissa ole sen tietoja).",
    "sv": "Åland rangordnas inte: landskapet är självstyrt och ordnar socialvården enligt egen lagstiftning, "
          "utanför socialvårdslagen och välfärdsreformen 2023 (och panelen saknar uppgifter om Åland).",
}
HELSINKI_NOTE = {
    "en": "The City of Helsinki organises its own health and social services and is not a wellbeing services "
          "county: it is shown beside the 21 counties (the place its value would take), not ranked among them.",
    "fi": "Helsingin kaupunki järjestää itse sosiaali- ja terveyspalvelunsa eikä ole hyvinvointialue: se näytetään "
          "21 hyvinvointialueen rinnalla (kohta, jolle sen arvo sijoittuisi), ei niiden joukossa.",
    "sv": "Helsingfors stad ordnar själv sina social- och hälsovårdstjänster och är inget välfärdsområde: staden "
          "visas bredvid de 21 välfärdsområdena (den plats dess värde skulle få), inte rangordnad bland dem.",
}


def t_quantile(p: float, df: int) -> float:
    """Quantile of Student's t (scipy.special; scipy.stats costs about a second to import)."""
    return float(special.stdtrit(df, p))


def moving_average_correlation(n: int, window: int) -> np.ndarray:
    """Correlation of ``n`` consecutive ``window``-year moving averages of independent yearly values."""
    lag = np.abs(np.subtract.outer(np.arange(n), np.arange(n)))
    return np.clip(window - lag, 0, None) / float(window)


def trend(years, values, *, window: int = 1, confidence: float = 0.95) -> dict:
    """Slope per year with its confidence interval and two-sided p-value.

    Parameters
    ----------
    years, values : array-like
        The series (NaN values are dropped).
    window : int
        Values are moving averages over this many consecutive years (Diak's panel: 3). Neighbouring
        averages share data, so their errors are correlated in a known way
        (:func:`moving_average_correlation`); the slope is then estimated by generalised least
        squares with that correlation. An ordinary least-squares interval would be far too narrow:
        with 10 three-year averages its nominal 95 % interval covers the true slope in only about
        72 % of simulated series, this one in 95 % (``tests/test_indicator_signals.py``).
        ``window=1`` is ordinary least squares.
    confidence : float
        Level of the interval.

    Returns
    -------
    dict
        ``slope, ci_low, ci_high, p, n`` (NaN where fewer than 3 points).
    """
    x = np.asarray(years, dtype=float)
    y = np.asarray(values, dtype=float)
    ok = ~np.isnan(y)
    x, y = x[ok], y[ok]
    n = len(y)
    out = {"slope": np.nan, "ci_low": np.nan, "ci_high": np.nan, "p": np.nan, "n": n}
    if n < 3 or np.ptp(x) == 0:
        return out
    # years need not be consecutive: correlation from the distance in years
    lag = np.abs(np.subtract.outer(x, x))
    corr = np.clip(max(int(window), 1) - lag, 0, None) / float(max(int(window), 1))
    chol = np.linalg.cholesky(corr + 1e-12 * np.eye(n))
    design = np.column_stack([np.ones(n), x - x.mean()])
    xw = np.linalg.solve(chol, design)
    yw = np.linalg.solve(chol, y)
    beta, *_ = np.linalg.lstsq(xw, yw, rcond=None)
    resid = yw - xw @ beta
    df = n - 2
    s2 = float(resid @ resid) / df
    cov = s2 * np.linalg.inv(xw.T @ xw)
    slope, se = float(beta[1]), float(np.sqrt(max(cov[1, 1], 0.0)))
    if se == 0:
        p = 0.0 if slope != 0 else 1.0
        return {**out, "slope": slope, "ci_low": slope, "ci_high": slope, "p": p}
    q = t_quantile(0.5 + confidence / 2.0, df)
    p = float(2 * special.stdtr(df, -abs(slope / se)))
    return {**out, "slope": slope, "ci_low": slope - q * se, "ci_high": slope + q * se, "p": p}


#: A reference (whole country, county) needs values for at least this share of its population.
MIN_COVERAGE = 0.5


def weighted_reference(values: pd.Series, population: pd.Series, members=None, *, min_coverage: float = 0.0) -> float:
    """Population-weighted mean of ``values`` (indexed by region code); regions without a weight are left out.

    Parameters
    ----------
    values, population : Series
        Indexed by region code.
    members : list, optional
        The regions the reference stands for (default: those of ``population``); with ``min_coverage`` the
        regions with a value must hold at least that share of the members' population (a survey answered in
        a few municipalities is not the whole country's value).
    min_coverage : float
        See ``members``.

    Returns NaN when no region has both a value and a weight, or the coverage is too low.
    """
    v = values.dropna()
    w = population.reindex(v.index)
    ok = w.notna() & (w > 0)
    if not ok.any():
        return float("nan")
    if min_coverage > 0:
        universe = population.reindex(members) if members is not None else population
        total = float(universe[universe.notna() & (universe > 0)].sum())
        if total <= 0 or float(w[ok].sum()) / total < min_coverage:
            return float("nan")
    return float((v[ok] * w[ok]).sum() / w[ok].sum())


def rank_counties(values: pd.Series, better: str) -> pd.DataFrame:
    """Rank the 21 wellbeing services counties; place Helsinki beside them; leave Åland unranked.

    Parameters
    ----------
    values : Series
        One year's values indexed by county code (other codes are ignored).
    better : str
        ``lower`` or ``higher`` (rank 1 = best); ``context``: rank 1 = highest value.

    Returns
    -------
    DataFrame
        Indexed by code: ``rank`` (1..n among the counties with a value; for Helsinki the place its value
        would take among them, ``rank_kind`` ``beside``), ``n_ranked`` and ``rank_kind``
        (``ranked``, ``beside`` or ``not ranked``).
    """
    counties = values.reindex([c for c in WELLBEING_COUNTIES if c in values.index]).dropna()
    ascending = better == "lower"
    rows = {}
    ranks = counties.rank(ascending=ascending, method="min")
    for code, r in ranks.items():
        rows[code] = {"rank": int(r), "n_ranked": len(counties), "rank_kind": "ranked"}
    if HELSINKI in values.index and pd.notna(values.get(HELSINKI)):
        v = float(values[HELSINKI])
        ahead = int((counties < v).sum() if ascending else (counties > v).sum())
        rows[HELSINKI] = {"rank": ahead + 1, "n_ranked": len(counties), "rank_kind": "beside"}
    rows[ALAND] = {"rank": np.nan, "n_ranked": len(counties), "rank_kind": "not ranked"}
    return pd.DataFrame.from_dict(rows, orient="index")


def county_features(municipal_population: pd.DataFrame, county_of: dict) -> pd.DataFrame:
    """Per county: ``population`` and ``largest_share`` (share living in its largest municipality).

    Parameters
    ----------
    municipal_population : DataFrame
        ``region_code, population`` of municipalities (one year).
    county_of : dict
        Municipality code -> county code.
    """
    m = municipal_population.assign(county=municipal_population["region_code"].map(county_of)).dropna(subset=["county"])
    g = m.groupby("county")["population"]
    return pd.DataFrame({"population": g.sum(), "largest_share": g.max() / g.sum()})


def similar_counties(features: pd.DataFrame, code: str, k: int = 4) -> list[str]:
    """The ``k`` wellbeing services counties nearest to ``code`` in log population and largest-municipality share.

    Both features are standardised over the 21 counties and Helsinki; the region itself, Helsinki
    (not a county) and Åland are never peers. Returns ``[]`` when ``code`` has no features.
    """
    f = features[features.index.isin([*WELLBEING_COUNTIES, HELSINKI])].copy()
    if code not in f.index or len(f) < 2:
        return []
    z = pd.DataFrame({"size": np.log(f["population"].astype(float)), "urban": f["largest_share"].astype(float)})
    z = (z - z.mean()) / z.std(ddof=0).replace(0, 1)
    d = np.sqrt(((z - z.loc[code]) ** 2).sum(axis=1))
    d = d[[c for c in d.index if c in WELLBEING_COUNTIES and c != code]]
    return list(d.sort_values(kind="stable").index[:k])
