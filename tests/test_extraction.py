"""Extraction form and appraisal: the review folder's schema, the stored events, the tables and the REFI-QDA export."""

from __future__ import annotations

import shutil
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pandas as pd
import pytest
import yaml

from review_tools import db
from review_tools._config_extraction import CHECKLISTS, load_checklist
from review_tools.config import load_review
from review_tools.errors import ConfigError, StageInputError
from review_tools.extraction import (
    add_assessment_events,
    appraisal_summary,
    appraisal_table,
    assessment_events,
    check_appraisal,
    check_value,
    current_values,
    extraction_table,
    import_assessments,
)
from review_tools.extraction.refi import extraction_qdpx

ROOT = Path(__file__).resolve().parents[1]
REFI = ROOT.parent / "shared" / "data" / "refi-qda"


@pytest.fixture
def review(tmp_path) -> Path:
    out = tmp_path / "review"
    shutil.copytree(ROOT / "review", out, ignore=shutil.ignore_patterns("*.db*", "keys"))
    return out


def _edit(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _problems(review: Path) -> str:
    with pytest.raises(ConfigError) as err:
        load_review(review)
    return str(err.value)


def test_demo_review_has_form_checklist_and_findings():
    cfg = load_review(ROOT / "review")
    assert cfg.protocol.appraisal == "mmat_2018"
    assert {f.id for f in cfg.extraction.fields} >= {"country", "design", "population", "data_richness"}
    assert all(f.label.fi and f.label.sv and f.label.en for f in cfg.extraction.fields)
    assert all(rec.findings for rec in cfg.recommendations.recommendations)
    assert {f.id for f in cfg.findings.findings} >= {fid for r in cfg.recommendations.recommendations for fid in r.findings}


def test_shipped_checklists_cite_their_source_and_have_every_language():
    for cid in CHECKLISTS:
        ch = load_checklist(cid)
        assert ch.source and ("casp-uk.net" in ch.source or "10.3233/EFI-180221" in ch.source)
        assert all(i.text.fi and i.text.sv and i.text.en for i in ch.items())
    assert len(load_checklist("casp_qualitative").items()) == 10
    mmat = load_checklist("mmat_2018")
    assert [i.id for i in mmat.items("rct")] == ["S1", "S2", "2.1", "2.2", "2.3", "2.4", "2.5"]


def test_bad_extraction_form_is_reported_with_file_and_field(review):
    def change(d):
        d["fields"][0]["type"] = "colour"
        d["fields"][1]["type"] = "choice"          # a choice field without choices
        d["fields"][2]["choices"][0]["label"] = {}  # no language
        d["fields"].append(dict(d["fields"][3]))  # duplicate id
    _edit(review / "extraction.yaml", change)
    text = _problems(review)
    assert "extraction.yaml: fields[0].type: value 'colour' is invalid" in text and "'choice'" in text
    assert "extraction.yaml: fields[1].choices: a choice field needs its allowed values" in text
    assert "extraction.yaml: fields[2].choices[0].label" in text
    assert "extraction.yaml: fields[11].id: duplicate field id 'population'" in text


def test_unknown_finding_of_a_recommendation_names_file_recommendation_and_choices(review):
    _edit(review / "recommendations.yaml", lambda d: d["recommendations"][1]["findings"].append("F9-nowhere"))
    text = _problems(review)
    assert "recommendations.yaml: recommendations[1] (id 'R2-aftercare-transition').findings[1]: unknown finding " \
           "'F9-nowhere'; the findings of findings.yaml are: F1-housing-after-care" in text
    (review / "findings.yaml").unlink()
    assert "cannot be found: the review folder has no findings.yaml" in _problems(review)


def test_bad_findings_and_checklist_are_reported(review):
    def change(d):
        d["findings"][0]["themes"] = ["NO.SUCH"]
        d["findings"][0]["contradicting"] = [dict(d["findings"][0]["supporting"][0])]
        d["findings"][1]["supporting"][0]["type"] = "theme"
        d["findings"][2]["assessment"] = {"methodological_limitations": "tiny", "coherence": "minor",
                                          "adequacy": "minor", "relevance": "minor", "overall": "medium",
                                          "explanation": {"en": "x"}}
    _edit(review / "findings.yaml", change)
    _edit(review / "protocol.yaml", lambda d: d.update(appraisal="jbi"))
    text = _problems(review)
    assert "findings.yaml: findings[0].themes[0]: unknown code 'NO.SUCH'" in text
    assert "findings.yaml: findings[0].contradicting[0]: study 'dworsky_homelessness_2013' is also listed as supporting" in text
    assert "findings.yaml: findings[1].supporting[0].type" in text
    assert "findings.yaml: findings[2].assessment.methodological_limitations: value 'tiny' is invalid" in text
    assert "findings.yaml: findings[2].assessment.overall: value 'medium' is invalid" in text
    assert "protocol.yaml: appraisal: value 'jbi' is invalid" in text and "mmat_2018" in text


def test_values_are_checked_against_the_form_and_the_checklist():
    cfg = load_review(ROOT / "review")
    fields = {f.id: f for f in cfg.extraction.fields}
    assert check_value(fields["population"], ["care_leavers", "homeless_youth"]) == "care_leavers; homeless_youth"
    assert check_value(fields["sample_size"], " 212 ") == "212" and check_value(fields["country"], "") == ""
    with pytest.raises(ValueError, match="'Finland' is not an allowed value; valid: FI, SE"):
        check_value(fields["country"], "Finland")
    with pytest.raises(ValueError, match="not a year"):
        check_value(fields["data_from"], "1066")
    mmat = load_checklist("mmat_2018")
    assert check_appraisal(mmat, "2.1", "yes", "rct") == "yes"
    with pytest.raises(ValueError, match="valid: yes, no, cant_tell"):
        check_appraisal(mmat, "S1", "maybe")
    with pytest.raises(ValueError, match="does not apply to the design category 'qualitative'"):
        check_appraisal(mmat, "2.1", "yes", "qualitative")


def test_events_are_append_only_latest_wins_and_imports_are_idempotent(tmp_path):
    path = tmp_path / "review.db"
    a = db.connect(path)

    def other_kernel(events):  # another thread gets its own connection, as a second kernel has its own
        with ThreadPoolExecutor(1) as pool:
            return pool.submit(lambda: add_assessment_events(db.connect(path), events)).result()

    add_assessment_events(a, [{"kind": "extraction", "subject_id": "s1", "field": "country", "value": "US",
                               "reviewer": "aj"}, {"kind": "extraction", "subject_id": "s1", "field": "design",
                                                   "value": "rct", "reviewer": "aj"}])
    other_kernel([{"kind": "extraction", "subject_id": "s1", "field": "country", "value": "FI", "reviewer": "mk"}])
    add_assessment_events(a, [{"kind": "extraction", "subject_id": "s1", "field": "design", "value": "",
                               "reviewer": "aj"}])  # withdrawn
    cur = current_values(assessment_events(a))
    assert dict(zip(cur["field"], cur["value"], strict=True)) == {"country": "FI"}
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        a.execute("UPDATE assessment_events SET value = 'x'")
    with pytest.raises(db.DatabaseError, match="kind 'opinion' is invalid"):
        add_assessment_events(a, [{"kind": "opinion", "subject_id": "s1", "field": "x", "value": "y", "reviewer": "aj"}])
    seed = pd.DataFrame({"kind": ["appraisal"] * 2, "subject_id": ["s1", "s1"], "field": ["category", "2.1"],
                         "value": ["rct", "yes"], "reviewer": ["aj", "aj"], "created_at": ["2024-11-04T09:00:00"] * 2})
    assert import_assessments(a, seed, reviewers={"aj"}) == 2
    assert import_assessments(a, seed, reviewers={"aj"}) == 0
    bad = seed.assign(reviewer="zz")
    with pytest.raises(StageInputError, match="row 2: reviewer 'zz' is not in the protocol; valid: aj"):
        import_assessments(a, bad, reviewers={"aj"})
    assert len(assessment_events(a)) == 6


def test_tables_summary_and_refi_qda_export():
    cfg = load_review(ROOT / "review")
    mmat = cfg.appraisal_checklist()
    ev = pd.DataFrame([
        (1, "extraction", "s1", "country", "FI", "aj", "", "2024-01-01"),
        (2, "extraction", "s1", "design", "rct", "aj", "", "2024-01-01"),
        (3, "extraction", "s1", "population", "care_leavers", "aj", "", "2024-01-01"),
        (4, "extraction", "s1", "sample_size", "40", "aj", "", "2024-01-01"),
        (5, "appraisal", "s1", "category", "rct", "aj", "", "2024-01-02"),
        *[(6 + i, "appraisal", "s1", item, ans, "aj", "", "2024-01-02") for i, (item, ans) in enumerate(
            zip(["S1", "S2", "2.1", "2.2", "2.3", "2.4", "2.5"], ["yes", "yes", "yes", "no", "yes", "cant_tell", "yes"],
                strict=True))],
        (20, "extraction", "gone", "country", "US", "aj", "", "2024-01-01")],
        columns=["event_id", "kind", "subject_id", "field", "value", "reviewer", "note", "created_at"])
    cur = current_values(ev)
    included = pd.DataFrame({"record_id": ["s1", "s2"], "title": ["Study one", "Study <two>"], "abstract": ["A", ""]})
    ext = extraction_table(cur[cur["kind"] == "extraction"], cfg.extraction, included)
    assert list(ext["record_id"]) == ["s1", "s2"] and list(ext["complete"]) == [True, False]
    answers = appraisal_table(cur[cur["kind"] == "appraisal"], mmat, included)
    summary = appraisal_summary(answers, mmat).iloc[0]
    assert (summary["n_items"], summary["n_yes"], summary["n_no"], summary["concern"]) == (7, 5, 1, "minor")
    qde = extraction_qdpx(ext, answers, cfg.extraction, mmat, included)["project.qde"]
    assert b"<Case " in qde and b"Study &lt;two&gt;" in qde and b"<IntegerValue>40</IntegerValue>" in qde
    if (REFI / "Project-mrt2019.xsd").exists():
        from review_tools.coding.qdpx import validate_xml

        assert validate_xml(qde, REFI / "Project-mrt2019.xsd") == []


def test_confirmed_finding_is_saved_checked_and_read_back(tmp_path, monkeypatch):
    from review_tools.stages.synthesis_report import cerqual_events, confirm_finding

    monkeypatch.setenv("REVIEW_TOOLS_DATABASE", str(tmp_path / "review.db"))
    cfg = load_review(ROOT / "review")
    levels = dict(methodological_limitations="minor", coherence="no_or_very_minor", adequacy="moderate",
                  relevance="minor", overall="low")
    with pytest.raises(ValueError, match="adequacy: 'some' is invalid; valid: no_or_very_minor, minor"):
        confirm_finding(cfg, "F2-transition-breaks", "lead", **{**levels, "adequacy": "some"})
    with pytest.raises(ValueError, match="finding 'F9' is not in findings.yaml; valid: F1-housing-after-care"):
        confirm_finding(cfg, "F9", "lead", **levels)
    with pytest.raises(ValueError, match="reviewer 'nobody' is not in the protocol"):
        confirm_finding(cfg, "F2-transition-breaks", "nobody", **levels)
    assert len(confirm_finding(cfg, "F2-transition-breaks", "lead", **levels, explanation="two sources only")) == 6
    ev = cerqual_events(cfg)
    assert len(ev) == 6 and set(ev["subject_id"]) == {"F2-transition-breaks"}


def test_extraction_form_saves_only_changes_and_names_bad_values(tmp_path):
    from review_tools.extraction.widget import ExtractionView

    cfg = load_review(ROOT / "review")
    studies = pd.DataFrame({"record_id": ["s1", "s2"], "title": ["Study one", "Study two"]})
    path = tmp_path / "review.db"
    with pytest.raises(StageInputError, match="'zz' is not one of the protocol's reviewers"):
        ExtractionView(studies, path, "zz", cfg.extraction, cfg.appraisal_checklist(), reviewers=["aj", "mk"])
    view = ExtractionView(studies, path, "aj", cfg.extraction, cfg.appraisal_checklist(), reviewers=["aj", "mk"])
    view.fields["country"].value = "FI"
    view.fields["population"].value = ("care_leavers", "neet_youth")
    view.fields["sample_size"].value = "212"
    view.category.value = "qualitative"
    assert list(view.answers) == ["S1", "S2", "1.1", "1.2", "1.3", "1.4", "1.5"]
    view.answers["1.1"].value = "yes"
    assert len(view.save_form()) == 5 and "Saved for s1" in view.message.value
    assert "Country, Population, Sample size, category, 1.1." in view.message.value
    assert view.save_form() == [] and "Nothing changed for s1" in view.message.value  # a second save, a re-run cell
    view.fields["sample_size"].value = "about 200"
    assert view.save_form() == [] and "Not saved" in view.message.value and "not a whole number" in view.message.value
    view.picker.value = "s2"
    assert view.fields["country"].value == "" and view.fields["population"].value == ()
    view.picker.value = "s1"  # reloaded from the database, as a second kernel would see it
    assert view.fields["population"].value == ("care_leavers", "neet_youth") and view.answers["1.1"].value == "yes"
    cur = current_values(assessment_events(db.connect(path)))
    assert dict(zip(cur["field"], cur["value"], strict=True)) == {
        "country": "FI", "population": "care_leavers; neet_youth", "sample_size": "212", "category": "qualitative",
        "1.1": "yes"}
