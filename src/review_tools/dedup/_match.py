"""Blocking (candidate pairs) and pair classification (pure functions on key frames)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from ._authors import author_lists_differ
from ._keys import _STOP, journal_compatible
from ._serial import volume_numbers

CERTAIN, PROBABLE, REVIEW, DISTINCT = "certain", "probable", "review", "distinct"


@dataclass(frozen=True)
class DedupSettings:
    """Thresholds of the duplicate rules (title similarities are rapidfuzz scores 0-100).

    Parameters
    ----------
    title_certain : float
        Title similarity above which a pair with agreeing authors, year, volume and pages is certain.
    title_probable : float
        Title similarity above which a pair without conflicts is a probable duplicate (merged).
    title_review : float
        Title similarity above which a pair that is not merged goes to the review queue.
    max_year_gap : int
        Largest year difference of a merged pair (online-first vs print year).
    block_size : int
        Blocks up to this size are compared exhaustively; larger ones by a sorted window. Each
        record sits in up to five blocks (title start, title end, rare title words, first author +
        year + page, year + volume + page), so a window over each still meets its duplicates, and
        the number of comparisons grows linearly with the records instead of with the square of
        the largest blocks (measured on the shared labelled sets: the same precision, recall and
        true pairs in the review queue as exhaustive blocks of up to 40).
    window : int
        Neighbours compared on each side in a large block after sorting by title.
    """

    title_certain: float = 97.0
    title_probable: float = 90.0
    title_review: float = 80.0
    max_year_gap: int = 1
    block_size: int = 6
    window: int = 3


def _block_keys(k: pd.DataFrame) -> dict:
    blocks: dict = defaultdict(list)
    for i, (tkey, title, doi, pmid, a1, year, fp, vol) in enumerate(zip(
            k["tkey"], k["title"], k["doi"], k["pmid"], k["a1"], k["year"], k["fp"], k["volume"], strict=False)):
        if doi:
            blocks["d" + doi].append(i)
        if pmid:
            blocks["p" + pmid].append(i)
        if len(tkey) >= 10:
            blocks["t" + tkey[:22]].append(i)
            blocks["s" + tkey[-22:]].append(i)
            words = sorted((w for w in title.split() if w not in _STOP), key=lambda w: (-len(w), w))[:3]
            if len(words) == 3:
                blocks["w" + " ".join(sorted(words))].append(i)
        if a1 and fp:
            blocks[f"a{a1}|{year}|{fp}"].append(i)
        if vol and fp and year >= 0:
            blocks[f"v{year}|{vol}|{fp}"].append(i)
    return blocks


@lru_cache(maxsize=256)
def _triu(m: int):
    return np.triu_indices(m, 1)


#: Keys a large block is sorted by before its sliding window (then the content rank, ``crank``): the
#: copies of one item of a recurring column (same title, other issues) sit next to each other.
_WINDOW_ORDER = ("tkey", "year", "volume", "issue", "fp", "lp", "a1", "journal", "doi", "pmid", "title")


def content_order(k: pd.DataFrame) -> np.ndarray:
    """Position of every record when sorted by its keys (:data:`_WINDOW_ORDER`, then ``crank``).

    Depends only on the records' content, never on their row order or ids.
    """
    n = len(k)
    if n == 0:
        return np.empty(0, dtype=np.int64)
    cols = [k[c].to_numpy() if c == "year" else pd.factorize(k[c].astype(str), sort=True)[0]
            for c in _WINDOW_ORDER if c in k]
    if "crank" in k:
        cols.append(k["crank"].to_numpy())
    order = np.lexsort(cols[::-1])
    pos = np.empty(n, dtype=np.int64)
    pos[order] = np.arange(n)
    return pos


def candidate_pairs(k: pd.DataFrame, settings: DedupSettings) -> np.ndarray:
    """Return unique candidate pairs ``(i, j)`` with ``i < j`` as an ``(n, 2)`` int array.

    Small blocks are compared exhaustively; a large block is sorted by :func:`content_order` and
    each record is compared with its ``window`` neighbours, so the pairs depend only on content.
    """
    n = len(k)
    chunks = []
    pos = content_order(k)
    for members in _block_keys(k).values():
        m = len(members)
        if m < 2:
            continue
        arr = np.asarray(members, dtype=np.int64)
        if m <= settings.block_size:
            a, b = _triu(m)
            chunks.append(np.stack([arr[a], arr[b]], axis=1))
        else:
            arr = np.asarray(members, dtype=np.int64)
            arr = arr[np.argsort(pos[arr], kind="stable")]
            for off in range(1, settings.window + 1):
                chunks.append(np.stack([arr[:-off], arr[off:]], axis=1))
    if not chunks:
        return np.empty((0, 2), dtype=np.int64)
    pairs = np.concatenate(chunks)
    pairs = np.sort(pairs, axis=1)
    pairs = pairs[pairs[:, 0] != pairs[:, 1]]
    codes = np.unique(pairs[:, 0] * n + pairs[:, 1])
    return np.stack([codes // n, codes % n], axis=1)


def word_swap(a: str, b: str) -> str:
    """Return ``"x / y"`` when each folded title has a content word the other lacks (no typo of it).

    ``Outcomes from Iowa`` vs ``Outcomes from Illinois`` is a swap (two reports); a word present on
    one side only (a truncated or extended title) or a 1-2 letter typo is not.
    """
    wa = {w for w in a.split() if w not in _STOP}
    wb = {w for w in b.split() if w not in _STOP}
    only_a, only_b = wa - wb, wb - wa
    if not only_a or not only_b:
        return ""
    # a lost space ("cell lung" / "celllung") is a typo, not another word
    only_a, only_b = _drop_glued(only_a, only_b, a, b)
    if not only_a or not only_b:
        return ""
    ua = [w for w in only_a if not any(fuzz.ratio(w, v) >= 75 for v in only_b)]
    ub = [w for w in only_b if not any(fuzz.ratio(w, v) >= 75 for v in only_a)]
    if ua and ub and not ("".join(sorted(only_a)) == "".join(sorted(only_b))):
        return f"{sorted(ua)[0]} / {sorted(ub)[0]}"
    return ""


def _glued(title: str) -> dict:
    toks = title.split()
    return {"".join(toks[k:k + n]): toks[k:k + n] for n in (2, 3) for k in range(len(toks) - n + 1)}


def _drop_glued(only_a: set, only_b: set, a: str, b: str) -> tuple[set, set]:
    """Drop words written together on one side and apart on the other (``celllung`` / ``cell lung``)."""
    ga, gb = _glued(a), _glued(b)
    new_a, new_b = set(only_a), set(only_b)
    for w in only_b:
        if w in ga:
            new_b.discard(w)
            new_a.difference_update(ga[w])
    for w in only_a:
        if w in gb:
            new_a.discard(w)
            new_b.difference_update(gb[w])
    return new_a, new_b


def same_page(a: str, b: str) -> bool:
    """True when two first-page tokens are one page written two ways.

    The same digits with a letter or leading zeros added (``e0137960`` / ``137960``), or one token
    extended after a non-digit (``a175`` / ``a175.e1638``).
    """
    if not a or not b:
        return False
    da, db = a.lstrip("abcdefghijklmnopqrstuvwxyz").lstrip("0"), b.lstrip("abcdefghijklmnopqrstuvwxyz").lstrip("0")
    if da and da == db and da.isdigit():
        return True
    short, long_ = sorted((a, b), key=len)
    return long_.startswith(short) and not long_[len(short)].isdigit()


def _one_edit(a: str, b: str) -> bool:
    """True when two page tokens differ by one substituted character (``2141`` / ``2142``)."""
    return len(a) == len(b) and a != b and sum(x != y for x, y in zip(a, b, strict=True)) == 1


def _codes(values) -> np.ndarray:
    """Integer codes of values; empty values (``""``, empty set) get -1."""
    codes, uniques = pd.factorize(pd.Series(values, dtype=object))
    empty = np.array([not bool(u) for u in uniques], dtype=bool)
    if empty.any():
        codes = np.where((codes >= 0) & empty[np.clip(codes, 0, None)], -1, codes)
    return codes


def _eq_codes(codes: np.ndarray, i: np.ndarray, j: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(both present and equal, both present and different) for pairs (i, j)."""
    a, b = codes[i], codes[j]
    both = (a >= 0) & (b >= 0)
    return both & (a == b), both & (a != b)


