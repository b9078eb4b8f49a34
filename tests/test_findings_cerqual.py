"""GRADE-CERQual assembly on made-up evidence units (synthesis.findings: frames in, frames out)."""

from __future__ import annotations

import pandas as pd
import pytest

from review_tools._config_extraction import FindingSet
from review_tools.synthesis.findings import (
    assess_findings,
    cerqual,
    finding_units,
    overall_confidence,
)


def _set(findings, **context) -> FindingSet:
    return FindingSet.model_validate({"schema_version": 1, "context": {
        "country": "FI", "population": ["care_leavers"], "population_terms": ["nuor"], "period": "2015-2025",
        **context}, "findings": findings})


def _link(kind, ref, note=None):
    return {"type": kind, "ref": ref, **({"note": note} if note else {})}


def _frames(n_studies=4, n_quotes=4, n_reports=2, *, us=False, thin=False, concern_answers="no_or_very_minor"):
    studies = [f"s{i}" for i in range(n_studies)]
    quotes = [f"INT0{i}:2" for i in range(n_quotes)]
    reports = [f"SR-{i}" for i in range(n_reports)]
    units = pd.DataFrame(
        [("literature", s) for s in studies[:1]] + [("interviews", q) for q in quotes] + [("social_reports", r) for r in reports],
        columns=["stream", "unit_id"])
    extraction = pd.DataFrame({
        "record_id": studies, "country": "US" if us else "FI", "setting": "national", "population": "care_leavers",
        "data_from": "2016", "data_to": "2020", "data_richness": "thin" if thin else "thick"})
    appraisal = pd.DataFrame({"record_id": studies, "concern": concern_answers})
    segments = pd.DataFrame({"segment_id": quotes, "document_id": [q.split(":")[0] for q in quotes], "region": "5",
                             "text": ["x" * (50 if thin else 400)] * len(quotes)})
    reps = pd.DataFrame({"report_id": reports, "county_code": "5", "submitted_at": "2024-03-01",
                         "affected_group": "jälkihuollon nuoret", "description": "y" * (50 if thin else 300)})
    profile = pd.DataFrame({"indicator_id": ["ind"], "year": ["2020"], "value": ["101.0"]})
    frames = dict(included=pd.DataFrame({"record_id": studies}), segments=segments, reports=reps, profile=profile,
                  extraction=extraction, appraisal=appraisal, region="5", region_name="Varsinais-Suomi",
                  population_terms=["nuor"])
    links = [_link("study", s) for s in studies] + [_link("quote", q) for q in quotes] + [_link("report", r) for r in reports]
    return units, frames, links


def _assess(findings, units, frames, events=None):
    return assess_findings(findings, units, events=events, **frames)


def test_strong_local_uncontradicted_evidence_gets_high_confidence():
    units, frames, links = _frames()
    fs = _set([{"id": "F1", "statement": {"en": "s"}, "supporting": links}])
    prop = cerqual(fs, finding_units(fs, units, **frames)).iloc[0]
    assert (prop["n_supporting"], prop["n_contradicting"], prop["n_sources"]) == (10, 0, 10)
    assert prop["n_appraised"] == 4
    assert [prop[c] for c in ("methodological_limitations", "coherence", "adequacy", "relevance")] == [
        "no_or_very_minor"] * 4
    assert prop["overall"] == "high"


def test_contradictions_lower_coherence_and_confidence():
    units, frames, links = _frames()
    fs = _set([{"id": "F1", "statement": {"en": "s"}, "supporting": links[:6],
                "contradicting": links[6:]}])  # 6 supporting, 4 contradicting: 40 % against
    prop = cerqual(fs, finding_units(fs, units, **frames)).iloc[0]
    assert prop["contradicting_share"] == pytest.approx(0.4)
    assert prop["coherence"] == "serious"
    assert prop["overall"] in ("low", "very_low")


def test_few_thin_sources_raise_adequacy_concerns():
    units, frames, links = _frames(n_studies=1, n_quotes=2, n_reports=0, thin=True)
    fs = _set([{"id": "F1", "statement": {"en": "s"}, "supporting": links}])
    prop = cerqual(fs, finding_units(fs, units, **frames)).iloc[0]
    assert prop["n_sources"] == 3 and prop["n_rich"] == 0
    assert prop["adequacy"] == "serious"  # 3 sources is moderate, none rich: one level more


def test_appraisal_concerns_drive_methodological_limitations():
    units, frames, links = _frames(concern_answers="serious")
    fs = _set([{"id": "F1", "statement": {"en": "s"}, "supporting": links}])
    prop = cerqual(fs, finding_units(fs, units, **frames)).iloc[0]
    assert prop["mean_concern"] == 3 and prop["methodological_limitations"] == "serious"
    no_studies = _set([{"id": "F1", "statement": {"en": "s"}, "supporting": links[4:]}])
    prop = cerqual(no_studies, finding_units(no_studies, units, **frames)).iloc[0]
    assert prop["n_appraised"] == 0 and prop["methodological_limitations"] == "minor"


