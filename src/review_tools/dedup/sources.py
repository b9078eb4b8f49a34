"""Records per source and how many duplicates deduplication removed (a table and its figure)."""

from __future__ import annotations

import pandas as pd

from .core import DedupResult


def source_counts(records: pd.DataFrame, result: DedupResult, sources=None) -> pd.DataFrame:
    """Records per source and how many of them are unique after deduplication.

    ``unique_after_dedup`` counts the source's records that are the only record of their work
    or the canonical record of a group (so the column sums to the number of unique works).
    Also ``in_deduped`` (unique works the source contributed to) and ``duplicates_removed``.
    """
    kinds = {s.id: s.kind for s in sources} if sources is not None else {}
    names = {s.id: s.name for s in sources} if sources is not None else {}
    canonical = set(result.deduped["record_id"].astype(str))
    rec = records.assign(_canon=records["record_id"].astype(str).isin(canonical))
    contributed = {}
    for srcs in result.deduped["sources"].astype(str):
        for s in set(srcs.split(";")):
            contributed[s] = contributed.get(s, 0) + 1
    rows = []
    for sid, g in rec.groupby("source_id", sort=False):
        rows.append({
            "source_id": sid,
            "source_name": names.get(sid, g["source_name"].iloc[0] if "source_name" in g else sid),
            "kind": kinds.get(sid, ""),
            "records": int(len(g)),
            "unique_after_dedup": int(g["_canon"].sum()),
            "in_deduped": int(contributed.get(str(sid), 0)),
            "duplicates_removed": int(len(g) - g["_canon"].sum()),
        })
    return pd.DataFrame(rows, columns=["source_id", "source_name", "kind", "records", "unique_after_dedup",
                                       "in_deduped", "duplicates_removed"])


#: The figure's words in English; :func:`sources_figure` takes them in any language (``text``).
SOURCES_TEXT = {"title": "Records per source and duplicates removed", "kept": "kept (unique work)",
                "removed": "removed as duplicate", "dup": "dup.", "xlabel": "records"}


def sources_figure(counts: pd.DataFrame, title: str | None = None, *, text: dict | None = None):
    """Horizontal bars: records per source, split into kept (canonical) and removed duplicates; ``text`` gives
    the words (keys of :data:`SOURCES_TEXT`) in the reader's language."""
    from matplotlib.figure import Figure

    tx = {**SOURCES_TEXT, **(text or {})}
    title = title or tx["title"]

    c = counts.iloc[::-1]
    fig = Figure(figsize=(8, 0.45 * len(c) + 1.6))
    ax = fig.add_subplot(111)
    labels = c["source_id"].astype(str).tolist()
    ax.barh(labels, c["unique_after_dedup"], color="#3b75af", label=tx["kept"])
    ax.barh(labels, c["duplicates_removed"], left=c["unique_after_dedup"], color="#e8a33d",
            label=tx["removed"])
    for y, (n, u) in enumerate(zip(c["records"], c["unique_after_dedup"], strict=False)):
        ax.text(n, y, f" {n} ({n - u} {tx['dup']})", va="center", fontsize=8)
    ax.set_xlabel(tx["xlabel"])
    ax.set_title(title)
    ax.legend(loc="lower right", fontsize=8)
    ax.set_xlim(0, max(1, c["records"].max()) * 1.25)
    fig.tight_layout()
    return fig
