"""The coding stage (notebook 03-coding) in a few calls.

:func:`run_coding` reads the review's interviews, pseudonymises them before anything else reads
the text, attaches informant metadata, gathers human codings (review database and
``corpus/coding/*.csv``), suggests codes (lexicon, plus a model trained on the human codings),
codes the included literature's abstracts with the lexicon, computes reliability and the analyses
for the report. :func:`write_artefacts` writes everything through :mod:`review_tools.writers`.
"""

from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .. import writers
from ..config import ReviewConfig, load_review
from ..errors import ReviewToolsWarning
from ..pseudonymise import pseudonymise_frame, pseudonymise_segments, review_pseudonymiser
from ..readers.transcripts import attach_informants, read_transcripts, transcript_files
from . import analysis, reliability
from .lexicon import Lexicon
from .model import CodeSuggester

__all__ = ["CodingResult", "run_coding", "write_artefacts", "coding_view", "SEGMENT_OUTPUT_COLUMNS", "STAGE"]

log = logging.getLogger(__name__)
STAGE = "03-coding"
SEGMENT_OUTPUT_COLUMNS = ["document_id", "segment_id", "informant_id", "informant_group", "region", "language",
                          "speaker", "start", "end", "char_start", "char_end", "text"]


@dataclass
class CodingResult:
    """Everything the coding stage produces (all text pseudonymised)."""

    config: ReviewConfig
    segments: pd.DataFrame
    codings: pd.DataFrame
    suggestions: pd.DataFrame
    human: pd.DataFrame
    reliability: pd.DataFrame | None
    disagreements: pd.DataFrame | None
    frequencies: pd.DataFrame
    cooccurrence: pd.DataFrame
    quotes: pd.DataFrame
    by_region: pd.DataFrame
    manifest: dict
    warnings: list[str] = field(default_factory=list)
    _figures: dict | None = field(default=None, repr=False)

    def summary(self) -> pd.DataFrame:
        """A small table of what was read and coded, for the notebook."""
        m = self.manifest
        rows = [
            ("transcripts found", m["transcripts"]["files"]),
            ("transcripts read", m["transcripts"]["read"]),
            ("transcripts not readable", len(m["transcripts"]["failed"])),
            ("segments (speaker turns)", len(self.segments)),
            ("human coders", m["human_coders"]),
            ("human codings", int((self.codings["origin"] != "lexicon").sum())),
            ("lexicon codings (uncoded units and literature)", int((self.codings["origin"] == "lexicon").sum())),
            ("literature records coded", m["literature_records"]),
            *((f"pseudonymised: {k}", v) for k, v in m["pseudonymisation"].items()),
        ]
        return pd.DataFrame(rows, columns=["item", "value"])

    def figures(self) -> dict:
        """The stage's figures (matplotlib Figures), by artefact name; built on the first call only."""
        if self._figures is not None:
            return self._figures
        labels = {c.id: c.label.get("en") for c in self.config.codebook.codes}
        figs = {
            "code_frequencies": analysis.frequency_figure(self.frequencies, labels=labels),
            "cooccurrence": analysis.cooccurrence_figure(self.cooccurrence),
            "themes_by_region": analysis.region_figure(self.by_region),
        }
        if self.reliability is not None:
            figs["reliability"] = reliability.reliability_figure(self.reliability)
        self._figures = figs
        return figs


def _human_codings(cfg: ReviewConfig, corpus: Path, database: str | None) -> tuple[pd.DataFrame, list[str]]:
    """Human codings from the database and from ``corpus/coding/*.csv`` (unit_id, coder, code, origin)."""
    frames, notes = [], []
    db_path = Path(database) if database else cfg.database_path
    if db_path.exists():
        from ..db import connect
        from .events import current_codings, reliability_codings

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
    if not frames:
        return pd.DataFrame(columns=["unit_id", "coder", "code", "origin"]), notes
    out = pd.concat(frames, ignore_index=True).drop_duplicates(["unit_id", "coder", "code"])
    known = {c.id for c in cfg.codebook.codes}
    unknown = sorted({c for c in out["code"] if c and c not in known})
    if unknown:
        warnings.warn(f"human codings use codes not in codebook.yaml, left out: {unknown}", ReviewToolsWarning,
                      stacklevel=3)
        out = out[out["code"].isin(known) | (out["code"] == "")]
    return out.reset_index(drop=True), notes


