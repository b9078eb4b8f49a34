"""Stage 03-coding: read and pseudonymise the interviews, gather human codings, suggest, code, analyse, write."""

from __future__ import annotations

import logging
import warnings
from pathlib import Path

import pandas as pd

from ..coding import reliability
from ..coding.results import HUMAN_COLUMNS, CodingResult, code_units, known_codings
from ..config import ReviewConfig
from ..errors import ReviewToolsWarning
from ..pipeline import StageRecorder, StageResult
from ..pseudonymise import review_pseudonymiser
from ..readers.transcripts import attach_informants, read_transcripts, transcript_files
from ..report.i18n import VALUES, t
from ..report.stage_page import figure_text

log = logging.getLogger(__name__)
STAGE = "03-coding"
TABLES = (("segments", "segments.csv"), ("codings", "codings.csv"), ("frequencies", "code_frequencies.csv"),
          ("cooccurrence", "cooccurrence.csv"), ("quotes", "quotes.csv"), ("by_region", "themes_by_region.csv"),
          ("suggestions", "suggestions.csv"))



def read_interviews(cfg: ReviewConfig, corpus: Path, pseudonymiser=None) -> tuple[pd.DataFrame, dict, list[str]]:
    """Read the transcripts of ``corpus/interviews/`` and of the informants; attach informant metadata.

    With a ``pseudonymiser`` the documents get their pseudonymous ids (``INT01`` ...) before they are
    read, so no message or table names a file (a file name may identify a person).
    Returns the speaker turns (not yet pseudonymised), the reading summary and the warnings as notes.
    """
    files = [corpus / inf.transcript for inf in (cfg.informants.informants if cfg.informants else []) if inf.transcript]
    interview_dir = corpus / "interviews"
    sources = ([interview_dir] if interview_dir.is_dir() else []) + [f for f in files if interview_dir not in f.parents]
    doc_ids = pseudonymiser.document_ids(transcript_files(sources)) if sources and pseudonymiser is not None else None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ReviewToolsWarning)
        raw, read_summary = read_transcripts(sources, on_error="warn", document_ids=doc_ids) if sources else (
            pd.DataFrame(columns=["document_id", "segment_id", "speaker", "text", "source_file"]),
            {"files": 0, "read": 0, "failed": [], "segments": 0})
        raw = attach_informants(raw, cfg.informants) if len(raw) else raw
    return raw, read_summary, [str(w.message) for w in caught]


def read_human_codings(cfg: ReviewConfig, corpus: Path, database: str | None) -> tuple[list[pd.DataFrame], list[str]]:
    """Human codings from the review database and from ``corpus/coding/*.csv`` (``unit_id, coder, code, origin``)."""
    frames, notes = [], []
    from .. import db

    db_path = db.locate(database) if database else cfg.database_path
    if db.exists(db_path):
        from ..coding.events import current_codings, reliability_codings
        from ..db import connect

        conn = connect(db_path, readonly=True)
        try:
            cur = current_codings(conn)
            rc = reliability_codings(conn)
        finally:
            conn.close()
        if len(rc):
            origin = {(u, k, c): o for u, k, c, o in zip(cur["unit_id"], cur["coder"], cur["code"], cur["origin"],
                                                        strict=True)}
            rc["origin"] = [origin.get((u, k, c), "human") for u, k, c in zip(rc["unit_id"], rc["coder"], rc["code"],
                                                                             strict=True)]
            frames.append(rc)
            notes.append(f"{db_path.name}: {len(cur)} standing codings")
    coding_dir = corpus / "coding"
    for csv in sorted(coding_dir.glob("*.csv")) if coding_dir.is_dir() else []:
        df = pd.read_csv(csv, dtype=str, keep_default_na=False)
        if not {"unit_id", "coder", "code"} <= set(df.columns):
            notes.append(f"{csv}: skipped (needs columns unit_id, coder, code)")
            continue
        frames.append(df[["unit_id", "coder", "code"]].assign(origin="human"))
        notes.append(f"{csv.name}: {len(df)} rows")
    return frames, notes


