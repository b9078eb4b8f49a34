"""Labels and fixed text of the report in English and Finnish.

Only the report's own words live here; the team's text (statements, rationale, codebook labels)
is printed as written in ``review/``. A key missing in Finnish falls back to English.
"""

from __future__ import annotations

from ..errors import ConfigError
from .text_en import TEXT_EN
from .text_fi import TEXT_FI

LANGUAGES = ("en", "fi")

TEXT: dict[str, dict[str, str]] = {"en": TEXT_EN, "fi": TEXT_FI}

VALUES: dict[str, dict[str, str]] = {
    "en": {
        "municipality": "municipality", "wellbeing_services_county": "wellbeing services county",
        "state": "state", "ngo": "NGO", "kela": "Kela", "other": "other", "expert_by_experience": "expert by experience",
        "short": "short (1-2 years)", "medium": "medium (council term)", "long": "long (over 4 years)",
        "agree": "agree", "partly": "partly", "conflict": "conflict", "single stream": "single stream",
        "no evidence": "no evidence", "worse": "worse", "better": "better", "mixed": "mixed", "none": "no direction",
        "unclear": "unclear", "lower": "lower", "higher": "higher", "context": "context only",
        "team": "team", "draft": "draft", "framework": "framework", "default": "default",
        "context indicator": "context indicator", "study": "study", "quote": "quote", "report": "report",
        "indicator": "indicator", "theme": "theme", "problem": "problem", "good_practice": "good practice",
        "weak_signal": "weak signal",
        "on track": "on track", "off track": "off track", "no data": "no data", "not assessed": "not assessed",
        "no target set": "no target set", "unchanged": "unchanged", "review": "baseline year set by the team",
        "earlier run": "baseline recorded by the first run", "this run": "baseline recorded by this run",
    },
    "fi": {
        "municipality": "kunta", "wellbeing_services_county": "hyvinvointialue", "state": "valtio",
        "ngo": "järjestö", "kela": "Kela", "other": "muu", "expert_by_experience": "kokemusasiantuntija",
        "short": "lyhyt (1–2 vuotta)", "medium": "keskipitkä (valtuustokausi)", "long": "pitkä (yli 4 vuotta)",
        "agree": "yhtenevä", "partly": "osittain", "conflict": "ristiriitainen", "single stream": "yksi aineisto",
        "no evidence": "ei näyttöä", "worse": "heikompi", "better": "parempi", "mixed": "vaihteleva",
        "none": "ei suuntaa", "unclear": "epäselvä", "lower": "pienempi", "higher": "suurempi",
        "context": "vain tausta", "team": "tiimi", "draft": "luonnos", "framework": "kehys", "default": "oletus",
        "context indicator": "taustaindikaattori", "study": "tutkimus", "quote": "lainaus", "report": "raportti",
        "indicator": "indikaattori", "theme": "teema", "problem": "epäkohta", "good_practice": "hyvä käytäntö",
        "weak_signal": "heikko signaali",
        "on track": "tavoitteessa", "off track": "jäljessä tavoitteesta", "no data": "ei tietoa",
        "not assessed": "ei arvioitu", "no target set": "tavoitetta ei asetettu", "unchanged": "ennallaan",
        "review": "tiimin asettama lähtötasovuosi", "earlier run": "ensimmäisen ajon tallentama lähtötaso",
        "this run": "tämän ajon tallentama lähtötaso",
    },
}


def check_language(language: str) -> str:
    """Return ``language`` if the report supports it.

    Raises
    ------
    ConfigError
        For any other language, listing the supported ones.
    """
    if language not in LANGUAGES:
        raise ConfigError([f"parameter language: '{language}' is not supported; use one of {', '.join(LANGUAGES)}"])
    return language


def t(key: str, language: str, **fields) -> str:
    """Return the fixed text ``key`` in ``language`` (English when Finnish lacks it)."""
    text = TEXT.get(language, TEXT["en"]).get(key) or TEXT["en"][key]
    return text.format(**fields) if fields else text


def v(value, language: str) -> str:
    """Return the label of a controlled value (actor, timeframe, direction, ...) in ``language``."""
    key = "" if value is None else str(value)
    return VALUES.get(language, VALUES["en"]).get(key, VALUES["en"].get(key, key))
