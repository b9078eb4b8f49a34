"""The welfare-report part of the report: the follow-up of the monitoring indicators and the section a
municipality or county can lift into its welfare report and plan (hyvinvointikertomus, Act 612/2021 §6-7).

:func:`follow_up` formats :attr:`SynthesisResult.follow_up <review_tools.synthesis.SynthesisResult>`
(progress per indicator and per recommendation, earlier runs, a figure over time with its text
alternative and data table); :func:`welfare_report` gives per theme the situation (indicators and
phenomena), the goals, the measures (recommendations), the responsible actors and the follow-up
indicators with baseline, target and latest value (:func:`review_tools.report.render_welfare_page` puts
both on a page of their own). Nothing here reads a file or recomputes a status.
"""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from ..config import ReviewConfig
from ..synthesis import STATUSES, SynthesisResult, recommendation_status
from .context import ReportContext, linking_to, render_section
from .html import num
from .i18n import t, v
from .social_loop import phenomenon_labels

__all__ = ["follow_up", "welfare_report", "follow_up_figure", "follow_up_alt", "follow_up_points"]

#: The welfare-report page of a run, relative to ``RUN/report.html``.
OWN_PAGE = "artefacts/07-synthesis/welfare_report.html"
STATUS_COLOURS = {"on track": "#2e7d32", "off track": "#c0392b", "no data": "#6b6b6b", "not assessed": "#6b6b6b"}


def _title(cfg: ReviewConfig, indicator: str, language: str) -> str:
    for ind in cfg.indicators.indicators:
        if ind.id == indicator:
            return ind.title.get(language)
    return indicator


def value_format(cfg: ReviewConfig):
    """``fmt(indicator, x)``: a value with the indicator's ``decimals`` (at least one, so that a change of a few
    tenths shows; the default formatting when the indicator sets none)."""
    dec = {i.id: i.decimals for i in cfg.indicators.indicators}

    def fmt(indicator: str, x) -> str:
        d = dec.get(indicator)
        return num(x, None if d is None else max(d, 1))

    return fmt


def _indicators(result: SynthesisResult) -> pd.DataFrame:
    """One follow-up row per indicator (the first recommendation's; they share values) with a direction."""
    fu = result.follow_up if result.follow_up is not None else pd.DataFrame(columns=["indicator", "better"])
    return fu[fu["better"].isin(["lower", "higher"])].drop_duplicates("indicator")


def follow_up_points(result: SynthesisResult) -> pd.DataFrame:
    """The figure's data: ``indicator, kind, run, year, value`` (kind ``series`` for this run's yearly
    values from the baseline year on, ``run`` for an earlier run's recorded value, ``baseline``, ``target``)."""
    rows = []
    series = result.series if result.series is not None else pd.DataFrame(columns=["indicator_id", "year", "value"])
    for m in _indicators(result).itertuples(index=False):
        by = pd.to_numeric(pd.Series([m.baseline_year]), errors="coerce").iloc[0]
        s = series[series["indicator_id"] == m.indicator].sort_values("year")
        if pd.notna(by):
            s = s[s["year"] >= by]
        rows += [{"indicator": m.indicator, "kind": "series", "run": "", "year": int(y), "value": float(x)}
                 for y, x in zip(s["year"], s["value"], strict=True)]
        for name, df in result.history:
            sub = df[(df["indicator"].astype(str) == m.indicator) & (df["region"].astype(str) == str(m.region))]
            val = pd.to_numeric(sub["value"], errors="coerce").dropna()
            if len(val):
                rows.append({"indicator": m.indicator, "kind": "run", "run": name,
                             "year": int(float(sub.loc[val.index[0], "year"])), "value": float(val.iloc[0])})
        if pd.notna(pd.to_numeric(pd.Series([m.baseline]), errors="coerce").iloc[0]):
            rows.append({"indicator": m.indicator, "kind": "baseline", "run": "", "year": int(float(m.baseline_year)),
                         "value": float(m.baseline)})
        if str(m.target) not in ("", "nan", "None") and str(m.target_year) not in ("", "nan", "None"):
            rows.append({"indicator": m.indicator, "kind": "target", "run": "", "year": int(float(m.target_year)),
                         "value": float(m.target)})
    return pd.DataFrame(rows, columns=["indicator", "kind", "run", "year", "value"])


