"""Report sections 7-9: recommendations (with the run's warnings), monitoring indicators, limitations."""

from __future__ import annotations

from ..identifiers import split_codes
from ..synthesis import NO_REGION_DATA, Problem, leaf_codes
from .context import (
    ReportContext,
    render_section,
)
from .i18n import t, v
from .problems import reader_sentence
from .scope import recommendation_scope_sentence, region_label, scope_label
from .screening import screening_sentences


def recommendations(ctx: ReportContext) -> str:
    """Recommendations: a summary table (team first, then drafts), then one card per recommendation
    (id ``rec-<id>``) with actor, timeframe, resources, risks, rationale and linked evidence, and the
    list of all warnings (id ``warnings``)."""
    lang, r = ctx.language, ctx.result
    recs = []
    for rec in r.recommendations:
        links = r.evidence[r.evidence["recommendation_id"] == rec.id]
        recs.append({
            "rec": rec, "draft": rec.id in r.drafts, "actors": ", ".join(v(a, lang) for a in rec.actor),
            "statement": _draft_statement(rec, ctx) if rec.id in r.drafts else rec.statement.get(lang),
            "written_for": region_label(ctx) if rec.id in r.drafts else scope_label(ctx, rec.region),
            "n_ok": int(links["ok"].astype(bool).sum()),
            "links": [{"type": e.type, "ok": bool(e.ok), "anchor": e.anchor, "text": _evidence_text(e, ctx),
                       "detail": _detail(e, lang), "ref": e.ref, "problem": e.problem,
                       "problem_text": reader_sentence(Problem(f"(id '{rec.id}')", str(e.problem)), ctx) if e.problem else "",
                       "no_region_data": bool(getattr(e, "no_region_data", False))}
                      for e in links.itertuples(index=False)],
            "findings": list(rec.findings) if r.findings is not None else [],
            "warnings": [p for p in r.warnings if f"(id '{rec.id}')" in p.where or p.where == f"draft {rec.id}"
                         or p.where.startswith(f"draft {rec.id}.")],
        })
    return render_section("recommendations", ctx, recs=recs, scope_sentence=recommendation_scope_sentence(ctx),
                          problem_text=lambda p: problem_text(p, ctx), no_data_text=lambda ref: no_region_data_text(ref, ctx))


def no_region_data_text(indicator_id: str, ctx: ReportContext) -> str:
    """The reader's sentence for an indicator without data for the run's region in its period (plain text)."""
    years = str(ctx.result.period).replace("-", "–")
    return t("indicator_no_region_data", ctx.language, indicator=ctx.indicator_title(indicator_id),
             region=region_label(ctx), period=years)


def problem_text(p, ctx: ReportContext) -> str:
    """A warning as the report prints it: a sentence for readers (no file or key path, :mod:`.problems`)."""
    if getattr(p, "kind", "") == NO_REGION_DATA:
        return no_region_data_text(p.subject, ctx)
    return reader_sentence(p, ctx)


def _draft_statement(rec, ctx: ReportContext) -> str:
    """A draft's statement in the report's language, from the theme's row of the evidence matrix."""
    lang, m = ctx.language, ctx.result.matrix
    row = m[m["theme"] == rec.theme]
    if not len(row):
        return rec.statement.get(lang)
    row = row.iloc[0]
    streams = [s for s in ("literature", "interviews", "social_reports", "indicators") if row.get(f"{s}_n")]
    names = {"literature": "literature", "interviews": "interviews_s", "social_reports": "social_reports",
             "indicators": "indicators"}
    return t("draft_statement", lang, theme=ctx.code_label(rec.theme), convergence=v(row["convergence"], lang),
             streams=", ".join(t(names[s], lang).lower() for s in streams))


