"""Labels and fixed text of the report in English and Finnish.

Only the report's own words live here; the team's text (statements, rationale, codebook labels)
is printed as written in ``review/``. A key missing in Finnish falls back to English.
"""

from __future__ import annotations

LANGUAGES = ("en", "fi")

TEXT: dict[str, dict[str, str]] = {
    "en": {
        "report": "Recommendations report",
        "description": "Description sheet",
        "background": "Background and concepts",
        "methods": "Methods by work package",
        "wp1": "WP1 Systematic review: search, screening and coding",
        "wp2": "WP2 Interviews: sample and coding reliability",
        "wp3": "WP3 Social reports",
        "wp4": "WP4 Indicators and synthesis",
        "findings": "Findings per theme",
        "profile": "Regional profile",
        "social": "Social-reporting findings",
        "recommendations": "Recommendations",
        "monitoring": "Monitoring indicators",
        "limitations": "Limitations",
        "references": "References and evidence",
        "provenance": "Provenance",
        "contents": "Contents",
        "title": "Title",
        "region": "Region",
        "period": "Period",
        "keywords": "Keywords",
        "questions": "Research questions",
        "team": "Team",
        "funding": "Funding",
        "registration": "Registration",
        "key_figures": "Key figures",
        "included_studies": "Included studies",
        "interviews": "Interviews (documents / coded segments)",
        "reports_region": "Social reports of the region",
        "indicators_data": "Indicators with data for the region",
        "team_recs": "Team recommendations",
        "drafts": "Draft recommendations for the team",
        "warnings": "Warnings",
        "warnings_intro": "The synthesis found the following gaps. They are shown here instead of being left out.",
        "no_warnings": "No warnings.",
        "see_warnings": "warning(s): see the list under Recommendations.",
        "background_text": (
            "Individual welfare is commonly described through three pillars: health, material welfare and "
            "experienced well-being. Social well-being adds the individual's relationships, self-realisation "
            "and participation, and the community's living conditions, work and education and livelihood. "
            "This report codes all evidence with the review's codebook of these components."
        ),
        "legal_text": (
            "Legal frame: the Social Welfare Act (1301/2014) section 7 obliges the wellbeing services county to "
            "produce knowledge about social well-being and social problems from client work and to bring it "
            "to decision-making (structural social work). The Act on organising social and health care "
            "(612/2021) sections 6-7 require a welfare report and plan (hyvinvointikertomus ja -suunnitelma) "
            "once per council term, with annual reporting."
        ),
        "codebook": "Codebook",
        "code": "Code",
        "label": "Label",
        "definition": "Definition",
        "sources": "Sources searched",
        "source": "Source",
        "kind": "Kind",
        "search_date": "Search date",
        "query": "Search string",
        "records": "Records",
        "unique": "Unique after deduplication",
        "criteria": "Screening criteria",
        "stage": "Stage",
        "include": "Include",
        "exclude": "Exclude",
        "prisma": "PRISMA 2020 flow",
        "prisma_alt": "PRISMA 2020 flow diagram of the literature search and screening",
        "agreement": "Agreement between screeners",
        "reviewers": "Reviewers",
        "percent_agreement": "Agreement %",
        "kappa": "Cohen's kappa",
        "alpha": "Krippendorff's alpha",
        "sample": "Interview sample",
        "informant_group": "Informant group",
        "documents": "Documents",
        "segments": "Coded segments",
        "languages": "Languages",
        "reliability": "Coding reliability",
        "units": "Units",
        "pseudonymisation": "Pseudonymisation (replaced identifiers)",
        "reports_total": "Social reports in the data",
        "observation_type": "Observation type",
        "count": "Number",
        "report_summary": "Reports of the region by half-year",
        "indicator_set": "Indicator set",
        "indicator": "Indicator",
        "unit": "Unit",
        "better": "Better",
        "themes": "Themes",
        "synthesis_rule": "How streams are combined",
        "rule_text": (
            "Each unit of evidence (an included study, an interview segment, a social report of the region, an "
            "indicator of the region) counts for its theme and the theme's parents. Social reports point to a "
            "worse situation when they report a problem and to a better one when they report a good practice; "
            "indicators carry THL's signal against the whole country. Literature and interviews show where "
            "evidence exists but carry no direction. A stream leans worse or better by majority (a tie is mixed). "
            "Convergence: no stream = no evidence; one stream = single stream; streams leaning both ways = "
            "conflict; at least two streams leaning the same way with none mixed = agree; otherwise partly. "
            "Where the evidence on a theme leans worse in enough streams and the team has no recommendation, "
            "a DRAFT is proposed for the team."
        ),
        "matrix": "Evidence matrix",
        "matrix_alt": "Evidence matrix: units of evidence per theme and stream, with the convergence label",
        "theme": "Theme",
        "literature": "Literature",
        "interviews_s": "Interviews",
        "social_reports": "Social reports",
        "indicators": "Indicators",
        "streams": "Streams",
        "direction": "Direction",
        "convergence": "Convergence",
        "no_evidence_theme": "No evidence in any stream.",
        "quotes": "Quotes",
        "studies": "Studies",
        "good_practice": "Good practices noted",
        "inequality": "Inequalities noted",
        "profile_alt": "Difference of the region from the whole country per indicator",
        "year": "Year",
        "value": "Value",
        "country": "Whole country",
        "gap": "Difference",
        "change": "Change",
        "rank": "Rank",
        "signal": "Signal",
        "no_data": "no data for the region in the period",
        "recurring": "Recurring phenomena",
        "related_indicators": "Related indicators",
        "no_reports": "No social reports of the region were coded with a theme.",
        "statement": "Recommendation",
        "actor": "Responsible actor",
        "timeframe": "Timeframe",
        "resources": "Resources",
        "risks": "Risks",
        "rationale": "Rationale",
        "evidence": "Evidence",
        "status": "Status",
        "draft_badge": "DRAFT",
        "draft_note": "Drafted by the synthesis where the evidence converges on a problem; the team decides.",
        "to_decide": "to be decided by the team",
        "unsupported": "No evidence cited",
        "unresolved": "Unresolved",
        "recommendation": "Recommendation",
        "baseline_year": "Baseline year",
        "baseline": "Baseline",
        "target": "Target",
        "target_year": "Target year",
        "frequency": "Update frequency",
        "owner": "Data owner",
        "breakdowns": "Breakdowns",
        "sotkanet_id": "Sotkanet id",
        "default_target_note": (
            "Targets marked * are the documented default: the baseline improved by {pct} % "
            "(framework default_target_change); context indicators get no target."
        ),
        "cycle_text": (
            "The monitoring indicators feed the welfare report cycle: the values are updated in the annual "
            "report to the council and assessed in the welfare report of the council term."
        ),
        "no_monitoring": "no monitoring indicator",
        "limitations_text": (
            "Municipalities and counties lack good, up-to-date indicators of social well-being; several survey "
            "series have ended. Literature and interviews show where evidence exists but not in which direction "
            "the region's situation goes. Values before 2023 are municipality aggregates (reform break)."
        ),
        "lim_no_data": "Indicators without data for the region in the period: {items}.",
        "lim_no_indicator": "Themes without any indicator: {items}.",
        "lim_single": "Themes resting on a single stream: {items}.",
        "lim_missing": "Artefacts not available to this run (their sections are incomplete): {items}.",
        "lim_reports_region": "{n} social report(s) from other regions were left out of the matrix.",
        "studies_ref": "Included studies",
        "quotes_ref": "Interview quotes (pseudonymised)",
        "reports_ref": "Social reports (pseudonymised)",
        "indicator_sources": "Indicator sources",
        "legal_ref": "Legislation",
        "parameters": "Parameters",
        "versions": "Versions",
        "inputs": "Input files (SHA-256)",
        "artefact_hashes": "Artefact tables read (SHA-256 of content)",
        "stage_outputs": "Stage records",
        "file": "File",
        "hash": "SHA-256",
        "name": "Name",
        "item": "Item",
        "not_available": "not available in this run",
        "informant": "informant group",
        "yes": "yes",
        "no": "no",
    },
    "fi": {
        "report": "Suositusraportti",
        "description": "Kuvailulehti",
        "background": "Tausta ja käsitteet",
        "methods": "Menetelmät työpaketeittain",
        "wp1": "TP1 Systemaattinen katsaus: haku, seulonta ja koodaus",
        "wp2": "TP2 Haastattelut: otos ja koodauksen luotettavuus",
        "wp3": "TP3 Sosiaaliset raportit",
        "wp4": "TP4 Indikaattorit ja synteesi",
        "findings": "Tulokset teemoittain",
        "profile": "Alueprofiili",
        "social": "Sosiaalisen raportoinnin havainnot",
        "recommendations": "Suositukset",
        "monitoring": "Seurantaindikaattorit",
        "limitations": "Rajoitukset",
        "references": "Lähteet ja näyttö",
        "provenance": "Alkuperätiedot",
        "contents": "Sisällys",
        "title": "Nimeke",
        "region": "Alue",
        "period": "Ajanjakso",
        "keywords": "Asiasanat",
        "questions": "Tutkimuskysymykset",
        "team": "Tutkimusryhmä",
        "funding": "Rahoitus",
        "registration": "Rekisteröinti",
        "key_figures": "Keskeiset luvut",
        "included_studies": "Mukaan otetut tutkimukset",
        "interviews": "Haastattelut (dokumentit / koodatut jaksot)",
        "reports_region": "Alueen sosiaaliset raportit",
        "indicators_data": "Indikaattorit, joista alueelta on tietoa",
        "team_recs": "Tiimin suositukset",
        "drafts": "Suositusluonnokset tiimille",
        "warnings": "Varoitukset",
        "warnings_intro": "Synteesi löysi seuraavat puutteet. Ne näytetään tässä eikä niitä jätetä pois.",
        "no_warnings": "Ei varoituksia.",
        "see_warnings": "varoitus(ta): katso luettelo suositusten kohdalta.",
        "background_text": (
            "Yksilön hyvinvointia kuvataan usein kolmella pilarilla: terveys, materiaalinen hyvinvointi ja koettu "
            "hyvinvointi. Sosiaalinen hyvinvointi lisää yksilön suhteet, itsensä toteuttamisen ja osallisuuden "
            "sekä yhteisön elinolot, työn ja koulutuksen ja toimeentulon. Raportti koodaa kaiken näytön näiden "
            "osatekijöiden koodikirjalla."
        ),
        "legal_text": (
            "Lainsäädäntö: sosiaalihuoltolain (1301/2014) 7 § velvoittaa hyvinvointialueen tuottamaan "
            "asiakastyöhön perustuvaa tietoa sosiaalisesta hyvinvoinnista ja sosiaalisista ongelmista ja "
            "tuomaan sen päätöksentekoon (rakenteellinen sosiaalityö). Laki sosiaali- ja terveydenhuollon "
            "järjestämisestä (612/2021) 6–7 § edellyttää hyvinvointikertomuksen ja -suunnitelman kerran "
            "valtuustokaudessa sekä vuosittaisen raportoinnin."
        ),
        "codebook": "Koodikirja",
        "code": "Koodi",
        "label": "Nimi",
        "definition": "Määritelmä",
        "sources": "Haetut lähteet",
        "source": "Lähde",
        "kind": "Tyyppi",
        "search_date": "Hakupäivä",
        "query": "Hakulauseke",
        "records": "Viitteet",
        "unique": "Yksilöllisiä duplikaattien poiston jälkeen",
        "criteria": "Seulontakriteerit",
        "stage": "Vaihe",
        "include": "Mukaan",
        "exclude": "Pois",
        "prisma": "PRISMA 2020 -kulkukaavio",
        "prisma_alt": "PRISMA 2020 -kulkukaavio kirjallisuushausta ja seulonnasta",
        "agreement": "Seulojien yksimielisyys",
        "reviewers": "Seulojat",
        "percent_agreement": "Yksimielisyys %",
        "kappa": "Cohenin kappa",
        "alpha": "Krippendorffin alfa",
        "sample": "Haastatteluotos",
        "informant_group": "Informanttiryhmä",
        "documents": "Dokumentit",
        "segments": "Koodatut jaksot",
        "languages": "Kielet",
        "reliability": "Koodauksen luotettavuus",
        "units": "Yksiköt",
        "pseudonymisation": "Pseudonymisointi (korvatut tunnisteet)",
        "reports_total": "Sosiaalisia raportteja aineistossa",
        "observation_type": "Havainnon tyyppi",
        "count": "Lukumäärä",
        "report_summary": "Alueen raportit puolivuosittain",
        "indicator_set": "Indikaattorit",
        "indicator": "Indikaattori",
        "unit": "Yksikkö",
        "better": "Parempi",
        "themes": "Teemat",
        "synthesis_rule": "Miten aineistot yhdistetään",
        "rule_text": (
            "Jokainen näyttöyksikkö (mukaan otettu tutkimus, haastattelujakso, alueen sosiaalinen raportti, "
            "alueen indikaattori) lasketaan teemalleen ja sen yläteemoille. Sosiaalinen raportti osoittaa "
            "heikompaan suuntaan, kun se kertoo epäkohdasta, ja parempaan, kun se kertoo hyvästä käytännöstä; "
            "indikaattoreilla on THL:n signaali suhteessa koko maahan. Kirjallisuus ja haastattelut osoittavat, "
            "missä näyttöä on, mutta eivät suuntaa. Aineiston suunta ratkeaa enemmistöllä (tasapeli = vaihteleva). "
            "Yhtenevyys: ei aineistoa = ei näyttöä; yksi aineisto = yksi aineisto; aineistot eri suuntiin = "
            "ristiriitainen; vähintään kaksi samaan suuntaan eikä yhtään vaihtelevaa = yhtenevä; muuten osittain. "
            "Kun teeman näyttö osoittaa heikompaan riittävän monessa aineistossa eikä tiimillä ole suositusta, "
            "synteesi ehdottaa LUONNOKSEN tiimille."
        ),
        "matrix": "Näyttömatriisi",
        "matrix_alt": "Näyttömatriisi: näyttöyksiköt teemoittain ja aineistoittain sekä yhtenevyys",
        "theme": "Teema",
        "literature": "Kirjallisuus",
        "interviews_s": "Haastattelut",
        "social_reports": "Sosiaaliset raportit",
        "indicators": "Indikaattorit",
        "streams": "Aineistot",
        "direction": "Suunta",
        "convergence": "Yhtenevyys",
        "no_evidence_theme": "Ei näyttöä yhdessäkään aineistossa.",
        "quotes": "Lainaukset",
        "studies": "Tutkimukset",
        "good_practice": "Havaitut hyvät käytännöt",
        "inequality": "Havaitut eriarvoisuudet",
        "profile_alt": "Alueen ero koko maahan indikaattoreittain",
        "year": "Vuosi",
        "value": "Arvo",
        "country": "Koko maa",
        "gap": "Ero",
        "change": "Muutos",
        "rank": "Sija",
        "signal": "Signaali",
        "no_data": "ei tietoa alueelta ajanjaksolla",
        "recurring": "Toistuvat ilmiöt",
        "related_indicators": "Liittyvät indikaattorit",
        "no_reports": "Alueen sosiaalisia raportteja ei ole koodattu teemoihin.",
        "statement": "Suositus",
        "actor": "Vastuutaho",
        "timeframe": "Aikajänne",
        "resources": "Resurssit",
        "risks": "Riskit",
        "rationale": "Perustelu",
        "evidence": "Näyttö",
        "status": "Tila",
        "draft_badge": "LUONNOS",
        "draft_note": "Synteesin laatima luonnos, kun näyttö osoittaa ongelmaan; tiimi päättää.",
        "to_decide": "tiimi päättää",
        "unsupported": "Ei näyttöä",
        "unresolved": "Ratkaisematon",
        "recommendation": "Suositus",
        "baseline_year": "Lähtövuosi",
        "baseline": "Lähtötaso",
        "target": "Tavoite",
        "target_year": "Tavoitevuosi",
        "frequency": "Päivitystiheys",
        "owner": "Tiedon tuottaja",
        "breakdowns": "Jaottelut",
        "sotkanet_id": "Sotkanet-tunnus",
        "default_target_note": (
            "Tähdellä * merkityt tavoitteet ovat dokumentoitu oletus: lähtötaso parannettuna {pct} % "
            "(default_target_change); taustaindikaattoreille ei aseteta tavoitetta."
        ),
        "cycle_text": (
            "Seurantaindikaattorit kytkeytyvät hyvinvointikertomuksen kiertoon: arvot päivitetään vuosittaiseen "
            "raportointiin valtuustolle ja arvioidaan valtuustokauden hyvinvointikertomuksessa."
        ),
        "no_monitoring": "ei seurantaindikaattoria",
        "limitations_text": (
            "Kunnilta ja hyvinvointialueilta puuttuu hyviä ja ajantasaisia sosiaalisen hyvinvoinnin indikaattoreita; "
            "useita kyselysarjoja on päättynyt. Kirjallisuus ja haastattelut osoittavat, missä näyttöä on, mutta "
            "eivät alueen tilanteen suuntaa. Vuotta 2023 edeltävät arvot ovat kuntien summia (uudistuksen katko)."
        ),
        "lim_no_data": "Indikaattorit ilman alueen tietoa ajanjaksolla: {items}.",
        "lim_no_indicator": "Teemat ilman indikaattoria: {items}.",
        "lim_single": "Teemat, joiden näyttö on yhdestä aineistosta: {items}.",
        "lim_missing": "Aineistot, jotka puuttuvat tästä ajosta (osiot vajaita): {items}.",
        "lim_reports_region": "{n} muiden alueiden sosiaalista raporttia jätettiin matriisin ulkopuolelle.",
        "studies_ref": "Mukaan otetut tutkimukset",
        "quotes_ref": "Haastattelulainaukset (pseudonymisoitu)",
        "reports_ref": "Sosiaaliset raportit (pseudonymisoitu)",
        "indicator_sources": "Indikaattorien lähteet",
        "legal_ref": "Lainsäädäntö",
        "parameters": "Parametrit",
        "versions": "Versiot",
        "inputs": "Syötetiedostot (SHA-256)",
        "artefact_hashes": "Luetut välitulostaulut (sisällön SHA-256)",
        "stage_outputs": "Vaiheiden kirjaukset",
        "file": "Tiedosto",
        "hash": "SHA-256",
        "name": "Nimi",
        "item": "Kohde",
        "not_available": "ei saatavilla tässä ajossa",
        "informant": "informanttiryhmä",
        "yes": "kyllä",
        "no": "ei",
    },
}

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
    },
}


def check_language(language: str) -> str:
    """Return ``language`` if the report supports it.

    Raises
    ------
    ConfigError
        For any other language, listing the supported ones.
    """
    from ..errors import ConfigError

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
