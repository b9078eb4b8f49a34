"""Pairwise evaluation of deduplication against labelled duplicate groups."""

from __future__ import annotations

import time

import pandas as pd
from rapidfuzz import fuzz

from ..errors import StageInputError
from ._keys import fold, is_meeting, journal_compatible, notice_type, prepare
from ._match import word_swap
from .core import DedupResult, deduplicate

_BIB_COLUMNS = {"author": "authors", "number": "issue", "ENTRYTYPE": "publication_type", "ID": "record_id",
                "booktitle": "_booktitle", "container_title": "_container"}


def _pairs(groups) -> set:
    out = set()
    for g in groups:
        g = sorted(set(g))
        for x in range(len(g)):
            for y in range(x + 1, len(g)):
                out.add((g[x], g[y]))
    return out


def pairwise_metrics(predicted, truth) -> dict:
    """Pairwise TP/FP/FN, precision, recall and F1 of predicted vs true duplicate groups.

    Parameters
    ----------
    predicted, truth : iterable of iterables of str
        Groups of record ids (singletons may be included; they add no pairs).

    Returns
    -------
    dict
        ``TP, FP, FN, precision, recall, f1`` (precision is 1.0 when nothing is predicted
        and nothing is missed, as in the peer's evaluation script).
    """
    p, t = _pairs(predicted), _pairs(truth)
    tp, fp, fn = len(p & t), len(p - t), len(t - p)
    precision = tp / (tp + fp) if tp + fp else (1.0 if fn == 0 else 0.0)
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"TP": tp, "FP": fp, "FN": fn, "precision": precision, "recall": recall, "f1": f1}


def labelled_to_records(df: pd.DataFrame) -> pd.DataFrame:
    """Turn a table in the bib-dedupe benchmark format (``ID, title, author, ...``) into schema records."""
    if "ID" not in df.columns and "record_id" not in df.columns:
        raise StageInputError(f"labelled records need an 'ID' column; found {list(df.columns)[:12]}")
    out = df.rename(columns={k: v for k, v in _BIB_COLUMNS.items() if k in df.columns}).copy()
    for c in ("title", "authors", "journal", "volume", "issue", "pages", "doi", "pmid", "publication_type"):
        if c not in out:
            out[c] = ""
        out[c] = out[c].fillna("").astype(str).str.replace(r"\.0$", "", regex=True) if c in ("volume", "issue") \
            else out[c].fillna("").astype(str)
    if "_booktitle" in out:
        out["journal"] = out["journal"].where(out["journal"] != "", out["_booktitle"].fillna("").astype(str))
    if "_container" in out:
        out["journal"] = out["journal"].where(out["journal"] != "", out["_container"].fillna("").astype(str))
    out["authors"] = out["authors"].str.replace(r"\s+and\s+", "; ", regex=True)
    out["record_id"] = out["record_id"].astype(str)
    out["source_id"] = "labelled"
    out["year"] = pd.to_numeric(out.get("year"), errors="coerce").astype("Int64")
    return out


def evaluate(records: pd.DataFrame, truth, settings=None) -> tuple[dict, DedupResult]:
    """Deduplicate labelled ``records`` and compare with ``truth`` groups.

    Returns
    -------
    (dict, DedupResult)
        Metrics (see :func:`pairwise_metrics`) plus ``n_records, n_unique, review_pairs``, ``wall_s``
        and ``cpu_s`` (CPU seconds of this process, all threads, :func:`time.process_time`) of the
        deduplication, and ``steps`` (:attr:`DedupResult.timings`).
    """
    t0, c0 = time.perf_counter(), time.process_time()
    res = deduplicate(records, settings)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    pred = [ids.split(";") for ids in res.duplicate_groups()["merged_ids"]]
    m = pairwise_metrics(pred, truth)
    m.update({"n_records": len(records), "n_unique": len(res.deduped),
              "review_pairs": len(res.review_queue), "wall_s": round(wall, 3), "cpu_s": round(cpu, 3),
              "steps": res.timings})
    return m, res


#: Categories of a missed labelled pair (see :func:`explain_missed`); all but the last are pairs our
#: documented not-a-duplicate rules refuse, i.e. labels that contradict the duplicate definition.
MISSED_CATEGORIES = ("erratum", "reply-comment", "conference-vs-journal", "different report", "genuinely missed")


