"""Report appendices: references and evidence (every link target), provenance."""

from __future__ import annotations

import json

from ..regions import report_region_column
from ..synthesis import normalise_region
from .cerqual import finding_backlinks, study_records
from .context import (
    ReportContext,
    first_text,
    render_section,
)
from .i18n import TEXT, t, v


def references(ctx: ReportContext) -> str:
    """References and evidence appendix: every included study, quote, social report a section links
    to (ids ``study-``, ``quote-``, ``report-``), indicator sources and legislation."""
    lang, art, r = ctx.language, ctx.inputs.artefacts, ctx.result
    inc = art.table("02-screening", "included.csv").sort_values("record_id")
    studies = [{"id": s["record_id"], "text": s.get("citation") or s.get("title"),
                "doi": s.get("doi") if isinstance(s.get("doi"), str) and s.get("doi") else ""} for _, s in inc.iterrows()]
    # quotes: every segment a section links to
    cited = set(r.evidence.loc[(r.evidence["type"] == "quote") & r.evidence["ok"].astype(bool), "resolved_id"])
    by_finding = _finding_refs(r)
    cited |= by_finding.get("quote", set())
    quotes = art.get("03-coding", "quotes.csv")
    shown = set()
    if quotes is not None and "quote_id" in quotes.columns:
        coded = set(r.units.loc[r.units["stream"] == "interviews", "unit_id"])
        shown = set(quotes.loc[quotes["quote_id"].isin(coded), "quote_id"])
    seg = art.table("03-coding", "segments.csv").set_index("segment_id")
    quote_items = [{"id": sid, "group": v(seg.loc[sid].get("informant_group", ""), ctx.language),
                    "language": seg.loc[sid].get("language", ""), "text": seg.loc[sid]["text"]}
                   for sid in sorted(cited | shown) if sid in seg.index]
    # reports: the region's and any cited
    reps = art.table("04-social-reports", "social_reports.csv")
    cited_r = set(r.evidence.loc[(r.evidence["type"] == "report") & r.evidence["ok"].astype(bool), "resolved_id"])
    cited_r |= by_finding.get("report", set())
    listed = reps[reps["report_id"].isin(set(ctx.inputs.reports["report_id"]) | cited_r)]
    rcol = report_region_column(reps)
    report_items = []
    for _, s in listed.sort_values("report_id").iterrows():
        fields = [v(s.get(k), lang) if k == "reporter_role" else s.get(k)
                  for k in ("submitted_at", "reporter_role", "affected_group") if isinstance(s.get(k), str)]
        if rcol and isinstance(s.get(rcol), str) and normalise_region(s[rcol]) != r.region:
            fields.append(f"{t('region', lang)} {s[rcol]}")
        report_items.append({"id": s["report_id"], "title": s.get("phenomenon_title", ""),
                             "observation": s.get("observation_type", ""), "fields": "; ".join(fields),
                             "description": first_text(s, ("phenomenon_description", "description")),
                             "actions": first_text(s, ("proposed_actions", "proposed_action"))})
    cit = art.get("05-indicator-data", "citations.csv")
    known = {i.id for i in ctx.config.indicators.indicators}
    citations = None if cit is None or not {"indicator_id", "citation"} <= set(cit.columns) else [
        {"id": c["indicator_id"], "citation": c["citation"], "known": c["indicator_id"] in known} for _, c in cit.iterrows()]
    return render_section("references", ctx, studies=studies, quotes=quote_items, reports=report_items, citations=citations,
                          backlinks=finding_backlinks(ctx), records=study_records(ctx))


def _finding_refs(result) -> dict[str, set]:
    """Evidence type -> the refs the findings count or cite (their link targets must be in the appendix)."""
    fr = result.findings
    if fr is None:
        return {}
    links = fr.links[fr.links["anchor"] != ""]
    return {kind: set(sub["ref"]) for kind, sub in links.groupby("type")}


# ------------------------------------------------------------------------------------ 11 provenance


def provenance(ctx: ReportContext) -> str:
    """Provenance appendix: parameters, versions, input file hashes, artefact hashes, stage records."""
    prov = ctx.provenance
    stages = {k: json.dumps(val, ensure_ascii=False, sort_keys=True) for k, val in (prov.get("stages") or {}).items()}
    return render_section("provenance", ctx, versions=prov.get("versions") or {}, inputs=prov.get("inputs") or {},
                          artefacts=prov.get("artefacts") or {}, stages=stages,
                          parameter_label=lambda k: t(f"col_{k}", ctx.language) if f"col_{k}" in TEXT["en"] else "")
