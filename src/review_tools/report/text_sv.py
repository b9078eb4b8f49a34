"""The report's fixed text in Swedish (keys shared with :mod:`review_tools.report.i18n`).

Filled key by key; ``i18n.LANGUAGES`` lists ``sv`` only once every key of the English catalogue is here.
"""

TEXT_SV: dict[str, str] = {
    # region scope (issue 13 part 5)
    "written_for": "Gäller",
    "scope_national": "hela landet (nationell)",
    "scope_code": "{level} {code}",
    "level_county": "välfärdsområde",
    "level_municipality": "kommun",
    "recs_scope": "Av de {n} rekommendationer från teamet som visas gäller {local} för {region} och {national} är nationella (gäller alla regioner).",
    "recs_scope_county": "{county} gäller för det välfärdsområde som kommunen hör till.",
    "recs_scope_none_local": "{region} har inga egna rekommendationer: de {n} rekommendationer från teamet som visas är nationella och gäller alla regioner.",
    "recs_scope_country": "Rapporten gäller hela landet: av teamets {n} rekommendationer är {national} nationella och {regional} gäller ett visst välfärdsområde eller en viss kommun.",
    "recs_scope_other": "Rekommendationer för andra regioner visas inte ({m}).",
    "recs_scope_drafts": "Utkasten ({d}) har tagits fram ur materialet för {region}.",
    "local_evidence": "Lokalt underlag",
    "local_evidence_text": "Av de {total} intervjuavsnitt och sociala rapporter som räknas som underlag kommer {local} ({pct} %) från {region} och {national} är nationella (ingen region).",
    "local_evidence_county": "{county} kommer från det välfärdsområde som kommunen hör till.",
    "local_evidence_none": "Inga intervjuavsnitt eller sociala rapporter från {region} räknas som underlag: andra regioners material lämnas utanför, och inget material är nationellt.",
    "local_evidence_country": "Rapporten gäller hela landet: alla {total} intervjuavsnitt och sociala rapporter räknas ({local} från en viss region, {national} utan region).",
    "local_evidence_tail": "De {studies} inkluderade studierna gäller ingen viss region; indikatorerna är regionens egna.",
    "scope_stream": "Material",
    "scope_local": "Från regionen",
    "scope_county": "Från dess välfärdsområde",
    "scope_nat": "Nationellt",
}
