"""The user-interface strings of the screening and coding views in Finnish, Swedish and English.

Labels of codes and exclusion reasons come from the codebook and the protocol; this small
catalogue holds only the views' own words (buttons, feedback, messages).
"""

from __future__ import annotations

from .config import LANGUAGES

CATALOGUE: dict[str, dict[str, str]] = {
    "en": {
        "include": "Include", "exclude": "Exclude", "maybe": "Maybe", "not_retrieved": "Not retrieved",
        "undo": "Undo", "reasons": "Reasons", "note": "Note", "note_placeholder": "optional note",
        "keys": "Keys", "nothing_left": "Nothing left to screen at this stage.", "why_here": "why here",
        "full_text": "full text", "title_abstract": "title and abstract", "no_full_text": "no full text found in the corpus folder",
        "calibration": "calibration sample (screened by every reviewer)",
        "no_model": "no model yet: input order until one inclusion and one exclusion",
        "shown_again": "shown again after undo",
        "progress": ("{reviewer} · {stage}: {screened} of {candidates} screened ({include} include, {maybe} maybe, "
                     "{exclude} exclude) · estimated recall {recall:.0%}, ≥ {lower:.0%} with {confidence:.0%} "
                     "confidence (statistical rule: {rule}; {in_a_row} irrelevant in a row of {heuristic_n})"),
        "stop": "stop", "continue": "continue",
        "saved_decision": "Saved: {decision} for {record} ({time}, event {event}).",
        "undone": "Undone: your {decision} for {record} was withdrawn ({time}, event {event}); the record is shown again.",
        "nothing_to_undo": "Nothing to undo: you have no decision at this stage.",
        "need_reason": "Not saved: pick at least one exclusion reason first (the protocol requires a reason).",
        "not_saved": "Not saved: {error}",
        "db_failed": "the review database could not be written ({detail}). Nothing was saved; try again, and tell "
                     "the review lead if it happens again.",
        "failed": "something went wrong ({detail}). Nothing was saved.",
        "nothing_to_screen": "there is nothing left to screen at this stage.",
        "suggestions": "Suggestions", "accept": "accept", "reject": "reject", "add": "add", "code": "code",
        "remove": "remove", "save_memo": "save memo", "no_code": "no code", "previous": "◀ previous",
        "next": "next ▶", "coded": "Coded", "none": "none", "memo_placeholder": "memo", "unit_of": "unit {n} of {total}",
        "saved_accept": "Saved: accepted {code} for {unit} ({time}, event {event}).",
        "saved_reject": "Saved: rejected {code} for {unit} ({time}, event {event}).",
        "saved_add": "Saved: added {code} to {unit} ({time}, event {event}).",
        "saved_remove": "Saved: removed {code} from {unit} ({time}, event {event}).",
        "saved_memo": "Saved: memo on {unit} ({time}, event {event}).",
        "saved_no_code": "Saved: {unit} read and left without a code ({time}, event {event}).",
        "empty_memo": "Not saved: the memo is empty; write it first.",
        "no_suggestions": "no suggestions left for this unit",
        "not_coded": "{code} is not among your codes for {unit}; nothing to remove.",
        "stale": "that button belonged to unit {unit}, no longer shown; nothing was saved. Act on the unit shown now.",
        "choose_id": "Set the notebook parameter {param} to your id to open the view. Valid ids: {ids}.",
        "unknown_id": "'{given}' is not one of the protocol's {who}; valid ids: {ids}.",
        "reviewers": "reviewers", "coders": "coders",
        "study": "Study",
        "extraction": "Data extraction",
        "appraisal": "Quality appraisal",
        "design_category": "Design category",
        "save": "Save",
        "yes": "yes",
        "no": "no",
        "saved_form": "Saved for {study} ({time}): {fields}.",
        "nothing_changed": "Nothing changed for {study}; nothing new was saved.",
        "choose_reviewer": "Set the notebook parameter {param} to your id to open the extraction and appraisal form. Valid ids: {ids}.",
        "no_form": "The review has no extraction form (extraction.yaml in the review folder); there is nothing to fill in.",
        "no_included": "No included studies yet: the form opens once screening has included studies.",
        "direction": "Describes", "direction_unset": "not marked", "direction_problem": "a problem",
        "direction_strength": "a strength", "direction_improvement": "an improvement",
        "direction_worsening": "a worsening",
        "saved_direction": "Saved: {unit} describes {direction} ({time}, event {event}).",
        "saved_direction_cleared": "Saved: direction of {unit} withdrawn ({time}, event {event}).",
    },
    "fi": {
        "include": "Ota mukaan", "exclude": "Sulje pois", "maybe": "Ehkä", "not_retrieved": "Ei saatavilla",
        "undo": "Kumoa", "reasons": "Syyt", "note": "Huomio", "note_placeholder": "vapaaehtoinen huomio",
        "keys": "Näppäimet", "nothing_left": "Tässä vaiheessa ei ole enää seulottavaa.", "why_here": "miksi tämä",
        "full_text": "kokoteksti", "title_abstract": "otsikko ja tiivistelmä", "no_full_text": "kokotekstiä ei löytynyt aineistokansiosta",
        "calibration": "kalibrointiotos (jokainen seuloja seuloo)",
        "no_model": "ei vielä mallia: syöttöjärjestys, kunnes yksi mukaan otettu ja yksi poissuljettu",
        "shown_again": "näytetään uudelleen kumoamisen jälkeen",
        "progress": ("{reviewer} · {stage}: {screened}/{candidates} seulottu ({include} mukaan, {maybe} ehkä, "
                     "{exclude} pois) · arvioitu kattavuus {recall:.0%}, ≥ {lower:.0%} {confidence:.0%} "
                     "varmuudella (tilastollinen sääntö: {rule}; {in_a_row} epärelevanttia peräkkäin / {heuristic_n})"),
        "stop": "lopeta", "continue": "jatka",
        "saved_decision": "Tallennettu: {decision} viitteelle {record} ({time}, tapahtuma {event}).",
        "undone": "Kumottu: päätöksesi {decision} viitteelle {record} peruttiin ({time}, tapahtuma {event}); "
                  "viite näytetään uudelleen.",
        "nothing_to_undo": "Ei kumottavaa: sinulla ei ole päätöksiä tässä vaiheessa.",
        "need_reason": "Ei tallennettu: valitse ensin vähintään yksi poissulkusyy (protokolla vaatii syyn).",
        "not_saved": "Ei tallennettu: {error}",
        "db_failed": "katsauksen tietokantaan ei voitu kirjoittaa ({detail}). Mitään ei tallennettu; yritä uudelleen "
                     "ja kerro katsauksen vetäjälle, jos virhe toistuu.",
        "failed": "jokin meni vikaan ({detail}). Mitään ei tallennettu.",
        "nothing_to_screen": "tässä vaiheessa ei ole enää seulottavaa.",
        "suggestions": "Ehdotukset", "accept": "hyväksy", "reject": "hylkää", "add": "lisää", "code": "koodi",
        "remove": "poista", "save_memo": "tallenna muistiinpano", "no_code": "ei koodia", "previous": "◀ edellinen",
        "next": "seuraava ▶", "coded": "Koodattu", "none": "ei mitään", "memo_placeholder": "muistiinpano",
        "unit_of": "yksikkö {n}/{total}",
        "saved_accept": "Tallennettu: {code} hyväksytty yksikölle {unit} ({time}, tapahtuma {event}).",
        "saved_reject": "Tallennettu: {code} hylätty yksiköltä {unit} ({time}, tapahtuma {event}).",
        "saved_add": "Tallennettu: {code} lisätty yksikölle {unit} ({time}, tapahtuma {event}).",
        "saved_remove": "Tallennettu: {code} poistettu yksiköltä {unit} ({time}, tapahtuma {event}).",
        "saved_memo": "Tallennettu: muistiinpano yksikölle {unit} ({time}, tapahtuma {event}).",
        "saved_no_code": "Tallennettu: {unit} luettu, ei koodia ({time}, tapahtuma {event}).",
        "empty_memo": "Ei tallennettu: muistiinpano on tyhjä.",
        "no_suggestions": "tälle yksikölle ei ole enää ehdotuksia",
        "not_coded": "{code} ei ole koodeissasi yksikölle {unit}; ei poistettavaa.",
        "stale": "painike kuului yksikölle {unit}, jota ei enää näytetä; mitään ei tallennettu.",
        "choose_id": "Anna tunnuksesi muistion parametrissa {param}, niin näkymä avautuu. Sallitut tunnukset: {ids}.",
        "unknown_id": "'{given}' ei ole protokollan {who} joukossa; sallitut tunnukset: {ids}.",
        "reviewers": "seulojien", "coders": "koodaajien",
        "study": "Tutkimus",
        "extraction": "Tietojen poiminta",
        "appraisal": "Laadunarviointi",
        "design_category": "Asetelman luokka",
        "save": "Tallenna",
        "yes": "kyllä",
        "no": "ei",
        "saved_form": "Tallennettu tutkimukselle {study} ({time}): {fields}.",
        "nothing_changed": "Tutkimuksen {study} tiedot eivät muuttuneet; mitään uutta ei tallennettu.",
        "choose_reviewer": "Anna muistion parametrille {param} tunnuksesi avataksesi poiminta- ja arviointilomakkeen. Kelvolliset tunnukset: {ids}.",
        "no_form": "Katsauksella ei ole poimintalomaketta (extraction.yaml katsauskansiossa); täytettävää ei ole.",
        "no_included": "Mukaan otettuja tutkimuksia ei vielä ole: lomake avautuu, kun seulonnassa on otettu tutkimuksia mukaan.",
        "direction": "Kuvaa", "direction_unset": "ei merkitty", "direction_problem": "epäkohtaa",
        "direction_strength": "vahvuutta", "direction_improvement": "paranemista",
        "direction_worsening": "heikkenemistä",
        "saved_direction": "Tallennettu: {unit} kuvaa {direction} ({time}, tapahtuma {event}).",
        "saved_direction_cleared": "Tallennettu: yksikön {unit} suunta peruttu ({time}, tapahtuma {event}).",
    },
    "sv": {
        "include": "Inkludera", "exclude": "Exkludera", "maybe": "Kanske", "not_retrieved": "Inte tillgänglig",
        "undo": "Ångra", "reasons": "Orsaker", "note": "Anteckning", "note_placeholder": "valfri anteckning",
        "keys": "Tangenter", "nothing_left": "Inget kvar att granska i detta skede.", "why_here": "varför här",
        "full_text": "fulltext", "title_abstract": "titel och sammanfattning", "no_full_text": "ingen fulltext hittades i materialmappen",
        "calibration": "kalibreringsurval (granskas av alla granskare)",
        "no_model": "ingen modell ännu: inmatningsordning tills en inkluderad och en exkluderad",
        "shown_again": "visas igen efter ångra",
        "progress": ("{reviewer} · {stage}: {screened} av {candidates} granskade ({include} inkl., {maybe} kanske, "
                     "{exclude} exkl.) · uppskattad täckning {recall:.0%}, ≥ {lower:.0%} med {confidence:.0%} "
                     "säkerhet (statistisk regel: {rule}; {in_a_row} irrelevanta i rad av {heuristic_n})"),
        "stop": "sluta", "continue": "fortsätt",
        "saved_decision": "Sparat: {decision} för {record} ({time}, händelse {event}).",
        "undone": "Ångrat: ditt beslut {decision} för {record} drogs tillbaka ({time}, händelse {event}); "
                  "posten visas igen.",
        "nothing_to_undo": "Inget att ångra: du har inga beslut i detta skede.",
        "need_reason": "Inte sparat: välj först minst en exklusionsorsak (protokollet kräver en orsak).",
        "not_saved": "Inte sparat: {error}",
        "db_failed": "granskningsdatabasen kunde inte skrivas ({detail}). Inget sparades; försök igen och meddela "
                     "granskningsledaren om det upprepas.",
        "failed": "något gick fel ({detail}). Inget sparades.",
        "nothing_to_screen": "det finns inget kvar att granska i detta skede.",
        "suggestions": "Förslag", "accept": "godta", "reject": "avvisa", "add": "lägg till", "code": "kod",
        "remove": "ta bort", "save_memo": "spara anteckning", "no_code": "ingen kod", "previous": "◀ föregående",
        "next": "nästa ▶", "coded": "Kodat", "none": "inget", "memo_placeholder": "anteckning",
        "unit_of": "enhet {n} av {total}",
        "saved_accept": "Sparat: {code} godtagen för {unit} ({time}, händelse {event}).",
        "saved_reject": "Sparat: {code} avvisad för {unit} ({time}, händelse {event}).",
        "saved_add": "Sparat: {code} tillagd för {unit} ({time}, händelse {event}).",
        "saved_remove": "Sparat: {code} borttagen från {unit} ({time}, händelse {event}).",
        "saved_memo": "Sparat: anteckning för {unit} ({time}, händelse {event}).",
        "saved_no_code": "Sparat: {unit} läst, ingen kod ({time}, händelse {event}).",
        "empty_memo": "Inte sparat: anteckningen är tom.",
        "no_suggestions": "inga förslag kvar för denna enhet",
        "not_coded": "{code} finns inte bland dina koder för {unit}; inget att ta bort.",
        "stale": "knappen hörde till enhet {unit}, som inte längre visas; inget sparades.",
        "choose_id": "Ange ditt id i anteckningsbokens parameter {param} för att öppna vyn. Giltiga id: {ids}.",
        "unknown_id": "'{given}' finns inte bland protokollets {who}; giltiga id: {ids}.",
        "reviewers": "granskare", "coders": "kodare",
        "study": "Studie",
        "extraction": "Dataextraktion",
        "appraisal": "Kvalitetsbedömning",
        "design_category": "Designkategori",
        "save": "Spara",
        "yes": "ja",
        "no": "nej",
        "saved_form": "Sparat för {study} ({time}): {fields}.",
        "nothing_changed": "Inget ändrades för {study}; inget nytt sparades.",
        "choose_reviewer": "Ange din id i anteckningsbokens parameter {param} för att öppna extraktions- och bedömningsformuläret. Giltiga id: {ids}.",
        "no_form": "Översikten har inget extraktionsformulär (extraction.yaml i översiktsmappen); det finns inget att fylla i.",
        "no_included": "Inga inkluderade studier ännu: formuläret öppnas när screeningen har inkluderat studier.",
        "direction": "Beskriver", "direction_unset": "inte markerad", "direction_problem": "ett problem",
        "direction_strength": "en styrka", "direction_improvement": "en förbättring",
        "direction_worsening": "en försämring",
        "saved_direction": "Sparat: {unit} beskriver {direction} ({time}, händelse {event}).",
        "saved_direction_cleared": "Sparat: riktningen för {unit} har tagits bort ({time}, händelse {event}).",
    },
}


