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
          ("suggestions", "suggestions.csv"), ("directions", "directions.csv"),
          ("literature_sources", "literature_sources.csv"))



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


def import_team_codings(cfg: ReviewConfig, corpus: Path, database: str | None,
                        language: str = "en") -> tuple[int, list[str]]:
    """Import a coding team's tables ``corpus/coding/*.csv`` into the review database (idempotent).

    The demo's ``corpus/coding/`` holds its (SYNTHETIC, documented) team's codings; a review's own
    coders work in the coding view instead, which writes the same events. Returns events added and notes.
    """
    from .. import db
    from ..coding.events import import_codings

    coding_dir = corpus / "coding"
    files = sorted(coding_dir.glob("*.csv")) if coding_dir.is_dir() else []
    if not files:
        return 0, []
    conn = db.connect(db.locate(database) if database else cfg.database_path)
    added, notes = 0, []
    for csv in files:
        df = pd.read_csv(csv, dtype=str, keep_default_na=False)
        n = import_codings(conn, df, codebook=cfg.codebook, where=f"coding/{csv.name}")
        added += n
        notes.append(t("s03_team_import", language, file=f"coding/{csv.name}", rows=len(df), new=n))
    return added, notes


def read_human_codings(cfg: ReviewConfig, corpus: Path, database: str | None
                       ) -> tuple[list[pd.DataFrame], list[str], pd.DataFrame]:
    """The coders' work in the review database: codings (``unit_id, coder, code, origin``) and directions.

    Returns the coding frames, notes, and ``unit_id, unit_type, coder, direction`` of every unit a
    coder gave a direction.
    """
    frames, notes = [], []
    directions = pd.DataFrame(columns=["unit_id", "unit_type", "coder", "direction"])
    from .. import db

    db_path = db.locate(database) if database else cfg.database_path
    if db.exists(db_path):
        from ..coding.events import current_codings, reliability_codings, unit_directions
        from ..db import connect

        conn = connect(db_path, readonly=True)
        try:
            cur = current_codings(conn)
            rc = reliability_codings(conn)
            directions = unit_directions(conn)[["unit_id", "unit_type", "coder", "direction"]]
        finally:
            conn.close()
        if len(rc):
            origin = {(u, k, c): o for u, k, c, o in zip(cur["unit_id"], cur["coder"], cur["code"], cur["origin"],
                                                        strict=True)}
            rc["origin"] = [origin.get((u, k, c), "human") for u, k, c in zip(rc["unit_id"], rc["coder"], rc["code"],
                                                                             strict=True)]
            kinds = dict(zip(cur["unit_id"], cur["unit_type"], strict=True))
            rc["unit_type"] = rc["unit_id"].map(kinds).fillna("segment")
            frames.append(rc)
            notes.append(f"{db_path.name}: {len(cur)} standing codings, {len(directions)} directions")
    return frames, notes, directions


def _with_fulltext(records: pd.DataFrame | None, corpus: Path) -> pd.DataFrame | None:
    """Add ``fulltext`` (text of ``corpus/fulltexts/`` where retrieved; "" otherwise) to the included records."""
    if records is None or not len(records):
        return records
    from ..readers.fulltexts import extract_text, find_fulltext

    texts = []
    for _, r in records.iterrows():
        path = find_fulltext(r["record_id"], r.get("doi") or None, corpus / "fulltexts")
        try:
            texts.append(extract_text(path) if path else "")
        except Exception as exc:  # noqa: BLE001 - an unreadable full text falls back to the abstract, said in the log
            log.warning("full text of %s not readable (%s): coded on its abstract", r["record_id"], exc)
            texts.append("")
    return records.assign(fulltext=texts)


