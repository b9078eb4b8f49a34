"""Runs write only into their own folder, never leave a stale report looking current, and a killed runner's
manifest is marked failed."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from review_tools.cli import main
from review_tools.config import load_review
from review_tools.errors import ConfigError, ReviewToolsError
from review_tools.run import RunError, check_run_name, run_review, write_runs_index

from .conftest import DATA

REVIEW = DATA / "review_valid"


@pytest.fixture
def corpus(tmp_path):
    c = tmp_path / "corpus"
    c.mkdir()
    (c / "note.txt").write_text("input", encoding="utf-8")
    return c


def _files(root: Path) -> set[Path]:
    return {p for p in root.rglob("*") if p.is_file()}


@pytest.mark.parametrize("name", ["../x", "../../x", "/abs/path", "a/b", "..", ".", ".hidden", "", "a\\b",
                                  "x" * 101, "run name", "nul\x00"])
def test_unsafe_run_names_are_refused(name):
    with pytest.raises(ReviewToolsError, match="not allowed"):
        check_run_name(name)


@pytest.mark.parametrize("name", ["demo", "vs-2025", "batch-SSS", "a.b_c"])
def test_safe_run_names_pass(name):
    assert check_run_name(name) == name


@pytest.mark.slow
def test_cli_names_and_batch_values_cannot_write_outside_the_output_folder(tmp_path, corpus):
    """--name ../../x, --name /abs/path and a --batch value with /../ write nothing anywhere."""
    work = tmp_path / "work"
    out = work / "deep" / "outputs"
    out.mkdir(parents=True)
    before = _files(tmp_path)
    common = ["--review", str(REVIEW), "--corpus", str(corpus), "--out", str(out), "--no-progress",
              "--notebooks", str(DATA / "run_notebooks_ok")]
    for extra in (["--name", "../../x"], ["--name", str(tmp_path / "abs")], ["--batch", "region=15,/../../y"]):
        assert main(["run", *common, *extra]) != 0
    assert _files(tmp_path) == before, "no file may be written by a refused run"


def test_protocol_paths_outside_the_review_and_corpus_folders_are_refused(tmp_path):
    review = tmp_path / "review"
    shutil.copytree(REVIEW, review)
    proto = review / "protocol.yaml"
    text = proto.read_text(encoding="utf-8")
    bad = text.replace("database: ", "database: ../../../etc/", 1) if "database:" in text else \
        text + "database: ../../../etc/passwd\n"
    import yaml
    data = yaml.safe_load(bad)
    data["sources"][0]["files"] = ["../../../etc/passwd", "/etc/shadow"]
    proto.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_review(review)
    msg = str(err.value)
    assert "database" in msg and "outside the review folder" in msg
    assert "sources[0].files[0]" in msg and "sources[0].files[1]" in msg and "outside the corpus folder" in msg
    data["allow_paths_outside"] = True
    data["sources"][0]["files"] = []
    data["database"] = str(tmp_path / "elsewhere.db")
    proto.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert load_review(review).database_path == tmp_path / "elsewhere.db"


@pytest.mark.slow
def test_a_failed_rerun_never_leaves_the_old_report_looking_current(tmp_path, corpus):
    out = tmp_path / "out"
    run_review(REVIEW, corpus, out, "r", {}, notebooks_dir=DATA / "run_notebooks_ok", progress=False)
    assert (out / "r" / "report.html").exists()
    with pytest.raises(RunError):
        run_review(REVIEW, corpus, out, "r", {}, notebooks_dir=DATA / "run_notebooks_failing", progress=False)
    assert not (out / "r" / "report.html").exists(), "the failed run's folder has no report"
    assert not (out / "r" / "html" / "02-report.html").exists(), "no page of the earlier run mixes with this one"
    manifest = json.loads((out / "r" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["status"] == "failed" and manifest["superseded"] == ".previous/r"
    assert "no column year" in manifest["error"]
    assert (out / ".previous" / "r" / "report.html").exists(), "the earlier report is kept, set aside"
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="r/report.html"' not in index and "superseded" in index and "no column year" in index
    # a successful rerun removes the superseded run
    run_review(REVIEW, corpus, out, "r", {}, notebooks_dir=DATA / "run_notebooks_ok", progress=False)
    assert (out / "r" / "report.html").exists() and not (out / ".previous" / "r").exists()
    assert 'href="r/report.html"' in (out / "index.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_a_killed_runner_is_marked_failed_on_the_next_start(tmp_path, corpus):
    out = tmp_path / "out"
    slow = tmp_path / "nbs"
    shutil.copytree(DATA / "run_notebooks_ok", slow)
    code = (
        "import sys; from review_tools.run import run_review; "
        f"run_review({str(REVIEW)!r}, {str(corpus)!r}, {str(out)!r}, 'k', {{}}, notebooks_dir={str(slow)!r}, "
        "progress=False)"
    )
    proc = subprocess.Popen([sys.executable, "-c", code], start_new_session=True)
    manifest = out / "k" / "manifest.json"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not manifest.exists():
        time.sleep(0.1)
    assert json.loads(manifest.read_text(encoding="utf-8"))["status"] == "running"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    write_runs_index(out)
    m = json.loads(manifest.read_text(encoding="utf-8"))
    assert m["status"] == "failed" and "killed" in m["error"]
    assert "killed" in (out / "index.html").read_text(encoding="utf-8")
