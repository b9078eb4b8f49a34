"""Analysis of codings for the report: frequencies, co-occurrence, best quotes, themes by region.

All functions take the (pseudonymised) tables of the coding stage and return new DataFrames or
matplotlib Figures; none writes files.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import StageInputError

__all__ = [
    "CODING_COLUMNS",
    "QUOTE_COLUMNS",
    "code_frequencies",
    "cooccurrence",
    "best_quotes",
    "themes_by_region",
    "frequency_figure",
    "cooccurrence_figure",
    "region_figure",
]

CODING_COLUMNS = ["unit_id", "unit_type", "source_type", "code", "coder", "origin"]
QUOTE_COLUMNS = ["quote_id", "code", "text", "document_id", "informant_group", "region", "score"]


def _need(df: pd.DataFrame, cols, what: str) -> None:
    missing = [c for c in cols if c not in df.columns]
    if missing:
        raise StageInputError(f"{what}: missing column(s) {missing}; the table has {list(df.columns)}")


def _unit_groups(codings: pd.DataFrame, segments: pd.DataFrame | None) -> pd.DataFrame:
    """Distinct (unit, code) pairs with the unit's source type, informant group and region."""
    _need(codings, ["unit_id", "source_type", "code"], "codings")
    pairs = codings[codings["code"].fillna("") != ""].drop_duplicates(["unit_id", "source_type", "code"])
    pairs = pairs[["unit_id", "source_type", "code"]].copy()
    if segments is not None and len(segments):
        meta = segments[["segment_id", "informant_group", "region"]].rename(columns={"segment_id": "unit_id"})
        pairs = pairs.merge(meta.drop_duplicates("unit_id"), on="unit_id", how="left")
    else:
        pairs["informant_group"] = np.nan
        pairs["region"] = np.nan
    lit = pairs["source_type"] != "interview"
    pairs.loc[lit, "informant_group"] = pairs.loc[lit, "source_type"]
    pairs["informant_group"] = pairs["informant_group"].fillna("unknown").replace("", "unknown")
    pairs["region"] = pairs["region"].fillna("").astype(str)
    return pairs


def code_frequencies(codings: pd.DataFrame, segments: pd.DataFrame | None = None) -> pd.DataFrame:
    """Units coded with each code, by source type and informant group.

    Returns
    -------
    DataFrame
        ``code, source_type, informant_group, n_units`` (distinct units; for literature and social
        reports the group is the source type), sorted by code and count.
    """
    pairs = _unit_groups(codings, segments)
    out = (pairs.groupby(["code", "source_type", "informant_group"], as_index=False)["unit_id"].nunique()
           .rename(columns={"unit_id": "n_units"}))
    return out.sort_values(["code", "n_units"], ascending=[True, False], kind="stable").reset_index(drop=True)


def cooccurrence(codings: pd.DataFrame, codes=None) -> pd.DataFrame:
    """Code x code matrix of units coded with both codes (diagonal: units with the code).

    Returns
    -------
    DataFrame
        First column ``code``, then one column per code.
    """
    _need(codings, ["unit_id", "code"], "codings")
    c = codings[codings["code"].fillna("") != ""].drop_duplicates(["unit_id", "code"])
    codes = sorted(c["code"].unique()) if codes is None else list(codes)
    ind = pd.crosstab(c["unit_id"], c["code"]).reindex(columns=codes, fill_value=0).clip(upper=1)
    mat = ind.T.dot(ind) if len(ind) else pd.DataFrame(0, index=codes, columns=codes)
    mat = mat.reindex(index=codes, columns=codes, fill_value=0).astype(int)
    mat.index.name = "code"
    mat.columns.name = None
    return mat.reset_index()


def best_quotes(codings: pd.DataFrame, segments: pd.DataFrame, suggestions: pd.DataFrame | None = None, *,
                per_code: int = 3, min_chars: int = 60, max_chars: int = 600) -> pd.DataFrame:
    """Pick the best quotes per theme from coded interview segments (already pseudonymised).

    A segment's score for a code is the share of human coders who gave it (1.0 if one coder and no
    other coded the unit), averaged with the suggester's score for the same code where one exists,
    and halved for texts shorter than ``min_chars`` or longer than ``max_chars``. Interviewer
    turns are never quoted; at most one quote per document and code.

    Returns
    -------
    DataFrame
        :data:`QUOTE_COLUMNS`, ``quote_id`` being the segment id (the ``quote`` evidence reference).
    """
    _need(codings, ["unit_id", "code", "coder", "source_type"], "codings")
    _need(segments, ["segment_id", "document_id", "text", "informant_group", "region"], "segments")
    inter = codings[(codings["source_type"] == "interview") & (codings["code"].fillna("") != "")]
    human = inter[inter["origin"].isin(["human", "accepted_suggestion"])] if "origin" in inter.columns else inter
    if human.empty:
        human = inter
    coders_per_unit = human.groupby("unit_id")["coder"].nunique()
    votes = human.groupby(["unit_id", "code"])["coder"].nunique().rename("votes").reset_index()
    votes["score"] = votes["votes"] / votes["unit_id"].map(coders_per_unit)
    if suggestions is not None and len(suggestions):
        s = suggestions.rename(columns={"score": "s_score"})[["unit_id", "code", "s_score"]]
        votes = votes.merge(s.drop_duplicates(["unit_id", "code"]), on=["unit_id", "code"], how="left")
        votes["score"] = np.where(votes["s_score"].notna(), (votes["score"] + votes["s_score"]) / 2, votes["score"])
    seg = segments.set_index("segment_id")
    votes = votes[votes["unit_id"].isin(seg.index)]
    votes = votes.join(seg[["document_id", "text", "informant_group", "region"]], on="unit_id")
    votes = votes[votes["informant_group"].fillna("") != "interviewer"]
    length = votes["text"].astype(str).str.len()
    votes["score"] = votes["score"] * np.where((length < min_chars) | (length > max_chars), 0.5, 1.0)
    votes = votes.sort_values(["code", "score", "unit_id"], ascending=[True, False, True], kind="stable")
    votes = votes.drop_duplicates(["code", "document_id"]).groupby("code", sort=True).head(per_code)
    out = votes.rename(columns={"unit_id": "quote_id"})
    out["score"] = out["score"].round(4)
    return out[QUOTE_COLUMNS].reset_index(drop=True)


