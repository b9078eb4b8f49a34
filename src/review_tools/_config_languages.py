"""Which texts of the review folder lack a translation into a language a run asks for.

The review's own words (codebook labels and definitions, screening criteria and exclusion reasons,
recommendation texts, indicator titles, research questions, labels of reported phenomena) are written with ``fi``, ``sv`` and ``en`` fields
(:class:`~review_tools.config.LocalText`). A text without the run's language would reach the report in another
language, so :func:`missing_translations` names every such item (file and item) for a validation warning
(``review-tools validate``, and ``review-tools run -p language=...`` before any stage runs).

A plain string where a translated text is expected (a criterion, the resources or risks of a recommendation)
counts as missing in every language: it is shown as written whatever the report's language. Names (team
members, sources) are not translated and not checked.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Iterator

from .errors import ReviewToolsWarning

__all__ = ["missing_translations", "warn_missing_translations"]


def _texts(cfg) -> Iterator[tuple[str, str, object]]:
    """``(file, item, text)`` of every translatable text of the review."""
    p = cfg.protocol
    yield "protocol.yaml", "title", p.title
    for i, q in enumerate(p.research_questions):
        yield "protocol.yaml", f"research_questions[{i}]", q
    for st in p.stages:
        for part in ("include", "exclude"):
            for i, c in enumerate(getattr(st, part)):
                yield "protocol.yaml", f"stages[{st.id}].{part}[{i}]", c
        for r in st.exclusion_reasons:
            yield "protocol.yaml", f"stages[{st.id}].exclusion_reasons[{r.code}].label", r.label
    for c in cfg.codebook.codes:
        yield "codebook.yaml", f"code {c.id}: label", c.label
        if c.definition is not None:
            yield "codebook.yaml", f"code {c.id}: definition", c.definition
    for ind in cfg.indicators.indicators:
        yield "indicators.yaml", f"indicator {ind.id}: title", ind.title
    for f in getattr(getattr(cfg, "extraction", None), "fields", None) or []:
        yield "extraction.yaml", f"field {f.id}: label", f.label
    for key, label in (getattr(getattr(cfg, "phenomena", None), "labels", None) or {}).items():
        yield "phenomenon_indicators.yaml", f"phenomenon {key}: label", label
    for r in cfg.recommendations.recommendations:
        for part in ("statement", "goal", "rationale", "resources", "risks"):
            value = getattr(r, part, None)
            if value is not None:
                yield "recommendations.yaml", f"recommendation {r.id}: {part}", value


def missing_translations(cfg, languages: Iterable[str]) -> list[str]:
    """Every text of ``cfg`` with no translation into one of ``languages``.

    Parameters
    ----------
    cfg : ReviewConfig
    languages : iterable of str
        ``fi``, ``sv`` and/or ``en``.

    Returns
    -------
    list of str
        ``"<file>: <item>: no <lang> text"`` (or ``"...: plain text, not translated into fi, sv, en"``), in file
        order; empty when everything is translated.
    """
    langs = [str(lang) for lang in languages]
    out = []
    for fname, item, text in _texts(cfg):
        if isinstance(text, str):
            if text.strip():
                out.append(f"{fname}: {item}: plain text, not translated (give it fi, sv and en fields); "
                           f"shown as written in {', '.join(langs)}")
            continue
        lacking = [lang for lang in langs if not getattr(text, lang, None)]
        if lacking:
            out.append(f"{fname}: {item}: no {', '.join(lacking)} text")
    return out


def warn_missing_translations(cfg, language: str) -> list[str]:
    """Warn (:class:`~review_tools.errors.ReviewToolsWarning`, one per item) about every text of the review folder
    that has no ``language`` version, naming the file and the item; return the messages. The runner calls it
    before any stage runs."""
    messages = missing_translations(cfg, [language])
    for message in messages:
        warnings.warn(ReviewToolsWarning(f"review folder: {message}"), stacklevel=2)
    return messages
