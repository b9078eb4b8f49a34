"""Figures of the indicators stage; every function returns a matplotlib Figure.

* :func:`trend_small_multiples`: one panel per indicator, the county against the whole country,
  its municipalities faint behind;
* :func:`tile_map`: the 23 wellbeing services counties on a tile grid, coloured by an indicator
  (direction-aware) or by a theme signal;
* :func:`heat_table`: counties x indicators, coloured by how far each county is from the
  country towards "better" or "worse";

Stages write them with :func:`review_tools.writers.save_figures` (drawn once, shown from the PNG).
The figures are :class:`matplotlib.figure.Figure` objects made without pyplot: importing this
module chooses no backend, so notebooks keep their inline figures.

Labels are in Finnish (``language="fi"``) or English (anything else).
"""

from __future__ import annotations

import math

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.cm import ScalarMappable
from matplotlib.collections import LineCollection
from matplotlib.colors import Normalize
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle

from ..config import IndicatorSet
from ..regions import RegionKey, county_members, short_county_name
from .definitions import unit_label

__all__ = ["trend_small_multiples", "tile_map", "heat_table", "LABELS", "SIGNAL_COLOURS"]

LABELS = {
    "fi": {"country": "Koko maa", "municipalities": "Kunnat", "year": "Vuosi", "better": "parempi",
           "worse": "huonompi", "no clear change": "ei selvää muutosta", "mixed": "ristiriitainen",
           "context": "tausta", "no data": "ei tietoa", "vs_country": "ero koko maahan (keskihajontoina, + = parempi)",
           "computed": "laskettu kunnista", "reform": "hyvinvointialueuudistus 2023"},
    "sv": {"country": "Hela landet", "municipalities": "Kommuner", "year": "År", "better": "bättre",
           "worse": "sämre", "no clear change": "ingen tydlig förändring", "mixed": "varierande",
           "context": "bakgrund", "no data": "inga uppgifter", "vs_country": "skillnad mot hela landet (i standardavvikelser, + = bättre)",
           "computed": "beräknat från kommunerna", "reform": "välfärdsområdesreformen 2023"},
    "en": {"country": "Whole country", "municipalities": "Municipalities", "year": "Year", "better": "better",
           "worse": "worse", "no clear change": "no clear change", "mixed": "mixed", "context": "context",
           "no data": "no data", "vs_country": "difference from the country (SDs, + = better)",
           "computed": "computed from municipalities", "reform": "2023 county reform"},
}
SIGNAL_COLOURS = {"better": "#1a9850", "worse": "#d73027", "no clear change": "#bdbdbd", "mixed": "#fdae61",
                  "context": "#9ecae1", "no data": "#f0f0f0"}


def _lab(language: str) -> dict:
    return LABELS.get(language, LABELS["en"])


