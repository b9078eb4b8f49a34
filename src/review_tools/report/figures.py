"""Figures of the report, returned as matplotlib Figures (never shown or saved here)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from ..synthesis import STREAMS
from .i18n import t, v

SIGNAL_COLOURS = {"worse": "#c0392b", "better": "#2e7d32", "unclear": "#8a8a8a"}


def matrix_columns(matrix: pd.DataFrame, language: str) -> list[tuple[str, str]]:
    """(column, label) pairs of the matrix figure: literature, each informant group, reports, indicators."""
    cols = [("literature_n", t("literature", language))]
    groups = [c for c in matrix.columns if c.startswith("interviews:")]
    if groups:
        cols += [(c, f"{t('interviews_s', language)}:\n{v(c.split(':', 1)[1], language)}") for c in groups]
    else:
        cols.append(("interviews_n", t("interviews_s", language)))
    cols += [("social_reports_n", t("social_reports", language)), ("indicators_n", t("indicators", language))]
    return cols


def evidence_matrix_figure(matrix: pd.DataFrame, language: str = "en") -> Figure:
    """Heat map of evidence units per theme (rows) and stream (columns) with the convergence label.

    Parameters
    ----------
    matrix : DataFrame
        From :func:`review_tools.synthesis.evidence_matrix`.
    language : str

    Returns
    -------
    matplotlib.figure.Figure
    """
    cols = matrix_columns(matrix, language)
    values = matrix[[c for c, _ in cols]].to_numpy(dtype=float)
    n_rows, n_cols = values.shape
    fig = Figure(figsize=(2.2 + 1.0 * n_cols + 2.2, 0.9 + 0.34 * n_rows))
    ax = fig.add_subplot()
    shown = np.where(values > 0, np.log1p(values), np.nan)
    ax.imshow(shown, aspect="auto", cmap="Blues", vmin=0, vmax=max(np.nanmax(shown) if np.isfinite(shown).any() else 1, 1))
    for i in range(n_rows):
        for j in range(n_cols):
            if values[i, j] > 0:
                ax.text(j, i, f"{int(values[i, j])}", ha="center", va="center", fontsize=8,
                        color="white" if values[i, j] > np.nanmax(values) * 0.6 else "black")
    labels = ["  " * int(d) + f"{th}" for th, d in zip(matrix["theme"], matrix["depth"], strict=True)]
    ax.set_yticks(range(n_rows), labels, fontsize=8, family="monospace")
    ax.set_xticks(range(n_cols), [lab for _, lab in cols], fontsize=8, rotation=30, ha="right")
    ax.tick_params(top=False, bottom=True, length=0)
    for i, (conv, direction) in enumerate(zip(matrix["convergence"], matrix["direction"], strict=True)):
        text = v(conv, language) + ("" if direction in ("none", "", conv) else f" ({v(direction, language)})")
        ax.text(n_cols - 0.35, i, text, va="center", ha="left", fontsize=8,
                color=SIGNAL_COLOURS.get(direction, "#333"))
    ax.set_xlim(-0.5, n_cols - 0.5)
    ax.set_title(t("matrix", language), fontsize=10, loc="left")
    for spine in ax.spines.values():
        spine.set_visible(False)
    fig.subplots_adjust(right=0.72)
    return fig


def profile_figure(profile: pd.DataFrame, titles: dict[str, str], language: str = "en") -> Figure | None:
    """Bar chart of the region's relative difference from the whole country per indicator.

    Parameters
    ----------
    profile : DataFrame
        The region's rows (:func:`review_tools.synthesis.region_profile`).
    titles : dict
        indicator id -> title to print.
    language : str

    Returns
    -------
    matplotlib.figure.Figure or None
        None when no indicator has both a regional and a country value.
    """
    df = profile.dropna(subset=["value"]).copy()
    if "country_value" not in df.columns:
        return None
    df = df[pd.to_numeric(df["country_value"], errors="coerce").fillna(0) != 0]
    if df.empty:
        return None
    rel = (df["value"].astype(float) / df["country_value"].astype(float) - 1) * 100
    df = df.assign(rel=rel).sort_values("rel")
    fig = Figure(figsize=(7.5, 0.8 + 0.38 * len(df)))
    ax = fig.add_subplot()
    colours = [SIGNAL_COLOURS.get(str(s).lower(), SIGNAL_COLOURS["unclear"]) for s in df["signal"]]
    names = [titles.get(i, i) for i in df["indicator_id"]]
    names = [n if len(n) <= 48 else n[:46] + "…" for n in names]
    ax.barh(range(len(df)), df["rel"], color=colours)
    ax.set_yticks(range(len(df)), names, fontsize=8)
    ax.axvline(0, color="#333", linewidth=0.8)
    ax.set_xlabel(f"% vs. {t('country', language).lower()}", fontsize=8)
    ax.tick_params(axis="x", labelsize=8)
    for k, (val, year) in enumerate(zip(df["value"], df["year"], strict=True)):
        ax.text(0, k, f" {val:g} ({int(year)}) ", va="center", fontsize=7,
                ha="left" if df["rel"].iloc[k] < 0 else "right", color="#111")
    ax.set_title(t("profile_alt", language), fontsize=10, loc="left")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return fig


def profile_figure_data(profile: pd.DataFrame, titles: dict[str, str], language: str = "en") -> tuple[list, list]:
    """The values of :func:`profile_figure` as ``(header, rows)``: indicator, year, value, whole country and
    the relative difference in per cent, in the figure's order."""
    df = profile.dropna(subset=["value"]).copy()
    if "country_value" not in df.columns:
        return [], []
    df = df[pd.to_numeric(df["country_value"], errors="coerce").fillna(0) != 0]
    rel = (df["value"].astype(float) / df["country_value"].astype(float) - 1) * 100
    df = df.assign(rel=rel).sort_values("rel")
    header = [t("indicator", language), t("year", language), t("value", language), t("country", language),
              f"% vs. {t('country', language).lower()}"]
    rows = [[titles.get(i, i), str(int(y)), f"{float(val):g}", f"{float(c):g}", f"{r:+.1f}"]
            for i, y, val, c, r in zip(df["indicator_id"], df["year"], df["value"], df["country_value"], df["rel"],
                                       strict=True)]
    return header, rows


__all__ = ["evidence_matrix_figure", "profile_figure", "profile_figure_data", "STREAMS"]
