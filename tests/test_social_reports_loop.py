"""Social reporting as a loop (issue 15 part 4): column mapping of real form exports, summaries by need
category, municipality, half-year and status, process indicators and the reporter groups' feedback pages."""

from __future__ import annotations

import math
import shutil

import pandas as pd
import pytest
import yaml

from review_tools.config import load_review
from review_tools.errors import ConfigError, CorpusFormatError
from review_tools.provenance import personal_label
from review_tools.readers.social_reports import read_social_report_export
from review_tools.report.social_loop import feedback_page, loop_section
from review_tools.social_reports.loop import breakdowns, feedback, process_indicators

from .conftest import DATA, ROOT

EXPORTS = DATA / "social_report_exports"
WEBROPOL = EXPORTS / "webropol_sosiaalinen_raportti_2024.csv"
MAPPING = EXPORTS / "social_report_columns.yaml"
COUNTIES = [str(c) for c in (*range(1, 22), 90, 91)]
MUNICIPALITIES = {"853": "5", "445": "5", "202": "5", "179": "15"}


def _review(tmp_path, mapping: dict | str | None = None):
    """A copy of the demo review folder (without keys or database) with ``mapping`` as its column mapping."""
    review = tmp_path / "review"
    shutil.copytree(ROOT / "review", review, ignore=shutil.ignore_patterns("keys", "review.db*"))
    if mapping is not None:
        text = mapping if isinstance(mapping, str) else yaml.safe_dump(mapping, allow_unicode=True)
        (review / "social_report_columns.yaml").write_text(text, encoding="utf-8")
    return review


def _innokyla_xlsx(path):
    """An Innokylä-style workbook: other headers, '|'-separated lists, day/month/year dates and a real date cell."""
    rows = [
        {"Report number": "I-01", "Date of report": "05/11/2024", "Language": "fi", "Reporter": "Resident",
         "Wellbeing services county": 15, "Municipality number": 179, "Kind of observation": "Problem",
         "Phenomenon key": "youth_homelessness", "Observation": "Nuoria nukkuu porrashuoneissa.",
         "Need categories": "2|4", "Status": "Analysed", "Feedback date": ""},
        {"Report number": "I-02", "Date of report": pd.Timestamp("2025-01-20"), "Language": "fi",
         "Reporter": "Social worker", "Wellbeing services county": 5, "Municipality number": 853,
         "Kind of observation": "Good practice", "Phenomenon key": "housing_first_youth",
         "Observation": "Asunto ensin toimii.", "Need categories": "2", "Status": "Closed",
         "Feedback date": "14/03/2025"},
    ]
    pd.DataFrame(rows).to_excel(path, index=False, engine="openpyxl")
    return path


@pytest.fixture()
def export_folder(tmp_path):
    folder = tmp_path / "corpus" / "social_reports"
    folder.mkdir(parents=True)
    shutil.copyfile(WEBROPOL, folder / WEBROPOL.name)
    _innokyla_xlsx(folder / "innokyla_export.xlsx")
    return folder


# ------------------------------------------------------------------------------------------- mapping


def test_the_mapping_file_is_loaded_and_validated_by_the_config_loader(tmp_path):
    cfg = load_review(_review(tmp_path, MAPPING.read_text(encoding="utf-8")))
    assert [m.files for m in cfg.social_report_columns.exports] == ["webropol*.csv", "innokyla*.xlsx"]
    assert load_review(ROOT / "review").social_report_columns is None  # optional


def test_a_bad_mapping_file_lists_every_problem_with_the_valid_choices(tmp_path):
    bad = {"schema_version": 1, "exports": [{
        "files": "*.csv", "columns": {"report_id": "ID", "submited_at": "Date"},
        "values": {"observation_type": {"Epäkohta": "issue"}, "description": {"x": "y"}},
        "date_format": "%Q"}]}
    with pytest.raises(ConfigError) as err:
        load_review(_review(tmp_path, bad))
    text = str(err.value)
    assert "social_report_columns.yaml: exports[0].columns.submited_at: 'submited_at' is not a column of the " \
           "social-report form (did you mean submitted_at?)" in text
    assert "valid: report_id, submitted_at," in text
    assert "exports[0].values.observation_type.Epäkohta: 'issue' is not a value of observation_type; " \
           "valid: problem, good_practice, weak_signal" in text
    assert "exports[0].values.description: only columns with fixed choices" in text
    assert "exports[0].date_format: '%Q' does not read back a date" in text


