"""The bundled demo review (``review/`` and ``corpus/``) run once per test session and language, shared read-only.

Several test modules read the same demo run (default parameters, or only ``language`` set). Each distinct run is
built once, in a folder every pytest-xdist worker of the session sees, under a file lock: the first test that
asks builds it, the others wait for it and read it. Tests must not write into a shared run; a test that changes
outputs copies the run first.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pickle
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_CACHE: dict[str, tuple] = {}


def _session_dir(tmp_path_factory) -> Path:
    """A folder of this test session that every xdist worker shares (the base temp of a run without workers)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@contextlib.contextmanager
def _locked(path: Path):
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def demo_run(tmp_path_factory, language: str | None = None):
    """The demo run as ``review-tools run --review COPY --corpus corpus --name demo [-p language=LANGUAGE]`` does it.

    Parameters
    ----------
    tmp_path_factory : pytest.TempPathFactory
        The session's temporary-folder factory.
    language : str, optional
        The run's ``language`` parameter; None runs with the defaults.

    Returns
    -------
    tuple of (review_tools.run.RunResult, Path)
        The run's result (``run_dir`` is ``OUT/demo``) and the copy of ``review/`` it ran on (without databases
        and keys, as a fresh clone has it).
    """
    key = language or "default"
    if key in _CACHE:
        return _CACHE[key]
    root = _session_dir(tmp_path_factory) / "shared-demo-runs" / key
    root.mkdir(parents=True, exist_ok=True)
    done, failed = root / "result.pickle", root / "failed.txt"
    with _locked(root / ".lock"):
        if failed.exists():  # another worker's build failed: fail here too, without building it again
            raise RuntimeError(f"the shared demo run ({key}) failed: {failed.read_text(encoding='utf-8')}")
        if not done.exists():
            try:
                _build(root, language, done)
            except Exception as exc:
                failed.write_text(f"{type(exc).__name__}: {exc}", encoding="utf-8")
                raise
        result = pickle.loads(done.read_bytes())
    _CACHE[key] = (result, root / "review")
    return _CACHE[key]


def _build(root: Path, language: str | None, done: Path) -> None:
    from review_tools.run import coerce_parameters, declared_parameters, run_review, stage_notebooks

    review = root / "review"
    if review.exists():  # a build that was interrupted
        shutil.rmtree(review)
    shutil.rmtree(root / "outputs", ignore_errors=True)
    shutil.copytree(ROOT / "review", review, ignore=shutil.ignore_patterns("*.db", "*.db-*", "keys"))
    notebooks = ROOT / "notebooks"
    raw = {"language": language} if language else {}
    params = coerce_parameters(raw, declared_parameters(stage_notebooks(notebooks)))  # as the CLI types them
    result = run_review(review, ROOT / "corpus", root / "outputs", "demo", params, notebooks_dir=notebooks,
                        progress=False)
    done.write_bytes(pickle.dumps(result))
