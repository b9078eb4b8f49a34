"""Build notebooks/03-coding.ipynb (committed without outputs). Run: .venv/bin/python notebooks/build_03_coding.py"""

from _nbbuild import write

CELLS = [
    ("md", """# 03 · Coding interviews and literature into social-welfare themes

Interview transcripts are read (txt, docx, vtt, srt) and **pseudonymised before anything else reads them**:
names (with Finnish inflected forms), e-mail addresses, phone numbers, henkilötunnus codes, street addresses and
listed organisations become consistent pseudonyms such as `[H3]`. The key stays in `review/keys/` (git-ignored),
never under `outputs/`. Codes come from `review/codebook.yaml`; suggestions (lexicon on lemmas, plus a model
trained on the human codings) are proposals with a score and a reason: only codings a coder made or confirmed
(in the coding view below, or a team's tables in `corpus/coding/`, imported into the review database) count as
evidence. Coders can also mark what a unit describes (a problem, a strength, an improvement or a worsening):
its direction in the synthesis. The included studies get suggestions from their full text where the corpus holds
it, otherwise from title and abstract."""),
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
from review_tools.report.summary import messages
from review_tools.stages import coding"""),
    ("md", "## Read, pseudonymise, suggest and gather the human codings"),
    ("code", """cfg, corpus_dir, run_dir = pipeline.open_review(review_dir, corpus_dir, run_dir)
result = coding.run(cfg, corpus_dir, run_dir, database=database, seed=seed, lexicon_threshold=lexicon_threshold,
                    literature_threshold=literature_threshold, top_k=top_k)
result["summary"]"""),
    ("md", "Messages from reading (files that could not be read are counted above, never dropped silently):"),
    ("code", """messages(result.manifest["notes"])"""),
    ("md", "## Segments (pseudonymised)\nOne row per speaker turn; `segment_id` is `<document>:<turn>` and is what `quote` evidence refers to."),
    ("code", """result["segments"][["segment_id", "informant_group", "speaker", "text"]].head(8)"""),
    ("md", "## Suggestions\nBest first per unit, with the keywords or model features behind each."),
    ("code", """result["suggestions"].head(10)"""),
    ("md", """## Intercoder reliability
On the units every coder read: percent agreement and Cohen's kappa (scikit-learn); Krippendorff's alpha
(`krippendorff`, nominal) with missing data allowed. A unit a coder read and left uncoded counts as "not this
code" for that coder only."""),
    ("code", """result["reliability"]"""),
    ("code", """result.figure("reliability")"""),
    ("md", "Disagreements to discuss:"),
    ("code", """result["disagreements"]"""),
    ("md", "## Theme frequencies by informant group and source"),
    ("code", """result["frequencies"]"""),
    ("code", """result.figure("code_frequencies")"""),
    ("md", "## Co-occurrence of codes"),
    ("code", """result.figure("cooccurrence")"""),
    ("md", "## Best quotes per theme (pseudonymised, with their source)"),
    ("code", """result["quotes"]"""),
    ("md", "## Themes by region"),
    ("code", """result.figure("themes_by_region")"""),
    ("md", "## Artefacts"),
    ("code", """[p.name for p in result.written]"""),
    ("md", """## Coding in JupyterLab
Set `coder` to your id to get the coding view: each segment with its suggestions; accept, reject or add codes and
write memos. Every action is an event in the review database (append-only)."""),
    ("code", """coding.coding_view(result, coder, database, language=language)"""),
    ("md", """## Data extraction and quality appraisal of the included studies
The form comes from `review/extraction.yaml`, the checklist from the protocol's `appraisal`. Set `reviewer` to
your id: pick a study, fill in the fields and the checklist, and save. Only changed values are saved, as events
in the review database; the extraction table below is what the report shows per study."""),
    ("code", 'result["extraction"] if "extraction" in result.tables else "the review has no extraction form"'),
    ("code", """coding.extraction_view(result, reviewer, database, language=language)"""),
]



if __name__ == "__main__":
    write(CELLS, "03-coding.ipynb")

