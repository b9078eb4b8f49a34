"""Synthesis: convergence rule, evidence resolution, drafts, monitoring and bad framework input."""

from __future__ import annotations

import copy
from pathlib import Path

import pandas as pd
import pytest
import yaml

from review_tools import synthesis as syn
from review_tools.config import RecommendationFramework, load_review
from review_tools.errors import StageInputError
from review_tools.stages.synthesis_report import load_artefacts

RUN = Path(__file__).resolve().parent / "data" / "synthesis_run"


@pytest.fixture(scope="module")
def cfg():
    return load_review(RUN / "review")


@pytest.fixture(scope="module")
def art():
    return load_artefacts(RUN)


@pytest.fixture(scope="module")
def result(cfg, art):
    return syn.synthesise(cfg.recommendations, cfg.codebook, cfg.indicators, art, "5", "2000-2012")


def framework_with(change) -> RecommendationFramework:
    """The fixture framework after ``change(data)`` edits its raw YAML."""
    data = yaml.safe_load((RUN / "review" / "recommendations.yaml").read_text(encoding="utf-8"))
    data = copy.deepcopy(data)
    change(data)
    return RecommendationFramework.model_validate(data)


def run_with(cfg, art, framework, region="5"):
    return syn.synthesise(framework, cfg.codebook, cfg.indicators, art, region, "2000-2012")


# --- the convergence rule -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("directions", "expected"),
    [
        ({}, "no evidence"),
        ({"literature": "none"}, "single stream"),
        ({"indicators": "worse"}, "single stream"),
        ({"social_reports": "worse", "indicators": "worse"}, "agree"),
        ({"literature": "none", "social_reports": "worse", "indicators": "worse"}, "agree"),
        ({"social_reports": "better", "indicators": "better", "interviews": "none"}, "agree"),
        ({"social_reports": "worse", "indicators": "better"}, "conflict"),
        ({"literature": "none", "social_reports": "worse", "indicators": "better"}, "conflict"),
        ({"literature": "none", "interviews": "none"}, "partly"),
        ({"literature": "none", "indicators": "worse"}, "partly"),
        ({"social_reports": "worse", "indicators": "worse", "interviews": "mixed"}, "partly"),
        ({"social_reports": "mixed", "indicators": "worse"}, "partly"),
    ],
)
def test_convergence_rule(directions, expected):
    assert syn.convergence(directions) == expected


@pytest.mark.parametrize(
    ("worse", "better", "expected"),
    [(0, 0, "none"), (2, 1, "worse"), (1, 3, "better"), (2, 2, "mixed")],
)
def test_stream_direction(worse, better, expected):
    assert syn.stream_direction(worse, better) == expected


def test_matrix_counts_and_labels(result):
    m = result.matrix.set_index("theme")
    liv = m.loc["SW.SOC.COM.LIV"]
    # two included studies (one double-coded by two coders counts once), two segments, one report, one indicator
    assert (liv.literature_n, liv.interviews_n, liv.social_reports_n, liv.indicators_n) == (2, 2, 1, 1)
    assert liv.convergence == "agree" and liv.direction == "worse"
    assert m.loc["SW.SOC.IND.PART", "convergence"] == "conflict"
    assert m.loc["X.COOP", "convergence"] == "partly"
    # SW.MAT: a literature record only; its social report is from region 8 and is left out for region 5
    assert m.loc["SW.MAT", "convergence"] == "single stream"
    assert m.loc["SW.MAT", "social_reports_n"] == 0
    # a study coded SW.SOC.IND.REL that is not among the included studies does not count
    assert m.loc["SW.SOC.IND.REL", "literature_n"] == 0
    # interviews per informant group
    assert liv["interviews:municipality"] == 1 and liv["interviews:wellbeing_services_county"] == 1
    # roll-up to the parent counts each unit once
    assert m.loc["SW.SOC.COM", "literature_n"] == 3
    assert set(result.matrix["convergence"]) <= set(syn.CONVERGENCE_LABELS)


def test_matrix_for_another_region_changes_streams(cfg, art):
    r8 = syn.synthesise(framework_with(lambda d: d.update(recommendations=[])), cfg.codebook, cfg.indicators,
                        art, "08", "2000-2012")
    m = r8.matrix.set_index("theme")
    assert m.loc["SW.MAT", "social_reports_n"] == 1  # the region-8 report
    assert m.loc["SW.SOC.COM.LIV", "indicators_better"] == 1
    assert r8.region_name == "Pirkanmaan hyvinvointialue"


