"""Attach informant metadata (``informants.yaml``) to transcript segments."""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd

from ..config import InformantSet
from ..errors import ReviewToolsWarning
from .transcripts import INTERVIEWER_LABELS, ROLE_LABELS, _norm_label

__all__ = ["attach_informants"]


def attach_informants(segments: pd.DataFrame, informants: InformantSet | None) -> pd.DataFrame:
    """Add informant metadata to segments from the review's ``informants.yaml``.

    A document is matched to informants through their ``transcript`` path (file stem equals
    ``document_id``). Within a document, a turn belongs to an informant whose ``speaker_labels``
    or ``name`` equals the speaker label; interviewer labels (``H``, ``Haastattelija``, ``I``,
    ``Interviewer`` ...) get the group ``interviewer``; a generic respondent label (``V``, ``R``)
    goes to the document's only informant. When some label of a document names an informant,
    its remaining labels are taken as the interviewer(s).

    Returns
    -------
    DataFrame
        A copy with ``informant_id, informant_group`` (the organisation type),
        ``region, language`` added.

    Warns
    -----
    ReviewToolsWarning
        For a document without metadata and for speaker labels that match no informant, naming
        the file and line.
    """
    out = segments.copy()
    for col in ("informant_id", "informant_group", "region", "language"):
        out[col] = ""
    by_stem: dict[str, list] = {}
    for inf in informants.informants if informants is not None else []:
        if inf.transcript:
            by_stem.setdefault(Path(inf.transcript).stem, []).append(inf)
    # informants are matched through the file (its stem); documents may carry pseudonymous ids
    stems = [Path(f).stem for f in out["source_file"].astype(str)] if "source_file" in out else \
        out["document_id"].astype(str).tolist()
    by_doc: dict[str, list] = {}
    for doc, stem in zip(out["document_id"].astype(str), stems, strict=True):
        if stem in by_stem:
            by_doc[doc] = by_stem[stem]
    source = out["document_id"].astype(str)
    values = {c: out[c].tolist() for c in ("informant_id", "informant_group", "region", "language")}
    warned: set[tuple[str, str]] = set()
    # documents where some label names an informant: their other labels are the interviewer(s)
    matched_docs = set()
    for doc, speaker in zip(out["document_id"].astype(str), out["speaker"].astype(str), strict=True):
        for inf in by_doc.get(doc, []):
            if _norm_label(speaker) in {_norm_label(x) for x in [*inf.speaker_labels, inf.name or ""] if x}:
                matched_docs.add(doc)
    for i, (doc, speaker, line, src) in enumerate(
        zip(out["document_id"].astype(str), out["speaker"].astype(str), out["line"], source, strict=True)
    ):
        infs = by_doc.get(doc, [])
        if not infs:
            if (doc, "") not in warned:
                warnings.warn(
                    f"{src}: no informant in informants.yaml names this transcript; its turns have no "
                    "informant metadata",
                    ReviewToolsWarning,
                    stacklevel=2,
                )
                warned.add((doc, ""))
            values["informant_group"][i] = "unknown"
            continue
        values["region"][i] = infs[0].region or ""
        values["language"][i] = infs[0].language
        label = _norm_label(speaker)
        match = None
        for inf in infs:
            labels = {_norm_label(x) for x in inf.speaker_labels}
            if inf.name:
                labels.add(_norm_label(inf.name))
            if label in labels:
                match = inf
                break
        if match is None and label in INTERVIEWER_LABELS:
            values["informant_group"][i] = "interviewer"
            continue
        if match is None and (label in ROLE_LABELS or label == "") and len(infs) == 1:
            match = infs[0]
        if match is None and doc in matched_docs and label:
            values["informant_group"][i] = "interviewer"
            continue
        if match is None:
            if (doc, label) not in warned:
                warnings.warn(  # the label itself is not quoted: it may be a person's name
                    f"{src}, line {line}: the speaker label matches no informant of this transcript in "
                    f"informants.yaml (the file's informants have {sum(len(i.speaker_labels) for i in infs)} "
                    "labels); its turns have no informant metadata",
                    ReviewToolsWarning,
                    stacklevel=2,
                )
                warned.add((doc, label))
            values["informant_group"][i] = "unknown"
            continue
        values["informant_id"][i] = match.id
        values["informant_group"][i] = match.organisation_type
        values["region"][i] = match.region or ""
        values["language"][i] = match.language
    for c, v in values.items():
        out[c] = v
    return out
