"""The readable run index: regions by name in the run's language, numeric code order, plain failure reasons."""

from __future__ import annotations

from pathlib import Path

from review_tools.report.run_index import failure_reason, order_runs, run_entry, runs_index_page

ROOT = Path(__file__).resolve().parents[1]


def _manifest(region, language="fi", status="ok", error=""):
    return {"status": status, "error": error, "parameters": {"corpus_dir": str(ROOT / "corpus"), "region": region,
                                                            "language": language}, "timings_seconds": {"a": 1.5}}


def test_rows_name_the_region_in_the_run_language_in_numeric_code_order(tmp_path):
    runs = [run_entry(tmp_path / f"b-{code}", _manifest(code, lang))
            for code, lang in (("853", "sv"), ("19", "fi"), ("SSS", "en"), ("5", "fi"), ("019", "fi"), ("202", "fi"))]
    ordered = [r["region"] for r in order_runs(runs)]
    assert ordered == ["5", "19", "019", "202", "853", "SSS"]  # counties by number, then municipalities
    names = {r["region"]: r["region_name"] for r in runs}
    assert names["853"] == "Åbo" and names["019"] == "Aura" and names["SSS"] == "Whole country"
    page = runs_index_page(runs)
    assert page.startswith('<!DOCTYPE html><html lang="fi">') and "Ajot" in page
    assert page.index("Aura") < page.index("Kaarina") < page.index("Åbo")


def test_a_failed_run_says_where_and_why_in_plain_words(tmp_path):
    err = ("07-synthesis-report.ipynb: cell 3 ('parameters = dict(review_dir=review_dir,') failed: StageInputError: "
           "The recommendation framework has 7 problems for region 853, 2011-2020:\n  - recommendations.yaml: x "
           "(see /work/x/outputs/t/html/07-synthesis-report.html)")
    assert failure_reason(err, "en") == ("stopped at stage 07 (synthesis report): The recommendation framework has 7 "
                                         "problems for region 853, 2011-2020")
    row = run_entry(tmp_path / "t", _manifest("853", "fi", "failed", err))
    page = runs_index_page([row])
    assert "pysähtyi vaiheessa 07 (synthesis report)" in page and "StageInputError" not in page
    assert "cell 3" not in page and "/work/x" not in page