def follow_up_figure(result: SynthesisResult, cfg: ReviewConfig, language: str = "en") -> Figure | None:
    """Small multiples, one per monitoring indicator: this run's yearly values, the values earlier runs
    recorded, the baseline, the target and the straight path to it; titled with the progress status.
    None when no monitoring indicator has a value."""
    pts = follow_up_points(result)
    if pts.empty:
        return None
    inds = list(dict.fromkeys(pts["indicator"]))
    status = _indicators(result).set_index("indicator")["status"].to_dict()
    ncol = 2 if len(inds) > 1 else 1
    nrow = -(-len(inds) // ncol)
    fig = Figure(figsize=(4.6 * ncol, 2.9 * nrow), layout="constrained")
    for k, iid in enumerate(inds):
        ax = fig.add_subplot(nrow, ncol, k + 1)
        p = pts[pts["indicator"] == iid]
        s = p[p["kind"] == "series"]
        if len(s):
            ax.plot(s["year"], s["value"], color="#1f4e79", marker="o", markersize=3, label=t("fu_this_run", language))
        b, tg = p[p["kind"] == "baseline"], p[p["kind"] == "target"]
        if len(b):  # hollow and larger, so an earlier run's value at the baseline shows inside it
            ax.plot(b["year"], b["value"], marker="s", linestyle="none", color="#333", markersize=10,
                    markerfacecolor="none", markeredgewidth=1.5, label=t("baseline", language))
        for j, (_, r) in enumerate(p[p["kind"] == "run"].iterrows()):
            ax.plot([r["year"]], [r["value"]], marker="D", linestyle="none", color=["#e69f00", "#7b3294", "#009e73"][j % 3],
                    markersize=5, label=r["run"])
        if len(b) and len(tg):
            ax.plot([b["year"].iloc[0], tg["year"].iloc[0]], [b["value"].iloc[0], tg["value"].iloc[0]], linestyle="--",
                    color="#2e7d32", linewidth=1)
        if len(tg):
            ax.plot(tg["year"], tg["value"], marker="*", linestyle="none", color="#2e7d32", markersize=10,
                    label=t("target", language))
        name = _title(cfg, iid, language)
        ax.set_title(f"{name if len(name) <= 52 else name[:50] + '…'}\n{v(status.get(iid, ''), language)}", fontsize=8,
                     loc="left", color=STATUS_COLOURS.get(status.get(iid, ""), "#333"))
        ax.tick_params(labelsize=7)
        ax.xaxis.get_major_locator().set_params(integer=True)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        ax.legend(fontsize=6, frameon=False, loc="best")
    return fig


def follow_up_alt(result: SynthesisResult, cfg: ReviewConfig, language: str = "en") -> str:
    """The figure's text alternative: what it shows and, per indicator, baseline, latest value, target, status."""
    parts, fmt = [t("fu_alt", language)], value_format(cfg)
    for m in _indicators(result).itertuples(index=False):
        target = (t("fu_target_by", language, target=fmt(m.indicator, m.target), year=num(m.target_year))
                  if str(m.target) not in ("", "nan", "None") else t("no_target", language))
        parts.append(t("fu_alt_item", language, indicator=_title(cfg, m.indicator, language),
                       baseline=fmt(m.indicator, m.baseline), baseline_year=num(m.baseline_year),
                       value=fmt(m.indicator, m.value),
                       year=num(m.year), target=target, status=v(m.status, language)))
    return " ".join(parts)


def follow_up(ctx: ReportContext, *, report_page: str = "") -> str:
    """Follow-up: progress (on track, off track, no data) per indicator and per recommendation against the
    baseline, the target and the earlier runs, the figure over time with its text alternative and data
    (``report_page``: on a page of its own, the relative URL of the report its links go to)."""
    r, lang = ctx.result, ctx.language
    fu = r.follow_up if r.follow_up is not None else pd.DataFrame()
    recs = recommendation_status(fu) if len(fu) else pd.DataFrame(columns=["recommendation_id", "status"])
    runs = [(name, sorted({str(x) for x in df.get("data_vintage", pd.Series(dtype=str)).dropna()
                           if str(x) not in ("", "nan")}))
            for name, df in r.history if (df["region"].astype(str) == r.region).any()]
    counts = [(s, int((_indicators(r)["status"] == s).sum())) for s in STATUSES]
    return render_section("follow_up", ctx, rows_in=list(fu.itertuples(index=False)), recs=list(recs.itertuples(index=False)),
                          runs=runs, counts=[c for c in counts if c[1]], fig=follow_up_figure(r, ctx.config, lang),
                          alt=follow_up_alt(r, ctx.config, lang), points=list(follow_up_points(r).itertuples(index=False)),
                          colours=STATUS_COLOURS, fmt=value_format(ctx.config),
                          **({"link": linking_to(report_page)} if report_page else {}))


def welfare_report(ctx: ReportContext, *, report_page: str = "") -> str:
    """The welfare-report section: per theme of the team's recommendations (codebook order) the situation
    (the region's indicators of the theme with their signal, the social reports' phenomena), the goals,
    the measures, the responsible actors and the follow-up indicators (``report_page``: as :func:`follow_up`)."""
    r = ctx.result
    fu = r.follow_up if r.follow_up is not None else pd.DataFrame(columns=["recommendation_id"])
    team = [rec for rec in r.recommendations if rec.id not in r.drafts]
    order = {c.id: i for i, c in enumerate(ctx.config.codebook.codes)}
    profile = {row["indicator_id"]: row for _, row in ctx.inputs.profile.iterrows()}
    reports = ctx.inputs.reports.set_index("report_id") if "report_id" in ctx.inputs.reports.columns else pd.DataFrame()
    names = phenomenon_labels(ctx.config, ctx.inputs.reports, ctx.language)
    themes = []
    for theme in sorted({rec.theme for rec in team}, key=lambda c: order.get(c, len(order))):
        recs = [rec for rec in team if rec.theme == theme]
        units = r.units[r.units["code"] == theme]
        inds = units[units["stream"] == "indicators"].drop_duplicates("unit_id")
        situation = [(iid, ctx.indicator_title(iid), profile.get(iid), sig) for iid, sig in zip(inds["unit_id"], inds["signal"], strict=True)]
        phen: dict = {}  # reports grouped by the form's phenomenon key, labelled by the team (else a reporter's title)
        for rid in sorted(set(units.loc[units["stream"] == "social_reports", "unit_id"])):
            row = reports.loc[rid] if rid in reports.index else {}
            key = next((str(row.get(c)) for c in ("phenomenon", "phenomenon_title")
                        if isinstance(row.get(c), str) and row.get(c).strip()), rid)
            title = row.get("phenomenon_title")
            own = title if isinstance(title, str) and title.strip() else key.replace("_", " ")
            label, n = phen.get(key, (names.get(key, own), 0))
            phen[key] = (label, n + 1)
        phenomena = sorted(phen.values(), key=lambda kv: (-kv[1], kv[0]))
        themes.append({"code": theme, "recs": recs, "situation": situation, "phenomena": phenomena[:6],
                       "more_phenomena": max(0, len(phenomena) - 6),
                       "actors": list(dict.fromkeys(a for rec in recs for a in rec.actor)),
                       "follow": [m for m in fu.itertuples(index=False) if m.recommendation_id in {x.id for x in recs}]})
    # in a run's report, a link to the same part on its own page (stage 07 writes it beside the report's artefacts)
    own_page = "" if report_page or not ctx.parameters.get("run_dir") else OWN_PAGE
    return render_section("welfare_report", ctx, themes=themes, n_drafts=len(r.drafts), own_page=own_page,
                          colours=STATUS_COLOURS,
                          fmt=value_format(ctx.config), **({"link": linking_to(report_page)} if report_page else {}))

