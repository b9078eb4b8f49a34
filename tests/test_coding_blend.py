"""Tests of the code suggester's blending helpers (scaling, top-k recall, weight search) and unit vectors."""

from __future__ import annotations

import numpy as np
import pytest

from review_tools.coding.blend import (
    best_threshold,
    blend,
    minmax,
    search_weights,
    topk_recall,
    zscore,
)
from review_tools.coding.semantic import UnitEmbedder, prototype_matrix


def test_minmax_scales_within_candidates_only():
    S = np.array([[1.0, 3.0, 2.0, 100.0]])
    mask = np.array([[True, True, True, False]])
    np.testing.assert_allclose(minmax(S, mask), [[0.0, 1.0, 0.5, 0.0]])
    one = minmax(np.array([[0.4, 9.0]]), np.array([[True, False]]))
    np.testing.assert_allclose(one, [[1.0, 0.0]])


def test_zscore_standardises_within_candidates_only():
    S = np.array([[1.0, 3.0, 2.0, 100.0], [5.0, 5.0, 5.0, 0.0]])
    mask = np.array([[True, True, True, False], [True, True, True, False]])
    Z = zscore(S, mask)
    sd = np.std([1.0, 3.0, 2.0])
    np.testing.assert_allclose(Z[0], [-1 / sd, 1 / sd, 0.0, 0.0])
    np.testing.assert_allclose(Z[1], 0.0)  # nothing stands out among equal candidates


def test_zscore_blend_orders_by_the_weighted_mean_z_score_in_0_1():
    # a: one far outlier squeezes the other candidates together under min-max; z-scores weigh the spread
    a = np.array([[100.0, 2.0, 1.0, 0.0]])
    b = np.array([[0.0, 0.9, 1.0, 0.5]])
    mask = np.ones_like(a, dtype=bool)
    w = {"a": 2.0, "b": 1.0}
    zz = blend({"a": a, "b": b}, w, mask, "zscore")
    mean_z = (2 * zscore(a, mask) + zscore(b, mask)) / 3
    np.testing.assert_allclose(zz, 1 / (1 + np.exp(-mean_z)))
    assert ((zz > 0) & (zz < 1)).all()
    mm = blend({"a": a, "b": b}, w, mask, "minmax")
    np.testing.assert_allclose(mm, (2 * minmax(a, mask) + minmax(b, mask)) / 3)
    # with equal weights the scalings disagree: min-max lets a's lone outlier outweigh b's near-tie at the top
    even = {"a": 1.0, "b": 1.0}
    assert np.argsort(-blend({"a": a, "b": b}, even, mask, "minmax")[0]).tolist() == [2, 0, 1, 3]
    assert np.argsort(-blend({"a": a, "b": b}, even, mask, "zscore")[0]).tolist() == [2, 1, 0, 3]


def test_blend_is_zero_outside_the_candidates_and_needs_a_known_scaling():
    mask = np.array([[True, False]])
    for scaling in ("minmax", "zscore"):
        assert blend({"a": np.array([[0.3, 0.9]])}, {"a": 1.0}, mask, scaling)[0, 1] == 0.0
    with pytest.raises(KeyError):
        blend({"a": np.array([[0.3, 0.9]])}, {"a": 1.0}, mask, "softmax")


def test_best_threshold_maximises_micro_f1():
    S = np.array([[0.9, 0.6, 0.2], [0.8, 0.4, 0.35]])
    Y = np.array([[1, 1, 0], [1, 0, 0]])
    mask = np.ones_like(Y, dtype=bool)
    assert best_threshold(S, Y, mask, (0.3, 0.5, 0.7)) == 0.5
    assert best_threshold(S, Y, np.zeros_like(mask), (0.3, 0.5)) == 0.3  # nothing to find: the first


def test_topk_recall_counts_true_codes_among_the_best_candidates():
    S = np.array([[0.9, 0.8, 0.1], [0.1, 0.2, 0.3]])
    Y = np.array([[1, 0, 1], [0, 0, 1]])
    mask = np.ones_like(Y, dtype=bool)
    assert topk_recall(S, Y, mask, 1) == 2 / 3
    assert topk_recall(S, Y, mask, 3) == 1.0


def test_search_weights_keeps_the_informative_source_and_drops_noise():
    rng = np.random.default_rng(0)
    Y = np.zeros((60, 8))
    Y[np.arange(60), rng.integers(0, 8, 60)] = 1
    mask = np.ones_like(Y, dtype=bool)
    good = Y * 0.6 + rng.random(Y.shape) * 0.5  # the true code mostly on top
    noise = rng.random(Y.shape)
    grid = {"good": (0.0, 1.0), "noise": (1.0, 0.0, 0.5)}
    w, r = search_weights({"good": good, "noise": noise}, Y, mask, grid, k=1)
    assert w["good"] > 0 and w["noise"] == 0
    assert r == topk_recall(good, Y, mask, 1) > topk_recall(noise, Y, mask, 1)
    w2, _ = search_weights(
        {"noise": noise}, Y, mask, grid, k=1
    )  # a source without scores stays at 0
    assert w2["good"] == 0


def test_unit_embedder_relates_words_and_handles_empty_text():
    emb = UnitEmbedder().fit(["the ferry was late", "she knits wool socks", "the bus timetable"])
    E = emb.transform(["boat harbour", "knitting yarn", "", "123"])
    np.testing.assert_allclose(np.linalg.norm(E[:2], axis=1), 1.0)
    assert not E[2].any() and not E[3].any()
    train = emb.transform(["the ferry was late", "she knits wool socks"])
    P = prototype_matrix(train, np.array([[1, 0, 0], [0, 1, 0]]))
    assert not P[2].any()  # a code nobody coded has no prototype
    sims = E[:2] @ P[:2].T
    assert sims[0, 0] > sims[0, 1] and sims[1, 1] > sims[1, 0]
