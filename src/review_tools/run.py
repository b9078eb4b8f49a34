"""Run a review: execute the stage notebooks in order with papermill and render them as HTML.

A run writes ``OUT/NAME/``:

``notebooks/NN-stage.ipynb``  the executed notebooks
``html/NN-stage.html``        each rendered with nbconvert (code hidden, figures embedded, a TOC)
``report.html``               the recommendations report (the last notebook's page)
``index.html``                links to every stage's page and the report, with the parameters
``manifest.json``             parameters, hashes of every input file, versions, timings per stage
``artefacts/NN-stage/``       tables and figures the stages pass to each other

and refreshes ``OUT/index.html``, the list of all runs.
"""

from __future__ import annotations

import ast
import datetime as dt
import functools
import json
import logging
import os
import re
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import papermill as pm
from nbconvert import HTMLExporter

from . import pipeline
from ._config_languages import warn_missing_translations
from .config import load_review
from .errors import ReviewToolsError
from .kernels import EncryptedKernelManager, WarmKernel
from .parameters import validate_run_parameters
from .provenance import input_hashes, package_versions
from .report.i18n import t
from .report.pages import run_index_page, stage_header
from .report.run_index import run_entry, runs_index_page
from .report.stage_page import describe_figures, drop_progress_bars, page_toc, stage_title
from .run_folders import check_run_name, mark_stopped_runs, run_pages, set_aside_previous

__all__ = ["WarmKernel", "RunError", "check_run_name", "NotebookRun", "RunResult", "run_review", "stage_notebooks", "shared_stages",
           "declared_parameters", "coerce_parameters", "check_run_parameters", "render_html", "write_runs_index"]

logger = logging.getLogger(__name__)

TEMPLATES = Path(__file__).parent / "templates"
BASE_PARAMETERS = ("review_dir", "corpus_dir", "run_dir")


class RunError(ReviewToolsError):
    """A stage notebook failed; the message names the notebook, cell and error."""

    def __init__(self, notebook: str, message: str, html_path: Path | None = None):
        self.notebook = notebook
        self.html_path = html_path
        where = f" (see {html_path})" if html_path else ""
        super().__init__(f"{notebook}: {message}{where}")


@dataclass
class NotebookRun:
    """What one notebook's execution produced (the stage's own result is :class:`review_tools.pipeline.StageResult`)."""

    name: str
    seconds: float
    status: str
    notebook: Path
    html: Path | None = None
    error: str | None = None
    reused: bool = False
    finished: str = field(default_factory=lambda: dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))  # UTC


@dataclass
class RunResult:
    """The outcome of :func:`run_review`."""

    run_dir: Path
    parameters: dict
    stages: list[NotebookRun] = field(default_factory=list)
    status: str = "ok"
    #: Where the previous successful run of this name is kept when this run failed (else None).
    superseded: str | None = None

    @property
    def report(self) -> Path:
        """Path of the rendered recommendations report."""
        return self.run_dir / "report.html"


def stage_notebooks(notebooks_dir: str | Path) -> list[Path]:
    """Return the stage notebooks of ``notebooks_dir`` in pipeline order.

    A folder of the registered stages (:data:`review_tools.pipeline.STAGES`) must hold exactly their
    notebooks, in the registry's order. A folder of other notebooks ``NN-*.ipynb`` only (a pipeline of
    one's own, e.g. in tests) runs them in the order of their names.

    Raises
    ------
    ReviewToolsError
        When the folder has no stage notebooks, lacks a registered one, or mixes registered
        notebooks with unregistered ``NN-*.ipynb``.
    """
    folder = Path(notebooks_dir)
    found = sorted(p for p in folder.glob("[0-9][0-9]-*.ipynb"))
    if not found:
        raise ReviewToolsError(f"{notebooks_dir}: no stage notebooks (NN-name.ipynb) found")
    if not any(pipeline.registered(p.stem) for p in found):
        return found
    names = {p.name for p in found}
    missing = [s.notebook for s in pipeline.STAGES if s.notebook not in names]
    unknown = sorted(names - {s.notebook for s in pipeline.STAGES})
    if missing or unknown:
        problems = ([f"missing {', '.join(missing)}"] if missing else []) + (
            [f"not registered: {', '.join(unknown)}"] if unknown else [])
        raise ReviewToolsError(f"{notebooks_dir}: {'; '.join(problems)}; the stages are those of "
                               "review_tools.pipeline.STAGES, each with its notebook")
    return [folder / s.notebook for s in pipeline.STAGES]


