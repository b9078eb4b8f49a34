"""Labelled sets, leave-one-set-out selection and order checks for ``dedup_bench.py`` (in-process).

Sets (all read in place from ../shared/data/):

* ``cytology_screening``, ``haematology``, ``respiratory``, ``special_cases``: bib-dedupe's benchmark format,
  labelled duplicate groups; scored pairwise.
* ``asysd``: ASySD's labelled test set, per-record labels; scored record by record
  (:func:`review_tools.dedup.removal_metrics`) against ``source == duplicate`` (584 unique records, as ASySD's
  own test expects about 586; the ``label`` column's ``Duplicate_in_trash`` keeps 949 and is shown beside it).
* ``youth_doi``: built here from real data, the 9-database youth-homelessness exports
  (bibliography/topic-youth-homelessness-review/*.ris). **Labelling rule:** of the records that carry a DOI,
  two are duplicates when their DOIs are equal after normalisation (lower case, ``https://doi.org/`` /
  ``doi:`` prefix and trailing punctuation removed, Unicode dashes as ``-``); records without a DOI are left
  out. **Scored on copies that keep only title, authors and year** (DOI, journal, volume, issue, pages and
  abstract removed), so the DOI that made the label is not visible to the tools. DOI equality is not the
  duplicate definition: records sharing a DOI by mistake (a book's DOI on its chapters, an erratum given
  the article's DOI) are labelled duplicates, and copies with different DOIs are labelled different; such
  label disagreements show up in the missed-pair categories, they are not tuned for.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field
from itertools import combinations, product
from pathlib import Path

import numpy as np
import pandas as pd

from review_tools.dedup import (
    DedupSettings,
    deduplicate,
    explain_missed,
    labelled_to_records,
    missed_pairs,
    pairwise_metrics,
    removal_metrics,
)
from review_tools.readers.labelled_sets import read_truth

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
DEDUP = SHARED / "dedup"
GROUP_SETS = ["cytology_screening", "haematology", "respiratory", "special_cases"]
ASYSD = DEDUP / "asysd" / "labelled_test_set.csv"
YOUTH = SHARED / "bibliography" / "topic-youth-homelessness-review"

#: The tunable thresholds and the grid a leave-one-set-out run chooses them from.
GRID = {"title_probable": (86.0, 88.0, 90.0, 92.0, 94.0), "title_certain": (95.0, 97.0, 99.0)}
_CONTENT = ("title", "authors", "year", "journal", "volume", "issue", "pages", "doi", "abstract", "publication_type")


@dataclass
class LabelledSet:
    """One labelled set: records in the schema and either true groups or ids labelled as removed."""

    name: str
    records: pd.DataFrame
    truth: list | None = None
    removed: list | None = None
    note: str = ""
    files: dict = field(default_factory=dict)

    def score(self, result) -> dict:
        """Precision/recall/F1 of a deduplication result (pairwise, or record-level for per-record labels)."""
        pred = [ids.split(";") for ids in result.duplicate_groups()["merged_ids"]]
        if self.truth is not None:
            return {**pairwise_metrics(pred, self.truth), "level": "pairwise"}
        return {**removal_metrics(pred, self.records["record_id"], self.removed), "level": "record"}


def load_group_set(name: str) -> LabelledSet:
    """A set of bib-dedupe's benchmark format (../shared/data/dedup/<name>)."""
    rec, grp = DEDUP / name / "records_pre_merged.csv", DEDUP / name / "merged_record_ids.csv"
    raw = pd.read_csv(rec, dtype=str, keep_default_na=False)
    return LabelledSet(name, labelled_to_records(raw), truth=read_truth(grp), files={"records": rec, "groups": grp})


def load_asysd() -> LabelledSet:
    """ASySD's labelled test set read through our ingest; labels per record."""
    from review_tools.ingest import ingest_files

    ing = ingest_files([ASYSD], source_ids=["asysd"])
    raw = pd.read_csv(ASYSD, dtype=str, keep_default_na=False, encoding=ing.files["encoding"].iloc[0])
    if list(raw["record_id"]) != list(ing.records["record_id"]):
        raise RuntimeError("ingest changed the ASySD records or their ids; cannot line the labels up")
    # the `source` column (unique / duplicate) is the reading that agrees with ASySD's own expected count
    # (584 "unique" vs 586 expected); the `label` column keeps 949 records (see dedup_bench.py)
    removed = raw.loc[raw["source"] == "duplicate", "record_id"].tolist()
    return LabelledSet("asysd", ing.records, removed=removed, note="record-level (per-record labels, source column)")


