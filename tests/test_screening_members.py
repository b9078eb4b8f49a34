"""The screening ensemble's members (word, character, embedding features), rank averaging, the refit
schedule and Finnish/Swedish lemmas (issue 18)."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from review_tools.errors import StageInputError
from review_tools.screening.members import (
    DenseRows,
    char_tfidf_coo,
    combine_scores,
    lemmatised_texts,
    member_rows,
    text_language,
)
from review_tools.screening.simulate import simulate_rows

DATA = Path(__file__).resolve().parent / "data" / "screening"


def _small_set():
    recs = pd.read_csv(DATA / "deduped.csv", dtype=str, keep_default_na=False)
    dec = pd.read_csv(DATA / "seed_decisions.csv", dtype=str, keep_default_na=False)
    inc = set(dec.loc[(dec["stage"] == "full_text") & (dec["reviewer"] == "anna") & (dec["decision"] == "include"),
                      "record_id"])
    texts = (recs["title"] + ". " + recs["abstract"]).tolist()
    return texts, recs["record_id"].isin(inc).astype(int).to_numpy()


def test_char_tfidf_equals_scikit_learn_char_wb():
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts, _ = _small_set()
    texts = [*texts[:40], "x", "Asunnottomien nuorten asumisneuvonta"]
    d, t, v, n_terms = char_tfidf_coo(texts, min_df=1)
    words = lambda s: " ".join(re.findall(r"(?u)\b\w\w+\b", s.lower()))  # noqa: E731
    ref = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, preprocessor=words).fit_transform(texts)
    assert n_terms == ref.shape[1]
    X = np.zeros((len(texts), n_terms))
    X[d, t] = v
    assert np.allclose(X @ X.T, (ref @ ref.T).toarray(), atol=1e-10)


def test_dense_rows_are_the_gram_rows():
    E = np.random.RandomState(0).normal(size=(6, 3))
    assert np.allclose(DenseRows(E).rows([4, 1]), E[[4, 1]] @ E.T)


def test_rank_average_ignores_the_scale_of_each_members_scores():
    a = np.array([0.1, 0.5, 0.3, 0.9])
    b = np.array([-40.0, 10.0, 20.0, 30.0])
    assert np.array_equal(combine_scores([a]), a)
    mean_rank = combine_scores([a, b])
    assert np.allclose(mean_rank, [0.0, 0.5, 0.5, 1.0], atol=0.05)
    assert np.allclose(combine_scores([a, b * 1000]), mean_rank)
    # equal mean ranks are ordered by the members' standardised scores, not by position (row order)
    perm = np.array([3, 2, 0, 1])
    assert np.array_equal(np.argsort(-combine_scores([a[perm], b[perm]])), np.argsort(-mean_rank[perm]))
    # tied scores within one member share their rank
    assert np.allclose(combine_scores([np.array([1.0, 1.0, 0.0]), np.array([0.0, 0.0, 1.0])])[:2], 0.5, atol=0.05)


def test_calibrated_combinations_keep_how_far_a_record_stands_out():
    a = np.array([0.0, 1.0, 2.0, 10.0])
    b = np.array([3.0, 1.0, 2.0, 0.0])
    z = combine_scores([a, b], "z")
    za, zb = (a - a.mean()) / a.std(), (b - b.mean()) / b.std()
    assert np.allclose(z, (za + zb) / 2)
    assert np.allclose(combine_scores([a, b * 100 + 5], "z"), z)     # no member's scale or offset matters
    assert np.allclose(combine_scores([a, b], "margin"), (a + b) / 2)
    with pytest.raises(StageInputError, match="unknown combination 'vote'"):
        combine_scores([a, b], "vote")


def test_word_plus_char_member_sums_the_two_kernels():
    texts, _ = _small_set()
    from review_tools.screening.simulate import ENGINE_DEFAULTS

    p = dict(ENGINE_DEFAULTS)
    both = member_rows("word+char", texts, p).rows([0, 3])
    assert np.allclose(both, member_rows("word", texts, p).rows([0, 3]) + member_rows("char", texts, p).rows([0, 3]))
    assert np.allclose(both[0, 0], 2.0)                                  # unit-norm rows in each feature set


def test_only_finnish_and_swedish_texts_are_lemmatised():
    fi = "Asunnottomien nuorten tilanne on huono ja heikkenee"
    sv = "Hemlösa ungdomarnas situation och boendet är svår"
    en = "Housing first for homeless youths and their families"
    assert [text_language(t) for t in (fi, sv, en)] == ["fi", "sv", "en"]
    out = lemmatised_texts([fi, sv, en])
    assert "asunnoton" in out[0].split() and "nuori" in out[0].split()
    assert "ungdom" in out[1].split() and "hemlös" in out[1].split()
    assert out[2] == en


def test_lemmas_join_inflected_finnish_records_in_the_engine():
    texts = ["Asunnottomien nuorten asumisneuvonta ja tuki", "Asunnottomille nuorille asumisneuvontaa ja tukea",
             "Vanhusten kotihoito ja omaishoito", "Vanhuksille kotihoitoa ja omaishoitoa"]
    from review_tools.screening.simulate import ENGINE_DEFAULTS, _members

    with_lemmas = _members(texts, {**ENGINE_DEFAULTS, "lemmatize": True})[0].provider.rows([0])[0]
    without = _members(texts, {**ENGINE_DEFAULTS, "lemmatize": False})[0].provider.rows([0])[0]
    assert with_lemmas[1] > 0.5 and without[1] < 0.1   # without lemmas only "ja" is shared


def test_ensemble_members_are_seeded_and_change_the_order():
    texts, y = _small_set()
    plain = simulate_rows(texts, y, random_state=3)
    ens = simulate_rows(texts, y, random_state=3, members=("word", "char"))
    again = simulate_rows(texts, y, random_state=3, members=("word", "char"))
    assert ens["order"] == again["order"] and ens["order"][:2] == plain["order"][:2]
    assert ens["order"] != plain["order"]
    assert sorted(ens["order"]) == sorted(set(ens["order"]))
    with pytest.raises(StageInputError, match="unknown member 'bag'"):
        simulate_rows(texts, y, random_state=3, members=("word", "bag"))
    with pytest.raises(StageInputError, match="needs at least one"):
        simulate_rows(texts, y, random_state=3, members=())


def test_refit_after_every_decision_while_few_inclusions_are_known():
    texts, y = _small_set()
    batched = simulate_rows(texts, y, random_state=2, batch_fraction=0.5)
    early = simulate_rows(texts, y, random_state=2, batch_fraction=0.5, refit_every_until=int(y.sum()))
    assert early["n_fits"] > batched["n_fits"]
    # until the first fit the schedules agree
    assert early["order"][:3] == batched["order"][:3]


@pytest.mark.parametrize("engine", [{"members": ("word", "char"), "combine": "z"}, {"members": ("word+char",)}])
def test_calibrated_and_summed_ensembles_do_not_depend_on_row_order(engine):
    texts, y = _small_set()
    priors = [int(np.flatnonzero(y == 1)[0]), int(np.flatnonzero(y == 0)[0])]
    perm = np.random.RandomState(5).permutation(len(y))
    new_row = np.empty(len(y), dtype=int)
    new_row[perm] = np.arange(len(y))
    a = simulate_rows(texts, y, priors=priors, random_state=2, **engine)
    b = simulate_rows([texts[i] for i in perm], y[perm], priors=[int(new_row[p]) for p in priors], random_state=2,
                      **engine)
    assert [int(perm[r]) for r in b["order"]] == a["order"]
    assert a["order"] != simulate_rows(texts, y, priors=priors, random_state=2)["order"]


def test_the_simulation_entry_starts_without_pandas_or_the_export_parsers():
    import subprocess
    import sys

    code = ("import sys; import review_tools.readers.labelled_sets, review_tools.screening.simulate; "
            "print(sorted(m for m in ('pandas', 'bibtexparser', 'sklearn', 'scipy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
    # the readers package still gives its names on first use
    from review_tools import readers

    assert "ris" in {f.lower() for f in readers.FORMATS} or len(readers.FORMATS) > 0
