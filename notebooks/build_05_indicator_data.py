"""Build notebooks/05-indicator-data.ipynb (committed without outputs). Run: .venv/bin/python notebooks/build_05_indicator_data.py"""

from _nbbuild import write

CELLS = [
    ("parameters", """review_dir = "review"
corpus_dir = "corpus"
run_dir = ""  # empty: an interactive session, working in outputs/_interactive (never in a finished run)
region = "5"
period = "2011-2020"
language = "en\""""),
    ("code", """from review_tools import pipeline
from review_tools.report import stage_page as page
from review_tools.stages import indicator_data"""),
    ("code", """page.text("s05", language, level=1)"""),
    ("code", """cfg, corpus_dir, run_dir = pipeline.open_review(review_dir, corpus_dir, run_dir)
result = indicator_data.run(cfg, corpus_dir, run_dir, period=period, language=language)
page.facts(result.manifest, language, ["period", "indicators", "regions", "rows", "rows_by_level",
                                       "computed_county_rows", "published_county_rows"], values=["rows_by_level"])"""),
    ("code", """page.text("s05_signals", language)"""),
    ("code", """overview = result["signal_overview"].reset_index()
themes = {c.id: c.label.get(language) for c in cfg.codebook.codes}
page.table(overview, language, values=[c for c in overview.columns if c in themes],
           labels={**themes, overview.columns[0]: page.column_label("region", language)})"""),
    ("code", """page.text("s05_citations", language)"""),
    ("code", """titles = {i.id: i.title.get(language) for i in cfg.indicators.indicators}
citations = result["citations"]
page.table(citations.assign(indicator=citations["indicator_id"].map(lambda i: titles.get(i) or i)), language,
           ["indicator", "citation"])"""),
]



if __name__ == "__main__":
    write(CELLS, "05-indicator-data.ipynb")
