"""The two building blocks every review-folder model shares: a frozen model that forbids unknown keys, and a
text in Finnish, Swedish and/or English.

Kept apart from :mod:`review_tools.config` so the per-file schemas (``_config_*.py``) that ``config`` imports
can use them without an import cycle.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, model_validator


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LocalText(_Model):
    """A text in Finnish, Swedish and/or English; at least one is required."""

    fi: str | None = None
    sv: str | None = None
    en: str | None = None

    @model_validator(mode="after")
    def _one_language(self):
        if not (self.fi or self.sv or self.en):
            raise ValueError("give the text in at least one of fi, sv, en")
        return self

    def get(self, language: str = "en") -> str:
        """Return the text in ``language``, falling back to en, fi, sv in that order."""
        for lang in (language, "en", "fi", "sv"):
            value = getattr(self, lang, None)
            if value:
                return value
        return ""
