"""Shared fixtures: paths built from this file, never from the working directory.

``make test`` runs the tests on pytest-xdist workers (``-n auto --dist loadfile``). Each file's tests stay on one
worker (a module fixture is built once), the files that read one shared demo run (``tests/_demo_runs.py``) stay
together (``tests/_xdist_schedule.py``), and the files holding slow tests are handed out first.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
DATA = TESTS / "data"
SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture
def shared_data() -> Path:
    """The real data in ../shared/data; skips with the reason when it is absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"shared data not found at {SHARED_DATA}")
    return SHARED_DATA


@pytest.fixture(scope="session")
def pg_cluster():
    """A throwaway PostgreSQL server for the whole test run (skips with the reason where none can run)."""
    from .pgcluster import Cluster, unavailable_reason

    reason = unavailable_reason()
    if reason:
        pytest.skip(reason)
    cluster = Cluster()
    try:
        cluster.start()
    except RuntimeError as exc:
        cluster.stop()
        pytest.skip(f"the PostgreSQL test server could not start: {exc}")
    yield cluster
    cluster.stop()


@pytest.fixture
def pg_url(pg_cluster) -> str:
    """The address of a new, empty PostgreSQL database on the test server."""
    return pg_cluster.database()



@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """``--dist loadfile`` keeps the files reading one shared demo run on one worker (tests/_xdist_schedule.py)."""
    if config.getvalue("dist") != "loadfile":
        return None
    from ._xdist_schedule import SharedRunFileScheduling

    return SharedRunFileScheduling(config, log)


def pytest_collection_modifyitems(config, items):
    """On xdist workers: the files that hold slow tests first (each file keeps its order), so that the fast
    files fill the workers' remaining time."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return
    files = {}
    for item in items:
        files.setdefault(item.nodeid.split("::", 1)[0], []).append(item)
    ordered = sorted(files.values(), key=lambda its: not any(i.get_closest_marker("slow") for i in its))
    items[:] = [item for group in ordered for item in group]
