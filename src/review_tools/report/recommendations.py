"""Report sections 7-9: recommendations (with the run's warnings), monitoring indicators, limitations."""

from __future__ import annotations

from ..identifiers import split_codes
from ..synthesis import leaf_codes
from .context import (
    ReportContext,
    render_section,
    section,
    theme_link,
)
from .html import esc, heading, link, num, sheet, table, warning
from .i18n import t, v
from .screening import screening_sentences, screening_warning


def recommendations(ctx: ReportContext) -> str:
    """Recommendations: a summary table (team first, then drafts), then one card per recommendation
    (id ``rec-<id>``) with actor, timeframe, resources, risks, rationale and linked evidence, and the
    list of all warnings (id ``warnings``)."""
    lang, r = ctx.language, ctx.result
    body = heading(2, "recommendations", t("recommendations", lang))
    body += screening_warning(ctx.inputs.screening, lang, intro="screening_unfinished_recs")
    ev = r.evidence
    rows, cards = [], []
    for rec in r.recommendations:
        draft = rec.id in r.drafts
        links = ev[ev["recommendation_id"] == rec.id]
        n_ok = int(links["ok"].astype(bool).sum())
        items = []
        for e in links.itertuples(index=False):
            kind = f"<span class='rt-kind'>{esc(v(e.type, lang))}</span> "
            if e.ok:
                items.append(f"<li>{kind}{link(e.anchor, _evidence_text(e, ctx))}{_detail(e, lang)}</li>")
            else:
                items.append(f"<li>{kind}<code>{esc(e.ref)}</code> "
                             f"<span class='rt-badge'>{esc(t('unresolved', lang))}</span> {esc(e.problem)}</li>")
        warns = [p for p in r.warnings if f"(id '{rec.id}')" in p.where or p.where == f"draft {rec.id}"
                 or p.where.startswith(f"draft {rec.id}.")]
        badge = f"<span class='rt-badge'>{esc(t('draft_badge', lang))}</span> " if draft else ""
        statement = esc(rec.statement.get(lang))
        actor = f"<em>{esc(t('to_decide', lang))}</em>" if draft else esc(", ".join(v(a, lang) for a in rec.actor))
        timeframe = f"<em>{esc(t('to_decide', lang))}</em>" if draft else esc(v(rec.timeframe, lang))
        n_cell = num(n_ok) if n_ok else f"<span class='rt-badge'>{esc(t('unsupported', lang))}</span>"
        rows.append([link(f"rec-{rec.id}", f"<strong>{esc(rec.id)}</strong>"), badge + statement,
                     theme_link(ctx, rec.theme), actor, timeframe, n_cell])
        card = heading(3, f"rec-{rec.id}", rec.id)
        card += f"<p>{badge}<strong>{statement}</strong></p>"
        if draft:
            card += f"<p class='rt-note'>{esc(t('draft_note', lang))}</p>"
        for w in warns:
            card += warning(f"<code>{esc(w.where)}</code>: {esc(w.message)}")
        facts = [(t("theme", lang), theme_link(ctx, rec.theme)), (t("actor", lang), actor),
                 (t("timeframe", lang), timeframe)]
        if rec.resources:
            facts.append((t("resources", lang), esc(rec.resources)))
        if rec.risks:
            facts.append((t("risks", lang), esc(rec.risks)))
        if rec.rationale:
            facts.append((t("rationale", lang), esc(rec.rationale.get(lang))))
        card += sheet(facts)
        card += f"<h4>{esc(t('evidence', lang))}</h4>"
        if not n_ok:
            card += warning(f"<strong>{esc(t('unsupported', lang))}</strong>")
        if items:
            card += f"<ul class='rt-evidence'>{''.join(items)}</ul>"
        cards.append(f'<article class="rt-rec">{card}</article>')
    body += table(["id", t("statement", lang), t("theme", lang), t("actor", lang), t("timeframe", lang),
                   t("evidence", lang)], rows, cards=True, numeric=(5,))
    body += "".join(cards)
    body += heading(3, "warnings", t("warnings", lang))
    if r.warnings:
        body += warning(f"<p>{esc(t('warnings_intro', lang))}</p><ul>" +
                        "".join(f"<li><code>{esc(p.where)}</code>: {esc(p.message)}</li>" for p in r.warnings) + "</ul>")
    else:
        body += f"<p>{esc(t('no_warnings', lang))}</p>"
    return section(body)


def _evidence_text(e, ctx: ReportContext) -> str:
    label = str(e.label)
    if e.type == "quote":
        label = f"“{label[:140]}{'…' if len(label) > 140 else ''}”"
    elif e.type == "study":
        label = label[:180] + ("…" if len(label) > 180 else "")
    elif e.type == "indicator":
        label = f"{ctx.indicator_title(e.resolved_id)}: {label}"
    elif e.type == "theme":
        label = f"{e.resolved_id} {ctx.code_label(e.resolved_id)}"
    return esc(label)


def _detail(e, lang: str) -> str:
    parts = []
    if e.type == "quote" and e.detail:
        parts.append(f"{t('informant', lang)}: {str(e.detail).replace('_', ' ')}")
    elif e.type in ("report", "indicator") and e.detail:
        parts.append(v(e.detail, lang))
    elif e.type == "theme" and e.detail:
        parts.append(v(e.detail, lang))
    if e.type == "indicator" and e.source:
        parts.append(str(e.source))
    if e.note:
        parts.append(str(e.note))
    return f" <span class='rt-note'>({esc('; '.join(parts))})</span>" if parts else ""


# ------------------------------------------------------------------------------------ 8 monitoring


def monitoring(ctx: ReportContext) -> str:
    """Monitoring table: per recommendation and indicator the baseline, direction, target and owner."""
    default_pct = num(round(ctx.config.recommendations.default_target_change * 100, 2))
    return render_section("monitoring", ctx, rows_in=list(ctx.result.monitoring.itertuples(index=False)),
                          split_codes=split_codes, default_pct=default_pct)


def limitations(ctx: ReportContext) -> str:
    """Limitations: fixed caveats plus the gaps of this run (indicators without data, themes without
    indicators or with a single stream, missing artefacts, reports of other regions)."""
    lang, r = ctx.language, ctx.result
    items = [t("limitations_text", lang)]
    have = set(ctx.inputs.profile["indicator_id"])
    no_data = [i.id for i in ctx.config.indicators.indicators if i.id not in have]
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
