"""Report appendices: references and evidence (every link target), provenance."""

from __future__ import annotations

import json

from ..regions import report_region_column
from ..synthesis import anchor, normalise_region
from .context import (
    ReportContext,
    first_text,
    li,
    missing,
    render_section,
    section,
)
from .html import esc, heading, link
from .i18n import t, v


def references(ctx: ReportContext) -> str:
    """References and evidence appendix: every included study, quote, social report a section links
    to (ids ``study-``, ``quote-``, ``report-``), indicator sources and legislation."""
    lang, art, r = ctx.language, ctx.inputs.artefacts, ctx.result
    body = heading(2, "references", t("references", lang))
    inc = art.table("02-screening", "included.csv").sort_values("record_id")
    body += heading(3, "references-studies", t("studies_ref", lang)) + "<ol class='rt-refs'>"
    for _, s in inc.iterrows():
        doi = s.get("doi")
        doi_html = f" doi:{esc(doi)}" if isinstance(doi, str) and doi else ""
        body += f"{li(anchor('study', s['record_id']))}{esc(s.get('citation') or s.get('title'))}{doi_html} " \
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
        body += (f"{li(anchor('quote', sid))}<strong>{esc(sid)}</strong> "
                 f"({esc(str(s.get('informant_group', '')).replace('_', ' '))}, {esc(s.get('language', ''))}): "
                 f"“{esc(s['text'])}”</li>")
    body += "</ul>"
    # reports: the region's and any cited
    reps = art.table("04-social-reports", "social_reports.csv")
    cited_r = set(r.evidence.loc[(r.evidence["type"] == "report") & r.evidence["ok"].astype(bool), "resolved_id"])
    listed = reps[reps["report_id"].isin(set(ctx.inputs.reports["report_id"]) | cited_r)]
    body += heading(3, "references-reports", t("reports_ref", lang)) + "<ul class='rt-refs'>"
    for _, s in listed.sort_values("report_id").iterrows():
        fields = [s.get(k).replace("_", " ") for k in ("submitted_at", "reporter_role", "affected_group")
                  if isinstance(s.get(k), str)]
        rcol = report_region_column(reps)
        if rcol and isinstance(s.get(rcol), str) and normalise_region(s[rcol]) != r.region:
            fields.append(f"{t('region', lang)} {s[rcol]}")
        desc = first_text(s, ("phenomenon_description", "description"))
        actions = first_text(s, ("proposed_actions", "proposed_action"))
        body += (f"{li(anchor('report', s['report_id']))}<strong>{esc(s['report_id'])}</strong> "
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
        body += f"<li>{missing(ctx, '05-indicator-data/citations.csv')}</li>"
    body += "</ul>"
    body += heading(3, "references-legislation", t("legal_ref", lang)) + (
        "<ul class='rt-refs'><li>Sosiaalihuoltolaki 1301/2014, 7 § (rakenteellinen sosiaalityö).</li>"
        "<li>Laki sosiaali- ja terveydenhuollon järjestämisestä 612/2021, 6–7 § (hyvinvointikertomus ja -suunnitelma).</li></ul>")
    return section(body)


# ------------------------------------------------------------------------------------ 11 provenance


def provenance(ctx: ReportContext) -> str:
    """Provenance appendix: parameters, versions, input file hashes, artefact hashes, stage records."""
    prov = ctx.provenance
    stages = {k: json.dumps(val, ensure_ascii=False, sort_keys=True) for k, val in (prov.get("stages") or {}).items()}
    return render_section("provenance", ctx, versions=prov.get("versions") or {}, inputs=prov.get("inputs") or {},
                          artefacts=prov.get("artefacts") or {}, stages=stages)
