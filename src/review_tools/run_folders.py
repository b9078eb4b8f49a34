"""The folders of runs under ``OUT/``: safe run names, earlier runs set aside, runs whose runner died.

A run writes only into ``OUT/NAME``. A run of a name that exists moves the earlier run to
``OUT/.previous/NAME`` first and removes it when the new run succeeds; when the new run fails, the
earlier run stays there and the runs index says it was superseded, so a stale report is never shown
as the current one.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

from .errors import ReviewToolsError

#: A run name is one folder name: letters, digits, ``.``, ``_`` and ``-``, not starting with a dot.
RUN_NAME = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}$")
#: Where the previous run of a name waits while it is run again (removed when the new run succeeds).
PREVIOUS = ".previous"


def check_run_name(name: str) -> str:
    """Return ``name`` if it is a safe run folder name, else raise :class:`ReviewToolsError`.

    A run is written to ``OUT/NAME`` and nowhere else: a name with a path separator, ``..``, an
    absolute path or a leading dot would write elsewhere (or hide the run), so it is refused.
    """
    if not isinstance(name, str) or not RUN_NAME.fullmatch(name) or name in {".", ".."}:
        raise ReviewToolsError(
            f"run name {name!r} is not allowed: use 1-100 letters, digits, '.', '_' or '-' (one folder name, "
            "no '/', no leading dot), e.g. demo or vs-2025"
        )
    return name


def _pid_alive(pid) -> bool:
    try:
        os.kill(int(pid), 0)
    except (OSError, ValueError, TypeError):
        return False
    return True


def mark_stopped_runs(out_dir: str | Path) -> list[str]:
    """Mark runs whose manifest still says ``running`` but whose runner process is gone as failed.

    Returns the names of the runs marked (a runner killed with SIGKILL cannot write its own manifest).
    """
    marked = []
    for mf in sorted(Path(out_dir).glob("*/manifest.json")):
        try:
            m = json.loads(mf.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            continue
        if m.get("status") != "running" or "runner_pid" not in m or _pid_alive(m["runner_pid"]):
            continue
        m["status"] = "failed"
        m["error"] = "the run stopped before it finished (its process was killed or crashed)"
        mf.write_text(json.dumps(m, indent=2, ensure_ascii=False, default=str), encoding="utf-8")
        marked.append(mf.parent.name)
    return marked


def set_aside_previous(out_dir: Path, name: str) -> Path | None:
    """Move an earlier run of ``name`` to ``OUT/.previous/NAME`` so nothing of it mixes with this run."""
    run_dir = out_dir / name
    if not run_dir.exists():
        return None
    keep = out_dir / PREVIOUS / name
    if keep.exists():
        shutil.rmtree(keep)
    keep.parent.mkdir(parents=True, exist_ok=True)
    run_dir.rename(keep)
    return keep


def finished_runs(out_dir: str | Path, *, exclude: str | None = None) -> list[dict]:
    """The runs of ``OUT`` that finished (manifest status ``ok``), oldest first.

    Parameters
    ----------
    out_dir : path-like
        The output folder of all runs.
    exclude : str, optional
        A run name to leave out (the run asking, e.g. stage 07 of the running run).

    Returns
    -------
    list of dict
        ``name``, ``path``, ``finished``, ``parameters`` per run, sorted by the time it finished
        (runs set aside in ``.previous`` and unreadable manifests are left out).
    """
    runs = []
    for mf in sorted(Path(out_dir).glob("*/manifest.json")):
        if mf.parent.name == exclude:
            continue
        try:
            m = json.loads(mf.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            continue
        if m.get("status") == "ok":
            runs.append({"name": mf.parent.name, "path": mf.parent, "finished": str(m.get("finished") or ""),
                         "parameters": dict(m.get("parameters") or {})})
    return sorted(runs, key=lambda r: (r["finished"], r["name"]))


def run_names(out_dir: str | Path) -> list[str]:
    """Names of every run folder of ``OUT`` (those with a manifest), for messages listing the runs."""
    return sorted(mf.parent.name for mf in Path(out_dir).glob("*/manifest.json"))


def run_pages(run_dir: Path, language: str) -> list[tuple[str, str]]:
    """The welfare-report part and the reporter groups' feedback pages the report stage wrote, labelled."""
    from .report.i18n import t
    from .report.social_loop import value_label

    folder = run_dir / "artefacts" / "07-synthesis"
    out = [(t("welfare_own_page", language), "artefacts/07-synthesis/welfare_report.html")] \
        if (folder / "welfare_report.html").exists() else []
    for page in sorted(folder.glob("feedback_*.html")):
        group = page.stem.removeprefix("feedback_")
        name = value_label("reporter_group", "" if group == "unspecified" else group, language)
        out.append((t("fb_title", language, group=name), f"artefacts/07-synthesis/{page.name}"))
    return out
