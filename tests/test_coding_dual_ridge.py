"""The code suggester's ridge regression in dual form equals scikit-learn's Ridge."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.base import clone
from sklearn.linear_model import Ridge

from review_tools.coding.dual_ridge import DualRidge
from review_tools.errors import StageInputError


@pytest.mark.parametrize("alpha", [0.05, 0.25, 3.0])
def test_predictions_equal_ridge(alpha):
    rng = np.random.RandomState(0)
    X = sp.random(60, 400, density=0.05, random_state=1, format="csr")
    Y = rng.rand(60, 7)
    Xn = sp.random(9, 400, density=0.05, random_state=2, format="csr")
    ref = Ridge(alpha=alpha, solver="cholesky").fit(X.toarray(), Y).predict(Xn.toarray())
    ours = clone(DualRidge(alpha=alpha)).fit(X, Y)
    assert np.allclose(ours.predict(Xn), ref, atol=1e-10)
    one = DualRidge(alpha=alpha).fit(X, Y[:, 0]).predict(Xn)
    assert one.shape == (9,) and np.allclose(one, ref[:, 0], atol=1e-10)
    assert ours.n_features_in_ == 400


def test_bad_input_is_refused():
    with pytest.raises(StageInputError, match="alpha must be > 0"):
        DualRidge(alpha=0).fit(np.eye(3), [1, 2, 3])
    with pytest.raises(StageInputError, match="3 samples but 2 targets"):
        DualRidge().fit(np.eye(3), [1, 2])


def test_ridge_path_equals_one_fit_per_alpha():
    from review_tools.coding.dual_ridge import ridge_path

    X = sp.random(40, 300, density=0.05, random_state=3, format="csr")
    Y = np.random.RandomState(4).rand(40, 5)
    test = np.arange(0, 40, 4)
    train = np.setdiff1d(np.arange(40), test)
    K = np.asarray((X @ X.T).todense())
    out = ridge_path(K, Y, train, test, [0.25, 1.0, 4.0])
    for alpha, got in zip([0.25, 1.0, 4.0], out, strict=True):
        ref = DualRidge(alpha=alpha).fit(X[train], Y[train]).predict(X[test])
        assert np.allclose(got, ref, atol=1e-10)
    assert not np.allclose(out[0], out[2])  # the penalty matters
    with pytest.raises(StageInputError, match="every alpha"):
        ridge_path(K, Y, train, test, [1.0, 0.0])
