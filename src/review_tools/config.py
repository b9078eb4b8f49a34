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
``extraction.yaml``, ``findings.yaml`` (optional)
    the data-extraction form and the team's findings (schemas in :mod:`review_tools._config_extraction`).
``social_report_columns.yaml`` (optional)
    column mapping of social-report form exports with other headers (:mod:`._config_social_reports`).
``phenomenon_indicators.yaml`` (optional)
    reported phenomena: their labels in fi/sv/en and the indicators that describe them (:mod:`._config_phenomena`).

:func:`load_review` validates all of them and raises one :class:`~review_tools.errors.ConfigError`
that lists **every** problem with its file and key path.
"""

from __future__ import annotations

import datetime as dt
import warnings
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import Field, ValidationError

from ._config_accessibility import Contact
from ._config_checks import cross_checks as _cross_checks
from ._config_evidence import EvidenceSettings
from ._config_extraction import (
    CHECKLISTS,
    ExtractionForm,
    FindingSet,
    extraction_checks,
    load_checklist,
)
from ._config_monitoring import monitoring_problems, monitoring_warnings
from ._config_phenomena import PhenomenonLinks
from ._config_region_scope import region_scope_checks as _region_scope_checks
from ._config_social_reports import FILE as _SOCIAL_REPORT_FILE
from ._config_social_reports import SocialReportColumns, mapping_problems
from ._config_text import LocalText, _Model
from .errors import ConfigError, ReviewToolsWarning

SCHEMA_VERSION = 1
FILES = {
    "protocol": "protocol.yaml",
    "codebook": "codebook.yaml",
    "indicators": "indicators.yaml",
    "recommendations": "recommendations.yaml",
}
OPTIONAL_FILES = {"informants": "informants.yaml", "social_report_columns": _SOCIAL_REPORT_FILE,
                  "extraction": "extraction.yaml", "findings": "findings.yaml", "phenomena": "phenomenon_indicators.yaml"}
LANGUAGES = ("fi", "sv", "en")
ACTORS = ("municipality", "wellbeing_services_county", "state", "ngo", "kela", "other")
#: Informant types; an expert by experience (kokemusasiantuntija) speaks from lived experience, for no organisation.
ORGANISATION_TYPES = ("municipality", "wellbeing_services_county", "state", "ngo", "expert_by_experience", "other")


class ExclusionReason(_Model):
    code: Annotated[str, Field(pattern=r"^[A-Za-z0-9_.-]+$")]
    label: LocalText


class HighlightTerms(_Model):
    """Terms the screening view marks in titles and abstracts, per language (word-start matches)."""

    include: dict[Literal["fi", "sv", "en"], list[str]] = {}
    exclude: dict[Literal["fi", "sv", "en"], list[str]] = {}


class Stage(_Model):
    id: Literal["title_abstract", "full_text"]
    include: list[LocalText | str] = []
    exclude: list[LocalText | str] = []
    exclusion_reasons: list[ExclusionReason] = []
    exclusion_reason_required: bool = False
    highlight_terms: HighlightTerms = HighlightTerms()
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
    registration: LocalText | str | None = None
    research_questions: list[LocalText] = []
    keywords: list[str] = []
    database: str = "review.db"
    #: Let ``database`` and the sources' ``files`` point outside the review and corpus folders
    #: (absolute paths, ``..``); off by default so a protocol cannot make a run read or write elsewhere.
    allow_paths_outside: bool = False
    #: What counts as evidence (:mod:`review_tools._config_evidence`): reviewed codings only, by default.
    evidence: EvidenceSettings = EvidenceSettings()
    sources: list[Source]
    stages: list[Stage]
    reviewers: list[Reviewer]
    team: list[LocalText | str] = []
    funding: LocalText | str | None = None
    #: Feedback contact named in the report's accessibility statement.
    contact: Contact | None = None
    #: The quality-appraisal checklist of included studies (one of ``_config_extraction.CHECKLISTS``).
    appraisal: Literal[CHECKLISTS] | None = None  # type: ignore[valid-type]


class Code(_Model):
    id: Annotated[str, Field(pattern=r"^[A-Z][A-Za-z0-9]*(\.[A-Z][A-Za-z0-9]*)*$")]
    parent: str | None = None
    label: LocalText
    definition: LocalText | None = None
    keywords: dict[Literal["fi", "sv", "en"], list[str]] = {}
    case_sensitive: list[str] = []
    #: False for a category: a group of codes that cannot itself be applied (REFI-QDA ``isCodable="false"``)
    codable: bool = True


class Codebook(_Model):
    schema_version: Literal[1]
    name: str = "codebook"
    codes: list[Code]


class Indicator(_Model):
    id: Annotated[str, Field(pattern=r"^[A-Za-z0-9_.-]+$")]
    source: Literal["sotkanet", "statfin", "diak", "local", "other"] = "sotkanet"
    sotkanet_id: int | None = None
    source_variable: str | None = None  # the source's own variable name (Diak panel), mapped onto this id
    title: LocalText
    themes: list[str]
    unit: str
    better: Literal["higher", "lower", "context"]
    decimals: int | None = None
    aggregation: Literal["sum", "population_weighted_mean", "none"] = "population_weighted_mean"
    update_frequency: str = "yearly"
    data_owner: str = "THL"
    breakdowns: list[Literal["gender", "age", "municipality", "county"]] = []
    moving_average_years: Annotated[int, Field(ge=1)] = 1  # these fields: see indicators/definitions.py
    breakdown: dict[Literal["of", "age_group", "gender"], str] = {}


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
    target: float | None = None  # never derived: a missing target is a warning (_config_monitoring.py)
    target_year: int | None = None
    baseline_year: int | None = None  # default: the baseline of the earliest earlier run, else this run's value
    region_targets: dict[str | int, float] = {}  # region code -> that region's own target (overrides target)


class Recommendation(_Model):
    id: Annotated[str, Field(pattern=r"^[A-Za-z0-9_.-]+$")]
    statement: LocalText
    theme: str
    actor: list[Literal[ACTORS]]  # type: ignore[valid-type]
    timeframe: Literal["short", "medium", "long"]
    resources: LocalText | str | None = None
    risks: LocalText | str | None = None
    rationale: LocalText | None = None
    evidence: list[EvidenceLink] = []
    monitoring: list[Monitoring] = []
    goal: LocalText | None = None  # the welfare plan's goal (tavoite) this measure serves
    allow_without_evidence: bool = False
    findings: list[str] = []  # ids of findings.yaml
    #: Region scope: ``national`` (the default), a county or a municipality (code or name); see review_tools.scopes.
    region: str | int | None = None


class RecommendationFramework(_Model):
    schema_version: Literal[1]
    default_target_change: float | None = None  # retired (targets are never derived): a warning, ignored
    draft_min_streams: Annotated[int, Field(ge=1)] = 2
    recommendations: list[Recommendation] = []


class Informant(_Model):
    id: Annotated[str, Field(pattern=r"^[A-Za-z0-9_.-]+$")]
    name: str | None = None
    speaker_labels: list[str] = []
    role: str
    organisation_type: Literal[ORGANISATION_TYPES]  # type: ignore[valid-type]
    region: str | int | None = None  # region scope of the interview (review_tools.scopes); none: national
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
    extraction: ExtractionForm | None = None
    findings: FindingSet | None = None
    social_report_columns: SocialReportColumns | None = None
    phenomena: PhenomenonLinks | None = None
    warnings: tuple[str, ...] = ()

    @property
    def database_path(self) -> Path | str:
        """The review database: ``$REVIEW_TOOLS_DATABASE`` if set, else the protocol's ``database``.

        A file path (relative paths are inside the review folder) or a ``postgresql://`` address (str).
        """
        from .db import locate

        return locate(protocol_database=self.protocol.database, root=self.root)

    def appraisal_checklist(self):
        """The protocol's quality-appraisal checklist (:class:`~review_tools._config_extraction.Checklist`) or None."""
        return load_checklist(self.protocol.appraisal) if self.protocol.appraisal else None

    def phenomenon_label(self, key: str, language: str, titles=()) -> str:
        """A reported phenomenon as readers see it: the label of ``phenomenon_indicators.yaml`` in ``language``,
        else a reporter's title (``titles``), never the form's raw key when either exists
        (:func:`review_tools._config_phenomena.phenomenon_label`)."""
        from ._config_phenomena import phenomenon_label

        return phenomenon_label(key, language, self.phenomena.labels if self.phenomena else None, titles)

    def code_ids(self) -> list[str]:
        """Return all codebook code ids in file order."""
        return [c.id for c in self.codebook.codes]

    def missing_translations(self, languages=LANGUAGES) -> list[str]:
        """Every text of the review folder without a translation into ``languages``, naming file and item
        (:func:`review_tools._config_languages.missing_translations`)."""
        from ._config_languages import missing_translations

        return missing_translations(self, languages)

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
    "extraction": ExtractionForm,
    "findings": FindingSet,
    "social_report_columns": SocialReportColumns,
    "phenomena": PhenomenonLinks,
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


