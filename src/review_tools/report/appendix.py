"""Report appendices: references and evidence (every link target), provenance, accessibility statement."""

from __future__ import annotations

import re
from pathlib import Path

from ..pipeline import REPORT_STAGE
from ..regions import report_region_column
from ..synthesis import normalise_region
from .cerqual import finding_backlinks, study_records
from .context import (
    ReportContext,
    first_text,
    render_section,
)
from .html import doi_url, external_link, linkify, num
from .i18n import TEXT, t, v
from .scope import region_label


def references(ctx: ReportContext) -> str:
    """References and evidence appendix: every included study, quote, social report a section links
    to (ids ``study-``, ``quote-``, ``report-``), indicator sources and legislation."""
    lang, art, r = ctx.language, ctx.inputs.artefacts, ctx.result
    inc = art.table("02-screening", "included.csv").sort_values("record_id")
    studies = [{"id": s["record_id"], "text": s.get("citation") or s.get("title"),
                "doi_url": doi_url(s.get("doi"))} for _, s in inc.iterrows()]
    # quotes: every segment a section links to
    cited = set(r.evidence.loc[(r.evidence["type"] == "quote") & r.evidence["ok"].astype(bool), "resolved_id"])
    by_finding = _finding_refs(r)
    cited |= by_finding.get("quote", set())
    quotes = art.get("03-coding", "quotes.csv")
    shown = set()
    if quotes is not None and "quote_id" in quotes.columns:
        coded = set(r.units.loc[r.units["stream"] == "interviews", "unit_id"])
        shown = set(quotes.loc[quotes["quote_id"].isin(coded), "quote_id"])
    seg = art.table("03-coding", "segments.csv").set_index("segment_id")
    quote_items = [{"id": sid, "group": v(str(seg.loc[sid].get("informant_group", "")), lang),
                    "language": seg.loc[sid].get("language", ""), "text": seg.loc[sid]["text"]}
                   for sid in sorted(cited | shown) if sid in seg.index]
    # reports: the region's and any cited
    reps = art.table("04-social-reports", "social_reports.csv")
    cited_r = set(r.evidence.loc[(r.evidence["type"] == "report") & r.evidence["ok"].astype(bool), "resolved_id"])
    cited_r |= by_finding.get("report", set())
    listed = reps[reps["report_id"].isin(set(ctx.inputs.reports["report_id"]) | cited_r)]
    rcol = report_region_column(reps)
    report_items = []
    for _, s in listed.sort_values("report_id").iterrows():
        fields = [v(s.get(k), lang).replace("_", " ") for k in ("submitted_at", "reporter_role", "affected_group")
                  if isinstance(s.get(k), str)]
        if rcol and isinstance(s.get(rcol), str) and normalise_region(s[rcol]) != r.region:
            fields.append(f"{t('region', lang)} {s[rcol]}")
        report_items.append({"id": s["report_id"], "title": s.get("phenomenon_title", ""),
                             "observation": s.get("observation_type", ""), "fields": "; ".join(fields),
                             "description": first_text(s, ("phenomenon_description", "description")),
                             "actions": first_text(s, ("proposed_actions", "proposed_action"))})
    cit = art.get("05-indicator-data", "citations.csv")
    known = {i.id for i in ctx.config.indicators.indicators}
    citations = None if cit is None or not {"indicator_id", "citation"} <= set(cit.columns) else [
        {"id": c["indicator_id"], "citation": c["citation"], "known": c["indicator_id"] in known} for _, c in cit.iterrows()]
    return render_section("references", ctx, studies=studies, quotes=quote_items, reports=report_items, citations=citations,
                          linkify=linkify, external=external_link, backlinks=finding_backlinks(ctx),
                          records=study_records(ctx))


def _finding_refs(result) -> dict[str, set]:
    """Evidence type -> the refs the findings count or cite (their link targets must be in the appendix)."""
    fr = result.findings
    if fr is None:
        return {}
    links = fr.links[fr.links["anchor"] != ""]
    return {kind: set(sub["ref"]) for kind, sub in links.groupby("type")}


# ------------------------------------------------------------------------------------ 11 provenance

#: Characters of a SHA-256 shown in the report (enough to tell files apart; the run's manifest holds the whole).
SHORT_HASH = 12
#: Run parameters shown as a folder's name only (never its absolute path).
FOLDER_PARAMETERS = ("review_dir", "corpus_dir", "run_dir")
_LANGUAGE_NAMES = {"fi": "suomi", "sv": "svenska", "en": "English"}


def short_hash(digest) -> str:
    """The first :data:`SHORT_HASH` characters of a checksum, with an ellipsis."""
    text = str(digest or "")
    return text[:SHORT_HASH] + ("…" if len(text) > SHORT_HASH else "")


