"""Schemas and checks of the review folder's extraction form, appraisal checklists and findings.

Used by :mod:`review_tools.config`, the one loader of the review folder:

``extraction.yaml`` (optional)
    the data-extraction form for included studies: fields with a type, allowed values and fi/sv/en labels.
``findings.yaml`` (optional)
    the team's findings (a statement per theme or across themes) with the evidence units that support
    and contradict each, the review's context (country, population, period) for GRADE-CERQual relevance,
    and optionally the team's confirmed CERQual assessment.

The quality-appraisal checklist is chosen in ``protocol.yaml`` (``appraisal:``) among the checklists
shipped as package resources (:data:`CHECKLISTS`: CASP qualitative, MMAT 2018; sources cited in them).
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import Annotated, Literal

import yaml
from pydantic import Field

from ._config_text import LocalText, _Model

__all__ = ["CHECKLISTS", "CONCERNS", "CONFIDENCE", "FIELD_TYPES", "Checklist", "CerqualAssessment", "ExtractionField",
           "ExtractionForm", "Finding", "FindingSet", "extraction_checks", "load_checklist"]

#: The appraisal checklists shipped with review-tools (``resources/appraisal_<id>.yaml``).
CHECKLISTS = ("casp_qualitative", "mmat_2018")
FIELD_TYPES = ("text", "integer", "number", "year", "boolean", "choice", "multi_choice")
#: GRADE-CERQual levels of concern of one component, least to most.
CONCERNS = ("no_or_very_minor", "minor", "moderate", "serious")
#: GRADE-CERQual overall confidence in a finding, highest first.
CONFIDENCE = ("high", "moderate", "low", "very_low")
_ID = r"^[A-Za-z0-9_.-]+$"


Text = LocalText
"""A text in Finnish, Swedish and/or English (the review folder's one text model)."""


class Choice(_Model):
    value: Annotated[str, Field(pattern=_ID)]
    label: Text


class ExtractionField(_Model):
    """One field of the extraction form."""

    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    label: Text
    type: Literal[FIELD_TYPES]  # type: ignore[valid-type]
    choices: list[Choice] = []
    required: bool = False
    help: Text | None = None


class ExtractionForm(_Model):
    schema_version: Literal[1]
    fields: list[ExtractionField]


class ChecklistItem(_Model):
    id: str
    text: Text
    answer: Literal["choice", "text"] = "choice"


class ChecklistCategory(_Model):
    id: str
    label: Text
    items: list[ChecklistItem]


class Checklist(_Model):
    """A quality-appraisal checklist (a package resource)."""

    id: str
    name: Text
    source: str
    answers: list[Choice]
    screening: list[ChecklistItem] = []
    categories: list[ChecklistCategory]

    def items(self, category: str | None = None) -> list[ChecklistItem]:
        """The items that apply to a study of ``category`` (every category's when None or only one)."""
        cats = self.categories if category is None or len(self.categories) == 1 else [
            c for c in self.categories if c.id == category]
        return [*self.screening, *(i for c in cats for i in c.items)]


class FindingLink(_Model):
    type: Literal["study", "quote", "report", "indicator"]
    ref: str
    note: str | None = None


class CerqualAssessment(_Model):
    """The team's confirmed GRADE-CERQual assessment of a finding (overrides the tool's proposal)."""

    methodological_limitations: Literal[CONCERNS]  # type: ignore[valid-type]
    coherence: Literal[CONCERNS]  # type: ignore[valid-type]
    adequacy: Literal[CONCERNS]  # type: ignore[valid-type]
    relevance: Literal[CONCERNS]  # type: ignore[valid-type]
    overall: Literal[CONFIDENCE]  # type: ignore[valid-type]
    explanation: Text
    assessed_by: str | None = None


class Finding(_Model):
    id: Annotated[str, Field(pattern=_ID)]
    statement: Text
    themes: list[str] = []
    supporting: list[FindingLink]
    contradicting: list[FindingLink] = []
    assessment: CerqualAssessment | None = None
    #: Region scope (review_tools.scopes): national (default), a county or a municipality; a run shows its own region's,
    #: its county's and the national findings. Checked against the region key by review_tools._config_region_scope.
    region: str | int | None = None


class FindingsContext(_Model):
    """What the review's findings are about, for CERQual relevance."""

    country: str = "FI"
    population: list[str] = []
    #: words whose presence in a social report's affected group marks the review's population
    population_terms: list[str] = []
    period: Annotated[str, Field(pattern=r"^\d{4}-\d{4}$")] | None = None


class FindingSet(_Model):
    schema_version: Literal[1]
    context: FindingsContext = FindingsContext()
    findings: list[Finding]


@cache
def load_checklist(checklist_id: str) -> Checklist:
    """Read the shipped checklist ``checklist_id`` (one of :data:`CHECKLISTS`)."""
    if checklist_id not in CHECKLISTS:
        raise KeyError(f"unknown appraisal checklist '{checklist_id}'; valid: {', '.join(CHECKLISTS)}")
    text = resources.files("review_tools").joinpath(f"resources/appraisal_{checklist_id}.yaml").read_text(encoding="utf-8")
    return Checklist.model_validate(yaml.safe_load(text))


def _items(data, key: str) -> list[tuple[int, dict]]:
    seq = data.get(key) if isinstance(data, dict) else None
    return [(i, x) for i, x in enumerate(seq) if isinstance(x, dict)] if isinstance(seq, list) else []


def extraction_checks(raw: dict, *, folder: bool = True) -> list[str]:
    """Rules of ``extraction.yaml``, ``findings.yaml`` and the references to them, on the raw YAML data.

    ``folder`` is False when one file is checked on its own (references to other files are not checked).

    Returns
    -------
    list of str
        Each problem as ``file: key.path: message``, naming the valid choices.
    """
    problems: list[str] = []
    form = raw.get("extraction")
    if form is not None:
        seen: set = set()
        for i, f in _items(form, "fields"):
            where = f"extraction.yaml: fields[{i}]"
            if f.get("id") in seen:
                problems.append(f"{where}.id: duplicate field id '{f.get('id')}'")
            seen.add(f.get("id"))
            choices = f.get("choices") or []
            if f.get("type") in ("choice", "multi_choice") and not choices:
                problems.append(f"{where}.choices: a {f.get('type')} field needs its allowed values (choices)")
            elif choices and f.get("type") not in ("choice", "multi_choice"):
                problems.append(f"{where}.choices: only a choice or multi_choice field has choices "
                                f"(this field's type is {f.get('type')!r})")
            values = [c.get("value") for c in choices if isinstance(c, dict)]
            for v in sorted({v for v in values if values.count(v) > 1 and isinstance(v, str)}):
                problems.append(f"{where}.choices: duplicate value '{v}'")
    proto = raw.get("protocol")
    appraisal = proto.get("appraisal") if isinstance(proto, dict) else None
    if appraisal is not None and appraisal not in CHECKLISTS:
        problems.append(f"protocol.yaml: appraisal: unknown checklist {appraisal!r}; valid: {', '.join(CHECKLISTS)}")
    codebook = raw.get("codebook")
    code_ids = {c.get("id") for _, c in _items(codebook, "codes")} if codebook is not None else None
    found = raw.get("findings")
    finding_ids: set | None = None
    if found is not None:
        finding_ids = set()
        for i, f in _items(found, "findings"):
            where = f"findings.yaml: findings[{i}]"
            if f.get("id") in finding_ids:
                problems.append(f"{where}.id: duplicate finding id '{f.get('id')}'")
            finding_ids.add(f.get("id"))
            for j, theme in enumerate(f.get("themes") or []):
                if code_ids is not None and theme not in code_ids:
                    problems.append(f"{where}.themes[{j}]: unknown code '{theme}'; must be a codebook id "
                                    f"(e.g. {', '.join(sorted(x for x in code_ids if x)[:4])})")
            links = {(e.get("type"), e.get("ref")) for e in f.get("supporting") or [] if isinstance(e, dict)}
            for j, e in enumerate(f.get("contradicting") or []):
                if isinstance(e, dict) and (e.get("type"), e.get("ref")) in links:
                    problems.append(f"{where}.contradicting[{j}]: {e.get('type')} '{e.get('ref')}' is also listed as "
                                    "supporting; a unit either supports or contradicts a finding")
        ctx = found.get("context") if isinstance(found, dict) else None
        period = ctx.get("period") if isinstance(ctx, dict) else None
        if isinstance(period, str) and re.fullmatch(r"\d{4}-\d{4}", period) and period[:4] > period[5:]:
            problems.append(f"findings.yaml: context.period: '{period}' ends before it starts")
    recs = raw.get("recommendations")
    for i, r in _items(recs, "recommendations"):
        for j, fid in enumerate(r.get("findings") or []):
            if finding_ids is None and not folder:
                continue
            if finding_ids is None:
                problems.append(f"recommendations.yaml: recommendations[{i}] (id '{r.get('id')}').findings[{j}]: "
                                f"finding '{fid}' cannot be found: the review folder has no findings.yaml")
            elif fid not in finding_ids:
                valid = ", ".join(sorted(x for x in finding_ids if isinstance(x, str))) or "none"
                problems.append(f"recommendations.yaml: recommendations[{i}] (id '{r.get('id')}').findings[{j}]: "
                                f"unknown finding '{fid}'; the findings of findings.yaml are: {valid}")
    return problems
