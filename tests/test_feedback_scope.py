"""Issue 15 leftovers: the reporter groups' feedback pages hold the run's region's reports only, phenomena are
shown by their label in the run's language (never the form's key), and the run's landing page (``RUN/index.html``)
speaks the run's language."""

from __future__ import annotations

import re
import shutil

import pandas as pd
import pytest
import yaml

from review_tools._config_region_scope import scope_key_records
from review_tools.config import load_review
from review_tools.regions import regional_reports
from review_tools.report.pages import run_index_page
from review_tools.report.social_loop import feedback_links, feedback_pages, phenomenon_labels
from review_tools.scopes import run_scope

from ._language_leaks import Matcher, run_leaks
from .conftest import ROOT

# Turku (853) and Parainen (445) are in Southwest Finland (county 5), Jyväskylä (179) in Central Finland (15)
REPORTS = pd.DataFrame(
    {
        "report_id": ["t1", "t2", "t3", "p1", "p2", "j1", "c5"],
        "reporter_role": ["social_worker"] * 5 + ["social_worker", "partner"],
        "county_code": ["5", "5", "5", "5", "5", "15", "5"],
        "municipality_code": ["853", "853", "853", "445", "445", "179", ""],
        "submitted_at": [
            "2024-02-01",
            "2024-03-01",
            "2024-04-01",
            "2024-05-01",
            "2024-06-01",
            "2024-07-01",
            "2024-08-01",
        ],
        "language": ["fi", "fi", "sv", "sv", "sv", "fi", "fi"],
        "observation_type": ["problem"] * 7,
        "shl11_need_categories": ["2"] * 7,
        "processing_status": ["received"] * 7,
        "feedback_at": [""] * 7,
        "phenomenon": [
            "youth_homelessness",
            "youth_homelessness",
            "brand_new_key",
            "youth_homelessness",
            "neet_youth",
            "youth_debt",
            "youth_homelessness",
        ],
        "phenomenon_title": [
            "Asunnottomuus talvella",
            "Asunnottomuus",
            "Egen rubrik på svenska",
            "Bostadslösa unga",
            "Unga utan studieplats",
            "Pikavipit",
            "Asunnottomuus",
        ],
        "codes": ["SW.SOC.COM.LIV"] * 7,
    }
)


@pytest.fixture(scope="module")
def cfg():
    return load_review(ROOT / "review")


def _scoped(region: str) -> pd.DataFrame:
    return regional_reports(REPORTS, region, run_scope(region, scope_key_records(ROOT / "corpus")))


def _total(page: str) -> int:
    return int(re.search(r"Ryhmän raportteja: (\d+)\.", page).group(1))


@pytest.mark.parametrize(
    ("region", "social_workers", "partners"),
    [
        (
            "853",
            3,
            1,
        ),  # Turku: its three reports, and the county-level one (no municipality) of its county
        ("445", 2, 1),  # Parainen
        ("5", 5, 1),  # the county: every municipality of it, never Jyväskylä's
        ("179", 1, 0),  # Jyväskylä: not one report of Southwest Finland
        ("SSS", 6, 1),  # the whole country: all
    ],
)
def test_feedback_pages_hold_the_runs_region_only(cfg, region, social_workers, partners):
    pages = feedback_pages(cfg, _scoped(region), "fi")
    assert _total(pages["social_worker"]) == social_workers
    assert ("partner" in pages) == bool(partners)
    if partners:
        assert _total(pages["partner"]) == partners


def test_feedback_links_name_the_groups_and_point_to_the_report_stage(cfg):
    links = feedback_links(_scoped("853"), "sv")
    assert links == [
        ("samarbetspartner", "artefacts/07-synthesis/feedback_partner.html"),
        ("socialarbetare", "artefacts/07-synthesis/feedback_social_worker.html"),
    ]


@pytest.mark.parametrize(
    ("language", "label"),
    [
        ("fi", "Nuorten asunnottomuus"),
        ("sv", "Bostadslöshet bland unga"),
        ("en", "Youth homelessness"),
    ],
)
def test_phenomena_are_shown_by_their_label_in_the_language(cfg, language, label):
    names = phenomenon_labels(cfg, REPORTS, language)
    assert names["youth_homelessness"] == label
    page = feedback_pages(cfg, _scoped("853"), language)["social_worker"]
    assert label in page
    for key in ("youth_homelessness", "youth homelessness", "brand_new_key", "brand new key"):
        assert key not in page


