"""A refused run parameter is explained in the run's language (``-p language=fi``/``sv``), with the valid choices
and a "did you mean" named in that language; while the language itself is missing or unsupported, in English."""

from __future__ import annotations

import string
import subprocess
import sys
import time
from pathlib import Path

import pytest

from review_tools._parameter_text import MESSAGES
from review_tools.parameters import RunParameterError, validate_batch, validate_run_parameters

from .conftest import ROOT

CORPUS = ROOT / "corpus"


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_message_exists_in_every_language_with_the_same_fields():
    for lang in ("fi", "sv"):
        assert set(MESSAGES[lang]) == set(MESSAGES["en"]), lang
        assert [
            k for k in MESSAGES["en"] if _fields(MESSAGES["en"][k]) != _fields(MESSAGES[lang][k])
        ] == [], lang
        same = [k for k in MESSAGES["en"] if MESSAGES["en"][k] == MESSAGES[lang][k]]
        assert same == [], f"{lang}: not translated: {same}"


def _refused(params: dict) -> str:
    t0 = time.process_time()  # CPU: the machine is shared, its wall time says little
    with pytest.raises(RunParameterError) as err:
        validate_run_parameters(params, corpus_dir=CORPUS)
    assert time.process_time() - t0 < 2.0
    return str(err.value)


@pytest.mark.parametrize(
    ("language", "words", "county", "guess"),
    [
        (
            "sv",
            ["ogiltiga parametrar", "okänt område '999'", "Menade du:"],
            "5 Egentliga Finland",
            "499 Korsholm",
        ),
        (
            "fi",
            ["virheelliset ajon parametrit", "tuntematon alue '999'", "Tarkoititko:"],
            "5 Varsinais-Suomi",
            "499 Mustasaari",
        ),
    ],
)
def test_an_unknown_region_is_explained_in_the_runs_language(language, words, county, guess):
    msg = _refused({"region": "999", "language": language})
    assert all(w in msg for w in words), msg
    assert (
        county in msg and guess in msg
    )  # the choices and the guesses by their names in that language
    assert "unknown region" not in msg and "Did you mean" not in msg


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("sv", "perioden 2030-2031 har inga indikatordata; data finns för 2011-2020"),
        (
            "fi",
            "ajanjaksolta 2030-2031 ei ole indikaattoritietoja; tiedot kattavat vuodet 2011-2020",
        ),
        ("en", "period 2030-2031 has no indicator data; the data cover 2011-2020"),
    ],
)
def test_a_period_without_data_in_the_runs_language(language, text):
    assert text in _refused({"region": "853", "period": "2030-2031", "language": language})


def test_an_unsupported_language_keeps_every_message_english():
    msg = _refused({"region": "999", "language": "sw"})
    assert "language 'sw' is not supported; valid: fi, sv, en. Did you mean: sv?" in msg
    assert "unknown region '999'" in msg and "Did you mean: " in msg


def test_a_bad_batch_selector_in_swedish():
    with pytest.raises(RunParameterError) as err:
        validate_batch("region", "municipalities:853", {"language": "sv"}, corpus_dir=CORPUS)
    assert "'853' är en kommun, inte ett välfärdsområde" in str(err.value)
    with pytest.raises(
        RunParameterError, match="okänd områdesmängd 'all-munic'.*Menade du: all-municipalities"
    ):
        validate_batch("region", "all-munic", {"language": "sv"}, corpus_dir=CORPUS)


