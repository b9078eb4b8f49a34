"""Follow-up of the monitoring indicators: the progress-status rule (direction-aware), the baseline of the
cycle, the run's record and the comparison with earlier runs, targets never derived, the report's sections."""

from __future__ import annotations

import copy
import re
import warnings
from pathlib import Path

import pandas as pd
import pytest
import yaml

from review_tools import report
from review_tools import synthesis as syn
from review_tools.config import RecommendationFramework, load_review
from review_tools.errors import ConfigError, ReviewToolsWarning
from review_tools.stages.synthesis_report import load_artefacts
from review_tools.synthesis import STATUSES

RUN = Path(__file__).resolve().parent / "data" / "synthesis_run"
status = syn.progress_status


# --- the status rule ------------------------------------------------------------------------------


@pytest.mark.parametrize(("better", "baseline", "value", "expected"), [
    ("lower", 10.0, 9.0, "on track"),     # fell: better when lower is better
    ("lower", 10.0, 11.0, "off track"),
    ("lower", 10.0, 10.0, "off track"),   # unchanged is not progress
    ("higher", 60.0, 62.0, "on track"),
    ("higher", 60.0, 58.0, "off track"),  # the same fall is worse when higher is better
])
def test_without_a_target_the_direction_of_change_decides(better, baseline, value, expected):
    assert status(better, baseline, 2018, value, 2020) == expected


@pytest.mark.parametrize(("value", "year", "expected"), [
    (9.0, 2020, "on track"),    # 2 of 10 years: 20 % of the way (10 -> 5) needs at most 9.0
    (9.2, 2020, "off track"),   # improved, but slower than the path to the target
    (4.5, 2020, "on track"),    # the target is reached
    (7.6, 2023, "off track"),   # half-way in time needs 7.5
    (7.5, 2023, "on track"),
    (5.5, 2028, "off track"),   # the target year came and the target was not reached
    (5.0, 2029, "on track"),
])
def test_with_a_target_the_path_from_baseline_to_target_decides(value, year, expected):
    assert status("lower", 10.0, 2018, value, year, target=5.0, target_year=2028) == expected


def test_higher_is_better_mirrors_lower_is_better():
    assert status("higher", 50.0, 2018, 51.0, 2020, target=60.0, target_year=2028) == "off track"  # needs 52
    assert status("higher", 50.0, 2018, 52.0, 2020, target=60.0, target_year=2028) == "on track"
    assert status("lower", 50.0, 2018, 48.0, 2020, target=40.0, target_year=2028) == "on track"
    assert status("lower", 50.0, 2018, 52.0, 2020, target=40.0, target_year=2028) == "off track"


@pytest.mark.parametrize(("baseline", "value", "year"), [
    (None, 9.0, 2020), (10.0, None, 2020), (10.0, 9.0, None), (10.0, 9.0, 2018), (10.0, 9.0, 2017),
    ("", "", ""), (float("nan"), 9.0, 2020),
])
def test_no_value_after_the_baseline_year_is_no_data(baseline, value, year):
    assert status("lower", baseline, 2018, value, year, target=5.0, target_year=2028) == "no data"


def test_a_context_indicator_is_not_assessed():
    assert status("context", 10.0, 2018, 9.0, 2020) == "not assessed"


def test_target_without_a_year_is_judged_by_direction_and_reaching_it():
    assert status("lower", 10.0, 2018, 9.9, 2020, target=5.0) == "on track"
    assert status("lower", 10.0, 2018, 10.1, 2020, target=5.0) == "off track"


def test_change_direction_is_direction_aware():
    assert syn.change_direction("lower", 10, 9) == "better"
    assert syn.change_direction("higher", 10, 9) == "worse"
    assert syn.change_direction("lower", 10, 10) == "unchanged"
    assert syn.change_direction("lower", None, 10) == ""


