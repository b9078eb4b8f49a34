"""The messages of a refused run parameter (region, period, language, batch region set) in English, Finnish and
Swedish.

:mod:`review_tools.parameters` words its errors in the run's language (``-p language=fi``/``sv``); while the
language itself is missing or not supported the messages are English. Standard library only: the parameters
are checked before pandas or the report's catalogue is imported (the answer must come within two seconds).
"""

from __future__ import annotations

__all__ = ["MESSAGES", "message"]

MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        "invalid": "invalid run parameters:",
        "unknown_region": "unknown region '{raw}'. Valid: a wellbeing services county code ({counties}); one of the "
        "{n} municipality codes (three digits, e.g. 853) or names in Finnish or Swedish; or SSS for "
        "the whole country.",
        "did_you_mean": " Did you mean: {guess}?",
        "several_regions": "region '{raw}' names several regions ({options}); give the code",
        "language": "language '{code}' is not supported; valid: {valid}",
        "period_invalid": "period '{period}' is invalid; write it as Y1-Y2, e.g. 2011-2020",
        "period_no_data": "period {y1}-{y2} has no indicator data; the data cover {first}-{last} "
        "(e.g. period={first}-{last})",
        "key_missing": "{path}: municipality key missing; the regions of a run are defined by it",
        "not_a_county": "'{which}' is {level}, not a wellbeing services county; write "
        "municipalities:<county code or name>, e.g. municipalities:5",
        "unknown_set": "unknown region set '{spec}'; valid: all, all-counties, all-municipalities, "
        "municipalities:<county code or name>",
        "set_did_you_mean": ". Did you mean: {guess}?",
        "no_regions": "no regions",
        "level_municipality": "a municipality",
        "level_country": "the whole country",
        "level_county": "a wellbeing services county",
    },
    "fi": {
        "invalid": "virheelliset ajon parametrit:",
        "unknown_region": "tuntematon alue '{raw}'. Sallitut: hyvinvointialueen koodi ({counties}); jokin {n} "
        "kuntakoodista (kolme numeroa, esim. 853) tai kunnan nimi suomeksi tai ruotsiksi; tai SSS "
        "(koko maa).",
        "did_you_mean": " Tarkoititko: {guess}?",
        "several_regions": "alue '{raw}' voi tarkoittaa useaa aluetta ({options}); anna koodi",
        "language": "kieltä '{code}' ei tueta; sallitut: {valid}",
        "period_invalid": "ajanjakso '{period}' on virheellinen; kirjoita se muodossa V1-V2, esim. 2011-2020",
        "period_no_data": "ajanjaksolta {y1}-{y2} ei ole indikaattoritietoja; tiedot kattavat vuodet {first}-{last} "
        "(esim. period={first}-{last})",
        "key_missing": "{path}: kuntaluokitus puuttuu; ajon alueet määritellään sen mukaan",
        "not_a_county": "'{which}' on {level}, ei hyvinvointialue; kirjoita "
        "municipalities:<hyvinvointialueen koodi tai nimi>, esim. municipalities:5",
        "unknown_set": "tuntematon aluejoukko '{spec}'; sallitut: all, all-counties, all-municipalities, "
        "municipalities:<hyvinvointialueen koodi tai nimi>",
        "set_did_you_mean": ". Tarkoititko: {guess}?",
        "no_regions": "ei alueita",
        "level_municipality": "kunta",
        "level_country": "koko maa",
        "level_county": "hyvinvointialue",
    },
    "sv": {
        "invalid": "ogiltiga parametrar för körningen:",
        "unknown_region": "okänt område '{raw}'. Giltiga: koden för ett välfärdsområde ({counties}); en av de {n} "
        "kommunkoderna (tre siffror, t.ex. 853) eller kommunens namn på finska eller svenska; eller "
        "SSS för hela landet.",
        "did_you_mean": " Menade du: {guess}?",
        "several_regions": "området '{raw}' kan avse flera områden ({options}); ange koden",
        "language": "språket '{code}' stöds inte; giltiga: {valid}",
        "period_invalid": "perioden '{period}' är ogiltig; skriv den som Å1-Å2, t.ex. 2011-2020",
        "period_no_data": "perioden {y1}-{y2} har inga indikatordata; data finns för {first}-{last} "
        "(t.ex. period={first}-{last})",
        "key_missing": "{path}: kommunindelningen saknas; körningens områden definieras av den",
        "not_a_county": "'{which}' är {level}, inte ett välfärdsområde; skriv "
        "municipalities:<välfärdsområdets kod eller namn>, t.ex. municipalities:5",
        "unknown_set": "okänd områdesmängd '{spec}'; giltiga: all, all-counties, all-municipalities, "
        "municipalities:<välfärdsområdets kod eller namn>",
        "set_did_you_mean": ". Menade du: {guess}?",
        "no_regions": "inga områden",
        "level_municipality": "en kommun",
        "level_country": "hela landet",
        "level_county": "ett välfärdsområde",
    },
}


def message(key: str, language: str = "en", **fields) -> str:
    """The message ``key`` in ``language`` (English for a language without a catalogue), its fields filled in."""
    return MESSAGES.get(language, MESSAGES["en"])[key].format(**fields)
