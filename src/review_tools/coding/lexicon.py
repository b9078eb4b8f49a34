"""Lexicon code suggestions: codebook keywords matched on lemmas, with Finnish compounds.

Keywords are written in base form in ``codebook.yaml``. Texts and keywords are lemmatised with
simplemma (fi, sv, en); a multi-word keyword matches a run of lemmas. In Finnish and Swedish a
keyword also matches as a part of a compound: as its head (``toimeentulotuki`` in
``perustoimeentulotuen``, lemma ``perustoimeentulotuki``) or as its first part
(``terveys`` in ``terveyspalvelu``). Keywords listed under a code's ``case_sensitive`` match the
surface form exactly (``NEET``, ``Ohjaamo``). Every suggestion carries a score in [0, 1) and a
reason naming the keywords and the words that matched.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable

import pandas as pd

from ..config import Codebook
from ..errors import StageInputError
from ..lemmas import lemmatize

__all__ = ["Lexicon", "tokenize", "guess_language", "lexicon_suggestions", "SUGGESTION_COLUMNS"]

SUGGESTION_COLUMNS = ["unit_id", "code", "score", "reason"]
LANGUAGES = ("fi", "sv", "en")
_WORD = re.compile(r"\w+", re.UNICODE)
_STOP = {
    "fi": {"ja", "on", "ei", "se", "että", "oli", "kun", "mutta", "myös", "ovat", "tai", "kuin", "niin", "jos", "mitä", "meillä", "siitä", "tämä", "olla", "vai", "hän"},
    "sv": {"och", "är", "det", "att", "som", "en", "på", "för", "med", "inte", "har", "av", "till", "den", "vi", "om", "jag", "men", "ett", "så"},
    "en": {"the", "and", "is", "of", "to", "in", "that", "it", "for", "with", "was", "are", "this", "be", "not", "have", "we", "they", "on", "but"},
}
_MIN_HEAD, _MIN_MODIFIER, _MIN_FIRST = 4, 3, 5
# inflection endings tried on words simplemma does not know (Swedish definite/plural, Finnish cases)
_ENDINGS = {
    "sv": re.compile(r"(?:en|et|n|t|er|ar|or|na|erna|arna|orna|ens|ets|ns|s|e|a)"),
    "fi": re.compile(r"(?:n|a|ä|ta|tä|ssa|ssä|sta|stä|lla|llä|lta|ltä|lle|na|nä|ksi|t|en|in|ja|jä|ihin|iin|ille|illa|issa)"),
}


def tokenize(text: str) -> list[str]:
    """Split text into word tokens (letters and digits; hyphens and punctuation separate)."""
    return _WORD.findall(text)


def guess_language(text: str) -> str:
    """Guess fi, sv or en from function words (cheap; used when no language is known)."""
    words = [w.lower() for w in tokenize(text[:2000])]
    scores = {lang: sum(w in stop for w in words) for lang, stop in _STOP.items()}
    best = max(scores, key=lambda k: scores[k])
    return best if scores[best] > 0 else "fi"


class Lexicon:
    """Keyword index of a codebook for one or more languages.

    Parameters
    ----------
    codebook : Codebook
        The validated codebook.
    languages : iterable of str
        Languages whose keywords are indexed.
    """

    def __init__(self, codebook: Codebook, languages: Iterable[str] = LANGUAGES):
        self.codebook = codebook
        self.languages = tuple(languages)
        self._single: dict[str, dict[str, set[tuple[str, str]]]] = {}
        self._multi: dict[str, dict[str, list[tuple[tuple[str, ...], str, str]]]] = {}
        self._exact: dict[str, set[tuple[str, str]]] = {}
        self._cache: dict[str, dict[str, tuple]] = {}
        self._lemma_cache: dict[str, dict[str, str]] = {}
        self.code_ids = [c.id for c in codebook.codes]
        for code in codebook.codes:
            for kw in code.case_sensitive if code.codable else []:  # a category is never suggested
                self._exact.setdefault(kw, set()).add((code.id, kw))

    def _index(self, lang: str) -> None:
        """Build the keyword index of one language on first use (loads simplemma's data for it)."""
        if lang in self._single:
            return
        if lang not in self.languages:
            raise StageInputError(f"lexicon: language '{lang}' not indexed; use one of {self.languages}")
        single: dict[str, set] = {}
        multi: dict[str, list] = {}
        for code in self.codebook.codes:
            for kw in code.keywords.get(lang, []) if code.codable else []:
                if kw in code.case_sensitive:
                    continue
                toks = [t.lower() for t in tokenize(kw)]
                if not toks:
                    continue
                lemmas = tuple(self.lemma(t, lang) for t in toks)
                if len(toks) == 1:
                    for form in {toks[0], lemmas[0]}:
                        single.setdefault(form, set()).add((code.id, kw))
                else:
                    for seq in {tuple(toks), lemmas}:
                        multi.setdefault(seq[0], []).append((seq, code.id, kw))
        self._single[lang] = single
        self._multi[lang] = multi
        self._cache[lang] = {}

    def lemma(self, token: str, lang: str) -> str:
        """Lower-cased simplemma lemma of ``token`` (cached)."""
        cache = self._lemma_cache.setdefault(lang, {})
        value = cache.get(token)
        if value is None:
            value = lemmatize(token, lang=lang).lower()
            cache[token] = value
        return value

    def _token_matches(self, token: str, lang: str) -> tuple:
        """Codes matched by one lower-cased token: tuple of (code, keyword)."""
        self._index(lang)
        cache = self._cache[lang]
        hit = cache.get(token)
        if hit is not None:
            return hit
        single = self._single[lang]
        lemma = self.lemma(token, lang)
        found: set[tuple[str, str]] = set()
        for form in (token, lemma):
            found |= single.get(form, set())
        if not found and lang in ("fi", "sv"):
            found = self._compound(token, lemma, lang)
        hit = tuple(sorted(found))
        cache[token] = hit
        return hit

    def _compound(self, token: str, lemma: str, lang: str) -> set[tuple[str, str]]:
        single = self._single[lang]
        found: set[tuple[str, str]] = set()
        for i in range(_MIN_MODIFIER, len(lemma) - _MIN_HEAD + 1):  # head of the compound
            found |= single.get(lemma[i:], set())
            if found:
                return found
        for j in range(len(lemma) - _MIN_MODIFIER, _MIN_FIRST - 1, -1):  # first part
            found |= single.get(lemma[:j], set())
            if found:
                return found
        if lemma == token:  # simplemma did not know the word: try keyword + inflection ending
            ending = _ENDINGS[lang]
            for j in range(len(token) - 1, _MIN_FIRST - 1, -1):
                if token[:j] in single and ending.fullmatch(token[j:]):
                    return set(single[token[:j]])
            # ... or lemmatise its tail (the head of an unknown compound)
            for i in range(_MIN_MODIFIER, len(token) - _MIN_HEAD + 1):
                tail = token[i:]
                lt = lemmatize(tail, lang=lang).lower()
                if lt != tail and lt in single:
                    return set(single[lt])
        return found

    def match(self, text: str, lang: str) -> list[tuple[str, str, str]]:
        """Return every keyword occurrence in ``text`` as (code, keyword, matched words)."""
        self._index(lang)
        surface = tokenize(text)
        tokens = [t.lower() for t in surface]
        out: list[tuple[str, str, str]] = []
        multi = self._multi[lang]
        lemmas: list[str] | None = None
        for i, tok in enumerate(tokens):
            for code, kw in self._token_matches(tok, lang):
                out.append((code, kw, surface[i]))
            if surface[i] in self._exact:
                for code, kw in self._exact[surface[i]]:
                    out.append((code, kw, surface[i]))
            if multi:
                if lemmas is None:
                    lemmas = [self.lemma(t, lang) for t in tokens]
                for first in {tok, lemmas[i]}:
                    for seq, code, kw in multi.get(first, ()):
                        n = len(seq)
                        if tuple(tokens[i:i + n]) == seq or tuple(lemmas[i:i + n]) == seq:
                            out.append((code, kw, " ".join(surface[i:i + n])))
        return out

    def suggest(self, text: str, lang: str) -> list[tuple[str, float, str]]:
        """Return (code, score, reason) for ``text``, best first.

        The score grows with the number of distinct keywords matched (1 keyword: 0.5, 2: 0.75,
        3: 0.875) and a little with repeats.
        """
        hits = self.match(text, lang)
        by_code: dict[str, Counter] = {}
        for code, kw, words in hits:
            by_code.setdefault(code, Counter())[(kw, words.lower())] += 1
        out = []
        for code, counter in by_code.items():
            distinct = len({kw for kw, _ in counter})
            total = sum(counter.values())
            score = 1 - math.pow(0.5, distinct + 0.25 * (total - distinct))
            shown = []
            for (kw, words), _n in counter.most_common(5):
                shown.append(kw if kw.lower() == words else f"{kw} ({words})")
            out.append((code, round(score, 6), "lexicon: " + ", ".join(dict.fromkeys(shown))))
        out.sort(key=lambda r: (-r[1], r[0]))
        return out


def _unit_languages(units: pd.DataFrame, language: str | None) -> list[str]:
    if language is not None:
        if language not in LANGUAGES:
            raise StageInputError(f"language '{language}' is invalid; must be one of {list(LANGUAGES)}")
        return [language] * len(units)
    if "language" in units.columns:
        langs = units["language"].fillna("").astype(str).tolist()
        texts = units["text"].fillna("").astype(str).tolist()
        return [lg if lg in LANGUAGES else guess_language(t) for lg, t in zip(langs, texts, strict=True)]
    return [guess_language(t) for t in units["text"].fillna("").astype(str)]


def lexicon_suggestions(units: pd.DataFrame, lexicon: Lexicon, *, language: str | None = None,
                        top_k: int | None = None, progress: bool = False) -> pd.DataFrame:
    """Suggest codes for units from the lexicon alone.

    Parameters
    ----------
    units : DataFrame
        Columns ``unit_id, text`` (and optionally ``language``).
    lexicon : Lexicon
    language : str, optional
        Forces one language; otherwise the ``language`` column or a guess per unit.
    top_k : int, optional
        Keep at most this many codes per unit.
    progress : bool
        Show a tqdm progress bar.

    Returns
    -------
    DataFrame
        ``unit_id, code, score, reason``, best first within each unit.
    """
    from tqdm.auto import tqdm

    missing = [c for c in ("unit_id", "text") if c not in units.columns]
    if missing:
        raise StageInputError(f"suggest_codes: units lack column(s) {missing}; they have {list(units.columns)}")
    langs = _unit_languages(units, language)
    rows = []
    for uid, text, lang in tqdm(zip(units["unit_id"].astype(str), units["text"].fillna("").astype(str), langs,
                                    strict=True), total=len(units), disable=not progress, desc="lexicon", unit="unit"):
        sugg = lexicon.suggest(text, lang)
        if top_k is not None:
            sugg = sugg[:top_k]
        rows.extend((uid, code, score, reason) for code, score, reason in sugg)
    return pd.DataFrame(rows, columns=SUGGESTION_COLUMNS)
