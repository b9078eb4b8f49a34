"""The stage contract: :data:`STAGES`, in order, each with its notebook, whether it depends on the region,
the artefacts of earlier stages it reads and the :class:`Artefact` s (with table columns) it writes.

``run.py`` and ``batch.py`` take order, notebooks and reuse from here; ``docs/architecture.md`` shows the
table ``review-tools stages --markdown`` prints. A stage module (:mod:`review_tools.stages`) runs in a
:class:`StageRecorder` (timing, warnings, declared reads and writes with columns checked, the manifest)
and returns one :class:`StageResult`.
"""

from __future__ import annotations

import contextlib
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from . import writers
from ._config_social_reports import ENUMS, REPORT_COLUMNS
from ._pipeline_types import Artefact, Stage, _figure, _t
from .errors import ReviewToolsError, ReviewToolsWarning, StageInputError
from .paths import (
    INTERACTIVE_RUN,
    is_interactive,
    open_review,
    project_root,
    resolve,
    seed_interactive,
)

__all__ = ["Artefact", "Stage", "STAGES", "StageResult", "StageRecorder", "stage", "artefact", "read_artefact",
           "write_artefact", "REPORT_STAGE", "registered", "project_root", "resolve", "open_review", "INTERACTIVE_RUN"]


_S01, _S02, _S03, _S04, _S05, _S06, _S07 = ("01-ingest-dedup", "02-screening", "03-coding", "04-social-reports",
                                             "05-indicator-data", "06-regional-profile", "07-synthesis-report")
_RECORD = ("record_id source_id source_name source_file position title abstract authors year journal volume issue "
           "pages doi pmid isbn issn url keywords language publication_type")
_PROFILE = ("indicator_id indicator theme region_code region_name year value country_value gap change trend_slope "
            "rank n_regions spread signal unit better first_year trend_p computed method reform_break county_value")
_SIGNALS, _MANIFEST = "theme signal n_better n_worse n_unclear", "stage_manifest.json"
_SIG = ("indicator_id indicator unit better region_code region_name region_level year value country_value level_vs_country county_value "
        "level_vs_county similar_counties similar_counties_value level_vs_similar_counties first_year trend_slope trend_ci_low trend_ci_high "
        "trend_years trend_measures trend_over_period rank n_ranked rank_kind rank_among rank_note breakdown_of age_group gender")

