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
    # --- follow-up of the monitoring indicators and the welfare-report section (report/welfare.py)
    "target_note": (
        "Målen sätts av teamet i översiktens inställningar; en indikator utan mål markeras med \u201cinget mål "
        "satt\u201d (ett mål härleds aldrig från utgångsläget). Bakgrundsindikatorer får inget mål."
    ),
    "no_target": "inget mål satt",
    "follow_up": "Uppföljning av uppföljningsindikatorerna",
    "fu_intro": (
        "Varje körning sparar värdena för sina uppföljningsindikatorer; den här körningen jämför sina senaste värden "
        "med utgångsläget, målet och de värden som tidigare körningar för samma region i samma resultatmapp sparade."
    ),
    "fu_runs": "Tidigare körningar som jämförts: {items}.",
    "fu_data_to": "uppgifter till {years}",
    "fu_first": (
        "Resultatmappen har ingen tidigare körning för den här regionen: den här körningen sparar utgångsläget, "
        "och nästa körning följer upp det."
    ),
    "fu_summary": "Indikatorer:",
    "fu_no_earlier": "ingen tidigare körning",
    "fu_previous": "Föregående körning",
    "fu_latest": "Senaste värde (år)",
    "fu_change": "Förändring sedan föregående körning",
    "fu_status": "Framsteg",
    "fu_by_recommendation": "Framsteg per rekommendation",
    "fu_rule": (
        "Enligt plan: målet är nått, eller förändringen från utgångsläget är minst den del av vägen till målet som "
        "åren sedan utgångsläget kräver; utan mål har värdet förbättrats från utgångsläget. Efter plan: annars, eller "
        "målåret har passerats. Inga uppgifter: inget värde efter utgångsåret. Om lägre eller högre är bättre framgår "
        "av indikatorn. En rekommendation ligger efter plan när någon av dess indikatorer gör det."
    ),
    "fu_figure": "Uppföljningsindikatorerna över tid",
    "fu_figure_caption": (
        "Linje: den här körningens årsvärden från utgångsåret; romber: värden som tidigare körningar sparade; "
        "kvadrat: utgångsläge; stjärna och streckad linje: målet och den raka vägen dit."
    ),
    "fu_data": "Figurens uppgifter",
    "fu_kind": "Serie",
    "fu_kind_series": "den här körningen",
    "fu_kind_baseline": "utgångsläge",
    "fu_kind_target": "mål",
    "fu_this_run": "den här körningen",
    "fu_target_by": "mål {target} senast {year}",
    "fu_alt": "Små diagram, ett per uppföljningsindikator, över värdena över tid med utgångsläget och målet.",
    "fu_alt_item": (
        "{indicator}: utgångsläge {baseline} ({baseline_year}), senaste {value} ({year}), {target}: {status}."
    ),
    "welfare": "Välfärdsberättelse och välfärdsplan",
    "welfare_own_page": "Den här delen på en egen sida, att lyfta in i välfärdsberättelsen",
    "welfare_intro": (
        "Den här delen följer välfärdsplanens struktur (lagen 612/2021, 6 och 7 §) för {region}, {period}: per tema "
        "läget, målen, åtgärderna, de ansvariga aktörerna och uppföljningsindikatorerna med utgångsläge, mål och "
        "senaste värde. Den kan lyftas in i kommunens eller välfärdsområdets välfärdsberättelse."
    ),
    "welfare_drafts": "Utkast till rekommendationer som lämnats bort tills teamet beslutar om dem: {n}.",
    "welfare_none": "Teamet har ännu inga rekommendationer.",
    "welfare_theme": "Tema",
    "welfare_situation": "Läge",
    "welfare_goals": "Mål",
    "welfare_measures": "Åtgärder",
    "welfare_actors": "Ansvariga aktörer",
    "welfare_vs_country": "jämfört med hela landet:",
    "welfare_phenomenon": "rapporterat fenomen",
    "welfare_reports_n": "sociala rapporter: {n}",
    "welfare_more_phenomena": "andra rapporterade fenomen: {n} (se resultaten från den sociala rapporteringen)",
    "welfare_no_situation": "regionen har ingen indikator eller social rapport om det här temat",
    "welfare_goal_line": "från {baseline} ({baseline_year}) till {target} senast {target_year}",
    "welfare_goal_target": "mål {target}",
    "welfare_no_goal": "inget mål har skrivits ännu",
    "welfare_followup_indicator": "Uppföljningsindikator",
    "welfare_followup": "Uppföljningsindikatorer",
    "welfare_no_followup": "Ingen uppföljningsindikator har satts för det här temat.",
    "welfare_cycle": (
        "Välfärdsberättelsen utarbetas en gång per fullmäktigeperiod och rapporteras varje år: en ny körning med årets "
        "uppgifter uppdaterar de senaste värdena och deras framsteg."
    ),
}
