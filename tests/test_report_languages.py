"""Finnish and Swedish throughout: the catalogues are complete, ``language=sv`` is offered and checked before any
stage, the review folder's texts are translated (a gap is a warning naming file and item), and a demo run in fi
and in sv shows no string of the English catalogue in its report or stage pages.

The leak check (:mod:`tests._language_leaks`) compares each English catalogue string with the same key in the
run's language: strings spelled alike in both ("Kela", "SHA-256", Swedish "Signal") are exempt by that
comparison, not by a list.
"""

from __future__ import annotations

import re
import shutil
import string
import warnings
from pathlib import Path

import pandas as pd
import pytest
import yaml

from review_tools.config import load_review
from review_tools.errors import ReviewToolsWarning
from review_tools.parameters import RunParameterError, supported_languages, validate_run_parameters
from review_tools.report import stage_page
from review_tools.report.i18n import LANGUAGES, TEXT, VALUES, t

from ._demo_runs import demo_run as shared_demo_run
from ._language_leaks import Matcher, run_leaks, segments
from .conftest import ROOT

OTHER = [lang for lang in LANGUAGES if lang != "en"]


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


# ------------------------------------------------------------------------------------ the catalogues


@pytest.mark.parametrize("language", OTHER)
def test_every_key_of_the_english_catalogue_is_translated(language):
    """A key added in English only (by anyone, in any module of the catalogue) fails here, not as English
    in a Finnish or Swedish report."""
    missing = sorted(set(TEXT["en"]) - set(TEXT[language]))
    extra = sorted(set(TEXT[language]) - set(TEXT["en"]))
    assert not missing, f"{language}: keys without a translation: {missing}"
    assert not extra, f"{language}: keys the English catalogue lacks: {extra}"
    empty = [k for k, val in TEXT[language].items() if not str(val).strip()]
    assert not empty, f"{language}: empty texts: {empty}"
    fields = [k for k in TEXT["en"] if _fields(TEXT["en"][k]) != _fields(TEXT[language][k])]
    assert not fields, f"{language}: placeholders differ from English in {fields}"
    assert sorted(set(VALUES["en"]) - set(VALUES[language])) == [], f"{language}: controlled values without a label"
    assert sorted(set(VALUES[language]) - set(VALUES["en"])) == []


def test_no_key_is_defined_in_two_catalogue_modules():
    """The catalogue is merged from several modules per language; a key in two would silently win in one."""
    from review_tools.report import (
        stage_labels_en,
        stage_labels_fi,
        stage_labels_sv,
        stage_text_en,
        stage_text_fi,
        stage_text_sv,
        text_en,
        text_evidence,
        text_fi,
        text_more_en,
        text_more_fi,
        text_more_sv,
        text_sv,
    )

    for lang, parts in (
            ("en", [text_en.TEXT_EN, text_more_en.TEXT_MORE_EN, stage_text_en.STAGE_EN, stage_labels_en.STAGE_COLUMNS_EN,
                    text_evidence.EVIDENCE_TEXT["en"]]),
            ("fi", [text_fi.TEXT_FI, text_more_fi.TEXT_MORE_FI, stage_text_fi.STAGE_FI, stage_labels_fi.STAGE_COLUMNS_FI,
                    text_evidence.EVIDENCE_TEXT["fi"]]),
            ("sv", [text_sv.TEXT_SV, text_more_sv.TEXT_MORE_SV, stage_text_sv.STAGE_SV, stage_labels_sv.STAGE_COLUMNS_SV,
                    text_evidence.EVIDENCE_TEXT["sv"]])):
        seen: set[str] = set()
        for part in parts:
            twice = seen & set(part)
            assert not twice, f"{lang}: {sorted(twice)} in two catalogue modules"
            seen |= set(part)
        assert len(seen) == len(TEXT[lang])


def test_swedish_is_offered_and_the_run_parameters_agree_with_the_report():
    assert "sv" in LANGUAGES
    assert set(supported_languages()) == set(LANGUAGES)
    assert t("contents", "sv") == "Innehåll" and t("stage_02-screening", "fi") == "Seulonta"


