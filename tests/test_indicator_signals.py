"""Regional signals on the real 2011–2020 Diak panel (corpus/indicators/diak/): separate, named signals,
Helsinki beside the counties, Åland never ranked, municipal profiles, breaks, overlaps and chosen links."""

from __future__ import annotations

import datetime as dt
import functools
import warnings

import numpy as np
import pandas as pd
import pytest

from review_tools._config_definitions import load_phenomenon_links, load_series_breaks
from review_tools.config import load_review
from review_tools.errors import ConfigError, CorpusFormatError, ReviewToolsWarning, StageInputError
from review_tools.indicators.comparison import rank_counties, trend
from review_tools.indicators.context import (
    breakdown_table,
    breaks_in_period,
    mark_breaks,
    period_overlap_warnings,
    phenomena_beside_indicators,
)
from review_tools.indicators.definitions import check_indicator_set
from review_tools.indicators.signals import (
    SIGNAL_COLUMNS,
    classify_level,
    region_signals,
    to_review_ids,
)
from review_tools.readers.diak_panel import read_diak_folder, read_diak_panel
from review_tools.readers.reference_tables import read_region_key

from .conftest import ROOT

DIAK = ROOT / "corpus" / "indicators" / "diak"


@functools.lru_cache(maxsize=1)
def _demo():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ReviewToolsWarning)
        folder = read_diak_folder(DIAK)
    inds = load_review(ROOT / "review").indicators
    return to_review_ids(folder["data"], inds), folder["population"], inds, read_region_key(ROOT / "corpus")


def _signals(region, level, period=(2011, 2020)):
    data, pop, inds, key = _demo()
    return region_signals(data, pop, inds, key, region, level, period).set_index("indicator_id")


def test_reader_reads_the_panel_and_names_the_rows_it_cannot_place():
    with pytest.warns(ReviewToolsWarning, match=r"72318 rows accepted, 4032 not read: .*Maakunnat carry no region code"):
        d = read_diak_panel(DIAK / "huono_osaisuus_2011_2020.csv.gz")
    assert d["year"].min() == 2011 and d["year"].max() == 2020
    assert set(d.loc[d["region_level"] == "county", "region_code"]) == {str(c) for c in range(1, 22)} | {"90"}
    assert d.loc[d["region_level"] == "municipality", "region_code"].str.len().eq(3).all()
    # Turku's published index of long-term unemployment in 2020, as in the source file
    raw = pd.read_csv(DIAK / "huono_osaisuus_2011_2020.csv.gz")
    want = raw[(raw["aluekoodi"] == 853) & (raw["aika"] == 2020) & (raw["variable"] == "Pitkäaikaistyöttömyys")]["value"].iloc[0]
    got = d[(d["region_code"] == "853") & (d["year"] == 2020) & (d["indicator_id"] == "Pitkäaikaistyöttömyys")]["value"].iloc[0]
    assert got == pytest.approx(want)


