"""The report's fixed text in English (keys shared with :mod:`review_tools.report.i18n`)."""

TEXT_EN: dict[str, str] = {
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
        "A target marked (default) is the review's documented default: the baseline improved by {pct} %; "
        "context indicators get no target."
    ),
    "cycle_text": (
        "The monitoring indicators feed the welfare report cycle: the values are updated in the annual "
        "report to the council and assessed in the welfare report of the council term."
    ),
    "no_monitoring": "no monitoring indicator",
    # --- follow-up of the monitoring indicators and the welfare-report section (report/welfare.py)
    "target_note": (
        "Targets are set by the team in the review folder; an indicator without one is marked \u201cno target "
        "set\u201d (a target is never derived from the baseline). Context indicators get no target."
    ),
    "no_target": "no target set",
    "follow_up": "Follow-up of the monitoring indicators",
    "fu_intro": (
        "Each run records the values of its monitoring indicators; this run compares its latest values with the "
        "baseline, the target and the values that earlier runs of the same region in the same outputs folder recorded."
    ),
    "fu_runs": "Earlier runs compared: {items}.",
    "fu_data_to": "data to {years}",
    "fu_first": (
        "No earlier run of this region is in the outputs folder: this run records the baseline, and the next run "
        "follows it up."
    ),
    "fu_summary": "Indicators:",
    "fu_no_earlier": "no earlier run",
    "fu_previous": "Previous run",
    "fu_latest": "Latest value (year)",
    "fu_change": "Change since the previous run",
    "fu_status": "Progress",
    "fu_by_recommendation": "Progress per recommendation",
    "fu_rule": (
        "On track: the target is reached, or the change from the baseline is at least the share of the way to the "
        "target that the years since the baseline call for; without a target, the value has improved on the baseline. "
        "Off track: otherwise, or the target year has passed. No data: no value after the baseline year. Whether lower "
        "or higher is better is taken from the indicator. A recommendation is off track when any of its indicators is."
    ),
    "fu_figure": "Monitoring indicators over time",
    "fu_figure_caption": (
        "Line: this run's yearly values from the baseline year; diamonds: values recorded by earlier runs; square: "
        "baseline; star and dashed line: the target and the straight path to it."
    ),
    "fu_data": "Data of the figure",
    "fu_kind": "Series",
    "fu_kind_series": "this run",
    "fu_kind_baseline": "baseline",
    "fu_kind_target": "target",
    "fu_this_run": "this run",
    "fu_target_by": "target {target} by {year}",
    "fu_alt": (
        "Small charts, one per monitoring indicator, of the values over time with the baseline and the target."
    ),
    "fu_alt_item": (
        "{indicator}: baseline {baseline} ({baseline_year}), latest {value} ({year}), {target}: {status}."
    ),
    "welfare": "Welfare report and plan",
    "welfare_own_page": "This part on a page of its own, to lift into the welfare report",
    "welfare_intro": (
        "This part follows the welfare plan's structure (Act 612/2021, sections 6 and 7) for {region}, {period}: per "
        "theme the situation, the goals, the measures, the responsible actors and the follow-up indicators with "
        "baseline, target and latest value. It can be lifted into the municipality's or county's welfare report."
    ),
    "welfare_drafts": "Draft recommendations left out until the team decides on them: {n}.",
    "welfare_none": "The team has no recommendations yet.",
    "welfare_theme": "Theme",
    "welfare_situation": "Situation",
    "welfare_goals": "Goals",
    "welfare_measures": "Measures",
    "welfare_actors": "Responsible actors",
    "welfare_vs_country": "compared with the whole country:",
    "welfare_phenomenon": "reported phenomenon",
    "welfare_reports_n": "social reports: {n}",
    "welfare_more_phenomena": "further reported phenomena: {n} (see the social-reporting findings)",
    "welfare_no_situation": "no indicator or social report of the region on this theme",
    "welfare_goal_line": "from {baseline} ({baseline_year}) to {target} by {target_year}",
    "welfare_goal_target": "target {target}",
    "welfare_no_goal": "no goal written yet",
    "welfare_followup_indicator": "Follow-up indicator",
    "welfare_followup": "Follow-up indicators",
    "welfare_no_followup": "No follow-up indicator is set for this theme.",
    "welfare_cycle": (
        "The welfare report is prepared once per council term and reported on every year: a new run with the "
        "year's data updates the latest values and their progress."
    ),
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
    "no_date": "date missing",
    "awaiting_ta": "Records awaiting a title/abstract decision",
    "awaiting_ft": "Full texts awaiting a decision",
    "recall_key": "Estimated recall (stopping rule)",
    "recall_value": "{estimate} % (at least {lower} % with {confidence} % confidence); the rule says: {verdict}",
    "screening_status": "Screening status",
    "screening_unfinished": "Screening is unfinished: the evidence and recommendations below rest on the records screened so far.",
    "screening_unfinished_recs": "Screening is unfinished: these recommendations rest on the records screened so far and may change when screening is completed.",
    "screening_awaiting": "{ta} of {n} records await a title/abstract decision and {ft} full texts await a decision.",
    "screening_done": "No record awaits a screening decision.",
    "stopping_text": "The stopping rule (target recall {target} %, confidence {confidence} %) estimates recall at {estimate} %, at least {lower} % with {confidence} % confidence; the rule says {verdict}.",
    "stopping_continue": "continue screening",
    "stopping_stop": "screening may stop",
    "stopping_none": "There is no stopping-rule estimate of recall (02-screening/stopping.json is missing).",
    "informant": "informant group",
    "yes": "yes",
    "no": "no",
    "draft_statement": "DRAFT: the evidence on '{theme}' points to a problem ({convergence}; {streams}). The team should decide whether and what to recommend.",
    # region scope (issue 13 part 5)
    "written_for": "Written for",
    "scope_national": "the whole country (national)",
    "scope_code": "{level} {code}",
    "level_county": "wellbeing services county",
    "level_municipality": "municipality",
    "recs_scope": "Of the {n} team recommendations shown, {local} are written for {region} and {national} are national (written for every region).",
    "recs_scope_county": "{county} are written for the wellbeing services county the municipality belongs to.",
    "recs_scope_none_local": "{region} has no recommendations of its own: the {n} team recommendations shown are national, written for every region.",
    "recs_scope_country": "This report covers the whole country: of the {n} team recommendations, {national} are national and {regional} are written for a particular county or municipality.",
    "recs_scope_other": "{m} recommendation(s) written for other regions are not shown.",
    "recs_scope_drafts": "The {d} draft(s) were drafted from the evidence of {region}.",
    "local_evidence": "Local evidence",
    "local_evidence_text": "Of the {total} interview segments and social reports counted as evidence, {local} ({pct} %) come from {region} and {national} are national (no region).",
    "local_evidence_county": "{county} come from the wellbeing services county the municipality belongs to.",
    "local_evidence_none": "No interview segment or social report from {region} is counted as evidence: those of other regions are left out, and none is national.",
    "local_evidence_country": "This report covers the whole country: all {total} interview segments and social reports count ({local} from a particular region, {national} without one).",
    "local_evidence_tail": "The {studies} included studies are not region-specific; the indicators are the region's own.",
    "scope_stream": "Evidence",
}