def run_coding(review_dir: str | Path, corpus_dir: str | Path, run_dir: str | Path | None = None, *,
               database: str | None = None, key_path: str | Path | None = None, lexicon_threshold: float = 0.75,
               literature_threshold: float = 0.5, top_k: int = 3, random_state=0, progress: bool = True) -> CodingResult:
    """Run the coding stage without writing anything but the pseudonym key.

    Parameters
    ----------
    review_dir, corpus_dir : str or Path
        The review configuration and the read-only corpus (``interviews/``, ``coding/``).
    run_dir : str or Path, optional
        The run folder; ``02-screening/included.csv`` is coded when present.
    database : str, optional
        Review database with coding events (default: the protocol's database, if it exists).
    key_path : str or Path, optional
        Pseudonym key (default ``<review_dir>/keys/pseudonyms.json``); saved at the end.
    lexicon_threshold : float
        Lexicon suggestions at or above this score become ``lexicon`` codings of interview
        segments no human has coded.
    literature_threshold : float
        The same for included records' abstracts.
    top_k : int
        Suggestions kept per unit.
    random_state : int
        Seed of the suggestion model.
    progress : bool
        Show progress bars.

    Returns
    -------
    CodingResult
    """
    review_dir, corpus = Path(review_dir), Path(corpus_dir)
    cfg = load_review(review_dir, corpus_dir=corpus)
    notes: list[str] = []
    # 1. read and pseudonymise transcripts
    files = [corpus / inf.transcript for inf in (cfg.informants.informants if cfg.informants else []) if inf.transcript]
    interview_dir = corpus / "interviews"
    sources = ([interview_dir] if interview_dir.is_dir() else []) + [f for f in files if interview_dir not in f.parents]
    # documents get pseudonymous ids (INT01 ...) before anything reads them: a file name may identify a person
    pseudonymiser = review_pseudonymiser(review_dir, cfg.informants, key_path, corpus_dir=corpus)
    doc_ids = pseudonymiser.document_ids(transcript_files(sources)) if sources else {}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ReviewToolsWarning)
        raw, read_summary = read_transcripts(sources, on_error="warn", document_ids=doc_ids) if sources else (
            pd.DataFrame(columns=["document_id", "segment_id", "speaker", "text", "source_file"]),
            {"files": 0, "read": 0, "failed": [], "segments": 0})
        raw = attach_informants(raw, cfg.informants) if len(raw) else raw
    notes += [str(w.message) for w in caught]
    segments, counts = pseudonymise_segments(raw, pseudonymiser, progress=progress) if len(raw) else (raw, {})
    for col in SEGMENT_OUTPUT_COLUMNS:
        if col not in segments.columns:
            segments[col] = ""
    segments = segments[SEGMENT_OUTPUT_COLUMNS].reset_index(drop=True)
    # 2. human codings
    human, hnotes = _human_codings(cfg, corpus, database)
    notes += hnotes
    # human codings name units by the file stem ("Aino_haastattelu:4"): the same units by pseudonymous id
    stem_ids = {Path(f).stem: d for f, d in doc_ids.items()}
    human["unit_id"] = [stem_ids.get(u.rsplit(":", 1)[0], u.rsplit(":", 1)[0]) + ":" + u.rsplit(":", 1)[1]
                        if ":" in u else u for u in human["unit_id"].astype(str)]
    seg_ids = set(segments["segment_id"])
    # 3. literature abstracts (pseudonymised too: abstracts rarely hold identifiers, but cost nothing)
    records = pd.DataFrame(columns=["record_id", "title", "abstract"])
    if run_dir is not None and writers.artefact_path(run_dir, "02-screening", "included.csv").exists():
        records = writers.read_table(run_dir, "02-screening", "included.csv", dtype=str)
    # 4. suggestions: lexicon + model trained on the human-coded segments
    lexicon = Lexicon(cfg.codebook)
    units = segments[segments["informant_group"] != "interviewer"][["segment_id", "text", "language"]].rename(
        columns={"segment_id": "unit_id"})
    units["language"] = units["language"].replace("", None)
    coded_seg = human[human["unit_id"].isin(seg_ids)]
    model = None
    if coded_seg["code"].ne("").any():
        model = CodeSuggester(codebook=cfg.codebook, random_state=random_state).fit_units(units, coded_seg)
    from . import suggest_codes

    suggestions = suggest_codes(units, cfg.codebook, model=model, top_k=top_k, lexicon=lexicon, progress=progress)
    rec_units = pd.DataFrame({
        "unit_id": records["record_id"].astype(str),
        "text": (records["title"].fillna("").astype(str) + ". " + records["abstract"].fillna("").astype(str)),
    }) if len(records) else pd.DataFrame(columns=["unit_id", "text"])
    if len(rec_units):
        rec_units, _ = pseudonymise_frame(rec_units, ["text"], pseudonymiser, "unit_id")
    rec_sugg = suggest_codes(rec_units, cfg.codebook, top_k=top_k, lexicon=lexicon) if len(rec_units) else \
        pd.DataFrame(columns=["unit_id", "code", "score", "reason"])
    # messages may quote raw speaker labels: pseudonymise them before they reach the manifest
    notes = [pseudonymiser.pseudonymise(n).text for n in notes]
    pseudonymiser.save_key()
    # 5. codings table
    parts = []
    hum = human[human["code"] != ""]
    hum_seg = hum[hum["unit_id"].isin(seg_ids)]
    parts.append(hum_seg.assign(unit_type="segment", source_type="interview"))
    hum_rec = hum[hum["unit_id"].isin(set(rec_units["unit_id"]))]
    parts.append(hum_rec.assign(unit_type="record", source_type="literature"))
    uncoded = suggestions[~suggestions["unit_id"].isin(set(human["unit_id"])) & (suggestions["score"] >= lexicon_threshold)
                          & suggestions["reason"].str.contains("lexicon:", regex=False)]
    parts.append(uncoded[["unit_id", "code"]].assign(coder="lexicon", origin="lexicon", unit_type="segment",
                                                    source_type="interview"))
    rec_auto = rec_sugg[~rec_sugg["unit_id"].isin(set(hum_rec["unit_id"])) & (rec_sugg["score"] >= literature_threshold)]
    parts.append(rec_auto[["unit_id", "code"]].assign(coder="lexicon", origin="lexicon", unit_type="record",
                                                     source_type="literature"))
    codings = pd.concat([p for p in parts if len(p)], ignore_index=True) if any(len(p) for p in parts) else \
        pd.DataFrame(columns=analysis.CODING_COLUMNS)
    codings = codings[analysis.CODING_COLUMNS].drop_duplicates().reset_index(drop=True)
    dropped = sorted(set(human["unit_id"]) - seg_ids - set(rec_units["unit_id"]))
    if dropped:
        notes.append(f"{len(dropped)} human-coded unit(s) match no segment or included record, e.g. {dropped[:3]}")
    # 6. reliability
    rel = dis = None
    rel_input = human[human["unit_id"].isin(seg_ids | set(rec_units["unit_id"]))]
    if rel_input["coder"].nunique() >= 2:
        rel = reliability.agreement_table(rel_input)
        texts = segments[["segment_id", "text"]].rename(columns={"segment_id": "unit_id"})
        dis = reliability.disagreements(rel_input, texts=texts)
    # 7. analysis
    freq = analysis.code_frequencies(codings, segments)
    co = analysis.cooccurrence(codings)
    quotes = analysis.best_quotes(codings, segments, suggestions)
    by_region = analysis.themes_by_region(codings, segments)
    manifest = {
        "pseudonymisation": {k: int(v) for k, v in counts.items()},
        "transcripts": {"files": read_summary["files"], "read": read_summary["read"],
                        "failed": [{"file": Path(f["file"]).name, "error": f["error"].split(": ", 1)[-1]}
                                   for f in read_summary["failed"]]},
        "segments": len(segments),
        "documents": int(segments["document_id"].nunique()),
        "human_coders": int(human["coder"].nunique()),
        "human_codings": int(len(hum)),
        "literature_records": int(len(rec_units)),
        "model": None if model is None else {k: (v if isinstance(v, (int, float, str, type(None))) else str(v))
                                             for k, v in model.get_params(deep=False).items() if k != "codebook"},
        "lexicon_threshold": lexicon_threshold,
        "literature_threshold": literature_threshold,
        "notes": notes,
    }
    return CodingResult(cfg, segments, codings, suggestions, human, rel, dis, freq, co, quotes, by_region, manifest,
                        notes)