def explain_missed(records: pd.DataFrame, pairs) -> pd.DataFrame:
    """Sort labelled duplicate pairs that were not merged into categories, with generic detectors.

    The duplicate definition (Rathbone et al. 2015) counts only the same bibliographic record: an
    erratum, a comment or reply, a conference abstract beside the journal article, or another report
    of the same study is not a duplicate, even where a labelled set groups them.

    Parameters
    ----------
    records : pandas.DataFrame
        The records that were deduplicated (schema columns; :func:`labelled_to_records`).
    pairs : iterable of (str, str)
        Record ids of the missed pairs.

    Returns
    -------
    pandas.DataFrame
        ``id_a, id_b, category, detail, contradicts_definition``. Categories, first match wins:
        ``erratum`` (one record is an erratum/correction/retraction, or notes an erratum and the
        pages differ), ``reply-comment`` (one is a comment, letter or reply and the other is not),
        ``conference-vs-journal`` (one is a meeting abstract and the other is not, or the journals
        cannot be the same), ``different report`` (titles differ in a word or a number, authors
        differ, or the pages differ in another volume/issue), else ``genuinely missed``. A pair at
        the same place (volume, first page and year agree) with compatible authors is always
        ``genuinely missed``.
    """
    pairs = list(pairs)
    cols = ["id_a", "id_b", "category", "detail", "contradicts_definition"]
    if not pairs:
        return pd.DataFrame(columns=cols)
    recs = records.reset_index(drop=True)
    keys = prepare(recs)
    pos = {rid: x for x, rid in enumerate(recs["record_id"].astype(str))}
    raw = recs["title"].fillna("").astype(str).tolist()
    ptype = recs["publication_type"].fillna("").astype(str).tolist() if "publication_type" in recs else [""] * len(recs)
    rows = []
    for a, b in pairs:
        x, y = pos[a], pos[b]
        ka, kb = keys.iloc[x], keys.iloc[y]
        cat, why = _missed_category(ka, kb, raw[x], raw[y], fold(ptype[x]), fold(ptype[y]))
        rows.append((a, b, cat, why, cat != "genuinely missed"))
    return pd.DataFrame(rows, columns=cols)


def _authors_compatible(sa: list, sb: list) -> bool:
    if not sa or not sb:
        return True
    return fuzz.token_set_ratio(" ".join(sa), " ".join(sb)) >= 75 or fuzz.ratio(sa[0], sb[0]) >= 85


def _missed_category(ka, kb, raw_a: str, raw_b: str, pt_a: str, pt_b: str) -> tuple[str, str]:
    same_place = bool(ka["volume"] and ka["volume"] == kb["volume"] and ka["fp"] and ka["fp"] == kb["fp"]
                      and ka["year"] == kb["year"])
    same_range = same_place and bool(ka["lp"]) and ka["lp"] == kb["lp"]
    authors_ok = _authors_compatible(ka["authors"], kb["authors"])
    na, nb = notice_type(ka["title"], raw_a), notice_type(kb["title"], raw_b)
    pages_differ = bool(ka["fp"] and kb["fp"] and ka["fp"] != kb["fp"])
    swap = word_swap(ka["title"], kb["title"])
    if "erratum" in (na, nb) and (na != nb or pages_differ):
        return "erratum", "one record is an erratum/correction"
    if ka["enote"] != kb["enote"] and pages_differ:
        return "erratum", "an article noting an erratum vs a record on other pages"
    if (na or nb) and (na != nb or pages_differ):
        return "reply-comment", "one record is a comment, letter or reply"
    if same_place and authors_ok and (same_range or not swap):
        return "genuinely missed", "same volume, first page and year"
    if is_meeting(ka["journal"], pt_a) != is_meeting(kb["journal"], pt_b):
        return "conference-vs-journal", "one record is a meeting abstract"
    if not journal_compatible(ka["journal"], kb["journal"]):
        return "conference-vs-journal", f"different venues: {ka['journal'][:40]} / {kb['journal'][:40]}"
    if swap:
        return "different report", f"titles differ in a word ({swap})"
    if ka["numbers"] != kb["numbers"] or ka["parts"] != kb["parts"]:
        return "different report", "different numbers in the titles"
    if not authors_ok:
        return "different report", "different authors"
    if pages_differ and (ka["volume"] != kb["volume"] or ka["issue"] != kb["issue"]):
        return "different report", "another volume/issue and other pages"
    return "genuinely missed", ""


def removal_metrics(predicted, record_ids, labelled_removed) -> dict:
    """Record-level agreement of "this record is a duplicate to remove" with per-record labels.

    For sets labelled record by record (EndNote's ``In_database`` / ``Duplicate_in_trash``) rather
    than by groups. A predicted group of ``k`` records removes ``k - 1``; the record kept is one
    labelled as kept when the group has one, since which copy survives is not a deduplication
    decision.

    Parameters
    ----------
    predicted : iterable of iterables of str
        Predicted duplicate groups (singletons may be included).
    record_ids : iterable of str
        Every record id of the set.
    labelled_removed : iterable of str
        Ids of the records the labels remove as duplicates.

    Returns
    -------
    dict
        ``n_records, n_unique`` (records kept), ``removed, labelled_removed, TP, FP, FN,
        precision, recall, f1`` of the removal decision.
    """
    ids = set(map(str, record_ids))
    truth = set(map(str, labelled_removed)) & ids
    tp = fp = 0
    for g in predicted:
        g = set(map(str, g))
        k = len(g)
        if k < 2:
            continue
        t = len(g & truth)
        if t < k:
            tp, fp = tp + t, fp + k - 1 - t
        else:
            tp += k - 1
    fn = len(truth) - tp
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"n_records": len(ids), "n_unique": len(ids) - tp - fp, "removed": tp + fp,
            "labelled_removed": len(truth), "TP": tp, "FP": fp, "FN": fn,
            "precision": precision, "recall": recall, "f1": f1}


def missed_pairs(result: DedupResult, truth) -> list[tuple[str, str]]:
    """Labelled duplicate pairs that ``result`` did not put in one group, sorted."""
    pred = [ids.split(";") for ids in result.duplicate_groups()["merged_ids"]]
    return sorted(_pairs(truth) - _pairs(pred))
