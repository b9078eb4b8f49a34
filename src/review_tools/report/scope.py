"""The report's sentences on region scope: whom the recommendations are written for, how much evidence is local.

A county run shows its own and the national recommendations (a municipal run also its county's); interviews
and social reports of other regions are not counted (:mod:`review_tools.synthesis.scope`). These sentences say
so, in the report's language, with the counts.
"""

from __future__ import annotations

from ..scopes import NATIONAL, Scope
from .i18n import t

__all__ = ["scope_label", "region_label", "recommendation_scope_sentence", "local_evidence_sentence", "locality_rows"]


def scope_label(ctx, value) -> str:
    """The name of a scope in the report's language: a county's or municipality's name, or the whole country."""
    lang, r = ctx.language, ctx.result
    scope = r.scope
    try:
        s = value if isinstance(value, Scope) else (scope.parse(value) if scope else None)
    except ValueError:
        return str(value)
    if s is None or s.level == NATIONAL:
        return t("scope_national", lang)
    for rec in (scope.records if scope else ()):
        if s.level == "municipality" and rec.get("municipality_code") == s.code:
            return rec.get(f"name_{lang}") or rec.get("name_fi") or s.code
        if s.level == "county" and rec.get("county_code") == s.code:
            return rec.get(f"county_name_{lang}") or rec.get("county_name_fi") or s.code
    if scope is not None and s.code == scope.code:
        return r.region_name
    return t("scope_code", lang, level=t(f"level_{s.level}", lang), code=s.code)


def region_label(ctx) -> str:
    """The run's region in the report's language (the municipality key's name; the profile's name without it)."""
    scope = ctx.result.scope
    if scope is None or scope.level == "country" or not scope.records:
        return ctx.result.region_name
    return scope_label(ctx, Scope(scope.level, scope.code))


def recommendation_scope_sentence(ctx) -> str:
    """Whom the team recommendations shown are written for, and how many other regions' are left out."""
    lang, r = ctx.language, ctx.result
    team = [rec for rec in r.recommendations if rec.id not in r.drafts]
    rel = [r.relation(rec) for rec in team]
    n, local, county, national = len(team), rel.count("local"), rel.count("county"), rel.count("national")
    region = region_label(ctx)
    if r.scope is not None and r.scope.level == "country":
        out = [t("recs_scope_country", lang, n=n, national=national, regional=local)]
    elif local == 0 and county == 0:
        out = [t("recs_scope_none_local", lang, region=region, n=national)]
    else:
        out = [t("recs_scope", lang, n=n, local=local, region=region, national=national)]
        if county:
            out.append(t("recs_scope_county", lang, county=county))
    if r.n_other_region:
        out.append(t("recs_scope_other", lang, m=r.n_other_region))
    if r.drafts:
        out.append(t("recs_scope_drafts", lang, d=len(r.drafts), region=region))
    return " ".join(out)


def locality_rows(ctx) -> list[tuple[str, int, int, int]]:
    """``(stream label, local, county, national)`` for interviews and social reports."""
    loc = ctx.inputs.locality
    if loc is None:
        return []
    labels = {"interviews": t("interviews_s", ctx.language), "social_reports": t("social_reports", ctx.language)}
    return [(labels.get(row.stream, row.stream), int(row.local), int(row.county), int(row.national))
            for row in loc.itertuples(index=False)]


def local_evidence_sentence(ctx) -> str:
    """How much of the interview and social-report evidence is the region's own, with the counts."""
    lang, r, loc = ctx.language, ctx.result, ctx.inputs.locality
    if loc is None:
        return ""
    local, county, national = (int(loc[c].sum()) for c in ("local", "county", "national"))
    total = local + county + national
    studies = len(ctx.inputs.artefacts.table("02-screening", "included.csv"))
    tail = t("local_evidence_tail", lang, studies=studies)
    if r.scope is not None and r.scope.level == "country":
        return t("local_evidence_country", lang, total=total, local=local, national=national) + " " + tail
    if total == 0:
        return t("local_evidence_none", lang, region=region_label(ctx)) + " " + tail
    text = t("local_evidence_text", lang, total=total, local=local, region=region_label(ctx), national=national,
             pct=round(100 * local / total))
    if county:
        text += " " + t("local_evidence_county", lang, county=county)
    return text + " " + tail
