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
    lang, r = ctx.language, ctx.result
    body = heading(2, "social-reporting", t("social", lang))
    reps = ctx.inputs.reports.set_index("report_id")
    units = r.units[r.units["stream"] == "social_reports"]
    if units.empty:
        return section(body + f"<p>{esc(t('no_reports', lang))}</p>")
    ind_units = r.units[r.units["stream"] == "indicators"]

    def report_links(ids) -> str:
        out = []
        for u in sorted(ids):
            title = reps.loc[u].get("phenomenon_title", u) if u in reps.index else u
            out.append(link(anchor("report", u), esc(title if isinstance(title, str) and title else u)))
        return "<br>".join(out)

    def indicator_links(codes) -> str:
        inds = ind_units[ind_units["code"].isin(codes)].drop_duplicates("unit_id")
        return ", ".join(link(anchor("indicator", i), esc(ctx.indicator_title(i))) + f" ({esc(v(s, lang))})"
                         for i, s in zip(inds["unit_id"], inds["signal"], strict=True))

    rows = []
    if "phenomenon" in reps.columns and reps["phenomenon"].notna().any():
        # recurring phenomena: the form's phenomenon key, most reported first
        coded = units.groupby("unit_id")["code"].agg(lambda c: sorted(set(c)))
        signal = units.drop_duplicates("unit_id").set_index("unit_id")["signal"]
        groups = reps[reps.index.isin(coded.index)].groupby("phenomenon", sort=False)
        for phen, sub in sorted(groups, key=lambda kv: (-len(kv[1]), str(kv[0]))):
            ids = list(sub.index)
            codes = sorted({c for u in ids for c in coded.get(u, [])})
            sig = signal.reindex(ids).value_counts()
            rows.append([esc(str(phen).replace("_", " ")), num(len(ids)),
                         ", ".join(f"{esc(v(k, lang))} {n}" for k, n in sig.items()),
                         ", ".join(theme_link(ctx, c) for c in codes), report_links(ids), indicator_links(codes)])
        header = [t("recurring", lang), t("count", lang), t("direction", lang), t("themes", lang),
                  t("social_reports", lang), t("related_indicators", lang)]
    else:
        for code, sub in units.groupby("code", sort=False):
            sig = sub["signal"].value_counts()
            rows.append([theme_link(ctx, code), num(len(set(sub["unit_id"]))),
                         ", ".join(f"{esc(v(k, lang))} {n}" for k, n in sig.items()),
                         report_links(set(sub["unit_id"])), indicator_links([code])])
        header = [t("theme", lang), t("count", lang), t("direction", lang), t("social_reports", lang),
                  t("related_indicators", lang)]
    body += f"<h4>{esc(t('recurring', lang))}</h4>" + table(header, rows, cards=True, numeric=(1,))
    return section(body)