def test_language_is_checked_before_any_stage_with_the_valid_choices():
    corpus = ROOT / "corpus"
    assert validate_run_parameters({"language": "sv"}, corpus_dir=corpus)["language"] == "sv"
    with pytest.raises(RunParameterError) as err:
        validate_run_parameters({"language": "sw"}, corpus_dir=corpus)
    assert "language 'sw' is not supported" in str(err.value)
    assert "en, fi, sv" in str(err.value).replace("fi, sv, en", "en, fi, sv") and "Did you mean: sv" in str(err.value)


# ------------------------------------------------------------------------------------ the leak check


def test_the_leak_check_finds_english_labels_keys_and_sentences_but_not_shared_words_or_data():
    fi, sv = Matcher("fi"), Matcher("sv")
    page = ("<nav><strong>Contents</strong></nav><table><tr><th>Vuosi</th><th>Signal</th><td>Kela</td></tr></table>"
            "<p>awaiting ta</p><p>(informanttiryhmä: wellbeing services county)</p>"
            "<p>Screening is unfinished: the evidence and recommendations below rest on the records screened so far.</p>"
            "<p>Lainaus: Social reports in the Nordic welfare state: a study of 12 cases</p>"
            '<img alt="PRISMA 2020 flow diagram of the literature search and screening">')
    found = fi.leaks(page)
    keys = [f.split(":")[0] for f in found]
    assert "contents" in keys and "signal" in keys and "raw key awaiting_ta" in keys
    assert any("wellbeing services county" in f for f in found), "a raw value inside a list"
    assert "screening_unfinished" in keys and "prisma_alt" in keys
    assert not any("Kela" in f for f in found), "Kela is spelled alike in Finnish: exempt by comparison"
    assert not any("Nordic welfare" in f for f in found), "English data (a study title) is not the catalogue's"
    assert not any(f.startswith("signal:") for f in sv.leaks(page)), "Swedish spells Signal alike"
    assert fi.leaks("<p>Sisällys</p><td>Vuosi</td>") == []
    shown_as_written = "<td>national (wellbeing services county)</td><td>wellbeing_services_county</td>"
    assert len(fi.leaks(shown_as_written)) == 2
    assert fi.leaks(shown_as_written, frozenset({"national (wellbeing services county)"})) == [
        "raw key value:wellbeing_services_county: wellbeing_services_county"], "data exempts only itself"
    assert "Contents" in segments("<p>Contents</p>")


def test_stage_page_blocks_speak_the_language_and_refuse_an_unlabelled_column():
    df = pd.DataFrame({"stage": ["title_abstract"], "decision": ["include"], "n": [3]})
    block = stage_page.table(df, "sv", ["stage", "decision", "n"], values=["stage", "decision"])
    assert "titel och sammandrag" in block.html and "inkludera" in block.html and "Skede" in block.html
    assert Matcher("sv").leaks(block.html) == []
    with pytest.raises(KeyError):
        stage_page.table(df.rename(columns={"n": "no_label_anywhere"}), "fi")
    heading = stage_page.text("s02_prisma", "fi")
    assert 'id="s02-prisma"' in heading.html and "PRISMA 2020 -kulkukaavio" in heading.html
    assert stage_page.messages([], "sv").html == "<p>Inga meddelanden.</p>"


def test_prisma_boxes_come_from_the_catalogue_in_swedish():
    from review_tools.screening.prisma import prisma_figure

    counts = {"records_per_source": {"A": 5}, "records_per_kind": {"database": 5}, "identified": 5,
              "duplicates_removed": 1, "screened": 4, "excluded_ta": 2, "awaiting_ta": 0, "sought": 2,
              "not_retrieved": 0, "assessed": 2, "excluded_ft": 1, "excluded_ft_by_reason": {"x": 1},
              "awaiting_ft": 0, "included": 1}
    box_text = {k[3:]: t(k, "sv") for k in TEXT["en"] if k.startswith("pf_")}
    fig = prisma_figure(counts, text=box_text)
    texts = " ".join(txt.get_text() for ax in fig.axes for txt in ax.texts)
    assert "Screenade poster" in texts and "Identifiering" in texts
    english = [t(k, "en") for k in TEXT["en"] if k.startswith("pf_") and t(k, "en") != t(k, "sv")]
    assert not [e for e in english if e in texts]