def trend_small_multiples(
    data: pd.DataFrame,
    indicator_set: IndicatorSet,
    key: RegionKey,
    region: str,
    period: tuple[int, int] | None = None,
    *,
    language: str = "en",
    ncols: int = 3,
) -> Figure:
    """Draw one small panel per indicator: region (bold), whole country (dashed), municipalities (faint);
    for a municipality: the municipality (bold), its county (dotted) and the whole country (dashed).

    Parameters
    ----------
    data : DataFrame
        ``indicator_data`` (see :func:`~review_tools.indicators.profile.prepare_indicator_data`).
    indicator_set : IndicatorSet
        Indicators and titles (order kept).
    key : RegionKey
        Today's regions.
    region : str
        County code, municipality code or ``SSS``.
    period : tuple of int, optional
        Years shown.
    language : str
        ``fi`` or ``en``.
    """
    lab = _lab(language)
    code, level = key.check_region(region)
    d = data[data["gender"].isin(["total", ""])]
    if period is not None:
        d = d[(d["year"] >= period[0]) & (d["year"] <= period[1])]
    members = set(county_members(key, code)) if level == "county" else set()
    inds = indicator_set.indicators
    nrows = max(1, math.ceil(len(inds) / ncols))
    fig = Figure(figsize=(4.2 * ncols, 2.9 * nrows))
    axes = fig.subplots(nrows, ncols, squeeze=False)
    name = short_county_name(key.region_name(code, language))
    county = key.county_of(code) if level == "municipality" else None
    county_name = short_county_name(key.region_name(county, language)) if county else ""
    by_indicator = dict(tuple(d.groupby("indicator_id", sort=False)))
    empty = d.iloc[0:0]
    for ax, ind in zip(axes.flat, inds, strict=False):
        part = by_indicator.get(ind.id, empty)
        mun = part[(part["region_level"] == "municipality") & part["region_code"].isin(members)]
        if len(mun):
            # one collection for all municipalities: hundreds of Line2D artists make drawing slow
            mun = mun.sort_values(["region_code", "year"])
            segs = [np.column_stack([g["year"].to_numpy(float), g["value"].to_numpy(float)])
                    for _, g in mun.groupby("region_code", sort=False)]
            ax.add_collection(LineCollection(segs, colors="0.75", linewidths=0.6, alpha=0.6, zorder=1))
            ax.autoscale_view()
        own = part[(part["region_level"] == level) & (part["region_code"] == code)].sort_values("year")
        ctry = part[part["region_level"] == "country"].sort_values("year")
        if level in ("county", "municipality"):
            ax.plot(ctry["year"], ctry["value"], color="#444444", ls="--", lw=1.4, label=lab["country"], zorder=2)
        if county:
            cty = part[(part["region_level"] == "county") & (part["region_code"] == county)].sort_values("year")
            ax.plot(cty["year"], cty["value"], color="#b35900", ls=":", lw=1.6, label=county_name, zorder=2)
        ax.plot(own["year"], own["value"], color="#08519c", lw=2.2, marker="o", ms=2.5, label=name, zorder=3)
        title = ind.title.get(language)
        ax.set_title(title if len(title) <= 48 else title[:46] + "…", fontsize=8.5)
        ax.tick_params(labelsize=7)
        ax.locator_params(nbins=4)
        ax.set_ylabel(unit_label(ind, language), fontsize=7)
        ax.grid(alpha=0.3, lw=0.4)
        if own.empty and ctry.empty:
            ax.text(0.5, 0.5, lab["no data"], ha="center", va="center", transform=ax.transAxes, color="0.5")
    for ax in list(axes.flat)[len(inds):]:
        ax.set_visible(False)
    handles = [Line2D([], [], color="#08519c", lw=2.2, label=name),
               Line2D([], [], color="#444444", ls="--", lw=1.4, label=lab["country"]),
               Line2D([], [], color="0.75", lw=0.8, label=lab["municipalities"])]
    if county:
        handles = [handles[0], Line2D([], [], color="#b35900", ls=":", lw=1.6, label=county_name), handles[1]]
    fig.legend(handles=handles if level in ("county", "municipality") else handles[:1], loc="lower center", ncol=3,
               fontsize=8, frameon=False)
    # fixed spacing instead of tight_layout (which measures every tick label of every panel);
    # the figure is saved with a tight bounding box, so outer margins need no fitting
    fig.subplots_adjust(left=0.05, right=0.99, top=0.96, bottom=0.06 + 0.12 / nrows, hspace=0.45, wspace=0.32)
    return fig


def tile_map(
    values: pd.Series,
    grid: pd.DataFrame,
    key: RegionKey,
    *,
    title: str = "",
    better: str = "context",
    highlight: str | None = None,
    language: str = "en",
    decimals: int = 1,
) -> Figure:
    """Draw the counties as tiles at ``grid`` positions, coloured by ``values``.

    Parameters
    ----------
    values : Series
        Indexed by county code; numbers (an indicator) or signal strings (a theme signal).
    grid : DataFrame
        ``code, row, col`` (``grid_hyvinvointialue.csv``).
    key : RegionKey
        For county names.
    title : str
        Figure title.
    better : str
        ``higher``/``lower``/``context``; numbers are coloured green for better, red for worse
        (a neutral blue scale for ``context``).
    highlight : str, optional
        County code drawn with a thick border (the review's county).
    language : str
        ``fi`` or ``en``.
    decimals : int
        Digits shown on numeric tiles.
    """
    lab = _lab(language)
    numeric = pd.api.types.is_numeric_dtype(values)
    fig = Figure(figsize=(5.8, 7.2))
    ax = fig.subplots()
    if numeric and values.notna().any():
        cmap = matplotlib.colormaps[{"higher": "RdYlGn", "lower": "RdYlGn_r"}.get(better, "Blues")]
        lo, hi = float(values.min()), float(values.max())
        norm = Normalize(lo, hi if hi > lo else lo + 1)
    for rec in grid.itertuples():
        v = values.get(rec.code, np.nan)
        if numeric:
            colour = cmap(norm(v)) if not pd.isna(v) else SIGNAL_COLOURS["no data"]
            text = "–" if pd.isna(v) else f"{v:,.{decimals}f}".replace(",", " ")
        else:
            colour = SIGNAL_COLOURS.get(str(v), SIGNAL_COLOURS["no data"])
            text = lab.get(str(v), str(v)) if isinstance(v, str) else lab["no data"]
        x, y = rec.col, -rec.row
        ax.add_patch(Rectangle((x - 0.47, y - 0.47), 0.94, 0.94, facecolor=colour,
                               edgecolor="black" if rec.code == highlight else "white", lw=2.5 if rec.code == highlight else 1))
        name = short_county_name(key.region_name(rec.code, language))
        ax.text(x, y + 0.15, name if len(name) <= 16 else name[:15] + "…", ha="center", va="center", fontsize=6.5)
        ax.text(x, y - 0.18, text, ha="center", va="center", fontsize=7.5, weight="bold")
    ax.set_xlim(grid["col"].min() - 0.6, grid["col"].max() + 0.6)
    ax.set_ylim(-grid["row"].max() - 0.6, -grid["row"].min() + 0.6)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(title, fontsize=10)
    if numeric and values.notna().any():
        sm = ScalarMappable(cmap=cmap, norm=norm)
        cb = fig.colorbar(sm, ax=ax, fraction=0.04, pad=0.02)
        if better in ("higher", "lower"):
            cb.set_label(f"{lab['better']} ↑" if better == "higher" else f"{lab['better']} ↓", fontsize=8)
    elif not numeric:
        ax.legend(handles=[Patch(color=c, label=lab.get(k, k)) for k, c in SIGNAL_COLOURS.items() if k in set(values)],
                  loc="lower right", fontsize=7, frameon=False)
    fig.subplots_adjust(left=0.02, right=0.98, top=0.94, bottom=0.02)  # saved with a tight bounding box
    return fig


