"""When to stop screening: a statistical stopping rule with an estimated recall, and a simple heuristic.

The statistical rule is the hypergeometric test of Callaghan & Müller-Hansen (2020, Syst Rev 9:273,
doi:10.1186/s13643-020-01521-4). The records screened last are treated as a sample drawn from the
records that were still unscreened when the sample began. Under the null hypothesis "recall is
below the target", at least ``K_tar = floor(r_seen / target - r_before) + 1`` relevant records were
in that pool; the p-value is the probability of finding as few relevant records as were found in
the sample (hypergeometric CDF). Every possible sample start among the screened records is tried
and the smallest p-value is kept (as in the authors' code). Screening may stop when p < 1 - confidence.
Because prioritised screening finds relevant records faster than random sampling, treating its
order as random is conservative.

Beside it, the heuristic "stop after N irrelevant records in a row" (no guarantee; shown for comparison).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass

import numpy as np

from ..errors import StageInputError


@dataclass(frozen=True)
class StoppingEstimate:
    """The stopping rules' view of a screening sequence.

    Attributes
    ----------
    n_total, n_screened, n_relevant_seen : int
        Records in the set, records screened so far, relevant records among them.
    recall_target, confidence : float
        The rule's parameters.
    p_value : float
        Smallest p-value of the null hypothesis "recall < target" (1.0 when untestable).
    stop : bool
        Whether the statistical rule says to stop (``p_value < 1 - confidence``).
    recall_lower_bound : float
        The largest recall that is reached with the given confidence (0 when none).
    recall_estimate : float
        Point estimate of recall: relevant seen divided by relevant seen plus the expected
        relevant among the unscreened at the rate of the last ``window`` screened records.
    irrelevant_in_a_row : int
        Irrelevant records screened since the last relevant one.
    heuristic_n : int
        The heuristic's threshold N.
    heuristic_stop : bool
        Whether N irrelevant records in a row were reached.
    """

    n_total: int
    n_screened: int
    n_relevant_seen: int
    recall_target: float
    confidence: float
    p_value: float
    stop: bool
    recall_lower_bound: float
    recall_estimate: float
    irrelevant_in_a_row: int
    heuristic_n: int
    heuristic_stop: bool

    def to_dict(self) -> dict:
        """Return the estimate as a plain dict (for ``stopping.json``)."""
        return asdict(self)


def _check(labels, n_total):
    y = np.asarray(labels, dtype=float)
    if y.ndim != 1 or (len(y) and not np.isin(y, (0, 1)).all()):
        raise StageInputError("stopping: labels must be a sequence of 0/1 in screening order")
    if n_total < len(y):
        raise StageInputError(f"stopping: n_total ({n_total}) is smaller than the records screened ({len(y)})")
    return y.astype(int)


def _log_factorials(n: int) -> np.ndarray:
    """``log(k!)`` for k = 0..n (a cumulative sum of logs; exact to ~1e-13 for the set sizes screened)."""
    out = np.zeros(n + 1)
    if n:
        np.cumsum(np.log(np.arange(1, n + 1, dtype=float)), out=out[1:])
    return out


def hypergeom_cdf(k, pool, successes, draws) -> np.ndarray:
    """Hypergeometric CDF ``P(X <= k)``, vectorised (the same as ``scipy.stats.hypergeom.cdf(k, pool, successes, draws)``).

    Computed from a table of log-factorials, so the stopping rules need neither ``scipy.stats`` (slow to
    import) nor a loop over the candidate samples.

    Parameters
    ----------
    k, pool, successes, draws : array-like of int
        Relevant records in the sample, records in the pool, relevant records in the pool (the
        null hypothesis), sample size; broadcast together.

    Returns
    -------
    ndarray of float
    """
    k, pool, succ, draws = (np.asarray(a, dtype=np.int64) for a in np.broadcast_arrays(k, pool, successes, draws))
    if k.size == 0:
        return np.zeros(k.shape)
    return _cdf(k, pool, succ, draws, _log_factorials(int(pool.max())))


def _cdf(k, pool, succ, draws, lf) -> np.ndarray:
    lo = np.maximum(0, draws - (pool - succ))
    hi = np.minimum(np.minimum(succ, draws), k)
    width = int(max(1, (hi - lo).max() + 1))
    i = lo[..., None] + np.arange(width)                                   # terms lo..hi of the sum
    valid = i <= hi[..., None]
    i = np.where(valid, i, lo[..., None])
    s, m, d = succ[..., None], pool[..., None], draws[..., None]

    def lchoose(a, b):
        return lf[a] - lf[b] - lf[a - b]

    logp = lchoose(s, i) + lchoose(m - s, d - i) - lchoose(m, d)
    return np.clip(np.where(valid, np.exp(logp), 0.0).sum(axis=-1), 0.0, 1.0)


def hypergeometric_p(labels: Sequence[int], n_total: int, recall_target: float = 0.95, *,
                     exhaustive: bool = False) -> float:
    """Smallest p-value of "recall < ``recall_target``" over all sample starts (Callaghan & Müller-Hansen 2020).

    Parameters
    ----------
    labels : sequence of {0, 1}
        Relevance of the screened records in the order they were screened.
    n_total : int
        Records in the whole set.
    recall_target : float
        Recall to reach, in (0, 1).
    exhaustive : bool, default False
        Test every sample start; by default only the starts where the minimum can lie (the
        result is the same, see the tests).

    Returns
    -------
    float
        1.0 when nothing relevant has been seen.
    """
    y = _check(labels, n_total)
    cand = _candidates(y, n_total, recall_target, exhaustive)
    if cand is None:
        return 1.0
    p = hypergeom_cdf(*cand)
    return float(np.clip(np.nanmin(p), 0.0, 1.0))


def _candidates(y: np.ndarray, n_total: int, recall_target: float, exhaustive: bool = False):
    """The test's candidate samples as ``(k, pool, k_tar, n)`` arrays, or None when untestable."""
    n_seen = len(y)
    r_seen = int(y.sum())
    if n_seen == 0 or r_seen == 0:
        return None
    rev = y[::-1]
    n_vec = np.arange(1, n_seen + 1)                 # sample sizes: the last n screened records
    k_vec = np.cumsum(rev)                           # relevant in the sample
    if not exhaustive:
        # lengthening a sample by an irrelevant record only lowers p, so the minimum is at a sample
        # that begins right after a relevant record, or at the whole sequence
        ends = np.flatnonzero(rev)                   # in reversed order: relevant records' positions
        cand = np.unique(np.concatenate([ends - 1, ends, [n_seen - 1]]))
        cand = cand[cand >= 0]
        n_vec, k_vec = n_vec[cand], k_vec[cand]
    r_before = r_seen - k_vec                        # relevant found before the sample began
    pool = n_total - (n_seen - n_vec)                # unscreened records when the sample began
    k_tar = np.floor(r_seen / recall_target - r_before) + 1
    k_tar = np.minimum(k_tar, pool).astype(np.int64)
    return k_vec, pool, k_tar, n_vec


