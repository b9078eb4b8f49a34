"""Indicator set, readers, profile, figures and the CLI on the real demo subset."""

from __future__ import annotations

import csv
import json

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from review_tools import cli
from review_tools.config import load_review
from review_tools.errors import CorpusFormatError, ReviewToolsWarning, StageInputError
from review_tools.indicators import figures
from review_tools.indicators.profile import (
    PROFILE_COLUMNS,
    build_profile,
    parse_period,
    theme_signals,
)
from review_tools.readers.indicator_tables import (
    read_long_csv,
    read_pxweb_json,
    read_sotkanet_indicator_list,
)
from review_tools.readers.sotkanet_tables import _title_key

from ._indicators_shared import demo_stage
from .conftest import ROOT

REQUIRED = ["indicator_id", "indicator", "theme", "region_code", "region_name", "year", "value", "country_value",
            "gap", "change", "trend_slope", "rank", "n_regions", "spread", "signal"]


@pytest.fixture
def stage():
    return demo_stage()


def test_indicator_ids_match_their_titles_in_the_sotkanet_list(shared_data):
    ids = read_sotkanet_indicator_list(shared_data / "indicators" / "sotkanet_1990_2012" / "Sotkanet_valitut_indikaattorit_20130817.csv")
    title_of = dict(zip(ids["sotkanet_id"], ids["title_fi"], strict=True))
    for ind in load_review(ROOT / "review").indicators.indicators:
        if ind.source != "sotkanet":  # the Diak panel's indexes are checked in test_indicator_signals.py
            continue
        listed = title_of[str(ind.sotkanet_id)]
        assert _title_key(listed).startswith(_title_key(ind.title.fi)[:20]), (ind.id, listed)


def test_profile_has_the_issue_columns_and_one_row_per_indicator(stage):
    prof = stage.profile
    assert list(prof.columns[: len(REQUIRED)]) == REQUIRED and list(prof.columns) == PROFILE_COLUMNS
    assert len(prof) == len(stage.indicator_set.indicators) and (prof["region_code"] == "5").all()
    assert (prof["n_regions"].dropna() <= 23).all()


def test_profile_values_recomputed(stage):
    d, prof = stage.data, stage.profile.set_index("indicator_id")
    row = prof.loc["social_assistance_recipients"]
    s = d[(d["indicator_id"] == "social_assistance_recipients") & (d["region_level"] == "county") & (d["region_code"] == "5")
          & d["year"].between(2000, 2012)].sort_values("year")
    assert row["year"] == s["year"].iloc[-1] and row["value"] == s["value"].iloc[-1]
    assert row["change"] == pytest.approx(s["value"].iloc[-1] - s["value"].iloc[0])
    assert row["trend_slope"] == pytest.approx(np.polyfit(s["year"], s["value"], 1)[0])
    same = d[(d["indicator_id"] == "social_assistance_recipients") & (d["region_level"] == "county") & (d["year"] == row["year"])]
    assert row["rank"] == 1 + (same["value"] < row["value"]).sum()  # lower is better
    country = d[(d["indicator_id"] == "social_assistance_recipients") & (d["region_level"] == "country") & (d["year"] == row["year"])]
    assert row["gap"] == pytest.approx(row["value"] - country["value"].iloc[0])
    members = set(stage.key.municipalities.loc[stage.key.municipalities["county_code"] == "5", "municipality_code"])
    mun = d[(d["indicator_id"] == "social_assistance_recipients") & (d["region_level"] == "municipality")
            & (d["year"] == row["year"]) & d["region_code"].isin(members)]
    assert row["spread"] == pytest.approx(mun["value"].max() - mun["value"].min())


def test_signal_is_direction_aware(stage):
    prof = stage.profile.set_index("indicator_id")
    for ind, rec in prof.iterrows():
        if rec["better"] == "context":
            assert rec["signal"] == "context"
        elif pd.isna(rec["value"]):  # e.g. a 2011–2020 Diak index in a 2000–2012 profile
            assert rec["signal"] == "no data", ind
        elif rec["trend_p"] < 0.05:
            improving = (rec["trend_slope"] < 0) == (rec["better"] == "lower")
            assert rec["signal"] == ("better" if improving else "worse"), ind
        else:
            assert rec["signal"] == "no clear change", ind
    sig = theme_signals(stage.profile)
    assert set(sig.columns) == {"theme", "signal", "n_better", "n_worse", "n_unclear"}
    liveli = sig.set_index("theme").loc["SW.SOC.COM.LIVELI"]
    expected = prof[prof["theme"].str.contains("SW.SOC.COM.LIVELI")]["signal"].value_counts()
    assert liveli["n_better"] == expected.get("better", 0) and liveli["n_worse"] == expected.get("worse", 0)


