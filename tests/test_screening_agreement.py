"""Agreement statistics must equal scikit-learn's Cohen's kappa and the krippendorff package."""

from __future__ import annotations

import krippendorff
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import cohen_kappa_score

from review_tools.errors import StageInputError
from review_tools.screening.agreement import agreement_figure, agreement_table

CODES = {"include": 0, "exclude": 1, "maybe": 2}


def _frame(rows):
    return pd.DataFrame(rows, columns=["record_id", "stage", "reviewer", "decision"])


def test_two_reviewers_match_reference_implementations():
    a = ["include", "exclude", "exclude", "maybe", "include", "exclude", "exclude", "include"]
    b = ["include", "exclude", "include", "maybe", "exclude", "exclude", "exclude", "include"]
    rows = [(f"r{i}", "title_abstract", "anna", x) for i, x in enumerate(a)]
    rows += [(f"r{i}", "title_abstract", "bertil", x) for i, x in enumerate(b)]
    rows += [("r99", "title_abstract", "anna", "include")]  # seen by one reviewer only
    t = agreement_table(_frame(rows))
    assert len(t) == 1
    row = t.iloc[0]
    assert row["reviewers"] == "anna;bertil" and row["n"] == 8
    assert row["percent_agreement"] == pytest.approx(75.0)
    assert row["cohen_kappa"] == pytest.approx(cohen_kappa_score(a, b))
    ref = krippendorff.alpha(reliability_data=[[CODES[x] for x in a] + [0], [CODES[x] for x in b] + [np.nan]],
                             level_of_measurement="nominal")
    assert row["krippendorff_alpha"] == pytest.approx(ref)


def test_three_reviewers_with_missing_values():
    rows = []
    data = {"anna": ["include", "exclude", "exclude", None, "include"],
            "bertil": ["include", "include", "exclude", "exclude", None],
            "carla": [None, "exclude", "exclude", "exclude", "include"]}
    for who, decs in data.items():
        rows += [(f"r{i}", "full_text", who, d) for i, d in enumerate(decs) if d]
    t = agreement_table(_frame(rows))
    assert list(t["reviewers"]) == ["anna;bertil", "anna;carla", "bertil;carla", "anna;bertil;carla"]
    matrix = [[np.nan if d is None else CODES[d] for d in decs] for decs in data.values()]
    ref = krippendorff.alpha(reliability_data=matrix, level_of_measurement="nominal")
    assert t.iloc[3]["krippendorff_alpha"] == pytest.approx(ref)
    assert t.iloc[3]["n"] == 5


def test_undefined_statistics_are_nan():
    rows = [(f"r{i}", "title_abstract", who, "exclude") for i in range(4) for who in ("anna", "bertil")]
    t = agreement_table(_frame(rows))
    assert t.iloc[0]["percent_agreement"] == 100.0
    assert np.isnan(t.iloc[0]["cohen_kappa"]) and np.isnan(t.iloc[0]["krippendorff_alpha"])


def test_duplicate_decisions_rejected():
    rows = [("r1", "title_abstract", "anna", "include"), ("r1", "title_abstract", "anna", "exclude")]
    with pytest.raises(StageInputError, match="more than one decision on record 'r1'"):
        agreement_table(_frame(rows))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(list(CODES)), st.sampled_from(list(CODES))), min_size=2, max_size=30))
def test_kappa_equals_sklearn(pairs):
    rows = [(f"r{i}", "title_abstract", "anna", a) for i, (a, _) in enumerate(pairs)]
    rows += [(f"r{i}", "title_abstract", "bertil", b) for i, (_, b) in enumerate(pairs)]
    t = agreement_table(_frame(rows)).iloc[0]
    a, b = zip(*pairs, strict=True)
    if len(set(a) | set(b)) > 1:
        assert t["cohen_kappa"] == pytest.approx(cohen_kappa_score(a, b), nan_ok=True)
    assert t["percent_agreement"] == pytest.approx(100 * np.mean([x == y for x, y in pairs]), abs=0.01)


def test_figure_is_returned():
    rows = [("r1", "title_abstract", "anna", "include"), ("r1", "title_abstract", "bertil", "exclude"),
            ("r2", "title_abstract", "anna", "include"), ("r2", "title_abstract", "bertil", "include")]
    fig = agreement_figure(agreement_table(_frame(rows)))
    assert fig.axes and fig.axes[0].get_xlabel() == "agreement, %"
