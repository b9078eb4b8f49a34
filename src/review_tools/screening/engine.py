"""The numpy-only screening engine: word n-gram TF-IDF, Gram rows and a kernel-form linear SVM.

:func:`tfidf_coo` builds word 1-n-gram TF-IDF once for all records (as scikit-learn's
``TfidfVectorizer`` computes it); :class:`GramRows` returns rows of ``X X^T`` on demand;
:func:`fit_sq_hinge` solves the L2-regularised squared-hinge linear SVM of
:class:`~.ranker.ScreeningRanker` (liblinear's ``LinearSVC`` objective, intercept regularised as
liblinear does) in its kernel form on the labelled records. A refit is a small dense solve
warm-started from the previous support vectors, and the scores of all records are one
matrix-vector product. Neither scikit-learn, scipy nor pandas is imported here, so
``review-tools screen simulate`` starts in a fraction of a second.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import chain

import numpy as np

from ..errors import StageInputError

_TOKEN = re.compile(r"(?u)\b\w\w+\b")


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
    return weigh_terms(np.concatenate(terms), np.concatenate(docs), n, sublinear_tf=sublinear_tf, min_df=min_df,
                       max_df=max_df)


def weigh_terms(terms: np.ndarray, docs: np.ndarray, n: int, *, sublinear_tf: bool = True, min_df: int = 1,
                max_df: float = 1.0) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """TF-IDF entries of term occurrences ``(terms[i], docs[i])`` (one per occurrence), as :func:`tfidf_coo` weighs them."""
    pair = np.asarray(terms, dtype=np.int64) * n + np.asarray(docs, dtype=np.int64)
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
    extra : ndarray of shape (n, d), optional
        Further dense features appended to every record (e.g. scaled word embeddings); their
        products add to the Gram matrix, i.e. the kernel of the concatenated features.
    """

    def __init__(self, doc, term, val, n_terms: int, n: int, n_dense: int = 768, extra: np.ndarray | None = None):
        self.n = n
        df = np.bincount(term, minlength=n_terms)
        dense_terms = np.argsort(-df, kind="stable")[:min(n_dense, n_terms)]
        dense_terms = dense_terms[df[dense_terms] > 1]
        col = np.full(n_terms, -1, dtype=np.int64)
        col[dense_terms] = np.arange(len(dense_terms))
        is_dense = col[term] >= 0
        self.dense = np.zeros((n, max(len(dense_terms), 1)))
        self.dense[doc[is_dense], col[term[is_dense]]] = val[is_dense]
        if extra is not None and extra.shape[1]:
            self.dense = np.hstack([self.dense, np.asarray(extra, dtype=float)])
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


def _top(scores: np.ndarray, k: int) -> np.ndarray:
    """Positions of the ``k`` highest scores, best first (ties: lower position first, as a stable argsort)."""
    if k >= len(scores):
        return np.argsort(-scores, kind="stable")
    if k == 1:
        return np.array([int(np.argmax(scores))])
    part = np.argpartition(-scores, k - 1)[:k]
    return part[np.lexsort((part, -scores[part]))]


def one_blas_thread():
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