def test_whole_country_profile(stage):
    prof = build_profile(stage.data, stage.indicator_set, stage.key, "SSS", "2000-2012")
    assert (prof["region_code"] == "SSS").all() and prof["rank"].isna().all()
    pop = prof.set_index("indicator_id").loc["population"]
    assert pop["value"] == pop["country_value"]


def test_bad_region_period_and_years(stage):
    with pytest.raises(StageInputError, match="unknown region code 'X1'"):
        build_profile(stage.data, stage.indicator_set, stage.key, "X1", "2000-2012")
    with pytest.raises(StageInputError, match="period '2012-2000' is invalid"):
        parse_period("2012-2000")
    with pytest.raises(StageInputError, match="no indicator data in 2030-2031; the data cover 1990-2022"):
        build_profile(stage.data, stage.indicator_set, stage.key, "5", "2030-2031")


def test_pxweb_jsonstat2_real_sample(shared_data):
    path = shared_data / "indicators" / "statfin_pxweb" / "municipal_debt_raw.json"
    df = read_pxweb_json(path)
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert len(df) == sum(v is not None for v in doc["value"])
    # independent index arithmetic: value of Alue position 2, Tunnusluku 'lainakanta_asuk', single year
    alue = list(doc["dimension"]["Alue"]["category"]["index"])
    tun = list(doc["dimension"]["Tunnusluku"]["category"]["index"])
    flat = (2 * len(tun)) + tun.index("lainakanta_asuk")
    got = df[(df["region_code"] == alue[2]) & (df["indicator_id"] == "lainakanta_asuk")]["value"].iloc[0]
    assert got == doc["value"][flat]
    pop = read_pxweb_json(shared_data / "indicators" / "statfin_pxweb" / "population_raw.json")
    assert set(pop["region_level"]) == {"country", "municipality"} and pop["region_code"].str.len().isin([3]).all()


def test_long_csv_rejects_bad_rows_with_counts(tmp_path):
    p = tmp_path / "indicators_bad_rows.csv"
    p.write_text("indicator_id,region_code,year,value\n181,853,2010,9.5\n181,abc,2010,1\n181,091,x,2\n181,091,2011,\n",
                 encoding="utf-8")
    with pytest.warns(ReviewToolsWarning, match=r"1 rows accepted, 3 rejected: row 3: region code 'abc'.*row 4: year 'x'.*row 5: value"):
        df = read_long_csv(p)
    assert df["region_code"].tolist() == ["853"]
    with pytest.raises(CorpusFormatError, match="required column 'year' missing"):
        (tmp_path / "no_year.csv").write_text("indicator_id,region_code,value\n1,853,2\n", encoding="utf-8")
        read_long_csv(tmp_path / "no_year.csv")


def test_figures_return_figures(stage):
    fig = figures.trend_small_multiples(stage.data, stage.indicator_set, stage.key, "5", stage.period, language="fi")
    assert isinstance(fig, Figure) and sum(ax.get_visible() for ax in fig.axes) == len(stage.indicator_set.indicators)
    assert "Koko maa" in [t.get_text() for t in fig.legends[0].get_texts()]
    vals = stage.data[(stage.data["indicator_id"] == "unemployment") & (stage.data["region_level"] == "county") & (stage.data["year"] == 2011)]
    tm = figures.tile_map(vals.set_index("region_code")["value"], stage.grid, stage.key, better="lower", highlight="5")
    assert len(tm.axes[0].patches) == 23
    ht = figures.heat_table(stage.data[stage.data["year"] <= 2012], stage.indicator_set, stage.key, highlight="5")
    assert isinstance(ht, Figure)


@pytest.mark.slow
def test_cli_profile_writes_the_profile(tmp_path, capsys):
    out = tmp_path / "profile.csv"
    rc = cli.main(["indicators", "profile", "--region", "5", "--period", "2005-2012", "--out", str(out),
                   "--corpus", str(ROOT / "corpus"), "--review", str(ROOT / "review")])
    assert rc == 0
    with open(out, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["indicator_id"] for r in rows] == [i.id for i in load_review(ROOT / "review").indicators.indicators]
    assert all(2005 <= int(r["first_year"]) for r in rows if r["first_year"])


def test_cli_profile_unknown_region_exits_1(tmp_path, capsys):
    rc = cli.main(["indicators", "profile", "--region", "77", "--out", str(tmp_path / "p.csv"), "--corpus",
                   str(ROOT / "corpus"), "--review", str(ROOT / "review")])
    assert rc == 1 and "unknown region code '77'" in capsys.readouterr().err
    assert not (tmp_path / "p.csv").exists()


def test_profile_frame_is_not_mutated(stage):
    before = stage.data.copy()
    build_profile(stage.data, stage.indicator_set, stage.key, "15", "2000-2012")
    pd.testing.assert_frame_equal(before, stage.data)