def normalise_doi(doi) -> str:
    """DOI as compared by the labelling rule of ``youth_doi``."""
    if not isinstance(doi, str):
        return ""
    from review_tools.dedup._keys import normalise_dashes

    d = normalise_dashes(doi.strip().lower())
    d = re.sub(r"^(?:https?://)?(?:dx\.)?doi\.org/|^doi:\s*", "", d)
    return d.rstrip(".;, ")


def build_youth_doi(out_dir: Path) -> LabelledSet:
    """The youth-homelessness DOI-labelled set (see the module docstring); writes bib-dedupe-format CSVs."""
    from review_tools.errors import ReviewToolsWarning
    from review_tools.ingest import ingest_files

    files = sorted(p for p in YOUTH.iterdir() if p.suffix.lower() == ".ris")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ReviewToolsWarning)
        recs = ingest_files(files).records
    recs = recs.assign(_doi=recs["doi"].map(normalise_doi))
    recs = recs[recs["_doi"].str.startswith("10.")].reset_index(drop=True)
    ids = [f"y{k:05d}" for k in range(len(recs))]
    groups = pd.Series(ids).groupby(recs["_doi"].to_numpy()).agg(list)
    truth = [g for g in groups if len(g) > 1]
    bib = pd.DataFrame({"ID": ids, "ENTRYTYPE": "article", "title": recs["title"].fillna(""),
                        "author": recs["authors"].fillna("").str.replace(r"\s*;\s*", " and ", regex=True),
                        "year": pd.to_numeric(recs["year"], errors="coerce").astype("Int64").astype(str)
                        .replace("<NA>", "")})
    out_dir.mkdir(parents=True, exist_ok=True)
    rec_csv, grp_csv = out_dir / "youth_doi.records.csv", out_dir / "youth_doi.groups.csv"
    bib.to_csv(rec_csv, index=False)
    pd.DataFrame({"merged_ids": [";".join(g) for g in truth]}).to_csv(grp_csv, index=False)
    raw = pd.read_csv(rec_csv, dtype=str, keep_default_na=False)
    return LabelledSet("youth_doi", labelled_to_records(raw), truth=truth,
                       note=f"built: {len(recs)} records with a DOI from {len(files)} exports; label = same DOI; "
                            "scored on title/author/year-only copies",
                       files={"records": rec_csv, "groups": grp_csv})


def load_all(out_dir: Path, names=None) -> list[LabelledSet]:
    """Every labelled set there is (or those in ``names``)."""
    sets = []
    for name in names or [*GROUP_SETS, "asysd", "youth_doi"]:
        if name in GROUP_SETS and (DEDUP / name).is_dir():
            sets.append(load_group_set(name))
        elif name == "asysd" and ASYSD.exists():
            sets.append(load_asysd())
        elif name == "youth_doi" and YOUTH.is_dir():
            sets.append(build_youth_doi(out_dir))
    return sets


def definition_recall(ls: LabelledSet, result) -> dict:
    """Missed labelled pairs by category; recall on the pairs the duplicate definition calls duplicates."""
    if ls.truth is None:
        return {}
    m = ls.score(result)
    missed = explain_missed(ls.records, missed_pairs(result, ls.truth))
    genuine = int((missed["category"] == "genuinely missed").sum()) if len(missed) else 0
    counts = missed["category"].value_counts().to_dict() if len(missed) else {}
    return {"missed": len(missed), "categories": counts, "genuinely_missed": genuine,
            "recall_definition": m["TP"] / (m["TP"] + genuine) if m["TP"] + genuine else 1.0,
            "pairs": missed.to_dict("records")}


def _settings_grid():
    keys = list(GRID)
    for values in product(*(GRID[k] for k in keys)):
        yield DedupSettings(**dict(zip(keys, values, strict=True)))