def shared_stages(notebooks: list[Path]) -> list[str]:
    """Names of the notebooks a batch runs once and reuses: the registered region-independent stages."""
    return [nb.stem for nb in notebooks if (s := pipeline.registered(nb.stem)) is not None and not s.region_dependent]


def _is_report(nb: Path, notebooks: list[Path]) -> bool:
    """The report stage renders ``report.html``; in a folder of other notebooks, the last one does."""
    if pipeline.registered(nb.stem) is not None:
        return nb.stem == pipeline.REPORT_STAGE
    return nb == notebooks[-1]


def declared_parameters(notebooks: list[Path]) -> dict[str, dict]:
    """Return every parameter the notebooks declare, with its inferred type and default."""
    declared: dict[str, dict] = {}
    for nb in notebooks:
        for name, info in pm.inspect_notebook(str(nb)).items():
            declared.setdefault(name, dict(info))
    return declared


def _declared_type(info: dict) -> str:
    """Type of a notebook parameter: its annotation, else the type of its default value."""
    kind = str(info.get("inferred_type_name") or "None")
    if kind != "None":
        return kind.lower()
    try:
        default = ast.literal_eval(str(info.get("default")))
    except (ValueError, SyntaxError):
        return "str"
    return {bool: "bool", int: "int", float: "float"}.get(type(default), "str")


def coerce_parameters(raw: dict[str, str], declared: dict[str, dict]) -> dict:
    """Turn ``KEY=VALUE`` strings into the types the notebooks declare.

    Raises
    ------
    ReviewToolsError
        For a parameter no notebook declares (a typo would otherwise silently run the default),
        or a value that does not fit the declared type.
    """
    out: dict = {}
    for key, value in raw.items():
        if key not in declared:
            valid = ", ".join(sorted(k for k in declared if k not in BASE_PARAMETERS))
            raise ReviewToolsError(f"unknown parameter '{key}'; the notebooks declare: {valid}")
        kind = _declared_type(declared[key])
        if not isinstance(value, str):
            out[key] = value
            continue
        try:
            if kind == "int":
                out[key] = int(value)
            elif kind == "float":
                out[key] = float(value)
            elif kind == "bool":
                if value.lower() not in {"true", "false", "1", "0", "yes", "no"}:
                    raise ValueError(value)
                out[key] = value.lower() in {"true", "1", "yes"}
            else:
                out[key] = value
        except ValueError:
            raise ReviewToolsError(
                f"parameter '{key}': value '{value}' is invalid; it must be of type {kind}"
            ) from None
    return out


@functools.lru_cache(maxsize=1)
def _exporter() -> HTMLExporter:
    """The page exporter, built once per process (it compiles its templates when first used)."""
    return HTMLExporter(
        extra_template_basedirs=[str(TEMPLATES)],
        template_name="review_html",
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )


