"""Simulated screening on a labelled set, and the shared screening metrics.

:func:`simulate` replays active-learning screening on a fully labelled set (``title, abstract,
label_included``), starting from prior records, and returns the order in which records were screened.
:func:`screening_metrics` computes WSS@95, recall@10%, and records to 95% and 100% recall exactly as
``../shared/bench/screening_metrics.py`` defines them (the conventions of asreview-insights with
``priors=False``), so our figures and ASReview's are comparable.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.utils import check_random_state
from tqdm.auto import tqdm

from ..errors import StageInputError
from .ranker import ScreeningRanker, TextFeatures, record_texts
from .stopping import stopping_points


def screening_metrics(labels: Sequence[int], order: Sequence[tuple[int, int]]) -> dict:
    """Metrics of a screening order, as defined in ``../shared/bench/screening_metrics.py``.

    Parameters
    ----------
    labels : sequence of {0, 1}
        ``label_included`` of the data rows (numbered from 0).
    order : sequence of (row, prior)
        Data rows in the order screened, ``prior`` 1 for prior-knowledge records. Rows never
        reached count as screened last (inclusions at the very end).

    Returns
    -------
    dict
        ``records, inclusions, priors, screened, n_at_95, n_at_100, wss_at_95, ideal_wss_at_95,
        recall_at_10``.

    Raises
    ------
    StageInputError
        If a row repeats or is out of range, or no inclusion is left after the priors.
    """
    labels = [int(x) for x in labels]
    seen: set[int] = set()
    priors, post = [], []
    for row, prior in order:
        row = int(row)
        if row in seen:
            raise StageInputError(f"row {row} appears twice in the order")
        if not 0 <= row < len(labels):
            raise StageInputError(f"row {row} is not a data row of the dataset")
        seen.add(row)
        (priors if prior else post).append(labels[row])
    tail = [labels[i] for i in range(len(labels)) if i not in seen]
    seq = post + sorted(tail)
    n, r = len(seq), sum(seq)
    if r == 0:
        raise StageInputError("no inclusions left after the priors")
    found, n95, n100 = 0, None, None
    k95 = math.ceil(0.95 * r)
    for i, lab in enumerate(seq, 1):
        found += lab
        if n95 is None and found >= k95:
            n95 = i
        if found == r:
            n100 = i
            break
    reached_all = sum(post) == r
    n10 = math.floor(0.10 * n)
    return {
        "records": len(labels), "inclusions": sum(labels), "priors": len(priors),
        "screened": len(post), "n_at_95": n95, "n_at_100": n100 if reached_all else None,
        "wss_at_95": round((n - n95) / n - 0.05, 4),
        "ideal_wss_at_95": round((n - k95) / n - 0.05, 4),
        "recall_at_10": round(sum(seq[:n10]) / r, 4),
    }


@dataclass
class SimulationResult:
    """The outcome of :func:`simulate`.

    Attributes
    ----------
    order : DataFrame
        ``row, prior`` in screening order (``ORDER.csv`` of the shared metrics script).
    metrics : dict
        :func:`screening_metrics` of the order.
    stopping : dict
        Where each stopping rule would have stopped (records screened after the priors) and the
        true recall there; the records after the last inclusion are replayed as irrelevant, so a
        rule may stop after the simulation ended (recall 1.0 there).
    wall_s : float
        Wall time of the simulation (features, model fits, ranking), in seconds.
    n_fits : int
        Number of model fits.
    params : dict
        The feature and ranker parameters.
    """

    order: pd.DataFrame
    metrics: dict
    stopping: dict
    wall_s: float
    n_fits: int
    params: dict = field(default_factory=dict)


def read_labelled_set(path) -> pd.DataFrame:
    """Read a labelled screening set (CSV with ``title``, ``abstract``, ``label_included``).

    Raises
    ------
    StageInputError
        If the file lacks titles or labels, or a label is not 0/1.
    """
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
    raw = df["label_included"].astype(str).str.strip().replace({"1.0": "1", "0.0": "0", "": "0"})
    bad = ~raw.isin(["0", "1"])
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise StageInputError(f"{where}: data row {i}: label_included '{df['label_included'].iloc[i]}' is "
                              "invalid; must be 0 or 1")
    if "record_id" in df.columns:
        dup = df["record_id"][df["record_id"].duplicated()]
        if len(dup):
            raise StageInputError(f"{where}: duplicate record_id(s) {sorted(dup.unique())[:10]}")
    y = raw.astype(int).to_numpy()
    if y.sum() == 0:
        raise StageInputError(f"{where}: no record is labelled included (label_included = 1)")
    return y


def default_priors(labels: Sequence[int], random_state=None) -> list[int]:
    """Pick one included and one excluded data row with ``random_state``."""
    y = np.asarray(labels)
    rng = check_random_state(random_state)
    return [int(rng.choice(np.flatnonzero(y == 1))), int(rng.choice(np.flatnonzero(y == 0)))]


def _batch_size(n_labelled: int, batch_fraction: float) -> int:
    return max(1, int(n_labelled * batch_fraction))


def simulate(
    data: pd.DataFrame,
    *,
    priors: Sequence[int] | None = None,
    random_state=None,
    features: TextFeatures | None = None,
    ranker: ScreeningRanker | None = None,
    batch_fraction: float = 0.05,
    stop_at_last_inclusion: bool = True,
    progress: bool = False,
) -> SimulationResult:
    """Simulate prioritised screening of a labelled set.

    After the priors, the ranker is fitted on the labelled records, the best-scored unlabelled
    record is screened next, and so on. To stay fast as labels accumulate, the model is refitted
    after ``max(1, batch_fraction * n_labelled)`` new labels (one record at a time early on,
    small batches later); the feature matrix is computed once.

    Parameters
    ----------
    data : DataFrame
        ``title``, ``abstract`` (optional ``keywords``) and ``label_included`` (0/1).
    priors : sequence of int, optional
        0-based data rows known before screening; default one inclusion and one exclusion
        picked with ``random_state``.
    random_state : int, RandomState or None
    features, ranker : optional
        Unfitted estimators; defaults ``TextFeatures()`` and ``ScreeningRanker()``.
    batch_fraction : float, default 0.05
        Share of the labelled count screened between refits (0 = refit after every record).
    stop_at_last_inclusion : bool, default True
        Stop once every inclusion is found (as ASReview's simulation does).
    progress : bool
        Show a tqdm progress bar.

    Returns
    -------
    SimulationResult
    """
    y = check_labelled_set(data)
    n = len(y)
    rng = check_random_state(random_state)
    if priors is None:
        priors = default_priors(y, rng)
    priors = [int(p) for p in priors]
    bad = [p for p in priors if not 0 <= p < n]
    if bad:
        raise StageInputError(f"priors: row(s) {bad} out of range; data rows are 0..{n - 1}")
    if len(set(priors)) != len(priors):
        raise StageInputError(f"priors: rows repeat in {priors}")
    if len(set(y[priors])) < 2:
        raise StageInputError(f"priors: rows {priors} need at least one included and one excluded record")
    features = clone(features) if features is not None else TextFeatures()
    base = clone(ranker) if ranker is not None else ScreeningRanker()
    seed = int(rng.randint(np.iinfo(np.int32).max))
    start = time.perf_counter()
    X = features.fit_transform(record_texts(data))
    labelled = np.zeros(n, dtype=bool)
    labelled[priors] = True
    order = list(priors)
    total_rel = int(y.sum())
    found = int(y[priors].sum())
    n_fits = 0
    queue: list[int] = []
    bar = tqdm(total=n, initial=len(order), disable=not progress, desc="simulating", unit="record")
    while len(order) < n:
        if stop_at_last_inclusion and found == total_rel:
            break
        if not queue:
            lab = np.flatnonzero(labelled)
            unl = np.flatnonzero(~labelled)
            model = clone(base).set_params(random_state=seed + n_fits)
            model.fit(X[lab], y[lab], X_unlabelled=X[unl])
            n_fits += 1
            scores = X[unl] @ model.coef_
            k = 1 if batch_fraction <= 0 else _batch_size(len(lab), batch_fraction)
            top = np.argsort(-scores, kind="stable")[:k]
            queue = [int(unl[i]) for i in top]
        row = queue.pop(0)
        labelled[row] = True
        order.append(row)
        found += int(y[row])
        bar.update(1)
    bar.close()
    wall = time.perf_counter() - start
    prior_set = set(priors)
    order_df = pd.DataFrame({"row": order, "prior": [int(r in prior_set) for r in order]})
    metrics = screening_metrics(y, list(zip(order_df["row"], order_df["prior"], strict=True)))
    post = [r for r in order if r not in prior_set]
    # records never reached hold no inclusion when the simulation stopped at the last one, so
    # their order does not matter to the stopping rules: they are replayed as irrelevant records
    unreached = n - len(order)
    replay = np.concatenate([y[post], np.zeros(unreached if found == total_rel else 0, dtype=int)])
    stops = stopping_points(replay, n - len(priors))
    return SimulationResult(order=order_df, metrics=metrics, stopping=stops, wall_s=round(wall, 3), n_fits=n_fits,
                            params={"features": features.get_params(), "ranker": base.get_params(),
                                    "batch_fraction": batch_fraction})
