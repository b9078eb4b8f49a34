"""A multi-label code suggester trained on human-coded segments (scikit-learn estimator).

Each code's score for a unit blends up to seven sources, each scaled over the unit's candidate
codes (min-max or z-score, :mod:`~review_tools.coding.blend`):

* ``linear`` -- a multi-output ridge regression on TF-IDF features of the unit (character
  n-grams of the lower-cased text and lemma n-grams, lemmas from simplemma);
* ``knn`` -- label transfer from the most similar coded units (cosine over the same features),
  which works with the one or two examples per code a young coding project has;
* ``codebook`` -- similarity of the unit to the code's own text in the codebook (labels,
  definition and keywords, as character n-grams, so "grateful" is close to "gratitude");
* ``lexicon`` -- the codebook lexicon's keyword score (:class:`~review_tools.coding.lexicon.Lexicon`);
* ``prior`` -- how often the code was given in training;
* ``semantic`` -- meaning-level similarity of the unit to the code's codebook text, and
  ``prototype`` -- to the mean of the units coded with the code, both from static word
  embeddings (:mod:`~review_tools.coding.semantic`), so related words count, not only shared ones.

The ridge's ``C``, the blend weights and the scaling are chosen inside :meth:`CodeSuggester.fit` by
cross-validation on the training units only (:mod:`~review_tools.coding.selection`: top-k recall of
the held-out units' human codes). An optional group column (for example the interview question or
the document type a unit belongs to) restricts each unit's candidate codes to those coded in its
group during training, the neighbours to units of its group, and the prior to its group; codes of
different groups whose codebook texts mean nearly the same (one theme under two questions) then
share their coded units in ``linear`` and ``prototype`` (:func:`~review_tools.coding.sources.kin_matrix`).
Retraining on the codings made so far is how the suggestions improve as coding goes on.

Measured with the defaults (``benchmarks/coding_bench.py``, leave-one-interview-out on the WAC
expert interviews: 57 folds, 278 answers, 110 codes named by their labels only; 3 December 2026,
06:39-06:45 UTC, load 3.5-5.6 on 2 cores), top-3 recall of the human codes pooled / mean per
interview / worst interview: with the question as group 0.576 / 0.586 / 0.100 against 0.230 for the
most frequent codes of the question (2.50x; 0.556 / 0.571 / 0.125 choosing ``C`` without sharing,
0.549 with ``C`` fixed at 4); without context 0.331 / 0.345 / 0.000 against 0.047 (7.04x; 0.326 with
``C`` fixed). The inner cross-validation picked ``C`` 1 in 34 and 28 of the 57 folds. Fitting on ~220
units took 2.7 s at that load (1.0-1.4 s at load 1-2), suggesting 0.03 s per unit (0.008-0.011 s).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator
from sklearn.preprocessing import MultiLabelBinarizer
from sklearn.utils.validation import check_is_fitted

from ..config import Codebook
from ..errors import StageInputError
from ..identifiers import split_codes
from .blend import SCALINGS, blend
from .blend import same_group as _same_group
from .dual_ridge import DualRidge
from .features import UnitFeatures, code_documents
from .lexicon import SUGGESTION_COLUMNS, Lexicon
from .selection import (
    C_GRID,
    COMPONENTS,
    WEIGHT_GRID,
    BlendChoice,
    candidate_Cs,
    choose_blend,
    out_of_fold,
)
from .semantic import UnitEmbedder
from .sources import candidate_mask, kin_matrix, linear_source, supervised_sources

__all__ = ["CodeSuggester", "split_codes", "COMPONENTS"]


class CodeSuggester(UnitFeatures, BaseEstimator):
    """Suggest codebook codes for text units, learned from human codings.

    Parameters
    ----------
    codebook : Codebook, optional
        When given, its codes' texts and lexicon take part in the blend, every code of the
        codebook can be suggested (also codes nobody has coded yet) and only its code ids are
        accepted as labels.
    language : str, optional
        Language of all texts (fi, sv, en); by default each text's language is guessed, or taken
        from a ``language`` column when ``X`` is a DataFrame.
    C : float or "auto"
        Inverse regularisation strength of the linear model (ridge ``alpha = 1 / C``); "auto" chooses
        it among ``Cs`` by the cross-validation that chooses the blend weights.
    Cs : tuple of float
        The values "auto" tries; the first is kept on ties and used when nothing is cross-validated.
    kin_power : float or None
        Codes of different groups with near-identical codebook texts (one theme under two interview
        questions) share their coded units in the ``linear`` and ``prototype`` sources, weighted by
        the cosine of their text vectors to this power (:func:`~review_tools.coding.sources.kin_matrix`);
        None: no sharing. Needs a codebook, the embeddings and a group column.
    ngram_range : tuple or None
        Lemma n-grams used as features (None: no lemma features).
    min_df : int
        Minimum number of units a lemma n-gram must appear in.
    lexicon_weight : float
        Scale of the lexicon score in the blend relative to the weight cross-validation picks
        (0 disables the lexicon).
    class_weight : str or None
        Kept for compatibility; "balanced" weights each code's linear scores by the inverse of
        its training frequency (helps rare codes), None leaves them as they are.
    random_state : int, optional
        Seed of the cross-validation folds.
    char_ngram_range : tuple or None
        Character n-grams (within word boundaries) used as features (None: none).
    n_neighbors : int
        Number of coded units the ``knn`` source transfers labels from.
    group_column : str or None
        Name of an optional column of ``X`` that holds each unit's group (question, document
        type...). Units with a group seen in training only get codes coded in that group.
    weights : dict, optional
        Fixed blend weights per source (keys from ``COMPONENTS``); skips the cross-validation.
    cv : int
        Number of folds of the weight search (fewer than 2, or fewer than ``2 * cv`` training
        units: the default weights are used).
    cv_top_k : int
        The weight search maximises recall of the human codes among this many suggestions.
    embeddings : bool
        Use the word-embedding sources ``semantic`` and ``prototype`` (word vectors of the
        installed ``wordllama`` package).
    scaling : {"auto", "minmax", "zscore"}
        How each source's scores are put on one scale before the weighted sum (within a unit's
        candidates): "auto" searches the weights under both and keeps the scaling with the better
        cross-validated recall (with fixed ``weights``, or too few units to cross-validate: min-max).

    Attributes
    ----------
    classes_ : ndarray of str
        The codes the model scores, in column order of :meth:`predict_proba`.
    weights_ : dict
        Blend weight per source, as used.
    scaling_ : str
        The scaling used ("minmax" or "zscore").
    C_ : float
        The ridge's ``C`` as used (``C``, or the one "auto" chose).
    kin_ : ndarray or None
        Code x code weights of the shared coded units (None: nothing shared).
    threshold_ : float
        Score from which :meth:`predict` assigns a code (chosen by cross-validated micro-F1).
    cv_recall_ : float or None
        Cross-validated top-``cv_top_k`` recall of the chosen weights.
    group_codes_ : dict
        Group -> indices of the codes coded in that group during training.
    linear_ : DualRidge
        The linear model fitted on all training units.
    n_features_in_ : int
    """

    def __init__(self, codebook: Codebook | None = None, language: str | None = None, C: float | str = "auto",
                 ngram_range: tuple | None = (1, 2), min_df: int = 1, lexicon_weight: float = 1.0,
                 class_weight: str | None = "balanced", random_state=None, char_ngram_range: tuple | None = (2, 5),
                 n_neighbors: int = 10, group_column: str | None = "group", weights: dict | None = None,
                 cv: int = 4, cv_top_k: int = 3, embeddings: bool = True, scaling: str = "auto",
                 Cs: tuple = C_GRID, kin_power: float | None = 8.0):
        self.codebook = codebook
        self.language = language
        self.C = C
        self.ngram_range = ngram_range
        self.min_df = min_df
        self.lexicon_weight = lexicon_weight
        self.class_weight = class_weight
        self.random_state = random_state
        self.char_ngram_range = char_ngram_range
        self.n_neighbors = n_neighbors
        self.group_column = group_column
        self.weights = weights
        self.cv = cv
        self.cv_top_k = cv_top_k
        self.embeddings = embeddings
        self.scaling = scaling
        self.Cs = Cs
        self.kin_power = kin_power

    # -- sources ---------------------------------------------------------------------------
    def _lexicon_scores(self, texts, langs) -> np.ndarray:
        out = np.zeros((len(texts), len(self.classes_)))
        if self.lexicon_ is None or not self.lexicon_weight:
            return out
        for i, (text, lg) in enumerate(zip(texts, langs, strict=True)):
            for code, score, _reason in self.lexicon_.suggest(text, lg):
                j = self._col.get(code)
                if j is not None:
                    out[i, j] = score
        return out

    def _codebook_scores(self, texts, char=None) -> np.ndarray:
        if self.code_text_matrix_ is None:
            return np.zeros((len(texts), len(self.classes_)))
        char = self.char_vectorizer_.transform(texts) if char is None else char
        return np.asarray((char @ self.code_text_matrix_.T).todense())

    # -- estimator API ----------------------------------------------------------------------
    def fit(self, X, y):
        """Learn from coded units.

        Parameters
        ----------
        X : DataFrame with ``text`` (optional ``language``, ``unit_id`` and group column) or sequence of str
        y : sequence
            Per unit, a list of codes or a ``;``-joined string; an empty entry is a unit coded
            with no code (a negative example for every code).

        Returns
        -------
        self
        """
        if self.scaling not in ("auto", *SCALINGS):
            raise StageInputError(f"CodeSuggester: scaling must be 'auto' or one of {list(SCALINGS)}, "
                                  f"not {self.scaling!r}")
        labels = [split_codes(v) for v in y]
        if len(labels) != len(X):
            raise StageInputError(f"CodeSuggester.fit: {len(X)} units but {len(labels)} label sets")
        if self.codebook is not None:
            known = {c.id for c in self.codebook.codes}
            unknown = sorted({c for lab in labels for c in lab} - known)
            if unknown:
                raise StageInputError(f"CodeSuggester.fit: codes not in the codebook: {unknown}")
        if not any(labels):
            raise StageInputError("CodeSuggester.fit: the training units carry no codes at all")
        coded = sorted({c for lab in labels for c in lab})
        book_codes = [c.id for c in self.codebook.codes] if self.codebook is not None else []
        self.classes_ = np.array(book_codes + [c for c in coded if c not in set(book_codes)], dtype=object)
        self._col = {c: j for j, c in enumerate(self.classes_)}
        self.mlb_ = MultiLabelBinarizer(classes=list(self.classes_))
        Y = self.mlb_.fit_transform(labels).astype(float)
        self.lexicon_ = Lexicon(self.codebook) if self.codebook is not None else None
        texts, langs = self._texts_langs(X)
        groups = self._groups(X)
        self.train_ids_ = (X["unit_id"].astype(str).to_numpy() if isinstance(X, pd.DataFrame) and "unit_id" in X
                           else np.array([f"#{i}" for i in range(len(texts))], dtype=object))
        F = self._fit_vectorizers(texts, langs)
        self.n_features_in_ = F.shape[1]
        self.code_text_matrix_ = self.code_vectors_ = self.embedder_ = self.train_E_ = None
        docs = code_documents(self.codebook, self.classes_)
        if docs and self.char_vectorizer_ is not None:
            self.code_text_matrix_ = self.char_vectorizer_.transform(docs)
        if self.embeddings:
            self.embedder_ = UnitEmbedder().fit(texts)
            self.train_E_ = self.embedder_.transform(texts)
            self.code_vectors_ = self.embedder_.transform(docs) if docs else None
        self.group_codes_ = {}
        if groups is not None:
            for g in dict.fromkeys(x for x in groups if x is not None):
                rows = [i for i, x in enumerate(groups) if x == g]
                self.group_codes_[g] = np.flatnonzero(Y[rows].sum(axis=0) > 0)
        self.train_features_, self.train_Y_, self.train_groups_ = F, Y, groups
        self.kin_ = kin_matrix(self.code_vectors_, self.group_codes_, self.kin_power)
        mask = candidate_mask(self.group_codes_, len(self.classes_), groups, len(texts))
        Cs = candidate_Cs(self.C, self.Cs)
        if self.weights is not None:
            unknown = sorted(set(self.weights) - set(COMPONENTS))
            if unknown:
                raise StageInputError(f"CodeSuggester: unknown blend source(s) {unknown}; use {list(COMPONENTS)}")
            choice = BlendChoice({**dict.fromkeys(COMPONENTS, 0.0), **{k: float(v) for k, v in self.weights.items()}},
                                 0.5, "minmax" if self.scaling == "auto" else self.scaling, Cs[0], None)
        else:
            choice = self._choose_blend(F, Y, groups, texts, langs, mask, Cs)
        self.weights_, self.threshold_, self.scaling_ = choice.weights, choice.threshold, choice.scaling
        self.C_, self.cv_recall_ = choice.C, choice.recall
        self.linear_ = DualRidge(alpha=1.0 / self.C_).fit(F, Y)
        if self.lexicon_ is not None:
            self.weights_["lexicon"] *= float(self.lexicon_weight)
        else:
            self.weights_["codebook"] = self.weights_["lexicon"] = self.weights_["semantic"] = 0.0
        if not self.embeddings:
            self.weights_["semantic"] = self.weights_["prototype"] = 0.0
        return self

    def _sources(self) -> list[str]:
        """The blend sources this model can use (codebook ones need a codebook, embedding ones ``embeddings``)."""
        out = [n for n in COMPONENTS if self.codebook is not None or n not in ("codebook", "lexicon", "semantic")]
        return [n for n in out if self.embeddings or n not in ("semantic", "prototype")]

    def _choose_blend(self, F, Y, groups, texts, langs, mask, Cs) -> BlendChoice:
        """Ridge ``C``, scaling, weights and threshold chosen by cross-validation on the training units."""
        names = self._sources()
        if self.cv < 2 or F.shape[0] < 2 * self.cv:
            default = {n: (WEIGHT_GRID[n][0] if n in names else 0.0) for n in COMPONENTS}
            return BlendChoice(default, 0.5, "minmax" if self.scaling == "auto" else self.scaling, Cs[0], None)
        K = np.asarray((F @ F.T).todense())
        E = self.train_E_ if "prototype" in names else None
        sources, linear = out_of_fold(K, Y, groups, E, cv=self.cv, random_state=self.random_state, Cs=Cs,
                                      n_neighbors=self.n_neighbors, class_weight=self.class_weight,
                                      kin=self.kin_)
        sources = {k: v for k, v in sources.items() if k in names}
        if "codebook" in names:
            sources["codebook"] = self._codebook_scores(texts, self._train_char)
            sources["lexicon"] = self._lexicon_scores(texts, langs)
        if "semantic" in names:
            sources["semantic"] = self._semantic_scores(self.train_E_)
        scalings = tuple(SCALINGS) if self.scaling == "auto" else (self.scaling,)  # minmax first: kept on ties
        return choose_blend(sources, linear, Y, mask, names, scalings, self.cv_top_k)

    def _semantic_scores(self, E) -> np.ndarray:
        if self.code_vectors_ is None or E is None:
            return np.zeros((0 if E is None else len(E), len(self.classes_)))
        return E @ self.code_vectors_.T

    def _scores(self, X) -> tuple[np.ndarray, dict, np.ndarray, list[str]]:
        check_is_fitted(self, "weights_")
        texts, langs = self._texts_langs(X)
        groups = self._groups(X)
        F = self._features(texts, langs)
        E = self.embedder_.transform(texts) if self.embedder_ is not None else None
        sims = np.asarray((F @ self.train_features_.T).todense())
        parts = supervised_sources(sims, self.train_Y_, self.train_groups_, groups, self.n_neighbors, self.train_E_, E,
                                   self.kin_)
        parts["linear"] = linear_source(np.asarray(self.linear_.predict(F)).reshape(len(texts), -1), self.train_Y_,
                                        self.class_weight, self.kin_)
        if self.weights_.get("codebook", 0) > 0:
            parts["codebook"] = self._codebook_scores(texts)
        if self.weights_.get("lexicon", 0) > 0:
            parts["lexicon"] = self._lexicon_scores(texts, langs)
        if self.weights_.get("semantic", 0) > 0:
            parts["semantic"] = self._semantic_scores(E)
        mask = candidate_mask(self.group_codes_, len(self.classes_), groups, len(texts))
        return blend(parts, self.weights_, mask, self.scaling_), parts, mask, groups

    def predict_proba(self, X) -> np.ndarray:
        """Blended score in [0, 1] of each code in :attr:`classes_` for each unit.

        The scores rank codes within a unit; they are not calibrated probabilities. A code
        outside the unit's group scores 0.
        """
        return self._scores(X)[0]

    def predict(self, X, threshold: float | None = None) -> np.ndarray:
        """Indicator matrix (units x :attr:`classes_`) of codes scoring >= threshold (default :attr:`threshold_`)."""
        t = self.threshold_ if threshold is None else threshold
        S, _, mask, _ = self._scores(X)
        return ((S >= t) & mask).astype(int)

    def suggest(self, units: pd.DataFrame, *, top_k: int | None = None, n_reasons: int = 3) -> pd.DataFrame:
        """Return suggestions ``unit_id, code, score, reason`` for ``units``, best first per unit.

        Only the unit's candidate codes with a positive score are listed. The reason starts with
        ``model:`` and names the sources that raised the score, most first: the most similar
        coded units that carry the code (``like``), the codebook text, the linear model, the
        code's training frequency.
        """
        if "unit_id" not in units.columns:
            raise StageInputError(f"CodeSuggester.suggest: units lack 'unit_id'; they have {list(units.columns)}")
        S, parts, mask, groups = self._scores(units)
        scale = SCALINGS[self.scaling_]
        scaled = {name: scale(v, mask) for name, v in parts.items() if self.weights_.get(name, 0) > 0}
        sims = None
        if self.weights_.get("knn", 0) > 0:
            texts, langs = self._texts_langs(units)
            sims = np.asarray((self._features(texts, langs) @ self.train_features_.T).todense())
            if groups is not None and self.train_groups_ is not None:
                sims = np.where(_same_group(groups, self.train_groups_), sims, 0.0)
        labels = {"knn": "like", "codebook": "codebook text", "linear": "linear", "prior": "frequent",
                  "lexicon": "keywords", "semantic": "codebook meaning", "prototype": "near coded units"}
        rows = []
        ids = units["unit_id"].astype(str).tolist()
        for i, uid in enumerate(ids):
            order = [j for j in np.argsort(-S[i], kind="stable") if mask[i, j] and S[i, j] > 0]
            if top_k is not None:
                order = order[:top_k]
            for j in order:
                contrib = sorted(((self.weights_[n] * v[i, j], n) for n, v in scaled.items()), reverse=True)
                bits = []
                for c, name in contrib:
                    if c <= 0 or name == "lexicon":  # suggest_codes appends the lexicon's own reason
                        continue
                    if name == "knn" and sims is not None:
                        nb = [t for t in np.argsort(-sims[i], kind="stable")[:self.n_neighbors]
                              if self.train_Y_[t, j] > 0 and sims[i, t] > 0][:n_reasons]
                        if nb:
                            bits.append("like " + ", ".join(str(self.train_ids_[t]) for t in nb))
                    else:
                        bits.append(labels[name])
                rows.append((uid, str(self.classes_[j]), float(S[i, j]), "model: " + ("; ".join(bits) or "blend")))
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