def test_recommendation_status_off_track_wins_then_on_track_then_no_data():
    fu = pd.DataFrame({"recommendation_id": ["A", "A", "B", "B", "C"],
                       "status": ["on track", "off track", "on track", "no data", "no data"]})
    got = syn.recommendation_status(fu).set_index("recommendation_id")
    assert got["status"].to_dict() == {"A": "off track", "B": "on track", "C": "no data"}
    assert (got.loc["B", "on_track"], got.loc["B", "no_data"]) == (1, 1)


# --- the record of a run and the comparison with earlier runs --------------------------------------


def values(rows):
    cols = list(syn.follow_up.VALUE_COLUMNS)
    return pd.DataFrame([{c: r.get(c, "") for c in cols} for r in rows], columns=cols).astype(str)


def test_follow_up_table_compares_with_the_latest_earlier_run_of_the_region():
    base = {"recommendation_id": "R1", "indicator": "neet", "better": "lower", "baseline_year": "2018",
            "baseline": "113.6", "baseline_source": "earlier run", "target": "100", "target_year": "2028"}
    current = values([{**base, "region": "5", "year": "2020", "value": "102.9"}])
    a = values([{**base, "region": "5", "year": "2018", "value": "113.6"}])
    other_region = values([{**base, "region": "6", "year": "2019", "value": "50"}])
    fu = syn.follow_up_table(current, [("v2018", a), ("other", other_region)])
    row = fu.iloc[0]
    assert (row.status, row.previous_run, row.previous_year, row.previous_value, row.change, row.runs) == (
        "on track", "v2018", 2018, 113.6, "better", 1)


def test_no_earlier_run_leaves_the_previous_columns_empty():
    current = values([{"recommendation_id": "R1", "indicator": "x", "region": "5", "better": "lower", "year": "2018",
                       "value": "3", "baseline_year": "2018", "baseline": "3", "baseline_source": "this run"}])
    row = syn.follow_up_table(current, []).iloc[0]
    assert (row.status, row.previous_run, row.runs) == ("no data", "", 0)


# --- targets in the review folder, the baseline of the cycle --------------------------------------


@pytest.fixture(scope="module")
def cfg():
    return load_review(RUN / "review")


@pytest.fixture(scope="module")
def art():
    return load_artefacts(RUN)


def framework_with(change) -> RecommendationFramework:
    data = copy.deepcopy(yaml.safe_load((RUN / "review" / "recommendations.yaml").read_text(encoding="utf-8")))
    change(data)
    return RecommendationFramework.model_validate(data)


def series(rows):
    return pd.DataFrame(rows, columns=["indicator_id", "region_code", "region_level", "year", "gender", "value",
                                       "retrieval_date"]).astype(str)


def test_baseline_year_takes_the_value_of_that_year(cfg, art):
    fw = framework_with(lambda d: d["recommendations"][0]["monitoring"][0].update(baseline_year=2008, target=1.3))
    data = series([("child_placements", "5", "county", "2008", "total", "1.9", "2013-05-01"),
                   ("child_placements", "5", "county", "2012", "total", "1.5", "2013-05-01"),
                   ("child_placements", "6", "county", "2008", "total", "9.9", "2013-05-01")])
    res = syn.synthesise(fw, cfg.codebook, cfg.indicators, art, "5", "2000-2012", indicator_data=data)
    m = res.monitoring.set_index(["recommendation_id", "indicator"]).loc[("R1", "child_placements")]
    assert (m.baseline_year, m.baseline_value, m.baseline_source, m.latest_year, m.latest_value) == (2008, 1.9, "review", 2012, 1.5)
    assert m.progress == "on track"  # 1.9 -> 1.5 by 2012 is ahead of the path to 1.3 by 2030
    v = res.values.set_index("indicator").loc["child_placements"]
    assert (v.data_vintage, v.retrieved, v.region) == (2012, "2013-05-01", "5")