def test_a_phenomenon_without_a_label_is_shown_by_a_reporters_title_in_the_language_first(cfg):
    assert phenomenon_labels(cfg, REPORTS, "sv")["brand_new_key"] == "Egen rubrik på svenska"
    fi = phenomenon_labels(cfg, REPORTS.assign(language="fi"), "fi")
    assert (
        fi["brand_new_key"] == "Egen rubrik på svenska"
    )  # the only title there is; still not the key
    assert (
        phenomenon_labels(cfg, REPORTS, "fi")["youth_debt"] == "Nuorten velkaantuminen"
    )  # the team's label wins


def test_a_phenomenon_label_without_the_runs_language_is_a_validation_warning(tmp_path):
    review = tmp_path / "review"
    shutil.copytree(ROOT / "review", review, ignore=shutil.ignore_patterns("keys", "review.db*"))
    path = review / "phenomenon_indicators.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["labels"]["neet_youth"] = {"fi": "Nuoret koulutuksen ulkopuolella"}
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    missing = load_review(review).missing_translations(["sv"])
    assert "phenomenon_indicators.yaml: phenomenon neet_youth: label: no sv text" in missing


STAGES = [
    {
        "name": "01-ingest-dedup",
        "href": "html/01-ingest-dedup.html",
        "status": "ok",
        "reused": False,
        "seconds": 3.0,
    },
    {
        "name": "04-social-reports",
        "href": "html/04-social-reports.html",
        "status": "ok",
        "reused": True,
        "seconds": 0.1,
    },
    {
        "name": "07-synthesis-report",
        "href": None,
        "status": "failed",
        "reused": False,
        "seconds": 1.0,
    },
]
PARAMS = {"region": "853", "period": "2011-2020", "language": "sv", "report_top_k": "3"}


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_the_run_landing_page_is_in_the_runs_language(language):
    page = run_index_page(
        "demo",
        "failed",
        STAGES,
        {**PARAMS, "language": language},
        has_report=True,
        language=language,
        pages=[("x", "artefacts/07-synthesis/feedback_partner.html")],
    )
    assert f'<html lang="{language}">' in page
    assert Matcher(language).leaks(page) == []
    title = {"fi": "Aineiston luku", "sv": "Inläsning"}[language]
    assert re.search(rf'<a href="html/01-ingest-dedup.html">01 {title}', page)
    assert {"fi": "epäonnistui", "sv": "misslyckades"}[language] in page
    assert (
        "<code>report_top_k</code>" in page
    )  # a parameter the catalogue does not label: its name, as code
    assert 'href="artefacts/07-synthesis/feedback_partner.html"' in page


def test_the_english_landing_page_is_what_the_leak_check_finds_in_a_swedish_run(tmp_path):
    """The check reads RUN/index.html (and the feedback pages), so an English landing page fails a sv run."""
    (tmp_path / "index.html").write_text(
        run_index_page("demo", "ok", STAGES, PARAMS, has_report=True, language="en"),
        encoding="utf-8",
    )
    (tmp_path / "artefacts").mkdir()
    assert run_leaks(tmp_path, "sv")["index.html"]
    (tmp_path / "index.html").write_text(
        run_index_page("demo", "ok", STAGES, PARAMS, has_report=True, language="sv"),
        encoding="utf-8",
    )
    assert run_leaks(tmp_path, "sv")["index.html"] == []


@pytest.mark.parametrize(
    ("language", "none"), [("fi", "Ei yhtään."), ("sv", "Inga."), ("en", "None.")]
)
def test_an_empty_part_of_a_feedback_page_says_so_in_the_language(cfg, language, none):
    """A group whose reports no recommendation cites: "Inga." in Swedish (Jinja's ``none`` once printed "None")."""
    page = feedback_pages(cfg, _scoped("179"), language)["social_worker"]
    assert f"<p>{none}</p>" in page
    assert Matcher(language).leaks(page) == [] if language != "en" else "<p>None</p>" not in page


def test_every_pseudonymisation_category_has_a_label_in_every_language():
    """Stage pages count replaced identifiers per category; a category without a label showed its key
    ("document: 0") on Finnish and Swedish pages."""
    from review_tools._pseudonymise_core import CATEGORIES
    from review_tools.report.i18n import VALUES

    for lang in ("en", "fi", "sv"):
        missing = [c for c in CATEGORIES if c not in VALUES[lang]]
        assert not missing, f"{lang}: {missing}"
