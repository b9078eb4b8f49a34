"""Deduplication: candidate pairs -> tiers -> transitive groups -> merged records."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import StageInputError
from ._keys import prepare
from ._match import CERTAIN, PROBABLE, REVIEW, DedupSettings, candidate_pairs, classify_pairs

log = logging.getLogger(__name__)

_TIER_RANK = {CERTAIN: 0, PROBABLE: 1, REVIEW: 2}
#: The bibliographic content of a record: what stays when the input is re-ordered or re-keyed.
CONTENT_FIELDS = ("title", "authors", "year", "journal", "volume", "issue", "pages", "doi", "pmid", "abstract",
                  "publication_type", "isbn", "issn", "url", "keywords", "language")
_MERGE_FIELDS = ["title", "abstract", "authors", "year", "journal", "volume", "issue", "pages", "doi",
                 "pmid", "isbn", "issn", "url", "keywords", "language", "publication_type"]


@dataclass
class DedupResult:
    """What :func:`deduplicate` found.

    Attributes
    ----------
    groups : pandas.DataFrame
        One row per record: ``record_id, group_id, tier`` (tier of the group: the weakest merge
        in it; ``""`` for a record without duplicates).
    pairs : pandas.DataFrame
        Every scored candidate pair: ``id_a, id_b, score, tier, reason``.
    review_queue : pandas.DataFrame
        Uncertain pairs for a human: ``id_a, id_b, score, reason`` (not merged).
    deduped : pandas.DataFrame
        One row per unique work (see :func:`merge_groups`).
    timings : dict
        Seconds per step.
    """

    groups: pd.DataFrame
    pairs: pd.DataFrame
    review_queue: pd.DataFrame
    deduped: pd.DataFrame
    timings: dict = field(default_factory=dict)

    def duplicate_groups(self) -> pd.DataFrame:
        """Return ``merged_ids, tier``: one row per group of two or more records (``groups.csv``)."""
        g = self.groups[self.groups["tier"] != ""]
        rows = [{"merged_ids": ";".join(sorted(ids)), "tier": tier}
                for (gid, tier), ids in g.groupby(["group_id", "tier"], sort=True)["record_id"]]
        return pd.DataFrame(rows, columns=["merged_ids", "tier"])


class _UnionFind:
    def __init__(self, n: int):
        self.parent = np.arange(n)

    def find(self, x: int) -> int:
        p = self.parent
        root = x
        while p[root] != root:
            root = p[root]
        while p[x] != root:
            p[x], x = root, p[x]
        return root

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _check(records: pd.DataFrame) -> None:
    missing = [c for c in ("record_id", "title") if c not in records.columns]
    if missing:
        raise StageInputError(
            f"deduplication needs the columns {missing}; the table has {list(records.columns)[:12]}"
        )
    if records["record_id"].duplicated().any():
        dup = records.loc[records["record_id"].duplicated(), "record_id"].astype(str).head(5).tolist()
        raise StageInputError(f"record ids must be unique before deduplication; repeated: {dup}")


def _nonempty(series: pd.Series) -> np.ndarray:
    if series.dtype == object or pd.api.types.is_string_dtype(series):
        return series.fillna("").astype(str).str.strip().ne("").to_numpy()
    return series.notna().to_numpy()


def content_rank(records: pd.DataFrame) -> np.ndarray:
    """Dense rank of every record's bibliographic content (:data:`CONTENT_FIELDS` as text).

    Every order-dependent choice of the deduplication (which neighbours a large block compares,
    which merge is tried first, which record represents a group) is broken by this rank, never by
    the row position or the record id, so the same records give the same groups in any order and
    under any ids. Records with equal rank have identical content: which of them comes first
    cannot change the groups (as sets of record contents).
    """
    cols = [c for c in CONTENT_FIELDS if c in records.columns]
    if not cols or not len(records):
        return np.zeros(len(records), dtype=np.int64)
    frame = pd.DataFrame({c: [_text(v) for v in records[c].tolist()] for c in cols})
    return frame.groupby(cols, sort=True).ngroup().to_numpy(dtype=np.int64)


def _text(v) -> str:
    if v is None or (isinstance(v, float) and v != v) or v is pd.NA:
        return ""
    return v if isinstance(v, str) else str(v)


def merge_groups(records: pd.DataFrame, groups: pd.DataFrame, rank: np.ndarray | None = None) -> pd.DataFrame:
    """Merge each group into one record keeping the most complete value of each field.

    Parameters
    ----------
    records : pandas.DataFrame
        Records in the schema of :data:`review_tools.ingest.RECORD_COLUMNS`.
    groups : pandas.DataFrame
        ``record_id, group_id`` (as in :attr:`DedupResult.groups`).
    rank : numpy.ndarray, optional
        :func:`content_rank` of ``records`` when already computed.

    Returns
    -------
    pandas.DataFrame
        One row per group, in the order of each group's first record: the record columns with
        ``record_id`` = the canonical id (the record with the most filled fields; ties go to the
        lowest :func:`content_rank`, then the lowest id, never to the row order); every field takes the canonical record's value, or when that is empty the
        longest value in the group (title, abstract, authors and keywords always take the longest);
        plus ``merged_ids`` (";"), ``sources`` (";" of source ids, first-seen order), ``n_sources``.
    """
    recs = records.reset_index(drop=True)
    gid = groups.set_index("record_id")["group_id"].reindex(recs["record_id"].astype(str)).to_numpy()
    cols = [c for c in recs.columns if c != "original_fields"]
    fields = [f for f in _MERGE_FIELDS if f in recs]
    filled = np.column_stack([_nonempty(recs[f]) for f in fields]) if fields else np.zeros((len(recs), 0))
    work = recs[cols].assign(_gid=gid, _order=np.arange(len(recs)), _filled=filled.sum(axis=1),
                             _rank=content_rank(recs) if rank is None else rank, _rid=recs["record_id"].astype(str))
    work = work.sort_values(["_gid", "_filled", "_rank", "_rid"], ascending=[True, False, True, True], kind="stable")
    canon = work.drop_duplicates("_gid", keep="first").set_index("_gid")
    out = canon[cols].copy()
    first_order = work.groupby("_gid")["_order"].min()
    for f in fields:
        mask = _nonempty(work[f])
        vals = work.loc[mask, ["_gid", f]]
        if not len(vals):
            continue
        lengths = vals[f].astype(str).str.len()
        longest = vals.assign(_len=lengths.to_numpy(), _rank=work.loc[mask, "_rank"].to_numpy()).sort_values(
            ["_gid", "_len", "_rank"], ascending=[True, False, True], kind="stable").drop_duplicates("_gid")
        longest = longest.set_index("_gid")[f]
        if f in ("title", "abstract", "authors", "keywords"):
            take = longest.reindex(out.index)
            out[f] = take.where(take.notna(), out[f])
        else:
            empty = ~_nonempty(out[f])
            fill = longest.reindex(out.index[empty])
            out.loc[empty, f] = fill.where(fill.notna(), out.loc[empty, f]).to_numpy()
    by_order = work.sort_values("_order")
    out["merged_ids"] = by_order.groupby("_gid")["record_id"].agg(lambda x: ";".join(map(str, x))).reindex(out.index)
    if "source_id" in by_order:
        srcs = by_order.groupby("_gid")["source_id"].agg(lambda x: list(dict.fromkeys(map(str, x)))).reindex(out.index)
        out["sources"] = srcs.map(";".join)
        out["n_sources"] = srcs.map(len).astype(int)
    else:
        out["sources"], out["n_sources"] = "", 1
    out["_order"] = first_order.reindex(out.index).to_numpy()
    out = out.sort_values("_order", kind="stable").drop(columns="_order").reset_index(drop=True)
    if "year" in out:
        out["year"] = pd.array(pd.to_numeric(out["year"], errors="coerce"), dtype="Int64")
    return out


def _group(n: int, pairs: pd.DataFrame, fixed: np.ndarray | None = None, ids: np.ndarray | None = None,
           rank: np.ndarray | None = None):
    """Union-find over merged pairs, strongest first; equally strong pairs in the order of their
    records' :func:`content_rank` (``rank``), so a refused merge does not depend on the row order.

    ``fixed`` labels (earlier groups) are never joined together; ``ids`` (DOI/PMID codes, -1 when
    missing) keep two records with different identifiers out of one group even through a chain
    of records without one. Rejected merges are returned for the review queue.
    """
    uf = _UnionFind(n)
    if fixed is not None:
        first: dict = {}
        for idx, lab in enumerate(fixed):
            if lab >= 0:
                if lab in first:
                    uf.union(first[lab], idx)
                else:
                    first[lab] = idx
    ident: dict = {}
    if ids is not None:
        for x in np.flatnonzero(ids >= 0):
            ident.setdefault(uf.find(x), int(ids[x]))
    rejected = []
    merged = pairs[pairs["tier"].isin([CERTAIN, PROBABLE])]
    rank = np.arange(n) if rank is None else np.asarray(rank)
    ri, rj = rank[merged["i"].to_numpy(dtype=np.int64)], rank[merged["j"].to_numpy(dtype=np.int64)]
    merged = merged.assign(_r=merged["tier"].map(_TIER_RANK), _lo=np.minimum(ri, rj), _hi=np.maximum(ri, rj))
    merged = merged.sort_values(["_r", "score", "_lo", "_hi"], ascending=[True, False, True, True], kind="stable")
    for a, b, row_ix in zip(merged["i"].to_numpy(), merged["j"].to_numpy(), merged.index, strict=False):
        ra, rb = uf.find(a), uf.find(b)
        if ra == rb:
            continue
        da, db = ident.get(ra, -1), ident.get(rb, -1)
        if da >= 0 and db >= 0 and da != db:
            rejected.append(row_ix)  # the group would hold two different DOIs
            continue
        if fixed is not None:
            ra, rb = uf.find(a), uf.find(b)
            la = fixed[ra] if fixed[ra] >= 0 else -1
            lb = fixed[rb] if fixed[rb] >= 0 else -1
            if ra != rb and la >= 0 and lb >= 0:
                rejected.append(row_ix)  # would join two earlier groups
                continue
            if ra != rb and (la >= 0 or lb >= 0):
                # keep the old group's root so its label survives
                keep, other = (ra, rb) if la >= 0 else (rb, ra)
                uf.parent[other] = keep
                if max(da, db) >= 0:
                    ident[keep] = max(da, db)
                continue
        uf.union(a, b)
        root = uf.find(a)
        if max(da, db) >= 0:
            ident[root] = max(da, db)
    roots = np.fromiter((uf.find(x) for x in range(n)), np.int64, n)
    return roots, rejected


def _id_codes(keys: pd.DataFrame) -> np.ndarray:
    """One code per record for its DOI (or PMID when it has no DOI); -1 for neither."""
    ident = keys["doi"].where(keys["doi"] != "", "pmid:" + keys["pmid"]).where(
        (keys["doi"] != "") | (keys["pmid"] != ""), "")
    codes, uniques = pd.factorize(ident)
    empty = np.asarray(uniques == "")
    return np.where((codes >= 0) & empty[np.clip(codes, 0, None)], -1, codes) if empty.any() else codes


def _tiers(roots: np.ndarray, pairs: pd.DataFrame) -> np.ndarray:
    size = np.bincount(roots, minlength=len(roots))
    worst = {}
    merged = pairs[pairs["tier"].isin([CERTAIN, PROBABLE])]
    for a, t in zip(merged["i"].to_numpy(), merged["tier"].to_numpy(), strict=False):
        r = roots[a]
        worst[r] = max(worst.get(r, 0), _TIER_RANK[t])
    names = {0: CERTAIN, 1: PROBABLE}
    return np.array([names.get(worst.get(r, 0), PROBABLE) if size[r] > 1 else "" for r in roots], dtype=object)


def _finish(records, keys, pairs, roots, t0, timings, extra_review=None) -> DedupResult:
    ids = records["record_id"].astype(str).to_numpy()
    tiers = _tiers(roots, pairs)
    groups = pd.DataFrame({"record_id": ids, "group_id": roots, "tier": tiers})
    pair_df = pd.DataFrame({"id_a": ids[pairs["i"].to_numpy()] if len(pairs) else [],
                            "id_b": ids[pairs["j"].to_numpy()] if len(pairs) else [],
                            "score": pairs["score"].to_numpy(), "tier": pairs["tier"].to_numpy(),
                            "reason": pairs["reason"].to_numpy()})
    same_group = roots[pairs["i"].to_numpy()] == roots[pairs["j"].to_numpy()] if len(pairs) else np.array([], bool)
    q = pairs["tier"].eq(REVIEW).to_numpy() & ~same_group
    if extra_review is not None and len(extra_review):
        rej = pairs.index.get_indexer(extra_review)
        q[rej] = True
        pair_df.loc[rej, "reason"] = "merge refused: it would join groups with different DOIs/PMIDs or earlier groups"
    queue = pair_df.loc[q, ["id_a", "id_b", "score", "reason"]].sort_values("score", ascending=False)
    timings["group_s"] = round(time.perf_counter() - t0, 3)
    t1 = time.perf_counter()
    deduped = merge_groups(records, groups, rank=keys["crank"].to_numpy() if "crank" in keys else None)
    timings["merge_s"] = round(time.perf_counter() - t1, 3)
    log.info("deduplication: %d records -> %d unique, %d in review queue", len(records), len(deduped), len(queue))
    return DedupResult(groups=groups, pairs=pair_df, review_queue=queue.reset_index(drop=True),
                       deduped=deduped, timings=timings)


def deduplicate(records: pd.DataFrame, settings: DedupSettings | None = None) -> DedupResult:
    """Find and merge duplicate records.

    Exact keys (DOI, PMID) and fuzzy title/author similarity (rapidfuzz) are compared within
    blocks (same DOI, PMID, title start or end, rare title words, first author + year + page,
    year + volume + page), so cost grows near-linearly with the number of records. Pairs get a
    tier; certain and probable pairs are merged transitively, review pairs go to the queue.
    Records whose normalised keys are all identical are merged first and compared once
    (:func:`identical_key_representatives`).
    Rules for what is *not* a duplicate (erratum/comment vs article, different part numbers,
    conference abstract vs article, venues or meetings of other years, different DOIs, years too
    far apart, a recurring column item at another issue or page) always win; a recurring item is
    merged only when its issue, pages or text agree (:mod:`._serial`). Every tie is broken by record
    content (:func:`content_rank`), so the groups do not depend on the row order or the ids. The
    rules and why: ``docs/deduplication.md``.

    Parameters
    ----------
    records : pandas.DataFrame
        At least ``record_id`` and ``title``; other schema columns improve matching.
    settings : DedupSettings, optional
        Thresholds; the defaults are tuned on the shared labelled sets.

    Returns
    -------
    DedupResult

    Raises
    ------
    StageInputError
        When ``record_id`` or ``title`` is missing or ids are not unique.
    """
    _check(records)
    s = settings or DedupSettings()
    records = records.reset_index(drop=True)
    timings = {}
    t0 = time.perf_counter()
    keys = prepare(records)
    keys["crank"] = content_rank(records)
    timings["prepare_s"] = round(time.perf_counter() - t0, 3)
    t0 = time.perf_counter()
    rep = identical_key_representatives(keys)
    uniq = np.flatnonzero(rep == np.arange(len(rep)))
    timings["distinct_keys"] = int(len(uniq))
    ukeys = keys.iloc[uniq].reset_index(drop=True)
    cand = candidate_pairs(ukeys, s)
    timings["block_s"] = round(time.perf_counter() - t0, 3)
    timings["candidate_pairs"] = int(len(cand))
    t0 = time.perf_counter()
    pairs = classify_pairs(ukeys, cand, s)
    pairs["i"], pairs["j"] = uniq[pairs["i"].to_numpy(dtype=np.int64)], uniq[pairs["j"].to_numpy(dtype=np.int64)]
    copies = np.flatnonzero(rep != np.arange(len(rep)))
    if len(copies):
        # a recurring item is certain only through an identifier, even when every key agrees
        serial_copy = keys["serial"].to_numpy(dtype=bool)[copies] & (keys["doi"] == "").to_numpy()[copies] \
            & (keys["pmid"] == "").to_numpy()[copies]
        same = pd.DataFrame({"i": rep[copies], "j": copies, "score": 1.0,
                             "tier": np.where(serial_copy, PROBABLE, CERTAIN),
                             "reason": "identical after normalisation"})
        pairs = pd.concat([same, pairs], ignore_index=True)
    timings["score_s"] = round(time.perf_counter() - t0, 3)
    t0 = time.perf_counter()
    roots, rejected = _group(len(records), pairs, ids=_id_codes(keys), rank=keys["crank"].to_numpy())
    return _finish(records, keys, pairs, roots, t0, timings, extra_review=rejected)


_IDENTITY_KEYS = ("title", "authors", "year", "journal", "volume", "issue", "fp", "lp", "ranges", "doi", "pmid",
                  "notice", "enote", "meeting", "serial", "abs")


def identical_key_representatives(keys: pd.DataFrame) -> np.ndarray:
    """Index of the representative of the records with the same normalised keys, for every record.

    The representative is the one with the lowest content rank (column ``crank`` when present,
    see :func:`content_rank`), not the first row; a record without such copies is its own.

    Records whose folded title, surnames, year, journal, volume, issue, pages, DOI, PMID and
    notice/meeting flags are all identical are the same record exported twice; they are merged
    without fuzzy comparison, which keeps the cost near-linear when a set holds many copies.
    Only informative keys are collapsed: a title, authors, a year and a journal, volume, first
    page or DOI must be present, and a recurring item (``serial``) must have an issue, a page, an
    identifier or text; other records stand for themselves.
    """
    n = len(keys)
    if n == 0:
        return np.empty(0, dtype=np.int64)
    cols = [keys[c].map(_hashable) if keys[c].dtype == object else keys[c] for c in _IDENTITY_KEYS]
    codes = pd.MultiIndex.from_arrays(cols).factorize()[0] if n else np.empty(0, dtype=np.int64)
    informative = ((keys["title"] != "") & keys["authors"].map(bool) & (keys["year"] >= 0)
                   & ((keys["journal"] != "") | (keys["volume"] != "") | (keys["fp"] != "") | (keys["doi"] != "")))
    if "serial" in keys:
        # a recurring item (column, editorial) is one work only where issue, pages, text or identifier agree
        evidence = (keys["issue"] != "") | (keys["fp"] != "") | (keys["doi"] != "") | (keys["pmid"] != "")
        informative &= ~keys["serial"] | evidence | (keys["abs"] != "")
    rank = keys["crank"].to_numpy() if "crank" in keys else np.zeros(n, dtype=np.int64)
    order = np.lexsort((rank, codes))
    starts = np.r_[True, codes[order][1:] != codes[order][:-1]]
    head = order[np.flatnonzero(starts)[np.cumsum(starts) - 1]]
    first = np.empty(n, dtype=np.int64)
    first[order] = head
    return np.where(informative.to_numpy(), first, np.arange(n))


def _hashable(v):
    return tuple(v) if isinstance(v, list) else v


def add_records(previous: pd.DataFrame, previous_groups: pd.DataFrame, new: pd.DataFrame,
                settings: DedupSettings | None = None) -> DedupResult:
    """Match the records of a later search against an already deduplicated set.

    Earlier groups are kept exactly: two earlier groups are never joined and no earlier record
    leaves its group. A new record joins the earlier group it matches best, or forms a group
    with other new records. A new record that matches two earlier groups joins one and the
    other pair goes to the review queue.

    Parameters
    ----------
    previous : pandas.DataFrame
        The records deduplicated before (all of them, not only canonical ones).
    previous_groups : pandas.DataFrame
        ``record_id, group_id`` of that run (:attr:`DedupResult.groups`).
    new : pandas.DataFrame
        The new records; their ids must not occur in ``previous``.
    settings : DedupSettings, optional

    Returns
    -------
    DedupResult
        Over previous + new records.
    """
    both = pd.concat([previous, new], ignore_index=True)
    _check(both)
    s = settings or DedupSettings()
    n_old = len(previous)
    timings = {}
    t0 = time.perf_counter()
    keys = prepare(both)
    keys["crank"] = content_rank(both)
    cand = candidate_pairs(keys, s)
    cand = cand[(cand[:, 0] >= n_old) | (cand[:, 1] >= n_old)]
    pairs = classify_pairs(keys, cand, s)
    timings["score_s"] = round(time.perf_counter() - t0, 3)
    old_gid = previous_groups.set_index("record_id")["group_id"].reindex(previous["record_id"].astype(str))
    codes, _ = pd.factorize(old_gid.astype(str))
    fixed = np.concatenate([codes, -np.ones(len(new), dtype=np.int64)])
    t0 = time.perf_counter()
    roots, rejected = _group(len(both), pairs, fixed=fixed, ids=_id_codes(keys), rank=keys["crank"].to_numpy())
    return _finish(both, keys, pairs, roots, t0, timings, extra_review=rejected)
