"""The stage pages' fixed text in English: titles, headings (``*_h``), explanations (``*_p``), figure text
alternatives (``fig_*``), words inside figures (``fx_*``) and PRISMA boxes (``pf_*``) of stages 01-06
(:mod:`review_tools.report.stage_page`); column labels and controlled values are in ``stage_labels_en``."""

STAGE_EN: dict[str, str] = {
    "stage_01-ingest-dedup": "Ingest and deduplicate",
    "stage_02-screening": "Screening",
    "stage_03-coding": "Coding",
    "stage_04-social-reports": "Social reports",
    "stage_05-indicator-data": "Indicator data",
    "stage_06-regional-profile": "Regional profile",
    "stage_07-synthesis-report": "Recommendations report",
    "stage_failed": "{title} (failed)",
    "figure_alt": "Figure: {heading}",
    "no_rows": "No rows.",
    "no_messages": "No messages.",
    # 01
    "s01_h": "01 · Ingest and deduplicate the literature searches",
    "s01_p": (
        "Reads every export listed under the sources of the review protocol (RIS, BibTeX, PubMed MEDLINE, Web of "
        "Science, CSV/TSV/XLSX), maps them to one record schema, and removes duplicates: exact DOI/PMID keys plus "
        "fuzzy title and author matching within blocks. Certain and probable duplicates are merged (keeping the most "
        "complete value of each field and every source's provenance); uncertain pairs go to a review queue instead "
        "of being merged, because a false merge silently loses a study."
    ),
    "s01_files_h": "How each file was read",
    "s01_files_p": "Record markers are counted independently of the parser; records read + skipped = markers.",
    "s01_counts_h": "Records per source and duplicates removed",
    "s01_problems_h": "Problems found while reading",
    "s01_problems_p": "Every skipped entry and every warning, with file and line.",
    "s01_queue_h": "Review queue",
    "s01_queue_p": "Pairs that look alike but were not merged, with the rule that held them apart. The screening page shows them too.",
    # 02
    "s02_h": "02 · Screening",
    "s02_p": (
        "Title/abstract and full-text screening of the deduplicated records. Every decision is an event in the "
        "review database (append-only, one transaction per decision), so the current state below is derived from "
        "the whole audit trail. Reviewers screen blind to each other; conflicts are resolved by consensus or a third "
        "reviewer and recorded as events too."
    ),
    "s02_db_h": "The review and its database",
    "s02_db_p": "The database comes from the protocol unless the database parameter is set.",
    "s02_state_h": "Where screening stands",
    "s02_state_p": "Records by their final title/abstract and full-text decisions (blank while pending).",
    "s02_conflicts_h": "Conflicts between reviewers",
    "s02_conflicts_p": "Records on which the reviewers disagree and that are not yet resolved.",
    "s02_agreement_h": "Agreement between reviewers",
    "s02_agreement_p": (
        "Percent agreement, Cohen's kappa (scikit-learn) and Krippendorff's alpha (records seen by one reviewer "
        "count as missing)."
    ),
    "s02_ranking_h": "Ranking of the unscreened records",
    "s02_ranking_p": "The active-learning ranker orders what is left by the chance of inclusion, with the terms that raise each score.",
    "s02_stop_h": "When to stop",
    "s02_stop_p": (
        "The hypergeometric stopping rule (Callaghan & Müller-Hansen 2020) with an estimated recall, beside the "
        "heuristic of N irrelevant records in a row."
    ),
    "s02_prisma_h": "The PRISMA 2020 flow diagram",
    "s02_view_h": "Screening in JupyterLab",
    "s02_view_p": (
        "Each reviewer opens the view with their own reviewer id (the reviewer parameter, one of the protocol's "
        "reviewers; they see only their own decisions). Keys: i include, e exclude, m maybe, u undo. Every click is "
        "saved at once and the view says what was saved. Point the database parameter to the shared review "
        "database so two kernels can screen at once."
    ),
    "s02_imported": "{n} records in the screening set ({new} new); {events} seed decisions imported",
    # 03
    "s03_h": "03 · Coding interviews and literature into social-welfare themes",
    "s03_p": (
        "Interview transcripts are read (txt, docx, vtt, srt) and pseudonymised before anything else reads them: "
        "names (with Finnish inflected forms), e-mail addresses, phone numbers, personal identity codes, street "
        "addresses and listed organisations become consistent pseudonyms such as [H3]. The key stays in the review "
        "folder's keys (never in the outputs). Codes come from the review's codebook; suggestions (a lexicon on "
        "lemmas, plus a model trained on the human codings) are proposals with a score and a reason. Only codings a "
        "coder made or confirmed (in the coding view below, or a team's tables imported into the review database) count "
        "as evidence; coders can also mark what a unit describes (a problem, a strength, an improvement or a "
        "worsening). The included studies get suggestions from their full text where the corpus holds it, otherwise "
        "from title and abstract."
    ),
    "s03_read_h": "Read, pseudonymise, suggest and gather the human codings",
    "s03_notes_p": "Messages from reading (files that could not be read are counted above, never dropped silently):",
    "s03_segments_h": "Segments (pseudonymised)",
    "s03_segments_p": "One row per speaker turn; the segment id is document:turn and is what quote evidence refers to.",
    "s03_suggestions_h": "Suggestions",
    "s03_suggestions_p": "Best first per unit, with the keywords or model features behind each.",
    "s03_reliability_h": "Intercoder reliability",
    "s03_reliability_p": (
        "On the units every coder read: percent agreement and Cohen's kappa (scikit-learn); Krippendorff's alpha "
        "(nominal) with missing data allowed. A unit a coder read and left uncoded counts as not this code for "
        "that coder only."
    ),
    "s03_disagreements_h": "Disagreements to discuss",
    "s03_frequencies_h": "Theme frequencies by informant group and source",
    "s03_cooccurrence_h": "Co-occurrence of codes",
    "s03_quotes_h": "Best quotes per theme (pseudonymised, with their source)",
    "s03_regions_h": "Themes by region",
    "s03_artefacts_h": "Files written",
    "s03_view_h": "Coding in JupyterLab",
    "s03_view_p": (
        "Set the coder parameter to your id to get the coding view: each segment with its suggestions; accept, "
        "reject or add codes and write memos. Every action is an event in the review database (append-only)."
    ),
    "s03_extraction_h": "Data extraction and quality appraisal of the included studies",
    "s03_extraction_p": "The form comes from the review's extraction form, the checklist from the protocol's appraisal. Set the reviewer parameter to your id: pick a study, fill in the fields and the checklist, and save. Only changed values are saved, as events in the review database; the extraction table below is what the report shows per study.",
    # 04
    "s04_h": "04 · Social reports",
    "s04_p": (
        "What professionals report from client work (social reports, Social Welfare Act section 7), read from the "
        "form export, validated field by field, pseudonymised with the review's key and coded into the codebook's "
        "themes. This stage does not depend on the region: a batch of runs does it once and every run reuses it; "
        "stage 06 puts the reports beside the indicators of the run's region."
    ),
    "s04_rejected_h": "Rejected rows",
    "s04_rejected_p": (
        "Rows of the export that failed a check (spreadsheet row numbers, header = row 1); they are left out of "
        "everything that follows."
    ),
    "s04_county_h": "Reports by county and type of observation",
    "s04_summary_h": "Summary by phenomenon, county, half-year and affected group",
    "s04_summary_p": "Human welfare codes are kept; reports without them get the lexicon's suggestions.",
    "s04_loop_h": "The reporting loop: reports by need category, municipality, half-year and processing status",
    "s04_loop_p": "Each breakdown is split by observation type (figure, and the same numbers as a table). A report naming several need categories of the Social Welfare Act section 11 counts under each.",
    "s04_process_h": "Process indicators",
    "s04_process_p": "Reports per half-year and reporting unit, the share processed (analysed or further) and the share fed back to the reporter (the export's feedback date; missing when the export does not record it).",
    "s04_feedback_h": "Feedback to the reporter groups",
    "s04_feedback_p": "What each reporter group reported, what the reports were joined with (themes, indicators of those themes) and which recommendations use them: counts only, over all regions. Each group's feedback page holds the reports of the run's region only and is written with the report (stage 07).",
    "s04_coding_h": "Coding the reports",
    "s04_coding_p": "Set the coder parameter to your id to get the coding view on the reports: mark what each report describes (a problem, a strength, an improvement or a worsening: its direction in the synthesis, in place of the form's observation type), confirm suggested codes or add your own. Suggested codes count as evidence only once a coder confirms them. Every action is saved at once in the review database; the next run's coding stage reads it.",
    "s03_team_import": "{file}: {rows} rows, {new} new events in the review database",
    # 05
    "s05_h": "05 · Indicator data",
    "s05_p": (
        "The review's social-welfare indicators (THL Sotkanet, CC BY 4.0) prepared once for every region: this stage "
        "does not depend on the region, so a batch over all counties runs it once and every region's stage 06 reads "
        "its tables.\n\n"
        "Municipal data are mapped onto today's borders (mergers 2013–2025 from Statistics Finland's yearly keys). "
        "County values are published where a published regional series covers exactly the county's municipalities, "
        "otherwise computed: counts summed, rates weighted by population. Counties exist from 2023, so earlier "
        "county values describe today's county area (reform break). Every county and the whole country is profiled "
        "over the period (the rank compares the counties)."
    ),
    "s05_signals_h": "Theme signals of every county and the whole country",
    "s05_signals_p": (
        "Direction-aware signal of each theme's indicators over the period: better or worse when more of its "
        "indicators have a significant trend (5 %) in that direction, mixed when equally many, no clear change "
        "otherwise."
    ),
    "s05_citations_h": "Citations (CC BY 4.0)",
    # 06
    "s06_h": "06 · Regional profile",
    "s06_p": (
        "How the chosen region stands on the review's social-welfare indicators (THL Sotkanet, CC BY 4.0), how that "
        "has changed over the period, and how far it is from the whole country; then each phenomenon of the social "
        "reports (read, pseudonymised and coded once by stage 04) beside the indicators of its themes in the same "
        "region. The data and the profiles of every county come from stage 05."
    ),
    "s06_profile_h": "Profile of the region",
    "s06_profile_p": (
        "One row per indicator: the value in the latest year of the period with data, the change since the first "
        "year, the gap to the whole country, the rank among the counties (1 = best), the spread between the "
        "municipalities, and the direction-aware signal (a trend significant at 5 % in the good or bad direction)."
    ),
    "s06_trends_h": "Trends: the region, the whole country and the municipalities",
    "s06_all_h": "All counties",
    "s06_all_p": "Green is better than the country, red worse (for context indicators no colour); * marks computed values.",
    "s06_phenomena_h": "Each reported phenomenon beside the indicators of its themes, same region",
    "s06_phenomena_p": (
        "The reports come from stage 04 (pseudonymised and coded there); for the whole country every county's "
        "phenomena are listed."
    ),
    "s06_signals_h": "Indicator signals (Diak panel of the disadvantage indicators)",
    "s06_signals_p": (
        "One row per indicator for the region (a county, a municipality, Helsinki or the whole country): the level "
        "against the whole country, against its own county (a municipality) or similar counties (a county), the "
        "trend over the period with its 95 % confidence interval, and the rank among the 21 wellbeing services "
        "counties (Helsinki shown beside them, Åland not ranked: it has no data in the panel). Index series: median "
        "region = 100."
    ),
    # figure alternative texts
    "fig_sources": "Records per source and duplicates removed",
    "fig_stopping": "Recall estimate of the stopping rule as screening proceeds",
    "fig_agreement": "Agreement between screeners by stage",
    "fig_reliability": "Intercoder reliability per code",
    "fig_code_frequencies": "Theme frequencies by informant group and source",
    "fig_cooccurrence": "Co-occurrence of codes",
    "fig_themes_by_region": "Themes by region",
    "fig_reports_by_county": "Number of social reports per county by type of observation",
    "fig_trends": "Trends {years} of {n} indicators: {name}, the whole country and the municipalities",
    "fig_heat_table": "Every county and indicator {years}, coloured by the difference from the whole country",
    "fig_tile_map_theme": "Map of the counties coloured by the indicator signal of the theme {theme}, {years}",
    "fig_tile_map_indicator": "Map of the counties coloured by {indicator}",
    "fig_signal_trends": "{name}: indicator series {years} beside the whole country and its references",
    # texts inside the stages' figures (review_tools.report.stage_page.figure_text)
    "fx_sources_title": "Records per source and duplicates removed",
    "fx_sources_kept": "kept (unique work)",
    "fx_sources_removed": "removed as duplicate",
    "fx_sources_dup": "dup.",
    "fx_sources_xlabel": "records",
    "fx_stopping_found": "relevant found",
    "fx_stopping_random": "random screening (expected)",
    "fx_stopping_statistical": "statistical rule stops ({at})",
    "fx_stopping_heuristic": "heuristic rule stops ({at})",
    "fx_stopping_xlabel": "records screened",
    "fx_stopping_ylabel": "relevant records found",
    "fx_stopping_title": "Screening progress and stopping rules",
    "fx_agreement_pct": "agreement, %",
    "fx_agreement_kappa": "Cohen's kappa",
    "fx_agreement_alpha": "Krippendorff's alpha",
    "fx_agreement_chance": "chance-corrected agreement",
    "fx_agreement_title": "Agreement between reviewers",
    "fx_reliability_kappa": "Cohen's kappa",
    "fx_reliability_alpha": "Krippendorff's alpha",
    "fx_reliability_xlabel": "agreement beyond chance (dotted 0.667, dashed 0.8)",
    "fx_frequencies_xlabel": "coded units",
    "fx_frequencies_title": "Code frequencies by informant group and source",
    "fx_cooccurrence_cbar": "units coded with both",
    "fx_cooccurrence_title": "Code co-occurrence",
    "fx_regions_cbar": "coded interview units",
    "fx_regions_xlabel": "region",
    "fx_regions_title": "Themes by region (interviews)",
    # the PRISMA 2020 flow diagram's boxes
    "pf_identification": "Identification",
    "pf_screening": "Screening",
    "pf_included_phase": "Included",
    "pf_identified": "Records identified from:",
    "pf_databases": "Databases",
    "pf_registers": "Registers",
    "pf_other": "Other sources",
    "pf_removed": "Records removed before screening:",
    "pf_duplicates": "Duplicate records removed",
    "pf_screened": "Records screened",
    "pf_excluded_ta": "Records excluded",
    "pf_sought": "Reports sought for retrieval",
    "pf_not_retrieved": "Reports not retrieved",
    "pf_assessed": "Reports assessed for eligibility",
    "pf_excluded_ft": "Reports excluded:",
    "pf_included": "Studies included in review",
    "pf_pending": "awaiting decision",
    "pf_title": "PRISMA 2020 flow diagram",
    "pf_second": "awaiting a second reviewer",
    "pf_conflict": "unresolved conflicts",
    # messages of the readers and stages shown on the stage pages (stage_page.messages translates them)
    "msg_bib_repeated": "{file}: entry {n} repeats field(s) {fields}; the values were joined",
    "msg_standing_codings": "{file}: {n} standing codings, {m} directions",
    "msg_extraction_rows": "{file}: {n} extraction/appraisal rows, {k} new events",
    "msg_extraction_complete": "extraction: {a} of {b} included studies complete",
    "msg_unmatched_units": "{n} human-coded unit(s) match no segment or included record, e.g. {examples}",
    "msg_no_data": "region {region}, {period}: no data for {indicators}",
    "msg_no_diak": "{folder}: no Diak indicator panel; no indicator signals",
    "msg_sr_missing": "{column} is missing",
    "msg_sr_extra_cells": "the row has {n} more cell(s) than the header (a missing quote?)",
    "msg_sr_repeated_id": "report_id repeats the report_id of row {row}",
    "msg_sr_not_date": "{column} is not a date YYYY-MM-DD",
    "msg_sr_feedback_before": "feedback_at is before submitted_at",
    "msg_sr_not_county": "county_code is not a wellbeing services county code",
    "msg_sr_municipality_form": "municipality_code is not a number of up to three digits",
    "msg_sr_not_municipality": "municipality_code {code} is not a Finnish municipality code",
    "msg_sr_other_county": "municipality {code} lies in county {county}, not {given}",
    "msg_sr_not_one_of": "{column} is not one of {allowed}",
    "msg_sr_values_not_in": "{column} has {n} value(s) not in {allowed} (separate values with ';')",
    "msg_sr_not_codes": "welfare_codes has {n} value(s) that are not codebook ids",
    "msg_sr_not_whole": "clients_seen is not a whole number",
    "msg_sr_earlier_file": "report_id appears in an earlier file; the first is kept",
}
