"""Members of the screening ensemble: differently-featured linear models of the same records.

Each member sees the records through its own features and has its own Gram-row provider
(``rows(idx) -> X[idx] @ X.T``), so the kernel-form SVM of :mod:`.engine` fits it the same way:

* ``word`` -- word 1-n-gram TF-IDF (:func:`~.engine.tfidf_coo`), ASReview's features;
* ``char`` -- character 3-5-gram TF-IDF within word boundaries (:func:`char_tfidf_coo`): spelling
  variants, inflection and compounds share most of their character n-grams, which word n-grams miss;
* ``emb`` -- wordllama static word embeddings (:mod:`.embeddings`, offline): related words are
  similar even when the records share none.

The members' scores are combined by their mean rank among the unscreened records
(:func:`combine_scores`): ranks need no calibration between models whose scores have different
scales, and a member that is confidently wrong about one record moves it by one rank, not by a
large score. Finnish and Swedish records may be lemmatised first (:func:`lemmatised_texts`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

import numpy as np

from ..errors import StageInputError
from .engine import GramRows, _ranges, tfidf_coo, weigh_terms

_TOKEN = re.compile(r"(?u)\b\w\w+\b")
#: Function words that tell Finnish and Swedish text from English (a text is lemmatised in the language
#: whose function words it uses most, and only when it uses more of them than English ones).
_FUNCTION_WORDS = {
    "fi": frozenset("ja ei on oli ovat että se ne tai kun jos kuin myös sekä mutta joka jotka sen niin vain "
                    "tämä tässä hän he me te olla ole mikä miten".split()),
    "sv": frozenset("och att det som en ett är av för på med till den de inte om har var men eller så från "
                    "hur vid efter under också sig".split()),
    "en": frozenset("the and of to in is are was were for with that this on by from as an be or not".split()),
}
#: Letters and words that nearly every Finnish or Swedish text holds (a quick test before counting words).
_MARKERS = ("ä", "ö", "å", " ja ", " och ", " att ")
#: The feature kinds a member can have (``word+char``: one model on both feature sets, concatenated).
MEMBER_KINDS = ("word", "char", "emb", "word+char")
#: How the members' scores are combined (:func:`combine_scores`).
COMBINE_METHODS = ("rank", "z", "margin")


def char_tfidf_coo(texts: Sequence[str], *, lo: int = 3, hi: int = 5, sublinear_tf: bool = True,
                   min_df: int = 2) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """TF-IDF of character ``lo``-``hi``-grams of the lower-cased words (padded with a space on each side).

    As scikit-learn's ``analyzer="char_wb"`` on the word tokens: a word shorter than ``n`` gives its
    padded self once. Each distinct word is cut into n-grams once, so the cost grows with the number
    of words, not of characters.

    Returns
    -------
    doc, term, val, n_terms
        As :func:`~.engine.tfidf_coo`.
    """
    n = len(texts)
    vocab: dict[str, int] = {}
    ids_per_doc = [[vocab.setdefault(w, len(vocab)) for w in _TOKEN.findall(t.lower())] for t in texts]
    grams: dict[str, int] = {}
    per_word: list[list[int]] = []
    for w in vocab:
        p = f" {w} "
        ids = []
        for k in range(lo, hi + 1):
            if len(p) <= k:
                ids.append(grams.setdefault(p, len(grams)))
                break
            ids.extend(grams.setdefault(p[i:i + k], len(grams)) for i in range(len(p) - k + 1))
        per_word.append(ids)
    wlen = np.fromiter((len(g) for g in per_word), dtype=np.int64, count=len(per_word))
    wflat = np.fromiter((g for ids in per_word for g in ids), dtype=np.int64, count=int(wlen.sum()))
    wstart = np.cumsum(wlen) - wlen
    dlen = np.fromiter((len(d) for d in ids_per_doc), dtype=np.int64, count=n)
    tok = np.fromiter((i for d in ids_per_doc for i in d), dtype=np.int64, count=int(dlen.sum()))
    tdoc = np.repeat(np.arange(n, dtype=np.int64), dlen)
    terms = wflat[_ranges(wstart[tok], wlen[tok])] if len(tok) else np.zeros(0, dtype=np.int64)
    docs = np.repeat(tdoc, wlen[tok]) if len(tok) else np.zeros(0, dtype=np.int64)
    return weigh_terms(terms, docs, n, sublinear_tf=sublinear_tf, min_df=min_df)


class SumRows:
    """Gram rows of concatenated feature sets: the sum of their providers' rows (each row unit-norm in each)."""

    def __init__(self, providers):
        self.providers = list(providers)
        self.n = self.providers[0].n

    def rows(self, rows) -> np.ndarray:
        """Return the sum of ``X_k[rows] @ X_k.T`` over the feature sets ``k``."""
        out = self.providers[0].rows(rows)
        for prov in self.providers[1:]:
            out += prov.rows(rows)
        return out


