"""Author-list and DOI rules of deduplication (issue 18), on made-up records."""

from __future__ import annotations

import pandas as pd

from review_tools.dedup import deduplicate
from review_tools.dedup._authors import author_lists_differ
from review_tools.dedup._keys import author_word_sets, prepare, surname_list


def rec(rid, title="Housing first for young care leavers: a pilot trial", authors="Virtanen A; Korhonen B; Nieminen C",
        year=2021, journal="", volume="", pages="", doi="", source="s1"):
    return {"record_id": rid, "source_id": source, "source_name": source, "title": title, "authors": authors,
            "year": year, "journal": journal, "volume": volume, "issue": "", "pages": pages, "doi": doi, "pmid": "",
            "abstract": "", "publication_type": "JOUR"}


def groups_of(rows):
    res = deduplicate(pd.DataFrame(rows))
    return sorted(tuple(sorted(g.split(";"))) for g in res.duplicate_groups()["merged_ids"])


def differ(a: str, b: str) -> bool:
    return author_lists_differ(surname_list(a), surname_list(b), author_word_sets(a), author_word_sets(b))


def test_author_lists_that_cannot_be_one_records():
    # an author dropped from the middle, or another author in place of one
    assert differ("Virtanen A; Lahti D; Korhonen B; Nieminen C", "Virtanen A; Korhonen B; Nieminen C")
    assert differ("Virtanen A; Korhonen B; Lahti D; Salo E; Nieminen C",
                  "Virtanen A; Korhonen B; Aalto F; Salo E; Koski G; Nieminen C")
    # equally long lists with two authors each side the other lacks
    assert differ("Virtanen A; Lahti D; Salo E", "Virtanen A; Aalto F; Koski G")


def test_author_lists_written_differently_are_one_list():
    # truncated after the first authors, reordered, spelt with other initials, particles or accents
    assert not differ("Virtanen A; Korhonen B; Nieminen C; Lahti D", "Virtanen A; Korhonen B")
    assert not differ("Virtanen A; Korhonen B; Nieminen C", "Nieminen, Camilla; Virtanen, Anna; Korhonen, Bo")
    assert not differ("Mäkelä A.; van der Berg J.", "Makela, Aino; Berg, Jan van der")
    # a Spanish double surname filed under either part
    assert not differ("Lopez, Rubio M.; Alonso, Rosa D.; Ojeda, E.", "Rubio, M. L.; Rosa, D. A.; Ojeda, E.")
    # one misspelt author of equally long lists
    assert not differ("Virtanen A; Korhonen B; Nieminen C", "Virtanen A; Korhonnen B; Nieminen C")
    # single authors are left to the other rules
    assert not differ("Virtanen A", "Korhonen B")


def test_an_html_entity_does_not_split_an_author():
    assert surname_list("Gal&aacute;rraga O; Sosa-Rub&iacute; SG") == ["galarraga", "sosarubi"]
    assert len(author_word_sets("Gal&aacute;rraga O; Sosa-Rub&iacute; SG")) == 2


def test_same_title_and_year_with_other_authors_and_no_shared_page_are_not_merged():
    # one study presented at two meetings (author lists differ, no page or DOI ties them)
    a = rec("a", authors="Virtanen A; Korhonen B; Lahti D; Nieminen C")
    b = rec("b", authors="Virtanen A; Korhonen B; Salo E; Nieminen C; Aalto F", source="s2")
    c = rec("c", authors="Virtanen, A.; Korhonen, B.; Lahti, D.; Nieminen, C.", source="s2")
    assert groups_of([a, b, c]) == [("a", "c")]


def test_supplement_abstracts_on_consecutive_pages_with_other_authors_are_two_works():
    kw = dict(journal="Journal of Social Work Research", volume="30", year=2014, doi="10.1000/jswr.30.s3")
    title = "effects of housing support on school completion in a model of youth homelessness in two cities"
    a = rec("a", title="The " + title, authors="Chen R.Wang J.Yan C.Wang Y.Liang L.", pages="52", **kw)
    b = rec("b", title=title.capitalize(), authors="Chen R.Wang Y.Liang L.", pages="51", source="s2", **kw)
    assert groups_of([a, b]) == []
    # the same first page ties them: author lists of one record do differ between databases
    b2 = {**b, "pages": "52"}
    assert groups_of([a, b2]) == [("a", "b")]


def test_a_doubled_slash_after_the_doi_prefix_is_the_same_doi():
    keys = prepare(pd.DataFrame([rec("a", doi="10.1037//0022-006X.65.3.476"),
                                 rec("b", doi="https://doi.org/10.1037/0022-006x.65.3.476")]))
    assert keys["doi"].tolist() == ["10.1037/0022-006x.65.3.476"] * 2
