"""Build notebooks/02-screening.ipynb (committed without outputs). Run: .venv/bin/python notebooks/build_02_screening.py"""

from _nbbuild import write

CELLS = [
    ("md", """# 02 · Screening

Title/abstract and full-text screening of the deduplicated records from `01-ingest-dedup`.
Every decision is an event in the review database (append-only, one transaction per decision), so the
current state below is derived from the whole audit trail. Reviewers screen blind to each other; conflicts
are resolved by consensus or a third reviewer and recorded as events too."""),
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
from review_tools.report.summary import summary
from review_tools.stages import screening"""),
    ("md", "## The review and its database\nThe database path comes from the protocol (`database`) unless the `database` parameter is set."),
    ("code", """cfg, corpus_dir, run_dir = pipeline.open_review(review_dir, corpus_dir, run_dir)
result = screening.run(cfg, corpus_dir, run_dir, database=database, seed=seed, recall_target=recall_target,
                       language=language)
print(result["imported"])"""),
    ("md", "## Where screening stands\nOne row per record: the final title/abstract and full-text decisions (blank while pending)."),
    ("code", """result["state_counts"]"""),
    ("md", "## Conflicts between reviewers\nRecords on which the reviewers disagree and that are not yet resolved."),
    ("code", """result["conflicts_title_abstract"]"""),
    ("code", """result["conflicts_full_text"]"""),
    ("md", "## Agreement between reviewers\nPercent agreement, Cohen's kappa (scikit-learn) and Krippendorff's alpha (records seen by one reviewer count as missing)."),
    ("code", """result["agreement"]"""),
    ("md", "## Ranking of the unscreened records\nThe active-learning ranker orders what is left by the chance of inclusion, with the terms that raise each score."),
    ("code", """result["ranking"].head(15)"""),
    ("md", "## When to stop\nThe hypergeometric stopping rule (Callaghan & Müller-Hansen 2020) with an estimated recall, beside the \"N irrelevant in a row\" heuristic."),
    ("code", """summary(result["stopping_estimate"].to_dict())"""),
    ("code", """result.figure("stopping")"""),
    ("md", "## The PRISMA 2020 flow diagram"),
    ("code", """summary(result["prisma_counts"])"""),
    ("code", """result.figure("prisma")"""),
    ("md", """## Screening in JupyterLab
Each reviewer opens the view with their own reviewer id (parameter `reviewer`, one of the protocol's reviewers; they see
only their own decisions). Keys: `i` include, `e` exclude, `m` maybe, `u` undo. Every click is saved at once and the
view says what was saved. Set `database` to the shared review database so two kernels can screen at once."""),
    ("code", """screening.screening_view(result, cfg, reviewer, seed=seed, language=language)"""),
]



if __name__ == "__main__":
    write(CELLS, "02-screening.ipynb")
