"""Author lists that name different people (why: ``docs/deduplication.md``, "Authors")."""

from __future__ import annotations

from rapidfuzz import fuzz


def _same_name(x: str, y: str) -> bool:
    """One surname, allowing a spelling variant or a double surname written as one of its parts."""
    return x == y or bool(set(x.split()) & set(y.split())) or fuzz.ratio(x, y) >= 85


def _matched(names, others, other_words) -> list[bool]:
    """Whether each surname is one of the other list's surnames or a word of one of its authors' names."""
    return [any(_same_name(x, y) or x in w for y, w in zip(others, other_words, strict=False)) for x in names]


def author_lists_differ(a, b, words_a=(), words_b=()) -> bool:
    """True when two surname lists cannot be one record's authors.

    Databases write one author list with other spellings, initials and particles, truncate it after
    the first authors (``et al.``) or order it differently, but they do not drop an author from the
    middle or swap one author for another. So the lists differ when

    * the shorter one (two or more names) is not the head of the longer one: a name of the shorter
      list is missing from the longer list's first names (an author dropped from the middle, or
      another author); or
    * they are equally long and two or more names of each are missing from the other.

    Parameters
    ----------
    a, b : sequence of str
        Folded surnames in author order (``_keys.surname_list``).
    words_a, words_b : sequence of set of str, optional
        Every word of each author's name (``_keys.author_word_sets``): a surname found among another
        author's given names or other surnames (Spanish double surnames split another way) is that author.
    """
    words_a = words_a if len(words_a) == len(a) else [frozenset()] * len(a)
    words_b = words_b if len(words_b) == len(b) else [frozenset()] * len(b)
    if len(a) < 2 or len(b) < 2:
        return False
    if len(a) != len(b):
        (short, _), (long_, long_words) = sorted(((a, words_a), (b, words_b)), key=lambda t: len(t[0]))
        k = len(short)
        return not all(_matched(short, long_[:k], long_words[:k]))
    miss_a = _matched(a, b, words_b).count(False)
    miss_b = _matched(b, a, words_a).count(False)
    return miss_a >= 2 and miss_b >= 2
