"""Synthesis (work package 4): evidence matrix, traceable recommendations and monitoring indicators.

Entry point: :func:`synthesise` (an :class:`Artefacts` bundle and the configuration in, a
:class:`SynthesisResult` out, no file I/O). Stage 07 (:mod:`review_tools.stages.synthesis_report`) reads
the artefacts (``load_artefacts``), writes the three tables, and :mod:`review_tools.report` formats it.
Modules: ``artefacts`` (the bundle and its catalogue), ``vocabulary`` (streams, anchors, region and period),
``evidence`` (units and the matrix), ``links`` (one resolver per evidence type), ``drafts``,
``monitoring``, ``report_inputs`` (what the report shows beside them) and ``result``.

The synthesis joins the four evidence streams theme by theme and checks every recommendation of the
review's framework (``review/recommendations.yaml``) against the artefacts of stages 02-05.

Evidence streams
----------------
``literature``
    included studies (``02-screening/included.csv``) coded with the theme
    (``03-coding/codings.csv``, ``source_type`` literature). Carries no direction.
``interviews``
    coded interview segments (``03-coding/segments.csv`` + codings), counted per informant group.
    Carries no direction. Interviews are not filtered by region (informants speak about the
    service system, often from national or other-county posts).
``social_reports``
    social reports of the run's region (``04-social-reports/social_reports.csv``; themes from codings
    with ``source_type`` social_report and the report's own ``codes``). Direction from
    ``observation_type``: a problem (epäkohta) points to *worse*, a good practice to *better*,
    anything else (weak signal) is unclear.
``indicators``
    indicators of the region in ``06-regional-profile/profile.csv`` (latest year within the period), with
    their ``signal`` (better / worse / anything else unclear).

A unit coded with a theme also counts for every ancestor of the theme (each unit once per theme).

Direction of a stream (:func:`stream_direction`): *worse* if it has more worse than better units,
*better* if more better than worse, *mixed* if equal and non-zero, *none* if it carries no direction.

Convergence rule (:func:`convergence`), over the streams that have at least one unit:

1. no stream has evidence: **no evidence**;
2. exactly one stream has evidence: **single stream**;
3. one stream leans *worse* and another *better*: **conflict**;
4. at least two streams lean the same way and no stream is *mixed*: **agree**;
5. otherwise (several streams, but a direction shared by fewer than two, or a mixed stream): **partly**.

Draft recommendations (:func:`draft_recommendations`): for every leaf theme of the codebook that no
team recommendation covers, whose overall direction is *worse* (some stream leans worse, none
better), whose convergence is agree or partly, and that has evidence in at least
``draft_min_streams`` streams. Drafts are marked ``DRAFT`` for the team to decide on.

Monitoring (:func:`monitoring_table`): targets come only from the review folder; a missing target is
shown as "no target set" with a warning naming the file and item (never a default). A target that
is not better than the baseline is an error. The baseline is the value of the entry's
``baseline_year``, else the baseline the earliest earlier run recorded, else this run's latest value.

Follow-up (:mod:`.follow_up`): the run's monitoring values (``monitoring_values.csv``) compared with
the baseline, the target and earlier runs; the progress status (on track, off track, no data) per
indicator and per recommendation, direction-aware.
"""


from .artefacts import OPTIONAL, REQUIRED, STAGES, Artefacts, check_columns
from .drafts import draft_recommendations
from .evidence import (
    convergence,
    evidence_matrix,
    evidence_units,
    overall_direction,
    stream_direction,
    unknown_codes,
)
from .follow_up import (
    STATUSES,
    change_direction,
    follow_up_table,
    monitoring_values,
    progress_status,
    recommendation_status,
)
from .links import (
    NO_REGION_DATA,
    RESOLVERS,
    Problem,
    indicator_citation,
    resolve_evidence,
    resolve_link,
)
from .monitoring import monitoring_table, region_series
from .report_inputs import ReportInputs, ScreeningStatus, report_inputs, screening_status
from .result import STAGE, SynthesisResult, synthesise, synthesise_review
from .vocabulary import (
    BETTER_OBSERVATIONS,
    CONVERGENCE_LABELS,
    STREAMS,
    TIMEFRAMES,
    WORSE_OBSERVATIONS,
    ancestors,
    anchor,
    indicator_signal,
    leaf_codes,
    normalise_region,
    observation_signal,
    period_years,
    region_name,
    region_profile,
)

__all__ = [
    "NO_REGION_DATA", "STAGE", "STAGES", "STREAMS", "CONVERGENCE_LABELS", "WORSE_OBSERVATIONS", "BETTER_OBSERVATIONS", "TIMEFRAMES",
    "REQUIRED", "OPTIONAL", "RESOLVERS", "Artefacts", "Problem", "ReportInputs", "ScreeningStatus", "SynthesisResult",
    "ancestors", "anchor", "check_columns", "convergence", "draft_recommendations",
    "evidence_matrix", "evidence_units", "indicator_citation", "indicator_signal", "leaf_codes",
    "monitoring_table", "normalise_region", "observation_signal", "overall_direction", "period_years",
    "region_name", "region_profile", "report_inputs", "resolve_evidence", "resolve_link", "screening_status",
    "stream_direction", "synthesise", "synthesise_review", "unknown_codes",
    "STATUSES", "change_direction", "follow_up_table", "monitoring_values", "progress_status", "recommendation_status",
    "region_series",
]
