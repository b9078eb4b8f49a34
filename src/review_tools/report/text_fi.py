"""The report's fixed text in Finnish (keys shared with :mod:`review_tools.report.i18n`)."""

TEXT_FI: dict[str, str] = {
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
        "Merkinnällä (oletus) varustettu tavoite on katsauksen dokumentoitu oletus: lähtötaso parannettuna {pct} %; "
        "taustaindikaattoreille ei aseteta tavoitetta."
    ),
    "cycle_text": (
        "Seurantaindikaattorit kytkeytyvät hyvinvointikertomuksen kiertoon: arvot päivitetään vuosittaiseen "
        "raportointiin valtuustolle ja arvioidaan valtuustokauden hyvinvointikertomuksessa."
    ),
    "no_monitoring": "ei seurantaindikaattoria",
    # --- follow-up of the monitoring indicators and the welfare-report section (report/welfare.py)
    "target_note": (
        "Tavoitteet asettaa tiimi katsauksen asetuksissa; indikaattori, jolle tavoitetta ei ole, on merkitty "
        "\u201ctavoitetta ei asetettu\u201d (tavoitetta ei koskaan johdeta lähtötasosta). Taustaindikaattoreille "
        "ei aseteta tavoitetta."
    ),
    "no_target": "tavoitetta ei asetettu",
    "follow_up": "Seurantaindikaattorien seuranta",
    "fu_intro": (
        "Jokainen ajo tallentaa seurantaindikaattoriensa arvot; tämä ajo vertaa uusimpia arvojaan lähtötasoon, "
        "tavoitteeseen ja arvoihin, jotka saman alueen aiemmat ajot samassa tuloskansiossa tallensivat."
    ),
    "fu_runs": "Verratut aiemmat ajot: {items}.",
    "fu_data_to": "tiedot vuoteen {years}",
    "fu_first": (
        "Tuloskansiossa ei ole tämän alueen aiempaa ajoa: tämä ajo tallentaa lähtötason, ja seuraava ajo seuraa sitä."
    ),
    "fu_summary": "Indikaattorit:",
    "fu_no_earlier": "ei aiempaa ajoa",
    "fu_previous": "Edellinen ajo",
    "fu_latest": "Uusin arvo (vuosi)",
    "fu_change": "Muutos edellisestä ajosta",
    "fu_status": "Edistyminen",
    "fu_by_recommendation": "Edistyminen suosituksittain",
    "fu_rule": (
        "Tavoitteessa: tavoite on saavutettu, tai muutos lähtötasosta on vähintään se osa matkasta tavoitteeseen, "
        "jonka lähtötason jälkeen kuluneet vuodet edellyttävät; ilman tavoitetta arvo on parantunut lähtötasosta. "
        "Jäljessä tavoitteesta: muuten, tai tavoitevuosi on ohitettu. Ei tietoa: lähtötasovuoden jälkeen ei ole arvoa. "
        "Se, onko pienempi vai suurempi parempi, tulee indikaattorin tiedoista. Suositus on jäljessä, jos jokin sen "
        "indikaattoreista on."
    ),
    "fu_figure": "Seurantaindikaattorit ajan mittaan",
    "fu_figure_caption": (
        "Viiva: tämän ajon vuosiarvot lähtötasovuodesta alkaen; vinoneliöt: aiempien ajojen tallentamat arvot; "
        "neliö: lähtötaso; tähti ja katkoviiva: tavoite ja suora polku siihen."
    ),
    "fu_data": "Kuvion tiedot",
    "fu_kind": "Sarja",
    "fu_kind_series": "tämä ajo",
    "fu_kind_baseline": "lähtötaso",
    "fu_kind_target": "tavoite",
    "fu_this_run": "tämä ajo",
    "fu_target_by": "tavoite {target} vuoteen {year} mennessä",
    "fu_alt": "Pienet kuviot, yksi kustakin seurantaindikaattorista: arvot ajan mittaan, lähtötaso ja tavoite.",
    "fu_alt_item": (
        "{indicator}: lähtötaso {baseline} ({baseline_year}), uusin {value} ({year}), {target}: {status}."
    ),
    "welfare": "Hyvinvointikertomus ja -suunnitelma",
    "welfare_own_page": "Tämä osa omana sivunaan hyvinvointikertomukseen siirrettäväksi",
    "welfare_intro": (
        "Tämä osa noudattaa hyvinvointisuunnitelman rakennetta (laki 612/2021, 6 ja 7 §) alueelle {region}, "
        "{period}: teemoittain tilanne, tavoitteet, toimenpiteet, vastuutahot ja seurantaindikaattorit lähtötasoineen, "
        "tavoitteineen ja uusimpine arvoineen. Sen voi siirtää kunnan tai hyvinvointialueen hyvinvointikertomukseen."
    ),
    "welfare_drafts": "Suositusluonnoksia jätetty pois, kunnes tiimi päättää niistä: {n}.",
    "welfare_none": "Tiimillä ei ole vielä suosituksia.",
    "welfare_theme": "Teema",
    "welfare_situation": "Tilanne",
    "welfare_goals": "Tavoitteet",
    "welfare_measures": "Toimenpiteet",
    "welfare_actors": "Vastuutahot",
    "welfare_vs_country": "verrattuna koko maahan:",
    "welfare_phenomenon": "raportoitu ilmiö",
    "welfare_reports_n": "sosiaalisia raportteja: {n}",
    "welfare_more_phenomena": "muita raportoituja ilmiöitä: {n} (ks. sosiaalisen raportoinnin havainnot)",
    "welfare_no_situation": "alueelta ei ole tämän teeman indikaattoria eikä sosiaalista raporttia",
    "welfare_goal_line": "arvosta {baseline} ({baseline_year}) arvoon {target} vuoteen {target_year} mennessä",
    "welfare_goal_target": "tavoite {target}",
    "welfare_no_goal": "tavoitetta ei ole vielä kirjattu",
    "welfare_followup_indicator": "Seurantaindikaattori",
    "welfare_followup": "Seurantaindikaattorit",
    "welfare_no_followup": "Tälle teemalle ei ole asetettu seurantaindikaattoria.",
    "welfare_cycle": (
        "Hyvinvointikertomus laaditaan kerran valtuustokaudessa ja siitä raportoidaan vuosittain: uusi ajo vuoden "
        "tiedoilla päivittää uusimmat arvot ja niiden edistymisen."
    ),
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
    "no_date": "päiväys puuttuu",
    "awaiting_ta": "Otsikko- ja tiivistelmäpäätöstä odottavat tietueet",
    "awaiting_ft": "Päätöstä odottavat kokotekstit",
    "recall_key": "Arvioitu saanti (recall, lopetussääntö)",
    "recall_value": "{estimate} % (vähintään {lower} % {confidence} %:n luottamuksella); sääntö: {verdict}",
    "screening_status": "Seulonnan tila",
    "screening_unfinished": "Seulonta on kesken: alla oleva näyttö ja suositukset perustuvat tähän mennessä seulottuihin tietueisiin.",
    "screening_unfinished_recs": "Seulonta on kesken: suositukset perustuvat tähän mennessä seulottuihin tietueisiin ja voivat muuttua, kun seulonta saadaan valmiiksi.",
    "screening_awaiting": "{ta}/{n} tietuetta odottaa otsikko- ja tiivistelmävaiheen päätöstä ja {ft} kokotekstiä odottaa päätöstä.",
    "screening_done": "Yksikään tietue ei odota seulontapäätöstä.",
    "stopping_text": "Lopetussääntö (tavoitteena {target} %:n saanti eli recall, luottamustaso {confidence} %) arvioi saanniksi {estimate} %, vähintään {lower} % {confidence} %:n luottamuksella; sääntö: {verdict}.",
    "stopping_continue": "jatka seulontaa",
    "stopping_stop": "seulonnan voi lopettaa",
    "stopping_none": "Lopetussäännön arviota saannista ei ole (02-screening/stopping.json puuttuu).",
    "informant": "informanttiryhmä",
    "yes": "kyllä",
    "no": "ei",
    "draft_statement": "LUONNOS: teeman '{theme}' näyttö viittaa ongelmaan ({convergence}; {streams}). Tiimi päättää, suositellaanko ja mitä.",
    # region scope (issue 13 part 5)
    "written_for": "Kohdealue",
    "scope_national": "koko maa (valtakunnallinen)",
    "scope_code": "{level} {code}",
    "level_county": "hyvinvointialue",
    "level_municipality": "kunta",
    "recs_scope": "Näytetyistä {n} tiimin suosituksesta {local} on laadittu alueelle {region} ja {national} on valtakunnallisia (kaikille alueille).",
    "recs_scope_county": "{county} on laadittu hyvinvointialueelle, johon kunta kuuluu.",
    "recs_scope_none_local": "Alueella {region} ei ole omia suosituksia: näytetyt {n} tiimin suositusta ovat valtakunnallisia, kaikille alueille laadittuja.",
    "recs_scope_country": "Raportti koskee koko maata: tiimin {n} suosituksesta {national} on valtakunnallisia ja {regional} on laadittu tietylle hyvinvointialueelle tai kunnalle.",
    "recs_scope_other": "Muille alueille laadittuja suosituksia ei näytetä ({m}).",
    "recs_scope_drafts": "Luonnokset ({d}) on laadittu alueen {region} aineistosta.",
    "local_evidence": "Paikallinen näyttö",
    "local_evidence_text": "Näyttönä lasketuista {total} haastattelujaksosta ja sosiaalisesta raportista {local} ({pct} %) on alueelta {region} ja {national} on valtakunnallisia (ei aluetta).",
    "local_evidence_county": "{county} on hyvinvointialueelta, johon kunta kuuluu.",
    "local_evidence_none": "Näyttönä ei lasketa yhtään haastattelujaksoa tai sosiaalista raporttia alueelta {region}: muiden alueiden aineisto jätetään pois, eikä valtakunnallista aineistoa ole.",
    "local_evidence_country": "Raportti koskee koko maata: kaikki {total} haastattelujaksoa ja sosiaalista raporttia lasketaan ({local} tietyltä alueelta, {national} ilman aluetta).",
    "local_evidence_tail": "Mukaan otetut {studies} tutkimusta eivät koske tiettyä aluetta; indikaattorit ovat alueen omia.",
    "scope_stream": "Aineisto",
    "scope_local": "Alueelta",
}
