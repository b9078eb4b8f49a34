"""Build notebooks/01-ingest-dedup.ipynb (committed without outputs). Run: .venv/bin/python notebooks/build_01_ingest_dedup.py"""

from _nbbuild import write

CELLS = [
    ("md", """# 01 · Ingest and deduplicate the literature searches

Reads every export listed under `sources` in the review protocol (RIS, BibTeX, PubMed MEDLINE, Web of Science,
CSV/TSV/XLSX), maps them to one record schema, and removes duplicates: exact DOI/PMID keys plus fuzzy title and
author matching within blocks. Certain and probable duplicates are merged (keeping the most complete value of
each field and every source's provenance); uncertain pairs go to a review queue instead of being merged,
because a false merge silently loses a study."""),
    ("parameters", """review_dir = "review"
corpus_dir = "corpus"
run_dir = ""  # empty: an interactive session, working in outputs/_interactive (never in a finished run)
region = "5"
period = "2011-2020"
language = "en"
title_probable = 90.0
title_review = 80.0"""),
    ("code", """from review_tools import pipeline
from review_tools.report.summary import file_name, messages, summary
from review_tools.stages import ingest_dedup"""),
    ("code", """cfg, corpus_dir, run_dir = pipeline.open_review(review_dir, corpus_dir, run_dir)
result = ingest_dedup.run(cfg, corpus_dir, run_dir, title_probable=title_probable, title_review=title_review)"""),
    ("md", "## How each file was read\nRecord markers are counted independently of the parser; records read + skipped = markers."),
    ("code", """result["files"][["source_id", "file", "format", "encoding", "markers", "records", "skipped", "notes"]].assign(
    file=lambda d: d["file"].map(file_name))"""),
    ("md", "## Records per source and duplicates removed"),
    ("code", """result["source_counts"]"""),
    ("code", """result.figure("sources")"""),
    ("code", """summary(result.manifest, ("records", "unique_after_dedup", "duplicates_removed", "duplicate_groups",
                           "groups_by_tier", "review_queue_pairs", "skipped"))"""),
    ("md", "## Problems found while reading\nEvery skipped entry and every warning, with file and line."),
    ("code", """messages(result.manifest["skips"], result.manifest["warnings"])"""),
    ("md", "## Review queue\nPairs that look alike but were not merged, with the rule that held them apart. The screening notebook shows them too."),
    ("code", """result["review_queue"].head(20)"""),
]



if __name__ == "__main__":
    write(CELLS, "01-ingest-dedup.ipynb")
