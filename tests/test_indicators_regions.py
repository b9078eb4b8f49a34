"""Regions: merger crosswalk from the yearly keys, harmonisation and county aggregates.

Aggregates are recomputed here independently with the csv module and plain loops from the raw
files, not with the library's code paths.
"""

from __future__ import annotations

import csv
import gzip
import warnings
from collections import defaultdict

import pandas as pd
import pytest

from review_tools.errors import ReviewToolsWarning, StageInputError
from review_tools.indicators.regions import (
    aggregate_regions,
    build_region_key,
    derive_disappearances,
    harmonise_municipalities,
    region_equivalents,
)
from review_tools.readers.indicator_tables import read_indicator_folder, read_long_csv

from ._indicators_shared import demo_stage
from .conftest import ROOT

CORPUS_IND = ROOT / "corpus" / "indicators"


@pytest.fixture(scope="module")
def folder():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ReviewToolsWarning)
        return read_indicator_folder(CORPUS_IND)


@pytest.fixture
def key():
    return demo_stage().key


@pytest.fixture
def data():
    return demo_stage().data


def test_disappearances_are_the_twelve_mergers(folder):
    gone = derive_disappearances(folder["keys"])
    assert len(gone) == 12
    assert set(gone["old_code"]) == set(folder["mergers"]["old_code"])
    assert (gone["new_codes"] == "").all()  # every merger joined an existing municipality


def test_key_has_23_counties_and_maps_history(key):
    assert len(key.counties) == 23 and len(key.municipalities) == 308
    assert key.current_code("413") == "609"  # Lavia -> Pori (2015)
    assert key.current_code("174") == "297"  # Juankoski -> Kuopio (2017)
    assert key.county_of("838") == "5"  # Tarvasjoki -> Lieto, Varsinais-Suomi
    assert key.check_region("05") == ("5", "county") and key.check_region("sss") == ("SSS", "country")
    with pytest.raises(StageInputError, match="unknown region code '24'"):
        key.check_region("24")


def test_merger_table_missing_a_disappearance_is_an_error(folder):
    mergers = folder["mergers"][folder["mergers"]["old_code"] != "413"]
    keys = folder["keys"]
    with pytest.raises(StageInputError, match="413 Lavia disappears in 2015"):
        build_region_key(keys[2025], keys, mergers)


