"""Where each field of the record schema comes from in every export format (tags and column names)."""

from __future__ import annotations

# schema field -> raw tags in order of preference, per format
_TAGGED_MAP = {
    "ris": {
        "title": ["TI", "T1", "CT", "BT"], "abstract": ["AB", "N2"], "authors": ["AU", "A1"],
        "year": ["PY", "Y1", "DA", "Y2"], "journal": ["T2", "JF", "JO", "JA", "J2", "J1", "BT", "T3"],
        "volume": ["VL"], "issue": ["IS", "CP"], "doi": ["DO", "DI"], "isbn_issn": ["SN"],
        "url": ["UR", "L2", "LK"], "keywords": ["KW"], "language": ["LA"], "publication_type": ["TY", "M3"],
        "record_id": ["ID"],
    },
    "medline": {
        "title": ["TI", "BTI"], "abstract": ["AB"], "authors": ["FAU", "AU"], "year": ["DP", "DEP"],
        "journal": ["JT", "TA"], "volume": ["VI"], "issue": ["IP"], "pages": ["PG"],
        "isbn_issn": ["IS", "ISSN", "ISBN"], "keywords": ["OT", "MH"], "language": ["LA"],
        "publication_type": ["PT"], "pmid": ["PMID"], "record_id": ["PMID", "OID"],
    },
    "wos": {
        "title": ["TI"], "abstract": ["AB"], "authors": ["AF", "AU"], "year": ["PY", "EY"],
        "journal": ["SO", "J9", "JI"], "volume": ["VL"], "issue": ["IS"], "doi": ["DI"],
        "pmid": ["PM"], "isbn_issn": ["SN", "EI", "BN"], "keywords": ["DE", "ID"], "language": ["LA"],
        "publication_type": ["DT", "PT"], "record_id": ["UT"],
    },
    "refer": {
        "title": ["T"], "abstract": ["X"], "authors": ["A"], "year": ["D"], "journal": ["J", "B"],
        "volume": ["V"], "issue": ["N"], "pages": ["P"], "doi": ["R"], "isbn_issn": ["@"],
        "url": ["U"], "keywords": ["K"], "language": ["G"], "publication_type": ["0"], "record_id": ["F"],
    },
    "bibtex": {
        "title": ["title"], "abstract": ["abstract"], "authors": ["author", "editor"],
        "year": ["year", "date"], "journal": ["journal", "journaltitle", "booktitle", "publisher", "school", "institution"],
        "volume": ["volume"], "issue": ["number", "issue"], "pages": ["pages", "art_number", "eid", "articleno"], "doi": ["doi"],
        "pmid": ["pmid"], "isbn": ["isbn"], "issn": ["issn"], "url": ["url"],
        "keywords": ["keywords", "author_keywords", "mesh"], "language": ["langid", "language"],
        "publication_type": ["ENTRYTYPE", "document_type", "type"], "record_id": ["ID"],
    },
}

# delimited exports: normalised column name -> schema field (Scopus, WoS, PubMed, Embase, Lens,
# OpenAlex, IEEE, Springer, ASReview, Rayyan, Covidence, EPPI, RIS-tag columns)
_COLUMN_ALIASES = {
    "title": ["title", "article title", "document title", "item title", "primary title", "display name",
              "ti", "t1", "primary_title"],
    "abstract": ["abstract", "ab", "n2", "notes abstract", "abstract note", "description"],
    "authors": ["authors", "author", "author names", "author/s", "au", "a1", "first authors",
                "authorships author display name", "author full names", "creators"],
    "year": ["year", "publication year", "py", "pubyear", "publication date", "date", "date published",
             "issue date", "da", "y1"],
    "journal": ["journal", "source title", "journal/book", "publication title", "secondary title",
                "journal title", "journal name", "source", "publication", "so", "jo", "jf", "t2", "jour",
                "primary location source display name", "journal_name"],
    "volume": ["volume", "vl", "journal volume", "vol"],
    "issue": ["issue", "number", "is", "issue number", "journal issue", "no"],
    "pages": ["pages", "page", "pg", "page range"],
    "start_page": ["start page", "page start", "sp", "start_page", "bp"],
    "end_page": ["end page", "page end", "ep", "end_page"],
    "doi": ["doi", "do", "di", "item doi", "article doi"],
    "pmid": ["pmid", "pubmed id", "pm", "ids pmid", "pubmed"],
    "isbn": ["isbn", "isbns", "bn"],
    "issn": ["issn", "issns", "sn", "eissn", "primary location source issn l"],
    "url": ["url", "link", "ur", "pdf link", "source urls", "external url", "open url link"],
    "keywords": ["keywords", "kw", "author keywords", "index keywords", "de", "mesh terms",
                 "ieee terms", "fields of study", "keyword"],
    "language": ["language", "la", "language of original document", "lang"],
    "publication_type": ["publication type", "document type", "type", "ty", "content type",
                         "type of reference", "type_of_reference", "pt", "dt"],
    "record_id": ["id", "record id", "record_id", "key", "citation key", "citation_key", "lens id",
                  "eid", "accession number", "covidence #", "rayyan id", "ut"],
}
_ALIAS_LOOKUP = {alias: f for f, aliases in _COLUMN_ALIASES.items() for alias in aliases}
_TITLE_ALIASES = _COLUMN_ALIASES["title"]
