"""Choosing the code suggester's blend by cross-validation on its training units only.

:meth:`~review_tools.coding.model.CodeSuggester.fit` splits its training units into ``cv`` folds;
every source learned from coded units (``linear``, ``knn``, ``prior``, ``prototype``) scores each
fold's units from the other folds' units, the codebook sources (which learn nothing from codings)
score every unit as they are. On these held-out scores it chooses, for each ridge ``C`` of a small
grid and each scaling, the blend weights that maximise top-k recall of the units' human codes
(:func:`~review_tools.coding.blend.search_weights`), and keeps the combination with the best recall
(the earlier one on ties, so the defaults win when nothing is better), then the threshold of
:meth:`~review_tools.coding.model.CodeSuggester.predict` by micro-F1. The ridge is solved for every
``C`` of the grid from one kernel eigendecomposition per fold (:func:`~review_tools.coding.dual_ridge.ridge_path`),
so the ``C`` search costs little beside the weight search.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.model_selection import KFold

from ..errors import StageInputError
from .blend import SCALINGS, best_threshold, blend, search_weights
from .dual_ridge import ridge_path
from .sources import linear_source, supervised_sources

__all__ = ["COMPONENTS", "WEIGHT_GRID", "THRESHOLDS", "C_GRID", "BlendChoice", "candidate_Cs", "out_of_fold",
           "choose_blend"]

COMPONENTS = ("linear", "knn", "codebook", "lexicon", "prior", "semantic", "prototype")
#: Blend weights searched per source; the first value of each is the default.
WEIGHT_GRID = {"linear": (1.0, 0.0, 0.5, 2.0), "knn": (0.5, 0.0, 1.0), "codebook": (1.0, 0.0, 0.5, 2.0),
               "lexicon": (0.5, 0.0, 1.0), "prior": (0.0, 0.25, 0.5), "semantic": (1.0, 0.0, 0.5, 2.0),
               "prototype": (0.5, 0.0, 1.0, 2.0)}
#: Thresholds of ``predict`` tried by micro-F1.
THRESHOLDS = tuple(np.round(np.arange(0.3, 0.95, 0.05), 2))
#: Ridge ``C`` values tried when ``C="auto"``; the first is the default (kept on ties).
C_GRID = (4.0, 1.0, 16.0)


@dataclass
class BlendChoice:
    """What the inner cross-validation chose (``recall`` None: too few units, the defaults)."""

    weights: dict
    threshold: float
    scaling: str
    C: float
    recall: float | None


def candidate_Cs(C, Cs) -> list[float]:
    """The ridge ``C`` values to choose from: ``[C]`` for a number, ``Cs`` for "auto" (validated)."""
    if isinstance(C, str) and C != "auto":
        raise StageInputError(f"CodeSuggester: C must be a number or 'auto', not {C!r}")
    try:
        out = [float(c) for c in (Cs if isinstance(C, str) else [C])]
    except (TypeError, ValueError):
        out = []
    if not out or not all(c > 0 for c in out):
        raise StageInputError(f"CodeSuggester: C and Cs must be positive numbers (C={C!r}, Cs={Cs!r})")
    return out


def out_of_fold(K: np.ndarray, Y: np.ndarray, groups: list | None, E: np.ndarray | None, *, cv: int,
                random_state, Cs, n_neighbors: int, class_weight: str | None, kin=None) -> tuple[dict, dict]:
    """Held-out scores of the sources learned from coded units, over ``cv`` shuffled folds.

    Parameters
    ----------
    K : ndarray (n, n)
        Linear kernel of the training units' (L2-normalised) features, i.e. their cosine similarities.
    Y : ndarray (n, n_codes)
    groups : list or None
    E : ndarray or None
        The units' word-vector embeddings (None: no ``prototype``).
    cv, random_state
        Number of folds and their seed.
    Cs : sequence of float
        Ridge ``C`` values (``alpha = 1 / C``).
    n_neighbors : int
    class_weight : str or None
    kin : ndarray, optional
        Codes sharing their coded units (:func:`~review_tools.coding.sources.kin_matrix`).

    Returns
    -------
    (sources, linear)
        Source name -> held-out scores (``knn``, ``prior`` and maybe ``prototype``), and ``C`` ->
        held-out ``linear`` scores.
    """
    n = K.shape[0]
    oof: dict[str, np.ndarray] = {}
    linear = {float(c): np.zeros(Y.shape) for c in Cs}
    for tr, te in KFold(n_splits=cv, shuffle=True, random_state=random_state).split(np.arange(n)):
        g_tr = None if groups is None else [groups[i] for i in tr]
        g_te = None if groups is None else [groups[i] for i in te]
        part = supervised_sources(K[np.ix_(te, tr)], Y[tr], g_tr, g_te, n_neighbors,
                                  None if E is None else E[tr], None if E is None else E[te], kin)
        for name, v in part.items():
            oof.setdefault(name, np.zeros(Y.shape))[te] = v
        for c, pred in zip(linear, ridge_path(K, Y, tr, te, [1.0 / c for c in linear]), strict=True):
            linear[c][te] = linear_source(pred, Y[tr], class_weight, kin)
    return oof, linear


def choose_blend(sources: dict, linear: dict, Y: np.ndarray, mask: np.ndarray, names: list[str],
                 scalings, k: int) -> BlendChoice:
    """The ridge ``C``, scaling and weights with the best held-out top-``k`` recall (earlier ones on ties).

    Parameters
    ----------
    sources : dict
        Held-out scores of every usable source but ``linear``.
    linear : dict
        ``C`` -> held-out ``linear`` scores, in the order of preference on ties.
    Y, mask : ndarray
        The units' codes and candidate codes.
    names : list of str
        The sources whose weights are searched (the others get 0).
    scalings : sequence of str
        Scalings to try, in the order of preference on ties.
    k : int
    """
    grid = {name: WEIGHT_GRID[name] for name in names}
    best: BlendChoice | None = None
    for c, lin in linear.items():
        parts = {**sources, "linear": lin} if "linear" in names else dict(sources)
        for scaling in scalings:
            scaled = {name: SCALINGS[scaling](v, mask) for name, v in parts.items()}
            w, r = search_weights(scaled, Y, mask, grid, k)
            if best is None or r > best.recall + 1e-12:
                best = BlendChoice({**dict.fromkeys(COMPONENTS, 0.0), **w}, 0.5, scaling, c, r)
                best_parts = parts
    best.threshold = best_threshold(blend(best_parts, best.weights, mask, best.scaling), Y, mask, THRESHOLDS)
    return best
