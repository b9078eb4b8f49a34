"""Social reports: validation with exact counts, shared pseudonymiser and coder, summaries, links."""

from __future__ import annotations

import base64
import warnings

import pandas as pd
import pytest

from review_tools.config import load_review
from review_tools.errors import CorpusFormatError, ReviewToolsWarning
from review_tools.provenance import personal_label
from review_tools.pseudonymise import Pseudonymiser
from review_tools.readers.social_reports import read_social_reports, validate_reports
from review_tools.social_reports import (
    code_reports,
    half_year,
    phenomena_with_indicators,
    pseudonymise_reports,
    summarise_reports,
)

from ._indicators_shared import demo_stage
from .conftest import DATA, ROOT

FIXTURE = DATA / "indicators" / "social_reports_valid_and_bad_rows.csv"
COUNTIES = [str(c) for c in (*range(1, 22), 90, 91)]


def _read(path=FIXTURE, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ReviewToolsWarning)
        return read_social_reports(path, counties=COUNTIES, **kw)


def test_bad_rows_rejected_with_row_numbers_and_exact_counts():
    with pytest.warns(ReviewToolsWarning, match=r"^social_reports/file-[0-9a-f]{12}\.csv: 4 reports accepted, 2 rejected: "
                      r"row 5: submitted_at is not a date YYYY-MM-DD \| row 6: county_code is missing") as w:
        df = read_social_reports(FIXTURE, counties=COUNTIES)
    # the file is named by a pseudonymous label and no cell value is quoted (a cell may hold personal data)
    assert all(FIXTURE.name not in str(x.message) and "2024-13-01" not in str(x.message) for x in w)
    assert df["report_id"].tolist() == ["SR-T-001", "SR-T-002", "SR-T-003", "SR-T-006"]
    assert df["clients_seen"].tolist()[:2] == [12, 30] and pd.isna(df["clients_seen"].iloc[3])


def test_field_checks():
    raw = pd.read_csv(FIXTURE, dtype=str, keep_default_na=False).head(3)
    raw.loc[0, "county_code"] = "24"
    raw.loc[1, "sectors_concerned"] = "sote;bank"
    raw.loc[2, "municipality_code"] = "179"  # Jyväskylä is in county 15, the row says 5
    mun = {"853": "5", "179": "15", "445": "5"}
    with pytest.warns(ReviewToolsWarning, match=r"0 reports accepted, 3 rejected: row 2: county_code is not a wellbeing "
                      r"services county code.*row 3: sectors_concerned has 1 value\(s\) not in .*"
                      r"row 4: municipality 179 lies in county 15, not 5"):
        out = validate_reports(raw, counties=COUNTIES, municipalities=mun)
    assert out.empty
    with pytest.raises(CorpusFormatError, match=r"required column\(s\) county_code missing; the file's columns are: "
                                                 r"report_id, submitted_at, .*social_report_columns.yaml"):
        validate_reports(raw.drop(columns="county_code"))


def test_xlsx_export_reads_like_the_csv(tmp_path):
    raw = pd.read_csv(FIXTURE, dtype=str, keep_default_na=False)
    raw.to_excel(tmp_path / "reports.xlsx", index=False)
    pd.testing.assert_frame_equal(_read(tmp_path / "reports.xlsx"), _read())


def test_pseudonymised_with_the_shared_pseudonymiser(tmp_path):
    df = _read()
    out, counts = pseudonymise_reports(df, Pseudonymiser(key_path=tmp_path / "keys" / "k.json"))
    text = out.loc[out["report_id"] == "SR-T-001", "description"].iloc[0]
    assert "Virtanen" not in text and "040 123 4567" not in text
    assert counts["phone"] == 1 and counts["name"] >= 1
    assert df.loc[0, "description"].count("Virtanen") == 1  # input not mutated


