"""Simulated screening on a labelled set: the replay loop.

:func:`simulate` replays active-learning screening on a fully labelled set (``title, abstract,
label_included``), starting from prior records, and returns the order in which records were screened
with the metrics of :mod:`.metrics`. The default simulation runs on the numpy engine of
:mod:`.engine` (:func:`simulate_rows`); passing ``features``/``ranker`` estimators runs them instead.
Labelled sets are read by :mod:`review_tools.readers.labelled_sets`.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from ..errors import StageInputError
from ..readers.labelled_sets import check_labelled_set, read_labelled_rows, read_labelled_set
from .engine import GramRows, _rng, _top, balanced_weights, fit_sq_hinge, one_blas_thread, tfidf_coo
from .metrics import screening_metrics
from .stopping import stopping_points

if TYPE_CHECKING:  # pandas is imported only where a DataFrame is made (slow to import)
    import pandas as pd

__all__ = [
    "ENGINE_DEFAULTS", "GramRows", "SimulationResult", "balanced_weights", "check_labelled_set", "default_priors",
    "fit_sq_hinge", "read_labelled_rows", "read_labelled_set", "screening_metrics", "simulate", "simulate_rows",
    "tfidf_coo",
]


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


def default_priors(labels: Sequence[int], random_state=None) -> list[int]:
    """Pick one included and one excluded data row with ``random_state``."""
    y = np.asarray(labels)
    rng = _rng(random_state)
    return [int(rng.choice(np.flatnonzero(y == 1))), int(rng.choice(np.flatnonzero(y == 0)))]


def _batch_size(n_labelled: int, batch_fraction: float) -> int:
    return max(1, int(n_labelled * batch_fraction))


def _check_priors(priors, y, rng) -> list[int]:
    n = len(y)
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
    return priors


#: Parameters of the default engine: ASReview elas_u4's model (C 0.11, balance ratio 9.8) on word
#: 1-3-grams instead of 1-2-grams (see :class:`~.ranker.TextFeatures` for the measurements).
#: ``members`` lists the ensemble's differently-featured linear models (:mod:`.members`: ``word``,
#: ``char``, ``emb``, ``word+char``), their scores combined by ``combine`` (mean rank, ``z`` mean standardised
#: score or ``margin`` mean decision value, :func:`.members.combine_scores`); ``refit_every_until`` refits after every decision
#: while fewer than that many inclusions are known (None = batches of ``batch_fraction`` throughout);
#: ``lemmatize`` maps the words of Finnish and Swedish records to their lemmas (English records are
#: unchanged). ``embedding_weight`` adds wordllama word embeddings (:mod:`.embeddings`) to the word
#: member's features while fewer than ``embedding_until`` inclusions are known (None = always);
#: ``refit_on_inclusion`` refits as soon as an inclusion is found. The defaults are the choice of the
#: leave-one-set-out run of ``benchmarks/screening_bench.py`` (docs/screening-benchmark.md).
ENGINE_DEFAULTS = {"ngram_max": 3, "sublinear_tf": True, "min_df": 1, "max_df": 1.0, "C": 0.11,
                   "balance_ratio": 9.8, "presumed_negatives": 0, "presumed_weight": 0.1, "presumed_until": None,
                   "n_dense": 768, "embedding_weight": 0.0, "embedding_until": None, "refit_on_inclusion": False,
                   "members": ("word",), "combine": "rank", "refit_every_until": None, "lemmatize": True}


def simulate_rows(texts: Sequence[str], y: Sequence[int], *, priors: Sequence[int] | None = None, random_state=None,
                  batch_fraction: float = 0.05, stop_at_last_inclusion: bool = True, progress: bool = False,
                  **engine) -> dict:
    """Simulate prioritised screening of record texts with the numpy engine (no pandas, scikit-learn or scipy).

    Parameters
    ----------
    texts : sequence of str
        One text per record (title, abstract and keywords joined).
    y : sequence of {0, 1}
        ``label_included``.
    priors, random_state, batch_fraction, stop_at_last_inclusion, progress
        As in :func:`simulate`.
    **engine
        Overrides of :data:`ENGINE_DEFAULTS`: TF-IDF (``ngram_max, sublinear_tf, min_df, max_df``),
        SVM (``C, balance_ratio``), ``members``, ``refit_every_until``, ``lemmatize``, ``embedding_weight``,
        ``refit_on_inclusion``, presumed negatives (``presumed_negatives`` unlabelled records
        drawn afresh for each fit, as exclusions weighted ``presumed_weight``, while fewer than
        ``presumed_until`` records are labelled; None = always) and ``n_dense``.

    Returns
    -------
    dict
        ``order`` (data rows in screening order, priors first), ``priors``, ``metrics``,
        ``stopping``, ``wall_s``, ``n_fits`` and ``params``.
    """
    unknown = set(engine) - set(ENGINE_DEFAULTS)
    if unknown:
        raise StageInputError(f"simulate: unknown engine parameter(s) {sorted(unknown)}")
    p = {**ENGINE_DEFAULTS, **engine}
    y = np.asarray(y, dtype=int)
    if len(texts) != len(y):
        raise StageInputError(f"simulate: {len(texts)} texts but {len(y)} labels")
    rng = _rng(random_state)
    priors = _check_priors(priors, y, rng)
    seed = int(rng.randint(np.iinfo(np.int32).max))
    with one_blas_thread():
        return _simulate_rows(texts, y, p, priors, seed, batch_fraction, stop_at_last_inclusion, progress)


class _Member:
    """One member's Gram rows of the screened records (in screening order) and its last solution."""

    def __init__(self, rows, extra_rows=None):
        self.provider, self.extra = rows, extra_rows
        self.G = np.empty((0, rows.n))
        self.m = 0
        self.beta = np.zeros(0)

    def fit_scores(self, lab, yl, c_lab, p, pn, early):
        n = self.provider.n
        if self.m < len(lab):
            if len(lab) > self.G.shape[0]:
                self.G = np.concatenate([self.G[:self.m], np.empty((max(len(lab), 2 * self.G.shape[0], 64) - self.m, n))])
            self.G[self.m:len(lab)] = self.provider.rows(lab[self.m:])
            self.m = len(lab)
        m = self.m
        rows = self.G[:m]
        if early:
            rows = rows + self.extra.rows(lab)
        K = rows[:, lab] + 1.0
        y_fit, c = 2.0 * yl - 1.0, c_lab
        b0 = np.concatenate([self.beta[:m], np.zeros(m - len(self.beta))]) if len(self.beta) <= m else None
        if len(pn):
            gp = self.provider.rows(pn) + (self.extra.rows(pn) if early else 0.0)
            K = np.block([[K, gp[:, lab].T + 1.0], [gp[:, lab] + 1.0, gp[:, pn] + 1.0]])
            rows = np.concatenate([rows, gp])
            y_fit = np.concatenate([y_fit, -np.ones(len(pn))])
            c = np.concatenate([c, np.full(len(pn), p["C"] * p["presumed_weight"])])
            b0 = None if b0 is None else np.concatenate([b0, np.zeros(len(pn))])
        sol = fit_sq_hinge(K, y_fit, c, b0)
        self.beta = sol[:m]
        return sol @ rows + sol.sum()