# libyaml's safe loader when PyYAML was built with it (10x faster; the same documents and error marks)
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read_yaml(path: Path, problems: list[str]):
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        problems.append(f"{path.name}: not UTF-8 text ({exc.reason} at byte {exc.start})")
        return None
    try:
        data = yaml.load(text, Loader=_SAFE_LOADER)
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


def load_codebook_file(path: str | Path) -> Codebook:
    """Load and validate one codebook YAML file outside a review folder (e.g. a converted import):
    :func:`load_file` with the checks and messages of ``codebook.yaml`` in :func:`load_review`."""
    return load_file(path, "codebook")


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
    raw: dict = {}
    for key, fname in {**FILES, **OPTIONAL_FILES}.items():
        path = root / fname
        if not path.exists():
            if key in FILES:
                problems.append(f"{fname}: file missing from the review folder {root}")
            continue
        data = _read_yaml(path, problems)
        if data is None:
            continue
        raw[key] = data
        try:
            parsed[key] = MODELS[key].model_validate(data)
        except ValidationError as exc:
            problems.extend(p for p in _pydantic_problems(fname, exc, data) if not p.startswith(f"{fname}: schema_version"))
    problems.extend(_cross_checks(raw, corpus) + extraction_checks(raw))
    problems.extend(_region_scope_checks(raw, corpus))
    problems.extend(mapping_problems(raw))
    problems.extend(monitoring_problems(raw))
    if problems:
        raise ConfigError(problems)
    found = monitoring_warnings(raw)
    for w in found:
        warnings.warn(w, ReviewToolsWarning, stacklevel=2)
    return ReviewConfig(root=root, **parsed, warnings=tuple(found))