class DenseRows:
    """Gram rows of a dense feature matrix (``E[idx] @ E.T``), the interface of :class:`~.engine.GramRows`."""

    def __init__(self, E: np.ndarray):
        self.E = np.asarray(E, dtype=float)
        self.n = len(self.E)

    def rows(self, rows) -> np.ndarray:
        """Return ``E[rows] @ E.T``."""
        return self.E[np.asarray(rows, dtype=np.int64)] @ self.E.T


def lemmatised_texts(texts: Sequence[str], languages: Sequence[str] = ("fi", "sv")) -> list[str]:
    """Texts whose words are replaced by their lemmas when the text is in one of ``languages``.

    The language of each text is guessed from its function words (:func:`text_language`);
    English and other texts are returned unchanged, so an English set screens exactly as before.
    """
    cache: dict[tuple[str, str], str] = {}
    out = []
    for t in texts:
        lang = text_language(t)
        if lang not in languages:
            out.append(t)
            continue
        words = []
        for w in _TOKEN.findall(t.lower()):
            key = (w, lang)
            if key not in cache:
                from ..lemmas import lemmatize

                cache[key] = lemmatize(w, lang=(lang,)).lower()
            words.append(cache[key])
        out.append(" ".join(words))
    return out


def text_language(text: str) -> str:
    """``fi``, ``sv`` or ``en``: the language whose function words the text uses most (``en`` on a tie or none)."""
    head = text[:3000].lower()
    if not any(m in head for m in _MARKERS):
        return "en"                                  # cheap: no letter or word that Finnish or Swedish text has
    seen = Counter(_TOKEN.findall(head))
    counts = {lang: sum(seen[w] for w in fw if w in seen) for lang, fw in _FUNCTION_WORDS.items()}
    best = max(("fi", "sv"), key=lambda k: counts[k])
    return best if counts[best] > counts["en"] else "en"


def member_rows(kind: str, texts: Sequence[str], p: dict):
    """The Gram-row provider of one member for ``texts`` under engine parameters ``p``."""
    n = len(texts)
    if kind == "word":
        d, t, v, n_terms = tfidf_coo(texts, ngram_max=p["ngram_max"], sublinear_tf=p["sublinear_tf"],
                                     min_df=p["min_df"], max_df=p["max_df"])
        return GramRows(d, t, v, n_terms, n, n_dense=p["n_dense"])
    if kind == "char":
        d, t, v, n_terms = char_tfidf_coo(texts)
        # most records share hundreds of character n-grams: many more are held densely than of word n-grams
        # (their posting lists are long), which makes a Gram row ~20x faster at ~33 kB per record
        return GramRows(d, t, v, n_terms, n, n_dense=max(p["n_dense"], 4096))
    if kind == "word+char":
        return SumRows([member_rows("word", texts, p), member_rows("char", texts, p)])
    if kind == "emb":
        from .embeddings import embed_texts

        return DenseRows(embed_texts(texts))
    raise StageInputError(f"screening ensemble: unknown member '{kind}'; must be one of {list(MEMBER_KINDS)}")


def combine_scores(scores: Sequence[np.ndarray], method: str = "rank") -> np.ndarray:
    """Combine the members' scores of the unscreened records into one.

    ``method="rank"``: the mean rank (0 = lowest, 1 = highest score) under each member's scores.
    ``"z"``: the mean of each member's scores standardised over the unscreened records (mean 0, SD 1):
    a calibration that keeps how far a record stands out, which ranks lose. ``"margin"``: the mean of
    the raw decision values; every member is the same squared-hinge SVM, so its values are already on
    one scale (the margin is at +-1).

    Equal mean ranks are common (ranks are integers); they are ordered by the mean of the members'
    standardised scores, never by the records' positions, so the order of the input rows does not
    decide which record comes first. One member's scores are returned as they are.
    """
    if method not in COMBINE_METHODS:
        raise StageInputError(f"screening ensemble: unknown combination '{method}'; one of {list(COMBINE_METHODS)}")
    if len(scores) == 1:
        return np.asarray(scores[0], dtype=float)
    if method == "margin":
        return np.mean([np.asarray(s, dtype=float) for s in scores], axis=0)
    if method == "z":
        out = np.zeros(len(scores[0]))
        for s in scores:
            s = np.asarray(s, dtype=float)
            sd = s.std()
            out += (s - s.mean()) / sd if sd > 0 else 0.0
        return out / len(scores)
    m, k = len(scores[0]), len(scores)
    total, z = np.zeros(m), np.zeros(m)
    for s in scores:
        s = np.asarray(s, dtype=float)
        # ties get their mean rank: equal scores must not be ordered by position
        uniq, inv, counts = np.unique(s, return_inverse=True, return_counts=True)
        first = np.cumsum(counts) - counts
        total += (first + (counts - 1) / 2.0)[inv.ravel()]
        sd = s.std()
        z += (s - s.mean()) / sd if sd > 0 else 0.0
    mean_rank = total / (k * max(m - 1, 1))
    # the smallest gap between different mean ranks is 1 / (2 k (m - 1)); the z term stays below half of it
    z /= k
    scale = 1.0 / (4.0 * k * max(m - 1, 1) * (np.abs(z).max() + 1.0))
    return mean_rank + scale * z
