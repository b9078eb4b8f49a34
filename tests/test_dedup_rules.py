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


# ------------------------------------------------------------------------------------------------
# recurring serial items (columns, editorials, reviews, front matter)

ED = dict(authors="Rai, Arun", year=2019, journal="Journal of Information Systems Practice", volume="43", pages="")


@pytest.mark.parametrize("title", ["Editor's Comments", "EDITORIAL", "Editorial: Nordic welfare in 2020", "Preface",
                                   "Book review: The Nordic model", "Letters to the editor", "In this issue",
                                   "Introduction to the Minitrack on Digital Platforms",
                                   "Introduction to the special issue on care leavers", "From the Editor-in-Chief",
                                   "Pääkirjoitus", "Ledare", "Vorwort", "Éditorial", "Reseñas", "Kirja-arviot",
                                   "Editorial 2", "Message from the Program Chairs", "Corrigendum"])
def test_column_titles_are_recognised_in_several_languages(title):
    from review_tools.dedup._serial import is_column_title

    assert is_column_title(title)


@pytest.mark.parametrize("title", ["Introduction of HPV testing in cervical screening", "Letters of support for housing",
                                   "Editing practices in Finnish social work records", "Reviews of the evidence on NEET",
                                   "Housing first for young people: a randomised trial"])
def test_ordinary_titles_are_not_column_titles(title):
    from review_tools.dedup._serial import is_column_title

    assert not is_column_title(title)


def test_a_column_in_other_issues_is_another_work_even_with_title_author_year_and_volume_equal():
    # why: the same editor writes "Editor's comments" in every issue; only the issue tells them apart
    a, b = rec("a", "Editor's Comments", issue="1", **ED), rec("b", "Editor's comments.", issue="2", source="s2", **ED)
    groups, tier, reason = pair(a, b)
    assert groups == [] and tier in ("review", "distinct") and reason.startswith("recurring item")
    # the same issue from two databases is one work, but never "certain" without an identifier
    groups, tier, _ = pair(a, dict(b, issue="1"))
    assert groups == [("a", "b")] and tier == "probable"
    groups, tier, _ = pair(dict(a, doi="10.1/ed.1"), dict(b, issue="1", doi="10.1/ED.1"))
    assert groups == [("a", "b")] and tier == "certain"


def test_a_column_without_issue_pages_or_text_is_left_for_review():
    # why: title, author, year and volume alone cannot tell one editorial from the next
    a, b = rec("a", "Editor's Comments", **ED), rec("b", "Editor's comments", source="s2", **ED)
    groups, tier, reason = pair(a, b)
    assert groups == [] and tier == "review" and "no issue, page or text agrees" in reason


def test_a_columns_abstract_tells_items_apart_and_joins_copies():
    # why: the first words of the text are the distinguishing text when issue and pages are missing
    one = "This issue brings four papers on platform work and a debate on algorithmic management in the gig economy"
    two = "Welcome to the last issue of the year, with a special section on open science and replication studies"
    a = rec("a", "Editor's comments", abstract=one, **ED)
    assert pair(a, rec("b", "EDITOR'S COMMENTS", abstract=one + ".", source="s2", **ED))[0] == [("a", "b")]
    assert pair(a, rec("b", "Editor's comments", abstract="Abstract: " + one, source="s2", **ED))[0] == [("a", "b")]
    groups, tier, reason = pair(a, rec("b", "Editor's comments", abstract=two, source="s2", **ED))
    assert groups == [] and reason.startswith("recurring item")


