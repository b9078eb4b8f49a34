"""Simulated screening on a labelled set, and the shared screening metrics.

:func:`simulate` replays active-learning screening on a fully labelled set (``title, abstract,
label_included``), starting from prior records, and returns the order in which records were screened.
:func:`screening_metrics` computes WSS@95, recall@10%, and records to 95% and 100% recall exactly as
``../shared/bench/screening_metrics.py`` defines them (the conventions of asreview-insights with
``priors=False``), so our figures and ASReview's are comparable.

The default simulation runs on a numpy-only engine (:func:`tfidf_coo`, :class:`GramRows`,
:func:`fit_sq_hinge`): word 1-3-gram TF-IDF built once for all records, and the L2-regularised
squared-hinge linear SVM of :class:`~.ranker.ScreeningRanker` (liblinear's ``LinearSVC`` objective,
intercept regularised as liblinear does) solved in its kernel form on the labelled records. The
Gram rows of labelled records are computed once each; a refit is a small dense solve warm-started
from the previous support vectors, and the scores of all records are one matrix-vector product.
Neither scikit-learn, scipy nor pandas is imported on this path, so ``review-tools screen simulate``
starts in a fraction of a second. Passing ``features``/``ranker`` estimators runs them instead.
"""

from __future__ import annotations

import csv
import math
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import chain
from typing import TYPE_CHECKING

import numpy as np

from ..errors import StageInputError
from .stopping import stopping_points

if TYPE_CHECKING:  # pandas is imported only where a DataFrame is made (slow to import)
    import pandas as pd

_TOKEN = re.compile(r"(?u)\b\w\w+\b")


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


def _rng(random_state) -> np.random.RandomState:
    """``sklearn.utils.check_random_state`` without importing scikit-learn."""
    if random_state is None or random_state is np.random:
        return np.random.mtrand._rand
    if isinstance(random_state, (int, np.integer)):
        return np.random.RandomState(int(random_state))
    if isinstance(random_state, np.random.RandomState):
        return random_state
    raise StageInputError(f"random_state {random_state!r} cannot seed a numpy.random.RandomState")


