"""Report sections 1-3: the description sheet, background and concepts, methods by work package."""

from __future__ import annotations

from ..synthesis import leaf_codes
from .context import (
    ReportContext,
    local,
    render_section,
)
from .i18n import TEXT, t
from .scope import local_evidence_sentence, locality_rows
from .screening import screening_figures


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
    return render_section("description", ctx, key_figures=key_figures, convergence=list(conv.items()),
                          team=[local(m, lang) for m in ctx.config.protocol.team],
                          local_sentence=local_evidence_sentence(ctx), locality=locality_rows(ctx))


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


def prisma_label(key: str, ctx: ReportContext, parent: str = "") -> str:
    """A PRISMA count's label for readers: the catalogue's, an exclusion reason's label from the protocol, a source's
    name as written; a key the report does not know is written out (``_`` as spaces, capitalised)."""
    lang = ctx.language
    if parent.endswith("by_reason"):
        for stage in ctx.config.protocol.stages:
            for r in stage.exclusion_reasons:
                if r.code == key:
                    return r.label.get(lang)
    if parent == "records_per_source":
        return str(key)
    for cand in ((f"kind_{key}",) if parent == "records_per_kind" else ()) + (f"prisma_{key}",):
        if cand in TEXT["en"]:
            return t(cand, lang)
    return str(key).replace("_", " ").capitalize()


def methods(ctx: ReportContext) -> str:
    """Methods per work package: search and PRISMA, screening and agreement, interviews and
    reliability, social reports, indicators and the synthesis rule."""
    art = ctx.inputs.artefacts
    sc, ag, rel = (art.get("01-ingest-dedup", "source_counts.csv"), art.get("02-screening", "agreement.csv"),
                   art.get("03-coding", "reliability.csv"))
    prisma = art.prisma or {}
    prisma_items = [(prisma_label(k, ctx), val) for k, val in prisma.items() if not isinstance(val, dict)]
    prisma_items += [(f"{prisma_label(k, ctx)}: {prisma_label(k2, ctx, parent=k)}", v2)
                     for k, val in prisma.items() if isinstance(val, dict) for k2, v2 in val.items()]
    reps = art.table("04-social-reports", "social_reports.csv")
    periods = ctx.inputs.periods

    def rows(df):
        return None if df is None else [r for _, r in df.iterrows()]

    def pseudo(stage):
        counts = art.stage_manifests.get(stage, {}).get("pseudonymisation")
        return counts if isinstance(counts, dict) else {}

    return render_section(
        "methods", ctx, source_counts=rows(sc), agreement=rows(ag), reliability=rows(rel), prisma_items=prisma_items,
        sample=list(ctx.inputs.sample.itertuples(index=False)), code_ids={c.id for c in ctx.config.codebook.codes},
        pseudo_interviews=pseudo("03-coding"), pseudo_reports=pseudo("04-social-reports"),
        observation_counts=list(reps["observation_type"].fillna("").value_counts().items())
        if "observation_type" in reps.columns else None,
        periods=periods, period_rows=None if periods is None else list(zip(periods.index, periods.to_numpy(), strict=True)),
        criteria=lambda items: [local(c, ctx.language) for c in items],
    )

