"""Where a notebook's relative paths point: the project root, never the kernel's working folder.

JupyterLab starts a notebook's kernel in ``notebooks/``, papermill (``review-tools run``) in the
notebooks folder too, and a review folder may be copied anywhere: the parameters ``review``,
``corpus`` and ``outputs/...`` are resolved from the project root (:func:`project_root`).
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["INTERACTIVE_RUN", "HOME_VARIABLE", "project_root", "resolve", "open_review", "is_interactive",
           "latest_finished_run", "seed_interactive"]

INTERACTIVE_RUN = Path("outputs") / "_interactive"
HOME_VARIABLE = "REVIEW_TOOLS_HOME"


def project_root(start: str | Path | None = None) -> Path:
    """Return the project folder that relative notebook parameters are resolved from.

    ``$REVIEW_TOOLS_HOME`` when set; else the nearest folder at or above ``start`` (default: the
    working folder, e.g. ``notebooks/`` in JupyterLab) holding both ``pyproject.toml`` and
    ``review/``; else the nearest holding ``review/protocol.yaml`` (a review copied without the
    project); else ``start`` itself.
    """
    home = os.environ.get(HOME_VARIABLE, "").strip()
    if home:
        return Path(home).expanduser().resolve()
    here = Path(start or Path.cwd()).resolve()
    folders = (here, *here.parents)
    for folder in folders:
        if (folder / "pyproject.toml").is_file() and (folder / "review").is_dir():
            return folder
    for folder in folders:
        if (folder / "review" / "protocol.yaml").is_file():
            return folder
    return here


def resolve(path: str | Path, root: str | Path | None = None) -> Path:
    """``path`` itself when absolute, else ``path`` under :func:`project_root` (never the kernel's cwd)."""
    p = Path(path).expanduser()
    return p if p.is_absolute() else Path(root or project_root()) / p


def open_review(review_dir="review", corpus_dir="corpus", run_dir=""):
    """Resolve a notebook's folders and load the review: return ``(cfg, corpus_dir, run_dir)``.

    Relative paths resolve from the project root (:func:`project_root`). An empty ``run_dir`` is an
    interactive session (a notebook opened in JupyterLab rather than run by ``review-tools run``):
    it works in its own run folder ``outputs/_interactive``, never in a finished run.
    """
    from .config import load_review

    root = project_root()
    corpus = resolve(corpus_dir, root)
    cfg = load_review(resolve(review_dir, root), corpus_dir=corpus)
    run = resolve(str(run_dir).strip() or INTERACTIVE_RUN, root)
    return cfg, corpus, run


def is_interactive(run_dir: str | Path) -> bool:
    """True when ``run_dir`` is an interactive workspace (``.../outputs/_interactive``)."""
    run = Path(run_dir)
    return run.name == INTERACTIVE_RUN.name and run.parent.name == INTERACTIVE_RUN.parent.name


def latest_finished_run(outputs_dir: str | Path) -> Path | None:
    """The run of ``outputs_dir`` that finished last with status ok (its ``manifest.json``), or None."""
    import json

    best, best_time = None, ""
    for manifest in Path(outputs_dir).glob("*/manifest.json"):
        if manifest.parent.name == INTERACTIVE_RUN.name:
            continue
        try:
            m = json.loads(manifest.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if m.get("status") == "ok" and str(m.get("finished") or "") > best_time:
            best, best_time = manifest.parent, str(m["finished"])
    return best


def seed_interactive(workspace: str | Path, folder: str) -> Path | None:
    """Copy ``artefacts/<folder>`` from the run that finished last into an interactive ``workspace`` that lacks it.

    Returns the run copied from (None when the workspace has the folder or no finished run has it).
    """
    import shutil

    target = Path(workspace) / "artefacts" / folder
    source = latest_finished_run(Path(workspace).parent) if not target.exists() else None
    if source is None or not (source / "artefacts" / folder).is_dir():
        return None
    shutil.copytree(source / "artefacts" / folder, target)
    return source
