"""Tests of the code suggester's blending helpers (scaling, top-k recall, weight search) and unit vectors."""

from __future__ import annotations

import numpy as np

from review_tools.coding.blend import minmax, search_weights, topk_recall
from review_tools.coding.semantic import UnitEmbedder, prototype_matrix


def test_minmax_scales_within_candidates_only():
    S = np.array([[1.0, 3.0, 2.0, 100.0]])
    mask = np.array([[True, True, True, False]])
    np.testing.assert_allclose(minmax(S, mask), [[0.0, 1.0, 0.5, 0.0]])
    one = minmax(np.array([[0.4, 9.0]]), np.array([[True, False]]))
    np.testing.assert_allclose(one, [[1.0, 0.0]])


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
