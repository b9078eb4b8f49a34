"""Report section: the team's findings with their GRADE-CERQual confidence, and the per-study extraction
and appraisal shown in the references appendix.

Every finding is the link target ``finding-<id>``; it links to its evidence (``study-``, ``quote-``,
``report-``, ``indicator-``) and to the recommendations that rest on it (``rec-<id>``), and those link
back to it. The explanation is written here in plain sentences from the counts the synthesis judged
each component on (:mod:`review_tools.synthesis.findings`).
"""

from __future__ import annotations

import pandas as pd

from .context import ReportContext, render_section
from .html import esc, num
from .i18n import t

__all__ = ["confidence_findings", "component_sentences", "finding_backlinks", "recommendation_findings",
           "study_records"]

COMPONENTS = ("methodological_limitations", "coherence", "adequacy", "relevance")


def component_sentences(p: dict, lang: str, checklist_name: str = "") -> dict[str, str]:
    """One plain sentence per component (and ``overall``) saying what the proposal was judged on."""
    out = {}
    if p["n_appraised"]:
        out["methodological_limitations"] = t("cq_s_lim_appraised", lang, n=p["n_appraised"], tool=checklist_name,
                                              level=t("cq_" + p["methodological_limitations"], lang))
    else:
        out["methodological_limitations"] = t("cq_s_lim_none", lang)
    total = int(p["n_supporting"]) + int(p["n_contradicting"])
    out["coherence"] = (t("cq_s_coh_none", lang, n=total) if not p["n_contradicting"]
                        else t("cq_s_coh_some", lang, k=p["n_contradicting"], n=total))
    out["adequacy"] = t("cq_s_adequacy", lang, n=p["n_supporting"], sources=p["n_sources"], rich=p["n_rich"])
    out["relevance"] = t("cq_s_relevance", lang, pct=num(round(float(p["mean_relevance"]) * 100)))
    out["overall"] = t("cq_s_overall", lang)
    return out


def recommendation_findings(ctx: ReportContext) -> dict[str, list[str]]:
    """Finding id -> ids of the recommendations that rest on it (framework order)."""
    out: dict[str, list[str]] = {}
    for rec in ctx.config.recommendations.recommendations:
        for fid in rec.findings:
            out.setdefault(fid, []).append(rec.id)
    return out


def finding_backlinks(ctx: ReportContext) -> dict[str, list[str]]:
    """Evidence anchor -> ids of the findings that count it (for back-links at the evidence)."""
    fr = ctx.result.findings
    if fr is None:
        return {}
    out: dict[str, list[str]] = {}
    for a, fid in zip(fr.links["anchor"], fr.links["finding_id"], strict=True):
        if a and fid not in out.setdefault(a, []):
            out[a].append(fid)
    return out


def confidence_findings(ctx: ReportContext) -> str:
    """Findings and confidence: a summary table, then one card per finding (id ``finding-<id>``)."""
    lang, fr = ctx.language, ctx.result.findings
    if fr is None:
        return render_section("confidence", ctx, cards=None)
    checklist = ctx.config.appraisal_checklist()
    name = checklist.name.get(lang) if checklist is not None else ""
    recs = recommendation_findings(ctx)
    labels = {"study": _study_labels(ctx), "quote": _quote_labels(ctx), "report": _report_labels(ctx),
              "indicator": {i.id: i.title.get(lang) for i in ctx.config.indicators.indicators}}
    cards = []
    for f in fr.findings.findings:
        prop = fr.proposal[fr.proposal["finding_id"] == f.id].iloc[0].to_dict()
        fin = fr.final[fr.final["finding_id"] == f.id].iloc[0].to_dict()
        sentences = component_sentences(prop, lang, name)
        links = fr.links[fr.links["finding_id"] == f.id]
        expl = fin["explanation"]
        team_text = expl.get(lang) if hasattr(expl, "get") else str(expl or "")

        def items(sub: pd.DataFrame, f=f) -> list[dict]:
            return [{"anchor": r.anchor, "type": r.type, "ref": r.ref, "note": _note(f, r),
                     "label": labels.get(r.type, {}).get(r.ref, r.ref), "reason": r.reason}
                    for r in sub.itertuples(index=False)]

        counted = links["counted"].astype(bool)
        cards.append({
            "finding": f, "statement": f.statement.get(lang), "final": fin, "proposal": prop,
            "team": fin["source"] != "proposal", "team_text": team_text, "sentences": sentences,
            "differs": [c for c in (*COMPONENTS, "overall") if fin[c] != prop[c]],
            "supporting": items(links[(links["role"] == "supporting") & counted]),
            "contradicting": items(links[(links["role"] == "contradicting") & counted]),
            "not_counted": items(links[~counted]), "recommendations": recs.get(f.id, []),
        })
    return render_section("confidence", ctx, cards=cards, components=COMPONENTS, checklist=checklist)