def _when(stamp) -> str:
    """An ISO time stamp as ``YYYY-MM-DD HH:MM UTC`` (``""`` when missing)."""
    text = str(stamp or "")
    m = re.match(r"(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})", text)
    return f"{m.group(1)} {m.group(2)} UTC" if m else text


def _duration(seconds, lang: str) -> str:
    try:
        s = float(seconds)
    except (TypeError, ValueError):
        return ""
    if s < 60:
        return t("seconds_fmt", lang, s=num(round(s, 1)))
    return t("minutes_fmt", lang, m=int(s // 60), s=int(round(s % 60)))


def stage_title(stage: str, lang: str) -> str:
    """A stage's name for readers: ``01 Ingest and deduplication`` (the catalogue's ``stage_<id>``)."""
    number, _, rest = stage.partition("-")
    key = f"stage_{rest.replace('-', '_')}"
    try:
        return f"{number} {t(key, lang)}"
    except KeyError:
        return f"{number} {rest.replace('-', ' ').capitalize()}" if rest else stage


def input_name(path, roots: list[Path]) -> str:
    """An input file as the report names it: relative to its review or corpus folder, with the folder's name
    (``corpus/literature/a.ris``), never an absolute path (a file outside both folders: its name only)."""
    p = Path(str(path))
    if not p.is_absolute():
        return p.as_posix()
    for root in roots:
        try:
            return (Path(root.name) / p.relative_to(root)).as_posix()
        except ValueError:
            continue
    return p.name


def parameter_rows(ctx: ReportContext) -> list[tuple[str, str]]:
    """The run's parameters as (label, value): folders by name only, region by name, language by name."""
    lang, r = ctx.language, ctx.result
    rows = []
    for key, val in ctx.parameters.items():
        if key in ("region_name", "region_level"):
            continue
        label = t(f"param_{key}", lang) if f"param_{key}" in TEXT["en"] else str(key).replace("_", " ").capitalize()
        if key in FOLDER_PARAMETERS:
            val = Path(str(val)).name
        elif key == "region":
            val = f"{region_label(ctx)} ({r.region})"
        elif key == "language":
            val = _LANGUAGE_NAMES.get(str(val), val)
        rows.append((label, str(val)))
    return rows


def stage_rows(ctx: ReportContext) -> list[dict]:
    """One row per stage: name, when it finished, how long it took, whether it was reused (a batch)."""
    lang, prov = ctx.language, ctx.provenance
    rows = []
    for s in prov.get("stage_runs") or []:
        if not isinstance(s, dict) or not s.get("name"):
            continue
        how = t("stage_reused", lang) if s.get("reused") else _duration(s.get("seconds"), lang)
        rows.append({"stage": stage_title(str(s["name"]), lang), "when": _when(s.get("finished")), "how_long": how,
                     "status": t("stage_ok", lang) if s.get("status") == "ok" else str(s.get("status", ""))})
    listed = {r["stage"].split(" ", 1)[0] for r in rows}
    for name in prov.get("stages") or {}:
        if str(name).split("-", 1)[0] not in listed:
            rows.append({"stage": stage_title(str(name), lang), "when": "", "how_long": "", "status": ""})
            listed.add(str(name).split("-", 1)[0])
    if REPORT_STAGE.split("-", 1)[0] not in listed:  # the stage writing this report has not finished yet
        rows.append({"stage": stage_title(REPORT_STAGE, lang), "when": "", "how_long": "",
                     "status": t("stage_writes_report", lang)})
    return sorted(rows, key=lambda r: r["stage"])


def provenance(ctx: ReportContext) -> str:
    """Provenance appendix: parameters, a table of the stages (when, how long), input files and artefact tables
    with shortened checksums, software versions. No absolute path and no raw record reaches the page."""
    prov = ctx.provenance
    roots = [Path(str(ctx.parameters[k])) for k in ("review_dir", "corpus_dir") if ctx.parameters.get(k)]
    inputs = sorted((input_name(k, roots), short_hash(v)) for k, v in (prov.get("inputs") or {}).items())
    artefacts = [(str(k), short_hash(v)) for k, v in sorted((prov.get("artefacts") or {}).items())]
    return render_section("provenance", ctx, parameters=parameter_rows(ctx), stage_rows=stage_rows(ctx),
                          versions=sorted((prov.get("versions") or {}).items()), inputs=inputs, artefacts=artefacts,
                          started=_when(prov.get("started")))


def accessibility(ctx: ReportContext) -> str:
    """Accessibility statement (Act on the Provision of Digital Services 306/2019): conformance status,
    known limitations and the feedback contact of the review's protocol."""
    return render_section("accessibility", ctx, contact=ctx.config.protocol.contact)