def test_stage_functions_do_not_mutate_inputs(cfg, art):
    before = {k: v.copy() for k, v in art.tables.items()}
    units = syn.evidence_units(art, cfg.codebook, "5", "2000-2012")
    snapshot = units.copy()
    syn.evidence_matrix(units, cfg.codebook)
    pd.testing.assert_frame_equal(units, snapshot)
    for k, v in art.tables.items():
        pd.testing.assert_frame_equal(v, before[k])


# --- evidence resolution --------------------------------------------------------------------------


def test_every_link_of_r1_resolves_with_anchor(result):
    ev = result.evidence[result.evidence["recommendation_id"] == "R1"].set_index("ref")
    assert ev["ok"].all()
    assert ev.loc["prince_effects_2019", "anchor"] == "study-prince_effects_2019"
    # a DOI (in URL form, upper case) resolves to the record id of included.csv
    assert ev.loc["https://doi.org/10.1016/J.CHILDYOUTH.2006.03.002", "resolved_id"] == "montgomery_independent_2006"
    assert ev.loc["INT03:12", "detail"] == "wellbeing_services_county"
    assert ev.loc["INT03:12", "anchor"] == "quote-INT03_12"
    assert ev.loc["SR-2024-017", "label"] == "Nuorten asunnottomuus lisääntynyt"
    assert ev.loc["child_placements", "label"] == "1.5 % (2012)"


@pytest.mark.parametrize(
    ("link", "expected"),
    [
        ({"type": "study", "ref": "nobody_2020"}, "study 'nobody_2020' is not among the included studies"),
        ({"type": "study", "ref": "10.9999/does.not.exist"}, "is not among the included studies"),
        ({"type": "quote", "ref": "INT03:99"}, "quote 'INT03:99' is not a segment id"),
        ({"type": "report", "ref": "SR-1999-001"}, "report 'SR-1999-001' is not a report_id"),
        ({"type": "indicator", "ref": "turnout_2"}, "indicator 'turnout_2' is not in indicators.yaml"),
    ],
)
def test_unknown_evidence_stops_the_run_naming_the_entry(cfg, art, link, expected):
    fw = framework_with(lambda d: d["recommendations"][0]["evidence"].append(link))
    with pytest.raises(StageInputError) as exc:
        run_with(cfg, art, fw)
    msg = str(exc.value)
    assert "recommendations.yaml: recommendations[0] (id 'R1').evidence[6]" in msg
    assert expected in msg


def test_indicator_without_data_for_region_is_a_warning_not_a_stop(cfg, art):
    # turnout has profile data for region 5 only: in region 8 the run goes on, the link stays unresolved
    # (not counted as evidence) and the warning is of the kind the report turns into a reader's sentence
    def change(d):
        d["recommendations"][0]["evidence"].append({"type": "indicator", "ref": "turnout"})
        d["recommendations"][0]["monitoring"][0].pop("target")  # region 8's baseline is already 1.3

    fw = framework_with(change)
    ok = run_with(cfg, art, fw, region="5")
    assert bool(ok.evidence.set_index("ref").loc["turnout", "ok"])
    res = run_with(cfg, art, fw, region="8")
    link = res.evidence[(res.evidence["recommendation_id"] == "R1") & (res.evidence["ref"] == "turnout")].iloc[0]
    assert not bool(link["ok"]) and bool(link["no_region_data"])
    hit = [p for p in res.warnings if p.where.endswith("(id 'R1').evidence[6]")]
    assert len(hit) == 1 and hit[0].kind == syn.NO_REGION_DATA and hit[0].subject == "turnout"
    assert "has no data for region 8" in hit[0].message


def test_theme_not_in_codebook_stops_the_run(cfg, art):
    fw = framework_with(lambda d: d["recommendations"][1].update(theme="SW.SOC.IND.LONELY"))
    with pytest.raises(StageInputError, match=r"recommendations\[1\] \(id 'R2'\)\.theme: theme 'SW.SOC.IND.LONELY' is not in the codebook"):
        run_with(cfg, art, fw)