def _first_stop(y: np.ndarray, n_total: int, recall_target: float, alpha: float, first: int, step: int) -> int | None:
    """The first number of screened records (``first, first + step, ...``) at which p < alpha, or None.

    The same test as :func:`hypergeometric_p` at every look, with the candidate sample starts of the
    whole sequence computed once (a start at or right after each relevant record, or at the
    beginning) and, at each look, the CDF evaluated only for candidates whose last term is below
    ``alpha`` (a CDF is at least its last term), so a look costs a few vector operations.
    """
    lf = _log_factorials(int(n_total))
    found = np.concatenate([[0], np.cumsum(y)])      # found[s] = relevant among the first s records
    rel = np.flatnonzero(y)
    starts = np.unique(np.concatenate([[0], rel, rel + 1]))
    log_alpha = np.log(alpha) + 1e-9
    for n in range(first, len(y) + 1, step):
        r_seen = int(found[n])
        if not r_seen:
            continue
        s = starts[:np.searchsorted(starts, n)]     # samples y[s:n] of at least one record
        draws = n - s
        r_before = found[s]
        k = r_seen - r_before
        pool = n_total - s
        succ = np.minimum(np.floor(r_seen / recall_target - r_before) + 1, pool).astype(np.int64)
        lo = np.maximum(0, draws - (pool - succ))
        if (k < lo).any():                           # fewer relevant than the null allows: p = 0
            return n
        ok = k <= np.minimum(succ, draws)
        kk, m, q, d = k[ok], pool[ok], succ[ok], draws[ok]
        last = (lf[q] - lf[kk] - lf[q - kk] + lf[m - q] - lf[d - kk] - lf[m - q - d + kk] - lf[m] + lf[d] + lf[m - d])
        # the CDF is at least its last term, and at least 1/2 from the mean + 1 on (the median of a
        # hypergeometric distribution is within 1 of its mean), so only these can be below alpha
        sel = (last < log_alpha) & ((kk < d * q / m + 1) | (alpha > 0.5))
        if sel.any() and np.nanmin(_cdf(kk[sel], m[sel], q[sel], d[sel], lf)) < alpha:
            return n
    return None


