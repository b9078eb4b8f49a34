"""Kernels started by ``review-tools run`` talk to it over CurveZMQ-encrypted sockets.

Interview and social-report text passes through the kernels; without keys ipykernel sends it in
plain text over TCP and warns "Kernel is running over TCP without encryption" on every start, which
``review-tools run`` printed once per stage.
"""

from __future__ import annotations

import nbformat
import papermill as pm
import pytest
import zmq
from jupyter_client.manager import AsyncKernelManager

from review_tools.kernels import EncryptedKernelManager, WarmKernel

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not zmq.has("curve"), reason="this pyzmq has no CurveZMQ support")]

WARNING = "without encryption"


def _run(tmp_path, manager_class):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print(6 * 7)")])
    src = tmp_path / "in.ipynb"
    nbformat.write(nb, src)
    out = pm.execute_notebook(str(src), str(tmp_path / "out.ipynb"), kernel_name="python3", progress_bar=False,
                              kernel_manager_class=manager_class)
    return out.cells[0].outputs[0]["text"]


def test_a_run_kernel_is_encrypted_and_says_nothing_about_plain_text(tmp_path, capfd):
    capfd.readouterr()
    assert _run(tmp_path, EncryptedKernelManager) == "42\n"
    assert WARNING not in capfd.readouterr().err


def test_the_default_manager_would_warn_so_the_check_above_can_fail(tmp_path, capfd):
    capfd.readouterr()
    assert _run(tmp_path, AsyncKernelManager) == "42\n"
    assert WARNING in capfd.readouterr().err


def test_the_warm_batch_kernel_is_given_keys(tmp_path, capfd):
    capfd.readouterr()
    with WarmKernel(cwd=tmp_path) as kernel:
        info = kernel.km.get_connection_info()
        assert info.get("curve_publickey") and info.get("curve_secretkey")
        kernel.reset()
    assert WARNING not in capfd.readouterr().err
