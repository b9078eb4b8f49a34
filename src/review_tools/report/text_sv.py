"""The report's fixed text in Swedish (keys shared with :mod:`review_tools.report.i18n`).

Filled key by key; ``i18n.LANGUAGES`` lists ``sv`` only once every key of the English catalogue is here.
"""

TEXT_SV: dict[str, str] = {
    "indicator_no_region_data": "{indicator}: det finns inga uppgifter för {region} för åren {period}, så indikatorn kan inte beskriva läget eller följas upp här; uppföljningen börjar när uppgifter finns.",
    "municipal_profile_intro": "{municipality} jämförs med sitt välfärdsområde ({county}) och hela landet. Rangordningen gäller kommunerna i välfärdsområdet med uppgifter för samma år.",
    "reports_scope_municipality": "De sociala rapporter som visas är de som anger {municipality} som kommun ({n}).",
    "reports_scope_county": "De sociala rapporterna anger ingen kommun, därför visas hela välfärdsområdets rapporter för {municipality}.",
    "interviews_scope_municipality": "Intervjuerna anger ingen kommun: det som sägs gäller inte specifikt {municipality}.",
}