def test_webropol_csv_and_innokyla_xlsx_exports_are_read_through_the_mapping(export_folder, tmp_path):
    cfg = load_review(_review(tmp_path, MAPPING.read_text(encoding="utf-8")))
    export = read_social_report_export(export_folder, counties=COUNTIES, municipalities=MUNICIPALITIES,
                                       columns=cfg.social_report_columns)
    r = export.reports.set_index("report_id")
    assert export.rows_read == 6 and export.rejected == []
    assert list(r.index) == ["I-01", "I-02", "W-0001", "W-0002", "W-0003", "W-0004"]  # files in name order
    assert r.loc["W-0001", ["submitted_at", "language", "reporter_role", "observation_type", "trend", "urgency",
                            "processing_status", "target_actor"]].tolist() == [
        "2024-02-14", "fi", "social_worker", "problem", "rising", "high", "forwarded", "kela"]
    assert r.loc["W-0001", "shl11_need_categories"] == "3;2" and r.loc["W-0001", "sectors_concerned"] == "sote;kela"
    assert r.loc["W-0002", "feedback_at"] == "2024-05-20" and r.loc["W-0001", "feedback_at"] == ""
    assert r.loc["W-0003", "language"] == "sv" and r.loc["W-0003", "reporter_role"] == "partner"
    assert r.loc["I-01", ["submitted_at", "reporter_role", "shl11_need_categories", "county_code",
                          "municipality_code"]].tolist() == ["2024-11-05", "resident", "2;4", "15", "179"]
    assert r.loc["I-02", ["submitted_at", "feedback_at", "processing_status"]].tolist() == [
        "2025-01-20", "2025-03-14", "closed"]


def test_an_unmapped_required_column_names_the_file_the_column_and_the_export_columns(export_folder, tmp_path):
    mapping = yaml.safe_load(MAPPING.read_text(encoding="utf-8"))
    del mapping["exports"][0]["columns"]["submitted_at"]
    cfg = load_review(_review(tmp_path, mapping))
    with pytest.raises(CorpusFormatError) as err:
        read_social_report_export(export_folder / WEBROPOL.name, columns=cfg.social_report_columns)
    text = str(err.value)
    assert personal_label(WEBROPOL, kind="social_reports") in text  # the file, by its pseudonymous label
    assert "required column submitted_at is not mapped in social_report_columns.yaml" in text
    assert "the export's columns are: 'Vastaustunniste', 'Vastausaika', 'Vastauksen kieli'" in text


def test_a_mapped_header_missing_from_the_export_is_named(export_folder, tmp_path):
    mapping = yaml.safe_load(MAPPING.read_text(encoding="utf-8"))
    mapping["exports"][1]["columns"]["description"] = "Description of the observation"
    cfg = load_review(_review(tmp_path, mapping))
    with pytest.raises(CorpusFormatError, match=r"maps description to the column 'Description of the observation', "
                                                r"which this export does not have; the export's columns are: "
                                                r"'Report number', 'Date of report'"):
        read_social_report_export(export_folder, columns=cfg.social_report_columns)


def test_without_a_mapping_a_foreign_export_points_to_the_mapping_file(export_folder):
    with pytest.raises(CorpusFormatError, match=r"required column\(s\) report_id, submitted_at, .* missing; the file's "
                                                r"columns are: Vastaustunniste, .*social_report_columns.yaml"):
        read_social_report_export(export_folder / WEBROPOL.name)


# ------------------------------------------------------------------------------------------- summaries

REPORTS = pd.DataFrame({
    "report_id": ["a", "b", "c", "d", "e"],
    "reporter_role": ["social_worker", "social_worker", "partner", "", "partner"],
    "service_area": ["adult", "adult", "ngo", "adult", ""],
    "municipality_code": ["853", "853", "445", "", "853"],
    "submitted_at": ["2024-02-01", "2024-08-01", "2024-08-15", "2025-01-02", "not a date"],
    "observation_type": ["problem", "good_practice", "problem", "weak_signal", "problem"],
    "shl11_need_categories": ["2;3", "2", "", "10", "4"],
    "processing_status": ["received", "closed", "forwarded", "analysed", "received"],
    "feedback_at": ["", "2024-09-01", "", "", ""],
    "phenomenon": ["rent", "housing", "rent", "lonely", "rent"],
    "codes": ["SW.SOC.COM.LIV", "SW.SOC.COM.LIV;X.GP", "SW.SOC.COM.LIVELI", "", "SW.SOC.COM.LIV"],
})


def _rows(table, dim):
    sub = table[table["dimension"] == dim]
    return dict(zip(sub["value"], sub["n_reports"], strict=True))


