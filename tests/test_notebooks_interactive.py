"""The notebooks run as shipped, as JupyterLab runs them: kernel in ``notebooks/``, default parameters.

A copy of the project (review folder, notebooks, pyproject.toml; the corpus linked) is made, a finished run
is planted in ``outputs/demo``, and every notebook is executed with papermill in order with cwd
``notebooks/`` and no parameters. The relative paths must resolve from the project root, the artefacts go
to the interactive workspace ``outputs/_interactive`` and the finished run is left alone. Slow: the whole
pipeline, about two minutes.
"""

from __future__ import annotations

import hashlib
import os
import shutil

import nbformat
import papermill as pm
import pytest

from review_tools.pipeline import STAGES

from .conftest import ROOT
from .test_pipeline import catalogue_problems

pytestmark = pytest.mark.slow


def _digest(folder):
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            h.update(str(p.relative_to(folder)).encode() + p.read_bytes())
    return h.hexdigest()


@pytest.fixture(scope="module")
def interactive(tmp_path_factory):
    if not (ROOT / "corpus" / "interviews").is_dir():
        pytest.skip("the demo corpus is missing")
    project = tmp_path_factory.mktemp("project")
    shutil.copy(ROOT / "pyproject.toml", project / "pyproject.toml")
    shutil.copytree(ROOT / "review", project / "review", ignore=shutil.ignore_patterns("*.db", "*.db-*", "keys"))
    (project / "corpus").symlink_to(ROOT / "corpus", target_is_directory=True)
    (project / "notebooks").mkdir()
    for s in STAGES:
        shutil.copy(ROOT / "notebooks" / s.notebook, project / "notebooks" / s.notebook)
    finished = project / "outputs" / "demo" / "artefacts" / "02-screening"
    finished.mkdir(parents=True)
    (finished / "prisma.json").write_text('{"included": 1}', encoding="utf-8")
    before = _digest(project / "outputs" / "demo")
    executed = project / "executed"
    executed.mkdir()
    env = os.environ.pop("REVIEW_TOOLS_HOME", None)
    try:
        for s in STAGES:
            pm.execute_notebook(str(project / "notebooks" / s.notebook), str(executed / s.notebook),
                                kernel_name="python3", progress_bar=False, cwd=str(project / "notebooks"))
    finally:
        if env is not None:
            os.environ["REVIEW_TOOLS_HOME"] = env
    return project, executed, before


def test_shipped_notebooks_run_from_the_notebooks_folder_into_the_interactive_workspace(interactive):
    project, _, before = interactive
    workspace = project / "outputs" / "_interactive"
    assert catalogue_problems(workspace) == []
    assert _digest(project / "outputs" / "demo") == before, "an interactive session wrote into a finished run"
    assert not (project / "notebooks" / "review").exists() and not (project / "notebooks" / "outputs").exists()
    assert (project / "review" / "review.db").exists(), "the review database is the copied review's"


def test_figures_are_images_in_the_executed_notebooks(interactive):
    _, executed, _ = interactive
    for s in STAGES:
        nb = nbformat.read(str(executed / s.notebook), as_version=4)
        for cell in nb.cells:
            for out in cell.get("outputs", []):
                text = out.get("data", {}).get("text/plain", "")
                assert "<Figure size" not in "".join(text), f"{s.notebook}: a figure shown as text"
    screening = nbformat.read(str(executed / "02-screening.ipynb"), as_version=4)
    pngs = [o for c in screening.cells for o in c.get("outputs", []) if "image/png" in o.get("data", {})]
    assert len(pngs) >= 2, "the screening notebook shows the PRISMA and stopping figures"


def test_screening_notebook_opened_alone_works_on_the_last_finished_run(interactive, tmp_path):
    project, _, _ = interactive
    alone = tmp_path / "project"
    shutil.copytree(project, alone, symlinks=True, ignore=shutil.ignore_patterns("_interactive", "executed"))
    finished = alone / "outputs" / "demo"
    shutil.rmtree(finished)
    shutil.copytree(project / "outputs" / "_interactive", finished)  # stands for make run's outputs/demo
    (finished / "manifest.json").write_text('{"status": "ok", "finished": "2026-01-01T00:00:00+00:00"}')
    out = tmp_path / "02.ipynb"
    pm.execute_notebook(str(alone / "notebooks" / "02-screening.ipynb"), str(out), kernel_name="python3",
                        progress_bar=False, cwd=str(alone / "notebooks"))
    workspace = alone / "outputs" / "_interactive" / "artefacts"
    assert sorted(p.name for p in workspace.iterdir()) == ["01-ingest-dedup", "02-screening"]
    text = "".join("".join(o.get("text", "")) for c in nbformat.read(str(out), as_version=4).cells
                   for o in c.get("outputs", []) if o.get("name") == "stderr")
    assert "01-ingest-dedup was not run in this interactive session" in text and "'demo'" in text
