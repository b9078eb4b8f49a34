"""Build notebooks/05-indicator-data.ipynb (committed without outputs). Run: .venv/bin/python notebooks/build_05_indicator_data.py"""

from _nbbuild import write

CELLS = [
    ("md", """# 05 · Indicator data

The review's social-welfare indicators (THL Sotkanet, CC BY 4.0) prepared once for every region: this stage does
not depend on the region, so a batch over all counties runs it once and every region's stage 06 reads its tables.

Municipal data are mapped onto today's borders (mergers 2013–2025 from Statistics Finland's yearly keys).
County values are **published** where a published regional series covers exactly the county's municipalities,
otherwise **computed**: counts summed, rates weighted by population (indicator 127). Counties exist from 2023,
so earlier county values describe today's county area (`reform_break`). Every county and the whole country is
profiled over the period (the rank compares the counties)."""),
    ("parameters", """review_dir = "review"
corpus_dir = "corpus"
run_dir = ""  # empty: an interactive session, working in outputs/_interactive (never in a finished run)
region = "5"
period = "2011-2020"
language = "en\""""),
    ("code", """from review_tools import pipeline
from review_tools.report.summary import summary
from review_tools.stages import indicator_data"""),
    ("code", """cfg, corpus_dir, run_dir = pipeline.open_review(review_dir, corpus_dir, run_dir)
result = indicator_data.run(cfg, corpus_dir, run_dir, period=period, language=language)
summary(result.manifest)"""),
    ("md", """## Theme signals of every county and the whole country
Direction-aware signal of each theme's indicators over the period: better / worse when more of its indicators
have a significant trend (5 %) in that direction, mixed when equally many, no clear change otherwise."""),
    ("code", """result["signal_overview"]"""),
    ("md", "## Citations (CC BY 4.0)"),
    ("code", """result["citations"]"""),
]



if __name__ == "__main__":
    write(CELLS, "05-indicator-data.ipynb")
