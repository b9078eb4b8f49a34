"""Batch runs: one run per region (or other parameter value), sharing region-independent stages.

The first run executes every stage; the others reuse its region-independent stages
(``region_dependent=False`` in :data:`review_tools.pipeline.STAGES`: ingest, screening, coding,
social reports and the indicator data) and execute only the rest, ``jobs`` at a time. Each of the ``jobs`` workers keeps one Jupyter kernel
warm for all the runs it executes (:class:`review_tools.run.WarmKernel`: the namespace is cleared
before every notebook, the imports are kept). ``OUT/index.html`` then compares the runs: a
region × theme overview of the indicator signals, each row linking the region's report.
"""

from __future__ import annotations

import logging
import multiprocessing.util
import sys
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

import pandas as pd

from .errors import ReviewToolsError
from .report.pages import signal_overview
from .run import (
    RunError,
    WarmKernel,
    check_run_name,
    coerce_parameters,
    run_review,
    write_runs_index,
)

logger = logging.getLogger(__name__)

def batch_values(key: str, values: str, corpus_dir: str | Path) -> list[str]:
    """Expand a batch specification: ``all`` for regions, or a comma-separated list."""
    if values == "all":
        if key != "region":
            raise ReviewToolsError(f"--batch {key}=all: 'all' is known only for region; list the values instead")
        return batch_region_codes(corpus_dir)
    out = [v.strip() for v in values.split(",") if v.strip()]
    if not out:
        raise ReviewToolsError(f"--batch {key}={values}: no values given")
    return out


def batch_region_codes(corpus_dir: str | Path, key_year: int = 2025) -> list[str]:
    """Every wellbeing services county code of the region key, then ``SSS`` (the whole country).

    Raises
    ------
    ReviewToolsError
        When the corpus has no municipality key ``indicators/regions/municipality_key_<year>.csv``.
    """
    from .readers.indicator_tables import COUNTRY_CODE, read_municipality_key

    path = Path(corpus_dir) / "indicators" / "regions" / f"municipality_key_{key_year}.csv"
    if not path.exists():
        raise ReviewToolsError(f"{path}: region key missing; it lists the counties that region=all runs")
    codes = read_municipality_key(path)["county_code"].dropna().astype(str).unique()
    return sorted(codes, key=lambda c: (len(c), c)) + [COUNTRY_CODE]


_worker_kernel: WarmKernel | None = None


def _start_worker_kernel(notebooks_dir: str) -> None:
    """Pool initializer: start this worker's warm kernel and shut it down when the worker exits."""
    global _worker_kernel
    kernel = WarmKernel(cwd=notebooks_dir).__enter__()
    _worker_kernel = kernel
    multiprocessing.util.Finalize(kernel, kernel.__exit__, args=(None, None, None), exitpriority=10)


def _one(kwargs: dict, kernel: WarmKernel | None = None) -> dict:
    kernel = kernel if kernel is not None else _worker_kernel
    try:
        res = run_review(**kwargs, kernel=kernel)
        return {"name": kwargs["name"], "status": res.status, "seconds": sum(s.seconds for s in res.stages)}
    except (RunError, ReviewToolsError) as exc:
        return {"name": kwargs["name"], "status": "failed", "error": str(exc)}


def run_batch(
    key: str,
    values: str,
    *,
    review_dir="review",
    corpus_dir="corpus",
    out_dir="outputs",
    name: str = "batch",
    parameters: dict | None = None,
    notebooks_dir="notebooks",
    jobs: int = 1,
    shared_stages: int | None = None,
    declared: dict | None = None,
    progress: bool = True,
) -> list[dict]:
    """Run the review once per value of ``key`` and write the comparison page.

    ``shared_stages`` (the leading stages to reuse) is for a folder of notebooks of one's own; by
    default the runs reuse the registered region-independent stages.

    Returns
    -------
    list of dict
        One entry per run: ``name``, ``status``, ``seconds`` or ``error``.
    """
    from tqdm.auto import tqdm

    vals = batch_values(key, values, corpus_dir)
    base = dict(parameters or {})
    common = dict(review_dir=review_dir, corpus_dir=corpus_dir, out_dir=out_dir, notebooks_dir=notebooks_dir, progress=False)

    def params_for(v):
        typed = coerce_parameters({key: v}, declared)[key] if declared else v
        return {**base, key: typed}

    for v in vals:  # every run folder is checked before anything runs (a value like ../x would write elsewhere)
        check_run_name(f"{name}-{v}")
    first_name = f"{name}-{vals[0]}"
    results = [_one({**common, "name": first_name, "parameters": params_for(vals[0])})]
    if results[0]["status"] != "ok":
        raise ReviewToolsError(f"batch stopped: the first run {first_name} failed: {results[0].get('error')}")
    source = Path(out_dir) / first_name
    rest = [
        {**common, "name": f"{name}-{v}", "parameters": params_for(v), "reuse_from": source, "reuse_stages": shared_stages}
        for v in vals[1:]
    ]
    bar = tqdm(total=len(vals), initial=1, desc=f"batch {key}", unit="run", disable=not progress, file=sys.stderr)
    if jobs <= 1:
        with WarmKernel(cwd=notebooks_dir) as kernel:
            for kw in rest:
                results.append(_one(kw, kernel))
                bar.update()
    else:
        with ProcessPoolExecutor(max_workers=jobs, initializer=_start_worker_kernel, initargs=(str(notebooks_dir),)) as pool:
            futures = [pool.submit(_one, kw) for kw in rest]
            for fut in as_completed(futures):
                results.append(fut.result())
                bar.update()
    bar.close()
    write_runs_index(out_dir, overview_html=overview_table(out_dir, [f"{name}-{v}" for v in vals]))
    return results


def overview_table(out_dir: str | Path, run_names: list[str]) -> str:
    """Return an HTML region × theme table of indicator signals linking each run's report."""
    from .pipeline import read_artefact

    frames = []
    for run_name in run_names:
        df = read_artefact(Path(out_dir) / run_name, "06-regional-profile/theme_signals.csv", optional=True,
                           need=("theme", "signal"), dtype=str)
        if df is not None:
            df = df.fillna("")
            df["run"] = run_name
            frames.append(df)
    if not frames:
        return ""
    return signal_overview(pd.concat(frames, ignore_index=True), run_names)
