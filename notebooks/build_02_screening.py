"""Build notebooks/02-screening.ipynb (committed without outputs). Run: .venv/bin/python notebooks/build_02_screening.py"""

from _nbbuild import write

CELLS = [
    ("parameters", """review_dir = "review"
corpus_dir = "corpus"
run_dir = ""  # empty: an interactive session, working in outputs/_interactive (never in a finished run)
region = "5"
period = "2011-2020"
language = "en"
seed = 0
database = ""
recall_target = 0.95
reviewer = \"\""""),
    ("code", """from review_tools import pipeline
from review_tools.report import stage_page as page
from review_tools.stages import screening"""),
    ("code", """page.text("s02", language, level=1)"""),
    ("code", """page.text("s02_db", language)"""),
    ("code", """cfg, corpus_dir, run_dir = pipeline.open_review(review_dir, corpus_dir, run_dir)
result = screening.run(cfg, corpus_dir, run_dir, database=database, seed=seed, recall_target=recall_target,
                       language=language)
page.messages([result["imported"]], language)"""),
    ("code", """page.text("s02_state", language)"""),
    ("code", """page.table(result["state_counts"], language, ["ta_status", "ta_decision", "ft_decision", "final", "records"],
           values=["ta_status", "ta_decision", "ft_decision", "final"])"""),
    ("code", """page.text("s02_conflicts", language)"""),
    ("code", """columns = ["record_id", "stage", "title", "reviewer", "decision", "reasons", "note"]
reasons = {**screening.reason_labels(cfg, language, "title_abstract"), **screening.reason_labels(cfg, language)}
page.table(result["conflicts_title_abstract"], language, columns, values=["stage", "decision"], maps={"reasons": reasons})"""),
    ("code", """page.table(result["conflicts_full_text"], language, columns, values=["stage", "decision"], maps={"reasons": reasons})"""),
    ("code", """page.text("s02_agreement", language)"""),
    ("code", """page.table(result["agreement"], language, ["stage", "reviewers", "n", "percent_agreement", "cohen_kappa",
                                               "krippendorff_alpha"], values=["stage"])"""),
    ("code", """page.text("s02_ranking", language)"""),
    ("code", """page.table(result["ranking"], language, ["record_id", "rank", "score", "why", "title"], head=15)"""),
    ("code", """page.text("s02_stop", language)"""),
    ("code", """page.facts(result["stopping_estimate"].to_dict(), language, [
    "n_total", "n_screened", "n_relevant_seen", "recall_target", "confidence", "p_value", "stop", "recall_estimate",
    "recall_lower_bound", "irrelevant_in_a_row", "heuristic_n", "heuristic_stop"])"""),
    ("code", """result.figure("stopping")"""),
    ("code", """page.text("s02_prisma", language)"""),
    ("code", """page.facts(result["prisma_counts"], language, [
    "records_per_source", "records_per_kind", "identified", "duplicates_removed", "screened", "excluded_ta",
    "awaiting_ta", "sought", "not_retrieved", "assessed", "excluded_ft", "excluded_ft_by_reason", "awaiting_ft",
    "included", "status_ta", "status_ft"], values=["records_per_kind", "status_ta", "status_ft"],
           maps={"excluded_ft_by_reason": reasons})"""),
    ("code", """result.figure("prisma")"""),
    ("code", """page.text("s02_view", language)"""),
    ("code", """screening.screening_view(result, cfg, reviewer, seed=seed, language=language)"""),
]



if __name__ == "__main__":
    write(CELLS, "02-screening.ipynb")
