"""The demo report read in Chromium: recommendation → finding → evidence and back, by clicking.

Runs the whole demo (``review-tools run``) on a copy of the review and corpus, with a finding statement and
a confirmed explanation carrying markup (shown as text, never run), then follows the links a reader follows.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml

from review_tools.cli import main

from ._jupyterlab import CHROMIUM_ARGS, chromium_executable, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
PAYLOAD = '<img src=x onerror="window.__pwned=1">'
pytestmark = [pytest.mark.slow, pytest.mark.browser]


@pytest.fixture(scope="module")
def demo_report(tmp_path_factory) -> Path:
    executable = chromium_executable()
    root = tmp_path_factory.mktemp("findings")
    shutil.copytree(ROOT / "review", root / "review", ignore=shutil.ignore_patterns("*.db*", "keys"))
    shutil.copytree(ROOT / "corpus", root / "corpus")
    path = root / "review" / "findings.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["findings"][4]["statement"]["en"] += " " + PAYLOAD
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    out = root / "outputs"
    assert main(["run", "--review", str(root / "review"), "--corpus", str(root / "corpus"), "--out", str(out),
                 "--name", "demo", "--notebooks", str(ROOT / "notebooks"), "--no-progress"]) == 0
    assert executable
    return out / "demo"


def _at(page, anchor: str) -> bool:
    """Whether the page is at ``#anchor`` and that element is on screen."""
    return page.evaluate("""(id) => {
        const el = document.getElementById(id);
        if (!el || location.hash !== '#' + id) return false;
        const r = el.getBoundingClientRect();
        return r.bottom > 0 && r.top < window.innerHeight;
    }""", anchor)


def test_reader_follows_recommendation_to_finding_to_evidence_and_back(demo_report):
    findings = pd.read_csv(demo_report / "artefacts" / "07-synthesis" / "findings.csv", dtype=str)
    assert len(findings) == 7 and set(findings["overall"]) <= {"high", "moderate", "low", "very_low"}
    sources = dict(zip(findings["finding_id"], findings["source"], strict=True))
    assert sources["F1-housing-after-care"] == "file" and sources["F3-social-assistance-delays"] == "database"
    assert sources["F2-transition-breaks"] == "proposal"
    extraction = pd.read_csv(demo_report / "artefacts" / "03-coding" / "extraction.csv", dtype=str)
    included = pd.read_csv(demo_report / "artefacts" / "02-screening" / "included.csv", dtype=str)
    assert set(extraction["record_id"]) == set(included["record_id"])
    assert (extraction["complete"] == "True").all(), "every included study of the demo has its extraction record"

    with sync_playwright()() as p:
        browser = p.chromium.launch(executable_path=chromium_executable(), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        page.goto((demo_report / "report.html").as_uri(), wait_until="load")
        assert page.evaluate("window.__pwned || 0") == 0
        assert PAYLOAD in page.inner_text("#finding-F5-loneliness ~ p")

        # recommendation -> finding
        rec = page.locator("article:has(#rec-R1-housing-guarantee)")
        rec.locator('a[href="#finding-F1-housing-after-care"]').click()
        assert _at(page, "finding-F1-housing-after-care")
        card = page.locator("article:has(#finding-F1-housing-after-care)")
        text = card.inner_text()
        assert "Confidence: moderate." in text and "findings file" in text
        for label in ("Methodological limitations", "Coherence", "Adequacy of data", "Relevance", "Overall confidence"):
            assert label in text
        assert "1 of the 17 counted evidence units contradict the finding" in text

        # finding -> evidence (a study, a quote, a report), each with a back-link to the finding
        for target in ("study-dworsky_homelessness_2013", "quote-INT01_30", "report-SR-2024-001"):
            card.locator(f'a[href="#{target}"]').first.click()
            assert _at(page, target), target
            back = page.locator(f'#{target} a[href="#finding-F1-housing-after-care"]')
            assert back.count() == 1, f"{target} links back to the finding"
            back.click()
            assert _at(page, "finding-F1-housing-after-care")

        # finding -> recommendation (back up the chain)
        card.locator('a[href="#rec-R1-housing-guarantee"]').last.click()
        assert _at(page, "rec-R1-housing-guarantee")

        # the database-confirmed finding says so; a proposal says it awaits the team
        assert "in the review database (lead)" in page.inner_text("article:has(#finding-F3-social-assistance-delays)")
        assert "has not confirmed it yet" in page.inner_text("article:has(#finding-F2-transition-breaks)")

        # every included study shows its extraction and appraisal record
        details = page.locator("#references ~ ol li details, ol.rt-refs li details")
        assert details.count() == len(included)
        study = page.locator("#study-GS-2024-012")
        study.locator("summary").click()
        shown = study.inner_text()
        assert "Mixed Methods Appraisal Tool" in shown and "7 of 7 criteria met" in shown and "Care leavers" in shown
        browser.close()