def test_merged_population_equals_the_population_on_2024_borders(folder, key, shared_data):
    """Panel population (2013 borders) harmonised must equal Sotkanet's population on 2024 borders."""
    pop24 = {}
    with open(shared_data / "indicators" / "regions" / "sotkadata_population.csv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            pop24[(r["municipality_code"].zfill(3), int(r["year"]))] = float(r["primary.value"])
    panel = folder["data"]
    panel = panel[(panel["file"].str.startswith("sotkanet_kunta")) & (panel["indicator_id"] == "127")]
    h = harmonise_municipalities(panel, key, {"127": "sum"})
    h = h[(h["year"] >= 2000)]
    checked = 0
    for code, year, value in zip(h["region_code"], h["year"], h["value"], strict=True):
        if code == "507":  # Pertunmaa joined Mäntyharju after the 2024 borders of that file
            continue
        assert value == pop24[(code, int(year))], (code, year)
        checked += 1
    assert checked > 3900
    merged = h[h["computed"]]
    assert {"609", "297", "423", "301", "098", "783", "398", "051", "541", "214"} <= set(merged["region_code"])


def _raw_panel_rows(title_prefix):
    """(code on 2013 borders, year) -> value, read with the csv module from the corpus file."""
    names = {}
    with open(CORPUS_IND / "reference" / "sotkanet_municipalities_2013.csv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            names[r["region.title.fi"]] = r["region.code"].zfill(3)
    out = {}
    with gzip.open(CORPUS_IND / "sotkanet_kunta_long_1990_2012_demo.csv.gz", "rt", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            if r["Muuttuja"].split("] ", 1)[1].startswith(title_prefix) and r["Arvo"]:
                out[(names[r["Alue"]], int(r["Vuosi"]))] = float(r["Arvo"])
    return out


def _county_members_2013(county):
    """2013 municipality codes whose municipality lies in ``county`` today (key files + merger table, by hand)."""
    succ = {}
    with open(CORPUS_IND / "regions" / "municipality_mergers.csv", encoding="utf-8") as fh:
        for r in csv.DictReader(line for line in fh if not line.startswith("#")):
            succ[r["old_code"].zfill(3)] = r["new_code"].zfill(3)
    county_of = {}
    with open(CORPUS_IND / "regions" / "municipality_key_2025.csv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            county_of[r["kunta"].zfill(3)] = r["hyvinvointialue_code"]
    members = set()
    with open(CORPUS_IND / "regions" / "municipality_key_2013.csv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            c = r["kunta"].zfill(3)
            cur = c
            while cur in succ:
                cur = succ[cur]
            if county_of.get(cur) == county:
                members.add(c)
    return members


@pytest.mark.parametrize("county", ["5", "8", "15"])
def test_county_sums_and_population_weighted_means_recomputed(key, folder, county):
    pop = _raw_panel_rows("Väestö 31.12.")
    sa = _raw_panel_rows("Toimeentulotukea saaneet henkilöt")
    members = _county_members_2013(county)
    exp_sum, num, den = defaultdict(float), defaultdict(float), defaultdict(float)
    for (code, year), v in pop.items():
        if code in members:
            exp_sum[year] += v
    for (code, year), v in sa.items():
        if code in members and (code, year) in pop:
            num[year] += v * pop[(code, year)]
            den[year] += pop[(code, year)]
    panel = folder["data"][folder["data"]["file"].str.startswith("sotkanet_kunta")]
    panel = panel[panel["indicator_id"].isin(["127", "493"])]
    methods = {"127": "sum", "493": "population_weighted_mean"}
    weights = panel[panel["indicator_id"] == "127"][["region_code", "year", "value"]].rename(columns={"value": "population"})
    mun = harmonise_municipalities(panel, key, methods, weights)
    cur_pop = mun[mun["indicator_id"] == "127"][["region_code", "year", "value"]].rename(columns={"value": "population"})
    agg = aggregate_regions(mun, key, methods, cur_pop)
    got = agg[(agg["region_level"] == "county") & (agg["region_code"] == county)]
    s = got[got["indicator_id"] == "127"].set_index("year")["value"]
    m = got[got["indicator_id"] == "493"].set_index("year")["value"]
    assert len(s) == 23 and len(m) >= 20
    for year, v in s.items():
        assert v == pytest.approx(exp_sum[year], rel=1e-12)
    for year, v in m.items():
        assert v == pytest.approx(num[year] / den[year], rel=1e-9)
    assert got["computed"].all() and set(got["method"]) == {"sum", "population_weighted_mean"}
    assert got.loc[got["year"] < 2023, "reform_break"].all()


def test_published_regional_values_are_used_where_the_region_is_the_county(key, folder, data):
    eq = region_equivalents(key, folder["keys"][2013])
    assert eq["2"] == "5"  # Varsinais-Suomi region = Varsinais-Suomi county
    assert "1" not in eq  # Uusimaa is split into four counties and Helsinki
    v5 = data[(data["region_level"] == "county") & (data["region_code"] == "5") & (data["indicator_id"] == "social_assistance_recipients")]
    assert not v5["computed"].any() and set(v5["method"]) == {"published"}
    # the published value agrees with the population-weighted mean of the (rounded) municipal values
    computed = aggregate_regions(data[data["region_level"] == "municipality"], key,
                                 {"social_assistance_recipients": "population_weighted_mean"},
                                 data[(data["region_level"] == "municipality") & (data["indicator_id"] == "population")]
                                 [["region_code", "year", "value"]].rename(columns={"value": "population"}))
    c5 = computed[(computed["region_level"] == "county") & (computed["region_code"] == "5")].set_index("year")["value"]
    both = pd.concat([v5.set_index("year")["value"], c5], axis=1, keys=["pub", "comp"]).dropna()
    assert len(both) >= 15
    assert (both["pub"] - both["comp"]).abs().max() < 0.15


def test_country_is_all_municipalities(data):
    pop = data[(data["indicator_id"] == "population") & (data["year"] == 2022)]
    country = pop[pop["region_level"] == "country"]["value"].iloc[0]
    assert country == pop[pop["region_level"] == "municipality"]["value"].sum()


def test_unknown_codes_are_reported_with_counts(key):
    tidy = read_long_csv(CORPUS_IND / "population_127_2000_2022.csv", indicator_id="127").head(5)
    tidy.loc[0, "region_code"] = "999"
    with pytest.warns(ReviewToolsWarning, match=r"4 municipality rows accepted, 1 rejected \(1 with codes in no key"):
        harmonise_municipalities(tidy, key, {"127": "sum"})
