"""A JupyterLab server for the browser tests: 127.0.0.1, a free port, a token, its own process group,
its own config/runtime/settings folders, stopped by its own process id.

Also the Chromium launch for Playwright (Debian's ``/usr/bin/chromium``; Playwright's own browser
download is not used) and the skip reasons where either cannot run.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run"]


def chromium_executable() -> str:
    """Debian's Chromium, or skip with the reason."""
    for candidate in ("/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and Path(candidate).exists():
            return candidate
    pytest.skip("Chromium not installed (/usr/bin/chromium); `make browser` installs it with apt-get")


def sync_playwright():
    """Playwright's sync API, or skip with the reason."""
    try:
        from playwright.sync_api import sync_playwright as sp
    except ImportError:
        pytest.skip("playwright not installed; `make setup` installs it (pyproject dev extras)")
    return sp


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class JupyterLab:
    """Start ``jupyter lab`` serving ``root_dir``; use as a context manager.

    Parameters
    ----------
    root_dir : Path
        The folder the server serves (notebooks are opened relative to it).
    home : Path
        Where the server's own config, runtime, settings and workspace folders go.
    env : dict, optional
        Extra environment variables for the server and its kernels.
    """

    def __init__(self, root_dir: Path, home: Path, env: dict | None = None):
        self.root_dir, self.home = Path(root_dir), Path(home)
        self.port, self.token = free_port(), secrets.token_hex(16)
        self.extra_env = dict(env or {})
        self.proc: subprocess.Popen | None = None
        self.log_path = self.home / "jupyterlab.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def lab_url(self, path: str, workspace: str | None = None) -> str:
        where = f"workspaces/{workspace}/tree" if workspace else "tree"
        return f"{self.url}/lab/{where}/{path}?token={self.token}"

    def api(self, path: str, method: str = "GET"):
        req = urllib.request.Request(f"{self.url}/api/{path}", method=method,
                                     headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(req, timeout=10) as resp:
            body = resp.read()
        return json.loads(body) if body else None

    def _settings(self) -> Path:
        settings = self.home / "settings"
        notes = settings / "@jupyterlab" / "apputils-extension"
        notes.mkdir(parents=True, exist_ok=True)
        # no news or update checks (no network), no pop-up asking about them
        (notes / "notification.jupyterlab-settings").write_text(
            json.dumps({"fetchNews": "false", "checkForUpdates": False}), encoding="utf-8")
        tracker = settings / "@jupyterlab" / "notebook-extension"
        tracker.mkdir(parents=True, exist_ok=True)
        # start the notebook's own kernel (python3) without the "Select Kernel" dialog
        (tracker / "tracker.jupyterlab-settings").write_text(json.dumps({"autoStartDefaultKernel": True}),
                                                             encoding="utf-8")
        return settings

    def start(self, timeout: float = 90) -> JupyterLab:
        env = {**os.environ, **self.extra_env,
               "JUPYTER_CONFIG_DIR": str(self.home / "config"), "JUPYTER_RUNTIME_DIR": str(self.home / "runtime"),
               "IPYTHONDIR": str(self.home / "ipython"), "JUPYTER_DATA_DIR": str(self.home / "data"),
               "JUPYTER_PLATFORM_DIRS": "1"}
        cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1",
               f"--ServerApp.port={self.port}", "--ServerApp.port_retries=0",
               f"--IdentityProvider.token={self.token}", f"--ServerApp.root_dir={self.root_dir}",
               f"--LabApp.user_settings_dir={self._settings()}",
               f"--LabApp.workspaces_dir={self.home / 'workspaces'}", "--LabApp.extension_manager=readonly",
               "--ServerApp.terminals_enabled=False"]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            cmd.append("--allow-root")  # CI and this machine run as root
        log = self.log_path.open("w", encoding="utf-8")
        self.proc = subprocess.Popen(cmd, cwd=self.root_dir, env=env, stdout=log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, start_new_session=True)
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"JupyterLab exited with {self.proc.returncode}:\n{self.log_text()[-3000:]}")
            try:
                self.api("status")
                return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"JupyterLab did not answer on {self.url} within {timeout:.0f} s:\n{self.log_text()[-3000:]}")

    def log_text(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace") if self.log_path.exists() else ""

    def stop(self) -> None:
        """Shut the kernels down through the API, then stop the server by its own process id."""
        if self.proc is None or self.proc.poll() is not None:
            return
        try:
            for kernel in self.api("kernels") or []:
                self.api(f"kernels/{kernel['id']}", method="DELETE")
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            pass
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)  # the group is the server's own (start_new_session)
            self.proc.wait(timeout=10)

    def __enter__(self) -> JupyterLab:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