def test_foreign_studies_of_another_period_lower_relevance():
    units, frames, links = _frames(us=True)
    frames["extraction"]["data_from"], frames["extraction"]["data_to"] = "2002", "2008"
    fs = _set([{"id": "F1", "statement": {"en": "s"}, "supporting": links[:4]}])
    lk = finding_units(fs, units, **frames)
    assert set(lk["region_match"]) == {"mismatch"} and set(lk["period_match"]) == {"mismatch"}
    assert cerqual(fs, lk).iloc[0]["relevance"] == "serious"


def test_unreviewed_missing_and_other_region_units_are_not_counted_with_their_reason():
    units, frames, links = _frames()
    frames["reports"].loc[1, "county_code"] = "15"
    units = units[units["unit_id"] != "SR-1"]
    units = units[units["unit_id"] != "INT01:2"]
    extra = [_link("quote", "INT09:9"), _link("study", "not_included"), _link("indicator", "ind"), _link("indicator", "gone")]
    fs = _set([{"id": "F1", "statement": {"en": "s"}, "supporting": links + extra}])
    lk = finding_units(fs, units, **frames).set_index("ref")
    assert lk.loc["INT01:2", "reason"] == "not_reviewed" and not lk.loc["INT01:2", "counted"]
    assert lk.loc["SR-1", "reason"] == "other_region"
    assert lk.loc["INT09:9", "reason"] == "not_found" and lk.loc["INT09:9", "anchor"] == ""
    assert lk.loc["not_included", "reason"] == "not_included"
    assert bool(lk.loc["ind", "counted"]) and lk.loc["gone", "reason"] == "no_data"
    assert bool(lk.loc["s3", "counted"])  # a study with an extraction record counts though it has no reviewed coding
    assert lk.loc["INT02:2", "anchor"] == "quote-INT02_2"
    prop = cerqual(fs, finding_units(fs, units, **frames)).iloc[0]
    assert prop["n_not_counted"] == 5


@pytest.mark.parametrize(("levels", "expected"), [
    (["no_or_very_minor"] * 4, "high"), (["minor", "no_or_very_minor", "no_or_very_minor", "no_or_very_minor"], "high"),
    (["minor", "minor", "no_or_very_minor", "no_or_very_minor"], "moderate"),
    (["moderate", "minor", "minor", "no_or_very_minor"], "low"), (["serious", "moderate", "minor", "minor"], "very_low"),
    (["serious"] * 4, "very_low")])
def test_overall_confidence_steps(levels, expected):
    assert overall_confidence(levels) == expected


def test_team_assessment_overrides_the_proposal_database_before_file():
    units, frames, links = _frames()
    team = {"methodological_limitations": "minor", "coherence": "moderate", "adequacy": "minor",
            "relevance": "minor", "overall": "low", "explanation": {"en": "we judged it so"}, "assessed_by": "lead"}
    fs = _set([{"id": "F1", "statement": {"en": "s"}, "supporting": links, "assessment": team},
               {"id": "F2", "statement": {"en": "t"}, "supporting": links},
               {"id": "F3", "statement": {"en": "u"}, "supporting": links}])
    res = _assess(fs, units, frames)
    final = res.final.set_index("finding_id")
    assert final.loc["F1", "source"] == "file" and final.loc["F1", "overall"] == "low"
    assert final.loc["F2", "source"] == "proposal" and final.loc["F2", "overall"] == "high"
    ev = pd.DataFrame([
        (1, "cerqual", "F2", c, v, "lead", "", "t") for c, v in (
            ("methodological_limitations", "serious"), ("coherence", "minor"), ("adequacy", "minor"),
            ("relevance", "minor"), ("overall", "very_low"), ("explanation", "database says"))]
        + [(2, "cerqual", "F1", "overall", "moderate", "mk", "", "t"),  # incomplete: the file's assessment stays
           (3, "cerqual", "F3", "overall", "moderate", "mk", "", "t")],
        columns=["event_id", "kind", "subject_id", "field", "value", "reviewer", "note", "created_at"])
    final = _assess(fs, units, frames, ev).final.set_index("finding_id")
    assert final.loc["F2", "source"] == "database" and final.loc["F2", "overall"] == "very_low"
    assert final.loc["F2", "explanation"] == "database says"
    assert final.loc["F1", "source"] == "file"
    assert final.loc["F3", "source"] == "proposal"
    table = _assess(fs, units, frames, ev).table("en").set_index("finding_id")
    assert table.loc["F1", "explanation"] == "we judged it so" and table.loc["F3", "explanation"] == ""