def test_the_earliest_earlier_run_sets_the_baseline(cfg, art):
    earlier = values([{"recommendation_id": "R1", "indicator": "child_placements", "region": "5", "better": "lower",
                       "year": "2010", "value": "1.8", "baseline_year": "2010", "baseline": "1.8",
                       "baseline_source": "this run"}])
    later = values([{"recommendation_id": "R1", "indicator": "child_placements", "region": "5", "better": "lower",
                     "year": "2011", "value": "1.7", "baseline_year": "2010", "baseline": "1.8",
                     "baseline_source": "earlier run"}])
    res = syn.synthesise(cfg.recommendations, cfg.codebook, cfg.indicators, art, "5", "2000-2012",
                         history=[("first", earlier), ("second", later)])
    m = res.monitoring.set_index(["recommendation_id", "indicator"]).loc[("R1", "child_placements")]
    assert (m.baseline_value, m.baseline_year, m.baseline_source, m.baseline_run) == (1.8, 2010, "earlier run", "first")
    fu = res.follow_up.set_index("indicator").loc["child_placements"]
    assert (fu.previous_run, fu.previous_value, fu.change, fu.runs) == ("second", 1.7, "better", 2)


def test_without_earlier_runs_this_run_records_the_baseline(cfg, art):
    res = syn.synthesise(cfg.recommendations, cfg.codebook, cfg.indicators, art, "5", "2000-2012")
    m = res.monitoring.set_index(["recommendation_id", "indicator"]).loc[("R1", "child_placements")]
    assert (m.baseline_source, m.progress) == ("this run", "no data")


def test_missing_target_is_a_warning_naming_file_and_item_never_a_default(cfg, art):
    fw = framework_with(lambda d: d["recommendations"][0]["monitoring"][0].pop("target"))
    res = syn.synthesise(fw, cfg.codebook, cfg.indicators, art, "5", "2000-2012")
    m = res.monitoring.set_index(["recommendation_id", "indicator"]).loc[("R1", "child_placements")]
    assert (m.target, m.target_source) == ("", "no target set")
    assert any(str(p) == "recommendations.yaml: recommendations[0] (id 'R1').monitoring[0]: no target set for "
               "'child_placements' (add target: and target_year: to this monitoring entry)" for p in res.warnings)


def test_an_indicator_without_data_now_has_no_data_status(cfg, art):
    earlier = values([{"recommendation_id": "R1", "indicator": "neet", "region": "8", "better": "lower",
                       "year": "2010", "value": "5", "baseline_year": "2010", "baseline": "5"}])
    fw = framework_with(lambda d: d["recommendations"][0].update(monitoring=[{"indicator": "neet", "target": 1}]))
    res = syn.synthesise(fw, cfg.codebook, cfg.indicators, art, "8", "2000-2012", history=[("first", earlier)])
    row = res.follow_up.set_index("indicator").loc["neet"]
    assert (row.status, row.value, row.baseline, row.previous_value) == ("no data", "", 5.0, 5.0)
    assert any("indicator 'neet' has no data for region 8" in p.message and not p.blocking for p in res.warnings)


