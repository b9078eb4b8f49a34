"""Figures of the social-report stage (returned as matplotlib Figures; never shown or saved here).

* :func:`reports_by_county`: social reports per county, stacked by observation type.
* :func:`breakdown_figure`: one breakdown of the loop's summaries (need category, municipality, ...).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from ..regions import RegionKey, short_county_name

__all__ = ["reports_by_county", "breakdown_figure", "OBSERVATION_COLOURS", "OBSERVATION_LABELS"]

OBSERVATION_COLOURS = {"problem": "#d73027", "good_practice": "#1a9850", "weak_signal": "#fdae61"}
OBSERVATION_LABELS = {
    "fi": {"problem": "epäkohta", "good_practice": "hyvä käytäntö", "weak_signal": "heikko signaali",
           "reports": "Sosiaalisia raportteja", "title": "Sosiaaliset raportit hyvinvointialueittain"},
    "sv": {"problem": "missförhållande", "good_practice": "god praxis", "weak_signal": "svag signal",
           "reports": "Sociala rapporter", "title": "Sociala rapporter per välfärdsområde"},
    "en": {"problem": "problem", "good_practice": "good practice", "weak_signal": "weak signal",
           "reports": "Social reports", "title": "Social reports by wellbeing services county"},
}


def reports_by_county(reports: pd.DataFrame, key: RegionKey, *, language: str = "en") -> Figure:
    """Draw the number of social reports per county, stacked by observation type.

    Parameters
    ----------
    reports : DataFrame
        Validated reports (``county_code, observation_type``).
    key : RegionKey
        Today's counties (every county is shown, also those without reports).
    language : str
        ``fi``, ``sv`` or ``en``.
    """
    lab = OBSERVATION_LABELS.get(language, OBSERVATION_LABELS["en"])
    counties = [str(c) for c in key.counties["county_code"]]
    counts = pd.crosstab(reports["county_code"].astype(str), reports["observation_type"].astype(str)) if len(reports) \
        else pd.DataFrame()
    counts = counts.reindex(index=counties, fill_value=0)
    types = [t for t in OBSERVATION_COLOURS if t in counts.columns] + [t for t in counts.columns if t not in OBSERVATION_COLOURS]
    fig = Figure(figsize=(6.4, 0.26 * len(counties) + 1.4))
    ax = fig.add_subplot()
    left = np.zeros(len(counties))
    y = np.arange(len(counties))
    for t in types:
        vals = counts[t].to_numpy(dtype=float)
        ax.barh(y, vals, left=left, color=OBSERVATION_COLOURS.get(t, "#9ecae1"), label=lab.get(t, t))
        left += vals
    ax.set_yticks(y, [short_county_name(key.region_name(c, language)) for c in counties], fontsize=7)
    ax.invert_yaxis()
    ax.set_xlabel(lab["reports"], fontsize=8)
    ax.tick_params(axis="x", labelsize=7)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_title(lab["title"], fontsize=9)
    if types:
        ax.legend(fontsize=7, frameon=False, loc="lower right")
    fig.tight_layout()
    return fig


def breakdown_figure(table: pd.DataFrame, dimension: str, *, labels: dict[str, str], type_labels: dict[str, str],
                     title: str, xlabel: str) -> Figure | None:
    """Draw one breakdown of :func:`review_tools.social_reports.loop.breakdowns`, stacked by observation type.

    Parameters
    ----------
    table : DataFrame
        The breakdowns (``dimension, value, n_problem, n_good_practice, n_weak_signal``).
    dimension : str
        Which breakdown (``need_category``, ``municipality``, ``half_year``, ``processing_status``).
    labels : dict
        ``value -> label`` of the bars (a value without a label is shown as it is).
    type_labels : dict
        ``observation type -> label`` for the legend.
    title, xlabel : str
        In the run's language.

    Returns
    -------
    Figure or None
        None when the breakdown has no report.
    """
    rows = table[table["dimension"] == dimension]
    if rows.empty or not rows["n_reports"].astype(int).any():
        return None
    y = np.arange(len(rows))
    fig = Figure(figsize=(6.4, 0.28 * len(rows) + 1.3))
    ax = fig.add_subplot()
    left = np.zeros(len(rows))
    for t, colour in OBSERVATION_COLOURS.items():
        vals = rows[f"n_{t}"].to_numpy(dtype=float)
        ax.barh(y, vals, left=left, color=colour, label=type_labels.get(t, t))
        left += vals
    ax.set_yticks(y, [labels.get(str(v), str(v)) for v in rows["value"]], fontsize=7)
    ax.invert_yaxis()
    ax.set_xlabel(xlabel, fontsize=8)
    ax.tick_params(axis="x", labelsize=7)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_title(title, fontsize=9)
    ax.legend(fontsize=7, frameon=False, loc="lower right")
    fig.tight_layout()
    return fig
