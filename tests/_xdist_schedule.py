"""The pytest-xdist scheduler of ``make test``: whole test files go to a worker (as ``--dist loadfile``), and the
files that read one shared demo run (``tests/_demo_runs.py``) go to the same worker, which builds that run once
while the other workers run other files instead of waiting for it."""

from __future__ import annotations

from xdist.scheduler import LoadFileScheduling

#: Test files that read one shared demo run, by the name of their work unit.
SHARED_RUN_GROUPS = {
    "demo-default": ("test_pipeline.py", "test_report_screening.py", "test_evidence_reviewed_browser.py"),
    "demo-languages": ("test_accessibility_browser.py", "test_report_languages.py"),
}
_GROUP_OF = {name: group for group, names in SHARED_RUN_GROUPS.items() for name in names}


class SharedRunFileScheduling(LoadFileScheduling):
    """``--dist loadfile`` with the files of :data:`SHARED_RUN_GROUPS` in one work unit per shared run."""

    def _split_scope(self, nodeid: str) -> str:
        path = super()._split_scope(nodeid)
        return _GROUP_OF.get(path.rsplit("/", 1)[-1], path)