def test_reader_names_file_and_line_of_a_bad_value(tmp_path):
    p = tmp_path / "panel.csv"
    p.write_text("regio_level,aluekoodi,aluenimi,aika,variable,value,var_class\n"
                 "Kunnat,853,Turku,2020,X,101.5,c\nKunnat,853,Turku,2020,X,abc,c\n", encoding="utf-8")
    with pytest.raises(CorpusFormatError, match=r"panel.csv, line 3: column 'value': 'abc' is not a number"):
        read_diak_panel(p)
    (tmp_path / "other.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(CorpusFormatError, match="not a Diak panel: column"):
        read_diak_panel(tmp_path / "other.csv")


def test_signals_are_separate_and_named_by_what_they_test():
    s = _signals("5", "county")
    assert list(s.reset_index().columns) == SIGNAL_COLUMNS
    assert {"level_vs_country", "level_vs_similar_counties", "trend_over_period", "rank"} <= set(s.columns)
    assert set(s["level_vs_country"]) <= {"better", "worse", "about the same"}
    assert set(s["trend_over_period"]) <= {"improving", "worsening", "no clear trend", "too few years"}
    assert (s.loc[s.index.str.endswith("_index"), "trend_measures"] == "change relative to the median region").all()
    assert (s["unit"] == "index, median region = 100").all()
    assert s["year"].max() == 2020 and s["first_year"].min() == 2011


def test_level_is_against_the_population_weighted_country_and_direction_aware():
    data, pop, inds, key = _demo()
    s = _signals("5", "county")
    row = s.loc["supplementary_social_assistance_index"]
    cty = data[(data["indicator_id"] == "supplementary_social_assistance_index") & (data["region_level"] == "county")
               & (data["year"] == 2020)].set_index("region_code")["value"]
    w = pop[(pop["region_level"] == "county") & (pop["year"] == 2020)].set_index("region_code")["population"]
    expect = float((cty * w.reindex(cty.index)).sum() / w.reindex(cty.index).sum())
    assert row["country_value"] == pytest.approx(expect)
    assert row["value"] < row["country_value"] * 0.95 and row["level_vs_country"] == "better"  # lower is better
    assert classify_level(120, 100, "lower") == "worse" and classify_level(120, 100, "higher") == "better"
    assert classify_level(103, 100, "lower") == "about the same"


def test_helsinki_is_shown_beside_the_21_counties_and_aland_is_never_ranked():
    s = _signals("90", "county")
    assert (s["n_ranked"] == 21).all() and (s["rank_kind"] == "beside").all()
    assert s["rank_note"].str.contains("organises its own").all()
    row = s.loc["long_term_unemployment_index"]
    data = _demo()[0]
    vals = data[(data["indicator_id"] == "long_term_unemployment_index") & (data["region_level"] == "county")
                & (data["year"] == 2020)].set_index("region_code")["value"]
    counties = vals.drop("90")
    assert len(counties) == 21 and row["rank"] == int((counties < vals["90"]).sum()) + 1
    ranks = rank_counties(vals.reindex([*vals.index, "91"]), "lower")
    assert pd.isna(ranks.loc["91", "rank"]) and ranks.loc["91", "rank_kind"] == "not ranked"
    ranked = ranks.loc[ranks["rank_kind"] == "ranked", "rank"]
    assert len(ranked) == 21 and ranked.min() == 1 and ranked.max() <= 21 and "90" not in ranked.index


def test_municipal_profile_compares_with_its_county_and_the_country_in_municipal_units():
    data, pop, inds, key = _demo()
    s = _signals("853", "municipality")
    assert (s["region_name"] == "Turku").all() and (s["region_level"] == "municipality").all()
    row = s.loc["long_term_unemployment_index"]
    members = [m for m, c in key._county.items() if c == "5"]
    v = data[(data["indicator_id"] == "long_term_unemployment_index") & (data["region_level"] == "municipality")
             & (data["year"] == 2020)].set_index("region_code")["value"]
    w = pop[(pop["region_level"] == "municipality") & (pop["year"] == 2020)].set_index("region_code")["population"]
    mv = v.reindex(members).dropna()
    assert row["county_value"] == pytest.approx(float((mv * w[mv.index]).sum() / w[mv.index].sum()))
    assert row["n_ranked"] == len(mv) and row["rank_among"].startswith("municipalities of")


def test_unknown_period_is_a_clear_error():
    data, pop, inds, key = _demo()
    with pytest.raises(StageInputError, match="no indicator data for region 5 in 1990-1995; the data cover 2011-2020"):
        region_signals(data, pop, inds, key, "5", "county", (1990, 1995))


def test_trend_interval_keeps_its_coverage_for_three_year_moving_averages():
    years = np.arange(2011, 2021)
    rng = np.random.default_rng(7)
    hit = {1: 0, 3: 0}
    for _ in range(400):
        e = rng.normal(0, 5, 12)
        y = 100 + 0.8 * (years - 2011) + np.convolve(e, np.ones(3) / 3, "valid")
        for w in hit:
            t = trend(years, y, window=w)
            hit[w] += t["ci_low"] <= 0.8 <= t["ci_high"]
    assert 0.91 <= hit[3] / 400 <= 0.99  # the moving-average interval covers ~95 %
    assert hit[1] / 400 < 0.85  # ordinary least squares would claim far too much certainty


def test_series_breaks_are_marked_within_the_period():
    inds = _demo()[2]
    breaks = load_series_breaks(ROOT / "review", inds, codes=None)
    inside = breaks_in_period(breaks, inds, (2011, 2020))
    assert set(inside["year"]) == {2017}
    assert "long_term_social_assistance_18_24_index" in set(inside["indicator_id"])
    assert breaks_in_period(breaks, inds, (2018, 2024))["year"].eq(2023).any()
    marked = mark_breaks(_signals("5", "county").reset_index(), inside).set_index("indicator_id")
    assert marked.loc["supplementary_social_assistance_index", "series_breaks"].startswith("2017: Basic social assistance moved to Kela")
    assert marked.loc["neet_17_24_index", "series_breaks"] == ""


def test_bad_series_break_names_the_field(tmp_path):
    inds = _demo()[2]
    (tmp_path / "series_breaks.yaml").write_text(
        "schema_version: 1\nbreaks:\n- id: x\n  year: 2017\n  indicators: [nope]\n  title: {en: X}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"breaks\[0\].indicators\[0\]: unknown indicator 'nope'"):
        load_series_breaks(tmp_path, inds)


def test_overlap_warning_when_reports_and_indicators_do_not_meet():
    msgs = period_overlap_warnings((2011, 2020), report_dates=[dt.date(2023, 2, 14), dt.date(2025, 1, 3)],
                                   interview_dates=[dt.date(2020, 5, 1)], window=3)
    assert len(msgs) == 1 and "social reports are dated 2023–2025" in msgs[0] and "reach 2021" in msgs[0]
    assert period_overlap_warnings((2011, 2020), report_dates=[dt.date(2019, 1, 1)]) == []
    fi = period_overlap_warnings((2011, 2020), interview_dates=[dt.date(2024, 3, 14)], window=3, language="fi")
    assert fi == ["Haastattelut ovat vuosilta 2024, mutta indikaattorit kattavat vuodet 2011–2020 (liukuvat keskiarvot "
                  "ulottuvat vuoteen 2021): ajanjaksot eivät kohtaa (3 vuoden väli); lue indikaattorit taustana ennen "
                  "kuin haastattelut on laadittu, ei saman ajan kuvana."]


def test_breakdowns_by_age_and_the_missing_gender_breakdown_is_said():
    inds = _demo()[2]
    bd = breakdown_table(_signals("5", "county").reset_index(), inds)
    ages = bd[bd["breakdown"] == "age"]
    assert list(ages["category"]) == ["18–24", "25–64"] and ages["value"].notna().all()
    assert bd[bd["breakdown"] == "gender"]["category"].str.contains("not published by gender").all()
    assert check_indicator_set(inds) == []


def test_phenomena_get_only_the_indicators_chosen_for_them():
    inds = _demo()[2]
    links = load_phenomenon_links(ROOT / "review", inds)
    reports = pd.read_csv(ROOT / "corpus" / "social_reports" / "social_reports.csv", dtype=str)
    out = phenomena_beside_indicators(reports, links, _signals("5", "county").reset_index())
    yh = out[out["phenomenon"] == "youth_homelessness"]
    assert set(yh["indicator_id"]) == {"long_term_social_assistance_18_24_index", "neet_17_24_index",
                                       "children_placed_outside_home_index"}
    assert "gini" not in set(out["indicator_id"]) and "psychiatric_inpatients_0_17" not in set(out["indicator_id"])
    flats = out[out["phenomenon"] == "lack_of_small_rental_flats"]
    assert flats["indicator_id"].isna().all() and flats["link_reason"].str.contains("no housing-market").all()
    unlinked = out[out["phenomenon"] == "youth_transport"]
    assert unlinked["link_reason"].str.contains("no indicator chosen").all()


def test_region_tables_for_helsinki_name_signals_rank_beside_and_warn_about_the_periods():
    from review_tools.indicators.regional_signals import (
        all_county_signals,
        reader_table,
        region_signal_tables,
    )

    data, pop, inds, key = _demo()
    reports = pd.read_csv(ROOT / "corpus" / "social_reports" / "social_reports.csv", dtype=str)
    dates = [dt.date.fromisoformat(x) for x in reports["submitted_at"]]
    t = region_signal_tables(data, pop, inds, key, "90", "county", (2011, 2020),
                             breaks=load_series_breaks(ROOT / "review", inds), links=load_phenomenon_links(ROOT / "review", inds),
                             reports=reports[reports["county_code"] == "5"], report_dates=dates)
    table = reader_table(t["signals"], inds)
    assert {"Level against the whole country", "Level against similar counties",
            "Trend over the period (95 % confidence interval)", "Rank among the 21 wellbeing services counties"} <= set(table.columns)
    assert (table["Unit"] == "index, median region = 100").all()
    assert table["Rank among the 21 wellbeing services counties"].str.startswith("beside the counties: place").all()
    assert t["warnings"] and "do not overlap" in t["warnings"][0]
    fi = reader_table(region_signal_tables(data, pop, inds, key, "853", "municipality", (2011, 2020), language="fi")["signals"],
                      inds, language="fi")
    assert "Taso omaan hyvinvointialueeseen verrattuna" in fi.columns and (fi["Yksikkö"] == "indeksi, mediaanialue = 100").all()
    everyone = all_county_signals(data, pop, inds, key, (2011, 2020))
    assert everyone["region_code"].nunique() == 23 and "91" not in set(everyone["region_code"])


def test_figure_marks_the_2017_break_and_names_the_unit():
    from matplotlib.figure import Figure

    from review_tools.indicators.signal_figures import signal_trends_figure

    data, pop, inds, key = _demo()
    inside = breaks_in_period(load_series_breaks(ROOT / "review", inds), inds, (2011, 2020))
    fig = signal_trends_figure(data, pop, inds, key, "853", "municipality", (2011, 2020), inside)
    assert isinstance(fig, Figure)
    visible = [ax for ax in fig.axes if ax.get_visible()]
    assert len(visible) == 10 and all(ax.get_ylabel() == "index, median region = 100" for ax in visible)
    marked = [ax for ax in visible if any("series break 2017" in t.get_text() for t in ax.texts)]
    assert len(marked) == 3  # the three social-assistance indexes


def test_references_need_half_the_population_and_ranks_half_the_municipalities():
    from review_tools.indicators.comparison import weighted_reference

    pop = pd.Series({"a": 100.0, "b": 100.0, "c": 800.0})
    assert weighted_reference(pd.Series({"a": 1.0, "b": 3.0}), pop) == pytest.approx(2.0)
    assert np.isnan(weighted_reference(pd.Series({"a": 1.0, "b": 3.0}), pop, min_coverage=0.5))
    assert weighted_reference(pd.Series({"c": 5.0, "a": 1.0}), pop, min_coverage=0.5) == pytest.approx(41 / 9)
    turku = _signals("853", "municipality").loc["loneliness_index"]  # FinSote reached 2 of Southwest Finland's 27
    assert pd.isna(turku["county_value"]) and turku["level_vs_county"] == "no data" and pd.isna(turku["rank"])


def test_bad_yaml_in_the_links_names_the_file_and_line(tmp_path):
    (tmp_path / "phenomenon_indicators.yaml").write_text("schema_version: 1\nlinks:\n- phenomenon: [x\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"phenomenon_indicators.yaml, line \d+: not valid YAML"):
        load_phenomenon_links(tmp_path, _demo()[2])
    (tmp_path / "phenomenon_indicators.yaml").write_text(
        "schema_version: 1\nlinks:\n- phenomenon: a\n  indicators: [neet_17_24_index, gini_x]\n- phenomenon: a\n  indicators: []\n",
        encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_phenomenon_links(tmp_path, _demo()[2])
    assert "links[0].indicators[1]: unknown indicator 'gini_x'" in str(err.value) and "'a' is listed twice" in str(err.value)


def test_breakdown_fields_are_checked():
    from review_tools.config import Indicator, IndicatorSet

    def ind(**kw):
        return Indicator(id=kw.pop("id", "a"), title={"en": "A"}, themes=[], unit="%", better="lower", **kw)

    bad = IndicatorSet(schema_version=1, indicators=[
        ind(id="a", breakdown={"age_group": "18–24"}), ind(id="b", breakdown={"of": "g", "gender": "other"}),
        ind(id="c", source="diak"), ind(id="g", breakdown={"of": "g", "age_group": "0–17"})])
    problems = check_indicator_set(bad)
    assert any("indicators[0].breakdown.of: name the indicator group" in p for p in problems)
    assert any("indicators[1].breakdown.gender: 'other' is not one of male, female" in p for p in problems)
    assert any("indicators[2].source_variable: required for a Diak indicator" in p for p in problems)
    assert any("breakdown group 'g' is also an indicator id" in p for p in problems)
