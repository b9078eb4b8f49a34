"""Social reporting as a loop: the report's summaries of the region's reports and the reporter groups' feedback pages.

Formats what :mod:`review_tools.social_reports.loop` computed (the region's breakdowns and process
indicators come with :class:`~review_tools.synthesis.ReportInputs`; the stage computes the feedback table).
Every page goes through the Jinja templates (autoescape): ``sections/social_loop`` and ``feedback``.
"""

from __future__ import annotations

import math

import pandas as pd

from .._config_social_reports import ENUMS
from ..social_reports.figures import OBSERVATION_COLOURS, breakdown_figure
from ..social_reports.loop import DIMENSIONS, FEEDBACK_KINDS, feedback
from . import html
from .html import num
from .i18n import t, v
from .pages import Markup, render

__all__ = ["breakdown_figures", "value_label", "loop_section", "feedback_page", "pct_cell", "phenomenon_labels",
           "feedback_pages", "feedback_links", "feedback_file", "group_keys"]


def value_label(dimension: str, value: str, language: str, municipality_names: dict | None = None) -> str:
    """The reader's label of a breakdown value (need category, municipality, half-year, status)."""
    value = "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)
    if value == "":
        return t("loop_not_given", language)
    if dimension in ("need_category",):
        return v(f"shl11_{value}", language)
    if dimension == "municipality":
        name = (municipality_names or {}).get(value)
        return f"{name} ({value})" if name else value
    if dimension in ("processing_status", "observation_type", "reporter_group"):
        return v(value, language)
    return value


def phenomenon_labels(config, reports: pd.DataFrame, language: str) -> dict[str, str]:
    """``{phenomenon key: what a reader sees}`` of every phenomenon of ``reports``, in ``language``.

    The team's label (``phenomenon_indicators.yaml``, :meth:`~review_tools.config.ReviewConfig.phenomenon_label`)
    when it has one in ``language``; else the reporters' own title, those written in ``language`` first, then the
    most common. ``config`` without labels (e.g. a bare codebook in a test) falls back to the titles.
    """
    if reports is None or "phenomenon" not in getattr(reports, "columns", ()) or not len(reports):
        return {}
    titles = reports.get("phenomenon_title", pd.Series("", index=reports.index)).fillna("").astype(str)
    langs = reports.get("language", pd.Series("", index=reports.index)).fillna("").astype(str)
    out = {}
    for key, idx in reports.groupby(reports["phenomenon"].fillna("").astype(str), sort=True).groups.items():
        if not key:
            continue
        mine, own = titles.loc[idx], langs.loc[idx] == language
        ranked = [*mine[own].value_counts().index, *mine[~own].value_counts().index]
        label = getattr(config, "phenomenon_label", None)
        out[key] = label(key, language, ranked) if label else next((x for x in ranked if x.strip()), key.replace("_", " "))
    return out


def pct_cell(x) -> str:
    """A share (0-1) as a percentage with one decimal ("" when missing)."""
    try:
        f = float(x)
    except (TypeError, ValueError):
        return ""
    return "" if math.isnan(f) else num(round(f * 100, 1))


def breakdown_figures(table: pd.DataFrame, language: str, municipality_names: dict | None = None) -> dict:
    """``{dimension: Figure or None}`` of every breakdown, labelled in ``language``."""
    types = {k: v(k, language) for k in OBSERVATION_COLOURS}
    out = {}
    for dim in DIMENSIONS:
        rows = table[table["dimension"] == dim]
        labels = {str(x): value_label(dim, x, language, municipality_names) for x in rows["value"]}
        out[dim] = breakdown_figure(table, dim, labels=labels, type_labels=types, title=t(f"loop_by_{dim}", language),
                                    xlabel=t("loop_reports", language))
    return out


