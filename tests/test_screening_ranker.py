"""The ranker follows scikit-learn's estimator contract, is seeded, ranks relevant records first, explains itself."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.pipeline import make_pipeline

from review_tools.errors import StageInputError
from review_tools.screening.ranker import (
    ScreeningRanker,
    TextFeatures,
    explain,
    rank_records,
    record_texts,
)

DATA = Path(__file__).resolve().parent / "data" / "screening"

TEXTS = [
    "Asunto ensin -malli vähensi nuorten asunnottomuutta jälkihuollossa",
    "Jälkihuollon nuoret ja asunnottomuus: arviointi asumisen tuesta",
    "Bostad först minskade hemlösheten bland unga som lämnar vården",
    "Housing first for young care leavers reduced homelessness",
    "Metformin dosage in type 2 diabetes: a pharmacokinetic trial",
    "Statistical software for survival analysis in oncology",
    "Insulin pump therapy and glycaemic control in adults",
    "A compiler for functional programming languages",
]
LABELS = np.array([1, 1, 1, 1, 0, 0, 0, 0])


@pytest.mark.parametrize("est", [TextFeatures(), TextFeatures(char_ngram_range=(3, 4), lemmatize=True),
                                 ScreeningRanker(random_state=3), ScreeningRanker(estimators=("svm", "logistic"))])
def test_clone_round_trips_params(est):
    assert clone(est).get_params() == est.get_params()


def test_fit_returns_self_and_learned_attributes():
    X = TextFeatures().fit_transform(TEXTS)
    r = ScreeningRanker(random_state=0)
    assert r.fit(X, LABELS) is r
    assert hasattr(r, "coef_") and hasattr(r, "estimators_") and r.n_features_in_ == X.shape[1]
    assert not hasattr(ScreeningRanker(), "coef_")


def test_ranks_relevant_first_in_three_languages():
    feats = TextFeatures(char_ngram_range=(3, 5))
    X = feats.fit_transform(TEXTS)
    r = ScreeningRanker(random_state=0).fit(X[[0, 4]], LABELS[[0, 4]])
    new = feats.transform(["Asunnottomuus nuorilla jälkihuollon jälkeen", "Diabetes insulin trial in adults"])
    s = r.decision_function(new)
    assert s[0] > s[1]
    assert list(r.rank(X[[5, 1]])) == [1, 0]


def test_pipeline_and_seeded_presumed_negatives():
    pipe = make_pipeline(TextFeatures(), ScreeningRanker(random_state=0))
    pipe.fit(TEXTS, LABELS)
    assert pipe.predict(["Housing first for care leavers"])[0] == 1
    X = TextFeatures().fit_transform(TEXTS)
    kw = {"presumed_negatives": 2, "presumed_weight": 0.5}
    a = ScreeningRanker(random_state=1, **kw).fit(X[[0, 4]], LABELS[[0, 4]], X_unlabelled=X[5:])
    b = ScreeningRanker(random_state=1, **kw).fit(X[[0, 4]], LABELS[[0, 4]], X_unlabelled=X[5:])
    assert np.allclose(a.coef_, b.coef_)


def test_needs_both_classes():
    X = TextFeatures().fit_transform(TEXTS)
    with pytest.raises(StageInputError, match="at least one inclusion and one exclusion"):
        ScreeningRanker().fit(X[:3], LABELS[:3])


def test_explain_names_content_words():
    feats = TextFeatures()
    X = feats.fit_transform(TEXTS)
    r = ScreeningRanker(random_state=0).fit(X, LABELS)
    top = explain(r, feats, X[3], top_k=3)
    assert top and all(v > 0 for _, v in top)
    assert all(name.startswith("word:") and name.split(":", 1)[1] not in ("for", "the") for name, _ in top)


def test_rank_records_on_fixture():
    recs = pd.read_csv(DATA / "deduped.csv", dtype=str, keep_default_na=False)
    labels = pd.Series({recs["record_id"][0]: 1, recs["record_id"][1]: 0, recs["record_id"][2]: 1})
    out = rank_records(recs, labels)
    assert len(out) == len(recs) - 3 and list(out["rank"]) == list(range(1, len(out) + 1))
    assert out["score"].is_monotonic_decreasing
    none = rank_records(recs, pd.Series({recs["record_id"][0]: 1}))
    assert none["score"].isna().all() and "no model yet" in none["why"].iloc[0]
    with pytest.raises(StageInputError, match="need a 'title' column"):
        record_texts(recs.drop(columns=["title"]))


def test_lemmatized_word_features():
    feats = TextFeatures(lemmatize=True, languages=("en",), word_ngram_range=(1, 1))
    feats.fit(["The houses were built", "A house is built"])
    names = set(feats.get_feature_names_out())
    assert "word:house" in names and "word:houses" not in names


def test_hashed_features_rank_but_cannot_explain():
    feats = TextFeatures(hashing=True)
    X = feats.fit_transform(TEXTS)
    assert X.shape == (len(TEXTS), 2**20)
    r = ScreeningRanker(random_state=0).fit(X[[0, 4]], LABELS[[0, 4]])
    s = r.decision_function(feats.transform(["Housing first for care leavers", "Insulin trial"]))
    assert s[0] > s[1]
    with pytest.raises(StageInputError, match="hashed features have no names"):
        explain(r, feats, X[0])


def test_feature_names_of_some_columns_match_the_full_list():
    feats = TextFeatures(char_ngram_range=(3, 4), embedding_weight=0.0)
    X = feats.fit_transform(TEXTS)
    full = feats.get_feature_names_out()
    assert len(full) == X.shape[1]
    cols = [0, len(full) // 2, len(full) - 1]
    assert feats.feature_names(cols) == [full[c] for c in cols]
    assert {n.split(":")[0] for n in full} == {"word", "char"}
    r = ScreeningRanker(random_state=0).fit(X[[0, 4]], LABELS[[0, 4]])
    assert explain(r, feats, X[0]) == explain(r, feats, X[0], names=full)   # naming only the shown columns
