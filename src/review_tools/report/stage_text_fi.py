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
        "perusteluineen. Mukaan otetun kirjallisuuden tiivistelmät koodataan sanastolla."
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
    # column and fact labels
    "col_review_dir": "Katsauksen kansio",
    "col_corpus_dir": "Aineiston kansio",
    "col_run_dir": "Ajon kansio",
    "col_language": "Kieli",
    "col_source_id": "Lähteen tunnus",
    "col_file": "Tiedosto",
    "col_format": "Muoto",
    "col_encoding": "Merkistö",
    "col_markers": "Tietueiden merkit",
    "col_records": "Viitteet",
    "col_skipped": "Ohitetut",
    "col_notes": "Huomiot",
    "col_source_name": "Lähde",
    "col_kind": "Tyyppi",
    "col_unique_after_dedup": "Yksilöllisiä duplikaattien poiston jälkeen",
    "col_in_deduped": "Mukana karsitussa joukossa",
    "col_duplicates_removed": "Poistetut duplikaatit",
    "col_duplicate_groups": "Duplikaattiryhmät",
    "col_groups_by_tier": "Ryhmät varmuuden mukaan",
    "col_review_queue_pairs": "Tarkistusjonon parit",
    "col_id_a": "Tietue A",
    "col_id_b": "Tietue B",
    "col_score": "Pisteet",
    "col_reason": "Syy",
    "col_ta_status": "Otsikko- ja tiivistelmävaiheen tila",
    "col_ta_decision": "Otsikko- ja tiivistelmäpäätös",
    "col_ft_decision": "Kokotekstipäätös",
    "col_final": "Lopullinen päätös",
    "col_record_id": "Tietue",
    "col_stage": "Vaihe",
    "col_title": "Nimeke",
    "col_reviewer": "Seuloja",
    "col_decision": "Päätös",
    "col_reasons": "Syyt",
    "col_note": "Huomio",
    "col_reviewers": "Seulojat",
    "col_n": "n",
    "col_percent_agreement": "Yksimielisyys %",
    "col_cohen_kappa": "Cohenin kappa",
    "col_krippendorff_alpha": "Krippendorffin alfa",
    "col_rank": "Sija",
    "col_why": "Pisteitä nostavat sanat",
    "col_n_total": "Tietueita yhteensä",
    "col_n_screened": "Seulottuja tietueita",
    "col_n_relevant_seen": "Löydettyjä relevantteja tietueita",
    "col_recall_target": "Tavoiteltu saanti",
    "col_confidence": "Luottamustaso",
    "col_p_value": "p-arvo",
    "col_stop": "Seulonnan voi lopettaa",
    "col_recall_lower_bound": "Saannin alaraja",
    "col_recall_estimate": "Arvioitu saanti",
    "col_irrelevant_in_a_row": "Peräkkäisiä epärelevantteja tietueita",
    "col_heuristic_n": "Nyrkkisääntö: N peräkkäin",
    "col_heuristic_stop": "Nyrkkisääntö: lopeta",
    "col_records_per_source": "Viitteet lähteittäin",
    "col_records_per_kind": "Viitteet lähdetyypeittäin",
    "col_identified": "Tunnistetut viitteet",
    "col_screened": "Seulotut viitteet",
    "col_excluded_ta": "Poissuljetut otsikon ja tiivistelmän perusteella",
    "col_awaiting_ta": "Odottaa otsikko- ja tiivistelmäpäätöstä",
    "col_sought": "Haetut kokotekstit",
    "col_not_retrieved": "Saamatta jääneet kokotekstit",
    "col_assessed": "Kelpoisuusarvioidut kokotekstit",
    "col_excluded_ft": "Kokotekstin perusteella poissuljetut",
    "col_excluded_ft_by_reason": "Poissuljetut kokotekstit syyn mukaan",
    "col_awaiting_ft": "Päätöstä odottavat kokotekstit",
    "col_included": "Mukaan otetut tutkimukset",
    "col_status_ta": "Otsikko ja tiivistelmä: tietueet tilan mukaan",
    "col_status_ft": "Kokoteksti: tietueet tilan mukaan",
    "col_item": "Kohde",
    "col_value": "Arvo",
    "col_segment_id": "Jakso",
    "col_informant_group": "Informanttiryhmä",
    "col_speaker": "Puhuja",
    "col_text": "Teksti",
    "col_unit_id": "Yksikkö",
    "col_code": "Koodi",
    "col_n_units": "Yksiköt",
    "col_coders_with": "Koodin antaneet koodaajat",
    "col_coders_without": "Koodaajat, jotka eivät antaneet",
    "col_source_type": "Lähteen tyyppi",
    "col_quote_id": "Lainaus",
    "col_document_id": "Dokumentti",
    "col_region": "Alue",
    "col_rows_read": "Luetut rivit",
    "col_accepted": "Hyväksytyt",
    "col_rejected": "Hylätyt",
    "col_pseudonymisation": "Korvatut tunnisteet",
    "col_row": "Rivi",
    "col_problem": "Ongelma",
    "col_phenomenon": "Ilmiö",
    "col_phenomenon_title": "Ilmiö",
    "col_county_code": "Hyvinvointialue",
    "col_half_year": "Puolivuotiskausi",
    "col_affected_group": "Kohderyhmä",
    "col_n_reports": "Raportit",
    "col_n_problem": "Epäkohdat",
    "col_n_good_practice": "Hyvät käytännöt",
    "col_n_weak_signal": "Heikot signaalit",
    "col_n_rising": "Yleistyvät",
    "col_n_high_urgency": "Kiireelliset",
    "col_clients_seen": "Asiakkaita",
    "col_codes": "Koodit",
    "col_period": "Ajanjakso",
    "col_indicators": "Indikaattorit",
    "col_regions": "Alueet",
    "col_rows": "Rivit",
    "col_rows_by_level": "Rivit tasoittain",
    "col_computed_county_rows": "Lasketut hyvinvointialuerivit",
    "col_published_county_rows": "Julkaistut hyvinvointialuerivit",
    "col_theme": "Teema",
    "col_region_code": "Aluekoodi",
    "col_indicator_id": "Indikaattorin tunnus",
    "col_citation": "Viittaus",
    "col_region_name": "Alue",
    "col_social_reports": "Sosiaaliset raportit",
    "col_phenomena_rows": "Ilmiörivit",
    "col_signals": "Signaalit",
    "col_indicator": "Indikaattori",
    "col_year": "Vuosi",
    "col_country_value": "Koko maa",
    "col_gap": "Ero koko maahan",
    "col_change": "Muutos",
    "col_n_regions": "Alueita järjestyksessä",
    "col_spread": "Kuntien välinen vaihtelu",
    "col_signal": "Signaali",
    "col_unit": "Yksikkö",
    "col_better": "Parempi",
    "col_first_year": "Ensimmäinen vuosi",
    "col_trend_p": "Trendin p-arvo",
    "col_computed": "Laskettu",
    "col_method": "Menetelmä",
    "col_reform_break": "Uudistuksen katko",
    "col_n_better": "Parempia indikaattoreita",
    "col_n_worse": "Heikompia indikaattoreita",
    "col_n_unclear": "Epäselviä indikaattoreita",
    "col_region_level": "Taso",
    "col_level_vs_country": "Taso koko maahan verrattuna",
    "col_trend_over_period": "Kehitys ajanjaksolla",
    "col_n_ranked": "Järjestettyjä",
    "col_rank_kind": "Sijoitus",
    "col_rank_among": "Verrokit",
    "col_rank_note": "Huomio sijoituksesta",
    "col_group": "Ryhmä",
    "col_breakdown": "Jaottelu",
    "col_category": "Luokka",
    "col_link_reason": "Yhdistämisen peruste",
    "col_written": "Tiedosto",
}

