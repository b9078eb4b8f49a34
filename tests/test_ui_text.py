"""The views' string catalogue: every string in fi, sv and en, with the same placeholders."""

from __future__ import annotations

import string

import pytest

from review_tools.ui_text import CATALOGUE, check_language, text


def _fields(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


def test_every_string_in_every_language_with_the_same_placeholders():
    assert set(CATALOGUE) == {"fi", "sv", "en"}
    for lang in ("fi", "sv"):
        assert set(CATALOGUE[lang]) == set(CATALOGUE["en"]), lang
        for key, template in CATALOGUE["en"].items():
            assert _fields(CATALOGUE[lang][key]) == _fields(template), (lang, key)


def test_text_and_language_check():
    assert text("include", "fi") == "Ota mukaan" and text("include", "sv") == "Inkludera"
    assert "coder1, coder2" in text("choose_id", "en", param="coder", ids="coder1, coder2")
    with pytest.raises(ValueError, match=r"language 'de' .*\['fi', 'sv', 'en'\]"):
        check_language("de")
