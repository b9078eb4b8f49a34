"""The report's fixed text in Swedish (keys shared with :mod:`review_tools.report.i18n`).

Filled key by key; ``i18n.LANGUAGES`` lists ``sv`` only once every key of the English catalogue is here.
"""

TEXT_SV: dict[str, str] = {
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
