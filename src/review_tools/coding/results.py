"""What the coding stage (03-coding) computes from the tables it was given.

:func:`code_units` takes the transcripts as read, the human codings and the included records (the
stage module :mod:`review_tools.stages.coding` reads them), pseudonymises the text before
anything else uses it, suggests codes (lexicon, plus a model trained on the human codings), suggests
codes for the included literature (on its full text where retrieved, else title and abstract), and
computes reliability and the analyses for the report. Nothing here reads or writes a file.

Lexicon suggestions at or above a threshold are kept in ``codings`` with origin ``lexicon`` (coder
``lexicon``), so they can be shown and reviewed; they are proposals, not evidence: the analyses
(frequencies, co-occurrence, quotes, themes by region) use the codings a coder made or confirmed
only, unless the protocol opts in (``evidence: count_suggestions: true``).
"""

from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..config import ReviewConfig
from ..errors import ReviewToolsWarning
from ..pseudonymise import pseudonymise_frame, pseudonymise_segments
from . import analysis, reliability
from .lexicon import Lexicon
from .model import CodeSuggester

__all__ = ["CodingResult", "code_units", "known_codings", "reviewed", "SEGMENT_OUTPUT_COLUMNS", "HUMAN_COLUMNS",
           "DIRECTION_COLUMNS", "SOURCE_COLUMNS"]

log = logging.getLogger(__name__)
HUMAN_COLUMNS = ["unit_id", "coder", "code", "origin"]
#: ``directions.csv``: what each coder says a unit describes (problem / strength / improvement / worsening).
DIRECTION_COLUMNS = ["unit_id", "unit_type", "source_type", "coder", "direction"]
#: ``literature_sources.csv``: the text each included study was coded on (full_text / abstract / title).
SOURCE_COLUMNS = ["record_id", "coded_on", "characters"]
_SOURCE_TYPES = {"segment": "interview", "record": "literature", "report": "social_report"}


def reviewed(codings: pd.DataFrame, count_suggestions: bool = False) -> pd.DataFrame:
    """The codings that count as evidence: made or confirmed by a coder (all of them when opted in)."""
    from .._config_evidence import REVIEWED_ORIGINS

    return codings if count_suggestions else codings[codings["origin"].isin(REVIEWED_ORIGINS)]
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
    directions: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=DIRECTION_COLUMNS))
    literature_sources: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=SOURCE_COLUMNS))
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
            ("codings made or confirmed by coders (evidence)", len(reviewed(self.codings))),
            ("lexicon suggestions above the threshold (proposals, not evidence)",
             int((self.codings["origin"] == "lexicon").sum())),
            ("units given a direction by a coder", int(self.directions["unit_id"].nunique())),
            ("literature records coded", m["literature_records"]),
            *((f"pseudonymised: {k}", v) for k, v in m["pseudonymisation"].items()),
        ]
        return pd.DataFrame(rows, columns=["item", "value"])

    def figures(self, language: str = "en", text: dict | None = None) -> dict:
        """The stage's figures (matplotlib Figures), by artefact name, with the codes' labels in ``language``
        and the figures' words from ``text`` (``{"frequencies": {...}, "cooccurrence": ..., "regions": ...,
        "reliability": ..., "groups": {informant group: label}}``); built on the first call only."""
        if self._figures is not None:
            return self._figures
        labels = {c.id: c.label.get(language) for c in self.config.codebook.codes}
        tx = text or {}
        figs = {
            "code_frequencies": analysis.frequency_figure(self.frequencies, labels=labels, text=tx.get("frequencies"),
                                                          group_labels=tx.get("groups")),
            "cooccurrence": analysis.cooccurrence_figure(self.cooccurrence, text=tx.get("cooccurrence")),
            "themes_by_region": analysis.region_figure(self.by_region, text=tx.get("regions")),
        }
        if self.reliability is not None:
            figs["reliability"] = reliability.reliability_figure(self.reliability, text=tx.get("reliability"))
        self._figures = figs
        return figs


