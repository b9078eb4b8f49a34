"""Batch runs on Dask: one task per region, on a local cluster or an existing one.

:func:`run_regions` is the batch's executor. It starts a :class:`distributed.LocalCluster` of
``jobs`` single-threaded worker processes, or connects to the scheduler at ``scheduler`` (e.g. one
that ``dask-jobqueue`` started on SLURM, see the README). Every worker keeps one warm Jupyter
kernel for all the regions it runs (:class:`WarmKernelPlugin`, a worker plugin that starts the
kernel on the worker's first task and shuts it down with the worker). A region's run is one task;
if the worker running it dies, the scheduler gives it to another worker once
(``distributed.scheduler.allowed-failures = 1`` on the local cluster) and a second death marks
that region failed without stopping the others. Results are handed to ``on_result`` as they
arrive (the batch writes the runs index then) and a progress bar names the last finished region.

The region-independent stages ran once before (in the first run); their artefacts reach the
workers through the output folder, which a cluster's workers must see at the same path (a shared
file system, as on CSC's clusters); a worker that does not see it fails the region with a message
saying so.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from distributed import WorkerPlugin

logger = logging.getLogger(__name__)

PLUGIN_NAME = "review-tools-warm-kernel"


class WarmKernelPlugin(WorkerPlugin):
    """Worker plugin: one :class:`~review_tools.run.WarmKernel` per worker, started on first use.

    Parameters
    ----------
    notebooks_dir : str
        The kernels' working directory (the notebooks' folder).
    """

    name = PLUGIN_NAME

    def __init__(self, notebooks_dir: str):
        self.notebooks_dir = str(notebooks_dir)
        self.kernel = None
        self._lock = threading.Lock()

    def __getstate__(self):
        return {"notebooks_dir": self.notebooks_dir}

    def __setstate__(self, state):
        self.__init__(state["notebooks_dir"])

    def setup(self, worker) -> None:  # noqa: D102 (distributed.WorkerPlugin)
        self.worker = worker

    def get_kernel(self):
        """The worker's warm kernel (started here, on the task's thread, the first time)."""
        with self._lock:
            if self.kernel is None:
                from .run import WarmKernel

                self.kernel = WarmKernel(cwd=self.notebooks_dir).__enter__()
            return self.kernel

    def teardown(self, worker) -> None:  # noqa: D102 (distributed.WorkerPlugin)
        kernel, self.kernel = self.kernel, None
        if kernel is not None:
            # shut down outside the worker's event loop (WarmKernel drives its own loop)
            t = threading.Thread(target=kernel.__exit__, args=(None, None, None), daemon=True)
            t.start()
            t.join(timeout=30)


def _run_region(kwargs: dict, run_one: Callable[[dict, object], dict]) -> dict:
    """The task: run one region with this worker's warm kernel."""
    from distributed import get_worker

    worker = get_worker()
    reuse = kwargs.get("reuse_from")
    if reuse is not None and not Path(reuse).is_dir():
        return {"name": kwargs["name"], "status": "failed", "worker": worker.address,
                "error": f"worker {worker.address} does not see {reuse}: a cluster's workers need the output "
                         "folder on a file system they share with the machine that starts the batch"}
    kernel = worker.plugins[PLUGIN_NAME].get_kernel()
    result = dict(run_one(kwargs, kernel))
    result["worker"] = worker.address
    return result


def run_regions(tasks: list[dict], run_one: Callable[[dict, object], dict], *, jobs: int = 2,
                scheduler: str | None = None, notebooks_dir: str | Path = "notebooks",
                on_result: Callable[[dict], None] | None = None, progress: bool = True,
                desc: str = "batch") -> list[dict]:
    """Run ``run_one(task, kernel)`` for every task on Dask workers; return the results as they came.

    Parameters
    ----------
    tasks : list of dict
        One per region: the keyword arguments of :func:`review_tools.run.run_review` (with ``name``).
    run_one : callable
        ``run_one(task, kernel) -> dict`` with at least ``name`` and ``status``; importable by
        module and name on the workers.
    jobs : int
        Workers of the local cluster (ignored with ``scheduler``).
    scheduler : str, optional
        Address of an existing scheduler, e.g. ``tcp://login1:8786``.
    notebooks_dir : str or Path
        Working directory of the workers' kernels.
    on_result : callable, optional
        Called with each result as it arrives.
    progress : bool
        Show a progress bar naming the last finished region.

    Returns
    -------
    list of dict
        One per task; a region whose worker died twice is ``failed`` with the reason.
    """
    import dask
    from distributed import Client, LocalCluster, as_completed
    from tqdm.auto import tqdm

    if not tasks:
        return []
    cluster = None
    with dask.config.set({"distributed.scheduler.allowed-failures": 1}):
        if scheduler:
            client = Client(scheduler, timeout="30s")
        else:
            cluster = LocalCluster(n_workers=max(1, int(jobs)), threads_per_worker=1, processes=True,
                                   dashboard_address=None, silence_logs=logging.ERROR)
            client = Client(cluster)
    results: list[dict] = []
    bar = tqdm(total=len(tasks), desc=desc, unit="region", disable=not progress, file=sys.stderr)
    try:
        client.register_plugin(WarmKernelPlugin(str(Path(notebooks_dir).resolve())), name=PLUGIN_NAME)
        futures = {client.submit(_run_region, task, run_one, key=f"region-{task['name']}", pure=False): task
                   for task in tasks}
        for fut in as_completed(futures):
            task = futures[fut]
            try:
                res = fut.result()
            except Exception as exc:  # noqa: BLE001 (a dead worker twice, or an error outside run_one)
                res = {"name": task["name"], "status": "failed",
                       "error": f"{type(exc).__name__}: {exc} (the region's worker died or the task failed twice)"}
            results.append(res)
            logger.info("%s: %s%s", res["name"], res["status"], f" on {res['worker']}" if "worker" in res else "")
            bar.set_postfix_str(f"{res['name']} {res['status']}")
            bar.update()
            if on_result is not None:
                on_result(res)
    finally:
        bar.close()
        if cluster is None:
            try:
                client.unregister_worker_plugin(PLUGIN_NAME)  # the workers of a shared cluster stop their kernels
            except Exception:  # noqa: BLE001
                logger.warning("could not ask the cluster's workers to stop their kernels")
        client.close()
        if cluster is not None:
            cluster.close()
    return results