STAGE_VALUES_FI: dict[str, str] = {
    # the coding stage's summary items
    "transcripts found": "löydetyt litteraatiot",
    "transcripts read": "luetut litteraatiot",
    "transcripts not readable": "lukukelvottomat litteraatiot",
    "segments (speaker turns)": "jaksot (puheenvuorot)",
    "human coders": "koodaajat",
    "human codings": "ihmisten koodaukset",
    "lexicon codings (uncoded units and literature)": "sanaston koodaukset (koodaamattomat yksiköt ja kirjallisuus)",
    "literature records coded": "koodatut kirjallisuusviitteet",
    "pseudonymised: name": "pseudonymisoitu: nimet",
    "pseudonymised: email": "pseudonymisoitu: sähköpostiosoitteet",
    "pseudonymised: phone": "pseudonymisoitu: puhelinnumerot",
    "pseudonymised: hetu": "pseudonymisoitu: henkilötunnukset",
    "pseudonymised: address": "pseudonymisoitu: katuosoitteet",
    "pseudonymised: organisation": "pseudonymisoitu: organisaatiot",
    "pseudonymised: place": "pseudonymisoitu: paikat",
    "pseudonymised: id": "pseudonymisoitu: muut tunnisteet",
    "include": "mukaan",
    "exclude": "pois",
    "maybe": "ehkä",
    "not_retrieved": "ei saatu",
    "agreed": "yksimielinen",
    "resolved": "ratkaistu",
    "single": "yksi seuloja",
    "awaiting_second": "odottaa toista seulojaa",
    "unscreened": "seulomatta",
    "title_abstract": "otsikko ja tiivistelmä",
    "full_text": "kokoteksti",
    "certain": "varma",
    "probable": "todennäköinen",
    "uncertain": "epävarma",
    "database": "tietokanta",
    "register": "rekisteri",
    "grey": "harmaa kirjallisuus",
    "citation_search": "viittaushaku",
    "interview": "haastattelu",
    "literature": "kirjallisuus",
    "interviewer": "haastattelija",
    "no clear change": "ei selvää muutosta",
    "about the same": "suunnilleen sama",
    "no clear trend": "ei selvää suuntaa",
    "too few years": "liian vähän vuosia",
    "ranked": "järjestetty",
    "not ranked": "ei järjestetty",
    "wellbeing services counties": "hyvinvointialueet",
    "county": "hyvinvointialue",
    "country": "koko maa",
    "age": "ikä",
    "gender": "sukupuoli",
    "sum": "summa",
    "published": "julkaistu",
    "population_weighted_mean": "väestöllä painotettu keskiarvo",
    "name": "nimet",
    "email": "sähköpostiosoitteet",
    "phone": "puhelinnumerot",
    "hetu": "henkilötunnukset",
    "address": "katuosoitteet",
    "organisation": "organisaatiot",
    "place": "paikat",
    "id": "muut tunnisteet",
    "%": "%",
    "persons": "henkilöä",
    "€/inhabitant": "€/asukas",
    "index": "indeksi",
    "per 1000": "1 000:ta kohden",
    "index, median region = 100": "indeksi, mediaanialue = 100",
    "unspecified": "syytä ei annettu",
    "yearly": "vuosittain",
    "monthly": "kuukausittain",
    "every two years": "joka toinen vuosi",
    "every 4 years": "joka neljäs vuosi",
    "survey years": "kyselyvuosina",
    "social_worker": "sosiaalityöntekijä",
    "social_counsellor": "sosiaaliohjaaja",
    "partner": "yhteistyökumppani",
    "other_professional": "muu ammattilainen",
    "resident": "asukas",
    "True": "kyllä",
    "False": "ei",
}