def render_html(notebook: Path, out_path: Path, *, title: str, subtitle: str = "", language: str = "en") -> Path:
    """Render an executed notebook to a self-contained HTML page with code hidden and a TOC (its label, the
    page's ``lang`` and the figures' default text alternatives in ``language``)."""
    exporter = _exporter()
    nb = nbformat.read(str(notebook), as_version=4)
    # code is hidden, so a code cell without output would only leave an empty band on the page
    drop_progress_bars(nb)
    nb.cells = [c for c in nb.cells if c.cell_type != "code" or c.get("outputs")]
    nb.metadata["title"] = title
    describe_figures(nb, language)
    nb.metadata.pop("widgets", None)
    body, _ = exporter.from_notebook_node(nb)
    header = stage_header(title, subtitle)
    body = body.replace("<!-- rt-header -->", header, 1)
    body = body.replace("<!-- rt-toc -->", page_toc(body, language), 1)
    body = re.sub(r"<html(?: lang=\"[^\"]*\")?>", f'<html lang="{language}">', body, count=1)
    # wide output tables scroll sideways (the page has no script): focusable, so the keyboard can scroll them
    body = re.sub(r"<table(?=[\s>])(?![^>]*\btabindex=)", '<table tabindex="0"', body)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_text(body, encoding="utf-8")
    return out_path


def _stage_title(nb: Path, language: str = "en") -> str:
    return stage_title(nb.stem, language)


def _failure_message(exc: Exception) -> str:
    if isinstance(exc, pm.PapermillExecutionError):
        lines = (exc.source or "").strip().splitlines()
        first = lines[0] if lines else ""
        return f"cell {exc.cell_index} ({first[:80]!r}) failed: {exc.ename}: {exc.evalue}"
    return f"{type(exc).__name__}: {exc}"


def _write_manifest(result: RunResult, inputs: dict, started: str) -> None:
    stages_extra = {}
    art = result.run_dir / "artefacts"
    if art.exists():
        for sm in sorted(art.glob("*/stage_manifest.json")):
            try:
                stages_extra[sm.parent.name] = json.loads(sm.read_text(encoding="utf-8"))
            except json.JSONDecodeError as exc:
                stages_extra[sm.parent.name] = {"error": f"unreadable stage manifest: {exc}"}
    manifest = {
        "name": result.run_dir.name, "status": result.status, "started": started,
        "finished": dt.datetime.now(dt.UTC).isoformat(timespec="seconds") if result.status != "running" else None,
        "parameters": result.parameters,
        "timings_seconds": {s.name: round(s.seconds, 2) for s in result.stages},
        "stages": [
            {"name": s.name, "status": s.status, "seconds": round(s.seconds, 2), "reused": s.reused,
             "finished": s.finished, "error": s.error, "html": str(s.html.relative_to(result.run_dir)) if s.html else None}
            for s in result.stages
        ],
        "stage_outputs": stages_extra,
        "inputs": inputs,
        "runner_pid": os.getpid(),
        "error": next((s.error for s in result.stages if s.error), None),
        "superseded": result.superseded,
        "versions": package_versions(),
        "command": " ".join(sys.argv),
    }
    (result.run_dir / "manifest.json").write_text(
        json.dumps(manifest, indent=2, ensure_ascii=False, default=str), encoding="utf-8"
    )


def _write_run_index(result: RunResult) -> None:
    stages = [{"name": s.name, "href": str(s.html.relative_to(result.run_dir)) if s.html else None, "status": s.status,
               "reused": s.reused, "seconds": s.seconds} for s in result.stages]
    language = str(result.parameters.get("language") or "en")
    page = run_index_page(result.run_dir.name, result.status, stages, result.parameters, has_report=result.report.exists(),
                          language=language, pages=run_pages(result.run_dir, language))
    (result.run_dir / "index.html").write_text(page, encoding="utf-8")


def write_runs_index(out_dir: str | Path, overview_html: str = "") -> Path:
    """Write ``OUT/index.html`` listing every run folder that has a manifest."""
    out = Path(out_dir)
    mark_stopped_runs(out)
    runs = []
    for mf in sorted(out.glob("*/manifest.json")):
        try:
            m = json.loads(mf.read_text(encoding="utf-8"))
        except json.JSONDecodeError:
            continue
        runs.append(run_entry(mf.parent, m, base_parameters=BASE_PARAMETERS))
    page = runs_index_page(runs, overview_html)
    path = out / "index.html"
    out.mkdir(parents=True, exist_ok=True)
    path.write_text(page, encoding="utf-8")
    return path