def _members(texts, p) -> list[_Member]:
    from .members import DenseRows, lemmatised_texts, member_rows

    if p["lemmatize"]:
        texts = lemmatised_texts(texts)
    kinds = tuple(p["members"])
    if not kinds:
        raise StageInputError("simulate: 'members' needs at least one of 'word', 'char', 'emb', 'word+char'")
    out = []
    for kind in kinds:
        rows = member_rows(kind, texts, p)
        extra = None
        if kind == "word" and p["embedding_weight"]:
            from .embeddings import embed_texts

            emb = embed_texts(texts) * math.sqrt(float(p["embedding_weight"]))
            if p["embedding_until"] is None:         # always: part of the word member's features
                rows.dense = np.hstack([rows.dense, emb])
            else:                                    # used only early on: kept apart from the TF-IDF Gram rows
                extra = DenseRows(emb)
        out.append(_Member(rows, extra))
    return out


def _simulate_rows(texts, y, p, priors, seed, batch_fraction, stop_at_last_inclusion, progress) -> dict:
    from .members import combine_scores

    n = len(y)
    start = time.perf_counter()
    members = _members(texts, p)
    labelled = np.zeros(n, dtype=bool)
    labelled[priors] = True
    order = list(priors)
    total_rel, found = int(y.sum()), int(y[priors].sum())
    n_fits = 0
    queue: list[int] = []
    sample_rng = np.random.RandomState(seed)
    bar = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(total=n, initial=len(order), desc="simulating", unit="record")
    while len(order) < n:
        if stop_at_last_inclusion and found == total_rel:
            break
        if not queue:
            lab = np.asarray(order)
            yl = y[lab]
            c = p["C"] * balanced_weights(yl, p["balance_ratio"])
            unl = np.flatnonzero(~labelled)
            k_pn = min(int(p["presumed_negatives"]), len(unl))
            if p["presumed_until"] is not None and len(lab) >= p["presumed_until"]:
                k_pn = 0
            pn = np.sort(sample_rng.choice(unl, size=k_pn, replace=False)) if k_pn else np.zeros(0, dtype=np.int64)
            scores = combine_scores([
                mem.fit_scores(lab, yl, c, p, pn, mem.extra is not None and found < p["embedding_until"])[unl]
                for mem in members], p["combine"])
            n_fits += 1
            k = 1 if batch_fraction <= 0 else _batch_size(len(lab), batch_fraction)
            if p["refit_every_until"] is not None and found < p["refit_every_until"]:
                k = 1
            queue = [int(unl[i]) for i in _top(scores, k)][::-1]
        row = queue.pop()
        labelled[row] = True
        order.append(row)
        found += int(y[row])
        if p["refit_on_inclusion"] and y[row] == 1:
            queue = []
        if bar is not None:
            bar.update(1)
    if bar is not None:
        bar.close()
    wall = time.perf_counter() - start
    return _finish(y, order, priors, found, total_rel, wall, n_fits,
                   {"engine": "numpy-kernel-svm", **p, "batch_fraction": batch_fraction})