def test_breakdowns_count_each_dimension_by_observation_type():
    b = breakdowns(REPORTS)
    need = _rows(b, "need_category")
    assert list(need) == [str(i) for i in range(1, 11)] + [""]  # all ten categories, then "not given"
    assert (need["2"], need["3"], need["4"], need["10"], need[""], need["5"]) == (2, 1, 1, 1, 1, 0)
    assert _rows(b, "municipality") == {"853": 3, "445": 1, "": 1}
    assert list(_rows(b, "municipality")) == ["853", "445", ""]  # most reported first, blank last
    assert _rows(b, "half_year") == {"2024-H1": 1, "2024-H2": 2, "2025-H1": 1, "": 1}
    status = _rows(b, "processing_status")
    assert list(status) == ["received", "analysed", "forwarded", "response_received", "closed"]
    assert status == {"received": 2, "analysed": 1, "forwarded": 1, "response_received": 0, "closed": 1}
    row = b[(b["dimension"] == "municipality") & (b["value"] == "853")].iloc[0]
    assert (row["n_problem"], row["n_good_practice"], row["n_weak_signal"], row["share"]) == (2, 1, 0, 0.6)


def test_process_indicators_per_unit_and_half_year():
    p = process_indicators(REPORTS).set_index(["unit", "half_year"])
    assert p.loc[("adult", "2024-H2"), ["n_reports", "n_processed", "n_fed_back"]].tolist() == [1, 1, 1]
    whole = p.loc[("all", "all")]
    assert (whole["n_reports"], whole["n_processed"], whole["share_processed"]) == (5, 3, 0.6)
    assert (whole["n_fed_back"], whole["share_fed_back"]) == (1, 0.2)
    assert p.loc[("all", "2024-H2"), "n_reports"] == 2


def test_a_share_the_export_does_not_record_is_missing_not_zero():
    p = process_indicators(REPORTS.drop(columns=["feedback_at", "processing_status"]))
    assert p["n_fed_back"].isna().all() and p["share_processed"].isna().all()
    html = loop_section(breakdowns(REPORTS), p, "en")
    assert "no feedback date" in html and "no processing status" in html


def test_feedback_per_group_joins_themes_indicators_and_recommendations():
    cfg = load_review(ROOT / "review")
    reports = REPORTS.copy()
    reports.loc[0, "report_id"] = "SR-2023-001"  # cited by a recommendation of the demo review
    cited = [r.id for r in cfg.recommendations.recommendations if any(e.ref == "SR-2023-001" for e in r.evidence)]
    fb = feedback(reports, cfg.indicators, cfg.recommendations)
    sw = fb[fb["reporter_group"] == "social_worker"]
    assert sw.loc[sw["kind"] == "reports", "n_reports"].tolist() == [2]
    assert dict(zip(sw.loc[sw["kind"] == "theme", "item"], sw.loc[sw["kind"] == "theme", "n_reports"],
                    strict=True)) == {"SW.SOC.COM.LIV": 2, "X.GP": 1}
    assert sw.loc[sw["kind"] == "recommendation", "item"].tolist() == cited and cited
    liv = {i.id for i in cfg.indicators.indicators
           if any(t == "SW.SOC.COM.LIV" or t.startswith("SW.SOC.COM.LIV.") or "SW.SOC.COM.LIV".startswith(t + ".")
                  for t in i.themes)}
    assert set(sw.loc[sw["kind"] == "indicator", "item"]) >= liv and liv
    assert fb["reporter_group"].drop_duplicates().tolist() == ["social_worker", "partner", ""]
    assert set(fb.columns) == {"reporter_group", "kind", "item", "n_reports"}  # counts and controlled values only


@pytest.mark.parametrize("language", ["en", "fi", "sv"])
def test_feedback_page_is_escaped_and_in_the_language(language):
    fb = feedback(REPORTS.assign(phenomenon=["<script>x</script>", "housing", "rent", "lonely", "rent"]))
    page = feedback_page("social_worker", fb[fb["reporter_group"] == "social_worker"], language=language,
                         review_title="A & B")
    assert "<script>x" not in page and "&lt;script&gt;" in page and "A &amp; B" in page
    title = {"en": "Feedback to the reporters: social workers", "fi": "Palaute raportoijille: sosiaalityöntekijät",
             "sv": "Återkoppling till rapportörerna: socialarbetare"}[language]
    assert f"<title>{title}</title>" in page and f'lang="{language}"' in page


