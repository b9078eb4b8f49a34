"""The stage pages' fixed text in Finnish (keys of :mod:`review_tools.report.stage_text_en`)."""

STAGE_FI: dict[str, str] = {
    "stage_01-ingest-dedup": "Aineiston luku ja duplikaattien poisto",
    "stage_02-screening": "Seulonta",
    "stage_03-coding": "Koodaus",
    "stage_04-social-reports": "Sosiaaliset raportit",
    "stage_05-indicator-data": "Indikaattoritiedot",
    "stage_06-regional-profile": "Alueprofiili",
    "stage_07-synthesis-report": "Suositusraportti",
    "stage_failed": "{title} (epäonnistui)",
    "figure_alt": "Kuvio: {heading}",
    "no_rows": "Ei rivejä.",
    "no_messages": "Ei ilmoituksia.",
    # 01
    "s01_h": "01 · Kirjallisuushakujen luku ja duplikaattien poisto",
    "s01_p": (
        "Lukee jokaisen tutkimussuunnitelman lähteissä luetellun vientitiedoston (RIS, BibTeX, PubMed MEDLINE, Web of "
        "Science, CSV/TSV/XLSX), muuntaa ne yhteen tietuemuotoon ja poistaa duplikaatit: täsmälliset DOI- ja "
        "PMID-avaimet sekä sumea nimeke- ja tekijävertailu lohkojen sisällä. Varmat ja todennäköiset duplikaatit "
        "yhdistetään (kunkin kentän täydellisin arvo ja jokaisen lähteen alkuperä säilyvät); epävarmat parit menevät "
        "tarkistusjonoon yhdistämisen sijaan, koska virheellinen yhdistäminen hukkaa tutkimuksen huomaamatta."
    ),
    "s01_files_h": "Miten kukin tiedosto luettiin",
    "s01_files_p": "Tietueiden merkit lasketaan jäsentimestä riippumatta; luetut + ohitetut tietueet = merkit.",
    "s01_counts_h": "Viitteet lähteittäin ja poistetut duplikaatit",
    "s01_problems_h": "Luvussa havaitut ongelmat",
    "s01_problems_p": "Jokainen ohitettu tietue ja jokainen varoitus tiedoston ja rivin kera.",
    "s01_queue_h": "Tarkistusjono",
    "s01_queue_p": "Toisiaan muistuttavat parit, joita ei yhdistetty, ja sääntö, joka piti ne erillään. Ne näkyvät myös seulontasivulla.",
    # 02
    "s02_h": "02 · Seulonta",
    "s02_p": (
        "Karsittujen viitteiden seulonta otsikon ja tiivistelmän sekä kokotekstin perusteella. Jokainen päätös on "
        "tapahtuma katsauksen tietokannassa (vain lisäys, yksi transaktio päätöstä kohden), joten alla oleva tila "
        "johdetaan koko kirjausketjusta. Seulojat seulovat toistensa päätöksiä näkemättä; erimielisyydet ratkaistaan "
        "konsensuksella tai kolmannen seulojan avulla, ja nekin kirjataan tapahtumina."
    ),
    "s02_db_h": "Katsaus ja sen tietokanta",
    "s02_db_p": "Tietokanta otetaan tutkimussuunnitelmasta, ellei database-parametria ole annettu.",
    "s02_state_h": "Seulonnan tilanne",
    "s02_state_p": "Tietueet lopullisten otsikko- ja tiivistelmäpäätösten sekä kokotekstipäätösten mukaan (tyhjä, kun päätös puuttuu).",
    "s02_conflicts_h": "Seulojien erimielisyydet",
    "s02_conflicts_p": "Tietueet, joista seulojat ovat eri mieltä ja joita ei ole vielä ratkaistu.",
    "s02_agreement_h": "Seulojien yksimielisyys",
    "s02_agreement_p": (
        "Prosentuaalinen yksimielisyys, Cohenin kappa (scikit-learn) ja Krippendorffin alfa (vain yhden seulojan "
        "näkemät tietueet lasketaan puuttuviksi)."
    ),
    "s02_ranking_h": "Seulomattomien tietueiden järjestys",
    "s02_ranking_p": "Aktiivisesti oppiva järjestäjä asettaa jäljellä olevat mukaan ottamisen todennäköisyyden mukaan ja näyttää pisteitä nostavat sanat.",
    "s02_stop_h": "Milloin lopettaa",
    "s02_stop_p": (
        "Hypergeometrinen lopetussääntö (Callaghan & Müller-Hansen 2020) ja arvioitu saanti sekä rinnalla "
        "nyrkkisääntö N peräkkäisestä epärelevantista tietueesta."
    ),
    "s02_prisma_h": "PRISMA 2020 -kulkukaavio",
    "s02_view_h": "Seulonta JupyterLabissa",
    "s02_view_p": (
        "Kukin seuloja avaa näkymän omalla seulojatunnuksellaan (reviewer-parametri, jokin tutkimussuunnitelman "
        "seulojista; hän näkee vain omat päätöksensä). Näppäimet: i mukaan, e pois, m ehkä, u peru. Jokainen "
        "valinta tallennetaan heti, ja näkymä kertoo, mitä tallennettiin. Kun database-parametri osoittaa yhteiseen "
        "tietokantaan, kaksi kerneliä voi seuloa yhtä aikaa."
    ),
    "s02_imported": "{n} tietuetta seulontajoukossa ({new} uutta); {events} valmista päätöstä tuotu",
    # 03
    "s03_h": "03 · Haastattelujen ja kirjallisuuden koodaus sosiaalisen hyvinvoinnin teemoihin",
    "s03_p": (
        "Haastattelulitteraatiot luetaan (txt, docx, vtt, srt) ja pseudonymisoidaan ennen kuin mikään muu lukee ne: "
        "nimet (taivutusmuotoineen), sähköpostiosoitteet, puhelinnumerot, henkilötunnukset, katuosoitteet ja "
        "luetellut organisaatiot korvataan johdonmukaisilla pseudonyymeillä, kuten [H3]. Avain säilyy katsauksen "
        "kansion avaimissa (ei koskaan tulosteissa). Koodit tulevat katsauksen koodikirjasta; ehdotukset "
        "(perusmuotoihin perustuva sanasto sekä ihmisten koodauksilla opetettu malli) ovat ehdotuksia pisteineen ja "
        "perusteluineen. Näytöksi lasketaan vain koodaukset, jotka koodaaja on tehnyt tai vahvistanut (alla olevassa "
        "koodausnäkymässä tai katsaustietokantaan tuoduissa tiimin taulukoissa); koodaaja voi myös merkitä, mitä "
        "yksikkö kuvaa (epäkohtaa, vahvuutta, paranemista tai heikkenemistä). Mukaan otetut tutkimukset saavat "
        "ehdotukset kokotekstistä, jos aineistossa on se, muuten otsikosta ja tiivistelmästä."
    ),
    "s03_read_h": "Luku, pseudonymisointi, ehdotukset ja ihmisten koodaukset",
    "s03_notes_p": "Luvun ilmoitukset (lukukelvottomat tiedostot on laskettu yllä, niitä ei pudoteta huomaamatta):",
    "s03_segments_h": "Jaksot (pseudonymisoitu)",
    "s03_segments_p": "Yksi rivi puheenvuoroa kohden; jakson tunnus on dokumentti:puheenvuoro, ja lainaukset viittaavat siihen.",
    "s03_suggestions_h": "Ehdotukset",
    "s03_suggestions_p": "Paras ensin yksikköä kohden sekä kunkin taustalla olevat avainsanat tai mallin piirteet.",
    "s03_reliability_h": "Koodaajien välinen luotettavuus",
    "s03_reliability_p": (
        "Yksiköistä, jotka jokainen koodaaja luki: prosentuaalinen yksimielisyys ja Cohenin kappa (scikit-learn); "
        "Krippendorffin alfa (nominaali), puuttuvat tiedot sallittuina. Yksikkö, jonka koodaaja luki mutta jätti "
        "koodaamatta, lasketaan vain tämän koodaajan osalta merkinnäksi ”ei tätä koodia”."
    ),
    "s03_disagreements_h": "Keskusteltavat erimielisyydet",
    "s03_frequencies_h": "Teemojen esiintyvyys informanttiryhmittäin ja lähteittäin",
    "s03_cooccurrence_h": "Koodien yhteisesiintyminen",
    "s03_quotes_h": "Parhaat lainaukset teemoittain (pseudonymisoitu, lähteineen)",
    "s03_regions_h": "Teemat alueittain",
    "s03_artefacts_h": "Kirjoitetut tiedostot",
    "s03_view_h": "Koodaus JupyterLabissa",
    "s03_view_p": (
        "Anna coder-parametriksi oma tunnuksesi, niin saat koodausnäkymän: jokainen jakso ehdotuksineen; hyväksy, "
        "hylkää tai lisää koodeja ja kirjoita muistioita. Jokainen toiminto on tapahtuma katsauksen tietokannassa "
        "(vain lisäys)."
    ),
    "s03_extraction_h": "Mukaan otettujen tutkimusten tiedonkeruu ja laadunarviointi",
    "s03_extraction_p": "Lomake tulee katsauksen tiedonkeruulomakkeesta ja tarkistuslista tutkimussuunnitelman laadunarvioinnista. Anna reviewer-parametriksi oma tunnuksesi: valitse tutkimus, täytä kentät ja tarkistuslista ja tallenna. Vain muuttuneet arvot tallennetaan, tapahtumina katsauksen tietokantaan; alla oleva tiedonkeruutaulukko on se, minkä raportti näyttää tutkimuksittain.",
    # 04
    "s04_h": "04 · Sosiaaliset raportit",
    "s04_p": (
        "Mitä ammattilaiset raportoivat asiakastyöstä (sosiaalinen raportointi, sosiaalihuoltolain 7 §): luettu "
        "lomakkeen viennistä, tarkistettu kenttä kentältä, pseudonymisoitu katsauksen avaimella ja koodattu "
        "koodikirjan teemoihin. Vaihe ei riipu alueesta: ajojen sarja tekee sen kerran ja jokainen ajo käyttää sitä; "
        "vaihe 06 asettaa raportit ajon alueen indikaattorien rinnalle."
    ),
    "s04_rejected_h": "Hylätyt rivit",
    "s04_rejected_p": (
        "Viennin rivit, jotka eivät läpäisseet tarkistusta (taulukon rivinumerot, otsikko = rivi 1); ne jätetään "
        "pois kaikesta, mikä seuraa."
    ),
    "s04_county_h": "Raportit hyvinvointialueittain ja havainnon tyypin mukaan",
    "s04_summary_h": "Yhteenveto ilmiöittäin, alueittain, puolivuosittain ja kohderyhmittäin",
    "s04_summary_p": "Ihmisten antamat hyvinvointikoodit säilytetään; raportit ilman niitä saavat sanaston ehdotukset.",
    "s04_loop_h": "Raportoinnin kierto: raportit palvelutarpeen, kunnan, puolivuotiskauden ja käsittelyn vaiheen mukaan",
    "s04_loop_p": "Jokainen jaottelu on eritelty havainnon tyypin mukaan (kuvio ja samat luvut taulukkona). Raportti, joka nimeää useita sosiaalihuoltolain 11 §:n palvelutarpeita, lasketaan kunkin kohdalle.",
    "s04_process_h": "Prosessi-indikaattorit",
    "s04_process_p": "Raportit puolivuosittain ja raportoivittain yksiköittäin, käsiteltyjen osuus (analysoitu tai pidemmällä) ja raportoijalle palautetta saaneiden osuus (viennin palautepäivä; puuttuu, jos vienti ei sitä kirjaa).",
    "s04_feedback_h": "Palaute raportoijaryhmille",
    "s04_feedback_p": "Mitä kukin raportoijaryhmä raportoi, mihin raportit yhdistettiin (teemat ja niiden indikaattorit) ja mitkä suositukset käyttävät niitä: vain lukumääriä, kaikilta alueilta. Kunkin ryhmän palautesivulla ovat vain ajon alueen raportit; sivu kirjoitetaan raportin yhteydessä (vaihe 07).",
    "s04_coding_h": "Raporttien koodaus",
    "s04_coding_p": "Anna coder-parametrille tunnuksesi, niin saat raporttien koodausnäkymän: merkitse, mitä kukin raportti kuvaa (epäkohtaa, vahvuutta, paranemista tai heikkenemistä: sen suunta synteesissä lomakkeen havaintotyypin sijaan), vahvista ehdotetut koodit tai lisää omasi. Ehdotetut koodit lasketaan näytöksi vasta, kun koodaaja vahvistaa ne. Jokainen toiminto tallentuu heti katsaustietokantaan; seuraavan ajon koodausvaihe lukee sen.",
    "s03_team_import": "{file}: {rows} riviä, {new} uutta tapahtumaa katsaustietokantaan",
    # 05
    "s05_h": "05 · Indikaattoritiedot",
    "s05_p": (
        "Katsauksen sosiaalisen hyvinvoinnin indikaattorit (THL Sotkanet, CC BY 4.0) valmisteltuina kerran kaikille "
        "alueille: vaihe ei riipu alueesta, joten kaikkien hyvinvointialueiden sarja ajaa sen kerran ja jokaisen "
        "alueen vaihe 06 lukee sen taulukot.\n\n"
        "Kuntien tiedot on sovitettu nykyisiin rajoihin (kuntaliitokset 2013–2025 Tilastokeskuksen vuosittaisista "
        "avaimista). Hyvinvointialueen arvot ovat julkaistuja, kun julkaistu aluesarja kattaa täsmälleen alueen "
        "kunnat, muuten laskettuja: lukumäärät summattuina, osuudet väestöllä painotettuina. Hyvinvointialueet ovat "
        "olleet olemassa vuodesta 2023, joten aiemmat arvot kuvaavat nykyisen alueen aluetta (uudistuksen katko). "
        "Jokainen hyvinvointialue ja koko maa profiloidaan ajanjaksolta (sija vertaa hyvinvointialueita)."
    ),
    "s05_signals_h": "Jokaisen hyvinvointialueen ja koko maan teemasignaalit",
    "s05_signals_p": (
        "Teeman indikaattorien suunnan huomioiva signaali ajanjaksolla: parempi tai heikompi, kun useammalla sen "
        "indikaattorilla on merkitsevä (5 %) trendi siihen suuntaan, vaihteleva, kun yhtä monella, muuten ei selvää "
        "muutosta."
    ),
    "s05_citations_h": "Lähdeviitteet (CC BY 4.0)",
    # 06
    "s06_h": "06 · Alueprofiili",
    "s06_p": (
        "Miten valittu alue sijoittuu katsauksen sosiaalisen hyvinvoinnin indikaattoreilla (THL Sotkanet, CC BY 4.0), "
        "miten tilanne on muuttunut ajanjaksolla ja kuinka kaukana se on koko maasta; sitten jokainen sosiaalisten "
        "raporttien ilmiö (luettu, pseudonymisoitu ja koodattu kerran vaiheessa 04) teemojensa indikaattorien "
        "rinnalla samalla alueella. Kaikkien hyvinvointialueiden tiedot ja profiilit tulevat vaiheesta 05."
    ),
    "s06_profile_h": "Alueen profiili",
    "s06_profile_p": (
        "Yksi rivi indikaattoria kohden: arvo ajanjakson viimeisenä vuonna, jolta on tietoa, muutos ensimmäisestä "
        "vuodesta, ero koko maahan, sija hyvinvointialueiden joukossa (1 = paras), kuntien välinen vaihtelu ja "
        "suunnan huomioiva signaali (5 %:n tasolla merkitsevä trendi hyvään tai huonoon suuntaan)."
    ),
    "s06_trends_h": "Kehitys: alue, koko maa ja kunnat",
    "s06_all_h": "Kaikki hyvinvointialueet",
    "s06_all_p": "Vihreä on koko maata parempi, punainen heikompi (taustaindikaattoreilla ei väriä); * merkitsee laskettuja arvoja.",
    "s06_phenomena_h": "Jokainen raportoitu ilmiö teemojensa indikaattorien rinnalla samalla alueella",
    "s06_phenomena_p": (
        "Raportit tulevat vaiheesta 04 (pseudonymisoitu ja koodattu siellä); koko maan ajossa luetellaan kaikkien "
        "hyvinvointialueiden ilmiöt."
    ),
    "s06_signals_h": "Indikaattorisignaalit (Diakin huono-osaisuusindikaattorien paneeli)",
    "s06_signals_p": (
        "Yksi rivi indikaattoria kohden alueelle (hyvinvointialue, kunta, Helsinki tai koko maa): taso koko maahan, "
        "omaan hyvinvointialueeseen (kunta) tai samankaltaisiin alueisiin (hyvinvointialue) verrattuna, kehitys "
        "ajanjaksolla 95 %:n luottamusväleineen ja sija 21 hyvinvointialueen joukossa (Helsinki niiden rinnalla, "
        "Ahvenanmaata ei järjestetä: sillä ei ole tietoja paneelissa). Indeksisarjat: mediaanialue = 100."
    ),
    # figure alternative texts
    "fig_sources": "Viitteet lähteittäin ja poistetut duplikaatit",
    "fig_stopping": "Lopetussäännön saantiarvio seulonnan edetessä",
    "fig_agreement": "Seulojien yksimielisyys vaiheittain",
    "fig_reliability": "Koodaajien välinen luotettavuus koodeittain",
    "fig_code_frequencies": "Teemojen esiintyvyys informanttiryhmittäin ja lähteittäin",
    "fig_cooccurrence": "Koodien yhteisesiintyminen",
    "fig_themes_by_region": "Teemat alueittain",
    "fig_reports_by_county": "Sosiaalisten raporttien määrä hyvinvointialueittain havainnon tyypin mukaan",
    "fig_trends": "{n} indikaattorin kehitys {years}: {name}, koko maa ja kunnat",
    "fig_heat_table": "Kaikki hyvinvointialueet ja indikaattorit {years} värjättynä eron mukaan koko maahan",
    "fig_tile_map_theme": "Hyvinvointialueiden kartta värjättynä teeman {theme} indikaattorisignaalin mukaan, {years}",
    "fig_tile_map_indicator": "Hyvinvointialueiden kartta värjättynä indikaattorin {indicator} mukaan",
    "fig_signal_trends": "{name}: indikaattorisarjat {years} koko maan ja vertailualueiden rinnalla",
    # texts inside the stages' figures (review_tools.report.stage_page.figure_text)
    "fx_sources_title": "Viitteet lähteittäin ja poistetut duplikaatit",
    "fx_sources_kept": "säilytetty (yksilöllinen teos)",
    "fx_sources_removed": "poistettu duplikaattina",
    "fx_sources_dup": "dupl.",
    "fx_sources_xlabel": "viitteet",
    "fx_stopping_found": "löydetyt relevantit",
    "fx_stopping_random": "satunnainen seulonta (odotettu)",
    "fx_stopping_statistical": "tilastollinen sääntö lopettaa ({at})",
    "fx_stopping_heuristic": "nyrkkisääntö lopettaa ({at})",
    "fx_stopping_xlabel": "seulotut tietueet",
    "fx_stopping_ylabel": "löydetyt relevantit tietueet",
    "fx_stopping_title": "Seulonnan eteneminen ja lopetussäännöt",
    "fx_agreement_pct": "yksimielisyys, %",
    "fx_agreement_kappa": "Cohenin kappa",
    "fx_agreement_alpha": "Krippendorffin alfa",
    "fx_agreement_chance": "sattuman huomioiva yksimielisyys",
    "fx_agreement_title": "Seulojien yksimielisyys",
    "fx_reliability_kappa": "Cohenin kappa",
    "fx_reliability_alpha": "Krippendorffin alfa",
    "fx_reliability_xlabel": "sattuman ylittävä yhtäpitävyys (pisteviiva 0,667, katkoviiva 0,8)",
    "fx_frequencies_xlabel": "koodatut yksiköt",
    "fx_frequencies_title": "Koodien esiintyvyys informanttiryhmittäin ja lähteittäin",
    "fx_cooccurrence_cbar": "molemmilla koodatut yksiköt",
    "fx_cooccurrence_title": "Koodien yhteisesiintyminen",
    "fx_regions_cbar": "koodatut haastatteluyksiköt",
    "fx_regions_xlabel": "alue",
    "fx_regions_title": "Teemat alueittain (haastattelut)",
    # the PRISMA 2020 flow diagram's boxes
    "pf_identification": "Tunnistaminen",
    "pf_screening": "Seulonta",
    "pf_included_phase": "Mukaan otetut",
    "pf_identified": "Tunnistetut viitteet:",
    "pf_databases": "Tietokannat",
    "pf_registers": "Rekisterit",
    "pf_other": "Muut lähteet",
    "pf_removed": "Ennen seulontaa poistetut:",
    "pf_duplicates": "Kaksoiskappaleet",
    "pf_screened": "Seulotut viitteet",
    "pf_excluded_ta": "Poissuljetut viitteet",
    "pf_sought": "Haetut kokotekstit",
    "pf_not_retrieved": "Saamatta jääneet kokotekstit",
    "pf_assessed": "Kelpoisuusarvioidut kokotekstit",
    "pf_excluded_ft": "Poissuljetut kokotekstit:",
    "pf_included": "Katsaukseen otetut tutkimukset",
    "pf_pending": "odottaa päätöstä",
    "pf_title": "PRISMA 2020 -kulkukaavio",
    "pf_second": "odottaa toista seulojaa",
    "pf_conflict": "ratkaisemattomia erimielisyyksiä",
    # messages of the readers and stages shown on the stage pages (stage_page.messages translates them)
    "msg_bib_repeated": "{file}: tietue {n} toistaa kentän tai kentät {fields}; arvot yhdistettiin",
    "msg_standing_codings": "{file}: {n} voimassa olevaa koodausta, {m} suuntaa",
    "msg_extraction_rows": "{file}: {n} poiminta- tai arviointiriviä, {k} uutta tapahtumaa",
    "msg_extraction_complete": "tiedonpoiminta: {a}/{b} mukaan otetusta tutkimuksesta valmiina",
    "msg_unmatched_units": "{n} ihmisen koodaamaa yksikköä ei vastaa mitään segmenttiä tai mukaan otettua tietuetta, esim. {examples}",
    "msg_no_data": "alue {region}, {period}: ei tietoja indikaattoreista {indicators}",
    "msg_no_diak": "{folder}: Diakin indikaattoripaneeli puuttuu; ei indikaattorisignaaleja",
    "msg_sr_missing": "{column} puuttuu",
    "msg_sr_extra_cells": "rivillä on {n} solua enemmän kuin otsikkorivillä (puuttuuko lainausmerkki?)",
    "msg_sr_repeated_id": "report_id toistaa rivin {row} report_id:n",
    "msg_sr_not_date": "{column} ei ole päivämäärä muodossa VVVV-KK-PP",
    "msg_sr_feedback_before": "feedback_at on ennen submitted_at-päivää",
    "msg_sr_not_county": "county_code ei ole hyvinvointialueen koodi",
    "msg_sr_municipality_form": "municipality_code ei ole enintään kolminumeroinen luku",
    "msg_sr_not_municipality": "municipality_code {code} ei ole suomalaisen kunnan koodi",
    "msg_sr_other_county": "kunta {code} kuuluu hyvinvointialueeseen {county}, ei alueeseen {given}",
    "msg_sr_not_one_of": "{column} ei ole mikään arvoista {allowed}",
    "msg_sr_values_not_in": "sarakkeessa {column} on {n} arvoa, jotka eivät ole joukossa {allowed} (erota arvot merkillä ';')",
    "msg_sr_not_codes": "welfare_codes sisältää {n} arvoa, jotka eivät ole koodikirjan tunnisteita",
    "msg_sr_not_whole": "clients_seen ei ole kokonaisluku",
    "msg_sr_earlier_file": "report_id on jo aiemmassa tiedostossa; ensimmäinen säilytetään",
}