def load_file(path: str | Path, kind: str):
    """Load and validate one configuration file given on its own (e.g. ``--informants FILE``).

    ``kind`` is a key of :data:`MODELS` (``protocol``, ``codebook``, ``indicators``, ``recommendations``,
    ``informants``). The reading, schema and within-file rules are those of :func:`load_review`
    (rules between files need the whole folder); problems name ``path``'s file name.

    Raises
    ------
    ConfigError
        Listing every problem found, each as ``file: key.path: message``.
    """
    if kind not in MODELS:
        raise ConfigError([f"{path}: unknown kind of configuration file '{kind}'; valid: {', '.join(MODELS)}"])
    path = Path(path)
    if not path.is_file():
        raise ConfigError([f"{path}: {kind} file not found"])
    problems: list[str] = []
    data = _read_yaml(path, problems)
    parsed = None
    if data is not None:
        try:
            parsed = MODELS[kind].model_validate(data)
        except ValidationError as exc:
            problems.extend(p for p in _pydantic_problems(path.name, exc, data)
                            if not p.startswith(f"{path.name}: schema_version"))
        fname = {**FILES, **OPTIONAL_FILES}[kind]
        problems.extend(p.replace(f"{fname}:", f"{path.name}:", 1)
                        for p in [*_cross_checks({kind: data}, None), *mapping_problems({kind: data}),
                                  *extraction_checks({kind: data}, folder=False), *_region_scope_checks({kind: data}, None),
                                  *monitoring_problems({kind: data})])
    if problems or parsed is None:
        raise ConfigError(problems)
    return parsed