def check_run_parameters(parameters: dict | None, corpus_dir: str | Path) -> dict:
    """Validate ``region``, ``period`` and ``language`` (those given) before any stage runs.

    Returns the parameters with those values normalised (``region=05`` becomes ``5``, ``Turku`` becomes
    ``853``); other parameters pass unchanged.

    Raises
    ------
    RunParameterError
        Naming every invalid value with the valid choices and a "did you mean"
        (:func:`review_tools.parameters.validate_run_parameters`).
    """
    params = dict(parameters or {})
    if not any(k in params for k in ("region", "period", "language")):
        return params
    checked = validate_run_parameters(params, corpus_dir=corpus_dir)
    return {k: checked[k] if k in ("region", "period") else v for k, v in params.items()}


def run_review(
    review_dir: str | Path = "review",
    corpus_dir: str | Path = "corpus",
    out_dir: str | Path = "outputs",
    name: str = "demo",
    parameters: dict | None = None,
    *,
    notebooks_dir: str | Path = "notebooks",
    reuse_from: str | Path | None = None,
    reuse_stages: int | None = None,
    kernel_name: str = "python3",
    kernel: WarmKernel | None = None,
    progress: bool = True,
) -> RunResult:
    """Execute the stage notebooks in order and render every page.

    Parameters
    ----------
    review_dir, corpus_dir : str or Path
        The review configuration and its read-only input.
    out_dir : str or Path
        Folder of all runs; this run goes to ``out_dir/name``.
    name : str
        Name of the run.
    parameters : dict, optional
        Notebook parameters (already typed, see :func:`coerce_parameters`), e.g. ``region``.
    notebooks_dir : str or Path
        Folder of the ``NN-stage.ipynb`` notebooks.
    reuse_from : str or Path, optional
        A finished run whose region-independent stages (``region_dependent=False`` in
        :data:`review_tools.pipeline.STAGES`) are reused: their artefacts and pages are copied
        instead of recomputed.
    reuse_stages : int, optional
        Reuse the first ``reuse_stages`` stages instead (for a folder of unregistered notebooks).
    kernel_name : str
        Jupyter kernel to execute with.
    kernel : WarmKernel, optional
        A running kernel to execute the stages that are not reused in (a batch worker's); by
        default every notebook gets a fresh kernel.
    progress : bool
        Show a progress bar of the stages.

    Returns
    -------
    RunResult

    Raises
    ------
    ConfigError
        When the review configuration is invalid (before anything runs).
    RunParameterError
        When ``region``, ``period`` or ``language`` is invalid (before anything runs or is written).
    RunError
        When a notebook fails; its HTML page is still written so the reader sees where it stopped.
    """
    from tqdm.auto import tqdm

    review_dir, corpus_dir, out_dir = Path(review_dir), Path(corpus_dir), Path(out_dir)
    parameters = check_run_parameters(parameters, corpus_dir)
    cfg = load_review(review_dir, corpus_dir=corpus_dir)
    warn_missing_translations(cfg, str((parameters or {}).get("language", "en")))
    notebooks = stage_notebooks(notebooks_dir)
    run_dir = out_dir / check_run_name(name)
    mark_stopped_runs(out_dir)
    previous = set_aside_previous(out_dir, name)
    started = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    for sub in ("notebooks", "html"):
        (run_dir / sub).mkdir(parents=True, exist_ok=True)
    params = {
        "review_dir": str(review_dir.resolve()),
        "corpus_dir": str(corpus_dir.resolve()),
        "run_dir": str(run_dir.resolve()),
        **(parameters or {}),
    }
    result = RunResult(run_dir=run_dir, parameters=params, status="running")
    # the manifest of this run, written before any stage runs: the report's provenance appendix reads
    # it, so it never shows the inputs of an earlier run into the same folder
    inputs = input_hashes(review_dir, corpus_dir)
    _write_manifest(result, inputs, started)
    language = str(params.get("language", "en"))
    title = cfg.protocol.title.get(language)
    reused = set(shared_stages(notebooks) if reuse_stages is None else [nb.stem for nb in notebooks[:reuse_stages]])
    bar = tqdm(notebooks, desc="review-tools run", unit="stage", disable=not progress, file=sys.stderr)
    try:
        for nb in bar:
            bar.set_postfix_str(nb.stem)
            executed = run_dir / "notebooks" / nb.name
            page = run_dir / "html" / f"{nb.stem}.html"
            t0 = time.perf_counter()
            if reuse_from is not None and nb.stem in reused:
                _reuse_stage(Path(reuse_from), run_dir, nb)
                result.stages.append(NotebookRun(nb.stem, time.perf_counter() - t0, "ok", executed, page, reused=True))
                _write_manifest(result, inputs, started)
                continue
            logger.info("running %s", nb.name)
            try:
                if kernel is not None:
                    kernel.execute(nb, executed, params)
                else:
                    pm.execute_notebook(
                        str(nb), str(executed), parameters=params, kernel_name=kernel_name,
                        progress_bar=False, cwd=str(Path(notebooks_dir).resolve()),
                        kernel_manager_class=EncryptedKernelManager,
                    )
            except Exception as exc:  # the notebook's own error, reported with its cell
                seconds = time.perf_counter() - t0
                message = _failure_message(exc)
                html_page = None
                if executed.exists():
                    html_page = render_html(executed, page, title=t("stage_failed", language, title=_stage_title(nb, language)),
                                            subtitle=message, language=language)
                result.stages.append(NotebookRun(nb.stem, seconds, "failed", executed, html_page, error=message))
                result.status = "failed"
                raise RunError(nb.name, message, html_page) from exc
            last = _is_report(nb, notebooks)
            page_title = f"{t('report', language)}: {title}" if last else _stage_title(nb, language)
            subtitle = ", ".join(f"{k}={v}" for k, v in (parameters or {}).items())
            render_html(executed, page, title=page_title, subtitle=subtitle, language=language)
            if last:
                shutil.copyfile(page, run_dir / "report.html")
            result.stages.append(NotebookRun(nb.stem, time.perf_counter() - t0, "ok", executed, page))
            _write_manifest(result, inputs, started)  # the report's provenance lists the stages so far
        result.status = "ok"
    finally:
        bar.close()
        if result.status == "running":  # stopped by something other than a failing notebook
            result.status = "interrupted"
        if previous is not None and result.status == "ok":
            shutil.rmtree(previous, ignore_errors=True)
        elif previous is not None:  # the earlier run stays, marked as superseded by this failed one
            result.superseded = previous.relative_to(out_dir).as_posix()
        _write_manifest(result, inputs, started)
        _write_run_index(result)
        write_runs_index(out_dir)
    return result


def _reuse_stage(source_run: Path, run_dir: Path, nb: Path) -> None:
    """Copy a finished stage (executed notebook, page, artefacts) from another run."""
    src_art = _stage_artefacts(source_run, nb)
    if src_art is None:
        raise ReviewToolsError(f"{source_run}: cannot reuse stage {nb.stem}: its artefacts are missing")
    dst_art = run_dir / "artefacts" / src_art.name
    if dst_art.exists():
        shutil.rmtree(dst_art)
    shutil.copytree(src_art, dst_art)
    for sub, suffix in (("notebooks", ".ipynb"), ("html", ".html")):
        src = source_run / sub / f"{nb.stem}{suffix}"
        if src.exists():
            shutil.copyfile(src, run_dir / sub / src.name)


def _stage_artefacts(run: Path, nb: Path) -> Path | None:
    registered = pipeline.registered(nb.stem)
    if registered is not None:
        path = run / "artefacts" / registered.artefact_dir
        return path if path.is_dir() else None
    prefix = nb.stem.split("-", 1)[0] + "-"
    matches = sorted((run / "artefacts").glob(prefix + "*"))
    return matches[0] if matches else None
