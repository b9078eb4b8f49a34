"""Report sections 4-6: findings per theme, the regional profile and the social-reporting findings."""

from __future__ import annotations

import pandas as pd

from ..identifiers import split_codes
from ..synthesis import STREAMS, anchor
from . import figures
from .context import (
    ReportContext,
    conv_label,
    render_section,
    section,
    theme_link,
)
from .html import esc, figure, heading, link, num, table
from .i18n import t, v


def findings(ctx: ReportContext) -> str:
    """Findings per theme: the evidence matrix (figure and table), then every theme with its evidence."""
    lang, r = ctx.language, ctx.result
    m = r.matrix
    body = heading(2, "findings", t("findings", lang))
    body += heading(3, "evidence-matrix", t("matrix", lang))
    fig = figures.evidence_matrix_figure(m, lang)
    body += figure(fig, t("matrix_alt", lang), t("matrix_alt", lang))
    rows = []
    for row in m.itertuples(index=False):
        cells = [theme_link(ctx, row.theme)]
        for s in STREAMS:
            n = getattr(row, f"{s}_n")
            extra = ""
            if s in ("social_reports", "indicators") and n:
                extra = f" <span class='rt-note'>({getattr(row, f'{s}_worse')}↓ {getattr(row, f'{s}_better')}↑)</span>"
            cells.append(f"{num(n)}{extra}")
        cells += [esc(v(row.direction, lang)), conv_label(row.convergence, lang)]
        rows.append(cells)
    body += table([t("theme", lang), t("literature", lang), t("interviews_s", lang), t("social_reports", lang),
                   t("indicators", lang), t("direction", lang), t("convergence", lang)], rows, numeric=(1, 2, 3, 4))
    body += f"<p class='rt-note'>↓ = {esc(v('worse', lang))}, ↑ = {esc(v('better', lang))}</p>"
    units = r.units
    quotes = ctx.inputs.artefacts.get("03-coding", "quotes.csv")
    covered = {rec.theme: rec.id for rec in r.recommendations}
    chains = {}
    for c in ctx.config.codebook.codes:
        chains[c.id] = c.parent
    for c in ctx.config.codebook.codes:
        row = m[m["theme"] == c.id].iloc[0]
        body += heading(3, anchor("theme", c.id), f"{c.id} {c.label.get(lang)}")
        if c.definition:
            body += f"<p class='rt-note'>{esc(c.definition.get(lang))}</p>"
        if row["n_streams"] == 0:
            body += f"<p>{esc(t('no_evidence_theme', lang))}</p>"
            continue
        counts = ", ".join(f"{esc(t(_stream_key(s), lang))} {num(row[f'{s}_n'])}" for s in STREAMS if row[f"{s}_n"])
        body += f"<p>{counts}. {esc(t('direction', lang))}: {esc(v(row['direction'], lang))}. " \
                f"{esc(t('convergence', lang))}: {conv_label(row['convergence'], lang)}"
        if c.id in covered:
            body += f" · {link('rec-' + covered[c.id], esc(t('recommendation', lang)) + ' ' + esc(covered[c.id]))}"
        body += "</p>"
        sub = units[units["code"] == c.id]
        items = []
        lit = sorted(sub.loc[sub["stream"] == "literature", "unit_id"])
        if lit:
            items.append(f"{esc(t('studies', lang))}: " + ", ".join(link(anchor("study", u), esc(u)) for u in lit))
        ind = sub[sub["stream"] == "indicators"]
        if len(ind):
            items.append(f"{esc(t('indicators', lang))}: " + ", ".join(
                link(anchor("indicator", u), esc(ctx.indicator_title(u))) + f" ({esc(v(s, lang))})"
                for u, s in zip(ind["unit_id"], ind["signal"], strict=True)))
        rep = sub[sub["stream"] == "social_reports"]
        if len(rep):
            items.append(f"{esc(t('social_reports', lang))}: " + ", ".join(
                link(anchor("report", u), esc(u)) + f" ({esc(v(s, lang))})" for u, s in zip(rep["unit_id"], rep["signal"], strict=True)))
        for cross, key in (("X.GP", "good_practice"), ("X.INEQ", "inequality")):
            both = set(sub["unit_id"]) & set(units.loc[units["code"] == cross, "unit_id"])
            if both and c.id != cross:
                items.append(f"{esc(t(key, lang))}: " + ", ".join(esc(u) for u in sorted(both)))
        if items:
            body += "<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"
        seg = set(sub.loc[sub["stream"] == "interviews", "unit_id"])
        if quotes is not None and seg and {"quote_id", "code", "text"} <= set(quotes.columns):
            q = quotes[(quotes["code"] == c.id) & quotes["quote_id"].isin(seg)].drop_duplicates("quote_id").head(3)
            for _, qr in q.iterrows():
                body += (f"<blockquote>“{esc(qr['text'])}” — {esc(str(qr.get('informant_group', '')).replace('_', ' '))} "
                         f"{link(anchor('quote', qr['quote_id']), esc(qr['quote_id']))}</blockquote>")
    return section(body)


