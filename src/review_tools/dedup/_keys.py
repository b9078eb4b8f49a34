"""Normalised comparison keys of bibliographic records (pure functions, no I/O)."""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache
from urllib.parse import unquote

import numpy as np
import pandas as pd

from ..ingest import strip_markup

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
#: Every Unicode dash and hyphen (general category Pd, plus the minus sign and the hyphen bullet):
#: exports write page ranges, DOIs, compound names and title separators with any of them
#: (``47-65``, ``47\u201365``, ``47\u201065``), and a key must not depend on which one a database chose.
DASHES = ("\u002d\u058a\u05be\u1400\u1806\u2010\u2011\u2012\u2013\u2014\u2015\u2043\u2212\u2e17\u2e1a"
          "\u2e3a\u2e3b\u2e40\u2e5d\u301c\u3030\u30a0\ufe31\ufe32\ufe58\ufe63\uff0d\U00010ead")
# the soft hyphen (U+00AD) is an invisible line-break hint: dropped, so "hyper\u00adtension" is one word
_DASH_TABLE = {**{ord(c): "-" for c in DASHES}, 0x00AD: None}
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10}
_PARTICLES = frozenset("von van der den de la le du di da del dos das ten ter jr".split())
_LANGUAGES = ("english|german|french|spanish|italian|portuguese|dutch|swedish|finnish|norwegian|danish|icelandic|"
              "polish|czech|slovak|slovenian|slovene|hungarian|romanian|bulgarian|croatian|serbian|russian|ukrainian|"
              "greek|turkish|hebrew|arabic|persian|japanese|chinese|korean|estonian|latvian|lithuanian")
# database notes in brackets: "[Review]", "[33 refs]", "[English Abstract]", and the language of the
# full text as MEDLINE/Embase exports append it: "[Japanese]", "[Article in German]", "[in Finnish]"
_BRACKETED_NOTE = re.compile(
    r"\[(review|\d+ refs?|[^\]]{0,12}refs?|english abstract|abstract|"
    rf"(?:(?:article|text)\s+)?(?:in\s+)?(?:{_LANGUAGES})(?:\s*(?:,|and)\s*(?:{_LANGUAGES}))*)\]",
    re.IGNORECASE)
# initials written together: "R.E.", "M.A.M.", "MAM", "J.-P." (upper case, at most four letters)
_INITIALS = re.compile(r"(?:[A-Z]\.?-?){1,4}")
_GLUED_AUTHORS = re.compile(r"(?<=\b[A-Z]\.)(?=[A-Z][a-z])")
_STOP = frozenset("a an and the of in on for to with by from at as or is are vs versus".split())
# MEDLINE/Ovid notes appended to an article's own title: "[Erratum appears in ...]", "[Comment in: ...]".
# They say the record IS the article (a notice would read "Erratum for", "Comment on").
_ARTICLE_NOTE = re.compile(
    r"\[\s*(?:erratum|errata|comments?|retraction|update|expression of concern|corrected and republished)"
    r"\s+(?:appears?\s+)?in\b[^\]]*(?:\]|$)", re.IGNORECASE)
# a correction printed under the corrected article's title plus its citation:
# Web of Science "Title (vol 85, pg 553, 2010)", Embase "Title (Journal (2009) 360 (542-544))"
_CORRECTION_CITATION = (
    re.compile(r"\(\s*vol\.?\s*\w+\s*,\s*(?:pg|pp?|page)\.?\s*\w+", re.IGNORECASE),
    re.compile(r"\([^()]{3,}\(\s*(?:19|20)\d\d\s*\)\s*\w*\s*\(?[^()]*\(\s*\w*\d+[^()]*\)\s*\)\s*\.?\s*$"),
)
_REPLY_END = re.compile(r"(?:[-:.]\s*|\b)(?:authors?'?s?\s+)?reply\s*\.?$", re.IGNORECASE)
_LETTERS = re.compile(r"\((?:multiple )?letters?\)", re.IGNORECASE)
# a supplement prefix on a page: "viii108" (supplement 8), "S33"
_SUPPL_PAGE = re.compile(r"^(?:s|suppl?\.?|[ivx]{1,5})(?=\d)", re.IGNORECASE)
_SECTION_PAGE = re.compile(r"^([a-z])\d+$")
_TITLE_SPLIT = re.compile(r"\s*(?::|\s-+\s|\.\s|\?\s)\s*")

