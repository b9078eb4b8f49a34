"""Tests of lexicon code suggestions and suggest_codes."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml

from review_tools.coding import CodeSuggester, suggest_codes
from review_tools.coding.lexicon import Lexicon, guess_language
from review_tools.config import Codebook
from review_tools.errors import StageInputError

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def codebook() -> Codebook:
    return Codebook.model_validate({
        "schema_version": 1,
        "codes": [
            {"id": "SW", "label": {"en": "well-being"}},
            {"id": "SW.LIV", "parent": "SW", "label": {"en": "livelihood"},
             "keywords": {"fi": ["toimeentulotuki", "velka"], "sv": ["utkomststöd"], "en": ["social assistance", "debt"]}},
            {"id": "SW.HEA", "parent": "SW", "label": {"en": "health"},
             "keywords": {"fi": ["terveys", "mielenterveys"], "sv": ["hälsa"], "en": ["mental health"]}},
            {"id": "SW.EDU", "parent": "SW", "label": {"en": "education"},
             "keywords": {"fi": ["koulupudokas"], "en": ["school dropout", "NEET"]}, "case_sensitive": ["NEET"]},
        ],
    })


def test_finnish_compound_head_and_inflection(codebook):
    s = suggest_codes(pd.DataFrame({"unit_id": ["u"], "text": ["Perustoimeentulotuen hakijoita on paljon."]}), codebook)
    assert s["code"].tolist() == ["SW.LIV"]
    assert "toimeentulotuki (perustoimeentulotuen)" in s.loc[0, "reason"]


def test_compound_first_part(codebook):
    s = suggest_codes(pd.DataFrame({"unit_id": ["u"], "text": ["Terveyspalveluihin on jonoa."]}), codebook, language="fi")
    assert s["code"].tolist() == ["SW.HEA"]


def test_swedish_compound_and_english_multiword(codebook):
    units = pd.DataFrame({"unit_id": ["sv", "en"], "language": ["sv", "en"],
                          "text": ["Utkomststödet räcker inte.", "Mental health services and social assistance."]})
    s = suggest_codes(units, codebook)
    assert set(s[s.unit_id == "sv"]["code"]) == {"SW.LIV"}
    assert set(s[s.unit_id == "en"]["code"]) == {"SW.HEA", "SW.LIV"}


def test_case_sensitive_keyword(codebook):
    s = suggest_codes(pd.DataFrame({"unit_id": ["a", "b"], "text": ["NEET-nuoret ovat huoli.", "neet ja muut"]}),
                      codebook, language="fi")
    assert s["unit_id"].tolist() == ["a"]


def test_scores_grow_with_distinct_keywords_and_order(codebook):
    units = pd.DataFrame({"unit_id": ["x"], "text": ["Velka ja toimeentulotuki, sekä terveys."]})
    s = suggest_codes(units, codebook, language="fi")
    assert s["code"].tolist() == ["SW.LIV", "SW.HEA"]
    assert s["score"].tolist() == pytest.approx([0.75, 0.5])
    assert suggest_codes(units, codebook, language="fi", top_k=1)["code"].tolist() == ["SW.LIV"]


def test_missing_columns_and_bad_language(codebook):
    with pytest.raises(StageInputError, match=r"units lack column\(s\) \['text'\]"):
        suggest_codes(pd.DataFrame({"unit_id": ["a"]}), codebook)
    with pytest.raises(StageInputError, match="language 'de' is invalid"):
        suggest_codes(pd.DataFrame({"unit_id": ["a"], "text": ["x"]}), codebook, language="de")


def test_guess_language():
    assert guess_language("Meillä on paljon asiakkaita ja se on hyvä.") == "fi"
    assert guess_language("Vi har många klienter och det är bra.") == "sv"
    assert guess_language("We have many clients and that is good.") == "en"


def test_model_scores_take_over_for_known_codes(codebook):
    train = pd.DataFrame({"text": ["velka kasvaa", "velka ja vuokra", "mielenterveys huono", "terveys hyvä", "vuokra"] * 3})
    y = [["SW.LIV"], ["SW.LIV"], ["SW.HEA"], ["SW.HEA"], ["SW.LIV"]] * 3
    model = CodeSuggester(codebook=codebook, language="fi", random_state=0).fit(train, y)
    units = pd.DataFrame({"unit_id": ["n"], "text": ["vuokra ja velka, koulupudokkaita"]})
    s = suggest_codes(units, codebook, model=model, language="fi")
    assert s["code"].iloc[0] == "SW.LIV"
    assert s["reason"].iloc[0].startswith("model: ")
    assert "lexicon: velka" in s["reason"].iloc[0]
    assert "SW.EDU" in set(s["code"])  # never coded by humans: kept from the lexicon


def test_real_codebook_on_finnish_welfare_text():
    cb = Codebook.model_validate(yaml.safe_load((ROOT / "review" / "codebook.yaml").read_text(encoding="utf-8")))
    lex = Lexicon(cb)
    codes = {c for c, _, _ in lex.suggest("Lapsiköyhyys ja perustoimeentulotuen tarve kasvavat.", "fi")}
    assert {"SW.MAT", "SW.SOC.COM.LIVELI"} <= codes
