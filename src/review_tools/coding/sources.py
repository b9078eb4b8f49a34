"""The code suggester's sources learned from coded units, and each unit's candidate codes.

:func:`supervised_sources` gives the ``knn``, ``prior`` and ``prototype`` scores of units from coded
training units, and :func:`linear_source` the ``linear`` source from the ridge's predictions; the
code suggester (:class:`~review_tools.coding.model.CodeSuggester`) calls them with the model fitted
on all its training units and, inside its cross-validation
(:mod:`~review_tools.coding.selection`), with each inner fold's units.
"""

from __future__ import annotations

import numpy as np

from .blend import same_group
from .semantic import prototype_matrix

__all__ = ["supervised_sources", "linear_source", "candidate_mask", "kin_matrix"]


def linear_source(pred: np.ndarray, Y_tr: np.ndarray, class_weight: str | None,
                  kin: np.ndarray | None = None) -> np.ndarray:
    """The ``linear`` source from the ridge's predictions ``pred`` of the training codes ``Y_tr``.

    With ``kin`` (:func:`kin_matrix`) each code's predictions are those of a ridge fitted to the
    codes' shared targets ``Y_tr @ kin.T`` (a ridge's predictions are linear in its targets, so the
    ridge is fitted once). "balanced" divides each code's scores by ``sqrt`` of its training count.
    """
    if kin is not None:
        pred, Y_tr = pred @ kin.T, Y_tr @ kin.T
    if class_weight == "balanced":
        return pred / np.sqrt(np.maximum(Y_tr.sum(axis=0), 1))[None, :]
    return pred


def supervised_sources(sims: np.ndarray, Y_tr: np.ndarray, g_tr: list | None, g: list | None, n_neighbors: int,
                       E_tr: np.ndarray | None = None, E: np.ndarray | None = None,
                       kin: np.ndarray | None = None) -> dict[str, np.ndarray]:
    """``knn``, ``prior`` (and ``prototype``) scores of units from coded training units.

    Parameters
    ----------
    sims : ndarray (n_units, n_train)
        Cosine similarity of each unit to each training unit (TF-IDF features).
    Y_tr : ndarray (n_train, n_codes)
        The training units' codes (0/1).
    g_tr, g : list or None
        Groups of the training units and of the units (None: no groups). A unit's neighbours are
        then units of its group and its prior the code frequencies within its group.
    n_neighbors : int
        Number of most similar training units whose codes ``knn`` transfers (similarity-weighted).
    E_tr, E : ndarray, optional
        Word-vector embeddings of the training units and the units; with them, ``prototype`` is the
        cosine of each unit to each code's mean training vector.
    kin : ndarray (n_codes, n_codes), optional
        Codes sharing their coded units (:func:`kin_matrix`): the prototypes are then the means
        over ``Y_tr @ kin.T``.

    Returns
    -------
    dict
        Source name -> scores (n_units x n_codes).
    """
    n = sims.shape[0]
    freq = Y_tr.sum(axis=0)
    prior = np.tile(freq / max(len(Y_tr), 1), (n, 1))
    if g is not None and g_tr is not None:
        sims = np.where(same_group(g, g_tr), sims, 0.0)
        g_arr = np.array(["\1" if b is None else b for b in g_tr], dtype=object)
        for i, gi in enumerate(g):
            m = (g_arr == gi) if gi is not None else np.zeros(len(g_tr), bool)
            if m.any():
                prior[i] = Y_tr[m].mean(axis=0)
    nn = min(n_neighbors, sims.shape[1])
    idx = np.argsort(-sims, axis=1, kind="stable")[:, :nn]
    w = np.take_along_axis(sims, idx, axis=1)
    knn = np.einsum("ij,ijk->ik", w, Y_tr[idx]) / np.maximum(w.sum(axis=1, keepdims=True), 1e-12)
    out = {"knn": knn, "prior": prior}
    if E_tr is not None and E is not None:
        out["prototype"] = E @ prototype_matrix(E_tr, Y_tr if kin is None else Y_tr @ kin.T).T
    return out


def candidate_mask(group_codes: dict, n_codes: int, groups: list | None, n: int) -> np.ndarray:
    """Candidate codes of each of ``n`` units (units x codes, bool).

    A unit of a group seen in training (``group_codes``: group -> indices of the codes coded in it)
    may get the codes coded in that group and the codes coded in no group at all (codebook codes
    nobody has used yet); other units, and all units when ``groups`` is None, may get every code.
    """
    mask = np.ones((n, n_codes), dtype=bool)
    if groups is None or not group_codes:
        return mask
    coded_anywhere = np.zeros(n_codes, dtype=bool)
    for cols in group_codes.values():
        coded_anywhere[cols] = True
    for i, g in enumerate(groups):
        if g in group_codes:
            mask[i] = ~coded_anywhere
            mask[i, group_codes[g]] = True
    return mask


def kin_matrix(code_vectors: np.ndarray | None, group_codes: dict, power: float | None = 8.0) -> np.ndarray | None:
    """How much each code borrows the coded units of each other code (codes x codes; None: nothing to share).

    Codes of different groups whose codebook texts mean nearly the same (one theme asked about in
    two interview questions, say) share their coded units: ``W[j, k]`` is the cosine of the two
    codes' text vectors, clipped at 0 and raised to ``power`` (so only near-identical texts count;
    0.9 gives 0.43, 0.6 gives 0.02), and 1 on the diagonal. Codes that are candidates of one same
    group never share: they compete for the same units, and borrowing each other's units would blur
    what tells them apart. So without groups nothing is shared, nor with codes coded in no group
    (they are candidates everywhere).

    Parameters
    ----------
    code_vectors : ndarray (n_codes, dim) or None
        The codes' codebook-text vectors (L2-normalised).
    group_codes : dict
        Group -> indices of the codes coded in that group during training.
    power : float or None
        Sharpness of the sharing (None: nothing is shared).
    """
    if code_vectors is None or not group_codes or power is None:
        return None
    k = code_vectors.shape[0]
    member = np.zeros((len(group_codes), k), dtype=bool)
    for i, cols in enumerate(group_codes.values()):
        member[i, cols] = True
    compete = (member.T.astype(int) @ member.astype(int)) > 0
    nowhere = ~member.any(axis=0)
    compete |= nowhere[:, None] | nowhere[None, :]
    W = np.where(compete, 0.0, np.clip(code_vectors @ code_vectors.T, 0.0, 1.0) ** float(power))
    np.fill_diagonal(W, 1.0)
    return W if (W > 0).sum() > k else None
