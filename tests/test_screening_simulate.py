"""Simulation, the shared screening metrics, the stopping rules and the `screen simulate` CLI."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from review_tools.cli import main
from review_tools.errors import StageInputError
from review_tools.screening import stopping
from review_tools.screening.simulate import screening_metrics, simulate

SHARED = Path(__file__).resolve().parents[2] / "shared"
METRICS_PY = SHARED / "bench" / "screening_metrics.py"
SEP = SHARED / "data" / "screening" / "synergy_Sep_2021.csv"
DATA = Path(__file__).resolve().parent / "data" / "screening"


def _shared_metrics():
    if not METRICS_PY.exists():
        pytest.skip(f"shared metrics script {METRICS_PY} not present")
    spec = importlib.util.spec_from_file_location("shared_screening_metrics", METRICS_PY)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_metrics_equal_shared_definition(data):
    mod = _shared_metrics()
    n = data.draw(st.integers(5, 60))
    labels = data.draw(st.lists(st.integers(0, 1), min_size=n, max_size=n))
    if sum(labels) < 2:
        labels[0], labels[1] = 1, 1
    perm = data.draw(st.permutations(list(range(n))))
    cut = data.draw(st.integers(2, n))
    order = [(r, int(i < 2)) for i, r in enumerate(perm[:cut])]
    if sum(labels[r] for r, p in order if not p) + sum(labels[i] for i in perm[cut:]) == 0:
        return
    assert screening_metrics(labels, order) == mod.metrics(labels, order)


def test_metrics_reject_repeated_rows():
    with pytest.raises(StageInputError, match="row 1 appears twice"):
        screening_metrics([0, 1, 1], [(1, 0), (1, 0)])


def _small_set():
    recs = pd.read_csv(DATA / "deduped.csv", dtype=str, keep_default_na=False)
    dec = pd.read_csv(DATA / "seed_decisions.csv", dtype=str, keep_default_na=False)
    inc = set(dec.loc[(dec["stage"] == "full_text") & (dec["reviewer"] == "anna") & (dec["decision"] == "include"),
                      "record_id"])
    return recs.assign(label_included=recs["record_id"].isin(inc).astype(int).astype(str))


def test_simulation_is_seeded_and_complete():
    df = _small_set()
    a = simulate(df, random_state=3)
    b = simulate(df, random_state=3)
    assert a.order.equals(b.order)
    assert a.order["prior"].sum() == 2
    assert a.order["row"].is_unique
    y = df["label_included"].astype(int).to_numpy()
    assert y[a.order["row"]].sum() == y.sum()  # stops at the last inclusion, having found all
    assert a.metrics["n_at_100"] == len(a.order) - 2


@pytest.mark.parametrize(
    "frame, message",
    [
        (pd.DataFrame({"abstract": ["x"], "label_included": ["1"]}), r"missing column\(s\) \['title'\]"),
        (pd.DataFrame({"title": ["x", "y"]}), r"missing column\(s\) \['label_included'\]"),
        (pd.DataFrame({"title": ["x", "y"], "label_included": ["1", "yes"]}), "label_included 'yes' is invalid"),
        (pd.DataFrame({"title": ["x", "y"], "label_included": ["0", "0"]}), "no record is labelled included"),
    ],
)
def test_bad_labelled_sets(frame, message):
    with pytest.raises(StageInputError, match=message):
        simulate(frame)


def test_priors_must_hold_both_classes():
    with pytest.raises(StageInputError, match="at least one included and one excluded"):
        simulate(_small_set(), priors=[0, 1])


def test_stopping_rule_matches_hypergeometric_definition():
    from scipy.stats import hypergeom

    # 10 relevant found early, then 200 irrelevant in a row, 1000 records in all
    y = [1] * 10 + [0] * 200
    p = stopping.hypergeometric_p(y, 1000, 0.95)
    # the whole 200-record tail as the sample: K_tar = floor(10/0.95 - 10) + 1 = 1 relevant in 990
    ref = hypergeom.cdf(0, 990, 1, 200)
    assert p <= ref + 1e-12 and p < 0.85
    est = stopping.estimate(y, 1000, heuristic_n=100)
    assert est.heuristic_stop and est.irrelevant_in_a_row == 200
    assert 0 < est.recall_lower_bound <= 1
    assert stopping.estimate([1] * 10, 1000).stop is False


def test_fast_p_value_equals_exhaustive_search():
    rng = np.random.RandomState(1)
    for _ in range(300):
        n = rng.randint(1, 150)
        y = (rng.rand(n) < rng.choice([0.03, 0.2, 0.5])).astype(int)
        total = n + rng.randint(0, 400)
        for target in (0.8, 0.95):
            assert stopping.hypergeometric_p(y, total, target) == stopping.hypergeometric_p(
                y, total, target, exhaustive=True)


def test_stopping_rule_is_conservative_on_random_orders():
    rng = np.random.RandomState(0)
    misses = stops = 0
    for _ in range(30):
        y = (rng.rand(600) < 0.05).astype(int)
        if y.sum() < 5:
            continue
        pts = stopping.stopping_points(y, 600, step=5)["statistical"]
        if pts["stopped"]:
            stops += 1
            misses += pts["recall"] < 0.95
    assert misses <= max(1, 0.05 * stops)


@pytest.mark.skipif(not SEP.exists(), reason=f"shared labelled set {SEP} not present")
def test_cli_simulate_json_and_order(tmp_path, capsys):
    order = tmp_path / "order.csv"
    code = main(["screen", "simulate", str(SEP), "--seed", "1", "--priors", "12,93", "--order-out", str(order), "--json"])
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    assert out["prior_rows"] == [12, 93] and out["records"] == 271 and out["inclusions"] == 40
    mod = _shared_metrics()
    ref = mod.metrics(mod.read_labels(str(SEP)), mod.read_order(str(order)))
    assert {k: out[k] for k in ref} == ref
    assert out["wall_s"] > 0
    o = pd.read_csv(order)
    assert list(o.columns) == ["row", "prior"] and o["prior"].sum() == 2 and list(o["row"][:2]) == [12, 93]


def test_cli_bad_priors(tmp_path, capsys):
    data = tmp_path / "d.csv"
    _small_set().to_csv(data, index=False)
    assert main(["screen", "simulate", str(data), "--priors", "a,b"]) == 1
    assert "--priors 'a,b' is invalid" in capsys.readouterr().err
    assert main(["screen", "simulate", str(data), "--priors", "0,9999"]) == 1
    assert "out of range" in capsys.readouterr().err


def test_numpy_tfidf_equals_scikit_learn():
    from sklearn.feature_extraction.text import TfidfVectorizer

    from review_tools.screening.simulate import _texts_of, tfidf_coo

    texts = _texts_of(_small_set())
    d, t, v, n_terms = tfidf_coo(texts)
    ref = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True).fit_transform(texts)
    assert n_terms == ref.shape[1]
    ours = np.zeros((len(texts), n_terms))
    ours[d, t] = v
    # terms are numbered differently, so compare what a linear model sees: the Gram matrix
    assert np.allclose(ours @ ours.T, (ref @ ref.T).toarray(), atol=1e-10)
    d2, t2, v2, n2 = tfidf_coo(texts, max_df=0.5)
    assert n2 < n_terms and np.bincount(t2).max() <= 0.5 * len(texts)


@pytest.mark.parametrize("ngram_max", [1, 3, 4])
def test_numpy_tfidf_higher_ngrams_equal_scikit_learn(ngram_max):
    from sklearn.feature_extraction.text import TfidfVectorizer

    from review_tools.screening.simulate import _texts_of, tfidf_coo

    texts = _texts_of(_small_set())
    d, t, v, n_terms = tfidf_coo(texts, ngram_max=ngram_max)
    ref = TfidfVectorizer(ngram_range=(1, ngram_max), sublinear_tf=True).fit_transform(texts)
    assert n_terms == ref.shape[1]
    ours = np.zeros((len(texts), n_terms))
    ours[d, t] = v
    assert np.allclose(ours @ ours.T, (ref @ ref.T).toarray(), atol=1e-10)


def test_default_model_uses_word_trigrams_in_engine_and_estimator():
    """Word 1-3-grams are the default of both paths (they beat 1-2-grams against ASReview on the shared sets)."""
    from review_tools.screening.ranker import TextFeatures
    from review_tools.screening.simulate import ENGINE_DEFAULTS

    assert ENGINE_DEFAULTS["ngram_max"] == 3
    assert tuple(TextFeatures().word_ngram_range) == (1, 3)
    df = _small_set()
    assert simulate(df, random_state=2).params["ngram_max"] == 3
    names = TextFeatures().fit(["care leavers housing first", "housing first for adults"]).get_feature_names_out()
    assert "word:care leavers housing" in set(names)


def test_gram_rows_equal_dense_product():
    from review_tools.screening.simulate import GramRows, _texts_of, tfidf_coo

    texts = _texts_of(_small_set())
    d, t, v, n_terms = tfidf_coo(texts)
    X = np.zeros((len(texts), n_terms))
    X[d, t] = v
    for n_dense in (0, 5, 10_000):
        g = GramRows(d, t, v, n_terms, len(texts), n_dense=n_dense)
        rows = [3, 0, len(texts) - 1]
        assert np.allclose(g.rows(rows), X[rows] @ X.T, atol=1e-12)


def test_kernel_svm_equals_linearsvc():
    from sklearn.svm import LinearSVC

    from review_tools.screening.simulate import (
        GramRows,
        _texts_of,
        balanced_weights,
        fit_sq_hinge,
        tfidf_coo,
    )

    df = _small_set()
    texts, y = _texts_of(df), df["label_included"].astype(int).to_numpy()
    d, t, v, n_terms = tfidf_coo(texts)
    G = GramRows(d, t, v, n_terms, len(texts)).rows(np.arange(len(texts)))
    lab = np.arange(0, len(texts), 2)
    c = 0.11 * balanced_weights(y[lab], 9.8)
    beta = fit_sq_hinge(G[np.ix_(lab, lab)] + 1.0, 2.0 * y[lab] - 1.0, c)
    ours = beta @ G[lab] + beta.sum()
    X = np.zeros((len(texts), n_terms))
    X[d, t] = v
    svc = LinearSVC(C=0.11, tol=1e-10, max_iter=200_000).fit(X[lab], y[lab], sample_weight=balanced_weights(y[lab], 9.8))
    assert np.allclose(ours, svc.decision_function(X), atol=1e-4)
    # warm start from a nearby solution reaches the same optimum
    again = fit_sq_hinge(G[np.ix_(lab, lab)] + 1.0, 2.0 * y[lab] - 1.0, c, beta0=beta * 0.5)
    assert np.allclose(again, beta, atol=1e-8)


def test_engine_matches_estimator_simulation():
    df = _small_set()
    fast = simulate(df, random_state=2, embedding_weight=0.0)   # the estimators' model: TF-IDF alone
    from review_tools.screening.ranker import ScreeningRanker, TextFeatures

    slow = simulate(df, random_state=2, features=TextFeatures(), ranker=ScreeningRanker())
    assert fast.params["engine"] == "numpy-kernel-svm"
    assert list(fast.order["row"][:2]) == list(slow.order["row"][:2])
    assert abs(fast.metrics["wss_at_95"] - slow.metrics["wss_at_95"]) <= 0.05
    with pytest.raises(StageInputError, match="unknown engine parameter"):
        simulate(df, random_state=2, bogus=1)


def test_read_labelled_rows_checks_like_pandas_reader(tmp_path):
    from review_tools.readers.labelled_sets import read_labelled_rows, read_labelled_set

    good = tmp_path / "good.csv"
    _small_set().to_csv(good, index=False)
    texts, y = read_labelled_rows(good)
    assert y.tolist() == read_labelled_set(good)["label_included"].astype(int).tolist()
    assert texts[0].startswith(str(_small_set()["title"].iloc[0]))
    bad = tmp_path / "bad.csv"
    bad.write_text("title,label_included\na,1\nb,yes\n", encoding="utf-8")
    with pytest.raises(StageInputError, match="label_included 'yes' is invalid"):
        read_labelled_rows(bad)
    (tmp_path / "nolab.csv").write_text("title\na\n", encoding="utf-8")
    with pytest.raises(StageInputError, match=r"missing column\(s\) \['label_included'\]"):
        read_labelled_rows(tmp_path / "nolab.csv")


def test_hypergeom_cdf_equals_scipy():
    from scipy.stats import hypergeom

    rng = np.random.RandomState(0)
    pool = rng.randint(1, 800, 400)
    succ = np.array([rng.randint(0, m + 1) for m in pool])
    draws = np.array([rng.randint(0, m + 1) for m in pool])
    k = np.array([rng.randint(0, min(a, b) + 1) for a, b in zip(succ, draws, strict=True)])
    assert np.allclose(stopping.hypergeom_cdf(k, pool, succ, draws), hypergeom.cdf(k, pool, succ, draws), atol=1e-9)


def test_first_stop_equals_testing_every_prefix():
    rng = np.random.RandomState(3)
    for _ in range(60):
        n = rng.randint(20, 200)
        y = (rng.rand(n) < rng.choice([0.03, 0.15])).astype(int)
        total = n + rng.randint(0, 300)
        for conf in (0.95, 0.99):
            ref = next((m for m in range(1, n + 1)
                        if y[:m].sum() and stopping.hypergeometric_p(y[:m], total, 0.95) < 1 - conf), None)
            got = stopping.stopping_points(y, total, confidence=conf)["statistical"]["n_screened"]
            assert got == ref
            late = stopping.stopping_points(y, total, confidence=conf, burn_in=n // 2)["statistical"]["n_screened"]
            assert late is None or late >= n // 2


@pytest.mark.slow
def test_cli_imports_only_the_requested_command():
    import subprocess
    import sys

    code = ("import sys; from review_tools.cli import build_parser; build_parser(['screen', 'simulate', 'x']); "
            "print(sorted(m for m in sys.modules if m.startswith('review_tools.commands.')), "
            "'pandas' in sys.modules, 'sklearn' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['review_tools.commands.screen'] False False"
    from review_tools.cli import build_parser

    assert {"screen", "validate", "ingest"} <= set(build_parser()._subparsers._group_actions[0].choices)


def test_engine_presumed_negatives_are_seeded_and_can_be_limited():
    from review_tools.screening.simulate import _texts_of, simulate_rows

    df = _small_set()
    texts, y = _texts_of(df), df["label_included"].astype(int).to_numpy()
    kw = {"presumed_negatives": 5, "presumed_weight": 0.3}
    a = simulate_rows(texts, y, random_state=4, **kw)
    b = simulate_rows(texts, y, random_state=4, **kw)
    assert a["order"] == b["order"] and a["params"]["presumed_negatives"] == 5
    plain = simulate_rows(texts, y, random_state=4)
    off = simulate_rows(texts, y, random_state=4, presumed_until=0, **kw)
    assert off["order"] == plain["order"]
