"""Intercoder reliability per code and overall, with uncoded units handled correctly.

Input is long-format codings ``unit_id, coder, code``: one row per code a coder gave a unit, and
a row with an empty code for a unit the coder read and left uncoded. For each code, a coder who
read a unit either gave the code (1) or did not (0); a coder who did not read the unit is missing.
Uncoded *units* therefore count as agreement on "not this code" only when both coders actually
read them, unlike character-level tools that count every uncoded character as agreement.

- percent agreement and Cohen's kappa (:func:`sklearn.metrics.cohen_kappa_score`, two coders)
  use the units read by every coder;
- Krippendorff's alpha (nominal, the ``krippendorff`` package) uses all units, missing data allowed;
- "overall" pools every unit x code decision.
"""

from __future__ import annotations

import warnings

import krippendorff
import numpy as np
import pandas as pd
from sklearn.metrics import cohen_kappa_score

from ..errors import StageInputError

__all__ = ["RELIABILITY_COLUMNS", "OVERALL", "decision_matrix", "agreement_table", "disagreements",
           "reliability_figure"]

RELIABILITY_COLUMNS = ["code", "percent_agreement", "cohen_kappa", "krippendorff_alpha", "n_units"]
OVERALL = "overall"


def _clean(codings: pd.DataFrame) -> pd.DataFrame:
    missing = [c for c in ("unit_id", "coder", "code") if c not in codings.columns]
    if missing:
        raise StageInputError(f"reliability: codings lack column(s) {missing}; they have {list(codings.columns)}")
    out = pd.DataFrame({
        "unit_id": codings["unit_id"].astype(str),
        "coder": codings["coder"].astype(str),
        "code": codings["code"].fillna("").astype(str).str.strip(),
    })
    if out["coder"].nunique() < 2:
        raise StageInputError(f"reliability: needs at least two coders; found {sorted(out['coder'].unique())}")
    return out


def decision_matrix(codings: pd.DataFrame, code: str, *, coders=None, units=None) -> np.ndarray:
    """Coders x units matrix for one code: 1 given, 0 read but not given, NaN not read."""
    c = _clean(codings)
    coders = sorted(c["coder"].unique()) if coders is None else list(coders)
    units = sorted(c["unit_id"].unique()) if units is None else list(units)
    ci = {k: i for i, k in enumerate(coders)}
    ui = {k: i for i, k in enumerate(units)}
    m = np.full((len(coders), len(units)), np.nan)
    for u, k in c[["unit_id", "coder"]].drop_duplicates().itertuples(index=False):
        if k in ci and u in ui:
            m[ci[k], ui[u]] = 0.0
    for u, k in c.loc[c["code"] == code, ["unit_id", "coder"]].itertuples(index=False):
        if k in ci and u in ui:
            m[ci[k], ui[u]] = 1.0
    return m


def _stats(m: np.ndarray) -> dict:
    complete = ~np.isnan(m).any(axis=0)
    full = m[:, complete]
    n = int(complete.sum())
    pa = float(np.mean((full == full[0]).all(axis=0))) if n else float("nan")
    kappa = float("nan")
    if m.shape[0] == 2 and n:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            kappa = float(cohen_kappa_score(full[0], full[1], labels=[0.0, 1.0]))
    try:
        alpha = float(krippendorff.alpha(reliability_data=m, level_of_measurement="nominal"))
    except (ValueError, ZeroDivisionError):  # one value only in the data: alpha is undefined
        alpha = float("nan")
    return {"percent_agreement": pa, "cohen_kappa": kappa, "krippendorff_alpha": alpha, "n_units": n}