#: Words marking a record that is NOT the article itself (erratum, comment, reply, ...).
NOTICE_WORDS = (
    "erratum", "errata", "corrigendum", "correction to", "correction of", "retraction", "retracted",
    "expression of concern", "comment on", "commentary on", "reply to", "response to", "letter to the editor",
    "in reply", "author reply", "authors reply", "re:", "reprint of", "republication of", "republished from",
)
_NOTICE_FOLDED = tuple(f" {' '.join(_NON_ALNUM.sub(' ', w).split())} " for w in NOTICE_WORDS)

#: Words marking a conference abstract / meeting record.
ABSTRACT_WORDS = ("abstract", "meeting", "congress", "conference", "symposium", "proceedings", "poster",
                  "annual", "supplement", "suppl")


def normalise_dashes(text: str) -> str:
    """Write every Unicode dash/hyphen as ``-`` and drop soft hyphens (see :data:`DASHES`)."""
    return text.translate(_DASH_TABLE) if not text.isascii() else text


def fold(text) -> str:
    """Lower-case ASCII folding: strip accents and markup, keep letters and digits."""
    if not isinstance(text, str) or not text:
        return ""
    return _fold(text)


@lru_cache(maxsize=500_000)
def _fold(text: str) -> str:
    text = normalise_dashes(strip_markup(text))
    if "&" in text and ";" in text:
        text = html.unescape(text)  # "&ldquo;junior&rdquo;", "Nigeria&prime;s" as other exports print them
    text = text.replace("&", " and ")
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text.replace("ß", "ss"))
        text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(_NON_ALNUM.sub(" ", text.lower()).split())


def surname_list(authors) -> list[str]:
    """Folded surnames from a ``"; "``- or ``" and "``-joined author string."""
    if not isinstance(authors, str) or not authors.strip():
        return []
    return list(_surnames(authors))


def author_word_sets(authors) -> tuple:
    """Per author of the list, the set of its folded words of two or more letters (surname and given names)."""
    if not isinstance(authors, str) or not authors.strip():
        return ()
    return tuple(frozenset(w for w in fold(p).split() if len(w) >= 2) for p in _author_parts(authors))


@lru_cache(maxsize=200_000)
def _author_parts(authors: str) -> list:
    if "&" in authors and ";" in authors:
        authors = html.unescape(authors)  # "Gal&aacute;rraga O": the entity's ";" is not a separator
    parts = re.split(r"\s*;\s*|\s+and\s+", authors)
    if len(parts) == 1 and "," not in authors and _GLUED_AUTHORS.search(authors):
        # "Adeli K.Lewis G. F." (names glued together after the initials' final dot)
        parts = _GLUED_AUTHORS.split(authors)
    if len(parts) == 1 and authors.count(",") > 1 and " and " not in authors:
        # "Last F., Last G." (Scopus/Embase) or "Last, F, Last, G" lists
        chunks = [c.strip() for c in authors.split(",")]
        if all(len(c.split()) >= 2 for c in chunks if c):
            parts = chunks
    return parts


@lru_cache(maxsize=200_000)
def _surnames(authors: str) -> tuple:
    parts = _author_parts(authors)
    out = []
    for p in parts:
        p = p.strip()
        if not p:
            continue
        if "," in p:
            last = p.split(",", 1)[0]
            if fold(last) in _PARTICLES and p.split(",", 1)[1].strip():
                # "van, Hamont D" / "Le, Quintrec M.": the particle was split off the surname
                last = p.split(",", 1)[1].split()[0]
        else:
            toks = p.split()
            # "Zuber J" / "Kalé L." / "Grattan R.E." / "Krabbenborg MAM" -> first token is the surname
            # when the rest are initials
            if len(toks) > 1 and all(len(t.strip(".")) <= 2 or _INITIALS.fullmatch(t) for t in toks[1:]):
                last = toks[0]
            elif len(toks) > 2 and (p.endswith(".") and len(toks[-1].strip(".")) <= 2 or _INITIALS.fullmatch(toks[-1])):
                # "El Hachmane M." / "Hernandez Pedro N. H." / "van der Veld WM": the words before the initials
                k = len(toks)
                while k > 1 and (len(toks[k - 1].strip(".")) <= 2 and toks[k - 1].endswith(".")
                                 or _INITIALS.fullmatch(toks[k - 1])):
                    k -= 1
                last = " ".join(toks[:k])
            else:
                last = toks[-1] if len(toks) > 1 else toks[0]
        words = [w for w in fold(last).split() if w not in _PARTICLES] or fold(last).split()
        f = "".join(words)
        if f:
            out.append(f)
    return tuple(out)


