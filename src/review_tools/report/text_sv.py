"""The report's fixed text in Swedish (keys shared with :mod:`review_tools.report.i18n`).

Filled key by key; ``i18n.LANGUAGES`` lists ``sv`` only once every key of the English catalogue is here.
"""

TEXT_SV: dict[str, str] = {}
