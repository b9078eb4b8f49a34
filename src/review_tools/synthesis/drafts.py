"""Draft recommendations where the evidence converges on a problem that no team recommendation covers."""

from __future__ import annotations

import pandas as pd

from ..config import Codebook, EvidenceLink, Monitoring, Recommendation, RecommendationFramework
from .artefacts import Artefacts
from .vocabulary import STREAMS, code_label, leaf_codes

__all__ = ["draft_recommendations"]


def draft_recommendations(
    matrix: pd.DataFrame, units: pd.DataFrame, framework: RecommendationFramework, codebook: Codebook,
    artefacts: Artefacts, *, max_links: int = 4,
) -> list[Recommendation]:
    """Draft candidate recommendations where the evidence converges on a problem without a team one.

    Parameters
    ----------
    matrix : DataFrame
        From :func:`evidence_matrix`.
    units : DataFrame
        From :func:`evidence_units` (the units a draft cites).
    framework : RecommendationFramework
        The team's recommendations (their themes are covered) and ``draft_min_streams``.
    codebook : Codebook
    artefacts : Artefacts
        For quotes (``03-coding/quotes.csv``) to cite.
    max_links : int
        At most this many units per stream are cited.

    Returns
    -------
    list of Recommendation
        With ids ``DRAFT-<theme>``, statement ``DRAFT: ...``, ``allow_without_evidence`` False and
        evidence links to the worse indicators, problem reports, quotes and studies of the theme.
    """
    covered = {r.theme for r in framework.recommendations}
    leaves = set(leaf_codes(codebook))
    quotes = artefacts.get("03-coding", "quotes.csv")
    drafts = []
    for row in matrix.itertuples(index=False):
        if (row.theme not in leaves or row.theme in covered or row.direction != "worse"
                or row.convergence not in ("agree", "partly") or row.n_streams < framework.draft_min_streams):
            continue
        sub = units[units["code"] == row.theme]
        links: list[EvidenceLink] = []
        ind = sub[(sub["stream"] == "indicators") & (sub["signal"] == "worse")]
        links += [EvidenceLink(type="indicator", ref=u) for u in sorted(ind["unit_id"])[:max_links]]
        rep = sub[(sub["stream"] == "social_reports") & (sub["signal"] == "worse")]
        links += [EvidenceLink(type="report", ref=u) for u in sorted(rep["unit_id"])[:max_links]]
        seg = set(sub.loc[sub["stream"] == "interviews", "unit_id"])
        if quotes is not None and {"quote_id", "code"} <= set(quotes.columns):
            q = quotes[(quotes["code"] == row.theme) & quotes["quote_id"].isin(seg)]
            if "score" in q.columns:
                q = q.assign(_s=pd.to_numeric(q["score"], errors="coerce")).sort_values("_s", ascending=False)
            chosen = list(dict.fromkeys(q["quote_id"]))[:max_links]
        else:
            chosen = sorted(seg)[:max_links]
        links += [EvidenceLink(type="quote", ref=u) for u in chosen]
        lit = sub[sub["stream"] == "literature"]
        links += [EvidenceLink(type="study", ref=u) for u in sorted(lit["unit_id"])[:max_links]]
        links.append(EvidenceLink(type="theme", ref=row.theme))
        streams = [s for s in STREAMS if getattr(row, f"{s}_n")]
        statement = {
            "en": f"DRAFT: the evidence on '{code_label(codebook, row.theme, 'en')}' points to a problem "
                  f"({row.convergence}; {', '.join(s.replace('_', ' ') for s in streams)}). "
                  "The team should decide whether and what to recommend.",
            "fi": f"LUONNOS: teeman '{code_label(codebook, row.theme, 'fi')}' näyttö viittaa ongelmaan "
                  f"({row.convergence}; {len(streams)} aineistoa). Tiimi päättää, suositellaanko ja mitä.",
        }
        drafts.append(Recommendation(
            id=f"DRAFT-{row.theme}", statement=statement, theme=row.theme, actor=["other"],
            timeframe="medium", evidence=links,
            monitoring=[Monitoring(indicator=u) for u in sorted(ind["unit_id"])],
        ))
    return drafts
