"""An honest report: how far screening got (records awaiting a decision, the stopping rule's estimated
recall, its confidence and verdict) in the key figures, the PRISMA part, the limitations, and before the
recommendations when screening is unfinished; in English and Finnish."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pandas as pd
import pytest

from review_tools import report
from review_tools import synthesis as syn
from review_tools.config import load_review
from review_tools.social_reports import half_year
from review_tools.stages.synthesis_report import load_artefacts

from ._demo_runs import demo_run
from .conftest import ROOT
from .test_report_html import Scan

RUN = Path(__file__).resolve().parent / "data" / "synthesis_run"
UNFINISHED = {"awaiting_ta": 21, "awaiting_ft": 3}
STOPPING = {"confidence": 0.99, "n_screened": 26, "n_total": 47, "recall_estimate": 0.712, "recall_lower_bound": 0.604,
            "recall_target": 0.95, "stop": False}


@pytest.fixture(scope="module")
def cfg():
    return load_review(RUN / "review")


def sections_with(cfg, prisma_extra: dict | None, stopping: dict | None, language: str) -> dict[str, str]:
    art = load_artefacts(RUN)
    art = dataclasses.replace(art, prisma={**art.prisma, **(prisma_extra or {})}, stopping=stopping)
    res = syn.synthesise(cfg.recommendations, cfg.codebook, cfg.indicators, art, "5", "2000-2012", language)
    return {s.id: s.html for s in report.build_sections(cfg, res, language=language)}


def text_of(html: str) -> str:
    scan = Scan()
    scan.feed(html)
    return re.sub(r"\s+", " ", "".join(scan.text))


@pytest.mark.parametrize(("language", "phrases"), [
    ("en", ["21 of 47 records await a title/abstract decision and 3 full texts await a decision",
            "estimates recall at 71.2 %, at least 60.4 % with 99 % confidence", "the rule says continue screening",
            "Screening is unfinished"]),
    ("fi", ["21/47 tietuetta odottaa otsikko- ja tiivistelmävaiheen päätöstä ja 3 kokotekstiä odottaa päätöstä",
            "arvioi saanniksi 71.2 %, vähintään 60.4 % 99 %:n luottamuksella", "sääntö: jatka seulontaa",
            "Seulonta on kesken"]),
])
def test_unfinished_screening_is_stated_everywhere_and_before_the_recommendations(cfg, language, phrases):
    secs = sections_with(cfg, UNFINISHED, STOPPING, language)
    description, methods = text_of(secs["description"]), text_of(secs["methods"])
    limitations, recs = text_of(secs["limitations"]), text_of(secs["recommendations"])
    for phrase in phrases[:3]:
        assert phrase in methods and phrase in limitations and phrase in description, phrase
    assert phrases[3] in description and phrases[3] in recs
    # key figures: each stage's waiting records and the estimate with its confidence
    assert "21 / 47" in description and "71.2 % (" in description and "60.4 %" in description
    # in the recommendations the notice comes before the first recommendation
    html = secs["recommendations"]
    assert html.index("rt-screening") < html.index('class="rt-rec"')
    # and the PRISMA part carries the sentences right after the PRISMA counts
    wp1 = secs["methods"][:secs["methods"].index('id="methods-wp2"')]
    assert "rt-screening" in wp1


def test_finished_screening_says_so_without_a_warning(cfg):
    secs = sections_with(cfg, {"awaiting_ta": 0, "awaiting_ft": 0}, {**STOPPING, "stop": True}, "en")
    assert "No record awaits a screening decision." in text_of(secs["limitations"])
    assert "the rule says screening may stop" in text_of(secs["methods"])
    assert "rt-screening" not in secs["recommendations"] and "Screening is unfinished" not in secs["description"]


def test_stopping_rule_ending_title_abstract_screening_is_not_unfinished(cfg):
    secs = sections_with(cfg, {"awaiting_ta": 21, "awaiting_ft": 0}, {**STOPPING, "stop": True}, "en")
    assert "Screening is unfinished" not in text_of(secs["recommendations"])
    assert "21 of 47 records await a title/abstract decision" in text_of(secs["limitations"])


def test_without_a_stopping_estimate_the_report_says_there_is_none(cfg):
    secs = sections_with(cfg, UNFINISHED, None, "en")
    assert "There is no stopping-rule estimate of recall" in text_of(secs["limitations"])
    assert "Screening is unfinished" in text_of(secs["recommendations"])


def test_report_half_years_are_the_social_report_stage_s_own(cfg):
    """One half-year definition: a report without a readable date is counted as such, not dropped or renamed."""
    art = load_artefacts(RUN)
    reps = art.table("04-social-reports", "social_reports.csv").copy()
    reps.loc[reps.index[0], "submitted_at"] = "not a date"
    tables = {**art.tables, "04-social-reports/social_reports.csv": reps}
    art = dataclasses.replace(art, tables=tables)
    res = syn.synthesise(cfg.recommendations, cfg.codebook, cfg.indicators, art, "5", "2000-2012")
    regional = res.inputs.reports
    expected = pd.crosstab(half_year(regional["submitted_at"]), regional["observation_type"].fillna(""))
    pd.testing.assert_frame_equal(res.inputs.periods, expected)
    assert "" in set(res.inputs.periods.index)
    methods = text_of(next(s.html for s in report.build_sections(cfg, res, language="en") if s.id == "methods"))
    assert "date missing" in methods


@pytest.mark.slow
def test_demo_report_states_what_awaits_screening_and_the_estimated_recall(tmp_path_factory):
    """The demo run as a user runs it (``review-tools run``, shared read-only with other modules): its report.html,
    then the Finnish sections."""
    result, _ = demo_run(tmp_path_factory)
    run = result.run_dir
    prisma = json.loads((run / "artefacts" / "02-screening" / "prisma.json").read_text(encoding="utf-8"))
    stopping = json.loads((run / "artefacts" / "02-screening" / "stopping.json").read_text(encoding="utf-8"))
    page = (run / "report.html").read_text(encoding="utf-8")
    text = text_of(page)
    ta, n, ft = prisma["awaiting_ta"], prisma["screened"], prisma["awaiting_ft"]
    estimate, lower = round(stopping["recall_estimate"] * 100, 1), round(stopping["recall_lower_bound"] * 100, 1)
    confidence = round(stopping["confidence"] * 100)
    awaiting = f"{ta} of {n} records await a title/abstract decision and {ft} full texts await a decision"
    recall = f"estimates recall at {estimate:g} %, at least {lower:g} % with {confidence} % confidence"
    verdict = "the rule says screening may stop" if stopping["stop"] else "the rule says continue screening"
    assert text.count(awaiting) >= 3 and text.count(recall) >= 3 and verdict in text  # key figures, PRISMA, limitations
    unfinished = ft > 0 or (ta > 0 and not stopping["stop"])
    if unfinished:
        assert page.index("Screening is unfinished") < page.index('id="recommendations"')
        rec_part = page[page.index('id="recommendations"'):]
        assert rec_part.index("Screening is unfinished") < rec_part.index('class="rt-rec"')
    # the same run in Finnish
    cfg = load_review(ROOT / "review", corpus_dir=ROOT / "corpus")
    art = load_artefacts(run)
    params = json.loads((run / "manifest.json").read_text(encoding="utf-8"))["parameters"]
    res = syn.synthesise_review(cfg, art, params.get("region", "5"), params.get("period", "2000-2012"), "fi")
    fi = text_of(report.render_report(cfg, res, language="fi"))
    assert f"{ta}/{n} tietuetta odottaa otsikko- ja tiivistelmävaiheen päätöstä" in fi
    assert f"arvioi saanniksi {estimate:g} %, vähintään {lower:g} % {confidence} %:n luottamuksella" in fi
