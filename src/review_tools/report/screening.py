"""How far screening got, in the report's words: records awaiting a decision and the stopping rule.

Used by the description sheet (key figures and a warning), the PRISMA part of the methods, the
recommendations (a warning before them when screening is unfinished) and the limitations.
"""

from __future__ import annotations

from ..synthesis import ScreeningStatus
from .html import num
from .i18n import t


def _pct(x) -> str:
    try:
        return num(round(float(x) * 100, 1))
    except (TypeError, ValueError):
        return ""


def stopping_sentence(status: ScreeningStatus, language: str) -> str:
    """The stopping rule's estimated recall, its confidence bound and verdict, as one sentence (plain text)."""
    s = status.stopping
    if not s or s.get("recall_estimate") is None:
        return t("stopping_none", language)
    verdict = t("stopping_stop" if s.get("stop") else "stopping_continue", language)
    return t("stopping_text", language, estimate=_pct(s.get("recall_estimate")), lower=_pct(s.get("recall_lower_bound")),
             confidence=_pct(s.get("confidence")), target=_pct(s.get("recall_target")), verdict=verdict)


def awaiting_sentence(status: ScreeningStatus, language: str) -> str:
    """How many records await a decision at each stage (plain text)."""
    if not status.awaiting_ta and not status.awaiting_ft:
        return t("screening_done", language)
    return t("screening_awaiting", language, ta=num(status.awaiting_ta), n=num(status.records), ft=num(status.awaiting_ft))


def screening_figures(status: ScreeningStatus, language: str) -> list[tuple[str, str]]:
    """Key figures of the description sheet: records awaiting each decision and the estimated recall."""
    if not status.known:
        return []
    out = [(t("awaiting_ta", language), f"{num(status.awaiting_ta)} / {num(status.records)}"),
           (t("awaiting_ft", language), num(status.awaiting_ft))]
    s = status.stopping
    if s and s.get("recall_estimate") is not None:
        verdict = t("stopping_stop" if s.get("stop") else "stopping_continue", language)
        out.append((t("recall_key", language), t("recall_value", language, estimate=_pct(s.get("recall_estimate")),
                                                 lower=_pct(s.get("recall_lower_bound")),
                                                 confidence=_pct(s.get("confidence")), verdict=verdict)))
    else:
        out.append((t("recall_key", language), t("not_available", language)))
    return out


def screening_sentences(status: ScreeningStatus, language: str) -> list[str]:
    """The sentences on screening's state (plain text; empty when ``prisma.json`` is missing)."""
    if not status.known:
        return []
    return [awaiting_sentence(status, language), stopping_sentence(status, language)]