def _multi_range_pages(k, i, j, fp_eq, fp_conf, lp_eq, lp_conf) -> None:
    """Compare pages of pairs where a record has several ranges (``233-8, 230-5``), in place.

    First pages agree when the two sets of ranges share a first page, last pages when they share
    a whole range; a single range counts as a set of one.
    """
    rng = k["ranges"].to_numpy(dtype=object)
    multi = np.fromiter((len(r) > 1 for r in rng), bool, len(rng))
    fpv, lpv = k["fp"].to_numpy(dtype=object), k["lp"].to_numpy(dtype=object)
    for x in np.flatnonzero(multi[i] | multi[j]):
        a, b = i[x], j[x]
        ra = rng[a] or ((fpv[a], lpv[a]),)
        rb = rng[b] or ((fpv[b], lpv[b]),)
        if not fpv[a] or not fpv[b]:
            continue
        starts = {r[0] for r in ra} & {r[0] for r in rb}
        fp_eq[x], fp_conf[x] = bool(starts), not starts
        whole = {r for r in ra if r[1]} & {r for r in rb if r[1]}
        has_lp = any(r[1] for r in ra) and any(r[1] for r in rb)
        lp_eq[x], lp_conf[x] = bool(whole), has_lp and not whole


def _title_part_match(k: pd.DataFrame, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """True where one folded title equals the other's main title or its part after a topic phrase."""
    allv = pd.concat([k["title"], k["tmain"], k["tafter"]], ignore_index=True)
    codes = _codes(allv.tolist())
    n = len(k)
    ct, cm, ca = codes[:n], codes[n:2 * n], codes[2 * n:]

    def eq(x, y):
        return (x >= 0) & (x == y)

    return eq(ct[i], cm[j]) | eq(cm[i], ct[j]) | eq(ct[i], ca[j]) | eq(ca[i], ct[j])


def _serial_evidence(k, i, j, id_eq, fp_eq, fp_conf, lp_eq, iss_eq, iss_conf, ygap):
    """(pair involves a recurring item, its issue/pages/text agree, they conflict) for pairs (i, j).

    A recurring item (column, editorial, review, front matter; see :mod:`._serial`) is one work in
    two records only when the first page, the issue (in the same volume) or the abstract's first
    words agree, or the DOI/PMID is the same. It is another item of the column when the issue,
    the first page, the volume or the text differ, or the year differs without an agreeing first
    page. A pair at the same page range of one volume is one item whatever its issue field says.
    """
    flag = k["serial"].to_numpy(dtype=bool)
    serial = flag[i] | flag[j]
    text_eq = np.zeros(len(i), bool)
    text_conf = np.zeros(len(i), bool)
    abs_ = k["abs"].to_numpy(dtype=object)
    for x in np.flatnonzero(serial):
        a, b = abs_[i[x]], abs_[j[x]]
        if a and b:
            score = fuzz.ratio(a, b)
            text_eq[x], text_conf[x] = score >= 85, fuzz.token_set_ratio(a, b) < 60
    vnum = _codes(volume_numbers(k["volume"].tolist()))
    # issues by their number too: "21" / "21 suppl 1" are one issue as databases write it
    inum = _codes(volume_numbers(k["issue"].tolist()))
    iss_eq, iss_conf = _eq_codes(inum, i, j)
    vnum_conf = (vnum[i] >= 0) & (vnum[j] >= 0) & (vnum[i] != vnum[j])
    same_range = fp_eq & lp_eq & ~vnum_conf
    ok = id_eq | fp_eq | (iss_eq & ~vnum_conf) | text_eq
    # another volume number at the same first page and year is a garbled volume ("3)" for "30 (Suppl 3)")
    vnum_conf &= ~(fp_eq & (ygap == 0))
    conf = ~id_eq & ~same_range & (iss_conf | fp_conf | vnum_conf | text_conf | ((ygap > 0) & ~fp_eq))
    return serial, ok, serial & conf


def classify_pairs(k: pd.DataFrame, pairs: np.ndarray, settings: DedupSettings) -> pd.DataFrame:
    """Score candidate pairs and give each a tier (certain / probable / review / distinct).

    Not-a-duplicate rules win over any similarity (why: ``docs/deduplication.md``): erratum/comment/
    reprint vs article; other part numbers; conference record vs article; venues that cannot be the
    same; venues in other years (conference versions at the next meeting); meetings of other years;
    other DOIs/PMIDs; titles differing in a word; years too far apart; a recurring item (column,
    front matter) at another issue, page or year. A recurring item is merged only on agreeing issue,
    pages or text and is certain only through a DOI/PMID; a DOI shared by records at other first
    pages (a supplement's DOI) is not an identifier of either.

    Returns a frame with columns ``i, j, score, tier, reason``.
    """
    s = settings
    if len(pairs) == 0:
        return pd.DataFrame({"i": [], "j": [], "score": [], "tier": [], "reason": []})
    i, j = pairs[:, 0], pairs[:, 1]
    col = {c: k[c].to_numpy(dtype=object) for c in ("title", "doi", "pmid", "volume", "fp", "lp", "a1",
                                                     "journal", "jkey", "notice", "numbers", "issue")}
    ti, tj = col["title"][i].tolist(), col["title"][j].tolist()
    ts = np.maximum(process.cpdist(ti, tj, scorer=fuzz.ratio, workers=-1),
                    process.cpdist(ti, tj, scorer=fuzz.token_sort_ratio, workers=-1)).astype(float)
    tcode = _codes(k["title"])
    has_t = (tcode[i] >= 0) & (tcode[j] >= 0)
    ts[~has_t] = 0.0
    auth = k["authors"].to_numpy(dtype=object)
    ai = [" ".join(a) for a in auth[i]]
    aj = [" ".join(a) for a in auth[j]]
    n_auth = np.fromiter((len(a) for a in auth), np.int64, len(auth))
    has_a = (n_auth[i] > 0) & (n_auth[j] > 0)
    a_set = process.cpdist(ai, aj, scorer=fuzz.token_set_ratio, workers=-1).astype(float)
    a_first = process.cpdist(col["a1"][i].tolist(), col["a1"][j].tolist(), scorer=fuzz.ratio, workers=-1)
    auth_ok = ~has_a | (a_set >= 75) | (a_first >= 85)
    auth_strong = has_a & ((a_set >= 90) | (a_first >= 95))
    code = {c: _codes(k[c]) for c in ("doi", "pmid", "fp", "lp", "volume", "issue", "numbers", "journal", "title")}
    pc = pd.factorize(k["parts"])[0]
    doi_eq, doi_conf = _eq_codes(code["doi"], i, j)
    pmid_eq, pmid_conf = _eq_codes(code["pmid"], i, j)
    fp_eq, fp_conf = _eq_codes(code["fp"], i, j)
    vol_eq, vol_conf = _eq_codes(code["volume"], i, j)
    yi, yj = k["year"].to_numpy()[i], k["year"].to_numpy()[j]
    y_both = (yi >= 0) & (yj >= 0)
    ygap = np.where(y_both, np.abs(yi - yj), 0)
    lp_eq, lp_conf = _eq_codes(code["lp"], i, j)
    _multi_range_pages(k, i, j, fp_eq, fp_conf, lp_eq, lp_conf)
    iss_eq, iss_conf = _eq_codes(code["issue"], i, j)
    # a one-character typo in the first page ("2141-2147" / "2142-2147") with the same last page
    fpv, lpv = k["fp"].to_numpy(dtype=object), k["lp"].to_numpy(dtype=object)
    fp_typo = np.zeros(len(i), bool)
    for x in np.flatnonzero(fp_conf & lp_eq & vol_eq & iss_eq & (ygap == 0)):
        fp_typo[x] = _one_edit(fpv[i[x]], fpv[j[x]]) and lpv[i[x]].isdigit() and len(lpv[i[x]]) >= 2
    # the same page written two ways: "e0137960" / "137960", "A175" / "A175.e1638"
    fp_soft = np.zeros(len(i), bool)
    for x in np.flatnonzero(fp_conf):
        fp_soft[x] = same_page(fpv[i[x]], fpv[j[x]])
    # one DOI on records at other first pages is the DOI of a supplement or an issue, not of the item
    doi_eq &= ~(fp_conf & ~fp_soft & ~fp_typo & ~pmid_eq)
    # one title is the other's main title (subtitle dropped) or the other without a leading topic phrase
    pre_rel = _title_part_match(k, i, j)
    same_place = vol_eq & fp_eq & (ygap == 0)
    same_range = same_place & lp_eq
    art = np.fromiter((len(x) >= 5 and any(c.isalpha() for c in x) for x in k["fp"]), bool, len(k))
    article_no = fp_eq & art[i]
    notice_diff = (col["notice"][i] != col["notice"][j]) & ~same_place
    # an article whose title notes an erratum has a correction with the same title elsewhere: a record
    # without that note must agree on the first page (or the DOI/PMID) to be merged with it
    enote = k["enote"].to_numpy(dtype=bool)
    notice_diff |= (enote[i] != enote[j]) & ~fp_eq & ~(doi_eq | pmid_eq)
    num_diff = (_eq_codes(code["numbers"], i, j)[1] | (pc[i] != pc[j])) & ~same_place
    # journal names are compared only where they could decide a merge (a python loop)
    ji, jj = col["journal"][i], col["journal"][j]
    look = ((ts >= s.title_review) | same_place) & (code["journal"][i] != code["journal"][j])
    journal_conf = np.zeros(len(i), bool)
    for x in np.flatnonzero(look):
        journal_conf[x] = not journal_compatible(ji[x], jj[x])
    venue_support = vol_eq | fp_eq | ((code["journal"][i] >= 0) & (code["journal"][j] >= 0) & ~journal_conf & (ygap == 0))
    meet = k["meeting"].to_numpy()
    meet_diff = meet[i] != meet[j]
    id_eq = doi_eq | pmid_eq
    id_conf = doi_conf | pmid_conf
    biblio_conf = fp_conf | vol_conf
    serial, serial_ok, serial_conf = _serial_evidence(k, i, j, id_eq, fp_eq | fp_soft, fp_conf & ~fp_soft, lp_eq,
                                                      iss_eq, iss_conf, ygap)
    both_meet = meet[i] & meet[j]

    # titles that differ by a substituted word (another state, age group, population) are held apart
    swap = np.zeros(len(i), bool)
    for x in np.flatnonzero(has_t & (ts >= s.title_probable) & (ts < 100) & ~same_range & ~id_eq):
        swap[x] = bool(word_swap(ti[x], tj[x]))

    # rules that make a pair NOT a duplicate whatever its similarity
    distinct_reason = np.full(len(i), "", dtype=object)
    for mask, why in ((notice_diff, "erratum/comment vs article"),
                      (num_diff & has_t, "different numbers in titles (part/phase/series)"),
                      (meet_diff & ~id_eq & ~same_place & (fp_conf | journal_conf), "conference abstract vs article"),
                      (journal_conf & ~id_eq & ~same_place & ~both_meet, "different journals"),
                      (journal_conf & ~id_eq & ~same_place & (ygap > 0), "different venues and years"),
                      (both_meet & ~id_eq & ~same_place & (ygap > 0), "meetings in different years"),
                      (id_conf & ~(doi_eq | pmid_eq), "different DOI/PMID"),
                      (swap, "titles differ in a word"),
                      ((ygap > s.max_year_gap) & ~article_no, f"years differ by more than {s.max_year_gap}"),
                      (vol_conf & (ygap > 0) & ~id_eq, "different volume and year"),
                      (serial_conf, "recurring item (column, front matter) at another issue, page or year")):
        distinct_reason = np.where((distinct_reason == "") & mask, why, distinct_reason)
    blocked = distinct_reason != ""
    # a recurring item is merged only on agreeing issue, pages or text; never certain on title,
    # authors and volume alone
    held = serial & ~serial_ok

    certain = ~blocked & ~held & (
        (id_eq & (~has_t | (ts >= s.title_review)) & auth_ok)
        | (has_t & (ts >= s.title_certain) & auth_strong & (ygap == 0) & ~biblio_conf & (fp_eq | vol_eq) & ~serial)
    )
    probable = ~blocked & ~held & ~certain & (
        (has_t & (ts >= s.title_probable) & auth_ok & ~biblio_conf
         & (venue_support | auth_strong & (ts >= 95) | (ts >= s.title_certain) & (ygap == 0)))
        | (has_t & (ts >= s.title_certain) & auth_strong & ~(fp_conf & vol_conf))
        | (has_t & (ts >= s.title_certain) & same_place)
        | (same_range & auth_strong & ~id_conf & (ts >= 55))
        | (same_place & auth_strong & ~id_conf & (ts >= 80))
        | (article_no & has_t & (ts >= s.title_certain) & auth_strong)
        | (pre_rel & same_range & ~id_conf & auth_ok & (auth_strong | iss_eq))
        | (fp_typo & has_t & ((ts >= s.title_probable) | pre_rel) & auth_strong & ~id_conf)
    )
    # author lists that cannot be one record's (an author dropped from the middle or swapped for another)
    # when no first page or DOI/PMID ties the records: two abstracts of one group in a supplement, or one
    # study presented at two meetings, share the title and year (at one first page, the page wins)
    differ = np.zeros(len(i), bool)
    aw = k["author_words"].to_numpy(dtype=object)
    for x in np.flatnonzero((certain | probable) & has_a & ~id_eq & ~fp_eq & ~fp_soft & ~fp_typo):
        differ[x] = author_lists_differ(auth[i[x]], auth[j[x]], aw[i[x]], aw[j[x]])
    certain &= ~differ
    probable &= ~differ
    review = ~certain & ~probable & (
        (has_t & (ts >= s.title_review) & (auth_ok | ~blocked))
        | (id_eq & has_t)
        | (~has_t & has_a & (a_first >= 90) & fp_eq & (ygap == 0))
    )
    tier = np.select([certain, probable, review], [CERTAIN, PROBABLE, REVIEW], default=DISTINCT)
    reason = np.where(
        certain, np.where(id_eq, "same DOI/PMID", "same title, authors, year and pages"),
        np.where(probable, "similar title, no conflicting field",
                 np.where(blocked, distinct_reason, np.where(differ, "similar title, different author lists",
                          np.where(held, "recurring item (column, front matter): no issue, page or text agrees",
                          np.where(~auth_ok, "similar title, different authors",
                                   np.where(biblio_conf, "similar title, different volume/pages",
                                            "similar title, weak agreement")))))))
    score = np.where(has_t, ts, np.where(id_eq, 100.0, a_set * 0.9)) / 100.0
    return pd.DataFrame({"i": i, "j": j, "score": np.round(score, 4), "tier": tier, "reason": reason})
