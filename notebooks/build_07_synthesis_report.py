"""Build notebooks/07-synthesis-report.ipynb (committed without outputs).

Run: .venv/bin/python notebooks/build_07_synthesis_report.py

The notebook has no markdown cells on purpose: the runner renders it (code hidden) into
RUN/report.html, so every output is a section of the report and nothing else.
"""

from _nbbuild import write

CELLS = [
    ("parameters", """review_dir = "review"
corpus_dir = "corpus"
run_dir = ""  # empty: an interactive session, working in outputs/_interactive (never in a finished run)
region = "5"
period = "2000-2012"
language = "en\""""),
    ("code", """from review_tools import pipeline, report
from review_tools.stages import synthesis_report"""),
    ("code", """parameters = dict(review_dir=review_dir, corpus_dir=corpus_dir, run_dir=run_dir, region=region,
                  period=period, language=language)
cfg, corpus_dir, run_dir = pipeline.open_review(review_dir, corpus_dir, run_dir)
result = synthesis_report.run(cfg, corpus_dir, run_dir, region=region, period=period, language=language,
                              parameters=parameters)"""),
    ("code", """report.display_sections(result["sections"])"""),
]



if __name__ == "__main__":
    write(CELLS, "07-synthesis-report.ipynb")
