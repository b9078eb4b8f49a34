"""Exact accounting in ingest: for every reader, records in = records out + reported skips.

Hypothesis generates record sets, writes them as RIS, BibTeX, MEDLINE, CSV and XLSX exports,
mutates the files the ways real exports break (a record without TY or ER, an unclosed brace, a
repeated field, an unclosed quote, a repeated column, blank lines, records spread over several
sheets and an empty sheet) and reads them through ``ingest_files`` as the stage does. Every
generated record must come out as a record or as a reported skip, and every record that was not
broken must keep its title. The counters print the number of inputs tried and silent losses.
"""

from __future__ import annotations

import csv
import io
import warnings
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from review_tools.errors import ReviewToolsWarning
from review_tools.ingest import ingest_files
from review_tools.readers import detect_format, read_record_file

TRIED: Counter = Counter()
LOST: Counter = Counter()

_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzäöåéABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=1, max_size=10)
_TITLE = st.lists(_WORD, min_size=1, max_size=8).map(" ".join)
_RECORD = st.fixed_dictionaries({
    "title": _TITLE,
    "authors": st.lists(st.tuples(_WORD, _WORD).map(lambda t: f"{t[0]}, {t[1]}"), min_size=0, max_size=3),
    "year": st.integers(1950, 2025),
    "abstract": st.one_of(st.just(""), _TITLE),
})
_SET = st.lists(_RECORD, min_size=1, max_size=12)
_SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _read(path: Path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ReviewToolsWarning)
        raw = read_record_file(path)
        ing = ingest_files([path], progress=False)
    return raw, ing


def _account(fmt: str, raw, ing, n: int, intact_titles: list[str]) -> None:
    TRIED[fmt] += 1
    out = len(raw.records) + len(raw.skipped)
    if out != n or len(ing.records) != len(raw.records) or len(ing.skipped) != len(raw.skipped):
        LOST[fmt] += 1
    assert out == n, (fmt, len(raw.records), len(raw.skipped), n)
    assert raw.markers == n
    assert len(ing.records) == len(raw.records) and len(ing.skipped) == len(raw.skipped)
    titles = set(ing.records["title"])
    missing = [t for t in intact_titles if t not in titles]
    assert not missing, (fmt, missing)


def _ris(recs, drop_ty=(), drop_er=(), blank=False) -> str:
    out = []
    for i, r in enumerate(recs):
        if i not in drop_ty:
            out.append("TY  - JOUR")
        out.append(f"TI  - {r['title']}")
        out += [f"AU  - {a}" for a in r["authors"]]
        out.append(f"PY  - {r['year']}")
        if r["abstract"]:
            out.append(f"AB  - {r['abstract']}")
        if i not in drop_er:
            out.append("ER  - ")
        out += [""] * (2 if blank else 1)
    return "\n".join(out) + "\n"


@_SETTINGS
@given(_SET, st.data())
def test_ris_accounting(tmp_path, recs, data):
    n = len(recs)
    idx = st.sets(st.integers(0, n - 1), max_size=3)
    drop_ty = data.draw(idx)
    drop_er = data.draw(idx) - drop_ty - {n - 1}  # a record needs TY or ER to be one (else it is stray tag lines)
    drop_er = {i for i in drop_er if i + 1 < n and i + 1 not in drop_ty}  # the next record's TY ends it
    path = tmp_path / "export.ris"
    path.write_text(_ris(recs, drop_ty, drop_er, data.draw(st.booleans())), encoding="utf-8")
    raw, ing = _read(path)
    assert raw.format == "ris"
    intact = [r["title"] for i, r in enumerate(recs) if i not in drop_er and i - 1 not in drop_er]
    _account("ris", raw, ing, n, intact)


def test_ris_without_any_ty_is_ris_not_medline(tmp_path):
    recs = [{"title": f"Title {i}", "authors": ["Aho, A"], "year": 2000 + i, "abstract": "x"} for i in range(4)]
    text = _ris(recs, drop_ty=set(range(4)))
    assert detect_format(text) == "ris"
    path = tmp_path / "no_ty.ris"
    path.write_text(text, encoding="utf-8")
    raw, ing = _read(path)
    _account("ris", raw, ing, 4, [r["title"] for r in recs])
    assert all("TY" in r["fields"] for r in raw.records)
    assert sum("no 'TY'" in n for n in raw.notes) == 4


def _bib(recs, unclosed=(), dup_field=()) -> str:
    out = []
    for i, r in enumerate(recs):
        lines = [f"@article{{key{i},", f"  title = {{{r['title']}}},"]
        if r["authors"]:
            lines.append(f"  author = {{{' and '.join(r['authors'])}}},")
        if i in dup_field:
            lines.append("  author = {Extra, Person},")
        lines.append(f"  year = {{{r['year']}}}" + ("," if r["abstract"] else ""))
        if r["abstract"]:
            lines.append(f"  abstract = {{{r['abstract']}" + ("" if i in unclosed else "}"))
        elif i in unclosed:
            lines[-1] = lines[-1] + ", note = {open"
        lines.append("}")
        out.append("\n".join(lines))
    return "\n\n".join(out) + "\n"


