"""The findings section and its links, formatted from a small fixture run in English and Finnish (no browser)."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from review_tools import report
from review_tools import synthesis as syn
from review_tools._config_extraction import FindingSet
from review_tools.config import load_review
from review_tools.report.i18n import TEXT
from review_tools.stages.synthesis_report import load_artefacts
from review_tools.synthesis.findings import run_findings

from .test_report_html import Scan

RUN = Path(__file__).resolve().parent / "data" / "synthesis_run"
FINDINGS = {"schema_version": 1, "context": {"country": "FI", "population": ["care_leavers"], "period": "2015-2025",
                                             "population_terms": ["nuor"]},
            "findings": [{"id": "F-housing", "themes": ["SW.SOC.COM.LIV"],
                          "statement": {"fi": "Nuoret jäävät ilman asuntoa.", "en": "Young people are left without a flat."},
                          "supporting": [{"type": "study", "ref": "prince_effects_2019"},
                                         {"type": "quote", "ref": "INT01:3"},
                                         {"type": "report", "ref": "SR-2024-017"},
                                         {"type": "indicator", "ref": "child_placements"}],
                          "contradicting": [{"type": "quote", "ref": "INT99:1"}]}]}


@pytest.fixture(scope="module")
def documents():
    cfg = load_review(RUN / "review")
    fs = FindingSet.model_validate(FINDINGS)
    first = cfg.recommendations.recommendations[0].model_copy(update={"findings": ["F-housing"]})
    recs = cfg.recommendations.model_copy(update={"recommendations": [first, *cfg.recommendations.recommendations[1:]]})
    cfg = cfg.model_copy(update={"findings": fs, "recommendations": recs})
    art = load_artefacts(RUN)
    res = syn.synthesise(cfg.recommendations, cfg.codebook, cfg.indicators, art, "5", "2000-2012")
    res = dataclasses.replace(res, findings=run_findings(fs, res.units, art, "5", "2000-2012"))
    out = {}
    for lang in ("en", "fi"):
        sections = report.build_sections(cfg, res, language=lang, parameters={"region": "5", "language": lang})
        out[lang] = (report.render_document(sections, title="t", language=lang), first.id, sections)
    return out


@pytest.mark.parametrize("lang", ["en", "fi"])
def test_links_both_ways_and_every_target_exists(documents, lang):
    doc, rec_id, _ = documents[lang]
    scan = Scan()
    scan.feed(doc)
    assert sorted(set(scan.internal) - set(scan.ids)) == []
    assert 'id="finding-F-housing"' in doc
    assert doc.count('href="#finding-F-housing"') >= 4  # summary, recommendation card, study, quote/report back-links
    card = doc[doc.index('id="finding-F-housing"'):]
    card = card[:card.index("</article>")]
    for target in ("study-prince_effects_2019", "quote-INT01_3", "report-SR-2024-017", "indicator-child_placements",
                   f"rec-{rec_id}"):
        assert f'href="#{target}"' in card, target
    rec = doc[doc.index(f'id="rec-{rec_id}"'):]
    assert 'href="#finding-F-housing"' in rec[:rec.index("</article>")]
    assert "INT99:1" in card and 'href="#quote-INT99_1"' not in card  # not found: listed, not linked


def test_section_speaks_the_report_language(documents):
    en, fi = documents["en"][0], documents["fi"][0]
    assert "Findings and confidence (GRADE-CERQual)" in en and "Tulokset ja niiden luotettavuus" in fi
    assert "the team has not confirmed it yet" in en and "Tämä on työkalun ehdotus" in fi
    section = fi[fi.index('id="confidence"'):fi.index('id="findings"')]
    text = re.sub(r"<[^>]+>", " ", section)
    english = [v for k, v in TEXT["en"].items() if k.startswith(("cq_", "cf_")) and len(v) > 12 and v in text]
    assert english == [], f"English left in the Finnish section: {english}"


def test_every_findings_string_is_in_en_fi_and_sv():
    TEXT_EN, TEXT_FI, TEXT_SV = TEXT["en"], TEXT["fi"], TEXT["sv"]
    keys = [k for k in TEXT_EN if k.startswith(("cq_", "cf_")) or k in (
        "confidence", "finding", "rec_findings", "used_in_findings", "appraisal_line", "extraction_record")]
    assert len(keys) > 40
    assert [k for k in keys if k not in TEXT_FI or k not in TEXT_SV] == []
    for k in keys:  # the same placeholders in every language
        fields = set(re.findall(r"{(\w+)}", TEXT_EN[k]))
        assert set(re.findall(r"{(\w+)}", TEXT_FI[k])) == fields == set(re.findall(r"{(\w+)}", TEXT_SV[k])), k
