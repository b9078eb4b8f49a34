"""Report appendix on coding: what each included study was coded on, and the code suggestions no coder
confirmed (proposals with score and reason, never counted unless the protocol opts in)."""

from __future__ import annotations

import math

import pandas as pd

from .context import ReportContext, render_section


def _score(value) -> str:
    try:
        f = float(value)
    except (TypeError, ValueError):
        return ""
    return "" if math.isnan(f) else f"{f:.2f}"


def coding_appendix(ctx: ReportContext) -> str:
    """The appendix ``suggestions``: the coding basis of every included study, then the unconfirmed suggestions
    by stream (unit, code, score, reason); studies and the region's reports link to their references entry."""
    r, art = ctx.result, ctx.inputs.artefacts
    included = art.table("02-screening", "included.csv").sort_values("record_id")
    sources = art.get("03-coding", "literature_sources.csv")
    coded_on = {} if sources is None else dict(zip(sources["record_id"], sources["coded_on"], strict=True))
    lit = r.units[(r.units["stream"] == "literature") & (r.units["origin"] == "reviewed")]
    reviewed = lit.groupby("unit_id")["code"].agg(lambda c: sorted(set(c))).to_dict()
    sugg = r.suggestions if r.suggestions is not None else pd.DataFrame(columns=["stream", "unit_id", "code", "score",
                                                                                  "reason"])
    suggested = sugg[sugg["stream"] == "literature"].groupby("unit_id")["code"].agg(lambda c: sorted(set(c))).to_dict()
    labels = ctx.study_labels
    studies = [{"id": rid, "label": labels.get(rid, rid), "coded_on": coded_on.get(rid, ""), "reviewed": reviewed.get(rid, []),
                "suggested": suggested.get(rid, [])} for rid in included["record_id"]]
    linked_reports = set(ctx.inputs.reports["report_id"]) if "report_id" in ctx.inputs.reports.columns else set()
    streams = []
    for stream in ("interviews", "literature", "social_reports"):
        sub = sugg[sugg["stream"] == stream]
        if sub.empty:
            continue
        kind = {"literature": "study", "social_reports": "report"}.get(stream)
        rows = [{"unit": u, "label": labels.get(u, u) if kind == "study" else u, "kind": kind if kind == "study" or u in linked_reports else None, "code": c,
                 "score": _score(s), "reason": str(why or "")}
                for u, c, s, why in zip(sub["unit_id"], sub["code"], sub["score"], sub["reason"], strict=True)]
        streams.append({"key": {"interviews": "interviews_s"}.get(stream, stream), "rows": rows})
    return render_section("suggestions", ctx, studies=studies, streams=streams, opt_in=r.count_suggestions,
                          total=len(sugg))