def clean_title(title) -> str:
    """Drop bracketed database notes before folding.

    ``[Review] [33 refs]`` and MEDLINE's notes on the article's own title such as
    ``[Erratum appears in N Engl J Med. 2009;360:2487]`` or ``[Comment in: ...]`` are removed:
    they describe the article, they are not part of its title.
    """
    if not isinstance(title, str):
        return ""
    title = normalise_dashes(title)
    if "[" in title:
        title = _ARTICLE_NOTE.sub(" ", title)
    return _BRACKETED_NOTE.sub(" ", title)


def has_erratum_note(title) -> bool:
    """True when an exported title says an erratum to this article exists (``[Erratum appears in ...]``)."""
    if not isinstance(title, str) or "[" not in title:
        return False
    return any(m.group(0).lstrip("[ ").lower().startswith("errat") for m in _ARTICLE_NOTE.finditer(title))


def title_parts(title) -> tuple[str, str]:
    """Folded (main title, title after a leading topic phrase); ``""`` where there is none.

    The main title is the part before a subtitle separator (``:``, `` - ``, ``. ``, ``? ``) or, for a
    translated title in square brackets followed by the original (``[English title] Original``),
    the bracketed part. The second element is the part after the first colon when the colon
    follows a short topic phrase (at most 6 words): ``Thrombotic microangiopathy: can ... cure
    aHUS?`` -> ``can ... cure ahus``. Parts shorter than 3 content words are not returned, so
    ``Introduction: ...`` gives nothing.
    """
    title = clean_title(title).strip().strip('"').strip()
    if not title:
        return "", ""
    main = ""
    if title.startswith("[") and "]" in title[1:]:
        inner, rest = title[1:].split("]", 1)
        if fold(rest):
            main = fold(inner)
    if not main:
        pieces = _TITLE_SPLIT.split(title, maxsplit=1)
        if len(pieces) == 2 and fold(pieces[1]):
            main = fold(pieces[0])
    after = ""
    if ":" in title:
        head, tail = title.split(":", 1)
        if 0 < len(fold(head).split()) <= 6:
            after = fold(tail)
    return (main if _content_words(main) >= 3 else "", after if _content_words(after) >= 3 else "")


def _content_words(folded: str) -> int:
    return sum(1 for w in folded.split() if w not in _STOP)


def journal_compatible(a: str, b: str) -> bool:
    """True when two folded journal names can name the same journal.

    Full names, ISO abbreviations and truncations are compatible: every word of the shorter name
    (stop words aside) must be an in-order abbreviation (same first letter, letters a subsequence)
    of a word of the longer one, e.g. ``nat rev nephrol`` / ``nature reviews nephrology``.
    """
    if not a or not b or a == b:
        return True
    wa = [w for w in a.split() if w not in _STOP]
    wb = [w for w in b.split() if w not in _STOP]
    if "".join(wa) == "".join(wb):
        return True
    short, long_ = (wa, wb) if len("".join(wa)) <= len("".join(wb)) else (wb, wa)
    if not short:
        return True
    k = 0
    for w in short:
        while k < len(long_) and not _abbrev(w, long_[k]):
            k += 1
        if k == len(long_):
            return False
        k += 1
    return True


def _abbrev(short: str, word: str) -> bool:
    if short == word:
        return True
    if short[0] != word[0] or len(short) > len(word):
        return False
    it = iter(word)
    return all(c in it for c in short)


def first_page(pages) -> str:
    """First page number (digits, or the whole token for e-locators like ``e123``)."""
    if not isinstance(pages, str) or not pages.strip():
        return ""
    tok = re.split(r"\s*-+\s*|\s+", normalise_dashes(pages.strip()))[0].lower().lstrip("p.").strip()
    tok = tok.lstrip("0") or tok
    return tok


def page_range(pages) -> tuple[str, str]:
    """(first, last) page with an abbreviated last page expanded: ``221-8`` -> ``(221, 228)``.

    A supplement prefix is dropped (``viii108`` -> ``108``, ``S33-38`` -> ``(33, 38)``), and so is a section
    letter carried by both ends of a range (``c37-c42`` -> ``(37, 42)``, as another database prints it). For several
    ranges (``233-238+230-235``, ``233-8, 230-5``) the range with the lowest first page is returned;
    :func:`page_ranges` gives them all.
    """
    ranges = page_ranges(pages)
    return ranges[0] if ranges else ("", "")


