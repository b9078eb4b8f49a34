"""The runner executes notebooks in order, renders self-contained pages and stops clearly on failure."""

from __future__ import annotations

import json
import re
import shutil
import time
from pathlib import Path

import pandas as pd
import pytest

from review_tools.cli import main
from review_tools.errors import ReviewToolsError
from review_tools.run import (
    RunError,
    coerce_parameters,
    declared_parameters,
    run_review,
    stage_notebooks,
)

from .conftest import DATA, ROOT

REVIEW = DATA / "review_valid"


@pytest.fixture
def corpus(tmp_path):
    c = tmp_path / "corpus"
    c.mkdir()
    (c / "note.txt").write_text("input", encoding="utf-8")
    key = Path("indicators") / "regions" / "municipality_key_2025.csv"  # the regions a run's region= is checked against
    (c / key).parent.mkdir(parents=True)
    shutil.copyfile(ROOT / "corpus" / key, c / key)
    return c


@pytest.mark.slow
def test_run_writes_report_index_and_manifest(tmp_path, corpus):
    nbs = DATA / "run_notebooks_ok"
    params = coerce_parameters({"region": "15", "threshold": "7"}, declared_parameters(stage_notebooks(nbs)))
    assert params == {"region": "15", "threshold": 7}
    res = run_review(REVIEW, corpus, tmp_path / "out", "t1", params, notebooks_dir=nbs, progress=False)
    run = tmp_path / "out" / "t1"
    report = (run / "report.html").read_text(encoding="utf-8")
    assert "Region 15 threshold 7" in report
    assert "progress noise" not in report, "stderr must not reach the rendered page"
    assert "<script" not in report.lower()
    assert not re.search(r"""(src|href)=["']https?://""", report), "the page must not fetch anything"
    assert "print" in report and "max-width: 640px" in report
    assert (run / "html" / "01-count.html").exists()
    index = (run / "index.html").read_text(encoding="utf-8")
    assert 'href="report.html"' in index and "html/01-count.html" in index and "threshold" in index
    manifest = json.loads((run / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["status"] == "ok"
    assert manifest["parameters"]["threshold"] == 7
    assert set(manifest["timings_seconds"]) == {"01-count", "02-report"}
    assert any(k.endswith("note.txt") for k in manifest["inputs"])
    assert manifest["versions"]["pandas"]
    runs_index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert 't1/index.html' in runs_index
    assert [s.status for s in res.stages] == ["ok", "ok"]


@pytest.mark.slow
def test_failing_cell_stops_with_notebook_cell_and_error_and_still_writes_page(tmp_path, corpus):
    nbs = DATA / "run_notebooks_failing"
    with pytest.raises(RunError, match=r"02-fails.ipynb: cell \d+ .*ValueError: the indicator table has no column year"):
        run_review(REVIEW, corpus, tmp_path / "out", "bad", {}, notebooks_dir=nbs, progress=False)
    page = tmp_path / "out" / "bad" / "html" / "02-fails.html"
    assert page.exists() and "the indicator table has no column year" in page.read_text(encoding="utf-8")
    manifest = json.loads((tmp_path / "out" / "bad" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["status"] == "failed"
    assert not (tmp_path / "out" / "bad" / "report.html").exists()


def test_cli_run_exit_codes(tmp_path, corpus, capsys):
    common = ["--review", str(REVIEW), "--corpus", str(corpus), "--out", str(tmp_path / "o"), "--no-progress"]
    assert main(["run", *common, "--notebooks", str(DATA / "run_notebooks_failing"), "--name", "f"]) == 1
    assert "02-fails.ipynb" in capsys.readouterr().err
    assert main(["run", *common, "--notebooks", str(DATA / "run_notebooks_ok"), "-p", "regoin=5"]) == 1
    assert "unknown parameter 'regoin'" in capsys.readouterr().err
    assert main(["run", *common, "--notebooks", str(DATA / "run_notebooks_ok"), "-p", "threshold=many"]) == 1
    assert "value 'many' is invalid" in capsys.readouterr().err


def test_bad_parameter_values_are_explained():
    declared = {"threshold": {"inferred_type_name": "None", "default": "3"}, "region": {"inferred_type_name": "None", "default": "\"5\""}}
    with pytest.raises(ReviewToolsError, match="unknown parameter 'x'; the notebooks declare: region, threshold"):
        coerce_parameters({"x": "1"}, declared)
    assert coerce_parameters({"region": "05"}, declared) == {"region": "05"}


@pytest.mark.slow
def test_batch_reuses_shared_stages(tmp_path, corpus):
    from review_tools.batch import run_batch

    nbs = DATA / "run_notebooks_ok"
    declared = declared_parameters(stage_notebooks(nbs))
    res = run_batch("region", "5,15", review_dir=REVIEW, corpus_dir=corpus, out_dir=tmp_path / "b", name="b",
                    notebooks_dir=nbs, jobs=1, shared_stages=1, declared=declared, progress=False)
    assert [r["status"] for r in res] == ["ok", "ok"]
    second = json.loads((tmp_path / "b" / "b-15" / "manifest.json").read_text(encoding="utf-8"))
    assert [s["reused"] for s in second["stages"]] == [True, False]
    # the reused stage was run with region 5: its artefact is copied, not recomputed
    assert "Region 5 threshold 3" in (tmp_path / "b" / "b-15" / "report.html").read_text(encoding="utf-8")


def test_batch_overview_reads_theme_signals_of_the_regional_stage(tmp_path):
    from review_tools import writers
    from review_tools.batch import overview_table
    from review_tools.cli import build_parser

    for run, signals in (("b-5", ["worse", "better"]), ("b-15", ["better", "no clear change"])):
        df = pd.DataFrame({"theme": ["SW.MAT", "SW.SOC"], "signal": signals})
        writers.write_table(df, tmp_path / run, "06-regional-profile", "theme_signals.csv")
    writers.write_table(pd.DataFrame({"theme": ["SW.MAT"], "signal": ["mixed"]}), tmp_path / "b-5",
                        "05-indicator-data", "theme_signals.csv")  # not read: the region's own table is in 06
    page = overview_table(tmp_path, ["b-5", "b-15"])
    rows = re.findall(r"<tr><th scope=\"row\"><a href=\"(b-\d+)/report.html\">.*?</tr>", page)
    assert rows == ["b-5", "b-15"]
    assert re.search(r"b-5</a></th><td[^>]*>worse</td><td[^>]*>better</td>", page)
    assert re.search(r"b-15</a></th><td[^>]*>better</td><td[^>]*>no clear change</td>", page)
    assert "mixed" not in page
    # the region-independent stages of STAGES are shared by default
    args = build_parser().parse_args(["run", "--batch", "region=all"])
    assert args.shared_stages is None  # derived from review_tools.pipeline.STAGES


def _notebooks(folder, sources):
    """Write stage notebooks ``NN-s.ipynb`` with a parameters cell and the given code."""
    import nbformat

    folder.mkdir()
    for i, code in enumerate(sources, start=1):
        params = nbformat.v4.new_code_cell('review_dir = "review"\ncorpus_dir = "corpus"\nrun_dir = "out"\nregion = "5"')
        params.metadata["tags"] = ["parameters"]
        nb = nbformat.v4.new_notebook(cells=[params, nbformat.v4.new_code_cell(code)])
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nbformat.write(nb, str(folder / f"{i:02d}-s{i}.ipynb"))
    return folder


PID_AND_LEAK = """
import os, pathlib
seen = 'leak' in globals()
leak = 1
pathlib.Path(run_dir, 'seen_' + str(region) + '.txt').write_text(f'{os.getpid()} {seen}')
"""


@pytest.mark.slow
def test_warm_kernel_is_reused_and_cleared_between_notebooks(tmp_path, corpus):
    import gc
    import os

    from review_tools.run import WarmKernel

    nbs = _notebooks(tmp_path / "nbs", [PID_AND_LEAK])
    regions = ("5", "15", "16", "17")
    open_files = []
    with WarmKernel(cwd=nbs) as kernel:
        for region in regions:
            run_review(REVIEW, corpus, tmp_path / "out", f"r{region}", {"region": region}, notebooks_dir=nbs,
                       kernel=kernel, progress=False)
            gc.collect()
            if Path("/proc/self/fd").exists():
                open_files.append(len(os.listdir("/proc/self/fd")))
    seen = [(tmp_path / "out" / f"r{r}" / f"seen_{r}.txt").read_text().split() for r in regions]
    assert len({pid for pid, _ in seen}) == 1, "every run should execute in the same kernel process"
    assert [flag for _, flag in seen] == ["False"] * 4, "a variable of one run leaked into the next"
    assert kernel.executions == 4 and not kernel.km.has_kernel
    # each notebook's kernel client is closed: no sockets pile up run after run
    assert len(set(open_files)) <= 1, f"open files grew from run to run: {open_files}"


@pytest.mark.slow
def test_warm_kernel_without_its_reset_would_leak(tmp_path, corpus, monkeypatch):
    from review_tools.run import WarmKernel

    monkeypatch.setattr(WarmKernel, "RESET_CODE", "pass")
    nbs = _notebooks(tmp_path / "nbs", [PID_AND_LEAK])
    with WarmKernel(cwd=nbs) as kernel:
        for region in ("5", "15"):
            run_review(REVIEW, corpus, tmp_path / "out", f"r{region}", {"region": region}, notebooks_dir=nbs,
                       kernel=kernel, progress=False)
    assert (tmp_path / "out" / "r15" / "seen_15.txt").read_text().split()[1] == "True"


@pytest.mark.slow
def test_manifest_of_the_current_run_is_there_while_it_runs(tmp_path, corpus):
    """The report reads RUN/manifest.json; a rerun into the same folder must not show the last run's."""
    code = """
import json, pathlib
m = json.loads(pathlib.Path(run_dir, 'manifest.json').read_text())
pathlib.Path(run_dir, 'during.txt').write_text(m['status'] + ' ' + m['parameters']['region'])
"""
    nbs = _notebooks(tmp_path / "nbs", [code])
    for region in ("5", "15"):
        run_review(REVIEW, corpus, tmp_path / "out", "same", {"region": region}, notebooks_dir=nbs, progress=False)
        assert (tmp_path / "out" / "same" / "during.txt").read_text() == f"running {region}"
    manifest = json.loads((tmp_path / "out" / "same" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["status"] == "ok" and manifest["finished"] and manifest["parameters"]["region"] == "15"


def _alive(pid: int) -> bool:
    status = Path(f"/proc/{pid}/status")
    try:
        return "State:\tZ" not in status.read_text()
    except FileNotFoundError:
        return False


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc").exists(), reason="needs /proc to see whether the kernels stopped")
def test_parallel_batch_workers_keep_one_kernel_each_and_stop_them(tmp_path, corpus):
    from review_tools.batch import run_batch

    nbs = _notebooks(tmp_path / "nbs", [PID_AND_LEAK])
    res = run_batch("region", "5,15,16,17", review_dir=REVIEW, corpus_dir=corpus, out_dir=tmp_path / "b", name="b",
                    notebooks_dir=nbs, jobs=2, shared_stages=0, progress=False)
    assert sorted(r["status"] for r in res) == ["ok"] * 4
    seen = {r: (tmp_path / "b" / f"b-{r}" / f"seen_{r}.txt").read_text().split() for r in ("5", "15", "16", "17")}
    assert all(flag == "False" for _, flag in seen.values())
    worker_pids = {pid for r, (pid, _) in seen.items() if r != "5"}
    assert 1 <= len(worker_pids) <= 2, "the three later runs should share at most two warm kernels"
    assert not any(_alive(int(pid)) for pid, _ in seen.values()), "a kernel outlived the batch"


@pytest.mark.slow
def test_warm_kernel_restarts_after_a_notebook_killed_it(tmp_path, corpus):
    from review_tools.run import WarmKernel

    code = "import os\nif region == '5':\n    os._exit(1)\nopen(run_dir + '/done.txt', 'w').write(region)"
    nbs = _notebooks(tmp_path / "nbs", [code])
    with WarmKernel(cwd=nbs) as kernel:
        with pytest.raises(RunError, match="01-s1.ipynb"):
            run_review(REVIEW, corpus, tmp_path / "out", "r5", {"region": "5"}, notebooks_dir=nbs,
                       kernel=kernel, progress=False)
        run_review(REVIEW, corpus, tmp_path / "out", "r15", {"region": "15"}, notebooks_dir=nbs,
                   kernel=kernel, progress=False)
    assert (tmp_path / "out" / "r15" / "done.txt").read_text() == "15"
    assert json.loads((tmp_path / "out" / "r5" / "manifest.json").read_text(encoding="utf-8"))["status"] == "failed"


@pytest.mark.slow
def test_bad_region_is_refused_before_any_stage_or_folder(tmp_path, corpus):
    from review_tools.parameters import RunParameterError

    nbs = DATA / "run_notebooks_ok"
    with pytest.raises(RunParameterError, match=r"unknown region '999'.*Did you mean"):
        run_review(REVIEW, corpus, tmp_path / "out", "bad", {"region": "999"}, notebooks_dir=nbs, progress=False)
    assert not (tmp_path / "out").exists()
    t0 = time.perf_counter()
    assert main(["run", "--corpus", str(corpus), "--out", str(tmp_path / "out"), "-p", "region=999"]) != 0
    assert time.perf_counter() - t0 < 2 and not (tmp_path / "out").exists()


@pytest.mark.slow
def test_batch_checks_every_value_first_and_expands_municipalities(tmp_path, corpus):
    from review_tools.batch import batch_values, run_batch
    from review_tools.parameters import RunParameterError

    assert len(batch_values("region", "all-municipalities", corpus)) == 308
    sw = batch_values("region", "municipalities:5", corpus)
    assert len(sw) == 27 and "853" in sw
    with pytest.raises(ReviewToolsError, match="known only for region"):
        batch_values("language", "all-municipalities", corpus)
    nbs = DATA / "run_notebooks_ok"
    with pytest.raises(RunParameterError, match="unknown region '999'"):
        run_batch("region", "5,999", review_dir=REVIEW, corpus_dir=corpus, out_dir=tmp_path / "b", name="b",
                  notebooks_dir=nbs, declared=declared_parameters(stage_notebooks(nbs)), progress=False)
    assert not (tmp_path / "b").exists()  # the valid first value did not run either
