"""The shared screening metrics: WSS@95, recall@10%, records to 95% and 100% recall.

:func:`screening_metrics` computes them exactly as ``../shared/bench/screening_metrics.py`` defines
them (the conventions of asreview-insights with ``priors=False``), so our figures and ASReview's are
comparable. Pure Python: no numpy import needed to use it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from ..errors import StageInputError


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