def page_ranges(pages) -> tuple:
    """Every ``(first, last)`` range of a pages field, sorted, with abbreviated last pages expanded.

    Ranges are separated by ``+``, ``,`` or ``;``: ``"233-8, 230-5, 246-51"`` ->
    ``(("230", "235"), ("233", "238"), ("246", "251"))``. Ranges without a digit are dropped.
    """
    if not isinstance(pages, str) or not pages.strip():
        return ()
    return _page_ranges(normalise_dashes(pages.strip().strip('"').strip()))


@lru_cache(maxsize=200_000)
def _page_ranges(pages: str) -> tuple:
    out = []
    for chunk in re.split(r"\s*[+,;]\s*", pages):
        parts = [p for p in re.split(r"\s*-+\s*", chunk.strip()) if p]
        if not parts:
            continue
        a = _SUPPL_PAGE.sub("", parts[0].strip().lower())
        b = _SUPPL_PAGE.sub("", parts[1].strip().lower()) if len(parts) > 1 else ""
        m = _SECTION_PAGE.match(a)
        if m and b[:1] == m.group(1) and b[1:].isdigit():
            a, b = a[1:], b[1:]  # section pagination "c37-c42" is pages 37-42 of section c
        a = a.lstrip("0") or a
        b = b.lstrip("0") or b
        if not any(c.isdigit() for c in a):
            continue
        if a.isdigit() and b.isdigit() and len(b) < len(a):
            b = a[: len(a) - len(b)] + b
        out.append((a, b))
    if len(out) > 1:
        out = sorted(set(out), key=lambda r: (int(r[0]) if r[0].isdigit() else 10**9, r))
    return tuple(out)


def numbers_in(title: str) -> frozenset:
    """Numbers in a folded title (digits and roman numerals after 'part'/'phase'/'study')."""
    toks = title.split()
    nums = {t.lstrip("0") or "0" for t in toks if t.isdigit() and not (len(t) == 4 and t[:2] in ("19", "20"))}
    for i, t in enumerate(toks[:-1]):
        if t in ("part", "phase", "study", "paper", "trial", "series") and toks[i + 1] in _ROMAN:
            nums.add(str(_ROMAN[toks[i + 1]]))
    return frozenset(nums)


_PART_RE = re.compile(r"\b(part|phase|paper|series|study)\s+([0-9]+|[ivx]+)\b")


def parts_in(title: str) -> frozenset:
    """Explicit part markers of a folded title (``part 2``, ``phase iii`` -> ``phase 3``)."""
    out = set()
    for kind, n in _PART_RE.findall(title):
        if n.isdigit():
            out.add(f"{kind} {int(n)}")
        elif n in _ROMAN:
            out.add(f"{kind} {_ROMAN[n]}")
    return frozenset(out)


def notice_kind(title: str, raw: str = "") -> str:
    """``"notice"`` for errata, comments, replies, retractions; else ``""``.

    Parameters
    ----------
    title : str
        The folded title (see :func:`fold`).
    raw : str, optional
        The title as exported; when given, also detects a correction printed under the corrected
        article's title with its citation (Web of Science ``Title (vol 85, pg 553, 2010)``,
        Embase ``Title (Journal (2009) 360 (542-544))``), a reply (``Title - Reply``) and letters
        (``Title (multiple letters)``).
    """
    return "notice" if notice_type(title, raw) else ""


def notice_type(title: str, raw: str = "") -> str:
    """``"erratum"`` (errata, corrections, retractions), ``"reply-comment"`` or ``""``.

    Parameters are as for :func:`notice_kind`.
    """
    t = f" {title} "
    hits = [w for w in _NOTICE_FOLDED if w in t]
    raw = clean_title(raw) if raw else ""
    if any(w.strip().startswith(("errat", "corr", "retract", "expression")) for w in hits) or (
            raw and any(p.search(raw) for p in _CORRECTION_CITATION)):
        return "erratum"
    if hits or (raw and (_REPLY_END.search(raw.strip()) or _LETTERS.search(raw))):
        return "reply-comment"
    return ""


def is_meeting(journal: str, ptype: str) -> bool:
    """True when the venue or type says conference abstract / proceedings."""
    j = f" {journal} {ptype} "
    return any(f" {w}" in j for w in ABSTRACT_WORDS) or ptype.strip() in ("conf", "cpaper", "inproceedings", "abst")


#: Folded values that mean "missing" (R and spreadsheet exports write NA, NaN, NULL, n/a).
MISSING_VALUES = frozenset({"na", "n a", "nan", "none", "null", "nil", "n d", "not available"})


