"""The sections of the recommendations report, each built as an HTML string from the synthesis.

Every evidence reference is an internal link (``href="#study-..."``, ``#quote-...``, ``#report-...``,
``#indicator-...``, ``#theme-...``, ``#rec-...``) to an element of this report with that id.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import pandas as pd

from ..config import ReviewConfig
from ..synthesis import (
    STREAMS,
    Artefacts,
    SynthesisResult,
    anchor,
    leaf_codes,
    normalise_region,
    region_profile,
    regional_reports,
    report_region_column,
    split_codes,
)
from . import figures
from .html import esc, figure, heading, image, link, num, sheet, table, warning
from .i18n import t, v


@dataclass(frozen=True)
class ReportContext:
    """Everything a section needs.

    Attributes
    ----------
    config : ReviewConfig
    artefacts : Artefacts
    result : SynthesisResult
    language : str
        ``"en"`` or ``"fi"``.
    parameters : dict
        The notebook parameters of the run.
    provenance : dict
        ``versions``, ``inputs`` (file -> SHA-256), ``artefacts`` (table -> SHA-256), ``stages``.
    """

    config: ReviewConfig
    artefacts: Artefacts
    result: SynthesisResult
    language: str = "en"
    parameters: dict = field(default_factory=dict)
    provenance: dict = field(default_factory=dict)

    def code_label(self, code: str) -> str:
        for c in self.config.codebook.codes:
            if c.id == code:
                return c.label.get(self.language)
        return code

    def indicator_title(self, indicator_id: str) -> str:
        for ind in self.config.indicators.indicators:
            if ind.id == indicator_id:
                return ind.title.get(self.language)
        return indicator_id

    @property
    def profile(self) -> pd.DataFrame:
        return region_profile(self.artefacts.table("06-regional-profile", "profile.csv"), self.result.region,
                              self.result.period)


def _first_text(row, columns) -> str | None:
    for c in columns:
        val = row.get(c)
        if isinstance(val, str) and val.strip():
            return val
    return None


def _li(target_id: str) -> str:
    return f'<li id="{esc(target_id)}">'


def _section(body: str) -> str:
    return f'<section class="rt-report">{body}</section>'


def _theme_link(ctx: ReportContext, code: str) -> str:
    return link(anchor("theme", code), f"<code>{esc(code)}</code> {esc(ctx.code_label(code))}")


def _conv(label: str, language: str) -> str:
    cls = "rt-conv-" + label.replace(" ", "-")
    return f'<span class="rt-conv {cls}">{esc(v(label, language))}</span>'


def _missing(ctx: ReportContext, key: str) -> str:
    return warning(f"<code>{esc(key)}</code>: {esc(t('not_available', ctx.language))}")


# ------------------------------------------------------------------------------------ 1 description


def description_sheet(ctx: ReportContext) -> str:
    """Description sheet: title, region, period, keywords, questions, team, key figures, warnings count."""
    lang, p, r = ctx.language, ctx.config.protocol, ctx.result
    items = [
        (t("title", lang), esc(p.title.get(lang))),
        (t("region", lang), f"{esc(r.region_name)} ({esc(r.region)})"),
        (t("period", lang), esc(r.period)),
    ]
    if p.keywords:
        items.append((t("keywords", lang), esc("; ".join(p.keywords))))
    if p.research_questions:
        items.append((t("questions", lang), "<ol>" + "".join(f"<li>{esc(q.get(lang))}</li>" for q in p.research_questions) + "</ol>"))
    if p.team:
        items.append((t("team", lang), esc(", ".join(p.team))))
    if p.funding:
        items.append((t("funding", lang), esc(p.funding)))
    if p.registration:
        items.append((t("registration", lang), esc(p.registration)))
    art = ctx.artefacts
    seg = art.table("03-coding", "segments.csv")
    coded_segments = r.units.loc[r.units["stream"] == "interviews", "unit_id"].nunique()
    reports = regional_reports(art.table("04-social-reports", "social_reports.csv"), r.region)
    figures_ = [
        (t("included_studies", lang), len(art.table("02-screening", "included.csv"))),
        (t("interviews", lang), f"{seg['document_id'].nunique()} / {coded_segments}"),
        (t("reports_region", lang), len(reports)),
        (t("indicators_data", lang), f"{len(ctx.profile)} / {len(ctx.config.indicators.indicators)}"),
        (t("team_recs", lang), len(r.recommendations) - len(r.drafts)),
        (t("drafts", lang), len(r.drafts)),
    ]
    items.append((t("key_figures", lang), "<ul>" + "".join(f"<li>{esc(k)}: <strong>{esc(n)}</strong></li>" for k, n in figures_) + "</ul>"))
    conv = r.matrix.loc[r.matrix["theme"].isin(leaf_codes(ctx.config.codebook)), "convergence"].value_counts()
    items.append((t("convergence", lang), ", ".join(f"{_conv(k, lang)} {n}" for k, n in conv.items())))
    body = heading(2, "description", t("description", lang))
    body += sheet(items)
    if r.warnings:
        body += warning(f"<strong>{len(r.warnings)}</strong> " + link("warnings", esc(t("see_warnings", lang))))
    return _section(body)


# ------------------------------------------------------------------------------------ 2 background


def background(ctx: ReportContext) -> str:
    """Background and concepts: welfare components, legal frame, the codebook."""
    lang = ctx.language
    body = heading(2, "background", t("background", lang))
    body += f"<p>{esc(t('background_text', lang))}</p><p>{esc(t('legal_text', lang))}</p>"
    body += f"<h4>{esc(t('codebook', lang))}</h4>"
    chains = {c.id: c for c in ctx.config.codebook.codes}
    rows = []
    for c in ctx.config.codebook.codes:
        depth, cur = 0, c
        while cur.parent and cur.parent in chains:
            depth, cur = depth + 1, chains[cur.parent]
        rows.append([f"{'&nbsp;' * 3 * depth}<code>{esc(c.id)}</code>", esc(c.label.get(lang)),
                     esc(c.definition.get(lang) if c.definition else "")])
    body += table([t("code", lang), t("label", lang), t("definition", lang)], rows)
    return _section(body)


# ------------------------------------------------------------------------------------ 3 methods


def methods(ctx: ReportContext) -> str:
    """Methods per work package: search and PRISMA, screening and agreement, interviews and
    reliability, social reports, indicators and the synthesis rule."""
    lang, art, p = ctx.language, ctx.artefacts, ctx.config.protocol
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
        body += _missing(ctx, "01-ingest-dedup/source_counts.csv")
    crit = []
    for st in p.stages:
        crit.append([esc(st.id.replace("_", " ")), esc("; ".join(st.include)),
                     esc("; ".join([*st.exclude, *(f"{r.code}: {r.label.get(lang)}" for r in st.exclusion_reasons)]))])
    body += f"<h4>{esc(t('criteria', lang))}</h4>" + table(
        [t("stage", lang), t("include", lang), t("exclude", lang)], crit, cards=True)
    body += f"<h4>{esc(t('prisma', lang))}</h4>"
    if art.prisma_image is not None:
        from .html import data_uri

        body += image(data_uri(*art.prisma_image), t("prisma_alt", lang), t("prisma", lang))
    else:
        body += _missing(ctx, "02-screening/prisma.svg")
    if art.prisma:
        flat = [(k, val) for k, val in art.prisma.items() if not isinstance(val, dict)]
        flat += [(f"{k}: {k2}", v2) for k, val in art.prisma.items() if isinstance(val, dict) for k2, v2 in val.items()]
        body += table([t("item", lang), t("count", lang)], [[esc(k.replace("_", " ")), num(n)] for k, n in flat], numeric=(1,))
    ag = art.get("02-screening", "agreement.csv")
    body += f"<h4>{esc(t('agreement', lang))}</h4>"
    if ag is not None:
        body += table([t("stage", lang), t("reviewers", lang), "n", t("percent_agreement", lang), t("kappa", lang), t("alpha", lang)],
                      [[esc(r.get("stage")), esc(r.get("reviewers")), num(r.get("n")), _pct(r.get("percent_agreement")),
                        num(_round(r.get("cohen_kappa"))), num(_round(r.get("krippendorff_alpha")))] for _, r in ag.iterrows()],
                      numeric=(2, 3, 4, 5))
    else:
        body += _missing(ctx, "02-screening/agreement.csv")
    # WP2
    body += heading(3, "methods-wp2", t("wp2", lang))
    seg = art.table("03-coding", "segments.csv")
    coded = set(ctx.result.units.loc[ctx.result.units["stream"] == "interviews", "unit_id"])
    rows = []
    for group, sub in seg.groupby(seg["informant_group"].fillna("unknown"), sort=True):
        langs = ", ".join(sorted(sub["language"].dropna().unique())) if "language" in sub.columns else ""
        rows.append([esc(group.replace("_", " ")), num(sub["document_id"].nunique()),
                     num(sub["segment_id"].isin(coded).sum()), esc(langs)])
    body += f"<h4>{esc(t('sample', lang))}</h4>" + table(
        [t("informant_group", lang), t("documents", lang), t("segments", lang), t("languages", lang)], rows, numeric=(1, 2))
    rel = art.get("03-coding", "reliability.csv")
    body += f"<h4>{esc(t('reliability', lang))}</h4>"
    if rel is not None:
        body += table([t("code", lang), t("percent_agreement", lang), t("kappa", lang), t("alpha", lang), t("units", lang)],
                      [[_theme_link(ctx, r["code"]) if r["code"] in {c.id for c in ctx.config.codebook.codes} else esc(r["code"]),
                        _pct(r.get("percent_agreement")), num(_round(r.get("cohen_kappa"))),
                        num(_round(r.get("krippendorff_alpha"))), num(r.get("n_units"))] for _, r in rel.iterrows()],
                      numeric=(1, 2, 3, 4))
    else:
        body += _missing(ctx, "03-coding/reliability.csv")
    pseudo = art.stage_manifests.get("03-coding", {}).get("pseudonymisation")
    if isinstance(pseudo, dict) and pseudo:
        body += f"<p>{esc(t('pseudonymisation', lang))}: " + ", ".join(f"{esc(k)} {num(n)}" for k, n in pseudo.items()) + "</p>"
    # WP3
    body += heading(3, "methods-wp3", t("wp3", lang))
    reps = art.table("04-social-reports", "social_reports.csv")
    body += f"<p>{esc(t('reports_total', lang))}: <strong>{len(reps)}</strong>; {esc(t('reports_region', lang)).lower()}: " \
            f"<strong>{len(regional_reports(reps, ctx.result.region))}</strong>.</p>"
    pseudo = art.stage_manifests.get("04-social-reports", {}).get("pseudonymisation")
    if isinstance(pseudo, dict) and pseudo:
        body += f"<p>{esc(t('pseudonymisation', lang))}: " + ", ".join(f"{esc(k)} {num(n)}" for k, n in pseudo.items()) + "</p>"
    if "observation_type" in reps.columns:
        counts = reps["observation_type"].fillna("").value_counts()
        body += table([t("observation_type", lang), t("count", lang)],
                      [[esc(v(k, lang)), num(n)] for k, n in counts.items()], numeric=(1,))
    regional = regional_reports(reps, ctx.result.region)
    if len(regional) and {"submitted_at", "observation_type"} <= set(regional.columns):
        dates = pd.to_datetime(regional["submitted_at"], errors="coerce")
        half = dates.dt.year.astype("Int64").astype(str) + "-H" + ((dates.dt.month > 6).astype(int) + 1).astype(str)
        half = half.where(dates.notna(), "?")
        cross = pd.crosstab(half, regional["observation_type"].fillna(""))
        body += f"<h4>{esc(t('report_summary', lang))}</h4>" + table(
            [t("period", lang), *(v(c, lang) for c in cross.columns)],
            [[esc(idx), *(num(x) for x in row)] for idx, row in zip(cross.index, cross.to_numpy(), strict=True)],
            numeric=tuple(range(1, len(cross.columns) + 1)))
    # WP4
    body += heading(3, "methods-wp4", t("wp4", lang))
    rows = [[f"<code>{esc(i.id)}</code>", esc(i.title.get(lang)), esc(i.sotkanet_id or ""), esc(i.unit),
             esc(v(i.better, lang)), esc("; ".join(i.themes))] for i in ctx.config.indicators.indicators]
    body += f"<h4>{esc(t('indicator_set', lang))}</h4>" + table(
        ["id", t("indicator", lang), t("sotkanet_id", lang), t("unit", lang), t("better", lang), t("themes", lang)], rows, cards=True)
    body += f"<h4>{esc(t('synthesis_rule', lang))}</h4><p>{esc(t('rule_text', lang))}</p>"
    return _section(body)


def _round(x, d: int = 2):
    try:
        return round(float(x), d)
    except (TypeError, ValueError):
        return x


def _pct(x) -> str:
    try:
        f = float(x)
    except (TypeError, ValueError):
        return esc(x)
    return num(round(f * 100 if f <= 1 else f, 1))


# ------------------------------------------------------------------------------------ 4 findings


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
        cells = [_theme_link(ctx, row.theme)]
        for s in STREAMS:
            n = getattr(row, f"{s}_n")
            extra = ""
            if s in ("social_reports", "indicators") and n:
                extra = f" <span class='rt-note'>({getattr(row, f'{s}_worse')}↓ {getattr(row, f'{s}_better')}↑)</span>"
            cells.append(f"{num(n)}{extra}")
        cells += [esc(v(row.direction, lang)), _conv(row.convergence, lang)]
        rows.append(cells)
    body += table([t("theme", lang), t("literature", lang), t("interviews_s", lang), t("social_reports", lang),
                   t("indicators", lang), t("direction", lang), t("convergence", lang)], rows, numeric=(1, 2, 3, 4))
    body += f"<p class='rt-note'>↓ = {esc(v('worse', lang))}, ↑ = {esc(v('better', lang))}</p>"
    units = r.units
    quotes = ctx.artefacts.get("03-coding", "quotes.csv")
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
                f"{esc(t('convergence', lang))}: {_conv(row['convergence'], lang)}"
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
    return _section(body)


def _stream_key(stream: str) -> str:
    return {"interviews": "interviews_s"}.get(stream, stream)


# ------------------------------------------------------------------------------------ 5 profile


def regional_profile(ctx: ReportContext) -> str:
    """Regional profile: value, year, country value, difference, change, rank, signal for every
    indicator of the set (data gaps shown); each row is the link target ``indicator-<id>``."""
    lang, prof = ctx.language, ctx.profile
    body = heading(2, "regional-profile", f"{t('profile', lang)}: {ctx.result.region_name}")
    titles = {i.id: i.title.get(lang) for i in ctx.config.indicators.indicators}
    fig = figures.profile_figure(prof, titles, lang)
    if fig is not None:
        body += figure(fig, t("profile_alt", lang), t("profile_alt", lang))
    by_id = {r["indicator_id"]: r for _, r in prof.iterrows()}
    rows, ids = [], []
    for ind in ctx.config.indicators.indicators:
        r = by_id.get(ind.id)
        themes = ", ".join(link(anchor("theme", c), esc(c)) for c in ind.themes)
        name = f"{esc(ind.title.get(lang))} <span class='rt-note'>({esc(ind.unit)})</span>"
        if r is None:
            rows.append([name, themes, "", f"<em>{esc(t('no_data', lang))}</em>", "", "", "", "", ""])
        else:
            rank = f"{num(r.get('rank'))}/{num(r.get('n_regions'))}" if pd.notna(r.get("rank")) else ""
            rows.append([name, themes, num(r["year"]), num(r["value"]), num(r.get("country_value")), num(r.get("gap")),
                         num(r.get("change")), rank, esc(v(str(r.get("signal", "")).lower(), lang))])
        ids.append(anchor("indicator", ind.id))
    known = {i.id for i in ctx.config.indicators.indicators}
    for iid, r in by_id.items():
        if iid in known:
            continue
        rows.append([esc(r.get("indicator", iid)), ", ".join(link(anchor("theme", c), esc(c)) for c in split_codes(r["theme"])
                                                           if c in {x.id for x in ctx.config.codebook.codes}),
                     num(r["year"]), num(r["value"]), num(r.get("country_value")), num(r.get("gap")), num(r.get("change")),
                     "", esc(v(str(r.get("signal", "")).lower(), lang))])
        ids.append(anchor("indicator", iid))
    body += table([t("indicator", lang), t("themes", lang), t("year", lang), t("value", lang), t("country", lang),
                   t("gap", lang), t("change", lang), t("rank", lang), t("signal", lang)], rows, cards=True,
                  numeric=(2, 3, 4, 5, 6), row_ids=ids)
    return _section(body)


# ------------------------------------------------------------------------------------ 6 social reports


def social_reporting(ctx: ReportContext) -> str:
    """Social-reporting findings: the region's recurring phenomena per theme, beside the theme's indicators."""
    lang, r = ctx.language, ctx.result
    body = heading(2, "social-reporting", t("social", lang))
    reps = regional_reports(ctx.artefacts.table("04-social-reports", "social_reports.csv"), r.region).set_index("report_id")
    units = r.units[r.units["stream"] == "social_reports"]
    if units.empty:
        return _section(body + f"<p>{esc(t('no_reports', lang))}</p>")
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
                         ", ".join(_theme_link(ctx, c) for c in codes), report_links(ids), indicator_links(codes)])
        header = [t("recurring", lang), t("count", lang), t("direction", lang), t("themes", lang),
                  t("social_reports", lang), t("related_indicators", lang)]
    else:
        for code, sub in units.groupby("code", sort=False):
            sig = sub["signal"].value_counts()
            rows.append([_theme_link(ctx, code), num(len(set(sub["unit_id"]))),
                         ", ".join(f"{esc(v(k, lang))} {n}" for k, n in sig.items()),
                         report_links(set(sub["unit_id"])), indicator_links([code])])
        header = [t("theme", lang), t("count", lang), t("direction", lang), t("social_reports", lang),
                  t("related_indicators", lang)]
    body += f"<h4>{esc(t('recurring', lang))}</h4>" + table(header, rows, cards=True, numeric=(1,))
    return _section(body)


# ------------------------------------------------------------------------------------ 7 recommendations


def recommendations(ctx: ReportContext) -> str:
    """Recommendations: a summary table (team first, then drafts), then one card per recommendation
    (id ``rec-<id>``) with actor, timeframe, resources, risks, rationale and linked evidence, and the
    list of all warnings (id ``warnings``)."""
    lang, r = ctx.language, ctx.result
    body = heading(2, "recommendations", t("recommendations", lang))
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
                     _theme_link(ctx, rec.theme), actor, timeframe, n_cell])
        card = heading(3, f"rec-{rec.id}", rec.id)
        card += f"<p>{badge}<strong>{statement}</strong></p>"
        if draft:
            card += f"<p class='rt-note'>{esc(t('draft_note', lang))}</p>"
        for w in warns:
            card += warning(f"<code>{esc(w.where)}</code>: {esc(w.message)}")
        facts = [(t("theme", lang), _theme_link(ctx, rec.theme)), (t("actor", lang), actor),
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
    return _section(body)


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
    lang, mon = ctx.language, ctx.result.monitoring
    body = heading(2, "monitoring", t("monitoring", lang))
    rows = []
    for m in mon.itertuples(index=False):
        target = num(m.target)
        if m.target_source == "default":
            target += "*"
        elif m.target_source == "context indicator":
            target = f"<span class='rt-note'>{esc(v('context indicator', lang))}</span>"
        if str(m.target_year):
            target += f" ({num(m.target_year)})"
        rec = link(f"rec-{m.recommendation_id}", esc(m.recommendation_id))
        if m.status == "draft":
            rec += f" <span class='rt-badge'>{esc(t('draft_badge', lang))}</span>"
        source = f"<br><span class='rt-note'>Sotkanet {esc(m.sotkanet_id)}</span>" if str(m.sotkanet_id) else ""
        indicator = link(anchor("indicator", m.indicator), esc(ctx.indicator_title(m.indicator))) + \
            f" <span class='rt-note'>({esc(m.unit)})</span>{source}"
        baseline = f"{num(m.baseline_value)} ({num(m.baseline_year)})" if str(m.baseline_year) else \
            f"<em>{esc(t('no_data', lang))}</em>"
        rows.append([rec, indicator, ", ".join(link(anchor("theme", c), esc(c)) for c in split_codes(m.theme)),
                     esc(v(m.better, lang)), baseline, target, esc(m.update_frequency), esc(m.data_owner),
                     esc(m.breakdowns)])
    body += table([t("recommendation", lang), t("indicator", lang), t("theme", lang), t("better", lang),
                   f"{t('baseline', lang)} ({t('year', lang).lower()})", f"{t('target', lang)} ({t('target_year', lang).lower()})",
                   t("frequency", lang), t("owner", lang), t("breakdowns", lang)], rows, cards=True, numeric=(4, 5))
    pct = num(round(ctx.config.recommendations.default_target_change * 100, 2))
    body += f"<p class='rt-note'>{esc(t('default_target_note', lang, pct=pct))}</p>"
    body += f"<p>{esc(t('cycle_text', lang))}</p>"
    return _section(body)


# ------------------------------------------------------------------------------------ 9 limitations


def limitations(ctx: ReportContext) -> str:
    """Limitations: fixed caveats plus the gaps of this run (indicators without data, themes without
    indicators or with a single stream, missing artefacts, reports of other regions)."""
    lang, r = ctx.language, ctx.result
    body = heading(2, "limitations", t("limitations", lang))
    items = [esc(t("limitations_text", lang))]
    have = set(ctx.profile["indicator_id"])
    no_data = [i.id for i in ctx.config.indicators.indicators if i.id not in have]
    if no_data:
        items.append(esc(t("lim_no_data", lang, items=", ".join(no_data))))
    leaves = leaf_codes(ctx.config.codebook)
    with_ind = {c for i in ctx.config.indicators.indicators for c in i.themes}
    no_ind = [c for c in leaves if c not in with_ind]
    if no_ind:
        items.append(esc(t("lim_no_indicator", lang, items=", ".join(no_ind))))
    single = r.matrix.loc[r.matrix["theme"].isin(leaves) & (r.matrix["convergence"] == "single stream"), "theme"]
    if len(single):
        items.append(esc(t("lim_single", lang, items=", ".join(single))))
    if ctx.artefacts.missing:
        items.append(esc(t("lim_missing", lang, items=", ".join(ctx.artefacts.missing))))
    reps = ctx.artefacts.table("04-social-reports", "social_reports.csv")
    other = len(reps) - len(regional_reports(reps, r.region))
    if other:
        items.append(esc(t("lim_reports_region", lang, n=other)))
    body += "<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"
    return _section(body)


# ------------------------------------------------------------------------------------ 10 references


def references(ctx: ReportContext) -> str:
    """References and evidence appendix: every included study, quote, social report a section links
    to (ids ``study-``, ``quote-``, ``report-``), indicator sources and legislation."""
    lang, art, r = ctx.language, ctx.artefacts, ctx.result
    body = heading(2, "references", t("references", lang))
    inc = art.table("02-screening", "included.csv").sort_values("record_id")
    body += heading(3, "references-studies", t("studies_ref", lang)) + "<ol class='rt-refs'>"
    for _, s in inc.iterrows():
        doi = s.get("doi")
        doi_html = f" doi:{esc(doi)}" if isinstance(doi, str) and doi else ""
        body += f"{_li(anchor('study', s['record_id']))}{esc(s.get('citation') or s.get('title'))}{doi_html} " \
                f"<span class='rt-note'>[{esc(s['record_id'])}]</span></li>"
    body += "</ol>"
    # quotes: every segment a section links to
    cited = set(r.evidence.loc[(r.evidence["type"] == "quote") & r.evidence["ok"].astype(bool), "resolved_id"])
    quotes = art.get("03-coding", "quotes.csv")
    shown = set()
    if quotes is not None and "quote_id" in quotes.columns:
        coded = set(r.units.loc[r.units["stream"] == "interviews", "unit_id"])
        shown = set(quotes.loc[quotes["quote_id"].isin(coded), "quote_id"])
    seg = art.table("03-coding", "segments.csv").set_index("segment_id")
    body += heading(3, "references-quotes", t("quotes_ref", lang)) + "<ul class='rt-refs'>"
    for sid in sorted(cited | shown):
        if sid not in seg.index:
            continue
        s = seg.loc[sid]
        body += (f"{_li(anchor('quote', sid))}<strong>{esc(sid)}</strong> "
                 f"({esc(str(s.get('informant_group', '')).replace('_', ' '))}, {esc(s.get('language', ''))}): "
                 f"“{esc(s['text'])}”</li>")
    body += "</ul>"
    # reports: the region's and any cited
    reps = art.table("04-social-reports", "social_reports.csv")
    cited_r = set(r.evidence.loc[(r.evidence["type"] == "report") & r.evidence["ok"].astype(bool), "resolved_id"])
    listed = reps[reps["report_id"].isin(set(regional_reports(reps, r.region)["report_id"]) | cited_r)]
    body += heading(3, "references-reports", t("reports_ref", lang)) + "<ul class='rt-refs'>"
    for _, s in listed.sort_values("report_id").iterrows():
        fields = [s.get(k).replace("_", " ") for k in ("submitted_at", "reporter_role", "affected_group")
                  if isinstance(s.get(k), str)]
        rcol = report_region_column(reps)
        if rcol and isinstance(s.get(rcol), str) and normalise_region(s[rcol]) != r.region:
            fields.append(f"{t('region', lang)} {s[rcol]}")
        desc = _first_text(s, ("phenomenon_description", "description"))
        actions = _first_text(s, ("proposed_actions", "proposed_action"))
        body += (f"{_li(anchor('report', s['report_id']))}<strong>{esc(s['report_id'])}</strong> "
                 f"{esc(s.get('phenomenon_title', ''))} <span class='rt-note'>({esc(v(s.get('observation_type', ''), lang))}; "
                 f"{esc('; '.join(fields))})</span>"
                 + (f"<br>{esc(desc)}" if isinstance(desc, str) else "")
                 + (f"<br><em>{esc(actions)}</em>" if isinstance(actions, str) else "") + "</li>")
    body += "</ul>"
    cit = art.get("05-indicator-data", "citations.csv")
    body += heading(3, "references-indicators", t("indicator_sources", lang)) + "<ul class='rt-refs'>"
    if cit is not None and {"indicator_id", "citation"} <= set(cit.columns):
        for _, c in cit.iterrows():
            body += f"<li>{link(anchor('indicator', c['indicator_id']), esc(c['indicator_id']))}: {esc(c['citation'])}</li>" \
                if c["indicator_id"] in {i.id for i in ctx.config.indicators.indicators} else \
                f"<li>{esc(c['indicator_id'])}: {esc(c['citation'])}</li>"
    else:
        body += f"<li>{_missing(ctx, '05-indicator-data/citations.csv')}</li>"
    body += "</ul>"
    body += heading(3, "references-legislation", t("legal_ref", lang)) + (
        "<ul class='rt-refs'><li>Sosiaalihuoltolaki 1301/2014, 7 § (rakenteellinen sosiaalityö).</li>"
        "<li>Laki sosiaali- ja terveydenhuollon järjestämisestä 612/2021, 6–7 § (hyvinvointikertomus ja -suunnitelma).</li></ul>")
    return _section(body)


# ------------------------------------------------------------------------------------ 11 provenance


def provenance(ctx: ReportContext) -> str:
    """Provenance appendix: parameters, versions, input file hashes, artefact hashes, stage records."""
    lang, prov = ctx.language, ctx.provenance
    body = heading(2, "provenance", t("provenance", lang))
    body += f"<h4>{esc(t('parameters', lang))}</h4>" + table(
        [t("name", lang), t("value", lang)], [[f"<code>{esc(k)}</code>", esc(val)] for k, val in ctx.parameters.items()])
    versions = prov.get("versions") or {}
    body += f"<h4>{esc(t('versions', lang))}</h4>" + table(
        [t("name", lang), t("value", lang)], [[esc(k), esc(val)] for k, val in versions.items()])
    inputs = prov.get("inputs") or {}
    body += f"<h4>{esc(t('inputs', lang))}</h4>"
    body += table([t("file", lang), t("hash", lang)], [[esc(k), f"<code>{esc(h)}</code>"] for k, h in inputs.items()]) \
        if inputs else _missing(ctx, "manifest.json: inputs")
    arts = prov.get("artefacts") or {}
    body += f"<h4>{esc(t('artefact_hashes', lang))}</h4>" + table(
        [t("file", lang), t("hash", lang)], [[esc(k), f"<code>{esc(h)}</code>"] for k, h in arts.items()])
    stages = prov.get("stages") or {}
    if stages:
        body += f"<h4>{esc(t('stage_outputs', lang))}</h4>" + table(
            [t("stage", lang), t("value", lang)],
            [[esc(k), f"<code>{esc(json.dumps(val, ensure_ascii=False, sort_keys=True))}</code>"] for k, val in stages.items()])
    return _section(body)


SECTIONS = (
    ("description", description_sheet),
    ("background", background),
    ("methods", methods),
    ("findings", findings),
    ("regional-profile", regional_profile),
    ("social-reporting", social_reporting),
    ("recommendations", recommendations),
    ("monitoring", monitoring),
    ("limitations", limitations),
    ("references", references),
    ("provenance", provenance),
)