def test_shares_are_fractions_of_all_reports():
    b = breakdowns(REPORTS)
    status = b[b["dimension"] == "processing_status"]
    assert math.isclose(status["share"].sum(), 1.0)


# ------------------------------------------------------------------------------------------- as the user runs it


@pytest.mark.slow
def test_stage_notebook_reads_webropol_csv_and_innokyla_xlsx_through_the_mapping(tmp_path):
    """The user drops two foreign exports into corpus/social_reports/, puts the mapping into the review folder
    and runs the stage's notebook (in a kernel, as ``review-tools run`` does)."""
    import papermill as pm

    corpus = tmp_path / "corpus"
    (corpus / "social_reports").mkdir(parents=True)
    for part in (ROOT / "corpus").iterdir():  # the demo corpus, but these two exports as its social reports
        if part.name != "social_reports":
            (corpus / part.name).symlink_to(part, target_is_directory=part.is_dir())
    shutil.copyfile(WEBROPOL, corpus / "social_reports" / WEBROPOL.name)
    _innokyla_xlsx(corpus / "social_reports" / "innokyla_export.xlsx")
    review = _review(tmp_path, MAPPING.read_text(encoding="utf-8"))
    run = tmp_path / "run"
    pm.execute_notebook(str(ROOT / "notebooks" / "04-social-reports.ipynb"), str(tmp_path / "out.ipynb"),
                        kernel_name="python3", progress_bar=False,
                        parameters={"review_dir": str(review), "corpus_dir": str(corpus), "run_dir": str(run),
                                    "language": "fi"})
    art = run / "artefacts" / "04-social-reports"
    reports = pd.read_csv(art / "social_reports.csv", dtype=str, keep_default_na=False)
    assert sorted(reports["report_id"]) == ["I-01", "I-02", "W-0001", "W-0002", "W-0003", "W-0004"]
    b = pd.read_csv(art / "social_report_breakdowns.csv", dtype=str, keep_default_na=False)
    need = b[b["dimension"] == "need_category"].set_index("value")["n_reports"].astype(int)
    assert (need["2"], need["3"], need["4"], need["7"]) == (4, 1, 3, 1)
    status = b[b["dimension"] == "processing_status"].set_index("value")["n_reports"].astype(int)
    assert status.to_dict() == {"received": 1, "analysed": 1, "forwarded": 1, "response_received": 1, "closed": 2}
    process = pd.read_csv(art / "social_report_process.csv", keep_default_na=False, dtype=str)
    whole = process[(process["unit"] == "all") & (process["half_year"] == "all")].iloc[0]
    assert (whole["n_reports"], whole["n_processed"], whole["n_fed_back"]) == ("6", "5", "3")
    # the feedback pages hold one region's reports: the (region-dependent) report stage writes them, not this
    # stage, which a batch shares (tests/test_feedback_scope.py)
    assert not list(art.glob("feedback_*.html"))
    fb = pd.read_csv(art / "social_report_feedback.csv", dtype=str, keep_default_na=False)
    assert sorted(set(fb["reporter_group"])) == ["partner", "resident", "social_counsellor", "social_worker"]
    assert all((art / f"reports_by_{d}.png").exists() for d in ("need_category", "municipality", "half_year",
                                                                "processing_status"))
    shown = (tmp_path / "out.ipynb").read_text(encoding="utf-8")
    assert "share_processed" in shown and "(vaihe 07)" in shown


def test_the_report_section_names_municipalities_and_shows_figures_with_their_data_tables():
    html = loop_section(breakdowns(REPORTS), process_indicators(REPORTS), "fi",
                        municipality_names={"853": "Turku", "445": "Parainen"})
    assert "Turku (853)" in html and "Parainen (445)" in html
    assert html.count("<img") == 4 and html.count('alt="Pylväskaavio: ') == 4  # one figure per breakdown, alt text
    assert html.count("<table") == 5  # each figure's numbers as a table, and the process indicators
    assert "Raportit tuen tarpeen mukaan (sosiaalihuoltolain 11 §)" in html and "2 asuminen" in html


def test_feedback_pages_are_named_by_the_forms_group_key_and_unknown_groups_are_unspecified():
    from review_tools.report.social_loop import feedback_file, group_keys

    reports = pd.DataFrame({"reporter_role": ["other professional", "Social-Worker", "sosiaaliohjaaja", None, "client"]})
    keys = list(group_keys(reports))
    assert keys == ["other_professional", "social_worker", "", "", "client"]
    assert [feedback_file(k) for k in keys[:3]] == [
        "feedback_other_professional.html", "feedback_social_worker.html", "feedback_unspecified.html"]
