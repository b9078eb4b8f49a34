"""The review folder's indicator tables beside ``indicators.yaml``: series breaks and phenomenon links.

``series_breaks.yaml`` lists changes in law, administration or statistics after which an indicator's
values are not comparable (2017: basic social assistance moved to Kela; 2023: the wellbeing services
reform). ``phenomenon_indicators.yaml`` says which indicators describe which reported phenomenon,
chosen by the team instead of matched by theme. Both are optional; they are read and validated on the
configuration side (:mod:`review_tools._config_definitions`: ``load_series_breaks`` and
``load_phenomenon_links``); this module holds the pure helpers the signals use.

Fields of :class:`~review_tools.config.Indicator` the signals use: ``source_variable`` (the source's own
variable name, e.g. of the Diak panel, mapped onto the review's id), ``moving_average_years`` (values are
moving averages over that many years; the trend's interval accounts for it), and ``breakdown``
(``{of: GROUP, age_group: "18–24"}`` or ``{of: GROUP, gender: female}``: this indicator is that age group or
gender of the indicator group ``GROUP``). Units are shown to readers in their language from :data:`UNIT_TEXT`.
"""

from __future__ import annotations

from .._config_definitions import (
    BREAKS_FILE,
    LINKS_FILE,
    PhenomenonLink,
    PhenomenonLinks,
    SeriesBreak,
    SeriesBreaks,
)
from ..config import IndicatorSet

__all__ = ["SeriesBreak", "SeriesBreaks", "PhenomenonLink", "PhenomenonLinks", "check_indicator_set", "unit_label",
           "UNIT_TEXT", "breakdown_of", "age_group", "gender", "BREAKS_FILE", "LINKS_FILE"]

def check_indicator_set(indicator_set: IndicatorSet) -> list[str]:
    """Problems of the fields the signals need: a ``diak`` indicator without ``source_variable``, a
    breakdown naming no indicator group, giving neither age group nor gender, or a gender other than
    ``male``/``female``."""
    problems = []
    groups = {i.breakdown.get("of") for i in indicator_set.indicators if i.breakdown.get("of")}
    ids = {i.id for i in indicator_set.indicators}
    for i, ind in enumerate(indicator_set.indicators):
        where = f"indicators.yaml: indicators[{i}]"
        if ind.source == "diak" and not ind.source_variable:
            problems.append(f"{where}.source_variable: required for a Diak indicator (the panel's variable name)")
        b = ind.breakdown
        if b and not b.get("of"):
            problems.append(f"{where}.breakdown.of: name the indicator group this indicator breaks down")
        if b and not (b.get("age_group") or b.get("gender")):
            problems.append(f"{where}.breakdown: give its age_group or gender")
        if b.get("gender") not in (None, "male", "female"):
            problems.append(f"{where}.breakdown.gender: '{b['gender']}' is not one of male, female")
    for g in groups & ids:
        problems.append(f"indicators.yaml: breakdown group '{g}' is also an indicator id; name the group differently")
    return problems


#: Units in the readers' languages (a unit not listed is shown as written in indicators.yaml).
UNIT_TEXT = {
    "index, median region = 100": {"fi": "indeksi, mediaanialue = 100", "sv": "index, medianregion = 100"},
    "persons": {"fi": "henkilöä", "sv": "personer"},
    "per 1000": {"fi": "/ 1000", "sv": "/ 1000"},
    "€/inhabitant": {"fi": "€/asukas", "sv": "€/invånare"},
    "index": {"fi": "indeksi", "sv": "index"},
}


def unit_label(indicator, language: str = "en") -> str:
    """The unit as readers see it in ``language`` (:data:`UNIT_TEXT`; else as written)."""
    return UNIT_TEXT.get(indicator.unit, {}).get(language, indicator.unit)


def breakdown_of(indicator) -> str:
    """The indicator group this indicator breaks down (``""`` when none)."""
    return indicator.breakdown.get("of", "")


def age_group(indicator) -> str:
    """Its age group within the group (``""`` when none)."""
    return indicator.breakdown.get("age_group", "")


def gender(indicator) -> str:
    """Its gender within the group (``""`` when none)."""
    return indicator.breakdown.get("gender", "")