def _present(folded: str) -> str:
    return "" if folded in MISSING_VALUES else folded


def prepare(records: pd.DataFrame) -> pd.DataFrame:
    """Return a new frame of comparison keys, one row per record (same index order).

    Columns: ``title`` (folded), ``tkey`` (title without spaces), ``tmain``/``tafter`` (see
    :func:`title_parts`), ``authors`` (list of surnames),
    ``a1`` (first surname), ``year`` (int, -1 when missing), ``journal`` (folded), ``jkey``
    (initials of the journal's words), ``volume``, ``issue`` (empty for every record when the input's issue field does not tell issues
    apart, see :func:`._serial.issues_reliable`), ``fp``/``lp`` (first/last page),
    ``ranges`` (all page ranges when there are several, else empty),
    ``doi``, ``pmid``, ``numbers``, ``notice``, ``enote`` (the title notes an erratum to it, see :func:`has_erratum_note`),
    ``meeting``, ``serial`` (a recurring item: column title or a title the input holds at several places, see
    :mod:`._serial`) and ``abs`` (the first words of the abstract of a recurring item, else ``""``).
    """
    n = len(records)
    get = (lambda c: records[c].tolist() if c in records.columns else [""] * n)  # noqa: E731
    raw_titles = [t if isinstance(t, str) else "" for t in get("title")]
    titles = [fold(clean_title(t)) for t in raw_titles]
    tparts = [title_parts(t) for t in raw_titles]
    journals = [fold(j) for j in get("journal")]
    ptypes = [fold(p) for p in get("publication_type")]
    authors = [surname_list(a) for a in get("authors")]
    ranges = [page_ranges(p if isinstance(p, str) else "" if p is None or p != p else str(p)) for p in get("pages")]
    pages = [r[0] if r else ("", "") for r in ranges]
    years = []
    for y in get("year"):
        try:
            years.append(int(float(y)) if y is not None and y == y and str(y).strip() != "" else -1)
        except (TypeError, ValueError):
            years.append(-1)
    doi = [normalise_dashes(d.strip().lower()) if isinstance(d, str) else "" for d in get("doi")]
    doi = [re.sub(r"^(https?://)?(dx\.)?doi\.org/|^doi:\s*", "", unquote(d) if "%" in d else d) for d in doi]
    doi = [re.sub(r"^(10\.\d+)//+", r"\1/", d) for d in doi]  # "10.1037//0022-006x..." is the legacy form of one DOI
    pmid = [re.sub(r"\D", "", str(p)) if isinstance(p, str | int) else "" for p in get("pmid")]
    vol = [_present(fold(str(v))) if v is not None and v == v else "" for v in get("volume")]
    iss = [_present(fold(str(v))) if v is not None and v == v else "" for v in get("issue")]
    keys = pd.DataFrame({
        "title": titles,
        "tkey": [t.replace(" ", "") for t in titles],
        "tmain": [p[0] for p in tparts],
        "tafter": [p[1] for p in tparts],
        "authors": authors,
        "a1": [a[0] if a else "" for a in authors],
        "author_words": [author_word_sets(a) for a in get("authors")],
        "year": np.array(years, dtype=np.int64),
        "journal": journals,
        "jkey": ["".join(w[0] for w in j.split() if w not in _STOP) for j in journals],
        "volume": vol,
        "issue": iss,
        "fp": [p[0] for p in pages],
        "lp": [p[1] for p in pages],
        "ranges": [r if len(r) > 1 else () for r in ranges],
        "doi": doi,
        "pmid": pmid,
        "numbers": [numbers_in(t) for t in titles],
        "parts": [parts_in(t) for t in titles],
        "notice": [notice_kind(t, r) for t, r in zip(titles, raw_titles, strict=True)],
        "enote": [has_erratum_note(t) for t in raw_titles],
        "meeting": [is_meeting(j, p) for j, p in zip(journals, ptypes, strict=False)],
    })
    from ._serial import issues_reliable, serial_flags, text_head  # noqa: PLC0415 (_serial builds on this module)

    if not issues_reliable(keys):
        keys["issue"] = ""  # the field holds record numbers, not issues (see issues_reliable)
    keys["serial"] = serial_flags(keys, raw_titles)
    abstracts = get("abstract")
    keys["abs"] = [text_head(a) if flag else "" for a, flag in zip(abstracts, keys["serial"], strict=True)]
    return keys
