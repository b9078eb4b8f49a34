"""Report sections 1-3: the description sheet, background and concepts, methods by work package."""

from __future__ import annotations

from ..synthesis import leaf_codes
from .context import (
    ReportContext,
    missing,
    pct,
    render_section,
    round_to,
    section,
    theme_link,
)
from .html import data_uri, esc, heading, image, num, table
from .i18n import t, v
from .screening import screening_figures, screening_sentences


def description_sheet(ctx: ReportContext) -> str:
    """Description sheet: title, region, period, keywords, questions, team, key figures, warnings count."""
    lang, r, inp = ctx.language, ctx.result, ctx.inputs
    key_figures = [
        (t("included_studies", lang), len(inp.artefacts.table("02-screening", "included.csv"))),
        (t("interviews", lang), f"{inp.n_documents} / {inp.n_coded_segments}"),
        (t("reports_region", lang), len(inp.reports)),
        (t("indicators_data", lang), f"{len(inp.profile)} / {len(ctx.config.indicators.indicators)}"),
        (t("team_recs", lang), len(r.recommendations) - len(r.drafts)),
        (t("drafts", lang), len(r.drafts)),
        *screening_figures(inp.screening, lang),
    ]
    conv = r.matrix.loc[r.matrix["theme"].isin(leaf_codes(ctx.config.codebook)), "convergence"].value_counts()
    return render_section("description", ctx, key_figures=key_figures, convergence=list(conv.items()))


# ------------------------------------------------------------------------------------ 2 background


def background(ctx: ReportContext) -> str:
    """Background and concepts: welfare components, legal frame, the codebook."""
    chains = {c.id: c for c in ctx.config.codebook.codes}
    codes = []
    for c in ctx.config.codebook.codes:
        depth, cur = 0, c
        while cur.parent and cur.parent in chains:
            depth, cur = depth + 1, chains[cur.parent]
        codes.append((c, depth))
    return render_section("background", ctx, codes=codes)


