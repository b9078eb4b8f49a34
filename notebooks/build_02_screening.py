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
run_dir = "outputs/demo"
region = "5"
period = "2000-2012"
language = "en"
seed = 0
database = ""
recall_target = 0.95
reviewer = \"\""""),
    ("code", """from review_tools import config
from review_tools.screening import agreement, events, prisma, stage, stopping, widget"""),
    ("md", "## The review and its database\nThe database path comes from the protocol (`database`) unless the `database` parameter is set."),
    ("code", """cfg = config.load_review(review_dir, corpus_dir=corpus_dir)
conn = stage.open_review_database(cfg, database)
records = stage.read_screening_set(run_dir)
new_records = events.import_records(conn, records)
new_events = stage.import_seed_decisions(conn, corpus_dir, cfg)
print(f"{len(records)} records in the screening set ({new_records} new); {new_events} seed decisions imported")"""),
    ("md", "## Where screening stands\nOne row per record: the final title/abstract and full-text decisions (blank while pending)."),
    ("code", """state = events.screening_state(conn, protocol=cfg.protocol)
state.groupby(["ta_decision", "ft_decision", "final"], dropna=False).size().rename("records").reset_index()"""),
    ("md", "## Conflicts between reviewers\nRecords on which the reviewers disagree and that are not yet resolved."),
    ("code", """events.conflicts(conn, "title_abstract")"""),
    ("code", """events.conflicts(conn, "full_text")"""),
    ("md", "## Agreement between reviewers\nPercent agreement, Cohen's kappa (scikit-learn) and Krippendorff's alpha (records seen by one reviewer count as missing)."),
    ("code", """decisions = events.reviewer_decisions(conn)
agreement_table = agreement.agreement_table(decisions)
agreement_table"""),
    ("md", "## Ranking of the unscreened records\nThe active-learning ranker orders what is left by the chance of inclusion, with the terms that raise each score."),
    ("code", """ranking = stage.rank_unscreened(conn, random_state=seed)
ranking.head(15)"""),
    ("md", "## When to stop\nThe hypergeometric stopping rule (Callaghan & Müller-Hansen 2020) with an estimated recall, beside the \"N irrelevant in a row\" heuristic."),
    ("code", """estimate = stage.stopping_estimate(conn, recall_target=recall_target)
estimate.to_dict()"""),
    ("md", "## Artefacts and the PRISMA 2020 flow diagram"),
    ("code", """result = stage.write_stage_artefacts(conn, cfg, run_dir, corpus_dir=corpus_dir, language=language,
                                    random_state=seed, ranking=ranking)
result["prisma"]"""),
    ("code", """prisma.prisma_figure(result["prisma"], reason_labels=stage.reason_labels(cfg, language), language=language)"""),
    ("code", """stopping.stopping_figure(stage.screening_sequence(conn), len(records), recall_target=recall_target)"""),
    ("md", """## Screening in JupyterLab
Set `reviewer` to your id (one of the protocol's reviewers) to get your screening view; you see only your own
decisions. Keys: `i` include, `e` exclude, `m` maybe, `u` undo. Every click is saved at once and the view says
what was saved. Set `database` to the shared review database so two kernels can screen at once."""),
    ("code", """widget.screening_view(cfg, reviewer, database, stage="title_abstract", language=language,
                      random_state=seed, corpus_dir=corpus_dir)"""),
]



if __name__ == "__main__":
    write(CELLS, "02-screening.ipynb")