def _finish(y, order, priors, found, total_rel, wall, n_fits, params) -> dict:
    n = len(y)
    prior_set = set(priors)
    metrics = screening_metrics(y, [(r, int(r in prior_set)) for r in order])
    post = [r for r in order if r not in prior_set]
    # records never reached hold no inclusion when the simulation stopped at the last one, so
    # their order does not matter to the stopping rules: they are replayed as irrelevant records
    unreached = n - len(order)
    replay = np.concatenate([y[post], np.zeros(unreached if found == total_rel else 0, dtype=int)])
    stops = stopping_points(replay, n - len(priors))
    return {"order": order, "priors": list(priors), "metrics": metrics, "stopping": stops,
            "wall_s": round(wall, 3), "n_fits": n_fits, "params": params}


def _texts_of(data) -> list[str]:
    cols = [c for c in ("title", "abstract", "keywords") if c in data.columns]
    parts = data[cols].fillna("").astype(str)
    return [". ".join(q for q in row if q.strip()) for row in parts.itertuples(index=False, name=None)]


def simulate(
    data: pd.DataFrame,
    *,
    priors: Sequence[int] | None = None,
    random_state=None,
    features=None,
    ranker=None,
    batch_fraction: float = 0.05,
    stop_at_last_inclusion: bool = True,
    progress: bool = False,
    **engine,
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
        Unfitted :class:`~.ranker.TextFeatures` and :class:`~.ranker.ScreeningRanker` (or other
        estimators with their interface). When both are None (the default) the numpy engine of
        :func:`simulate_rows` runs the same model (word 1-3-gram TF-IDF, the SVM of
        ``ScreeningRanker()``) much faster.
    batch_fraction : float, default 0.05
        Share of the labelled count screened between refits (0 = refit after every record).
    stop_at_last_inclusion : bool, default True
        Stop once every inclusion is found (as ASReview's simulation does).
    progress : bool
        Show a tqdm progress bar.
    **engine
        Parameters of the numpy engine (see :func:`simulate_rows`).

    Returns
    -------
    SimulationResult
    """
    import pandas as pd

    y = check_labelled_set(data)
    if features is None and ranker is None:
        out = simulate_rows(_texts_of(data), y, priors=priors, random_state=random_state,
                            batch_fraction=batch_fraction, stop_at_last_inclusion=stop_at_last_inclusion,
                            progress=progress, **engine)
    else:
        if engine:
            raise StageInputError(f"simulate: engine parameters {sorted(engine)} apply only without features/ranker")
        out = _simulate_estimators(data, y, priors=priors, random_state=random_state, features=features,
                                   ranker=ranker, batch_fraction=batch_fraction,
                                   stop_at_last_inclusion=stop_at_last_inclusion, progress=progress)
    prior_set = set(out["priors"])
    order_df = pd.DataFrame({"row": out["order"], "prior": [int(r in prior_set) for r in out["order"]]})
    return SimulationResult(order=order_df, metrics=out["metrics"], stopping=out["stopping"], wall_s=out["wall_s"],
                            n_fits=out["n_fits"], params=out["params"])


def _simulate_estimators(data, y, *, priors, random_state, features, ranker, batch_fraction,
                         stop_at_last_inclusion, progress) -> dict:
    """The simulation loop with scikit-learn estimators (slower; for comparing feature sets and models)."""
    from sklearn.base import clone

    from .ranker import ScreeningRanker, TextFeatures, record_texts

    n = len(y)
    rng = _rng(random_state)
    priors = _check_priors(priors, y, rng)
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
    while len(order) < n:
        if stop_at_last_inclusion and found == total_rel:
            break
        if not queue:
            lab = np.flatnonzero(labelled)
            unl = np.flatnonzero(~labelled)
            model = clone(base).set_params(random_state=seed + n_fits)
            model.fit(X[lab], y[lab], X_unlabelled=X[unl])
            n_fits += 1
            scores = model.decision_function(X[unl])
            k = 1 if batch_fraction <= 0 else _batch_size(len(lab), batch_fraction)
            queue = [int(unl[i]) for i in _top(scores, k)][::-1]
        row = queue.pop()
        labelled[row] = True
        order.append(row)
        found += int(y[row])
    wall = time.perf_counter() - start
    return _finish(y, order, priors, found, total_rel, wall, n_fits,
                   {"features": features.get_params(), "ranker": base.get_params(), "batch_fraction": batch_fraction})