def write_review(tmp_path, change):
    review = tmp_path / "review"
    review.mkdir()
    for f in (RUN / "review").glob("*.yaml"):
        (review / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    path = review / "recommendations.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return review


def test_loader_warns_on_a_missing_target_and_the_retired_default(tmp_path):
    def change(d):
        d["recommendations"][0]["monitoring"][0].pop("target")
        d["default_target_change"] = 0.05

    review = write_review(tmp_path, change)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        cfg = load_review(review)
    got = [str(w.message) for w in caught if issubclass(w.category, ReviewToolsWarning)]
    assert "recommendations.yaml: recommendations[0] (id 'R1').monitoring[0]: no target set for 'child_placements'; " \
           "the report shows 'no target set' (add target: and target_year:)" in got
    assert any(w.startswith("recommendations.yaml: default_target_change: no longer used") for w in got)
    assert cfg.warnings == tuple(got)


def test_loader_rejects_a_target_year_before_the_baseline_year(tmp_path):
    review = write_review(tmp_path, lambda d: d["recommendations"][0]["monitoring"][0].update(baseline_year=2031))
    with pytest.raises(ConfigError, match=re.escape("recommendations.yaml: recommendations[0] (id 'R1').monitoring[0]"
                                                    ".target_year: 2030 is not after the baseline_year 2031")):
        load_review(review)


# --- the report ------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "fi"])
def test_report_shows_progress_the_welfare_section_and_no_target(cfg, art, lang):
    fw = framework_with(lambda d: d["recommendations"][0]["monitoring"][0].pop("target"))
    earlier = values([{"recommendation_id": "R1", "indicator": "child_placements", "region": "5", "better": "lower",
                       "year": "2010", "value": "1.8", "baseline_year": "2010", "baseline": "1.8"}])
    res = syn.synthesise(fw, cfg.codebook, cfg.indicators, art, "5", "2000-2012", history=[("vintage-2010", earlier)])
    html = report.render_report(cfg, res, language=lang)
    assert 'id="follow-up"' in html and 'id="welfare-report"' in html
    # 1.8 (2010) -> 1.5 (2012) with no target: improved, so on track
    assert report.i18n.v("on track", lang) in html and report.i18n.t("no_target", lang) in html
    assert "vintage-2010" in html
    page = report.render_welfare_page(cfg, res, language=lang)
    assert page.startswith("<!DOCTYPE html>") and report.i18n.t("welfare", lang) in page
    assert "<script" not in page and 'src="http' not in page
    # on its own page, links to recommendations, indicators and themes go to the report, where they exist
    hrefs = re.findall(r'href="([^"]*)"', page)
    into_report = [h.split("#", 1)[1] for h in hrefs if h.startswith("../../report.html#")]
    assert into_report and all(h.startswith(("../../report.html#", "#")) for h in hrefs)
    ids = set(re.findall(r'id="([^"]+)"', html))
    assert set(into_report) <= ids
    assert {h[1:] for h in hrefs if h.startswith("#")} <= set(re.findall(r'id="([^"]+)"', page))
    fig = report.follow_up_figure(res, cfg, lang)
    assert fig is not None and len(fig.axes) == len(res.follow_up.query("better != 'context'")["indicator"].unique())
    assert "1.8 (2010)" in report.follow_up_alt(res, cfg, lang)


def test_follow_up_and_welfare_strings_are_in_finnish_and_swedish():
    text = report.i18n.TEXT  # merged from every catalogue module of each language
    TEXT_EN, TEXT_FI, TEXT_SV = text["en"], text["fi"], text["sv"]
    keys = [k for k in TEXT_EN if k.startswith(("fu_", "welfare")) or k in ("no_target", "follow_up", "target_note")]
    assert len(keys) > 40
    for cat in (TEXT_FI, TEXT_SV):
        assert not [k for k in keys if not cat.get(k) or cat[k] == TEXT_EN[k]]
        assert all(set(re.findall(r"{(\w+)}", cat[k])) == set(re.findall(r"{(\w+)}", TEXT_EN[k])) for k in keys)
    for s in [*STATUSES, "no target set", "review", "earlier run", "this run", "unchanged"]:
        assert report.i18n.VALUES["fi"][s] != report.i18n.VALUES["en"][s] != report.i18n.VALUES["sv"][s]


# --- review-tools follow-up (in process; the end-to-end test runs it as a subprocess) --------------


def fake_run(out: Path, name: str, rows, parameters=None) -> None:
    import json

    from review_tools.pipeline import write_artefact

    (out / name).mkdir(parents=True)
    manifest = {"status": "ok", "finished": "2026-01-01T00:00:00", "parameters": parameters or {}}
    (out / name / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    if rows is not None:
        write_artefact(values(rows), out / name, "07-synthesis-report/monitoring_values.csv")


def test_cli_follow_up_prints_the_statuses_and_names_unknown_runs(tmp_path, capsys):
    from review_tools.cli import main

    base = {"recommendation_id": "R1", "indicator": "neet_index", "better": "lower", "baseline_year": "2018",
            "baseline": "113.6", "target": "100", "target_year": "2028", "region": "5"}
    fake_run(tmp_path, "y2018", [{**base, "year": "2018", "value": "113.6"},
                                 {**base, "indicator": "youth_index", "year": "2018", "value": "81.3", "baseline": "81.3"}])
    fake_run(tmp_path, "y2020", [{**base, "year": "2020", "value": "102.9"},
                                 {**base, "indicator": "youth_index", "year": "2020", "value": "84", "baseline": "81.3",
                                  "target": ""}])
    fake_run(tmp_path, "old", None)
    fake_run(tmp_path, "other-region", [{**base, "region": "6", "year": "2020", "value": "90"}])
    assert main(["follow-up", "y2018", "y2020", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    neet = next(x for x in out.splitlines() if " neet_index " in x)
    youth = next(x for x in out.splitlines() if " youth_index " in x)
    assert re.search(r"\sbetter\s+on track$", neet) and "113.6 (2018)" in neet and "102.9 (2020)" in neet
    assert re.search(r"\sworse\s+off track$", youth) and "no target set" in youth
    assert re.search(r"^R1\s+off track\s+1\s+1\s+0$", out, re.M)
    assert "Indicators:" not in out                  # the runs' manifests name no review configuration
    review = Path(__file__).resolve().parents[1] / "review"
    fake_run(tmp_path, "fi2020", [{**base, "indicator": "unemployment", "year": "2020", "value": "110"}],
             parameters={"review_dir": str(review), "language": "fi"})
    fake_run(tmp_path, "fi2018", [{**base, "indicator": "unemployment", "year": "2018", "value": "113.6"}])
    assert main(["follow-up", "fi2018", "fi2020", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert re.search(r"^unemployment\s+Työttömät, % työvoimasta$", out, re.M)   # the later run's language
    assert main(["follow-up", "y2018", "y2019", "--out", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "run 'y2019' not found" in err and "old, other-region, y2018, y2020" in err
    assert main(["follow-up", "old", "y2020", "--out", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "run 'old'" in err and "has no monitoring values" in err and "y2018, y2020" in err
    assert main(["follow-up", "y2018", "other-region", "--out", str(tmp_path)]) == 1
    assert "follow-up compares runs of the same region" in capsys.readouterr().err


def test_stage_07_reads_earlier_finished_runs_only_and_skips_an_unreadable_one(tmp_path):
    from review_tools.stages.synthesis_report import earlier_values

    row = {"recommendation_id": "R1", "indicator": "neet_index", "better": "lower", "region": "5", "year": "2018",
           "value": "113.6", "baseline_year": "2018", "baseline": "113.6"}
    fake_run(tmp_path, "y2018", [row])
    fake_run(tmp_path, "now", [row])  # the run asking
    fake_run(tmp_path, "failed", [row])
    (tmp_path / "failed" / "manifest.json").write_text('{"status": "failed"}', encoding="utf-8")
    fake_run(tmp_path, "broken", None)
    broken = tmp_path / "broken" / "artefacts" / "07-synthesis"
    broken.mkdir(parents=True)
    (broken / "monitoring_values.csv").write_text("indicator,value\nneet_index,1\n", encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        got = earlier_values(tmp_path / "now")
    assert [name for name, _ in got] == ["y2018"]
    assert any("earlier run 'broken' cannot be read" in str(w.message) for w in caught)


def test_a_runs_report_links_the_welfare_page(cfg, art):
    res = syn.synthesise(cfg.recommendations, cfg.codebook, cfg.indicators, art, "5", "2000-2012")
    in_run = report.render_report(cfg, res, parameters={"run_dir": "outputs/demo"})
    assert 'href="artefacts/07-synthesis/welfare_report.html"' in in_run
    assert "artefacts/07-synthesis/welfare_report.html" not in report.render_welfare_page(cfg, res)
