"""Batches on Dask: a LocalCluster batch equals the sequential one; a worker killed mid-batch
leaves a complete batch (its region runs again on another worker)."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import threading
import time
from pathlib import Path

import pytest

from review_tools.batch import run_batch

from .test_run import REVIEW, _notebooks

SHARED = """
import pathlib
art = pathlib.Path(run_dir, 'artefacts', '01-s1'); art.mkdir(parents=True, exist_ok=True)
(art / 'shared.txt').write_text('computed once, in the run of region ' + str(region))
print('shared stage ran for region', region)
"""

REGIONAL = """
import os, pathlib, time
pathlib.Path(run_dir, 'worker_pid.txt').write_text(str(os.getppid()))
time.sleep(float(os.environ.get('RT_TEST_REGION_SLEEP', '0')))
shared = pathlib.Path(run_dir, 'artefacts', '01-s1', 'shared.txt').read_text()
total = sum(int(c) for c in str(region) if c.isdigit())
print(f'Region {region}: digit sum {total}; {shared}')
art = pathlib.Path(run_dir, 'artefacts', '02-s2'); art.mkdir(parents=True, exist_ok=True)
(art / 'result.txt').write_text(f'{region},{total}')
"""

VOLATILE = re.compile(r"\d+(\.\d+)? ?s\b|\d{4}-\d\d-\d\dT?[\d:.+ ]*|\"(execution|iopub|shell)[^\"]*\": \"[^\"]*\"|"
                      r"\"(duration|seconds)\": [\d.e-]+|\"(start_time|end_time)\": \"[^\"]*\"|/tmp/[^\s\"<]*")


def _batch(tmp_path, name, nbs, jobs, regions="5,15,16", **kw):
    out = tmp_path / name
    res = run_batch("region", regions, review_dir=REVIEW, corpus_dir=tmp_path / "corpus", out_dir=out, name="b",
                    notebooks_dir=nbs, jobs=jobs, shared_stages=1, progress=False, **kw)
    return out, res


def _report(run: Path) -> str:
    return VOLATILE.sub("#", (run / "report.html").read_text(encoding="utf-8"))


@pytest.fixture
def setup(tmp_path):
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "note.txt").write_text("input", encoding="utf-8")
    key = Path("indicators") / "regions" / "municipality_key_2025.csv"  # the regions a run's region= is checked against
    (tmp_path / "corpus" / key).parent.mkdir(parents=True)
    shutil.copyfile(Path(__file__).resolve().parents[1] / "corpus" / key, tmp_path / "corpus" / key)
    return _notebooks(tmp_path / "nbs", [SHARED, REGIONAL])


@pytest.mark.slow
def test_local_cluster_batch_equals_sequential_batch(tmp_path, setup):
    seq_out, seq = _batch(tmp_path, "seq", setup, jobs=1)
    par_out, par = _batch(tmp_path, "par", setup, jobs=2)
    assert sorted((r["name"], r["status"]) for r in seq) == sorted((r["name"], r["status"]) for r in par)
    assert all(r["status"] == "ok" for r in par)
    assert {r["worker"] for r in par if "worker" in r}, "the later regions ran on Dask workers"
    for region in ("5", "15", "16"):
        a, b = seq_out / f"b-{region}", par_out / f"b-{region}"
        assert _report(a) == _report(b), region
        for rel in ("artefacts/01-s1/shared.txt", "artefacts/02-s2/result.txt"):
            assert (a / rel).read_text() == (b / rel).read_text(), (region, rel)
        manifest = json.loads((b / "manifest.json").read_text(encoding="utf-8"))
        assert [s["reused"] for s in manifest["stages"]] == ([False, False] if region == "5" else [True, False])
    assert "computed once, in the run of region 5" in (par_out / "b-16" / "report.html").read_text(encoding="utf-8")
    index = (par_out / "index.html").read_text(encoding="utf-8")
    assert all(f"b-{r}" in index for r in ("5", "15", "16"))


@pytest.mark.slow
def test_worker_killed_mid_batch_leaves_a_complete_batch(tmp_path, setup, monkeypatch):
    monkeypatch.setenv("RT_TEST_REGION_SLEEP", "6")  # the kernels inherit it: each region runs >= 6 s
    out = tmp_path / "killed"
    killed: dict = {}

    def kill_first_worker():
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and not killed:
            for region in ("15", "16", "17"):
                pid_file = out / f"b-{region}" / "worker_pid.txt"
                if pid_file.exists() and pid_file.read_text().strip():
                    pid = int(pid_file.read_text())
                    os.kill(pid, signal.SIGKILL)
                    killed.update(region=region, pid=pid)
                    return
            time.sleep(0.1)

    killer = threading.Thread(target=kill_first_worker)
    killer.start()
    _, res = _batch(tmp_path, "killed", setup, jobs=2, regions="5,15,16,17")
    killer.join()
    assert killed, "no worker was killed"
    assert sorted(r["name"] for r in res) == ["b-15", "b-16", "b-17", "b-5"]
    assert [r for r in res if r["status"] != "ok"] == []
    for region in ("5", "15", "16", "17"):
        run = out / f"b-{region}"
        assert json.loads((run / "manifest.json").read_text(encoding="utf-8"))["status"] == "ok"
        total = sum(int(c) for c in region)
        assert (run / "artefacts" / "02-s2" / "result.txt").read_text() == f"{region},{total}"
    # the killed region ran again: its worker pid is now another process's
    assert int((out / f"b-{killed['region']}" / "worker_pid.txt").read_text()) != killed["pid"]