def run(cfg: ReviewConfig, corpus_dir, run_dir, *, database: str = "", seed: int = 0, lexicon_threshold: float = 0.75,
        literature_threshold: float = 0.5, top_k: int = 3, key_path=None, progress: bool = True,
        language: str = "en") -> StageResult:
    """Run the coding stage and write ``RUN/artefacts/03-coding/``.

    Reads the interviews (``corpus/interviews/`` and the informants' transcripts), pseudonymises
    them before anything else reads the text (the key, ``review/keys/pseudonyms.json`` unless
    ``key_path``, is saved), gathers the human codings (review database and ``corpus/coding/*.csv``),
    codes ``02-screening/included.csv`` when present, and writes the tables, figures and manifest.

    Parameters
    ----------
    cfg : ReviewConfig
        The review.
    corpus_dir, run_dir : path-like
        The read-only corpus and this run's folder.
    database : str
        Review database with coding events (default: the protocol's, if it exists).
    seed : int
        Seed of the suggestion model.
    lexicon_threshold, literature_threshold, top_k
        See :func:`review_tools.coding.results.code_units`.
    key_path : path-like, optional
        Pseudonym key (default ``<review>/keys/pseudonyms.json``).
    progress : bool
        Show progress bars.
    language : str
        Language of the figures' code labels and text alternatives (``fi``, ``sv``, ``en``).

    Returns
    -------
    StageResult
        Tables ``summary``, ``segments``, ``suggestions``, ``reliability``, ``disagreements``,
        ``frequencies``, ``quotes``...; figures ``code_frequencies``, ``cooccurrence``,
        ``themes_by_region`` (and ``reliability``); ``extra["coding"]`` is the :class:`CodingResult`.
    """
    rec = StageRecorder(STAGE, run_dir)
    corpus = Path(corpus_dir)
    pseudonymiser = review_pseudonymiser(cfg.root, cfg.informants, key_path, corpus_dir=corpus)
    raw, read_summary, read_notes = read_interviews(cfg, corpus, pseudonymiser)
    frames, human_notes = read_human_codings(cfg, corpus, database or None)
    # human codings name units by the file stem ("Aino_haastattelu:4"): the same units by pseudonymous id
    stem_ids = dict(zip((Path(f).stem for f in raw.get("source_file", [])), raw.get("document_id", []), strict=True))
    for frame in frames:
        frame["unit_id"] = [stem_ids.get(u.rsplit(":", 1)[0], u.rsplit(":", 1)[0]) + ":" + u.rsplit(":", 1)[1]
                            if ":" in u else u for u in frame["unit_id"].astype(str)]
    human = known_codings(frames, cfg)
    records = rec.read("02-screening/included.csv", optional=True, dtype=str)
    result = code_units(cfg, raw, read_summary, pseudonymiser, read_notes=read_notes, human=human,
                        human_notes=human_notes, records=records, lexicon_threshold=lexicon_threshold,
                        literature_threshold=literature_threshold, top_k=top_k, random_state=seed, progress=progress)
    pseudonymiser.save_key()
    tables = {key: getattr(result, key) for key, _ in TABLES}
    for key, name in TABLES:
        rec.write(tables[key], name)
    rel = result.reliability if result.reliability is not None else pd.DataFrame(columns=reliability.RELIABILITY_COLUMNS)
    rec.write(rel, "reliability.csv")
    if result.disagreements is not None:
        rec.write(result.disagreements, "disagreements.csv")
    figures = result.figures(language, {name: figure_text(name, language) for name in
                                        ("frequencies", "cooccurrence", "regions", "reliability")}
                             | {"groups": VALUES.get(language, VALUES["en"])})
    rec.save_figures(figures, formats=("png", "svg"), alt={name: t(f"fig_{name}", language) for name in figures})
    tables.update(summary=result.summary(), reliability=result.reliability, disagreements=result.disagreements)
    return rec.finish(result.manifest, tables=tables, extra={"coding": result})


def coding_view(result: StageResult, coder: str = "", database: str = "", *, language: str = "en"):
    """The ipywidgets coding view for ``coder`` (checked against the protocol's coders; empty:
    ``REVIEW_TOOLS_CODER``) on the review database, or a note listing the valid ids (as in batch runs)."""
    from ..coding.widget import coding_view as view

    coding: CodingResult = result.extra["coding"]
    from ..db import locate

    units = coding.segments[coding.segments["informant_group"] != "interviewer"].rename(columns={"segment_id": "unit_id"})
    return view(coding.config, units, coding.suggestions, coder, locate(database) if database else None,
                language=language)


__all__ = ["run", "coding_view", "read_interviews", "read_human_codings", "HUMAN_COLUMNS"]
