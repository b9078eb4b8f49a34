"""Build notebooks/01-ingest-dedup.ipynb (committed without outputs). Run: .venv/bin/python notebooks/build_01_ingest_dedup.py"""

from _nbbuild import write

CELLS = [
    ("parameters", """review_dir = "review"
corpus_dir = "corpus"
run_dir = ""  # empty: an interactive session, working in outputs/_interactive (never in a finished run)
region = "5"
period = "2011-2020"
language = "en"
title_probable = 90.0
title_review = 80.0"""),
    ("code", """from review_tools import pipeline
from review_tools.report import stage_page as page
from review_tools.stages import ingest_dedup"""),
    ("code", """page.text("s01", language, level=1)"""),
    ("code", """cfg, corpus_dir, run_dir = pipeline.open_review(review_dir, corpus_dir, run_dir)
result = ingest_dedup.run(cfg, corpus_dir, run_dir, title_probable=title_probable, title_review=title_review,
                          language=language)"""),
    ("code", """page.text("s01_files", language)"""),
    ("code", """page.table(result["files"], language, ["source_id", "file", "format", "encoding", "markers", "records",
                                           "skipped", "notes"])"""),
    ("code", """page.text("s01_counts", language)"""),
    ("code", """page.table(result["source_counts"], language, ["source_name", "kind", "records", "unique_after_dedup",
                                                   "in_deduped", "duplicates_removed"], values=["kind"])"""),
    ("code", """result.figure("sources")"""),
    ("code", """page.facts(result.manifest, language, ["records", "unique_after_dedup", "duplicates_removed",
                                             "duplicate_groups", "groups_by_tier", "review_queue_pairs", "skipped"],
           values=["groups_by_tier"])"""),
    ("code", """page.text("s01_problems", language)"""),
    ("code", """page.messages([*result.manifest["skips"], *result.manifest["warnings"]], language)"""),
    ("code", """page.text("s01_queue", language)"""),
    ("code", """page.table(result["review_queue"], language, ["id_a", "id_b", "score", "reason"], head=20)"""),
]



if __name__ == "__main__":
    write(CELLS, "01-ingest-dedup.ipynb")
