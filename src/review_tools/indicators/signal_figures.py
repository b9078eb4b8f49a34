"""The regional signals' figure: each indicator's series beside its references, series breaks marked.

One panel per indicator: the region (bold), the whole country (dashed; at the region's own level, the
population-weighted mean), for a municipality also its county (dotted), and a vertical line at every series
break inside the period, labelled with its year. The y axis names the unit ("index, median region = 100").
"""

from __future__ import annotations

import math

import pandas as pd
from matplotlib.figure import Figure

from ..config import IndicatorSet
from ..regions import RegionKey
from .comparison import ALAND, MIN_COVERAGE, weighted_reference
from .definitions import unit_label

__all__ = ["reference_series", "signal_trends_figure"]

_LABELS = {"en": ("whole country", "its county", "series break"), "fi": ("koko maa", "oma alue", "sarjakatko"),
           "sv": ("hela landet", "eget område", "seriebrott")}


def reference_series(data: pd.DataFrame, population: pd.DataFrame, indicator_id: str, level: str,
                     members=None, county_of: dict | None = None) -> pd.Series:
    """Population-weighted mean per year of ``level`` rows (of ``members`` when given; Åland never), given only
    where the regions with a value hold at least half of the population (as the signals)."""
    county_of = county_of or {}
    d = data[(data["indicator_id"] == indicator_id) & (data["region_level"] == level)]
    pop = population[population["region_level"] == level]
    out = {}
    for y, g in d.groupby("year"):
        v = g.set_index("region_code")["value"]
        v = v[v.index != ALAND]
        if members is not None:
            v = v.reindex(members).dropna()
        w = pop[pop["year"] == y].set_index("region_code")["population"]
        universe = members if members is not None else [c for c in w.index if c != ALAND and county_of.get(c) != ALAND]
        out[int(y)] = weighted_reference(v, w, universe, min_coverage=MIN_COVERAGE)
    return pd.Series(out, dtype=float).sort_index()


def signal_trends_figure(data: pd.DataFrame, population: pd.DataFrame, indicator_set: IndicatorSet, key: RegionKey,
                         region: str, level: str, period: tuple[int, int], breaks: pd.DataFrame | None = None, *,
                         language: str = "en", ncols: int = 3) -> Figure:
    """Draw the region's series, its references and the series breaks (``indicator_id, year`` rows)."""
    lang = language if language in _LABELS else "en"
    y1, y2 = period
    d = data[data["year"].between(y1, y2) & data["gender"].isin(["total", ""])]
    own_level = "county" if level == "country" else level
    members = [m for m, c in key._county.items() if c == key._county.get(region)] if level == "municipality" else None
    inds = [i for i in indicator_set.indicators if (d["indicator_id"] == i.id).any()]
    nrows = max(1, math.ceil(len(inds) / ncols))
    # a Figure without pyplot: no backend is switched (inline figures keep working in JupyterLab)
    fig = Figure(figsize=(4.2 * ncols, 2.9 * nrows))
    axes = fig.subplots(nrows, ncols, squeeze=False)
    for ax, ind in zip(axes.flat, inds, strict=False):
        country = reference_series(d, population, ind.id, own_level, county_of=key._county)
        if level != "country":
            own = d[(d["indicator_id"] == ind.id) & (d["region_level"] == own_level) & (d["region_code"] == region)]
            own = own.set_index("year")["value"].sort_index()
            ax.plot(own.index, own.to_numpy(), color="#1f4e79", linewidth=2.2, marker="o", markersize=3)
        ax.plot(country.index, country.to_numpy(), color="#555555", linestyle="--", linewidth=1.2,
                label=_LABELS[lang][0])
        if members is not None:
            cty = reference_series(d, population, ind.id, "municipality", members, key._county)
            ax.plot(cty.index, cty.to_numpy(), color="#8c6d1f", linestyle=":", linewidth=1.4, label=_LABELS[lang][1])
        if breaks is not None and len(breaks):
            for year in sorted(set(breaks.loc[breaks["indicator_id"] == ind.id, "year"])):
                ax.axvline(year - 0.5, color="#b22222", linewidth=1, linestyle="-.")
                ax.annotate(f"{_LABELS[lang][2]} {year}", (year - 0.45, 0.95), xycoords=("data", "axes fraction"),
                            fontsize=7, color="#b22222", va="top")
        ax.set_title(ind.title.get(lang), fontsize=8.5, wrap=True)
        ax.set_ylabel(unit_label(ind, lang), fontsize=7)
        ax.tick_params(labelsize=7)
        ax.set_xlim(y1 - 0.5, y2 + 0.5)
    for ax in list(axes.flat)[len(inds):]:
        ax.set_visible(False)
    if inds:
        axes.flat[0].legend(fontsize=7, loc="lower left")
    fig.tight_layout()
    return fig
