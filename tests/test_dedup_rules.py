"""Deduplication rules that must hold on data nobody tuned for (issue 18), on made-up records.

Dash variants in keys, recurring serial items (columns, front matter), conference/journal versions and
versions at other venues or years, and order independence (shuffled and re-keyed inputs).
"""

from __future__ import annotations

import sys
import unicodedata

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from review_tools.dedup import deduplicate
from review_tools.dedup._keys import (
    DASHES,
    first_page,
    fold,
    normalise_dashes,
    page_ranges,
    prepare,
    title_parts,
)


def rec(rid, title, authors="Virtanen, A.; Korhonen, B.", year=2019, journal="Children and Youth Services Review",
        volume="98", issue="", pages="112-120", doi="", abstract="", ptype="JOUR", source="s1"):
    return {"record_id": rid, "source_id": source, "source_name": source, "title": title, "authors": authors,
            "year": year, "journal": journal, "volume": volume, "issue": issue, "pages": pages, "doi": doi,
            "pmid": "", "abstract": abstract, "publication_type": ptype}


def groups_of(res):
    return sorted(tuple(sorted(g.split(";"))) for g in res.duplicate_groups()["merged_ids"])


def pair(a: dict, b: dict):
    """(groups, tier, reason) of deduplicating two records."""
    res = deduplicate(pd.DataFrame([a, b]))
    row = res.pairs.iloc[0] if len(res.pairs) else {"tier": "", "reason": ""}
    return groups_of(res), row["tier"], row["reason"]


# ------------------------------------------------------------------------------------------------
# dash variants (issue 17)

def test_every_unicode_dash_is_normalised():
    every_pd = {chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Pd"}
    assert every_pd <= set(DASHES)
    assert normalise_dashes("47\u201365 \u2212 \u2010x\u00adz") == "47-65 - -xz"


@pytest.mark.parametrize("dash", ["-", "\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2015", "\u2212", "\ufe63",
                                  "\uff0d"])
def test_dash_variants_give_the_same_keys(dash):
    assert first_page(f"47{dash}65") == "47"
    assert page_ranges(f"221{dash}8") == (("221", "228"),)
    assert page_ranges(f"233{dash}8, 230{dash}5") == (("230", "235"), ("233", "238"))
    t = f"Housing first for young people {dash} a randomised trial of aftercare"
    assert title_parts(t) == title_parts("Housing first for young people - a randomised trial of aftercare")
    assert fold(f"Sberro{dash}Soussan") == fold("Sberro-Soussan")
    k = prepare(pd.DataFrame([rec("a", t, pages=f"112{dash}20", doi=f"10.1016/j.cys{dash}2019.01.002")]))
    assert (k.loc[0, "fp"], k.loc[0, "lp"], k.loc[0, "doi"]) == ("112", "120", "10.1016/j.cys-2019.01.002")


def test_records_differing_only_in_dashes_are_merged_and_soft_hyphens_vanish():
    a = rec("a", "Child\u2010welfare placements \u2013 a Nordic comparison of aftercare", pages="47\u201365",
            doi="10.1000/cw\u20132019")
    b = rec("b", "Child-welfare placements - a Nordic comparison of after\u00adcare", pages="47-65",
            doi="10.1000/cw-2019", source="s2")
    groups, tier, _ = pair(a, b)
    assert groups == [("a", "b")] and tier == "certain"


# ------------------------------------------------------------------------------------------------
# order independence: the same records in any order and under any ids give the same groups

_CONTENT = ["title", "authors", "year", "journal", "volume", "issue", "pages", "doi", "abstract", "publication_type"]


def content_groups(df: pd.DataFrame, res) -> list:
    """Duplicate groups as sorted tuples of record contents (ids and order aside)."""
    content = {r: tuple(str(v) for v in row) for r, row in zip(df["record_id"], df[_CONTENT].itertuples(index=False),
                                                              strict=True)}
    return sorted(tuple(sorted(content[i] for i in ids.split(";"))) for ids in res.duplicate_groups()["merged_ids"])


_ORDER_TITLES = ["Editor's comments", "EDITOR'S COMMENTS.", T2 := "Aftercare and NEET status among youth", T2.upper(),
                 "Aftercare and NEET status among youth: a register study"]
_records = st.lists(st.tuples(st.sampled_from(_ORDER_TITLES), st.sampled_from(["Ahonen, A.", "Ahonen A", "Berg, K."]),
                              st.sampled_from([2019, 2020]), st.sampled_from(["", "", "3", "4"]),
                              st.sampled_from(["", "", "1-2", "5-9"]), st.sampled_from(["", "10.1/x", "10.1/y"])),
                    min_size=3, max_size=30)


@settings(max_examples=25, deadline=None)
@given(rows=_records, seed=st.integers(0, 2**32 - 1))
def test_groups_do_not_depend_on_row_order_or_ids(rows, seed):
    import random

    df = pd.DataFrame([rec(f"r{i}", t, authors=a, year=y, issue=iss, pages=p, doi=d, volume="12", journal="MIS Q")
                       for i, (t, a, y, iss, p, d) in enumerate(rows)])
    base = content_groups(df, deduplicate(df))
    rnd = random.Random(seed)
    for _ in range(2):
        shuffled = df.sample(frac=1, random_state=rnd.randrange(2**31)).reset_index(drop=True)
        shuffled["record_id"] = [f"id{rnd.randrange(10**9)}-{k}" for k in range(len(shuffled))]
        assert content_groups(shuffled, deduplicate(shuffled)) == base
