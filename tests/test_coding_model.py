"""Tests of the trained code suggester (scikit-learn estimator contract, blend sources, groups)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone

from review_tools.coding import suggest_codes
from review_tools.coding.model import CodeSuggester
from review_tools.config import Codebook
from review_tools.errors import StageInputError

# two topics whose words no codebook keyword names: only the coded examples tell them apart
TRAIN = pd.DataFrame({
    "unit_id": [f"T{i}" for i in range(12)],
    "text": ["the ferry timetable changed again", "ferry crossings were cancelled in winter",
             "island ferry fares went up", "we waited hours for the ferry",
             "grandmother knits wool socks", "knitting circle meets on thursdays",
             "she knits scarves for the bazaar", "wool yarn prices for knitting",
             "the ferry captain knew everyone", "knitting patterns shared online",
             "ferry service to the island", "knits mittens every autumn"],
    "group": ["A"] * 6 + ["B"] * 6,
})
Y = [["TRANS"], ["TRANS"], ["TRANS"], ["TRANS"], ["CRAFT"], ["CRAFT"],
     ["CRAFT"], ["CRAFT"], ["TRANS"], ["CRAFT"], ["TRANS"], ["CRAFT"]]


@pytest.fixture(scope="module")
def codebook() -> Codebook:
    return Codebook.model_validate({"schema_version": 1, "codes": [
        {"id": "TRANS", "label": {"en": "mobility"}, "keywords": {"en": ["bus"]}},
        {"id": "CRAFT", "label": {"en": "hobbies"}, "keywords": {"en": ["painting"]}},
        {"id": "DEBT", "label": {"en": "debt"}, "keywords": {"en": ["debt", "loan"]}},
    ]})


def test_clone_and_get_params(codebook):
    m = CodeSuggester(codebook=codebook, C=2.0, n_neighbors=3, group_column="g", weights={"knn": 1.0}, cv=3)
    params = m.get_params()
    for key in ("codebook", "language", "C", "Cs", "ngram_range", "min_df", "lexicon_weight", "class_weight",
                "random_state", "char_ngram_range", "n_neighbors", "group_column", "weights", "cv", "cv_top_k",
                "embeddings", "scaling"):
        assert key in params
    c = clone(m)
    assert c.get_params()["n_neighbors"] == 3 and c.get_params()["weights"] == {"knn": 1.0}
    assert not hasattr(c, "weights_")
    c.set_params(n_neighbors=5)
    assert c.n_neighbors == 5 and m.n_neighbors == 3


def test_fit_returns_self_and_sets_learned_attributes(codebook):
    m = CodeSuggester(codebook=codebook, language="en", random_state=0)
    assert m.fit(TRAIN, Y) is m
    assert set(m.classes_) == {"TRANS", "CRAFT", "DEBT"}  # codebook codes, coded or not
    assert set(m.weights_) == {"linear", "knn", "codebook", "lexicon", "prior", "semantic", "prototype"}
    assert 0 <= m.cv_recall_ <= 1 and 0 < m.threshold_ < 1
    assert m.scaling_ in ("minmax", "zscore")
    assert m.predict_proba(TRAIN).shape == (len(TRAIN), 3)


def test_deterministic_with_random_state(codebook):
    units = pd.DataFrame({"unit_id": ["u1", "u2"], "text": ["ferry to the island", "knits wool"]})
    a = CodeSuggester(codebook=codebook, language="en", random_state=7).fit(TRAIN, Y)
    b = CodeSuggester(codebook=codebook, language="en", random_state=7).fit(TRAIN, Y)
    assert a.weights_ == b.weights_ and a.threshold_ == b.threshold_
    np.testing.assert_array_equal(a.predict_proba(units), b.predict_proba(units))
    pd.testing.assert_frame_equal(a.suggest(units), b.suggest(units))


def test_knn_transfers_a_label_the_lexicon_cannot(codebook):
    units = pd.DataFrame({"unit_id": ["new"], "text": ["the morning ferry was late"]})
    lexicon_only = suggest_codes(units, codebook, language="en")
    assert "TRANS" not in set(lexicon_only["code"])  # no keyword of TRANS occurs
    m = CodeSuggester(codebook=codebook, language="en", weights={"knn": 1.0}, n_neighbors=3).fit(TRAIN, Y)
    s = m.suggest(units)
    assert s["code"].iloc[0] == "TRANS"
    assert s["reason"].iloc[0].startswith("model: like T")  # names the coded units it learned from
    assert "CRAFT" not in set(s["code"]) or s["score"].iloc[-1] < s["score"].iloc[0]
    full = suggest_codes(units, codebook, language="en", model=CodeSuggester(
        codebook=codebook, language="en", random_state=0).fit(TRAIN, Y))
    assert full["code"].iloc[0] == "TRANS"


def test_codebook_text_suggests_codes_nobody_coded(codebook):
    m = CodeSuggester(codebook=codebook, language="en", weights={"codebook": 1.0}).fit(TRAIN, Y)
    s = m.suggest(pd.DataFrame({"unit_id": ["x"], "text": ["her debts and loans grow"]}))
    assert s["code"].iloc[0] == "DEBT"


def test_group_column_restricts_candidates_and_neighbours(codebook):
    # in group A only TRANS was coded: a unit of group A must not get CRAFT, whatever its words
    units = pd.DataFrame({"unit_id": ["a", "b", "c"], "text": ["knits wool socks"] * 3, "group": ["A", "B", "Z"]})
    m = CodeSuggester(language="en", weights={"knn": 1.0, "linear": 1.0}).fit(
        TRAIN.assign(group=["A"] * 4 + ["B"] * 8), Y)
    s = m.suggest(units)
    assert set(s[s.unit_id == "a"]["code"]) == {"TRANS"}
    assert s[s.unit_id == "b"]["code"].iloc[0] == "CRAFT"
    assert s[s.unit_id == "c"]["code"].iloc[0] == "CRAFT"  # unknown group: no restriction
    P = m.predict_proba(units)
    assert P[0, list(m.classes_).index("CRAFT")] == 0
    # the same data without the group column: CRAFT is the best code for all three
    m2 = CodeSuggester(language="en", group_column=None, weights={"knn": 1.0, "linear": 1.0}).fit(
        TRAIN.assign(group=["A"] * 4 + ["B"] * 8), Y)
    assert set(m2.suggest(units).groupby("unit_id")["code"].first()) == {"CRAFT"}


def test_without_codebook_only_trained_codes_and_no_lexicon():
    m = CodeSuggester(language="en", random_state=0).fit(TRAIN["text"].tolist(), Y)
    assert set(m.classes_) == {"TRANS", "CRAFT"}
    assert m.weights_["codebook"] == 0 and m.weights_["lexicon"] == 0
    pred = m.predict(["ferry ferry island ferry", "knits wool knitting"])
    assert pred[0, list(m.classes_).index("TRANS")] == 1 and pred[1, list(m.classes_).index("CRAFT")] == 1


def test_bad_inputs(codebook):
    with pytest.raises(StageInputError, match="codes not in the codebook"):
        CodeSuggester(codebook=codebook).fit(TRAIN, [["NOPE"]] * len(TRAIN))
    with pytest.raises(StageInputError, match="no codes at all"):
        CodeSuggester().fit(TRAIN, [[]] * len(TRAIN))
    with pytest.raises(StageInputError, match="unknown blend source"):
        CodeSuggester(weights={"magic": 1.0}).fit(TRAIN, Y)
    with pytest.raises(StageInputError, match="units but"):
        CodeSuggester().fit(TRAIN, Y[:3])


def test_semantic_source_finds_a_code_by_related_words_only():
    # "thankful" shares no character 5-gram with "gratitude"; the word vectors relate them
    book = Codebook.model_validate({"schema_version": 1, "codes": [
        {"id": "GRAT", "label": {"en": "gratitude"}, "definition": {"en": "being grateful"}},
        {"id": "TRANS", "label": {"en": "mobility"}, "keywords": {"en": ["bus"]}},
        {"id": "CRAFT", "label": {"en": "hobbies"}, "keywords": {"en": ["painting"]}},
    ]})
    units = pd.DataFrame({"unit_id": ["u"], "text": ["I am so thankful for every day"]})
    m = CodeSuggester(codebook=book, language="en", weights={"semantic": 1.0}).fit(TRAIN, Y)
    s = m.suggest(units)
    assert s["code"].iloc[0] == "GRAT"
    assert s["reason"].iloc[0] == "model: codebook meaning"
    char_only = CodeSuggester(codebook=book, language="en", weights={"codebook": 1.0}).fit(TRAIN, Y)
    assert char_only.suggest(units)["code"].iloc[0] != "GRAT" or len(char_only.suggest(units)) > 1


def test_prototype_source_learns_from_coded_units_with_other_words(codebook):
    # no training unit says "boat" or "harbour"; their meaning is near the ferry units (TRANS)
    units = pd.DataFrame({"unit_id": ["u"], "text": ["the boat left the harbour late"]})
    m = CodeSuggester(codebook=codebook, language="en", weights={"prototype": 1.0}).fit(TRAIN, Y)
    s = m.suggest(units)
    assert s["code"].iloc[0] == "TRANS"
    assert not m.predict_proba(units)[0, list(m.classes_).index("DEBT")] == 1  # nobody coded DEBT
    assert s["reason"].iloc[0] == "model: near coded units"


def test_embeddings_off_leaves_both_embedding_sources_out(codebook):
    m = CodeSuggester(codebook=codebook, language="en", embeddings=False, random_state=0).fit(TRAIN, Y)
    assert m.weights_["semantic"] == 0 and m.weights_["prototype"] == 0 and m.embedder_ is None
    assert m.predict_proba(TRAIN).shape == (len(TRAIN), 3)
    on = CodeSuggester(codebook=codebook, language="en", random_state=0).fit(TRAIN, Y)
    assert on.train_E_.shape == (len(TRAIN), on.code_vectors_.shape[1])


@pytest.mark.parametrize("scaling", ["minmax", "zscore"])
def test_each_scaling_ranks_the_coded_topic_first_with_scores_in_0_1(codebook, scaling):
    m = CodeSuggester(codebook=codebook, language="en", random_state=0, scaling=scaling).fit(TRAIN, Y)
    assert m.scaling_ == scaling
    units = pd.DataFrame({"unit_id": ["u1", "u2"], "text": ["the ferry was late", "she knits wool socks"]})
    P = m.predict_proba(units)
    assert ((P >= 0) & (P <= 1)).all()
    cols = list(m.classes_)
    assert P[0].argmax() == cols.index("TRANS") and P[1].argmax() == cols.index("CRAFT")
    s = m.suggest(units, top_k=1)
    assert s["code"].tolist() == ["TRANS", "CRAFT"] and s["reason"].str.startswith("model:").all()


def test_auto_scaling_keeps_the_one_with_the_better_cross_validated_recall(codebook, monkeypatch):
    from review_tools.coding import selection as selection_module

    seen = []

    def fake_search(scaled, Y_, mask, grid, k):  # report a better recall for z-scores (their rows have negatives)
        is_z = any((v < 0).any() for v in scaled.values())
        seen.append("zscore" if is_z else "minmax")
        return {n: 1.0 for n in grid}, 0.9 if is_z else 0.4

    monkeypatch.setattr(selection_module, "search_weights", fake_search)
    m = CodeSuggester(codebook=codebook, language="en", random_state=0).fit(TRAIN, Y)
    assert seen == ["minmax", "zscore"] * 3 and m.scaling_ == "zscore" and m.cv_recall_ == 0.9  # per C
    assert m.C_ == 4.0  # equal recall under every C: the first (default) C is kept
    fixed = CodeSuggester(codebook=codebook, language="en", weights={"knn": 1.0}).fit(TRAIN, Y)
    assert fixed.scaling_ == "minmax"  # fixed weights: nothing cross-validated, the historical scaling


def test_unknown_scaling_is_refused(codebook):
    with pytest.raises(StageInputError, match="scaling"):
        CodeSuggester(codebook=codebook, scaling="softmax").fit(TRAIN, Y)


def test_choose_blend_picks_the_C_whose_held_out_linear_scores_recall_best():
    from review_tools.coding.selection import choose_blend

    rng = np.random.RandomState(0)
    Y_ = np.eye(6)[rng.randint(0, 6, 40)]
    mask = np.ones_like(Y_, dtype=bool)
    noisy, informative = rng.rand(*Y_.shape), Y_ + 0.1 * rng.rand(*Y_.shape)
    c = choose_blend({}, {4.0: noisy, 1.0: informative, 16.0: noisy}, Y_, mask, ["linear"], ("minmax",), 1)
    assert c.C == 1.0 and c.recall == 1.0 and c.weights["linear"] > 0
    tie = choose_blend({}, {4.0: informative, 1.0: informative}, Y_, mask, ["linear"], ("minmax", "zscore"), 1)
    assert tie.C == 4.0 and tie.scaling == "minmax"  # ties keep the first C and scaling


def test_C_auto_chooses_among_Cs_and_a_fixed_C_is_used_as_given(codebook, monkeypatch):
    from review_tools.coding import selection as selection_module

    calls = []

    def fake_search(scaled, Y_, mask, grid, k):  # the 4th search (second C, z-scores) recalls best
        calls.append(len(calls))
        return {n: 1.0 for n in grid}, 0.8 if len(calls) == 4 else 0.5

    monkeypatch.setattr(selection_module, "search_weights", fake_search)
    m = CodeSuggester(codebook=codebook, language="en", random_state=0, Cs=(4.0, 0.5, 16.0)).fit(TRAIN, Y)
    assert m.C_ == 0.5 and m.scaling_ == "zscore" and m.cv_recall_ == 0.8
    assert m.linear_.alpha == 2.0  # the final ridge is fitted with the chosen C
    calls.clear()
    fixed = CodeSuggester(codebook=codebook, language="en", random_state=0, C=2.0).fit(TRAIN, Y)
    assert fixed.C_ == 2.0 and len(calls) == 2  # one C, two scalings
    few = CodeSuggester(codebook=codebook, language="en", cv=10).fit(TRAIN, Y)  # too few units to cross-validate
    assert few.C_ == 4.0 and few.cv_recall_ is None
    for bad in ({"C": "big"}, {"C": -1.0}, {"Cs": ()}):
        with pytest.raises(StageInputError, match="C"):
            CodeSuggester(codebook=codebook, language="en", **bad).fit(TRAIN, Y)


def test_kin_matrix_shares_only_between_non_competing_codes_with_like_texts():
    from review_tools.coding.sources import kin_matrix

    v = np.array([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0], [0.6, 0.8]])  # codes 0 and 1 have the same text
    groups = {"A": np.array([0, 2]), "B": np.array([1, 3])}
    W = kin_matrix(v, groups, power=8)
    np.testing.assert_allclose(np.diag(W), 1.0)
    assert W[0, 1] == W[1, 0] == 1.0  # same text, different groups: shared
    assert W[0, 2] == 0 and W[1, 3] == 0  # same group: they compete, never shared
    assert 0 < W[0, 3] < 0.02  # different groups, texts far apart (cosine 0.6): almost nothing
    assert kin_matrix(v, {"A": np.array([0, 1, 2, 3])}) is None  # one group: all compete
    assert kin_matrix(v, {}) is None and kin_matrix(v, groups, power=None) is None
    W3 = kin_matrix(v, {"A": np.array([0]), "B": np.array([2, 3])})  # code 1 coded nowhere: candidate everywhere
    assert W3 is None or (W3[1, 0] == 0 and W3[0, 1] == 0)


def test_a_code_borrows_the_coded_units_of_its_namesake_in_another_group():
    # group A has four ferry answers coded FerryA; group B's only FerryB answer is about the weather
    book = Codebook.model_validate({"schema_version": 1, "codes": [
        {"id": "FerryA", "label": {"en": "ferry crossings"}}, {"id": "CraftA", "label": {"en": "knitting crafts"}},
        {"id": "FerryB", "label": {"en": "ferry crossings"}}, {"id": "CraftB", "label": {"en": "knitting crafts"}},
    ]})
    train = TRAIN.assign(group=["A"] * 4 + ["B"] * 4 + ["A", "A", "B", "B"])
    train.loc[10, "text"] = "the weather was bad all week"
    y = [["FerryA"]] * 4 + [["CraftB"]] * 4 + [["FerryA"], ["CraftA"], ["FerryB"], ["CraftB"]]
    units = pd.DataFrame({"unit_id": ["u"], "text": ["the ferry timetable was late"], "group": ["B"]})
    w = {"linear": 1.0, "prototype": 1.0}
    shared = CodeSuggester(codebook=book, language="en", weights=w).fit(train, y)
    alone = CodeSuggester(codebook=book, language="en", weights=w, kin_power=None).fit(train, y)
    cols = list(shared.classes_)
    assert alone.kin_ is None and shared.kin_[cols.index("FerryB"), cols.index("FerryA")] > 0.9
    assert shared.kin_[cols.index("FerryB"), cols.index("CraftB")] == 0
    fa, fb = cols.index("FerryA"), cols.index("FerryB")
    with_kin, without = shared._scores(units)[1], alone._scores(units)[1]
    for name in ("linear", "prototype"):  # FerryB now learns from FerryA's ferry answers too
        assert with_kin[name][0, fb] == pytest.approx(with_kin[name][0, fa])
        assert with_kin[name][0, fb] > without[name][0, fb] + 0.1
    assert shared.suggest(units)["code"].iloc[0] == "FerryB"
    no_groups = CodeSuggester(codebook=book, language="en", weights=w, group_column=None).fit(train, y)
    assert no_groups.kin_ is None
