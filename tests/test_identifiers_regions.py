"""One DOI normaliser, one code-list splitter and one region-code normaliser, shared by every stage."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from review_tools import identifiers, regions
from review_tools.coding import model
from review_tools.ingest import normalise_doi as ingest_doi
from review_tools.synthesis import links, normalise_region


@pytest.mark.parametrize(("raw", "expected"), [
    ("https://doi.org/10.1016/J.CHILDYOUTH.2019.01.002 [doi]", "10.1016/j.childyouth.2019.01.002"),
    ("doi: 10.1186/s13643-020-01521-4.", "10.1186/s13643-020-01521-4"),
    ("https://dx.doi.org/10.1000%2Fabc", "10.1000/abc"),
    ("prince_effects_2019", ""), (None, ""), (math.nan, ""), ("", ""),
])
def test_normalise_doi(raw, expected):
    assert identifiers.normalise_doi(raw) == expected


def test_ingest_and_the_synthesis_use_the_same_doi_normaliser():
    assert ingest_doi is identifiers.normalise_doi and links.normalise_doi is identifiers.normalise_doi


@pytest.mark.parametrize(("raw", "expected"), [
    ("SW.SOC; SW.SOC.COM,X.GP", ["SW.SOC", "SW.SOC.COM", "X.GP"]), ("A;B", ["A", "B"]), (" ; ", []),
    (None, []), (math.nan, []), (["A", " ", "B"], ["A", "B"]),
])
def test_split_codes(raw, expected):
    assert identifiers.split_codes(raw) == expected
    assert model.split_codes is identifiers.split_codes


@pytest.mark.parametrize(("code", "level", "expected"), [
    ("05", "county", "5"), (5, "county", "5"), ("5.0", "county", "5"), ("HV05", "county", "5"), ("sss", "county", "SSS"),
    ("91", "municipality", "091"), ("KU091", "municipality", "091"), ("anything", "country", "SSS"),
])
def test_normalise_region_code(code, level, expected):
    assert regions.normalise_region_code(code, level) == expected


def test_region_codes_that_are_not_numbers_are_refused_unless_lenient():
    with pytest.raises(ValueError, match="not a number"):
        regions.normalise_region_code("Uusimaa", "county")
    assert regions.normalise_region_code("uusimaa", strict=False) == "UUSIMAA"
    assert normalise_region("05") == "5" and normalise_region("sss") == "SSS"


def test_regional_reports_match_codes_in_any_spelling():
    reps = pd.DataFrame({"report_id": ["a", "b", "c"], "county_code": ["05", "5", "15"]})
    assert list(regions.regional_reports(reps, 5)["report_id"]) == ["a", "b"]
    assert list(regions.regional_reports(reps, "SSS")["report_id"]) == ["a", "b", "c"]
    assert list(regions.regional_reports(reps.drop(columns="county_code"), "5")["report_id"]) == ["a", "b", "c"]
