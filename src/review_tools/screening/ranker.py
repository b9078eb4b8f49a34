"""The active-learning ranker: text features for English, Finnish and Swedish, and a linear ensemble.

Both classes follow scikit-learn's estimator contract (``__init__`` only stores parameters, ``fit``
returns ``self``, learned attributes end with ``_``, randomness from ``random_state``), so they work
in a :class:`~sklearn.pipeline.Pipeline` and with :func:`~sklearn.base.clone`.

:class:`TextFeatures` is unsupervised (fitted on the whole screening set once); :class:`ScreeningRanker`
is refitted on the labelled records as decisions accumulate and scores the rest. Keeping the two apart
lets the feature matrix be computed once, so retraining stays fast as labels accumulate.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClassifierMixin, TransformerMixin
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.svm import LinearSVC
from sklearn.utils import check_random_state
from sklearn.utils.validation import check_is_fitted
from threadpoolctl import ThreadpoolController

from ..errors import StageInputError
from ..lemmas import lemmatize

_TOKEN = re.compile(r"(?u)\b\w\w+\b")
#: Function words left out of explanations (they carry weight in a model but explain nothing).
STOP_WORDS = frozenset(ENGLISH_STOP_WORDS) | frozenset(
    "ja ei on oli ovat että se ne tai kun jos kuin myös sekä mutta joka jotka sen niin vain "
    "och att det som en ett är av för på med till den de inte om har var men eller så från".split()
)


def record_texts(records: pd.DataFrame | Sequence[str], fields: Sequence[str] = ("title", "abstract", "keywords")) -> list[str]:
    """Return one text per record: its title, abstract and keywords joined (missing ones skipped).

    Raises
    ------
    StageInputError
        If ``records`` is a DataFrame without a ``title`` column.
    """
    if isinstance(records, pd.DataFrame):
        if "title" not in records.columns:
            raise StageInputError(f"ranker: records need a 'title' column; got {list(records.columns)}")
        cols = [c for c in fields if c in records.columns]
        parts = records[cols].fillna("").astype(str)
        return [". ".join(p for p in row if p.strip()) for row in parts.itertuples(index=False, name=None)]
    return ["" if t is None else str(t) for t in records]


_CONTROLLER: ThreadpoolController | None = None


def _thread_limit(n: int):
    """Limit BLAS/OpenMP threads; the controller is created once (creating one costs ~25 ms)."""
    global _CONTROLLER
    if _CONTROLLER is None:
        _CONTROLLER = ThreadpoolController()
    return _CONTROLLER.limit(limits=int(n))


class _Lemmatizer:
    """Callable analyzer for TfidfVectorizer: lowercase word tokens mapped to lemmas with simplemma."""

    def __init__(self, languages: tuple[str, ...], ngram_range: tuple[int, int]):
        self.languages = languages
        self.ngram_range = ngram_range
        self._cache: dict[str, str] = {}

    def __call__(self, text: str) -> list[str]:
        toks = []
        for t in _TOKEN.findall(text.lower()):
            lemma = self._cache.get(t)
            if lemma is None:
                lemma = lemmatize(t, lang=self.languages).lower()
                self._cache[t] = lemma
            toks.append(lemma)
        lo, hi = self.ngram_range
        out = []
        for n in range(lo, hi + 1):
            out.extend(" ".join(toks[i:i + n]) for i in range(len(toks) - n + 1))
        return out


class TextFeatures(BaseEstimator, TransformerMixin):
    """TF-IDF of word n-grams (optionally lemmatised) and character n-grams, stacked.

    Parameters
    ----------
    word_ngram_range : tuple of int, default (1, 3)
        Word n-grams. 1-3-grams rather than ASReview elas_u4's 1-2-grams: in simulation on the three
        shared labelled sets (ASReview's priors, seeds 1-5, refit every +5% labels) they raised WSS@95
        against ASReview 3.0.8 from -0.004 to +0.008 on average (Sep_2021 +0.035, Jeyaraman_2020
        -0.006 instead of -0.009, Smid_2020 -0.006 as before) and recall@10% from +0.003 to +0.015,
        at about 1.2x the simulation time. Measured and not adopted (a set more than 0.01 below
        ASReview in WSS@95 or recall@10%, or no gain): binary TF and max-normalised TF (Sep_2021
        recall@10% -0.05/-0.04), sublinear TF without L2 normalisation (far worse), Porter-stemmed
        1-2-grams alone or rank-averaged with the plain word model, or with 1-3-grams (Jeyaraman_2020
        WSS@95 -0.031/-0.020/-0.017), the SVM rank-averaged with a logistic regression on 1-2- or
        1-3-grams (Jeyaraman_2020 -0.011/-0.013).
    char_ngram_range : tuple of int or None, default None
        Character n-grams within word boundaries, e.g. ``(3, 5)`` (robust to Finnish and Swedish
        inflection and compounds); ``None`` leaves them out. Off by default: on the shared English
        labelled sets they lowered WSS@95 (0.584 vs 0.626 on Jeyaraman, seeds 1-2) and tripled the time.
        A separate char 3-5 model averaged with the word model (rank-normalised scores) raised WSS@95
        on Sep_2021 (+0.13) but lowered it on Jeyaraman_2020 (-0.015 against ASReview; 5 seeds).
    char_weight : float, default 1.0
        Multiplier of the character block (each block is L2-normalised before stacking).
    lemmatize : bool or "auto", default "auto"
        ``True``: map every word token to its lemma with simplemma before building word n-grams;
        ``"auto"``: only the records written in Finnish or Swedish (:func:`.members.lemmatised_texts`;
        English records are unchanged), as the simulation engine does.
    languages : tuple of str, default ("en", "fi", "sv")
        simplemma languages (tried in order) when ``lemmatize``.
    min_df : int, default 1
    max_features : int or None, default None
        Per block.
    hashing : bool, default False
        Hash n-grams into 2**20 columns instead of building a vocabulary (faster on large sets;
        features then have no names, so :func:`explain` cannot name them). Used by simulations.
    embedding_weight : float, default 0.0
        Appends each record's wordllama word-embedding vector (:mod:`.embeddings`, unit norm) times
        ``sqrt(embedding_weight)``: the same features as the simulation engine's ``embedding_weight``.
    """

    def __init__(self, word_ngram_range=(1, 3), char_ngram_range=None, char_weight=1.0, lemmatize="auto",
                 languages=("en", "fi", "sv"), min_df=1, max_features=None, hashing=False, embedding_weight=0.0):
        self.word_ngram_range = word_ngram_range
        self.char_ngram_range = char_ngram_range
        self.char_weight = char_weight
        self.lemmatize = lemmatize
        self.languages = languages
        self.min_df = min_df
        self.max_features = max_features
        self.hashing = hashing
        self.embedding_weight = embedding_weight

    def _vectorizers(self):
        if self.hashing:
            from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer
            from sklearn.pipeline import make_pipeline

            analyzer = (_Lemmatizer(tuple(self.languages), tuple(self.word_ngram_range)) if self.lemmatize is True
                        else "word")
            word = make_pipeline(
                HashingVectorizer(analyzer=analyzer, ngram_range=tuple(self.word_ngram_range), alternate_sign=False,
                                  norm=None, n_features=2**20),
                TfidfTransformer(sublinear_tf=True))
            vecs = [("word", word)]
            if self.char_ngram_range is not None:
                vecs.append(("char", make_pipeline(
                    HashingVectorizer(analyzer="char_wb", ngram_range=tuple(self.char_ngram_range),
                                      alternate_sign=False, norm=None, n_features=2**20),
                    TfidfTransformer(sublinear_tf=True))))
            return vecs
        if self.lemmatize is True:
            word = TfidfVectorizer(analyzer=_Lemmatizer(tuple(self.languages), tuple(self.word_ngram_range)),
                                   sublinear_tf=True, min_df=self.min_df, max_features=self.max_features)
        else:
            word = TfidfVectorizer(ngram_range=tuple(self.word_ngram_range), sublinear_tf=True,
                                   min_df=self.min_df, max_features=self.max_features, strip_accents=None)
        vecs = [("word", word)]
        if self.char_ngram_range is not None:
            vecs.append(("char", TfidfVectorizer(analyzer="char_wb", ngram_range=tuple(self.char_ngram_range),
                                                 sublinear_tf=True, min_df=max(self.min_df, 2),
                                                 max_features=self.max_features)))
        return vecs

    def fit(self, X, y=None):
        """Learn the vocabularies and IDF weights from texts (or a records DataFrame)."""
        self.fit_transform(X)
        return self

    def _texts(self, X) -> list[str]:
        texts = record_texts(X)
        if self.lemmatize == "auto":
            from .members import lemmatised_texts

            texts = lemmatised_texts(texts)
        return texts

    def fit_transform(self, X, y=None):
        """Fit and return the stacked TF-IDF matrix (CSR)."""
        texts = self._texts(X)
        if not texts:
            raise StageInputError("ranker: no texts to learn features from")
        self.vectorizers_ = []
        blocks = []
        for name, vec in self._vectorizers():
            m = vec.fit_transform(texts)
            self.vectorizers_.append((name, vec))
            blocks.append(m * (self.char_weight if name == "char" else 1.0))
        blocks += self._embedding_block(texts)
        self.n_features_out_ = sum(b.shape[1] for b in blocks)
        self.terms_ = []                             # (block, first column, terms by column), to name columns
        start = 0
        for name, vec in ([] if self.hashing else self.vectorizers_):
            vocab = vec.vocabulary_
            terms = np.empty(len(vocab), dtype=object)
            terms[np.fromiter(vocab.values(), dtype=np.int64, count=len(vocab))] = list(vocab)
            self.terms_.append((name, start, terms))
            start += len(vocab)
        return sp.hstack(blocks, format="csr")

    def _embedding_block(self, texts) -> list:
        if not self.embedding_weight:
            return []
        from .embeddings import embed_texts

        return [sp.csr_matrix(embed_texts(texts) * np.sqrt(float(self.embedding_weight)))]

    def transform(self, X):
        """Return the stacked TF-IDF matrix (CSR) of texts."""
        check_is_fitted(self, "vectorizers_")
        texts = self._texts(X)
        blocks = [vec.transform(texts) * (self.char_weight if name == "char" else 1.0) for name, vec in self.vectorizers_]
        return sp.hstack(blocks + self._embedding_block(texts), format="csr")

    def get_feature_names_out(self, input_features=None):
        """Return feature names prefixed by block (``word:``/``char:``)."""
        check_is_fitted(self, "vectorizers_")
        if self.hashing:
            raise StageInputError("ranker: hashed features have no names; use TextFeatures(hashing=False) to explain")
        names = [f"{name}:{t}" for name, _, terms in self.terms_ for t in terms]
        names += [f"emb:{i}" for i in range(self.n_features_out_ - len(names))]
        return np.asarray(names, dtype=object)

    def feature_names(self, columns) -> list[str]:
        """Names of the given columns (``word:...``, ``char:...``, ``emb:i``), without building all names.

        A screening set of 10,000 records has over a million n-gram columns; naming them all takes
        seconds, naming the few columns an explanation shows takes microseconds.
        """
        check_is_fitted(self, "vectorizers_")
        if self.hashing:
            raise StageInputError("ranker: hashed features have no names; use TextFeatures(hashing=False) to explain")
        out = []
        for col in np.asarray(columns, dtype=np.int64).ravel():
            for name, start, terms in self.terms_:
                if start <= col < start + len(terms):
                    out.append(f"{name}:{terms[col - start]}")
                    break
            else:
                out.append(f"emb:{col - sum(len(t) for _, _, t in self.terms_)}")
        return out


class ScreeningRanker(ClassifierMixin, BaseEstimator):
    """Linear ensemble scoring records by their chance of inclusion.

    Parameters
    ----------
    estimators : tuple of str, default ("svm",)
        Members of the ensemble: ``"svm"`` (LinearSVC) and/or ``"logistic"`` (LogisticRegression).
        Their decision values are normalised by the coefficient norm and averaged. The defaults
        (SVM alone, C=0.11, balance_ratio=9.8) won in simulation on the shared sets; adding the
        logistic member did not help (WSS@95 0.631 vs 0.640 on Jeyaraman, seeds 1-2).
    C : float, default 0.11
        Inverse regularisation strength of the members.
    balance_ratio : float, default 9.8
        Inclusions are rare, so exclusions get the sample weight ``n_included / (balance_ratio *
        n_excluded)`` (1.0 = balanced classes; larger values favour the inclusions more).
    presumed_negatives : int, default 0
        Number of unlabelled records (drawn with ``random_state`` from ``X_unlabelled`` given to
        :meth:`fit`) added as exclusions with weight ``presumed_weight``; relevant records are rare,
        so most of them are in fact exclusions. Off by default: in simulation on the shared sets
        (5 seeds, ASReview's priors) every variant that raised mean WSS@95 (25-100 per fit, various
        weights, drawn from the low-scored half, or only after 5 inclusions) also lowered recall@10%
        on Jeyaraman_2020 (8% inclusions), by 0.008-0.032 against ASReview.
    presumed_weight : float, default 0.1
    random_state : int, RandomState or None
        Seeds the presumed-negative sample and the solvers.
    n_threads : int, default 1
        BLAS threads used while fitting (threadpoolctl); more threads slow down small fits.
    """

    def __init__(self, estimators=("svm",), C=0.11, balance_ratio=9.8, presumed_negatives=0,
                 presumed_weight=0.1, random_state=None, n_threads=1):
        self.estimators = estimators
        self.C = C
        self.balance_ratio = balance_ratio
        self.presumed_negatives = presumed_negatives
        self.presumed_weight = presumed_weight
        self.random_state = random_state
        self.n_threads = n_threads

    def _member(self, name, seed):
        if name == "svm":
            return LinearSVC(C=self.C, random_state=seed)
        if name == "logistic":
            return LogisticRegression(C=self.C * 10, solver="liblinear", dual=True,
                                      random_state=seed)
        raise StageInputError(f"ranker: unknown estimator '{name}'; must be 'svm' or 'logistic'")

    def fit(self, X, y, X_unlabelled=None):
        """Fit the ensemble on labelled records.

        Parameters
        ----------
        X : sparse matrix of shape (n_labelled, n_features)
        y : array-like of {0, 1}
            1 = included. Both classes must be present.
        X_unlabelled : sparse matrix, optional
            The unscreened records, for presumed negatives.

        Returns
        -------
        self
        """
        y = np.asarray(y).astype(int)
        if X.shape[0] != len(y):
            raise StageInputError(f"ranker: {X.shape[0]} records but {len(y)} labels")
        self.classes_ = np.unique(y)
        if len(self.classes_) < 2:
            raise StageInputError(
                "ranker: the labelled records need at least one inclusion and one exclusion to learn from"
            )
        rng = check_random_state(self.random_state)
        n_pos, n_neg = int((y == 1).sum()), int((y == 0).sum())
        weights = np.where(y == 1, 1.0, n_pos / (float(self.balance_ratio) * n_neg))
        weights = weights * (len(y) / weights.sum())
        Xf, yf = X, y
        if self.presumed_negatives and X_unlabelled is not None and X_unlabelled.shape[0]:
            k = min(int(self.presumed_negatives), X_unlabelled.shape[0])
            idx = rng.choice(X_unlabelled.shape[0], size=k, replace=False)
            Xf = sp.vstack([X, X_unlabelled[idx]], format="csr")
            yf = np.concatenate([y, np.zeros(k, dtype=int)])
            weights = np.concatenate([weights, np.full(k, float(self.presumed_weight))])
        seed = int(rng.randint(np.iinfo(np.int32).max))
        self.estimators_ = []
        with _thread_limit(self.n_threads):
            for name in self.estimators:
                est = self._member(name, seed)
                est.fit(Xf, yf, sample_weight=weights)
                self.estimators_.append(est)
        coefs = np.vstack([e.coef_.ravel() / (np.linalg.norm(e.coef_) or 1.0) for e in self.estimators_])
        self.coef_ = coefs.mean(axis=0)
        self.n_features_in_ = X.shape[1]
        return self

    def decision_function(self, X):
        """Return the ensemble score of each record (higher = more likely included)."""
        check_is_fitted(self, "estimators_")
        total = np.zeros(X.shape[0])
        for e in self.estimators_:
            s = e.decision_function(X)
            total += s / (np.linalg.norm(e.coef_) or 1.0)
        return total / len(self.estimators_)

    def predict(self, X):
        """Return 1 for records scored above 0, else 0."""
        return (self.decision_function(X) > 0).astype(int)

    def rank(self, X):
        """Return record positions of ``X`` sorted from most to least likely included."""
        return np.argsort(-self.decision_function(X), kind="stable")


def explain(ranker: ScreeningRanker, features: TextFeatures, X_row, top_k: int = 8,
            names=None) -> list[tuple[str, float]]:
    """Name the features that raise a record's score the most (coefficient times feature value).

    Parameters
    ----------
    ranker : ScreeningRanker
        Fitted.
    features : TextFeatures
        Fitted; its feature names label the columns.
    X_row : sparse matrix of shape (1, n_features)
    top_k : int
    names : array of str, optional
        ``features.get_feature_names_out()``; by default only the columns shown are named.

    Returns
    -------
    list of (str, float)
        Feature name (``word:...``/``char:...``) and contribution, largest first, positive only.
    """
    check_is_fitted(ranker, "coef_")
    row = sp.csr_matrix(X_row)
    contrib = row.multiply(ranker.coef_).tocsr()
    idx, vals = contrib.indices, contrib.data
    out = []
    for i in np.argsort(-vals):
        if vals[i] <= 0 or len(out) >= top_k:
            break
        name = str(names[idx[i]]) if names is not None else features.feature_names([idx[i]])[0]
        block, _, term = name.partition(":")
        if block == "emb" or (block == "word" and all(t in STOP_WORDS for t in term.split())):
            continue                                 # embedding dimensions name nothing a reviewer can read
        out.append((name, float(vals[i])))
    return out


def rank_records(records: pd.DataFrame, labels: pd.Series, *, features: TextFeatures | None = None,
                 ranker: ScreeningRanker | None = None, explain_top: int = 5) -> pd.DataFrame:
    """Rank the unlabelled records of a screening set with a ranker fitted on the labelled ones.

    Parameters
    ----------
    records : DataFrame
        ``record_id, title`` (+ ``abstract``, ``keywords``).
    labels : Series
        Indexed by record id: 1 include, 0 exclude; records absent or NaN are unlabelled.
    features, ranker : optional
        Unfitted estimators (defaults: ``TextFeatures()``, ``ScreeningRanker(random_state=0)``).
    explain_top : int
        Number of top features named in ``why``.

    Returns
    -------
    DataFrame
        The unlabelled records ``record_id, rank (1 = first), score, why``; when the labels lack
        an inclusion or an exclusion, the records keep their input order with NaN scores and
        ``why`` says so.
    """
    from sklearn.base import clone

    features = clone(features) if features is not None else TextFeatures()
    ranker = clone(ranker) if ranker is not None else ScreeningRanker(random_state=0)
    X = features.fit_transform(records)
    lab = records["record_id"].map(labels)
    known = lab.notna().to_numpy()
    unl = np.flatnonzero(~known)
    ids = records["record_id"].to_numpy()
    y = lab[known].astype(int).to_numpy()
    if len(unl) == 0:
        return pd.DataFrame(columns=["record_id", "rank", "score", "why"])
    if len(np.unique(y)) < 2:
        why = "no model yet: needs at least one inclusion and one exclusion"
        return pd.DataFrame({"record_id": ids[unl], "rank": np.arange(1, len(unl) + 1), "score": np.nan, "why": why})
    ranker.fit(X[known], y, X_unlabelled=X[unl])
    scores = ranker.decision_function(X[unl])
    order = np.argsort(-scores, kind="stable")
    rows = []
    for r, i in enumerate(order, 1):
        top = explain(ranker, features, X[unl[i]], explain_top) if explain_top else []
        rows.append({"record_id": ids[unl[i]], "rank": r, "score": float(scores[i]),
                     "why": ", ".join(n.split(":", 1)[1] for n, _ in top)})
    return pd.DataFrame(rows, columns=["record_id", "rank", "score", "why"])
