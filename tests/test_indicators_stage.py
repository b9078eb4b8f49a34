"""Stage 05-indicators: reads the coded reports of 04-social-reports, writes the region's artefacts, and
never loads the pseudonymiser or the lemmatiser (they belong to the region-independent stage 04)."""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pytest

from review_tools import writers
from review_tools.errors import StageInputError
from review_tools.indicators.profile import build_profile
from review_tools.indicators.stage import run_stage

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
from review_tools.indicators.stage import run_stage
res = run_stage(sys.argv[1], sys.argv[2], sys.argv[3], region="15", period="2000-2012")
loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("simplemma", "voikko", "libvoikko")
                or m.startswith(("review_tools.pseudonymise", "review_tools.coding")))
print(json.dumps({"loaded": loaded, "figures": sorted(res.figures)}))
"""


@pytest.fixture(scope="module")
def stage_05(tmp_path_factory):
    """Run the stage in a fresh interpreter (so sys.modules shows what it imported) for county 15."""
    run = tmp_path_factory.mktemp("run05")
    writers.write_table(REPORTS, run, "04-social-reports", "social_reports.csv")
    out = subprocess.run([sys.executable, "-c", SCRIPT, str(ROOT / "review"), str(ROOT / "corpus"), str(run)],
                         capture_output=True, text=True, check=True, timeout=600)
    return run, json.loads(out.stdout.strip().splitlines()[-1])


def test_stage_loads_neither_pseudonymiser_nor_lemmatiser(stage_05):
    _, info = stage_05
    assert info["loaded"] == []


def test_stage_writes_profile_signals_and_phenomena_beside_indicators(stage_05):
    run, info = stage_05
    art = run / "artefacts" / "05-indicators"
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
    assert info["figures"] == ["heat_table", "tile_map_indicator", "tile_map_theme", "trends"]
    assert sorted(p.name for p in art.glob("*.png")) == [f"{n}.png" for n in info["figures"]]
    assert not list(art.glob("*.svg"))
    assert not (run / "artefacts" / "04-social-reports" / "social_report_summary.csv").exists()  # 05 writes only its own


def test_stage_without_stage_04_names_it(tmp_path):
    with pytest.raises(StageInputError, match="04-social-reports"):
        run_stage(ROOT / "review", ROOT / "corpus", tmp_path / "run", region="5")


def test_stage_rejects_reports_without_codes(tmp_path):
    writers.write_table(REPORTS.drop(columns="codes"), tmp_path, "04-social-reports", "social_reports.csv")
    with pytest.raises(StageInputError, match=r"missing column\(s\) codes"):
        run_stage(ROOT / "review", ROOT / "corpus", tmp_path, region="5")
