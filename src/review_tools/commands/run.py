"""``review-tools run``: execute the review's notebooks and render the report."""

from __future__ import annotations

import sys
from pathlib import Path

from ..errors import ReviewToolsError


def register(sub) -> None:
    """Add the ``run`` command."""
    p = sub.add_parser(
        "run",
        help="run the whole pipeline (all stage notebooks) and render the report",
        description="Execute notebooks/NN-*.ipynb in order with papermill, render each to HTML, "
        "and write OUT/NAME/report.html, index.html and manifest.json.",
    )
    p.add_argument("--review", default="review", help="review folder (default: review)")
    p.add_argument("--corpus", default="corpus", help="corpus folder (default: corpus)")
    p.add_argument("--out", default="outputs", help="output folder of all runs (default: outputs)")
    p.add_argument("--name", default=None, help="name of this run (default: demo, or batch for --batch)")
    p.add_argument("--notebooks", default="notebooks", help="folder of the stage notebooks")
    p.add_argument(
        "-p", "--parameter", action="append", default=[], metavar="KEY=VALUE",
        help="notebook parameter, e.g. -p region=5 -p period=2015-2022 -p language=fi",
    )
    p.add_argument(
        "--batch", default=None, metavar="KEY=VALUES",
        help="one run per value, e.g. region=all (23 counties and the whole country) or region=5,15,SSS",
    )
    p.add_argument("--jobs", type=int, default=1,
                   help="runs executed at once in a batch: 1 runs them here in turn; N > 1 starts a local Dask "
                        "cluster of N workers (default 1)")
    p.add_argument("--scheduler", default=None, metavar="tcp://HOST:8786",
                   help="run the batch's regions on the Dask cluster of this scheduler (e.g. started with "
                        "dask-jobqueue on SLURM; the workers must see the review, corpus and output folders)")
    p.add_argument(
        "--shared-stages", type=int, default=None,
        help="for a folder of notebooks of one's own: how many leading stages a batch runs once (default: the "
        "region-independent stages of review_tools.pipeline.STAGES)",
    )
    p.add_argument(
        "--database", default=None, metavar="PATH_OR_URL",
        help="the review database for this run: a file or postgresql://USER@HOST:PORT/DB (default: "
             "$REVIEW_TOOLS_DATABASE, else the protocol's 'database')",
    )
    p.add_argument("--no-progress", action="store_true", help="hide the progress bar")
    p.set_defaults(func=run)


def parse_parameters(items: list[str]) -> dict[str, str]:
    """Parse ``KEY=VALUE`` strings into a dict, with a clear error for a malformed item."""
    out: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise ReviewToolsError(f"parameter '{item}' is invalid; write it as KEY=VALUE, e.g. -p region=5")
        out[key.strip()] = value.strip()
    return out


def run(args) -> int:
    """Run one review or a batch and print where the report is."""
    raw = parse_parameters(args.parameter)
    if args.batch:  # before pandas and the notebooks are loaded: a bad region set or value fails fast
        from ..parameters import validate_batch

        bkey, sep, bvalues = args.batch.partition("=")
        if not sep:
            raise ReviewToolsError(f"--batch '{args.batch}' is invalid; write it as KEY=VALUES, e.g. region=all")
        validate_batch(bkey.strip(), bvalues.strip(), raw, corpus_dir=args.corpus)
    elif any(k in raw for k in ("region", "period", "language")):  # before the notebooks are read: a bad value fails fast
        from ..parameters import validate_run_parameters

        validate_run_parameters(raw, corpus_dir=args.corpus)
    from ..batch import run_batch
    from ..run import RunError, coerce_parameters, declared_parameters, run_review, stage_notebooks

    if getattr(args, "database", None):
        import os

        from ..db import ENV_VAR

        os.environ[ENV_VAR] = args.database  # the stage kernels inherit it (db.locate reads it)
    declared = declared_parameters(stage_notebooks(args.notebooks))
    params = coerce_parameters(raw, declared)
    if args.batch:
        key, sep, values = args.batch.partition("=")
        if not sep:
            raise ReviewToolsError(f"--batch '{args.batch}' is invalid; write it as KEY=VALUES, e.g. region=all")
        results = run_batch(
            key.strip(), values.strip(), review_dir=args.review, corpus_dir=args.corpus, out_dir=args.out,
            name=args.name or "batch", parameters=params, notebooks_dir=args.notebooks, jobs=args.jobs,
            shared_stages=args.shared_stages, declared=declared, progress=not args.no_progress,
            scheduler=args.scheduler,
        )
        failed = [r for r in results if r["status"] != "ok"]
        print(f"{len(results) - len(failed)} of {len(results)} runs finished; overview: {Path(args.out) / 'index.html'}")
        for r in failed:
            print(f"  failed: {r['name']}: {r.get('error')}", file=sys.stderr)
        return 1 if failed else 0
    try:
        result = run_review(
            args.review, args.corpus, args.out, args.name or "demo", params,
            notebooks_dir=args.notebooks, progress=not args.no_progress,
        )
    except RunError as exc:
        print(f"error: the run stopped in {exc}", file=sys.stderr)
        return 1
    total = sum(s.seconds for s in result.stages)
    print(f"report: {result.report}  (run index: {result.run_dir / 'index.html'}; {total:.0f} s)")
    return 0