def _ranges(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Concatenate ``arange(s, s + l)`` for every start and length, without a Python loop."""
    lengths = np.asarray(lengths, dtype=np.int64)
    total = int(lengths.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    offs = np.cumsum(lengths) - lengths
    return np.arange(total, dtype=np.int64) - np.repeat(offs, lengths) + np.repeat(np.asarray(starts, np.int64), lengths)


def tfidf_coo(texts: Sequence[str], *, ngram_max: int = 2, sublinear_tf: bool = True, min_df: int = 1,
              max_df: float = 1.0) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """Word n-gram TF-IDF of texts, as scikit-learn's ``TfidfVectorizer`` computes it, in numpy.

    Lowercased tokens of two or more word characters (the vectorizer's default pattern), n-grams
    of 1..``ngram_max`` consecutive tokens, ``1 + log(tf)`` when ``sublinear_tf``, smoothed IDF
    ``log((1 + n) / (1 + df)) + 1`` and rows normalised to unit L2 norm. Terms are numbered by
    their hash order (not alphabetically), which changes no dot product.

    Parameters
    ----------
    texts : sequence of str
    ngram_max : int, default 2
    sublinear_tf : bool, default True
    min_df : int, default 1
        Terms in fewer records are dropped.
    max_df : float, default 1.0
        Terms in more than this share of the records are dropped (ASReview's elas_u4 uses 0.95).

    Returns
    -------
    doc, term, val : ndarray
        The non-zero entries, sorted by term then record.
    n_terms : int
    """
    n = len(texts)
    vocab: dict[str, int] = {}
    ids_per_doc = [[vocab.setdefault(w, len(vocab)) for w in _TOKEN.findall(t.lower())] for t in texts]
    lens = np.fromiter((len(d) for d in ids_per_doc), dtype=np.int64, count=n)
    ids = np.fromiter(chain.from_iterable(ids_per_doc), dtype=np.int64, count=int(lens.sum()))
    doc = np.repeat(np.arange(n, dtype=np.int64), lens)
    n_vocab = max(len(vocab), 1)
    terms, docs = [ids], [doc]
    span = n_vocab
    prev = ids                                       # id of the (k-1)-gram starting at each token
    for k in range(2, int(ngram_max) + 1):
        if len(ids) < k:
            break
        m = len(ids) - k + 1
        same = doc[k - 1:] == doc[:m]
        # a k-gram is its (k-1)-gram and the next token; renumbering compactly keeps keys far from int64 overflow
        uniq, prev = np.unique(prev[:m] * n_vocab + ids[k - 1:], return_inverse=True)
        prev = prev.ravel()
        terms.append(prev[same] + span)
        docs.append(doc[:m][same])
        span += len(uniq)
    pair = np.concatenate(terms) * n + np.concatenate(docs)
    upair, counts = np.unique(pair, return_counts=True)
    raw_term, d = upair // n, upair % n
    term = np.cumsum(np.concatenate([[0], raw_term[1:] != raw_term[:-1]])) if len(raw_term) else raw_term
    df = np.bincount(term)
    keep_term = (df >= int(min_df)) & (df <= float(max_df) * n)
    if not keep_term.all():
        keep = keep_term[term]
        new_id = np.cumsum(keep_term) - 1
        term, d, counts, df = new_id[term[keep]], d[keep], counts[keep], df[keep_term]
    tf = 1.0 + np.log(counts) if sublinear_tf else counts.astype(float)
    idf = np.log((1.0 + n) / (1.0 + df)) + 1.0
    val = tf * idf[term]
    norms = np.sqrt(np.bincount(d, weights=val * val, minlength=n))
    norms[norms == 0] = 1.0
    return d, term, val / norms[d], int(len(df))


class GramRows:
    """Rows of the Gram matrix ``X X^T`` of a sparse TF-IDF matrix, computed on demand.

    The most frequent terms go into a small dense matrix (one BLAS product); the rest are read
    from their posting lists, which are short, so a row costs little more than the record's length.

    Parameters
    ----------
    doc, term, val, n_terms
        :func:`tfidf_coo`'s output.
    n : int
        Records.
    n_dense : int, default 768
        Number of the most frequent terms held densely.
    """

    def __init__(self, doc, term, val, n_terms: int, n: int, n_dense: int = 768):
        self.n = n
        df = np.bincount(term, minlength=n_terms)
        dense_terms = np.argsort(-df, kind="stable")[:min(n_dense, n_terms)]
        dense_terms = dense_terms[df[dense_terms] > 1]
        col = np.full(n_terms, -1, dtype=np.int64)
        col[dense_terms] = np.arange(len(dense_terms))
        is_dense = col[term] >= 0
        self.dense = np.zeros((n, max(len(dense_terms), 1)))
        self.dense[doc[is_dense], col[term[is_dense]]] = val[is_dense]
        rd, rt, rv = doc[~is_dense], term[~is_dense], val[~is_dense]
        # postings (by term) come sorted by term; the rows (by record) need a stable sort
        self.cptr = np.concatenate([[0], np.cumsum(np.bincount(rt, minlength=n_terms))])
        self.cdoc, self.cval = rd, rv
        by_doc = np.argsort(rd, kind="stable")
        self.rptr = np.concatenate([[0], np.cumsum(np.bincount(rd, minlength=n))])
        self.rterm, self.rval = rt[by_doc], rv[by_doc]

    def rows(self, rows) -> np.ndarray:
        """Return ``X[rows] @ X.T`` as a dense array of shape (len(rows), n)."""
        rows = np.asarray(rows, dtype=np.int64)
        out = self.dense[rows] @ self.dense.T
        lens = self.rptr[rows + 1] - self.rptr[rows]
        e = _ranges(self.rptr[rows], lens)
        pos = np.repeat(np.arange(len(rows)), lens)
        t, v = self.rterm[e], self.rval[e]
        plen = self.cptr[t + 1] - self.cptr[t]
        q = _ranges(self.cptr[t], plen)
        key = np.repeat(pos, plen) * self.n + self.cdoc[q]
        out += np.bincount(key, weights=np.repeat(v, plen) * self.cval[q],
                           minlength=len(rows) * self.n).reshape(len(rows), self.n)
        return out


def balanced_weights(y01: np.ndarray, balance_ratio: float) -> np.ndarray:
    """ASReview's "balanced" sample weights: exclusions weigh ``n_inc / (ratio * n_exc)``, summing to ``len(y)``."""
    y01 = np.asarray(y01)
    n_pos, n_neg = int((y01 == 1).sum()), int((y01 == 0).sum())
    w = np.where(y01 == 1, 1.0, n_pos / (float(balance_ratio) * max(n_neg, 1)))
    return w * (len(y01) / w.sum())


def fit_sq_hinge(K: np.ndarray, y_pm: np.ndarray, c: np.ndarray, beta0: np.ndarray | None = None,
                 max_iter: int = 100, tol: float = 1e-10) -> np.ndarray:
    """Solve the L2-regularised squared-hinge SVM in its kernel form (primal Newton, Chapelle 2007).

    Minimises ``0.5 * b' K b + sum_i c_i * max(0, 1 - y_i (K b)_i)**2``, i.e. liblinear's L2-loss
    SVM with weights ``w = X' b`` when ``K = X X'`` (``+ 1`` for a regularised intercept). Each
    Newton step solves a dense system on the margin violators; a step that does not lower the
    objective is halved.

    Parameters
    ----------
    K : ndarray of shape (m, m)
        Gram matrix of the training records.
    y_pm : ndarray of {-1, 1}
    c : ndarray of float
        Per-record cost (C times the sample weight).
    beta0 : ndarray, optional
        Warm start.

    Returns
    -------
    ndarray of shape (m,)
        The dual coefficients ``b``.
    """
    m = len(y_pm)
    beta = np.zeros(m) if beta0 is None else np.asarray(beta0, dtype=float).copy()

    def objective(b, f):
        viol = np.maximum(0.0, 1.0 - y_pm * f)
        return 0.5 * float(b @ f) + float(c @ (viol * viol))

    f = K @ beta
    obj = objective(beta, f)
    reg = 1.0 / (2.0 * c)
    prev = None
    for _ in range(max_iter):
        mask = y_pm * f < 1.0
        if prev is not None and np.array_equal(mask, prev):
            break                                    # the last full step solved this active set exactly
        active = np.flatnonzero(mask)
        new = np.zeros(m)
        if len(active):
            A = K[np.ix_(active, active)]
            A[np.diag_indices_from(A)] += reg[active]
            new[active] = np.linalg.solve(A, y_pm[active])
        step = new - beta
        g = K @ step
        t = 1.0
        while True:
            cand, fc = beta + t * step, f + t * g
            oc = objective(cand, fc)
            if oc <= obj + 1e-15 * max(1.0, abs(obj)) or t < 1e-6:
                break
            t *= 0.5
        done = obj - oc <= tol * max(1.0, abs(obj))
        beta, f, obj = cand, fc, oc
        prev = mask if t == 1.0 else None
        if done and t == 1.0:
            break
    return beta


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


def _top(scores: np.ndarray, k: int) -> np.ndarray:
    """Positions of the ``k`` highest scores, best first (ties: lower position first, as a stable argsort)."""
    if k >= len(scores):
        return np.argsort(-scores, kind="stable")
    if k == 1:
        return np.array([int(np.argmax(scores))])
    part = np.argpartition(-scores, k - 1)[:k]
    return part[np.lexsort((part, -scores[part]))]


#: Parameters of the default engine: ASReview elas_u4's model (C 0.11, balance ratio 9.8) on word
#: 1-3-grams instead of 1-2-grams (see :class:`~.ranker.TextFeatures` for the measurements).
ENGINE_DEFAULTS = {"ngram_max": 3, "sublinear_tf": True, "min_df": 1, "max_df": 1.0, "C": 0.11,
                   "balance_ratio": 9.8, "presumed_negatives": 0, "presumed_weight": 0.1, "presumed_until": None,
                   "n_dense": 768}


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
        SVM (``C, balance_ratio``), presumed negatives (``presumed_negatives`` unlabelled records
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
    with _one_blas_thread():
        return _simulate_rows(texts, y, p, priors, seed, batch_fraction, stop_at_last_inclusion, progress)


def _one_blas_thread():
    """Limit BLAS to one thread (the dense solves are small; more threads only contend on a loaded machine).

    Free when the process was started with ``OPENBLAS_NUM_THREADS=1`` (the CLI does so before numpy
    is imported); otherwise threadpoolctl limits the loaded libraries for the duration.
    """
    import contextlib
    import os

    if all(os.environ.get(v) == "1" for v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")):
        return contextlib.nullcontext()
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1)


def _simulate_rows(texts, y, p, priors, seed, batch_fraction, stop_at_last_inclusion, progress) -> dict:
    n = len(y)
    start = time.perf_counter()
    d, t, v, n_terms = tfidf_coo(texts, ngram_max=p["ngram_max"], sublinear_tf=p["sublinear_tf"],
                                 min_df=p["min_df"], max_df=p["max_df"])
    gram = GramRows(d, t, v, n_terms, n, n_dense=p["n_dense"])
    labelled = np.zeros(n, dtype=bool)
    labelled[priors] = True
    order = list(priors)
    G = np.empty((min(n, 64), n))                    # Gram rows of the labelled records, in screening order
    m = 0
    total_rel, found = int(y.sum()), int(y[priors].sum())
    n_fits = 0
    beta = np.zeros(0)
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
            if m < len(lab):
                if len(lab) > G.shape[0]:
                    G = np.concatenate([G[:m], np.empty((max(len(lab), 2 * G.shape[0]) - m, n))])
                G[m:len(lab)] = gram.rows(lab[m:])
                m = len(lab)
            yl = y[lab]
            c = p["C"] * balanced_weights(yl, p["balance_ratio"])
            rows, K = G[:m], G[:m][:, lab] + 1.0
            y_fit = 2.0 * yl - 1.0
            b0 = np.concatenate([beta[:m], np.zeros(m - len(beta))]) if len(beta) <= m else None
            unl = np.flatnonzero(~labelled)
            k_pn = min(int(p["presumed_negatives"]), len(unl))
            if p["presumed_until"] is not None and len(lab) >= p["presumed_until"]:
                k_pn = 0
            if k_pn:
                pn = np.sort(sample_rng.choice(unl, size=k_pn, replace=False))
                gp = gram.rows(pn)
                K = np.block([[K, gp[:, lab].T + 1.0], [gp[:, lab] + 1.0, gp[:, pn] + 1.0]])
                rows = np.concatenate([rows, gp])
                y_fit = np.concatenate([y_fit, -np.ones(k_pn)])
                c = np.concatenate([c, np.full(k_pn, p["C"] * p["presumed_weight"])])
                b0 = None if b0 is None else np.concatenate([b0, np.zeros(k_pn)])
            sol = fit_sq_hinge(K, y_fit, c, b0)
            beta = sol[:m]
            n_fits += 1
            scores = sol @ rows + sol.sum()
            k = 1 if batch_fraction <= 0 else _batch_size(len(lab), batch_fraction)
            queue = [int(unl[i]) for i in _top(scores[unl], k)][::-1]
        row = queue.pop()
        labelled[row] = True
        order.append(row)
        found += int(y[row])
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
