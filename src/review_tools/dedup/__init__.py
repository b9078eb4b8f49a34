"""Deduplication of literature records (DOI/PMID keys + fuzzy matching with blocking).

Public API: :func:`deduplicate`, :func:`add_records` (incremental), :func:`merge_groups`,
:class:`DedupSettings`, :class:`DedupResult`, :func:`pairwise_metrics`, :func:`evaluate`.
"""

from ._match import DedupSettings
from .core import DedupResult, add_records, deduplicate, merge_groups
from .evaluate import evaluate, labelled_to_records, pairwise_metrics, read_truth

__all__ = [
    "DedupResult",
    "DedupSettings",
    "add_records",
    "deduplicate",
    "evaluate",
    "labelled_to_records",
    "merge_groups",
    "pairwise_metrics",
    "read_truth",
]