def _stream_key(stream: str) -> str:
    return {"interviews": "interviews_s"}.get(stream, stream)


# ------------------------------------------------------------------------------------ 5 profile


def regional_profile(ctx: ReportContext) -> str:
    """Regional profile: value, year, country value, difference, change, rank, signal for every
    indicator of the set (data gaps shown); each row is the link target ``indicator-<id>``."""
    lang, prof = ctx.language, ctx.inputs.profile
    titles = {i.id: i.title.get(lang) for i in ctx.config.indicators.indicators}
    by_id = {r["indicator_id"]: r for _, r in prof.iterrows()}
    known, codes = {i.id for i in ctx.config.indicators.indicators}, {x.id for x in ctx.config.codebook.codes}
    others = [(iid, r, [c for c in split_codes(r["theme"]) if c in codes]) for iid, r in by_id.items() if iid not in known]
    return render_section("regional_profile", ctx, fig=figures.profile_figure(prof, titles, lang), by_id=by_id,
                          indicators=ctx.config.indicators.indicators, others=others, notna=pd.notna)


# ------------------------------------------------------------------------------------ 6 social reports


def social_reporting(ctx: ReportContext) -> str:
    """Social-reporting findings: the region's recurring phenomena per theme, beside the theme's indicators."""
    r = ctx.result
    reps = ctx.inputs.reports.set_index("report_id")
    units = r.units[r.units["stream"] == "social_reports"]
    if units.empty:
        return render_section("social_reporting", ctx, rows=None, by_phenomenon=False)
    ind_units = r.units[r.units["stream"] == "indicators"]

    def report_items(ids) -> list[tuple[str, str]]:
        out = []
        for u in sorted(ids):
            title = reps.loc[u].get("phenomenon_title", u) if u in reps.index else u
            out.append((u, title if isinstance(title, str) and title else u))
        return out

    def indicator_items(codes) -> list[tuple[str, str]]:
        inds = ind_units[ind_units["code"].isin(codes)].drop_duplicates("unit_id")
        return list(zip(inds["unit_id"], inds["signal"], strict=True))

    rows = []
    by_phenomenon = "phenomenon" in reps.columns and reps["phenomenon"].notna().any()
    if by_phenomenon:
        # recurring phenomena: the form's phenomenon key, most reported first
        coded = units.groupby("unit_id")["code"].agg(lambda c: sorted(set(c)))
        signal = units.drop_duplicates("unit_id").set_index("unit_id")["signal"]
        groups = reps[reps.index.isin(coded.index)].groupby("phenomenon", sort=False)
        for phen, sub in sorted(groups, key=lambda kv: (-len(kv[1]), str(kv[0]))):
            ids = list(sub.index)
            codes = sorted({c for u in ids for c in coded.get(u, [])})
            rows.append({"label": str(phen).replace("_", " "), "count": len(ids),
                         "signals": list(signal.reindex(ids).value_counts().items()), "codes": codes,
                         "reports": report_items(ids), "indicators": indicator_items(codes)})
    else:
        for code, sub in units.groupby("code", sort=False):
            rows.append({"label": code, "count": len(set(sub["unit_id"])), "signals": list(sub["signal"].value_counts().items()),
                         "codes": [code], "reports": report_items(set(sub["unit_id"])), "indicators": indicator_items([code])})
    return render_section("social_reporting", ctx, rows=rows, by_phenomenon=by_phenomenon)