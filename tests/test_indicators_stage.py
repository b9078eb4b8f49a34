"""Stages 05-indicator-data (region-independent: data and the profiles of every region, once per batch) and
06-regional-profile (one region's rows, phenomena beside indicators, figures). Stage 06 never loads the
pseudonymiser, the lemmatiser or scipy (they belong to stages 04 and 05)."""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pytest

from review_tools import writers
from review_tools.config import load_review
from review_tools.errors import StageInputError
from review_tools.indicators.profile import build_profile
from review_tools.stages import indicator_data, regional_profile

from ._indicators_shared import demo_stage
from .conftest import ROOT

REPORTS = pd.DataFrame({
    "report_id": ["SR-X-1", "SR-X-2", "SR-X-3"],
    "county_code": ["15", "15", "5"],
    "observation_type": ["problem", "problem", "good_practice"],
    "phenomenon": ["waiting_times", "waiting_times", "housing_first"],
    "phenomenon_title": ["Odotusajat", "Odotusajat", "Asunto ensin"],
    "codes": ["SW.MAT.INC", "SW.MAT.INC;X.COOP", "SW.SOC.COM.LIV"],
})

SCRIPT = """
import json, sys
from review_tools.config import load_review
from review_tools.stages.regional_profile import run
res = run(load_review(sys.argv[1]), sys.argv[2], sys.argv[3], region="15", period="2000-2012")
# scipy.special (the trend's t quantile) is light; scipy.stats costs about a second to import
loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("simplemma", "voikko", "libvoikko")
                or m.startswith(("scipy.stats", "review_tools.pseudonymise", "review_tools.coding",
                                 "review_tools.indicators.profile")))
print(json.dumps({"loaded": loaded, "figures": sorted(res.figures)}))
"""


def run_stage(review, corpus, run, **params):
    """Stage 06-regional-profile as its notebook runs it."""
    return regional_profile.run(load_review(review), corpus, run, **params)


@pytest.fixture(scope="module")
def stage_05(tmp_path_factory):
    """Run stage 05 here, then stage 06 in a fresh interpreter (so sys.modules shows what it imported) for county 15."""
    run = tmp_path_factory.mktemp("run05")
    writers.write_table(REPORTS, run, "04-social-reports", "social_reports.csv")
    indicator_data.run(load_review(ROOT / "review"), ROOT / "corpus", run, period="2000-2012")
    out = subprocess.run([sys.executable, "-c", SCRIPT, str(ROOT / "review"), str(ROOT / "corpus"), str(run)],
                         capture_output=True, text=True, check=True, timeout=600)
    return run, json.loads(out.stdout.strip().splitlines()[-1])


@pytest.mark.slow
def test_stage_loads_neither_pseudonymiser_nor_lemmatiser(stage_05):
    _, info = stage_05
    assert info["loaded"] == []


@pytest.mark.slow
def test_stage_writes_profile_signals_and_phenomena_beside_indicators(stage_05):
    run, info = stage_05
    art = run / "artefacts" / "06-regional-profile"
    prof = pd.read_csv(art / "profile.csv", dtype={"region_code": str})
    assert (prof["region_code"] == "15").all()
    assert {"theme", "signal"} <= set(pd.read_csv(art / "theme_signals.csv").columns)
    phen = pd.read_csv(art / "phenomena_indicators.csv", dtype={"county_code": str})
    assert set(zip(phen["phenomenon"], phen["county_code"], strict=True)) == {("waiting_times", "15"), ("housing_first", "5")}
    # each linked value is that county's profile value (period 2000-2012), not the run's region's
    st = demo_stage()
    p5 = build_profile(st.data, st.indicator_set, st.key, "5", "2000-2012").set_index("indicator_id")
    h = phen[(phen["phenomenon"] == "housing_first") & phen["indicator_id"].notna()]
    assert len(h) and (h["value"].to_numpy() == pytest.approx(p5.loc[h["indicator_id"], "value"].to_numpy()))
    w = phen[phen["phenomenon"] == "waiting_times"]
    assert w.groupby("theme")["n_reports"].first().to_dict().get("SW.MAT.INC") == 2
    manifest = json.loads((art / "stage_manifest.json").read_text(encoding="utf-8"))
    assert manifest["region"] == "15" and manifest["social_reports"] == 3 and manifest["phenomena_rows"] == len(phen)
    # figures are written once, as PNG only (the report draws its own)
    assert info["figures"] == ["heat_table", "signal_trends", "tile_map_indicator", "tile_map_theme", "trends"]
    assert sorted(p.name for p in art.glob("*.png")) == [f"{n}.png" for n in info["figures"]]
    assert not list(art.glob("*.svg"))
    assert not (run / "artefacts" / "04-social-reports" / "social_report_summary.csv").exists()  # writes only its own


@pytest.mark.slow
def test_data_stage_profiles_every_region_as_the_cli_does(stage_05):
    run, _ = stage_05
    art = run / "artefacts" / "05-indicator-data"
    profiles = pd.read_csv(art / "profiles.csv", dtype={"region_code": str})
    st = demo_stage()
    assert set(profiles["region_code"]) == {str(c) for c in st.key.counties["county_code"]} | {"SSS"}
    # the region's rows in 06 are those of the shared table, and equal a profile built for that region alone
    p15 = build_profile(st.data, st.indicator_set, st.key, "15", "2000-2012")
    own = pd.read_csv(run / "artefacts" / "06-regional-profile" / "profile.csv", dtype={"region_code": str})
    assert own["value"].to_numpy() == pytest.approx(p15["value"].to_numpy(dtype=float), nan_ok=True)
    assert \
        own["rank"].fillna(-1).astype(int).tolist() == p15["rank"].fillna(-1).astype(int).tolist()
    signals = pd.read_csv(art / "theme_signals_all.csv", dtype={"region_code": str})
    assert {"region_code", "theme", "signal"} <= set(signals.columns)
    own_signals = pd.read_csv(run / "artefacts" / "06-regional-profile" / "theme_signals.csv")
    assert own_signals["signal"].tolist() == signals.loc[signals["region_code"] == "15", "signal"].tolist()
    assert json.loads((art / "stage_manifest.json").read_text(encoding="utf-8"))["period"] == "2000-2012"


@pytest.mark.slow
def test_regional_stage_refuses_another_period_than_stage_05(stage_05, tmp_path):
    run, _ = stage_05
    with pytest.raises(StageInputError, match="2005-2012.*05-indicator-data profiled 2000-2012"):
        run_stage(ROOT / "review", ROOT / "corpus", run, region="5", period="2005-2012")


def test_regional_stage_without_stage_05_names_it(tmp_path):
    writers.write_table(REPORTS, tmp_path, "04-social-reports", "social_reports.csv")
    with pytest.raises(StageInputError, match="05-indicator-data"):
        run_stage(ROOT / "review", ROOT / "corpus", tmp_path, region="5")


def test_stage_without_stage_04_names_it(tmp_path):
    with pytest.raises(StageInputError, match="04-social-reports"):
        run_stage(ROOT / "review", ROOT / "corpus", tmp_path / "run", region="5")


def test_stage_rejects_reports_without_codes(tmp_path):
    writers.write_table(REPORTS.drop(columns="codes"), tmp_path, "04-social-reports", "social_reports.csv")
    with pytest.raises(StageInputError, match=r"missing column\(s\) codes"):
        run_stage(ROOT / "review", ROOT / "corpus", tmp_path, region="5")
