"""Build notebooks/05-indicators.ipynb (committed without outputs). Run: .venv/bin/python notebooks/build_05_indicators.py"""

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

CELLS = [
    ("md", """# 05 · Regional indicators

How the chosen wellbeing services county (*hyvinvointialue*) stands on the review's social-welfare indicators
(THL Sotkanet, CC BY 4.0), how that has changed over the period, and how far it is from the whole country; then
each phenomenon of the social reports (read, pseudonymised and coded once by stage 04) beside the indicators of
its themes in the same county.

Municipal data are mapped onto today's borders (mergers 2013–2025 from Statistics Finland's yearly keys).
County values are **published** where a published regional series covers exactly the county's municipalities,
otherwise **computed**: counts summed, rates weighted by population (indicator 127). Counties exist from 2023,
so earlier county values describe today's county area (`reform_break`)."""),
    ("parameters", """review_dir = "review"
corpus_dir = "corpus"
run_dir = "outputs/demo"
region = "5"
period = "2000-2012"
language = "en\""""),
    ("code", """from review_tools.indicators import stage"""),
    ("code", """result = stage.run_stage(review_dir, corpus_dir, run_dir, region=region, period=period, language=language)
result.manifest"""),
    ("md", """## Regional profile
One row per indicator: `value` in the latest year of the period with data, `change` since the first year,
`trend_slope` per year, `gap` to the whole country, `rank` among the counties (1 = best), `spread` between the
county's municipalities, and the direction-aware `signal` (a trend significant at 5 % in the good or bad direction)."""),
    ("code", """result.stage.profile"""),
    ("code", """result.stage.theme_signals"""),
    ("md", "## Trends: county, whole country and municipalities"),
    ("code", """result.figure("trends")"""),
    ("md", "## All counties\nGreen is better than the country, red worse (for context indicators no colour); `*` marks computed values."),
    ("code", """result.figure("heat_table")"""),
    ("code", """result.figure("tile_map_indicator")"""),
    ("code", """result.figure("tile_map_theme")"""),
    ("md", """## Each reported phenomenon beside the indicators of its themes, same county
The reports come from `04-social-reports/social_reports.csv` (pseudonymised and coded there); for the whole
country every county's phenomena are listed."""),
    ("code", """result.regional_phenomena()"""),
    ("md", "## Citations (CC BY 4.0)"),
    ("code", """result.stage.citations"""),
]


def build() -> nbformat.NotebookNode:
    nb = new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    for kind, src in CELLS:
        if kind == "md":
            nb.cells.append(new_markdown_cell(src))
        else:
            cell = new_code_cell(src)
            if kind == "parameters":
                cell.metadata["tags"] = ["parameters"]
            nb.cells.append(cell)
    return nb


if __name__ == "__main__":
    out = Path(__file__).resolve().parent / "05-indicators.ipynb"
    nbformat.write(build(), out)
