"""One module per registered stage (:data:`review_tools.pipeline.STAGES`).

Each module has ``run(cfg, corpus_dir, run_dir, **params) -> StageResult``: it reads the corpus
and the artefacts of earlier stages, calls the domain packages (frames in, frames out) and writes
its artefacts through :class:`review_tools.pipeline.StageRecorder`. The stage's notebook is its
parameters, one ``run`` call and the display of the result.
"""