def _breakdown_blocks(table: pd.DataFrame, language: str, municipality_names: dict | None) -> list[dict]:
    figs = breakdown_figures(table, language, municipality_names)
    header = [t(f"loop_{d}", language) for d in DIMENSIONS]
    blocks = []
    for dim, head in zip(DIMENSIONS, header, strict=True):
        rows = table[table["dimension"] == dim]
        title = t(f"loop_by_{dim}", language)
        cells = [[html.esc(value_label(dim, r.value, language, municipality_names)), num(r.n_reports), num(r.n_problem),
                  num(r.n_good_practice), num(r.n_weak_signal), pct_cell(r.share)] for r in rows.itertuples()]
        fig = figs[dim]
        blocks.append({
            "title": title,
            "figure": Markup(html.figure(fig, t("loop_fig_alt", language, title=title))) if fig is not None else "",
            "table": Markup(html.table([head, t("loop_reports", language), v("problem", language),
                                        v("good_practice", language), v("weak_signal", language), t("loop_share", language)],
                                       cells, numeric=(1, 2, 3, 4, 5), caption=title)),
            "note": t("loop_multi_note", language) if dim == "need_category" else "",
        })
    return blocks


def _process_table(process: pd.DataFrame, language: str) -> str:
    cells = []
    for r in process.itertuples():
        unit = t("loop_all_units", language) if r.unit == "all" else (r.unit or t("loop_not_given", language))
        half = t("loop_whole_period", language) if r.half_year == "all" else (r.half_year or t("loop_not_given", language))
        cells.append([html.esc(unit), html.esc(half), num(r.n_reports), pct_cell(r.share_processed), pct_cell(r.share_fed_back)])
    return html.table([t("loop_unit", language), t("loop_half_year", language), t("loop_reports", language),
                       t("loop_processed", language), t("loop_fed_back", language)], cells, cards=True,
                      numeric=(2, 3, 4), caption=t("loop_process", language))


FEEDBACK_FOLDER = "artefacts/07-synthesis"


def group_keys(reports: pd.DataFrame) -> pd.Series:
    """Each report's reporter group as its form key (``other professional`` is ``other_professional``); a group
    outside the form's list (:data:`ENUMS` ``reporter_role``) or none is ``""``, shown as unspecified."""
    if "reporter_role" not in reports:
        return pd.Series("", index=reports.index)
    keys = reports["reporter_role"].fillna("").astype(str).str.strip().str.lower().str.replace(r"[^a-z0-9]+", "_", regex=True)
    return keys.where(keys.isin(ENUMS["reporter_role"]), "")


def feedback_file(group: str) -> str:
    """The file name of a group's feedback page (a key of :func:`group_keys`; ``""`` is ``unspecified``)."""
    return f"feedback_{group or 'unspecified'}.html"


def feedback_links(reports: pd.DataFrame, language: str) -> list[tuple[str, str]]:
    """``(reporter group's label, link)`` of the feedback page of every group in ``reports``, relative to the run
    folder (``artefacts/07-synthesis/feedback_<group>.html``, written by the report stage)."""
    if reports is None or not len(reports) or "reporter_role" not in reports:
        return []
    groups = sorted(set(group_keys(reports)))
    return [(value_label("reporter_group", g, language), f"{FEEDBACK_FOLDER}/{feedback_file(g)}")
            for g in groups]


def loop_section(breakdowns: pd.DataFrame | None, process: pd.DataFrame | None, language: str, *,
                 municipality_names: dict | None = None, links: list[tuple[str, str]] | None = None) -> str:
    """HTML of the region's reporting loop ("" when the region has no report); ``links`` are the reporter groups'
    feedback pages (:func:`feedback_links`, in a run)."""
    if breakdowns is None or process is None or process.empty:
        return ""
    n = int(process.loc[(process["unit"] == "all") & (process["half_year"] == "all"), "n_reports"].sum())
    return render("sections/social_loop", lang=language, t=t, intro=t("loop_intro", language, n=n),
                  blocks=_breakdown_blocks(breakdowns, language, municipality_names),
                  process=Markup(_process_table(process, language)),
                  no_status=process["share_processed"].isna().all(), no_feedback=process["share_fed_back"].isna().all(),
                  links=links or [])