def write_artefacts(result: CodingResult, run_dir: str | Path) -> list[Path]:
    """Write the stage's tables, figures and ``stage_manifest.json`` under ``RUN/artefacts/03-coding``."""
    paths = [
        writers.write_table(result.segments, run_dir, STAGE, "segments.csv"),
        writers.write_table(result.codings, run_dir, STAGE, "codings.csv"),
        writers.write_table(result.frequencies, run_dir, STAGE, "code_frequencies.csv"),
        writers.write_table(result.cooccurrence, run_dir, STAGE, "cooccurrence.csv"),
        writers.write_table(result.quotes, run_dir, STAGE, "quotes.csv"),
        writers.write_table(result.by_region, run_dir, STAGE, "themes_by_region.csv"),
        writers.write_table(result.suggestions, run_dir, STAGE, "suggestions.csv"),
    ]
    rel = result.reliability if result.reliability is not None else pd.DataFrame(columns=reliability.RELIABILITY_COLUMNS)
    paths.append(writers.write_table(rel, run_dir, STAGE, "reliability.csv"))
    if result.disagreements is not None:
        paths.append(writers.write_table(result.disagreements, run_dir, STAGE, "disagreements.csv"))
    for saved in writers.save_figures(result.figures(), run_dir, STAGE, formats=("png", "svg")).values():
        paths += saved.paths
    paths.append(writers.write_json(result.manifest, run_dir, STAGE, "stage_manifest.json"))
    return paths


def coding_view(result: CodingResult, coder: str = "", database: str | None = None):
    """Return the ipywidgets coding view for ``coder`` on the review database, or a note when no
    coder is given (as in batch runs)."""
    if not coder:
        return "Set the parameter coder (your id) to code segments here; every action is saved in the review database."
    from ..db import connect
    from .widget import CodingView

    conn = connect(Path(database) if database else result.config.database_path)
    units = result.segments[result.segments["informant_group"] != "interviewer"].rename(columns={"segment_id": "unit_id"})
    return CodingView(units, conn, coder, result.config.codebook, result.suggestions).widget