def _figure_words(fig) -> set[str]:
    """Every text drawn in a matplotlib figure: titles, axis labels, tick labels, legends, annotations."""
    words = {fig._suptitle.get_text()} if fig._suptitle is not None else set()
    for ax in fig.axes:
        words |= {ax.get_title(), ax.get_xlabel(), ax.get_ylabel(), *(x.get_text() for x in ax.texts)}
        words |= {x.get_text() for x in [*ax.get_xticklabels(), *ax.get_yticklabels()]}
        if ax.get_legend() is not None:
            words |= {x.get_text() for x in ax.get_legend().get_texts()}
    return {w for w in words if w}


@pytest.mark.parametrize("language", OTHER)
def test_the_stages_figures_draw_their_words_from_the_catalogue(language):
    from review_tools.coding import analysis
    from review_tools.coding.reliability import reliability_figure
    from review_tools.dedup.sources import sources_figure
    from review_tools.report.stage_page import figure_text
    from review_tools.screening.agreement import agreement_figure
    from review_tools.screening.stopping import stopping_figure

    counts = pd.DataFrame({"source_id": ["a", "b"], "records": [5, 3], "unique_after_dedup": [4, 3],
                           "duplicates_removed": [1, 0]})
    agree = pd.DataFrame({"stage": ["title_abstract"], "reviewers": ["a;b"], "percent_agreement": [90.0],
                          "cohen_kappa": [0.5], "krippendorff_alpha": [0.4]})
    rel = pd.DataFrame({"code": ["X.GP"], "cohen_kappa": [0.7], "krippendorff_alpha": [0.6]})
    freq = pd.DataFrame({"code": ["X.GP", "X.GP"], "informant_group": ["ngo", "municipality"], "n_units": [2, 3]})
    cooc = pd.DataFrame({"code": ["X.GP", "X.RESP"], "X.GP": [2, 1], "X.RESP": [1, 3]})
    regions = pd.DataFrame({"code": ["X.GP"], "region": ["5"], "n_units": [2]})
    figures = {
        "sources": sources_figure(counts, text=figure_text("sources", language)),
        "stopping": stopping_figure([1, 0, 1, 0, 0, 0, 0, 0] * 5, 100, text=figure_text("stopping", language)),
        "agreement": agreement_figure(agree, text=figure_text("agreement", language),
                                      stage_labels={"title_abstract": VALUES[language]["title_abstract"]}),
        "reliability": reliability_figure(rel, text=figure_text("reliability", language)),
        "frequencies": analysis.frequency_figure(freq, text=figure_text("frequencies", language),
                                                 group_labels=VALUES[language]),
        "cooccurrence": analysis.cooccurrence_figure(cooc, text=figure_text("cooccurrence", language)),
        "regions": analysis.region_figure(regions, text=figure_text("regions", language)),
    }
    english = {t(k, "en") for k in TEXT["en"] if k.startswith("fx_") and t(k, "en") != t(k, language)}
    english |= {val for k, val in VALUES["en"].items() if val != VALUES[language][k]}
    for name, fig in figures.items():
        words = _figure_words(fig)
        assert words & set(figure_text(name, language).values()), (name, words)
        assert not words & english, (name, words & english)


# ------------------------------------------------------------------------------------ the review folder


def test_the_demo_review_folder_is_translated_into_fi_sv_and_en():
    assert load_review(ROOT / "review").missing_translations(("fi", "sv", "en")) == []


