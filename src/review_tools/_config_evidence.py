"""What counts as evidence: the ``evidence`` settings of ``protocol.yaml`` (schema; loaded by :mod:`review_tools.config`).

Only codings a person made or confirmed count as evidence by default. Code suggestions (keyword
lexicon, model, the suggested codes of social reports) are proposals: the coding view and the report's
appendix show them with their score and reason, and no count, matrix, convergence label or draft uses
them. A review may opt in to counting them (``count_suggestions: true``); every figure and table
they then enter says so.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

#: Origins of codings a person made or confirmed (coding events: ``human`` added, ``accepted_suggestion``
#: accepted in the coding view; ``reporter``: the social report's own welfare codes, given by its author).
REVIEWED_ORIGINS = ("human", "accepted_suggestion", "reporter")


class EvidenceSettings(BaseModel):
    """``protocol.yaml: evidence``.

    Attributes
    ----------
    count_suggestions : bool
        Count unreviewed code suggestions as evidence too (default false: they are proposals only).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    count_suggestions: bool = False
