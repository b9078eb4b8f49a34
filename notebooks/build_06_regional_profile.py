"""Build notebooks/06-regional-profile.ipynb (committed without outputs). Run: .venv/bin/python notebooks/build_06_regional_profile.py"""

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
from review_tools.stages import regional_profile"""),
    ("code", """page.text("s06", language, level=1)"""),
    ("code", """cfg, corpus_dir, run_dir = pipeline.open_review(review_dir, corpus_dir, run_dir)
result = regional_profile.run(cfg, corpus_dir, run_dir, region=region, period=period, language=language)
page.facts(result.manifest, language, ["region_name", "period", "indicators", "signals", "social_reports",
                                       "phenomena_rows"], values=["signals"])"""),
    ("code", """page.text("s06_profile", language)"""),
    ("code", """page.table(result["profile"], language, [
    "indicator", "year", "value", "unit", "country_value", "gap", "change", "rank", "n_regions", "spread", "signal",
    "better", "computed"], values=["unit", "signal", "better", "computed"])"""),
    ("code", """themes = {c.id: c.label.get(language) for c in cfg.codebook.codes}
signals = result["theme_signals"]
page.table(signals.assign(theme=signals["theme"].map(lambda c: themes.get(c, c))), language,
           ["theme", "signal", "n_better", "n_worse", "n_unclear"], values=["signal"])"""),
    ("code", """page.text("s06_trends", language)"""),
    ("code", """result.figure("trends")"""),
    ("code", """page.text("s06_all", language)"""),
    ("code", """result.figure("heat_table")"""),
    ("code", """result.figure("tile_map_indicator")"""),
    ("code", """result.figure("tile_map_theme")"""),
    ("code", """page.text("s06_phenomena", language)"""),
    ("code", """phenomena = result["regional_phenomena"]
page.table(phenomena.assign(theme=phenomena["theme"].map(lambda c: themes.get(c, c))), language, [
    "phenomenon", "county_code", "theme", "n_reports", "indicator", "year", "value", "country_value", "change",
    "signal"], values=["signal"], maps={"phenomenon": result.extra["phenomenon_labels"]})"""),
    ("code", """page.text("s06_signals", language)"""),
    ("code", """page.table(result["signals"], language, [
    "indicator", "unit", "region_name", "year", "value", "country_value", "level_vs_country", "trend_over_period",
    "rank", "n_ranked", "rank_among", "rank_note"], values=["unit", "level_vs_country", "trend_over_period", "rank_among"])"""),
    ("code", """titles = {i.id: i.title.get(language) for i in cfg.indicators.indicators}
breakdowns = result["signal_breakdowns"]
page.table(breakdowns.assign(indicator=breakdowns["indicator_id"].map(lambda i: titles.get(i) or i)), language, [
    "breakdown", "category", "indicator", "year", "value", "level_vs_country", "trend_over_period"],
           values=["breakdown", "level_vs_country", "trend_over_period"])"""),
    ("code", """page.table(result["signal_phenomena"], language, [
    "phenomenon", "n_reports", "indicator", "year", "value", "level_vs_country", "trend_over_period", "link_reason"],
           values=["level_vs_country", "trend_over_period"], maps={"phenomenon": result.extra["phenomenon_labels"]})"""),
    ("code", """page.messages(result.manifest["warnings"], language)"""),
    ("code", """result.figure("signal_trends")"""),
]



if __name__ == "__main__":
    write(CELLS, "06-regional-profile.ipynb")
