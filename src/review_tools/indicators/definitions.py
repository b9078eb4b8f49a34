"""The review folder's indicator tables beside ``indicators.yaml``: series breaks and phenomenon links.

``series_breaks.yaml`` lists changes in law, administration or statistics after which an indicator's
values are not comparable (2017: basic social assistance moved to Kela; 2023: the wellbeing services
reform). ``phenomenon_indicators.yaml`` says which indicators describe which reported phenomenon,
chosen by the team instead of matched by theme. Both are optional; :func:`load_series_breaks` and
:func:`load_phenomenon_links` validate them against the indicator set (and the codebook) and list
every problem at once, as :func:`review_tools.config.load_review` does.

Fields of :class:`~review_tools.config.Indicator` the signals use: ``source_variable`` (the source's own
variable name, e.g. of the Diak panel, mapped onto the review's id), ``moving_average_years`` (values are
moving averages over that many years; the trend's interval accounts for it), and ``breakdown``
(``{of: GROUP, age_group: "18–24"}`` or ``{of: GROUP, gender: female}``: this indicator is that age group or
gender of the indicator group ``GROUP``). Units are shown to readers in their language from :data:`UNIT_TEXT`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import Field, ValidationError

from ..config import IndicatorSet, LocalText, _Model, _pydantic_problems
from ..errors import ConfigError

__all__ = ["SeriesBreak", "SeriesBreaks", "PhenomenonLink", "PhenomenonLinks", "load_series_breaks",
           "load_phenomenon_links", "check_indicator_set", "unit_label", "UNIT_TEXT", "breakdown_of", "age_group", "gender",
           "BREAKS_FILE", "LINKS_FILE"]

BREAKS_FILE = "series_breaks.yaml"
LINKS_FILE = "phenomenon_indicators.yaml"


class SeriesBreak(_Model):
    id: Annotated[str, Field(pattern=r"^[A-Za-z0-9_.-]+$")]
    year: Annotated[int, Field(ge=1900, le=2100)]
    indicators: list[str] = []
    themes: list[str] = []
    title: LocalText
    note: LocalText | None = None


class SeriesBreaks(_Model):
    schema_version: Literal[1]
    breaks: list[SeriesBreak] = []


class PhenomenonLink(_Model):
    phenomenon: Annotated[str, Field(pattern=r"^[A-Za-z0-9_.-]+$")]
    indicators: list[str]
    reason: LocalText | None = None


class PhenomenonLinks(_Model):
    schema_version: Literal[1]
    links: list[PhenomenonLink] = []


def _load_yaml_model(path: Path, model):
    """Read and validate one YAML file; problems name the file and the field."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f", line {mark.line + 1}" if mark is not None else ""
        raise ConfigError([f"{path.name}{where}: not valid YAML ({getattr(exc, 'problem', exc)})"]) from exc
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(_pydantic_problems(path.name, exc, data)) from exc


def _unknown(ids, valid, where: str, what: str) -> list[str]:
    return [f"{where}[{j}]: unknown {what} '{x}'; valid: {', '.join(sorted(valid))}"
            for j, x in enumerate(ids) if x not in valid]


def load_series_breaks(review_dir, indicator_set: IndicatorSet, codes=None) -> SeriesBreaks:
    """Load ``series_breaks.yaml`` (an empty table when the file is absent).

    Raises
    ------
    ConfigError
        Listing every break naming an indicator not in the set, a theme not in ``codes`` or no
        indicator and no theme at all.
    """
    path = Path(review_dir) / BREAKS_FILE
    if not path.exists():
        return SeriesBreaks(schema_version=1)
    table = _load_yaml_model(path, SeriesBreaks)
    ids = {i.id for i in indicator_set.indicators}
    problems = []
    for i, b in enumerate(table.breaks):
        where = f"{BREAKS_FILE}: breaks[{i}]"
        if not b.indicators and not b.themes:
            problems.append(f"{where}: name the indicators or themes the break affects")
        problems += _unknown(b.indicators, ids, f"{where}.indicators", "indicator")
        if codes is not None:
            problems += _unknown(b.themes, set(codes), f"{where}.themes", "codebook id")
    if problems:
        raise ConfigError(problems)
    return table


def load_phenomenon_links(review_dir, indicator_set: IndicatorSet) -> PhenomenonLinks | None:
    """Load ``phenomenon_indicators.yaml`` (None when absent: phenomena are then shown without indicators).

    Raises
    ------
    ConfigError
        For an indicator not in the set or a phenomenon listed twice.
    """
    path = Path(review_dir) / LINKS_FILE
    if not path.exists():
        return None
    table = _load_yaml_model(path, PhenomenonLinks)
    ids = {i.id for i in indicator_set.indicators}
    problems, seen = [], set()
    for i, link in enumerate(table.links):
        if link.phenomenon in seen:
            problems.append(f"{LINKS_FILE}: links[{i}].phenomenon: '{link.phenomenon}' is listed twice")
        seen.add(link.phenomenon)
        problems += _unknown(link.indicators, ids, f"{LINKS_FILE}: links[{i}].indicators", "indicator")
    if problems:
        raise ConfigError(problems)
    return table


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
