"""Report sections 4-6: findings per theme, the regional profile and the social-reporting findings."""

from __future__ import annotations

import pandas as pd

from ..identifiers import split_codes
from ..synthesis import STREAMS
from . import figures
from .context import (
    ReportContext,
    render_section,
)
from .i18n import v


def findings(ctx: ReportContext) -> str:
    """Findings per theme: the evidence matrix (figure and table), then every theme with its evidence."""
    lang, r = ctx.language, ctx.result
    m, units = r.matrix, r.units
    matrix = [{"theme": row.theme, "direction": row.direction, "convergence": row.convergence,
               "direction_streams": _streams(getattr(row, "direction_streams", "")),
               "streams": [(getattr(row, f"{s}_n"), getattr(row, f"{s}_worse"), getattr(row, f"{s}_better"),
                            bool(getattr(row, f"{s}_n")) and (s in ("social_reports", "indicators") or bool(
                                getattr(row, f"{s}_worse") + getattr(row, f"{s}_better")))) for s in STREAMS]}
              for row in m.itertuples(index=False)]
    quotes = ctx.inputs.artefacts.get("03-coding", "quotes.csv")
    covered = {rec.theme: rec.id for rec in r.recommendations}
    themes = []
    for c in ctx.config.codebook.codes:
        row = m[m["theme"] == c.id].iloc[0]
        sub = units[units["code"] == c.id]
        ind, rep = sub[sub["stream"] == "indicators"], sub[sub["stream"] == "social_reports"]
        cross = []
        for code, key in (("X.GP", "good_practice"), ("X.INEQ", "inequality")):
            both = set(sub["unit_id"]) & set(units.loc[units["code"] == code, "unit_id"])
            if both and c.id != code:
                cross.append((key, sorted(both)))
        seg = set(sub.loc[sub["stream"] == "interviews", "unit_id"])
        shown = []
        if quotes is not None and seg and {"quote_id", "code", "text"} <= set(quotes.columns):
            q = quotes[(quotes["code"] == c.id) & quotes["quote_id"].isin(seg)].drop_duplicates("quote_id").head(3)
            shown = [(qr["text"], v(str(qr.get("informant_group", "")), lang), qr["quote_id"]) for _, qr in q.iterrows()]
        themes.append({
            "code": c, "n_streams": int(row["n_streams"]), "direction": row["direction"], "convergence": row["convergence"],
            "direction_streams": _streams(row.get("direction_streams", "")),
            "counts": [(_stream_key(s), row[f"{s}_n"]) for s in STREAMS if row[f"{s}_n"]],
            "recommendation": covered.get(c.id), "studies": sorted(sub.loc[sub["stream"] == "literature", "unit_id"]),
            "indicators": list(zip(ind["unit_id"], ind["signal"], strict=True)),
            "reports": list(zip(rep["unit_id"], rep["signal"], strict=True)), "cross": cross, "quotes": shown,
        })
    return render_section("findings", ctx, fig=figures.evidence_matrix_figure(m, lang), matrix=matrix, themes=themes,
                          basis=evidence_basis(ctx))


def _streams(joined) -> list[str]:
    """The report keys of the streams named in a ``;``-joined ``direction_streams`` cell."""
    return [_stream_key(s) for s in str(joined or "").split(";") if s]


def evidence_basis(ctx: ReportContext) -> dict:
    """What the counts rest on: codings made or confirmed by coders, and the suggestions left out (or,
    when the protocol opts in, counted)."""
    r = ctx.result
    coded = r.units[r.units["stream"] != "indicators"]
    origin = coded["origin"] if "origin" in coded.columns else pd.Series("reviewed", index=coded.index)
    n_reviewed = int((origin == "reviewed").sum())
    if r.count_suggestions:
        return {"opt_in": True, "n": n_reviewed, "m": int((origin == "suggestion").sum())}
    return {"opt_in": False, "n": n_reviewed, "m": 0 if r.suggestions is None else len(r.suggestions)}


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
    from .cerqual import finding_backlinks
    from .signals import signal_section

    m06 = ctx.inputs.artefacts.stage_manifests.get("06-regional-profile") or {}
    municipal = is_municipal(ctx)
    return render_section("regional_profile", ctx, fig=figures.profile_figure(prof, titles, lang), by_id=by_id,
                          fig_data=figures.profile_figure_data(prof, titles, lang), backlinks=finding_backlinks(ctx),
                          indicators=ctx.config.indicators.indicators, others=others, notna=pd.notna,
                          municipal=municipal, county_name=county_name(ctx, m06.get("county", ""))) + signal_section(ctx)


def is_municipal(ctx: ReportContext) -> bool:
    """True for a municipality's run (stage 06 profiled a municipality against its county)."""
    m06 = ctx.inputs.artefacts.stage_manifests.get("06-regional-profile") or {}
    return m06.get("region_level") == "municipality" and bool(m06.get("county"))


def county_name(ctx: ReportContext, county: str) -> str:
    """The name of a municipal run's county in the report's language (from stage 06's manifest, else the code)."""
    if not county:
        return ""
    names = (ctx.inputs.artefacts.stage_manifests.get("06-regional-profile") or {}).get("county_names") or {}
    return str(names.get(ctx.language) or names.get("fi") or county)


# ------------------------------------------------------------------------------------ 6 social reports


def social_reporting(ctx: ReportContext) -> str:
    """Social-reporting findings: the region's recurring phenomena per theme, beside the theme's indicators."""
    r = ctx.result
    reps = ctx.inputs.reports.set_index("report_id")
    units = r.units[r.units["stream"] == "social_reports"]
    from .pages import Markup
    from .social_loop import feedback_links, loop_section

    links = feedback_links(ctx.inputs.reports, ctx.language) if ctx.parameters.get("run_dir") else []
    loop = Markup(loop_section(ctx.inputs.loop_breakdowns, ctx.inputs.loop_process, ctx.language,
                               municipality_names=ctx.municipality_names, links=links))
    if units.empty:
        return render_section("social_reporting", ctx, rows=None, by_phenomenon=False, loop=loop)
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
        from .social_loop import phenomenon_labels

        names = phenomenon_labels(ctx.config, reps.reset_index(), ctx.language)  # never the form's raw key
        groups = reps[reps.index.isin(coded.index)].groupby("phenomenon", sort=False)
        for phen, sub in sorted(groups, key=lambda kv: (-len(kv[1]), str(kv[0]))):
            ids = list(sub.index)
            codes = sorted({c for u in ids for c in coded.get(u, [])})
            rows.append({"label": names.get(str(phen), str(phen).replace("_", " ")), "count": len(ids),
                         "signals": list(signal.reindex(ids).value_counts().items()), "codes": codes,
                         "reports": report_items(ids), "indicators": indicator_items(codes)})
    else:
        for code, sub in units.groupby("code", sort=False):
            rows.append({"label": code, "count": len(set(sub["unit_id"])), "signals": list(sub["signal"].value_counts().items()),
                         "codes": [code], "reports": report_items(set(sub["unit_id"])), "indicators": indicator_items([code])})
    return render_section("social_reporting", ctx, rows=rows, by_phenomenon=by_phenomenon, loop=loop)
