"""Run parameters are validated before any stage runs: regions (county, municipality by code or fi/sv name,
the whole country), period and language, each refused within two seconds with the valid choices."""

from __future__ import annotations

import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest

from review_tools.parameters import (
    RunParameterError,
    batch_regions,
    resolve_region,
    validate_run_parameters,
)
from review_tools.readers.key_records import read_key_records
from review_tools.readers.reference_tables import read_municipality_key

from .conftest import ROOT

CORPUS = ROOT / "corpus"
KEY = CORPUS / "indicators" / "regions" / "municipality_key_2025.csv"


@pytest.fixture(scope="module")
def key():
    return read_key_records(KEY)


@pytest.mark.slow
def test_the_light_key_reader_agrees_with_the_pandas_one_and_pandas_is_not_needed():
    from review_tools import parameters, regions
    from review_tools.readers import diak_panel

    light = read_key_records(KEY)
    full = read_municipality_key(KEY)
    cols = ["municipality_code", "name_fi", "name_sv", "name_en", "county_code", "county_name_fi", "region_name_fi"]
    assert [{c: r[c] for c in cols} for r in light] == full[cols].apply(lambda s: s.str.strip()).to_dict("records")
    assert (parameters.COUNTRY_CODE, parameters.CURRENT_KEY_YEAR) == (regions.COUNTRY_CODE, regions.CURRENT_KEY_YEAR)
    assert diak_panel.PANEL_FILE in parameters._panel_years.__code__.co_consts
    code = ("import sys; from review_tools.parameters import validate_run_parameters\n"
            f"validate_run_parameters({{'region': '853', 'period': '2011-2020'}}, corpus_dir={str(CORPUS)!r})\n"
            "print('pandas' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "False", out.stderr


@pytest.mark.parametrize("text", ["853", "KU853", "Turku", "turku", "Åbo"])
def test_turku_by_code_and_by_finnish_and_swedish_name(key, text):
    r = resolve_region(key, text)
    assert (r.code, r.level, r.county_code) == ("853", "municipality", "5")
    assert r.name("sv") == "Åbo" and r.name("fi") == "Turku"


@pytest.mark.parametrize("text,code,level", [("5", "5", "county"), ("05", "5", "county"), ("Varsinais-Suomi", "5", "county"),
                                             ("Southwest Finland", "5", "county"), ("SSS", "SSS", "country"),
                                             ("90", "90", "county"), ("091", "091", "municipality"),
                                             ("Helsingfors", "091", "municipality")])
def test_counties_country_and_helsinki(key, text, code, level):
    r = resolve_region(key, text)
    assert (r.code, r.level) == (code, level)


def test_unknown_region_is_refused_fast_with_choices_and_did_you_mean():
    t0 = time.perf_counter()
    with pytest.raises(RunParameterError) as err:
        validate_run_parameters({"region": "999", "language": "en"}, corpus_dir=CORPUS)
    assert time.perf_counter() - t0 < 2.0
    msg = str(err.value)
    assert "unknown region '999'" in msg and "5 Varsinais-Suomi" in msg and "SSS" in msg and "Did you mean" in msg
    with pytest.raises(RunParameterError, match="Did you mean: 853 Turku"):
        validate_run_parameters({"region": "Turky"}, corpus_dir=CORPUS)


def test_every_bad_parameter_is_named_at_once_within_two_seconds():
    t0 = time.perf_counter()
    with pytest.raises(RunParameterError) as err:
        validate_run_parameters({"region": "Åbo", "language": "de", "period": "2030-2031"}, corpus_dir=CORPUS)
    assert time.perf_counter() - t0 < 2.0
    msg = str(err.value)
    assert "language 'de' is not supported; valid: " in msg
    assert "period 2030-2031 has no indicator data; the data cover 2011-2020" in msg
    with pytest.raises(RunParameterError, match="period '2020-2011' is invalid"):
        validate_run_parameters({"period": "2020-2011"}, corpus_dir=CORPUS)


def test_valid_parameters_are_normalised():
    out = validate_run_parameters({"region": "Åbo", "language": "fi", "period": "2011–2020", "x": 1}, corpus_dir=CORPUS)
    assert out == {"region": "853", "region_level": "municipality", "region_name": "Turku", "language": "fi",
                   "period": "2011-2020", "x": 1}


@pytest.mark.slow
def test_rejection_from_a_fresh_interpreter_within_two_seconds():
    code = ("import time; t=time.perf_counter()\n"
            "from review_tools.parameters import validate_run_parameters, RunParameterError\n"
            f"try:\n    validate_run_parameters({{'region': '999'}}, corpus_dir={str(CORPUS)!r})\n"
            "except RunParameterError as e:\n    print(round(time.perf_counter()-t, 3)); print(e)\n")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    assert "unknown region '999'" in out.stdout
    assert cpu < 1.5, f"{cpu:.2f} s CPU ({wall:.2f} s wall on a shared machine)"


def test_batches_over_municipalities(key):
    assert len(batch_regions(key, "all-municipalities")) == 308
    sw = batch_regions(key, "municipalities:Varsinais-Suomi")
    assert len(sw) == 27 and {r.county_code for r in sw} == {"5"} and "853" in {r.code for r in sw}
    assert [r.code for r in sw] == sorted(r.code for r in sw)
    assert len(batch_regions(key, "all-counties")) == 23
    assert [r.code for r in batch_regions(key, "853, Åbo,5")] == ["853", "853", "5"]
    with pytest.raises(RunParameterError, match="is a municipality, not a wellbeing services county"):
        batch_regions(key, "municipalities:853")


def test_batch_selectors_in_finnish_swedish_and_the_of_form(key):
    sw = [r.code for r in batch_regions(key, "municipalities:Varsinais-Suomi")]
    assert [r.code for r in batch_regions(key, "municipalities-of:Egentliga Finland")] == sw
    assert [r.code for r in batch_regions(key, "municipalities-of:5")] == sw
    assert [r.code for r in batch_regions(key, "all")][-1] == "SSS"
    with pytest.raises(RunParameterError, match=r"unknown region set 'all-munic'.*Did you mean: all-municipalities"):
        batch_regions(key, "all-munic")


@pytest.mark.slow
@pytest.mark.parametrize(("batch", "expected"), [
    ("region=municipalities:Varsinais-Suomee", "Did you mean: 5 Varsinais-Suomen hyvinvointialue"),
    ("region=853,999", "unknown region '999'"),
    ("region=all-munic", "Did you mean: all-municipalities"),
    ("language=fi,de", "language 'de' is not supported"),
])
def test_a_bad_batch_is_refused_by_the_cli_before_anything_runs(tmp_path, batch, expected):
    cli = [str(Path(sys.executable).with_name("review-tools"))]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run([*cli, "run", "--corpus", str(CORPUS), "--review", str(ROOT / "review"), "--out", str(tmp_path),
                          "--name", "b", "--batch", batch, "--no-progress"], capture_output=True, text=True, timeout=120)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    assert out.returncode != 0 and expected in out.stderr, out.stderr
    assert list(tmp_path.iterdir()) == []  # nothing ran, nothing was written
    assert cpu < 1.5, f"{cpu:.2f} s CPU"
