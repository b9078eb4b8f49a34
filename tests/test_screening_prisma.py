"""PRISMA 2020 counts from the screening state, and the diagram."""

from __future__ import annotations

import pandas as pd
import pytest

from review_tools.errors import StageInputError
from review_tools.screening.prisma import prisma_counts, prisma_figure


def _state():
    rows = [
        ("a", "exclude", "", ""), ("b", "exclude", "", ""), ("c", "include", "include", ""),
        ("d", "maybe", "exclude", "wrong_design;protocol"), ("e", "include", "exclude", "no_intervention"),
        ("f", "include", "not_retrieved", ""), ("g", "include", "", ""), ("h", "", "", ""),
        ("i", "include", "exclude", ""),
    ]
    return pd.DataFrame(rows, columns=["record_id", "ta_decision", "ft_decision", "ft_reason"])


def test_counts_add_up():
    sc = pd.DataFrame({"source_id": ["s1", "s2", "s3"], "source_name": ["Medline", "Scopus", "Trials"],
                       "kind": ["database", "database", "register"], "records": [7, 4, 2]})
    c = prisma_counts(_state(), sc)
    assert c["identified"] == 13 and c["duplicates_removed"] == 4 and c["screened"] == 9
    assert c["records_per_kind"] == {"database": 11, "register": 2}
    assert c["excluded_ta"] == 2 and c["awaiting_ta"] == 1
    assert c["sought"] == 6 and c["not_retrieved"] == 1 and c["assessed"] == 4 and c["awaiting_ft"] == 1
    assert c["excluded_ft_by_reason"] == {"no_intervention": 1, "unspecified": 1, "wrong_design": 1}
    assert c["included"] == 1
    assert c["sought"] == c["not_retrieved"] + c["assessed"] + c["awaiting_ft"]
    assert c["assessed"] == c["excluded_ft"] + c["included"]


def test_without_source_counts():
    c = prisma_counts(_state())
    assert c["identified"] == 9 and c["duplicates_removed"] == 0


def test_missing_column():
    with pytest.raises(StageInputError, match=r"lacks column\(s\) \['ft_reason'\]"):
        prisma_counts(_state().drop(columns=["ft_reason"]))


@pytest.mark.parametrize("language, word", [("en", "Studies included in review"), ("fi", "Katsaukseen otetut")])
def test_figure_shows_counts(language, word):
    c = prisma_counts(_state())
    fig = prisma_figure(c, reason_labels={"wrong_design": "Wrong study design"}, language=language)
    texts = "\n".join(t.get_text() for t in fig.axes[0].texts)
    assert word in texts and "Wrong study design (n = 1)" in texts and "(n = 9)" in texts