def extraction_records(cfg: ReviewConfig, corpus: Path, database: str | None,
                       records: pd.DataFrame | None) -> tuple[dict, list[str]]:
    """The included studies' extraction and appraisal from the review database (after importing the
    corpus's ``extraction/*.csv``, the demo team's seeded work, idempotently).

    Returns ``({"extraction", "appraisal", "qdpx"}, notes)``; empty when the review has no extraction form.
    """
    if cfg.extraction is None:
        return {}, []
    from .. import db
    from ..extraction import (
        appraisal_table,
        assessment_events,
        check_appraisal,
        check_value,
        current_values,
        extraction_table,
        import_assessments,
    )
    from ..extraction.refi import extraction_qdpx
    from ..extraction.tables import check_cerqual

    checklist = cfg.appraisal_checklist()
    fields = {f.id: f for f in cfg.extraction.fields}

    def check(row):
        if row["kind"] == "extraction":
            if row["field"] not in fields:
                raise ValueError(f"field '{row['field']}' is not in extraction.yaml; valid: {', '.join(fields)}")
            return check_value(fields[row["field"]], row["value"])
        if row["kind"] == "appraisal" and checklist is not None:
            return check_appraisal(checklist, row["field"], row["value"])
        if row["kind"] == "cerqual":
            return check_cerqual([f.id for f in cfg.findings.findings] if cfg.findings else [], row["subject_id"],
                                 row["field"], row["value"])
        raise ValueError(f"kind '{row['kind']}' needs {'a checklist (protocol appraisal)' if row['kind'] == 'appraisal' else 'extraction or appraisal'}")

    db_path = db.locate(database) if database else cfg.database_path
    seeds = sorted((corpus / "extraction").glob("*.csv")) if (corpus / "extraction").is_dir() else []
    notes = []
    conn = None
    if seeds or db.exists(db_path):
        conn = db.connect(db_path)
        reviewers = {r.id for r in cfg.protocol.reviewers}
        for csv in seeds:
            table = pd.read_csv(csv, dtype=str, keep_default_na=False)
            if "subject_id" in table.columns:  # studies named by a merged duplicate's id: its group's canonical id
                from ..screening.derive import to_canonical_ids
                from ..screening.events import records_frame

                studies = table["kind"] != "cerqual" if "kind" in table.columns else slice(None)
                canon = to_canonical_ids(table.rename(columns={"subject_id": "record_id"}), records_frame(conn))
                table.loc[studies, "subject_id"] = canon.loc[studies, "record_id"]
            n = import_assessments(conn, table, reviewers=reviewers, check=check, where=csv.name)
            notes.append(f"{csv.name}: {len(table)} extraction/appraisal rows, {n} new events")
    events = assessment_events(conn) if conn is not None else pd.DataFrame(
        columns=["event_id", "kind", "subject_id", "field", "value", "reviewer", "note", "created_at"])
    current = current_values(events)
    included = records[["record_id", "title"] + (["abstract"] if "abstract" in records else [])] if records is not None else None
    ext = extraction_table(current[current["kind"] == "extraction"], cfg.extraction, included)
    out = {"extraction": ext}
    if checklist is not None:
        out["appraisal"] = appraisal_table(current[current["kind"] == "appraisal"], checklist, included)
    if included is not None:
        out["qdpx"] = extraction_qdpx(ext, out.get("appraisal", pd.DataFrame(columns=["record_id", "category", "item", "answer"])),
                                      cfg.extraction, checklist, included)
    notes.append(f"extraction: {int(ext['complete'].sum())} of {len(ext)} included studies complete")
    return out, notes


