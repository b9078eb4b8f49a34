"""Multi-output ridge regression solved in its dual (kernel) form, for few samples with many features.

A code suggester learns from a few hundred coded units described by 10^5 sparse n-gram features
and scores a hundred codes at once. scikit-learn's :class:`~sklearn.linear_model.Ridge` solves that
with one conjugate-gradient run per code over the feature space; here one ``n x n`` linear system
serves every code: with the features and targets centred (the intercept is not penalised, as in
``Ridge``), the weights are ``w = Xc' A`` with ``(Xc Xc' + alpha I) A = Yc``. The predictions are
those of ``Ridge(alpha=alpha).fit(X, Y)`` up to the solvers' tolerance.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, RegressorMixin
from sklearn.utils.validation import check_is_fitted

from ..errors import StageInputError


class DualRidge(RegressorMixin, BaseEstimator):
    """Ridge regression with an unpenalised intercept, solved through the ``n x n`` Gram matrix.

    Parameters
    ----------
    alpha : float, default 1.0
        L2 penalty of the weights (as ``Ridge(alpha=...)``).

    Attributes
    ----------
    dual_coef_ : ndarray of shape (n_samples, n_targets)
    X_fit_ : sparse matrix
        The training features (predictions need them: ``w`` is never formed).
    y_mean_ : ndarray of shape (n_targets,)
    n_features_in_ : int
    """

    def __init__(self, alpha: float = 1.0):
        self.alpha = alpha

    def fit(self, X, y):
        """Fit on features ``X`` (sparse or dense, shape (n, d)) and targets ``y`` (shape (n,) or (n, k))."""
        if not float(self.alpha) > 0:
            raise StageInputError(f"DualRidge: alpha must be > 0 (got {self.alpha})")
        X = sp.csr_matrix(X)
        Y = np.asarray(y, dtype=float)
        if Y.ndim == 1:
            Y = Y[:, None]
        if X.shape[0] != Y.shape[0]:
            raise StageInputError(f"DualRidge: {X.shape[0]} samples but {Y.shape[0]} targets")
        n = X.shape[0]
        K = np.asarray((X @ X.T).todense())
        self._k_col_mean = K.mean(axis=0)
        Kc = K - self._k_col_mean[None, :] - K.mean(axis=1)[:, None] + K.mean()
        self.y_mean_ = Y.mean(axis=0)
        Kc[np.diag_indices(n)] += float(self.alpha)
        self.dual_coef_ = np.linalg.solve(Kc, Y - self.y_mean_)
        self.X_fit_ = X
        self.n_features_in_ = X.shape[1]
        self._one_target = np.asarray(y).ndim == 1
        return self

    def predict(self, X):
        """Predicted targets, shape (n,) or (n, k) as the training targets."""
        check_is_fitted(self, "dual_coef_")
        Kn = np.asarray((sp.csr_matrix(X) @ self.X_fit_.T).todense())
        # (x - mean_x) . Xc' = k(x) H - mean_k H, with H the centring matrix of the training samples
        Kn = Kn - Kn.mean(axis=1, keepdims=True) - self._k_col_mean[None, :] + self._k_col_mean.mean()
        out = Kn @ self.dual_coef_ + self.y_mean_
        return out.ravel() if self._one_target else out


def ridge_path(K: np.ndarray, Y: np.ndarray, train, test, alphas) -> list[np.ndarray]:
    """Predictions for units ``test`` of ridge models fitted on units ``train``, one per ``alpha``.

    ``K`` is the linear kernel (Gram matrix ``X X'``) of all units, so a cross-validation computes it
    once for every fold; one eigendecomposition of the centred training kernel then serves every
    penalty: with ``Kc = V diag(lam) V'``, the dual coefficients are ``V diag(1 / (lam + alpha)) V' Yc``.
    The predictions equal those of ``DualRidge(alpha).fit(X[train], Y[train]).predict(X[test])``.

    Parameters
    ----------
    K : ndarray (n, n)
        Linear kernel of all units.
    Y : ndarray (n, k)
        Targets of all units (those of ``test`` are not read).
    train, test : array of int
        Indices of the fitting and the predicted units.
    alphas : sequence of float
        Penalties (each > 0).

    Returns
    -------
    list of ndarray (len(test), k)
        The predictions, in the order of ``alphas``.
    """
    if not all(float(a) > 0 for a in alphas):
        raise StageInputError(f"ridge_path: every alpha must be > 0 (got {list(alphas)})")
    K_tr = K[np.ix_(train, train)]
    K_te = K[np.ix_(test, train)]
    col_mean = K_tr.mean(axis=0)
    Kc = K_tr - col_mean[None, :] - K_tr.mean(axis=1)[:, None] + K_tr.mean()
    Kn = K_te - K_te.mean(axis=1, keepdims=True) - col_mean[None, :] + col_mean.mean()
    y_mean = Y[train].mean(axis=0)
    lam, V = np.linalg.eigh((Kc + Kc.T) / 2)
    lam = np.maximum(lam, 0.0)  # the centred kernel is positive semi-definite; clip rounding below 0
    VtY = V.T @ (Y[train] - y_mean)
    KnV = Kn @ V
    return [KnV @ (VtY / (lam + float(a))[:, None]) + y_mean for a in alphas]