def item_label(kind: str, item: str, language: str, labels: dict) -> str:
    """The reader's label of a feedback item: a theme, indicator or recommendation by its label with the id,
    a phenomenon by its words, a controlled value translated (``labels``: ``{kind: {item: label}}``)."""
    if kind == "need_category":
        return value_label("need_category", item, language)
    if kind in ("observation_type", "processing_status"):
        return v(item, language)
    if kind == "phenomenon":
        return labels.get("phenomenon", {}).get(item) or str(item).replace("_", " ")
    shown = labels.get(kind, {}).get(item)
    return f"{shown} ({item})" if shown and shown != item else str(item)


def feedback_page(group: str, rows: pd.DataFrame, *, language: str, review_title: str = "",
                  period: tuple[str, str] | None = None, labels: dict | None = None) -> str:
    """The feedback page of one reporter group: a standalone, self-contained HTML page.

    Parameters
    ----------
    group : str
        The reporter group (``reporter_role`` value; ``""`` for reports without one).
    rows : DataFrame
        The group's rows of :func:`review_tools.social_reports.loop.feedback`.
    language : str
    review_title : str
        The review's title in ``language``.
    period : tuple of str, optional
        First and last submission date of the group's reports.
    labels : dict, optional
        ``{kind: {item: label}}`` for themes (codebook labels), indicators (titles) and recommendations
        (statements), in ``language``.
    """
    name = value_label("reporter_group", group, language)
    total = int(rows.loc[rows["kind"] == "reports", "n_reports"].sum())
    blocks = []
    for kind in FEEDBACK_KINDS[1:]:
        sub = rows[rows["kind"] == kind]
        cells = [[html.esc(item_label(kind, r.item, language, labels or {})), num(r.n_reports)] for r in sub.itertuples()]
        blocks.append({"title": t(f"fb_{kind}", language),
                       "table": Markup(html.table([t("fb_item", language), t("loop_reports", language)], cells,
                                                  numeric=(1,), caption=t(f"fb_{kind}", language))) if cells else ""})
    facts = [t("fb_total", language, n=total)]
    if review_title:
        facts.append(t("fb_review", language, title=review_title))
    if period and period[0]:
        facts.append(t("fb_period", language, first=period[0], last=period[1]))
    return render("feedback", lang=language, title=t("fb_title", language, group=name),
                  intro=t("fb_intro", language, group=name), facts=facts, blocks=blocks, none_text=t("fb_none", language),
                  style=Markup(html.style()))


def feedback_pages(config, reports: pd.DataFrame, language: str) -> dict[str, str]:
    """``{reporter group: HTML}``: one feedback page per group that reported, from ``reports`` only.

    The report stage passes the run's reports (:func:`review_tools.regions.regional_reports`: a municipal or
    county run the reports of its region, the whole-country run all), so a group's page never shows another
    region's reports. A group of ``""`` (no group given) is the key ``""``.
    """
    lang = language if language in ("fi", "sv", "en") else "en"
    if reports is None or not len(reports):
        return {}
    reports = reports.assign(reporter_role=group_keys(reports))
    table = feedback(reports, config.indicators, config.recommendations)
    labels = {
        "theme": {c.id: c.label.get(lang) for c in config.codebook.codes},
        "indicator": {i.id: i.title.get(lang) for i in config.indicators.indicators},
        "recommendation": {r.id: r.statement.get(lang) for r in config.recommendations.recommendations},
        "phenomenon": phenomenon_labels(config, reports, lang),
    }
    roles = reports["reporter_role"]  # already the groups' keys (group_keys above)
    dates = reports["submitted_at"].fillna("").astype(str) if "submitted_at" in reports else pd.Series("", index=reports.index)
    pages = {}
    for group in table.loc[table["kind"] == "reports", "reporter_group"]:
        mine = sorted(d for d in dates[roles == group] if d)
        pages[str(group)] = feedback_page(group, table[table["reporter_group"] == group], language=lang,
                                          review_title=config.protocol.title.get(lang) or "",
                                          period=(mine[0], mine[-1]) if mine else None, labels=labels)
    return pages
