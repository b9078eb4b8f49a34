"""The report's fixed text in Swedish (keys shared with :mod:`review_tools.report.i18n`).

Filled key by key; ``i18n.LANGUAGES`` lists ``sv`` only once every key of the English catalogue is here.
"""

TEXT_SV: dict[str, str] = {
    # findings, GRADE-CERQual and study extraction/appraisal (issue 13 parts 2-3)
    "confidence": "Resultat och tillförlitlighet (GRADE-CERQual)",
    "cq_no_findings": "Teamet har ännu inte skrivit resultat för den här översikten (översiktsmappen har ingen resultatfil).",
    "cq_intro": "Varje resultat är teamets slutsats, länkad till det underlag som stöder och motsäger det. Bara granskat underlag räknas: intervjuyttranden och sociala rapporter som en person har kodat samt inkluderade studier som teamet har extraherat. För varje resultat föreslår verktyget en GRADE-CERQual-bedömning av fyra komponenter; där teamet har bekräftat sin egen bedömning visar rapporten teamets och säger det.",
    "cq_checklist": "De inkluderade studierna bedömdes med {tool}. Källa: {source}.",
    "cq_statement": "Teamets slutsats",
    "finding": "Resultat",
    "cq_confidence": "Tillförlitlighet",
    "cq_assessed": "Bedömd av",
    "cq_source_team": "teamet",
    "cq_source_proposal": "verktygets förslag",
    "cf_high": "hög",
    "cf_moderate": "måttlig",
    "cf_low": "låg",
    "cf_very_low": "mycket låg",
    "cq_no_or_very_minor": "inga eller mycket små betänkligheter",
    "cq_minor": "små betänkligheter",
    "cq_moderate": "måttliga betänkligheter",
    "cq_serious": "allvarliga betänkligheter",
    "cq_methodological_limitations": "Metodologiska begränsningar",
    "cq_coherence": "Samstämmighet",
    "cq_adequacy": "Datas tillräcklighet",
    "cq_relevance": "Relevans",
    "cq_overall": "Samlad tillförlitlighet",
    "cq_confirmed_db": "Teamet bekräftade bedömningen i översiktens databas ({who}).",
    "cq_confirmed_file": "Teamet skrev bedömningen i sin resultatfil ({who}).",
    "cq_proposal_only": "Detta är verktygets förslag; teamet har ännu inte bekräftat det.",
    "cq_proposal_was": "Verktyget hade föreslagit tillförlitligheten: {overall}.",
    "cq_proposal_same": "Verktyget hade föreslagit samma samlade tillförlitlighet.",
    "cq_proposed": "förslag",
    "cq_s_lim_appraised": "{n} stödjande studier bedömdes med {tool}; i genomsnitt ger de {level}.",
    "cq_s_lim_none": "Ingen stödjande studie bedömdes med en checklista: resultatet vilar på översiktens egna intervjuer, sociala rapporter eller indikatorserier, som inte bedöms, så små betänkligheter föreslås.",
    "cq_s_coh_none": "Ingen av de {n} räknade underlagsenheterna motsäger resultatet.",
    "cq_s_coh_some": "{k} av de {n} räknade underlagsenheterna motsäger resultatet.",
    "cq_s_adequacy": "{n} stödjande underlagsenheter från {sources} oberoende källor; {rich} av dem är detaljrika.",
    "cq_s_relevance": "I genomsnitt motsvarar det stödjande underlaget översiktens region, målgrupp och period till {pct} % (underlag från andra länder, andra regioner och andra år väger mindre).",
    "cq_s_overall": "Tillförlitligheten utgår från hög; varje måttlig betänklighet sänker den ett steg, varje allvarlig två steg och varannan liten betänklighet ett steg.",
    "cq_supporting": "Stödjande underlag",
    "cq_contradicting": "Motsägande underlag",
    "cq_not_counted": "Citerat men inte räknat",
    "cq_none": "inga",
    "cq_reason_not_reviewed": "ingen granskad kodning eller extraktion ännu",
    "cq_reason_not_included": "inte bland de inkluderade studierna",
    "cq_reason_not_found": "finns inte i körningens data",
    "cq_reason_other_region": "en social rapport från en annan region (rapporten räknar den egna regionens)",
    "cq_reason_no_data": "inga data för regionen och perioden",
    "cq_used_by": "Rekommendationer som vilar på resultatet",
    "rec_findings": "Resultat",
    "used_in_findings": "används i resultaten",
    "appraisal_line": "Kvalitetsbedömning ({tool}, {category}): {yes} av {n} kriterier uppfyllda; {level}.",
    "extraction_record": "Extraherade uppgifter",
    # social reporting as a loop (issue 15 part 4)
    "loop": "Social rapportering som en cykel",
    "loop_intro": "Regionens {n} sociala rapporter efter stödbehov, kommun, halvår och behandlingsskede, uppdelade efter typ av observation, samt processindikatorerna för rapporteringscykeln.",
    "loop_by_need_category": "Rapporter efter stödbehov (socialvårdslagen 11 §)",
    "loop_by_municipality": "Rapporter efter kommun",
    "loop_by_half_year": "Rapporter efter halvår",
    "loop_by_processing_status": "Rapporter efter behandlingsskede",
    "loop_need_category": "Stödbehov",
    "loop_municipality": "Kommun",
    "loop_half_year": "Halvår",
    "loop_processing_status": "Behandlingsskede",
    "loop_reports": "Rapporter",
    "loop_share": "Andel av rapporterna (%)",
    "loop_not_given": "inte angivet",
    "loop_multi_note": "En rapport kan gälla flera stödbehov; den räknas under vart och ett, så andelarna kan sammanlagt överstiga 100 %.",
    "loop_fig_alt": "Stapeldiagram: {title}, uppdelat efter typ av observation. Tabellen nedan ger samma siffror.",
    "loop_process": "Processindikatorer",
    "loop_process_text": "Rapporter per halvår och rapporterande enhet, andelen behandlade (analyserade eller längre) och andelen där rapportören fått återkoppling.",
    "loop_unit": "Rapporterande enhet",
    "loop_processed": "Behandlade (%)",
    "loop_fed_back": "Återkoppling given (%)",
    "loop_all_units": "alla enheter",
    "loop_whole_period": "hela perioden",
    "loop_no_status": "Rapporterna saknar behandlingsskede, så andelen behandlade kan inte anges.",
    "loop_no_feedback": "Rapporterna saknar datum för återkoppling, så andelen rapportörer som fått återkoppling kan inte anges.",
    "loop_feedback_pages": "Varje rapportörsgrupp får en egen återkopplingssida från steget för sociala rapporter: vad gruppen rapporterade, vad rapporterna kopplades till och var de användes.",
    "fb_title": "Återkoppling till rapportörerna: {group}",
    "fb_intro": "Den här sidan berättar för rapportörsgruppen ”{group}” vad som hände med dess sociala rapporter: vad som rapporterades, vad rapporterna kopplades till och var de användes. Sidan innehåller endast antal: ingen rapporttext och inga personuppgifter.",
    "fb_total": "Rapporter från gruppen: {n}.",
    "fb_observation_type": "Vad som rapporterades",
    "fb_need_category": "Stödbehov (socialvårdslagen 11 §)",
    "fb_phenomenon": "Fenomen",
    "fb_theme": "Teman som rapporterna kodades med",
    "fb_indicator": "Indikatorer som rapporterna kopplades till via sina teman",
    "fb_recommendation": "Rekommendationer som använder rapporterna som evidens",
    "fb_processing_status": "Var rapporterna befinner sig i behandlingen",
    "fb_item": "Post",
    "fb_none": "Inga.",
    "fb_review": "Översikt: {title}.",
    "fb_period": "Rapporterna lämnades in {first}–{last}.",
    "indicator_no_region_data": "{indicator}: det finns inga uppgifter för {region} för åren {period}, så indikatorn kan inte beskriva läget eller följas upp här; uppföljningen börjar när uppgifter finns.",
}