def test_coding_summary_and_links():
    df = _read()
    coded = code_reports(df, load_review(ROOT / "review").codebook, top_k=3)
    by_id = coded.set_index("report_id")
    assert by_id.loc["SR-T-002", "codes"] == "SW.SOC.COM.LIVELI" and by_id.loc["SR-T-002", "code_origin"] == "human"
    assert by_id.loc["SR-T-001", "code_origin"] == "suggested"
    assert "SW.SOC.COM.LIV" in by_id.loc["SR-T-001", "codes"].split(";")  # asunnottomuus, vuokra-asunto
    summ = summarise_reports(coded)
    yh = summ[summ["phenomenon"] == "youth_homelessness"]
    assert yh["n_reports"].sum() == 2 and yh["n_good_practice"].sum() == 1 and set(yh["half_year"]) == {"2024-H1"}
    assert summ["n_reports"].sum() == len(coded)
    st = demo_stage()
    links = phenomena_with_indicators(coded, {"5": st.profile}, st.indicator_set)
    sa = links[(links["phenomenon"] == "social_assistance_waiting_times")]
    # matched by theme (SW.SOC.COM.LIVELI); the chosen links of review/phenomenon_indicators.yaml replace this
    # matching in indicators.context.phenomena_beside_indicators
    assert set(sa["indicator_id"]) == {"social_assistance_recipients", "social_assistance_eur",
                                       "long_term_social_assistance_18_24_index",
                                       "long_term_social_assistance_25_64_index", "supplementary_social_assistance_index"}
    assert (sa["value"] == st.profile.set_index("indicator_id").loc[sa["indicator_id"], "value"].to_numpy()).all()


def test_half_year():
    assert half_year(pd.Series(["2024-06-30", "2024-07-01", "bad"])).tolist() == ["2024-H1", "2024-H2", ""]


def _review(folder):
    """A copy of the demo review folder (without its database and pseudonym key), loaded."""
    import shutil

    shutil.copytree(ROOT / "review", folder, ignore=shutil.ignore_patterns("*.db", "*.db-*", "keys"))
    return load_review(folder)


def run_stage(review, corpus, run, **params):
    """Stage 04-social-reports as its notebook runs it, on ``review`` (a folder) loaded by load_review."""
    from review_tools.stages import social_reports

    return social_reports.run(_review(review), corpus, run, **params)


@pytest.fixture(scope="module")
def stage_run(tmp_path_factory):
    """Stage 04-social-reports on the fixture export, with only the region key of the demo corpus."""
    import shutil

    base = tmp_path_factory.mktemp("sr_stage")
    corpus, review = base / "corpus", base / "review"
    (corpus / "social_reports").mkdir(parents=True)
    shutil.copyfile(FIXTURE, corpus / "social_reports" / FIXTURE.name)
    shutil.copytree(ROOT / "corpus" / "indicators" / "regions", corpus / "indicators" / "regions")  # no indicator data
    res = run_stage(review, corpus, base / "run", report_top_k=3)
    return res, base