def test_recommendation_without_evidence_blocks_unless_allowed(cfg, art, result):
    # allowed in the fixture: a visible warning naming the entry
    assert any("(id 'R2')" in p.where and "cites no evidence" in p.message for p in result.warnings)
    assert "cites no evidence" in result.recommendations_table().set_index("recommendation_id").loc["R2", "warnings"]
    fw = framework_with(lambda d: d["recommendations"][1].update(allow_without_evidence=False))
    with pytest.raises(StageInputError, match=r"recommendations\[1\] \(id 'R2'\): cites no evidence"):
        run_with(cfg, art, fw)


def test_allow_without_evidence_turns_a_broken_link_into_a_warning(cfg, art):
    def change(d):
        d["recommendations"][1]["evidence"] = [{"type": "quote", "ref": "INT09:1"}]

    res = run_with(cfg, art, framework_with(change))
    assert any(p.where.endswith("(id 'R2').evidence[0]") and "INT09:1" in p.message for p in res.warnings)
    assert res.recommendations_table().set_index("recommendation_id").loc["R2", "unresolved"] == "INT09:1"


def test_all_problems_are_reported_at_once(cfg, art):
    def change(d):
        d["recommendations"][0]["evidence"].append({"type": "quote", "ref": "INT03:99"})
        d["recommendations"][0]["monitoring"][0]["region_targets"] = {5: 2.0}  # the region's own, in the wrong direction
        d["recommendations"][1]["allow_without_evidence"] = False

    with pytest.raises(StageInputError) as exc:
        run_with(cfg, art, framework_with(change))
    assert "3 problems" in str(exc.value)


# --- drafts ---------------------------------------------------------------------------------------


def test_draft_where_evidence_converges_on_a_problem(result):
    assert result.drafts == ("DRAFT-SW.SOC.COM.WORKEDU",)
    draft = next(r for r in result.recommendations if r.id in result.drafts)
    assert draft.statement.get("en").startswith("DRAFT")
    kinds = {link.type for link in draft.evidence}
    assert {"indicator", "report", "quote", "study", "theme"} <= kinds
    ev = result.evidence[result.evidence["recommendation_id"] == draft.id]
    assert ev["ok"].all()
    table = result.recommendations_table().set_index("recommendation_id")
    assert table.loc[draft.id, "status"] == "draft"
    assert table.loc[draft.id, "actor"] == ""  # the team decides; no invented actor


def test_no_draft_when_the_team_covers_the_theme_or_streams_are_too_few(cfg, art):
    def cover(d):
        d["recommendations"].append({
            "id": "R3", "statement": {"en": "Work trials"}, "theme": "SW.SOC.COM.WORKEDU", "actor": ["municipality"],
            "timeframe": "short", "evidence": [{"type": "indicator", "ref": "unemployed"}]})

    assert run_with(cfg, art, framework_with(cover)).drafts == ()
    assert run_with(cfg, art, framework_with(lambda d: d.update(draft_min_streams=5))).drafts == ()


# --- monitoring -----------------------------------------------------------------------------------


def test_monitoring_baseline_and_targets(result):
    mon = result.monitoring.set_index(["recommendation_id", "indicator"])
    r1 = mon.loc[("R1", "child_placements")]
    assert (r1.baseline_year, r1.baseline_value, r1.target, r1.target_source, r1.target_year) == (2012, 1.5, 1.3, "framework", 2030)
    assert r1.breakdowns == "gender; age" and r1.data_owner == "THL (child welfare statistics)"
    ctx = mon.loc[("R2", "lone_parents")]
    assert ctx.target == "" and ctx.target_source == "context indicator"
    draft = mon.loc[("DRAFT-SW.SOC.COM.WORKEDU", "unemployed")]
    # never a silent default: a monitoring entry without a target says so
    assert draft.target == "" and draft.target_source == "no target set"


@pytest.mark.parametrize("target", [1.5, 1.9])
def test_regions_own_target_in_the_wrong_direction_stops_the_run(cfg, art, target):
    fw = framework_with(lambda d: d["recommendations"][0]["monitoring"][0].update(region_targets={"05": target}))
    with pytest.raises(StageInputError, match=r"\(id 'R1'\)\.monitoring\[0\]: target .* in region 5 \(region_targets\) "
                                              r"is not better than the baseline 1.5 \(2012\): lower is better"):
        run_with(cfg, art, fw)