def estimate(
    labels: Sequence[int],
    n_total: int,
    *,
    recall_target: float = 0.95,
    confidence: float = 0.99,
    heuristic_n: int | None = None,
    window: int = 50,
) -> StoppingEstimate:
    """Evaluate both stopping rules on a screening sequence.

    Parameters
    ----------
    labels : sequence of {0, 1}
        Relevance (1 = included) of the records screened so far, in screening order.
    n_total : int
        Records in the whole set.
    recall_target : float, default 0.95
    confidence : float, default 0.95
    heuristic_n : int, optional
        N of "N irrelevant in a row"; default ``max(50, ceil(0.05 * n_total))``.
    window : int, default 50
        Records used for the point estimate's recent inclusion rate.

    Returns
    -------
    StoppingEstimate
    """
    if not 0 < recall_target < 1 or not 0 < confidence < 1:
        raise StageInputError("stopping: recall_target and confidence must be between 0 and 1 (exclusive)")
    y = _check(labels, n_total)
    hn = int(heuristic_n) if heuristic_n is not None else max(50, math.ceil(0.05 * n_total))
    p = hypergeometric_p(y, n_total, recall_target)
    alpha = 1 - confidence
    lower = 0.0
    if y.sum():
        # largest target for which "recall < target" is rejected (p is increasing in the target)
        lo, hi = 0.0, 1.0
        if hypergeometric_p(y, n_total, 1e-6) < alpha:
            for _ in range(30):
                mid = (lo + hi) / 2
                if hypergeometric_p(y, n_total, max(mid, 1e-6)) < alpha:
                    lo = mid
                else:
                    hi = mid
            lower = lo
    r_seen = int(y.sum())
    recent = y[-window:] if len(y) else y
    rate = float(recent.mean()) if len(recent) else 0.0
    remaining = n_total - len(y)
    expected_left = rate * remaining
    rec = r_seen / (r_seen + expected_left) if r_seen + expected_left > 0 else 0.0
    pos = np.flatnonzero(y)
    in_a_row = len(y) - (int(pos[-1]) + 1) if len(pos) else len(y)
    return StoppingEstimate(
        n_total=int(n_total), n_screened=len(y), n_relevant_seen=r_seen, recall_target=recall_target,
        confidence=confidence, p_value=p, stop=bool(p < alpha), recall_lower_bound=round(lower, 4),
        recall_estimate=round(rec, 4), irrelevant_in_a_row=int(in_a_row), heuristic_n=hn,
        heuristic_stop=bool(in_a_row >= hn),
    )


