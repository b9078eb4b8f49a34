"""Recurring serial items: columns, editorials, reviews, notices and conference front matter (no I/O).

A journal prints an item called "Editorial", "Editor's comments" or "Book reviews" in many issues, often
by the same editor, in the same volume and year: title, authors, year and volume then agree although the
records are different works. Such an item is recognised two ways, neither naming a journal, a title of
any particular data set or a set:

* by its **title**: a short multilingual list of generic column and front-matter titles
  (:data:`COLUMN_TITLES`, matched against the whole title or its head before a ``:``/`` - ``/``. ``
  separator) and patterns such as "Introduction to the special issue/minitrack on ..."
  (:data:`_COLUMN_PATTERNS`);
* from the **data**: a title that the input itself holds at two or more different places in a serial
  (another volume, another issue of one volume, or years at least two apart) is a recurring title
  (:func:`recurring_titles`).

The matching rules (:mod:`._match`) then call two such records the same work only when their issue,
pages or distinguishing text (the abstract's first words) agree, and different works when those conflict.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

import numpy as np
import pandas as pd

from ._keys import clean_title, fold, journal_compatible

#: Generic titles of recurring items, folded (lower case, accents and punctuation removed; an apostrophe
#: becomes a space: "Editor's comments" -> "editor s comments"). English, Finnish, Swedish, Norwegian,
#: Danish, German, Dutch, French, Spanish, Portuguese and Italian.
COLUMN_TITLES = frozenset("""
editorial|editorials|guest editorial|invited editorial|editorial comment|editorial comments|editorial note|
editor s comments|editor s comment|editors comments|editors comment|editor s note|editor s notes|editors note|
editor s introduction|editors introduction|editor s preface|editor s letter|editor s corner|editor s column|
editor s choice|editor s message|editor s page|editor s remarks|from the editor|from the editors|
from the editor in chief|from the guest editors|note from the editor|notes from the editor|letter from the editor|
message from the editor|a message from the editor|a note from the editor|a word from the editor|
introduction|introductions|preface|foreword|forward|prologue|epilogue|afterword|postscript|overview|
book review|book reviews|book notes|books received|reviews|review essay|film review|media review|
correction|corrections|erratum|errata|corrigendum|corrigenda|addendum|retraction|notice of retraction|
letter|letters|letter to the editor|letters to the editor|correspondence|comment|comments|commentary|response|
reply|author s reply|authors reply|in reply|
in this issue|this issue|inside this issue|in the issue|issue highlights|highlights|in brief|
contents|table of contents|front matter|frontmatter|back matter|backmatter|title page|cover|masthead|index|
author index|subject index|information for authors|instructions for authors|
news|announcements|announcement|calendar|events|upcoming events|call for papers|obituary|in memoriam|
acknowledgements|acknowledgments|acknowledgement|acknowledgment|reviewers|thank you to our reviewers|
list of reviewers|acknowledgement of reviewers|acknowledgment of reviewers|
abstracts|proceedings|conference program|conference programme|program committee|programme committee|
organizing committee|organising committee|keynote|keynote address|keynote speech|welcome|welcome message|
message from the chairs|message from the general chair|message from the program chairs|president s message|
presidential address|president s column|
paakirjoitus|paakirjoitukset|esipuhe|johdanto|saatteeksi|alkusanat|kirja arvio|kirja arviot|kirjaesittely|
kirjaesittelyt|arvostelu|arvostelut|oikaisu|korjaus|lukijalta|lukijoilta|tassa numerossa|toimittajalta|
paatoimittajalta|paatoimittajan palsta|kolumni|
ledare|ledaren|forord|inledning|recension|recensioner|bokrecension|bokrecensioner|rattelse|i detta nummer|
i detta hafte|redaktorens kommentar|fran redaktionen|fran redaktoren|lasarbrev|insandare|
leder|innledning|anmeldelse|anmeldelser|bokanmeldelse|bokanmeldelser|rettelse|i dette nummer|
vorwort|geleitwort|einleitung|einfuhrung|buchbesprechung|buchbesprechungen|rezension|rezensionen|berichtigung|
leserbrief|leserbriefe|in dieser ausgabe|in diesem heft|zu diesem heft|nachruf|
voorwoord|inleiding|redactioneel|boekbespreking|boekbesprekingen|
editorial|avant propos|compte rendu|comptes rendus|courrier des lecteurs|dans ce numero|lettre a l editeur|
lettre a la redaction|
prologo|prefacio|introduccion|resena|resenas|fe de erratas|carta al editor|cartas al editor|en este numero|
presentacion|editorial|apresentacao|introducao|prefazione|introduzione|recensione|recensioni
""".replace("\n", "").split("|")) - {""}

# "Introduction to the special issue on ...", "Minitrack introduction", "Message from the program chairs", ...
_COLUMN_PATTERNS = re.compile(
    r"^(?:"
    r"(?:guest |invited )?editorials?\b"
    r"|(?:guest )?editors? (?:s )?(?:comments?|notes?|introduction|preface|remarks|letter|message|corner|column|"
    r"choice|summary|overview|page|perspective|foreword)\b"
    r"|(?:a )?(?:note|notes|letter|message|word|words|report|comments?|greetings?) from the (?:editors?|editor in chief"
    r"|editorial board|guest editors?|chairs?|general chairs?|program chairs?|programme chairs?|president|organi[sz]ers?)"
    r"|from the (?:editors?|editor in chief|editorial board|guest editors?|president|chairs?|desk)\b"
    r"|introduction to (?:the |this )?(?:(?:special|theme|themed|thematic|focus|focused|invited|virtual|current) )?"
    r"(?:issue|section|collection|supplement|volume|forum|symposium|mini ?track|track|workshop|panel|session)\b"
    r"|(?:mini ?track|track|workshop|symposium|panel|session|special issue|special section) "
    r"(?:introduction|overview|chairs?|editorial)\b"
    r"|(?:book|film|media|software|video|game) reviews?\b|reviews? of books\b|books? received\b"
    r"|letters? to the editors?\b|(?:in|inside) (?:this|the) (?:issue|number|volume)\b"
    r"|(?:front|back) ?matter\b|(?:author|subject|cumulative) index\b"
    r"|(?:conference|workshop|symposium|congress|meeting|track) (?:committees?|organi[sz]ation|organi[sz]ers|"
    r"program|programme|information|chairs?|sponsors?|welcome|report)\b"
    r"|(?:acknowledge?ments?|thank you|thanks) (?:to|of) (?:our |the )?(?:reviewers|referees)\b"
    r"|(?:president s|presidential) (?:message|address|column|report)\b"
    r"|(?:abstracts|program|programme) (?:of|from) the\b|proceedings of\b"
    r")")
#: First words of every column title and pattern (a fast filter before :func:`is_column_title`).
_FIRST_WORDS = frozenset(t.split()[0] for t in COLUMN_TITLES) | frozenset(
    "guest invited editorial editorials editor editors a note notes letter letters message word words report comment "
    "comments greetings greeting from introduction mini minitrack track workshop symposium panel session special book "
    "film media software video game review reviews books in inside front back author subject cumulative conference "
    "congress meeting acknowledgement acknowledgements acknowledgment acknowledgments thank thanks president "
    "presidential abstracts program programme proceedings".split())
_TRAILING_NUMBER = re.compile(r"(?:\s+(?:\d+|[ivx]+))+$")
_HEAD_SPLIT = re.compile(r"\s*(?::|\s-+\s|\.\s|\?\s)\s*")


def is_column_title(raw_title) -> bool:
    """True when a title (as exported) is the generic title of a recurring item.

    The whole title or its head (before ``:``, `` - ``, ``. ``) is a column title of
    :data:`COLUMN_TITLES` (a trailing issue number such as "Editorial 2" aside), or the title starts
    like one of the column patterns ("Introduction to the special issue on ...").
    """
    title = clean_title(raw_title).strip().strip('"').strip()
    if not title:
        return False
    folded = fold(title)
    head = fold(_HEAD_SPLIT.split(title, maxsplit=1)[0])
    for t in (folded, head):
        if t in COLUMN_TITLES or _TRAILING_NUMBER.sub("", t) in COLUMN_TITLES:
            return True
    return bool(_COLUMN_PATTERNS.match(folded))


_LEADING_NUMBER = re.compile(r"\d+")


def volume_numbers(volumes) -> list[str]:
    """The volume's number (its first run of digits: ``24 suppl 3`` -> ``24``), else the folded volume.

    Databases add the supplement or part to the volume (``35 (Pt 1)``, ``24 Suppl 3``); the number is
    what tells two volumes of a serial apart.
    """
    return [_volume_number(v) if v else "" for v in volumes]


@lru_cache(maxsize=100_000)
def _volume_number(v: str) -> str:
    m = _LEADING_NUMBER.search(v)
    return (m.group(0).lstrip("0") or "0") if m else v


def recurring_titles(keys: pd.DataFrame) -> np.ndarray:
    """True for records whose title the input holds at two or more different places of one serial.

    Two records with the same title key (``tkey``) and journal names that can name the same journal
    (:func:`._keys.journal_compatible`, both given) are at different places when their volume numbers
    differ (both given, :func:`volume_numbers`; not at the same first page in the same year, where one
    volume is garbled) or their issues differ within one given volume (both
    given, first pages not equal). One title at several places of one journal is a recurring column, not one
    article exported several times: an article keeps its volume and issue in every database. The
    same title in two journals is left to the journal rules (a conference abstract and the article);
    years alone are not used (an updated review keeps its title). Depends only on the content.
    """
    n = len(keys)
    out = np.zeros(n, dtype=bool)
    if n == 0:
        return out
    frame = pd.DataFrame({"t": keys["tkey"].to_numpy(), "v": volume_numbers(keys["volume"].tolist()),
                          "i": volume_numbers(keys["issue"].tolist()), "f": keys["fp"].to_numpy(),
                          "j": keys["journal"].to_numpy(), "y": keys["year"].to_numpy()})
    frame = frame[(frame["t"] != "") & (frame["j"] != "") & ((frame["v"] != "") | (frame["i"] != ""))]
    # only titles given with two volumes or two issues can be at two places (a vectorised filter)
    nv = frame[frame["v"] != ""].groupby("t")["v"].nunique()
    ni = frame[frame["i"] != ""].groupby("t")["i"].nunique()
    maybe = set(nv.index[nv > 1]) | set(ni.index[ni > 1])
    frame = frame[frame["t"].isin(maybe).to_numpy()]
    by_title: dict = {}
    for row in zip(frame["t"].tolist(), frame["v"].tolist(), frame["i"].tolist(), frame["f"].tolist(),
                   frame["j"].tolist(), frame["y"].tolist(), strict=True):
        by_title.setdefault(row[0], []).append(_Place(*row[1:]))
    recurring = {t for t, rows in by_title.items()
                 if any(_other_place(a, b) and journal_compatible(a.j, b.j)
                        for x, a in enumerate(rows) for b in rows[x + 1:])}
    if recurring:
        out = keys["tkey"].isin(recurring).to_numpy()
    return out


class _Place(NamedTuple):
    v: str
    i: str
    f: str
    j: str
    y: int


def _other_place(a, b) -> bool:
    if a.v and b.v and a.v != b.v:
        return not (a.f and a.f == b.f and a.y == b.y)  # same page and year: a garbled volume, not a column
    return bool(a.i and b.i and a.i != b.i and a.v and a.v == b.v and not (a.f and a.f == b.f))


def issues_reliable(keys: pd.DataFrame, max_conflicts: float = 0.2) -> bool:
    """Whether the input's issue field tells issues apart, judged from the input's own copies.

    Records with the same title key, volume and first page are one item; when more than
    ``max_conflicts`` of such copies that all give an issue disagree on it, the field holds
    something else (EndNote exports put the database's record number in ``number``) and is not used
    to tell recurring items apart. With no such copies the field is trusted.
    """
    frame = pd.DataFrame({"t": keys["tkey"].to_numpy(), "v": keys["volume"].to_numpy(),
                          "f": keys["fp"].to_numpy(), "i": keys["issue"].to_numpy()})
    frame = frame[(frame["t"] != "") & (frame["v"] != "") & (frame["f"] != "") & (frame["i"] != "")]
    if frame.empty:
        return True
    per = frame.groupby(["t", "v", "f"])["i"].agg(["size", "nunique"])
    per = per[per["size"] > 1]
    return per.empty or float((per["nunique"] > 1).mean()) <= max_conflicts


def serial_flags(keys: pd.DataFrame, raw_titles) -> np.ndarray:
    """True for recurring items: a column title (:func:`is_column_title`) or a recurring title."""
    # only titles starting with a word a column title or pattern can start with are looked at closely
    column = np.fromiter((bool(f) and f.split(None, 1)[0] in _FIRST_WORDS and is_column_title(t)
                          for f, t in zip(keys["title"].tolist(), raw_titles, strict=True)), bool, len(keys))
    return column | recurring_titles(keys)


def text_head(abstract, words: int = 40) -> str:
    """The abstract's first ``words`` folded words: the distinguishing text of a recurring item."""
    return " ".join(fold(abstract).split()[:words]) if isinstance(abstract, str) else ""
