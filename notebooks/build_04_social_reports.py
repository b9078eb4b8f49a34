"""Build notebooks/04-social-reports.ipynb (committed without outputs). Run: .venv/bin/python notebooks/build_04_social_reports.py"""

from _nbbuild import write

CELLS = [
    ("parameters", """review_dir = "review"
corpus_dir = "corpus"
run_dir = ""  # empty: an interactive session, working in outputs/_interactive (never in a finished run)
region = "5"
period = "2011-2020"
language = "en"
report_top_k = 3
database = ""
coder = \"\""""),
    ("code", """from review_tools import pipeline
from review_tools.report import stage_page as page
from review_tools.stages import social_reports"""),
    ("code", """page.text("s04", language, level=1)"""),
    ("code", """cfg, corpus_dir, run_dir = pipeline.open_review(review_dir, corpus_dir, run_dir)
result = social_reports.run(cfg, corpus_dir, run_dir, report_top_k=report_top_k, language=language)
page.facts(result.manifest, language, ["rows_read", "accepted", "rejected", "pseudonymisation"],
           values=["pseudonymisation"])"""),
    ("code", """page.text("s04_rejected", language)"""),
    ("code", """rejected = result["rejected"]
page.table(rejected.assign(problem=[page.problems_text(p, language) for p in rejected["problem"]]), language,
           ["file", "row", "problem"])"""),
    ("code", """page.text("s04_county", language)"""),
    ("code", """result.figure("reports_by_county")"""),
    ("code", """page.text("s04_summary", language)"""),
    ("code", """page.table(result["summary"], language, [
    "phenomenon", "county_code", "half_year", "affected_group", "n_reports", "n_problem", "n_good_practice",
    "n_weak_signal", "n_rising", "n_high_urgency", "clients_seen", "codes"],
           maps={"phenomenon": result.extra["phenomenon_labels"]})"""),
    ("code", """page.text("s04_loop", language)"""),
    ("code", """result.figure("reports_by_need_category")"""),
    ("code", """result.figure("reports_by_municipality")"""),
    ("code", """result.figure("reports_by_half_year")"""),
    ("code", """result.figure("reports_by_processing_status")"""),
    ("code", """from review_tools.report.social_loop import value_label

table = result["breakdowns"]
page.table(table.assign(value=[value_label(d, x, language) for d, x in zip(table["dimension"], table["value"], strict=True)]),
           language, ["dimension", "value", "n_reports", "n_problem", "n_good_practice", "n_weak_signal", "share"],
           values=["dimension"])"""),
    ("code", """page.text("s04_process", language)"""),
    ("code", """page.table(result["process"], language, ["unit", "half_year", "n_reports", "n_processed", "share_processed",
                                             "n_fed_back", "share_fed_back"])"""),
    ("code", """page.text("s04_feedback", language)"""),
    ("code", """from review_tools.report.social_loop import item_label

table = result["feedback"]
labels = {**social_reports.feedback_labels(cfg, language), "phenomenon": result.extra["phenomenon_labels"]}
page.table(table.assign(item=[item_label(k, x, language, labels) for k, x in zip(table["kind"], table["item"], strict=True)]),
           language, ["reporter_group", "kind", "item", "n_reports"], values=["reporter_group", "kind"])"""),
    ("code", """page.text("s04_coding", language)"""),
    ("code", """social_reports.report_coding_view(cfg, result, coder, database, language=language)"""),
]



if __name__ == "__main__":
    write(CELLS, "04-social-reports.ipynb")
