"""Build notebooks/03-coding.ipynb (committed without outputs). Run: .venv/bin/python notebooks/build_03_coding.py"""

from _nbbuild import write

CELLS = [
    ("parameters", """review_dir = "review"
corpus_dir = "corpus"
run_dir = ""  # empty: an interactive session, working in outputs/_interactive (never in a finished run)
region = "5"
period = "2011-2020"
language = "en"
database = ""
seed = 0
lexicon_threshold = 0.75
literature_threshold = 0.5
top_k = 3
coder = ""
reviewer = \"\""""),
    ("code", """from review_tools import pipeline
from review_tools.report import stage_page as page
from review_tools.stages import coding"""),
    ("code", """page.text("s03", language, level=1)"""),
    ("code", """page.text("s03_read", language)"""),
    ("code", """cfg, corpus_dir, run_dir = pipeline.open_review(review_dir, corpus_dir, run_dir)
result = coding.run(cfg, corpus_dir, run_dir, database=database, seed=seed, lexicon_threshold=lexicon_threshold,
                    literature_threshold=literature_threshold, top_k=top_k, language=language)
page.table(result["summary"], language, ["item", "value"], values=["item"])"""),
    ("code", """page.messages(result.manifest["notes"], language)"""),
    ("code", """page.text("s03_segments", language)"""),
    ("code", """page.table(result["segments"], language, ["segment_id", "informant_group", "speaker", "text"],
           values=["informant_group"], head=8)"""),
    ("code", """page.text("s03_suggestions", language)"""),
    ("code", """page.table(result["suggestions"], language, ["unit_id", "code", "score", "reason"], head=10)"""),
    ("code", """page.text("s03_reliability", language)"""),
    ("code", """page.table(result["reliability"], language, ["code", "percent_agreement", "cohen_kappa", "krippendorff_alpha",
                                                 "n_units"])"""),
    ("code", """result.figure("reliability")"""),
    ("code", """page.text("s03_disagreements", language)"""),
    ("code", """page.table(result["disagreements"], language, ["unit_id", "code", "coders_with", "coders_without", "text"])"""),
    ("code", """page.text("s03_frequencies", language)"""),
    ("code", """page.table(result["frequencies"], language, ["code", "source_type", "informant_group", "n_units"],
           values=["source_type", "informant_group"])"""),
    ("code", """result.figure("code_frequencies")"""),
    ("code", """page.text("s03_cooccurrence", language)"""),
    ("code", """result.figure("cooccurrence")"""),
    ("code", """page.text("s03_quotes", language)"""),
    ("code", """page.table(result["quotes"], language, ["quote_id", "code", "text", "document_id", "informant_group", "region",
                                            "score"], values=["informant_group"])"""),
    ("code", """page.text("s03_regions", language)"""),
    ("code", """result.figure("themes_by_region")"""),
    ("code", """page.text("s03_artefacts", language)"""),
    ("code", """page.messages([p.name for p in result.written], language)"""),
    ("code", """page.text("s03_view", language)"""),
    ("code", """coding.coding_view(result, coder, database, language=language)"""),
    ("code", """page.text("s03_extraction", language)"""),
    ("code", """form = cfg.extraction.fields if cfg.extraction else []
page.table(result["extraction"] if "extraction" in result.tables else None, language,
           labels={f.id: f.label.get(language) for f in form}, values=["complete"],
           maps={f.id: {c.value: c.label.get(language) for c in f.choices} for f in form if f.choices})"""),
    ("code", """coding.extraction_view(result, reviewer, database, language=language)"""),
]



if __name__ == "__main__":
    write(CELLS, "03-coding.ipynb")