def run(cfg: ReviewConfig, corpus_dir, run_dir, *, database: str = "", seed: int = 0, lexicon_threshold: float = 0.75,
        literature_threshold: float = 0.5, top_k: int = 3, key_path=None, progress: bool = True,
        language: str = "en") -> StageResult:
    """Run the coding stage and write ``RUN/artefacts/03-coding/``.

    Reads the interviews (``corpus/interviews/`` and the informants' transcripts), pseudonymises
    them before anything else reads the text (the key, ``review/keys/pseudonyms.json`` unless
    ``key_path``, is saved), imports a coding team's tables ``corpus/coding/*.csv`` into the review
    database (idempotently) and gathers the coders' codings and directions from it, codes
    ``02-screening/included.csv`` when present (on the full text of ``corpus/fulltexts/`` where
    retrieved, else the abstract), and writes the tables, figures and manifest.

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
    _, import_notes = import_team_codings(cfg, corpus, database or None, language)
    frames, human_notes, directions = read_human_codings(cfg, corpus, database or None)
    human_notes = import_notes + human_notes
    # human codings name units by the file stem ("Aino_haastattelu:4"): the same units by pseudonymous id
    stem_ids = dict(zip((Path(f).stem for f in raw.get("source_file", [])), raw.get("document_id", []), strict=True))
    for frame in [*frames, directions]:
        frame["unit_id"] = [stem_ids.get(u.rsplit(":", 1)[0], u.rsplit(":", 1)[0]) + ":" + u.rsplit(":", 1)[1]
                            if ":" in u else u for u in frame["unit_id"].astype(str)]
    human = known_codings(frames, cfg)
    records = _with_fulltext(rec.read("02-screening/included.csv", optional=True, dtype=str), corpus)
    result = code_units(cfg, raw, read_summary, pseudonymiser, read_notes=read_notes, human=human,
                        human_notes=human_notes, records=records, directions=directions, lexicon_threshold=lexicon_threshold,
                        literature_threshold=literature_threshold, top_k=top_k, random_state=seed, progress=progress)
    pseudonymiser.save_key()
    tables = {key: getattr(result, key) for key, _ in TABLES}
    for key, name in TABLES:
        rec.write(tables[key], name)
    rel = result.reliability if result.reliability is not None else pd.DataFrame(columns=reliability.RELIABILITY_COLUMNS)
    rec.write(rel, "reliability.csv")
    if result.disagreements is not None:
        rec.write(result.disagreements, "disagreements.csv")
    extraction, extraction_notes = extraction_records(cfg, corpus, database or None, records)
    for key, name in (("extraction", "extraction.csv"), ("appraisal", "appraisal.csv")):
        if key in extraction:
            rec.write(extraction[key], name)
    if "qdpx" in extraction:  # REFI-QDA cases and variables
        from .. import writers
        from ..readers.refi_archive import write_archive

        rec.stage.writes_file("extraction.qdpx")
        rec.written.append(write_archive(writers.artefact_path(run_dir, rec.stage.artefact_dir, "extraction.qdpx"),
                                         extraction["qdpx"]))
    result.manifest["extraction"] = extraction_notes
    figures = result.figures(language, {name: figure_text(name, language) for name in
                                        ("frequencies", "cooccurrence", "regions", "reliability")}
                             | {"groups": VALUES.get(language, VALUES["en"])})
    rec.save_figures(figures, formats=("png", "svg"), alt={name: t(f"fig_{name}", language) for name in figures})
    tables.update(summary=result.summary(), reliability=result.reliability, disagreements=result.disagreements)
    tables.update({k: v for k, v in extraction.items() if k != "qdpx"})
    return rec.finish(result.manifest, tables=tables, extra={"coding": result, "included": records})


def coding_view(result: StageResult, coder: str = "", database: str = "", *, language: str = "en"):
    """The ipywidgets coding view for ``coder`` (checked against the protocol's coders; empty:
    ``REVIEW_TOOLS_CODER``) on the review database, or a note listing the valid ids (as in batch runs)."""
    from ..coding.widget import coding_view as view

    coding: CodingResult = result.extra["coding"]
    from ..db import locate

    units = coding.segments[coding.segments["informant_group"] != "interviewer"].rename(columns={"segment_id": "unit_id"})
    return view(coding.config, units, coding.suggestions, coder, locate(database) if database else None,
                language=language)


def extraction_view(result: StageResult, reviewer: str = "", database: str = "", *, language: str = "en"):
    """The extraction and appraisal form of the included studies for ``reviewer`` (one of the protocol's
    reviewers; empty: ``REVIEW_TOOLS_REVIEWER``), or a note saying why there is none (no form, no included
    study, no reviewer id: as in batch runs)."""
    import html
    import os

    from IPython.display import HTML

    from ..extraction.widget import ExtractionView, database_of
    from ..ui_text import text

    cfg = result.extra["coding"].config
    ids = [r.id for r in cfg.protocol.reviewers]
    reviewer = (reviewer or os.environ.get("REVIEW_TOOLS_REVIEWER", "")).strip()
    studies = result.tables.get("extraction")
    if cfg.extraction is None:
        return HTML(f"<p>{html.escape(text('no_form', language))}</p>")
    if studies is None or studies.empty:
        return HTML(f"<p>{html.escape(text('no_included', language))}</p>")
    if not reviewer:
        return HTML(f"<p>{html.escape(text('choose_reviewer', language, param='reviewer', ids=', '.join(ids)))}</p>")
    included = result.extra.get("included")
    if included is None:  # screening not run in this workspace: the studies the database holds records for
        included = studies[["record_id"]].assign(title="")
    return ExtractionView(included, database_of(cfg, database), reviewer, cfg.extraction, cfg.appraisal_checklist(),
                          language=language, reviewers=ids).widget


__all__ = ["run", "coding_view", "extraction_view", "read_interviews", "read_human_codings",
           "import_team_codings", "HUMAN_COLUMNS"]
