"""Pairwise evaluation of deduplication against labelled duplicate groups."""

from __future__ import annotations

import time
from pathlib import Path

import pandas as pd

from ..errors import StageInputError
from .core import DedupResult, deduplicate

_BIB_COLUMNS = {"author": "authors", "number": "issue", "ENTRYTYPE": "publication_type", "ID": "record_id",
                "booktitle": "_booktitle", "container_title": "_container"}


def _pairs(groups) -> set:
    out = set()
    for g in groups:
        g = sorted(set(g))
        for x in range(len(g)):
            for y in range(x + 1, len(g)):
                out.add((g[x], g[y]))
    return out


def pairwise_metrics(predicted, truth) -> dict:
    """Pairwise TP/FP/FN, precision, recall and F1 of predicted vs true duplicate groups.

    Parameters
    ----------
    predicted, truth : iterable of iterables of str
        Groups of record ids (singletons may be included; they add no pairs).

    Returns
    -------
    dict
        ``TP, FP, FN, precision, recall, f1`` (precision is 1.0 when nothing is predicted
        and nothing is missed, as in the peer's evaluation script).
    """
    p, t = _pairs(predicted), _pairs(truth)
    tp, fp, fn = len(p & t), len(p - t), len(t - p)
    precision = tp / (tp + fp) if tp + fp else (1.0 if fn == 0 else 0.0)
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"TP": tp, "FP": fp, "FN": fn, "precision": precision, "recall": recall, "f1": f1}


def labelled_to_records(df: pd.DataFrame) -> pd.DataFrame:
    """Turn a table in the bib-dedupe benchmark format (``ID, title, author, ...``) into schema records."""
    if "ID" not in df.columns and "record_id" not in df.columns:
        raise StageInputError(f"labelled records need an 'ID' column; found {list(df.columns)[:12]}")
    out = df.rename(columns={k: v for k, v in _BIB_COLUMNS.items() if k in df.columns}).copy()
    for c in ("title", "authors", "journal", "volume", "issue", "pages", "doi", "pmid", "publication_type"):
        if c not in out:
            out[c] = ""
        out[c] = out[c].fillna("").astype(str).str.replace(r"\.0$", "", regex=True) if c in ("volume", "issue") \
            else out[c].fillna("").astype(str)
    if "_booktitle" in out:
        out["journal"] = out["journal"].where(out["journal"] != "", out["_booktitle"].fillna("").astype(str))
    if "_container" in out:
        out["journal"] = out["journal"].where(out["journal"] != "", out["_container"].fillna("").astype(str))
    out["authors"] = out["authors"].str.replace(r"\s+and\s+", "; ", regex=True)
    out["record_id"] = out["record_id"].astype(str)
    out["source_id"] = "labelled"
    out["year"] = pd.to_numeric(out.get("year"), errors="coerce").astype("Int64")
    return out


def read_truth(groups_csv: str | Path) -> list[list[str]]:
    """Read true duplicate groups (column ``merged_ids``, ids joined by ``;``)."""
    g = pd.read_csv(groups_csv, dtype=str, keep_default_na=False)
    if "merged_ids" not in g:
        raise StageInputError(f"{groups_csv}: needs a column 'merged_ids'; found {list(g.columns)}")
    return [[x.strip() for x in s.split(";") if x.strip()] for s in g["merged_ids"]]


def evaluate(records: pd.DataFrame, truth, settings=None) -> tuple[dict, DedupResult]:
    """Deduplicate labelled ``records`` and compare with ``truth`` groups.

    Returns
    -------
    (dict, DedupResult)
        Metrics (see :func:`pairwise_metrics`) plus ``n_records, n_unique, review_pairs, wall_s``.
    """
    t0 = time.perf_counter()
    res = deduplicate(records, settings)
    wall = time.perf_counter() - t0
    pred = [ids.split(";") for ids in res.duplicate_groups()["merged_ids"]]
    m = pairwise_metrics(pred, truth)
    m.update({"n_records": len(records), "n_unique": len(res.deduped),
              "review_pairs": len(res.review_queue), "wall_s": round(wall, 3)})
    return m, res
