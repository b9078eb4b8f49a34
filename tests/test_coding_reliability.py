"""Reliability statistics: equal to scikit-learn and krippendorff, uncoded units handled."""

from __future__ import annotations

import json
from pathlib import Path

import krippendorff
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import cohen_kappa_score

from review_tools.cli import main
from review_tools.coding.reliability import (
    agreement_table,
    decision_matrix,
    disagreements,
    reliability_figure,
)
from review_tools.errors import StageInputError

WAC = Path(__file__).resolve().parents[2] / "shared" / "data" / "transcripts" / "wac_world_after_covid"
CODES = ["Q1_Outside", "Q3_Outside", "Dialectic"]


def test_uncoded_units_count_only_when_read():
    codings = pd.DataFrame({
        "unit_id": ["u1", "u1", "u2", "u2", "u3", "u4"],
        "coder": ["a", "b", "a", "b", "a", "a"],
        "code": ["X", "X", "", "", "X", ""],  # u3/u4 read by a only
    })
    t = agreement_table(codings).set_index("code")
    assert t.loc["X", "n_units"] == 2
    assert t.loc["X", "percent_agreement"] == 1.0
    m = decision_matrix(codings, "X")
    assert np.isnan(m[1, 2]) and np.isnan(m[1, 3])
    assert m[0].tolist() == [1, 0, 1, 0]


def test_simple_known_values():
    codings = pd.DataFrame({
        "unit_id": ["1", "1", "2", "2", "3", "3", "4", "4"],
        "coder": ["a", "b"] * 4,
        "code": ["X", "X", "X", "", "", "", "", "X"],
    })
    t = agreement_table(codings).set_index("code")
    assert t.loc["X", "percent_agreement"] == 0.5
    assert t.loc["X", "cohen_kappa"] == pytest.approx(0.0)
    assert list(disagreements(codings)["unit_id"]) == ["2", "4"]


def test_needs_two_coders_and_columns():
    with pytest.raises(StageInputError, match="at least two coders"):
        agreement_table(pd.DataFrame({"unit_id": ["1"], "coder": ["a"], "code": ["X"]}))
    with pytest.raises(StageInputError, match=r"lack column\(s\) \['code'\]"):
        agreement_table(pd.DataFrame({"unit_id": ["1"], "coder": ["a"]}))


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.UndefinedMetricWarning")
@given(st.lists(st.tuples(st.sampled_from("abc"), st.sampled_from("abc"), st.booleans(), st.booleans()),
                min_size=3, max_size=30))
@settings(max_examples=40, deadline=None)
def test_equal_to_sklearn_and_krippendorff(rows):
    # each unit: two coders read it; each gives code X and/or Y
    recs = []
    for i, (x1, x2, y1, y2) in enumerate(rows):
        for coder, has_x, has_y in (("c1", x1 == "a", y1), ("c2", x2 == "a", y2)):
            codes = [c for c, on in (("X", has_x), ("Y", has_y)) if on] or [""]
            recs += [(f"u{i}", coder, c) for c in codes]
    codings = pd.DataFrame(recs, columns=["unit_id", "coder", "code"])
    present = sorted({c for c in codings["code"] if c})
    if not present:
        return
    t = agreement_table(codings).set_index("code")
    mats = []
    for code in present:
        m = decision_matrix(codings, code)
        mats.append(m)
        k = cohen_kappa_score(m[0], m[1], labels=[0.0, 1.0])
        got = t.loc[code, "cohen_kappa"]
        assert (np.isnan(k) and np.isnan(got)) or abs(got - k) < 1e-9
        try:
            a = krippendorff.alpha(reliability_data=m, level_of_measurement="nominal")
        except ValueError:
            a = np.nan
        got_a = t.loc[code, "krippendorff_alpha"]
        assert (np.isnan(a) and np.isnan(got_a)) or abs(got_a - a) < 1e-9


def _wac_long(wide: pd.DataFrame, codes) -> pd.DataFrame:
    rows = []
    for _, r in wide.iterrows():
        for coder in ("CC", "OM"):
            given_codes = [c for c in codes if r[f"{c}_{coder}"] == 1]
            rows += [(r["Name"], coder, c) for c in given_codes] or [(r["Name"], coder, "")]
    return pd.DataFrame(rows, columns=["unit_id", "coder", "code"])


@pytest.mark.skipif(not WAC.is_dir(), reason=f"shared WAC data not found at {WAC}")
@pytest.mark.parametrize("code", CODES)
def test_real_two_coder_data_via_cli_equals_libraries(code, tmp_path, capsys):
    wide = pd.read_csv(WAC / "outside_dialectic_codes.csv", encoding="cp1252")
    # a respondent neither coder coded for this code is not a unit of it
    wide = wide[wide[f"{code}_CC"].notna() & wide[f"{code}_OM"].notna()]
    long = _wac_long(wide, [code])
    path = tmp_path / "codings.csv"
    long.to_csv(path, index=False, encoding="cp1252")  # the source file is cp1252 too
    assert main(["code", "agreement", str(path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    row = out["per_code"][0]
    a, b = wide[f"{code}_CC"].astype(int), wide[f"{code}_OM"].astype(int)
    assert row["code"] == code
    assert abs(row["cohen_kappa"] - cohen_kappa_score(a, b)) < 1e-9
    alpha = krippendorff.alpha(reliability_data=np.vstack([a, b]).astype(float), level_of_measurement="nominal")
    assert abs(row["krippendorff_alpha"] - alpha) < 1e-9
    assert abs(row["percent_agreement"] - float((a == b).mean())) < 1e-9
    assert row["n_units"] == len(wide)
    assert out["overall"]["code"] == "overall"


@pytest.mark.skipif(not WAC.is_dir(), reason=f"shared WAC data not found at {WAC}")
def test_real_data_all_codes_pooled():
    wide = pd.read_csv(WAC / "outside_dialectic_codes.csv", encoding="cp1252")
    wide[[f"{c}_{k}" for c in CODES for k in ("CC", "OM")]] = wide[[f"{c}_{k}" for c in CODES for k in ("CC", "OM")]].fillna(0)
    t = agreement_table(_wac_long(wide, CODES)).set_index("code")
    a = np.concatenate([wide[f"{c}_CC"].astype(int) for c in sorted(CODES)])
    b = np.concatenate([wide[f"{c}_OM"].astype(int) for c in sorted(CODES)])
    assert abs(t.loc["overall", "cohen_kappa"] - cohen_kappa_score(a, b)) < 1e-9
    assert abs(t.loc["overall", "percent_agreement"] - (a == b).mean()) < 1e-9


def test_figure_returns_a_figure():
    codings = pd.DataFrame({"unit_id": ["1", "1", "2", "2"], "coder": ["a", "b", "a", "b"], "code": ["X", "X", "", "X"]})
    fig = reliability_figure(agreement_table(codings))
    assert fig.axes and len(fig.axes[0].patches) == 4
