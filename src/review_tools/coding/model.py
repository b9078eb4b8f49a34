"""A multi-label code suggester trained on human-coded segments (scikit-learn estimator).

Texts are lemmatised (simplemma, the unit's language), turned into TF-IDF features of lemma
uni- and bigrams and, when a codebook is given, joined by the codebook lexicon's scores as extra
features; one logistic regression per code (one-vs-rest) gives a probability per code. Retraining
on the codings made so far is how the suggestions improve as coding goes on.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.base import BaseEstimator
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.multiclass import OneVsRestClassifier
from sklearn.preprocessing import MultiLabelBinarizer
from sklearn.utils.validation import check_is_fitted

from ..config import Codebook
from ..errors import StageInputError
from .lexicon import LANGUAGES, SUGGESTION_COLUMNS, Lexicon, guess_language, tokenize

__all__ = ["CodeSuggester", "split_codes"]


def split_codes(value) -> list[str]:
    """Split a ``;``-joined code cell into a list (empty or missing -> [])."""
    if isinstance(value, (list, tuple, set)):
        return [str(v) for v in value if str(v).strip()]
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return []
    return [c.strip() for c in str(value).split(";") if c.strip()]


class CodeSuggester(BaseEstimator):
    """Suggest codebook codes for text units, learned from human codings.

    Parameters
    ----------
    codebook : Codebook, optional
        When given, lexicon scores of its codes are added as features and only its code ids are
        accepted as labels.
    language : str, optional
        Language of all texts (fi, sv, en); by default each text's language is guessed, or taken
        from a ``language`` column when ``X`` is a DataFrame.
    C : float
        Inverse regularisation strength of the logistic regressions.
    ngram_range : tuple
        Lemma n-grams used as features.
    min_df : int
        Minimum number of units a lemma n-gram must appear in.
    lexicon_weight : float
        Scale of the lexicon features relative to TF-IDF (0 disables them).
    class_weight : str or None
        Passed to :class:`~sklearn.linear_model.LogisticRegression` ("balanced" helps rare codes).
    random_state : int, optional
        Seed of the solver.

    Attributes
    ----------
    classes_ : ndarray of str
        The codes the model knows, in column order of :meth:`predict_proba`.
    vectorizer_ : TfidfVectorizer
    classifier_ : OneVsRestClassifier
    lexicon_ : Lexicon or None
    lexicon_codes_ : list of str
        Codes whose lexicon scores are features.
    n_features_in_ : int
    """

    def __init__(self, codebook: Codebook | None = None, language: str | None = None, C: float = 4.0,
                 ngram_range: tuple = (1, 2), min_df: int = 1, lexicon_weight: float = 1.0,
                 class_weight: str | None = "balanced", random_state=None):
        self.codebook = codebook
        self.language = language
        self.C = C
        self.ngram_range = ngram_range
        self.min_df = min_df
        self.lexicon_weight = lexicon_weight
        self.class_weight = class_weight
        self.random_state = random_state

    # -- helpers ----------------------------------------------------------------------------
    def _texts_langs(self, X) -> tuple[list[str], list[str]]:
        if isinstance(X, pd.DataFrame):
            if "text" not in X.columns:
                raise StageInputError(f"CodeSuggester: the units lack a 'text' column; they have {list(X.columns)}")
            texts = X["text"].fillna("").astype(str).tolist()
            langs = X["language"].fillna("").astype(str).tolist() if "language" in X.columns else [""] * len(texts)
        else:
            texts = ["" if t is None else str(t) for t in X]
            langs = [""] * len(texts)
        if self.language is not None:
            langs = [self.language] * len(texts)
        langs = [lg if lg in LANGUAGES else guess_language(t) for lg, t in zip(langs, texts, strict=True)]
        return texts, langs

    def _lemma_docs(self, texts, langs, lexicon: Lexicon) -> list[str]:
        return [" ".join(lexicon.lemma(t.lower(), lg) for t in tokenize(text)) for text, lg in zip(texts, langs, strict=True)]

    def _lexicon_matrix(self, texts, langs) -> sp.csr_matrix:
        n, k = len(texts), len(self.lexicon_codes_)
        if self.lexicon_ is None or k == 0 or not self.lexicon_weight:
            return sp.csr_matrix((n, 0))
        col = {c: j for j, c in enumerate(self.lexicon_codes_)}
        rows, cols, vals = [], [], []
        for i, (text, lg) in enumerate(zip(texts, langs, strict=True)):
            for code, score, _reason in self.lexicon_.suggest(text, lg):
                if code in col:
                    rows.append(i)
                    cols.append(col[code])
                    vals.append(score * self.lexicon_weight)
        return sp.csr_matrix((vals, (rows, cols)), shape=(n, k))

    def _features(self, X):
        texts, langs = self._texts_langs(X)
        tfidf = self.vectorizer_.transform(self._lemma_docs(texts, langs, self._lemmatiser()))
        return sp.hstack([tfidf, self._lexicon_matrix(texts, langs)], format="csr"), texts, langs

    def _lemmatiser(self) -> Lexicon:
        if getattr(self, "lexicon_", None) is not None:
            return self.lexicon_
        if getattr(self, "_plain_lemmatiser", None) is None:
            self._plain_lemmatiser = Lexicon(Codebook(schema_version=1, codes=[]), languages=LANGUAGES)
        return self._plain_lemmatiser

    # -- estimator API ----------------------------------------------------------------------
    def fit(self, X, y):
        """Learn from coded units.

        Parameters
        ----------
        X : DataFrame with ``text`` (and optional ``language``) or sequence of str
        y : sequence
            Per unit, a list of codes or a ``;``-joined string; an empty entry is a unit coded
            with no code (a negative example for every code).

        Returns
        -------
        self
        """
        labels = [split_codes(v) for v in y]
        if len(labels) != len(X):
            raise StageInputError(f"CodeSuggester.fit: {len(X)} units but {len(labels)} label sets")
        if self.codebook is not None:
            known = {c.id for c in self.codebook.codes}
            unknown = sorted({c for lab in labels for c in lab} - known)
            if unknown:
                raise StageInputError(f"CodeSuggester.fit: codes not in the codebook: {unknown}")
        self.mlb_ = MultiLabelBinarizer()
        Y = self.mlb_.fit_transform(labels)
        self.classes_ = self.mlb_.classes_
        if len(self.classes_) == 0:
            raise StageInputError("CodeSuggester.fit: the training units carry no codes at all")
        self.lexicon_ = Lexicon(self.codebook) if self.codebook is not None else None
        self.lexicon_codes_ = (
            [c.id for c in self.codebook.codes if any(c.keywords.values()) or c.case_sensitive]
            if self.codebook is not None else []
        )
        texts, langs = self._texts_langs(X)
        self.vectorizer_ = TfidfVectorizer(
            analyzer="word", token_pattern=r"\S+", ngram_range=tuple(self.ngram_range),
            min_df=self.min_df, sublinear_tf=True, lowercase=False,
        )
        tfidf = self.vectorizer_.fit_transform(self._lemma_docs(texts, langs, self._lemmatiser()))
        features = sp.hstack([tfidf, self._lexicon_matrix(texts, langs)], format="csr")
        self.n_features_in_ = features.shape[1]
        self.feature_names_ = np.concatenate(
            [self.vectorizer_.get_feature_names_out(), np.array([f"lexicon:{c}" for c in self.lexicon_codes_])]
        ) if features.shape[1] > tfidf.shape[1] else self.vectorizer_.get_feature_names_out()
        base = LogisticRegression(C=self.C, class_weight=self.class_weight, solver="liblinear",
                                  random_state=self.random_state, max_iter=1000)
        self.classifier_ = OneVsRestClassifier(base)
        import warnings

        with warnings.catch_warnings():  # a code every unit has (or none has) is predicted as a constant
            warnings.filterwarnings("ignore", message="Label .* is present in all training examples")
            warnings.filterwarnings("ignore", message="Label not .* is present in all training examples")
            self.classifier_.fit(features, Y)
        return self

    def predict_proba(self, X) -> np.ndarray:
        """Probability of each code in :attr:`classes_` for each unit."""
        check_is_fitted(self, "classifier_")
        features, _, _ = self._features(X)
        return np.asarray(self.classifier_.predict_proba(features))

    def predict(self, X, threshold: float = 0.5) -> np.ndarray:
        """Indicator matrix (units x :attr:`classes_`) of codes with probability >= threshold."""
        return (self.predict_proba(X) >= threshold).astype(int)

    def suggest(self, units: pd.DataFrame, *, top_k: int | None = None, n_reasons: int = 3) -> pd.DataFrame:
        """Return suggestions ``unit_id, code, score, reason`` for ``units``, best first per unit.

        The reason lists the features that pushed the code's score up most in this unit.
        """
        check_is_fitted(self, "classifier_")
        if "unit_id" not in units.columns:
            raise StageInputError(f"CodeSuggester.suggest: units lack 'unit_id'; they have {list(units.columns)}")
        features, _, _ = self._features(units)
        proba = np.asarray(self.classifier_.predict_proba(features))
        coefs = []
        for est in self.classifier_.estimators_:
            coef = getattr(est, "coef_", None)
            coefs.append(None if coef is None else np.ravel(coef))
        rows = []
        ids = units["unit_id"].astype(str).tolist()
        k = proba.shape[1] if top_k is None else min(top_k, proba.shape[1])
        for i, uid in enumerate(ids):
            order = np.argsort(-proba[i], kind="stable")[:k]
            row = features.getrow(i)
            for j in order:
                reason = "model"
                if coefs[j] is not None and row.nnz:
                    contrib = row.data * coefs[j][row.indices]
                    top = [row.indices[t] for t in np.argsort(-contrib)[:n_reasons] if contrib[t] > 0]
                    if top:
                        reason = "model: " + ", ".join(str(self.feature_names_[t]) for t in top)
                rows.append((uid, str(self.classes_[j]), float(proba[i, j]), reason))
        return pd.DataFrame(rows, columns=SUGGESTION_COLUMNS)

    def fit_units(self, units: pd.DataFrame, codings: pd.DataFrame) -> CodeSuggester:
        """Fit from units (``unit_id, text``) and long-format codings (``unit_id, code``).

        Units without a coding row are left out (nobody has coded them yet); a coding row with an
        empty code marks a unit read and left uncoded.
        """
        coded = codings.assign(code=codings["code"].fillna("").astype(str)).groupby("unit_id")["code"].apply(
            lambda s: sorted({c for c in s if c}))
        train = units[units["unit_id"].isin(coded.index)]
        return self.fit(train, [coded[u] for u in train["unit_id"]])

