"""The report's fixed text in Swedish (keys shared with :mod:`review_tools.report.i18n`).

Filled key by key; ``i18n.LANGUAGES`` lists ``sv`` only once every key of the English catalogue is here.
"""

TEXT_SV: dict[str, str] = {
    "indicator_no_region_data": "{indicator}: det finns inga uppgifter för {region} för åren {period}, så indikatorn kan inte beskriva läget eller följas upp här; uppföljningen börjar när uppgifter finns.",
}
