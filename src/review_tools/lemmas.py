"""Lemmas for Finnish, Swedish and English (simplemma), with the dictionaries cached on disk.

simplemma ships its dictionaries compressed; decoding the Finnish one takes 8–20 s, and every
notebook kernel would pay it again. simplemma's own trie-backed dictionary factory builds each
language once into the user's cache folder (``~/.cache/simplemma/``), so later processes load a
language in a fraction of a second. Every lemma in review-tools goes through :func:`lemmatize`.
"""

from __future__ import annotations

from functools import lru_cache

from simplemma import Lemmatizer
from simplemma.strategies import DefaultStrategy
from simplemma.strategies.dictionaries.trie_dictionary_factory import TrieDictionaryFactory

__all__ = ["lemmatize", "lemmatizer"]


@lru_cache(maxsize=1)
def lemmatizer() -> Lemmatizer:
    """The process-wide lemmatiser (trie dictionaries cached on disk, token cache in memory)."""
    return Lemmatizer(lemmatization_strategy=DefaultStrategy(dictionary_factory=TrieDictionaryFactory()))


def lemmatize(token: str, lang: str | tuple[str, ...]) -> str:
    """Return the lemma of ``token`` in ``lang`` (a language code or codes tried in order).

    Examples
    --------
    >>> lemmatize("perustoimeentulotuen", "fi")
    'perustoimeentulotuki'
    """
    return lemmatizer().lemmatize(token, lang)
