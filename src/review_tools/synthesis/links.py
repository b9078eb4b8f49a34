"""Evidence links of the recommendations, resolved against the artefacts.

A link names a type and a reference (``study``, ``quote``, ``report``, ``indicator``, ``theme``);
:data:`RESOLVERS` holds one resolver per type. A resolver returns the fields it found (the
resolved id, the label, detail and source) or raises :class:`Unresolved` saying why the link does
not resolve; :func:`resolve_link` adds the anchor and the common fields.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from ..config import Codebook, EvidenceLink, IndicatorSet, Recommendation, RecommendationFramework
from ..identifiers import normalise_doi
from .artefacts import Artefacts
from .vocabulary import anchor, number, region_profile, text

__all__ = ["Problem", "LinkContext", "Unresolved", "NoRegionData", "NO_REGION_DATA", "RESOLVERS", "LINK_COLUMNS", "framework_entry", "resolve_link",
           "resolve_evidence", "indicator_citation"]

#: Columns of one resolved link (:func:`resolve_link`).
LINK_COLUMNS = ["type", "ref", "resolved_id", "anchor", "label", "detail", "source", "note", "ok", "problem",
                "no_region_data"]

#: :attr:`Problem.kind` of an indicator that has no data for the run's region in its period: never blocking
#: (a municipality or county may lack a series another region has); the report says so in a sentence.
NO_REGION_DATA = "no_region_data"


@dataclass(frozen=True)
class Problem:
    """One problem found in the framework, naming its entry.

    Attributes
    ----------
    where : str
        ``recommendations.yaml: recommendations[i] (id 'R1').evidence[j]`` or similar.
    message : str
    blocking : bool
        True stops the run; False is printed as a visible warning in the report.
    kind : str
        ``""`` or :data:`NO_REGION_DATA`, for which the report writes a sentence for readers instead of
        ``message`` (which names files for the review team).
    subject : str
        What the problem is about (for :data:`NO_REGION_DATA`: the indicator id).
    """

    where: str
    message: str
    blocking: bool = True
    kind: str = ""
    subject: str = ""

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def framework_entry(i: int, rec: Recommendation) -> str:
    """The framework entry of the ``i``-th team recommendation, as problems name it."""
    return f"recommendations.yaml: recommendations[{i}] (id '{rec.id}')"


@dataclass(frozen=True)
class LinkContext:
    """What a resolver may look at: the artefacts, the configuration, the run's region and period,
    and the evidence matrix (for theme links)."""

    artefacts: Artefacts
    codebook: Codebook
    indicators: IndicatorSet
    region: str
    period: str
    matrix: pd.DataFrame | None = None


class Unresolved(Exception):
    """Raised by a resolver with the reason a link does not resolve."""


class NoRegionData(Unresolved):
    """Raised by the indicator resolver when the indicator exists but has no data for the run's region
    in its period (not a mistake in the framework: the link is shown with a sentence, never blocking)."""


def _study(ref: str, ctx: LinkContext) -> dict:
    inc = ctx.artefacts.table("02-screening", "included.csv")
    hit = inc[inc["record_id"] == ref]
    if hit.empty and normalise_doi(ref):
        dois = inc["doi"].map(normalise_doi)
        hit = inc[(dois != "") & (dois == normalise_doi(ref))]
    if hit.empty:
        raise Unresolved(f"study '{ref}' is not among the included studies (02-screening/included.csv, by record_id or doi)")
    r = hit.iloc[0]
    return {"resolved_id": r["record_id"], "label": text(r.get("citation")) or text(r.get("title")),
            "detail": text(r.get("doi"))}


def _quote(ref: str, ctx: LinkContext) -> dict:
    seg = ctx.artefacts.table("03-coding", "segments.csv")
    hit = seg[seg["segment_id"] == ref]
    if hit.empty:
        raise Unresolved(f"quote '{ref}' is not a segment id of 03-coding/segments.csv (format DOCUMENT:TURN)")
    r = hit.iloc[0]
    return {"resolved_id": r["segment_id"], "label": text(r["text"]), "detail": text(r.get("informant_group")),
            "source": text(r.get("document_id"))}


def _report(ref: str, ctx: LinkContext) -> dict:
    rep = ctx.artefacts.table("04-social-reports", "social_reports.csv")
    hit = rep[rep["report_id"] == ref]
    if hit.empty:
        raise Unresolved(f"report '{ref}' is not a report_id of 04-social-reports/social_reports.csv")
    r = hit.iloc[0]
    label = (text(r.get("phenomenon_title")) or text(r.get("phenomenon_description")) or text(r.get("description"))
             or r["report_id"])
    return {"resolved_id": r["report_id"], "label": label, "detail": text(r.get("observation_type")),
            "source": text(r.get("submitted_at"))}


def _indicator(ref: str, ctx: LinkContext) -> dict:
    if ref not in {i.id for i in ctx.indicators.indicators}:
        raise Unresolved(f"indicator '{ref}' is not in indicators.yaml")
    prof = region_profile(ctx.artefacts.table("06-regional-profile", "profile.csv"), ctx.region, ctx.period)
    hit = prof[prof["indicator_id"] == ref]
    if hit.empty:
        raise NoRegionData(f"indicator '{ref}' has no data for region {ctx.region} in {ctx.period} "
                         "(06-regional-profile/profile.csv)")
    r = hit.iloc[0]
    return {"resolved_id": ref, "label": f"{number(r['value'])} {text(r.get('unit'))} ({int(r['year'])})".replace("  ", " "),
            "detail": text(r.get("signal")), "source": indicator_citation(ctx.artefacts, ref, ctx.indicators)}


def _theme(ref: str, ctx: LinkContext) -> dict:
    if ref not in {c.id for c in ctx.codebook.codes}:
        raise Unresolved(f"theme '{ref}' is not in the codebook")
    out = {"resolved_id": ref, "label": ref}
    if ctx.matrix is not None:
        row = ctx.matrix[ctx.matrix["theme"] == ref]
        if not row.empty and int(row.iloc[0]["n_streams"]) == 0:
            raise Unresolved(f"theme '{ref}' has no evidence in any stream")
        if not row.empty:
            out["detail"] = str(row.iloc[0]["convergence"])
    return out


#: Evidence type -> resolver (the anchor of a resolved link is ``anchor(type, resolved_id)``).
RESOLVERS: dict[str, Callable[[str, LinkContext], dict]] = {
    "study": _study, "quote": _quote, "report": _report, "indicator": _indicator, "theme": _theme,
}


def resolve_link(
    link: EvidenceLink, artefacts: Artefacts, codebook: Codebook, indicators: IndicatorSet,
    region: str, period: str, matrix: pd.DataFrame | None = None,
) -> dict:
    """Resolve one evidence link against the artefacts.

    Returns
    -------
    dict
        ``type, ref, resolved_id, anchor, label, detail, source, note, ok, problem, no_region_data`` where
        ``label`` is the formatted citation / quote text / report title / indicator value, ``problem`` says
        why the link does not resolve (empty when ``ok``) and ``no_region_data`` is True when the link is
        an indicator without data for the region in the period.
    """
    out = {"type": link.type, "ref": link.ref, "resolved_id": "", "anchor": "", "label": "",
           "detail": "", "source": "", "note": link.note or "", "ok": False, "problem": "", "no_region_data": False}
    resolver = RESOLVERS.get(link.type)
    if resolver is None:  # the configuration's schema admits only the types above
        out["problem"] = f"evidence type '{link.type}' is not one of {', '.join(RESOLVERS)}"
        return out
    try:
        found = resolver(link.ref, LinkContext(artefacts, codebook, indicators, region, period, matrix))
    except Unresolved as exc:
        out["problem"] = str(exc)
        out["no_region_data"] = isinstance(exc, NoRegionData)
        return out
    out.update(found, anchor=anchor(link.type, found["resolved_id"]), ok=True)
    return out


def indicator_citation(artefacts: Artefacts, indicator_id: str, indicators: IndicatorSet) -> str:
    """Citation of an indicator: ``05-indicator-data/citations.csv`` or, failing that, the indicator set."""
    cit = artefacts.get("05-indicator-data", "citations.csv")
    if cit is not None and "citation" in cit.columns:
        hit = cit[cit["indicator_id"] == indicator_id]
        if len(hit) and text(hit.iloc[0]["citation"]):
            return text(hit.iloc[0]["citation"])
    for ind in indicators.indicators:
        if ind.id == indicator_id:
            sid = f", indicator {ind.sotkanet_id}" if ind.sotkanet_id else ""
            return f"{ind.data_owner} ({ind.source}{sid})"
    return ""


def resolve_evidence(
    framework: RecommendationFramework, artefacts: Artefacts, codebook: Codebook, indicators: IndicatorSet,
    region: str, period: str, matrix: pd.DataFrame | None = None, only: set[str] | None = None,
) -> tuple[pd.DataFrame, list[Problem]]:
    """Resolve the evidence links of every team recommendation.

    Returns
    -------
    evidence : DataFrame
        One row per link: ``recommendation_id, position`` and the fields of :func:`resolve_link`.
    problems : list of Problem
        Unresolvable links, recommendations without evidence and themes outside the codebook, each
        naming its framework entry; blocking unless the recommendation has ``allow_without_evidence``
        (a theme outside the codebook always blocks; an indicator without data for the region never does).

    ``only`` (ids) limits the resolution to the recommendations a run shows (its region scope).
    """
    known = {c.id for c in codebook.codes}
    rows, problems = [], []
    for i, rec in enumerate(framework.recommendations):
        if only is not None and rec.id not in only:
            continue
        where = framework_entry(i, rec)
        soft = rec.allow_without_evidence
        if rec.theme not in known:
            problems.append(Problem(f"{where}.theme", f"theme '{rec.theme}' is not in the codebook"))
        if not rec.evidence:
            problems.append(Problem(where, "cites no evidence" + (
                " (allowed by allow_without_evidence: shown as unsupported)" if soft else
                "; add evidence links or set allow_without_evidence: true"), blocking=not soft))
        for j, link in enumerate(rec.evidence):
            res = resolve_link(link, artefacts, codebook, indicators, region, period, matrix)
            rows.append({"recommendation_id": rec.id, "position": j, **res})
            if res["no_region_data"]:
                problems.append(Problem(f"{where}.evidence[{j}]", res["problem"], blocking=False,
                                        kind=NO_REGION_DATA, subject=link.ref))
            elif not res["ok"]:
                problems.append(Problem(f"{where}.evidence[{j}]", res["problem"], blocking=not soft))
    return pd.DataFrame(rows, columns=["recommendation_id", "position", *LINK_COLUMNS]), problems
