"""Build notebooks/04-social-reports.ipynb (committed without outputs). Run: .venv/bin/python notebooks/build_04_social_reports.py"""

from _nbbuild import write

CELLS = [
    ("md", """# 04 · Social reports

What professionals report from client work (social reports, SHL 7 §), read from the form export,
validated field by field, pseudonymised with the review's key and coded into the codebook's themes.
This stage does not depend on the region: a batch of runs does it once and every run reuses it; stage 05
puts the reports beside the indicators of the run's county."""),
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
from review_tools.report.summary import summary
from review_tools.stages import social_reports"""),
    ("code", """cfg, corpus_dir, run_dir = pipeline.open_review(review_dir, corpus_dir, run_dir)
result = social_reports.run(cfg, corpus_dir, run_dir, report_top_k=report_top_k, language=language)
summary(result.manifest)"""),
    ("md", """## Rejected rows
Rows of the export that failed a check (spreadsheet row numbers, header = row 1); they are left out of
everything that follows."""),
    ("code", """result["rejected"]"""),
    ("md", """## Reports by county and observation type"""),
    ("code", """result.figure("reports_by_county")"""),
    ("md", """## Summary by phenomenon, county, half-year and affected group
Human `welfare_codes` are kept; reports without them get the lexicon suggestions (`code_origin`)."""),
    ("code", """result["summary"]"""),
    ("md", """## The reporting loop: reports by need category, municipality, half-year and processing status
Each breakdown is split by observation type (figure, and the same numbers as a table). A report naming several
SHL 11 § need categories counts under each."""),
    ("code", """result.figure("reports_by_need_category")"""),
    ("code", """result.figure("reports_by_municipality")"""),
    ("code", """result.figure("reports_by_half_year")"""),
    ("code", """result.figure("reports_by_processing_status")"""),
    ("code", """result["breakdowns"]"""),
    ("md", """## Process indicators
Reports per half-year and reporting unit, the share processed (analysed or further) and the share fed back to
the reporter (the export's feedback date; missing when the export does not record it)."""),
    ("code", """result["process"]"""),
    ("md", """## Feedback to the reporter groups
What each reporter group reported, what the reports were joined with (themes, indicators of those themes) and
which recommendations use them: counts only. One page per group is written beside the artefacts."""),
    ("code", """result["feedback"]"""),
    ("code", """summary(result.manifest["feedback_pages"], header=("Reporter role", "Feedback page"))"""),
    ("md", """## Coding the reports
Set `coder` to your id to get the coding view on the reports: mark what each report describes (a problem, a
strength, an improvement or a worsening: its direction in the synthesis, in place of the form's observation
type), confirm suggested codes or add your own. Suggested codes count as evidence only once a coder confirms them.
Every action is saved at once in the review database; the next run's coding stage reads it."""),
    ("code", """social_reports.report_coding_view(cfg, result, coder, database, language=language)"""),
]



if __name__ == "__main__":
    write(CELLS, "04-social-reports.ipynb")