def test_stage_writes_pseudonymised_coded_reports_and_exact_counts(stage_run):
    res, base = stage_run
    art = base / "run" / "artefacts" / "04-social-reports"
    m = res.manifest
    assert (m["rows_read"], m["accepted"], m["rejected"]) == (6, 4, 2)
    label = personal_label(FIXTURE, kind="social_reports")
    assert [(r["file"], r["row"]) for r in m["rejected_rows"]] == [(label, 5), (label, 6)]
    assert "county_code is missing" in m["rejected_rows"][1]["problem"]
    assert m["pseudonymisation"]["phone"] == 1 and m["pseudonymisation"]["name"] >= 1
    assert m["code_origin"] == {"human": 1, "suggested": 3} and m["reports_by_county"] == {"15": 1, "5": 3}
    text = (art / "social_reports.csv").read_text(encoding="utf-8")
    assert "Virtanen" not in text and "040 123 4567" not in text
    written = pd.read_csv(art / "social_reports.csv", dtype=str, keep_default_na=False)
    assert written["report_id"].tolist() == ["SR-T-001", "SR-T-002", "SR-T-003", "SR-T-006"]
    assert written.set_index("report_id").loc["SR-T-002", "codes"] == "SW.SOC.COM.LIVELI"
    summary = pd.read_csv(art / "social_report_summary.csv")
    assert summary["n_reports"].sum() == 4
    loop = {"social_report_breakdowns.csv", "social_report_process.csv", "social_report_feedback.csv",
            *(f"reports_by_{d}.png" for d in ("need_category", "municipality", "half_year", "processing_status"))}
    # the reporter groups' feedback pages hold one region's reports: the report stage writes them (not this
    # stage, which a batch shares); made here from what this stage wrote, they show counts only
    assert {p.name for p in art.iterdir()} == {"social_reports.csv", "social_report_summary.csv", "stage_manifest.json",
                                               "reports_by_county.png", *loop}
    from review_tools.config import load_review
    from review_tools.report.social_loop import feedback_pages

    pages = feedback_pages(load_review(base / "review"), written.replace("", None), "fi")
    assert set(pages) == {"social_worker", "social_counsellor", "other_professional", "partner"}
    for html in pages.values():  # counts only: no report text, no name or phone number
        assert "Virtanen" not in html and "040 123 4567" not in html and "asunnoton kolme" not in html
    assert res["rejected"]["row"].tolist() == [5, 6]
    data, meta = res.figure("reports_by_county")._repr_mimebundle_()
    assert base64.b64decode(data["image/png"]).startswith(b"\x89PNG") and "per county" in meta["image/png"]["alt"]


def test_stage_keeps_the_pseudonym_key_in_the_review_folder(stage_run):
    _, base = stage_run
    key = base / "review" / "keys" / "pseudonyms.json"
    assert key.exists() and "Virtanen" in key.read_text(encoding="utf-8")
    assert not any("pseudonyms" in p.name for p in (base / "run").rglob("*"))


def test_stage_checks_municipalities_against_the_region_key(tmp_path):
    import shutil

    raw = pd.read_csv(FIXTURE, dtype=str, keep_default_na=False).head(2)
    raw.loc[0, "municipality_code"] = "179"  # Jyväskylä lies in county 15, the row says 5
    (tmp_path / "corpus" / "social_reports").mkdir(parents=True)
    raw.to_csv(tmp_path / "corpus" / "social_reports" / "export.csv", index=False)
    shutil.copytree(ROOT / "corpus" / "indicators" / "regions", tmp_path / "corpus" / "indicators" / "regions")
    res = run_stage(tmp_path / "review", tmp_path / "corpus", tmp_path / "run")
    assert res.manifest["accepted"] == 1 and res.manifest["rejected_rows"][0]["row"] == 2
    assert "municipality 179 lies in county 15, not 5" in res.manifest["rejected_rows"][0]["problem"]


def test_stage_without_reports_writes_empty_tables(tmp_path):
    import shutil

    shutil.copytree(ROOT / "corpus" / "indicators" / "regions", tmp_path / "corpus" / "indicators" / "regions")
    res = run_stage(tmp_path / "review", tmp_path / "corpus", tmp_path / "run")
    art = tmp_path / "run" / "artefacts" / "04-social-reports"
    reports = pd.read_csv(art / "social_reports.csv")
    assert reports.empty and {"report_id", "county_code", "codes", "code_origin"} <= set(reports.columns)
    assert res.manifest["accepted"] == 0 and not (tmp_path / "review" / "keys").exists()


def test_stage_names_a_missing_region_key(tmp_path):
    (tmp_path / "corpus" / "social_reports").mkdir(parents=True)
    with pytest.raises(CorpusFormatError, match="region folder not found"):
        run_stage(tmp_path / "review", tmp_path / "corpus", tmp_path / "run")
