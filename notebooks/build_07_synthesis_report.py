"""Build notebooks/07-synthesis-report.ipynb (committed without outputs).

Run: .venv/bin/python notebooks/build_07_synthesis_report.py

The notebook has no markdown cells on purpose: the runner renders it (code hidden) into
RUN/report.html, so every output is a section of the report and nothing else.
"""

from _nbbuild import write

CELLS = [
    ("parameters", """review_dir = "review"
corpus_dir = "corpus"
run_dir = "outputs/demo"
region = "5"
period = "2000-2012"
language = "en\""""),
    ("code", """from review_tools import report, synthesis
from review_tools.config import load_review"""),
    ("code", """cfg = load_review(review_dir, corpus_dir=corpus_dir)
artefacts = synthesis.load_artefacts(run_dir)"""),
    ("code", """result = synthesis.synthesise(cfg.recommendations, cfg.codebook, cfg.indicators, artefacts,
                              region, period, language)
written = synthesis.write_outputs(result, run_dir, language)"""),
    ("code", """parameters = dict(review_dir=review_dir, corpus_dir=corpus_dir, run_dir=run_dir, region=region,
                  period=period, language=language)
provenance = report.collect_provenance(artefacts, review_dir, corpus_dir)
sections = report.build_sections(cfg, artefacts, result, language=language, parameters=parameters,
                                 provenance=provenance)"""),
    ("code", """report.display_sections(sections)"""),
]



if __name__ == "__main__":
    write(CELLS, "07-synthesis-report.ipynb")