def agreement_table(codings: pd.DataFrame, *, codes=None) -> pd.DataFrame:
    """Percent agreement, Cohen's kappa (two coders) and Krippendorff's alpha per code and overall.

    Parameters
    ----------
    codings : DataFrame
        ``unit_id, coder, code`` (empty code: read, left uncoded).
    codes : iterable of str, optional
        Codes to report (default: every code given by anyone), e.g. all codebook ids so codes
        nobody used show up too.

    Returns
    -------
    DataFrame
        :data:`RELIABILITY_COLUMNS`, one row per code and a last row ``code == "overall"`` pooling
        every unit x code decision. ``n_units`` counts the units read by every coder.
    """
    c = _clean(codings)
    coders = sorted(c["coder"].unique())
    units = sorted(c["unit_id"].unique())
    codes = sorted({x for x in c["code"] if x}) if codes is None else list(codes)
    if not codes:
        raise StageInputError("reliability: no codes were given by any coder")
    rows, mats = [], []
    for code in codes:
        m = decision_matrix(c, code, coders=coders, units=units)
        mats.append(m)
        rows.append({"code": code, **_stats(m)})
    overall = _stats(np.concatenate(mats, axis=1))
    overall["n_units"] = rows[0]["n_units"]
    rows.append({"code": OVERALL, **overall})
    return pd.DataFrame(rows, columns=RELIABILITY_COLUMNS)


def disagreements(codings: pd.DataFrame, *, texts: pd.DataFrame | None = None) -> pd.DataFrame:
    """List unit x code pairs where coders who read the unit disagree, for discussion.

    Returns
    -------
    DataFrame
        ``unit_id, code, coders_with, coders_without`` (coder ids joined by ``;``), plus ``text``
        when ``texts`` (``unit_id, text``) is given.
    """
    c = _clean(codings)
    coders = sorted(c["coder"].unique())
    units = sorted(c["unit_id"].unique())
    rows = []
    for code in sorted({x for x in c["code"] if x}):
        m = decision_matrix(c, code, coders=coders, units=units)
        for j, u in enumerate(units):
            col = m[:, j]
            read = ~np.isnan(col)
            if read.sum() >= 2 and len(set(col[read])) > 1:
                rows.append({
                    "unit_id": u, "code": code,
                    "coders_with": ";".join(k for k, v in zip(coders, col, strict=True) if v == 1),
                    "coders_without": ";".join(k for k, v in zip(coders, col, strict=True) if v == 0),
                })
    out = pd.DataFrame(rows, columns=["unit_id", "code", "coders_with", "coders_without"])
    if texts is not None and len(out):
        out = out.merge(texts[["unit_id", "text"]].astype({"unit_id": str}), on="unit_id", how="left")
    return out


#: The figure's words in English; :func:`reliability_figure` takes them in any language (``text``).
RELIABILITY_TEXT = {"kappa": "Cohen's kappa", "alpha": "Krippendorff's alpha",
                    "xlabel": "agreement beyond chance (dotted 0.667, dashed 0.8)"}


def reliability_figure(table: pd.DataFrame, *, text: dict | None = None):
    """Bar chart of kappa and alpha per code (the overall row last); returns a Figure (``text``: the words,
    keys of :data:`RELIABILITY_TEXT`, in the reader's language)."""
    from matplotlib.figure import Figure

    tx = {**RELIABILITY_TEXT, **(text or {})}

    fig = Figure(figsize=(7, 0.35 * len(table) + 1.2))
    ax = fig.subplots()
    y = np.arange(len(table))
    ax.barh(y - 0.2, table["cohen_kappa"].astype(float).fillna(0), height=0.4, label=tx["kappa"])
    ax.barh(y + 0.2, table["krippendorff_alpha"].astype(float).fillna(0), height=0.4, label=tx["alpha"])
    ax.set_yticks(y, table["code"])
    ax.invert_yaxis()
    ax.axvline(0.667, color="grey", ls=":", lw=1)
    ax.axvline(0.8, color="grey", ls="--", lw=1)
    ax.set_xlim(min(-0.2, float(np.nanmin(table[["cohen_kappa", "krippendorff_alpha"]].astype(float).to_numpy(),
                                          initial=0))), 1)
    ax.set_xlabel(tx["xlabel"])
    ax.legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    return fig
