"""Build notebooks/06-regional-profile.ipynb (committed without outputs). Run: .venv/bin/python notebooks/build_06_regional_profile.py"""

from _nbbuild import write

CELLS = [
    ("md", """# 06 · Regional profile

How the chosen wellbeing services county (*hyvinvointialue*) stands on the review's social-welfare indicators
(THL Sotkanet, CC BY 4.0), how that has changed over the period, and how far it is from the whole country; then
each phenomenon of the social reports (read, pseudonymised and coded once by stage 04) beside the indicators of
its themes in the same county. The data and the profiles of every county come from stage 05."""),
    ("parameters", """review_dir = "review"
corpus_dir = "corpus"
run_dir = ""  # empty: an interactive session, working in outputs/_interactive (never in a finished run)
region = "5"
period = "2011-2020"
language = "en\""""),
    ("code", """from review_tools import pipeline
from review_tools.report.summary import messages, summary
from review_tools.stages import regional_profile"""),
    ("code", """cfg, corpus_dir, run_dir = pipeline.open_review(review_dir, corpus_dir, run_dir)
result = regional_profile.run(cfg, corpus_dir, run_dir, region=region, period=period, language=language)
summary(result.manifest)"""),
    ("md", """## Regional profile
One row per indicator: `value` in the latest year of the period with data, `change` since the first year,
`trend_slope` per year, `gap` to the whole country, `rank` among the counties (1 = best), `spread` between the
county's municipalities, and the direction-aware `signal` (a trend significant at 5 % in the good or bad direction)."""),
    ("code", """result["profile"]"""),
    ("code", """result["theme_signals"]"""),
    ("md", "## Trends: county, whole country and municipalities"),
    ("code", """result.figure("trends")"""),
    ("md", "## All counties\nGreen is better than the country, red worse (for context indicators no colour); `*` marks computed values."),
    ("code", """result.figure("heat_table")"""),
    ("code", """result.figure("tile_map_indicator")"""),
    ("code", """result.figure("tile_map_theme")"""),
    ("md", """## Each reported phenomenon beside the indicators of its themes, same county
The reports come from `04-social-reports/social_reports.csv` (pseudonymised and coded there); for the whole
country every county's phenomena are listed."""),
    ("code", """result["regional_phenomena"]"""),
    ("md", """## Indicator signals (Diak panel of the disadvantage indicators)
One row per indicator for the region (a county, a municipality, Helsinki or the whole country): the level against
the whole country, against its own county (a municipality) or similar counties (a county), the trend over the period
with its 95 % confidence interval, and the rank among the 21 wellbeing services counties (Helsinki shown beside
them, Åland not ranked: it has no data in the panel). Index series: median region = 100."""),
    ("code", """result["signals"]"""),
    ("code", """result["signal_breakdowns"]"""),
    ("code", """result["signal_phenomena"]"""),
    ("code", """messages(result.manifest["warnings"])"""),
    ("code", """result.figure("signal_trends")"""),
]



if __name__ == "__main__":
    write(CELLS, "06-regional-profile.ipynb")