def _evidence_text(e, ctx: ReportContext) -> str:
    """The text of a resolved evidence link (plain text)."""
    label = str(e.label)
    if e.type == "quote":
        label = f"“{label[:140]}{'…' if len(label) > 140 else ''}”"
    elif e.type == "study":
        label = label[:180] + ("…" if len(label) > 180 else "")
    elif e.type == "indicator":
        unit = next((i.unit for i in ctx.config.indicators.indicators if i.id == e.resolved_id), "")
        if unit:  # "76.8 <unit> (2020)": the unit in the report's language
            label = label.replace(f" {unit} (", f" {v(unit, ctx.language)} (", 1)
        label = f"{ctx.indicator_title(e.resolved_id)}: {label}"
    elif e.type == "theme":
        label = f"{e.resolved_id} {ctx.code_label(e.resolved_id)}"
    return label


def _detail(e, lang: str) -> str:
    """The link's detail: informant group, direction, source, note (plain text; "" when none)."""
    parts = []
    if e.type == "quote" and e.detail:
        parts.append(f"{t('informant', lang)}: {v(str(e.detail), lang)}")
    elif e.type in ("report", "indicator") and e.detail:
        parts.append(v(e.detail, lang))
    elif e.type == "theme" and e.detail:
        parts.append(v(e.detail, lang))
    if e.type == "indicator" and e.source:
        parts.append(str(e.source))
    if e.note:
        parts.append(str(e.note))
    return "; ".join(parts)


# ------------------------------------------------------------------------------------ 8 monitoring


def monitoring(ctx: ReportContext) -> str:
    """Monitoring table: per recommendation and indicator the baseline, direction, target (or "no target
    set": targets are never derived) and owner; a sentence for each indicator without data for the region."""
    rows = list(ctx.result.monitoring.itertuples(index=False))
    missing = list(dict.fromkeys(m.indicator for m in rows if not str(m.latest_year).strip()))
    return render_section("monitoring", ctx, rows_in=rows, split_codes=split_codes,
                          no_data_sentences=[no_region_data_text(i, ctx) for i in missing],
                          decimals=lambda m: shown_decimals(ctx, m),
                          breakdowns=lambda text: "; ".join(v(x.strip(), ctx.language) for x in str(text or "").split(";")
                                                            if x.strip()))


def shown_decimals(ctx: ReportContext, row) -> int | None:
    """Decimals a monitoring row's baseline and target are shown with: the indicator's ``decimals`` when the review
    sets them, else none for values of 100 and more (euros, indexes) and one below (percentages, rates)."""
    for ind in ctx.config.indicators.indicators:
        if ind.id == row.indicator and ind.decimals is not None:
            return ind.decimals
    try:
        return 0 if abs(float(row.baseline_value)) >= 100 else 1
    except (TypeError, ValueError):
        return None


def limitations(ctx: ReportContext) -> str:
    """Limitations: fixed caveats plus the gaps of this run (indicators without data, themes without
    indicators or with a single stream, missing artefacts, reports of other regions)."""
    lang, r = ctx.language, ctx.result
    items = [t("limitations_text", lang)]
    have = set(ctx.inputs.profile["indicator_id"])
    no_data = [ctx.indicator_title(i.id) for i in ctx.config.indicators.indicators if i.id not in have]
    if no_data:
        items.append(t("lim_no_data", lang, items=", ".join(no_data)))
    leaves = leaf_codes(ctx.config.codebook)
    with_ind = {c for i in ctx.config.indicators.indicators for c in i.themes}
    no_ind = [c for c in leaves if c not in with_ind]
    if no_ind:
        items.append(t("lim_no_indicator", lang, items=", ".join(no_ind)))
    single = r.matrix.loc[r.matrix["theme"].isin(leaves) & (r.matrix["convergence"] == "single stream"), "theme"]
    if len(single):
        items.append(t("lim_single", lang, items=", ".join(single)))
    if ctx.inputs.artefacts.missing:
        items.append(t("lim_missing", lang, items=", ".join(ctx.inputs.artefacts.missing)))
    other = ctx.inputs.n_reports - len(ctx.inputs.reports)
    if other:
        items.append(t("lim_reports_region", lang, n=other))
    sentences = screening_sentences(ctx.inputs.screening, lang)
    if sentences:
        items.append(" ".join(sentences))
    return render_section("limitations", ctx, items=items)
