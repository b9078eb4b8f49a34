"""The review configuration loader reports every problem at once, with file and key path."""

from __future__ import annotations

import shutil

import pytest

from review_tools.cli import main
from review_tools.config import load_review
from review_tools.errors import ConfigError

from .conftest import DATA, ROOT


def test_valid_review_loads_typed_objects():
    cfg = load_review(DATA / "review_valid")
    assert cfg.protocol.title.get("fi") == "Pieni kelvollinen katsaus"
    assert cfg.code_ids() == ["SW", "SW.SOC"]
    assert cfg.indicators.indicators[1].better == "lower"
    assert cfg.recommendations.recommendations[0].monitoring[0].target == 8.0
    assert cfg.database_path == DATA / "review_valid" / "review.db"


def test_bad_review_lists_every_problem_with_file_and_key_path():
    with pytest.raises(ConfigError) as info:
        load_review(DATA / "review_bad_many")
    problems = info.value.problems
    expected = [
        r"protocol.yaml: sources[0].kind: value 'databse' is invalid",
        r"protocol.yaml: reviewers[0].favourite_colour: unknown key",
        r"protocol.yaml: stages[0].exclusion_reasons[1].code: duplicate reason code 'wrong_population'",
        r"indicators.yaml: schema_version: value 2 is invalid",
        r"indicators.yaml: indicators[0].sotkanet_id: value 'one-eight-one' is invalid",
        r"indicators.yaml: indicators[0].better: value 'down' is invalid",
        r"indicators.yaml: indicators[0].themes[1]: unknown code 'SW.UNKNOWN'",
        r"codebook.yaml: codes[1].parent: unknown code 'SW.NOPE'",
        r"recommendations.yaml: recommendations[0].theme: unknown code 'SW.MISSING'",
        r"recommendations.yaml: recommendations[0].actor[1]: value 'parliament' is invalid",
        r"recommendations.yaml: recommendations[0].monitoring[0].indicator: unknown indicator 'not_an_indicator'",
    ]
    for line in expected:
        assert any(p.startswith(line) for p in problems), f"missing: {line}\ngot:\n" + "\n".join(problems)
    assert len(problems) == len(expected)


def test_missing_file_and_broken_yaml_are_reported_together(tmp_path):
    review = tmp_path / "review"
    shutil.copytree(DATA / "review_valid", review)
    (review / "codebook.yaml").unlink()
    (review / "indicators.yaml").write_text("schema_version: 1\nindicators: [\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_review(review)
    text = str(info.value)
    assert "codebook.yaml: file missing from the review folder" in text
    assert "indicators.yaml: line" in text and "not valid YAML" in text


def test_non_utf8_file_is_reported(tmp_path):
    review = tmp_path / "review"
    shutil.copytree(DATA / "review_valid", review)
    (review / "protocol.yaml").write_bytes("title: Päätös\n".encode("cp1252"))
    with pytest.raises(ConfigError, match=r"protocol.yaml: not UTF-8 text"):
        load_review(review)


def test_files_named_in_protocol_must_exist_in_corpus(tmp_path):
    review = tmp_path / "review"
    shutil.copytree(DATA / "review_valid", review)
    text = (review / "protocol.yaml").read_text(encoding="utf-8").replace("files: []", "files: [literature/missing.ris]")
    (review / "protocol.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "corpus").mkdir()
    with pytest.raises(ConfigError, match=r"sources\[0\].files\[0\]: file 'literature/missing.ris' not found"):
        load_review(review, corpus_dir=tmp_path / "corpus")


def test_validate_command_exit_codes(capsys):
    assert main(["validate", str(DATA / "review_valid")]) == 0
    assert "valid" in capsys.readouterr().out
    assert main(["validate", str(DATA / "review_bad_many")]) == 2
    err = capsys.readouterr().err
    assert "11 problems" in err and "codebook.yaml: codes[1].parent" in err


def test_demo_review_is_valid():
    if not (ROOT / "review" / "protocol.yaml").exists():
        pytest.skip("the demo review's protocol.yaml is not there yet")
    cfg = load_review(ROOT / "review", corpus_dir=ROOT / "corpus")
    assert cfg.protocol.sources and cfg.codebook.codes and cfg.indicators.indicators


def test_load_file_validates_one_file_by_the_review_rules(tmp_path):
    from review_tools.config import InformantSet, load_file

    good = tmp_path / "informants.yaml"
    good.write_text("schema_version: 1\ninformants:\n- {id: I1, role: worker, organisation_type: ngo}\n", encoding="utf-8")
    assert isinstance(load_file(good, "informants"), InformantSet)
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema_version: 1\ninformants:\n- {id: I1, role: worker, organisation_type: ngo}\n- {id: I1, role: worker, organisation_type: ngo}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"informants\[1\]\.id: duplicate informant id 'I1'"):
        load_file(bad, "informants")
    with pytest.raises(ConfigError, match="file not found"):
        load_file(tmp_path / "missing.yaml", "informants")
    with pytest.raises(ConfigError, match="unknown kind of configuration file 'people'"):
        load_file(good, "people")
