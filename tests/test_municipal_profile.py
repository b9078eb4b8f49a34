"""Municipal runs: a municipality's profile against its county and the whole country."""

from __future__ import annotations

import pandas as pd
import pytest

from review_tools.errors import StageInputError
from review_tools.indicators.profile import build_profiles

from ._indicators_shared import demo_stage


def test_key_accepts_municipality_codes_and_names_them():
    st = demo_stage()
    assert st.key.check_region("853") == ("853", "municipality")
    assert st.key.check_region("KU853") == ("853", "municipality")
    assert st.key.check_region("5") == ("5", "county")
    assert st.key.region_name("853", "sv") == "Åbo" and st.key.region_name("853", "fi") == "Turku"
    with pytest.raises(StageInputError, match="unknown municipality code '999'"):
        st.key.check_region("999")


def test_municipal_profile_against_its_county_and_the_whole_country():
    st = demo_stage()
    prof = build_profiles(st.data, st.indicator_set, st.key, ["853", "5"], (2000, 2012), warn=False)
    mun, county = prof["853"].set_index("indicator_id"), prof["5"].set_index("indicator_id")
    d = st.data[(st.data["indicator_id"] == "unemployment") & st.data["gender"].isin(["total", ""])]
    row = mun.loc["unemployment"]
    year = int(row["year"])
    own = d[(d["region_level"] == "municipality") & (d["region_code"] == "853") & (d["year"] == year)]["value"]
    assert row["value"] == pytest.approx(float(own.iloc[0]))
    cty = d[(d["region_level"] == "county") & (d["region_code"] == "5") & (d["year"] == year)]["value"]
    assert row["county_value"] == pytest.approx(float(cty.iloc[0]))
    assert row["country_value"] == pytest.approx(float(d[(d["region_level"] == "country") & (d["year"] == year)]["value"].iloc[0]))
    # the rank is among the county's municipalities with a value that year (lower is better)
    members = set(st.key.municipalities.loc[st.key.municipalities["county_code"] == "5", "municipality_code"])
    peers = d[(d["region_level"] == "municipality") & d["region_code"].isin(members) & (d["year"] == year)]
    assert int(row["n_regions"]) == len(peers)
    assert int(row["rank"]) == int((peers["value"] < float(own.iloc[0])).sum()) + 1
    assert row["region_name"] == "Turku"
    assert pd.isna(county.loc["unemployment", "county_value"])
