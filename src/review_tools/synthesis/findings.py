"""Findings with a GRADE-CERQual confidence proposal (frames in, frames out; no file I/O).

The team writes each finding in ``findings.yaml`` with the evidence units that support and contradict it.
:func:`finding_units` resolves every link to an evidence unit of the run and describes it (stream,
independent source, whether it is reviewed evidence, richness, appraisal concern, region, population and
period match). :func:`cerqual` assembles the four components per finding as a *proposal*:

Methodological limitations
    from the appraisal of the supporting studies: each appraised study's concern (share of checklist items
    answered "yes": ≥ 0.8 none or very minor, ≥ 0.6 minor, ≥ 0.4 moderate, else serious) scored 0-3 and
    averaged: ≤ 0.5 no or very minor, ≤ 1.25 minor, ≤ 2 moderate, else serious. Without any appraised
    supporting study: minor concerns (the team's own interviews, social reports and indicator series are
    not appraised with a checklist; the explanation says so).
Coherence
    share of contradicting units among all counted units: 0 no or very minor, ≤ 0.15 minor, ≤ 0.35
    moderate, else serious.
Adequacy
    independent sources (a study, an interview, a report, an indicator series) among the supporting
    units: ≥ 8 no or very minor, ≥ 5 minor, ≥ 3 moderate, else serious; one level more when fewer than one
    in five supporting units is rich (a study extracted as "thick", an interview turn of 300 characters or
    more, a report description of 200 characters or more).
Relevance
    per supporting unit the mean of three matches (1 match, 0.5 partial or unknown, 0 mismatch): region
    (the run's region or national 1, elsewhere in the country 0.5, another country 0), population (the
    study's extracted population or the report's affected group against the context) and period (data
    years overlapping the context's period); averaged: ≥ 0.9 no or very minor, ≥ 0.75 minor, ≥ 0.6
    moderate, else serious.
Overall
    starts at high; each moderate concern lowers it one step, each serious two, every two minor ones one
    step (high, moderate, low, very low).

Only reviewed evidence counts: a quote or report link counts when its unit carries a reviewed coding
(it is among the synthesis' evidence units, which hold the run region's reports only), a study when it
is included and coded or extracted, an indicator when the region has data. Other links are listed as not counted, with the reason.
The team's confirmed assessment (review database or ``findings.yaml``) overrides the proposal
(:func:`confirmed_assessments`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import pandas as pd

from .._config_extraction import CONCERNS, CONFIDENCE, FindingSet
from ..extraction.tables import split_multi
from .vocabulary import anchor

__all__ = ["ASSESSMENT_COLUMNS", "UNIT_COLUMNS", "COMPONENTS", "FindingsResult", "assess_findings", "cerqual",
           "confirmed_assessments", "finding_units", "overall_confidence", "run_findings"]

COMPONENTS = ("methodological_limitations", "coherence", "adequacy", "relevance")
UNIT_COLUMNS = ["finding_id", "role", "type", "ref", "anchor", "stream", "source", "counted", "reason", "rich",
                "concern", "region_match", "population_match", "period_match", "relevance"]
ASSESSMENT_COLUMNS = ["finding_id", "n_supporting", "n_contradicting", "n_not_counted", "n_sources", "n_rich",
                      "n_appraised", "mean_concern", "contradicting_share", "mean_relevance",
                      *COMPONENTS, "overall"]
_STREAM = {"study": "literature", "quote": "interviews", "report": "social_reports", "indicator": "indicators"}
_MATCH = {"match": 1.0, "partial": 0.5, "unknown": 0.5, "mismatch": 0.0}


def _years(text) -> tuple[int, int] | None:
    try:
        a, b = str(text).split("-")
        return int(a), int(b)
    except (TypeError, ValueError):
        return None


def _overlap(a: tuple[int, int] | None, b: tuple[int, int] | None) -> str:
    if a is None or b is None:
        return "unknown"
    return "match" if a[0] <= b[1] and b[0] <= a[1] else "mismatch"


def finding_units(findings: FindingSet, units: pd.DataFrame, *, included: pd.DataFrame, segments: pd.DataFrame,
                  reports: pd.DataFrame, profile: pd.DataFrame, extraction: pd.DataFrame | None = None,
                  appraisal: pd.DataFrame | None = None, region: str = "", region_name: str = "",
                  population_terms=()) -> pd.DataFrame:
    """Resolve and describe every evidence link of every finding.

    Parameters
    ----------
    findings : FindingSet
    units : DataFrame
        The synthesis' evidence units (reviewed codings; ``stream, unit_id``).
    included, segments, reports, profile : DataFrame
        Included studies (``record_id``), interview segments (``segment_id, document_id, region, text``),
        the run's social reports (``report_id, county_code, submitted_at, affected_group, description``)
        and the region's indicator profile (``indicator_id, year``).
    extraction : DataFrame, optional
        ``03-coding/extraction.csv`` (``record_id, country, population, data_from, data_to, data_richness``).
    appraisal : DataFrame, optional
        Per-study appraisal summary (``record_id, concern``).
    region, region_name : str
        The run's region code and name (a Finnish study whose setting names the region, or is national,
        matches it).
    population_terms : iterable of str
        Words whose presence in a report's affected group marks the review's population.

    Returns
    -------
    DataFrame
        :data:`UNIT_COLUMNS`, one row per link.
    """
    ctx = findings.context
    period = _years(ctx.period)
    reviewed = {(s, str(u)) for s, u in zip(units["stream"], units["unit_id"], strict=True)}
    inc = set(included["record_id"])
    ext = extraction.set_index("record_id") if extraction is not None and len(extraction) else None
    concern = dict(zip(appraisal["record_id"], appraisal["concern"], strict=True)) if appraisal is not None and len(appraisal) else {}
    seg = segments.set_index("segment_id") if len(segments) else None
    rep = reports.set_index("report_id") if len(reports) else None
    prof = profile[profile["value"].notna()] if "value" in profile else profile
    ind_years = prof.groupby("indicator_id")["year"].agg(lambda y: [int(float(x)) for x in y]).to_dict() if len(prof) else {}
    terms = [t.lower() for t in population_terms]
    wanted = set(ctx.population)
    rows = []
    for f in findings.findings:
        for role, links in (("supporting", f.supporting), ("contradicting", f.contradicting)):
            for link in links:
                row = {"finding_id": f.id, "role": role, "type": link.type, "ref": link.ref, "anchor": "",
                       "stream": _STREAM[link.type], "source": link.ref, "counted": False, "reason": "", "rich": False,
                       "concern": "", "region_match": "unknown", "population_match": "unknown", "period_match": "unknown"}
                if link.type == "study":
                    e = ext.loc[link.ref] if ext is not None and link.ref in ext.index else None
                    if link.ref not in inc:
                        row["reason"] = "not_included"
                    elif ("literature", link.ref) not in reviewed and e is None:
                        row["reason"] = "not_reviewed"
                    else:
                        row["counted"] = True
                    if e is not None:
                        country, setting = str(e.get("country") or ""), str(e.get("setting") or "").lower()
                        local = setting.startswith("national") or bool(region_name) and region_name.lower() in setting
                        row["region_match"] = ("unknown" if not country else "mismatch" if country != ctx.country
                                               else "match" if local else "partial")
                        pops = set(split_multi(e.get("population")))
                        row["population_match"] = "unknown" if not pops or not wanted else "match" if pops & wanted else "mismatch"
                        yrs = (_int(e.get("data_from")), _int(e.get("data_to")))
                        row["period_match"] = _overlap(yrs if None not in yrs else None, period)
                        row["rich"] = str(e.get("data_richness") or "") == "thick"
                    row["concern"] = concern.get(link.ref, "")
                elif link.type == "quote":
                    if seg is None or link.ref not in seg.index:
                        row["reason"] = "not_found"
                    else:
                        s = seg.loc[link.ref]
                        row["source"] = str(s.get("document_id") or link.ref)
                        row["counted"] = ("interviews", link.ref) in reviewed
                        row["reason"] = "" if row["counted"] else "not_reviewed"
                        where = str(s.get("region") or "")
                        row["region_match"] = "unknown" if not where or where == "nan" else "match" if where == region else "partial"
                        row["population_match"] = "match"  # the review's own informants, sampled for its population
                        row["period_match"] = "match"      # interviewed for this review
                        row["rich"] = len(str(s.get("text") or "")) >= 300
                elif link.type == "report":
                    if rep is None or link.ref not in rep.index:
                        row["reason"] = "not_found"
                    else:
                        r = rep.loc[link.ref]
                        row["counted"] = ("social_reports", link.ref) in reviewed
                        other = region and str(r.get("county_code") or "") not in ("", "nan", region)
                        row["reason"] = "" if row["counted"] else "other_region" if other else "not_reviewed"
                        row["region_match"] = "match" if str(r.get("county_code") or "") == region else "partial"
                        group = str(r.get("affected_group") or "").lower()
                        row["population_match"] = ("unknown" if not group or not terms else
                                                   "match" if any(t in group for t in terms) else "mismatch")
                        year = _int(str(r.get("submitted_at") or "")[:4])
                        row["period_match"] = _overlap((year, year) if year else None, period)
                        row["rich"] = len(str(r.get("description") or "")) >= 200
                else:  # indicator
                    years = ind_years.get(link.ref)
                    row["counted"] = bool(years)
                    row["reason"] = "" if years else "no_data"
                    if years:
                        row["region_match"] = "match"
                        row["population_match"] = "partial"  # a population-level series, not the group itself
                        row["period_match"] = _overlap((min(years), max(years)), period)
                row["anchor"] = anchor(link.type, link.ref) if row["reason"] not in ("not_found", "not_included") else ""
                row["relevance"] = round(sum(_MATCH[row[k]] for k in ("region_match", "population_match", "period_match")) / 3, 3)
                rows.append(row)
    return pd.DataFrame(rows, columns=UNIT_COLUMNS)


def _int(x) -> int | None:
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(v) else int(v)


def _level(value: float, cuts: tuple[float, float, float], higher_is_worse: bool) -> str:
    """The concern level of ``value`` against three cut points (least concern first)."""
    for i, cut in enumerate(cuts):
        if (value <= cut) if higher_is_worse else (value >= cut):
            return CONCERNS[i]
    return CONCERNS[3]


def overall_confidence(levels) -> str:
    """High, lowered one step per moderate concern, two per serious, one per two minor ones."""
    steps = sum({"minor": 0.5, "moderate": 1, "serious": 2}.get(lv, 0) for lv in levels)
    return CONFIDENCE[min(3, int(steps))]


def cerqual(findings: FindingSet, links: pd.DataFrame) -> pd.DataFrame:
    """The proposed GRADE-CERQual assessment of every finding (rules in the module docstring).

    Returns
    -------
    DataFrame
        :data:`ASSESSMENT_COLUMNS`: the counts each component is judged from, the four components
        (``no_or_very_minor`` / ``minor`` / ``moderate`` / ``serious``) and ``overall``.
    """
    rows = []
    for f in findings.findings:
        sub = links[links["finding_id"] == f.id]
        sup = sub[(sub["role"] == "supporting") & sub["counted"].astype(bool)]
        con = sub[(sub["role"] == "contradicting") & sub["counted"].astype(bool)]
        score = {c: i for i, c in enumerate(CONCERNS)}
        appraised = [score[c] for c in sup.loc[sup["type"] == "study", "concern"] if c in score]
        mean_concern = sum(appraised) / len(appraised) if appraised else None
        limitations = "minor" if mean_concern is None else _level(mean_concern, (0.5, 1.25, 2.0), True)
        total = len(sup) + len(con)
        share = len(con) / total if total else 0.0
        coherence = _level(share, (0.0, 0.15, 0.35), True) if total else "serious"
        n_sources = sup["source"].nunique()
        n_rich = int(sup["rich"].astype(bool).sum())
        adequacy = _level(n_sources, (8, 5, 3), False)
        if len(sup) and n_rich / len(sup) < 0.2 and adequacy != "serious":
            adequacy = CONCERNS[CONCERNS.index(adequacy) + 1]
        rel = float(sup["relevance"].mean()) if len(sup) else 0.0
        relevance = _level(rel, (0.9, 0.75, 0.6), False)
        levels = (limitations, coherence, adequacy, relevance)
        rows.append({"finding_id": f.id, "n_supporting": len(sup), "n_contradicting": len(con),
                     "n_not_counted": int((~sub["counted"].astype(bool)).sum()), "n_sources": int(n_sources),
                     "n_rich": n_rich, "n_appraised": len(appraised),
                     "mean_concern": round(mean_concern, 2) if mean_concern is not None else None,
                     "contradicting_share": round(share, 3), "mean_relevance": round(rel, 3),
                     **dict(zip(COMPONENTS, levels, strict=True)), "overall": overall_confidence(levels)})
    return pd.DataFrame(rows, columns=ASSESSMENT_COLUMNS)


def confirmed_assessments(findings: FindingSet, events: pd.DataFrame | None = None) -> pd.DataFrame:
    """The team's confirmed assessments: the latest ``cerqual`` events of the review database per finding
    (fields: the four components, ``overall``, ``explanation``), else the finding's ``assessment`` in
    ``findings.yaml``.

    Returns
    -------
    DataFrame
        ``finding_id, <components>, overall, explanation, assessed_by, source`` (``source``: ``database``
        or ``file``); only findings the team assessed completely.
    """
    rows = {}
    for f in findings.findings:
        a = f.assessment
        if a is not None:
            rows[f.id] = {"finding_id": f.id, **{c: getattr(a, c) for c in COMPONENTS}, "overall": a.overall,
                          "explanation": a.explanation, "assessed_by": a.assessed_by or "", "source": "file"}
    if events is not None and len(events):
        cer = events[events["kind"] == "cerqual"].sort_values("event_id")
        for fid, sub in cer.groupby("subject_id"):
            latest = sub.drop_duplicates("field", keep="last").set_index("field")
            vals = latest["value"].to_dict()
            if all(vals.get(c) in CONCERNS for c in COMPONENTS) and vals.get("overall") in CONFIDENCE:
                rows[fid] = {"finding_id": fid, **{c: vals[c] for c in COMPONENTS}, "overall": vals["overall"],
                             "explanation": vals.get("explanation", ""), "assessed_by": latest["reviewer"].iloc[-1],
                             "source": "database"}
    return pd.DataFrame(list(rows.values()), columns=["finding_id", *COMPONENTS, "overall", "explanation",
                                                      "assessed_by", "source"])


@dataclass(frozen=True)
class FindingsResult:
    """The findings of a run: their links, the proposal, the team's confirmed assessments and the final one.

    Attributes
    ----------
    findings : FindingSet
    links : DataFrame
        :func:`finding_units`.
    proposal : DataFrame
        :func:`cerqual`.
    confirmed : DataFrame
        :func:`confirmed_assessments`.
    final : DataFrame
        Per finding the four components, ``overall``, ``source`` (``proposal``, ``database`` or ``file``),
        ``explanation`` (the team's; empty for a proposal) and ``assessed_by``.
    appraisal : DataFrame or None
        Per included study the appraisal summary (:func:`~review_tools.extraction.tables.appraisal_summary`).
    """

    findings: FindingSet
    links: pd.DataFrame
    proposal: pd.DataFrame
    confirmed: pd.DataFrame
    final: pd.DataFrame
    appraisal: pd.DataFrame | None = None

    def table(self, language: str = "en") -> pd.DataFrame:
        """One row per finding (``07-synthesis/findings.csv``) with the team's explanation or ""."""
        rows = []
        for f in self.findings.findings:
            fin = self.final[self.final["finding_id"] == f.id].iloc[0]
            prop = self.proposal[self.proposal["finding_id"] == f.id].iloc[0]
            expl = fin["explanation"]
            rows.append({"finding_id": f.id, "statement": f.statement.get(language), "themes": "; ".join(f.themes),
                         "n_supporting": int(prop["n_supporting"]), "n_contradicting": int(prop["n_contradicting"]),
                         **{c: fin[c] for c in COMPONENTS}, "overall": fin["overall"], "source": fin["source"],
                         "explanation": expl.get(language) if hasattr(expl, "get") else str(expl or "")})
        return pd.DataFrame(rows, columns=["finding_id", "statement", "themes", "n_supporting", "n_contradicting",
                                           *COMPONENTS, "overall", "source", "explanation"])


def assess_findings(findings: FindingSet, units: pd.DataFrame, *, events: pd.DataFrame | None = None,
                    **unit_frames) -> FindingsResult:
    """Resolve the links (:func:`finding_units` with ``unit_frames``), propose (:func:`cerqual`) and let the
    team's confirmed assessment (:func:`confirmed_assessments` of ``events``) override the proposal."""
    links = finding_units(findings, units, **unit_frames)
    proposal = cerqual(findings, links)
    confirmed = confirmed_assessments(findings, events)
    team = confirmed.set_index("finding_id")
    rows = []
    for p in proposal.to_dict("records"):
        if p["finding_id"] in team.index:
            t = team.loc[p["finding_id"]]
            rows.append({"finding_id": p["finding_id"], **{c: t[c] for c in COMPONENTS}, "overall": t["overall"],
                         "source": t["source"], "explanation": t["explanation"], "assessed_by": t["assessed_by"]})
        else:
            rows.append({"finding_id": p["finding_id"], **{c: p[c] for c in COMPONENTS}, "overall": p["overall"],
                         "source": "proposal", "explanation": "", "assessed_by": ""})
    final = pd.DataFrame(rows, columns=["finding_id", *COMPONENTS, "overall", "source", "explanation", "assessed_by"])
    return FindingsResult(findings, links, proposal, confirmed, final)


def run_findings(findings: FindingSet, units: pd.DataFrame, artefacts, region: str, period: str, *,
                 region_name: str = "", checklist=None, events: pd.DataFrame | None = None) -> FindingsResult:
    """:func:`assess_findings` on the artefacts of a run (the region's indicator profile within ``period``,
    the appraisal summarised with ``checklist``) and the review database's ``events`` (CERQual confirmations)."""
    from ..extraction.tables import appraisal_summary
    from .vocabulary import region_profile

    answers = artefacts.get("03-coding", "appraisal.csv")
    summary = appraisal_summary(answers, checklist) if answers is not None and checklist is not None else None
    result = assess_findings(
        findings, units, events=events, included=artefacts.table("02-screening", "included.csv"),
        segments=artefacts.table("03-coding", "segments.csv"),
        reports=artefacts.table("04-social-reports", "social_reports.csv"),
        profile=region_profile(artefacts.table("06-regional-profile", "profile.csv"), region, period),
        extraction=artefacts.get("03-coding", "extraction.csv"), appraisal=summary, region=str(region),
        region_name=region_name, population_terms=findings.context.population_terms)
    return replace(result, appraisal=summary)