def check_language(language: str) -> str:
    """Return ``language`` if the views speak it; raise ``ValueError`` naming the valid ones otherwise."""
    if language not in CATALOGUE:
        raise ValueError(f"language '{language}' is not available for the views; use one of {list(LANGUAGES)}")
    return language


def text(key: str, language: str = "en", **values) -> str:
    """Return the view string ``key`` in ``language`` (English where a translation is missing), formatted."""
    template = CATALOGUE.get(language, CATALOGUE["en"]).get(key) or CATALOGUE["en"][key]
    return template.format(**values) if values else template


def failure_text(exc: BaseException, language: str = "en") -> str:
    """Say in plain words that an action failed and nothing was saved (for a view's message line)."""
    import sqlite3

    from .errors import ReviewToolsError

    if isinstance(exc, ReviewToolsError):
        error = str(exc)
    elif isinstance(exc, sqlite3.Error):
        error = text("db_failed", language, detail=str(exc))
    else:
        error = text("failed", language, detail=f"{type(exc).__name__}: {exc}")
    return text("not_saved", language, error=error)


def message_html(message: str, ok: bool) -> str:
    """The message line of a view: green for a saved action, red for one that was not saved."""
    import html

    colour, mark = ("#1e6b1e", "✔") if ok else ("#a61b1b", "✖")
    return f'<div style="color:{colour}">{mark} {html.escape(message)}</div>'
