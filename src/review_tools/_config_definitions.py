"""Reading the review folder's indicator tables beside ``indicators.yaml``: series breaks and phenomenon links.

The schemas and loaders of ``series_breaks.yaml`` and ``phenomenon_indicators.yaml`` (both optional),
on the configuration side so that the indicator package does no file I/O. Every problem is listed at
once, naming the file and the entry, as :func:`review_tools.config.load_review` does.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import Field, ValidationError

from ._config_phenomena import PhenomenonLink, PhenomenonLinks
from .config import IndicatorSet, LocalText, _Model, _pydantic_problems
from .errors import ConfigError

__all__ = ["BREAKS_FILE", "LINKS_FILE", "SeriesBreak", "SeriesBreaks", "PhenomenonLink", "PhenomenonLinks",
           "load_series_breaks", "load_phenomenon_links"]

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