# Reviewed evidence, suggestions and the coders' directions (issue 13: evidence = reviewed codings).
TEXT_SV.update({
    "suggestions": 'Kodförslag (förslag, inte evidens)',
    "evidence_basis": 'Antalen är enheter som kodare har kodat eller bekräftat ({n} kodningar). {m} kodförslag som ingen kodare har bekräftat räknas inte; de listas i bilagan om kodförslag.',
    "evidence_basis_opt_in": 'I den här översikten räknas obekräftade kodförslag som evidens (en inställning i protokollet): figuren och tabellen innehåller {m} föreslagna kodningar utöver {n} kodningar som kodare gjort eller bekräftat.',
    "opt_in_short": 'Innehåller kodförslag som ingen kodare har bekräftat (översiktens protokoll räknar dem).',
    "direction_streams": 'Material med riktning',
    "direction_from": 'Samstämmighet bland de material som har en riktning: {streams}.',
    "no_direction_streams": 'Inget material har någon riktning.',
    "coding_basis": 'Vilken text varje inkluderad studie kodades utifrån',
    "coding_basis_intro": 'Inkluderade studier kodas utifrån fulltexten när den finns i materialet, annars utifrån titel och sammanfattning.',
    "coded_on": 'Kodad utifrån',
    "reviewed_codes": 'Koder som kodare bekräftat',
    "suggested_codes_col": 'Föreslagna koder (räknas inte)',
    "suggestions_intro": 'Koder som ordlistan eller modellen föreslagit och som ingen kodare har bekräftat. De är förslag till kodarna och räknas inte som evidens någonstans i rapporten.',
    "suggestions_intro_opt_in": 'Koder som ordlistan eller modellen föreslagit och som ingen kodare har bekräftat. Översiktens protokoll räknar dem som evidens, så de ingår i resultaten, och resultaten säger det.',
    "stream": 'Material',
    "score": 'Poäng',
    "reason": 'Grund',
    "no_unconfirmed": 'Varje förslag har bekräftats eller avvisats av en kodare.',
    "lim_single": 'Teman vars riktning vilar på ett enda material: {items}.',
    "suggestion_totals": '{n} obekräftade förslag: {items}.',
    "rule_text": (
        "Varje evidensenhet (en inkluderad studie, ett intervjuavsnitt, en social rapport från området, en "
        "indikator för området) räknas för sitt tema och temats övre teman. Endast kodningar som en kodare "
        "gjort eller bekräftat räknas; förslag från ordlistan eller modellen är förslag och listas i bilagan. "
        "En social rapport pekar mot ett sämre läge när den rapporterar ett missförhållande och mot ett bättre "
        "när den rapporterar god praxis, om inte en kodare markerat något annat; indikatorerna har sin "
        "beräknade signal. Studier och intervjuavsnitt har den riktning som kodarna markerat (ett problem eller "
        "en försämring pekar mot sämre, en styrka eller en förbättring mot bättre); omarkerade visar var det "
        "finns evidens men har ingen riktning. Ett material lutar åt sämre eller bättre enligt majoriteten "
        "(lika = varierande). Samstämmighet, bland de material som har en riktning: inget material = ingen "
        "evidens; evidens men ingen riktning = ingen riktning; ett material med riktning = ett material; "
        "material åt olika håll = motstridig; minst två material åt samma håll och inget varierande = "
        "samstämmig; annars delvis. Där evidensen för ett tema lutar åt sämre i tillräckligt många material "
        "och gruppen saknar rekommendation föreslås ett UTKAST åt gruppen."
    ),
})
