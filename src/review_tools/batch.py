"""Batch runs: one run per region (or other parameter value), sharing region-independent stages.

The first run executes every stage; the others reuse its region-independent stages
(``region_dependent=False`` in :data:`review_tools.pipeline.STAGES`: ingest, screening, coding,
social reports and the indicator data) and execute only the rest: in this process with one warm
kernel (``jobs=1``), or on Dask (:mod:`review_tools.dask_batch`: a local cluster of ``jobs`` workers,
or an existing cluster at ``scheduler``), each worker keeping one Jupyter kernel warm for all the runs
it executes (:class:`review_tools.run.WarmKernel`: the namespace is cleared before every notebook, the
imports are kept). The runs index is rewritten as each run finishes. ``OUT/index.html`` then compares the runs: a
region × theme overview of the indicator signals, each row linking the region's report.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import pandas as pd

from .errors import ReviewToolsError
from .report.run_index import signal_overview
from .run import (
    RunError,
    WarmKernel,
    check_run_name,
    check_run_parameters,
    coerce_parameters,
    run_review,
    write_runs_index,
)

logger = logging.getLogger(__name__)

REGION_SETS = ("all", "all-counties", "all-municipalities", "municipalities:", "municipalities-of:", "municipalities-of-")


def batch_values(key: str, values: str, corpus_dir: str | Path) -> list[str]:
    """Expand a batch specification: a comma-separated list, or for ``region`` one of ``all`` (every county and
    ``SSS``), ``all-counties``, ``all-municipalities`` and ``municipalities:<county code or name>``
    (:func:`review_tools.parameters.batch_regions`)."""
    if values.startswith(REGION_SETS) and key != "region":
        raise ReviewToolsError(f"--batch {key}={values}: region sets are known only for region; list the values instead")
    if values == "all":
        return batch_region_codes(corpus_dir)
    if values.startswith(REGION_SETS[1:]):
        from .parameters import CURRENT_KEY_YEAR, batch_regions
        from .readers.key_records import read_key_records

        key_path = Path(corpus_dir) / "indicators" / "regions" / f"municipality_key_{CURRENT_KEY_YEAR}.csv"
        if not key_path.exists():
            raise ReviewToolsError(f"{key_path}: region key missing; it lists the regions of --batch region={values}")
        return [r.code for r in batch_regions(read_key_records(key_path), values)]
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


def _one(kwargs: dict, kernel: WarmKernel | None = None) -> dict:
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
    scheduler: str | None = None,
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

    for v in vals:  # every run folder and value is checked before anything runs (a value like ../x would write elsewhere)
        check_run_name(f"{name}-{v}")
    checked = {v: check_run_parameters(params_for(v), corpus_dir) for v in vals}  # one RunParameterError, before any run
    first_name = f"{name}-{vals[0]}"
    results = [_one({**common, "name": first_name, "parameters": checked[vals[0]]})]
    if results[0]["status"] != "ok":
        raise ReviewToolsError(f"batch stopped: the first run {first_name} failed: {results[0].get('error')}")
    source = Path(out_dir) / first_name
    rest = [
        {**common, "name": f"{name}-{v}", "parameters": checked[v], "reuse_from": source, "reuse_stages": shared_stages}
        for v in vals[1:]
    ]
    write_runs_index(out_dir)
    if jobs <= 1 and not scheduler:
        bar = tqdm(total=len(vals), initial=1, desc=f"batch {key}", unit="run", disable=not progress, file=sys.stderr)
        with WarmKernel(cwd=notebooks_dir) as kernel:
            for kw in rest:
                results.append(_one(kw, kernel))
                write_runs_index(out_dir)
                bar.set_postfix_str(f"{kw['name']} {results[-1]['status']}")
                bar.update()
        bar.close()
    else:
        from .dask_batch import run_regions

        # absolute paths: the workers may run elsewhere (they must see the same file system)
        rest = [{**kw, **{k: Path(kw[k]).resolve() for k in ("review_dir", "corpus_dir", "out_dir", "notebooks_dir",
                                                             "reuse_from")}} for kw in rest]
        results += run_regions(rest, _one, jobs=jobs, scheduler=scheduler, notebooks_dir=notebooks_dir,
                               on_result=lambda _: write_runs_index(out_dir), progress=progress, desc=f"batch {key}")
    write_runs_index(out_dir, overview_html=overview_table(out_dir, [f"{name}-{v}" for v in vals]))
    return results


def overview_table(out_dir: str | Path, run_names: list[str]) -> str:
    """Return an HTML region × theme table of indicator signals linking each run's report."""
    from .pipeline import read_artefact

    frames, labels, languages = [], {}, []
    for run_name in run_names:
        entry = _manifest_entry(Path(out_dir) / run_name)
        if entry:
            labels[run_name], languages = entry["region_name"] or run_name, [*languages, entry["language"]]
        df = read_artefact(Path(out_dir) / run_name, "06-regional-profile/theme_signals.csv", optional=True,
                           need=("theme", "signal"), dtype=str)
        if df is not None:
            df = df.fillna("")
            df["run"] = run_name
            frames.append(df)
    if not frames:
        return ""
    language = max(set(languages), key=languages.count) if languages else "en"
    return signal_overview(pd.concat(frames, ignore_index=True), run_names, labels, language)


def _manifest_entry(run_dir: Path) -> dict | None:
    """The run-index row of a run (its region's name and language), None without a readable manifest."""
    import json

    from .report.run_index import run_entry

    try:
        return run_entry(run_dir, json.loads((run_dir / "manifest.json").read_text(encoding="utf-8")))
    except (OSError, json.JSONDecodeError):
        return None