def themes_by_region(codings: pd.DataFrame, segments: pd.DataFrame) -> pd.DataFrame:
    """Interview units per code and region (``region, code, n_units``)."""
    pairs = _unit_groups(codings, segments)
    pairs = pairs[(pairs["source_type"] == "interview") & (pairs["region"] != "")]
    return (pairs.groupby(["region", "code"], as_index=False)["unit_id"].nunique()
            .rename(columns={"unit_id": "n_units"}).sort_values(["region", "code"]).reset_index(drop=True))


#: The figures' words in English; the figure functions take them in any language (``text``).
FIGURE_TEXT = {"frequencies": {"xlabel": "coded units", "title": "Code frequencies by informant group and source"},
               "cooccurrence": {"cbar": "units coded with both", "title": "Code co-occurrence"},
               "regions": {"cbar": "coded interview units", "xlabel": "region", "title": "Themes by region (interviews)"}}


def frequency_figure(freq: pd.DataFrame, *, labels: dict | None = None, text: dict | None = None,
                     group_labels: dict | None = None):
    """Stacked horizontal bars: units per code, split by informant group / source type (``text``: the words,
    ``group_labels``: informant group -> label, in the reader's language)."""
    from matplotlib.figure import Figure

    tx, groups = {**FIGURE_TEXT["frequencies"], **(text or {})}, group_labels or {}

    wide = freq.pivot_table(index="code", columns="informant_group", values="n_units", aggfunc="sum", fill_value=0)
    wide = wide.loc[wide.sum(axis=1).sort_values().index] if len(wide) else wide
    fig = Figure(figsize=(8, 0.32 * max(len(wide), 3) + 1.4))
    ax = fig.subplots()
    left = np.zeros(len(wide))
    for col in wide.columns:
        ax.barh([f"{c} {labels.get(c, '')}".strip() if labels else c for c in wide.index], wide[col], left=left,
                label=groups.get(str(col), str(col).replace("_", " ")))
        left += wide[col].to_numpy()
    ax.set_xlabel(tx["xlabel"])
    ax.set_title(tx["title"])
    if len(wide.columns):
        ax.legend(fontsize=7, loc="lower right")
    fig.tight_layout()
    return fig


def cooccurrence_figure(matrix: pd.DataFrame, *, text: dict | None = None):
    """Heatmap of the co-occurrence matrix from :func:`cooccurrence` (``text``: the words in the reader's language)."""
    from matplotlib.figure import Figure

    tx = {**FIGURE_TEXT["cooccurrence"], **(text or {})}

    m = matrix.set_index("code")
    fig = Figure(figsize=(0.45 * len(m) + 2.5, 0.45 * len(m) + 2))
    ax = fig.subplots()
    im = ax.imshow(m.to_numpy(), cmap="Blues")
    ax.set_xticks(range(len(m)), m.columns, rotation=90, fontsize=7)
    ax.set_yticks(range(len(m)), m.index, fontsize=7)
    for i in range(len(m)):
        for j in range(len(m)):
            v = int(m.iat[i, j])
            if v:
                ax.text(j, i, str(v), ha="center", va="center", fontsize=6,
                        color="white" if v > m.to_numpy().max() / 2 else "black")
    fig.colorbar(im, ax=ax, shrink=0.7, label=tx["cbar"])
    ax.set_title(tx["title"])
    fig.tight_layout()
    return fig


def region_figure(by_region: pd.DataFrame, *, text: dict | None = None):
    """Heatmap of interview units per code (rows) and region (columns) (``text``: the words in the reader's
    language)."""
    from matplotlib.figure import Figure

    tx = {**FIGURE_TEXT["regions"], **(text or {})}

    wide = by_region.pivot_table(index="code", columns="region", values="n_units", fill_value=0)
    fig = Figure(figsize=(max(3, 0.8 * len(wide.columns) + 3), 0.35 * max(len(wide), 3) + 1.5))
    ax = fig.subplots()
    if len(wide):
        im = ax.imshow(wide.to_numpy(), cmap="Greens", aspect="auto")
        ax.set_xticks(range(len(wide.columns)), wide.columns)
        ax.set_yticks(range(len(wide)), wide.index, fontsize=7)
        fig.colorbar(im, ax=ax, shrink=0.7, label=tx["cbar"])
    ax.set_xlabel(tx["xlabel"])
    ax.set_title(tx["title"])
    fig.tight_layout()
    return fig