def test_a_missing_translation_is_a_warning_naming_file_and_item(tmp_path, capsys):
    review = tmp_path / "review"
    shutil.copytree(ROOT / "review", review, ignore=shutil.ignore_patterns("*.db", "*.db-*", "keys"))
    codebook = review / "codebook.yaml"
    data = yaml.safe_load(codebook.read_text(encoding="utf-8"))
    del data["codes"][2]["definition"]["sv"]
    codebook.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    protocol = review / "protocol.yaml"
    text = protocol.read_text(encoding="utf-8")
    text = re.sub(r"      - fi: \"Vain alle[^\n]*\n        sv: [^\n]*\n        en: ([^\n]*)\n", r"      - \1\n", text)
    protocol.write_text(text, encoding="utf-8")
    cfg = load_review(review)
    code = data["codes"][2]["id"]
    assert cfg.missing_translations(["sv"]) == [
        "protocol.yaml: stages[title_abstract].exclude[0]: plain text, not translated (give it fi, sv and en fields); "
        "shown as written in sv",
        f"codebook.yaml: code {code}: definition: no sv text"]
    assert cfg.missing_translations(["fi"])[0].startswith("protocol.yaml: stages[title_abstract].exclude[0]")
    from review_tools._config_languages import warn_missing_translations

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        warn_missing_translations(cfg, "sv")
    assert [str(w.message) for w in caught if issubclass(w.category, ReviewToolsWarning)][1] == \
        f"review folder: codebook.yaml: code {code}: definition: no sv text"
    from argparse import Namespace

    from review_tools.commands import validate

    assert validate.run(Namespace(review_dir=str(review), corpus=None, language=["sv"])) == 0
    out = capsys.readouterr().out
    assert f"warning: codebook.yaml: code {code}: definition: no sv text" in out and "2 text(s)" in out


# ------------------------------------------------------------------------------------ the demo, end to end


@pytest.fixture(scope="module", params=["fi", "sv"])
def demo_run(request, tmp_path_factory):
    """The demo run once in Finnish and once in Swedish (the default region)."""
    if not (ROOT / "corpus" / "interviews").is_dir():
        pytest.skip("the demo corpus is missing")
    result, _ = shared_demo_run(tmp_path_factory, request.param)  # built once per session, shared read-only
    return request.param, result


def _pages(run_dir: Path) -> list[Path]:
    """The pages a reader opens: the landing page, the report, stage pages 01-06, the reporter groups' feedback
    pages and the welfare-report page."""
    return [run_dir / "index.html", run_dir / "report.html", *sorted((run_dir / "html").glob("0[1-6]-*.html")),
            *sorted((run_dir / "artefacts" / "07-synthesis").glob("feedback_*.html")),
            run_dir / "artefacts" / "07-synthesis" / "welfare_report.html"]


@pytest.mark.slow
def test_demo_in_finnish_and_swedish_shows_no_english_catalogue_string(demo_run):
    language, result = demo_run
    assert result.status == "ok", [s.error for s in result.stages]
    pages = _pages(result.run_dir)
    assert len(pages) >= 10 and all(p.exists() for p in pages), pages
    leaks = run_leaks(result.run_dir, language)
    assert set(leaks) == {p.name for p in pages}
    assert {name: found for name, found in leaks.items() if found} == {}
    frozen = [p.name for p in pages if re.search(r"\d+%\|", " ".join(segments(p.read_text(encoding="utf-8"))))]
    assert frozen == [], f"progress bars left on the pages: {frozen}"
    report = (result.run_dir / "report.html").read_text(encoding="utf-8")
    assert f'<html lang="{language}">' in report
    assert t("recommendations", language) in report and t("prisma", language) in report
    from .test_pipeline import check_report_stage_row, check_stage_page_labels

    check_report_stage_row(report, language)  # the provenance table has stage 07's row, in the run's language
    check_stage_page_labels(result.run_dir, language)  # the review's codes by their labels, in the run's language
    screening = (result.run_dir / "html" / "02-screening.html").read_text(encoding="utf-8")
    assert t("s02_prisma_h", language) in screening and t("stage_02-screening", language) in screening
