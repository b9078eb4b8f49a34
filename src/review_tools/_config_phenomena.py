"""The schema of ``phenomenon_indicators.yaml``: which indicators describe a reported phenomenon, and what the
phenomenon is called in each language.

A social report names its phenomenon by the form's key (``care_leavers_housing``); a reader sees the team's
label for it (``labels``, with ``fi``, ``sv`` and ``en`` fields: a missing one is a validation warning like any
other text of the review folder). :func:`phenomenon_label` picks what a page shows: the label in the page's
language, else a reporter's own title of the phenomenon, never the raw key.

Kept apart from :mod:`review_tools.config` (which loads the file with the review) and
:mod:`review_tools._config_definitions` (which checks the links against the indicator set) so both can use it
without an import cycle.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated, Literal

from pydantic import Field

from ._config_text import LocalText, _Model

__all__ = ["PhenomenonLink", "PhenomenonLinks", "phenomenon_label"]

_KEY = r"^[A-Za-z0-9_.-]+$"


class PhenomenonLink(_Model):
    phenomenon: Annotated[str, Field(pattern=_KEY)]
    indicators: list[str]
    reason: LocalText | None = None


class PhenomenonLinks(_Model):
    schema_version: Literal[1]
    links: list[PhenomenonLink] = []
    #: phenomenon key -> what readers call it (fi, sv, en)
    labels: dict[Annotated[str, Field(pattern=_KEY)], LocalText] = {}


def phenomenon_label(
    key: str, language: str, labels: dict | None = None, titles: Iterable[str] = ()
) -> str:
    """What a reader sees for the phenomenon ``key``.

    Parameters
    ----------
    key : str
        The form's phenomenon key.
    language : str
        The page's language.
    labels : dict, optional
        ``{key: LocalText}`` of the review folder (``PhenomenonLinks.labels``).
    titles : iterable of str
        The reporters' own titles of the phenomenon (the data, pseudonymised), most common first.

    Returns
    -------
    str
        The team's label in ``language`` when it has one; else the first reporter's title; else the team's label in
        another language; else the key with spaces for underscores (only when nothing else names it).
    """
    text = (labels or {}).get(str(key))
    if text is not None and getattr(text, language, None):
        return getattr(text, language)
    title = next((str(x).strip() for x in titles if isinstance(x, str) and x.strip()), "")
    if title:
        return title
    if text is not None:
        return text.get(language)
    return str(key).replace("_", " ")