def test_a_title_the_input_holds_in_several_issues_of_one_journal_is_a_recurring_column():
    # why: columns with titles no list knows ("Research perspectives") are found from the data itself
    col = dict(ED, journal="Nordic Social Work Review")
    df = pd.DataFrame([rec("i1", "Research perspectives", issue="1", **col),
                       rec("i2", "Research perspectives", issue="2", **col),
                       rec("i2b", "Research perspectives.", issue="2", source="s2", **col),
                       rec("nx", "Research perspectives", source="s3", **col)])
    from review_tools.dedup._serial import recurring_titles

    assert recurring_titles(prepare(df)).all()
    assert groups_of(deduplicate(df)) == [("i2", "i2b")]
    # the same title in one issue only is an ordinary article: copies without an issue are merged
    single = df[df["record_id"].isin(["i2", "i2b", "nx"])]
    assert not recurring_titles(prepare(single)).any()
    assert groups_of(deduplicate(single)) == [("i2", "i2b", "nx")]


def test_an_issue_field_holding_record_numbers_is_not_used():
    # why: EndNote exports put the database's record number in "number"; copies at the same page range
    # then disagree on it, and it must not make one article look like a column in several issues
    from review_tools.dedup._serial import issues_reliable

    rows = [rec(f"{t}{n}", w, issue=str(100 + 2 * k + n),
                pages=f"{10 * k + 1}-{10 * k + 9}") for k, (t, w) in enumerate(zip("abcd", ["Housing first for young people leaving care",
                                                        "Education of children placed outside the home",
                                                        "Employment services for long-term unemployed adults",
                                                        "Loneliness among older people in rural Finland"], strict=True))
            for n in (0, 1)]
    rows.append(rec("a2", "Housing first for young people leaving care", issue="999", pages=""))
    keys = prepare(pd.DataFrame(rows))
    assert not issues_reliable(keys.assign(issue=[r["issue"] for r in rows])) and (keys["issue"] == "").all()
    assert ("a0", "a1", "a2") in groups_of(deduplicate(pd.DataFrame(rows)))


def test_section_letter_pagination_is_the_same_page():
    assert page_ranges("c37-c42") == page_ranges("37-42") == (("37", "42"),)
    assert page_ranges("e43268") == (("e43268", ""),)


# ------------------------------------------------------------------------------------------------
# conference and journal versions, other venues, other years

CONF = "Trust in sharing economy platforms: photos, comments and demand"


def test_conference_paper_and_journal_version_are_different_works():
    # why: the duplicate definition counts a journal and a conference version as two works
    conf = rec("c", CONF, journal="Proceedings of the Americas Conference on Information Systems", volume="",
               pages="", ptype="inproceedings")
    art = rec("j", CONF, journal="Journal of Information Systems Practice", volume="24", pages="138-156",
              ptype="article", year=2020)
    assert pair(dict(conf, year=2019), art)[0] == []
    assert pair(dict(conf, year=2020), art)[0] == []


def test_versions_at_other_venues_or_years_are_different_works():
    # why: a conference paper presented again the next year at another conference is another work
    a = rec("a", CONF, journal="Proceedings of the Americas Conference on Information Systems", volume="", pages="",
            ptype="inproceedings", year=2017)
    b = dict(a, record_id="b", journal="Proceedings of the European Conference on Information Systems", year=2018)
    groups, tier, reason = pair(a, b)
    assert groups == [] and reason in ("different venues and years", "meetings in different years")
    # the same meeting the next year (an annual event) is another event too
    groups, _, reason = pair(a, dict(a, record_id="b", year=2018))
    assert groups == [] and reason == "meetings in different years"
    # the same conference paper from two databases (venue spelled differently, same year) is one work
    assert pair(a, dict(a, record_id="b", journal="AMCIS 2017 Proceedings"))[0] == [("a", "b")]


def test_initials_written_together_are_initials_not_surnames():
    # why: Embase writes "Grattan R.E.", MEDLINE "Krabbenborg MAM"; the surname is the first word
    from review_tools.dedup._keys import surname_list

    assert surname_list("Grattan R.E.; Tryon V.L.") == surname_list("Grattan, Rebecca E.; Tryon, Valerie L.")
    assert surname_list("Krabbenborg MAM; van der Veld WM") == ["krabbenborg", "veld"]
    assert surname_list("Kamieniecki G.W.") == surname_list("Kamieniecki GW") == ["kamieniecki"]
    assert surname_list("Pardo Pardo J.") == ["pardopardo"]


