"""Rebuild the screening test fixture from the care-leavers review export (CC BY 4.0).

Records: the first 40 entries of ../shared/data/bibliography/topic-care-leavers-review/
care-leaver-review-references.bib (title, abstract, authors, year, journal, doi as exported).
Decisions: reviewer "anna" uses the real full-text exclusion reasons of the review's `annote`
field; reviewer "bertil" is synthetic (seeded disagreements), as in the demo corpus.
Run: .venv/bin/python tests/data/screening/build_fixture.py
"""

from pathlib import Path

import bibtexparser
import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
BIB = HERE.parents[3] / "shared" / "data" / "bibliography" / "topic-care-leavers-review" / "care-leaver-review-references.bib"
REASONS = {
    "No intervention": "no_intervention", "Wrong study design": "wrong_design",
    "Wrong population": "wrong_population", "Study protocol": "protocol",
    "Wrong outcomes": "wrong_outcomes", "Study abstract / summary": "abstract_only",
}


def clean(s):
    return " ".join(str(s or "").replace("{", "").replace("}", "").split())


def main():
    entries = bibtexparser.loads(BIB.read_text(encoding="utf-8")).entries[:40]
    rng = np.random.RandomState(4)
    recs, decs = [], []
    t = 0
    for e in entries:
        rid = e["ID"]
        authors = "; ".join(clean(a) for a in e.get("author", "").split(" and ") if a.strip())
        recs.append({"record_id": rid, "source_id": "zotero", "title": clean(e.get("title")),
                     "abstract": clean(e.get("abstract")), "authors": authors, "year": e.get("year", ""),
                     "journal": clean(e.get("journal")), "volume": e.get("volume", ""), "issue": e.get("number", ""),
                     "pages": e.get("pages", "").replace("--", "-"), "doi": e.get("doi", ""),
                     "keywords": "", "merged_ids": rid, "sources": "zotero", "n_sources": 1})
        note = e.get("annote", "")
        reason = next((code for text, code in REASONS.items() if f"Exclusion reason: {text}" in note), None)
        if reason is None and rng.rand() < 0.5:
            ta = {"anna": "exclude", "bertil": "exclude" if rng.rand() < 0.85 else "include"}
        else:
            ta = {"anna": "include", "bertil": "include" if rng.rand() < 0.9 else "maybe"}
        for who, d in ta.items():
            t += 1
            decs.append({"record_id": rid, "stage": "title_abstract", "reviewer": who, "decision": d,
                         "reasons": "", "note": "", "created_at": f"2024-03-01T10:{t // 60:02d}:{t % 60:02d}+00:00"})
        if ta["anna"] == "include":
            for who in ("anna", "bertil"):
                t += 1
                if reason is None:
                    d, r = "include", ""
                else:
                    d, r = "exclude", reason
                    if who == "bertil" and rng.rand() < 0.15:
                        d, r = "include", ""
                decs.append({"record_id": rid, "stage": "full_text", "reviewer": who, "decision": d, "reasons": r,
                             "note": "", "created_at": f"2024-04-01T10:{t // 60:02d}:{t % 60:02d}+00:00"})
    pd.DataFrame(recs).to_csv(HERE / "deduped.csv", index=False)
    pd.DataFrame(decs).to_csv(HERE / "seed_decisions.csv", index=False)
    pd.DataFrame([{"source_id": "zotero", "source_name": "Zotero export", "kind": "database",
                   "records": 46, "unique_after_dedup": 40}]).to_csv(HERE / "source_counts.csv", index=False)


if __name__ == "__main__":
    main()