STAGES: tuple[Stage, ...] = (
    Stage(_S01, f"{_S01}.ipynb", False, (), (
        _t(_S01, "records.csv", _RECORD + " original_fields", description="every raw record (authors, keywords joined by '; ')"),
        _t(_S01, "deduped.csv", _RECORD + " merged_ids sources n_sources",
           description="one row per unique work; record_id is the canonical id"),
        _t(_S01, "groups.csv", "merged_ids tier", description="one duplicate group per row (certain/probable/review)"),
        _t(_S01, "review_queue.csv", "id_a id_b score reason", description="uncertain pairs, not merged"),
        _t(_S01, "source_counts.csv", "source_id source_name kind records unique_after_dedup in_deduped duplicates_removed"),
        *_figure(_S01, "sources"),
        _t(_S01, _MANIFEST, description="counts per file, encodings, skips, warnings, timings"),
    )),
    Stage(_S02, f"{_S02}.ipynb", False, (f"{_S01}/deduped.csv", f"{_S01}/source_counts.csv"), (
        _t(_S02, "screening_state.csv", "record_id title year ta_decision ta_status ft_decision ft_status ft_reason final"),
        _t(_S02, "included.csv", "record_id citation title authors year journal doi abstract"),
        _t(_S02, "included.ris", description="the included records as RIS"),
        _t(_S02, "prisma.json", description="PRISMA 2020 counts"),
        *_figure(_S02, "prisma"),
        _t(_S02, "agreement.csv", "stage reviewers n percent_agreement cohen_kappa krippendorff_alpha"),
        *_figure(_S02, "agreement", required=False, description="when two reviewers screened the same records"),
        _t(_S02, "stopping.json", description="the stopping rules' estimate"),
        *_figure(_S02, "stopping", required=False, description="when records have been screened"),
        _t(_S02, "ranking.csv", "record_id rank score why title", description="the unscreened records ranked"),
        _t(_S02, "fulltexts.csv", "record_id doi path found"),
        _t(_S02, "asreview_labels.csv", "record_id title abstract doi included exported_notes"),
        _t(_S02, "events.csv", "event_id record_id stage reviewer decision reasons note rank score kind created_at"),
        _t(_S02, _MANIFEST),
    )),
    Stage(_S03, f"{_S03}.ipynb", False, (f"{_S02}/included.csv",), (
        _t(_S03, "segments.csv", "document_id segment_id informant_id informant_group region language speaker start "
                                 "end char_start char_end text", description="pseudonymised speaker turns"),
        _t(_S03, "codings.csv", "unit_id unit_type source_type code coder origin"),
        _t(_S03, "code_frequencies.csv", "code source_type informant_group n_units"),
        _t(_S03, "cooccurrence.csv", "code", open_columns=True, description="one column per code"),
        _t(_S03, "quotes.csv", "quote_id code text document_id informant_group region score"),
        _t(_S03, "themes_by_region.csv", "region code n_units"),
        _t(_S03, "suggestions.csv", "unit_id code score reason",
           description="code suggestions of interview segments and included studies: proposals, not evidence"),
        _t(_S03, "directions.csv", "unit_id unit_type source_type coder direction",
           description="what a coder says a unit describes: problem, strength, improvement or worsening"),
        _t(_S03, "literature_sources.csv", "record_id coded_on characters",
           description="the text each included study was coded on: full_text, abstract or title"),
        _t(_S03, "reliability.csv", "code percent_agreement cohen_kappa krippendorff_alpha n_units"), _t(_S03, "extraction.csv", "record_id extracted_by updated_at complete", required=False, open_columns=True, description="one row per included study, a column per extraction field (when the review has extraction.yaml)"),
        _t(_S03, "appraisal.csv", "record_id category item answer reviewer created_at", required=False, description="appraisal answers per study and checklist item"), _t(_S03, "extraction.qdpx", required=False, description="extraction and appraisal as REFI-QDA cases and variables"),
        _t(_S03, "disagreements.csv", "unit_id code coders_with coders_without text", required=False,
           description="when two coders coded the same units"),
        *_figure(_S03, "code_frequencies"), *_figure(_S03, "cooccurrence"), *_figure(_S03, "themes_by_region"),
        *_figure(_S03, "reliability", required=False, description="when two coders coded the same units"),
        _t(_S03, _MANIFEST, description="pseudonymisation counts per category, transcripts read, notes"),
    )),
    Stage(_S04, f"{_S04}.ipynb", False, (), (
        _t(_S04, "social_reports.csv", " ".join(REPORT_COLUMNS) + " suggested_codes suggestion_reasons suggestion_scores codes code_origin", description="every accepted report, pseudonymised and coded"),
        _t(_S04, "social_report_summary.csv", "phenomenon phenomenon_title county_code half_year affected_group n_reports n_problem "
                                              "n_good_practice n_weak_signal n_rising n_high_urgency clients_seen codes"),
        _t(_S04, "social_report_breakdowns.csv", "dimension value n_reports n_problem n_good_practice n_weak_signal share"),
        _t(_S04, "social_report_process.csv", "unit half_year n_reports n_processed share_processed n_fed_back share_fed_back"),
        _t(_S04, "social_report_feedback.csv", "reporter_group kind item n_reports", description="what each reporter group reported, what it was joined with, where it was used"),
        *(f for d in ("need_category", "municipality", "half_year", "processing_status") for f in _figure(_S04, f"reports_by_{d}", ("png",), required=False)),
        *_figure(_S04, "reports_by_county", ("png",)),
        _t(_S04, _MANIFEST, description="input files, rows read/accepted/rejected (file, row, problem), "
                                        "pseudonymisation counts, code origins"),
    )),
    Stage(_S05, f"{_S05}.ipynb", False, (), (
        _t(_S05, "indicator_data.csv", "indicator_id region_code region_level year gender value absolute_value source "
                                       "retrieval_date computed method reform_break", description="tidy indicator data"),
        _t(_S05, "profiles.csv", _PROFILE, description="the profile of every county and of SSS, stacked"),
        _t(_S05, "theme_signals_all.csv", "region_code " + _SIGNALS),
        _t(_S05, "citations.csv", "indicator_id citation"),
        _t(_S05, "signals_all.csv", _SIG, description="Diak panel signals of every county, Helsinki and SSS (stacked)"),
        _t(_S05, "population.csv", "region_code region_level year population", description="the panel's population"),
        _t(_S05, _MANIFEST, description="period, counts, input files, warnings"),
    )),
    Stage(_S06, f"{_S06}.ipynb", True, (
        f"{_S04}/social_reports.csv", f"{_S05}/{_MANIFEST}", f"{_S05}/profiles.csv", f"{_S05}/theme_signals_all.csv",
        f"{_S05}/indicator_data.csv",
    ), (
        _t(_S06, "profile.csv", _PROFILE, description=f"the region's rows of {_S05}/profiles.csv"),
        _t(_S06, "theme_signals.csv", _SIGNALS),
        _t(_S06, "phenomena_indicators.csv", "phenomenon county_code theme n_reports indicator_id indicator year value "
                                             "country_value change signal",
           description="each reported phenomenon beside the indicators of its themes in its county"),
        _t(_S06, "signals.csv", _SIG + " series_breaks", description="the region's Diak signals"), _t(_S06, "signal_breakdowns.csv",
           "group breakdown category indicator_id year value level_vs_country trend_over_period"),
        *_figure(_S06, "trends", ("png",)), *_figure(_S06, "heat_table", ("png",)), *_figure(_S06, "signal_trends", ("png",), required=False),
        *_figure(_S06, "tile_map_indicator", ("png",), required=False, description="when the corpus has a tile grid"),
        *_figure(_S06, "tile_map_theme", ("png",), required=False, description="when the corpus has a tile grid"),
        _t(_S06, _MANIFEST),
    )),
    Stage(_S07, f"{_S07}.ipynb", True, (
        f"{_S01}/source_counts.csv", f"{_S01}/{_MANIFEST}",
        f"{_S02}/included.csv", f"{_S02}/agreement.csv", f"{_S02}/prisma.json", f"{_S02}/prisma.svg",
        f"{_S02}/prisma.png", f"{_S02}/{_MANIFEST}",
        f"{_S03}/codings.csv", f"{_S03}/segments.csv", f"{_S03}/quotes.csv", f"{_S03}/reliability.csv",
        f"{_S03}/{_MANIFEST}", f"{_S03}/extraction.csv", f"{_S03}/appraisal.csv",
        f"{_S04}/social_reports.csv", f"{_S04}/social_report_summary.csv", f"{_S04}/{_MANIFEST}",
        f"{_S05}/citations.csv", f"{_S05}/{_MANIFEST}",
        f"{_S05}/indicator_data.csv", f"{_S06}/profile.csv", f"{_S06}/theme_signals.csv", f"{_S06}/{_MANIFEST}",
    ), (
        _t(_S07, "evidence_matrix.csv",
           "theme label depth literature_n literature_worse literature_better literature_direction interviews_n "
           "interviews_worse interviews_better interviews_direction social_reports_n social_reports_worse "
           "social_reports_better social_reports_direction indicators_n indicators_worse indicators_better "
           "indicators_direction n_streams direction convergence", open_columns=True,
           description="per theme and stream; one interviews:<group> column per informant group"),
        _t(_S07, "recommendations.csv", "recommendation_id status theme statement actor timeframe resources risks "
                                        "evidence n_evidence unresolved allow_without_evidence warnings region relation",
           description="status team or draft; region: whom it is written for; relation: local, county or national"), _t(_S07, "findings.csv", "finding_id statement themes n_supporting n_contradicting methodological_limitations coherence adequacy relevance overall source explanation", required=False, description="GRADE-CERQual per finding (when the review has findings.yaml)"),
        _t(_S07, "monitoring.csv", "recommendation_id status indicator title theme sotkanet_id unit better baseline_year baseline_value baseline_source baseline_run target target_source target_year latest_year latest_value progress update_frequency data_owner breakdowns"),
        _t(_S07, "monitoring_values.csv", "recommendation_id indicator region better year value baseline_year baseline baseline_source target target_year status data_vintage retrieved", description="this run's monitoring values (later runs follow them up)"),
        _t(_S07, "follow_up.csv", "recommendation_id indicator region better baseline_year baseline baseline_source target target_year year value status previous_run previous_year previous_value change runs", description="progress vs baseline, target and earlier runs"),
        *_figure(_S07, "follow_up", ("png",), required=False, description="when a monitoring indicator has data"),
        _t(_S07, "welfare_report.html", description="the welfare-report part (hyvinvointikertomus) on its own page"),
        *(_t(_S07, f"feedback_{g}.html", required=False, description="a reporter group's feedback page: the run's region's reports only")
          for g in (*ENUMS["reporter_role"], "unspecified")),
    ), folder="07-synthesis"),
)

