"""Meaning-level similarity of text units to codes, from static word embeddings (offline).

Character and lemma n-grams only see shared spellings: an answer about being "thankful" shares no
n-gram with a code labelled "gratitude". The word vectors shipped inside the ``wordllama`` package
(:mod:`review_tools.screening.embeddings`, nothing downloaded) place related words close together,
so two sources of the code suggester use them:

* ``semantic`` -- cosine of a unit's vector to the vector of the code's own codebook text (label,
  definition, keywords): works for a new codebook before anybody has coded anything;
* ``prototype`` -- cosine of a unit's vector to the mean vector of the training units coded with
  the code (a nearest-centroid classifier), which needs only one or two coded examples per code.

A text's vector is the IDF-weighted mean of its distinct lower-cased words' vectors, with the IDF
and the common direction (the mean vector) learned from the training units only, L2-normalised.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

__all__ = ["UnitEmbedder", "prototype_matrix"]

_WORD = re.compile(r"[^\W\d_]{2,}")


class UnitEmbedder:
    """IDF-weighted mean word vectors of texts, fitted on training texts.

    Parameters
    ----------
    centre : bool, default True
        Subtract the training texts' mean vector before normalising: mean word vectors share a
        large common direction (frequent words, the language) that otherwise makes every pair
        of texts look alike.

    Attributes
    ----------
    idf_ : dict
        Word -> inverse document frequency over the training texts (unseen words get the
        largest training IDF).
    mean_ : ndarray
        The training texts' mean normalised vector (zeros when not centring).
    """

    def __init__(self, centre: bool = True):
        self.centre = centre
        self._vectors: dict[str, np.ndarray] = {}

    @staticmethod
    def _words(text: str) -> list[str]:
        return sorted(set(_WORD.findall(text.lower())))

    def _lookup(self, words: Sequence[str]) -> None:
        new = [w for w in words if w not in self._vectors]
        if new:
            from ..screening.embeddings import word_vectors

            for w, v in zip(new, word_vectors(new), strict=True):
                self._vectors[w] = v

    def _raw(self, texts: Sequence[str]) -> np.ndarray:
        docs = [self._words(t) for t in texts]
        self._lookup(sorted({w for d in docs for w in d}))
        dim = next(iter(self._vectors.values())).shape[0] if self._vectors else 256
        out = np.zeros((len(texts), dim))
        for i, d in enumerate(docs):
            if d:
                w = np.array([self.idf_.get(x, self._max_idf) for x in d])
                out[i] = w @ np.vstack([self._vectors[x] for x in d])
        norms = np.linalg.norm(out, axis=1)
        return out / np.where(norms > 0, norms, 1.0)[:, None]

    def fit(self, texts: Sequence[str]) -> UnitEmbedder:
        """Learn the IDF and the mean vector from ``texts``."""
        docs = [self._words(t) for t in texts]
        df: dict[str, int] = {}
        for d in docs:
            for w in d:
                df[w] = df.get(w, 0) + 1
        n = len(docs)
        self.idf_ = {w: float(np.log((1.0 + n) / (1.0 + c)) + 1.0) for w, c in df.items()}
        self._max_idf = float(np.log(1.0 + n) + 1.0)
        raw = self._raw(texts)
        has = np.linalg.norm(raw, axis=1) > 0
        self.mean_ = (
            raw[has].mean(axis=0) if self.centre and has.sum() > 1 else np.zeros(raw.shape[1])
        )
        return self

    def transform(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors of ``texts``, shape ``(len(texts), dim)``; a text without a word is a row of zeros."""
        raw = self._raw(texts)
        has = np.linalg.norm(raw, axis=1) > 0
        out = np.where(has[:, None], raw - self.mean_, 0.0)
        norms = np.linalg.norm(out, axis=1)
        return out / np.where(norms > 0, norms, 1.0)[:, None]


def prototype_matrix(E: np.ndarray, Y: np.ndarray) -> np.ndarray:
    """Normalised mean vector of the units coded with each code (rows: codes; zeros if never coded).

    Parameters
    ----------
    E : ndarray (n_units, dim)
        Unit vectors.
    Y : ndarray (n_units, n_codes)
        0/1 codes of the units.
    """
    P = sp.csr_matrix(Y).T @ E
    P = np.asarray(P, dtype=float)
    norms = np.linalg.norm(P, axis=1)
    return P / np.where(norms > 0, norms, 1.0)[:, None]
