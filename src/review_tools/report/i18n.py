"""Labels and fixed text of the report in English, Finnish and Swedish.

Only the report's own words live here; the team's text (statements, rationale, codebook labels)
comes from ``review/`` in the run's language. Every key of the English catalogue (:data:`TEXT`,
:data:`VALUES`) must be in every language: ``tests/test_report_languages.py`` fails on a missing one, so the
English fallback of :func:`t` and :func:`v` is only a runtime safety net.
"""

from __future__ import annotations

from ..errors import ConfigError
from .stage_labels_en import STAGE_COLUMNS_EN, STAGE_VALUES_EN
from .stage_labels_fi import STAGE_COLUMNS_FI, STAGE_VALUES_FI
from .stage_labels_sv import STAGE_COLUMNS_SV, STAGE_VALUES_SV
from .stage_text_en import STAGE_EN
from .stage_text_fi import STAGE_FI
from .stage_text_sv import STAGE_SV
from .text_en import TEXT_EN
from .text_evidence import EVIDENCE_TEXT
from .text_fi import TEXT_FI
from .text_more_en import TEXT_MORE_EN
from .text_more_fi import TEXT_MORE_FI
from .text_more_sv import TEXT_MORE_SV
from .text_sv import TEXT_SV

#: The languages of the report and the stage pages (``review_tools.parameters.supported_languages`` agrees).
LANGUAGES = ("en", "fi", "sv")

#: The report's fixed text (``text_<lang>``) and the stage pages' (``stage_text_<lang>``, labels in
#: ``stage_labels_<lang>``), per language.
TEXT: dict[str, dict[str, str]] = {"en": {**TEXT_EN, **TEXT_MORE_EN, **STAGE_EN, **STAGE_COLUMNS_EN},
                                   "fi": {**TEXT_FI, **TEXT_MORE_FI, **STAGE_FI, **STAGE_COLUMNS_FI},
                                   "sv": {**TEXT_SV, **TEXT_MORE_SV, **STAGE_SV, **STAGE_COLUMNS_SV}}

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
        "weak_signal": "weak signal", "title_abstract": "title and abstract", "full_text": "full text",
        "no clear change": "no clear change", "no data": "no data",
        "ok": "finished", "failed": "failed", "running": "running", "stopped": "stopped",
        "on track": "on track", "off track": "off track", "not assessed": "not assessed",
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
        "weak_signal": "heikko signaali", "title_abstract": "otsikko ja tiivistelmä", "full_text": "kokoteksti",
        "no clear change": "ei selvää muutosta", "no data": "ei tietoa",
        "ok": "valmis", "failed": "epäonnistui", "running": "käynnissä", "stopped": "keskeytetty",
        "on track": "tavoitteessa", "off track": "jäljessä tavoitteesta", "not assessed": "ei arvioitu", "no target set": "tavoitetta ei asetettu", "unchanged": "ennallaan",
        "review": "tiimin asettama lähtötasovuosi", "earlier run": "ensimmäisen ajon tallentama lähtötaso",
        "this run": "tämän ajon tallentama lähtötaso",
    },
    "sv": {
        "municipality": "kommun", "wellbeing_services_county": "välfärdsområde", "state": "staten",
        "ngo": "organisation", "kela": "FPA", "other": "annan", "expert_by_experience": "erfarenhetsexpert",
        "short": "kort (1–2 år)", "medium": "medellång (fullmäktigeperiod)", "long": "lång (över 4 år)",
        "agree": "samstämmig", "partly": "delvis", "conflict": "motstridig", "single stream": "ett material",
        "no evidence": "ingen evidens", "worse": "sämre", "better": "bättre", "mixed": "varierande",
        "none": "ingen riktning", "unclear": "oklar", "lower": "lägre", "higher": "högre",
        "context": "endast bakgrund", "team": "gruppen", "draft": "utkast", "framework": "ram", "default": "standard",
        "context indicator": "bakgrundsindikator", "study": "studie", "quote": "citat", "report": "rapport",
        "indicator": "indikator", "theme": "tema", "problem": "missförhållande", "good_practice": "god praxis",
        "weak_signal": "svag signal",
    },
}