@pytest.mark.slow
def test_the_cli_refuses_in_swedish_before_anything_runs(tmp_path):
    exe = str(Path(sys.executable).with_name("review-tools"))
    out = subprocess.run(
        [
            exe,
            "run",
            "--corpus",
            str(CORPUS),
            "--review",
            str(ROOT / "review"),
            "--out",
            str(tmp_path),
            "-p",
            "region=Åbö",
            "-p",
            "language=sv",
            "--no-progress",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert "okänt område 'Åbö'" in out.stderr and "Menade du: 853 Åbo" in out.stderr, out.stderr
    assert list(tmp_path.iterdir()) == []


# ------------------------------------------------------------------ messages shown on the stage pages


def test_every_catalogued_message_is_worded_in_finnish_and_swedish_with_its_values():
    from review_tools.report.i18n import TEXT
    from review_tools.report.stage_page import message_text

    keys = [k for k in TEXT["en"] if k.startswith("msg_")]
    assert len(keys) >= 7
    for key in keys:
        values = {name: f"<{name}-{i}>" for i, name in enumerate(sorted(_fields(TEXT["en"][key])))}
        english = TEXT["en"][key].format(**values)
        assert message_text(english, "en") == english
        for lang in ("fi", "sv"):
            assert message_text(english, lang) == TEXT[lang][key].format(**values) != english, (
                key,
                lang,
            )


def test_the_demo_corpus_warnings_of_stage_01_are_shown_in_the_runs_language(recwarn):
    """What the readers warn about while stage 01 reads the demo's literature (the repeated BibTeX fields) reaches
    a Finnish or Swedish stage page in that language, the file by its name."""
    import warnings

    from review_tools.config import load_review
    from review_tools.errors import ReviewToolsWarning
    from review_tools.ingest import ingest_sources
    from review_tools.report.stage_page import messages

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ReviewToolsWarning)
        ingest_sources(CORPUS, load_review(ROOT / "review").protocol.sources, progress=False)
    found = [str(w.message) for w in caught if issubclass(w.category, ReviewToolsWarning)]
    assert (
        found
    )  # the demo's BibTeX export repeats fields: the page must say so in the run's language
    for lang, word in (("fi", "arvot yhdistettiin"), ("sv", "värdena slogs ihop")):
        html = messages(found, lang).html
        assert html.count(word) == len(found), html
        assert "the values were joined" not in html and "/corpus/" not in html


def test_rejected_social_reports_are_explained_in_the_runs_language(tmp_path):
    """The validation problems of stage 04's rejected rows (the test export's bad rows, and every problem the
    reader can name) reach a Finnish or Swedish stage page in that language."""
    import shutil

    from review_tools.readers.reference_tables import read_region_key
    from review_tools.readers.social_reports import read_social_report_export
    from review_tools.report.stage_page import problems_text

    from .conftest import DATA

    folder = tmp_path / "social_reports"
    folder.mkdir()
    shutil.copyfile(DATA / "indicators" / "social_reports_valid_and_bad_rows.csv", folder / "a.csv")
    (folder / "b.csv").write_text(
        "report_id,submitted_at,language,county_code,municipality_code,observation_type,phenomenon,description,"
        "feedback_at,clients_seen,shl11_need_categories\n"
        "X1,2024-13-01,fi,99,12345,bad,p,d,2020-01-01,many,2;99\n"
        "X2,2024-01-01,fi,5,179,problem,p,d,,1,2\n",
        encoding="utf-8",
    )
    key = read_region_key(CORPUS)
    mun = {c: key.county_of(c) for c in key.crosswalk["old_code"]}
    export = read_social_report_export(
        folder, counties=key.counties["county_code"], municipalities=mun, codes=["SW"]
    )
    problems = [r["problem"] for r in export.rejected]
    assert len(problems) >= 3
    english = ("is missing", "is not", "lies in county", "has ", "repeats", "before")
    for lang in ("fi", "sv"):
        shown = [problems_text(p, lang) for p in problems]
        left = [s for s in shown if any(w in s for w in english)]
        assert not left, f"{lang}: {left}"


@pytest.mark.slow
def test_checking_the_parameters_loads_neither_pandas_nor_the_literature_parsers():
    """The check reads the municipality key with a small reader; importing it must not load the readers package's
    literature parsers (bibtexparser/pyparsing: about half a second of CPU) nor pandas."""
    code = (
        "import sys\nfrom review_tools.parameters import validate_run_parameters, RunParameterError\n"
        f"try:\n    validate_run_parameters({{'region': '999', 'period': '2011-2020', 'language': 'sv'}}, "
        f"corpus_dir={str(CORPUS)!r})\nexcept RunParameterError as e:\n    print('okänt område' in str(e))\n"
        "print(sorted(m for m in ('pandas', 'bibtexparser', 'pyparsing') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.split("\n")[:2] == ["True", "[]"], out.stdout + out.stderr