def test_a_reprint_is_not_the_original_article():
    # why: "Reprint of: <title>" is the article printed again in another journal, another record
    art = rec("a", "Homelessness and child protection involvement: links to school mobility", pages="")
    groups, _, reason = pair(art, dict(art, record_id="b", title="Reprint of: " + art["title"], volume=""))
    assert groups == [] and reason == "erratum/comment vs article"


def test_html_entities_fold_like_the_characters():
    # why: some exports keep "&ldquo;" or "&prime;" where others print the character
    assert fold("Housing first &ldquo;junior&rdquo;") == fold('Housing first "junior"') == "housing first junior"
    assert fold("Nigeria&prime;s street children") == fold("Nigeria's street children")
    assert fold("Health & welfare") == "health and welfare"


def test_one_doi_on_records_at_other_pages_is_a_supplements_doi():
    # why: abstracts of one supplement often all carry the supplement's DOI; the pages tell them apart
    a = rec("a", "Effects of incretin on artery lesions in apolipoprotein E deficient mice", volume="30",
            issue="Suppl 3", pages="51", doi="10.1002/dmrr.2604")
    b = dict(a, record_id="b", title="Incretin and plaque stability in apolipoprotein E deficient mice", pages="52")
    groups, _, reason = pair(a, b)
    assert groups == [] and reason != "same DOI/PMID"
    assert pair(a, dict(a, record_id="b", pages="51-52", source="s2"))[0] == [("a", "b")]


def test_a_garbled_volume_at_the_same_page_and_year_is_not_another_volume():
    # why: a parser leaves "3)" of "30 (Suppl 3)" in the volume; same first page and year is the same item
    from review_tools.dedup._serial import recurring_titles

    a = rec("a", "Targeting molecular pathways in diabetic cardiovascular disease", volume="131", issue="Suppl 2",
            pages="171")
    b = dict(a, record_id="b", volume="2)", issue="", source="s2")
    assert not recurring_titles(prepare(pd.DataFrame([a, b]))).any()
    assert pair(a, b)[0] == [("a", "b")]


def test_one_page_written_two_ways_is_the_same_page():
    # why: "e0137960" and "137960", "A175" and "A175.e1638" are one page; the DOI of such a pair is the item's
    from review_tools.dedup._match import same_page

    assert same_page("e0137960", "137960") and same_page("a175", "a175.e1638")
    assert not same_page("51", "52") and not same_page("175", "1750") and not same_page("", "5")
    a = rec("a", "Exendin-4 prevents vascular smooth muscle cell proliferation", volume="10", issue="9",
            pages="137960", doi="10.1371/journal.pone.0137960")
    assert pair(a, dict(a, record_id="b", pages="e0137960", source="s2"))[0] == [("a", "b")]


def test_na_is_missing_and_an_issue_is_compared_by_its_number():
    # why: R exports write "NA" for a missing issue, and databases write one issue as "21" or "21 Suppl. 1"
    from review_tools.dedup._serial import recurring_titles

    a = rec("a", "Saxagliptin reduces lesion formation in atherosclerotic mice", journal="Circulation. Conference",
            volume="128", issue="22 SUPPL. 1", pages="")
    b = dict(a, record_id="b", issue="22", source="s2")
    c = dict(a, record_id="c", issue="NA", source="s3")
    df = pd.DataFrame([a, b, c])
    assert (prepare(df)["issue"] == ["22 suppl 1", "22", ""]).all()
    assert not recurring_titles(prepare(df)).any()
    assert groups_of(deduplicate(df)) == [("a", "b", "c")]
    # another issue number of the same title in one volume is another item (a column)
    assert recurring_titles(prepare(pd.DataFrame([a, dict(b, issue="23")]))).all()
