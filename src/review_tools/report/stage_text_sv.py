"""The stage pages' fixed text in Swedish (keys of :mod:`review_tools.report.stage_text_en`)."""

STAGE_SV: dict[str, str] = {
    "stage_01-ingest-dedup": "Inläsning och dubblettrensning",
    "stage_02-screening": "Screening",
    "stage_03-coding": "Kodning",
    "stage_04-social-reports": "Sociala rapporter",
    "stage_05-indicator-data": "Indikatordata",
    "stage_06-regional-profile": "Regional profil",
    "stage_07-synthesis-report": "Rekommendationsrapport",
    "stage_failed": "{title} (misslyckades)",
    "figure_alt": "Figur: {heading}",
    "no_rows": "Inga rader.",
    "no_messages": "Inga meddelanden.",
    # 01
    "s01_h": "01 · Inläsning av litteratursökningarna och dubblettrensning",
    "s01_p": (
        "Läser varje exportfil som anges bland källorna i översiktens protokoll (RIS, BibTeX, PubMed MEDLINE, Web of "
        "Science, CSV/TSV/XLSX), för över dem till ett gemensamt postformat och tar bort dubbletter: exakta DOI- och "
        "PMID-nycklar samt ungefärlig jämförelse av titel och författare inom block. Säkra och sannolika dubbletter "
        "slås ihop (det mest fullständiga värdet i varje fält och varje källas ursprung bevaras); osäkra par går till "
        "en granskningskö i stället för att slås ihop, eftersom en felaktig sammanslagning tyst tappar bort en studie."
    ),
    "s01_files_h": "Hur varje fil lästes",
    "s01_files_p": "Postmarkörerna räknas oberoende av tolken; lästa + överhoppade poster = markörer.",
    "s01_counts_h": "Poster per källa och borttagna dubbletter",
    "s01_problems_h": "Problem vid inläsningen",
    "s01_problems_p": "Varje överhoppad post och varje varning, med fil och rad.",
    "s01_queue_h": "Granskningskö",
    "s01_queue_p": "Par som liknar varandra men inte slogs ihop, med regeln som höll isär dem. De visas också på screeningsidan.",
    # 02
    "s02_h": "02 · Screening",
    "s02_p": (
        "Screening av de rensade posterna på titel och sammandrag samt på fulltext. Varje beslut är en händelse i "
        "översiktens databas (endast tillägg, en transaktion per beslut), så läget nedan härleds ur hela "
        "händelsekedjan. Granskarna screenar utan att se varandras beslut; oenigheter avgörs genom konsensus eller av "
        "en tredje granskare och registreras också som händelser."
    ),
    "s02_db_h": "Översikten och dess databas",
    "s02_db_p": "Databasen hämtas ur protokollet om inte parametern database har angetts.",
    "s02_state_h": "Screeningens läge",
    "s02_state_p": "Poster efter slutliga beslut om titel och sammandrag och om fulltext (tomt när beslut saknas).",
    "s02_conflicts_h": "Oenigheter mellan granskarna",
    "s02_conflicts_p": "Poster som granskarna är oense om och som ännu inte har avgjorts.",
    "s02_agreement_h": "Överensstämmelse mellan granskarna",
    "s02_agreement_p": (
        "Procentuell överensstämmelse, Cohens kappa (scikit-learn) och Krippendorffs alfa (poster som bara en "
        "granskare sett räknas som saknade)."
    ),
    "s02_ranking_h": "Rangordning av de oscreenade posterna",
    "s02_ranking_p": "Den aktivt lärande rangordnaren ordnar de återstående efter sannolikheten för inkludering, med orden som höjer varje poäng.",
    "s02_stop_h": "När screeningen kan avslutas",
    "s02_stop_p": (
        "Den hypergeometriska stoppregeln (Callaghan & Müller-Hansen 2020) med en uppskattad täckning, bredvid "
        "tumregeln om N irrelevanta poster i rad."
    ),
    "s02_prisma_h": "PRISMA 2020-flödesschemat",
    "s02_view_h": "Screening i JupyterLab",
    "s02_view_p": (
        "Varje granskare öppnar vyn med sitt eget granskar-id (parametern reviewer, en av protokollets granskare; "
        "man ser bara sina egna beslut). Tangenter: i inkludera, e exkludera, m kanske, u ångra. Varje klick sparas "
        "genast och vyn visar vad som sparades. När parametern database pekar på den gemensamma databasen kan två "
        "kärnor screena samtidigt."
    ),
    "s02_imported": "{n} poster i screeningmängden ({new} nya); {events} färdiga beslut importerade",
    # 03
    "s03_h": "03 · Kodning av intervjuer och litteratur i teman för social välfärd",
    "s03_p": (
        "Intervjutranskriptionerna läses (txt, docx, vtt, srt) och pseudonymiseras innan något annat läser dem: namn "
        "(också i finska böjningsformer), e-postadresser, telefonnummer, personbeteckningar, gatuadresser och "
        "förtecknade organisationer ersätts med konsekventa pseudonymer som [H3]. Nyckeln stannar bland nycklarna i "
        "översiktens mapp (aldrig bland resultaten). Koderna kommer från översiktens kodbok; förslagen (ett lexikon "
        "på grundformer och en modell tränad på människornas kodningar) är förslag med poäng och motivering. Som evidens räknas "
        "bara kodningar som en kodare gjort eller bekräftat (i kodningsvyn nedan eller i teamets tabeller som förts in i "
        "översiktens databas); kodaren kan också ange vad en enhet beskriver (ett missförhållande, en styrka, en "
        "förbättring eller en försämring). De inkluderade studierna får förslag ur fulltexten där materialet har den, "
        "annars ur titel och sammandrag."
    ),
    "s03_read_h": "Inläsning, pseudonymisering, förslag och människornas kodningar",
    "s03_notes_p": "Meddelanden från inläsningen (filer som inte kunde läsas räknas ovan och tappas aldrig bort tyst):",
    "s03_segments_h": "Avsnitt (pseudonymiserade)",
    "s03_segments_p": "En rad per replik; avsnittets id är dokument:replik och det är dit citaten hänvisar.",
    "s03_suggestions_h": "Förslag",
    "s03_suggestions_p": "Det bästa först per enhet, med nyckelorden eller modellens kännetecken bakom vart och ett.",
    "s03_reliability_h": "Tillförlitlighet mellan kodarna",
    "s03_reliability_p": (
        "För de enheter som varje kodare läste: procentuell överensstämmelse och Cohens kappa (scikit-learn); "
        "Krippendorffs alfa (nominal) med saknade uppgifter tillåtna. En enhet som en kodare läste men lämnade "
        "okodad räknas som ”inte denna kod” endast för den kodaren."
    ),
    "s03_disagreements_h": "Oenigheter att diskutera",
    "s03_frequencies_h": "Temanas frekvens per informantgrupp och källa",
    "s03_cooccurrence_h": "Kodernas samförekomst",
    "s03_quotes_h": "De bästa citaten per tema (pseudonymiserade, med källa)",
    "s03_regions_h": "Teman per område",
    "s03_artefacts_h": "Skrivna filer",
    "s03_view_h": "Kodning i JupyterLab",
    "s03_view_p": (
        "Ange ditt id som parametern coder för att få kodningsvyn: varje avsnitt med sina förslag; godkänn, avvisa "
        "eller lägg till koder och skriv promemorior. Varje åtgärd är en händelse i översiktens databas (endast "
        "tillägg)."
    ),
    "s03_extraction_h": "Datautvinning och kvalitetsbedömning av de inkluderade studierna",
    "s03_extraction_p": "Blanketten kommer från översiktens utvinningsblankett och checklistan från protokollets kvalitetsbedömning. Ange ditt id som parametern reviewer: välj en studie, fyll i fälten och checklistan och spara. Endast ändrade värden sparas, som händelser i översiktens databas; utvinningstabellen nedan är det som rapporten visar per studie.",
    # 04
    "s04_h": "04 · Sociala rapporter",
    "s04_p": (
        "Vad yrkesutbildade rapporterar från klientarbetet (social rapportering, 7 § i socialvårdslagen): inläst ur "
        "blankettens export, kontrollerad fält för fält, pseudonymiserad med översiktens nyckel och kodad i "
        "kodbokens teman. Skedet beror inte på området: en serie körningar gör det en gång och varje körning "
        "återanvänder det; skede 06 ställer rapporterna bredvid indikatorerna för körningens område."
    ),
    "s04_rejected_h": "Förkastade rader",
    "s04_rejected_p": (
        "Rader i exporten som inte klarade en kontroll (kalkylbladets radnummer, rubrik = rad 1); de lämnas utanför "
        "allt som följer."
    ),
    "s04_county_h": "Rapporter per välfärdsområde och typ av iakttagelse",
    "s04_summary_h": "Sammanfattning per fenomen, välfärdsområde, halvår och berörd grupp",
    "s04_summary_p": "Välfärdskoder som människor gett behålls; rapporter utan dem får lexikonets förslag.",
    "s04_loop_h": "Rapporteringens kretslopp: rapporter per servicebehov, kommun, halvår och behandlingsskede",
    "s04_loop_p": "Varje indelning är uppdelad efter typ av iakttagelse (figur och samma tal som tabell). En rapport som anger flera servicebehov enligt 11 § i socialvårdslagen räknas under vart och ett.",
    "s04_process_h": "Processindikatorer",
    "s04_process_p": "Rapporter per halvår och rapporterande enhet, andelen behandlade (analyserade eller längre) och andelen som fått respons till rapportören (exportens datum för respons; saknas när exporten inte registrerar det).",
    "s04_feedback_h": "Respons till rapportörsgrupperna",
    "s04_feedback_p": "Vad varje rapportörsgrupp rapporterade, vad rapporterna kopplades till (teman och deras indikatorer) och vilka rekommendationer som använder dem: endast antal, från alla områden. Varje grupps återkopplingssida innehåller endast körningens områdes rapporter och skrivs med rapporten (steg 07).",
    "s04_coding_h": "Kodning av rapporterna",
    "s04_coding_p": "Ge parametern coder ditt id så får du kodningsvyn för rapporterna: ange vad varje rapport beskriver (ett missförhållande, en styrka, en förbättring eller en försämring: dess riktning i syntesen i stället för formulärets observationstyp), bekräfta föreslagna koder eller lägg till egna. Föreslagna koder räknas som evidens först när en kodare bekräftar dem. Varje åtgärd sparas genast i översiktens databas; nästa körnings kodningssteg läser den.",
    "s03_team_import": "{file}: {rows} rader, {new} nya händelser i översiktens databas",
    # 05
    "s05_h": "05 · Indikatordata",
    "s05_p": (
        "Översiktens indikatorer för social välfärd (THL Sotkanet, CC BY 4.0) förberedda en gång för alla områden: "
        "skedet beror inte på området, så en serie över alla välfärdsområden kör det en gång och varje områdes "
        "skede 06 läser dess tabeller.\n\n"
        "Kommunernas uppgifter förs över till dagens gränser (kommunsammanslagningar 2013–2025 enligt Statistikcentralens "
        "årliga nycklar). Välfärdsområdets värden är publicerade när en publicerad regional serie täcker exakt "
        "områdets kommuner, annars beräknade: antal summerade, andelar vägda med befolkningen. Välfärdsområdena finns "
        "sedan 2023, så tidigare värden beskriver det nuvarande områdets område (reformens brytpunkt). Varje "
        "välfärdsområde och hela landet profileras över perioden (rangplatsen jämför välfärdsområdena)."
    ),
    "s05_signals_h": "Temasignaler för varje välfärdsområde och hela landet",
    "s05_signals_p": (
        "En riktningsmedveten signal för temats indikatorer under perioden: bättre eller sämre när fler av dess "
        "indikatorer har en signifikant trend (5 %) i den riktningen, varierande när lika många har det, annars "
        "ingen tydlig förändring."
    ),
    "s05_citations_h": "Källhänvisningar (CC BY 4.0)",
    # 06
    "s06_h": "06 · Regional profil",
    "s06_p": (
        "Hur det valda området står sig på översiktens indikatorer för social välfärd (THL Sotkanet, CC BY 4.0), hur "
        "läget har förändrats under perioden och hur långt det är från hela landet; sedan varje fenomen i de sociala "
        "rapporterna (inläst, pseudonymiserat och kodat en gång i skede 04) bredvid indikatorerna för dess teman i "
        "samma område. Uppgifterna och profilerna för alla välfärdsområden kommer från skede 05."
    ),
    "s06_profile_h": "Områdets profil",
    "s06_profile_p": (
        "En rad per indikator: värdet det senaste året under perioden med uppgifter, förändringen sedan det första "
        "året, skillnaden mot hela landet, rangplatsen bland välfärdsområdena (1 = bäst), spridningen mellan "
        "kommunerna och den riktningsmedvetna signalen (en trend som är signifikant på 5 %-nivån i god eller dålig "
        "riktning)."
    ),
    "s06_trends_h": "Utveckling: området, hela landet och kommunerna",
    "s06_all_h": "Alla välfärdsområden",
    "s06_all_p": "Grönt är bättre än hela landet, rött sämre (bakgrundsindikatorer utan färg); * markerar beräknade värden.",
    "s06_phenomena_h": "Varje rapporterat fenomen bredvid indikatorerna för dess teman, samma område",
    "s06_phenomena_p": (
        "Rapporterna kommer från skede 04 (pseudonymiserade och kodade där); för hela landet förtecknas alla "
        "välfärdsområdens fenomen."
    ),
    "s06_signals_h": "Indikatorsignaler (Diaks panel av indikatorer för utsatthet)",
    "s06_signals_p": (
        "En rad per indikator för området (ett välfärdsområde, en kommun, Helsingfors eller hela landet): nivån "
        "jämfört med hela landet, med det egna välfärdsområdet (en kommun) eller med liknande välfärdsområden (ett "
        "välfärdsområde), utvecklingen under perioden med 95 % konfidensintervall och rangplatsen bland de 21 "
        "välfärdsområdena (Helsingfors visas bredvid dem, Åland rangordnas inte: det saknar uppgifter i panelen). "
        "Indexserier: medianområdet = 100."
    ),
    # figure alternative texts
    "fig_sources": "Poster per källa och borttagna dubbletter",
    "fig_stopping": "Stoppregelns uppskattning av täckningen under screeningens gång",
    "fig_agreement": "Överensstämmelse mellan granskarna per skede",
    "fig_reliability": "Tillförlitlighet mellan kodarna per kod",
    "fig_code_frequencies": "Temanas frekvens per informantgrupp och källa",
    "fig_cooccurrence": "Kodernas samförekomst",
    "fig_themes_by_region": "Teman per område",
    "fig_reports_by_county": "Antal sociala rapporter per välfärdsområde och typ av iakttagelse",
    "fig_trends": "Utvecklingen {years} för {n} indikatorer: {name}, hela landet och kommunerna",
    "fig_heat_table": "Alla välfärdsområden och indikatorer {years}, färgade efter skillnaden mot hela landet",
    "fig_tile_map_theme": "Karta över välfärdsområdena färgad efter indikatorsignalen för temat {theme}, {years}",
    "fig_tile_map_indicator": "Karta över välfärdsområdena färgad efter {indicator}",
    "fig_signal_trends": "{name}: indikatorserier {years} bredvid hela landet och jämförelseområdena",
    # texts inside the stages' figures (review_tools.report.stage_page.figure_text)
    "fx_sources_title": "Poster per källa och borttagna dubbletter",
    "fx_sources_kept": "behållen (unikt verk)",
    "fx_sources_removed": "borttagen som dubblett",
    "fx_sources_dup": "dubbl.",
    "fx_sources_xlabel": "poster",
    "fx_stopping_found": "funna relevanta",
    "fx_stopping_random": "slumpmässig screening (förväntad)",
    "fx_stopping_statistical": "den statistiska regeln stoppar ({at})",
    "fx_stopping_heuristic": "tumregeln stoppar ({at})",
    "fx_stopping_xlabel": "screenade poster",
    "fx_stopping_ylabel": "funna relevanta poster",
    "fx_stopping_title": "Screeningens framsteg och stoppregler",
    "fx_agreement_pct": "överensstämmelse, %",
    "fx_agreement_kappa": "Cohens kappa",
    "fx_agreement_alpha": "Krippendorffs alfa",
    "fx_agreement_chance": "slumpkorrigerad överensstämmelse",
    "fx_agreement_title": "Överensstämmelse mellan granskarna",
    "fx_reliability_kappa": "Cohens kappa",
    "fx_reliability_alpha": "Krippendorffs alfa",
    "fx_reliability_xlabel": "överensstämmelse utöver slumpen (prickad 0,667, streckad 0,8)",
    "fx_frequencies_xlabel": "kodade enheter",
    "fx_frequencies_title": "Kodernas frekvens per informantgrupp och källa",
    "fx_cooccurrence_cbar": "enheter kodade med båda",
    "fx_cooccurrence_title": "Kodernas samförekomst",
    "fx_regions_cbar": "kodade intervjuenheter",
    "fx_regions_xlabel": "område",
    "fx_regions_title": "Teman per område (intervjuer)",
    # the PRISMA 2020 flow diagram's boxes
    "pf_identification": "Identifiering",
    "pf_screening": "Screening",
    "pf_included_phase": "Inkluderade",
    "pf_identified": "Poster identifierade från:",
    "pf_databases": "Databaser",
    "pf_registers": "Register",
    "pf_other": "Andra källor",
    "pf_removed": "Poster borttagna före screeningen:",
    "pf_duplicates": "Borttagna dubbletter",
    "pf_screened": "Screenade poster",
    "pf_excluded_ta": "Exkluderade poster",
    "pf_sought": "Fulltexter som söktes",
    "pf_not_retrieved": "Fulltexter som inte erhölls",
    "pf_assessed": "Fulltexter bedömda för behörighet",
    "pf_excluded_ft": "Exkluderade fulltexter:",
    "pf_included": "Studier inkluderade i översikten",
    "pf_pending": "väntar på beslut",
    "pf_title": "PRISMA 2020-flödesschema",
    "pf_second": "väntar på en andra granskare",
    "pf_conflict": "olösta oenigheter",
    # messages of the readers and stages shown on the stage pages (stage_page.messages translates them)
    "msg_bib_repeated": "{file}: post {n} upprepar fältet eller fälten {fields}; värdena slogs ihop",
    "msg_standing_codings": "{file}: {n} gällande kodningar, {m} riktningar",
    "msg_extraction_rows": "{file}: {n} extraktions- eller bedömningsrader, {k} nya händelser",
    "msg_extraction_complete": "dataextraktion: {a} av {b} inkluderade studier klara",
    "msg_unmatched_units": "{n} enheter som kodats av människor motsvarar inget segment eller inkluderad post, t.ex. {examples}",
    "msg_no_data": "område {region}, {period}: inga data för indikatorerna {indicators}",
    "msg_no_diak": "{folder}: Diaks indikatorpanel saknas; inga indikatorsignaler",
    "msg_sr_missing": "{column} saknas",
    "msg_sr_extra_cells": "raden har {n} celler fler än rubrikraden (saknas ett citattecken?)",
    "msg_sr_repeated_id": "report_id upprepar report_id på rad {row}",
    "msg_sr_not_date": "{column} är inte ett datum ÅÅÅÅ-MM-DD",
    "msg_sr_feedback_before": "feedback_at är före submitted_at",
    "msg_sr_not_county": "county_code är inte koden för ett välfärdsområde",
    "msg_sr_municipality_form": "municipality_code är inte ett tal med högst tre siffror",
    "msg_sr_not_municipality": "municipality_code {code} är inte en finländsk kommunkod",
    "msg_sr_other_county": "kommunen {code} hör till välfärdsområde {county}, inte {given}",
    "msg_sr_not_one_of": "{column} är inte något av värdena {allowed}",
    "msg_sr_values_not_in": "{column} har {n} värden som inte finns bland {allowed} (skilj värdena åt med ';')",
    "msg_sr_not_codes": "welfare_codes har {n} värden som inte är kodbokens id",
    "msg_sr_not_whole": "clients_seen är inte ett heltal",
    "msg_sr_earlier_file": "report_id finns redan i en tidigare fil; den första behålls",
}
