"""Region scopes: checked by the configuration loader against the region key; a run shows its own region's,
its county's and national recommendations, interviews and social reports (issue 13 part 5)."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from review_tools._config_region_scope import check_scope_list, scope_key_records
from review_tools.config import load_file, load_review
from review_tools.errors import ConfigError
from review_tools.regions import regional_reports
from review_tools.scopes import Scope, parse_scope, run_scope, scope_of_report

from .conftest import ROOT

CORPUS = ROOT / "corpus"


@pytest.fixture(scope="module")
def key():
    return scope_key_records(CORPUS)


def test_scope_forms_follow_the_run_region_parameter(key):
    assert parse_scope(None) == parse_scope("national") == parse_scope("SSS") == Scope("national")
    assert parse_scope("05") == parse_scope("HV5") == Scope("county", "5")
    assert parse_scope("853") == parse_scope("KU853") == Scope("municipality", "853")
    assert parse_scope("Turku", key) == parse_scope("Åbo", key) == Scope("municipality", "853")
    assert parse_scope("Varsinais-Suomi", key) == parse_scope("Egentliga Finlands välfärdsområde", key) == Scope("county", "5")
    with pytest.raises(ValueError, match="Turkku.*Valid: 'national'.*5 Varsinais-Suomen hyvinvointialue.*853"):
        parse_scope("Turkku", key)
    with pytest.raises(ValueError, match="unknown region '999'"):
        parse_scope("999", key)
    with pytest.raises(ValueError, match="not a region scope"):
        parse_scope("Turku")  # names need the key


def test_a_county_run_shows_its_own_and_national_items_a_municipal_run_also_its_county(key):
    county, town, other, country = run_scope("5", key), run_scope("853", key), run_scope("9", key), run_scope("SSS", key)
    assert town.county == "5"
    cases = {"national": ("national", "national", "national", "national"),
             "5": ("local", "county", None, "local"),
             "853": ("local", "local", None, "local"),
             "734": ("local", None, None, "local"),  # Salo, another municipality of Southwest Finland
             "15": (None, None, None, "local")}
    for value, expected in cases.items():
        got = tuple(s.relation(value) for s in (county, town, other, country))
        assert got == expected, value
    # without the key a municipality's county comes from the item itself (a social report's county_code)
    assert run_scope("5").relation(scope_of_report("5", "853"), "5") == "local"
    assert run_scope("5").relation(scope_of_report("15", "179"), "15") is None


def test_regional_reports_keep_the_regions_own_county_and_national_reports(key):
    reports = pd.DataFrame({"report_id": ["a", "b", "c", "d", "e"], "county_code": ["5", "5", "15", "", "05"],
                            "municipality_code": ["853", "", "179", "", "734"]})
    pick = lambda region: list(regional_reports(reports, region, run_scope(region, key))["report_id"])  # noqa: E731
    assert pick("5") == ["a", "b", "d", "e"]
    assert pick("853") == ["a", "b", "d"]  # Turku: its own, its county's and the national report; not Salo's
    assert pick("15") == ["c", "d"]
    assert pick("9") == ["d"]
    assert pick("SSS") == ["a", "b", "c", "d", "e"]


def test_config_loader_names_file_item_and_valid_choices(tmp_path):
    review = tmp_path / "review"
    shutil.copytree(ROOT / "review", review)
    text = (review / "recommendations.yaml").read_text(encoding="utf-8")
    text = text.replace('region: "5"  # Southwest Finland: the risks', 'region: Turkku  # the risks', 1)
    (review / "recommendations.yaml").write_text(text, encoding="utf-8")
    inf = (review / "informants.yaml").read_text(encoding="utf-8").replace('region: "15"', 'region: "77"', 1)
    (review / "informants.yaml").write_text(inf, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_review(review, CORPUS)
    problems = info.value.problems
    assert any(p.startswith("recommendations.yaml: recommendations[0] (id 'R1-housing-guarantee').region: unknown "
                            "region 'Turkku'. Valid: 'national'") and "15 Keski-Suomen hyvinvointialue" in p
               for p in problems), problems
    assert any(p.startswith("informants.yaml: informants[9] (id 'H10').region: unknown region '77'") for p in problems)
    assert len(problems) == 2
    # without the corpus only the form is checked: a name cannot be told from a typo
    with pytest.raises(ConfigError, match=r"recommendations\[0\] \(id 'R1-housing-guarantee'\).region: 'Turkku' is not"):
        load_file(review / "recommendations.yaml", "recommendations")


def test_findings_and_other_lists_use_the_same_check(key):
    data = {"findings": [{"id": "F1", "region": "853"}, {"id": "F2", "region": "Kaarina"}, {"id": "F3", "region": "x"},
                         {"id": "F4"}, {"id": "F5", "region": ["5"]}]}
    problems = check_scope_list("findings.yaml", data, "findings", key)
    assert [p.split(".region")[0] for p in problems] == ["findings.yaml: findings[2] (id 'F3')",
                                                          "findings.yaml: findings[4] (id 'F5')"]


def test_demo_review_scopes_southwest_recommendations_to_their_county():
    cfg = load_review(ROOT / "review", CORPUS)
    scopes = {r.id: str(parse_scope(r.region)) for r in cfg.recommendations.recommendations}
    assert scopes["R1-housing-guarantee"] == scopes["R4-ohjaamo-social-work"] == "5"
    assert sorted(k for k, v in scopes.items() if v == "national") == [
        "R2-aftercare-transition", "R3-kela-fast-track", "R5-peer-support", "R6-social-reporting-cycle",
        "R7-interface-agreement"]
