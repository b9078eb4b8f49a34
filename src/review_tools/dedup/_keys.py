"""Normalised comparison keys of bibliographic records (pure functions, no I/O)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from urllib.parse import unquote

import numpy as np
import pandas as pd

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_HTML = re.compile(r"<[^>]{1,40}>")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10}
_PARTICLES = frozenset("von van der den de la le du di da del dos das ten ter jr".split())
_BRACKETED_NOTE = re.compile(r"\[(review|\d+ refs?|[^\]]{0,12}refs?|english abstract|abstract)\]", re.IGNORECASE)
_STOP = frozenset("a an and the of in on for to with by from at as or is are vs versus".split())

#: Words marking a record that is NOT the article itself (erratum, comment, reply, ...).
NOTICE_WORDS = (
    "erratum", "errata", "corrigendum", "correction to", "correction of", "retraction", "retracted",
    "expression of concern", "comment on", "commentary on", "reply to", "response to", "letter to the editor",
    "in reply", "author reply", "authors reply", "re:",
)
_NOTICE_FOLDED = tuple(f" {' '.join(_NON_ALNUM.sub(' ', w).split())} " for w in NOTICE_WORDS)

#: Words marking a conference abstract / meeting record.
ABSTRACT_WORDS = ("abstract", "meeting", "congress", "conference", "symposium", "proceedings", "poster",
                  "annual", "supplement", "suppl")


def fold(text) -> str:
    """Lower-case ASCII folding: strip accents and markup, keep letters and digits."""
    if not isinstance(text, str) or not text:
        return ""
    return _fold(text)


@lru_cache(maxsize=500_000)
def _fold(text: str) -> str:
    text = _HTML.sub(" ", text) if "<" in text else text
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


@lru_cache(maxsize=200_000)
def _surnames(authors: str) -> tuple:
    parts = re.split(r"\s*;\s*|\s+and\s+", authors)
    if len(parts) == 1 and authors.count(",") > 1 and " and " not in authors:
        # "Last F., Last G." (Scopus/Embase) or "Last, F, Last, G" lists
        chunks = [c.strip() for c in authors.split(",")]
        if all(len(c.split()) >= 2 for c in chunks if c):
            parts = chunks
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
            # "Zuber J" / "Kalé L." -> first token is the surname when the rest are initials
            if len(toks) > 1 and all(len(t.strip(".")) <= 2 for t in toks[1:]):
                last = toks[0]
            else:
                last = toks[-1] if len(toks) > 1 else toks[0]
        words = [w for w in fold(last).split() if w not in _PARTICLES] or fold(last).split()
        f = "".join(words)
        if f:
            out.append(f)
    return tuple(out)


def clean_title(title) -> str:
    """Drop bracketed database notes (``[Review] [33 refs]``) before folding."""
    if not isinstance(title, str):
        return ""
    return _BRACKETED_NOTE.sub(" ", title)


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
    tok = re.split(r"\s*[-\u2013\u2014]+\s*|\s+", pages.strip())[0].lower().lstrip("p.").strip()
    tok = tok.lstrip("0") or tok
    return tok


def page_range(pages) -> tuple[str, str]:
    """(first, last) page with an abbreviated last page expanded: ``221-8`` -> ``(221, 228)``."""
    if not isinstance(pages, str) or not pages.strip():
        return "", ""
    parts = [p for p in re.split(r"\s*[-\u2013\u2014]+\s*", pages.strip()) if p]
    if not parts:
        return "", ""
    a = parts[0].lstrip("0") or parts[0]
    b = parts[1].lstrip("0") if len(parts) > 1 else ""
    if not any(c.isdigit() for c in a):
        return "", ""
    if a.isdigit() and b.isdigit() and len(b) < len(a):
        b = a[: len(a) - len(b)] + b
    return a.lower(), b.lower()


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


def notice_kind(title: str) -> str:
    """``"notice"`` for errata, comments, replies, retractions; else ``""``."""
    t = f" {title} "
    return "notice" if any(w in t for w in _NOTICE_FOLDED) else ""


def is_meeting(journal: str, ptype: str) -> bool:
    """True when the venue or type says conference abstract / proceedings."""
    j = f" {journal} {ptype} "
    return any(f" {w}" in j for w in ABSTRACT_WORDS) or ptype.strip() in ("conf", "cpaper", "inproceedings", "abst")


def prepare(records: pd.DataFrame) -> pd.DataFrame:
    """Return a new frame of comparison keys, one row per record (same index order).

    Columns: ``title`` (folded), ``tkey`` (title without spaces), ``authors`` (list of surnames),
    ``a1`` (first surname), ``year`` (int, -1 when missing), ``journal`` (folded), ``jkey``
    (initials of the journal's words), ``volume``, ``issue``, ``fp``/``lp`` (first/last page),
    ``doi``, ``pmid``, ``numbers``, ``notice``, ``meeting``.
    """
    n = len(records)
    get = (lambda c: records[c].tolist() if c in records.columns else [""] * n)  # noqa: E731
    titles = [fold(clean_title(t)) for t in get("title")]
    journals = [fold(j) for j in get("journal")]
    ptypes = [fold(p) for p in get("publication_type")]
    authors = [surname_list(a) for a in get("authors")]
    pages = [page_range(p if isinstance(p, str) else "" if p is None or p != p else str(p)) for p in get("pages")]
    years = []
    for y in get("year"):
        try:
            years.append(int(float(y)) if y is not None and y == y and str(y).strip() != "" else -1)
        except (TypeError, ValueError):
            years.append(-1)
    doi = [(d or "").strip().lower() if isinstance(d, str) else "" for d in get("doi")]
    doi = [re.sub(r"^(https?://)?(dx\.)?doi\.org/|^doi:\s*", "", unquote(d) if "%" in d else d) for d in doi]
    pmid = [re.sub(r"\D", "", str(p)) if isinstance(p, str | int) else "" for p in get("pmid")]
    vol = [fold(str(v)) if v is not None and v == v else "" for v in get("volume")]
    iss = [fold(str(v)) if v is not None and v == v else "" for v in get("issue")]
    return pd.DataFrame({
        "title": titles,
        "tkey": [t.replace(" ", "") for t in titles],
        "authors": authors,
        "a1": [a[0] if a else "" for a in authors],
        "year": np.array(years, dtype=np.int64),
        "journal": journals,
        "jkey": ["".join(w[0] for w in j.split() if w not in _STOP) for j in journals],
        "volume": vol,
        "issue": iss,
        "fp": [p[0] for p in pages],
        "lp": [p[1] for p in pages],
        "doi": doi,
        "pmid": pmid,
        "numbers": [numbers_in(t) for t in titles],
        "parts": [parts_in(t) for t in titles],
        "notice": [notice_kind(t) for t in titles],
        "meeting": [is_meeting(j, p) for j, p in zip(journals, ptypes, strict=False)],
    })
