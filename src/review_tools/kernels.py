"""A Jupyter kernel kept warm for several notebook executions (a batch worker's), reset between them."""

from __future__ import annotations

import logging
from pathlib import Path

import nbformat
import papermill as pm
import zmq
from jupyter_client.manager import AsyncKernelManager
from traitlets import default

logger = logging.getLogger("review_tools.run")

__all__ = ["WarmKernel", "EncryptedKernelManager"]


class WarmKernel:
    """One Jupyter kernel kept running for several notebook executions, reset between them.

    A batch runs the same region-specific notebooks once per region. Starting a kernel and
    importing pandas, matplotlib and the library costs about 2-3 s per notebook, as much as the
    notebook's own work, so a batch worker keeps one kernel warm. Before each notebook the kernel's
    user namespace is cleared (``%reset -f``), open figures are closed and Python's record of
    warnings already shown is forgotten, so a notebook sees no variable of the one before and every
    report shows its own warnings. Imported modules stay loaded: that is the saving. Library code
    keeps no state between calls other than caches of pure functions.

    Use it as a context manager; the kernel is shut down on exit.

    Parameters
    ----------
    kernel_name : str
        Jupyter kernel to start.
    cwd : str or Path
        Working directory of the kernel (the notebooks' folder, as papermill would use).
    """

    RESET_CODE = (
        "get_ipython().run_line_magic('reset', '-f')\n"
        "import matplotlib.pyplot as _rt_plt, warnings as _rt_warnings\n"
        "_rt_plt.close('all')\n"
        "# adding a filter (this one repeats the default for UserWarning) forgets which warnings were shown\n"
        "_rt_warnings.simplefilter('default', UserWarning, append=True)\n"
        "del _rt_plt, _rt_warnings\n"
    )

    def __init__(self, kernel_name: str = "python3", cwd: str | Path = "."):
        self.kernel_name = kernel_name
        self.cwd = str(Path(cwd).resolve())
        self.km = _TrackingKernelManager(kernel_name=kernel_name)
        self.executions = 0

    def __enter__(self) -> WarmKernel:
        from jupyter_core.utils import run_sync

        run_sync(self.km.start_kernel)(cwd=self.cwd)
        return self

    def __exit__(self, *exc) -> None:
        from jupyter_core.utils import run_sync

        self._close_clients()
        if self.km.has_kernel:
            run_sync(self.km.shutdown_kernel)(now=True)

    def reset(self) -> None:
        """Clear the kernel's user namespace before the next notebook (restart it if it died)."""
        from jupyter_core.utils import run_sync
        from nbclient import NotebookClient

        if not run_sync(self.km.is_alive)():
            logger.warning("the batch kernel had stopped; starting a new one")
            run_sync(self.km.restart_kernel)(now=True)
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(self.RESET_CODE)])
        try:
            NotebookClient(nb, km=self.km, kernel_name=self.kernel_name, log=logging.getLogger("papermill")).execute()
        finally:
            self._close_clients()

    def execute(self, notebook: Path, executed: Path, parameters: dict) -> None:
        """Reset the kernel and execute ``notebook`` in it with papermill."""
        self.reset()
        try:
            pm.execute_notebook(
                str(notebook), str(executed), parameters=parameters, kernel_name=self.kernel_name,
                progress_bar=False, km=self.km, request_save_on_cell_execute=False,
            )
        finally:
            self._close_clients()
        self.executions += 1

    def _close_clients(self) -> None:
        while self.km.opened:
            self.km.opened.pop().stop_channels()


class EncryptedKernelManager(AsyncKernelManager):
    """A kernel manager that gives the kernel CurveZMQ keys, so code and outputs are encrypted.

    A kernel started over TCP without keys sends everything, personal data included, in plain text
    on the loopback interface, and ipykernel 7 warns about it on every start. jupyter_client
    provisions keys when asked (``transport_encryption="auto"``) and the kernelspec declares
    ``supported_encryption: curve`` (ipykernel's does); where pyzmq lacks CurveZMQ, or the
    kernelspec does not declare it, the kernel starts as before.
    """

    @default("transport_encryption")
    def _default_transport_encryption(self) -> str:
        return "auto" if zmq.has("curve") else "disabled"


class _TrackingKernelManager(EncryptedKernelManager):
    """A kernel manager that remembers the clients opened on it (papermill opens one per notebook),
    so :class:`WarmKernel` can close their channels after each notebook."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.opened: list = []

    def client(self, **kwargs):
        kc = super().client(**kwargs)
        self.opened.append(kc)
        return kc