#: The last stage renders the recommendations report (``RUN/report.html``).
REPORT_STAGE = STAGES[-1].id
_BY_ID = {s.id: s for s in STAGES}
_BY_FOLDER = {s.artefact_dir: s for s in STAGES}


def stage(stage_id: str) -> Stage:
    """Return the registered stage ``stage_id`` (its id or its artefact folder)."""
    found = _BY_ID.get(stage_id) or _BY_FOLDER.get(stage_id)
    if found is None:
        raise ReviewToolsError(f"unknown stage '{stage_id}'; the stages are {', '.join(_BY_ID)}")
    return found


def registered(notebook_stem: str) -> Stage | None:
    """The registered stage whose notebook is ``<notebook_stem>.ipynb`` (None for another notebook)."""
    return _BY_ID.get(notebook_stem)


def artefact(key: str) -> Artefact:
    """Return the catalogued artefact ``"<stage>/<name>"`` (the stage by id or folder)."""
    stage_id, _, name = key.partition("/")
    return stage(stage_id).writes_file(name)


# ------------------------------------------------------------------------------------- artefacts


def _path(run_dir, art: Artefact) -> Path:
    return writers.artefact_path(run_dir, stage(art.stage).artefact_dir, art.name)


def read_artefact(run_dir, key: str, *, by: str | None = None, optional: bool = False, need=None, **read_kwargs):
    """Read the artefact ``"<stage>/<name>"`` of ``run_dir``, checked against the catalogue.

    Parameters
    ----------
    run_dir : path-like
        The run folder.
    key : str
        ``"<stage>/<name>"``.
    by : str, optional
        The reading stage: the artefact must be among its declared ``reads``.
    optional : bool
        Return None instead of raising when the file does not exist.
    need : sequence of str, optional
        The declared columns the reader uses (default: every declared column must be present).
    **read_kwargs
        Passed to :func:`pandas.read_csv` for tables (e.g. ``dtype``).

    Returns
    -------
    DataFrame (tables), object (JSON), bytes (anything else) or None

    Raises
    ------
    StageInputError
        When the file is missing (naming the stage to run) or a table lacks a declared column.
    """
    art = artefact(key)
    if by is not None and art.key not in stage(by).reads:
        raise ReviewToolsError(f"stage {by} reads {art.key}, which it does not declare in review_tools.pipeline.STAGES")
    path = _path(run_dir, art)
    if not path.exists():
        if optional:
            return None
        raise StageInputError(f"{path}: artefact missing; run the notebook of stage '{art.stage}' first "
                              "(review-tools run does it in order)")
    folder = stage(art.stage).artefact_dir
    if art.is_table:
        df = writers.read_table(run_dir, folder, art.name, **read_kwargs)
        wanted = art.columns if need is None else tuple(need)
        missing = [c for c in wanted if c not in df.columns]
        if missing:
            raise StageInputError(f"{path}: missing column(s) {', '.join(missing)}; re-run the notebook of stage "
                                  f"{art.stage} (the table has {', '.join(map(str, df.columns))})")
        return df
    if art.name.endswith(".json"):
        return writers.read_json(run_dir, folder, art.name)
    return writers.read_bytes(run_dir, folder, art.name)