def known_codings(frames: list[pd.DataFrame], cfg: ReviewConfig) -> pd.DataFrame:
    """Join the human codings (``unit_id, coder, code, origin`` frames) and drop codes not in the codebook.

    Warns (:class:`ReviewToolsWarning`) naming the unknown codes it leaves out.
    """
    if not frames:
        return pd.DataFrame(columns=HUMAN_COLUMNS)
    out = pd.concat(frames, ignore_index=True).drop_duplicates(["unit_id", "coder", "code"])
    known = {c.id for c in cfg.codebook.codes}
    unknown = sorted({c for c in out["code"] if c and c not in known})
    if unknown:
        warnings.warn(f"human codings use codes not in codebook.yaml, left out: {unknown}", ReviewToolsWarning,
                      stacklevel=3)
        out = out[out["code"].isin(known) | (out["code"] == "")]
    return out.reset_index(drop=True)


def code_units(cfg: ReviewConfig, raw: pd.DataFrame, read_summary: dict, pseudonymiser, *,
               read_notes=(), human: pd.DataFrame | None = None, human_notes=(), records: pd.DataFrame | None = None,
               lexicon_threshold: float = 0.75, literature_threshold: float = 0.5, top_k: int = 3, random_state=0,
               progress: bool = True, directions: pd.DataFrame | None = None) -> CodingResult:
    """Pseudonymise, suggest, code, and analyse: everything of the coding stage but reading and writing.

    Parameters
    ----------
    cfg : ReviewConfig
        The review (codebook, informants).
    raw : DataFrame
        The transcripts' speaker turns as read, with informant metadata attached.
    read_summary : dict
        What reading found: ``files, read, failed`` (list of ``{file, error}``), ``segments``.
    pseudonymiser : Pseudonymiser
        The review's pseudonymiser (its key is updated, not saved).
    read_notes : sequence of str
        Messages from reading (pseudonymised before they reach the manifest).
    human : DataFrame, optional
        Human codings ``unit_id, coder, code, origin`` (:func:`known_codings`).
    human_notes : sequence of str
        Where the human codings came from.
    records : DataFrame, optional
        Included records (``record_id, title, abstract``, optional ``fulltext``): suggestions are
        made on the full text where it is non-empty, else on title and abstract.
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
    directions : DataFrame, optional
        ``unit_id, unit_type, coder, direction`` from the review database.

    Returns
    -------
    CodingResult
    """
    notes: list[str] = list(read_notes)
    human = human if human is not None else pd.DataFrame(columns=HUMAN_COLUMNS)
    segments, counts = pseudonymise_segments(raw, pseudonymiser, progress=progress) if len(raw) else (raw, {})
    for col in SEGMENT_OUTPUT_COLUMNS:
        if col not in segments.columns:
            segments[col] = ""
    segments = segments[SEGMENT_OUTPUT_COLUMNS].reset_index(drop=True)
    # 2. human codings
    notes += list(human_notes)
    seg_ids = set(segments["segment_id"])
    # 3. literature abstracts (pseudonymised too: abstracts rarely hold identifiers, but cost nothing)
    if records is None:
        records = pd.DataFrame(columns=["record_id", "title", "abstract"])
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
    title = records["title"].fillna("").astype(str) if len(records) else pd.Series(dtype=str)
    abstract = records["abstract"].fillna("").astype(str) if len(records) else pd.Series(dtype=str)
    full = records["fulltext"].fillna("").astype(str) if "fulltext" in records.columns else abstract.map(lambda _: "")
    coded_on = [("full_text" if f.strip() else "abstract" if a.strip() else "title")
                for f, a in zip(full, abstract, strict=True)]
    rec_units = pd.DataFrame({
        "unit_id": records["record_id"].astype(str),
        "text": [t + ". " + (f if f.strip() else a) for t, f, a in zip(title, full, abstract, strict=True)],
    }) if len(records) else pd.DataFrame(columns=["unit_id", "text"])
    sources = pd.DataFrame({"record_id": rec_units["unit_id"], "coded_on": coded_on,
                            "characters": rec_units["text"].str.len()}, columns=SOURCE_COLUMNS)
    if len(rec_units):
        rec_units, _ = pseudonymise_frame(rec_units, ["text"], pseudonymiser, "unit_id")
    rec_sugg = suggest_codes(rec_units, cfg.codebook, top_k=top_k, lexicon=lexicon) if len(rec_units) else \
        pd.DataFrame(columns=["unit_id", "code", "score", "reason"])
    # messages may quote raw speaker labels: pseudonymise them before they reach the manifest
    notes = [pseudonymiser.pseudonymise(n).text for n in notes]
    # 5. codings table
    parts = []
    hum = human[human["code"] != ""]
    hum_seg = hum[hum["unit_id"].isin(seg_ids)]
    parts.append(hum_seg.assign(unit_type="segment", source_type="interview"))
    hum_rec = hum[hum["unit_id"].isin(set(rec_units["unit_id"]))]
    parts.append(hum_rec.assign(unit_type="record", source_type="literature"))
    # social reports coded or confirmed in the coding view (their direction travels in ``directions``)
    rep_ids = set(human.loc[human.get("unit_type", pd.Series("", index=human.index)) == "report", "unit_id"])
    parts.append(hum[hum["unit_id"].isin(rep_ids)].assign(unit_type="report", source_type="social_report"))
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
    dropped = sorted(set(human["unit_id"]) - seg_ids - set(rec_units["unit_id"]) - rep_ids)
    if dropped:
        notes.append(f"{len(dropped)} human-coded unit(s) match no segment or included record, e.g. {dropped[:3]}")
    # 6. reliability
    rel = dis = None
    rel_input = human[human["unit_id"].isin(seg_ids | set(rec_units["unit_id"]))]
    if rel_input["coder"].nunique() >= 2:
        rel = reliability.agreement_table(rel_input)
        texts = segments[["segment_id", "text"]].rename(columns={"segment_id": "unit_id"})
        dis = reliability.disagreements(rel_input, texts=texts)
    # 7. analysis: of the codings that count as evidence (reviewed ones, unless the protocol opts in)
    counted = reviewed(codings, cfg.protocol.evidence.count_suggestions)
    freq = analysis.code_frequencies(counted, segments)
    co = analysis.cooccurrence(counted)
    quotes = analysis.best_quotes(counted, segments, suggestions)
    by_region = analysis.themes_by_region(counted, segments)
    dirs = directions if directions is not None else pd.DataFrame(columns=["unit_id", "unit_type", "coder", "direction"])
    dirs = dirs.assign(source_type=dirs["unit_type"].map(_SOURCE_TYPES).fillna(""))[DIRECTION_COLUMNS]
    all_sugg = pd.concat([suggestions, rec_sugg], ignore_index=True) if len(rec_sugg) else suggestions
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
        "literature_coded_on": {k: int(v) for k, v in sources["coded_on"].value_counts().items()},
        "evidence_codings": int(len(counted)),
        "suggestions_counted": bool(cfg.protocol.evidence.count_suggestions),
        "directions": int(len(dirs)),
        "model": None if model is None else {k: (v if isinstance(v, (int, float, str, type(None))) else str(v))
                                             for k, v in model.get_params(deep=False).items() if k != "codebook"},
        "model_chosen": None if model is None else _chosen(model),
        "lexicon_threshold": lexicon_threshold,
        "literature_threshold": literature_threshold,
        "notes": notes,
    }
    return CodingResult(cfg, segments, codings, all_sugg, human, rel, dis, freq, co, quotes, by_region, manifest,
                        warnings=notes, directions=dirs.reset_index(drop=True), literature_sources=sources)


def _chosen(model) -> dict:
    """What the suggester's inner cross-validation chose (C, scaling, blend weights, threshold), for the manifest."""
    recall = getattr(model, "cv_recall_", None)
    return {"C": float(model.C_), "scaling": str(model.scaling_),
            "weights": {k: round(float(v), 4) for k, v in model.weights_.items()},
            "threshold": round(float(model.threshold_), 4),
            "cv_top_k_recall": None if recall is None else round(float(recall), 4)}
