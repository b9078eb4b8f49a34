"""Readers of literature exports: formats, encodings, counts against the shared exports, bad input."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from review_tools.errors import CorpusFormatError, ReviewToolsWarning
from review_tools.ingest import harmonise
from review_tools.readers import detect_format, parse_records_text, read_record_file, read_text

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "data" / "records" / "corpus"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
BIB = SHARED / "bibliography"

# Where bibliography/SOURCES.md's marker count is wrong, the true count (checked by hand):
# ais_enl.txt and enl_data.enl are EndNote/Refer exports with 6 and 3 records (records start at any %
# tag after a blank line; SOURCES.md counted only "%0" lines). Their *_result/_expected.bib agree.
COUNT_CORRECTIONS = {"fixtures-colrev/ais_enl.txt": 6, "fixtures-colrev/enl_data.enl": 3,
                     # the tag-definition file ends with a block 'UK  - Unknown Tag / ER  -' that has no TY:
                     # it is counted and read as a record of unknown type, never dropped
                     "fixtures-asreview/baseline_tag_and_field_definitions.ris": 2}
# Entries that are malformed in the export itself and are reported as skips:
KNOWN_SKIPS = {"fixtures-colrev/ebsco_bib.bib": 1, "fixtures-colrev/ebsco_bib_result.bib": 1}


def _shared_counts() -> list[tuple[str, int]]:
    md = BIB / "SOURCES.md"
    if not md.exists():
        return []
    out, folder = [], None
    for line in md.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^## (\S+)/", line)
        if m:
            folder = m.group(1)
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if folder and len(cells) >= 5 and cells[3].replace(",", "").isdigit() and cells[0] != "file":
            out.append((f"{folder}/{cells[0]}", int(cells[3].replace(",", ""))))
    return out


def _need_shared():
    if not BIB.is_dir():
        pytest.skip(f"shared data not found at {SHARED}")


# ------------------------------------------------------------------------------------------------
# encodings


def test_read_text_reports_each_encoding(tmp_path):
    cases = {
        "bom.txt": ("\ufeffTY  - JOUR\n".encode(), "utf-8-sig"),
        "utf8.txt": ("Jälkihuolto".encode(), "utf-8"),
        "cp1252.txt": ("Jälkihuolto – €".encode("cp1252"), "cp1252"),
        "latin1.txt": (b"caf\xe9 \x81", "latin-1"),  # 0x81 is undefined in cp1252
    }
    for name, (data, enc) in cases.items():
        (tmp_path / name).write_bytes(data)
        text, used = read_text(tmp_path / name)
        assert used == enc, name
        assert not text.startswith("\ufeff")
    assert read_text(tmp_path / "cp1252.txt")[0] == "Jälkihuolto – €"


def test_cp1252_csv_is_decoded_and_says_so():
    raw = read_record_file(CORPUS / "finna_cp1252.csv")
    assert raw.encoding == "cp1252"
    df = harmonise(raw, "finna")
    assert df["title"].tolist()[1] == "Ungdomars bostadslöshet i Österbotten"


# ------------------------------------------------------------------------------------------------
# bad input


def test_empty_file_is_an_error(tmp_path):
    p = tmp_path / "empty.ris"
    p.write_text("   \n\n", encoding="utf-8")
    with pytest.raises(CorpusFormatError, match=r"empty\.ris, line 1: empty file"):
        read_record_file(p)


def test_binary_junk_is_an_error(tmp_path):
    p = tmp_path / "junk.ris"
    p.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(CorpusFormatError, match=r"junk\.ris: this is a binary file"):
        read_record_file(p)


def test_missing_file_is_an_error(tmp_path):
    with pytest.raises(CorpusFormatError, match="file not found"):
        read_record_file(tmp_path / "nope.bib")


def test_unknown_format_names_the_valid_ones(tmp_path):
    p = tmp_path / "notes.md"
    p.write_text("just some prose\n", encoding="utf-8")
    with pytest.raises(CorpusFormatError, match=r"unknown export format; expected RIS"):
        read_record_file(p)


def test_truncated_ris_record_is_kept_with_a_warning():
    text = "TY  - JOUR\nTI  - First\nER  - \n\nTY  - JOUR\nTI  - Second, cut off\nAU  - Virtanen, A.\n"
    with pytest.warns(ReviewToolsWarning, match=r"t\.ris, line 5: record 2 starting at line 5 has no 'ER  -'"):
        raw = parse_records_text(text, "t.ris")
    assert raw.markers == 2 and len(raw.records) == 2 and not raw.skipped
    assert raw.records[1]["fields"]["TI"] == ["Second, cut off"]


def test_unbalanced_bibtex_entry_is_skipped_and_counted():
    text = ("@article{a, title={Fine}, year={2020}}\n\n"
            "@article{b, title={Broken {brace}, year={2021}}\n\n"
            "@article{c, title={Also fine}, year={2022}}\n")
    with pytest.warns(ReviewToolsWarning, match=r"b\.bib, line 3: BibTeX entry 2 has 1 unclosed brace"):
        raw = parse_records_text(text, "b.bib")
    assert [r["fields"]["ID"] for r in raw.records] == ["a", "c"]
    assert [(s.position, s.line) for s in raw.skipped] == [(2, 3)]
    assert len(raw.records) + len(raw.skipped) == raw.markers == 3


def test_csv_without_title_column_names_the_column(tmp_path):
    p = tmp_path / "no_title.csv"
    p.write_text("id,abstract\n1,Some text\n", encoding="utf-8")
    with pytest.raises(CorpusFormatError, match=r"no_title\.csv, line 1, field 'title': no title column"):
        harmonise(read_record_file(p), "x")


def test_csv_row_with_extra_fields_is_kept_and_reported(tmp_path):
    p = tmp_path / "extra.csv"
    p.write_text("Title,Year\nA,2020\nB,2021,unexpected\n", encoding="utf-8")
    with pytest.warns(ReviewToolsWarning, match=r"1 row\(s\) have more fields than the header's 2 columns \(lines 3\)"):
        raw = read_record_file(p)
    assert len(raw.records) == 2 and raw.records[1]["fields"]["_extra_1"] == "unexpected"


def test_detect_format_by_content_not_extension():
    assert detect_format("PMID- 1\nTI  - x\n", "a.txt") == "medline"
    assert detect_format("FN Clarivate Analytics Web of Science\nVR 1.0\nPT J\n", "a.ris") == "wos"
    assert detect_format("\n\nTY  - JOUR\n", "a.txt") == "ris"
    assert detect_format("% comment\n@article{k,\n}", "a.txt") == "bibtex"
    assert detect_format("%T Title\n%A Author\n%D 2020\n", "a.enl") == "refer"


# ------------------------------------------------------------------------------------------------
# every shared export is read completely


def _params():
    # the three large Zotero BibTeX libraries take bibtexparser several seconds each
    return [pytest.param(r, c, marks=pytest.mark.slow) if r.startswith("topic-") and r.endswith(".bib")
            else (r, c) for r, c in _shared_counts()] or [("(none)", 0)]


@pytest.mark.parametrize("rel,count", _params())
def test_shared_export_read_completely(rel, count):
    _need_shared()
    path = BIB / rel
    if not path.exists():
        pytest.skip(f"{path} not present")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ReviewToolsWarning)
        raw = read_record_file(path)
    expected = COUNT_CORRECTIONS.get(rel, count)
    assert raw.markers == expected, f"{rel}: counted {raw.markers} record markers, SOURCES.md says {count}"
    assert len(raw.records) + len(raw.skipped) == raw.markers
    assert len(raw.skipped) == KNOWN_SKIPS.get(rel, 0), [s.reason for s in raw.skipped]


def test_xlsx_export_is_read():
    _need_shared()
    raw = read_record_file(BIB / "fixtures-colrev" / "xlsx_data.xlsx")
    assert raw.format == "xlsx" and len(raw.records) == raw.markers > 0
    assert (harmonise(raw, "x")["title"] != "").all()


def _harm(name: str):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ReviewToolsWarning)
        return harmonise(read_record_file(BIB / "fixtures-synthesisr" / name), "s").set_index("doi")


def test_same_records_in_scopus_ris_and_bibtex_are_equal_field_by_field():
    _need_shared()
    ris, bib = _harm("Scopus_ris_example.ris"), _harm("Scopus_bib_example.bib")
    assert len(ris) == len(bib) == 3 and set(ris.index) == set(bib.index)
    for col in ("title", "year", "journal", "volume", "issue", "pages", "issn", "language"):
        assert ris[col].to_dict() == bib.loc[ris.index, col].to_dict(), col
    # author name forms differ between the two Scopus formats; surnames agree
    for doi in ris.index:
        sur = [a.split(",")[0] for a in ris.loc[doi, "authors"].split("; ")]
        assert sur == [a.split(",")[0] for a in bib.loc[doi, "authors"].split("; ")]


def test_same_records_in_wos_ciw_and_scopus_agree_on_identifiers():
    _need_shared()
    ciw, ris = _harm("WoS_ciw_example.ciw"), _harm("Scopus_ris_example.ris")
    common = sorted(set(ciw.index) & set(ris.index) - {""})
    assert common, "expected overlapping DOIs between the WoS and Scopus examples"
    for doi in common:
        for col in ("year", "volume", "pages"):
            assert str(ciw.loc[doi, col]) == str(ris.loc[doi, col]), (doi, col)
        assert ciw.loc[doi, "title"].lower() == ris.loc[doi, "title"].lower()


# ------------------------------------------------------------------------------------------------
# property tests: random and mutated input raises nothing but CorpusFormatError

RIS_SAMPLE = (CORPUS / "scopus_three_records.ris").read_text(encoding="utf-8")
BIB_SAMPLE = (CORPUS / "zotero_three_entries.bib").read_text(encoding="utf-8")
CSV_SAMPLE = "ID,Title,Authors,Year\n1,A title,\"Virtanen, A.\",2020\n2,Another,\"Laine, E.\",2021\n"


def _mutate(text: str, cuts: list[tuple[int, int]], insert: str) -> str:
    for a, b in cuts:
        a, b = sorted((a % (len(text) + 1), b % (len(text) + 1)))
        text = text[:a] + insert + text[b:]
    return text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sample=st.sampled_from([("r.ris", RIS_SAMPLE), ("b.bib", BIB_SAMPLE), ("c.csv", CSV_SAMPLE)]),
       cuts=st.lists(st.tuples(st.integers(0, 3000), st.integers(0, 3000)), max_size=3),
       insert=st.text(alphabet=st.sampled_from(list("{}@,\"\n -ERTYA%\t;é")), max_size=8))
def test_mutated_exports_raise_only_our_error(sample, cuts, insert):
    name, text = sample
    mutated = _mutate(text, cuts, insert)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ReviewToolsWarning)
        try:
            raw = parse_records_text(mutated, name)
            df = harmonise(raw, "s")
        except CorpusFormatError:
            return
    assert len(raw.records) + len(raw.skipped) == raw.markers
    assert len(df) == len(raw.records)


@settings(max_examples=60, deadline=None)
@given(data=st.binary(max_size=400), suffix=st.sampled_from([".ris", ".bib", ".csv", ".txt", ".xlsx"]))
def test_random_bytes_raise_only_our_error(tmp_path_factory, data, suffix):
    p = tmp_path_factory.mktemp("rnd") / f"f{suffix}"
    p.write_bytes(data)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ReviewToolsWarning)
        try:
            raw = read_record_file(p)
            harmonise(raw, "s")
        except CorpusFormatError:
            return
    assert len(raw.records) + len(raw.skipped) == raw.markers
