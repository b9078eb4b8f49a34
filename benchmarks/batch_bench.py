"""Benchmark: the cost of one region's run and scaling from 1 to 2 Dask workers on the demo review.

One full run of the demo (every stage, region ``--regions``' first) is made once; the other regions
then reuse its region-independent stages and run only the region-dependent ones (06 regional
profile, 07 report), as a batch does. Those regions are run three ways on the same machine, in this
one process: in turn in this process with one warm kernel (what ``--jobs 1`` does, the baseline),
on a Dask LocalCluster of 1 worker and of 2 workers. Prints wall times, the per-region cost, the
speed-up and whether the 2-worker reports equal the sequential ones (apart from timings).

Run: .venv/bin/python benchmarks/batch_bench.py [--regions 5,15,16,17,SSS] [--out /tmp/batch-bench]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VOLATILE = re.compile(r"\d+(\.\d+)? ?s\b|\d{4}-\d\d-\d\dT?[\d:.+ ]*|\"(execution|iopub|shell)[^\"]*\": \"[^\"]*\"|"
                      r"\"(duration|seconds)\": [\d.e-]+|\"(start_time|end_time)\": \"[^\"]*\"|/tmp/[^\s\"<]*|"
                      r"[0-9a-f]{32,64}|id=\"[^\"]*\"|href=\"#[^\"]*\"")


def _report(run: Path) -> str:
    return VOLATILE.sub("#", (run / "report.html").read_text(encoding="utf-8")) if (run / "report.html").exists() else ""


def _shared_stage_count() -> int:
    """The leading region-independent stages: from the stage registry where there is one, else 5."""
    try:
        from review_tools.pipeline import STAGES
    except ImportError:
        return 5
    n = 0
    for stage in STAGES:
        if getattr(stage, "region_dependent", True):
            break
        n += 1
    return n


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--regions", default="5,15,16,17,SSS", help="first = the full run; the rest are timed")
    ap.add_argument("--out", default="/tmp/review-tools-batch-bench")
    args = ap.parse_args()
    os.chdir(ROOT)
    from review_tools.batch import _one
    from review_tools.dask_batch import run_regions
    from review_tools.run import (
        WarmKernel,
        coerce_parameters,
        declared_parameters,
        run_review,
        stage_notebooks,
    )

    regions = [r.strip() for r in args.regions.split(",") if r.strip()]
    out = Path(args.out)
    shutil.rmtree(out, ignore_errors=True)
    nbs = ROOT / "notebooks"
    declared = declared_parameters(stage_notebooks(nbs))
    shared = _shared_stage_count()
    common = dict(review_dir=ROOT / "review", corpus_dir=ROOT / "corpus", notebooks_dir=nbs, progress=False)

    t0 = time.perf_counter()
    base = run_review(out_dir=out / "base", name=f"full-{regions[0]}",
                      parameters=coerce_parameters({"region": regions[0]}, declared), **common)
    full_s = time.perf_counter() - t0
    assert base.status == "ok", base
    stage_s = {s.name: s.seconds for s in base.stages}
    print(f"full run (region {regions[0]}, every stage, fresh kernels): {full_s:.1f} s")
    for name, secs in stage_s.items():
        print(f"  {name:28s} {secs:6.1f} s {'(region-independent, reused)' if list(stage_s).index(name) < shared else ''}")

    def tasks(mode):
        return [{**common, "out_dir": out / mode, "name": f"r-{r}",
                 "parameters": coerce_parameters({"region": r}, declared),
                 "reuse_from": out / "base" / f"full-{regions[0]}", "reuse_stages": shared} for r in regions[1:]]

    timings = {}
    t0 = time.perf_counter()
    with WarmKernel(cwd=nbs) as kernel:
        seq = [_one(kw, kernel) for kw in tasks("sequential")]
    timings["sequential (--jobs 1, this process, warm kernel)"] = time.perf_counter() - t0
    for jobs in (1, 2):
        t0 = time.perf_counter()
        res = run_regions(tasks(f"dask{jobs}"), _one, jobs=jobs, notebooks_dir=nbs, progress=False)
        timings[f"Dask LocalCluster, {jobs} worker{'s' if jobs > 1 else ''}"] = time.perf_counter() - t0
        assert all(r["status"] == "ok" for r in res), res
    assert all(r["status"] == "ok" for r in seq), seq
    n = len(regions) - 1
    print(f"\n{n} regions after the full run (stages {shared + 1}.. only), {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.1f} at the end:")
    base_s = timings["sequential (--jobs 1, this process, warm kernel)"]
    for label, secs in timings.items():
        print(f"  {label:48s} {secs:7.1f} s  {secs / n:6.1f} s/region  speed-up {base_s / secs:4.2f}x")
    same = [r for r in regions[1:] if _report(out / "sequential" / f"r-{r}") == _report(out / "dask2" / f"r-{r}")]
    print(f"2-worker reports identical to the sequential ones (timings, ids and dates masked): {len(same)} of {n}")
    per_region = timings["Dask LocalCluster, 1 worker"] / n
    print(json.dumps({"full_run_s": round(full_s, 1), "regions": n, "per_region_s_1_worker": round(per_region, 2),
                      "timings_s": {k: round(v, 1) for k, v in timings.items()}, "identical_reports": len(same)}))
    return 0 if len(same) == n else 1


if __name__ == "__main__":
    sys.exit(main())
