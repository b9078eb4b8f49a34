"""The artefacts of stages 01-06 the synthesis reads (held in memory; stage 07 reads them from the run folder)."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from ..errors import StageInputError
from .vocabulary import PROFILE_COLUMNS

__all__ = ["REQUIRED", "OPTIONAL", "WHEN_CONFIGURED", "STAGES", "Artefacts", "check_columns"]

REQUIRED = {
    ("02-screening", "included.csv"): ("record_id", "citation", "title", "doi"),
    ("03-coding", "codings.csv"): ("unit_id", "unit_type", "source_type", "code"),
    ("03-coding", "segments.csv"): ("document_id", "segment_id", "informant_group", "text"),
    ("06-regional-profile", "profile.csv"): PROFILE_COLUMNS,
    ("04-social-reports", "social_reports.csv"): ("report_id", "codes"),
}
OPTIONAL = (
    ("01-ingest-dedup", "source_counts.csv"),
    ("02-screening", "agreement.csv"),
    ("03-coding", "quotes.csv"),
    ("03-coding", "reliability.csv"),
    ("06-regional-profile", "theme_signals.csv"),
    ("06-regional-profile", "signals.csv"),
    ("05-indicator-data", "citations.csv"),
    ("04-social-reports", "social_report_summary.csv"),
)
#: Written only when the review has the files they come from (``extraction.yaml``, the protocol's
#: ``appraisal``): read when present, never listed as missing.
WHEN_CONFIGURED = (("03-coding", "extraction.csv"), ("03-coding", "appraisal.csv"))
STAGES = ("01-ingest-dedup", "02-screening", "03-coding", "04-social-reports", "05-indicator-data", "06-regional-profile")

@dataclass(frozen=True)
class Artefacts:
    """The artefacts of stages 01-06 the synthesis reads.

    Attributes
    ----------
    tables : dict
        ``"<stage>/<file>"`` -> DataFrame for every table found.
    prisma : dict or None
        ``02-screening/prisma.json``.
    prisma_image : tuple of (str, bytes) or None
        ``(mime type, content)`` of ``02-screening/prisma.svg`` (preferred) or ``prisma.png``.
    stage_manifests : dict
        stage -> its ``stage_manifest.json``.
    manifest : dict or None
        ``RUN/manifest.json`` when a finished run is re-rendered.
    missing : tuple of str
        Optional artefacts that were not found (shown in the report, never silently dropped).
    stopping : dict or None
        ``02-screening/stopping.json``: the stopping rule's estimate when screening stopped.
    """

    tables: Mapping[str, pd.DataFrame]
    prisma: dict | None = None
    prisma_image: tuple[str, bytes] | None = None
    stage_manifests: Mapping[str, dict] = field(default_factory=dict)
    manifest: dict | None = None
    missing: tuple[str, ...] = ()
    stopping: dict | None = None

    def get(self, stage: str, name: str) -> pd.DataFrame | None:
        """Return the table ``stage/name`` or None when it was not found."""
        return self.tables.get(f"{stage}/{name}")

    def table(self, stage: str, name: str) -> pd.DataFrame:
        """Return the required table ``stage/name``."""
        key = f"{stage}/{name}"
        if key not in self.tables:
            raise StageInputError(f"{key}: artefact missing; run the notebook of stage '{stage}' first")
        return self.tables[key]

    def hashes(self) -> dict[str, str]:
        """SHA-256 of each table's content (as read), keyed ``stage/file``."""
        out = {}
        for key, df in sorted(self.tables.items()):
            h = hashlib.sha256(",".join(map(str, df.columns)).encode("utf-8"))
            h.update(pd.util.hash_pandas_object(df.astype(str), index=False).values.tobytes())
            out[key] = h.hexdigest()
        return out


def check_columns(df: pd.DataFrame, columns, where: str) -> None:
    """Raise :class:`StageInputError` naming ``where`` when ``df`` lacks any of ``columns``."""
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise StageInputError(
            f"{where}: missing column(s) {', '.join(missing)}; the table has {', '.join(map(str, df.columns))}"
        )