@_SETTINGS
@given(_SET, st.data())
def test_bibtex_accounting(tmp_path, recs, data):
    n = len(recs)
    unclosed = data.draw(st.sets(st.integers(0, n - 1), max_size=2))
    dup = data.draw(st.sets(st.integers(0, n - 1), max_size=3)) - unclosed
    path = tmp_path / "export.bib"
    path.write_text(_bib(recs, unclosed, dup), encoding="utf-8")
    raw, ing = _read(path)
    _account("bibtex", raw, ing, n, [r["title"] for i, r in enumerate(recs) if i not in unclosed])
    assert len(raw.skipped) == len(unclosed)
    for rec in raw.records:  # a repeated field keeps both values
        k = int(rec["fields"]["ID"].removeprefix("key"))
        if k in dup:
            assert "Extra, Person" in rec["fields"]["author"]


@_SETTINGS
@given(_SET, st.data())
def test_medline_accounting(tmp_path, recs, data):
    n = len(recs)
    no_pmid = data.draw(st.sets(st.integers(1, max(1, n - 1)), max_size=2)) if n > 1 else set()
    blocks = []
    for i, r in enumerate(recs):
        lines = [] if i in no_pmid else [f"PMID- {10000 + i}"]
        lines += ["OWN - NLM", f"TI  - {r['title']}", *[f"FAU - {a}" for a in r["authors"]], f"DP  - {r['year']}"]
        if r["abstract"]:
            lines.append(f"AB  - {r['abstract']}")
        blocks.append("\n".join(lines))
    path = tmp_path / "pubmed.nbib"
    path.write_text("\n\n".join(blocks) + "\n", encoding="utf-8")
    raw, ing = _read(path)
    assert raw.format == "medline"
    _account("medline", raw, ing, n, [r["title"] for r in recs])


def _csv(recs, dup_column=False) -> list[str]:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    header = ["Title", "Authors", "Year", "Abstract"] + (["Abstract"] if dup_column else [])
    w.writerow(header)
    for r in recs:
        row = [r["title"], "; ".join(r["authors"]), r["year"], r["abstract"]] + (["second value"] if dup_column else [])
        w.writerow(row)
    return buf.getvalue().splitlines()


@_SETTINGS
@given(_SET, st.data())
def test_csv_accounting(tmp_path, recs, data):
    n = len(recs)
    unclosed = data.draw(st.sets(st.integers(0, n - 1), max_size=3))
    dup = data.draw(st.booleans())
    lines = _csv(recs, dup)
    for i in unclosed:  # a quote opened at the start of the row and never closed
        lines[i + 1] = '"' + lines[i + 1]
    if data.draw(st.booleans()):
        lines.insert(1, "")  # a blank row is not a record
    path = tmp_path / "export.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    raw, ing = _read(path)
    _account("csv", raw, ing, n, [r["title"] for i, r in enumerate(recs) if i not in unclosed])
    assert len(raw.skipped) == len(unclosed)
    if dup:
        assert all("second value" in r["fields"].get("Abstract", "") for r in raw.records)


@_SETTINGS
@given(_SET, st.data())
def test_xlsx_accounting_reads_every_sheet(tmp_path, recs, data):
    import openpyxl

    n = len(recs)
    sheets = data.draw(st.integers(1, 3))
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    cut = sorted(data.draw(st.lists(st.integers(0, n), min_size=sheets - 1, max_size=sheets - 1)))
    bounds = [0, *cut, n]
    for k in range(sheets):
        ws = wb.create_sheet(f"Sheet{k + 1}")
        ws.append(["Title", "Authors", "Year", "Abstract"])
        for r in recs[bounds[k]:bounds[k + 1]]:
            ws.append([r["title"], "; ".join(r["authors"]), r["year"], r["abstract"]])
    if data.draw(st.booleans()):
        wb.create_sheet("Empty")
    path = tmp_path / "export.xlsx"
    wb.save(path)
    raw, ing = _read(path)
    _account("xlsx", raw, ing, n, [r["title"] for r in recs])


def test_zip_bomb_xlsx_is_refused_before_parsing(tmp_path):
    import time
    import zipfile

    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            block = b"<row><c><v>1</v></c></row>" * 40000
            for _ in range(600):  # ~600 MB uncompressed, about 1 MB on disk
                fh.write(block)
    assert path.stat().st_size < 5 * 1024 * 1024
    t0 = time.monotonic()
    from review_tools.errors import CorpusFormatError

    with pytest.raises(CorpusFormatError, match="would expand to|compressed .* times"):
        read_record_file(path)
    assert time.monotonic() - t0 < 1.0


def test_report_counts():
    print(f"\ninputs tried per reader: {dict(TRIED)}; silent losses: {sum(LOST.values())} {dict(LOST)}")
    assert sum(LOST.values()) == 0