def methods(ctx: ReportContext) -> str:
    """Methods per work package: search and PRISMA, screening and agreement, interviews and
    reliability, social reports, indicators and the synthesis rule."""
    lang, art, p = ctx.language, ctx.inputs.artefacts, ctx.config.protocol
    body = heading(2, "methods", t("methods", lang))
    # WP1
    body += heading(3, "methods-wp1", t("wp1", lang))
    rows = [[esc(s.name), esc(s.kind), esc(s.search_date or ""), f"<code>{esc(s.query)}</code>" if s.query else ""]
            for s in p.sources]
    body += f"<h4>{esc(t('sources', lang))}</h4>" + table(
        [t("source", lang), t("kind", lang), t("search_date", lang), t("query", lang)], rows, cards=True)
    sc = art.get("01-ingest-dedup", "source_counts.csv")
    if sc is not None:
        body += table([t("source", lang), t("records", lang), t("unique", lang)],
                      [[esc(r.get("source_name", r.get("source_id"))), num(r.get("records")), num(r.get("unique_after_dedup"))]
                       for _, r in sc.iterrows()], numeric=(1, 2))
    else:
        body += missing(ctx, "01-ingest-dedup/source_counts.csv")
    crit = []
    for st in p.stages:
        crit.append([esc(st.id.replace("_", " ")), esc("; ".join(st.include)),
                     esc("; ".join([*st.exclude, *(f"{r.code}: {r.label.get(lang)}" for r in st.exclusion_reasons)]))])
    body += f"<h4>{esc(t('criteria', lang))}</h4>" + table(
        [t("stage", lang), t("include", lang), t("exclude", lang)], crit, cards=True)
    body += f"<h4>{esc(t('prisma', lang))}</h4>"
    if art.prisma_image is not None:
        body += image(data_uri(*art.prisma_image), t("prisma_alt", lang), t("prisma", lang))
    else:
        body += missing(ctx, "02-screening/prisma.svg")
    if art.prisma:
        flat = [(k, val) for k, val in art.prisma.items() if not isinstance(val, dict)]
        flat += [(f"{k}: {k2}", v2) for k, val in art.prisma.items() if isinstance(val, dict) for k2, v2 in val.items()]
        body += table([t("item", lang), t("count", lang)], [[esc(k.replace("_", " ")), num(n)] for k, n in flat], numeric=(1,))
    sentences = screening_sentences(ctx.inputs.screening, lang)
    if sentences:
        body += f'<p class="rt-screening">{esc(" ".join(sentences))}</p>'
    ag = art.get("02-screening", "agreement.csv")
    body += f"<h4>{esc(t('agreement', lang))}</h4>"
    if ag is not None:
        body += table([t("stage", lang), t("reviewers", lang), "n", t("percent_agreement", lang), t("kappa", lang), t("alpha", lang)],
                      [[esc(r.get("stage")), esc(r.get("reviewers")), num(r.get("n")), pct(r.get("percent_agreement")),
                        num(round_to(r.get("cohen_kappa"))), num(round_to(r.get("krippendorff_alpha")))] for _, r in ag.iterrows()],
                      numeric=(2, 3, 4, 5))
    else:
        body += missing(ctx, "02-screening/agreement.csv")
    # WP2
    body += heading(3, "methods-wp2", t("wp2", lang))
    rows = [[esc(g.informant_group.replace("_", " ")), num(g.documents), num(g.segments), esc(g.languages)]
            for g in ctx.inputs.sample.itertuples(index=False)]
    body += f"<h4>{esc(t('sample', lang))}</h4>" + table(
        [t("informant_group", lang), t("documents", lang), t("segments", lang), t("languages", lang)], rows, numeric=(1, 2))
    rel = art.get("03-coding", "reliability.csv")
    body += f"<h4>{esc(t('reliability', lang))}</h4>"
    if rel is not None:
        body += table([t("code", lang), t("percent_agreement", lang), t("kappa", lang), t("alpha", lang), t("units", lang)],
                      [[theme_link(ctx, r["code"]) if r["code"] in {c.id for c in ctx.config.codebook.codes} else esc(r["code"]),
                        pct(r.get("percent_agreement")), num(round_to(r.get("cohen_kappa"))),
                        num(round_to(r.get("krippendorff_alpha"))), num(r.get("n_units"))] for _, r in rel.iterrows()],
                      numeric=(1, 2, 3, 4))
    else:
        body += missing(ctx, "03-coding/reliability.csv")
    pseudo = art.stage_manifests.get("03-coding", {}).get("pseudonymisation")
    if isinstance(pseudo, dict) and pseudo:
        body += f"<p>{esc(t('pseudonymisation', lang))}: " + ", ".join(f"{esc(k)} {num(n)}" for k, n in pseudo.items()) + "</p>"
    # WP3
    body += heading(3, "methods-wp3", t("wp3", lang))
    reps = art.table("04-social-reports", "social_reports.csv")
    body += f"<p>{esc(t('reports_total', lang))}: <strong>{ctx.inputs.n_reports}</strong>; {esc(t('reports_region', lang)).lower()}: " \
            f"<strong>{len(ctx.inputs.reports)}</strong>.</p>"
    pseudo = art.stage_manifests.get("04-social-reports", {}).get("pseudonymisation")
    if isinstance(pseudo, dict) and pseudo:
        body += f"<p>{esc(t('pseudonymisation', lang))}: " + ", ".join(f"{esc(k)} {num(n)}" for k, n in pseudo.items()) + "</p>"
    if "observation_type" in reps.columns:
        counts = reps["observation_type"].fillna("").value_counts()
        body += table([t("observation_type", lang), t("count", lang)],
                      [[esc(v(k, lang)), num(n)] for k, n in counts.items()], numeric=(1,))
    cross = ctx.inputs.periods
    if cross is not None:
        body += f"<h4>{esc(t('report_summary', lang))}</h4>" + table(
            [t("period", lang), *(v(c, lang) for c in cross.columns)],
            [[esc(idx or t("no_date", lang)), *(num(x) for x in row)]
             for idx, row in zip(cross.index, cross.to_numpy(), strict=True)],
            numeric=tuple(range(1, len(cross.columns) + 1)))
    # WP4
    body += heading(3, "methods-wp4", t("wp4", lang))
    rows = [[f"<code>{esc(i.id)}</code>", esc(i.title.get(lang)), esc(i.sotkanet_id or ""), esc(i.unit),
             esc(v(i.better, lang)), esc("; ".join(i.themes))] for i in ctx.config.indicators.indicators]
    body += f"<h4>{esc(t('indicator_set', lang))}</h4>" + table(
        ["id", t("indicator", lang), t("sotkanet_id", lang), t("unit", lang), t("better", lang), t("themes", lang)], rows, cards=True)
    body += f"<h4>{esc(t('synthesis_rule', lang))}</h4><p>{esc(t('rule_text', lang))}</p>"
    return section(body)