def write_artefact(obj, run_dir, key: str) -> Path:
    """Write a table (DataFrame), JSON (dict/list) or text (str) artefact declared in the catalogue.

    Raises
    ------
    ReviewToolsError
        When the artefact is not declared, or a table's columns differ from the declared ones.
    """
    art = artefact(key)
    folder = stage(art.stage).artefact_dir
    if art.is_table:
        art.check_columns(obj.columns, f"writing {art.key}")
        return writers.write_table(obj, run_dir, folder, art.name)
    if art.name.endswith(".json"):
        return writers.write_json(obj, run_dir, folder, art.name)
    return writers.write_text(obj, run_dir, folder, art.name)


# ------------------------------------------------------------------------------------- results


@dataclass
class StageResult:
    """What one stage produced and wrote.

    Attributes
    ----------
    stage : str
        The stage id.
    tables : dict
        ``{name: DataFrame}`` for the notebook to show (artefact tables and derived ones).
    figures : dict
        ``{name: SavedFigure}``: the figures written, shown from their PNG bytes (never redrawn).
    manifest : dict
        The stage manifest written as ``stage_manifest.json``.
    written : list of Path
        Every file written, in order.
    seconds : float
        Wall time of the stage.
    warnings : list of str
        The library's warnings caught while the stage ran.
    extra : dict
        Further objects for the notebook's interactive view (e.g. the database connection).
    """

    stage: str
    tables: dict = field(default_factory=dict)
    figures: dict = field(default_factory=dict)
    manifest: dict = field(default_factory=dict)
    written: list = field(default_factory=list)
    seconds: float = 0.0
    warnings: list = field(default_factory=list)
    extra: dict = field(default_factory=dict)

    def __getitem__(self, name: str):
        """The table or extra item ``name`` (figures: :meth:`figure`)."""
        for part in (self.tables, self.extra):
            if name in part:
                return part[name]
        raise KeyError(f"{self.stage}: no table or item '{name}'; it has {', '.join([*self.tables, *self.extra])}")

    def figure(self, name: str):
        """The saved figure ``name`` (None when the stage did not draw it)."""
        return self.figures.get(name)


