"""Agreement between reviewers per screening stage: percent agreement, Cohen's kappa, Krippendorff's alpha."""

from __future__ import annotations

import itertools
import warnings

import krippendorff
import numpy as np
import pandas as pd
from sklearn.metrics import cohen_kappa_score

from ..errors import StageInputError

AGREEMENT_COLUMNS = ["stage", "reviewers", "n", "percent_agreement", "cohen_kappa", "krippendorff_alpha"]
_CODES = {"include": 0, "exclude": 1, "maybe": 2, "not_retrieved": 3}


def _kappa(a, b) -> float:
    if len(a) == 0:
        return float("nan")
    if len(set(a) | set(b)) < 2:
        # both reviewers used one and the same category: kappa is undefined (0/0)
        return float("nan")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return float(cohen_kappa_score(a, b))


def _alpha(matrix: np.ndarray) -> float:
    """Krippendorff's nominal alpha of a reviewers x records matrix (NaN where not screened)."""
    pairable = (~np.isnan(matrix)).sum(axis=0) >= 2
    if not pairable.any():
        return float("nan")
    values = matrix[:, pairable]
    if len(np.unique(values[~np.isnan(values)])) < 2:
        return float("nan")
    return float(krippendorff.alpha(reliability_data=matrix, level_of_measurement="nominal"))


def agreement_table(decisions: pd.DataFrame) -> pd.DataFrame:
    """Compute agreement statistics per stage and pair of reviewers.

    Parameters
    ----------
    decisions : DataFrame
        One standing decision per reviewer and record: ``record_id, stage, reviewer, decision``
        (as returned by :func:`review_tools.screening.events.reviewer_decisions`).

    Returns
    -------
    DataFrame
        ``stage, reviewers, n, percent_agreement, cohen_kappa, krippendorff_alpha``. One row per
        pair of reviewers (``"a;b"``) with ``n`` records screened by both; Cohen's kappa from
        scikit-learn on those records; Krippendorff's nominal alpha (``krippendorff`` package) on
        every record of the pair, records seen by one reviewer only included as missing values.
        With three or more reviewers in a stage, one more row for all of them: ``n`` records seen
        by at least two, mean pairwise agreement, Light's kappa (mean of the pairwise kappas) and
        alpha over the whole matrix. Statistics that are undefined (e.g. every decision the same)
        are NaN.

    Raises
    ------
    StageInputError
        If a column is missing or a reviewer has two decisions on one record in one stage.
    """
    missing = [c for c in ("record_id", "stage", "reviewer", "decision") if c not in decisions.columns]
    if missing:
        raise StageInputError(f"agreement: missing column(s) {missing}; expected record_id, stage, reviewer, decision")
    dup = decisions.duplicated(["record_id", "stage", "reviewer"])
    if dup.any():
        r = decisions[dup].iloc[0]
        raise StageInputError(
            f"agreement: reviewer '{r['reviewer']}' has more than one decision on record '{r['record_id']}' at "
            f"stage '{r['stage']}'; pass standing decisions (events.reviewer_decisions)"
        )
    rows = []
    for stage, df in decisions.groupby("stage", sort=False):
        wide = df.pivot(index="record_id", columns="reviewer", values="decision")
        reviewers = sorted(wide.columns)
        coded = wide.apply(lambda col: col.map(_CODES)).astype(float)
        pair_kappas = []
        for a, b in itertools.combinations(reviewers, 2):
            both = wide[[a, b]].dropna()
            if both.empty:
                continue
            k = _kappa(both[a].tolist(), both[b].tolist())
            pair_kappas.append(k)
            rows.append({
                "stage": stage, "reviewers": f"{a};{b}", "n": len(both),
                "percent_agreement": round(100.0 * float((both[a] == both[b]).mean()), 2),
                "cohen_kappa": k,
                "krippendorff_alpha": _alpha(coded[[a, b]].to_numpy().T),
            })
        if len(reviewers) > 2:
            seen = wide.notna().sum(axis=1) >= 2
            agree = []
            for _, row in wide[seen].iterrows():
                vals = row.dropna().tolist()
                pairs = list(itertools.combinations(vals, 2))
                agree.append(sum(x == y for x, y in pairs) / len(pairs))
            finite = [k for k in pair_kappas if np.isfinite(k)]
            rows.append({
                "stage": stage, "reviewers": ";".join(reviewers), "n": int(seen.sum()),
                "percent_agreement": round(100.0 * float(np.mean(agree)), 2) if agree else float("nan"),
                "cohen_kappa": float(np.mean(finite)) if finite else float("nan"),
                "krippendorff_alpha": _alpha(coded[reviewers].to_numpy().T),
            })
    return pd.DataFrame(rows, columns=AGREEMENT_COLUMNS)


#: The figure's words in English; :func:`agreement_figure` takes them in any language (``text``).
AGREEMENT_TEXT = {"pct": "agreement, %", "kappa": "Cohen's kappa", "alpha": "Krippendorff's alpha",
                  "chance": "chance-corrected agreement", "title": "Agreement between reviewers"}


def agreement_figure(table: pd.DataFrame, *, text: dict | None = None, stage_labels: dict | None = None):
    """Plot percent agreement, kappa and alpha per stage and reviewer pair; returns a Figure (``text``: the words,
    keys of :data:`AGREEMENT_TEXT`, and ``stage_labels``: stage id -> label, in the reader's language)."""
    from matplotlib.figure import Figure

    tx, stages = {**AGREEMENT_TEXT, **(text or {})}, stage_labels or {}

    fig = Figure(figsize=(7, 0.6 + 0.5 * max(len(table), 1)))
    axes = fig.subplots(1, 2, sharey=True, gridspec_kw={"width_ratios": [1, 1.4]})
    labels = [f"{stages.get(s, s)} · {r.replace(';', ' / ')}" for s, r in zip(table["stage"], table["reviewers"], strict=True)]
    y = np.arange(len(table))
    axes[0].barh(y, table["percent_agreement"], color="#4c72b0")
    axes[0].set_xlim(0, 100)
    axes[0].set_xlabel(tx["pct"])
    axes[0].set_yticks(y, labels)
    axes[0].invert_yaxis()
    h = 0.38
    axes[1].barh(y - h / 2, table["cohen_kappa"].fillna(0), height=h, label=tx["kappa"], color="#55a868")
    axes[1].barh(y + h / 2, table["krippendorff_alpha"].fillna(0), height=h, label=tx["alpha"],
                 color="#c44e52")
    axes[1].set_xlim(-1, 1)
    axes[1].axvline(0, color="grey", lw=0.8)
    axes[1].legend(loc="lower right", fontsize=8)
    axes[1].set_xlabel(tx["chance"])
    fig.suptitle(tx["title"])
    fig.tight_layout()
    return fig
