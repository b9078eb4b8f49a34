"""Labelled screening sets: CSV files with ``title``, ``abstract`` and ``label_included`` (0/1).

:func:`read_labelled_rows` reads one with the csv module (no pandas, for the fast
``review-tools screen simulate`` path); :func:`read_labelled_set` reads it into a DataFrame. Both
apply the checks of :func:`check_labelled_set` and name the file in their errors.
:func:`read_truth` reads the true duplicate groups of a labelled deduplication set.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from ..errors import StageInputError

if TYPE_CHECKING:  # pandas is imported only where a DataFrame is made (slow to import)
    import pandas as pd


_LABEL_MAP = {"1": 1, "0": 0, "1.0": 1, "0.0": 0, "": 0}


def _labels_from_strings(values: Sequence[str], where: str) -> np.ndarray:
    out = np.zeros(len(values), dtype=int)
    for i, v in enumerate(values):
        lab = _LABEL_MAP.get(str(v).strip())
        if lab is None:
            raise StageInputError(f"{where}: data row {i}: label_included '{v}' is invalid; must be 0 or 1")
        out[i] = lab
    if out.sum() == 0:
        raise StageInputError(f"{where}: no record is labelled included (label_included = 1)")
    return out


def read_labelled_rows(path, fields: Sequence[str] = ("title", "abstract", "keywords")) -> tuple[list[str], np.ndarray]:
    """Read a labelled set with the csv module (no pandas): the record texts and the labels.

    The checks and messages are those of :func:`check_labelled_set`; texts are joined as
    :func:`~.ranker.record_texts` joins them.

    Raises
    ------
    StageInputError
        If the file is not a UTF-8 CSV, lacks titles or labels, repeats a record id or has a label
        other than 0/1.
    """
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh)
            header = next(reader, None)
            body = list(reader)
    except (UnicodeDecodeError, csv.Error) as exc:
        raise StageInputError(f"{path}: not a UTF-8 CSV labelled set ({exc})") from exc
    if not header:
        raise StageInputError(f"{path}: not a UTF-8 CSV labelled set (empty file)")
    col = {name: i for i, name in enumerate(header)}
    missing = [c for c in ("title", "label_included") if c not in col]
    if missing:
        raise StageInputError(f"{path}: missing column(s) {missing}; a labelled set needs title, abstract, "
                              f"label_included (got {header})")
    width = len(header)
    body = [r + [""] * (width - len(r)) for r in body if r]
    if not body or all(not r[col["title"]].strip() for r in body):
        raise StageInputError(f"{path}: no titles; every record needs a title")
    y = _labels_from_strings([r[col["label_included"]] for r in body], str(path))
    if "record_id" in col:
        seen: set[str] = set()
        dup = sorted({r[col["record_id"]] for r in body if r[col["record_id"]] in seen or seen.add(r[col["record_id"]])})
        if dup:
            raise StageInputError(f"{path}: duplicate record_id(s) {dup[:10]}")
    idx = [col[f] for f in fields if f in col]
    texts = [". ".join(r[i] for i in idx if r[i].strip()) for r in body]
    return texts, y


def read_labelled_set(path) -> pd.DataFrame:
    """Read a labelled screening set (CSV with ``title``, ``abstract``, ``label_included``).

    Raises
    ------
    StageInputError
        If the file lacks titles or labels, or a label is not 0/1.
    """
    import pandas as pd

    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise StageInputError(f"{path}: not a UTF-8 CSV labelled set ({exc})") from exc
    check_labelled_set(df, str(path))
    return df


def check_labelled_set(df: pd.DataFrame, where: str = "dataset") -> np.ndarray:
    """Validate a labelled set and return its labels as an int array."""
    missing = [c for c in ("title", "label_included") if c not in df.columns]
    if missing:
        raise StageInputError(f"{where}: missing column(s) {missing}; a labelled set needs title, abstract, "
                              f"label_included (got {list(df.columns)})")
    if len(df) == 0 or df["title"].astype(str).str.strip().eq("").all():
        raise StageInputError(f"{where}: no titles; every record needs a title")
    y = _labels_from_strings(list(df["label_included"].astype(str)), where)
    if "record_id" in df.columns:
        dup = df["record_id"][df["record_id"].duplicated()]
        if len(dup):
            raise StageInputError(f"{where}: duplicate record_id(s) {sorted(dup.unique())[:10]}")
    return y


def read_truth(groups_csv) -> list[list[str]]:
    """Read true duplicate groups of a labelled deduplication set (column ``merged_ids``, ids joined by ``;``)."""
    import pandas as pd

    g = pd.read_csv(groups_csv, dtype=str, keep_default_na=False)
    if "merged_ids" not in g:
        raise StageInputError(f"{groups_csv}: needs a column 'merged_ids'; found {list(g.columns)}")
    return [[x.strip() for x in s.split(";") if x.strip()] for s in g["merged_ids"]]