@pytest.mark.parametrize("target", [1.5, 1.9])
def test_a_general_target_the_region_has_reached_is_a_warning(cfg, art, target):
    res = run_with(cfg, art, framework_with(lambda d: d["recommendations"][0]["monitoring"][0].update(target=target)))
    assert any(p.where.endswith("(id 'R1').monitoring[0]") and "region has reached it" in p.message and not p.blocking
               for p in res.warnings)


def test_region_target_overrides_the_general_target(cfg, art):
    fw = framework_with(lambda d: d["recommendations"][0]["monitoring"][0].update(region_targets={5: 1.2, 8: 9.0}))
    m = run_with(cfg, art, fw).monitoring.set_index(["recommendation_id", "indicator"]).loc[("R1", "child_placements")]
    assert (m.target, m.target_source) == (1.2, "region")


def test_higher_is_better_target_below_baseline_is_wrong(cfg, art):
    def change(d):
        d["recommendations"][0]["monitoring"].append({"indicator": "turnout", "region_targets": {5: 55}})

    with pytest.raises(StageInputError, match=r"monitoring\[1\]: target 55 for 'turnout'.*higher is better"):
        run_with(cfg, art, framework_with(change))


def test_monitoring_indicator_without_data_for_region(cfg, art):
    def change(d):
        d["recommendations"][0]["monitoring"][0].pop("target")  # region 8's baseline is already 1.3
        d["recommendations"][0]["monitoring"].append({"indicator": "neet"})

    res = run_with(cfg, art, framework_with(change), region="8")
    row = res.monitoring[(res.monitoring["recommendation_id"] == "R1") & (res.monitoring["indicator"] == "neet")].iloc[0]
    assert row["baseline_value"] == "" and row["target"] == ""
    hit = [p for p in res.warnings if p.where.endswith("(id 'R1').monitoring[1]") and "no data" in p.message]
    assert len(hit) == 1 and hit[0].kind == syn.NO_REGION_DATA and not hit[0].blocking
    assert res.follow_up.set_index("indicator").loc["neet", "status"] == "no data"  # a warning, not a stop


# --- inputs and outputs ---------------------------------------------------------------------------


def test_missing_column_names_the_artefact(cfg, art):
    tables = dict(art.tables)
    tables["03-coding/codings.csv"] = tables["03-coding/codings.csv"].drop(columns=["source_type"])
    with pytest.raises(StageInputError, match="03-coding/codings.csv: missing column"):
        syn.check_columns(tables["03-coding/codings.csv"], syn.REQUIRED[("03-coding", "codings.csv")], "03-coding/codings.csv")


def test_missing_required_artefact_names_the_stage(tmp_path):
    with pytest.raises(StageInputError, match="run the notebook of stage '02-screening' first"):
        load_artefacts(tmp_path)


def test_bad_period_is_an_error():
    with pytest.raises(StageInputError, match="period '2012-2000'"):
        syn.period_years("2012-2000")


def test_stage_07_reads_the_run_and_writes_its_tables(cfg, tmp_path):
    """The file I/O lives in the stage module; the synthesis package only computes (issue 12)."""
    import shutil

    from review_tools.stages import synthesis_report

    shutil.copytree(RUN / "artefacts", tmp_path / "artefacts")
    res = synthesis_report.run(cfg, RUN / "review", tmp_path, region="5", period="2000-2012")
    out = tmp_path / "artefacts" / "07-synthesis"
    assert sorted(p.name for p in out.glob("*.csv")) == ["evidence_matrix.csv", "follow_up.csv", "monitoring.csv",
                                                         "monitoring_values.csv", "recommendations.csv"]
    assert (out / "welfare_report.html").exists()
    recs = pd.read_csv(out / "recommendations.csv")
    assert list(recs["recommendation_id"]) == ["R1", "R2", "DRAFT-SW.SOC.COM.WORKEDU"]
    assert list(recs["recommendation_id"]) == list(res.tables["recommendations"]["recommendation_id"])
    matrix = pd.read_csv(out / "evidence_matrix.csv")
    assert {"theme", "convergence", "n_streams", "literature_n", "indicators_worse"} <= set(matrix.columns)


def test_anchor_is_a_valid_fragment():
    assert syn.anchor("study", "10.1016/j.x(2)") == "study-10.1016_j.x_2_"
    assert syn.anchor("quote", "INT03:12") == "quote-INT03_12"