def leave_one_set_out(sets: list[LabelledSet]) -> dict:
    """Choose the thresholds on all sets but one, score the held-out set with them; for every set.

    Each grid setting is run once per set; for a held-out set the setting with the highest minimum
    precision over the other sets (then the highest mean F1, then the default's order) is chosen.
    """
    grid = list(_settings_grid())
    scores = {}  # (set, grid index) -> metrics
    for ls in sets:
        for g, s in enumerate(grid):
            scores[ls.name, g] = ls.score(deduplicate(ls.records, s))
    out = {}
    default = DedupSettings()
    dflt = next(g for g, s in enumerate(grid) if (s.title_probable, s.title_certain)
                == (default.title_probable, default.title_certain))
    for ls in sets:
        train = [o.name for o in sets if o.name != ls.name]

        def objective(g, train=train):
            prec = [scores[t, g]["precision"] for t in train]
            f1 = [scores[t, g]["f1"] for t in train]
            return (round(min(prec), 4), round(float(np.mean(f1)), 4), g == dflt)

        best = max(range(len(grid)), key=objective)
        out[ls.name] = {"chosen": {k: getattr(grid[best], k) for k in GRID}, "held_out": scores[ls.name, best],
                        "default_on_set": scores[ls.name, dflt]}
    return out


def content_groups(records: pd.DataFrame, result) -> list:
    """Duplicate groups as sorted tuples of record contents: comparable across orders and ids."""
    cols = [c for c in _CONTENT if c in records.columns]
    content = {rid: tuple(str(v) for v in row)
               for rid, row in zip(records["record_id"].astype(str), records[cols].itertuples(index=False), strict=True)}
    return sorted(tuple(sorted(content[i] for i in ids.split(";"))) for ids in result.duplicate_groups()["merged_ids"])


def order_check(ls: LabelledSet, runs: int = 3, seed: int = 20261202) -> dict:
    """Deduplicate ``runs`` shuffled and re-keyed copies; are the groups identical to the original order's?"""
    base_res = deduplicate(ls.records)
    base = content_groups(ls.records, base_res)
    rng = np.random.default_rng(seed)
    identical, f1 = 0, []
    for _ in range(runs):
        perm = rng.permutation(len(ls.records))
        shuffled = ls.records.iloc[perm].reset_index(drop=True)
        new_ids = [f"k{v:07d}" for v in rng.permutation(len(shuffled))]
        back = dict(zip(new_ids, shuffled["record_id"].astype(str), strict=True))
        shuffled = shuffled.assign(record_id=new_ids)
        res = deduplicate(shuffled)
        identical += content_groups(shuffled, res) == base
        # scored against the labels through the id mapping
        res.groups["record_id"] = res.groups["record_id"].map(back)
        f1.append(ls.score(res)["f1"])
    return {"runs": runs, "identical": identical, "f1_min": min(f1), "f1_max": max(f1),
            "f1_original": ls.score(base_res)["f1"]}


def false_merges(ls: LabelledSet, result) -> list[dict]:
    """Merges the labels disagree with: pairs in one predicted group that the labels keep apart (group sets), or
    predicted groups holding two or more records the labels keep (record-level sets); with what each record says."""
    recs = ls.records.set_index(ls.records["record_id"].astype(str))
    show = [c for c in ("title", "authors", "year", "journal", "volume", "pages") if c in recs.columns]

    def brief(rid):
        return "; ".join(f"{c} {str(recs.at[rid, c])[:70]}" for c in show if str(recs.at[rid, c]).strip())

    pred = [ids.split(";") for ids in result.duplicate_groups()["merged_ids"]]
    out = []
    if ls.truth is not None:
        label = {str(r): k for k, g in enumerate(ls.truth) for r in g}
        for g in pred:
            for a, b in combinations(sorted(g), 2):
                if label.get(a, f"a{a}") != label.get(b, f"b{b}"):
                    out.append({"ids": f"{a} / {b}", "a": brief(a), "b": brief(b)})
    else:
        removed = set(map(str, ls.removed))
        for g in pred:
            kept = sorted(r for r in g if r not in removed)
            if len(kept) > 1:
                out.append({"ids": " / ".join(kept), "a": brief(kept[0]), "b": brief(kept[1])})
    return out