def heat_table(
    data: pd.DataFrame,
    indicator_set: IndicatorSet,
    key: RegionKey,
    year: int | None = None,
    *,
    highlight: str | None = None,
    language: str = "en",
) -> Figure:
    """Draw counties x indicators, coloured by standardised distance from the country.

    Each cell shows the county's value in ``year`` (latest year of each indicator with county
    data when ``None``); the colour is ``(value - country) / sd(counties)``, sign-flipped for
    ``better: lower`` so green is always better and red worse; context indicators stay grey.
    Computed (not published) values are marked with ``*``.
    """
    lab = _lab(language)
    d = data[(data["region_level"].isin(["county", "country"])) & data["gender"].isin(["total", ""])]
    counties = list(key.counties["county_code"])
    inds = [i for i in indicator_set.indicators]
    z = np.full((len(counties), len(inds)), np.nan)
    txt = [["" for _ in inds] for _ in counties]
    col_labels = []
    for j, ind in enumerate(inds):
        part = d[d["indicator_id"] == ind.id]
        cty = part[part["region_level"] == "county"]
        y = year if year is not None else (int(cty["year"].max()) if not cty.empty else None)
        t = ind.title.get(language)
        col_labels.append(f"{t[:28] + '…' if len(t) > 29 else t}\n({y})" if y else t[:29])
        if y is None:
            continue
        cur = cty[cty["year"] == y].set_index("region_code")
        ctry = part[(part["region_level"] == "country") & (part["year"] == y)]["value"]
        centre = float(ctry.iloc[0]) if len(ctry) else float(cur["value"].mean())
        sd = float(cur["value"].std()) or 1.0
        values, computed = cur["value"].to_dict(), cur["computed"].to_dict()
        sign = {"higher": 1, "lower": -1}.get(ind.better, 0)
        for i, c in enumerate(counties):
            if c in values:
                v = float(values[c])
                z[i, j] = sign * (v - centre) / sd if sign else np.nan
                star = "*" if bool(computed[c]) else ""
                txt[i][j] = f"{v:,.{ind.decimals if ind.decimals is not None else 1}f}{star}".replace(",", " ")
    fig = Figure(figsize=(1.05 * len(inds) + 3.2, 0.32 * len(counties) + 2.2))
    ax = fig.subplots()
    ax.imshow(np.clip(z, -2.5, 2.5), cmap="RdYlGn", vmin=-2.5, vmax=2.5, aspect="auto")
    for i in range(len(counties)):
        for j in range(len(inds)):
            if not txt[i][j]:
                continue
            if np.isnan(z[i, j]):
                ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, facecolor="#eeeeee", edgecolor="none"))
            ax.text(j, i, txt[i][j], ha="center", va="center", fontsize=6.5)
    names = [short_county_name(key.region_name(c, language)) for c in counties]
    ax.set_yticks(range(len(counties)), names, fontsize=7)
    ax.set_xticks(range(len(inds)), col_labels, fontsize=6.5, rotation=40, ha="right")
    if highlight in counties:
        i = counties.index(highlight)
        ax.add_patch(Rectangle((-0.5, i - 0.5), len(inds), 1, fill=False, edgecolor="black", lw=1.8))
    ax.set_title(f"{lab['vs_country']}; * = {lab['computed']}", fontsize=8.5)
    fig.subplots_adjust(left=0.16, right=0.99, top=0.95, bottom=0.17)  # saved with a tight bounding box
    return fig