def stopping_points(
    labels: Sequence[int],
    n_total: int,
    *,
    recall_target: float = 0.95,
    confidence: float = 0.99,
    heuristic_n: int | None = None,
    step: int = 1,
    burn_in: int = 1,
) -> dict:
    """Replay a screening sequence and report where each rule would stop (used in simulation).

    Parameters
    ----------
    labels : sequence of {0, 1}
        Relevance of the records in screening order (the full order of the simulation).
    n_total : int
        Records in the set (the order's records plus any never reached, which count as unseen).
    step : int
        Test every ``step`` records (1 = after every record).
    burn_in : int, default 1
        First number of screened records at which the statistical rule is tested.

    Returns
    -------
    dict
        For ``"statistical"`` and ``"heuristic"``: ``stopped`` (bool), ``n_screened`` at the stop,
        ``recall`` (true recall there, against all relevant records in ``labels``) and
        ``work_saved`` (share of records not screened).
    """
    y = _check(labels, n_total)
    total_rel = int(y.sum())
    hn = int(heuristic_n) if heuristic_n is not None else max(50, math.ceil(0.05 * n_total))
    alpha = 1 - confidence
    found = np.cumsum(y)
    out = {}
    stat_at = _first_stop(y, n_total, recall_target, alpha, max(1, int(burn_in)), max(1, int(step)))
    heur_at = None
    run = 0
    for i, lab in enumerate(y, 1):
        run = 0 if lab else run + 1
        if run >= hn and found[i - 1] > 0:
            heur_at = i
            break
    for name, at in (("statistical", stat_at), ("heuristic", heur_at)):
        if at is None:
            out[name] = {"stopped": False, "n_screened": None, "recall": None, "work_saved": None}
        else:
            out[name] = {
                "stopped": True, "n_screened": int(at),
                "recall": round(float(found[at - 1]) / total_rel, 4) if total_rel else None,
                "work_saved": round(1 - at / n_total, 4),
            }
    return out


#: The figure's words in English; :func:`stopping_figure` takes them in any language (``text``).
STOPPING_TEXT = {"found": "relevant found", "random": "random screening (expected)",
                 "statistical": "statistical rule stops ({at})", "heuristic": "heuristic rule stops ({at})",
                 "xlabel": "records screened", "ylabel": "relevant records found",
                 "title": "Screening progress and stopping rules"}


def stopping_figure(labels: Sequence[int], n_total: int, *, recall_target: float = 0.95, confidence: float = 0.99,
                    heuristic_n: int | None = None, text: dict | None = None):
    """Plot relevant records found against records screened, with both rules' stopping points (``text``: the
    words, keys of :data:`STOPPING_TEXT`, in the reader's language).

    Returns
    -------
    matplotlib.figure.Figure
    """
    from matplotlib.figure import Figure

    tx = {**STOPPING_TEXT, **(text or {})}
    y = _check(labels, n_total)
    pts = stopping_points(y, n_total, recall_target=recall_target, confidence=confidence,
                          heuristic_n=heuristic_n, step=max(1, len(y) // 400))
    fig = Figure(figsize=(6, 4))
    ax = fig.subplots()
    ax.plot(np.arange(1, len(y) + 1), np.cumsum(y), color="#4c72b0", label=tx["found"])
    ax.plot([0, n_total], [0, y.sum() * n_total / max(len(y), 1)], color="grey", ls=":", label=tx["random"])
    for name, color in (("statistical", "#c44e52"), ("heuristic", "#dd8452")):
        at = pts[name]["n_screened"]
        if at:
            ax.axvline(at, color=color, ls="--", label=tx[name].format(at=at))
    ax.set_xlim(0, n_total)
    ax.set_xlabel(tx["xlabel"])
    ax.set_ylabel(tx["ylabel"])
    ax.legend(fontsize=8)
    ax.set_title(tx["title"])
    fig.tight_layout()
    return fig
