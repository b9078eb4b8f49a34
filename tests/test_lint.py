"""The code stays ruff-clean (the project's lint rules are in pyproject.toml)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT


@pytest.mark.slow
def test_ruff_reports_no_problems():
    ruff = shutil.which("ruff") or str(Path(sys.executable).parent / "ruff")
    if not Path(ruff).exists():
        pytest.skip("ruff is not installed (pip install -e '.[dev]')")
    proc = subprocess.run([ruff, "check", "--no-cache", str(ROOT)], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stdout[-3000:]


def test_no_module_switches_the_matplotlib_backend():
    """``matplotlib.use(...)`` at import turns inline figures off for every later cell of a kernel."""
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "src").rglob("*.py")
                 if "matplotlib.use(" in p.read_text(encoding="utf-8") or "pyplot.switch_backend(" in
                 p.read_text(encoding="utf-8")]
    assert offenders == []