def _note(finding, row) -> str:
    for link in (*finding.supporting, *finding.contradicting):
        if link.type == row.type and link.ref == row.ref and link.note:
            return link.note
    return ""


def _study_labels(ctx: ReportContext) -> dict[str, str]:
    inc = ctx.inputs.artefacts.table("02-screening", "included.csv")
    text = inc["citation"].where(inc["citation"].notna() & (inc["citation"] != ""), inc["title"])
    return {r: (str(x)[:160] + ("…" if len(str(x)) > 160 else "")) for r, x in zip(inc["record_id"], text, strict=True)}


def _quote_labels(ctx: ReportContext) -> dict[str, str]:
    seg = ctx.inputs.artefacts.table("03-coding", "segments.csv")
    return {s: f"{s}: “{str(x)[:110]}{'…' if len(str(x)) > 110 else ''}”"
            for s, x in zip(seg["segment_id"], seg["text"], strict=True)}


def _report_labels(ctx: ReportContext) -> dict[str, str]:
    reps = ctx.inputs.artefacts.table("04-social-reports", "social_reports.csv")
    titles = reps["phenomenon_title"] if "phenomenon_title" in reps else reps["report_id"]
    return {r: f"{r} {x}" if isinstance(x, str) and x else r for r, x in zip(reps["report_id"], titles, strict=True)}


def study_records(ctx: ReportContext) -> dict[str, dict]:
    """Record id -> the study's extraction (label, value pairs in the report's language) and appraisal summary."""
    lang, art = ctx.language, ctx.inputs.artefacts
    form, ext = ctx.config.extraction, art.get("03-coding", "extraction.csv")
    out: dict[str, dict] = {}
    if form is None or ext is None:
        return out
    for row in ext.to_dict("records"):
        pairs = []
        for f in form.fields:
            val = row.get(f.id)
            if val is None or (isinstance(val, float) and pd.isna(val)) or str(val) == "":
                continue
            if f.type in ("choice", "multi_choice"):
                names = {c.value: c.label.get(lang) for c in f.choices}
                val = ", ".join(names.get(x.strip(), x.strip()) for x in str(val).split(";"))
            pairs.append((f.label.get(lang), esc(val)))  # sheet() inserts values as markup
        out[row["record_id"]] = {"fields": pairs, "appraisal": None}
    checklist, fr = ctx.config.appraisal_checklist(), ctx.result.findings
    summary = fr.appraisal if fr is not None else None
    if checklist is not None and summary is not None:
        cats = {c.id: c.label.get(lang) for c in checklist.categories}
        for s in summary.to_dict("records"):
            out.setdefault(s["record_id"], {"fields": [], "appraisal": None})["appraisal"] = {
                "text": t("appraisal_line", lang, tool=checklist.name.get(lang), category=cats.get(s["category"], ""),
                          yes=s["n_yes"], n=s["n_items"], level=t("cq_" + s["concern"], lang) if s["concern"] else "")}
    return out
