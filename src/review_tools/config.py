"""Load and validate one review project's configuration (the ``review/`` folder).

A review is configured by one YAML file per concern:

``protocol.yaml``
    title, research questions, literature sources, screening stages with criteria and
    exclusion reasons, reviewers, where the review database lives.
``codebook.yaml``
    hierarchical social-welfare themes with fi/sv/en labels, definitions and keywords.
``indicators.yaml``
    the indicator set: indicator id, titles, theme codes, unit, direction of "better".
``recommendations.yaml``
    the recommendation framework and the team's recommendations with evidence links.
``informants.yaml`` (optional)
    the interview metadata sidecar: informant id, role, organisation type, region, ...

:func:`load_review` validates all of them and raises one :class:`~review_tools.errors.ConfigError`
that lists **every** problem with its file and key path.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from .errors import ConfigError

SCHEMA_VERSION = 1
FILES = {
    "protocol": "protocol.yaml",
    "codebook": "codebook.yaml",
    "indicators": "indicators.yaml",
    "recommendations": "recommendations.yaml",
}
OPTIONAL_FILES = {"informants": "informants.yaml"}
LANGUAGES = ("fi", "sv", "en")
ACTORS = ("municipality", "wellbeing_services_county", "state", "ngo", "kela", "other")
ORGANISATION_TYPES = ("municipality", "wellbeing_services_county", "state", "ngo", "other")


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


class ExclusionReason(_Model):
    code: Annotated[str, Field(pattern=r"^[A-Za-z0-9_.-]+$")]
    label: LocalText


class Stage(_Model):
    id: Literal["title_abstract", "full_text"]
    include: list[str] = []
    exclude: list[str] = []
    exclusion_reasons: list[ExclusionReason] = []
    dual_screening: bool = True
    calibration_size: Annotated[int, Field(ge=0)] = 0


class Source(_Model):
    id: Annotated[str, Field(pattern=r"^[A-Za-z0-9_.-]+$")]
    name: str
    kind: Literal["database", "register", "grey", "citation_search", "other"] = "database"
    files: list[str] = []
    search_date: dt.date | None = None
    query: str | None = None


class Reviewer(_Model):
    id: Annotated[str, Field(pattern=r"^[A-Za-z0-9_.-]+$")]
    name: str
    role: Literal["reviewer", "third_reviewer", "coder", "lead"] = "reviewer"


class Protocol(_Model):
    schema_version: Literal[1]
    title: LocalText
    short_title: str | None = None
    registration: str | None = None
    research_questions: list[LocalText] = []
    keywords: list[str] = []
    database: str = "review.db"
    sources: list[Source]
    stages: list[Stage]
    reviewers: list[Reviewer]
    team: list[str] = []
    funding: str | None = None


class Code(_Model):
    id: Annotated[str, Field(pattern=r"^[A-Z][A-Za-z0-9]*(\.[A-Z][A-Za-z0-9]*)*$")]
    parent: str | None = None
    label: LocalText
    definition: LocalText | None = None
    keywords: dict[Literal["fi", "sv", "en"], list[str]] = {}
    case_sensitive: list[str] = []


class Codebook(_Model):
    schema_version: Literal[1]
    name: str = "codebook"
    codes: list[Code]


class Indicator(_Model):
    id: Annotated[str, Field(pattern=r"^[A-Za-z0-9_.-]+$")]
    source: Literal["sotkanet", "statfin", "local", "other"] = "sotkanet"
    sotkanet_id: int | None = None
    title: LocalText
    themes: list[str]
    unit: str
    better: Literal["higher", "lower", "context"]
    decimals: int | None = None
    aggregation: Literal["sum", "population_weighted_mean", "none"] = "population_weighted_mean"
    update_frequency: str = "yearly"
    data_owner: str = "THL"
    breakdowns: list[Literal["gender", "age", "municipality", "county"]] = []


class IndicatorSet(_Model):
    schema_version: Literal[1]
    population_indicator: str | None = None
    indicators: list[Indicator]


class EvidenceLink(_Model):
    type: Literal["study", "quote", "report", "indicator", "theme"]
    ref: str
    note: str | None = None


class Monitoring(_Model):
    indicator: str
    target: float | None = None
    target_year: int | None = None


class Recommendation(_Model):
    id: Annotated[str, Field(pattern=r"^[A-Za-z0-9_.-]+$")]
    statement: LocalText
    theme: str
    actor: list[Literal[ACTORS]]  # type: ignore[valid-type]
    timeframe: Literal["short", "medium", "long"]
    resources: str | None = None
    risks: str | None = None
    rationale: LocalText | None = None
    evidence: list[EvidenceLink] = []
    monitoring: list[Monitoring] = []
    allow_without_evidence: bool = False


class RecommendationFramework(_Model):
    schema_version: Literal[1]
    default_target_change: Annotated[float, Field(gt=0)] = 0.05
    draft_min_streams: Annotated[int, Field(ge=1)] = 2
    recommendations: list[Recommendation] = []


class Informant(_Model):
    id: Annotated[str, Field(pattern=r"^[A-Za-z0-9_.-]+$")]
    name: str | None = None
    speaker_labels: list[str] = []
    role: str
    organisation_type: Literal[ORGANISATION_TYPES]  # type: ignore[valid-type]
    region: str | None = None
    language: Literal["fi", "sv", "en"] = "fi"
    interview_date: dt.date | None = None
    transcript: str | None = None


class InformantSet(_Model):
    schema_version: Literal[1]
    informants: list[Informant]


class ReviewConfig(_Model):
    """The validated configuration of one review project."""

    root: Path
    protocol: Protocol
    codebook: Codebook
    indicators: IndicatorSet
    recommendations: RecommendationFramework
    informants: InformantSet | None = None

    @property
    def database_path(self) -> Path:
        """Path of the review database (relative paths are inside the review folder)."""
        p = Path(self.protocol.database)
        return p if p.is_absolute() else self.root / p

    def code_ids(self) -> list[str]:
        """Return all codebook code ids in file order."""
        return [c.id for c in self.codebook.codes]

    def stage(self, stage_id: str) -> Stage:
        """Return the screening stage ``stage_id``."""
        for s in self.protocol.stages:
            if s.id == stage_id:
                return s
        raise ConfigError([f"protocol.yaml: stages: no stage '{stage_id}'"])


MODELS = {
    "protocol": Protocol,
    "codebook": Codebook,
    "indicators": IndicatorSet,
    "recommendations": RecommendationFramework,
    "informants": InformantSet,
}


def _loc(loc: tuple) -> str:
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item}]")
        elif str(item).startswith("function-after") or str(item) in {"literal_error"}:
            continue
        else:
            parts.append(("." if parts else "") + str(item))
    return "".join(parts) or "(top level)"


def _pydantic_problems(fname: str, err: ValidationError, data) -> list[str]:
    out = []
    for e in err.errors():
        loc = _loc(e["loc"])
        msg = e["msg"]
        if e["type"] == "extra_forbidden":
            msg = "unknown key (not part of the schema; check the spelling)"
        elif "input" in e and e["type"] not in ("missing",):
            shown = repr(e["input"])
            if len(shown) > 60:
                shown = shown[:57] + "..."
            msg = f"value {shown} is invalid; {msg[0].lower() + msg[1:]}"
        out.append(f"{fname}: {loc}: {msg}")
    return out


def _read_yaml(path: Path, problems: list[str]):
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        problems.append(f"{path.name}: not UTF-8 text ({exc.reason} at byte {exc.start})")
        return None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "(unknown line)"
        problems.append(f"{path.name}: {where}: not valid YAML ({getattr(exc, 'problem', exc)})")
        return None
    if not isinstance(data, dict):
        problems.append(f"{path.name}: (top level): must be a mapping of keys, got {type(data).__name__}")
        return None
    version = data.get("schema_version")
    if version is None:
        problems.append(f"{path.name}: schema_version: missing (this review-tools reads version {SCHEMA_VERSION})")
    elif version != SCHEMA_VERSION:
        problems.append(
            f"{path.name}: schema_version: value {version!r} is invalid; this review-tools reads "
            f"version {SCHEMA_VERSION}" + (" (the file is newer: upgrade review-tools)" if isinstance(version, int) and version > SCHEMA_VERSION else "")
        )
    return data


def _cross_checks(parsed: dict, root: Path, corpus_dir: Path | None) -> list[str]:
    problems: list[str] = []
    codes = parsed.get("codebook")
    code_ids: set[str] = set()
    if codes is not None:
        seen: set[str] = set()
        for i, c in enumerate(codes.codes):
            if c.id in seen:
                problems.append(f"codebook.yaml: codes[{i}].id: duplicate code id '{c.id}'")
            seen.add(c.id)
        code_ids = seen
        for i, c in enumerate(codes.codes):
            if c.parent is not None and c.parent not in code_ids:
                problems.append(
                    f"codebook.yaml: codes[{i}].parent: unknown code '{c.parent}'; must be one of the codebook's ids"
                )
    inds = parsed.get("indicators")
    ind_ids: set[str] = set()
    if inds is not None:
        for i, ind in enumerate(inds.indicators):
            if ind.id in ind_ids:
                problems.append(f"indicators.yaml: indicators[{i}].id: duplicate indicator id '{ind.id}'")
            ind_ids.add(ind.id)
            if codes is not None:
                for j, t in enumerate(ind.themes):
                    if t not in code_ids:
                        problems.append(
                            f"indicators.yaml: indicators[{i}].themes[{j}]: unknown code '{t}'; "
                            f"must be a codebook id such as {sorted(code_ids)[:4]}"
                        )
            if ind.source == "sotkanet" and ind.sotkanet_id is None:
                problems.append(f"indicators.yaml: indicators[{i}].sotkanet_id: required for a Sotkanet indicator")
        if inds.population_indicator and inds.population_indicator not in ind_ids:
            problems.append(
                f"indicators.yaml: population_indicator: unknown indicator '{inds.population_indicator}'"
            )
    recs = parsed.get("recommendations")
    if recs is not None:
        rec_ids: set[str] = set()
        for i, r in enumerate(recs.recommendations):
            if r.id in rec_ids:
                problems.append(f"recommendations.yaml: recommendations[{i}].id: duplicate id '{r.id}'")
            rec_ids.add(r.id)
            if codes is not None and r.theme not in code_ids:
                problems.append(
                    f"recommendations.yaml: recommendations[{i}].theme: unknown code '{r.theme}'; must be a codebook id"
                )
            for j, m in enumerate(r.monitoring):
                if inds is not None and m.indicator not in ind_ids:
                    problems.append(
                        f"recommendations.yaml: recommendations[{i}].monitoring[{j}].indicator: "
                        f"unknown indicator '{m.indicator}'; must be one of {sorted(ind_ids)}"
                    )
            for j, e in enumerate(r.evidence):
                if e.type == "indicator" and inds is not None and e.ref not in ind_ids:
                    problems.append(
                        f"recommendations.yaml: recommendations[{i}].evidence[{j}].ref: unknown indicator '{e.ref}'"
                    )
                if e.type == "theme" and codes is not None and e.ref not in code_ids:
                    problems.append(
                        f"recommendations.yaml: recommendations[{i}].evidence[{j}].ref: unknown code '{e.ref}'"
                    )
    proto = parsed.get("protocol")
    if proto is not None:
        seen_src: set[str] = set()
        for i, s in enumerate(proto.sources):
            if s.id in seen_src:
                problems.append(f"protocol.yaml: sources[{i}].id: duplicate source id '{s.id}'")
            seen_src.add(s.id)
            if corpus_dir is not None:
                for j, f in enumerate(s.files):
                    if not (corpus_dir / f).exists():
                        problems.append(
                            f"protocol.yaml: sources[{i}].files[{j}]: file '{f}' not found in corpus folder {corpus_dir}"
                        )
        stage_ids = [s.id for s in proto.stages]
        if len(set(stage_ids)) != len(stage_ids):
            problems.append("protocol.yaml: stages: each stage may appear only once")
        for i, st in enumerate(proto.stages):
            codes_seen: set[str] = set()
            for j, r in enumerate(st.exclusion_reasons):
                if r.code in codes_seen:
                    problems.append(f"protocol.yaml: stages[{i}].exclusion_reasons[{j}].code: duplicate '{r.code}'")
                codes_seen.add(r.code)
        rev_ids = [r.id for r in proto.reviewers]
        if len(set(rev_ids)) != len(rev_ids):
            problems.append("protocol.yaml: reviewers: reviewer ids must be unique")
    infs = parsed.get("informants")
    if infs is not None:
        seen_inf: set[str] = set()
        for i, inf in enumerate(infs.informants):
            if inf.id in seen_inf:
                problems.append(f"informants.yaml: informants[{i}].id: duplicate informant id '{inf.id}'")
            seen_inf.add(inf.id)
            if inf.transcript and corpus_dir is not None and not (corpus_dir / inf.transcript).exists():
                problems.append(
                    f"informants.yaml: informants[{i}].transcript: file '{inf.transcript}' not found in {corpus_dir}"
                )
    return problems


def load_review(review_dir: str | Path = "review", corpus_dir: str | Path | None = None) -> ReviewConfig:
    """Load and validate the configuration of a review.

    Parameters
    ----------
    review_dir : str or Path
        The review folder holding ``protocol.yaml``, ``codebook.yaml``, ``indicators.yaml``,
        ``recommendations.yaml`` and optionally ``informants.yaml``.
    corpus_dir : str or Path, optional
        When given, files named in the configuration must exist under it.

    Returns
    -------
    ReviewConfig
        Frozen, validated configuration.

    Raises
    ------
    ConfigError
        Listing every problem found, each as ``file: key.path: message``.
    """
    root = Path(review_dir)
    corpus = Path(corpus_dir) if corpus_dir is not None else None
    problems: list[str] = []
    if not root.is_dir():
        raise ConfigError([f"{root}: review folder not found"])
    parsed: dict = {}
    for key, fname in {**FILES, **OPTIONAL_FILES}.items():
        path = root / fname
        if not path.exists():
            if key in FILES:
                problems.append(f"{fname}: file missing from the review folder {root}")
            continue
        data = _read_yaml(path, problems)
        if data is None:
            continue
        try:
            parsed[key] = MODELS[key].model_validate(data)
        except ValidationError as exc:
            problems.extend(p for p in _pydantic_problems(fname, exc, data) if not p.startswith(f"{fname}: schema_version"))
    problems.extend(_cross_checks(parsed, root, corpus))
    if problems:
        raise ConfigError(problems)
    return ReviewConfig(root=root, **parsed)
