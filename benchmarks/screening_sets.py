"""Labelled screening sets for the screening benchmark: the shared ones and those built from real searches.

Shared sets: every ``*.csv`` in ``../shared/data/screening/`` (header ``title, abstract,
label_included``). Built sets come from real, un-deduplicated database exports in
``../shared/data/bibliography/`` with a documented labelling rule (nothing names a set, journal or
title; the rule is the same for every built set):

* **records** -- every record of the topic's database exports, read and harmonised by
  :func:`review_tools.ingest.ingest_files`; records with neither an abstract nor a title of at
  least 4 words are dropped (nothing to screen); duplicates across databases are collapsed on the
  normalised DOI, else on the normalised title (lower case, letters and digits only), keeping the
  record with the longest abstract.
* **label** -- ``label_included = 1`` when the record's normalised DOI or normalised title equals
  that of a reference in the review's own reference list (or the project's benchmark list of
  known-relevant studies). For a systematic review's reference list this marks the records the
  review went on to cite -- its included studies and the studies it discusses (excluded at full
  text, background) -- so it is a title/abstract-stage "relevant" label rather than final
  inclusion, which is what title/abstract screening prioritises.

Built sets are written to ``outputs/bench/screening/sets/`` (their sources' licences do not allow
bundling them in the project) and rebuilt when missing.

usage: .venv/bin/python benchmarks/screening_sets.py   (prints the sets and their sizes)
"""

from __future__ import annotations

import re
import sys
import unicodedata
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
SHARED_SETS = SHARED / "screening"
BUILT = ROOT / "outputs" / "bench" / "screening" / "sets"
BIB = SHARED / "bibliography"

#: Built sets: name -> (export files, reference-list files). The label rule is the same for all.
RECIPES = {
    "built_youth_homelessness": (
        sorted((BIB / "topic-youth-homelessness-review").glob("*.[rR][iI][sS]")),
        [BIB / "topic-youth-homelessness-review" / "youth_homelessness_review_references.bib"],
    ),
    "built_gambling_harms": (
        sorted((BIB / "topic-gambling-harms-loneliness-citesource").glob("2022*.ris"))
        + [BIB / "topic-gambling-harms-loneliness-citesource" / f for f in ("WoS_79.ris", "psycinfo_64.ris", "pubmed_46.ris")],
        [BIB / "topic-gambling-harms-loneliness-citesource" / "benchmark.ris"],
    ),
}
#: A built set is used only with at least this many relevant records (fewer makes WSS@95 a coin toss).
MIN_RELEVANT = 10


def title_key(title: str) -> str:
    """Lower-case letters and digits of a title (accents folded), for matching across databases."""
    text = unicodedata.normalize("NFKD", str(title or ""))
    return re.sub(r"[^a-z0-9]", "", "".join(c for c in text if not unicodedata.combining(c)).lower())


def _harmonised(files) -> pd.DataFrame:
    sys.path.insert(0, str(ROOT / "src"))
    from review_tools.ingest import ingest_files

    res = ingest_files([str(f) for f in files])
    df = res.records
    cols = ["title", "abstract", "doi"]
    return df[cols].astype("string").fillna("").astype(str)


def build(name: str) -> pd.DataFrame:
    """Build one set from its recipe (see the module docstring for the rule)."""
    exports, refs = RECIPES[name]
    recs = _harmonised(exports)
    recs = recs[(recs["abstract"].str.strip() != "") | (recs["title"].str.split().str.len() >= 4)].copy()
    sys.path.insert(0, str(ROOT / "src"))
    from review_tools.ingest import normalise_doi

    recs["doi_n"] = recs["doi"].map(normalise_doi)
    recs["title_n"] = recs["title"].map(title_key)
    recs = recs[recs["title_n"] != ""]
    recs["key"] = recs["doi_n"].where(recs["doi_n"] != "", "t:" + recs["title_n"])
    recs["ab_len"] = recs["abstract"].str.len()
    recs = recs.sort_values(["key", "ab_len"], ascending=[True, False], kind="stable")
    recs = recs.drop_duplicates("key").drop_duplicates("title_n")
    ref = _harmonised(refs)
    ref_doi = {d for d in ref["doi"].map(normalise_doi) if d}
    ref_title = {t for t in ref["title"].map(title_key) if len(t) >= 20}
    label = recs["doi_n"].isin(ref_doi) | recs["title_n"].isin(ref_title)
    out = pd.DataFrame({"source_id": range(len(recs)), "doi": recs["doi_n"].to_numpy(),
                        "title": recs["title"].to_numpy(), "abstract": recs["abstract"].to_numpy(),
                        "label_included": label.astype(int).to_numpy()})
    return out.sort_values("title", kind="stable").reset_index(drop=True).assign(source_id=lambda d: range(len(d)))


def labelled_sets(include_built: bool = True) -> dict[str, Path]:
    """Name -> CSV path of every labelled set: the shared ones, then the built ones with enough relevant records."""
    sets = {p.stem: p for p in sorted(SHARED_SETS.glob("*.csv"))}
    if include_built:
        BUILT.mkdir(parents=True, exist_ok=True)
        for name, (exports, refs) in RECIPES.items():
            path = BUILT / f"{name}.csv"
            if not path.exists():
                if not exports or not all(p.exists() for p in refs):
                    continue
                build(name).to_csv(path, index=False)
            if int(pd.read_csv(path, usecols=["label_included"])["label_included"].sum()) >= MIN_RELEVANT:
                sets[name] = path
    return sets


if __name__ == "__main__":
    for name, path in labelled_sets().items():
        d = pd.read_csv(path, usecols=["label_included"])
        print(f"{name}: {len(d)} records, {int(d['label_included'].sum())} relevant ({path})")
    for name in RECIPES:
        p = BUILT / f"{name}.csv"
        if p.exists():
            d = pd.read_csv(p, usecols=["label_included"])
            print(f"built {name}: {len(d)} records, {int(d['label_included'].sum())} relevant")
