"""Text inputs and TF-IDF features of the code suggester (a mixin of :class:`~review_tools.coding.model.CodeSuggester`).

Units come as a DataFrame (``text``, optional ``language`` and group column) or a sequence of
strings; their features are TF-IDF lemma n-grams (lemmas from the codebook lexicon's simplemma
lemmatiser) and character n-grams within word boundaries, stacked and L2-normalised. The codebook
codes' texts (:func:`code_documents`) feed the codebook sources.
"""

from __future__ import annotations

import pandas as pd
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from ..config import Codebook
from ..errors import StageInputError
from .blend import local_values
from .lexicon import LANGUAGES, Lexicon, guess_language, tokenize

__all__ = ["UnitFeatures", "code_documents"]


def code_documents(codebook: Codebook | None, classes) -> list[str]:
    """Each code's codebook text (labels, definitions, keywords), in the order of ``classes``; [] without a codebook.

    A code missing from the codebook gets an empty text.
    """
    if codebook is None:
        return []
    by_id = {c.id: c for c in codebook.codes}
    docs = []
    for cid in classes:
        c = by_id.get(cid)
        parts = [] if c is None else [*local_values(c.label), *local_values(c.definition),
                                      *(kw for kws in c.keywords.values() for kw in kws), *c.case_sensitive]
        docs.append(" ".join(parts))
    return docs


class UnitFeatures:
    """Reading units and turning them into features; needs ``language``, ``group_column``, ``ngram_range``,
    ``min_df`` and ``char_ngram_range`` attributes (the estimator's parameters)."""

    # -- inputs -----------------------------------------------------------------------------
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

    def _groups(self, X) -> list | None:
        if self.group_column and isinstance(X, pd.DataFrame) and self.group_column in X.columns:
            return [None if pd.isna(g) or str(g) == "" else str(g) for g in X[self.group_column]]
        return None

    def _lemma_docs(self, texts, langs) -> list[str]:
        lem = self._lemmatiser()
        return [" ".join(lem.lemma(t.lower(), lg) for t in tokenize(text)) for text, lg in zip(texts, langs, strict=True)]

    def _lemmatiser(self) -> Lexicon:
        if getattr(self, "lexicon_", None) is not None:
            return self.lexicon_
        if getattr(self, "_plain_lemmatiser", None) is None:
            self._plain_lemmatiser = Lexicon(Codebook(schema_version=1, codes=[]), languages=LANGUAGES)
        return self._plain_lemmatiser

    def _fit_vectorizers(self, texts, langs) -> sp.csr_matrix:
        """Fit the vectorizers on the training texts and return their features (each text read once)."""
        self.word_vectorizer_ = self.char_vectorizer_ = None
        blocks = []
        if self.ngram_range is not None:
            self.word_vectorizer_ = TfidfVectorizer(analyzer="word", token_pattern=r"\S+",
                                                    ngram_range=tuple(self.ngram_range), min_df=self.min_df,
                                                    sublinear_tf=True, lowercase=False)
            try:
                blocks.append(self.word_vectorizer_.fit_transform(self._lemma_docs(texts, langs)))
            except ValueError:  # no word at all (empty texts, or min_df too high)
                self.word_vectorizer_ = None
        self._train_char = None
        if self.char_ngram_range is not None:
            self.char_vectorizer_ = TfidfVectorizer(analyzer="char_wb", ngram_range=tuple(self.char_ngram_range),
                                                    sublinear_tf=True, lowercase=True)
            try:
                self._train_char = self.char_vectorizer_.fit_transform(texts)
                blocks.append(self._train_char)
            except ValueError:
                self.char_vectorizer_ = None
        if not blocks:
            raise StageInputError("CodeSuggester.fit: the training texts have no words to learn from")
        return normalize(sp.hstack(blocks, format="csr"))

    def _features(self, texts, langs) -> sp.csr_matrix:
        blocks = []
        if self.word_vectorizer_ is not None:
            blocks.append(self.word_vectorizer_.transform(self._lemma_docs(texts, langs)))
        if self.char_vectorizer_ is not None:
            blocks.append(self.char_vectorizer_.transform(texts))
        return normalize(sp.hstack(blocks, format="csr"))