class StageRecorder:
    """Times a stage, catches the library's warnings and reads and writes its artefacts.

    Parameters
    ----------
    stage_id : str
        The registered stage.
    run_dir : path-like
        The run folder.
    """

    def __init__(self, stage_id: str, run_dir):
        self.stage = stage(stage_id)
        self.run_dir = Path(run_dir)
        self.t0 = time.perf_counter()
        self.warnings: list[str] = []
        self.written: list[Path] = []
        self.figures: dict = {}

    def seconds(self) -> float:
        """Seconds since the stage started."""
        return time.perf_counter() - self.t0

    @contextlib.contextmanager
    def capture(self):
        """Context manager: record :class:`ReviewToolsWarning` messages in :attr:`warnings`; show the others."""
        caught: list = []
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always", ReviewToolsWarning)
                yield caught
        finally:
            for w in caught:
                if issubclass(w.category, ReviewToolsWarning):
                    self.warnings.append(str(w.message))
                else:
                    warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)

    def read(self, key: str, **kwargs):
        """:func:`read_artefact` of a declared read.

        In an interactive workspace (``outputs/_interactive``) an earlier stage that was not run there
        is copied from the run that finished last (e.g. ``make run``'s), with a warning naming it, so a
        notebook opened on its own in JupyterLab works on the latest results.
        """
        if is_interactive(self.run_dir):
            self._seed(artefact(key).stage)
        return read_artefact(self.run_dir, key, by=self.stage.id, **kwargs)

    def _seed(self, stage_id: str) -> None:
        source = seed_interactive(self.run_dir, stage(stage_id).artefact_dir)
        if source is not None:
            warnings.warn(f"{stage_id} was not run in this interactive session: its artefacts are copied from the "
                          f"run '{source.name}'", ReviewToolsWarning, stacklevel=3)

    def write(self, obj, name: str) -> Path:
        """:func:`write_artefact` of one of this stage's artefacts."""
        path = write_artefact(obj, self.run_dir, f"{self.stage.id}/{name}")
        self.written.append(path)
        return path

    def _check_figure(self, name: str, formats) -> None:
        for fmt in formats:
            self.stage.writes_file(f"{name}.{fmt}")

    def write_figure(self, fig, name: str, formats=("png", "svg"), alt: str = ""):
        """Save a figure with ``savefig`` (:func:`writers.write_figure`); return its :class:`SavedFigure`
        (``alt``: its alternative text on the stage's page)."""
        self._check_figure(name, formats)
        paths = writers.write_figure(fig, self.run_dir, self.stage.artefact_dir, name, formats=formats)
        self.written += paths
        saved = writers.SavedFigure(name, tuple(paths), alt, paths[0].read_bytes() if formats[0] == "png" else b"")
        self.figures[name] = saved
        return saved

    def save_figures(self, figs: dict, formats=("png",), alt: dict | None = None) -> dict:
        """Draw each figure once (:func:`writers.save_figures`); return ``{name: SavedFigure}``."""
        for name, fig in figs.items():
            if fig is not None:
                self._check_figure(name, formats)
        saved = writers.save_figures(figs, self.run_dir, self.stage.artefact_dir, formats=formats, alt=alt)
        for f in saved.values():
            self.written.extend(f.paths)
        self.figures.update(saved)
        return saved

    def finish(self, manifest: dict | None = None, *, tables=None, extra=None) -> StageResult:
        """Write ``stage_manifest.json`` (when given), check every required artefact was written, return the result."""
        clash = sorted(set(tables or {}) & set(extra or {}))
        if clash:
            raise ReviewToolsError(f"stage {self.stage.id}: {clash} name both a table and an item of its result")
        if manifest is not None:
            self.write(manifest, "stage_manifest.json")
        names = {p.name for p in self.written}
        missing = [a.name for a in self.stage.writes if a.required and a.name not in names]
        if missing:
            raise ReviewToolsError(f"stage {self.stage.id} did not write its artefact(s) {', '.join(missing)}")
        return StageResult(self.stage.id, dict(tables or {}), dict(self.figures), dict(manifest or {}),
                           list(self.written), self.seconds(), list(self.warnings), dict(extra or {}))
