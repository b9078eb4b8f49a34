"""The regional indicator-signal table of the report (Diak panel; stage ``06-regional-profile/signals.csv``).

Each signal is named by what it tests (:func:`review_tools.indicators.regional_signals.reader_table`): level against
the whole country, against similar counties or the own county, trend with its confidence interval, rank among the 21
wellbeing services counties (Helsinki beside them, Åland apart with the reason); series breaks are marked and the
stage's warnings (e.g. periods that do not overlap) listed.
"""

from __future__ import annotations

import html

import pandas as pd

from ..indicators.regional_signals import reader_table
from .context import ReportContext
from .i18n import t

__all__ = ["signal_section"]

_NUMERIC = ("year", "value", "country_value", "county_value", "similar_counties_value", "first_year", "trend_slope",
            "trend_ci_low", "trend_ci_high", "trend_years", "rank", "n_ranked")


def signal_section(ctx: ReportContext) -> str:
    """HTML of the region's signal table, its rank notes and warnings ('' when the run has no signals)."""
    art = ctx.inputs.artefacts
    signals = art.tables.get("06-regional-profile/signals.csv")
    if signals is None or signals.empty:
        return ""
    sig = signals.copy()
    for col in _NUMERIC:
        if col in sig.columns:
            sig[col] = pd.to_numeric(sig[col], errors="coerce")
    heading, note, warn_head = (t(k, ctx.language) for k in ("signals_heading", "signals_note", "warnings"))
    table = reader_table(sig, ctx.config.indicators, language=ctx.language).fillna("")
    notes = sorted({str(n) for n in sig.get("rank_note", pd.Series(dtype=str)).dropna() if str(n).strip()})
    warnings = (art.stage_manifests.get("06-regional-profile") or {}).get("warnings", [])
    parts = [f'<section id="indicator-signals"><h2>{html.escape(heading)}</h2>', f"<p>{html.escape(note)}</p>",
             table.to_html(index=False, escape=True, border=0, classes="signals")]
    parts += [f"<p>{html.escape(n)}</p>" for n in notes]
    if warnings:
        parts.append(f"<h3>{html.escape(warn_head)}</h3><ul>"
                     + "".join(f"<li>{html.escape(str(w))}</li>" for w in warnings) + "</ul>")
    return "".join(parts) + "</section>"
