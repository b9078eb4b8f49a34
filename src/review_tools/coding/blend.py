"""Blending the code suggester's score sources: scaling, top-k recall and the weight search.

Two scalings put the sources on one footing before their weighted sum, both within each unit's
candidate codes: ``minmax`` (worst candidate 0, best 1) and ``zscore`` (each source's scores minus
their mean over the candidates, divided by their standard deviation). Min-max lets one outlying
score decide a source's whole range; the z-score says how far a code stands out from the unit's
other candidates in that source's own spread, which is what a sum of sources should add up. The
code suggester picks the scaling by cross-validation on its training units
(:meth:`~review_tools.coding.model.CodeSuggester.fit`).
"""

from __future__ import annotations

import numpy as np

__all__ = ["minmax", "zscore", "SCALINGS", "blend", "best_threshold", "topk_recall", "search_weights",
           "same_group", "local_values"]


def minmax(S: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Scale each row of ``S`` to [0, 1] over its candidate codes (``mask``); others become 0.

    A row whose candidates all score the same (one candidate, say) gets 1 where that score is
    positive and 0 otherwise.
    """
    big = np.where(mask, S, np.inf).min(axis=1, keepdims=True)
    top = np.where(mask, S, -np.inf).max(axis=1, keepdims=True)
    span = top - big
    ok = np.isfinite(span) & (span > 0)
    out = np.where(ok, (S - np.where(ok, big, 0)) / np.where(ok, span, 1), (S > 0).astype(float))
    return np.where(mask, out, 0.0)


def zscore(S: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Standardise each row of ``S`` over its candidate codes (``mask``); others become 0.

    A row whose candidates all score the same gets 0 for all of them (nothing stands out).
    """
    n = mask.sum(axis=1, keepdims=True)
    safe_n = np.maximum(n, 1)
    mean = np.where(mask, S, 0.0).sum(axis=1, keepdims=True) / safe_n
    var = np.where(mask, (S - mean) ** 2, 0.0).sum(axis=1, keepdims=True) / safe_n
    sd = np.sqrt(var)
    out = (S - mean) / np.where(sd > 1e-12, sd, np.inf)
    return np.where(mask, out, 0.0)


#: Scaling name -> function ``(scores, mask) -> scaled scores``.
SCALINGS = {"minmax": minmax, "zscore": zscore}


def blend(parts: dict[str, np.ndarray], weights: dict[str, float], mask: np.ndarray,
          scaling: str = "minmax") -> np.ndarray:
    """Weighted mean of the sources scaled by ``scaling``, as a score in [0, 1] (0 outside ``mask``).

    With ``minmax`` the mean of the scaled sources is already in [0, 1]; with ``zscore`` the mean
    z-score goes through the logistic function (a candidate at its unit's mean gets 0.5). Neither
    changes the order of a unit's candidates.
    """
    scale = SCALINGS[scaling]
    total = sum(w for w in weights.values() if w > 0) or 1.0
    S = np.zeros(mask.shape)
    for name, w in weights.items():
        if w > 0 and name in parts:
            S += w * scale(parts[name], mask)
    S = S / total
    if scaling != "minmax":
        S = 1.0 / (1.0 + np.exp(-S))
    return np.where(mask, S, 0.0)


def best_threshold(S: np.ndarray, Y: np.ndarray, mask: np.ndarray, thresholds) -> float:
    """The threshold (first of equals) at which ``S >= t`` within ``mask`` has the best micro-F1 against ``Y``."""
    best_t, best_f = 0.5, -1.0
    for t in thresholds:
        pred = (S >= t) & mask
        tp = float((pred * Y).sum())
        f1 = 2 * tp / max(pred.sum() + Y.sum(), 1)
        if f1 > best_f + 1e-12:
            best_t, best_f = float(t), f1
    return best_t


def topk_recall(S: np.ndarray, Y: np.ndarray, mask: np.ndarray, k: int) -> float:
    """Share of the true codes (within candidates) found among each row's ``k`` best candidates."""
    S = np.where(mask, S, -np.inf)
    order = np.argsort(-S, axis=1, kind="stable")[:, :k]
    picked = np.take_along_axis(Y, order, axis=1) * np.isfinite(
        np.take_along_axis(S, order, axis=1)
    )
    total = (Y * mask).sum()
    return float(picked.sum() / total) if total else 0.0


def search_weights(
    scaled: dict[str, np.ndarray],
    Y: np.ndarray,
    mask: np.ndarray,
    grid: dict[str, tuple],
    k: int,
    passes: int = 3,
) -> tuple[dict[str, float], float]:
    """Blend weights that maximise top-``k`` recall of ``Y`` (coordinate ascent over ``grid``).

    Starting from the first value of every source's grid, each pass tries every value of one
    source at a time with the others fixed and keeps the best (the earlier value on ties); it stops
    when a pass changes nothing. Sources missing from ``scaled`` keep weight 0.

    Parameters
    ----------
    scaled : dict
        Source name -> held-out scores scaled to [0, 1] over the candidates (units x codes).
    Y, mask : ndarray
        The held-out units' codes (0/1) and candidate codes.
    grid : dict
        Source name -> weights to try; the first is the starting value.
    k : int
    passes : int
        Most passes over the sources.

    Returns
    -------
    (weights, recall)
    """
    names = [n for n in grid if n in scaled]
    w = {n: (float(grid[n][0]) if n in names else 0.0) for n in grid}

    def score(weights):
        total = sum(v for v in weights.values() if v > 0)
        if not total:
            return -1.0
        S = sum(v * scaled[n] for n, v in weights.items() if v > 0) / total
        return topk_recall(S, Y, mask, k)

    best = score(w)
    for _ in range(passes):
        changed = False
        for n in names:
            for v in grid[n]:
                if v == w[n]:
                    continue
                r = score({**w, n: float(v)})
                if r > best + 1e-12:
                    best, w, changed = r, {**w, n: float(v)}, True
        if not changed:
            break
    return w, best


def same_group(a: list, b: list) -> np.ndarray:
    """Boolean matrix: unit ``i`` of ``a`` and unit ``j`` of ``b`` share a (known) group."""
    ga = np.array(["\0" if x is None else x for x in a], dtype=object)
    gb = np.array(["\1" if x is None else x for x in b], dtype=object)
    return ga[:, None] == gb[None, :]


def local_values(text) -> list[str]:
    """The strings of a LocalText (str or language -> str mapping), [] for None."""
    if text is None:
        return []
    if isinstance(text, str):
        return [text]
    if isinstance(text, dict):
        return [str(v) for v in text.values() if v]
    dump = getattr(text, "model_dump", None)
    if dump is not None:
        return local_values(dump())
    return [str(text)]
