"""Deduplication of literature records (DOI/PMID keys + fuzzy matching with blocking).

Public API: :func:`deduplicate`, :func:`add_records` (incremental), :func:`merge_groups`,
:class:`DedupSettings`, :class:`DedupResult`, :func:`pairwise_metrics`, :func:`evaluate`,
:func:`explain_missed`, :func:`removal_metrics`.
"""

from ._match import DedupSettings
from .core import DedupResult, add_records, deduplicate, merge_groups
from .evaluate import (
    MISSED_CATEGORIES,
    evaluate,
    explain_missed,
    labelled_to_records,
    missed_pairs,
    pairwise_metrics,
    removal_metrics,
)

__all__ = [
    "MISSED_CATEGORIES",
    "DedupResult",
    "DedupSettings",
    "add_records",
    "deduplicate",
    "evaluate",
    "explain_missed",
    "labelled_to_records",
    "merge_groups",
    "missed_pairs",
    "pairwise_metrics",
    "removal_metrics",
]