#: Controlled values of the social-reporting loop (issue 15 part 4): SHL 11 § need categories (``shl11_<n>``),
#: processing statuses and reporter groups, in every language of the report.
LOOP_VALUES: dict[str, dict[str, str]] = {
    "en": {
        "shl11_1": "1 daily living", "shl11_2": "2 housing", "shl11_3": "3 financial support",
        "shl11_4": "4 preventing exclusion, promoting participation", "shl11_5": "5 violence or abuse in close relationships",
        "shl11_6": "6 acute crises", "shl11_7": "7 child's balanced development",
        "shl11_8": "8 substance use, mental health, illness, disability or ageing", "shl11_9": "9 other functional capacity",
        "shl11_10": "10 supporting next of kin",
        "received": "received", "analysed": "analysed", "forwarded": "forwarded", "response_received": "response received",
        "closed": "closed", "social_worker": "social workers", "social_counsellor": "social counsellors",
        "other_professional": "other professionals", "partner": "partners", "client": "clients", "resident": "residents",
    },
    "fi": {
        "shl11_1": "1 jokapäiväisestä elämästä suoriutuminen", "shl11_2": "2 asuminen", "shl11_3": "3 taloudellinen tuki",
        "shl11_4": "4 syrjäytymisen ehkäisy ja osallisuuden edistäminen",
        "shl11_5": "5 lähisuhde- ja perheväkivalta ja muu kaltoinkohtelu", "shl11_6": "6 äkilliset kriisitilanteet",
        "shl11_7": "7 lapsen tasapainoinen kehitys ja hyvinvointi",
        "shl11_8": "8 päihteet, mielenterveys, sairaus, vamma tai ikääntyminen", "shl11_9": "9 muu toimintakyky",
        "shl11_10": "10 omaisen ja läheisen tukeminen",
        "received": "vastaanotettu", "analysed": "analysoitu", "forwarded": "välitetty eteenpäin",
        "response_received": "vastaus saatu", "closed": "suljettu", "social_worker": "sosiaalityöntekijät",
        "social_counsellor": "sosiaaliohjaajat", "other_professional": "muut ammattilaiset", "partner": "yhteistyökumppanit",
        "client": "asiakkaat", "resident": "asukkaat",
    },
    "sv": {
        "shl11_1": "1 att klara det dagliga livet", "shl11_2": "2 boende", "shl11_3": "3 ekonomiskt stöd",
        "shl11_4": "4 förebygga utslagning, främja delaktighet", "shl11_5": "5 våld eller annan illabehandling i nära relationer",
        "shl11_6": "6 akuta kriser", "shl11_7": "7 barns balanserade utveckling och välbefinnande",
        "shl11_8": "8 rusmedel, psykisk ohälsa, sjukdom, skada eller åldrande", "shl11_9": "9 annan funktionsförmåga",
        "shl11_10": "10 stöd till anhöriga och närstående",
        "received": "mottagen", "analysed": "analyserad", "forwarded": "vidarebefordrad", "response_received": "svar mottaget",
        "closed": "avslutad", "social_worker": "socialarbetare", "social_counsellor": "socialhandledare",
        "other_professional": "andra yrkespersoner", "partner": "samarbetspartner", "client": "klienter", "resident": "invånare",
        "expert_by_experience": "erfarenhetsexperter", "problem": "missförhållande", "good_practice": "god praxis",
        "weak_signal": "svag signal",
        # the run index (issue 15 part 6): run status and signals
        "ok": "klar", "failed": "misslyckades", "running": "pågår", "stopped": "avbruten",
        "better": "bättre", "worse": "sämre", "mixed": "blandad", "no clear change": "ingen tydlig förändring",
        "no data": "inga uppgifter",
    },
}
for _lang, _values in LOOP_VALUES.items():
    VALUES[_lang] = {**_values, **VALUES.get(_lang, {})}
# the stage pages' labels come last: the report's own and the loop's words win where both name a value
for _lang, _values in (("en", STAGE_VALUES_EN), ("fi", STAGE_VALUES_FI), ("sv", STAGE_VALUES_SV)):
    VALUES[_lang] = {**_values, **VALUES[_lang]}
#: The follow-up's statuses and baseline sources in Swedish (report/welfare.py; en and fi are in VALUES).
FOLLOW_UP_VALUES_SV = {
    "on track": "enligt plan", "off track": "efter plan", "no data": "inga uppgifter", "not assessed": "inte bedömd",
    "no target set": "inget mål satt", "unchanged": "oförändrad", "review": "utgångsår satt av teamet",
    "earlier run": "utgångsläge sparat av den första körningen", "this run": "utgångsläge sparat av den här körningen",
}
VALUES["sv"] = {**FOLLOW_UP_VALUES_SV, **VALUES.get("sv", {})}


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
    """Return the fixed text ``key`` in ``language`` (English only if the language lacks it, which the tests
    forbid); ``fields`` fill its ``{placeholders}``."""
    text = TEXT.get(language, TEXT["en"]).get(key) or TEXT["en"][key]
    return text.format(**fields) if fields else text


def v(value, language: str) -> str:
    """Return the label of a controlled value (actor, timeframe, direction, ...) in ``language``."""
    key = "" if value is None else str(value)
    return VALUES.get(language, VALUES["en"]).get(key, VALUES["en"].get(key, key))


#: Controlled values of the reviewed-evidence rules: the convergence label without direction, the
#: coders' directions and the text a study was coded on (added per language, Swedish included).
_EVIDENCE_VALUES = {
    "en": {"no direction": "no direction", "strength": "strength", "improvement": "improvement",
           "worsening": "worsening", "full_text": "full text", "abstract": "abstract", "title": "title only",
           "reviewed": "confirmed by a coder", "suggestion": "suggestion", "computed": "computed"},
    "fi": {"no direction": "ei suuntaa", "strength": "vahvuus", "improvement": "paraneminen",
           "worsening": "heikkeneminen", "full_text": "kokoteksti", "abstract": "tiivistelmä", "title": "vain otsikko",
           "reviewed": "koodaajan vahvistama", "suggestion": "ehdotus", "computed": "laskettu"},
    "sv": {"no direction": "ingen riktning", "strength": "styrka", "improvement": "förbättring",
           "worsening": "försämring", "full_text": "fulltext", "abstract": "sammanfattning", "title": "endast titel",
           "reviewed": "bekräftad av en kodare", "suggestion": "förslag", "computed": "beräknad"},
}
for _lang, _values in _EVIDENCE_VALUES.items():
    VALUES.setdefault(_lang, {}).update(_values)
for _lang, _texts in EVIDENCE_TEXT.items():
    TEXT.setdefault(_lang, {}).update(_texts)
