"""The sections of the recommendations report, in order, each rendered from its template.

A section function gathers what it shows from the :class:`~review_tools.synthesis.SynthesisResult`
and the configuration (no HTML in Python) and renders ``templates/report/sections/<name>.html.j2``
through :mod:`review_tools.report.pages`, the one HTML writer.

Every evidence reference is an internal link (``href="#study-..."``, ``#quote-...``, ``#report-...``,
``#indicator-...``, ``#theme-...``, ``#rec-...``) to an element of this report with that id.
Sections 1-3 are in :mod:`.front`, the findings with their confidence in :mod:`.cerqual`, 4-6 in :mod:`.findings`,
7-9 in :mod:`.recommendations`, the follow-up and the welfare-report section in :mod:`.welfare`, the appendices in
:mod:`.appendix`.
"""

from __future__ import annotations

from .appendix import accessibility, provenance, references
from .cerqual import confidence_findings
from .context import ReportContext
from .findings import findings, regional_profile, social_reporting
from .front import background, description_sheet, methods
from .recommendations import limitations, monitoring, recommendations
from .welfare import follow_up, welfare_report

__all__ = ["SECTIONS", "ReportContext"]

SECTIONS = (
    ("description", description_sheet),
    ("background", background),
    ("methods", methods),
    ("confidence", confidence_findings),
    ("findings", findings),
    ("regional-profile", regional_profile),
    ("social-reporting", social_reporting),
    ("recommendations", recommendations),
    ("monitoring", monitoring),
    ("follow-up", follow_up),
    ("welfare-report", welfare_report),
    ("limitations", limitations),
    ("references", references),
    ("provenance", provenance),
    ("accessibility", accessibility),
)
